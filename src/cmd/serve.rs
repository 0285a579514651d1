//! `manabi serve`: builds the site in memory, serves it on one port, and
//! rebuilds and reloads the browser on every save. The work is in
//! [`crate::serve`]; this module only maps flags to [`ServeOptions`].

use std::net::IpAddr;
use std::time::Duration;

use clap::Args;

use super::{SiteArgs, EXIT_OK};
use crate::serve::{self, bind::parse_bind, ServeOptions};

/// Arguments of `manabi serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Port to listen on; when it is busy the next ones are tried (up to
    /// 10). 0 picks a free port.
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Address to listen on. Anything but loopback makes the preview
    /// visible to other machines.
    #[arg(long, default_value = "127.0.0.1", value_parser = parse_bind)]
    pub bind: IpAddr,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Poll for changes instead of waiting for file-system events (network
    /// drives, some containers and virtual machines).
    #[arg(long)]
    pub poll: bool,
    /// Also answer requests for this host name (repeatable; `.example.test`
    /// allows its subdomains). localhost and IP addresses are always
    /// answered; other names are refused, against DNS rebinding.
    #[arg(long = "allow-host", value_name = "NAME")]
    pub allow_hosts: Vec<String>,
    /// Close a connection that has not sent a whole request head within
    /// this many milliseconds, idle keep-alive connections included (for
    /// tests; the default is 10 seconds).
    #[arg(long, hide = true, default_value_t = 10_000)]
    pub idle_timeout_ms: u64,
}

/// Serves until Ctrl-C; returns the exit code.
pub fn run(args: &ServeArgs, quiet: bool) -> anyhow::Result<u8> {
    let opts = ServeOptions {
        root: args.site.root.clone(),
        bind: args.bind,
        port: args.port,
        drafts: args.site.drafts,
        open: args.open,
        poll: args.poll,
        quiet,
        allow_hosts: args.allow_hosts.clone(),
        idle_timeout: Duration::from_millis(args.idle_timeout_ms.max(1)),
    };
    serve::run(&opts)?;
    Ok(EXIT_OK)
}

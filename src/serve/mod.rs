//! `manabi serve`: a preview server that rebuilds on every save and
//! reloads the browser. Four stages, one module each:
//!
//! 1. [`watch`]: notify + debouncer (or polling) → batches of raw events;
//! 2. [`classify`]: pure, batch → [`classify::Changes`] (editor save dances
//!    folded, temp files and the output folder ignored);
//! 3. [`rebuild`]: changes → a new build in memory ([`store::SiteFiles`]),
//!    diffed against the last one → a [`live::Message`] for the browsers;
//! 4. [`http`]: serves the current build and the live-reload stream
//!    ([`live`]) on one port, with sanitised paths ([`request_path`]),
//!    only to requests naming this machine ([`host`]), closing
//!    connections that send no request within the idle timeout.
//!
//! The site is built with `base_url` set to the server's own URL, so every
//! link works locally. Nothing is written to disk: not `public/`, not
//! anything else.

pub mod bind;
pub mod classify;
pub mod host;
pub mod http;
pub mod live;
pub mod rebuild;
pub mod request_path;
pub mod store;
pub mod watch;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::{mpsc, Arc};
use std::time::Duration;

use anyhow::Context as _;

use crate::pipeline::BuildOptions;
use live::Hub;
use rebuild::{FullRebuild, Rebuilder};
use store::Served;
use watch::{SiteWatcher, WatchOptions};

/// Quiet time after the last file event before a rebuild starts: long
/// enough to see an editor's whole save dance as one batch.
pub const DEBOUNCE: Duration = Duration::from_millis(100);

/// What `manabi serve` was asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site root.
    pub root: PathBuf,
    /// Address to listen on (loopback unless asked otherwise).
    pub bind: IpAddr,
    /// First port to try; 0 lets the system pick.
    pub port: u16,
    /// Include draft notes.
    pub drafts: bool,
    /// Open the site in the default browser once it is served.
    pub open: bool,
    /// Poll the file system instead of waiting for its events.
    pub poll: bool,
    /// Print only problems and the URL.
    pub quiet: bool,
    /// Host names answered besides localhost and IP addresses.
    pub allow_hosts: Vec<String>,
    /// How long a connection may take to send a request head, waiting
    /// between requests included.
    pub idle_timeout: Duration,
}

/// What the HTTP side and the rebuilder share: the build being served and
/// the live-reload connections.
#[derive(Default)]
pub struct App {
    pub site: Served,
    pub hub: Hub,
    /// The `Host` names requests may carry.
    pub hosts: host::AllowedHosts,
}

/// Builds, serves and rebuilds until Ctrl-C. Mistakes in the site do not
/// stop it (they are shown until fixed); I/O failures do.
pub fn run(opts: &ServeOptions) -> anyhow::Result<()> {
    let root = opts
        .root
        .canonicalize()
        .with_context(|| format!("cannot open {}", opts.root.display()))?;
    let listener = bind::bind(opts.bind, opts.port)?;
    let addr = listener.local_addr()?;
    let url = bind::site_url(addr);
    let app = Arc::new(App {
        hosts: host::AllowedHosts::new(&opts.allow_hosts),
        ..App::default()
    });
    let (batches, received) = mpsc::channel();
    let watch = WatchOptions {
        root,
        poll: opts.poll,
        debounce: DEBOUNCE,
    };
    let watcher =
        SiteWatcher::start(&watch, batches).context("cannot watch the site for changes")?;
    let build = BuildOptions {
        root: opts.root.clone(),
        base_url: Some(url.clone()),
        drafts: opts.drafts,
        live_reload: true,
    };
    let mut rebuilder = Rebuilder::new(FullRebuild::new(build), app.clone(), opts.quiet);
    rebuilder.first_build()?;
    announce(addr, &url, opts.poll);
    if opts.open {
        open_browser(&url);
    }
    std::thread::Builder::new()
        .name("manabi-rebuild".into())
        .spawn(move || rebuilder.run(&received, watcher))
        .context("cannot start the rebuild thread")?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(http::serve(listener, app, opts.idle_timeout))?;
    runtime.shutdown_timeout(Duration::from_millis(200));
    Ok(())
}

fn announce(addr: SocketAddr, url: &str, poll: bool) {
    if !addr.ip().is_loopback() {
        eprintln!(
            "warning: listening on {addr}: other machines on your network can see this preview\n  \
             hint: leave out --bind to listen on 127.0.0.1 only"
        );
    }
    let how = if poll {
        "polling for changes"
    } else {
        "watching for changes"
    };
    eprintln!("serving {url} ({how}; Ctrl-C to stop)");
}

/// Opens `url` with the platform's opener; failing to is only a warning.
fn open_browser(url: &str) {
    let (program, args): (&str, &[&str]) = if cfg!(target_os = "macos") {
        ("open", &[])
    } else if cfg!(windows) {
        ("cmd", &["/C", "start", ""])
    } else {
        ("xdg-open", &[])
    };
    let spawned = std::process::Command::new(program)
        .args(args)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Err(e) = spawned {
        eprintln!("warning: cannot open a browser ({program}: {e}); open {url} yourself");
    }
}

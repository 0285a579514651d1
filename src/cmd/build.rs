//! `manabi build`: renders the site into the output folder (staged, so a
//! failed build leaves the previous output untouched; locked, so a second
//! build of the same folder waits for the first).

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use super::{print_diagnostics, summary_line, SiteArgs, EXIT_ERRORS, EXIT_OK};
use crate::content::display_root;
use crate::output::{LockWait, DEFAULT_LOCK_WAIT};
use crate::pipeline::{self, BuildOptions};
use crate::timings;

/// Arguments of `manabi build`.
#[derive(Debug, Clone, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Output folder (default: `public` in the site folder).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Override `base_url` from site.yaml (e.g. for a preview deploy).
    #[arg(long)]
    pub base_url: Option<String>,
    /// How long to wait for another build of the same output folder to
    /// finish before giving up (0: give up at once).
    #[arg(long, value_name = "SECONDS", default_value_t = DEFAULT_LOCK_WAIT.as_secs())]
    pub wait: u64,
    /// Print how long each stage took (load, Markdown, site graph, pages,
    /// search index, quiz bank, files) and the time spent writing.
    #[arg(long)]
    pub timings: bool,
}

/// Runs the build; returns the exit code.
pub fn run(args: &BuildArgs, quiet: bool) -> anyhow::Result<u8> {
    let opts = BuildOptions {
        root: args.site.root.clone(),
        base_url: args.base_url.clone(),
        drafts: args.site.drafts,
        live_reload: false,
    };
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| display_root(&args.site.root).join("public"));
    let tell = || {
        if !quiet {
            eprintln!("waiting for another build of {} ...", out.display());
        }
    };
    let wait = LockWait {
        timeout: Duration::from_secs(args.wait),
        on_wait: &tell,
    };
    let outcome = pipeline::build_to_dir_with(&opts, &out, &wait)?;
    print_diagnostics(&outcome.diagnostics);
    match &outcome.summary {
        Some(s) => {
            if !quiet {
                eprintln!("{}", summary_line("built", s, &outcome));
            }
            if args.timings {
                let table = timings::report(&outcome.stages, outcome.writing, outcome.elapsed);
                eprint!("{table}");
            }
            Ok(EXIT_OK)
        }
        None => {
            eprintln!("build failed; {} was left as it was", out.display());
            Ok(EXIT_ERRORS)
        }
    }
}

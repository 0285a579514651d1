//! `manabi check`: everything `build` validates (front-matter, links,
//! templates), with every problem listed and nothing written.

use clap::Args;

use super::{print_diagnostics, summary_line, SiteArgs, EXIT_ERRORS, EXIT_OK};
use crate::output::NullOutput;
use crate::pipeline::{self, BuildOptions};

/// Arguments of `manabi check`.
#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
}

/// Runs the checks; returns the exit code.
pub fn run(args: &CheckArgs, quiet: bool) -> anyhow::Result<u8> {
    let opts = BuildOptions {
        root: args.site.root.clone(),
        base_url: None,
        drafts: args.site.drafts,
        live_reload: false,
    };
    let outcome = pipeline::run(&opts, &NullOutput)?;
    print_diagnostics(&outcome.diagnostics);
    match &outcome.summary {
        Some(s) => {
            if !quiet {
                let warnings = outcome.diagnostics.len();
                eprintln!(
                    "{}; {warnings} warning{}",
                    summary_line("checked", s, &outcome),
                    if warnings == 1 { "" } else { "s" }
                );
            }
            Ok(EXIT_OK)
        }
        None => Ok(EXIT_ERRORS),
    }
}

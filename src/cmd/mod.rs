//! Subcommands: one module each, with an `*Args` struct (clap) and one
//! `run` entry point returning the process exit code. Shared reporting of
//! diagnostics and summaries lives here.

pub mod build;
pub mod check;
pub mod export;
pub mod init;
pub mod new;
pub mod serve;

use std::io::Write as _;
use std::path::PathBuf;

use clap::Args;

use crate::diagnostics::Diagnostic;
use crate::pipeline::{Outcome, Summary};

/// Options every command that reads a site shares.
#[derive(Debug, Clone, Args)]
pub struct SiteArgs {
    /// The site folder (with `site.yaml` and `content/`).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Include notes marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}

/// Process exit codes (see [`EXIT_CODES_HELP`]).
pub const EXIT_OK: u8 = 0;
pub const EXIT_ERRORS: u8 = 1;
pub const EXIT_TROUBLE: u8 = 2;

/// The exit codes as `manabi --help` ends with them; the README lists the
/// same lines.
pub const EXIT_CODES_HELP: &str = "\
Exit status:
  0  success (warnings do not fail)
  1  errors in notes, site.yaml or templates, each listed at its file, line and column
  2  usage and I/O errors: a bad flag, a file that cannot be read or written, an output
     folder or file manabi refuses to replace, another build holding the output folder";

/// Prints every diagnostic to stderr, then a count line if there were any.
pub fn print_diagnostics(diagnostics: &[Diagnostic]) {
    let mut err = std::io::stderr().lock();
    for d in diagnostics {
        let _ = writeln!(err, "{d}");
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    if errors > 0 {
        let _ = writeln!(
            err,
            "{errors} error{}, {warnings} warning{}",
            plural(errors),
            plural(warnings)
        );
    }
}

/// `built 10 notes, 1 section, 7 tags in 38 ms`.
pub fn summary_line(verb: &str, s: &Summary, outcome: &Outcome) -> String {
    format!(
        "{verb} {} note{}, {} section{}, {} tag{} in {} ms",
        s.notes,
        plural(s.notes),
        s.sections,
        plural(s.sections),
        s.terms,
        plural(s.terms),
        outcome.elapsed.as_millis()
    )
}

/// `""` for one, `"s"` otherwise (English counts in terminal messages).
pub(crate) fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

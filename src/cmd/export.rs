//! `manabi export quiz --format json|anki|gift [--out FILE]`: the question
//! bank for other tools, on stdout or into a file. Reads and validates the
//! site like `check`; writes nothing into the site.

use std::io::Write as _;
use std::path::PathBuf;

use anyhow::Context as _;
use clap::{Args, Subcommand, ValueEnum};

use super::{print_diagnostics, SiteArgs, EXIT_ERRORS, EXIT_OK};
use crate::pipeline::{self, BuildOptions};
use crate::quiz::export::{self, Format};

/// Arguments of `manabi export`.
#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    #[command(subcommand)]
    pub what: ExportWhat,
}

/// What to export.
#[derive(Debug, Clone, Subcommand)]
pub enum ExportWhat {
    /// The question bank (every quiz of every note).
    Quiz(QuizExportArgs),
}

/// Arguments of `manabi export quiz`.
#[derive(Debug, Clone, Args)]
pub struct QuizExportArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// json (every question, in the shape of docs/quiz.md), anki (tab-separated notes for
    /// Anki's text import) or gift (Moodle).
    #[arg(long, value_enum, default_value = "json")]
    pub format: ExportFormat,
    /// Write to this file instead of stdout.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Json,
    Anki,
    Gift,
}

impl From<ExportFormat> for Format {
    fn from(f: ExportFormat) -> Format {
        match f {
            ExportFormat::Json => Format::Json,
            ExportFormat::Anki => Format::Anki,
            ExportFormat::Gift => Format::Gift,
        }
    }
}

/// Runs the export; returns the exit code.
pub fn run(args: &ExportArgs, quiet: bool) -> anyhow::Result<u8> {
    match &args.what {
        ExportWhat::Quiz(a) => quiz(a, quiet),
    }
}

fn quiz(args: &QuizExportArgs, quiet: bool) -> anyhow::Result<u8> {
    let opts = BuildOptions {
        root: args.site.root.clone(),
        base_url: None,
        drafts: args.site.drafts,
        live_reload: false,
    };
    let (site, diagnostics) = pipeline::load_site(&opts)?;
    print_diagnostics(&diagnostics);
    let Some(site) = site else {
        eprintln!("export failed: fix the errors above first");
        return Ok(EXIT_ERRORS);
    };
    let text = export::export(&site, args.format.into());
    match &args.out {
        Some(path) => std::fs::write(path, &text)
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => std::io::stdout()
            .lock()
            .write_all(text.as_bytes())
            .context("cannot write to stdout")?,
    }
    if !quiet {
        let n = site.quiz.len();
        let to = args
            .out
            .as_ref()
            .map_or("stdout".to_string(), |p| p.display().to_string());
        eprintln!(
            "exported {n} question{} to {to}",
            if n == 1 { "" } else { "s" }
        );
    }
    Ok(EXIT_OK)
}

//! `manabi export quiz --format json|anki|gift [--out FILE]`: the question
//! bank for other tools, on stdout or into a file. Reads and validates the
//! site like `check`; writes nothing into the site's sources, and replaces
//! only an earlier export (or, with `--force`, any file).

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};
use clap::{Args, Subcommand, ValueEnum};

use super::{print_diagnostics, SiteArgs, EXIT_ERRORS, EXIT_OK};
use crate::output::canonical_path;
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
    /// Write to this file instead of stdout. A file that is not an earlier
    /// export is not replaced without --force; files inside content/,
    /// static/, templates/ or themes/ never are.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Replace the --out file even if it is not an earlier export.
    #[arg(long, requires = "out")]
    pub force: bool,
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
    // Refused before the site is read: nothing is worth overwriting a note.
    let target = match &args.out {
        Some(out) => Some(export_target(&args.site.root, out, args.force)?),
        None => None,
    };
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
    match &target {
        Some(path) => write_replacing(path, text.as_bytes())?,
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

/// The file `--out` writes (a link's target), refusing one inside the
/// site's sources and, without `force`, one that is not an earlier export.
fn export_target(root: &Path, out: &Path, force: bool) -> anyhow::Result<PathBuf> {
    let real = canonical_path(out)?;
    if let Some(dir) = pipeline::source_folder_of(root, &real) {
        bail!(
            "refusing to write the export to {}: it is inside the site's {dir}/ folder\n  \
             hint: write it outside the site's sources, e.g. --out quiz.json",
            out.display()
        );
    }
    let existing = match fs::metadata(&real) {
        Ok(meta) if meta.is_dir() => bail!("{} is a folder, not a file", out.display()),
        Ok(_) => fs::read(&real).with_context(|| format!("cannot read {}", out.display()))?,
        Err(_) => return Ok(real),
    };
    if !force && !export::is_export(&existing) {
        bail!(
            "refusing to overwrite {}: it is not an earlier export of manabi\n  \
             hint: choose another file, or pass --force to replace it",
            out.display()
        );
    }
    Ok(real)
}

/// Writes `path` whole or not at all: a temporary file beside it, renamed
/// over it.
fn write_replacing(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let temp = crate::output::sibling(path, "export");
    let written = fs::write(&temp, bytes).and_then(|()| fs::rename(&temp, path));
    if written.is_err() {
        let _ = fs::remove_file(&temp);
    }
    written.with_context(|| format!("cannot write {}", path.display()))
}

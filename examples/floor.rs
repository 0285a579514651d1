//! The performance floor for `manabi build`.
//!
//! ```text
//! cargo run --release --example floor -- --root DIR --out OUT
//! ```
//!
//! Walks `DIR/content`, reads every `.md`, strips the YAML front-matter by hand
//! (no YAML parsing), renders the body with pulldown-cmark using the same
//! extensions manabi enables, and writes `OUT/<relative path without .md>/index.html`
//! (`_index.md` and `index.md` map to their folder's `index.html`). Parallel with
//! rayon. No templates, no link resolution, no highlighting, no search index:
//! it is the lower bound a real build cannot beat.
//!
//! Prints the number of files and the elapsed milliseconds.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use pulldown_cmark::{html, Options, Parser};
use rayon::prelude::*;
use walkdir::WalkDir;

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_GFM
        | Options::ENABLE_WIKILINKS
}

/// The body after a leading `---\n` … `---` front-matter block (or the whole
/// text when there is none).
fn strip_front_matter(text: &str) -> &str {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return text;
    };
    let mut pos = 0;
    for line in rest.split_inclusive('\n') {
        pos += line.len();
        if line.trim_end_matches(['\n', '\r']) == "---" {
            return &rest[pos..];
        }
    }
    text // unterminated: treat it all as body
}

fn out_path(out: &Path, rel: &Path) -> PathBuf {
    let stem = rel.file_stem().unwrap_or_default();
    let parent = rel.parent().unwrap_or(Path::new(""));
    let dir = if stem == "_index" || stem == "index" {
        out.join(parent)
    } else {
        out.join(parent).join(stem)
    };
    dir.join("index.html")
}

fn render_one(content: &Path, out: &Path, path: &Path) -> Result<usize, String> {
    let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let body = strip_front_matter(&text);
    let mut html_out = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut html_out, Parser::new_ext(body, options()));
    let rel = path.strip_prefix(content).map_err(|e| e.to_string())?;
    let dest = out_path(out, rel);
    if let Some(dir) = dest.parent() {
        fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    fs::write(&dest, &html_out).map_err(|e| format!("{}: {e}", dest.display()))?;
    Ok(html_out.len())
}

fn run() -> Result<(), String> {
    let mut root = None;
    let mut out = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--root" => root = args.next().map(PathBuf::from),
            "--out" => out = args.next().map(PathBuf::from),
            other => {
                return Err(format!(
                    "unknown argument {other:?}\nusage: floor --root DIR --out OUT"
                ))
            }
        }
    }
    let (Some(root), Some(out)) = (root, out) else {
        return Err("usage: floor --root DIR --out OUT".into());
    };
    let start = Instant::now();
    let content = root.join("content");
    let mut files = Vec::new();
    for entry in WalkDir::new(&content).sort_by_file_name() {
        let entry = entry.map_err(|e| e.to_string())?;
        if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "md") {
            files.push(entry.into_path());
        }
    }
    let bytes: usize = files
        .par_iter()
        .map(|p| render_one(&content, &out, p))
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .sum();
    println!(
        "floor: {} files, {:.1} MiB html, {} ms",
        files.len(),
        bytes as f64 / 1048576.0,
        start.elapsed().as_millis()
    );
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("floor: {e}");
            ExitCode::FAILURE
        }
    }
}

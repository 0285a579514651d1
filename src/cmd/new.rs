//! `manabi new "キーワード"`: creates a note file with front-matter filled in.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};
use clap::Args;

use super::EXIT_OK;
use crate::content::date::Date;
use crate::content::CONTENT_DIR;

/// Arguments of `manabi new`.
#[derive(Debug, Clone, Args)]
pub struct NewArgs {
    /// The keyword (the note's title).
    pub title: String,
    /// Section folder under `content/` (created if missing).
    #[arg(long)]
    pub section: Option<String>,
    /// File name stem (default: the title, spaces as `-`; Japanese is kept).
    #[arg(long)]
    pub slug: Option<String>,
    /// The site folder.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

/// Creates the note; refuses to overwrite an existing file.
pub fn run(args: &NewArgs, quiet: bool) -> anyhow::Result<u8> {
    let title = args.title.trim();
    if title.is_empty() {
        bail!("the keyword is empty");
    }
    let slug = args.slug.clone().unwrap_or_else(|| file_stem(title));
    if slug.is_empty() || slug.starts_with('.') {
        bail!("cannot make a file name from `{title}`; pass one with --slug");
    }
    let dir = note_dir(&args.root, args.section.as_deref())?;
    let path = dir.join(format!("{slug}.md"));
    if path.exists() {
        bail!("{} already exists", path.display());
    }
    fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    fs::write(&path, template(title, &Date::today().ymd()))
        .with_context(|| format!("cannot write {}", path.display()))?;
    if !quiet {
        eprintln!("created {}", path.display());
    }
    Ok(EXIT_OK)
}

fn note_dir(root: &Path, section: Option<&str>) -> anyhow::Result<PathBuf> {
    let content = root.join(CONTENT_DIR);
    let Some(section) = section
        .map(|s| s.trim_matches('/'))
        .filter(|s| !s.is_empty())
    else {
        return Ok(content);
    };
    if section
        .split('/')
        .any(|seg| seg.is_empty() || seg == "." || seg == ".." || seg.starts_with('.'))
    {
        bail!("--section must be a folder path inside content/, e.g. `genai/models`");
    }
    Ok(content.join(section))
}

/// A file stem from a title: whitespace becomes `-`, characters that break
/// file names or URLs are dropped, everything else (Japanese too) is kept.
pub fn file_stem(title: &str) -> String {
    title
        .split_whitespace()
        .map(|w| {
            w.chars()
                .filter(|c| !"/\\?#%*:|\"<>".contains(*c))
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

fn template(title: &str, today: &str) -> String {
    let title = yaml_quote(title);
    format!(
        "---\ntitle: {title}\n# reading: よみがな（五十音順の並べ替えに使います）\ndate: {today}\nsummary: []\ntags: []\nsources: []\n---\n\n## 概要\n\n"
    )
}

/// Quotes a YAML scalar when it would not read back as the same string.
fn yaml_quote(s: &str) -> String {
    let plain = !s.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c))
        && !s.contains(": ")
        && !s.contains(" #")
        && matches!(serde_yaml::from_str::<serde_yaml::Value>(s), Ok(serde_yaml::Value::String(v)) if v == s);
    if plain {
        s.to_string()
    } else {
        format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_keep_japanese() {
        assert_eq!(file_stem("オープン ウェイト"), "オープン-ウェイト");
        assert_eq!(file_stem("TCP/IP: 基礎"), "TCPIP-基礎");
    }

    #[test]
    fn template_round_trips_titles() {
        for t in ["量子化", "yes", "a: b", "#tag", "2024", "\"q\""] {
            let src = template(t, "2024-05-26");
            let yaml = src.split("---\n").nth(1).unwrap();
            let v: serde_yaml::Value = serde_yaml::from_str(yaml).unwrap();
            let title = v["title"]
                .as_str()
                .map(str::to_string)
                .unwrap_or_else(|| format!("{:?}", v["title"]));
            assert_eq!(title, t, "{src}");
        }
    }
}

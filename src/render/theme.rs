//! Theme lookup: the built-in default theme compiled into the binary, the
//! site's `themes/<theme>/` and its own `templates/`, layered so a later file
//! replaces a same-named earlier one. Reads files; writes nothing.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::content::display_root;

use anyhow::Context as _;

use crate::diagnostics::{Diagnostic, Pos};

include!(concat!(env!("OUT_DIR"), "/builtin_theme.rs"));

/// Shown as the folder of built-in theme files in diagnostics.
pub(crate) const BUILTIN_PREFIX: &str = "<built-in>";

/// One template as loaded: where it came from (for diagnostics) and its text.
#[derive(Debug, Clone)]
pub(crate) struct TemplateFile {
    pub path: PathBuf,
    pub source: String,
}

/// The built-in default theme as (theme-relative path, bytes), sorted by
/// path, e.g. `("templates/note.html", …)`, `("static/css/style.css", …)`.
pub fn builtin_theme_files() -> &'static [(&'static str, &'static [u8])] {
    BUILTIN_THEME
}

/// One built-in file by theme-relative path (`i18n.yaml`, `templates/…`).
pub(crate) fn builtin_file(name: &str) -> Option<&'static [u8]> {
    BUILTIN_THEME
        .binary_search_by(|(n, _)| (*n).cmp(name))
        .ok()
        .map(|i| BUILTIN_THEME[i].1)
}

/// `<root>/themes/<theme>` if it exists. `default` may be absent (the
/// built-in copy is used); any other missing theme is an error on site.yaml.
pub(crate) fn theme_dir(root: &Path, theme: &str) -> Result<Option<PathBuf>, Vec<Diagnostic>> {
    let dir = root.join("themes").join(theme);
    if dir.is_dir() {
        return Ok(Some(dir));
    }
    if theme == "default" {
        return Ok(None);
    }
    let hint = format!("available themes: {}", available_themes(root).join(", "));
    let message = format!("theme `{theme}` not found: there is no folder `themes/{theme}/`");
    Err(vec![Diagnostic::error(
        display_root(root).join("site.yaml"),
        Pos::START,
        message,
    )
    .with_hint(hint)])
}

/// `default` plus every folder under `<root>/themes/`, sorted.
fn available_themes(root: &Path) -> Vec<String> {
    let mut names = vec!["default".to_string()];
    if let Ok(entries) = fs::read_dir(root.join("themes")) {
        for entry in entries.flatten() {
            if entry.path().is_dir() {
                names.push(entry.file_name().to_string_lossy().into_owned());
            }
        }
    }
    names.sort();
    names.dedup();
    names
}

/// Every template by name (`partials/note_card.html`): built-in, then the
/// theme folder's `templates/`, then the site's `templates/`.
pub(crate) fn load_templates(
    root: &Path,
    theme_dir: Option<&Path>,
) -> Result<BTreeMap<String, TemplateFile>, Vec<Diagnostic>> {
    let mut templates = builtin_templates();
    let mut problems = Vec::new();
    if let Some(dir) = theme_dir {
        let shown = display_root(root)
            .join(dir.strip_prefix(root).unwrap_or(dir))
            .join("templates");
        load_layer(
            &dir.join("templates"),
            &shown,
            &mut templates,
            &mut problems,
        );
    }
    load_layer(
        &root.join("templates"),
        &display_root(root).join("templates"),
        &mut templates,
        &mut problems,
    );
    if problems.is_empty() {
        Ok(templates)
    } else {
        Err(problems)
    }
}

fn builtin_templates() -> BTreeMap<String, TemplateFile> {
    BUILTIN_THEME
        .iter()
        .filter_map(|(path, bytes)| {
            let name = path.strip_prefix("templates/")?;
            let file = TemplateFile {
                path: Path::new(BUILTIN_PREFIX).join(path),
                source: String::from_utf8_lossy(bytes).into_owned(),
            };
            Some((name.to_string(), file))
        })
        .collect()
}

/// Adds the templates under `dir` (shown in diagnostics as `shown/<name>`).
fn load_layer(
    dir: &Path,
    shown: &Path,
    templates: &mut BTreeMap<String, TemplateFile>,
    problems: &mut Vec<Diagnostic>,
) {
    let files = match walk_files(dir) {
        Ok(files) => files,
        Err(e) => return problems.push(io_problem(shown, &e)),
    };
    for (name, path) in files {
        let shown_path = shown.join(&name);
        match fs::read(&path).map(String::from_utf8) {
            Ok(Ok(source)) => {
                templates.insert(
                    name,
                    TemplateFile {
                        path: shown_path,
                        source,
                    },
                );
            }
            Ok(Err(_)) => problems.push(Diagnostic::error(
                shown_path,
                Pos::START,
                "template is not valid UTF-8",
            )),
            Err(e) => problems.push(io_problem(&shown_path, &e)),
        }
    }
}

fn io_problem(path: &Path, e: &io::Error) -> Diagnostic {
    Diagnostic::error(path, Pos::START, format!("cannot read: {e}"))
}

/// Static files of the theme: the built-in default's `static/`, overridden
/// and extended file by file by `<root>/themes/<theme>/static/`, as
/// (relative path, bytes) sorted by path. The site's own `static/` is
/// handled elsewhere.
pub fn theme_static_files(root: &Path, theme: &str) -> anyhow::Result<Vec<(PathBuf, Vec<u8>)>> {
    let mut files: BTreeMap<String, Vec<u8>> = BUILTIN_THEME
        .iter()
        .filter_map(|(path, bytes)| {
            Some((path.strip_prefix("static/")?.to_string(), bytes.to_vec()))
        })
        .collect();
    let dir = root.join("themes").join(theme).join("static");
    let listed = walk_files(&dir).with_context(|| format!("listing {}", dir.display()))?;
    for (name, path) in listed {
        let bytes = fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        files.insert(name, bytes);
    }
    Ok(files
        .into_iter()
        .map(|(name, bytes)| (PathBuf::from(name), bytes))
        .collect())
}

/// Every regular file below `dir` as (`/`-separated relative name, path),
/// sorted by name, skipping hidden files and editor backups. A missing
/// folder has no files.
pub(crate) fn walk_files(dir: &Path) -> io::Result<Vec<(String, PathBuf)>> {
    let mut files = Vec::new();
    if dir.is_dir() {
        walk_into(dir, "", &mut files)?;
    }
    files.sort();
    Ok(files)
}

fn walk_into(dir: &Path, prefix: &str, files: &mut Vec<(String, PathBuf)>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if file_name.starts_with('.') || file_name.ends_with('~') {
            continue;
        }
        let name = format!("{prefix}{file_name}");
        let path = entry.path();
        if path.is_dir() {
            walk_into(&path, &format!("{name}/"), files)?;
        } else if path.is_file() {
            files.push((name, path));
        }
    }
    Ok(())
}

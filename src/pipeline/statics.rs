//! Static files of a build, and what they must not replace. The theme's
//! `static/`, the site's `static/` and the content assets are layered (a
//! later one wins for the same path, by design); a static file where the
//! build writes a page, a feed, the question bank or the search index is
//! an error naming both, found by the output [`Ledger`].

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::content::{self, HiddenFolders};
use crate::diagnostics::{Diagnostic, Pos};
use crate::output::{Clash, Output};
use crate::pages;
use crate::render::theme_static_files;
use crate::site::Site;

/// The site's folder of files copied as they are.
const STATIC_DIR: &str = "static";

/// The static files of one build, by output path, and the file each one
/// comes from as the user sees it (for messages).
pub struct StaticFiles {
    theme: BTreeMap<String, Vec<u8>>,
    copies: BTreeMap<String, PathBuf>,
    sources: HashMap<String, PathBuf>,
    /// Warnings of the walk of `static/` (links, names not UTF-8).
    pub skipped: Vec<Diagnostic>,
}

impl StaticFiles {
    /// Theme static < site `static/` < content assets.
    pub fn collect(site: &Site, root: &Path) -> anyhow::Result<StaticFiles> {
        let mut files = StaticFiles {
            theme: BTreeMap::new(),
            copies: BTreeMap::new(),
            sources: HashMap::new(),
            skipped: Vec::new(),
        };
        let theme = &site.config.theme;
        for (rel, bytes) in theme_static_files(root, theme)? {
            let rel = slash_path(&rel);
            files
                .sources
                .insert(rel.clone(), theme_source(root, theme, &rel));
            files.theme.insert(rel, bytes);
        }
        let walked = content::walk_folder(root, STATIC_DIR, HiddenFolders::Walk)?;
        files.skipped = walked.skipped;
        for (rel, from) in walked.files {
            let shown = content::display_root(root).join(STATIC_DIR).join(&rel);
            files.add_copy(rel, from, shown);
        }
        for asset in &site.content.assets {
            let rel = format!("{}{}", pages::owner_url(site, asset.owner), asset.sub);
            let shown = shown(root, &asset.file);
            files.add_copy(rel, asset.file.clone(), shown);
        }
        Ok(files)
    }

    fn add_copy(&mut self, rel: String, from: PathBuf, shown: PathBuf) {
        self.theme.remove(&rel);
        self.sources.insert(rel.clone(), shown);
        self.copies.insert(rel, from);
    }

    /// Writes every file (after the generated ones, so that the ledger
    /// refuses a static file in a generated one's place); returns how many.
    pub fn write(&self, output: &dyn Output) -> anyhow::Result<usize> {
        for (rel, bytes) in &self.theme {
            output.write(rel, bytes)?;
        }
        for (rel, from) in &self.copies {
            output.copy(rel, from)?;
        }
        Ok(self.theme.len() + self.copies.len())
    }

    /// Each clash as an error at the file that loses it: the static file,
    /// or, for two generated outputs, the note or section of the second.
    pub fn clash_diagnostics(
        &self,
        site: &Site,
        root: &Path,
        clashes: &[Clash],
    ) -> Vec<Diagnostic> {
        let refused: HashSet<&str> = clashes.iter().map(|c| c.refused.as_str()).collect();
        clashes
            .iter()
            .map(|c| self.clash_diagnostic(site, root, c, &refused))
            .collect()
    }

    fn clash_diagnostic(
        &self,
        site: &Site,
        root: &Path,
        c: &Clash,
        all_refused: &HashSet<&str>,
    ) -> Diagnostic {
        let (refused, taken) = (c.refused.as_str(), c.taken.as_str());
        // What was written at `taken` is a static file unless the static
        // file there was refused too (then it is a generated one).
        let taken_is = match self.sources.get(taken) {
            Some(file) if !all_refused.contains(taken) => {
                format!("the static file {}", file.display())
            }
            _ => generated(site, taken),
        };
        let (path, hint) = match self.sources.get(refused) {
            Some(file) => (
                file.clone(),
                format!("rename or move it: manabi writes `/{taken}`"),
            ),
            None => (
                page_source(site, refused).unwrap_or_else(|| content_dir(root)),
                "give one of them another `slug` or folder name".to_string(),
            ),
        };
        let me = format!("`{}`", path.display());
        let msg = if refused == taken {
            format!("{me} would replace {taken_is} `/{taken}`")
        } else if taken.starts_with(&format!("{refused}/")) {
            format!(
                "{me} would be the file `/{refused}`, where {taken_is} `/{taken}` needs a folder"
            )
        } else {
            format!("{me} would be written inside `/{taken}/`, but {taken_is} `/{taken}` is a file")
        };
        Diagnostic::error(path, Pos::START, msg).with_hint(hint)
    }
}

/// What a generated output path is, for messages: `the home page`, `the
/// page of content/a/b.md`, `the generated file`.
fn generated(site: &Site, path: &str) -> String {
    if path == "index.html" {
        return "the home page".into();
    }
    match page_source(site, path) {
        Some(file) => format!("the page of {}", file.display()),
        None if path.ends_with("/index.html") => "the generated page".into(),
        None => "the generated file".into(),
    }
}

/// The note or section whose page `path` is.
fn page_source(site: &Site, path: &str) -> Option<PathBuf> {
    let url = path.strip_suffix("index.html")?;
    if let Some(i) = site.note_urls.iter().position(|u| u == url) {
        return Some(site.notes()[i].path.clone());
    }
    let s = site.section_urls.iter().position(|u| u == url)?;
    Some(site.content.sections[s].path.clone())
}

fn content_dir(root: &Path) -> PathBuf {
    content::display_root(root).join(content::CONTENT_DIR)
}

/// Where a theme's static file comes from: the site's copy of the theme,
/// or the theme built into manabi.
fn theme_source(root: &Path, theme: &str, rel: &str) -> PathBuf {
    let on_disk = Path::new("themes").join(theme).join(STATIC_DIR).join(rel);
    if root.join(&on_disk).is_file() {
        content::display_root(root).join(on_disk)
    } else {
        PathBuf::from(format!("(built-in theme {theme}) static/{rel}"))
    }
}

/// A file below the site root as the user sees it (`content/a/x.png`).
fn shown(root: &Path, file: &Path) -> PathBuf {
    content::display_root(root).join(file.strip_prefix(root).unwrap_or(file))
}

fn slash_path(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

//! Content stage: walks `content/`, classifies files into sections, notes
//! (plain or folder notes) and assets, and parses them in parallel. The only
//! I/O is reading; everything it finds wrong becomes a diagnostic.

mod cache;
pub mod date;
pub mod frontmatter;
pub mod note;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context as _;
use rayon::prelude::*;
use walkdir::WalkDir;

use crate::cache::fingerprint;
use crate::diagnostics::{Diagnostic, LineIndex, Pos};
use crate::filename::{segment_problem, shorten};
pub use cache::{next_revision, settled_stamp, FileStamp, NoteCache, NoteEntry};
pub use note::{Cascade, HiddenNote, Note, NoteLocation, SectionMeta, SortBy, Source};

/// The folder holding the notes, relative to the site root.
pub const CONTENT_DIR: &str = "content";

/// A folder of notes. Section 0 is the content root (the home page).
#[derive(Debug, Clone)]
pub struct Section {
    /// Folder relative to `content/` ("" for the root), `/`-separated.
    pub dir: String,
    /// Display path of its `_index.md` (or of the folder without one).
    pub path: PathBuf,
    pub parent: Option<usize>,
    pub meta: SectionMeta,
    /// Effective cascade: this section's over its ancestors'.
    pub cascade: Cascade,
}

impl Section {
    /// The title: `_index.md`'s, else the folder name.
    pub fn title(&self) -> String {
        self.meta
            .title
            .clone()
            .unwrap_or_else(|| self.dir.rsplit('/').next().unwrap_or_default().to_string())
    }
}

/// A non-Markdown file in `content/`, copied next to the page it belongs to.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Where to read it.
    pub file: PathBuf,
    pub owner: AssetOwner,
    /// Path relative to the owner's folder, `/`-separated.
    pub sub: String,
}

/// The page an asset is published under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AssetOwner {
    Section(usize),
    Note(usize),
}

/// Everything read from `content/`.
#[derive(Debug, Default)]
pub struct Content {
    pub sections: Vec<Section>,
    /// Shared with the content cache: a rebuild does not copy unchanged
    /// notes.
    pub notes: Vec<Arc<Note>>,
    /// Section index of each note (parallel to `notes`).
    pub note_section: Vec<usize>,
    pub assets: Vec<Asset>,
    /// Notes not published (drafts, files that failed to parse) with their
    /// sections; links to them still resolve.
    pub hidden: Vec<(HiddenNote, usize)>,
    /// Each note's parse revision ([`NoteEntry::revision`]) when loaded
    /// with a cache; empty otherwise.
    pub revisions: Vec<u64>,
}

/// Reads and parses `root/content`. I/O failures are errors; mistakes in
/// files are diagnostics (the content returned then holds what parsed).
pub fn load(root: &Path, include_drafts: bool) -> anyhow::Result<(Content, Vec<Diagnostic>)> {
    load_with(root, include_drafts, None)
}

/// [`load`], reusing notes an earlier build parsed whose source and
/// section indexes are unchanged, and recording this build's in `cache`.
pub fn load_with(
    root: &Path,
    include_drafts: bool,
    mut cache: Option<&mut NoteCache>,
) -> anyhow::Result<(Content, Vec<Diagnostic>)> {
    let content_dir = root.join(CONTENT_DIR);
    if !content_dir.is_dir() {
        anyhow::bail!(
            "no `{}` folder in {} (run `manabi init` to start a site)",
            CONTENT_DIR,
            display_root(root).display()
        );
    }
    let walked = walk_folder(root, CONTENT_DIR, HiddenFolders::Skip)?;
    let files: Vec<String> = walked.files.into_iter().map(|(rel, _)| rel).collect();
    let layout = Layout::classify(&files);
    let mut problems = walked.skipped;
    let sections = load_sections(root, &content_dir, &layout, &mut problems)?;
    if let Some(c) = cache.as_deref_mut() {
        // Cascades and display paths feed parsing: key on them.
        let section_sources: Vec<&str> = sections.iter().map(|s| s.meta.source.as_str()).collect();
        c.invalidate(fingerprint(&(root, section_sources)));
    }
    let (notes, note_section, hidden, revisions) = load_notes(
        root,
        &content_dir,
        &layout,
        &sections,
        include_drafts,
        &mut problems,
        cache,
    )?;
    let assets = layout.assets(&content_dir, &notes, &sections);
    let content = Content {
        sections,
        notes,
        note_section,
        assets,
        hidden,
        revisions,
    };
    Ok((content, problems))
}

/// The root as users see it in messages: nothing for the current folder.
pub fn display_root(root: &Path) -> PathBuf {
    if root == Path::new(".") {
        PathBuf::new()
    } else {
        root.to_path_buf()
    }
}

fn display_path(root: &Path, rel: &str) -> PathBuf {
    display_root(root).join(CONTENT_DIR).join(rel)
}

/// What a walk of `content/` or `static/` found: every regular file
/// (relative `/`-separated path, and where to read it), sorted, and a
/// warning for each entry it skipped that the author may not expect to be
/// skipped (symbolic links, names that are not UTF-8). Hidden files and
/// editor leftovers are skipped silently.
#[derive(Debug, Default)]
pub struct Walked {
    pub files: Vec<(String, PathBuf)>,
    pub skipped: Vec<Diagnostic>,
}

/// Whether a walk enters hidden folders: `content/` skips them like hidden
/// files, `static/` copies them (`.well-known/` must be published).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HiddenFolders {
    Skip,
    Walk,
}

/// Walks `root/<folder>` (see [`Walked`]). A missing folder has no files.
pub fn walk_folder(root: &Path, folder: &str, hidden: HiddenFolders) -> anyhow::Result<Walked> {
    let dir = root.join(folder);
    let shown = display_root(root).join(folder);
    let mut walked = Walked::default();
    if !dir.is_dir() {
        return Ok(walked);
    }
    let mut entries = WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let keep_folder = hidden == HiddenFolders::Walk && e.file_type().is_dir();
            e.depth() == 0 || keep_folder || !is_ignored(&e.file_name().to_string_lossy())
        });
    while let Some(entry) = entries.next() {
        let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
        let rel = entry.path().strip_prefix(&dir)?;
        let is_dir = entry.file_type().is_dir();
        let skipped = if entry.path_is_symlink() && entry.depth() > 0 {
            Some(symlink_warning(&shown.join(rel), folder))
        } else if rel.to_str().is_none() {
            Some(non_utf8_warning(&shown.join(rel), is_dir))
        } else {
            None
        };
        match (skipped, rel.to_str()) {
            (Some(warning), _) => {
                walked.skipped.push(warning);
                if is_dir {
                    entries.skip_current_dir();
                }
            }
            (None, Some(rel)) if entry.file_type().is_file() => {
                let rel = rel.replace(std::path::MAIN_SEPARATOR, "/");
                walked.files.push((rel, entry.path().to_path_buf()));
            }
            _ => {}
        }
    }
    Ok(walked)
}

/// Links are not followed (a link could pull in any file of the machine,
/// or loop), but silently leaving a note out would puzzle its author.
fn symlink_warning(path: &Path, folder: &str) -> Diagnostic {
    Diagnostic::warning(
        path,
        Pos::START,
        format!("symbolic link skipped: manabi does not follow links inside {folder}/"),
    )
    .with_hint("copy the file or folder here instead of linking to it")
}

/// URLs and messages need the name as text; skipping one file beats
/// failing the whole build.
fn non_utf8_warning(path: &Path, is_dir: bool) -> Diagnostic {
    let what = if is_dir {
        "folder name is not valid UTF-8: skipped with everything in it"
    } else {
        "file name is not valid UTF-8: skipped"
    };
    Diagnostic::warning(path, Pos::START, what)
        .with_hint("rename it in UTF-8 (names saved as Shift_JIS, for example, are not)")
}

/// Hidden files and the temporary files editors write while saving.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
        || (name.starts_with('#') && name.ends_with('#'))
}

/// Which file is what, decided from paths alone.
#[derive(Debug, Default)]
struct Layout {
    section_dirs: BTreeSet<String>,
    /// Folder → its `_index.md` (the extension in any case).
    section_indexes: BTreeMap<String, String>,
    notes: Vec<(String, bool)>,
    /// (file, owner folder): section folder or folder-note folder.
    assets: Vec<(String, String, bool)>,
}

impl Layout {
    fn classify(files: &[String]) -> Layout {
        let folder_notes: BTreeSet<String> = files
            .iter()
            .filter(|f| markdown_stem(file_name(f)) == Some("index"))
            .map(|f| parent_dir(f).to_string())
            .filter(|dir| !dir.is_empty())
            .collect();
        let mut layout = Layout::default();
        layout.section_dirs.insert(String::new());
        for file in files {
            layout.place(file, &folder_notes);
        }
        layout
    }

    fn place(&mut self, file: &str, folder_notes: &BTreeSet<String>) {
        let stem = markdown_stem(file_name(file));
        if let Some(owner) = outermost_folder_note(file, folder_notes) {
            if parent_dir(file) == owner && stem == Some("index") {
                self.add_section_chain(parent_dir(&owner));
                self.notes.push((file.to_string(), true));
            } else {
                self.assets.push((file.to_string(), owner, true));
            }
            return;
        }
        let dir = parent_dir(file).to_string();
        if stem == Some("_index") {
            self.add_section_chain(&dir);
            self.section_indexes
                .entry(dir)
                .or_insert_with(|| file.to_string());
        } else if stem.is_some() {
            self.add_section_chain(&dir);
            self.notes.push((file.to_string(), false));
        } else {
            self.assets.push((file.to_string(), dir, false));
        }
    }

    fn add_section_chain(&mut self, dir: &str) {
        let mut d = dir;
        loop {
            self.section_dirs.insert(d.to_string());
            if d.is_empty() {
                break;
            }
            d = parent_dir(d);
        }
    }

    fn assets(&self, content_dir: &Path, notes: &[Arc<Note>], sections: &[Section]) -> Vec<Asset> {
        let note_by_dir: BTreeMap<&str, usize> = notes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.folder_note)
            .map(|(i, n)| (n.dir.as_str(), i))
            .collect();
        let section_by_dir: BTreeMap<&str, usize> = sections
            .iter()
            .enumerate()
            .map(|(i, s)| (s.dir.as_str(), i))
            .collect();
        self.assets
            .iter()
            .filter_map(|(file, owner_dir, in_note)| {
                let (owner, base) = if *in_note {
                    (
                        AssetOwner::Note(*note_by_dir.get(owner_dir.as_str())?),
                        owner_dir.as_str(),
                    )
                } else {
                    // Assets in folders without notes hang from the nearest section.
                    let (sec, base) = nearest_section(owner_dir, &section_by_dir);
                    (AssetOwner::Section(sec), base)
                };
                let sub = relative_to(file, base);
                Some(Asset {
                    file: content_dir.join(file),
                    owner,
                    sub,
                })
            })
            .collect()
    }
}

fn nearest_section<'a>(dir: &'a str, by_dir: &BTreeMap<&str, usize>) -> (usize, &'a str) {
    let mut d = dir;
    loop {
        if let Some(i) = by_dir.get(d) {
            return (*i, d);
        }
        if d.is_empty() {
            return (0, "");
        }
        d = parent_dir(d);
    }
}

fn relative_to(file: &str, base: &str) -> String {
    if base.is_empty() {
        file.to_string()
    } else {
        file.strip_prefix(base)
            .map_or(file, |r| r.trim_start_matches('/'))
            .to_string()
    }
}

fn outermost_folder_note(file: &str, folder_notes: &BTreeSet<String>) -> Option<String> {
    let mut best = None;
    let mut d = parent_dir(file);
    while !d.is_empty() {
        if folder_notes.contains(d) {
            best = Some(d.to_string());
        }
        d = parent_dir(d);
    }
    best
}

/// The stem of a Markdown file name, whatever the case of its `.md`
/// (`UP.MD` → `UP`); `None` for other files.
pub fn markdown_stem(name: &str) -> Option<&str> {
    let split = name.len().checked_sub(3)?;
    let ext = name.get(split..)?;
    (split > 0 && ext.eq_ignore_ascii_case(".md")).then(|| &name[..split])
}

/// `a/b/c.md` → `c.md`.
fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// `a/b/c.md` → `a/b`; `c.md` → "".
pub fn parent_dir(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(d, _)| d)
}

fn load_sections(
    root: &Path,
    content_dir: &Path,
    layout: &Layout,
    problems: &mut Vec<Diagnostic>,
) -> anyhow::Result<Vec<Section>> {
    let dirs: Vec<&String> = layout.section_dirs.iter().collect();
    let mut sections: Vec<Section> = Vec::with_capacity(dirs.len());
    for dir in dirs {
        let index_rel = layout.section_indexes.get(dir);
        let path = match index_rel {
            Some(rel) => display_path(root, rel),
            None => display_path(root, dir),
        };
        problems.extend(folder_name_problem(dir, &path));
        let meta = if let Some(index_rel) = index_rel {
            match read_text(&content_dir.join(index_rel), &path)? {
                Ok(src) => note::parse_section(&path, src).unwrap_or_else(|ds| {
                    problems.extend(ds);
                    SectionMeta::default()
                }),
                Err(d) => {
                    problems.push(d);
                    SectionMeta::default()
                }
            }
        } else {
            SectionMeta::default()
        };
        // BTreeSet order puts every parent before its children.
        let parent = (!dir.is_empty()).then(|| {
            let p = parent_dir(dir);
            sections.iter().position(|s| s.dir == p).unwrap_or(0)
        });
        let cascade = match parent {
            Some(p) => meta.cascade.over(&sections[p].cascade),
            None => meta.cascade.clone(),
        };
        sections.push(Section {
            dir: dir.clone(),
            path,
            parent,
            meta,
            cascade,
        });
    }
    Ok(sections)
}

/// A section folder is a folder of the output too: one that could not be
/// written (`index.html`, a control character) is an error at the folder.
fn folder_name_problem(dir: &str, path: &Path) -> Option<Diagnostic> {
    let name = file_name(dir);
    let why = segment_problem(name).filter(|_| !dir.is_empty())?;
    let msg = format!(
        "section folder `{}` cannot be a page folder: {why}",
        shorten(name)
    );
    Some(Diagnostic::error(path, Pos::START, msg).with_hint("rename the folder"))
}

type LoadedNotes = (
    Vec<Arc<Note>>,
    Vec<usize>,
    Vec<(HiddenNote, usize)>,
    Vec<u64>,
);

/// One note file read and parsed: its section, the note or its problems,
/// and (when caching) the entry to remember.
type ParsedNote = (
    usize,
    Result<Arc<Note>, Arc<Vec<Diagnostic>>>,
    Option<NoteEntry>,
);

/// What reading one note needs: where the site is, its sections, and an
/// earlier build's notes when caching.
struct NoteReader<'a> {
    root: &'a Path,
    content_dir: &'a Path,
    sections: &'a [Section],
    cache: Option<&'a NoteCache>,
}

impl NoteReader<'_> {
    fn location(&self, rel: &str, folder_note: bool) -> NoteLocation {
        NoteLocation {
            path: display_path(self.root, rel),
            rel: rel.to_string(),
            folder_note,
        }
    }

    /// The section a note belongs to: its folder's (a folder note's parent's).
    fn section_of(&self, rel: &str, folder_note: bool) -> usize {
        let dir = parent_dir(rel);
        let dir = if folder_note { parent_dir(dir) } else { dir };
        self.sections.iter().position(|s| s.dir == dir).unwrap_or(0)
    }

    /// Reads and parses one note, or takes it from the cache when its
    /// source is unchanged.
    fn read(&self, rel: &str, folder_note: bool) -> anyhow::Result<ParsedNote> {
        let loc = self.location(rel, folder_note);
        let section = self.section_of(rel, folder_note);
        let cascade = &self.sections[section].cascade;
        let file = self.content_dir.join(rel);
        // A settled file whose time and length are unchanged is not read.
        let stamp = self.cache.and_then(|_| settled_stamp(&file));
        let unchanged = self
            .cache
            .and_then(|c| c.notes.get(rel))
            .filter(|e| stamp.is_some() && e.stamp == stamp);
        if let Some(hit) = unchanged {
            return Ok((section, hit.parsed.clone(), Some(hit.clone())));
        }
        let src = match read_text(&file, &loc.path)? {
            Ok(src) => src,
            Err(d) => return Ok((section, Err(Arc::new(vec![d])), None)),
        };
        let Some(cache) = self.cache else {
            let parsed = note::parse_note(&loc, src, cascade);
            return Ok((section, parsed.map(Arc::new).map_err(Arc::new), None));
        };
        if let Some(hit) = cache.notes.get(rel).filter(|e| *e.source == *src) {
            let entry = NoteEntry {
                stamp,
                ..hit.clone()
            };
            return Ok((section, hit.parsed.clone(), Some(entry)));
        }
        let source: std::sync::Arc<str> = src.as_str().into();
        let parsed = note::parse_note(&loc, src, cascade)
            .map(Arc::new)
            .map_err(Arc::new);
        let entry = NoteEntry {
            source,
            parsed: parsed.clone(),
            stamp,
            revision: next_revision(),
        };
        Ok((section, parsed, Some(entry)))
    }

    /// What links can still use of a note that failed to parse. Rare path:
    /// the file is read again rather than every source kept around.
    fn salvage(&self, rel: &str, folder_note: bool) -> HiddenNote {
        let source = std::fs::read(self.content_dir.join(rel)).unwrap_or_default();
        HiddenNote::salvage(
            &self.location(rel, folder_note),
            &String::from_utf8_lossy(&source),
        )
    }
}

fn load_notes(
    root: &Path,
    content_dir: &Path,
    layout: &Layout,
    sections: &[Section],
    include_drafts: bool,
    problems: &mut Vec<Diagnostic>,
    cache: Option<&mut NoteCache>,
) -> anyhow::Result<LoadedNotes> {
    let reader = NoteReader {
        root,
        content_dir,
        sections,
        cache: cache.as_deref(),
    };
    let results: Vec<anyhow::Result<ParsedNote>> = layout
        .notes
        .par_iter()
        .map(|(rel, folder_note)| reader.read(rel, *folder_note))
        .collect();
    // Most files are published notes: no Vec of notes doubles past them.
    let mut notes = Vec::with_capacity(results.len());
    let mut note_section = Vec::with_capacity(results.len());
    let mut hidden = Vec::new();
    let mut revisions = Vec::new();
    let mut entries = HashMap::new();
    for (r, (rel, folder_note)) in results.into_iter().zip(&layout.notes) {
        let (section, parsed, entry) = r?;
        let revision = entry.as_ref().map(|e| e.revision);
        if let Some(e) = entry {
            entries.insert(rel.clone(), e);
        }
        match parsed {
            Ok(note) if note.draft && !include_drafts => {
                hidden.push((HiddenNote::from_draft(&note), section));
            }
            Ok(note) => {
                problems.extend(note::note_warnings(&note));
                notes.push(note);
                note_section.push(section);
                revisions.extend(revision);
            }
            Err(ds) => {
                problems.extend(ds.iter().cloned());
                hidden.push((reader.salvage(rel, *folder_note), section));
            }
        }
    }
    if let Some(c) = cache {
        // Replacing the map also forgets deleted notes.
        c.notes = entries;
    }
    Ok((notes, note_section, hidden, revisions))
}

/// Reads a text file; invalid UTF-8 is the user's mistake (a diagnostic at
/// the first bad byte), other failures are I/O errors.
fn read_text(file: &Path, display: &Path) -> anyhow::Result<Result<String, Diagnostic>> {
    let bytes =
        std::fs::read(file).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
    Ok(String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let prefix = String::from_utf8_lossy(valid);
        let pos = LineIndex::new(&prefix).pos(&prefix, prefix.len());
        Diagnostic::error(
            display,
            Pos::new(pos.line, pos.col),
            "file is not valid UTF-8",
        )
        .with_hint("save the file as UTF-8 (Shift_JIS and UTF-16 are not supported)")
        .with_source(&String::from_utf8_lossy(e.as_bytes()))
    }))
}

/// A note parsed from its front-matter lines (`title: x\nreading: y`), for
/// unit tests of later stages.
#[cfg(test)]
pub fn test_note(rel: &str, front_matter: &str) -> Note {
    let loc = NoteLocation {
        path: PathBuf::from(CONTENT_DIR).join(rel),
        rel: rel.to_string(),
        folder_note: false,
    };
    let source = format!("---\n{front_matter}\n---\nbody\n");
    note::parse_note(&loc, source, &Cascade::default()).expect("test note parses")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn classifies_sections_notes_and_assets() {
        let l = Layout::classify(&files(&[
            "_index.md",
            "a/_index.md",
            "a/one.md",
            "a/pic.png",
            "a/fn/index.md",
            "a/fn/header.svg",
            "a/fn/img/x.png",
            "b/c/two.md",
        ]));
        let dirs: Vec<_> = l.section_dirs.iter().map(String::as_str).collect();
        assert_eq!(dirs, ["", "a", "b", "b/c"]);
        let notes: Vec<_> = l
            .notes
            .iter()
            .map(|(f, fnote)| (f.as_str(), *fnote))
            .collect();
        assert_eq!(
            notes,
            [
                ("a/one.md", false),
                ("a/fn/index.md", true),
                ("b/c/two.md", false)
            ]
        );
        assert_eq!(l.assets.len(), 3);
        assert!(l
            .assets
            .contains(&("a/fn/img/x.png".into(), "a/fn".into(), true)));
    }

    #[test]
    fn markdown_extension_counts_in_any_case() {
        let l = Layout::classify(&files(&[
            "UP.MD",
            "s/_index.Md",
            "s/fn/index.mD",
            "s/fn/x.MD",
        ]));
        let notes: Vec<_> = l
            .notes
            .iter()
            .map(|(f, fnote)| (f.as_str(), *fnote))
            .collect();
        assert_eq!(notes, [("UP.MD", false), ("s/fn/index.mD", true)]);
        assert_eq!(
            l.section_indexes.get("s").map(String::as_str),
            Some("s/_index.Md")
        );
        assert_eq!(
            l.assets.len(),
            1,
            "files inside a folder note are its assets"
        );
        assert_eq!(markdown_stem("a.md"), Some("a"));
        for not_md in [".md", "md", "a.mdx", "あ", "a.m", ""] {
            assert_eq!(markdown_stem(not_md), None, "{not_md}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn walk_skips_symlinks_and_non_utf8_names_with_a_warning_each() {
        use std::os::unix::ffi::OsStrExt as _;
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join(CONTENT_DIR);
        std::fs::create_dir_all(content.join("s")).unwrap();
        std::fs::write(content.join("s/a.md"), "---\ntitle: a\n---\n").unwrap();
        std::os::unix::fs::symlink(content.join("s/a.md"), content.join("s/link.md")).unwrap();
        std::os::unix::fs::symlink(content.join("s"), content.join("linked-dir")).unwrap();
        let bad = std::ffi::OsStr::from_bytes(b"\x83e\x83X\x83g.md");
        std::fs::write(content.join("s").join(bad), "x").unwrap();
        let bad_dir = content.join(std::ffi::OsStr::from_bytes(b"\xff"));
        std::fs::create_dir(&bad_dir).unwrap();
        std::fs::write(bad_dir.join("inside.md"), "x").unwrap();

        let walked = walk_folder(dir.path(), CONTENT_DIR, HiddenFolders::Skip).unwrap();
        let files: Vec<&str> = walked.files.iter().map(|(r, _)| r.as_str()).collect();
        assert_eq!(files, ["s/a.md"]);
        let warnings: Vec<String> = walked
            .skipped
            .iter()
            .map(|d| {
                assert!(!d.is_error());
                assert_eq!((d.line, d.col), (1, 1));
                let path = d.path.strip_prefix(dir.path()).unwrap();
                format!("{}: {}", path.to_string_lossy(), d.message)
            })
            .collect();
        assert_eq!(warnings.len(), 4, "{warnings:#?}");
        assert!(warnings[0].starts_with("content/linked-dir: symbolic link skipped"));
        assert!(warnings[1].starts_with("content/s/link.md: symbolic link skipped"));
        assert!(
            warnings[2].contains("s/\u{FFFD}e\u{FFFD}X\u{FFFD}g.md: file name is not valid UTF-8")
        );
        assert!(
            warnings[3].ends_with("folder name is not valid UTF-8: skipped with everything in it")
        );
    }

    #[test]
    fn ignores_editor_temp_files() {
        for name in [".#x.md", "x.md~", ".x.md.swp", "4913", "#x.md#", "x.tmp"] {
            assert!(is_ignored(name), "{name}");
        }
        assert!(!is_ignored("x.md"));
    }
}

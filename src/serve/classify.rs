//! Serve, stage 2: the pure change classifier. Turns a debounced batch of raw
//! file-system events (paths and what happened to them) into [`Changes`]:
//! which site files were edited, added, removed or renamed, and what kind of
//! file each is (note, section, asset, stylesheet, template, config).
//!
//! It never touches the disk, so it is unit-tested with fake paths. It
//! folds editors' save dances into one change per file: an atomic save
//! (write a temporary file, rename it over the note) is an edit, and so is
//! vim's backup dance (`4913` probe, rename to `file~`, write anew). Editor
//! temporaries, hidden files and everything outside the watched folders
//! (the output folder, `target/`, `.git/`) are ignored.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use crate::content::{is_ignored, CONTENT_DIR};

/// The site files and folders `serve` watches, relative to the root.
pub const WATCHED_DIRS: [&str; 4] = [CONTENT_DIR, "static", "templates", "themes"];
/// The configuration file, relative to the root.
pub const CONFIG_FILE: &str = "site.yaml";

/// What the file system reported for some paths (one event of a batch).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FsEvent {
    pub op: FsOp,
    /// One path, or `[from, to]` for [`FsOp::Renamed`].
    pub paths: Vec<PathBuf>,
    /// The watcher said the path is a folder.
    pub folder: bool,
}

/// The raw operation, as watchers report it (reads are never reported).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FsOp {
    Created,
    Modified,
    Removed,
    /// The old name of a rename whose new name is unknown (moved away).
    RenamedFrom,
    /// The new name of a rename whose old name is unknown (moved in).
    RenamedTo,
    /// A rename with both names: `paths == [from, to]`.
    Renamed,
}

impl FsEvent {
    /// An event on one file.
    pub fn new(op: FsOp, path: impl Into<PathBuf>) -> FsEvent {
        FsEvent {
            op,
            paths: vec![path.into()],
            folder: false,
        }
    }

    /// A rename with both names known.
    pub fn rename(from: impl Into<PathBuf>, to: impl Into<PathBuf>) -> FsEvent {
        FsEvent {
            op: FsOp::Renamed,
            paths: vec![from.into(), to.into()],
            folder: false,
        }
    }

    /// Marks the event as being about a folder.
    pub fn on_folder(mut self) -> FsEvent {
        self.folder = true;
        self
    }
}

/// What kind of site file changed; decides how much must be rebuilt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    /// `site.yaml`.
    Config,
    /// A note: `content/**/*.md` other than `_index.md`.
    Note,
    /// A section's `_index.md`.
    Section,
    /// A folder under `content/` (renamed or deleted with its notes).
    ContentFolder,
    /// Any other file under `content/` (images next to notes).
    ContentAsset,
    /// A `.css` file under `static/` or a theme's `static/`.
    Stylesheet,
    /// Any other file or folder under `static/` or a theme's `static/`.
    Static,
    /// A template or UI strings: `templates/**`, `themes/*/templates/**`,
    /// `themes/*/i18n.yaml`, or a whole theme folder.
    Template,
}

/// What happened to a file, after folding the batch's events together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeOp {
    Added,
    Edited,
    Removed,
    /// Moved here from `from` (root-relative).
    Renamed {
        from: PathBuf,
    },
}

/// One changed site file, with its path relative to the site root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub path: PathBuf,
    pub kind: ChangeKind,
    pub op: ChangeOp,
}

/// Every change of one batch, sorted by path; at most one per path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    pub items: Vec<Change>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Only stylesheets changed: pages can keep their HTML.
    pub fn css_only(&self) -> bool {
        !self.is_empty() && self.items.iter().all(|c| c.kind == ChangeKind::Stylesheet)
    }

    /// Config or templates changed: every page must be rendered again.
    pub fn affects_every_page(&self) -> bool {
        self.items
            .iter()
            .any(|c| matches!(c.kind, ChangeKind::Config | ChangeKind::Template))
    }

    /// Adds the changes of a later batch (a batch that arrived while the
    /// previous one was being built), folding them per path.
    pub fn merge(&mut self, later: Changes) {
        let mut fold = Fold::from_changes(std::mem::take(self));
        for c in later.items {
            match c.op {
                ChangeOp::Renamed { from } => fold.rename(&from, c.path, c.kind),
                op => fold.apply(c.path, c.kind, op),
            }
        }
        *self = fold.finish();
    }
}

/// Classifies one batch of events for the site at `root` (absolute event
/// paths are made relative to it; relative ones are taken as they are).
pub fn classify(root: &Path, events: &[FsEvent]) -> Changes {
    let mut fold = Fold::default();
    for event in events {
        fold.event(root, event);
    }
    fold.finish()
}

/// The kind of a root-relative path, or `None` if serve ignores it.
pub fn kind_of(rel: &Path, folder: bool) -> Option<ChangeKind> {
    let parts = normal_parts(rel)?;
    if parts.iter().any(|p| is_temp_name(p)) {
        return None;
    }
    let folder = folder || !parts.last()?.contains('.');
    match parts.as_slice() {
        [name] if name == CONFIG_FILE => Some(ChangeKind::Config),
        [top, rest @ ..] if top == CONTENT_DIR => Some(content_kind(rest, folder)),
        [top, rest @ ..] if top == "static" => Some(static_kind(rest, folder)),
        [top, ..] if top == "templates" => Some(ChangeKind::Template),
        [top, _theme, sub, rest @ ..] if top == "themes" && sub == "static" => {
            Some(static_kind(rest, folder))
        }
        [top, ..] if top == "themes" => Some(ChangeKind::Template),
        _ => None,
    }
}

/// Editor temporaries and hidden files: the build skips them, so must we.
/// Beyond what the content walk ignores: JetBrains' safe-write files,
/// Chrome's `.crswap`, and `.part` downloads.
pub fn is_temp_name(name: &str) -> bool {
    is_ignored(name)
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
        || name.ends_with(".crswap")
        || name.ends_with(".part")
}

fn content_kind(rest: &[String], folder: bool) -> ChangeKind {
    match rest.last() {
        None => ChangeKind::ContentFolder,
        Some(_) if folder => ChangeKind::ContentFolder,
        Some(name) if name == "_index.md" => ChangeKind::Section,
        Some(name) if name.ends_with(".md") => ChangeKind::Note,
        Some(_) => ChangeKind::ContentAsset,
    }
}

fn static_kind(rest: &[String], folder: bool) -> ChangeKind {
    match rest.last() {
        Some(name) if !folder && name.ends_with(".css") => ChangeKind::Stylesheet,
        _ => ChangeKind::Static,
    }
}

/// The plain components of a relative path; `None` for `..` or a root.
fn normal_parts(rel: &Path) -> Option<Vec<String>> {
    let mut parts = Vec::new();
    for c in rel.components() {
        match c {
            Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            Component::CurDir => {}
            _ => return None,
        }
    }
    (!parts.is_empty()).then_some(parts)
}

fn relative(root: &Path, path: &Path) -> Option<PathBuf> {
    if path.is_absolute() {
        path.strip_prefix(root).ok().map(Path::to_path_buf)
    } else {
        Some(path.to_path_buf())
    }
}

/// Per-path state while folding a batch.
#[derive(Default)]
struct Fold {
    state: BTreeMap<PathBuf, (ChangeKind, ChangeOp)>,
}

impl Fold {
    fn from_changes(changes: Changes) -> Fold {
        let state = changes
            .items
            .into_iter()
            .map(|c| (c.path, (c.kind, c.op)))
            .collect();
        Fold { state }
    }

    fn event(&mut self, root: &Path, event: &FsEvent) {
        if event.op == FsOp::Modified && event.folder {
            // A folder's own metadata: what changed inside has its own events.
            return;
        }
        let site = |p: &PathBuf| {
            let rel = relative(root, p)?;
            let kind = kind_of(&rel, event.folder)?;
            Some((rel, kind))
        };
        let first = event.paths.first().and_then(site);
        match event.op {
            FsOp::Created | FsOp::RenamedTo => self.apply_opt(first, ChangeOp::Added),
            FsOp::Modified => self.apply_opt(first, ChangeOp::Edited),
            FsOp::Removed | FsOp::RenamedFrom => self.apply_opt(first, ChangeOp::Removed),
            FsOp::Renamed => self.renamed(first, event.paths.get(1).and_then(site)),
        }
    }

    fn apply_opt(&mut self, target: Option<(PathBuf, ChangeKind)>, op: ChangeOp) {
        if let Some((path, kind)) = target {
            self.apply(path, kind, op);
        }
    }

    /// A rename between two paths, either of which may be ignored: a temp
    /// file renamed over a note is an edit of the note (atomic save); a
    /// note renamed to a backup name is its removal (vim's dance).
    fn renamed(&mut self, from: Option<(PathBuf, ChangeKind)>, to: Option<(PathBuf, ChangeKind)>) {
        match (from, to) {
            (Some((from, fk)), Some((to, tk))) if fk == tk => self.rename(&from, to, tk),
            (Some((from, fk)), Some((to, tk))) => {
                self.apply(from, fk, ChangeOp::Removed);
                self.apply(to, tk, ChangeOp::Added);
            }
            (Some((from, fk)), None) => self.apply(from, fk, ChangeOp::Removed),
            (None, Some((to, tk))) => self.apply(to, tk, ChangeOp::Edited),
            (None, None) => {}
        }
    }

    fn rename(&mut self, from: &Path, to: PathBuf, kind: ChangeKind) {
        let origin = match self.state.remove(from) {
            // Created in this batch, then renamed: simply a new file.
            Some((_, ChangeOp::Added)) => None,
            Some((_, ChangeOp::Renamed { from: origin })) => Some(origin),
            _ => Some(from.to_path_buf()),
        };
        let over_removed = matches!(self.state.get(&to), Some((_, ChangeOp::Removed)));
        let op = match origin {
            None if over_removed => ChangeOp::Edited,
            None => ChangeOp::Added,
            // Renamed away and back again: at most an edit.
            Some(origin) if origin == to => ChangeOp::Edited,
            // Renamed over a file removed earlier in the batch: the
            // original is gone and the target was rewritten.
            Some(origin) if over_removed => {
                self.apply(origin, kind, ChangeOp::Removed);
                ChangeOp::Edited
            }
            Some(origin) => ChangeOp::Renamed { from: origin },
        };
        self.state.insert(to, (kind, op));
    }

    fn apply(&mut self, path: PathBuf, kind: ChangeKind, op: ChangeOp) {
        let previous = self.state.remove(&path).map(|(_, op)| op);
        let next = match (previous, op) {
            (None, op) => Some(op),
            // Removed and written again (vim's backup dance): an edit.
            (Some(ChangeOp::Removed), ChangeOp::Added | ChangeOp::Edited) => Some(ChangeOp::Edited),
            // Created and deleted within the batch: nothing happened.
            (Some(ChangeOp::Added), ChangeOp::Removed) => None,
            (Some(ChangeOp::Renamed { from }), ChangeOp::Removed) => {
                self.apply(from, kind, ChangeOp::Removed);
                None
            }
            (Some(_), ChangeOp::Removed) => Some(ChangeOp::Removed),
            (Some(earlier), _) => Some(earlier),
        };
        if let Some(op) = next {
            self.state.insert(path, (kind, op));
        }
    }

    fn finish(self) -> Changes {
        let items = self
            .state
            .into_iter()
            .map(|(path, (kind, op))| Change { path, kind, op })
            .collect();
        Changes { items }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROOT: &str = "/site";

    fn abs(rel: &str) -> PathBuf {
        Path::new(ROOT).join(rel)
    }

    fn ev(op: FsOp, rel: &str) -> FsEvent {
        FsEvent::new(op, abs(rel))
    }

    fn mv(from: &str, to: &str) -> FsEvent {
        FsEvent::rename(abs(from), abs(to))
    }

    fn run(events: &[FsEvent]) -> Vec<(String, ChangeKind, ChangeOp)> {
        let changes = classify(Path::new(ROOT), events);
        changes
            .items
            .into_iter()
            .map(|c| (c.path.display().to_string(), c.kind, c.op))
            .collect()
    }

    fn one(path: &str, kind: ChangeKind, op: ChangeOp) -> Vec<(String, ChangeKind, ChangeOp)> {
        vec![(path.to_string(), kind, op)]
    }

    #[test]
    fn plain_edit_of_a_note() {
        let got = run(&[ev(FsOp::Modified, "content/ai/llm.md")]);
        assert_eq!(
            got,
            one("content/ai/llm.md", ChangeKind::Note, ChangeOp::Edited)
        );
    }

    #[test]
    fn atomic_save_is_an_edit() {
        let got = run(&[
            ev(FsOp::Created, "content/ai/.llm.md.tmp"),
            ev(FsOp::Modified, "content/ai/.llm.md.tmp"),
            mv("content/ai/.llm.md.tmp", "content/ai/llm.md"),
        ]);
        assert_eq!(
            got,
            one("content/ai/llm.md", ChangeKind::Note, ChangeOp::Edited)
        );
    }

    #[test]
    fn atomic_save_with_visible_temp_name_is_an_edit() {
        let got = run(&[
            ev(FsOp::Created, "content/llm.md.tmp"),
            mv("content/llm.md.tmp", "content/llm.md"),
        ]);
        assert_eq!(
            got,
            one("content/llm.md", ChangeKind::Note, ChangeOp::Edited)
        );
    }

    #[test]
    fn vim_backup_dance_is_an_edit() {
        let got = run(&[
            ev(FsOp::Created, "content/4913"),
            ev(FsOp::Removed, "content/4913"),
            mv("content/llm.md", "content/llm.md~"),
            ev(FsOp::Created, "content/llm.md"),
            ev(FsOp::Modified, "content/llm.md"),
            ev(FsOp::Removed, "content/llm.md~"),
        ]);
        assert_eq!(
            got,
            one("content/llm.md", ChangeKind::Note, ChangeOp::Edited)
        );
    }

    #[test]
    fn vim_dance_with_unpaired_rename_is_an_edit() {
        let got = run(&[
            ev(FsOp::RenamedFrom, "content/llm.md"),
            ev(FsOp::RenamedTo, "content/llm.md~"),
            ev(FsOp::Created, "content/llm.md"),
            ev(FsOp::Removed, "content/llm.md~"),
        ]);
        assert_eq!(
            got,
            one("content/llm.md", ChangeKind::Note, ChangeOp::Edited)
        );
    }

    #[test]
    fn temp_and_hidden_files_are_ignored() {
        let names = [
            "content/.llm.md.swp",
            "content/.llm.md.swx",
            "content/llm.md~",
            "content/4913",
            "content/x.tmp",
            "content/.#llm.md",
            "content/#llm.md#",
            "content/.DS_Store",
            "content/.hidden/a.md",
            "static/css/style.css___jb_tmp___",
            "templates/base.html.crswap",
        ];
        let events: Vec<_> = names.iter().map(|n| ev(FsOp::Modified, n)).collect();
        assert_eq!(run(&events), vec![]);
    }

    #[test]
    fn output_and_other_folders_are_ignored() {
        let got = run(&[
            ev(FsOp::Created, "public/index.html"),
            ev(FsOp::Modified, "public/css/style.css"),
            ev(FsOp::Created, ".public.manabi-staging/index.html"),
            ev(FsOp::Modified, "target/debug/manabi"),
            ev(FsOp::Modified, ".git/index"),
            ev(FsOp::Modified, "README.md"),
            FsEvent::new(FsOp::Modified, "/elsewhere/content/a.md"),
        ]);
        assert_eq!(got, vec![]);
    }

    #[test]
    fn created_then_deleted_cancels_out() {
        let got = run(&[
            ev(FsOp::Created, "content/new.md"),
            ev(FsOp::Removed, "content/new.md"),
        ]);
        assert_eq!(got, vec![]);
    }

    #[test]
    fn new_and_deleted_notes() {
        let got = run(&[
            ev(FsOp::Created, "content/a.md"),
            ev(FsOp::Modified, "content/a.md"),
            ev(FsOp::Removed, "content/b.md"),
        ]);
        assert_eq!(
            got,
            vec![
                ("content/a.md".into(), ChangeKind::Note, ChangeOp::Added),
                ("content/b.md".into(), ChangeKind::Note, ChangeOp::Removed),
            ]
        );
    }

    #[test]
    fn renamed_note_keeps_its_origin() {
        let got = run(&[mv("content/a.md", "content/b.md")]);
        let from = PathBuf::from("content/a.md");
        assert_eq!(
            got,
            one("content/b.md", ChangeKind::Note, ChangeOp::Renamed { from })
        );
    }

    #[test]
    fn renamed_then_deleted_is_a_removal_of_the_original() {
        let got = run(&[
            mv("content/a.md", "content/b.md"),
            ev(FsOp::Removed, "content/b.md"),
        ]);
        assert_eq!(
            got,
            one("content/a.md", ChangeKind::Note, ChangeOp::Removed)
        );
    }

    #[test]
    fn folder_rename_and_deletion() {
        let got = run(&[mv("content/old", "content/new").on_folder()]);
        let from = PathBuf::from("content/old");
        assert_eq!(
            got,
            one(
                "content/new",
                ChangeKind::ContentFolder,
                ChangeOp::Renamed { from }
            )
        );
        let got = run(&[ev(FsOp::Removed, "content/ai/v1.2").on_folder()]);
        assert_eq!(
            got,
            one(
                "content/ai/v1.2",
                ChangeKind::ContentFolder,
                ChangeOp::Removed
            )
        );
    }

    #[test]
    fn modified_folders_are_ignored() {
        assert_eq!(run(&[ev(FsOp::Modified, "content/ai").on_folder()]), vec![]);
    }

    #[test]
    fn folder_without_hint_is_recognised_by_its_missing_extension() {
        let got = run(&[ev(FsOp::Removed, "content/ai")]);
        assert_eq!(
            got,
            one("content/ai", ChangeKind::ContentFolder, ChangeOp::Removed)
        );
    }

    #[test]
    fn kinds_by_location() {
        let cases = [
            ("site.yaml", ChangeKind::Config),
            ("content/_index.md", ChangeKind::Section),
            ("content/ai/_index.md", ChangeKind::Section),
            ("content/ai/llm/index.md", ChangeKind::Note),
            ("content/ai/llm/fig.png", ChangeKind::ContentAsset),
            ("static/css/extra.css", ChangeKind::Stylesheet),
            ("static/img/logo.svg", ChangeKind::Static),
            (
                "themes/default/static/css/style.css",
                ChangeKind::Stylesheet,
            ),
            ("themes/default/static/js/quiz.js", ChangeKind::Static),
            ("themes/default/templates/base.html", ChangeKind::Template),
            ("themes/default/i18n.yaml", ChangeKind::Template),
            ("templates/partials/note_card.html", ChangeKind::Template),
        ];
        for (path, kind) in cases {
            assert_eq!(kind_of(Path::new(path), false), Some(kind), "{path}");
        }
        assert_eq!(kind_of(Path::new("content/../site.yaml"), false), None);
    }

    #[test]
    fn css_only_batches() {
        let css = classify(Path::new(ROOT), &[ev(FsOp::Modified, "static/css/a.css")]);
        assert!(css.css_only());
        assert!(!css.affects_every_page());
        let theme = [ev(FsOp::Modified, "themes/default/static/css/style.css")];
        assert!(classify(Path::new(ROOT), &theme).css_only());
        let mixed = classify(
            Path::new(ROOT),
            &[
                ev(FsOp::Modified, "static/css/a.css"),
                ev(FsOp::Modified, "content/a.md"),
            ],
        );
        assert!(!mixed.css_only());
        assert!(!Changes::default().css_only());
    }

    #[test]
    fn config_and_templates_affect_every_page() {
        let c = classify(Path::new(ROOT), &[ev(FsOp::Modified, "site.yaml")]);
        assert!(c.affects_every_page());
        let t = classify(
            Path::new(ROOT),
            &[ev(FsOp::Modified, "templates/note.html")],
        );
        assert!(t.affects_every_page());
    }

    #[test]
    fn relative_event_paths_are_taken_as_site_paths() {
        let got = run(&[FsEvent::new(FsOp::Modified, "content/a.md")]);
        assert_eq!(got, one("content/a.md", ChangeKind::Note, ChangeOp::Edited));
    }

    #[test]
    fn merging_a_later_batch_folds_per_path() {
        let root = Path::new(ROOT);
        let mut first = classify(root, &[ev(FsOp::Created, "content/a.md")]);
        first.merge(classify(root, &[ev(FsOp::Modified, "content/a.md")]));
        assert_eq!(first.items[0].op, ChangeOp::Added);
        first.merge(classify(root, &[ev(FsOp::Removed, "content/a.md")]));
        assert!(first.is_empty());
    }
}

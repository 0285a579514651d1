//! Memo: what one build can reuse from the previous one (used by `serve`).
//! Parsed notes, rendered Markdown, rendered cards and rendered pages are
//! kept with the exact inputs they came from and reused only when those
//! inputs are equal, so a memoised build writes the same bytes as a fresh
//! one (a test checks this over random edit sequences). A plain `build`
//! passes no memo and pays nothing.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use bytes::Bytes;

use crate::content::Note;
use crate::diagnostics::Diagnostic;
use crate::markdown::{MarkdownOptions, Rendered};
use crate::pages::PageData;
use crate::pipeline::Summary;
use crate::render::Renderer;
use crate::site::Site;

/// A parsed note (or its problems), with the source and the cascade
/// fingerprint it was parsed from.
#[derive(Debug, Clone)]
pub struct NoteEntry {
    pub source: Arc<str>,
    /// Shared, so carrying an entry over to the next memo is cheap.
    pub parsed: Arc<Result<Note, Vec<Diagnostic>>>,
    /// The file's modification time and length when it was read.
    pub stamp: Option<FileStamp>,
}

/// A file's modification time and length.
pub type FileStamp = (SystemTime, u64);

/// How old a modification time must be before an equal stamp is trusted
/// without reading the file: file systems with coarse timestamps could
/// otherwise hide a same-length edit made within the same tick.
const SETTLED: Duration = Duration::from_secs(2);

/// The stamp of `path`, if it can be trusted to stand for the content.
pub fn settled_stamp(path: &Path) -> Option<FileStamp> {
    let meta = std::fs::metadata(path).ok()?;
    let modified = meta.modified().ok()?;
    let age = SystemTime::now().duration_since(modified).ok()?;
    (age >= SETTLED).then_some((modified, meta.len()))
}

/// Rendered Markdown with the body it came from.
#[derive(Debug, Clone)]
pub struct MarkdownEntry {
    pub body: Arc<str>,
    /// Shared, so carrying an entry over to the next memo is cheap.
    pub rendered: Arc<Rendered>,
}

/// A rendered page with the template and context it came from.
#[derive(Clone)]
pub struct PageEntry {
    pub template: &'static str,
    pub context: tera::Context,
    pub bytes: Bytes,
}

/// Everything reusable, each map keyed by content-relative path (notes,
/// Markdown, cards) or output path (pages). Entries are valid only while
/// their `*_key` fingerprint matches the new build's.
#[derive(Default)]
pub struct Memo {
    /// Fingerprint of every section index (cascades feed note parsing).
    pub notes_key: u64,
    pub notes: HashMap<String, NoteEntry>,
    /// Fingerprint of everything links resolve against.
    pub markdown_key: u64,
    pub markdown: HashMap<String, MarkdownEntry>,
    /// Fingerprint of the templates, and the global context, of the pages.
    pub pages_key: u64,
    pub globals: Option<tera::Context>,
    pub cards: HashMap<String, (tera::Value, tera::Value)>,
    pub pages: HashMap<String, PageEntry>,
    /// What the last full page render computed for all pages.
    pub page_data: Option<PageData>,
    /// The last successful build, for `pipeline::patch`.
    pub retained: Option<Box<Retained>>,
}

/// A successful build's resolved site and renderer, with what it reported.
pub struct Retained {
    pub site: Site,
    pub renderer: Renderer,
    pub md_opts: MarkdownOptions,
    pub diagnostics: Vec<Diagnostic>,
    pub summary: Summary,
}

impl Memo {
    /// Forgets parsed notes when what parsing depends on besides the note's
    /// own source (section cascades, the site folder) changed.
    pub fn invalidate_notes(&mut self, key: u64) {
        if self.notes_key != key {
            self.notes.clear();
            self.notes_key = key;
        }
    }

    /// Forgets rendered Markdown when anything links resolve against changed.
    pub fn invalidate_markdown(&mut self, key: u64) {
        if self.markdown_key != key {
            self.markdown.clear();
            self.markdown_key = key;
        }
    }

    /// Forgets rendered cards and pages when templates or globals changed.
    pub fn invalidate_pages(&mut self, key: u64, globals: &tera::Context) {
        if self.pages_key != key || self.globals.as_ref() != Some(globals) {
            self.cards.clear();
            self.pages.clear();
            self.pages_key = key;
            self.globals = Some(globals.clone());
        }
    }
}

/// A fingerprint of anything hashable (stable within one process, which is
/// all a memo needs).
pub fn fingerprint<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

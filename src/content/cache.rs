//! The content stage's cache: notes parsed by an earlier build, each with
//! the source (and file stamp) it came from, valid while the inputs every
//! note's parsing shares (section cascades, the site folder) are unchanged.

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use super::Note;
use crate::diagnostics::Diagnostic;

/// A parsed note (or its problems), with the source and the cascade
/// fingerprint it was parsed from.
#[derive(Debug, Clone)]
pub struct NoteEntry {
    pub source: Arc<str>,
    /// Shared, so carrying an entry over to the next build is cheap.
    pub parsed: Result<Arc<Note>, Arc<Vec<Diagnostic>>>,
    /// The file's modification time and length when it was read.
    pub stamp: Option<FileStamp>,
    /// Names this parse: a note taken from the cache keeps it, a note
    /// parsed again gets a new one, so later stages' caches can key on it
    /// instead of hashing the source.
    pub revision: u64,
}

/// A revision no parse of this process has had yet.
pub fn next_revision() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
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

/// Parsed notes by content-relative path.
#[derive(Debug, Default)]
pub struct NoteCache {
    /// Fingerprint of what every note's parsing depends on besides its
    /// own source.
    key: u64,
    pub notes: HashMap<String, NoteEntry>,
}

impl NoteCache {
    /// Forgets every note when the shared inputs changed.
    pub fn invalidate(&mut self, key: u64) {
        if self.key != key {
            self.notes.clear();
            self.key = key;
        }
    }
}

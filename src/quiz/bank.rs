//! The site's question bank: every validated question with what the `site`
//! stage resolved for it (owning note, related notes, rendered HTML), in
//! bank order, with per-note indexes. Frozen with the site.

use std::sync::Arc;

use super::model::{Question, QuestionHtml};

/// One question of the site.
#[derive(Debug, Clone)]
pub struct Entry {
    pub question: Question,
    /// The note it belongs to (index into the site's notes).
    pub note: usize,
    /// Published notes it tests, in the order written (its own note when
    /// `related` is not written).
    pub related: Vec<usize>,
    pub html: QuestionHtml,
}

/// Every question of the site.
#[derive(Debug, Clone, Default)]
pub struct Bank {
    /// Sorted by note URL, then by order in the note (front-matter first,
    /// then ```quiz blocks in body order). Shared with the site stage's
    /// cache, so an unchanged note's questions are not copied.
    pub entries: Vec<Arc<Entry>>,
    /// Each note's entries, in the note's order.
    pub by_note: Vec<Vec<usize>>,
    /// Each note's "tested by": entries of other notes whose `related`
    /// names it, in bank order.
    pub tested_by: Vec<Vec<usize>>,
}

impl Bank {
    /// An empty bank for `notes` notes.
    pub fn empty(notes: usize) -> Bank {
        Bank {
            entries: Vec::new(),
            by_note: vec![Vec::new(); notes],
            tested_by: vec![Vec::new(); notes],
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// A note's entries (empty for an index out of range).
    pub fn of_note(&self, note: usize) -> &[usize] {
        self.by_note.get(note).map_or(&[], Vec::as_slice)
    }

    /// Entries of other notes that test `note`.
    pub fn testing(&self, note: usize) -> &[usize] {
        self.tested_by.get(note).map_or(&[], Vec::as_slice)
    }

    /// The entries of the note's ```quiz block `block`, in order.
    pub fn in_block(&self, note: usize, block: usize) -> impl Iterator<Item = usize> + '_ {
        self.of_note(note)
            .iter()
            .copied()
            .filter(move |&e| self.entries[e].question.block == Some(block))
    }
}

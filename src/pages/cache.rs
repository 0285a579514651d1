//! The pages stage's cache: rendered cards, questions and pages, each with
//! the key of its inputs (`keys`), valid while the templates, UI strings
//! and global context are unchanged; and what the last full render
//! computed for every page, so one note's page can be rendered alone.

use std::collections::HashMap;

use bytes::Bytes;

use super::PageData;

/// A rendered page with the key of what it was rendered from.
#[derive(Clone)]
pub struct PageEntry {
    pub key: u64,
    pub bytes: Bytes,
}

/// Cards by note (content-relative path) and pages by output path.
#[derive(Default)]
pub struct PageCache {
    /// Fingerprint of the templates and UI strings.
    key: u64,
    globals: Option<tera::Context>,
    /// Each card's fingerprint and its value with `html`, by note.
    pub cards: HashMap<String, (u64, tera::Value)>,
    /// Each question's value with `html` for the question pages, by id,
    /// with the key of what it was built from.
    pub questions: HashMap<String, (u64, tera::Value)>,
    pub pages: HashMap<String, PageEntry>,
    /// What the last full render computed for all pages.
    pub data: Option<PageData>,
}

impl PageCache {
    /// Forgets rendered cards and pages when templates or globals changed.
    pub fn invalidate(&mut self, key: u64, globals: &tera::Context) {
        if self.key != key || self.globals.as_ref() != Some(globals) {
            self.cards.clear();
            self.questions.clear();
            self.pages.clear();
            self.key = key;
            self.globals = Some(globals.clone());
        }
    }
}

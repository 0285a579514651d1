//! The pages stage's cache: rendered cards and pages, each with the exact
//! template and context it came from, valid while the templates, UI
//! strings and global context are unchanged; and what the last full render
//! computed for every page, so one note's page can be rendered alone.

use std::collections::HashMap;

use bytes::Bytes;

use super::PageData;

/// A rendered page with the template and context it came from.
#[derive(Clone)]
pub struct PageEntry {
    pub template: &'static str,
    pub context: tera::Context,
    pub bytes: Bytes,
}

/// Cards by note (content-relative path) and pages by output path.
#[derive(Default)]
pub struct PageCache {
    /// Fingerprint of the templates and UI strings.
    key: u64,
    globals: Option<tera::Context>,
    /// Each card's plain value and its value with `html`.
    pub cards: HashMap<String, (tera::Value, tera::Value)>,
    pub pages: HashMap<String, PageEntry>,
    /// What the last full render computed for all pages.
    pub data: Option<PageData>,
}

impl PageCache {
    /// Forgets rendered cards and pages when templates or globals changed.
    pub fn invalidate(&mut self, key: u64, globals: &tera::Context) {
        if self.key != key || self.globals.as_ref() != Some(globals) {
            self.cards.clear();
            self.pages.clear();
            self.key = key;
            self.globals = Some(globals.clone());
        }
    }
}

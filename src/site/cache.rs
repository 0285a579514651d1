//! The site stage's cache: each note's rendered Markdown with the body it
//! came from, valid while everything links resolve against (titles,
//! slugs, aliases, URLs, assets, image sizes, Markdown options) is
//! unchanged.

use std::collections::HashMap;
use std::sync::Arc;

use crate::markdown::Rendered;

/// Rendered Markdown with the body it came from.
#[derive(Debug, Clone)]
pub struct MarkdownEntry {
    pub body: Arc<str>,
    /// Shared, so carrying an entry over to the next build is cheap.
    pub rendered: Arc<Rendered>,
}

/// Rendered note bodies by content-relative path.
#[derive(Debug, Default)]
pub struct MarkdownCache {
    /// Fingerprint of everything links resolve against.
    key: u64,
    pub entries: HashMap<String, MarkdownEntry>,
}

impl MarkdownCache {
    /// Forgets every rendering when what links resolve against changed.
    pub fn invalidate(&mut self, key: u64) {
        if self.key != key {
            self.entries.clear();
            self.key = key;
        }
    }
}

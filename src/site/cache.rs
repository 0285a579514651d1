//! The site stage's cache: each note's rendered Markdown with the body it
//! came from, valid while everything links resolve against (titles,
//! slugs, aliases, URLs, assets, image sizes, Markdown options) is
//! unchanged.

use std::collections::HashMap;
use std::sync::Arc;

use crate::diagnostics::Diagnostic;
use crate::markdown::{Keywords, Rendered};
use crate::quiz::Entry;

/// Rendered Markdown with the body it came from.
#[derive(Debug, Clone)]
pub struct MarkdownEntry {
    pub body: Arc<str>,
    /// Shared, so carrying an entry over to the next build is cheap.
    pub rendered: Arc<Rendered>,
}

/// A note's questions, parsed, rendered and resolved, with what was found
/// on the way, for the note's parse revision.
#[derive(Debug, Clone)]
pub struct QuizEntry {
    pub revision: u64,
    pub entries: Vec<Arc<Entry>>,
    pub problems: Vec<Diagnostic>,
}

/// Rendered note bodies and questions by content-relative path.
#[derive(Debug, Default)]
pub struct MarkdownCache {
    /// Fingerprint of everything links resolve against.
    key: u64,
    pub entries: HashMap<String, MarkdownEntry>,
    /// Fingerprint of that and of the quiz settings.
    quiz_key: u64,
    pub questions: HashMap<String, QuizEntry>,
    /// The keyword automaton, with the fingerprint of the titles and
    /// aliases it was built from.
    pub keywords: Option<(u64, Arc<Keywords>)>,
    /// The glossary's groups, with the fingerprint of the titles and
    /// readings they were sorted from.
    pub glossary: Option<(u64, Arc<Vec<super::glossary::Group>>)>,
    /// The link index, with the fingerprint of the names it was built from.
    pub link_index: Option<(u64, Arc<super::links::LinkIndex>)>,
    /// Each note's related notes, with what updating them needs.
    pub related: Option<Arc<super::related::Related>>,
}

impl MarkdownCache {
    /// Forgets every rendering when what links resolve against changed.
    pub fn invalidate(&mut self, key: u64) {
        if self.key != key {
            self.entries.clear();
            self.key = key;
        }
    }

    /// Forgets every note's questions when what they resolve against or
    /// the quiz settings changed.
    pub fn invalidate_questions(&mut self, key: u64) {
        if self.quiz_key != key {
            self.questions.clear();
            self.quiz_key = key;
        }
    }
}

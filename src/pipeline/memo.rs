//! What one build keeps for the next (rebuilds under `serve`): each stage's
//! own cache, composed here, and the last successful build for
//! [`super::patch`]. Entries are reused only when their inputs are equal,
//! so a build with a memo writes the same bytes as a fresh one (a test
//! checks this over random edit sequences). A plain `build` passes no memo
//! and pays nothing.

use crate::content::NoteCache;
use crate::diagnostics::Diagnostic;
use crate::markdown::MarkdownOptions;
use crate::pages::PageCache;
use crate::quiz::shards::ShardCache;
use crate::render::Renderer;
use crate::site::{MarkdownCache, Site};

use super::Summary;

/// Every stage's cache, and the last good build.
#[derive(Default)]
pub struct Memo {
    pub notes: NoteCache,
    pub markdown: MarkdownCache,
    pub pages: PageCache,
    pub shards: ShardCache,
    /// The last successful build, for [`super::patch`].
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

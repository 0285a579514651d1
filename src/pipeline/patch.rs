//! The body-edit fast path of rebuilds. Most saves while writing change one
//! note's body and nothing that another page shows of it: its title, tags,
//! summary, links, reading time and questions stay as they were. Then only
//! that note's page and the Atom feed (which carries note HTML) can change, and
//! they are rendered again on the site the last build retained instead of
//! running the pipeline over every note and page.
//!
//! Every condition is checked before anything changes, and any doubt
//! (front-matter touched, links or questions changed, a new error) returns
//! `None`: the caller then runs the full, memoised pipeline. So this path
//! never decides less than the pipeline would; `tests/serve.rs` compares
//! the served output with fresh builds after random edit sequences.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;

use super::Outcome;
use super::{Memo, Retained};
use crate::content::{self, frontmatter};
use crate::content::{settled_stamp, NoteEntry};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::feeds;
use crate::markdown::Rendered;
use crate::output::{MemoryOutput, Output};
use crate::pages;
use crate::site::{body_diagnostics, MarkdownEntry};

/// A patched build: its outcome and the output files that were written
/// again (all others are the previous build's).
pub struct Patched {
    pub outcome: Outcome,
    pub files: Vec<(String, Bytes)>,
}

/// One note's new body, checked and rendered.
struct Edit {
    note: usize,
    source: String,
    rendered: Rendered,
    old_diagnostics: Vec<Diagnostic>,
    new_diagnostics: Vec<Diagnostic>,
}

/// Applies edits of the notes at content-relative paths `rels` to the
/// build `memo` retains, or `None` when the fast path does not apply.
pub fn patch(root: &Path, memo: &mut Memo, rels: &[String]) -> anyhow::Result<Option<Patched>> {
    let start = Instant::now();
    let Some(mut retained) = memo.retained.take() else {
        return Ok(None);
    };
    let edits: Option<Vec<Edit>> = rels
        .iter()
        .map(|rel| plan(root, &retained, memo, rel))
        .collect();
    let Some(edits) = edits else {
        memo.retained = Some(retained);
        return Ok(None);
    };
    // From here on the retained site changes: a failure below drops it, and
    // the caller's full build starts from the (content-keyed) memo alone.
    let notes: Vec<usize> = edits.iter().map(|e| e.note).collect();
    let mut diagnostics = retained.diagnostics.clone();
    for edit in edits {
        for old in &edit.old_diagnostics {
            if let Some(at) = diagnostics.iter().position(|d| d == old) {
                diagnostics.remove(at);
            }
        }
        diagnostics.extend(edit.new_diagnostics.iter().cloned());
        apply(root, &mut retained, memo, edit);
    }
    let output = MemoryOutput::default();
    let site = &retained.site;
    match pages::render_note_pages(site, &retained.renderer, &output, &notes, &mut memo.pages)? {
        Some(problems) if problems.is_empty() => {}
        _ => return Ok(None),
    }
    // The sitemap and robots.txt list URLs and dates only.
    if let Some((path, bytes)) = feeds::atom_file(site) {
        output.write(&path, &bytes)?;
    }
    let mut found = Diagnostics::default();
    found.extend(diagnostics);
    retained.diagnostics = found.sorted();
    let outcome = Outcome {
        diagnostics: retained.diagnostics.clone(),
        summary: Some(retained.summary.clone()),
        elapsed: start.elapsed(),
        stages: Vec::new(),
        writing: std::time::Duration::ZERO,
    };
    memo.retained = Some(retained);
    Ok(Some(Patched {
        outcome,
        files: output.into_files().into_iter().collect(),
    }))
}

/// The edit of note `rel`, if it is one the fast path can take.
fn plan(root: &Path, retained: &Retained, memo: &Memo, rel: &str) -> Option<Edit> {
    let site = &retained.site;
    let note = site.notes().iter().position(|n| n.rel == rel)?;
    let old = &site.notes()[note];
    let file = root.join(content::CONTENT_DIR).join(rel);
    let source = std::fs::read_to_string(file).ok()?;
    // The same front-matter bytes parse to the same note: only the body
    // (and so the source) differs.
    let offset = old.body_offset;
    let same_front = source.get(..offset) == Some(&old.source[..offset])
        && frontmatter::split(&source).ok()?.body_offset == offset;
    if !same_front {
        return None;
    }
    let remembered = memo.markdown.entries.get(rel)?;
    if *remembered.body != *old.body() {
        return None;
    }
    let rendered = site.render_body(note, &source[offset..], &retained.md_opts);
    if !shows_the_same(&rendered, &site.rendered[note]) {
        return None;
    }
    let new_diagnostics = body_diagnostics(&old.path, &source, offset, rendered.problems.clone());
    if new_diagnostics.iter().any(Diagnostic::is_error) {
        return None;
    }
    let old_problems = remembered.rendered.problems.clone();
    Some(Edit {
        note,
        old_diagnostics: body_diagnostics(&old.path, &old.source, offset, old_problems),
        new_diagnostics,
        source,
        rendered,
    })
}

/// Whether everything of a note's rendered body that the rest of the site
/// reads is unchanged: links (backlinks, related notes, orphans), reading
/// time (cards) and ```quiz blocks with their offsets (the question bank and
/// its positions). Its HTML, table of contents, excerpt, word count and
/// text show on its own page, in the Atom feed and in the search index only.
fn shows_the_same(new: &Rendered, old: &Rendered) -> bool {
    new.links == old.links
        && new.keyword_links == old.keyword_links
        && new.reading_minutes == old.reading_minutes
        && new.quizzes == old.quizzes
}

/// Puts an edit into the retained site and the memo.
fn apply(root: &Path, retained: &mut Retained, memo: &mut Memo, edit: Edit) {
    let Edit {
        note,
        source,
        rendered,
        ..
    } = edit;
    Arc::make_mut(&mut retained.site.content.notes[note]).source = source;
    let n = &retained.site.content.notes[note];
    let file = root.join(content::CONTENT_DIR).join(&n.rel);
    let revision = content::next_revision();
    memo.notes.notes.insert(
        n.rel.clone(),
        NoteEntry {
            source: Arc::from(n.source.as_str()),
            parsed: Ok(n.clone()),
            stamp: settled_stamp(&file),
            revision,
        },
    );
    if let Some(r) = retained.site.content.revisions.get_mut(note) {
        *r = revision;
    }
    memo.markdown.entries.insert(
        n.rel.clone(),
        MarkdownEntry {
            body: Arc::from(n.body()),
            rendered: Arc::new(rendered.clone()),
        },
    );
    retained.site.rendered[note] = Arc::new(rendered);
}

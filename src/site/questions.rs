//! The quiz part of the site stage: parses each note's questions (the
//! `quiz` stage), renders their Markdown with the note's link resolver,
//! resolves `related` names through the [`LinkIndex`](super::LinkIndex),
//! rejects ids used twice in the site, and orders the [`Bank`]. Notes
//! without questions cost one check of `quiz` and of the fence list.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use super::cache::{MarkdownCache, QuizEntry};
use super::links::{self, Resolver};
use super::LinkContext;
use crate::cache::fingerprint;
use crate::config::Config;
use crate::content::Note;
use crate::diagnostics::{Diagnostic, LineIndex, Pos, Severity};
use crate::markdown::{self, MarkdownOptions, Rendered};
use crate::quiz::{self, Bank, Entry, Question, QuestionHtml, QuizInput};
use crate::yaml::Block;

/// What the questions of every note are built from.
pub(super) struct QuizContext<'a, 'b> {
    pub links: &'a LinkContext<'b>,
    pub rendered: &'a [Arc<Rendered>],
    pub config: &'a Config,
    pub md_opts: &'a MarkdownOptions,
    /// What links resolve against (0 without a cache).
    pub markdown_key: u64,
}

/// Builds the bank of every published note's questions; problems go to
/// `problems`. With a cache, a note whose parse revision is unchanged gets
/// its questions from it.
pub(super) fn build(
    q: &QuizContext,
    problems: &mut Vec<Diagnostic>,
    mut cache: Option<&mut MarkdownCache>,
) -> Bank {
    let ctx = q.links;
    let notes = &ctx.content.notes;
    let with_questions: Vec<usize> = (0..notes.len())
        .filter(|&i| notes[i].quiz.is_some() || !q.rendered[i].quizzes.is_empty())
        .collect();
    if with_questions.is_empty() {
        return Bank::empty(notes.len());
    }
    if let Some(c) = cache.as_deref_mut() {
        let md_opts = format!("{:?}", q.md_opts);
        c.invalidate_questions(fingerprint(&(
            q.markdown_key,
            &q.config.quiz.choices,
            md_opts,
        )));
    }
    let remembered = cache.as_deref();
    let revisions = &ctx.content.revisions;
    let per_note: Vec<QuizEntry> = with_questions
        .par_iter()
        .map(|&i| {
            let revision = revisions.get(i).copied().unwrap_or_default();
            let hit = remembered
                .and_then(|c| c.questions.get(&notes[i].rel))
                .filter(|e| revision != 0 && e.revision == revision);
            if let Some(e) = hit {
                return e.clone();
            }
            let (entries, problems) = note_entries(q, i);
            QuizEntry {
                revision,
                entries: entries.into_iter().map(Arc::new).collect(),
                problems,
            }
        })
        .collect();
    let mut entries = Vec::new();
    for e in &per_note {
        entries.extend(e.entries.iter().cloned());
        problems.extend(e.problems.iter().cloned());
    }
    if let Some(c) = cache {
        c.questions = with_questions
            .iter()
            .zip(per_note)
            .map(|(&i, e)| (notes[i].rel.clone(), e))
            .collect();
    }
    problems.extend(duplicate_ids(notes, &entries));
    order(entries, ctx.note_urls, notes.len())
}

/// The questions of note `i`, parsed, rendered and resolved.
fn note_entries(q: &QuizContext, i: usize) -> (Vec<Entry>, Vec<Diagnostic>) {
    let (ctx, rendered, config, md_opts) = (q.links, &q.rendered[i], q.config, q.md_opts);
    let note = &ctx.content.notes[i];
    let lines = LineIndex::new(&note.source);
    let fences: Vec<Block> = rendered
        .quizzes
        .iter()
        .map(|f| quiz::fence_block(&note.source, note.body_offset, &lines, f))
        .collect();
    let input = QuizInput {
        path: &note.path,
        source: &note.source,
        slug: &note.slug,
        syllabus: &note.syllabus,
        front_matter: note.quiz.as_ref().map(|v| (v, &note.keys)),
        fences: &fences,
        config: &config.quiz,
    };
    let (questions, mut problems) = quiz::parse_note_quiz(&input);
    let resolver = ctx.resolver(links::note_dir(note));
    let mut out = Vec::with_capacity(questions.len());
    for question in questions {
        let related = related(ctx, i, &question, &lines, &mut problems);
        let mut md = Markdown {
            note,
            lines: &lines,
            resolver: &resolver,
            md_opts,
            problems: &mut problems,
        };
        let html = md.question(&question);
        out.push(Entry {
            question,
            note: i,
            related,
            html,
        });
    }
    (out, problems)
}

/// The published notes a question tests: its `related` names (each must
/// name a note by title, slug or alias), else its own note.
fn related(
    ctx: &LinkContext,
    own: usize,
    q: &Question,
    lines: &LineIndex,
    problems: &mut Vec<Diagnostic>,
) -> Vec<usize> {
    let notes = &ctx.content.notes;
    let note = &notes[own];
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for named in &q.related {
        match ctx.index.wikilink(&named.name) {
            Some(id) if id < notes.len() => {
                if seen.insert(id) {
                    out.push(id);
                }
            }
            Some(id) => {
                // A hidden note: drafts are worth a warning; a note that
                // failed to parse has its own errors already.
                let Some((hidden, _)) = ctx.content.hidden.get(id - notes.len()) else {
                    continue;
                };
                if hidden.draft {
                    let message = format!(
                        "`related` names `{}`, a draft that is not published",
                        named.name
                    );
                    let hint = "build with --drafts to include it, or remove it from `related`";
                    problems.push(
                        Diagnostic::warning(&note.path, named.at, message)
                            .with_hint(hint)
                            .with_indexed_source(&note.source, lines),
                    );
                }
            }
            None => {
                let message = format!("`related` names no note: `{}`", named.name);
                let hint = "name a note by its title, slug or one of its aliases";
                problems.push(
                    Diagnostic::error(&note.path, named.at, message)
                        .with_hint(hint)
                        .with_indexed_source(&note.source, lines),
                );
            }
        }
    }
    if out.is_empty() {
        out.push(own);
    }
    out
}

/// Renders a question's Markdown with its note's resolver, so wikilinks
/// work; problems are reported at the key holding the text.
struct Markdown<'a, 'r> {
    note: &'a Note,
    lines: &'a LineIndex,
    resolver: &'a Resolver<'r>,
    md_opts: &'a MarkdownOptions,
    problems: &'a mut Vec<Diagnostic>,
}

impl Markdown<'_, '_> {
    fn question(&mut self, q: &Question) -> QuestionHtml {
        let choices = q.kind.choices();
        QuestionHtml {
            stem: self.block(&q.stem, q.pos.question),
            choices: choices
                .iter()
                .zip(&q.pos.choices)
                .map(|(c, &at)| self.inline(&c.text, at))
                .collect(),
            explains: choices
                .iter()
                .zip(&q.pos.choices)
                .map(|(c, &at)| c.explain.as_deref().map(|e| self.block(e, at)))
                .collect(),
            explanation: q
                .explanation
                .as_deref()
                .map(|e| self.block(e, q.pos.explanation)),
            model_answer: q
                .kind
                .model_answer()
                .map(|(m, _)| self.block(m, q.pos.model_answer)),
        }
    }

    fn block(&mut self, text: &str, at: Pos) -> String {
        if let Some(mut html) = markdown::plain_paragraph(text) {
            html.truncate(html.trim_end().len());
            return html;
        }
        let r = markdown::render(text, self.resolver, self.md_opts);
        for p in r.problems {
            let d = match p.severity {
                Severity::Error => Diagnostic::error(&self.note.path, at, p.message),
                Severity::Warning => Diagnostic::warning(&self.note.path, at, p.message),
            };
            let d = d.with_indexed_source(&self.note.source, self.lines);
            self.problems.push(match p.hint {
                Some(h) => d.with_hint(h),
                None => d,
            });
        }
        r.html.trim_end().to_string()
    }

    /// A choice: a lone paragraph is unwrapped so the text sits in a label.
    fn inline(&mut self, text: &str, at: Pos) -> String {
        let html = self.block(text, at);
        match html
            .strip_prefix("<p>")
            .and_then(|h| h.strip_suffix("</p>"))
        {
            Some(inner) if !inner.contains("<p>") => inner.to_string(),
            _ => html,
        }
    }
}

/// How many other places a duplicate-id error lists: one id copied into
/// thousands of questions would otherwise make each error name all of them.
const OTHER_PLACES_SHOWN: usize = 5;

/// Every place of an id used more than once, each naming (some of) the others.
fn duplicate_ids(notes: &[Note], entries: &[Arc<Entry>]) -> Vec<Diagnostic> {
    let mut places: HashMap<&str, Vec<&Entry>> = HashMap::new();
    for e in entries {
        places.entry(e.question.id.as_str()).or_default().push(e);
    }
    let mut indexes: HashMap<usize, LineIndex> = HashMap::new();
    let mut out = Vec::new();
    for (id, list) in places.into_iter().filter(|(_, l)| l.len() > 1) {
        for (k, e) in list.iter().enumerate() {
            let note = &notes[e.note];
            let message = format!(
                "duplicate question id `{id}`: also used at {}",
                other_places(notes, &list, k)
            );
            let hint =
                "question ids must be unique in the site; rename one (results are saved per id)";
            let lines = indexes
                .entry(e.note)
                .or_insert_with(|| LineIndex::new(&note.source));
            out.push(
                Diagnostic::error(&note.path, e.question.pos.id, message)
                    .with_hint(hint)
                    .with_indexed_source(&note.source, lines),
            );
        }
    }
    out
}

/// `path:line:col` of the places in `list` other than the `k`th, the
/// first few of them and how many more.
fn other_places(notes: &[Note], list: &[&Entry], k: usize) -> String {
    let at = |e: &Entry| {
        let pos = e.question.pos.id;
        format!("{}:{}:{}", notes[e.note].path.display(), pos.line, pos.col)
    };
    let others = list.len() - 1;
    let mut shown: Vec<String> = list
        .iter()
        .enumerate()
        .filter(|(j, _)| *j != k)
        .take(OTHER_PLACES_SHOWN)
        .map(|(_, o)| at(o))
        .collect();
    if others > OTHER_PLACES_SHOWN {
        shown.push(format!("and {} more", others - OTHER_PLACES_SHOWN));
    }
    shown.join(", ")
}

/// Bank order (note URL, then order in the note) and the per-note indexes.
fn order(mut entries: Vec<Arc<Entry>>, note_urls: &[String], notes: usize) -> Bank {
    // Entries arrive in note order, each note's in its own order; a stable
    // sort by URL keeps the latter.
    entries.sort_by(|a, b| note_urls[a.note].cmp(&note_urls[b.note]));
    let mut bank = Bank::empty(notes);
    for (e, entry) in entries.iter().enumerate() {
        bank.by_note[entry.note].push(e);
        for &r in entry.related.iter().filter(|&&r| r != entry.note) {
            bank.tested_by[r].push(e);
        }
    }
    bank.entries = entries;
    bank
}

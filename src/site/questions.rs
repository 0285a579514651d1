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
use crate::quiz::{self, Bank, Entry, Question, QuestionHtml, QuizBlocks, QuizInput};
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
    problems.extend(duplicate_ids(notes, q.rendered, &entries));
    order(entries, ctx.note_urls, notes.len())
}

/// The questions of note `i`, parsed, rendered and resolved.
fn note_entries(q: &QuizContext, i: usize) -> (Vec<Entry>, Vec<Diagnostic>) {
    let (ctx, rendered, config, md_opts) = (q.links, &q.rendered[i], q.config, q.md_opts);
    let note = &ctx.content.notes[i];
    let lines = LineIndex::new(&note.source);
    let fences = fence_blocks(note, rendered, &lines);
    let blocks = QuizBlocks::new(Some(note.lazy_keys()), &fences);
    let input = QuizInput {
        path: &note.path,
        source: &note.source,
        slug: &note.slug,
        syllabus: &note.syllabus,
        front_matter: note.quiz.as_ref(),
        blocks: &blocks,
        config: &config.quiz,
    };
    let (questions, mut problems) = quiz::parse_note_quiz(&input);
    let resolver = ctx.resolver(links::note_dir(note));
    let mut out = Vec::with_capacity(questions.len());
    for question in questions {
        let related = related(ctx, i, &question, &blocks, &lines, &mut problems);
        let mut md = Markdown {
            note,
            lines: &lines,
            blocks: &blocks,
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

/// The ```quiz blocks of a note's body at their places in the file.
fn fence_blocks<'a>(note: &Note, rendered: &'a Rendered, lines: &LineIndex) -> Vec<Block<'a>> {
    rendered
        .quizzes
        .iter()
        .map(|f| quiz::fence_block(&note.source, note.body_offset, lines, f))
        .collect()
}

/// The published notes a question tests: its `related` names (each must
/// name a note by title, slug or alias), else its own note.
fn related(
    ctx: &LinkContext,
    own: usize,
    q: &Question,
    blocks: &QuizBlocks,
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
                    let at = blocks.question_pos(q, &format!("related.{}", named.index));
                    problems.push(
                        Diagnostic::warning(&note.path, at, message)
                            .with_hint(hint)
                            .with_indexed_source(&note.source, lines),
                    );
                }
            }
            None => {
                let message = format!("`related` names no note: `{}`", named.name);
                let hint = "name a note by its title, slug or one of its aliases";
                let at = blocks.question_pos(q, &format!("related.{}", named.index));
                problems.push(
                    Diagnostic::error(&note.path, at, message)
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
    blocks: &'a QuizBlocks<'a>,
    resolver: &'a Resolver<'r>,
    md_opts: &'a MarkdownOptions,
    problems: &'a mut Vec<Diagnostic>,
}

impl Markdown<'_, '_> {
    fn question(&mut self, q: &Question) -> QuestionHtml {
        let choices = q.kind.choices();
        let choice_key = |i: usize| format!("choices.{i}");
        QuestionHtml {
            stem: self.block(&q.stem, q, "question"),
            choices: choices
                .iter()
                .enumerate()
                .map(|(i, c)| self.inline(&c.text, q, &choice_key(i)))
                .collect(),
            explains: choices
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    c.explain
                        .as_deref()
                        .map(|e| self.block(e, q, &choice_key(i)))
                })
                .collect(),
            explanation: q
                .explanation
                .as_deref()
                .map(|e| self.block(e, q, "explanation")),
            model_answer: q
                .kind
                .model_answer()
                .map(|(m, _)| self.block(m, q, "model_answer")),
        }
    }

    /// `text`, a field of `q` written at its key `key`, as HTML.
    fn block(&mut self, text: &str, q: &Question, key: &str) -> String {
        if let Some(mut html) = markdown::plain_paragraph(text) {
            html.truncate(html.trim_end().len());
            return html;
        }
        let r = markdown::render(text, self.resolver, self.md_opts);
        let at = if r.problems.is_empty() {
            Pos::START
        } else {
            self.blocks.question_pos(q, key)
        };
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
    fn inline(&mut self, text: &str, q: &Question, key: &str) -> String {
        let html = self.block(text, q, key);
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
fn duplicate_ids(
    notes: &[Arc<Note>],
    rendered: &[Arc<Rendered>],
    entries: &[Arc<Entry>],
) -> Vec<Diagnostic> {
    let mut places: HashMap<&str, Vec<usize>> = HashMap::new();
    for (k, e) in entries.iter().enumerate() {
        places.entry(e.question.id.as_str()).or_default().push(k);
    }
    places.retain(|_, list| list.len() > 1);
    if places.is_empty() {
        return Vec::new();
    }
    let repeated: Vec<usize> = places.values().flatten().copied().collect();
    let (id_pos, indexes) = id_positions(notes, rendered, entries, &repeated);
    let mut out = Vec::new();
    for (id, list) in places {
        for &k in &list {
            let note = &notes[entries[k].note];
            let message = format!(
                "duplicate question id `{id}`: also used at {}",
                other_places(notes, entries, &list, k, &id_pos)
            );
            let hint =
                "question ids must be unique in the site; rename one (results are saved per id)";
            out.push(
                Diagnostic::error(&note.path, id_pos[&k], message)
                    .with_hint(hint)
                    .with_indexed_source(&note.source, &indexes[&entries[k].note]),
            );
        }
    }
    out
}

/// Where the ids of the `wanted` entries are written, and the line index
/// of each of their notes.
fn id_positions(
    notes: &[Arc<Note>],
    rendered: &[Arc<Rendered>],
    entries: &[Arc<Entry>],
    wanted: &[usize],
) -> (HashMap<usize, Pos>, HashMap<usize, LineIndex>) {
    let mut by_note: HashMap<usize, Vec<usize>> = HashMap::new();
    for &k in wanted {
        by_note.entry(entries[k].note).or_default().push(k);
    }
    let mut id_pos = HashMap::new();
    let mut indexes = HashMap::new();
    for (n, list) in by_note {
        let note = &notes[n];
        let lines = LineIndex::new(&note.source);
        let fences = fence_blocks(note, &rendered[n], &lines);
        let blocks = QuizBlocks::new(Some(note.lazy_keys()), &fences);
        for k in list {
            id_pos.insert(k, blocks.question_pos(&entries[k].question, "id"));
        }
        indexes.insert(n, lines);
    }
    (id_pos, indexes)
}

/// `path:line:col` of the places in `list` other than entry `k`, the
/// first few of them and how many more.
fn other_places(
    notes: &[Arc<Note>],
    entries: &[Arc<Entry>],
    list: &[usize],
    k: usize,
    id_pos: &HashMap<usize, Pos>,
) -> String {
    let at = |o: usize| {
        let pos = id_pos[&o];
        format!(
            "{}:{}:{}",
            notes[entries[o].note].path.display(),
            pos.line,
            pos.col
        )
    };
    let others = list.len() - 1;
    let mut shown: Vec<String> = list
        .iter()
        .filter(|&&o| o != k)
        .take(OTHER_PLACES_SHOWN)
        .map(|&o| at(o))
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

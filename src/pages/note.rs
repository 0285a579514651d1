//! The note page of the pages stage: one keyword note with its body,
//! table of contents, questions, backlinks, related notes and neighbours
//! (`note.html`, docs/templates.md). Lists that grow with the site
//! (backlinks, questions of other notes) are capped, with their full
//! counts beside them.

use std::borrow::Cow;

use serde::Serialize;
use tera::{Context, Value};

use super::{base_context, Card, Link, Page, Shared, QUESTION_PARTIAL};
use crate::content::Note;
use crate::diagnostics::Diagnostic;
use crate::markdown::{self, TocEntry};
use crate::quiz::view::{self as quiz_view, TestedBy};
use crate::render::{format_date, Renderer};

/// Backlink cards on a note page; `backlink_count` has them all.
pub const BACKLINKS_SHOWN: usize = 20;

/// Questions of other notes listed as testing a note; `tested_by_count`
/// has them all.
pub const TESTED_BY_SHOWN: usize = 30;

#[derive(Serialize)]
struct NotePage<'a> {
    #[serde(flatten)]
    card: &'a Card,
    slug: &'a str,
    permalink: String,
    content: Cow<'a, str>,
    toc: &'a [TocEntry],
    updated: Option<String>,
    updated_display: Option<String>,
    syllabus: &'a [String],
    /// The breadcrumb with links to `/syllabus/` (docs/templates.md).
    syllabus_links: Value,
    reading: Option<&'a str>,
    aliases: &'a [String],
    /// The first [`BACKLINKS_SHOWN`] backlinks' cards.
    backlinks: Vec<Value>,
    backlink_count: usize,
    /// Related notes' cards, best first (`site::related`).
    related: Vec<Value>,
    questions: Vec<Value>,
    /// The first [`TESTED_BY_SHOWN`] questions of other notes testing it.
    tested_by: Vec<TestedBy<'a>>,
    tested_by_count: usize,
    prev: Option<Link>,
    next: Option<Link>,
    sources: &'a [crate::content::Source],
    extra: &'a serde_json::Value,
    word_count: usize,
    /// The body has a highlighted code block (the theme loads its copy button).
    has_code: bool,
    /// The body has keyword auto-links (the theme loads their hover card).
    has_keyword_links: bool,
}

pub(super) fn note_page(s: &Shared, renderer: &Renderer, i: usize) -> Result<Page, Diagnostic> {
    let site = s.site;
    let n = &site.notes()[i];
    let r = &site.rendered[i];
    let url = &site.note_urls[i];
    let (prev, next) = site.neighbours(i);
    let link = |j: usize| Link {
        title: site.notes()[j].title.clone(),
        url: s.cards[j].url.clone(),
    };
    let cards = |notes: &[usize]| -> Vec<Value> {
        notes.iter().map(|&j| s.card_values[j].clone()).collect()
    };
    let backlinks = &site.backlinks[i];
    let tested_by = site.quiz.testing(i);
    let questions: Vec<Value> = site
        .quiz
        .of_note(i)
        .iter()
        .map(|&e| super::question_value(site, e))
        .collect();
    let page = NotePage {
        card: &s.cards[i],
        slug: &n.slug,
        permalink: site.permalink(url),
        content: note_content(s, renderer, i, &r.html, &questions)?,
        toc: &r.toc,
        updated: n.updated.as_ref().map(|d| d.ymd()),
        updated_display: n
            .updated
            .as_ref()
            .and_then(|d| format_date(s.strings, &d.ymd())),
        syllabus: &n.syllabus,
        syllabus_links: site.syllabus.note_node[i].map_or_else(
            || Value::from(Vec::<Value>::new()),
            |n| s.syllabus_links[n].clone(),
        ),
        reading: n.reading.as_deref(),
        aliases: &n.aliases,
        backlinks: cards(&backlinks[..backlinks.len().min(BACKLINKS_SHOWN)]),
        backlink_count: backlinks.len(),
        related: cards(&site.related.lists[i]),
        questions: questions.clone(),
        tested_by: tested_by
            .iter()
            .take(TESTED_BY_SHOWN)
            .map(|&e| quiz_view::tested_by(site, e))
            .collect(),
        tested_by_count: tested_by.len(),
        prev: prev.map(link),
        next: next.map(link),
        sources: &n.sources,
        extra: &n.extra,
        word_count: r.word_count,
        has_code: r.html.contains(markdown::CODE_BLOCK_OPEN),
        has_keyword_links: r.html.contains(markdown::KEYWORD_LINK_OPEN),
    };
    let description = note_description(n, &r.excerpt);
    let og_image = s.cards[i].image.as_ref();
    let mut ctx = base_context(s, url, Some(&n.title), &description, og_image);
    ctx.insert("page", &page);
    ctx.insert("section", &s.section_values[site.content.note_section[i]]);
    Ok(Page::at(
        "note.html",
        url,
        n.path.display().to_string(),
        ctx,
    ))
}

/// The note's HTML with each ```quiz block's placeholder replaced by its
/// questions rendered through [`QUESTION_PARTIAL`] (with `question`,
/// `current_url` and the globals in scope). Without that partial the
/// blocks render as nothing; the questions are still in `page.questions`.
/// `questions` are the note's questions' values, in the note's order.
fn note_content<'a>(
    s: &Shared,
    renderer: &Renderer,
    i: usize,
    html: &'a str,
    questions: &[Value],
) -> Result<Cow<'a, str>, Diagnostic> {
    let blocks = s.site.rendered[i].quizzes.len();
    if blocks == 0 {
        return Ok(Cow::Borrowed(html));
    }
    let label = s.site.notes()[i].path.display().to_string();
    let current_url = s.site.url(&s.site.note_urls[i]);
    let mut rendered = vec![String::new(); blocks];
    if renderer.has_template(QUESTION_PARTIAL) {
        for (b, out) in rendered.iter_mut().enumerate() {
            let own = s.site.quiz.of_note(i);
            for e in s.site.quiz.in_block(i, b) {
                let at = own.iter().position(|&x| x == e).unwrap_or_default();
                let mut ctx = Context::new();
                ctx.insert("question", &questions[at]);
                ctx.insert("current_url", &current_url);
                out.push_str(&renderer.render(QUESTION_PARTIAL, &ctx, &label)?);
            }
        }
    }
    Ok(Cow::Owned(markdown::fill_quiz_placeholders(
        html,
        blocks,
        |b| std::mem::take(&mut rendered[b]),
    )))
}

fn note_description(n: &Note, excerpt: &str) -> String {
    if n.summary.is_empty() {
        excerpt.to_string()
    } else {
        n.summary.join(" / ")
    }
}

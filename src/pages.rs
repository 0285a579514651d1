//! Pages stage: turns the frozen [`Site`] into template contexts (the
//! contract in `docs/templates.md`) and renders every page in parallel into
//! owned bytes handed to the [`Output`]. It never touches the disk itself.

use bytes::Bytes;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Value};

mod reference;

use crate::memo::{Memo, PageEntry};

use crate::content::{AssetOwner, Note};
use crate::diagnostics::Diagnostic;
use crate::markdown::{self, TocEntry};
use crate::output::Output;
use crate::quiz::view::{self as quiz_view, Shape, TestedBy};
use crate::render::{format_date, Renderer};
use crate::site::{self, Site, Term};

/// How many note cards the home page lists (newest first).
pub const HOME_NOTES: usize = 30;

/// One page to render: its template, output path and context.
struct Page {
    template: &'static str,
    /// Output path relative to the output root.
    path: String,
    /// What the page is, for error messages.
    label: String,
    context: Context,
}

#[derive(Serialize, Clone)]
struct Link {
    title: String,
    url: String,
}

#[derive(Serialize, Clone)]
struct TagLink {
    name: String,
    url: String,
}

#[derive(Serialize, Clone)]
struct Image {
    url: String,
    alt: String,
    /// Read from the file when it is part of the site (not for remote URLs).
    width: Option<u32>,
    height: Option<u32>,
}

#[derive(Serialize, Clone)]
struct Card {
    title: String,
    url: String,
    summary: Vec<String>,
    date: Option<String>,
    date_display: Option<String>,
    image: Option<Image>,
    tags: Vec<TagLink>,
    reading_time: u32,
    section: Option<Link>,
}

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
    backlinks: Vec<Value>,
    /// Related notes' cards, best first (`site::related`).
    related: Vec<Value>,
    questions: Vec<Value>,
    tested_by: Vec<TestedBy<'a>>,
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

#[derive(Serialize)]
struct SectionPage<'a> {
    title: String,
    url: String,
    permalink: String,
    content: &'a str,
    objective: Option<&'a str>,
    syllabus: &'a [String],
    description: &'a str,
    extra: &'a serde_json::Value,
    subsections: Vec<SectionLink>,
    #[serde(skip_serializing_if = "Option::is_none")]
    notes: Option<Vec<Value>>,
}

#[derive(Serialize, Clone)]
struct SectionLink {
    title: String,
    url: String,
    note_count: usize,
}

#[derive(Serialize)]
struct TaxonomyLink {
    name: String,
    title: String,
    url: String,
    term_count: usize,
}

#[derive(Serialize)]
struct TaxonomyPage<'a> {
    #[serde(flatten)]
    link: &'a TaxonomyLink,
    #[serde(skip_serializing_if = "Option::is_none")]
    terms: Option<Vec<TermLink>>,
}

#[derive(Serialize)]
struct TermPage<'a> {
    name: &'a str,
    url: String,
    notes: Vec<Value>,
}

#[derive(Serialize)]
struct HomePage<'a> {
    title: &'a str,
    content: &'a str,
}

#[derive(Serialize)]
struct TermLink {
    name: String,
    url: String,
    count: usize,
}

/// Everything computed once and shared by all pages. Card and section
/// values are converted to Tera values once; page contexts clone them
/// (reference-counted) instead of serialising them again.
struct Shared<'a> {
    site: &'a Site,
    strings: &'a BTreeMap<String, String>,
    cards: Vec<Card>,
    card_values: Vec<Value>,
    section_values: Vec<Value>,
    /// Each bank entry as a template value (`docs/quiz.md`).
    question_values: Vec<Value>,
    /// Each syllabus node's breadcrumb (`page.syllabus_links`).
    syllabus_links: Vec<Value>,
}

/// The partial that renders one question (`question`) in place of a
/// ```quiz block.
pub const QUESTION_PARTIAL: &str = "partials/quiz_question.html";

/// Which page to render; contexts are built in the worker that renders the
/// page, so only the pages in flight hold one.
#[derive(Debug, Clone, Copy)]
enum PageKind {
    Note(usize),
    Section(usize),
    Home,
    Taxonomy(usize),
    Term(usize, usize),
    NotFound,
    /// `/quiz/`, `/exam/`, `/progress/`, `/review/`.
    Quiz(QuizPage),
    /// `/glossary/`, `/syllabus/`.
    Reference(reference::ReferencePage),
    /// `/search/`.
    Search,
}

/// The site-wide quiz pages; each is rendered only if the theme has its
/// template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum QuizPage {
    Bank,
    Exam,
    Progress,
    Review,
}

impl QuizPage {
    const ALL: [QuizPage; 4] = [
        QuizPage::Bank,
        QuizPage::Exam,
        QuizPage::Progress,
        QuizPage::Review,
    ];

    fn template(self) -> &'static str {
        match self {
            QuizPage::Bank => "quiz.html",
            QuizPage::Exam => "exam.html",
            QuizPage::Progress => "progress.html",
            QuizPage::Review => "review.html",
        }
    }

    /// URL path relative to the base path.
    fn path(self) -> &'static str {
        match self {
            QuizPage::Bank => "quiz/",
            QuizPage::Exam => "exam/",
            QuizPage::Progress => "progress/",
            QuizPage::Review => "review/",
        }
    }

    /// The `t` key of its title, and the fallbacks (ja, en) when the
    /// theme's strings lack it.
    fn title_key(self) -> (&'static str, &'static str, &'static str) {
        match self {
            QuizPage::Bank => ("quiz_page_title", "問題集", "Question bank"),
            QuizPage::Exam => ("exam_page_title", "模擬試験", "Mock exam"),
            QuizPage::Progress => ("progress_page_title", "学習記録", "Progress"),
            QuizPage::Review => ("review_page_title", "復習", "Review"),
        }
    }
}

/// [`Shared`] without the site it borrows: kept in the memo after a full
/// render so an edited note's page can be rendered alone
/// ([`render_note_pages`]).
pub struct PageData {
    strings: BTreeMap<String, String>,
    cards: Vec<Card>,
    card_values: Vec<Value>,
    section_values: Vec<Value>,
    question_values: Vec<Value>,
    syllabus_links: Vec<Value>,
}

impl Shared<'_> {
    fn into_data(self, strings: BTreeMap<String, String>) -> PageData {
        PageData {
            strings,
            cards: self.cards,
            card_values: self.card_values,
            section_values: self.section_values,
            question_values: self.question_values,
            syllabus_links: self.syllabus_links,
        }
    }
}

/// Renders the pages of notes `notes` only, with the page data of the
/// last full render: for edits that change nothing another page shows
/// (see `pipeline::patch`). `None` when there is no such render.
pub fn render_note_pages(
    site: &Site,
    renderer: &Renderer,
    output: &dyn Output,
    notes: &[usize],
    memo: &mut Memo,
) -> anyhow::Result<Option<Vec<Diagnostic>>> {
    let Some(data) = memo.page_data.take() else {
        return Ok(None);
    };
    let strings = data.strings;
    let shared = Shared {
        site,
        strings: &strings,
        cards: data.cards,
        card_values: data.card_values,
        section_values: data.section_values,
        question_values: data.question_values,
        syllabus_links: data.syllabus_links,
    };
    let mut problems = Vec::new();
    for &i in notes {
        let rendered = match note_page(&shared, renderer, i) {
            Ok(p) => render_page(p, renderer, output, Some(memo))?,
            Err(d) => Rendered::Failed(d),
        };
        match rendered {
            Rendered::Failed(d) => problems.push(d),
            Rendered::Page(Some((path, entry))) => {
                memo.pages.insert(path, entry);
            }
            Rendered::Page(None) => {}
        }
    }
    memo.page_data = Some(shared.into_data(strings.clone()));
    Ok(Some(problems))
}

/// Renders every page of `site` into `output`. Returns template problems
/// (one per failing page) and the number of pages written.
pub fn render_all(
    site: &Site,
    renderer: &mut Renderer,
    output: &dyn Output,
    live_reload: bool,
    mut memo: Option<&mut Memo>,
) -> anyhow::Result<(usize, Vec<Diagnostic>)> {
    let strings = renderer.strings().clone();
    let cards: Vec<Card> = site
        .notes()
        .iter()
        .enumerate()
        .map(|(i, n)| card(site, &strings, i, n))
        .collect();
    let question_values = (0..site.quiz.len())
        .map(|e| Value::from_serializable(&quiz_view::question_data(site, e, Shape::Page)))
        .collect();
    let mut shared = Shared {
        site,
        strings: &strings,
        cards,
        card_values: Vec::new(),
        section_values: Vec::new(),
        question_values,
        syllabus_links: reference::syllabus_links(
            site,
            renderer.has_template(reference::ReferencePage::Syllabus.template()),
        ),
    };
    shared.section_values = (0..site.content.sections.len())
        .map(|i| Value::from_serializable(&section_value(&shared, i, false)))
        .collect();
    let mut globals = globals(&shared, live_reload);
    reference::insert_globals(&mut globals, site, renderer);
    let search_box = search_box(site, renderer, &globals);
    globals.insert(
        "search_box_html",
        search_box.as_ref().map_or("", |html| html.as_str()),
    );
    if let Some(m) = memo.as_deref_mut() {
        m.invalidate_pages(renderer.fingerprint(), &globals);
    }
    renderer.set_globals(globals);
    let renderer = &*renderer;
    let (card_values, mut problems) =
        card_values(site, &shared.cards, renderer, memo.as_deref_mut());
    problems.extend(search_box.err());
    shared.card_values = card_values;
    let kinds = page_kinds(site, renderer);
    let remembered = memo.as_deref();
    let all = &shared;
    let results: Vec<anyhow::Result<Rendered>> = kinds
        .par_iter()
        .map(|&kind| {
            let p = match page(all, renderer, kind) {
                Ok(p) => p,
                Err(d) => return Ok(Rendered::Failed(d)),
            };
            render_page(p, renderer, output, remembered)
        })
        .collect();
    let mut entries = HashMap::new();
    for r in results {
        match r? {
            Rendered::Failed(d) => problems.push(d),
            Rendered::Page(Some((path, entry))) => {
                entries.insert(path, entry);
            }
            Rendered::Page(None) => {}
        }
    }
    if let Some(m) = memo {
        m.pages = entries;
        m.page_data = Some(shared.into_data(strings.clone()));
    }
    Ok((kinds.len(), problems))
}

/// One page's outcome: a template problem, or written (with the entry to
/// remember when memoising).
enum Rendered {
    Failed(Diagnostic),
    Page(Option<(String, PageEntry)>),
}

/// Renders and writes one page, or writes the remembered bytes when the
/// previous build rendered the same template with an equal context.
fn render_page(
    p: Page,
    renderer: &Renderer,
    output: &dyn Output,
    memo: Option<&Memo>,
) -> anyhow::Result<Rendered> {
    let hit = memo
        .and_then(|m| m.pages.get(&p.path))
        .filter(|e| e.template == p.template && e.context == p.context);
    if let Some(e) = hit {
        output.write_shared(&p.path, &e.bytes)?;
        return Ok(Rendered::Page(Some((p.path, e.clone()))));
    }
    let html = match renderer.render_bytes(p.template, &p.context, &p.label) {
        Ok(html) => html,
        Err(d) => return Ok(Rendered::Failed(d)),
    };
    let html = Bytes::from(html);
    output.write_shared(&p.path, &html)?;
    let entry = memo.map(|_| PageEntry {
        template: p.template,
        context: p.context,
        bytes: html,
    });
    Ok(Rendered::Page(entry.map(|e| (p.path, e))))
}

/// A card with its HTML, rendered once through `partials/note_card.html`:
/// lists (section, tag, home, backlinks) print `card.html` instead of
/// rendering the partial again for every list a note appears in.
#[derive(Serialize)]
struct CardWithHtml<'a> {
    #[serde(flatten)]
    card: &'a Card,
    html: String,
}

fn card_values(
    site: &Site,
    cards: &[Card],
    renderer: &Renderer,
    memo: Option<&mut Memo>,
) -> (Vec<Value>, Vec<Diagnostic>) {
    let remembered = memo.as_deref();
    let rendered: Vec<(Option<Value>, Result<Value, Diagnostic>)> = cards
        .par_iter()
        .enumerate()
        .map(|(i, card)| {
            let note = &site.notes()[i];
            // Only a memoised build needs the plain card to compare with.
            let plain = remembered.map(|_| Value::from_serializable(card));
            let hit = remembered
                .and_then(|m| m.cards.get(&note.rel))
                .filter(|(c, _)| Some(c) == plain.as_ref());
            if let Some((_, with_html)) = hit {
                return (plain, Ok(with_html.clone()));
            }
            let mut ctx = Context::new();
            ctx.insert("card", card);
            let label = note.path.display().to_string();
            let html = renderer.render("partials/note_card.html", &ctx, &label);
            (
                plain,
                html.map(|html| Value::from_serializable(&CardWithHtml { card, html })),
            )
        })
        .collect();
    let mut problems = Vec::new();
    let mut entries = HashMap::new();
    let values = rendered
        .into_iter()
        .zip(cards)
        .enumerate()
        .map(|(i, ((plain, with_html), card))| {
            // The partial is the same for every card: one report is enough.
            let value = with_html.unwrap_or_else(|d| {
                if problems.is_empty() {
                    problems.push(d);
                }
                Value::from_serializable(&CardWithHtml {
                    card,
                    html: String::new(),
                })
            });
            if let Some(plain) = plain {
                entries.insert(site.notes()[i].rel.clone(), (plain, value.clone()));
            }
            value
        })
        .collect();
    if let Some(m) = memo {
        m.cards = entries;
    }
    (values, problems)
}

fn page_kinds(site: &Site, renderer: &Renderer) -> Vec<PageKind> {
    // The reference pages list every note: start them first so the other
    // worker does not wait for them at the end.
    let mut kinds: Vec<PageKind> = reference::ReferencePage::ALL
        .into_iter()
        .filter(|r| renderer.has_template(r.template()))
        .map(PageKind::Reference)
        .collect();
    kinds.extend((0..site.notes().len()).map(PageKind::Note));
    kinds.extend((1..site.content.sections.len()).map(PageKind::Section));
    kinds.push(PageKind::Home);
    for (ti, tax) in site.taxonomies.iter().enumerate() {
        kinds.push(PageKind::Taxonomy(ti));
        kinds.extend((0..tax.terms.len()).map(|t| PageKind::Term(ti, t)));
    }
    kinds.push(PageKind::NotFound);
    let quiz_pages = QuizPage::ALL
        .into_iter()
        .filter(|q| renderer.has_template(q.template()));
    kinds.extend(quiz_pages.map(PageKind::Quiz));
    if site.config.search.enabled && renderer.has_template(SEARCH_TEMPLATE) {
        kinds.push(PageKind::Search);
    }
    kinds
}

fn page(s: &Shared, renderer: &Renderer, kind: PageKind) -> Result<Page, Diagnostic> {
    Ok(match kind {
        PageKind::Note(i) => note_page(s, renderer, i)?,
        PageKind::Section(i) => section_page(s, i),
        PageKind::Home => home_page(s),
        PageKind::Taxonomy(ti) => taxonomy_page(s, ti),
        PageKind::Term(ti, t) => term_page(s, ti, &s.site.taxonomies[ti].terms[t]),
        PageKind::NotFound => not_found_page(s),
        PageKind::Quiz(q) => quiz_page(s, q),
        PageKind::Reference(r) => reference::page(s, r),
        PageKind::Search => search_page(s),
    })
}

fn card(site: &Site, strings: &BTreeMap<String, String>, i: usize, n: &Note) -> Card {
    let section = site.content.note_section[i];
    Card {
        title: n.title.clone(),
        url: site.url(&site.note_urls[i]),
        summary: n.summary.clone(),
        date: n.date.as_ref().map(|d| d.ymd()),
        date_display: n.date.as_ref().and_then(|d| format_date(strings, &d.ymd())),
        image: note_image(site, i),
        tags: n.tags.iter().map(|t| tag_link(site, "tags", t)).collect(),
        reading_time: site.rendered[i].reading_minutes,
        section: (section != 0).then(|| Link {
            title: site.content.sections[section].title(),
            url: site.url(&site.section_urls[section]),
        }),
    }
}

fn tag_link(site: &Site, taxonomy: &str, name: &str) -> TagLink {
    TagLink {
        name: name.to_string(),
        url: site.url(&format!("{taxonomy}/{}/", site::taxonomy::term_slug(name))),
    }
}

/// The note's header image as a URL under the base path.
fn note_image(site: &Site, i: usize) -> Option<Image> {
    let n = &site.notes()[i];
    let image = n.image.as_deref()?;
    let path = if image.starts_with("http://") || image.starts_with("https://") {
        None
    } else if let Some(p) = image.strip_prefix('/') {
        Some(p.to_string())
    } else {
        let (owner, sub) = site::image_asset(&site.content, i, image)?;
        Some(format!("{}{sub}", owner_url(site, owner)))
    };
    let size = path
        .as_ref()
        .and_then(|p| site.images.get(p).copied().flatten());
    Some(Image {
        url: path.map_or_else(|| image.to_string(), |p| site.url(&p)),
        alt: n.title.clone(),
        width: size.map(|s| s.0),
        height: size.map(|s| s.1),
    })
}

/// URL path (relative to base) under which an owner's assets are published.
pub fn owner_url(site: &Site, owner: AssetOwner) -> &str {
    match owner {
        AssetOwner::Note(i) => &site.note_urls[i],
        AssetOwner::Section(s) => &site.section_urls[s],
    }
}

fn globals(s: &Shared, live_reload: bool) -> Context {
    let site = s.site;
    let c = &site.config;
    let mut ctx = Context::new();
    ctx.insert(
        "site",
        &serde_json::json!({
            "title": c.title, "description": c.description, "author": c.author,
            "language": c.language, "base_url": c.base_url, "base_path": c.base_path,
            "extra": c.extra, "generator": concat!("manabi ", env!("CARGO_PKG_VERSION")),
        }),
    );
    ctx.insert("config", c);
    ctx.insert("t", s.strings);
    let top = site.subsections[0]
        .iter()
        .map(|&i| section_link(site, i))
        .collect::<Vec<_>>();
    ctx.insert("sections", &top);
    let taxonomies: Vec<TaxonomyLink> = site
        .taxonomies
        .iter()
        .map(|t| taxonomy_link(s, &t.name, t.terms.len()))
        .collect();
    ctx.insert("taxonomies", &taxonomies);
    ctx.insert("live_reload", &live_reload);
    ctx.insert("quiz_bank_url", &site.url(quiz_view::BANK_PATH));
    ctx.insert("quiz_total", &site.quiz.len());
    ctx.insert("search_enabled", &c.search.enabled);
    // Picked out once: a template loop over every `t` key on every page
    // costs more than building the search index.
    let search_strings: BTreeMap<&String, &String> = s
        .strings
        .iter()
        .filter(|(k, _)| k.starts_with("search_"))
        .collect();
    ctx.insert("search_strings", &search_strings);
    ctx
}

/// `partials/search_box.html`, rendered once for every page (it reads only
/// globals, and rendering it again on each of 10,000 pages cost as much as
/// a tenth of the build); empty when search is off or the theme has none.
fn search_box(site: &Site, renderer: &Renderer, globals: &Context) -> Result<String, Diagnostic> {
    const TEMPLATE: &str = "partials/search_box.html";
    if !site.config.search.enabled || !renderer.has_template(TEMPLATE) {
        return Ok(String::new());
    }
    // The globals are its whole context (they are set on the renderer
    // only once this is among them).
    renderer.render(TEMPLATE, globals, "the header search box")
}

fn section_link(site: &Site, i: usize) -> SectionLink {
    SectionLink {
        title: site.content.sections[i].title(),
        url: site.url(&site.section_urls[i]),
        note_count: site.section_notes[i].len(),
    }
}

fn taxonomy_link(s: &Shared, name: &str, term_count: usize) -> TaxonomyLink {
    let title = s
        .strings
        .get(name)
        .cloned()
        .unwrap_or_else(|| name.to_string());
    TaxonomyLink {
        name: name.to_string(),
        title,
        url: s.site.url(&format!("{name}/")),
        term_count,
    }
}

/// A context with the globals and the per-page common fields.
fn base_context(
    s: &Shared,
    path: &str,
    title: Option<&str>,
    description: &str,
    og_image: Option<&Image>,
) -> Context {
    let site = s.site;
    let mut ctx = Context::new();
    ctx.insert("current_url", &site.url(path));
    ctx.insert("permalink", &site.permalink(path));
    let page_title = match title {
        Some(t) if t != site.config.title => format!("{t} | {}", site.config.title),
        _ => site.config.title.clone(),
    };
    ctx.insert("page_title", &page_title);
    ctx.insert("description", &truncate(description, 160));
    ctx.insert("og_image", &og_image.map(|img| absolute(site, &img.url)));
    // Link previews lay out before fetching the picture when they know its size.
    ctx.insert("og_image_width", &og_image.and_then(|img| img.width));
    ctx.insert("og_image_height", &og_image.and_then(|img| img.height));
    ctx
}

fn note_page(s: &Shared, renderer: &Renderer, i: usize) -> Result<Page, Diagnostic> {
    let site = s.site;
    let n = &site.notes()[i];
    let r = &site.rendered[i];
    let url = &site.note_urls[i];
    let (prev, next) = site.neighbours(i);
    let link = |j: usize| Link {
        title: site.notes()[j].title.clone(),
        url: s.cards[j].url.clone(),
    };
    let page = NotePage {
        card: &s.cards[i],
        slug: &n.slug,
        permalink: site.permalink(url),
        content: note_content(s, renderer, i, &r.html)?,
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
        backlinks: site.backlinks[i]
            .iter()
            .map(|&j| s.card_values[j].clone())
            .collect(),
        related: site.related[i]
            .iter()
            .map(|&j| s.card_values[j].clone())
            .collect(),
        questions: site
            .quiz
            .of_note(i)
            .iter()
            .map(|&e| s.question_values[e].clone())
            .collect(),
        tested_by: site
            .quiz
            .testing(i)
            .iter()
            .map(|&e| quiz_view::tested_by(site, e))
            .collect(),
        prev: prev.map(link),
        next: next.map(link),
        sources: &n.sources,
        extra: &n.extra,
        word_count: r.word_count,
        has_code: r.html.contains(crate::markdown::CODE_BLOCK_OPEN),
        has_keyword_links: r.html.contains(crate::markdown::KEYWORD_LINK_OPEN),
    };
    let description = note_description(n, &r.excerpt);
    let og_image = s.cards[i].image.as_ref();
    let mut ctx = base_context(s, url, Some(&n.title), &description, og_image);
    ctx.insert("page", &page);
    ctx.insert("section", &s.section_values[site.content.note_section[i]]);
    Ok(Page {
        template: "note.html",
        path: format!("{url}index.html"),
        label: n.path.display().to_string(),
        context: ctx,
    })
}

/// The note's HTML with each ```quiz block's placeholder replaced by its
/// questions rendered through [`QUESTION_PARTIAL`] (with `question`,
/// `current_url` and the globals in scope). Without that partial the
/// blocks render as nothing; the questions are still in `page.questions`.
fn note_content<'a>(
    s: &Shared,
    renderer: &Renderer,
    i: usize,
    html: &'a str,
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
            for e in s.site.quiz.in_block(i, b) {
                let mut ctx = Context::new();
                ctx.insert("question", &s.question_values[e]);
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

/// An absolute URL for a root-relative one (og:image must be absolute).
fn absolute(site: &Site, url: &str) -> String {
    if url.starts_with("http://") || url.starts_with("https://") {
        return url.to_string();
    }
    let origin = site
        .config
        .base_url
        .strip_suffix(&site.config.base_path)
        .unwrap_or("");
    format!("{origin}{url}")
}

fn note_description(n: &Note, excerpt: &str) -> String {
    if n.summary.is_empty() {
        excerpt.to_string()
    } else {
        n.summary.join(" / ")
    }
}

fn section_value<'a>(s: &'a Shared, i: usize, with_notes: bool) -> SectionPage<'a> {
    let site = s.site;
    let sec = &site.content.sections[i];
    SectionPage {
        title: sec.title(),
        url: site.url(&site.section_urls[i]),
        permalink: site.permalink(&site.section_urls[i]),
        content: &site.section_html[i],
        objective: sec.meta.objective.as_deref(),
        syllabus: &sec.meta.syllabus,
        description: &sec.meta.description,
        extra: &sec.meta.extra,
        subsections: site.subsections[i]
            .iter()
            .map(|&j| section_link(site, j))
            .collect(),
        notes: with_notes.then(|| {
            site.section_notes[i]
                .iter()
                .map(|&j| s.card_values[j].clone())
                .collect()
        }),
    }
}

fn section_page(s: &Shared, i: usize) -> Page {
    let site = s.site;
    let sec = &site.content.sections[i];
    let url = &site.section_urls[i];
    let description = if sec.meta.description.is_empty() {
        sec.meta.objective.clone().unwrap_or_default()
    } else {
        sec.meta.description.clone()
    };
    let mut ctx = base_context(s, url, Some(&sec.title()), &description, None);
    ctx.insert("section", &section_value(s, i, true));
    Page {
        template: "section.html",
        path: format!("{url}index.html"),
        label: sec.path.display().to_string(),
        context: ctx,
    }
}

fn home_page(s: &Shared) -> Page {
    let site = s.site;
    let home = &site.content.sections[0];
    let description = if home.meta.description.is_empty() {
        &site.config.description
    } else {
        &home.meta.description
    };
    let mut ctx = base_context(s, "", None, description, None);
    let title = home
        .meta
        .title
        .clone()
        .unwrap_or_else(|| site.config.title.clone());
    ctx.insert(
        "page",
        &HomePage {
            title: &title,
            content: &site.section_html[0],
        },
    );
    let newest: Vec<Value> = newest_first(site, (0..site.notes().len()).collect())
        .into_iter()
        .take(HOME_NOTES)
        .map(|i| s.card_values[i].clone())
        .collect();
    ctx.insert("notes", &newest);
    Page {
        template: "index.html",
        path: "index.html".into(),
        label: "/ (home)".into(),
        context: ctx,
    }
}

/// Notes newest first; undated ones last, by title.
fn newest_first(site: &Site, mut notes: Vec<usize>) -> Vec<usize> {
    let all = site.notes();
    notes.sort_by(|&a, &b| {
        site::compare_notes(&all[a], &all[b], crate::content::SortBy::Date).then(a.cmp(&b))
    });
    notes
}

fn taxonomy_page(s: &Shared, ti: usize) -> Page {
    let site = s.site;
    let tax = &site.taxonomies[ti];
    let link = taxonomy_link(s, &tax.name, tax.terms.len());
    let mut terms: Vec<TermLink> = tax
        .terms
        .iter()
        .map(|t| TermLink {
            name: t.name.clone(),
            url: site.url(&site.term_url(&tax.name, t)),
            count: t.notes.len(),
        })
        .collect();
    terms.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    let path = format!("{}/", tax.name);
    let mut ctx = base_context(s, &path, Some(&link.title), &site.config.description, None);
    ctx.insert(
        "taxonomy",
        &TaxonomyPage {
            link: &link,
            terms: Some(terms),
        },
    );
    Page {
        template: "taxonomy.html",
        path: format!("{path}index.html"),
        label: format!("/{path}"),
        context: ctx,
    }
}

fn term_page(s: &Shared, ti: usize, term: &Term) -> Page {
    let site = s.site;
    let tax = &site.taxonomies[ti];
    let link = taxonomy_link(s, &tax.name, tax.terms.len());
    let path = site.term_url(&tax.name, term);
    let notes: Vec<Value> = newest_first(site, term.notes.clone())
        .into_iter()
        .map(|i| s.card_values[i].clone())
        .collect();
    let title = format!("#{}", term.name);
    let mut ctx = base_context(s, &path, Some(&title), &site.config.description, None);
    ctx.insert(
        "taxonomy",
        &TaxonomyPage {
            link: &link,
            terms: None,
        },
    );
    ctx.insert(
        "term",
        &TermPage {
            name: &term.name,
            url: site.url(&path),
            notes,
        },
    );
    Page {
        template: "term.html",
        path: format!("{path}index.html"),
        label: format!("/{path}"),
        context: ctx,
    }
}

fn not_found_page(s: &Shared) -> Page {
    let title = s
        .strings
        .get("not_found_title")
        .cloned()
        .unwrap_or_else(|| "404".into());
    let ctx = base_context(s, "404.html", Some(&title), "", None);
    Page {
        template: "404.html",
        path: "404.html".into(),
        label: "/404.html".into(),
        context: ctx,
    }
}

/// `/quiz/`, `/exam/`, `/progress/` or `/review/`.
/// A site-wide page's title: the theme's `t` string `key`, or the built-in
/// Japanese or English fallback.
fn site_page_title(s: &Shared, (key, ja, en): (&str, &str, &str)) -> String {
    let fallback = if s.site.config.language.starts_with("ja") {
        ja
    } else {
        en
    };
    s.strings
        .get(key)
        .cloned()
        .unwrap_or_else(|| fallback.to_string())
}

/// A site-wide page (`/quiz/`, `/glossary/`, `/search/`…) at `path`: the
/// base context with `page = {title}`, plus what `fill` adds.
fn site_page(
    s: &Shared,
    template: &'static str,
    path: &str,
    title: &str,
    fill: impl FnOnce(&mut Context),
) -> Page {
    let description = &s.site.config.description;
    let mut ctx = base_context(s, path, Some(title), description, None);
    ctx.insert("page", &serde_json::json!({ "title": title }));
    fill(&mut ctx);
    Page {
        template,
        path: format!("{path}index.html"),
        label: format!("/{path}"),
        context: ctx,
    }
}

fn quiz_page(s: &Shared, q: QuizPage) -> Page {
    let site = s.site;
    let mut title = site_page_title(s, q.title_key());
    let exam = quiz_view::exam_data(site);
    if q == QuizPage::Exam && site.config.exam.title.is_some() {
        title.clone_from(&exam.title);
    }
    site_page(s, q.template(), q.path(), &title, |ctx| match q {
        QuizPage::Bank => ctx.insert("quiz", &quiz_summary(s)),
        QuizPage::Exam => ctx.insert("exam", &exam),
        QuizPage::Progress | QuizPage::Review => {}
    })
}

/// The template of `/search/`, rendered when search is enabled and the
/// theme has it.
const SEARCH_TEMPLATE: &str = "search.html";

/// `/search/`: a frame the search script fills from `?q=`.
fn search_page(s: &Shared) -> Page {
    let title = site_page_title(s, ("search_page_title", "検索", "Search"));
    site_page(s, SEARCH_TEMPLATE, "search/", &title, |_| {})
}

#[derive(Serialize)]
struct QuizSummary {
    total: usize,
    areas: Vec<AreaGroup>,
}

#[derive(Serialize)]
struct AreaGroup {
    name: String,
    count: usize,
    questions: Vec<Value>,
}

fn quiz_summary(s: &Shared) -> QuizSummary {
    let areas = quiz_view::areas(s.site)
        .into_iter()
        .map(|(name, list)| AreaGroup {
            name,
            count: list.len(),
            questions: list.iter().map(|&e| s.question_values[e].clone()).collect(),
        })
        .collect();
    QuizSummary {
        total: s.site.quiz.len(),
        areas,
    }
}

/// At most `max` characters, with "…" when cut.
fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max - 1).collect();
    out.push('…');
    out
}

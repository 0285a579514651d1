//! Pages stage: turns the frozen [`Site`] into template contexts (the
//! contract in `docs/templates.md`) and renders every page in parallel into
//! owned bytes handed to the [`Output`]. It never touches the disk itself.
//! Every list a page shows is cut into pagers or capped, so no page grows
//! with the site (`paginate`).

use bytes::Bytes;
use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Value};

mod cache;
mod keys;
mod lists;
mod note;
pub mod paginate;
mod question_html;
mod quiz;
mod reference;

pub use cache::{PageCache, PageEntry};

use crate::content::{AssetOwner, Note};
use crate::diagnostics::Diagnostic;
use crate::output::Output;
use crate::quiz::view::{self as quiz_view, Shape};
use crate::render::{format_date, Renderer};
use crate::site::{self, Site};
use question_html::QuestionValues;
use quiz::{QuestionList, QuizPage};

/// One page to render: its template, output path and context.
struct Page {
    template: &'static str,
    /// Output path relative to the output root.
    path: String,
    /// What the page is, for error messages.
    label: String,
    context: Context,
}

impl Page {
    /// The page at URL path `url` (relative to the base path, `""` or
    /// ending in `/`), written as its `index.html`.
    fn at(template: &'static str, url: &str, label: String, context: Context) -> Page {
        Page {
            template,
            path: format!("{url}index.html"),
            label,
            context,
        }
    }
}

#[derive(Serialize, Clone, Hash)]
struct Link {
    title: String,
    url: String,
}

#[derive(Serialize, Clone, Hash)]
struct TagLink {
    name: String,
    url: String,
}

#[derive(Serialize, Clone, Hash)]
struct Image {
    url: String,
    alt: String,
    /// Read from the file when it is part of the site (not for remote URLs).
    width: Option<u32>,
    height: Option<u32>,
}

#[derive(Serialize, Clone, Hash)]
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

/// Everything computed once and shared by all pages. Card and section
/// values are converted to Tera values once; page contexts clone them
/// (reference-counted) instead of serialising them again.
struct Shared<'a> {
    site: &'a Site,
    strings: &'a BTreeMap<String, String>,
    cards: Vec<Card>,
    card_values: Vec<Value>,
    section_values: Vec<Value>,
    /// The question pages' questions, each rendered once through
    /// [`QUESTION_PARTIAL`] (`None` when there are no question pages).
    questions: Option<QuestionValues>,
    /// Each syllabus node's breadcrumb (`page.syllabus_links`).
    syllabus_links: Vec<Value>,
    /// Every note, newest first (the home list).
    newest: Vec<usize>,
    /// Each taxonomy's terms' notes, newest first.
    term_notes: Vec<Vec<Vec<usize>>>,
    /// Each taxonomy's term indexes in list order (most notes first).
    term_order: Vec<Vec<usize>>,
    /// The areas and sections with question pages.
    question_lists: Vec<QuestionList>,
    /// Each syllabus node's page (`None`: it has none).
    node_paths: Vec<Option<String>>,
    /// The pages' input keys, when rendering with a cache.
    keys: Option<keys::Keys>,
}

/// The partial that renders one question (`question`) in place of a
/// ```quiz block.
pub const QUESTION_PARTIAL: &str = "partials/quiz_question.html";

/// Which page to render; contexts are built in the worker that renders the
/// page, so only the pages in flight hold one. List pages carry their
/// 1-based pager.
#[derive(Debug, Clone, Copy)]
enum PageKind {
    Note(usize),
    Section(usize, usize),
    Home(usize),
    Taxonomy(usize, usize),
    Term(usize, usize, usize),
    NotFound,
    /// `/quiz/`, `/exam/`, `/progress/`, `/review/`.
    Quiz(QuizPage),
    /// A pager of an area's or a section's questions.
    QuestionList(usize, usize),
    /// `/glossary/` (paginated), `/syllabus/`.
    Reference(reference::ReferencePage, usize),
    /// A pager of a syllabus node's page.
    SyllabusNode(usize, usize),
    /// `/search/`.
    Search,
}

impl PageKind {
    /// The page's output path, relative to the output root.
    fn out_path(self, s: &Shared) -> String {
        let url = match self {
            PageKind::NotFound => return "404.html".into(),
            PageKind::Note(i) => s.site.note_urls[i].clone(),
            PageKind::Quiz(q) => q.path().into(),
            PageKind::Search => SEARCH_PATH.into(),
            _ => match self.sitemap(s) {
                Some((url, _)) => url,
                None => String::new(),
            },
        };
        format!("{url}index.html")
    }

    /// The page's entry in the sitemap: its URL path (relative to the base
    /// path) and last modification date. `None` for pages that show only
    /// the reader's own data (progress, review), the search frame and 404.
    fn sitemap(self, s: &Shared) -> Option<(String, Option<String>)> {
        let site = s.site;
        let path = match self {
            PageKind::Note(i) => {
                let n = &site.notes()[i];
                let lastmod = n.updated.as_ref().or(n.date.as_ref()).map(|d| d.ymd());
                return Some((site.note_urls[i].clone(), lastmod));
            }
            PageKind::Section(i, p) => paginate::pager_path(&site.section_urls[i], p),
            PageKind::Home(p) => paginate::pager_path("", p),
            PageKind::Taxonomy(ti, p) => {
                paginate::pager_path(&format!("{}/", site.taxonomies[ti].name), p)
            }
            PageKind::Term(ti, t, p) => {
                let tax = &site.taxonomies[ti];
                paginate::pager_path(&site.term_url(&tax.name, &tax.terms[t]), p)
            }
            PageKind::Quiz(q) if q.listed(site) => q.path().to_string(),
            PageKind::QuestionList(l, p) => paginate::pager_path(&s.question_lists[l].path, p),
            PageKind::Reference(r, p) => paginate::pager_path(r.path(), p),
            PageKind::SyllabusNode(n, p) => {
                paginate::pager_path(s.node_paths[n].as_deref().unwrap_or_default(), p)
            }
            PageKind::Quiz(_) | PageKind::NotFound | PageKind::Search => return None,
        };
        Some((path, None))
    }
}

/// What rendering every page produced besides the files.
pub struct Rendering {
    /// Pages written.
    pub pages: usize,
    /// Template problems, one per failing page.
    pub problems: Vec<Diagnostic>,
    /// The public pages' URL paths and last modification dates, for the
    /// sitemap.
    pub sitemap: Vec<(String, Option<String>)>,
}

/// [`Shared`] without the site it borrows: kept in the cache after a full
/// render so an edited note's page can be rendered alone
/// ([`render_note_pages`]).
pub struct PageData {
    strings: BTreeMap<String, String>,
    cards: Vec<Card>,
    card_values: Vec<Value>,
    section_values: Vec<Value>,
    syllabus_links: Vec<Value>,
    keys: Option<keys::Keys>,
}

impl Shared<'_> {
    fn into_data(self, strings: BTreeMap<String, String>) -> PageData {
        PageData {
            strings,
            cards: self.cards,
            card_values: self.card_values,
            section_values: self.section_values,
            syllabus_links: self.syllabus_links,
            keys: self.keys,
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
    cache: &mut PageCache,
) -> anyhow::Result<Option<Vec<Diagnostic>>> {
    let Some(data) = cache.data.take() else {
        return Ok(None);
    };
    let strings = data.strings;
    // A note page reads no list, so the lists stay empty.
    let shared = Shared {
        site,
        strings: &strings,
        cards: data.cards,
        card_values: data.card_values,
        section_values: data.section_values,
        questions: None,
        syllabus_links: data.syllabus_links,
        newest: Vec::new(),
        term_notes: Vec::new(),
        term_order: Vec::new(),
        question_lists: Vec::new(),
        node_paths: Vec::new(),
        keys: data.keys,
    };
    let mut problems = Vec::new();
    for &i in notes {
        let key = shared
            .keys
            .as_ref()
            .map(|k| keys::page_key(&shared, k, PageKind::Note(i)));
        let rendered = match note::note_page(&shared, renderer, i) {
            Ok(p) => render_page(p, renderer, output, key)?,
            Err(d) => Rendered::Failed(d),
        };
        match rendered {
            Rendered::Failed(d) => problems.push(d),
            Rendered::Page(Some((path, entry))) => {
                cache.pages.insert(path, entry);
            }
            Rendered::Page(None) => {}
        }
    }
    cache.data = Some(shared.into_data(strings.clone()));
    Ok(Some(problems))
}

/// Renders every page of `site` into `output`.
pub fn render_all(
    site: &Site,
    renderer: &mut Renderer,
    output: &dyn Output,
    live_reload: bool,
    mut cache: Option<&mut PageCache>,
) -> anyhow::Result<Rendering> {
    let strings = renderer.strings().clone();
    let cards: Vec<Card> = site
        .notes()
        .iter()
        .enumerate()
        .map(|(i, n)| card(site, &strings, i, n))
        .collect();
    let mut shared = Shared {
        site,
        strings: &strings,
        cards,
        card_values: Vec::new(),
        section_values: Vec::new(),
        questions: None,
        syllabus_links: reference::syllabus_links(
            site,
            renderer.has_template(reference::ReferencePage::Syllabus.template()),
        ),
        newest: lists::newest_first(site, (0..site.notes().len()).collect()),
        term_notes: site
            .taxonomies
            .iter()
            .map(|t| {
                t.terms
                    .iter()
                    .map(|term| lists::newest_first(site, term.notes.clone()))
                    .collect()
            })
            .collect(),
        term_order: lists::terms_by_count(site),
        question_lists: if renderer.has_template(quiz::LIST_TEMPLATE) {
            quiz::question_lists(site)
        } else {
            Vec::new()
        },
        node_paths: reference::node_paths(
            site,
            renderer.has_template(reference::ReferencePage::Syllabus.template())
                && renderer.has_template(reference::NODE_TEMPLATE),
        ),
        keys: None,
    };
    shared.keys = cache.is_some().then(|| keys::Keys::new(&shared));
    shared.section_values = (0..site.content.sections.len())
        .map(|i| Value::from_serializable(&lists::section_value(&shared, i, None)))
        .collect();
    let mut globals = globals(&shared, live_reload);
    reference::insert_globals(&mut globals, site, renderer);
    let search_box = search_box(site, renderer, &globals);
    globals.insert(
        "search_box_html",
        search_box.as_ref().map_or("", |html| html.as_str()),
    );
    if let Some(c) = cache.as_deref_mut() {
        c.invalidate(renderer.fingerprint(), &globals);
    }
    renderer.set_globals(globals);
    let renderer = &*renderer;
    let (card_values, mut problems) = card_values(&shared, renderer, cache.as_deref_mut());
    problems.extend(search_box.err());
    shared.card_values = card_values;
    if !shared.question_lists.is_empty() {
        shared.questions = Some(match cache.as_deref_mut() {
            Some(c) => QuestionValues::cached(site, renderer, c),
            None => QuestionValues::lazy(site, &shared.question_lists),
        });
    }
    let kinds = page_kinds(&shared, renderer);
    let remembered = cache.as_deref();
    let all = &shared;
    let results: Vec<anyhow::Result<Rendered>> = render_order(&shared, &kinds)
        .par_iter()
        .map(|&kind| render_kind(all, renderer, output, remembered, kind))
        .collect();
    // The questions' report comes before the pages' ones, as the
    // questions are rendered for the pages.
    problems.extend(
        shared
            .questions
            .take()
            .and_then(QuestionValues::into_failure),
    );
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
    let sitemap = kinds.iter().filter_map(|k| k.sitemap(&shared)).collect();
    if let Some(c) = cache {
        c.pages = entries;
        c.data = Some(shared.into_data(strings.clone()));
    }
    Ok(Rendering {
        pages: kinds.len(),
        problems,
        sitemap,
    })
}

/// One page's outcome: a template problem, or written (with the entry to
/// remember when caching).
enum Rendered {
    Failed(Diagnostic),
    Page(Option<(String, PageEntry)>),
}

/// Writes page `kind`: from the cache when its key is the one its cached
/// bytes were rendered with, without building its context; else rendered.
fn render_kind(
    s: &Shared,
    renderer: &Renderer,
    output: &dyn Output,
    cache: Option<&PageCache>,
    kind: PageKind,
) -> anyhow::Result<Rendered> {
    let key = s.keys.as_ref().map(|k| keys::page_key(s, k, kind));
    if let (Some(key), Some(cache)) = (key, cache) {
        let path = kind.out_path(s);
        if let Some(e) = cache.pages.get(&path).filter(|e| e.key == key) {
            output.write_shared(&path, &e.bytes)?;
            return Ok(Rendered::Page(Some((path, e.clone()))));
        }
    }
    match page(s, renderer, kind) {
        Ok(p) => render_page(p, renderer, output, key),
        Err(d) => Ok(Rendered::Failed(d)),
    }
}

/// Renders and writes one page; with a key, returns the entry to cache.
fn render_page(
    p: Page,
    renderer: &Renderer,
    output: &dyn Output,
    key: Option<u64>,
) -> anyhow::Result<Rendered> {
    let mut html = match renderer.render_bytes(p.template, &p.context, &p.label) {
        Ok(html) => html,
        Err(d) => return Ok(Rendered::Failed(d)),
    };
    if key.is_some() {
        // Kept in the cache: without the buffer's spare room.
        html.shrink_to_fit();
    }
    let bytes = Bytes::from(html);
    output.write_shared(&p.path, &bytes)?;
    let entry = key.map(|key| PageEntry { key, bytes });
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
    s: &Shared,
    renderer: &Renderer,
    cache: Option<&mut PageCache>,
) -> (Vec<Value>, Vec<Diagnostic>) {
    let site = s.site;
    let remembered = cache.as_deref();
    let fingerprints = s.keys.as_ref().map(|k| k.cards.as_slice());
    let rendered: Vec<Result<Value, Diagnostic>> = s
        .cards
        .par_iter()
        .enumerate()
        .map(|(i, card)| {
            let note = &site.notes()[i];
            let hit = remembered
                .and_then(|c| c.cards.get(&note.rel))
                .filter(|(fp, _)| Some(*fp) == fingerprints.map(|f| f[i]));
            if let Some((_, with_html)) = hit {
                return Ok(with_html.clone());
            }
            let mut ctx = Context::new();
            ctx.insert("card", card);
            let label = note.path.display().to_string();
            let html = renderer.render("partials/note_card.html", &ctx, &label)?;
            Ok(Value::from_serializable(&CardWithHtml { card, html }))
        })
        .collect();
    let mut problems = Vec::new();
    let values: Vec<Value> = rendered
        .into_iter()
        .zip(&s.cards)
        .map(|(with_html, card)| {
            // The partial is the same for every card: one report is enough.
            with_html.unwrap_or_else(|d| {
                if problems.is_empty() {
                    problems.push(d);
                }
                Value::from_serializable(&CardWithHtml {
                    card,
                    html: String::new(),
                })
            })
        })
        .collect();
    if let (Some(c), Some(fps)) = (cache, fingerprints) {
        c.cards = site
            .notes()
            .iter()
            .zip(fps)
            .zip(&values)
            .map(|((n, &fp), v)| (n.rel.clone(), (fp, v.clone())))
            .collect();
    }
    (values, problems)
}

/// Bank entry `e` as templates see it (`docs/quiz.md`). Built where a
/// page needs it, never kept for the whole bank.
fn question_value(site: &Site, e: usize) -> Value {
    Value::from_serializable(&quiz_view::question_data(site, e, Shape::Page))
}

fn page_kinds(s: &Shared, renderer: &Renderer) -> Vec<PageKind> {
    let site = s.site;
    let pagers = |pages: paginate::Pages| 1..=pages.count();
    // The reference pages are the slowest: start them first so the other
    // worker does not wait for them at the end.
    let mut kinds: Vec<PageKind> = Vec::new();
    for r in reference::ReferencePage::ALL {
        if renderer.has_template(r.template()) {
            kinds.extend(pagers(reference::pages(site, r)).map(|p| PageKind::Reference(r, p)));
        }
    }
    for (n, path) in s.node_paths.iter().enumerate() {
        if path.is_some() {
            let pagers = pagers(reference::node_pages(site, n));
            kinds.extend(pagers.map(|p| PageKind::SyllabusNode(n, p)));
        }
    }
    kinds.extend((0..site.notes().len()).map(PageKind::Note));
    for i in 1..site.content.sections.len() {
        kinds.extend(pagers(lists::section_pages(site, i)).map(|p| PageKind::Section(i, p)));
    }
    kinds.extend(pagers(lists::home_pages(site)).map(PageKind::Home));
    for (ti, tax) in site.taxonomies.iter().enumerate() {
        kinds.extend(pagers(lists::taxonomy_pages(site, ti)).map(|p| PageKind::Taxonomy(ti, p)));
        for t in 0..tax.terms.len() {
            kinds.extend(pagers(lists::term_pages(site, ti, t)).map(|p| PageKind::Term(ti, t, p)));
        }
    }
    kinds.push(PageKind::NotFound);
    let quiz_pages = QuizPage::ALL
        .into_iter()
        .filter(|q| renderer.has_template(q.template()));
    kinds.extend(quiz_pages.map(PageKind::Quiz));
    for (l, list) in s.question_lists.iter().enumerate() {
        kinds.extend(pagers(list.pages()).map(|p| PageKind::QuestionList(l, p)));
    }
    if site.config.search.enabled && renderer.has_template(SEARCH_TEMPLATE) {
        kinds.push(PageKind::Search);
    }
    kinds
}

/// `kinds` in the order to render them: the question pagers by their first
/// question, so that the two pagers of a question (its area's and its
/// section's) tend to render close together and its value is dropped soon
/// after it was built (`question_html`).
fn render_order(s: &Shared, kinds: &[PageKind]) -> Vec<PageKind> {
    let mut order = kinds.to_vec();
    let first_question = |kind: &PageKind| match *kind {
        PageKind::QuestionList(l, p) => {
            let list = &s.question_lists[l];
            list.questions[list.pages().range(p)].first().copied()
        }
        _ => None,
    };
    let is_list = |k: &PageKind| matches!(k, PageKind::QuestionList(..));
    if let Some(start) = order.iter().position(is_list) {
        let end = start + order[start..].iter().take_while(|k| is_list(k)).count();
        order[start..end].sort_by_key(first_question);
    }
    order
}

fn page(s: &Shared, renderer: &Renderer, kind: PageKind) -> Result<Page, Diagnostic> {
    Ok(match kind {
        PageKind::Note(i) => note::note_page(s, renderer, i)?,
        PageKind::Section(i, p) => lists::section_page(s, i, p),
        PageKind::Home(p) => lists::home_page(s, p),
        PageKind::Taxonomy(ti, p) => lists::taxonomy_page(s, ti, p),
        PageKind::Term(ti, t, p) => lists::term_page(s, ti, t, p),
        PageKind::NotFound => not_found_page(s),
        PageKind::Quiz(q) => quiz::quiz_page(s, q),
        PageKind::QuestionList(l, p) => quiz::list_page(s, renderer, l, p),
        PageKind::Reference(r, p) => reference::page(s, r, p),
        PageKind::SyllabusNode(n, p) => reference::node_page(s, n, p),
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
    // No counts of terms or questions here: they change with a tag or a
    // question added, and a change of the globals renders every page again.
    let taxonomies: Vec<serde_json::Value> = site
        .taxonomies
        .iter()
        .map(|t| {
            let link = taxonomy_link(s, &t.name, 0);
            serde_json::json!({ "name": link.name, "title": link.title, "url": link.url })
        })
        .collect();
    ctx.insert("taxonomies", &taxonomies);
    ctx.insert("live_reload", &live_reload);
    ctx.insert(
        "quiz_bank_url",
        &site.url(crate::quiz::shards::MANIFEST_PATH),
    );
    ctx.insert("has_questions", &!site.quiz.is_empty());
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

/// A site-wide page (`/quiz/`, `/glossary/`, `/search/`…) at `path`, pager
/// `pager` of its list: the base context with `page = {title}`, plus what
/// `fill` adds.
fn site_page(
    s: &Shared,
    template: &'static str,
    (path, pager): (&str, usize),
    title: &str,
    fill: impl FnOnce(&mut Context),
) -> Page {
    let description = &s.site.config.description;
    let head_title = lists::pager_title(s, title, pager);
    let mut ctx = base_context(s, path, Some(&head_title), description, None);
    ctx.insert("page", &serde_json::json!({ "title": title }));
    fill(&mut ctx);
    Page::at(template, path, format!("/{path}"), ctx)
}

/// The template of `/search/`, rendered when search is enabled and the
/// theme has it.
const SEARCH_TEMPLATE: &str = "search.html";

/// URL path of the search page, relative to the base path.
const SEARCH_PATH: &str = "search/";

/// `/search/`: a frame the search script fills from `?q=`.
fn search_page(s: &Shared) -> Page {
    let title = site_page_title(s, ("search_page_title", "検索", "Search"));
    site_page(s, SEARCH_TEMPLATE, (SEARCH_PATH, 1), &title, |_| {})
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

//! Site stage: the resolved graph. Gives every note and section its URL,
//! resolves links (rendering Markdown through the link index), computes
//! backlinks, section order, prev/next and taxonomies. After this stage the
//! site is frozen and shared read-only by the parallel page renderer.

mod cache;
pub mod glossary;
pub mod images;
pub mod links;
mod questions;
pub mod related;
pub mod syllabus;
pub mod taxonomy;

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use crate::cache::fingerprint;
use crate::config::Config;
use crate::content::{AssetOwner, Content, Note, SortBy};
use crate::diagnostics::{Diagnostic, LineIndex, Pos};
use crate::markdown::{self, KeywordLinks, Keywords, MarkdownOptions, MarkdownProblem, Rendered};
use crate::quiz::Bank;
use crate::timings::Timings;
pub use cache::{MarkdownCache, MarkdownEntry, QuizEntry};
pub use links::LinkIndex;
use links::Resolver;
pub use taxonomy::{Taxonomy, Term};

pub use crate::filename::{PAGE_SEGMENT, RESERVED};

/// The frozen, resolved site.
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    pub content: Content,
    /// URL path of each note relative to the base path, e.g. `open-llm/data/`.
    pub note_urls: Vec<String>,
    /// URL path of each section relative to the base path ("" for home).
    pub section_urls: Vec<String>,
    /// Rendered Markdown of each note (shared with the Markdown cache; its
    /// problems were reported already).
    pub rendered: Vec<Arc<Rendered>>,
    /// The fingerprint of everything note bodies' Markdown resolves
    /// against (titles, slugs, aliases, URLs…) when built with a cache, 0
    /// otherwise: with the notes' revisions, what later caches key on.
    pub markdown_key: u64,
    /// Rendered Markdown of each section's `_index.md` body.
    pub section_html: Vec<String>,
    /// Notes linking to each note, sorted by title.
    pub backlinks: Vec<Vec<usize>>,
    /// Each note's related notes, best first (see [`related`]).
    pub related: Arc<related::Related>,
    /// Each section's notes in its sort order.
    pub section_notes: Vec<Vec<usize>>,
    /// Each note's previous and next note in that order.
    neighbours: Vec<Neighbours>,
    /// Each section's direct subsections, by weight then title.
    pub subsections: Vec<Vec<usize>>,
    pub taxonomies: Vec<Taxonomy>,
    /// Every question of the site.
    pub quiz: Bank,
    /// Image files of the output, with their sizes.
    pub images: images::ImageFiles,
    /// Glossary groups (`/glossary/`), notes in 五十音順.
    pub glossary: Arc<Vec<glossary::Group>>,
    /// The syllabus map (`/syllabus/`).
    pub syllabus: syllabus::Tree,
    /// What note bodies' links resolve against, kept so that one edited
    /// body can be rendered again without resolving the site
    /// ([`Site::render_body`]).
    links: Links,
}

/// A note's previous and next note in its section.
type Neighbours = (Option<usize>, Option<usize>);

/// The link tables of a site.
#[derive(Debug)]
struct Links {
    index: Arc<LinkIndex>,
    keywords: Arc<Keywords>,
    keyword_links: KeywordLinks,
    /// URLs of published notes followed by those hidden notes would have.
    note_urls: Vec<String>,
    asset_urls: HashMap<String, String>,
}

impl Site {
    /// Resolves `content` into a site; problems found on the way are
    /// returned next to it.
    pub fn build(
        config: Config,
        content: Content,
        md_opts: &MarkdownOptions,
        root: &Path,
        mut cache: Option<&mut MarkdownCache>,
        timer: &mut Timings,
    ) -> (Site, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let section_urls: Vec<String> = content.sections.iter().map(|s| dir_url(&s.dir)).collect();
        let note_urls: Vec<String> = content
            .notes
            .iter()
            .zip(&content.note_section)
            .map(|(n, &s)| format!("{}{}/", section_urls[s], n.slug))
            .collect();
        problems.extend(url_conflicts(
            &content,
            &note_urls,
            &section_urls,
            &config.taxonomies,
        ));
        problems.extend(image_problems(&content, root));
        let index = link_index(&content, cache.as_deref_mut());
        problems.extend(ambiguity_warnings(&index, &content.notes));
        let keywords = keywords(&content.notes, cache.as_deref_mut());
        let links = Links {
            asset_urls: asset_urls(&content, &note_urls, &section_urls),
            note_urls: link_urls(&content, &note_urls, &section_urls),
            keyword_links: KeywordLinks::new(&keywords),
            keywords,
            index,
        };
        let images = read_images(&content, &note_urls, &section_urls, root, &config.theme);
        let ctx = LinkContext::new(&links, &content, &section_urls, &config.base_path, &images);
        timer.lap("site graph");
        let (rendered, markdown_key) =
            render_notes(&ctx, md_opts, &mut problems, cache.as_deref_mut());
        problems.extend(draft_link_warnings(&content, &rendered));
        let quiz = questions::build(
            &questions::QuizContext {
                links: &ctx,
                rendered: &rendered,
                config: &config,
                md_opts,
                markdown_key,
            },
            &mut problems,
            cache.as_deref_mut(),
        );
        let section_html = render_sections(&ctx, md_opts, &mut problems);
        timer.lap("markdown");
        let backlinks = backlinks(&content.notes, &rendered);
        let (links_out, links_in) = all_links(content.notes.len(), &rendered);
        problems.extend(orphan_warnings(&content.notes, &links_out, &links_in));
        let section_notes = order_sections(&content);
        let neighbours = all_neighbours(content.notes.len(), &section_notes);
        let related = related_notes(
            &related::RelatedInput {
                notes: &content.notes,
                links: links_out.iter().map(Vec::as_slice).collect(),
                backlinks: &links_in,
                exclude: neighbours
                    .iter()
                    .map(|&(prev, next)| [prev, next])
                    .collect(),
            },
            cache.as_deref_mut(),
        );
        let subsections = subsections(&content);
        let taxonomies = config
            .taxonomies
            .iter()
            .map(|t| {
                let (taxonomy, found) = taxonomy::collect(t, &content.notes);
                problems.extend(found);
                taxonomy
            })
            .collect();
        problems.extend(glossary::reading_warnings(&content.notes));
        problems.extend(syllabus::outside_warnings(&content, &config.syllabus.items));
        let glossary = glossary_groups(&content.notes, cache);
        let syllabus = syllabus_tree(&content.notes, &config, &glossary, &quiz);
        timer.lap("site graph");
        let site = Site {
            config,
            content,
            note_urls,
            section_urls,
            rendered,
            markdown_key,
            section_html,
            backlinks,
            related,
            section_notes,
            neighbours,
            subsections,
            taxonomies,
            quiz,
            images,
            glossary,
            syllabus,
            links,
        };
        (site, problems)
    }

    /// Note `i`'s body rendered again as a full build would render it: for
    /// an edit that leaves the note's front-matter alone. Its problems are
    /// left in the result (see [`body_diagnostics`]).
    pub fn render_body(&self, i: usize, body: &str, md_opts: &MarkdownOptions) -> Rendered {
        let ctx = LinkContext::new(
            &self.links,
            &self.content,
            &self.section_urls,
            &self.config.base_path,
            &self.images,
        );
        markdown::render(body, &ctx.note_resolver(i), md_opts)
    }

    pub fn notes(&self) -> &[Arc<Note>] {
        &self.content.notes
    }

    /// Root-relative URL (with base path) of a site path.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.config.base_path, path)
    }

    /// Absolute URL of a site path.
    pub fn permalink(&self, path: &str) -> String {
        format!("{}{}", self.config.base_url, path)
    }

    /// The previous and next note in a note's section order.
    pub fn neighbours(&self, note: usize) -> (Option<usize>, Option<usize>) {
        self.neighbours[note]
    }

    /// URL path (relative to base) of a term page.
    pub fn term_url(&self, taxonomy: &str, term: &Term) -> String {
        format!("{taxonomy}/{}/", term.slug)
    }
}

/// The keyword automaton of `notes`' titles and aliases, from the cache
/// when they are the ones it was built from (building it is the costly
/// part of resolving links on a large site).
fn keywords(notes: &[Arc<Note>], cache: Option<&mut MarkdownCache>) -> Arc<Keywords> {
    let Some(cache) = cache else {
        return Arc::new(links::keywords(notes));
    };
    let names: Vec<(&str, usize)> = links::keyword_names(notes).collect();
    let key = fingerprint(&names);
    if let Some((k, kw)) = &cache.keywords {
        if *k == key {
            return kw.clone();
        }
    }
    let kw = Arc::new(Keywords::new(names));
    cache.keywords = Some((key, kw.clone()));
    kw
}

/// The glossary's groups, from the cache when every note's title and
/// reading are the ones they were sorted from (sorting by reading is most
/// of the glossary's cost at 10,000 notes).
fn glossary_groups(
    notes: &[Arc<Note>],
    cache: Option<&mut MarkdownCache>,
) -> Arc<Vec<glossary::Group>> {
    let Some(cache) = cache else {
        return Arc::new(glossary::groups(notes));
    };
    let names: Vec<_> = notes.iter().map(|n| (&n.title, &n.reading)).collect();
    let key = fingerprint(&names);
    match &cache.glossary {
        Some((k, groups)) if *k == key => groups.clone(),
        _ => {
            let groups = Arc::new(glossary::groups(notes));
            cache.glossary = Some((key, groups.clone()));
            groups
        }
    }
}

/// The link index of `content`, from the cache when the names it is built
/// from (titles, slugs, aliases, file paths, section folders) are the
/// ones it was built from: a body or question edit keeps them.
fn link_index(content: &Content, cache: Option<&mut MarkdownCache>) -> Arc<LinkIndex> {
    let build = || {
        Arc::new(LinkIndex::new(
            &content.notes,
            &content.hidden,
            &content.sections,
        ))
    };
    let Some(cache) = cache else {
        return build();
    };
    let notes: Vec<_> = (content.notes.iter())
        .map(|n| (&n.rel, &n.title, &n.slug, &n.aliases))
        .collect();
    let hidden: Vec<_> = (content.hidden.iter())
        .map(|(h, _)| (&h.rel, &h.title, &h.slug, &h.aliases))
        .collect();
    let sections: Vec<&str> = content.sections.iter().map(|s| s.dir.as_str()).collect();
    let key = fingerprint(&(notes, hidden, sections));
    match &cache.link_index {
        Some((k, index)) if *k == key => index.clone(),
        _ => {
            let index = build();
            cache.link_index = Some((key, index.clone()));
            index
        }
    }
}

/// Each note's related notes, redone only for the notes an edit can reach
/// when there is a previous build's (scoring 10,000 notes is the site
/// graph's largest part).
fn related_notes(
    input: &related::RelatedInput,
    cache: Option<&mut MarkdownCache>,
) -> Arc<related::Related> {
    let Some(cache) = cache else {
        return Arc::new(related::Related::once(input));
    };
    let related = Arc::new(related::update(input, cache.related.as_deref()));
    cache.related = Some(related.clone());
    related
}

/// The syllabus map, each node's notes in glossary order.
fn syllabus_tree(
    notes: &[Arc<Note>],
    config: &Config,
    glossary: &[glossary::Group],
    quiz: &Bank,
) -> syllabus::Tree {
    let mut rank = vec![0; notes.len()];
    for (r, &i) in glossary.iter().flat_map(|g| &g.notes).enumerate() {
        rank[i] = r;
    }
    syllabus::build(&syllabus::TreeInput {
        notes,
        official: &config.syllabus.items,
        rank: &rank,
        questions: &|i| quiz.of_note(i).len(),
    })
}

/// Each note's previous and next note in its section's order (both `None`
/// for a note in no order), by one walk over the orders rather than a
/// search of a section per note: a section can hold thousands.
fn all_neighbours(notes: usize, section_notes: &[Vec<usize>]) -> Vec<Neighbours> {
    let mut out = vec![(None, None); notes];
    for order in section_notes {
        for (pos, &note) in order.iter().enumerate() {
            let prev = pos.checked_sub(1).map(|p| order[p]);
            out[note] = (prev, order.get(pos + 1).copied());
        }
    }
    out
}

/// Every published note's links out and in, wikilinks, relative links
/// and keyword auto-links alike, without self-links or duplicates.
fn all_links(notes: usize, rendered: &[Arc<Rendered>]) -> (Vec<Vec<usize>>, Vec<Vec<usize>>) {
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); notes];
    let mut into: Vec<Vec<usize>> = vec![Vec::new(); notes];
    for (from, r) in rendered.iter().enumerate() {
        for &to in r.links.iter().chain(&r.keyword_links) {
            if to < notes && to != from && !out[from].contains(&to) {
                out[from].push(to);
                into[to].push(from);
            }
        }
    }
    (out, into)
}

/// A note nothing links to and that links to nothing (wikilinks, relative
/// links and keyword auto-links all count) is easy to miss: warn at its
/// title. A site of one note has no orphans.
fn orphan_warnings(
    notes: &[Arc<Note>],
    out: &[Vec<usize>],
    into: &[Vec<usize>],
) -> Vec<Diagnostic> {
    if notes.len() < 2 {
        return Vec::new();
    }
    (0..notes.len())
        .filter(|&i| out[i].is_empty() && into[i].is_empty())
        .map(|i| {
            let n = &notes[i];
            Diagnostic::warning(
                &n.path,
                n.key_pos("title"),
                "orphan note: no other note links to it, and it links to none",
            )
            .with_hint(
                "link it from a note on a related keyword ([[title]]), or link to one from it",
            )
            .with_source(&n.source)
        })
        .collect()
}

fn dir_url(dir: &str) -> String {
    if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    }
}

/// URLs of published notes followed by the URLs hidden notes would have.
fn link_urls(content: &Content, note_urls: &[String], section_urls: &[String]) -> Vec<String> {
    let hidden = content
        .hidden
        .iter()
        .map(|(h, s)| format!("{}{}/", section_urls[*s], h.slug));
    note_urls.iter().cloned().chain(hidden).collect()
}

/// A published note that links to a draft links to a page that will not
/// exist; say so without failing the build.
fn draft_link_warnings(content: &Content, rendered: &[Arc<Rendered>]) -> Vec<Diagnostic> {
    let published = content.notes.len();
    let mut out = Vec::new();
    for (note, r) in content.notes.iter().zip(rendered) {
        for &id in r.links.iter().filter(|&&id| id >= published) {
            let Some((h, _)) = content.hidden.get(id - published) else {
                continue;
            };
            if h.draft {
                let name = h.title.as_deref().unwrap_or(&h.slug);
                let msg = format!("links to `{name}`, a draft that is not published");
                let hint = "build with --drafts to include it, or remove `draft: true` from it";
                out.push(
                    Diagnostic::warning(&note.path, Pos::START, msg)
                        .with_hint(hint)
                        .with_source(&note.source),
                );
            }
        }
    }
    out
}

struct LinkContext<'a> {
    content: &'a Content,
    index: &'a LinkIndex,
    note_urls: &'a [String],
    section_urls: &'a [String],
    base_path: &'a str,
    asset_urls: &'a HashMap<String, String>,
    images: &'a images::ImageFiles,
    keywords: (&'a Keywords, &'a KeywordLinks),
}

impl<'a> LinkContext<'a> {
    fn new(
        links: &'a Links,
        content: &'a Content,
        section_urls: &'a [String],
        base_path: &'a str,
        images: &'a images::ImageFiles,
    ) -> Self {
        LinkContext {
            keywords: (&links.keywords, &links.keyword_links),
            content,
            index: &links.index,
            note_urls: &links.note_urls,
            section_urls,
            base_path,
            asset_urls: &links.asset_urls,
            images,
        }
    }

    /// The resolver of note `i`'s body: its relative links and its keyword
    /// auto-links (never to itself).
    fn note_resolver(&self, i: usize) -> Resolver<'a> {
        let note = &self.content.notes[i];
        Resolver {
            keywords: Some((self.keywords.0, self.keywords.1, i)),
            ..self.resolver(links::note_dir(note))
        }
    }

    fn resolver(&self, dir: &'a str) -> Resolver<'a> {
        Resolver {
            index: self.index,
            notes: &self.content.notes,
            hidden: &self.content.hidden,
            note_urls: self.note_urls,
            sections: &self.content.sections,
            section_urls: self.section_urls,
            dir,
            base_path: self.base_path,
            asset_urls: self.asset_urls,
            images: self.images,
            keywords: None,
        }
    }
}

/// Each asset's content-relative file and the URL path (relative to the
/// base) it is published under: next to its folder note, or under its
/// section, so `s/pic.png` is `s/pic.png` but `s/fn/x.png` follows the
/// folder note's slug.
fn asset_urls(
    content: &Content,
    note_urls: &[String],
    section_urls: &[String],
) -> HashMap<String, String> {
    content
        .assets
        .iter()
        .map(|a| asset_paths(content, note_urls, section_urls, a))
        .collect()
}

/// An asset's content-relative file and its output path.
fn asset_paths(
    content: &Content,
    note_urls: &[String],
    section_urls: &[String],
    a: &crate::content::Asset,
) -> (String, String) {
    let (dir, url) = match a.owner {
        AssetOwner::Note(i) => (content.notes[i].dir.as_str(), &note_urls[i]),
        AssetOwner::Section(s) => (content.sections[s].dir.as_str(), &section_urls[s]),
    };
    let file = if dir.is_empty() {
        a.sub.clone()
    } else {
        format!("{dir}/{}", a.sub)
    };
    (file, format!("{url}{}", a.sub))
}

/// The image files of the output and their sizes, each read once per build.
fn read_images(
    content: &Content,
    note_urls: &[String],
    section_urls: &[String],
    root: &Path,
    theme: &str,
) -> images::ImageFiles {
    let assets: Vec<(String, &Path)> = content
        .assets
        .iter()
        .map(|a| {
            let (_, url) = asset_paths(content, note_urls, section_urls, a);
            (url, a.file.as_path())
        })
        .collect();
    images::collect(&assets, root, theme)
}

fn render_notes(
    ctx: &LinkContext,
    md_opts: &MarkdownOptions,
    problems: &mut Vec<Diagnostic>,
    mut cache: Option<&mut MarkdownCache>,
) -> (Vec<Arc<Rendered>>, u64) {
    let key = cache.as_deref_mut().map_or(0, |c| {
        let key = markdown_key(ctx, md_opts);
        c.invalidate(key);
        key
    });
    let remembered = cache.as_deref();
    let (rendered, entries): (Vec<Arc<Rendered>>, Vec<Option<MarkdownEntry>>) = ctx
        .content
        .notes
        .par_iter()
        .enumerate()
        .map(|(i, note)| {
            let hit = remembered
                .and_then(|c| c.entries.get(&note.rel))
                .filter(|e| *e.body == *note.body());
            if let Some(e) = hit {
                return (e.rendered.clone(), Some(e.clone()));
            }
            let r = Arc::new(markdown::render(
                note.body(),
                &ctx.note_resolver(i),
                md_opts,
            ));
            let entry = remembered.map(|_| MarkdownEntry {
                body: note.body().into(),
                rendered: r.clone(),
            });
            (r, entry)
        })
        .unzip();
    if let Some(c) = cache {
        c.entries = ctx
            .content
            .notes
            .iter()
            .zip(entries)
            .filter_map(|(n, e)| Some((n.rel.clone(), e?)))
            .collect();
    }
    for (note, r) in ctx.content.notes.iter().zip(&rendered) {
        problems.extend(body_diagnostics(
            &note.path,
            &note.source,
            note.body_offset,
            r.problems.clone(),
        ));
    }
    (rendered, key)
}

/// Everything a note's Markdown output depends on besides its body: the
/// link targets (titles, slugs, aliases and URLs of every note, hidden
/// ones too, in id order; summaries, which keyword links carry), sections,
/// assets and image sizes, base path and the Markdown options (alert
/// labels, math, auto-links).
fn markdown_key(ctx: &LinkContext, md_opts: &MarkdownOptions) -> u64 {
    let notes: Vec<_> = ctx
        .content
        .notes
        .iter()
        .map(|n| (&n.rel, &n.title, &n.slug, &n.aliases, &n.summary))
        .collect();
    let hidden: Vec<_> = ctx
        .content
        .hidden
        .iter()
        .map(|(h, s)| (&h.rel, &h.title, &h.slug, &h.aliases, h.draft, s))
        .collect();
    let sections: Vec<_> = ctx
        .content
        .sections
        .iter()
        .map(|s| (s.dir.as_str(), s.title()))
        .collect();
    let mut assets: Vec<_> = ctx.asset_urls.iter().collect();
    assets.sort();
    // Image sizes go into the <img> tags: a replaced picture re-renders.
    let mut images: Vec<_> = ctx.images.iter().collect();
    images.sort();
    let md_opts = format!("{md_opts:?}");
    fingerprint(&(
        notes,
        hidden,
        sections,
        assets,
        images,
        ctx.note_urls,
        ctx.section_urls,
        ctx.base_path,
        md_opts,
    ))
}

fn render_sections(
    ctx: &LinkContext,
    md_opts: &MarkdownOptions,
    problems: &mut Vec<Diagnostic>,
) -> Vec<String> {
    ctx.content
        .sections
        .iter()
        .map(|s| {
            let meta = &s.meta;
            let r = markdown::render(meta.body(), &ctx.resolver(&s.dir), md_opts);
            problems.extend(section_quiz_warnings(s, &r));
            problems.extend(body_diagnostics(
                &s.path,
                &meta.source,
                meta.body_offset,
                r.problems,
            ));
            r.html
        })
        .collect()
}

/// Questions belong to notes: a ```quiz block in a section's `_index.md`
/// is left out of the page, with a warning.
fn section_quiz_warnings(s: &crate::content::Section, r: &Rendered) -> Vec<Diagnostic> {
    let meta = &s.meta;
    let problems = r
        .quizzes
        .iter()
        .map(|f| MarkdownProblem {
            offset: f.offset,
            severity: crate::diagnostics::Severity::Warning,
            message: "a ```quiz block in a section index is ignored".into(),
            hint: Some("questions belong to notes: move it into a note".into()),
        })
        .collect();
    body_diagnostics(&s.path, &meta.source, meta.body_offset, problems)
}

/// Markdown problems (body offsets) as diagnostics at absolute file positions.
pub fn body_diagnostics(
    path: &Path,
    source: &str,
    body_offset: usize,
    found: Vec<MarkdownProblem>,
) -> Vec<Diagnostic> {
    if found.is_empty() {
        return Vec::new();
    }
    let lines = LineIndex::new(source);
    found
        .into_iter()
        .map(|p| {
            let pos = lines.pos(source, body_offset + p.offset);
            let d = match p.severity {
                crate::diagnostics::Severity::Error => Diagnostic::error(path, pos, p.message),
                crate::diagnostics::Severity::Warning => Diagnostic::warning(path, pos, p.message),
            };
            let d = d.with_indexed_source(source, &lines);
            match p.hint {
                Some(h) => d.with_hint(h),
                None => d,
            }
        })
        .collect()
}

fn url_conflicts(
    content: &Content,
    note_urls: &[String],
    section_urls: &[String],
    taxonomies: &[String],
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut owner: HashMap<&str, &Path> = HashMap::new();
    for (s, url) in content.sections.iter().zip(section_urls) {
        owner.insert(url, &s.path);
    }
    for (note, url) in content.notes.iter().zip(note_urls) {
        // Positions are looked up only for an actual clash: finding them
        // scans the front-matter.
        let clash = |msg: String, hint: &str| {
            Diagnostic::error(&note.path, note.key_pos("slug"), msg)
                .with_hint(hint)
                .with_source(&note.source)
        };
        if let Some(other) = owner.get(url.as_str()) {
            let msg = format!("URL `/{url}` is already used by {}", other.display());
            problems.push(clash(msg, "give one of them a different `slug`"));
        } else {
            owner.insert(url, &note.path);
        }
        let first = url.split('/').next().unwrap_or_default();
        if url.matches('/').count() == 1
            && (RESERVED.contains(&first) || taxonomies.iter().any(|t| t == first))
        {
            let msg = format!("URL `/{url}` is reserved for manabi's own pages");
            problems.push(clash(msg, "choose another `slug`"));
        }
        if note.slug == PAGE_SEGMENT {
            let msg = format!("the slug `{PAGE_SEGMENT}` is reserved: a section's later pages are `{PAGE_SEGMENT}/2/`, `{PAGE_SEGMENT}/3/`…");
            problems.push(clash(msg, "choose another `slug`"));
        }
    }
    for s in &content.sections {
        if s.dir.rsplit('/').next() == Some(PAGE_SEGMENT) {
            let msg = format!("a section folder may not be named `{PAGE_SEGMENT}`: its parent's later pages are `{PAGE_SEGMENT}/2/`, `{PAGE_SEGMENT}/3/`…");
            problems
                .push(Diagnostic::error(&s.path, Pos::START, msg).with_hint("rename the folder"));
        }
    }
    for (s, url) in content.sections.iter().zip(section_urls) {
        let first = url.trim_end_matches('/');
        if s.parent == Some(0)
            && (RESERVED.contains(&first) || taxonomies.iter().any(|t| t == first))
        {
            let msg =
                format!("section folder `{first}` clashes with manabi's own `/{first}/` pages");
            problems
                .push(Diagnostic::error(&s.path, Pos::START, msg).with_hint("rename the folder"));
        }
    }
    problems
}

/// Header images must exist: a relative path is looked up next to the note
/// (in `content/`), a `/`-absolute one in `static/`.
fn image_problems(content: &Content, root: &Path) -> Vec<Diagnostic> {
    let mut known: HashSet<(AssetOwner, &str)> = HashSet::new();
    for a in &content.assets {
        known.insert((a.owner, a.sub.as_str()));
    }
    let mut problems = Vec::new();
    for (i, note) in content.notes.iter().enumerate() {
        let Some(image) = &note.image else { continue };
        if image.starts_with("http://") || image.starts_with("https://") {
            continue;
        }
        let exists = match image.strip_prefix('/') {
            Some(p) => root.join("static").join(p).is_file(),
            None => image_asset(content, i, image)
                .is_some_and(|key| known.contains(&(key.0, key.1.as_str()))),
        };
        if !exists {
            let msg = format!("header image `{image}` not found");
            let hint =
                "paths are relative to the note's folder; `/img/x.png` means `static/img/x.png`";
            problems.push(
                Diagnostic::error(&note.path, note.key_pos("image"), msg)
                    .with_hint(hint)
                    .with_source(&note.source),
            );
        }
    }
    problems
}

/// The asset (owner, path under owner) a note's relative image path names.
pub fn image_asset(content: &Content, note: usize, image: &str) -> Option<(AssetOwner, String)> {
    let n = &content.notes[note];
    if n.folder_note {
        let sub = links::join_relative("", image)?;
        return Some((AssetOwner::Note(note), sub));
    }
    let section = content.note_section[note];
    let dir = &content.sections[section].dir;
    let full = links::join_relative(links::note_dir(n), image)?;
    let sub = if dir.is_empty() {
        full
    } else {
        full.strip_prefix(&format!("{dir}/"))?.to_string()
    };
    Some((AssetOwner::Section(section), sub))
}

fn ambiguity_warnings(index: &LinkIndex, notes: &[Arc<Note>]) -> Vec<Diagnostic> {
    let mut keys: Vec<_> = index.ambiguous.iter().collect();
    keys.sort();
    keys.into_iter()
        .flat_map(|(key, who)| {
            let first = &notes[who[0]];
            who[1..].iter().map(move |&i| {
                let n = &notes[i];
                let msg = format!(
                    "`{key}` also names {}; `[[{key}]]` links to that note",
                    first.path.display()
                );
                Diagnostic::warning(&n.path, Pos::START, msg)
                    .with_hint("make titles, slugs and aliases unique")
                    .with_source(&n.source)
            })
        })
        .collect()
}

fn backlinks(notes: &[Arc<Note>], rendered: &[Arc<Rendered>]) -> Vec<Vec<usize>> {
    let mut back: Vec<Vec<usize>> = vec![Vec::new(); notes.len()];
    for (from, r) in rendered.iter().enumerate() {
        for &to in &r.links {
            if to < notes.len() && to != from && !back[to].contains(&from) {
                back[to].push(from);
            }
        }
    }
    for list in &mut back {
        list.sort_by(|&a, &b| notes[a].title.cmp(&notes[b].title).then(a.cmp(&b)));
    }
    back
}

fn order_sections(content: &Content) -> Vec<Vec<usize>> {
    let mut lists: Vec<Vec<usize>> = vec![Vec::new(); content.sections.len()];
    for (i, &s) in content.note_section.iter().enumerate() {
        lists[s].push(i);
    }
    for (s, list) in lists.iter_mut().enumerate() {
        let by = content.sections[s].meta.sort_by;
        list.sort_by(|&a, &b| {
            compare_notes(&content.notes[a], &content.notes[b], by).then(a.cmp(&b))
        });
    }
    lists
}

/// Section order. Notes missing the sort key go last; ties break by title.
pub fn compare_notes(a: &Note, b: &Note, by: SortBy) -> Ordering {
    let primary = match by {
        SortBy::Weight => cmp_missing_last(&a.weight, &b.weight),
        // Newest first, undated last.
        SortBy::Date => match (&a.date, &b.date) {
            (Some(x), Some(y)) => y.cmp(x),
            (x, y) => cmp_missing_last(x, y),
        },
        SortBy::Title => Ordering::Equal,
        SortBy::Reading => sort_reading(a).cmp(sort_reading(b)),
    };
    primary.then_with(|| a.title.cmp(&b.title))
}

fn sort_reading(n: &Note) -> &str {
    n.reading.as_deref().unwrap_or(&n.title)
}

fn cmp_missing_last<T: Ord>(a: &Option<T>, b: &Option<T>) -> Ordering {
    match (a, b) {
        (Some(x), Some(y)) => x.cmp(y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

fn subsections(content: &Content) -> Vec<Vec<usize>> {
    let mut subs: Vec<Vec<usize>> = vec![Vec::new(); content.sections.len()];
    for (i, s) in content.sections.iter().enumerate() {
        if let Some(p) = s.parent {
            subs[p].push(i);
        }
    }
    for list in &mut subs {
        list.sort_by(|&a, &b| {
            let (x, y) = (&content.sections[a], &content.sections[b]);
            cmp_missing_last(&x.meta.weight, &y.meta.weight).then_with(|| x.title().cmp(&y.title()))
        });
    }
    subs
}

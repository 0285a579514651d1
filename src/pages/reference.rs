//! The site-wide reference pages of the pages stage: `/glossary/` (every
//! keyword in 五十音順, grouped by kana row, paginated) and `/syllabus/`
//! (the syllabus tree with counts and flags, each node listing its first
//! notes). Contexts come from what the site stage computed
//! (`site.glossary`, `site.syllabus`); nothing is sorted here.

use serde::Serialize;
use tera::{Context, Value};

use super::paginate::{pager_path, Pages, Paginator};
use super::{site_page, site_page_title, Page, Shared};
use crate::render::Renderer;
use crate::site::glossary::{self, Script};
use crate::site::syllabus::Tree;
use crate::site::Site;

/// A reference page; each is rendered only if the theme has its template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ReferencePage {
    Glossary,
    Syllabus,
}

impl ReferencePage {
    pub(super) const ALL: [ReferencePage; 2] = [ReferencePage::Glossary, ReferencePage::Syllabus];

    pub(super) fn template(self) -> &'static str {
        match self {
            ReferencePage::Glossary => "glossary.html",
            ReferencePage::Syllabus => "syllabus.html",
        }
    }

    /// URL path relative to the base path.
    pub(super) fn path(self) -> &'static str {
        match self {
            ReferencePage::Glossary => "glossary/",
            ReferencePage::Syllabus => "syllabus/",
        }
    }

    /// The `t` key of its title and the fallbacks (ja, en).
    fn title_key(self) -> (&'static str, &'static str, &'static str) {
        match self {
            ReferencePage::Glossary => ("glossary_page_title", "用語集", "Glossary"),
            ReferencePage::Syllabus => ("syllabus_page_title", "シラバスマップ", "Syllabus map"),
        }
    }
}

/// Glossary entries on one pager.
pub const GLOSSARY_PER_PAGE: usize = 100;

/// Notes a syllabus node lists on the map; `note_count` has them all, and
/// the node's own page lists every one.
pub const SYLLABUS_NOTES_SHOWN: usize = 3;

/// The template of a syllabus node's page (its notes, paginated).
pub const NODE_TEMPLATE: &str = "syllabus_node.html";

/// Notes on one pager of a syllabus node's page.
pub const NODE_NOTES_PER_PAGE: usize = 100;

/// Notes without a syllabus path listed on the map; `unplaced_count` has
/// them all.
pub const UNPLACED_SHOWN: usize = 100;

/// The pagers of page `r`: the glossary is paginated, the syllabus map is
/// one page.
pub(super) fn pages(site: &Site, r: ReferencePage) -> Pages {
    match r {
        ReferencePage::Glossary => Pages::new(site.notes().len(), GLOSSARY_PER_PAGE),
        ReferencePage::Syllabus => Pages::new(0, 1),
    }
}

/// Pager `pager` of page `r`.
pub(super) fn page(s: &Shared, r: ReferencePage, pager: usize) -> Page {
    // Note URLs were formatted once for the cards.
    let urls: Vec<&str> = s.cards.iter().map(|c| c.url.as_str()).collect();
    let site = s.site;
    let title = site_page_title(s, r.title_key());
    let path = pager_path(r.path(), pager);
    site_page(s, r.template(), (&path, pager), &title, |ctx| match r {
        ReferencePage::Glossary => {
            let pages = pages(site, r);
            let data = glossary_data(site, &urls, pages, pager);
            let items = data
                .groups
                .iter()
                .flat_map(|g| &g.entries)
                .map(Value::from_serializable)
                .collect();
            let paginator = Paginator::new(&site.url(r.path()), pages, pager, items);
            ctx.insert("paginator", &paginator);
            ctx.insert("glossary", &data);
        }
        ReferencePage::Syllabus => ctx.insert("syllabus", &syllabus_data(s, &urls)),
    })
}

/// `glossary` of glossary.html (docs/templates.md).
#[derive(Serialize)]
struct GlossaryData<'a> {
    total: usize,
    /// Every kana row (empty ones too, `count` 0), then the letters and
    /// the last group that have entries: the jump bar.
    jump: Vec<JumpLink>,
    /// The groups with entries, in page order.
    groups: Vec<GlossaryGroup<'a>>,
}

#[derive(Serialize)]
struct JumpLink {
    label: String,
    id: String,
    count: usize,
    /// The group's heading on the pager where it starts (`null` for an
    /// empty kana row).
    url: Option<String>,
}

#[derive(Serialize)]
struct GlossaryGroup<'a> {
    id: String,
    label: String,
    /// `kana`, `latin` or `other`.
    script: &'static str,
    /// Entries in the whole group.
    count: usize,
    /// The group started on an earlier pager.
    continued: bool,
    /// This pager's entries of the group.
    entries: Vec<GlossaryEntry<'a>>,
}

#[derive(Serialize)]
struct GlossaryEntry<'a> {
    title: &'a str,
    url: &'a str,
    reading: Option<&'a str>,
    summary: &'a [String],
    aliases: &'a [String],
    question_count: usize,
}

/// The glossary's pager `pager`: the groups with entries on it, and the
/// jump bar to every group's start.
fn glossary_data<'a>(
    site: &'a Site,
    urls: &[&'a str],
    pages: Pages,
    pager: usize,
) -> GlossaryData<'a> {
    let range = pages.range(pager);
    let list = site.url(ReferencePage::Glossary.path());
    let mut groups: Vec<GlossaryGroup> = Vec::new();
    let mut starts: Vec<(String, usize, usize)> = Vec::new();
    let mut first = 0;
    for g in site.glossary.iter() {
        let (id, label) = group_label(g);
        let here = first.max(range.start)..(first + g.notes.len()).min(range.end);
        if !here.is_empty() {
            groups.push(GlossaryGroup {
                id: id.clone(),
                label: label.clone(),
                script: script_name(g.script),
                count: g.notes.len(),
                continued: here.start > first,
                entries: g.notes[here.start - first..here.end - first]
                    .iter()
                    .map(|&i| entry(site, urls, i))
                    .collect(),
            });
        }
        starts.push((id, first, g.notes.len()));
        first += g.notes.len();
    }
    let start_url = |id: &str| {
        starts
            .iter()
            .find(|(g, _, _)| g == id)
            .map(|(_, at, _)| format!("{}#{id}", pager_path(&list, pages.pager_of(*at))))
    };
    let mut jump: Vec<JumpLink> = glossary::kana_rows()
        .map(|row| {
            let label = row.to_string();
            let id = format!("glossary-{row}");
            let count = site
                .glossary
                .iter()
                .find(|g| g.script == Script::Kana && g.head == Some(row))
                .map_or(0, |g| g.notes.len());
            JumpLink {
                url: start_url(&id),
                id,
                label,
                count,
            }
        })
        .collect();
    jump.extend(
        site.glossary
            .iter()
            .filter(|g| g.script != Script::Kana)
            .map(|g| {
                let (id, label) = group_label(g);
                JumpLink {
                    url: start_url(&id),
                    label,
                    id,
                    count: g.notes.len(),
                }
            }),
    );
    GlossaryData {
        total: site.notes().len(),
        jump,
        groups,
    }
}

fn script_name(script: Script) -> &'static str {
    match script {
        Script::Kana => "kana",
        Script::Latin => "latin",
        Script::Other => "other",
    }
}

/// A group's id and label; the last group's label is empty (the template
/// shows `t.glossary_other`).
fn group_label(g: &glossary::Group) -> (String, String) {
    match g.head {
        Some(c) => (format!("glossary-{c}"), c.to_string()),
        None => ("glossary-other".into(), String::new()),
    }
}

fn entry<'a>(site: &'a Site, urls: &[&'a str], i: usize) -> GlossaryEntry<'a> {
    let n = &site.notes()[i];
    GlossaryEntry {
        title: &n.title,
        url: urls[i],
        reading: n.reading.as_deref(),
        summary: &n.summary,
        aliases: &n.aliases,
        question_count: site.quiz.of_note(i).len(),
    }
}

/// `syllabus` of syllabus.html (docs/templates.md).
#[derive(Serialize)]
struct SyllabusData<'a> {
    has_official: bool,
    total_notes: usize,
    total_questions: usize,
    /// How many nodes carry each flag.
    flags: FlagCounts,
    /// Depth first, parents before children.
    nodes: Vec<SyllabusNode<'a>>,
    /// The first [`UNPLACED_SHOWN`] notes without a `syllabus` path.
    unplaced: Vec<NoteLink<'a>>,
    unplaced_count: usize,
}

/// A note on the syllabus map: less than a glossary entry, as the map
/// lists every note again.
#[derive(Serialize)]
struct NoteLink<'a> {
    title: &'a str,
    url: &'a str,
    question_count: usize,
}

fn note_link<'a>(site: &'a Site, urls: &[&'a str], i: usize) -> NoteLink<'a> {
    NoteLink {
        title: &site.notes()[i].title,
        url: urls[i],
        question_count: site.quiz.of_note(i).len(),
    }
}

#[derive(Serialize, Default)]
struct FlagCounts {
    no_notes: usize,
    no_questions: usize,
    outside: usize,
}

#[derive(Serialize)]
struct SyllabusNode<'a> {
    id: &'a str,
    /// The node's own page, or `null` (no notes of its own, or no
    /// `syllabus_node.html`).
    url: Option<String>,
    name: &'a str,
    path: &'a [String],
    depth: usize,
    child_count: usize,
    /// The first [`SYLLABUS_NOTES_SHOWN`] notes of the node itself.
    notes: Vec<NoteLink<'a>>,
    note_count: usize,
    note_total: usize,
    question_total: usize,
    official: bool,
    no_notes: bool,
    no_questions: bool,
    outside: bool,
}

fn syllabus_data<'a>(s: &'a Shared, urls: &[&'a str]) -> SyllabusData<'a> {
    let site = s.site;
    let tree: &Tree = &site.syllabus;
    let mut flags = FlagCounts::default();
    let nodes: Vec<SyllabusNode> = tree
        .preorder()
        .into_iter()
        .map(|n| {
            let node = &tree.nodes[n];
            let no_notes = node.official && node.note_total == 0;
            let no_questions = node.note_total > 0 && node.question_total == 0;
            let outside = tree.has_official && !node.official;
            flags.no_notes += usize::from(no_notes);
            flags.no_questions += usize::from(no_questions);
            flags.outside += usize::from(outside);
            SyllabusNode {
                id: &node.id,
                url: s.node_paths.get(n).cloned().flatten().map(|p| site.url(&p)),
                name: node.path.last().map_or("", String::as_str),
                path: &node.path,
                depth: node.path.len(),
                child_count: node.children.len(),
                notes: node
                    .notes
                    .iter()
                    .take(SYLLABUS_NOTES_SHOWN)
                    .map(|&i| note_link(site, urls, i))
                    .collect(),
                note_count: node.notes.len(),
                note_total: node.note_total,
                question_total: node.question_total,
                official: node.official,
                no_notes,
                no_questions,
                outside,
            }
        })
        .collect();
    let unplaced = unplaced_notes(site);
    SyllabusData {
        has_official: tree.has_official,
        total_notes: site.notes().len(),
        total_questions: site.quiz.len(),
        flags,
        nodes,
        unplaced: unplaced
            .iter()
            .take(UNPLACED_SHOWN)
            .map(|&i| note_link(site, urls, i))
            .collect(),
        unplaced_count: unplaced.len(),
    }
}

/// One item of a note's syllabus breadcrumb.
#[derive(Serialize)]
struct SyllabusLink<'a> {
    name: &'a str,
    /// The node on `/syllabus/`, or `null` without that page.
    url: Option<String>,
}

/// Each syllabus node's breadcrumb (itself and its ancestors, each linking
/// to its node), built once per node and shared by its notes' pages.
pub(super) fn syllabus_links(site: &Site, with_page: bool) -> Vec<Value> {
    let page = site.url(ReferencePage::Syllabus.path());
    let nodes = &site.syllabus.nodes;
    let mut lists: Vec<Vec<SyllabusLink>> = Vec::with_capacity(nodes.len());
    // Parents come before their children: extend the parent's list.
    for node in nodes {
        let mut list: Vec<SyllabusLink> = match node.parent {
            Some(p) => lists[p]
                .iter()
                .map(|l| SyllabusLink {
                    name: l.name,
                    url: l.url.clone(),
                })
                .collect(),
            None => Vec::with_capacity(1),
        };
        list.push(SyllabusLink {
            name: node.path.last().map_or("", String::as_str),
            url: with_page.then(|| format!("{page}#{}", node.id)),
        });
        lists.push(list);
    }
    lists.iter().map(Value::from_serializable).collect()
}

/// `glossary_url` and `syllabus_url` for the navigation: the page's URL,
/// or null when the theme does not render it.
pub(super) fn insert_globals(ctx: &mut Context, site: &Site, renderer: &Renderer) {
    for (r, key) in [
        (ReferencePage::Glossary, "glossary_url"),
        (ReferencePage::Syllabus, "syllabus_url"),
    ] {
        let url = renderer
            .has_template(r.template())
            .then(|| site.url(r.path()));
        ctx.insert(key, &url);
    }
}

/// URL paths (relative to the base path) of the syllabus nodes' pages:
/// `syllabus/` and the node's names as in its id (NFKC, whitespace as
/// `-`, punctuation dropped, at most 60 characters a level), one for each
/// node with notes of its own; `None` for the others, and for all without
/// the theme's `syllabus_node.html`.
pub(super) fn node_paths(site: &Site, with_pages: bool) -> Vec<Option<String>> {
    let mut taken = std::collections::HashSet::new();
    site.syllabus
        .nodes
        .iter()
        .map(|node| {
            if !with_pages || node.notes.is_empty() {
                return None;
            }
            let names = node.id.strip_prefix("syllabus-").unwrap_or(&node.id);
            let segments: Vec<String> = names
                .split('/')
                .map(|part| match part.chars().take(60).collect::<String>() {
                    p if p.is_empty() => "-".to_string(),
                    p => p,
                })
                .collect();
            let base = format!("{}{}", ReferencePage::Syllabus.path(), segments.join("/"));
            let mut path = format!("{base}/");
            let mut n = 1;
            while !taken.insert(path.clone()) {
                n += 1;
                path = format!("{base}-{n}/");
            }
            Some(path)
        })
        .collect()
}

/// The pagers of node `n`'s page.
pub(super) fn node_pages(site: &Site, n: usize) -> Pages {
    Pages::new(site.syllabus.nodes[n].notes.len(), NODE_NOTES_PER_PAGE)
}

/// `syllabus_node` of syllabus_node.html (docs/templates.md).
#[derive(Serialize)]
struct NodePage<'a> {
    name: &'a str,
    path: &'a [String],
    /// The node on the map.
    map_url: String,
    /// Its ancestors, top level first: each links to its own page, or to
    /// its place on the map when it has no notes of its own.
    breadcrumb: Vec<SyllabusLink<'a>>,
    note_count: usize,
    note_total: usize,
    question_total: usize,
}

/// Pager `pager` of node `n`'s page.
pub(super) fn node_page(s: &Shared, n: usize, pager: usize) -> Page {
    let site = s.site;
    let urls: Vec<&str> = s.cards.iter().map(|c| c.url.as_str()).collect();
    let node = &site.syllabus.nodes[n];
    let list = s.node_paths[n].clone().unwrap_or_default();
    let path = pager_path(&list, pager);
    let map = site.url(ReferencePage::Syllabus.path());
    let link = |m: usize| SyllabusLink {
        name: site.syllabus.nodes[m]
            .path
            .last()
            .map_or("", String::as_str),
        url: Some(match &s.node_paths[m] {
            Some(p) => site.url(p),
            None => format!("{map}#{}", site.syllabus.nodes[m].id),
        }),
    };
    let mut ancestors = Vec::new();
    let mut at = node.parent;
    while let Some(m) = at {
        ancestors.push(link(m));
        at = site.syllabus.nodes[m].parent;
    }
    ancestors.reverse();
    let pages = node_pages(site, n);
    let items: Vec<Value> = node.notes[pages.range(pager)]
        .iter()
        .map(|&i| Value::from_serializable(&note_link(site, &urls, i)))
        .collect();
    let name = node.path.last().map_or("", String::as_str);
    site_page(s, NODE_TEMPLATE, (&path, pager), name, |ctx| {
        ctx.insert(
            "syllabus_node",
            &NodePage {
                name,
                path: &node.path,
                map_url: format!("{map}#{}", node.id),
                breadcrumb: ancestors,
                note_count: node.notes.len(),
                note_total: node.note_total,
                question_total: node.question_total,
            },
        );
        ctx.insert(
            "paginator",
            &Paginator::new(&site.url(&list), pages, pager, items),
        );
    })
}

/// The notes without a syllabus node, in glossary order (the map lists the
/// first [`UNPLACED_SHOWN`]).
pub(super) fn unplaced_notes(site: &Site) -> Vec<usize> {
    let tree = &site.syllabus;
    (site.glossary.iter())
        .flat_map(|g| &g.notes)
        .copied()
        .filter(|&i| tree.note_node[i].is_none())
        .collect()
}

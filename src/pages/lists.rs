//! The list pages of the pages stage: home (every note, newest first),
//! sections, the taxonomy lists and their terms, each cut into pagers
//! (`paginate`) so that no page grows with the site.

use serde::Serialize;
use tera::Value;

use super::paginate::{pager_path, Pages, Paginator};
use super::{base_context, section_link, taxonomy_link, Page, SectionLink, Shared, TaxonomyLink};
use crate::site::Site;

/// Terms on one pager of a taxonomy's list (`/tags/`): a term is a small
/// link, so a pager holds more of them than of note cards.
pub const TERMS_PER_PAGE: usize = 100;

#[derive(Serialize)]
pub(super) struct SectionPage<'a> {
    title: String,
    url: String,
    permalink: String,
    content: &'a str,
    objective: Option<&'a str>,
    syllabus: &'a [String],
    description: &'a str,
    extra: &'a serde_json::Value,
    subsections: Vec<SectionLink>,
    /// This pager's note cards (all of them when the section has one pager).
    #[serde(skip_serializing_if = "Option::is_none")]
    notes: Option<Vec<Value>>,
    /// Notes in the whole section.
    note_count: usize,
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
    /// This pager's note cards.
    notes: Vec<Value>,
    /// Notes carrying the term.
    count: usize,
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

/// The pagers of the home list: every note, newest first, `paginate_by`
/// of `content/_index.md` or site.yaml.
pub(super) fn home_pages(site: &Site) -> Pages {
    section_pages(site, 0)
}

/// The pagers of section `i`'s list of notes.
pub(super) fn section_pages(site: &Site, i: usize) -> Pages {
    let total = if i == 0 {
        site.notes().len()
    } else {
        site.section_notes[i].len()
    };
    let per_page = site.content.sections[i].meta.paginate_by;
    Pages::new(total, per_page.unwrap_or(site.config.paginate_by))
}

/// The pagers of a term's list of notes (the site's `paginate_by`).
pub(super) fn term_pages(site: &Site, ti: usize, t: usize) -> Pages {
    let total = site.taxonomies[ti].terms[t].notes.len();
    Pages::new(total, site.config.paginate_by)
}

/// The pagers of a taxonomy's list of terms.
pub(super) fn taxonomy_pages(site: &Site, ti: usize) -> Pages {
    Pages::new(site.taxonomies[ti].terms.len(), TERMS_PER_PAGE)
}

/// The cards of `notes[range]`.
fn cards(s: &Shared, notes: &[usize], pages: Pages, pager: usize) -> Vec<Value> {
    notes[pages.range(pager)]
        .iter()
        .map(|&i| s.card_values[i].clone())
        .collect()
}

/// A pager's `<title>` suffix: the title itself on the first pager.
pub(super) fn pager_title(s: &Shared, title: &str, pager: usize) -> String {
    if pager <= 1 {
        return title.to_string();
    }
    s.strings.get("pager_title").map_or_else(
        || format!("{title} ({pager})"),
        |t| {
            t.replace("{title}", title)
                .replace("{n}", &pager.to_string())
        },
    )
}

/// Section `i`'s value; with `notes`, the cards of that pager.
pub(super) fn section_value<'a>(
    s: &'a Shared,
    i: usize,
    notes: Option<Vec<Value>>,
) -> SectionPage<'a> {
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
        notes,
        note_count: site.section_notes[i].len(),
    }
}

pub(super) fn section_page(s: &Shared, i: usize, pager: usize) -> Page {
    let site = s.site;
    let sec = &site.content.sections[i];
    let list = &site.section_urls[i];
    let path = pager_path(list, pager);
    let description = if sec.meta.description.is_empty() {
        sec.meta.objective.clone().unwrap_or_default()
    } else {
        sec.meta.description.clone()
    };
    let title = pager_title(s, &sec.title(), pager);
    let mut ctx = base_context(s, &path, Some(&title), &description, None);
    let pages = section_pages(site, i);
    let notes = cards(s, &site.section_notes[i], pages, pager);
    let paginator = Paginator::new(&site.url(list), pages, pager, notes.clone());
    ctx.insert("section", &section_value(s, i, Some(notes)));
    ctx.insert("paginator", &paginator);
    Page::at("section.html", &path, sec.path.display().to_string(), ctx)
}

pub(super) fn home_page(s: &Shared, pager: usize) -> Page {
    let site = s.site;
    let home = &site.content.sections[0];
    let description = if home.meta.description.is_empty() {
        &site.config.description
    } else {
        &home.meta.description
    };
    let path = pager_path("", pager);
    let title = (pager > 1).then(|| pager_title(s, &site.config.title, pager));
    let mut ctx = base_context(s, &path, title.as_deref(), description, None);
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
    let pages = home_pages(site);
    let notes = cards(s, &s.newest, pages, pager);
    ctx.insert("notes", &notes);
    ctx.insert(
        "paginator",
        &Paginator::new(&site.url(""), pages, pager, notes),
    );
    Page::at("index.html", &path, "/ (home)".into(), ctx)
}

/// Notes newest first; undated ones last, by title.
pub(super) fn newest_first(site: &Site, mut notes: Vec<usize>) -> Vec<usize> {
    let all = site.notes();
    notes.sort_by(|&a, &b| {
        crate::site::compare_notes(&all[a], &all[b], crate::content::SortBy::Date).then(a.cmp(&b))
    });
    notes
}

/// Each taxonomy's term indexes by count (most notes first), then name:
/// the order of its list.
pub(super) fn terms_by_count(site: &Site) -> Vec<Vec<usize>> {
    site.taxonomies
        .iter()
        .map(|tax| {
            let mut order: Vec<usize> = (0..tax.terms.len()).collect();
            order.sort_by(|&a, &b| {
                let (x, y) = (&tax.terms[a], &tax.terms[b]);
                y.notes
                    .len()
                    .cmp(&x.notes.len())
                    .then_with(|| x.name.cmp(&y.name))
            });
            order
        })
        .collect()
}

pub(super) fn taxonomy_page(s: &Shared, ti: usize, pager: usize) -> Page {
    let site = s.site;
    let tax = &site.taxonomies[ti];
    let link = taxonomy_link(s, &tax.name, tax.terms.len());
    let pages = taxonomy_pages(site, ti);
    let terms: Vec<TermLink> = s.term_order[ti][pages.range(pager)]
        .iter()
        .map(|&t| {
            let term = &tax.terms[t];
            TermLink {
                name: term.name.clone(),
                url: site.url(&site.term_url(&tax.name, term)),
                count: term.notes.len(),
            }
        })
        .collect();
    let list = format!("{}/", tax.name);
    let path = pager_path(&list, pager);
    let title = pager_title(s, &link.title, pager);
    let mut ctx = base_context(s, &path, Some(&title), &site.config.description, None);
    let items = terms.iter().map(Value::from_serializable).collect();
    ctx.insert(
        "paginator",
        &Paginator::new(&site.url(&list), pages, pager, items),
    );
    ctx.insert(
        "taxonomy",
        &TaxonomyPage {
            link: &link,
            terms: Some(terms),
        },
    );
    Page::at("taxonomy.html", &path, format!("/{path}"), ctx)
}

pub(super) fn term_page(s: &Shared, ti: usize, t: usize, pager: usize) -> Page {
    let site = s.site;
    let tax = &site.taxonomies[ti];
    let term = &tax.terms[t];
    let link = taxonomy_link(s, &tax.name, tax.terms.len());
    let list = site.term_url(&tax.name, term);
    let path = pager_path(&list, pager);
    let pages = term_pages(site, ti, t);
    let notes = cards(s, &s.term_notes[ti][t], pages, pager);
    let title = pager_title(s, &format!("#{}", term.name), pager);
    let mut ctx = base_context(s, &path, Some(&title), &site.config.description, None);
    ctx.insert(
        "taxonomy",
        &TaxonomyPage {
            link: &link,
            terms: None,
        },
    );
    ctx.insert(
        "paginator",
        &Paginator::new(&site.url(&list), pages, pager, notes.clone()),
    );
    ctx.insert(
        "term",
        &TermPage {
            name: &term.name,
            url: site.url(&list),
            notes,
            count: term.notes.len(),
        },
    );
    Page::at("term.html", &path, format!("/{path}"), ctx)
}

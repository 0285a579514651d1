//! Input keys of the pages, for rebuilds with a [`PageCache`]: a page whose
//! key equals the one its cached bytes were rendered with is written from
//! the cache without building its context. A key hashes everything the
//! page's context is built from, through three cheap stand-ins: each note's
//! parse revision (its source and cascade), the fingerprint of what
//! Markdown resolves against (every title, slug, alias and URL), and each
//! card's fingerprint. The templates, UI strings and globals are the
//! cache's own key ([`PageCache::invalidate`]). A plain build computes no
//! keys. `tests/testsuite/incremental.rs` compares cached rebuilds with
//! fresh builds over random edits.
//!
//! [`PageCache`]: super::PageCache
//! [`PageCache::invalidate`]: super::PageCache::invalidate

use std::hash::{Hash, Hasher};

use super::note::{BACKLINKS_SHOWN, TESTED_BY_SHOWN};
use super::reference::{unplaced_notes, ReferencePage, SYLLABUS_NOTES_SHOWN, UNPLACED_SHOWN};
use super::{lists, PageKind, Shared};
use crate::site::Site;

/// The per-note and per-section fingerprints the keys are made of.
pub(super) struct Keys {
    /// Each note's card.
    pub cards: Vec<u64>,
    /// Each section's value (as note pages and its list show it).
    pub sections: Vec<u64>,
}

/// A hasher over a sequence of parts.
struct Key(std::collections::hash_map::DefaultHasher);

impl Key {
    fn new(kind: &str) -> Key {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        kind.hash(&mut h);
        Key(h)
    }

    fn add<T: Hash + ?Sized>(&mut self, part: &T) -> &mut Key {
        part.hash(&mut self.0);
        self
    }

    fn finish(&self) -> u64 {
        self.0.finish()
    }
}

impl Keys {
    pub(super) fn new(s: &Shared) -> Keys {
        let site = s.site;
        let cards = s.cards.iter().map(crate::cache::fingerprint).collect();
        let sections = (0..site.content.sections.len())
            .map(|i| section_key(site, i))
            .collect();
        Keys { cards, sections }
    }
}

/// Section `i` as note pages and its own list show it: its index file,
/// URL and subsections (with their note counts).
fn section_key(site: &Site, i: usize) -> u64 {
    let subsections: Vec<(String, &String, usize)> = site.subsections[i]
        .iter()
        .map(|&j| {
            let sec = &site.content.sections[j];
            (
                sec.title(),
                &site.section_urls[j],
                site.section_notes[j].len(),
            )
        })
        .collect();
    let sec = &site.content.sections[i];
    Key::new("section")
        .add(&sec.meta.source)
        .add(&sec.title())
        .add(&site.section_urls[i])
        .add(&subsections)
        .add(&site.markdown_key)
        .finish()
}

/// The parse revision of note `i`.
fn revision(site: &Site, i: usize) -> u64 {
    site.content.revisions.get(i).copied().unwrap_or_default()
}

/// The key of bank entry `e`'s HTML on the question pages: what its data
/// is made of (its note's revision, its place in the note, the Markdown
/// context that resolved its links and `related` notes).
pub(super) fn question_key(site: &Site, e: usize) -> u64 {
    Key::new("question")
        .add(&entry(site, e))
        .add(&site.markdown_key)
        .finish()
}

/// Bank entry `e` as its note's revision and its place in the note.
fn entry(site: &Site, e: usize) -> (u64, usize) {
    let owner = site.quiz.entries[e].note;
    let at = site.quiz.of_note(owner).iter().position(|&x| x == e);
    (revision(site, owner), at.unwrap_or_default())
}

/// The key of page `kind`.
pub(super) fn page_key(s: &Shared, k: &Keys, kind: PageKind) -> u64 {
    let site = s.site;
    let cards = |notes: &[usize]| -> Vec<u64> { notes.iter().map(|&i| k.cards[i]).collect() };
    match kind {
        PageKind::Note(i) => note_key(s, k, i),
        PageKind::Section(i, p) => {
            let pages = lists::section_pages(site, i);
            Key::new("section-list")
                .add(&k.sections[i])
                .add(&(pages.total, pages.per_page, p))
                .add(&cards(&site.section_notes[i][pages.range(p)]))
                .finish()
        }
        PageKind::Home(p) => {
            let pages = lists::home_pages(site);
            Key::new("home")
                .add(&k.sections[0])
                .add(&(pages.total, pages.per_page, p))
                .add(&cards(&s.newest[pages.range(p)]))
                .finish()
        }
        PageKind::Taxonomy(ti, p) => {
            let tax = &site.taxonomies[ti];
            let pages = lists::taxonomy_pages(site, ti);
            let terms: Vec<(&String, &String, usize)> = s.term_order[ti][pages.range(p)]
                .iter()
                .map(|&t| {
                    (
                        &tax.terms[t].name,
                        &tax.terms[t].slug,
                        tax.terms[t].notes.len(),
                    )
                })
                .collect();
            Key::new("taxonomy")
                .add(&tax.name)
                .add(&(pages.total, pages.per_page, p))
                .add(&terms)
                .finish()
        }
        PageKind::Term(ti, t, p) => {
            let tax = &site.taxonomies[ti];
            let term = &tax.terms[t];
            let pages = lists::term_pages(site, ti, t);
            Key::new("term")
                .add(&(&tax.name, tax.terms.len(), &term.name, &term.slug))
                .add(&(pages.total, pages.per_page, p))
                .add(&cards(&s.term_notes[ti][t][pages.range(p)]))
                .finish()
        }
        PageKind::QuestionList(l, p) => {
            let list = &s.question_lists[l];
            let pages = list.pages();
            let entries: Vec<(u64, usize)> = list.questions[pages.range(p)]
                .iter()
                .map(|&e| entry(site, e))
                .collect();
            Key::new("question-list")
                .add(&(list.kind, &list.title, &list.path, &list.area))
                .add(&list.section.map(|sec| &site.section_urls[sec]))
                .add(&(pages.total, pages.per_page, p))
                .add(&entries)
                .add(&site.markdown_key)
                .finish()
        }
        PageKind::Quiz(q) => {
            let lists: Vec<_> = s
                .question_lists
                .iter()
                .map(|l| (l.kind, &l.title, &l.path, &l.area, l.questions.len()))
                .collect();
            Key::new("quiz")
                .add(&q.path())
                .add(&lists)
                .add(&site.quiz.len())
                .finish()
        }
        PageKind::Reference(ReferencePage::Glossary, p) => glossary_key(s, k, p),
        PageKind::Reference(ReferencePage::Syllabus, _) => syllabus_key(s, k),
        PageKind::SyllabusNode(n, p) => node_key(s, k, n, p),
        PageKind::NotFound => Key::new("404").finish(),
        PageKind::Search => Key::new("search").finish(),
    }
}

/// Note `i`'s page: the note itself (revision, Markdown context, card,
/// section), the cards it lists (backlinks, related notes, neighbours),
/// the questions of other notes testing it, its syllabus breadcrumb.
fn note_key(s: &Shared, k: &Keys, i: usize) -> u64 {
    let site = s.site;
    let card = |&j: &usize| k.cards[j];
    let backlinks = &site.backlinks[i];
    let shown: Vec<u64> = backlinks.iter().take(BACKLINKS_SHOWN).map(card).collect();
    let related: Vec<u64> = site.related.lists[i].iter().map(card).collect();
    let testing = site.quiz.testing(i);
    let tested: Vec<(u64, usize)> = testing
        .iter()
        .take(TESTED_BY_SHOWN)
        .map(|&e| entry(site, e))
        .collect();
    let (prev, next) = site.neighbours(i);
    let trail: Vec<&String> = site
        .syllabus
        .trail(i)
        .into_iter()
        .map(|n| &site.syllabus.nodes[n].id)
        .collect();
    Key::new("note")
        .add(&revision(site, i))
        .add(&site.markdown_key)
        .add(&k.cards[i])
        .add(&k.sections[site.content.note_section[i]])
        .add(&(backlinks.len(), shown, related))
        .add(&(testing.len(), tested))
        .add(&(prev.map(|j| k.cards[j]), next.map(|j| k.cards[j])))
        .add(&trail)
        .finish()
}

/// A glossary pager: every group's size (its heading and the jump bar to
/// the pager where each group starts) and its own entries.
fn glossary_key(s: &Shared, k: &Keys, p: usize) -> u64 {
    let site = s.site;
    let groups: Vec<(Option<char>, usize)> = site
        .glossary
        .iter()
        .map(|g| (g.head, g.notes.len()))
        .collect();
    let pages = super::reference::pages(site, ReferencePage::Glossary);
    let order: Vec<usize> = site
        .glossary
        .iter()
        .flat_map(|g| &g.notes)
        .copied()
        .collect();
    let entries: Vec<(u64, u64, usize)> = order[pages.range(p)]
        .iter()
        .map(|&i| (revision(site, i), k.cards[i], site.quiz.of_note(i).len()))
        .collect();
    Key::new("glossary")
        .add(&groups)
        .add(&(pages.total, p))
        .add(&entries)
        .add(&site.markdown_key)
        .finish()
}

/// A note as the syllabus pages list it: its card and question count.
fn map_note(site: &Site, k: &Keys, i: usize) -> (u64, usize) {
    (k.cards[i], site.quiz.of_note(i).len())
}

/// The syllabus map: every node with its counts, flags, page and first
/// notes, and the notes without a syllabus path.
fn syllabus_key(s: &Shared, k: &Keys) -> u64 {
    let site = s.site;
    let tree = &site.syllabus;
    let mut key = Key::new("syllabus");
    key.add(&(tree.has_official, site.notes().len(), site.quiz.len()));
    for n in tree.preorder() {
        let node = &tree.nodes[n];
        let shown: Vec<(u64, usize)> = node
            .notes
            .iter()
            .take(SYLLABUS_NOTES_SHOWN)
            .map(|&i| map_note(site, k, i))
            .collect();
        key.add(&(&node.id, &node.path, node.children.len(), &s.node_paths[n]))
            .add(&(node.notes.len(), node.note_total, node.question_total))
            .add(&(node.official, shown));
    }
    let unplaced = unplaced_notes(site);
    let shown: Vec<(u64, usize)> = unplaced
        .iter()
        .take(UNPLACED_SHOWN)
        .map(|&i| map_note(site, k, i))
        .collect();
    key.add(&(unplaced.len(), shown)).finish()
}

/// A syllabus node's pager: the node, its ancestors' pages and its notes.
fn node_key(s: &Shared, k: &Keys, n: usize, p: usize) -> u64 {
    let site = s.site;
    let tree = &site.syllabus;
    let node = &tree.nodes[n];
    let mut ancestors = Vec::new();
    let mut at = node.parent;
    while let Some(m) = at {
        ancestors.push((&tree.nodes[m].id, &s.node_paths[m]));
        at = tree.nodes[m].parent;
    }
    let pages = super::reference::node_pages(site, n);
    let notes: Vec<(u64, usize)> = node.notes[pages.range(p)]
        .iter()
        .map(|&i| map_note(site, k, i))
        .collect();
    Key::new("syllabus-node")
        .add(&(&node.id, &node.path, &s.node_paths[n], ancestors))
        .add(&(node.notes.len(), node.note_total, node.question_total))
        .add(&(pages.total, p))
        .add(&notes)
        .finish()
}

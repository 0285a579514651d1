//! Link resolution: which note a wikilink (`[[title]]`) or a relative `.md`
//! link names. Built once per build from every note's title, slug, aliases
//! and file, then shared read-only by the parallel Markdown stage.

use std::collections::HashMap;
use std::sync::Arc;

use unicode_normalization::UnicodeNormalization;

use crate::content::{self, HiddenNote, Note, Section};
use crate::markdown::{KeywordLink, KeywordLinks, Keywords, LinkResolver, ResolvedLink};

/// What a link can point at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Note(usize),
    Section(usize),
}

/// Lookup tables from link text to notes.
#[derive(Debug, Default)]
pub struct LinkIndex {
    exact: HashMap<String, usize>,
    folded: HashMap<String, usize>,
    files: HashMap<String, Target>,
    /// Keys that more than one note claims, with every claimant.
    pub ambiguous: HashMap<String, Vec<usize>>,
}

/// NFKC + lowercase, so `[[ＬｏＲＡ]]` finds `LoRA`.
pub fn fold(s: &str) -> String {
    // NFKC leaves ASCII alone; skipping it matters with 10,000s of keys.
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    nfkc(s).to_lowercase()
}

/// NFKC, skipping the work for text that is already normalised (most).
pub fn nfkc(text: &str) -> std::borrow::Cow<'_, str> {
    match unicode_normalization::is_nfkc_quick(text.chars()) {
        unicode_normalization::IsNormalized::Yes => std::borrow::Cow::Borrowed(text),
        _ => std::borrow::Cow::Owned(text.nfkc().collect()),
    }
}

impl LinkIndex {
    /// Indexes published notes (ids `0..notes.len()`), then hidden ones
    /// (ids from `notes.len()` on), so a published note wins a shared key.
    pub fn new(notes: &[Arc<Note>], hidden: &[(HiddenNote, usize)], sections: &[Section]) -> Self {
        let mut index = LinkIndex::default();
        // Titles first so a title beats another note's alias or slug.
        for (i, n) in notes.iter().enumerate() {
            index.claim(&n.title, i);
        }
        for (i, n) in notes.iter().enumerate() {
            index.claim(&n.slug, i);
            for a in &n.aliases {
                index.claim(a, i);
            }
            index.files.insert(n.rel.clone(), Target::Note(i));
        }
        for (k, (h, _)) in hidden.iter().enumerate() {
            let id = notes.len() + k;
            for key in h.title.iter().chain([&h.slug]).chain(&h.aliases) {
                if !index.exact.contains_key(key.as_str()) {
                    index.exact.insert(key.clone(), id);
                }
                index.folded.entry(fold(key)).or_insert(id);
            }
            index.files.entry(h.rel.clone()).or_insert(Target::Note(id));
        }
        for (i, s) in sections.iter().enumerate() {
            let file = if s.dir.is_empty() {
                "_index.md".to_string()
            } else {
                format!("{}/_index.md", s.dir)
            };
            index.files.insert(file, Target::Section(i));
        }
        index
    }

    fn claim(&mut self, key: &str, note: usize) {
        match self.exact.get(key) {
            Some(&other) if other != note => {
                let who = self
                    .ambiguous
                    .entry(key.to_string())
                    .or_insert_with(|| vec![other]);
                if !who.contains(&note) {
                    who.push(note);
                }
            }
            Some(_) => {}
            None => {
                self.exact.insert(key.to_string(), note);
            }
        }
        self.folded.entry(fold(key)).or_insert(note);
    }

    /// The note a wikilink target names.
    pub fn wikilink(&self, target: &str) -> Option<usize> {
        let target = target.trim();
        self.exact
            .get(target)
            .or_else(|| self.folded.get(&fold(target)))
            .copied()
    }

    /// The note or section a content-relative file path names.
    pub fn file(&self, rel: &str) -> Option<Target> {
        self.files.get(rel).copied()
    }
}

/// Resolves links for one file: relative paths start at `dir`.
pub struct Resolver<'a> {
    pub index: &'a LinkIndex,
    pub notes: &'a [Arc<Note>],
    pub hidden: &'a [(HiddenNote, usize)],
    /// URLs of published notes, then of hidden ones.
    pub note_urls: &'a [String],
    pub sections: &'a [Section],
    pub section_urls: &'a [String],
    pub dir: &'a str,
    pub base_path: &'a str,
    /// Content-relative asset file → its URL path relative to the base.
    pub asset_urls: &'a HashMap<String, String>,
    /// Image files by output path, with their sizes.
    pub images: &'a super::images::ImageFiles,
    /// Keyword auto-links, for a note body (with the note's own id).
    pub keywords: Option<(&'a Keywords, &'a KeywordLinks, usize)>,
}

/// Longest summary (in characters) a keyword link carries for its hover card.
const HOVER_SUMMARY_MAX: usize = 300;

/// The note's title, then its summary bullets, one a line, cut to
/// [`HOVER_SUMMARY_MAX`] characters so a link stays small.
pub fn hover_text(note: &Note) -> String {
    let mut out = note.title.clone();
    let mut left = HOVER_SUMMARY_MAX;
    for point in &note.summary {
        if left == 0 {
            break;
        }
        out.push('\n');
        let count = point.chars().count();
        if count <= left {
            out.push_str(point);
            left -= count;
        } else {
            out.extend(point.chars().take(left.saturating_sub(1)));
            out.push('…');
            left = 0;
        }
    }
    out
}

/// The keys auto-links look for: every published note's title, then every
/// alias (titles win a shared key, as with wikilinks).
pub fn keywords(notes: &[Arc<Note>]) -> Keywords {
    Keywords::new(keyword_names(notes))
}

/// Every note's title and aliases with the note's index, in note order:
/// what the keyword automaton is built from.
pub fn keyword_names(notes: &[Arc<Note>]) -> impl Iterator<Item = (&str, usize)> + Clone {
    let titles = notes.iter().enumerate().map(|(i, n)| (n.title.as_str(), i));
    let aliases = notes
        .iter()
        .enumerate()
        .flat_map(|(i, n)| n.aliases.iter().map(move |a| (a.as_str(), i)));
    titles.chain(aliases)
}

impl Resolver<'_> {
    /// A link to note `i`; ids past the published notes are hidden notes,
    /// linked at the URL they would have.
    fn note_link(&self, i: usize) -> ResolvedLink {
        let title = match self.notes.get(i) {
            Some(n) => n.title.clone(),
            None => self.hidden[i - self.notes.len()]
                .0
                .title
                .clone()
                .unwrap_or_default(),
        };
        ResolvedLink {
            url: format!("{}{}", self.base_path, self.note_urls[i]),
            title,
            note: i,
        }
    }
}

impl LinkResolver for Resolver<'_> {
    fn wikilink(&self, target: &str) -> Option<ResolvedLink> {
        self.index.wikilink(target).map(|i| self.note_link(i))
    }

    fn md_link(&self, target: &str) -> Option<ResolvedLink> {
        // The Markdown stage has already percent-decoded `target`.
        let rel = join_relative(self.dir, target)?;
        match self.index.file(&rel)? {
            Target::Note(i) => Some(self.note_link(i)),
            // Sections are not notes: `note` past the end keeps them out of backlinks.
            Target::Section(s) => Some(ResolvedLink {
                url: format!("{}{}", self.base_path, self.section_urls[s]),
                title: self.sections[s].title(),
                note: usize::MAX,
            }),
        }
    }

    fn site_path(&self, path: &str) -> String {
        format!("{}{}", self.base_path, path.trim_start_matches('/'))
    }

    fn asset(&self, path: &str) -> Option<String> {
        let rel = join_relative(self.dir, path)?;
        self.asset_urls
            .get(&rel)
            .map(|url| format!("{}{url}", self.base_path))
    }

    fn image(&self, path: &str) -> Option<Option<(u32, u32)>> {
        if !super::images::is_image(path) {
            return Some(None);
        }
        let output = match path.strip_prefix('/') {
            Some(p) => p.to_owned(),
            None => self
                .asset_urls
                .get(&join_relative(self.dir, path)?)?
                .clone(),
        };
        self.images.get(&output).copied()
    }

    fn keywords(&self) -> Option<&Keywords> {
        self.keywords.map(|(k, _, _)| k)
    }

    fn keyword_link(&self, note: usize) -> Option<&KeywordLink> {
        let (_, links, this) = self.keywords?;
        let target = self.notes.get(note).filter(|_| note != this)?;
        links.link(note, || {
            KeywordLink::new(self.note_link(note), hover_text(target))
        })
    }
}

/// `dir` + `target` with `.` and `..` resolved; `None` if it leaves `content/`.
pub fn join_relative(dir: &str, target: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// The folder a note's relative links start from.
pub fn note_dir(note: &Note) -> &str {
    if note.folder_note {
        &note.dir
    } else {
        content::parent_dir(&note.rel)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_relative_paths() {
        assert_eq!(join_relative("a/b", "../c.md").as_deref(), Some("a/c.md"));
        assert_eq!(join_relative("a", "./x/y.md").as_deref(), Some("a/x/y.md"));
        assert_eq!(join_relative("", "../x.md"), None);
    }

    #[test]
    fn folds_width_and_case() {
        assert_eq!(fold("ＬｏＲＡ"), "lora");
    }
}

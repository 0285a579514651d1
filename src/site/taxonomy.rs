//! Taxonomies: `tags` (and any other taxonomy named in site.yaml, read from
//! the note's `extra.<name>` list) grouped into terms with URL-safe slugs.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::content::Note;
use crate::diagnostics::Diagnostic;
use crate::filename::{segment_problem, shorten};
use crate::site::links::fold;

/// One taxonomy (e.g. tags) and its terms, sorted by slug.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub name: String,
    pub terms: Vec<Term>,
}

/// One term (e.g. the tag `LLM`) and the notes carrying it, in note order.
#[derive(Debug, Clone)]
pub struct Term {
    pub name: String,
    pub slug: String,
    pub notes: Vec<usize>,
}

/// A term's URL segment and identity: NFKC and lowercase (as wikilinks
/// match: `LLM`, `llm` and `Ｌｌｍ` are one term), whitespace → `-`,
/// URL-breaking characters dropped, Unicode kept (`生成AI` → `生成ai`).
pub fn term_slug(name: &str) -> String {
    let folded = fold(name);
    let mut out = String::new();
    for word in folded.split_whitespace() {
        if !out.is_empty() {
            out.push('-');
        }
        out.extend(word.chars().filter(|c| !"/\\?#%\"<>&'".contains(*c)));
    }
    if out.is_empty() {
        out.push('-');
    }
    out
}

/// The terms of taxonomy `name` on one note, each with the front-matter
/// key it was written at (`tags.2`, `extra.topics.0`; made only for a
/// problem, as a site has tens of thousands of tags).
fn note_terms<'n>(note: &'n Note, name: &str) -> Vec<(&'n str, TermKey)> {
    if name == "tags" {
        let keyed = note.tags.iter().enumerate();
        return keyed.map(|(i, t)| (t.as_str(), TermKey::Item(i))).collect();
    }
    match note.extra.get(name) {
        Some(serde_json::Value::Array(items)) => items
            .iter()
            .enumerate()
            .filter_map(|(i, v)| Some((v.as_str()?, TermKey::Item(i))))
            .collect(),
        Some(serde_json::Value::String(s)) => vec![(s.as_str(), TermKey::Whole)],
        _ => Vec::new(),
    }
}

/// Where a term was written: item `i` of the taxonomy's list, or the
/// whole value.
#[derive(Debug, Clone, Copy)]
enum TermKey {
    Item(usize),
    Whole,
}

impl TermKey {
    fn path(self, name: &str) -> String {
        let base = if name == "tags" {
            "tags".to_string()
        } else {
            format!("extra.{name}")
        };
        match self {
            TermKey::Item(i) => format!("{base}.{i}"),
            TermKey::Whole => base,
        }
    }
}

/// Groups notes by term. Terms with the same slug (`LLM`, `llm`, `Ｌｌｍ`)
/// are one term; the first spelling in note order names it. A term whose
/// slug cannot be a folder of the output (`.`, 1,000 characters) is an
/// error at the key that names it, and left out.
pub fn collect(name: &str, notes: &[Arc<Note>]) -> (Taxonomy, Vec<Diagnostic>) {
    let mut by_slug: BTreeMap<String, Term> = BTreeMap::new();
    // Each spelling is folded once, however many notes carry it.
    let mut slugs: HashMap<&str, Result<String, String>> = HashMap::new();
    let mut problems = Vec::new();
    for (i, note) in notes.iter().enumerate() {
        for (term, key) in note_terms(note, name) {
            let slug = slugs.entry(term).or_insert_with(|| {
                let slug = term_slug(term);
                match segment_problem(&slug) {
                    Some(why) => Err(why),
                    None => Ok(slug),
                }
            });
            let slug = match slug {
                Ok(slug) => slug,
                Err(why) => {
                    problems.push(term_problem(note, term, &key.path(name), why));
                    continue;
                }
            };
            match by_slug.get_mut(slug.as_str()) {
                Some(entry) if entry.notes.last() == Some(&i) => {}
                Some(entry) => entry.notes.push(i),
                None => {
                    let entry = Term {
                        name: term.to_string(),
                        slug: slug.clone(),
                        notes: vec![i],
                    };
                    by_slug.insert(slug.clone(), entry);
                }
            }
        }
    }
    let taxonomy = Taxonomy {
        name: name.to_string(),
        terms: by_slug.into_values().collect(),
    };
    (taxonomy, problems)
}

fn term_problem(note: &Note, term: &str, key: &str, why: &str) -> Diagnostic {
    let msg = format!("`{}` cannot be a page folder: {why}", shorten(term));
    Diagnostic::error(&note.path, note.key_pos(key), msg)
        .with_hint("each term gets a page named after it: use a short name that is not `.` or `..`")
        .with_source(&note.source)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_keep_unicode_and_fold_case() {
        assert_eq!(term_slug("生成AI"), "生成ai");
        assert_eq!(term_slug("Open Source"), "open-source");
        assert_eq!(term_slug("C#/F#"), "cf");
        assert_eq!(term_slug("#?"), "-");
    }

    #[test]
    fn width_and_case_variants_are_one_term() {
        assert_eq!(term_slug("Ｌｌｍ"), "llm");
        assert_eq!(term_slug("ｵｰﾌﾟﾝ化"), term_slug("オープン化"));
        let notes = [
            crate::content::test_note("a.md", "title: A\ntags: [LLM]"),
            crate::content::test_note("b.md", "title: B\ntags: [Ｌｌｍ, llm]"),
        ]
        .map(Arc::new);
        let (tax, problems) = collect("tags", &notes);
        assert!(problems.is_empty());
        assert_eq!(tax.terms.len(), 1);
        assert_eq!(tax.terms[0].name, "LLM", "the first spelling names it");
        assert_eq!(tax.terms[0].notes, [0, 1]);
    }

    #[test]
    fn terms_that_cannot_be_folders_are_errors_at_their_key() {
        let long = "長".repeat(1000);
        let fm =
            format!("title: A\ntags:\n  - ok\n  - \".\"\n  - \"..\"\n  - {long}\n  - index.html");
        let notes = [Arc::new(crate::content::test_note("a.md", &fm))];
        let (tax, problems) = collect("tags", &notes);
        assert_eq!(tax.terms.len(), 1, "only `ok` is kept");
        let lines: Vec<usize> = problems.iter().map(|d| d.line).collect();
        assert_eq!(lines, [5, 6, 7, 8], "each at its own item: {problems:?}");
        assert!(
            problems[2].message.contains("3000 bytes"),
            "{}",
            problems[2].message
        );
    }
}

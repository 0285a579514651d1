//! Taxonomies: `tags` (and any other taxonomy named in site.yaml, read from
//! the note's `extra.<name>` list) grouped into terms with URL-safe slugs.

use std::collections::BTreeMap;

use crate::content::Note;

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

/// A term's URL segment: lowercase, whitespace → `-`, URL-breaking
/// characters dropped, Unicode kept (`生成AI` → `生成ai`).
pub fn term_slug(name: &str) -> String {
    let mut out = String::new();
    for word in name.split_whitespace() {
        if !out.is_empty() {
            out.push('-');
        }
        out.extend(
            word.chars()
                .filter(|c| !"/\\?#%\"<>&'".contains(*c))
                .flat_map(char::to_lowercase),
        );
    }
    if out.is_empty() {
        out.push('-');
    }
    out
}

/// The terms of taxonomy `name` on one note.
fn note_terms(note: &Note, name: &str) -> Vec<String> {
    if name == "tags" {
        return note.tags.clone();
    }
    match note.extra.get(name) {
        Some(serde_json::Value::Array(items)) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        Some(serde_json::Value::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// Groups notes by term. Terms whose slugs collide (`LLM`, `llm`) merge;
/// the first spelling in note order names the term.
pub fn collect(name: &str, notes: &[Note]) -> Taxonomy {
    let mut by_slug: BTreeMap<String, Term> = BTreeMap::new();
    for (i, note) in notes.iter().enumerate() {
        for term in note_terms(note, name) {
            let slug = term_slug(&term);
            let entry = by_slug.entry(slug.clone()).or_insert_with(|| Term {
                name: term.clone(),
                slug,
                notes: Vec::new(),
            });
            if entry.notes.last() != Some(&i) {
                entry.notes.push(i);
            }
        }
    }
    Taxonomy {
        name: name.to_string(),
        terms: by_slug.into_values().collect(),
    }
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
}

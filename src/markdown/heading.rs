//! Heading ids and the table of contents. Ids keep Unicode, so a Japanese
//! heading gets a Japanese id that survives copy and paste of its URL.

use std::collections::{HashMap, HashSet};

use unicode_normalization::UnicodeNormalization;

use super::keywords::is_stable;

use super::TocEntry;

/// The id a heading gets from its plain text: NFKC, ASCII letters
/// lowercased, whitespace runs joined by one `-`, punctuation and symbols
/// (ASCII or full-width) dropped except `-` and `_`, every other letter or
/// number kept; `section` when nothing is left.
pub(super) fn slug(text: &str) -> String {
    // Most headings are ASCII, kana and kanji, which NFKC leaves as they
    // are (with no combining mark after them: that is neither): then the
    // normaliser is not run.
    if text.chars().all(|c| c.is_ascii() || is_stable(c)) {
        slug_of(text.chars(), text.len())
    } else {
        slug_of(text.nfkc(), text.len())
    }
}

fn slug_of(chars: impl Iterator<Item = char>, capacity: usize) -> String {
    let mut out = String::with_capacity(capacity);
    let mut dash = false;
    for c in chars {
        if c.is_whitespace() {
            dash = !out.is_empty();
        } else if c.is_alphanumeric() || c == '-' || c == '_' {
            if dash {
                out.push('-');
                dash = false;
            }
            out.push(c.to_ascii_lowercase());
        }
    }
    if out.is_empty() {
        out.push_str("section");
    }
    out
}

/// Ids the page around a note already uses (the skip link's `main` and the
/// default theme's box headings, see docs/templates.md); derived heading
/// ids step around them so `## main` cannot break the skip link.
pub const RESERVED_IDS: &[&str] = &[
    "main",
    "toc-heading",
    "summary-heading",
    "sources-heading",
    "backlinks-heading",
    "objective-heading",
    "notes-heading",
    "sections-heading",
    "subsections-heading",
    "latest-heading",
    "quiz-heading",
];

/// The ids already given out in one note, besides [`RESERVED_IDS`].
#[derive(Debug, Default)]
pub(super) struct HeadingIds {
    /// Not the reserved ids: they are checked apart, so a body (or a
    /// question field) without headings allocates nothing here.
    used: HashSet<String>,
    /// For each derived base id, the suffix to try next. Every suffix below
    /// it is taken (ids are never given back), so n headings with one text
    /// cost n probes in all instead of n²/2.
    next_suffix: HashMap<String, usize>,
}

impl HeadingIds {
    /// Records an explicit `{#id}`; false when a heading already has it.
    /// Explicit ids may take a reserved id: the writer asked for it.
    pub(super) fn claim(&mut self, id: &str) -> bool {
        RESERVED_IDS.contains(&id) || self.used.insert(id.to_owned())
    }

    /// A fresh id derived from `title`, suffixed `-1`, `-2`… when taken:
    /// the smallest free suffix, found without re-trying the taken ones.
    pub(super) fn derive(&mut self, title: &str) -> String {
        let base = slug(title);
        if take(&mut self.used, &base) {
            return base;
        }
        let next = self.next_suffix.entry(base.clone()).or_insert(1);
        loop {
            let candidate = format!("{base}-{next}");
            *next += 1;
            if take(&mut self.used, &candidate) {
                return candidate;
            }
        }
    }
}

/// Gives out `id` if it is free: neither reserved nor in `used`.
fn take(used: &mut HashSet<String>, id: &str) -> bool {
    !RESERVED_IDS.contains(&id) && used.insert(id.to_owned())
}

/// Adds an h2 (top level) or h3 (under the last h2) to the TOC; an h3 with no
/// h2 before it becomes top level, so nothing is lost. Other levels are ignored.
pub(super) fn add_to_toc(toc: &mut Vec<TocEntry>, entry: TocEntry) {
    match (entry.level, toc.last_mut()) {
        (3, Some(parent)) if parent.level == 2 => parent.children.push(entry),
        (2 | 3, _) => toc.push(entry),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_keeps_japanese_and_drops_punctuation() {
        assert_eq!(slug("オープン化の背景"), "オープン化の背景");
        assert_eq!(slug("「量子化」とは？（概要）"), "量子化とは概要");
        assert_eq!(slug("LoRA・QLoRA：比較、まとめ。"), "loraqlora比較まとめ");
    }

    #[test]
    fn slug_normalises_width_case_and_spaces() {
        assert_eq!(slug("ＡＢＣ　テスト"), "abc-テスト");
        assert_eq!(slug("  Hello,   World!  "), "hello-world");
        assert_eq!(slug("snake_case and-dash"), "snake_case-and-dash");
    }

    #[test]
    fn slug_skips_normalising_only_what_is_normal_already() {
        for text in [
            "ＡＢＣ　テスト",
            "ｶﾀｶﾅ",
            "㍻の①",
            "量子化 LoRA",
            "e\u{301}",
            "か\u{3099}",
            "Ⅻ章",
        ] {
            let slow = slug_of(text.nfkc(), 0);
            assert_eq!(slug(text), slow, "{text}");
        }
    }

    #[test]
    fn slug_of_nothing_is_section() {
        assert_eq!(slug(""), "section");
        assert_eq!(slug("!!! ？？"), "section");
    }

    #[test]
    fn derived_ids_avoid_ids_the_page_uses() {
        let mut ids = HeadingIds::default();
        assert_eq!(ids.derive("main"), "main-1");
        assert_eq!(ids.derive("TOC heading"), "toc-heading-1");
    }

    #[test]
    fn derived_ids_are_deduplicated() {
        let mut ids = HeadingIds::default();
        assert_eq!(ids.derive("まとめ"), "まとめ");
        assert_eq!(ids.derive("まとめ"), "まとめ-1");
        assert!(ids.claim("まとめ-2"));
        assert_eq!(ids.derive("まとめ"), "まとめ-3");
        assert!(!ids.claim("まとめ"));
    }

    #[test]
    fn many_identical_headings_get_consecutive_suffixes() {
        let mut ids = HeadingIds::default();
        assert!(ids.claim("a-3"));
        let got: Vec<String> = (0..6).map(|_| ids.derive("a")).collect();
        assert_eq!(got, ["a", "a-1", "a-2", "a-4", "a-5", "a-6"]);
        assert_eq!(
            ids.derive("a 1"),
            "a-1-1",
            "a heading whose text is a taken id"
        );
        let many: Vec<String> = (0..20_000).map(|_| ids.derive("b")).collect();
        assert_eq!(many[19_999], "b-19999");
    }
}

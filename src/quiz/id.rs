//! Question ids: the default id derived from the question text, and the
//! rule a written id must follow (it becomes an HTML id, a data attribute
//! and a localStorage key).

use std::borrow::Cow;

use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// Hex digits of the hash kept in a default id.
const HASH_DIGITS: usize = 10;

/// The id of a question that does not set `id:`: `<note slug>-<hash>`,
/// where `<hash>` is the first 10 lowercase hex digits of the 64-bit FNV-1a
/// hash of the question text's UTF-8 bytes after NFKC normalisation,
/// trimming, and collapsing every run of whitespace to one space.
///
/// So the id survives re-indenting, re-wrapping and full-width/half-width
/// edits of the stem, and changes when its words change. It is the same on
/// every platform and in every version that keeps this algorithm.
pub fn default_id(slug: &str, stem: &str) -> String {
    let hash = fnv1a(normalise(stem).as_bytes());
    let hex = format!("{hash:016x}");
    format!("{slug}-{}", &hex[..HASH_DIGITS])
}

fn normalise(stem: &str) -> String {
    nfkc(stem).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `s` in NFKC, borrowed when it already is: text of [`is_nfkc_inert`]
/// characters only (most of a Japanese note) needs no table lookup, and
/// the quick check settles most of the rest for less than normalising.
pub(super) fn nfkc(s: &str) -> Cow<'_, str> {
    if s.chars().all(is_nfkc_inert) || is_nfkc_quick(s.chars()) == IsNormalized::Yes {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.nfkc().collect())
    }
}

/// Characters NFKC maps to themselves whatever surrounds them, except that
/// a following combining mark (not one of them) may compose with them:
/// ASCII, Japanese punctuation (、。「」…, not the ideographic space), kana,
/// ・, ー and the unified kanji. None but ASCII has a lowercase form. (The
/// search index folds with the same set.)
pub(super) fn is_nfkc_inert(c: char) -> bool {
    matches!(c as u32, 0x00..=0x7F | 0x3001..=0x3029 | 0x3041..=0x3096 | 0x30A1..=0x30FC | 0x4E00..=0x9FFF)
}

/// 64-bit FNV-1a.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Why a written id cannot be used, if it cannot.
pub fn id_problem(id: &str) -> Option<&'static str> {
    if id.is_empty() {
        return Some("is empty");
    }
    let bad = |c: char| c.is_whitespace() || c.is_control() || "\"'<>&#%?/\\`".contains(c);
    id.chars()
        .any(bad)
        .then_some("may not contain spaces or any of \" ' < > & # % ? / \\ `")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_matches_the_reference_vectors() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn default_id_is_stable_and_prefixed_with_the_slug() {
        let id = default_id("open-weights", "重みが公開されたモデルはどれか。");
        assert_eq!(
            id,
            default_id("open-weights", "重みが公開されたモデルはどれか。")
        );
        assert!(id.starts_with("open-weights-"), "{id}");
        assert_eq!(id.len(), "open-weights-".len() + HASH_DIGITS);
        // Pinned: changing the algorithm would orphan learners' saved results.
        assert_eq!(
            default_id("x", "LoRA"),
            format!("x-{}", &format!("{:016x}", fnv1a(b"LoRA"))[..10])
        );
    }

    #[test]
    fn default_id_ignores_layout_and_width_but_not_words() {
        let a = default_id("s", "What is  ＬｏＲＡ?\n");
        assert_eq!(a, default_id("s", "  What is LoRA? "));
        assert_ne!(a, default_id("s", "What is QLoRA?"));
        assert_ne!(a, default_id("t", "What is LoRA?"));
    }

    #[test]
    fn inert_characters_are_their_own_nfkc_and_lowercase() {
        let inert = (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|&c| is_nfkc_inert(c));
        for c in inert {
            let s = c.to_string();
            assert_eq!(s.nfkc().collect::<String>(), s, "{:X}", c as u32);
            assert_eq!(s.to_lowercase(), s.to_ascii_lowercase(), "{:X}", c as u32);
        }
        // A combining mark after one still composes with it.
        assert_eq!(nfkc("か\u{3099}"), "が");
    }

    #[test]
    fn nfkc_borrows_normalised_text_only() {
        assert!(matches!(nfkc("重みが公開された LoRA"), Cow::Borrowed(_)));
        assert_eq!(nfkc("ＬｏＲＡ ｶﾞ"), "LoRA ガ");
        assert_eq!(nfkc("\u{304B}\u{3099}"), "\u{304C}");
    }

    #[test]
    fn ids_must_be_usable_in_html_and_urls() {
        assert_eq!(id_problem("open-weights-1"), None);
        assert_eq!(id_problem("量子化_2"), None);
        assert!(id_problem("a b").is_some());
        assert!(id_problem("a#b").is_some());
        assert!(id_problem("").is_some());
    }
}

//! Keyword matching for auto-links: finds other notes' titles and aliases
//! in body text. The automaton is built once per build and shared by every
//! note; this module only finds mentions, the stage decides what to do.
//!
//! Matching folds both sides the same way wikilinks do (NFKC + lowercase,
//! one character at a time so offsets map back to the text), prefers the
//! longest key at the leftmost position, and never matches inside a longer
//! ASCII word: `AI` is not found in `OpenAI`, nor `GAN` in `GANs` (give the
//! note an alias `GANs` to link the plural).
//!
//! Text is scanned a character at a time: two bit sets, of the keys' first
//! characters and of their first two (hashed), rule out most positions,
//! and at the others a trie of the keys gives the longest key starting
//! there. All are built in time linear in the keys. A text that makes the trie walks too long (a
//! key of one repeated character in a run of it) is scanned again with an
//! Aho-Corasick automaton, built on first need, linear whatever the text.

use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use unicode_normalization::UnicodeNormalization;

use super::KeywordLink;

/// Keys shorter than this many characters are never matched: a one-letter
/// or one-kanji title would link half of every note.
pub const MIN_KEY_CHARS: usize = 2;

/// The titles and aliases of every note, ready to be found in text.
#[derive(Debug, Clone)]
pub struct Keywords {
    /// The folded keys, by pattern id.
    patterns: Vec<String>,
    /// Pattern id → note id.
    notes: Vec<usize>,
    trie: Trie,
    /// Bit `c mod 2^16` of each key's first character `c`.
    first_chars: Box<[u64]>,
    /// Bit [`pair_hash`] of each key's first two characters.
    pairs: Box<[u64]>,
    /// For texts the trie walks too long in. `None` inside if it could not
    /// be built (more states than it can number): then such a text is
    /// not auto-linked rather than the build failing.
    automaton: OnceLock<Option<AhoCorasick>>,
    /// One more than the highest note id a key names.
    linked_notes: usize,
}

/// Each note's keyword link in one build, made on its first mention in
/// any body. Kept apart from [`Keywords`]: the keys are reused by later
/// builds while the titles stay the same, but a link carries its target's
/// summary, which may have changed.
#[derive(Debug, Default)]
pub struct KeywordLinks(Box<[OnceLock<KeywordLink>]>);

impl KeywordLinks {
    /// An empty cache for the notes `keywords` names.
    pub fn new(keywords: &Keywords) -> Self {
        KeywordLinks(
            (0..keywords.linked_notes)
                .map(|_| OnceLock::new())
                .collect(),
        )
    }

    /// Note `note`'s keyword link: made by `make` the first time, then
    /// kept, so whatever calls this must make the same link for a note in
    /// every body (the site's resolvers do: the URL and the hover text are
    /// the target's). `None` for a note no key names.
    pub fn link(&self, note: usize, make: impl FnOnce() -> KeywordLink) -> Option<&KeywordLink> {
        Some(self.0.get(note)?.get_or_init(make))
    }
}

/// One mention of a key in a piece of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Byte range in the original (unfolded) text.
    pub range: Range<usize>,
    pub note: usize,
}

impl Keywords {
    /// Builds the automaton from `(key, note)` pairs; when two notes claim
    /// the same folded key the first pair wins (pass titles before aliases,
    /// as the wikilink index ranks them).
    pub fn new<'k>(keys: impl IntoIterator<Item = (&'k str, usize)>) -> Keywords {
        let mut seen = std::collections::HashSet::new();
        let mut patterns = Vec::new();
        let mut notes = Vec::new();
        for (key, note) in keys {
            let folded = fold(key.trim());
            if folded.chars().count() < MIN_KEY_CHARS || !seen.insert(folded.clone()) {
                continue;
            }
            patterns.push(folded);
            notes.push(note);
        }
        let mut first_chars = vec![0u64; SET_BITS / 64].into_boxed_slice();
        let mut pairs = vec![0u64; SET_BITS / 64].into_boxed_slice();
        for key in &patterns {
            let mut chars = key.chars().map(u32::from);
            if let (Some(first), Some(second)) = (chars.next(), chars.next()) {
                set_bit(&mut first_chars, first as usize);
                set_bit(&mut pairs, pair_hash(first, second));
            }
        }
        let linked_notes = notes.iter().max().map_or(0, |&last| last + 1);
        Keywords {
            trie: Trie::new(&patterns),
            patterns,
            notes,
            first_chars,
            pairs,
            automaton: OnceLock::new(),
            linked_notes,
        }
    }

    /// Every mention in `text`, left to right, not overlapping, each the
    /// longest key starting there, none inside a longer ASCII word.
    pub fn find(&self, text: &str) -> Vec<Mention> {
        if self.patterns.is_empty() {
            return Vec::new();
        }
        let folded = Folded::new(text);
        let hay = folded.text();
        let mut found = self
            .scan(hay)
            .unwrap_or_else(|| self.scan_with_automaton(hay));
        if folded.shifted && !found.is_empty() {
            map_back(text, &mut found);
        }
        found
    }

    /// The mentions in folded `hay`, by the trie; `None` when the walks
    /// took more steps than the text is long (times a margin).
    fn scan(&self, hay: &str) -> Option<Vec<Mention>> {
        let bytes = hay.as_bytes();
        let mut budget = WALK_STEPS_PER_BYTE * bytes.len() + 256;
        let mut found = Vec::new();
        let mut at = 0;
        while at < bytes.len() {
            let (first, len) = decode(bytes, at);
            if self.may_start(first, bytes, at + len) {
                if let Some((end, pattern)) = self.trie.longest(bytes, at, &mut budget)? {
                    if !inside_ascii_word(hay, at, end) {
                        found.push(Mention {
                            range: at..end,
                            note: self.notes[pattern],
                        });
                    }
                    at = end;
                    continue;
                }
            }
            at += len;
        }
        Some(found)
    }

    /// Whether a key may start with `first` followed by the character at
    /// `next`: both bit sets say so.
    #[inline]
    fn may_start(&self, first: u32, bytes: &[u8], next: usize) -> bool {
        if !has_bit(&self.first_chars, first as usize) || next >= bytes.len() {
            return false;
        }
        let (second, _) = decode(bytes, next);
        has_bit(&self.pairs, pair_hash(first, second))
    }

    /// The mentions in folded `hay`, by the Aho-Corasick automaton (built
    /// on first use): the same as [`Self::scan`] finds, in linear time.
    fn scan_with_automaton(&self, hay: &str) -> Vec<Mention> {
        // Never the DFA aho-corasick picks for up to 100 keys: filling its
        // table follows failure links per state and byte class, which is
        // quadratic for a key of one repeated character (10,000 × `あ`
        // took 47 s). The contiguous NFA is built in time linear in the
        // keys and still scans text in linear time.
        let automaton = self.automaton.get_or_init(|| {
            AhoCorasick::builder()
                .kind(Some(AhoCorasickKind::ContiguousNFA))
                .match_kind(MatchKind::LeftmostLongest)
                .build(&self.patterns)
                .ok()
        });
        let Some(automaton) = automaton else {
            return Vec::new();
        };
        automaton
            .find_iter(hay)
            .filter(|m| !inside_ascii_word(hay, m.start(), m.end()))
            .map(|m| Mention {
                range: m.start()..m.end(),
                note: self.notes[m.pattern().as_usize()],
            })
            .collect()
    }
}

/// Trie steps a scan may take per byte of text before it gives the text
/// to the automaton. Study notes take well under one.
const WALK_STEPS_PER_BYTE: usize = 8;

/// Bits in each of the sets of keys' first characters and first pairs.
const SET_BITS: usize = 1 << 16;

fn set_bit(set: &mut [u64], bit: usize) {
    let bit = bit % SET_BITS;
    set[bit / 64] |= 1 << (bit % 64);
}

fn has_bit(set: &[u64], bit: usize) -> bool {
    let bit = bit % SET_BITS;
    set[bit / 64] >> (bit % 64) & 1 == 1
}

/// A hash of two characters in `0..SET_BITS`.
fn pair_hash(first: u32, second: u32) -> usize {
    let mixed = (u64::from(first) << 32 | u64::from(second)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (mixed >> (64 - SET_BITS.trailing_zeros())) as usize
}

/// The character at `at` (a character boundary of the valid UTF-8
/// `bytes`) as a number, and its length in bytes.
#[inline]
fn decode(bytes: &[u8], at: usize) -> (u32, usize) {
    let byte = |i: usize| u32::from(bytes.get(at + i).copied().unwrap_or(0) & 0x3F);
    match bytes.get(at).copied().unwrap_or(0) {
        lead @ 0x00..=0x7F => (u32::from(lead), 1),
        lead @ 0x80..=0xDF => (u32::from(lead & 0x1F) << 6 | byte(1), 2),
        lead @ 0xE0..=0xEF => (u32::from(lead & 0x0F) << 12 | byte(1) << 6 | byte(2), 3),
        lead => (
            u32::from(lead & 0x07) << 18 | byte(1) << 12 | byte(2) << 6 | byte(3),
            4,
        ),
    }
}

/// The keys as a trie over their characters, for the longest key that
/// starts at a position. Nodes are numbered breadth first, so each node's
/// children are consecutive: node `n`'s edges are
/// `labels[first[n]..first[n + 1]]` (sorted), to `first_child[n]` onwards.
#[derive(Debug, Clone)]
struct Trie {
    first: Vec<u32>,
    first_child: Vec<u32>,
    labels: Vec<u32>,
    /// The pattern ending at each node, or [`NO_PATTERN`].
    pattern: Vec<u32>,
}

const NO_PATTERN: u32 = u32::MAX;

impl Trie {
    /// Built from the sorted keys in time linear in their characters.
    fn new(patterns: &[String]) -> Trie {
        let mut keys: Vec<(Vec<u32>, u32)> = (0..patterns.len())
            .map(|i| (patterns[i].chars().map(u32::from).collect(), i as u32))
            .collect();
        keys.sort_unstable();
        let mut trie = Trie {
            first: Vec::new(),
            first_child: Vec::new(),
            labels: Vec::new(),
            pattern: Vec::new(),
        };
        // Each node's keys (a range of `keys`) and depth, in node order.
        let mut ranges = vec![(0, keys.len(), 0)];
        let mut node = 0;
        while let Some(&(mut lo, hi, depth)) = ranges.get(node) {
            let mut pattern = NO_PATTERN;
            // Keys are distinct: at most one ends here, and it sorts first.
            if keys.get(lo).is_some_and(|(k, _)| k.len() == depth) {
                pattern = keys[lo].1;
                lo += 1;
            }
            trie.pattern.push(pattern);
            trie.first.push(trie.labels.len() as u32);
            trie.first_child.push(ranges.len() as u32);
            while lo < hi {
                let label = keys[lo].0[depth];
                let end = lo + keys[lo..hi].partition_point(|(k, _)| k[depth] == label);
                trie.labels.push(label);
                ranges.push((lo, end, depth + 1));
                lo = end;
            }
            node += 1;
        }
        trie.first.push(trie.labels.len() as u32);
        trie
    }

    /// The end and pattern of the longest key that starts at `at`;
    /// `None` when `budget` (steps left) runs out.
    fn longest(
        &self,
        bytes: &[u8],
        mut at: usize,
        budget: &mut usize,
    ) -> Option<Option<(usize, usize)>> {
        let mut node = 0;
        let mut best = None;
        while at < bytes.len() {
            *budget = budget.checked_sub(1)?;
            let (c, len) = decode(bytes, at);
            let (lo, hi) = (self.first[node] as usize, self.first[node + 1] as usize);
            let Ok(edge) = self.labels[lo..hi].binary_search(&c) else {
                break;
            };
            node = self.first_child[node] as usize + edge;
            at += len;
            if self.pattern[node] != NO_PATTERN {
                best = Some((at, self.pattern[node] as usize));
            }
        }
        Some(best)
    }
}

/// Turns folded offsets into original ones, in one pass over the text
/// (mentions are in order and do not overlap). Only needed when folding
/// changed byte lengths, and only for text that has mentions.
fn map_back(text: &str, found: &mut [Mention]) {
    let mut edges = found
        .iter_mut()
        .flat_map(|m| [&mut m.range.start, &mut m.range.end])
        .peekable();
    let mut folded_at = 0;
    let mut buf = String::new();
    for (at, c) in text.char_indices() {
        while let Some(edge) = edges.next_if(|e| **e <= folded_at) {
            *edge = at;
        }
        if edges.peek().is_none() {
            return;
        }
        buf.clear();
        fold_char(c, &mut buf);
        folded_at += buf.len();
    }
    for edge in edges {
        *edge = text.len();
    }
}

/// A match is a whole word when the characters on both sides of an ASCII
/// letter or digit at its edges are not ASCII letters or digits themselves.
fn inside_ascii_word(hay: &str, start: usize, end: usize) -> bool {
    let word = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric());
    let bytes = hay.as_bytes();
    let before = start.checked_sub(1).and_then(|i| bytes.get(i));
    let after = bytes.get(end);
    (word(bytes.get(start)) && word(before))
        || (word(bytes.get(end.wrapping_sub(1))) && word(after))
}

/// NFKC + lowercase of `s`, one character at a time (what both keys and
/// text go through, so they always agree).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char(c, &mut out);
    }
    out
}

fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else if is_stable(c) {
        out.push(c);
    } else {
        for d in c.nfkc() {
            out.extend(d.to_lowercase());
        }
    }
}

/// Characters that fold to themselves and are common in Japanese text:
/// CJK punctuation (、。「」…), hiragana, katakana and the main kanji
/// blocks. Checked first because running NFKC on every character of every
/// note would dominate the scan.
pub(super) fn is_stable(c: char) -> bool {
    matches!(c as u32,
        0x3001..=0x3035 | 0x3037 | 0x303B..=0x303F | 0x3041..=0x3096 | 0x30A1..=0x30FC |
        0x3400..=0x4DBF | 0x4E00..=0x9FFF)
}

/// Where the first character at or after `at` (a character boundary of
/// the valid UTF-8 `bytes`) that folding would change may start: the
/// first that is neither ASCII but an uppercase letter nor [`is_stable`].
/// Works on bytes, as every text byte of every note passes here: kanji
/// (lead bytes E5–E9, and E4 but U+4DC0–U+4DFF) are stable from their
/// first two bytes, kana and CJK punctuation (E3) are decoded from three.
fn next_to_fold(bytes: &[u8], mut at: usize) -> Option<usize> {
    while let Some(&b) = bytes.get(at) {
        let stable = match b {
            0x00..=0x7F => !b.is_ascii_uppercase(),
            0xE5..=0xE9 => true,
            0xE4 => bytes.get(at + 1) != Some(&0xB7),
            0xE3 => match bytes.get(at + 1..at + 3) {
                Some(&[b1, b2]) => {
                    let code = 0x3000 | (u32::from(b1 & 0x3F) << 6) | u32::from(b2 & 0x3F);
                    char::from_u32(code).is_some_and(is_stable)
                }
                _ => false,
            },
            _ => false,
        };
        if !stable {
            return Some(at);
        }
        at += if b < 0x80 { 1 } else { 3 };
    }
    None
}

/// Text as the automaton sees it.
struct Folded<'t> {
    original: &'t str,
    /// `None` when folding changed nothing.
    folded: Option<String>,
    /// Some character folded to a different byte length, so folded
    /// offsets are not original ones.
    shifted: bool,
}

impl<'t> Folded<'t> {
    fn new(text: &'t str) -> Folded<'t> {
        let unchanged = Folded {
            original: text,
            folded: None,
            shifted: false,
        };
        let Some(first) = next_to_fold(text.as_bytes(), 0) else {
            return unchanged;
        };
        if text.is_ascii() {
            let folded = Some(text.to_ascii_lowercase());
            return Folded {
                folded,
                ..unchanged
            };
        }
        // Runs of characters that fold to themselves are copied whole.
        let mut folded = String::with_capacity(text.len() + 8);
        folded.push_str(&text[..first]);
        let mut shifted = false;
        let mut at = first;
        while at < text.len() {
            let Some(c) = text[at..].chars().next() else {
                break;
            };
            let before = folded.len();
            fold_char(c, &mut folded);
            shifted |= folded.len() - before != c.len_utf8();
            let run = at + c.len_utf8();
            at = next_to_fold(text.as_bytes(), run).unwrap_or(text.len());
            folded.push_str(&text[run..at]);
        }
        Folded {
            original: text,
            folded: Some(folded),
            shifted,
        }
    }

    fn text(&self) -> &str {
        self.folded.as_deref().unwrap_or(self.original)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keywords(keys: &[(&str, usize)]) -> Keywords {
        Keywords::new(keys.iter().copied())
    }

    fn found<'t>(k: &Keywords, text: &'t str) -> Vec<(&'t str, usize)> {
        k.find(text)
            .into_iter()
            .map(|m| (&text[m.range], m.note))
            .collect()
    }

    #[test]
    fn longest_key_wins() {
        let k = keywords(&[("乗数法", 1), ("ラグランジュの未定乗数法", 2)]);
        let text = "ラグランジュの未定乗数法と乗数法";
        assert_eq!(
            found(&k, text),
            [("ラグランジュの未定乗数法", 2), ("乗数法", 1)]
        );
    }

    #[test]
    fn matches_across_width_and_case_and_maps_back() {
        let k = keywords(&[("LoRA", 1), ("ｶﾀｶﾅ", 2)]);
        let text = "ＬｏＲＡ と lora と カタカナ";
        assert_eq!(
            found(&k, text),
            [("ＬｏＲＡ", 1), ("lora", 1), ("カタカナ", 2)]
        );
    }

    #[test]
    fn offsets_map_back_after_folds_that_change_lengths() {
        let k = keywords(&[("平成", 1), ("AI", 2), ("カナ", 3)]);
        let text = "ＡＩと㍻（ｶﾅ）、AIと平成とカナ";
        assert_eq!(
            found(&k, text),
            [
                ("ＡＩ", 2),
                ("㍻", 1),
                ("ｶﾅ", 3),
                ("AI", 2),
                ("平成", 1),
                ("カナ", 3)
            ]
        );
    }

    #[test]
    fn never_inside_a_longer_ascii_word() {
        let k = keywords(&[("AI", 1), ("GAN", 2)]);
        assert_eq!(found(&k, "OpenAI と GANs と AIs"), []);
        assert_eq!(
            found(&k, "AI と GAN、生成AIモデル"),
            [("AI", 1), ("GAN", 2), ("AI", 1)]
        );
        assert_eq!(found(&k, "(GAN)"), [("GAN", 2)]);
    }

    #[test]
    fn first_claimant_of_a_key_wins_and_short_keys_are_skipped() {
        let k = keywords(&[
            ("モデル", 1),
            ("ＭＯＤＥＬ", 3),
            ("model", 2),
            ("量", 4),
            ("a", 5),
        ]);
        assert_eq!(
            found(&k, "model モデル 量 a"),
            [("model", 3), ("モデル", 1)]
        );
    }

    /// xorshift64, so the random cases are the same on every run.
    fn next(state: &mut u64) -> u64 {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        *state
    }

    #[test]
    fn trie_scan_finds_what_the_automaton_finds() {
        const PIECES: &[&str] = &[
            "あ", "い", "a", "b", "A", "量子", "化", " ", "Ｌ", "ｶ", "-", "é",
        ];
        let mut state = 0x2545_f491_4f6c_dd1d;
        let random = |state: &mut u64, n: u64| {
            let len = 1 + next(state) % n;
            (0..len)
                .map(|_| PIECES[(next(state) % PIECES.len() as u64) as usize])
                .collect::<String>()
        };
        for _ in 0..300 {
            let count = 1 + next(&mut state) % 12;
            let keys: Vec<String> = (0..count).map(|_| random(&mut state, 4)).collect();
            let k = Keywords::new(keys.iter().enumerate().map(|(i, s)| (s.as_str(), i)));
            for _ in 0..20 {
                let text = random(&mut state, 40);
                let hay = Folded::new(&text);
                let trie = k.scan(hay.text()).expect("within budget");
                assert_eq!(
                    trie,
                    k.scan_with_automaton(hay.text()),
                    "{keys:?} in {text:?}"
                );
            }
        }
    }

    #[test]
    fn long_walks_go_to_the_automaton_with_the_same_result() {
        // Every position walks 199 characters down the second key.
        let key = "あ".repeat(199) + "う";
        let k = keywords(&[("あい", 1), (&key, 2)]);
        let text = "あ".repeat(5_000) + "い";
        assert_eq!(k.scan(&text), None, "over budget");
        let found = k.find(&text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].note, &text[found[0].range.clone()]), (1, "あい"));
        let text = format!("いう{key}");
        let within = k.scan(&text).expect("one walk down the key is in budget");
        assert_eq!(k.find(&text), within);
        assert_eq!(within.len(), 1);
    }

    #[test]
    fn byte_scan_finds_what_folding_changes_on_every_character() {
        let mut buf = [0u8; 4];
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            let keeps = c.is_ascii() && !c.is_ascii_uppercase() || is_stable(c);
            assert_eq!(next_to_fold(bytes, 0).is_none(), keeps, "{c:?}");
        }
        // Against the character-at-a-time fold of the whole text.
        for text in [
            "",
            "量子化とLoRA",
            "ＡＩと㍻（ｶﾅ）、AIと平成",
            "䷀易経と䶿の間",
            "かな、カナ。",
        ] {
            let folded = Folded::new(text);
            assert_eq!(folded.text(), fold(text), "{text}");
            let shifted = text
                .chars()
                .any(|c| fold(&c.to_string()).len() != c.len_utf8());
            assert_eq!(folded.shifted, shifted, "{text}");
        }
    }

    #[test]
    fn stable_characters_are_their_own_nfkc_and_lowercase() {
        for c in (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|&c| is_stable(c))
        {
            assert_eq!(
                c.to_string().nfkc().collect::<String>(),
                c.to_string(),
                "{c:?}"
            );
            assert_eq!(c.to_lowercase().collect::<String>(), c.to_string(), "{c:?}");
        }
    }

    #[test]
    fn fold_agrees_with_nfkc_lowercase_on_single_characters() {
        for s in [
            "ＬｏＲＡ",
            "ｶﾀｶﾅ",
            "Ⅻ",
            "㍻",
            "ÉCOLE",
            "漢字かな",
            "、。「」〶〸",
        ] {
            let whole = s.nfkc().collect::<String>().to_lowercase();
            assert_eq!(fold(s), whole, "{s}");
        }
    }
}

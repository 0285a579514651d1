//! Plain-text measures of a note: word count, reading time and excerpt.
//! Fed text piece by piece from the event stream; never sees HTML or code.

use std::borrow::Cow;

/// Longest excerpt in characters, the ellipsis included.
const EXCERPT_MAX: usize = 160;

/// Japanese is read by characters, Latin text by words.
#[derive(Debug, Default)]
pub(super) struct TextStats {
    cjk: usize,
    latin: usize,
    in_word: bool,
}

impl TextStats {
    pub(super) fn add(&mut self, text: &str) {
        // Runs over every text byte of every note, so it works on bytes:
        // ASCII and the kanji blocks (lead bytes E4–E9: U+4000–U+9FFF, all
        // CJK) are decided from one byte, kana and CJK punctuation (E3)
        // from three; everything else is decoded.
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                let alnum = b.is_ascii_alphanumeric();
                self.latin += usize::from(alnum && !self.in_word);
                self.in_word = alnum;
                i += 1;
            } else if (0xE4..=0xE9).contains(&b) {
                self.cjk += 1;
                self.in_word = false;
                i += 3;
            } else if let [0xE3, b1, b2, ..] = bytes[i..] {
                // U+3000–U+3FFF: kana and CJK punctuation, never Latin.
                let code = 0x3000 | (u32::from(b1 & 0x3F) << 6) | u32::from(b2 & 0x3F);
                self.cjk += usize::from(is_cjk_from_3000(code));
                self.in_word = false;
                i += 3;
            } else {
                let c = text[i..].chars().next().unwrap_or(' ');
                self.add_char(c);
                i += c.len_utf8();
            }
        }
    }

    fn add_char(&mut self, c: char) {
        if is_latin(c) {
            self.latin += usize::from(!self.in_word);
            self.in_word = true;
        } else {
            self.in_word = false;
            self.cjk += usize::from(is_cjk(c));
        }
    }

    /// Ends the current Latin word (markup, a line break, a code span).
    pub(super) fn boundary(&mut self) {
        self.in_word = false;
    }

    pub(super) fn words(&self) -> usize {
        self.cjk + self.latin
    }

    /// `ceil(cjk / 500 + latin / 200)` minutes, at least one.
    pub(super) fn minutes(&self) -> u32 {
        let thousandths = self.cjk.saturating_mul(2) + self.latin.saturating_mul(5);
        u32::try_from(thousandths.div_ceil(1000).max(1)).unwrap_or(u32::MAX)
    }
}

/// The length of the whitespace character at `bytes[i]` (as
/// [`char::is_whitespace`] decides), or 0. `bytes` is valid UTF-8 and `i`
/// a character boundary; Unicode's White_Space characters are matched by
/// their bytes, nothing is decoded.
#[inline]
fn whitespace_at(bytes: &[u8], i: usize) -> usize {
    let next = |n: usize| bytes.get(i + n).copied().unwrap_or(0);
    match (bytes[i], next(1), next(2)) {
        (b'\t'..=b'\r' | b' ', _, _) => 1,
        // U+0085, U+00A0
        (0xC2, 0x85 | 0xA0, _) => 2,
        // U+1680; U+2000–U+200A, U+2028, U+2029, U+202F; U+205F; U+3000
        (0xE1, 0x9A, 0x80)
        | (0xE2, 0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF)
        | (0xE2, 0x81, 0x9F)
        | (0xE3, 0x80, 0x80) => 3,
        _ => 0,
    }
}

/// Where the first whitespace character of `s` starts, if any.
fn find_whitespace(s: &str) -> Option<usize> {
    // A character at a time, its length read from its first byte; only
    // the bytes that can start a whitespace character are looked at
    // further (E3, which starts every kana, only for U+3000).
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let (space, len) = match b {
            b' ' | b'\t'..=b'\r' => (true, 1),
            0x00..=0xBF => (false, 1),
            0xC2 => (whitespace_at(bytes, i) > 0, 2),
            0xC0..=0xDF => (false, 2),
            0xE3 => (bytes.get(i + 1..i + 3) == Some(&[0x80, 0x80]), 3),
            0xE1 | 0xE2 => (whitespace_at(bytes, i) > 0, 3),
            0xE0..=0xEF => (false, 3),
            _ => (false, 4),
        };
        if space {
            return Some(i);
        }
        i += len;
    }
    None
}

/// Where the first character of `s` that is not whitespace starts, if any.
fn find_non_whitespace(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match whitespace_at(bytes, i) {
            0 => return Some(i),
            len => i += len,
        }
    }
    None
}

fn is_latin(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ')
}

/// [`is_cjk`] for U+3000–U+3FFF, most frequent ranges first (hiragana,
/// katakana).
fn is_cjk_from_3000(code: u32) -> bool {
    matches!(code, 0x3041..=0x3096)
        || matches!(code, 0x30A1..=0x30FA | 0x30FC..=0x30FF)
        || matches!(code, 0x3400..=0x3FFF)
        || matches!(code, 0x3005 | 0x3007 | 0x309D..=0x309F | 0x31F0..=0x31FF)
}

/// Kanji, hiragana and katakana (with ー and the iteration marks), not the
/// punctuation that shares their blocks.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3005 | 0x3007 | 0x3041..=0x3096 | 0x309D..=0x309F | 0x30A1..=0x30FA |
        0x30FC..=0x30FF | 0x31F0..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF |
        0xF900..=0xFAFF | 0xFF66..=0xFF9F | 0x20000..=0x3134F)
}

#[derive(Debug, Default, PartialEq, Eq)]
enum ExcerptState {
    #[default]
    Waiting,
    Open,
    Done,
}

/// The plain text of the first paragraph that has any, whitespace-collapsed.
#[derive(Debug, Default)]
pub(super) struct Excerpt {
    text: String,
    chars: usize,
    state: ExcerptState,
    space: bool,
    cut: bool,
}

impl Excerpt {
    pub(super) fn open_paragraph(&mut self) {
        if self.state == ExcerptState::Waiting {
            self.state = ExcerptState::Open;
        }
    }

    pub(super) fn close_paragraph(&mut self) {
        if self.state == ExcerptState::Open {
            self.space = false;
            self.state = match self.text.is_empty() {
                true => ExcerptState::Waiting,
                false => ExcerptState::Done,
            };
        }
    }

    pub(super) fn push(&mut self, text: &str) {
        if self.state != ExcerptState::Open {
            return;
        }
        // A run between whitespace goes in with one copy, as far as it
        // fits; it is read no further than the room left.
        let mut rest = text;
        loop {
            let trimmed = rest.trim_start();
            if trimmed.len() < rest.len() {
                self.space = !self.text.is_empty();
            }
            rest = trimmed;
            if rest.is_empty() {
                return;
            }
            // The space before the run counts with its first character.
            let space = usize::from(self.space);
            let room = (EXCERPT_MAX - self.chars).saturating_sub(space);
            let (mut end, mut count, mut cut) = (rest.len(), 0, false);
            for (at, c) in rest.char_indices() {
                if c.is_whitespace() || count == room {
                    (end, cut) = (at, !c.is_whitespace());
                    break;
                }
                count += 1;
            }
            if count > 0 {
                if self.space {
                    self.text.push(' ');
                    self.space = false;
                }
                self.text.push_str(&rest[..end]);
                self.chars += count + space;
            }
            if cut {
                self.cut = true;
                self.state = ExcerptState::Done;
                return;
            }
            rest = &rest[end..];
        }
    }

    /// The excerpt; when cut, shortened to leave room for a trailing `…`.
    pub(super) fn finish(mut self) -> String {
        if self.cut {
            while self.chars >= EXCERPT_MAX {
                self.text.pop();
                self.chars -= 1;
            }
            self.text.truncate(self.text.trim_end().len());
            self.text.push('…');
        }
        self.text
    }
}

/// The plain text of a whole body for search: pieces joined, whitespace
/// runs collapsed to one space. A line break inside Japanese text is
/// dropped (`重要\nです` reads `重要です`), as a browser lays it out.
#[derive(Debug, Default)]
pub(super) struct PlainText {
    /// Not collected: nothing reads it (search is off).
    off: bool,
    text: String,
    /// A block ended: the next piece starts after a space.
    space: bool,
    /// A line break: a space unless it sits between two CJK characters.
    soft: bool,
}

impl PlainText {
    pub(super) fn new(collect: bool) -> PlainText {
        PlainText {
            off: !collect,
            ..PlainText::default()
        }
    }

    pub(super) fn push(&mut self, piece: &str) {
        if self.off {
            return;
        }
        // Whole runs between whitespace at a time: a note is megabytes.
        let mut rest = piece;
        while let Some(c) = rest.chars().next() {
            if whitespace_at(rest.as_bytes(), 0) > 0 {
                self.soft = true;
                let end = find_non_whitespace(rest);
                rest = &rest[end.unwrap_or(rest.len())..];
                continue;
            }
            if !self.text.is_empty() && (self.space || (self.soft && !self.joins(c))) {
                self.text.push(' ');
            }
            self.space = false;
            self.soft = false;
            let end = find_whitespace(rest).unwrap_or(rest.len());
            self.text.push_str(&rest[..end]);
            rest = &rest[end..];
        }
    }

    /// Whether a line break before `c` disappears: both sides are CJK.
    fn joins(&self, c: char) -> bool {
        is_cjk(c) && self.text.chars().next_back().is_some_and(is_cjk)
    }

    pub(super) fn space(&mut self) {
        self.space = true;
    }

    pub(super) fn soft_space(&mut self) {
        self.soft = true;
    }

    pub(super) fn finish(self) -> String {
        self.text
    }
}

/// `s` trimmed with every whitespace run turned into one space; borrowed
/// when it already is.
pub(super) fn collapse_ws(s: &str) -> Cow<'_, str> {
    if is_collapsed(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    Cow::Owned(out)
}

fn is_collapsed(s: &str) -> bool {
    let mut after_space = true;
    for c in s.chars() {
        if c.is_whitespace() {
            if after_space || c != ' ' {
                return false;
            }
            after_space = true;
        } else {
            after_space = false;
        }
    }
    s.is_empty() || !after_space
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stats(text: &str) -> TextStats {
        let mut stats = TextStats::default();
        stats.add(text);
        stats
    }

    #[test]
    fn counts_kana_kanji_and_latin_words() {
        let s = stats("オープンウェイトは LLM の重み、GPT-4 ではない。");
        assert_eq!((s.cjk, s.latin), (16, 3));
    }

    #[test]
    fn byte_fast_path_counts_like_a_char_by_char_count() {
        let samples = [
            "オープンウェイトは LLM の重み、GPT-4 ではない。",
            "㐀䶵一龥 ＬｏＲＡ ｶﾅ 𠮷野家 é café 😀 々〇ー・「」",
            "mixed日本語text123テスト",
        ];
        for text in samples {
            let fast = stats(text);
            let mut slow = TextStats::default();
            for c in text.chars() {
                slow.add_char(c);
            }
            assert_eq!((fast.cjk, fast.latin), (slow.cjk, slow.latin), "{text}");
        }
    }

    #[test]
    fn a_word_split_across_text_pieces_counts_once() {
        let mut s = stats("AT");
        s.add("&T");
        s.add("T");
        s.boundary();
        s.add("x");
        assert_eq!(s.latin, 3);
    }

    #[test]
    fn reading_time_is_at_least_one_minute() {
        assert_eq!(stats("").minutes(), 1);
        assert_eq!(stats(&"あ".repeat(501)).minutes(), 2);
    }

    #[test]
    fn excerpt_collapses_whitespace_and_skips_empty_paragraphs() {
        let mut e = Excerpt::default();
        e.open_paragraph();
        e.push("  ");
        e.close_paragraph();
        e.open_paragraph();
        e.push("  一行目\n");
        e.push("  二行目  ");
        e.close_paragraph();
        e.open_paragraph();
        e.push("later");
        assert_eq!(e.finish(), "一行目 二行目");
    }

    #[test]
    fn excerpt_of_exactly_the_limit_is_not_cut() {
        let mut e = Excerpt::default();
        e.open_paragraph();
        e.push(&"あ".repeat(EXCERPT_MAX));
        assert_eq!(e.finish().chars().count(), EXCERPT_MAX);
    }

    #[test]
    fn plain_text_joins_japanese_lines_and_separates_blocks() {
        let mut t = PlainText::default();
        t.push("  重要\n");
        t.soft_space();
        t.push("です。 an\n");
        t.soft_space();
        t.push("example");
        t.space();
        t.push("次の段落");
        assert_eq!(t.finish(), "重要です。 an example 次の段落");
    }

    #[test]
    fn whitespace_at_agrees_with_char_is_whitespace_on_every_character() {
        let mut buf = [0u8; 4];
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            let expected = if c.is_whitespace() { c.len_utf8() } else { 0 };
            assert_eq!(whitespace_at(bytes, 0), expected, "{:?}", c);
            let text = format!("あ{c}x");
            assert_eq!(
                find_whitespace(&text),
                text.find(char::is_whitespace),
                "{c:?}"
            );
        }
        let s = "日本\u{3000}語 a\u{a0}b\u{2003}";
        assert_eq!(find_whitespace(s), s.find(char::is_whitespace));
        assert_eq!(find_non_whitespace("\u{3000} \tx"), Some(5));
        assert_eq!(find_non_whitespace(" \u{85}"), None);
    }

    #[test]
    fn cjk_test_of_the_kana_block_agrees_with_the_general_one() {
        for code in 0x3000..=0x3FFF {
            let c = char::from_u32(code).unwrap();
            assert_eq!(is_cjk_from_3000(code), is_cjk(c), "{c:?}");
        }
    }

    #[test]
    fn excerpt_takes_runs_whole_and_cuts_inside_one_as_before() {
        // The reference: the character-at-a-time excerpt of before.
        fn reference(pieces: &[&str]) -> String {
            let mut e = Excerpt::default();
            e.open_paragraph();
            for piece in pieces {
                if e.state != ExcerptState::Open {
                    break;
                }
                for c in piece.chars() {
                    if c.is_whitespace() {
                        e.space = !e.text.is_empty();
                        continue;
                    }
                    let needed = 1 + usize::from(e.space);
                    if e.chars + needed > EXCERPT_MAX {
                        e.cut = true;
                        e.state = ExcerptState::Done;
                        break;
                    }
                    if e.space {
                        e.text.push(' ');
                        e.space = false;
                    }
                    e.text.push(c);
                    e.chars += needed;
                }
            }
            e.finish()
        }
        let long = "長い段落が空白なしに続く".repeat(5);
        let words = [
            "量子化",
            "は",
            " ",
            "\n",
            "LoRA",
            "\u{3000}",
            "と",
            "  ",
            "GPT-4",
            "。",
            &long,
            " x ",
        ];
        let mut state = 7u64;
        for _ in 0..2000 {
            let pieces: Vec<&str> = (0..(state % 90) as usize)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    words[(state % words.len() as u64) as usize]
                })
                .collect();
            let mut e = Excerpt::default();
            e.open_paragraph();
            for piece in &pieces {
                e.push(piece);
            }
            assert_eq!(e.finish(), reference(&pieces), "{pieces:?}");
        }
    }

    #[test]
    fn collapse_ws_borrows_when_clean() {
        assert!(matches!(collapse_ws("a b"), Cow::Borrowed("a b")));
        assert_eq!(collapse_ws(" a \n\t b "), "a b");
        assert_eq!(collapse_ws("   "), "");
    }
}

//! Search tokenizer, shared in meaning with `js/search-core.js` (keep the
//! two in sync; a browser test compares them on tricky strings). Text is
//! NFKC-normalised, lower-cased and katakana is folded into hiragana; then
//! runs of kanji/kana become overlapping character bigrams (a one-character
//! run stays one token) and every other letter or digit run becomes a word.
//! Everything else (punctuation, symbols, spaces) separates tokens.

use unicode_normalization::UnicodeNormalization as _;

/// What a token is; the index stores them alike, the kind only matters
/// for how a query looks them up and which postings shard holds them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A run of letters and digits outside the CJK blocks (`llm`, `gpt`, `4`).
    Word,
    /// Two adjacent characters of a kanji/kana run.
    Bigram,
    /// A kanji/kana run of one character.
    Single,
    /// The last character of a longer run. Not a query token: the index adds
    /// it so a one-character query finds a character that ends a run.
    Tail,
}

/// `s` as the index and queries see it: NFKC, lower case, katakana as
/// hiragana (`オープン` and `おーぷん` are the same text).
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold(s, |c| out.push(c));
    out
}

/// Calls `push` with each character of [`normalize`]`(s)`, in order, without
/// building the string (the index folds megabytes of text straight into
/// its tokenizer).
pub fn fold(s: &str, mut push: impl FnMut(char)) {
    // NFKC is the costly part, and most characters of a note are ones it
    // leaves alone: those are passed on, and only the runs around other
    // characters go through it. The last such character is held back one
    // step, as a combining mark after it may compose with it (か + ゙).
    let mut held: Option<(usize, char)> = None;
    let mut pending: Option<usize> = None;
    for (i, c) in s.char_indices() {
        if is_nfkc_inert(c) {
            if let Some(start) = pending.take() {
                push_nfkc(&s[start..i], &mut push);
            } else if let Some((_, h)) = held {
                push(fold_inert(h));
            }
            held = Some((i, c));
        } else if pending.is_none() {
            pending = Some(held.take().map_or(i, |(p, _)| p));
        }
    }
    if let Some(start) = pending {
        push_nfkc(&s[start..], &mut push);
    } else if let Some((_, h)) = held {
        push(fold_inert(h));
    }
}

/// Characters NFKC maps to themselves whatever surrounds them, except that
/// a following combining mark may compose with them: ASCII, Japanese
/// punctuation (、。「」…, not the ideographic space), kana, ・, ー and the
/// unified kanji.
fn is_nfkc_inert(c: char) -> bool {
    matches!(c as u32, 0x00..=0x7F | 0x3001..=0x3029 | 0x3041..=0x3096 | 0x30A1..=0x30FC | 0x4E00..=0x9FFF)
}

fn push_nfkc(s: &str, push: &mut impl FnMut(char)) {
    for c in s.nfkc() {
        if c.is_ascii() {
            push(c.to_ascii_lowercase());
        } else {
            c.to_lowercase().for_each(|lower| push(fold_kana(lower)));
        }
    }
}

/// [`is_nfkc_inert`] characters folded: kana and kanji have no case, so
/// only ASCII needs lowering.
#[inline]
fn fold_inert(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        fold_kana(c)
    }
}

/// Katakana to the hiragana of the same sound; ー and the katakana without
/// a hiragana twin (ヷ–ヺ) stay.
fn fold_kana(c: char) -> char {
    match c as u32 {
        0x30A1..=0x30F6 | 0x30FD..=0x30FE => char::from_u32(c as u32 - 0x60).unwrap_or(c),
        _ => c,
    }
}

/// Kanji, kana, ー and the iteration marks (after [`normalize`], so no
/// half-width forms): characters Japanese writes without spaces.
#[inline]
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3005..=0x3007 | 0x3041..=0x3096 | 0x309D..=0x309F | 0x30A1..=0x30FA |
        0x30FC..=0x30FF | 0x31F0..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF |
        0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// Letters and digits of every other script.
fn is_word_char(c: char) -> bool {
    c.is_alphabetic() || c.is_numeric()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Cjk,
    Word,
    Other,
}

#[inline]
fn class(c: char) -> Class {
    if c.is_ascii() {
        if c.is_ascii_alphanumeric() {
            Class::Word
        } else {
            Class::Other
        }
    } else if is_cjk(c) {
        Class::Cjk
    } else if matches!(c as u32, 0x3000..=0x3004 | 0x3008..=0x3020) {
        // Japanese punctuation and brackets (、。「」【】…) are in every
        // sentence, and the Unicode tables below are slow for them.
        Class::Other
    } else if is_word_char(c) {
        Class::Word
    } else {
        Class::Other
    }
}

/// A token of normalised text, as [`Tokenizer`] finds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token<'a> {
    Word(&'a str),
    /// One or two kanji/kana: a [`TokenKind::Bigram`], or a
    /// [`TokenKind::Single`] or [`TokenKind::Tail`] without a second.
    Cjk(char, Option<char>, TokenKind),
}

impl Token<'_> {
    pub fn kind(&self) -> TokenKind {
        match self {
            Token::Word(_) => TokenKind::Word,
            Token::Cjk(_, _, kind) => *kind,
        }
    }

    pub fn text(&self) -> String {
        match self {
            Token::Word(w) => (*w).to_string(),
            Token::Cjk(a, b, _) => std::iter::once(*a).chain(*b).collect(),
        }
    }
}

/// Splits normalised text fed one character at a time, so the index needs
/// no normalised copy of it: the tokens of [`each_token`], in order,
/// including the index-only [`TokenKind::Tail`] tokens.
#[derive(Default)]
pub struct Tokenizer {
    word: String,
    /// The previous character of the current kanji/kana run, and the run's
    /// length so far.
    prev: Option<char>,
    run: usize,
}

impl Tokenizer {
    #[inline]
    pub fn push(&mut self, c: char, f: &mut impl FnMut(Token<'_>)) {
        let kind = class(c);
        if kind != Class::Word {
            self.end_word(f);
        }
        if kind != Class::Cjk {
            self.end_run(f);
        }
        match kind {
            Class::Word => self.word.push(c),
            Class::Cjk => {
                if let Some(p) = self.prev {
                    f(Token::Cjk(p, Some(c), TokenKind::Bigram));
                }
                self.prev = Some(c);
                self.run += 1;
            }
            Class::Other => {}
        }
    }

    /// Ends the text: the last word or run becomes its tokens.
    pub fn finish(&mut self, f: &mut impl FnMut(Token<'_>)) {
        self.end_word(f);
        self.end_run(f);
    }

    fn end_word(&mut self, f: &mut impl FnMut(Token<'_>)) {
        if !self.word.is_empty() {
            f(Token::Word(&self.word));
            self.word.clear();
        }
    }

    fn end_run(&mut self, f: &mut impl FnMut(Token<'_>)) {
        if let Some(last) = self.prev.take() {
            let kind = if self.run == 1 {
                TokenKind::Single
            } else {
                TokenKind::Tail
            };
            f(Token::Cjk(last, None, kind));
        }
        self.run = 0;
    }
}

/// Calls `f` with every token of already normalised text, in order,
/// including the index-only [`TokenKind::Tail`] tokens.
pub fn each_token(text: &str, mut f: impl FnMut(&str, TokenKind)) {
    let mut tokenizer = Tokenizer::default();
    let mut emit = |t: Token<'_>| f(&t.text(), t.kind());
    for c in text.chars() {
        tokenizer.push(c, &mut emit);
    }
    tokenizer.finish(&mut emit);
}

/// The query tokens of `s` (normalised first), as `js/search-core.js`
/// `tokenize` gives them: no [`TokenKind::Tail`].
pub fn tokenize(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    each_token(&normalize(s), |t, kind| {
        if kind != TokenKind::Tail {
            out.push(t.to_string());
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<String> {
        tokenize(s)
    }

    #[test]
    fn japanese_runs_become_overlapping_bigrams() {
        assert_eq!(toks("乗数法"), ["乗数", "数法"]);
        assert_eq!(
            toks("未定乗数法を使う"),
            ["未定", "定乗", "乗数", "数法", "法を", "を使", "使う"]
        );
    }

    #[test]
    fn a_one_character_run_is_one_token() {
        assert_eq!(toks("法"), ["法"]);
        assert_eq!(toks("A の B"), ["a", "の", "b"]);
    }

    #[test]
    fn mixed_japanese_and_english_split_at_the_script_change() {
        assert_eq!(toks("LLMのfine-tuning"), ["llm", "の", "fine", "tuning"]);
        assert_eq!(toks("GPT-4は強い"), ["gpt", "4", "は強", "強い"]);
        assert_eq!(toks("AIガバナンス"), ["ai", "がば", "ばな", "なん", "んす"]);
    }

    #[test]
    fn full_width_and_half_width_forms_are_normalised() {
        assert_eq!(toks("ＬｏＲＡ"), ["lora"]);
        assert_eq!(toks("ＧＰＴ－４"), ["gpt", "4"]);
        assert_eq!(toks("ﾃﾞｰﾀ"), toks("データ"));
        assert_eq!(toks("①"), ["1"]);
    }

    #[test]
    fn katakana_and_hiragana_fold_together() {
        assert_eq!(toks("オープン"), ["おー", "ーぷ", "ぷん"]);
        assert_eq!(toks("おーぷん"), toks("オープン"));
        assert_eq!(normalize("ヴァ"), "ゔぁ");
        assert_eq!(normalize("ヽヾ"), "ゝゞ");
        // No hiragana twin: kept.
        assert_eq!(normalize("ヷ"), "ヷ");
    }

    #[test]
    fn the_fast_path_equals_plain_nfkc() {
        let slow = |s: &str| -> String {
            s.nfkc()
                .flat_map(char::to_lowercase)
                .map(fold_kana)
                .collect()
        };
        for s in [
            "か\u{3099}き\u{309A}ｶﾞｷﾞ",
            "A\u{0301}bc ＡＢＣ（注）「量子化」①",
            "ゝ\u{3099}ヽ\u{3099}㍻㌔",
            "\u{0301}先頭の結合文字",
            "é e\u{0301} Å",
            "、。「量子化」・〆々〇\u{3000}〜〰〶〸ヿ",
        ] {
            assert_eq!(normalize(s), slow(s), "{s}");
        }
    }

    #[test]
    fn case_folds_beyond_ascii() {
        assert_eq!(toks("Ünïcödé ΣΟΦΊΑ"), ["ünïcödé", "σοφία"]);
    }

    #[test]
    fn punctuation_and_symbols_separate_tokens() {
        assert_eq!(
            toks("「量子化」、LoRA・QLoRA。"),
            ["量子", "子化", "lora", "qlora"]
        );
        assert!(toks("!?、。 — ★").is_empty());
    }

    #[test]
    fn the_punctuation_shortcut_agrees_with_the_unicode_tables() {
        for c in (0x3000..=0x303F).filter_map(char::from_u32) {
            let slow = if is_cjk(c) {
                Class::Cjk
            } else if is_word_char(c) {
                Class::Word
            } else {
                Class::Other
            };
            assert!(class(c) == slow, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn iteration_marks_and_long_vowel_stay_in_the_run() {
        assert_eq!(toks("人々"), ["人々"]);
        assert_eq!(toks("ルール"), ["るー", "ーる"]);
    }

    #[test]
    fn index_adds_the_last_character_of_longer_runs() {
        let mut all = Vec::new();
        each_token(&normalize("未定乗数法 x"), |t, k| {
            all.push((t.to_string(), k))
        });
        let tails: Vec<_> = all.iter().filter(|(_, k)| *k == TokenKind::Tail).collect();
        assert_eq!(tails, [&("法".to_string(), TokenKind::Tail)]);
        assert_eq!(all.last().unwrap(), &("x".to_string(), TokenKind::Word));
    }
}

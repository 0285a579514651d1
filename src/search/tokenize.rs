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
    fold_split(
        s,
        &mut push,
        |push, c| push(fold_inert(c)),
        |push, c| push(c),
    );
}

/// [`fold`], but an [`is_nfkc_inert`] character goes to `inert` as it is
/// (not yet folded: the caller may know more about it than a folded
/// character tells) and every other character of the output to `other`,
/// each with `state`. Returns the length of the normalised text.
#[inline(always)]
fn fold_split<S: ?Sized>(
    s: &str,
    state: &mut S,
    mut inert: impl FnMut(&mut S, char),
    mut other: impl FnMut(&mut S, char),
) -> usize {
    // NFKC is the costly part, and most characters of a note are ones it
    // leaves alone: those are passed on, and only the runs around other
    // characters go through it. The last such character is held back one
    // step, as a combining mark after it may compose with it (か + ゙).
    // Folding keeps an inert character's length.
    let mut len = s.len();
    let mut held: Option<char> = None;
    // Where the run that goes through NFKC starts.
    let mut pending: Option<usize> = None;
    let mut chars = s.char_indices();
    loop {
        // The end acts as one more inert character, so that `inert` is
        // called from one place (and inlined there).
        let next = chars.next();
        let (i, c) = next.unwrap_or((s.len(), ' '));
        if is_nfkc_inert(c) {
            if let Some(start) = pending.take() {
                len -= i - start;
                push_nfkc(&s[start..i], &mut |c| {
                    len += c.len_utf8();
                    other(state, c);
                });
            } else if let Some(h) = held {
                inert(state, h);
            }
            held = Some(c);
        } else if pending.is_none() {
            pending = Some(i - held.take().map_or(0, char::len_utf8));
        }
        if next.is_none() {
            return len;
        }
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
        self.push_class(c, class(c), f);
    }

    /// Feeds [`fold`]`(s)` to [`Self::push`] (the same tokens, without
    /// looking kana, kanji and ASCII up in the Unicode tables); returns the
    /// length of the normalised text.
    pub fn push_folded<F: FnMut(Token<'_>)>(&mut self, s: &str, f: &mut F) -> usize {
        fold_split(
            s,
            &mut (self, f),
            |(tokenizer, f), c| tokenizer.push_inert(c, *f),
            |(tokenizer, f), c| tokenizer.push(c, *f),
        )
    }

    /// An [`is_nfkc_inert`] character, folded and classified by its block.
    #[inline(always)]
    fn push_inert(&mut self, c: char, f: &mut impl FnMut(Token<'_>)) {
        match c as u32 {
            0x4E00..=0x9FFF | 0x3041..=0x3096 | 0x30F7..=0x30FA | 0x30FC => {
                self.push_class(c, Class::Cjk, f);
            }
            0x30A1..=0x30F6 => self.push_class(fold_kana(c), Class::Cjk, f),
            0x00..=0x7F if c.is_ascii_alphanumeric() => {
                self.push_class(c.to_ascii_lowercase(), Class::Word, f);
            }
            0x00..=0x7F => self.push_class(c, Class::Other, f),
            // Japanese punctuation and ・ (none of them folds).
            _ => self.push(c, f),
        }
    }

    #[inline(always)]
    fn push_class(&mut self, c: char, kind: Class, f: &mut impl FnMut(Token<'_>)) {
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
    fn folding_into_the_tokenizer_equals_tokenizing_the_normalised_text() {
        let tokens = |s: &str| {
            let (mut folded, mut plain) = (Vec::new(), Vec::new());
            let mut tokenizer = Tokenizer::default();
            let mut push = |t: Token<'_>| folded.push((t.text(), t.kind()));
            let len = tokenizer.push_folded(s, &mut push);
            tokenizer.finish(&mut push);
            each_token(&normalize(s), |t, kind| plain.push((t.to_string(), kind)));
            assert_eq!(len, normalize(s).len(), "{s}");
            (folded, plain)
        };
        // Every character the inert shortcut sorts by block, alone and
        // between others, and text where NFKC has work.
        let inert: String = (0..0x80)
            .chain(0x3000..0x3100)
            .chain(0x4DF0..0x4E10)
            .chain(0x9FF0..0xA010)
            .filter_map(char::from_u32)
            .flat_map(|c| [c, 'か', c, 'a', c, ' '])
            .collect();
        for s in [
            inert.as_str(),
            "ラグランジュの未定乗数法 LoRA・QLoRA「量子化」、ＧＰＴ－４は強い",
            "か\u{3099}き\u{309A}ｶﾞｷﾞ ＡＢＣ①㍻ é e\u{0301} ΣΟΦΊΑ",
            "\u{0301}先頭の結合文字 ヷヸヹヺ・ーヽヾ",
        ] {
            let (folded, plain) = tokens(s);
            assert_eq!(folded, plain, "{s}");
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

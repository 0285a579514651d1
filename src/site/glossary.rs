//! The glossary part of the site stage: every note in 五十音順 by its
//! `reading`, grouped into the kana rows (あ か さ た な は ま や ら わ),
//! then Latin A–Z, then everything else; and the `check` warning for a
//! kanji title without a `reading`. Pure: no rendering, no I/O.
//!
//! Order (documented in README.md):
//! - The key is the `reading`, else the title. Its first letter decides the
//!   script: kana first, then Latin letters A–Z, then digits, symbols and
//!   kanji (a kanji title without a reading cannot be placed, hence the
//!   warning) in one last group.
//! - Kana compare like a Japanese dictionary (JIS X 4061): katakana as
//!   hiragana, small kana as large, ー as the vowel of the kana before it
//!   (コード = こおど), and voicing only when the plain letters are equal,
//!   so か < が < き and は < ば < ぱ < ひ. Spaces and punctuation are ignored.
//! - Latin keys compare case-insensitively after NFKC (ＧＰＴ = gpt).
//! - Ties break by title, then by note order, so the order is total.

use std::cmp::Ordering;
use std::sync::Arc;

use super::links::nfkc;

use crate::content::Note;
use crate::diagnostics::Diagnostic;

/// Which block of the glossary a key belongs to, in page order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Script {
    Kana,
    Latin,
    Other,
}

/// A glossary sort key: compare `primary` (letters without voicing), then
/// `secondary` (voicing marks), the same way as a dictionary does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortKey {
    pub script: Script,
    primary: Vec<u32>,
    secondary: Vec<u8>,
}

impl Ord for SortKey {
    fn cmp(&self, other: &Self) -> Ordering {
        self.script
            .cmp(&other.script)
            .then_with(|| self.primary.cmp(&other.primary))
            .then_with(|| self.secondary.cmp(&other.secondary))
    }
}

impl PartialOrd for SortKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Weights after every kana: Latin letters and digits inside a kana key,
/// then anything else.
const LATIN_WEIGHT: u32 = 0x1_0000;
const OTHER_WEIGHT: u32 = 0x20_0000;
/// The long-vowel mark after ん or at the start has no vowel to take.
const BARE_LONG_MARK: u32 = 0x3094;

impl SortKey {
    /// The key of a reading (or a title standing in for one).
    pub fn new(text: &str) -> SortKey {
        let text = nfkc(text);
        let script = text.chars().find_map(script_of).unwrap_or(Script::Other);
        let mut key = SortKey {
            script,
            primary: Vec::with_capacity(text.len() / 2),
            secondary: Vec::with_capacity(text.len() / 2),
        };
        match script {
            Script::Kana => key.push_kana(&text),
            Script::Latin | Script::Other => key.push_plain(&text),
        }
        key
    }

    fn push_kana(&mut self, text: &str) {
        for c in text.chars() {
            if c == 'ー' {
                let vowel = self.primary.last().and_then(|&p| vowel_of(p));
                self.primary.push(vowel.unwrap_or(BARE_LONG_MARK));
                self.secondary.push(0);
            } else if let Some((base, voicing)) = kana_parts(c) {
                self.primary.push(base);
                self.secondary.push(voicing);
            } else if c.is_alphanumeric() {
                self.push_plain_char(c);
            }
        }
    }

    fn push_plain(&mut self, text: &str) {
        for c in text.chars().filter(|c| c.is_alphanumeric()) {
            self.push_plain_char(c);
        }
    }

    fn push_plain_char(&mut self, c: char) {
        let lower = c.to_lowercase().next().unwrap_or(c);
        let offset = if lower.is_ascii() {
            LATIN_WEIGHT
        } else {
            OTHER_WEIGHT
        };
        self.primary.push(offset + lower as u32);
        self.secondary.push(0);
    }

    /// The group the key is listed under: a kana row (`あ` … `わ`), an
    /// upper-case Latin letter, or `None` for the last group.
    pub fn group(&self) -> Option<char> {
        let first = *self.primary.first()?;
        match self.script {
            Script::Kana => kana_row(first),
            Script::Latin => char::from_u32(first - LATIN_WEIGHT).map(|c| c.to_ascii_uppercase()),
            Script::Other => None,
        }
    }
}

/// The script a key starts with, judged by its first letter; spaces and
/// punctuation before it do not count.
fn script_of(c: char) -> Option<Script> {
    if is_kana(c) {
        Some(Script::Kana)
    } else if c.is_ascii_alphabetic() {
        Some(Script::Latin)
    } else if c.is_alphanumeric() {
        Some(Script::Other)
    } else {
        None
    }
}

fn is_kana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}')
}

/// A kana's large, unvoiced hiragana (as its code point) and its voicing
/// (0 plain, 1 濁音, 2 半濁音). Hiragana code points run あ い う … ん once
/// the small and voiced letters are set aside, so they order the rows.
fn kana_parts(c: char) -> Option<(u32, u8)> {
    let hira = match c {
        '\u{3041}'..='\u{3096}' => c,
        '\u{30A1}'..='\u{30F6}' => char::from_u32(c as u32 - 0x60)?,
        // ヷ ヸ ヹ ヺ: voiced ワ ヰ ヱ ヲ.
        '\u{30F7}'..='\u{30FA}' => {
            let base = ['わ', 'ゐ', 'ゑ', 'を'][(c as u32 - 0x30F7) as usize];
            return Some((base as u32, 1));
        }
        _ => return None,
    };
    let (mut base, mut voicing) = (hira, 0);
    unicode_normalization::char::decompose_canonical(hira, |d| match d {
        '\u{3099}' => voicing = 1,
        '\u{309A}' => voicing = 2,
        other => base = other,
    });
    Some((large(base) as u32, voicing))
}

/// Small kana as their large forms (ゃ → や, っ → つ).
fn large(c: char) -> char {
    match c {
        'ぁ' => 'あ',
        'ぃ' => 'い',
        'ぅ' => 'う',
        'ぇ' => 'え',
        'ぉ' => 'お',
        'っ' => 'つ',
        'ゃ' => 'や',
        'ゅ' => 'ゆ',
        'ょ' => 'よ',
        'ゎ' => 'わ',
        'ゕ' => 'か',
        'ゖ' => 'け',
        other => other,
    }
}

/// The kana rows: each row's first letter and its letters in order.
const ROWS: [(char, &str); 10] = [
    ('あ', "あいうえお"),
    ('か', "かきくけこ"),
    ('さ', "さしすせそ"),
    ('た', "たちつてと"),
    ('な', "なにぬねの"),
    ('は', "はひふへほ"),
    ('ま', "まみむめも"),
    ('や', "や ゆ よ"),
    ('ら', "らりるれろ"),
    ('わ', "わゐゑをん"),
];

/// The first letters of the kana rows, in order (for the jump bar).
pub fn kana_rows() -> impl Iterator<Item = char> {
    ROWS.iter().map(|(row, _)| *row)
}

fn kana_row(weight: u32) -> Option<char> {
    let c = char::from_u32(weight)?;
    ROWS.iter()
        .find(|(_, letters)| letters.contains(c))
        .map(|(row, _)| *row)
}

/// The vowel (あ い う え お) of a large unvoiced hiragana, as a weight.
fn vowel_of(weight: u32) -> Option<u32> {
    let c = char::from_u32(weight)?;
    let vowel = match c {
        'や' | 'わ' => 'あ',
        'ゆ' => 'う',
        'よ' | 'を' => 'お',
        'ゐ' => 'い',
        'ゑ' => 'え',
        'ん' => return None,
        _ => {
            let (_, letters) = ROWS.iter().find(|(_, l)| l.contains(c))?;
            let column = letters.chars().position(|l| l == c)?;
            "あいうえお".chars().nth(column)?
        }
    };
    Some(vowel as u32)
}

/// The text a note is sorted by: its reading, else its title.
pub fn sort_text(note: &Note) -> &str {
    note.reading
        .as_deref()
        .filter(|r| !r.trim().is_empty())
        .unwrap_or(&note.title)
}

/// One group of the glossary: a kana row, a Latin letter, or the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// `あ`…`わ`, `A`…`Z`, or `None` for digits, symbols and kanji.
    pub head: Option<char>,
    pub script: Script,
    /// Note indexes in glossary order.
    pub notes: Vec<usize>,
}

/// Every note in glossary order, grouped; empty groups are left out.
pub fn groups(notes: &[Arc<Note>]) -> Vec<Group> {
    let keys: Vec<SortKey> = notes.iter().map(|n| SortKey::new(sort_text(n))).collect();
    let mut order: Vec<usize> = (0..notes.len()).collect();
    // The index breaks the last ties, so an unstable sort is deterministic.
    order.sort_unstable_by(|&a, &b| {
        keys[a]
            .cmp(&keys[b])
            .then_with(|| notes[a].title.cmp(&notes[b].title))
            .then(a.cmp(&b))
    });
    let mut out: Vec<Group> = Vec::new();
    for i in order {
        let (head, script) = (keys[i].group(), keys[i].script);
        match out.last_mut() {
            Some(g) if g.head == head && g.script == script => g.notes.push(i),
            _ => out.push(Group {
                head,
                script,
                notes: vec![i],
            }),
        }
    }
    out
}

/// Whether a title has a kanji, which only a `reading` can place in 五十音順.
pub fn has_kanji(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(c,
            '\u{3005}' | '\u{3007}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}'
            | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3134F}')
    })
}

/// A warning for every note whose title has kanji and that has no
/// `reading`, at the title line.
pub fn reading_warnings(notes: &[Arc<Note>]) -> Vec<Diagnostic> {
    notes
        .iter()
        .filter(|n| n.reading.as_deref().is_none_or(|r| r.trim().is_empty()) && has_kanji(&n.title))
        .map(|n| {
            let message = format!(
                "title `{}` has kanji but the note has no `reading`; the glossary cannot place it in 五十音順",
                n.title
            );
            Diagnostic::warning(&n.path, n.key_pos("title"), message)
                .with_hint("add `reading:` with the title's reading in kana, e.g. `reading: きかいがくしゅう` for 機械学習")
                .with_source(&n.source)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The order `groups` gives titles (each given as `title` or
    /// `title|reading`).
    fn sorted(items: &[&str]) -> Vec<String> {
        let notes: Vec<Arc<Note>> = items.iter().map(|s| note(s)).collect();
        groups(&notes)
            .into_iter()
            .flat_map(|g| g.notes)
            .map(|i| notes[i].title.clone())
            .collect()
    }

    fn note(spec: &str) -> Arc<Note> {
        let (title, reading) = match spec.split_once('|') {
            Some((t, r)) => (t, format!("\nreading: \"{r}\"")),
            None => (spec, String::new()),
        };
        Arc::new(crate::content::test_note(
            "n.md",
            &format!("title: \"{title}\"{reading}"),
        ))
    }

    fn key(s: &str) -> SortKey {
        SortKey::new(s)
    }

    #[test]
    fn katakana_and_hiragana_sort_together() {
        assert_eq!(key("カタカナ"), key("かたかな"));
        assert_eq!(
            sorted(&["イ", "あ", "ウ", "い", "ア"]),
            ["あ", "ア", "い", "イ", "ウ"]
        );
    }

    #[test]
    fn voiced_kana_follow_their_plain_kana() {
        assert!(key("か") < key("が") && key("が") < key("き"));
        assert!(key("は") < key("ば") && key("ば") < key("ぱ") && key("ぱ") < key("ひ"));
        assert!(key("ハ") < key("バ") && key("バ") < key("パ"));
        // Voicing counts only when the plain letters are equal, as in a
        // dictionary: がい (gai) comes before かき (kaki).
        assert!(key("がい") < key("かき"));
        assert_eq!(
            sorted(&["き", "ぱ", "が", "ひ", "か", "ば", "は"]),
            ["か", "が", "き", "は", "ば", "ぱ", "ひ"]
        );
    }

    #[test]
    fn small_kana_sort_like_large_ones() {
        assert_eq!(key("きゃ").primary, key("きや").primary);
        assert_eq!(key("かっぱ").primary, key("かつぱ").primary);
        assert!(key("しゃ") < key("しゅ"));
        // っ is つ, so かっと (katto) sorts after かつお (katsuo).
        assert!(key("かつお") < key("かっと"));
    }

    #[test]
    fn long_vowel_mark_takes_the_vowel_of_the_kana_before_it() {
        assert_eq!(key("コード"), key("こおど"));
        assert_eq!(key("ゲーム").primary, key("げえむ").primary);
        assert_eq!(key("ルール").primary, key("るうる").primary);
        // コード (こおど) sorts after こうど and before こか.
        assert!(key("こうど") < key("コード") && key("コード") < key("こか"));
        // With no vowel before it, ー sorts after every kana.
        assert!(key("ん") < key("んー"));
    }

    #[test]
    fn half_width_and_full_width_forms_are_folded() {
        assert_eq!(key("ｺｰﾄﾞ"), key("コード"));
        assert_eq!(key("ＧＰＴ"), key("gpt"));
    }

    #[test]
    fn ties_break_by_title_then_order() {
        let titles = sorted(&["機械学習|きかい", "奇怪|きかい", "機会|きかい"]);
        assert_eq!(titles, ["奇怪", "機会", "機械学習"]);
        let twice = sorted(&["同じ|おなじ", "同じ|おなじ"]);
        assert_eq!(twice, ["同じ", "同じ"]);
    }

    #[test]
    fn latin_after_kana_then_digits_symbols_and_kanji() {
        let titles = sorted(&[
            "2値分類",
            "transformer",
            "アテンション",
            "BERT",
            "＃",
            "深層学習",
        ]);
        assert_eq!(
            titles,
            [
                "アテンション",
                "BERT",
                "transformer",
                "＃",
                "2値分類",
                "深層学習"
            ]
        );
        // Leading punctuation does not decide the script.
        assert_eq!(key("#tag").script, Script::Latin);
    }

    #[test]
    fn reading_wins_over_a_latin_title() {
        let titles = sorted(&["GPT|じーぴーてぃー", "LoRA", "アテンション"]);
        assert_eq!(titles, ["アテンション", "GPT", "LoRA"]);
    }

    #[test]
    fn groups_are_the_kana_rows_then_letters_then_the_rest() {
        let notes: Vec<Arc<Note>> = [
            "応用|おうよう",
            "ガバナンス",
            "ん",
            "を",
            "ヴィジョン",
            "ゆ",
            "ぺ",
            "LLM",
            "llama",
            "GPT",
            "1bit",
            "漢字",
        ]
        .iter()
        .map(|s| note(s))
        .collect();
        let heads: Vec<(Option<char>, usize)> = groups(&notes)
            .iter()
            .map(|g| (g.head, g.notes.len()))
            .collect();
        assert_eq!(
            heads,
            [
                (Some('あ'), 2), // おうよう, ヴィジョン (う + 濁点)
                (Some('か'), 1),
                (Some('は'), 1),
                (Some('や'), 1),
                (Some('わ'), 2), // を, ん
                (Some('G'), 1),
                (Some('L'), 2),
                (None, 2),
            ]
        );
    }

    #[test]
    fn kana_rows_are_the_ten_rows() {
        assert_eq!(kana_rows().collect::<String>(), "あかさたなはまやらわ");
    }

    #[test]
    fn punctuation_and_spaces_in_readings_are_ignored() {
        assert_eq!(
            key("おーぷん・そーす").primary,
            key("おーぷんそーす").primary
        );
        assert_eq!(key("「あ」").script, Script::Kana);
    }

    #[test]
    fn kanji_titles_without_reading_are_warned_at_the_title_line() {
        let n = Arc::new(crate::content::test_note(
            "dl.md",
            "slug: dl\ntitle: 深層学習",
        ));
        let with_reading = note("機械学習|きかいがくしゅう");
        let kana = note("アテンション");
        let latin = note("GPT");
        let ws = reading_warnings(&[n, with_reading, kana, latin]);
        assert_eq!(ws.len(), 1);
        assert_eq!((ws[0].line, ws[0].col), (3, 1));
        assert!(ws[0].message.contains("深層学習"), "{}", ws[0].message);
        assert!(ws[0].hint.as_deref().unwrap().contains("reading:"));
        assert!(!ws[0].is_error());
    }

    #[test]
    fn kanji_detection() {
        assert!(has_kanji("生成AI"));
        assert!(has_kanji("人々"));
        assert!(!has_kanji("オープンウェイト"));
        assert!(!has_kanji("LoRA（ろら）"));
    }
}

//! The shapes of `docs/quiz.md`: a question as templates and the bank files
//! see it, "tested by" links, the exam settings, the areas of `/quiz/`, and
//! the whole bank for `export`. Built from the frozen site; writes nothing.

use serde::Serialize;

use super::bank::Entry;
use crate::site::Site;

/// Version of the `export quiz --format json` format.
pub const BANK_VERSION: u32 = 1;

/// A note as linked from a question.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct NoteLink {
    pub title: String,
    /// Root-relative, with the base path.
    pub url: String,
}

/// One choice (1-based `index`).
#[derive(Debug, Clone, Serialize)]
pub struct ChoiceData<'a> {
    pub index: usize,
    pub html: &'a str,
    pub correct: bool,
    pub explain: Option<&'a str>,
}

/// A question as templates (`anchor`, `inline` set) and the bank (without
/// them) see it. Every key is always present.
#[derive(Debug, Clone, Serialize)]
pub struct QuestionData<'a> {
    pub id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anchor: Option<String>,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub question: &'a str,
    pub negative: bool,
    pub choices: Vec<ChoiceData<'a>>,
    /// 1-based.
    pub answer: Vec<usize>,
    pub accept: &'a [String],
    pub model_answer: Option<&'a str>,
    pub points: &'a [String],
    pub explanation: Option<&'a str>,
    pub area: Option<&'a str>,
    pub tags: &'a [String],
    pub note: NoteLink,
    pub related: Vec<NoteLink>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inline: Option<bool>,
}

/// How a question is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// For templates: with `anchor` and `inline`.
    Page,
    /// For the bank shards and exports.
    Bank,
}

/// A note's link (title and URL).
pub fn note_link(site: &Site, note: usize) -> NoteLink {
    NoteLink {
        title: site.notes()[note].title.clone(),
        url: site.url(&site.note_urls[note]),
    }
}

/// The HTML id of a question's element.
pub fn anchor(id: &str) -> String {
    format!("q-{id}")
}

/// Bank entry `e` in the given shape.
pub fn question_data(site: &Site, e: usize, shape: Shape) -> QuestionData<'_> {
    let entry: &Entry = &site.quiz.entries[e];
    let q = &entry.question;
    let html = &entry.html;
    let choices = (0..q.kind.choices().len())
        .map(|i| ChoiceData {
            index: i + 1,
            html: &html.choices[i],
            correct: q.kind.is_correct(i),
            explain: html.explains[i].as_deref(),
        })
        .collect();
    let points = q.kind.model_answer().map_or(&[][..], |(_, points)| points);
    let page = shape == Shape::Page;
    QuestionData {
        id: &q.id,
        anchor: page.then(|| anchor(&q.id)),
        kind: q.kind.question_type().as_str(),
        question: &html.stem,
        negative: q.negative(),
        choices,
        answer: q.kind.answer().iter().map(|i| i + 1).collect(),
        accept: q.kind.accept(),
        model_answer: html.model_answer.as_deref(),
        points,
        explanation: html.explanation.as_deref(),
        area: q.area.as_deref(),
        tags: &site.notes()[entry.note].tags,
        note: note_link(site, entry.note),
        related: entry.related.iter().map(|&n| note_link(site, n)).collect(),
        inline: page.then_some(q.block.is_some()),
    }
}

/// A question of another note that tests this one (`page.tested_by`).
#[derive(Debug, Clone, Serialize)]
pub struct TestedBy<'a> {
    pub id: &'a str,
    pub anchor: String,
    /// Plain text of the stem, at most 80 characters.
    pub question_text: String,
    pub note: NoteLink,
    /// The question on its note's page.
    pub url: String,
}

pub fn tested_by(site: &Site, e: usize) -> TestedBy<'_> {
    let entry = &site.quiz.entries[e];
    let note = note_link(site, entry.note);
    let anchor = anchor(&entry.question.id);
    TestedBy {
        id: &entry.question.id,
        url: format!("{}#{anchor}", note.url),
        anchor,
        question_text: truncate(&plain_text(&entry.html.stem), 80),
        note,
    }
}

/// The mock exam settings (`exam` on `/exam/` and in the bank).
#[derive(Debug, Clone, Serialize)]
pub struct ExamData<'a> {
    pub title: String,
    pub questions: usize,
    pub minutes: u32,
    pub pass_percent: u32,
    pub areas: &'a [String],
}

pub fn exam_data(site: &Site) -> ExamData<'_> {
    let exam = &site.config.exam;
    let title = exam.title.clone().unwrap_or_else(|| {
        if is_japanese(&site.config.language) {
            "模擬試験"
        } else {
            "Mock exam"
        }
        .to_string()
    });
    ExamData {
        title,
        questions: exam.questions,
        minutes: exam.minutes,
        pass_percent: exam.pass_percent,
        areas: &exam.areas,
    }
}

/// The name `/quiz/` shows for questions without an area.
pub fn other_area(language: &str) -> &'static str {
    if is_japanese(language) {
        "その他"
    } else {
        "Other"
    }
}

fn is_japanese(language: &str) -> bool {
    language == "ja" || language.starts_with("ja-")
}

/// Bank entries grouped by area: `exam.areas` in their order, then the
/// other areas by name, then the questions without one (named
/// [`other_area`]). Empty areas are left out.
pub fn areas(site: &Site) -> Vec<(String, Vec<usize>)> {
    let mut groups: Vec<(String, Vec<usize>)> = site
        .config
        .exam
        .areas
        .iter()
        .map(|a| (a.clone(), Vec::new()))
        .collect();
    let mut others: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
    let mut none = Vec::new();
    for (e, entry) in site.quiz.entries.iter().enumerate() {
        match entry.question.area.as_deref() {
            Some(a) => match groups.iter_mut().find(|(name, _)| name == a) {
                Some((_, list)) => list.push(e),
                None => others.entry(a).or_default().push(e),
            },
            None => none.push(e),
        }
    }
    groups.extend(others.into_iter().map(|(a, list)| (a.to_string(), list)));
    groups.push((other_area(&site.config.language).to_string(), none));
    groups.retain(|(_, list)| !list.is_empty());
    groups
}

#[derive(Serialize)]
struct BankFile<'a> {
    version: u32,
    exam: ExamData<'a>,
    questions: Vec<QuestionData<'a>>,
}

/// The whole bank (`manabi export quiz --format json`): the exam settings
/// and every question in bank order, with `<`, `>`, `&` (and U+2028/2029)
/// escaped so it can also be inlined in a `<script type="application/json">`.
pub fn bank_json(site: &Site) -> String {
    let file = BankFile {
        version: BANK_VERSION,
        exam: exam_data(site),
        questions: (0..site.quiz.len())
            .map(|e| question_data(site, e, Shape::Bank))
            .collect(),
    };
    let json = serde_json::to_string(&file).expect("the bank serialises");
    script_safe(&json)
}

/// Output path of the quiz scripts' UI strings, relative to the output root.
pub const STRINGS_PATH: &str = "js/strings.js";

/// `js/strings.js`: an ES module whose default export maps every UI string
/// the quiz scripts use (`t` keys starting with `quiz_`, `exam_`,
/// `progress_` or `review_`, and `list_separator`) to its text. Written
/// once per build instead of repeated in every page with questions.
pub fn strings_js(strings: &std::collections::BTreeMap<String, String>) -> String {
    const PREFIXES: &[&str] = &["quiz_", "exam_", "progress_", "review_"];
    let used: std::collections::BTreeMap<&str, &str> = strings
        .iter()
        .filter(|(k, _)| {
            k.as_str() == "list_separator" || PREFIXES.iter().any(|p| k.starts_with(p))
        })
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let json = serde_json::to_string(&used).expect("strings serialise");
    format!(
        "// UI strings of the quiz scripts, from the theme's i18n.yaml (written by manabi).\nexport default {};\n",
        script_safe(&json)
    )
}

/// Escapes the characters that could end or confuse an HTML `<script>`
/// element. They occur in JSON only inside strings, where `\uXXXX` means
/// the same character.
pub fn script_safe(json: &str) -> String {
    // Runs between the bytes that start an escaped character are copied
    // whole (every cut is at an ASCII byte or at the first byte of
    // U+2028/U+2029, so at a character boundary): the bank's shards are
    // megabytes of JSON.
    let bytes = json.as_bytes();
    let mut out = String::with_capacity(json.len() + json.len() / 16);
    let mut start = 0;
    let mut at = 0;
    while at < bytes.len() {
        let (escape, len) = match bytes[at] {
            b'<' => ("\\u003c", 1),
            b'>' => ("\\u003e", 1),
            b'&' => ("\\u0026", 1),
            0xE2 if bytes.get(at + 1) == Some(&0x80) => match bytes.get(at + 2) {
                Some(0xA8) => ("\\u2028", 3),
                Some(0xA9) => ("\\u2029", 3),
                _ => ("", 0),
            },
            _ => ("", 0),
        };
        if len == 0 {
            at += 1;
            continue;
        }
        out.push_str(&json[start..at]);
        out.push_str(escape);
        at += len;
        start = at;
    }
    out.push_str(&json[start..]);
    out
}

/// The text of an HTML fragment as a browser would show it on one line:
/// inline tags dropped, block tags turned into spaces, the entities
/// Markdown output uses decoded, whitespace collapsed (the search index's
/// one-pass reading, [`crate::search::plain`]).
pub fn plain_text(html: &str) -> String {
    let mut text = String::new();
    crate::search::plain::push_plain_text(&mut text, html, &mut String::new());
    text
}

/// At most `max` characters, with "…" when cut.
pub fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max - 1).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_safe_escapes_markup_characters_only_as_json_escapes() {
        let json =
            serde_json::to_string(&serde_json::json!({"a": "</script><b>&amp;\u{2028}"})).unwrap();
        let safe = script_safe(&json);
        assert!(
            !safe.contains('<') && !safe.contains('>') && !safe.contains('&'),
            "{safe}"
        );
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["a"], "</script><b>&amp;\u{2028}");
    }

    #[test]
    fn script_safe_escapes_exactly_the_five_characters() {
        let each = |c: char| match c {
            '<' => "\\u003c".to_string(),
            '>' => "\\u003e".to_string(),
            '&' => "\\u0026".to_string(),
            '\u{2028}' => "\\u2028".to_string(),
            '\u{2029}' => "\\u2029".to_string(),
            c => c.to_string(),
        };
        // U+2026 and U+2030 share the first two bytes of U+2028/U+2029.
        let text = "a<b>&…\u{2028}\u{2029}‰学習\u{2028}<";
        assert_eq!(
            script_safe(text),
            text.chars().map(each).collect::<String>()
        );
        assert_eq!(script_safe(""), "");
    }

    #[test]
    fn strings_js_exports_the_quiz_scripts_strings_only() {
        let strings: std::collections::BTreeMap<String, String> = [
            ("quiz_submit", "解答する"),
            ("exam_start", "</script>開始"),
            ("list_separator", "、"),
            ("toc", "目次"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let js = strings_js(&strings);
        assert!(js.ends_with(
            "export default {\"exam_start\":\"\\u003c/script\\u003e開始\",\"list_separator\":\"、\",\"quiz_submit\":\"解答する\"};\n"
        ), "{js}");
    }

    #[test]
    fn plain_text_of_rendered_markdown() {
        assert_eq!(
            plain_text("<p>重みが<strong>公開</strong>されたモデルは?</p>"),
            "重みが公開されたモデルは?"
        );
        assert_eq!(
            plain_text("<p>LoRA が<a href=\"/x/\">学習</a>する</p>"),
            "LoRA が学習する"
        );
        assert_eq!(
            plain_text("<p>Which <em>open</em> model &amp; why?</p>\n<p>Two<br />lines</p>"),
            "Which open model & why? Two lines"
        );
    }

    #[test]
    fn truncate_adds_an_ellipsis() {
        assert_eq!(truncate("あいうえお", 5), "あいうえお");
        assert_eq!(truncate("あいうえおか", 5), "あいうえ…");
    }
}

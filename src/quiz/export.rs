//! `manabi export quiz`: the bank in other tools' formats. JSON is the
//! whole bank in the question shape of `docs/quiz.md`; Anki gets
//! tab-separated notes with HTML fields; Moodle gets GIFT. Pure: returns
//! the text, the command writes it.

use std::fmt::Write as _;

use super::bank::Entry;
use super::model::Kind;
use super::view;
use crate::site::Site;

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Anki,
    Gift,
}

/// The whole bank of `site` in `format`.
pub fn export(site: &Site, format: Format) -> String {
    match format {
        Format::Json => view::bank_json(site) + "\n",
        Format::Anki => anki(site),
        Format::Gift => gift(site),
    }
}

/// Whether `bytes` are a file `export` wrote, in any format (so that
/// `export --out` may replace it): the JSON bank (an object of exactly
/// `version`, `exam` and `questions`), the Anki header, or the GIFT
/// comment line manabi starts with. An empty file counts too: nothing
/// would be lost.
pub fn is_export(bytes: &[u8]) -> bool {
    if bytes.is_empty() || bytes.starts_with(ANKI_HEADER.as_bytes()) {
        return true;
    }
    let first_line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let gift = std::str::from_utf8(first_line)
        .is_ok_and(|l| l.starts_with("// ") && l.ends_with(GIFT_SIGNATURE));
    gift || is_bank_json(bytes)
}

/// The end of the first line of a GIFT export.
const GIFT_SIGNATURE: &str = " questions exported by manabi";

fn is_bank_json(bytes: &[u8]) -> bool {
    // Only a file that starts like the bank is parsed.
    if !bytes.starts_with(b"{\"version\":") {
        return false;
    }
    match serde_json::from_slice::<serde_json::Value>(bytes) {
        Ok(serde_json::Value::Object(map)) => {
            let mut keys: Vec<&str> = map.keys().map(String::as_str).collect();
            keys.sort_unstable();
            keys == ["exam", "questions", "version"]
        }
        _ => false,
    }
}

/// Words the exports add around the questions.
#[derive(Debug, Clone, Copy)]
pub struct Labels {
    pub answer: &'static str,
    pub explanation: &'static str,
    pub points: &'static str,
    pub accepted: &'static str,
}

impl Labels {
    pub fn for_language(language: &str) -> Labels {
        if language == "ja" || language.starts_with("ja-") {
            Labels {
                answer: "正解",
                explanation: "解説",
                points: "採点のポイント",
                accepted: "正答",
            }
        } else {
            Labels {
                answer: "Answer",
                explanation: "Explanation",
                points: "Points",
                accepted: "Accepted answers",
            }
        }
    }
}

// ---------------------------------------------------------------- Anki

/// Anki's text import: a header naming the separator, HTML fields and the
/// tags column, then one note per line: front, back, tags.
fn anki(site: &Site) -> String {
    let labels = Labels::for_language(&site.config.language);
    let mut out = String::from(ANKI_HEADER);
    for entry in &site.quiz.entries {
        let note = &site.notes()[entry.note];
        let tags = anki_tags(&note.tags, entry.question.area.as_deref());
        out.push_str(&anki_row(entry, &tags, &labels));
    }
    out
}

/// The file header Anki (2.1.54+) reads: tab-separated, HTML allowed, the
/// third column holds tags.
pub const ANKI_HEADER: &str =
    "#separator:tab\n#html:true\n#columns:Front\tBack\tTags\n#tags column:3\n";

/// One note line: front (question + numbered choices), back (answer +
/// explanation), tags; each field quoted when it holds a tab, a newline or
/// a double quote.
pub fn anki_row(entry: &Entry, tags: &str, labels: &Labels) -> String {
    let front = anki_front(entry);
    let back = anki_back(entry, labels);
    format!(
        "{}\t{}\t{}\n",
        anki_field(&front),
        anki_field(&back),
        anki_field(tags)
    )
}

fn anki_front(entry: &Entry) -> String {
    let mut html = entry.html.stem.clone();
    if !entry.html.choices.is_empty() {
        html.push_str("<ol>");
        for c in &entry.html.choices {
            let _ = write!(html, "<li>{c}</li>");
        }
        html.push_str("</ol>");
    }
    html
}

fn anki_back(entry: &Entry, labels: &Labels) -> String {
    let q = &entry.question;
    let mut html = String::new();
    match &q.kind {
        Kind::Single { .. } | Kind::Multiple { .. } => {
            let answers: Vec<String> = q
                .kind
                .answer()
                .iter()
                .map(|&i| format!("{}. {}", i + 1, entry.html.choices[i]))
                .collect();
            let _ = write!(html, "<p>{}: {}</p>", labels.answer, answers.join(" / "));
            let explains: Vec<String> = entry
                .html
                .explains
                .iter()
                .enumerate()
                .filter_map(|(i, e)| {
                    e.as_ref()
                        .map(|e| format!("<li value=\"{}\">{e}</li>", i + 1))
                })
                .collect();
            if !explains.is_empty() {
                let _ = write!(html, "<ol>{}</ol>", explains.concat());
            }
        }
        Kind::Text { accept } => {
            let accepted: Vec<String> = accept.iter().map(|a| escape_html(a)).collect();
            let _ = write!(html, "<p>{}: {}</p>", labels.accepted, accepted.join(" / "));
        }
        Kind::Written { points, .. } => html.push_str(&model_answer_html(entry, points, labels)),
    }
    if let Some(e) = &entry.html.explanation {
        let _ = write!(html, "<p><strong>{}</strong></p>{e}", labels.explanation);
    }
    html
}

/// Anki tags: the note's tags and the area, spaces turned into `_`
/// (a space separates tags), separated by spaces.
pub fn anki_tags(tags: &[String], area: Option<&str>) -> String {
    let mut out: Vec<String> = Vec::new();
    for t in tags.iter().map(String::as_str).chain(area) {
        let t: String = t.split_whitespace().collect::<Vec<_>>().join("_");
        if !t.is_empty() && !out.contains(&t) {
            out.push(t);
        }
    }
    out.join(" ")
}

/// A field as Anki's CSV reader takes it: as is, or in double quotes with
/// inner quotes doubled when it holds the separator, a newline or a quote.
pub fn anki_field(text: &str) -> String {
    if text.contains(['\t', '\n', '\r', '"']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

// ---------------------------------------------------------------- GIFT

/// Moodle's GIFT: one question per paragraph, HTML text (`[html]`).
fn gift(site: &Site) -> String {
    let labels = Labels::for_language(&site.config.language);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "// {} — {}{GIFT_SIGNATURE}",
        gift_comment(&site.config.title),
        site.quiz.len()
    );
    out.push('\n');
    for entry in &site.quiz.entries {
        let note = &site.notes()[entry.note];
        let url = site.url(&site.note_urls[entry.note]);
        let _ = writeln!(out, "// {} ({url})", gift_comment(&note.title));
        out.push_str(&gift_question(entry, &labels));
        out.push('\n');
    }
    out
}

/// One question in GIFT: `::id::[html]question{answers ####feedback}`,
/// answers one per line, then a blank line.
///
/// - `single`: `=right` and `~wrong`, with `#feedback` per choice;
/// - `multiple`: `~%w%right` with the weights of the correct ones summing
///   to 100 and `~%-100%wrong` (Moodle's checkbox question; all-or-nothing
///   like the site);
/// - `text`: short answer `=LoRA =Low-Rank Adaptation`;
/// - `written`: essay `{}`, the model answer and rubric as general feedback.
pub fn gift_question(entry: &Entry, labels: &Labels) -> String {
    let q = &entry.question;
    let html = &entry.html;
    let mut out = format!(
        "::{}::[html]{}{{\n",
        gift_escape(&q.id),
        gift_escape(&html.stem)
    );
    match &q.kind {
        Kind::Single { answer, .. } => {
            for (i, choice) in html.choices.iter().enumerate() {
                let mark = if i == *answer { "=" } else { "~" };
                gift_answer(&mut out, mark, choice, html.explains[i].as_deref());
            }
        }
        Kind::Multiple { answer, .. } => {
            let weight = gift_weight(answer.len());
            for (i, choice) in html.choices.iter().enumerate() {
                let mark = if answer.contains(&i) {
                    format!("~%{weight}%")
                } else {
                    "~%-100%".to_string()
                };
                gift_answer(&mut out, &mark, choice, html.explains[i].as_deref());
            }
        }
        Kind::Text { accept } => {
            for a in accept {
                gift_answer(&mut out, "=", a, None);
            }
        }
        Kind::Written { .. } => {}
    }
    let feedback = gift_feedback(entry, labels);
    if !feedback.is_empty() {
        let _ = writeln!(out, "\t####{}", gift_escape(&feedback));
    }
    out.push_str("}\n");
    out
}

fn gift_answer(out: &mut String, mark: &str, text: &str, feedback: Option<&str>) {
    let _ = write!(out, "\t{mark}{}", gift_escape(text));
    if let Some(f) = feedback {
        let _ = write!(out, "#{}", gift_escape(f));
    }
    out.push('\n');
}

/// A written question's model answer and its self-check rubric, as HTML
/// (the Anki back and the GIFT feedback show the same).
fn model_answer_html(entry: &Entry, points: &[String], labels: &Labels) -> String {
    let mut html = entry.html.model_answer.clone().unwrap_or_default();
    if !points.is_empty() {
        let items: String = points
            .iter()
            .map(|p| format!("<li>{}</li>", escape_html(p)))
            .collect();
        let _ = write!(html, "<p>{}</p><ul>{items}</ul>", labels.points);
    }
    html
}

/// General feedback: the explanation; for `written`, the model answer and
/// rubric first.
fn gift_feedback(entry: &Entry, labels: &Labels) -> String {
    let mut html = String::new();
    if let Kind::Written { points, .. } = &entry.question.kind {
        html.push_str(&model_answer_html(entry, points, labels));
    }
    if let Some(e) = &entry.html.explanation {
        html.push_str(e);
    }
    html
}

/// The weight of each of `correct` correct choices, so they sum to 100:
/// `50`, `33.33333` (five decimals, as Moodle writes its grade fractions).
pub fn gift_weight(correct: usize) -> String {
    let w = 100.0 / correct.max(1) as f64;
    let s = format!("{w:.5}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Escapes text for GIFT: `\` and the control characters `~ = # { } :`
/// get a backslash, a newline becomes `\n` (GIFT's escape for it, since a
/// blank line would end the question), a carriage return is dropped.
pub fn gift_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' | '~' | '=' | '#' | '{' | '}' | ':' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// A `//` comment line's text: one line.
fn gift_comment(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quiz::model::{Choice, Question, QuestionHtml};

    fn entry(kind: Kind, html: QuestionHtml, explanation: Option<&str>) -> Entry {
        let question = Question {
            id: "lora-1".into(),
            stem: String::new(),
            kind,
            explanation: explanation.map(str::to_string),
            related: Vec::new(),
            area: None,
            block: None,
            item: None,
        };
        Entry {
            question,
            note: 0,
            related: vec![0],
            html,
        }
    }

    #[test]
    fn recognises_its_own_exports_and_nothing_else() {
        let gift = "// 学習ノート — 8 questions exported by manabi\n\n::a::[html]q{}\n";
        let json = r#"{"version":1,"exam":{"title":"x"},"questions":[]}"#;
        for ours in ["", ANKI_HEADER, gift, json] {
            assert!(is_export(ours.as_bytes()), "{ours}");
        }
        let note = "---\ntitle: データ\n---\n本文\n";
        let other_json = r#"{"version":1,"questions":[],"name":"mine"}"#;
        for theirs in [note, other_json, "// my own GIFT\n", "{\"version\": broken"] {
            assert!(!is_export(theirs.as_bytes()), "{theirs}");
        }
        assert!(!is_export(&[0xff, 0xfe, 0x00]), "binary");
    }

    fn choices(n: usize) -> Vec<Choice> {
        (0..n)
            .map(|i| Choice {
                text: format!("c{i}"),
                explain: None,
            })
            .collect()
    }

    fn html(stem: &str, choices: &[&str]) -> QuestionHtml {
        QuestionHtml {
            stem: stem.into(),
            choices: choices.iter().map(|c| c.to_string()).collect(),
            explains: vec![None; choices.len()],
            explanation: None,
            model_answer: None,
        }
    }

    const JA: Labels = Labels {
        answer: "正解",
        explanation: "解説",
        points: "採点のポイント",
        accepted: "正答",
    };

    #[test]
    fn gift_escapes_every_control_character() {
        assert_eq!(gift_escape(r"a~b=c#d{e}f:g\h"), r"a\~b\=c\#d\{e\}f\:g\\h");
        assert_eq!(
            gift_escape("line1\r\nline2\n\nline3"),
            r"line1\nline2\n\nline3"
        );
        assert_eq!(gift_escape("重み 100%"), "重み 100%");
        assert_eq!(
            gift_escape(r#"<a href="https://x.jp/#a">"#),
            r#"<a href\="https\://x.jp/\#a">"#
        );
    }

    #[test]
    fn gift_escaped_text_has_no_unescaped_control_character_or_blank_line() {
        let nasty = "{=~#:}\\\n\n{x}";
        let escaped = gift_escape(nasty);
        assert!(!escaped.contains('\n'));
        let mut chars = escaped.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                let next = chars.next().unwrap();
                assert!("\\~=#{}:n".contains(next), "stray escape \\{next}");
            } else {
                assert!(!"~=#{}:".contains(c), "unescaped {c} in {escaped}");
            }
        }
    }

    #[test]
    fn gift_single_choice() {
        let mut h = html("<p>LoRA とは?</p>", &["低ランク適応", "量子化"]);
        h.explains[1] = Some("<p>別の手法</p>".into());
        h.explanation = Some("<p>解説: A=B</p>".into());
        let e = entry(
            Kind::Single {
                choices: choices(2),
                answer: 0,
            },
            h,
            Some("x"),
        );
        assert_eq!(
            gift_question(&e, &JA),
            "::lora-1::[html]<p>LoRA とは?</p>{\n\t=低ランク適応\n\t~量子化#<p>別の手法</p>\n\t####<p>解説\\: A\\=B</p>\n}\n"
        );
    }

    #[test]
    fn gift_multiple_weights_sum_to_100_and_wrong_ones_are_negative() {
        let e = entry(
            Kind::Multiple {
                choices: choices(4),
                answer: vec![0, 2, 3],
            },
            html("<p>q</p>", &["a", "b", "c", "d"]),
            None,
        );
        assert_eq!(gift_question(&e, &JA), "::lora-1::[html]<p>q</p>{\n\t~%33.33333%a\n\t~%-100%b\n\t~%33.33333%c\n\t~%33.33333%d\n}\n");
        assert_eq!(gift_weight(1), "100");
        assert_eq!(gift_weight(2), "50");
        assert_eq!(gift_weight(8), "12.5");
        for k in 1..=10 {
            let sum: f64 = gift_weight(k).parse::<f64>().unwrap() * k as f64;
            assert!((sum - 100.0).abs() < 0.001, "{k}: {sum}");
        }
    }

    #[test]
    fn gift_text_and_written() {
        let accept = vec!["LoRA".to_string(), "Low-Rank Adaptation".to_string()];
        let e = entry(Kind::Text { accept }, html("<p>q</p>", &[]), None);
        assert_eq!(
            gift_question(&e, &JA),
            "::lora-1::[html]<p>q</p>{\n\t=LoRA\n\t=Low-Rank Adaptation\n}\n"
        );
        let mut h = html("<p>説明せよ。</p>", &[]);
        h.model_answer = Some("<p>模範</p>".into());
        let e = entry(
            Kind::Written {
                model_answer: "模範".into(),
                points: vec!["要点".into()],
            },
            h,
            None,
        );
        assert_eq!(gift_question(&e, &JA), "::lora-1::[html]<p>説明せよ。</p>{\n\t####<p>模範</p><p>採点のポイント</p><ul><li>要点</li></ul>\n}\n");
    }

    #[test]
    fn anki_row_has_three_fields_and_quotes_html_with_quotes() {
        let mut h = html(
            "<p>LoRA <a href=\"/x/\">とは</a>?</p>",
            &["低ランク適応", "量子化"],
        );
        h.explanation = Some("<p>解説</p>".into());
        let e = entry(
            Kind::Single {
                choices: choices(2),
                answer: 0,
            },
            h,
            Some("x"),
        );
        let row = anki_row(&e, "LLM 生成AIの技術", &JA);
        assert!(
            row.ends_with('\n') && !row[..row.len() - 1].contains('\n'),
            "{row}"
        );
        let fields: Vec<&str> = row.trim_end().split('\t').collect();
        assert_eq!(fields.len(), 3, "{row}");
        assert_eq!(fields[0], "\"<p>LoRA <a href=\"\"/x/\"\">とは</a>?</p><ol><li>低ランク適応</li><li>量子化</li></ol>\"");
        assert_eq!(
            fields[1],
            "<p>正解: 1. 低ランク適応</p><p><strong>解説</strong></p><p>解説</p>"
        );
        assert_eq!(fields[2], "LLM 生成AIの技術");
    }

    #[test]
    fn anki_fields_with_newlines_are_quoted() {
        assert_eq!(anki_field("a\nb"), "\"a\nb\"");
        assert_eq!(anki_field("plain"), "plain");
        assert_eq!(anki_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }

    #[test]
    fn anki_tags_replace_spaces_and_deduplicate() {
        let tags = vec!["Large Language Model".to_string(), "LLM".to_string()];
        assert_eq!(
            anki_tags(&tags, Some("生成AIの 技術")),
            "Large_Language_Model LLM 生成AIの_技術"
        );
        assert_eq!(anki_tags(&tags, Some("LLM")), "Large_Language_Model LLM");
    }

    #[test]
    fn anki_header_names_separator_html_and_tags_column() {
        let lines: Vec<&str> = ANKI_HEADER.lines().collect();
        assert!(lines.contains(&"#separator:tab"));
        assert!(lines.contains(&"#html:true"));
        assert!(lines.contains(&"#tags column:3"));
    }
}

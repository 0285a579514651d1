//! Parsing and validation of whole notes: every rule of DESIGN §4 with the
//! exact `line:col` it is reported at, in front-matter and inside fences.

use std::path::PathBuf;

use super::*;
use crate::config::QuizConfig;
use crate::content::note::{parse_note, Cascade, NoteLocation};
use crate::diagnostics::{Diagnostic, LineIndex};
use crate::markdown::{self, LinkResolver, MarkdownOptions, ResolvedLink};

struct NoLinks;

impl LinkResolver for NoLinks {
    fn wikilink(&self, _: &str) -> Option<ResolvedLink> {
        None
    }

    fn md_link(&self, _: &str) -> Option<ResolvedLink> {
        None
    }

    fn site_path(&self, path: &str) -> String {
        path.to_string()
    }
}

/// Parses the questions of a note file, as the site stage does.
fn parse_with(src: &str, config: &QuizConfig) -> (Vec<Question>, Vec<Diagnostic>) {
    let loc = NoteLocation {
        path: PathBuf::from("content/sec/lora.md"),
        rel: "sec/lora.md".into(),
        folder_note: false,
    };
    let note = parse_note(&loc, src.to_string(), &Cascade::default()).expect("front-matter parses");
    let rendered = markdown::render(note.body(), &NoLinks, &MarkdownOptions::default());
    let lines = LineIndex::new(&note.source);
    let fences: Vec<_> = rendered
        .quizzes
        .iter()
        .map(|f| fence_block(&note.source, note.body_offset, &lines, f))
        .collect();
    let blocks = QuizBlocks::new(Some(note.lazy_keys()), &fences);
    let input = QuizInput {
        path: &note.path,
        source: &note.source,
        slug: &note.slug,
        syllabus: &note.syllabus,
        front_matter: note.quiz.as_ref(),
        blocks: &blocks,
        config,
    };
    parse_note_quiz(&input)
}

fn parse(src: &str) -> (Vec<Question>, Vec<Diagnostic>) {
    parse_with(
        src,
        &QuizConfig {
            shuffle: true,
            choices: 4,
        },
    )
}

/// `line:col: message` of the errors.
fn errors(src: &str) -> Vec<String> {
    parse(src)
        .1
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{}:{}: {}", d.line, d.col, d.message))
        .collect()
}

fn warnings(src: &str) -> Vec<String> {
    parse(src)
        .1
        .iter()
        .filter(|d| !d.is_error())
        .map(|d| format!("{}:{}: {}", d.line, d.col, d.message))
        .collect()
}

fn questions(src: &str) -> Vec<Question> {
    let (qs, problems) = parse(src);
    let errs: Vec<_> = problems.iter().filter(|d| d.is_error()).collect();
    assert!(errs.is_empty(), "{errs:#?}");
    qs
}

/// A front-matter note with `quiz:` holding `items`.
fn fm(items: &str) -> String {
    format!("---\ntitle: LoRA\nsyllabus: [生成AIの技術, 手法]\nquiz:\n{items}---\n本文\n")
}

const FOUR: &str = "    choices: [a, b, c, d]\n";

#[test]
fn compact_and_rich_forms_are_the_same_question() {
    let compact = fm("  - question: 重みを公開したモデルをすべて選べ。\n    choices: [BLOOM, PaLM, GPT-J, Gopher]\n    answer: [1, 3]\n    explanation: x\n");
    let rich = fm("  - question: 重みを公開したモデルをすべて選べ。\n    choices:\n      - text: BLOOM\n        correct: true\n      - PaLM\n      - { text: GPT-J, correct: true }\n      - { text: Gopher, correct: false }\n    explanation: x\n");
    let (a, b) = (&questions(&compact)[0], &questions(&rich)[0]);
    assert_eq!(a.kind, b.kind);
    assert_eq!(a.id, b.id);
    assert_eq!(
        (a.stem.as_str(), a.explanation.as_deref()),
        (b.stem.as_str(), b.explanation.as_deref())
    );
    let Kind::Multiple { choices, answer } = &a.kind else {
        panic!("{:?}", a.kind)
    };
    assert_eq!(answer, &[0, 2]);
    assert_eq!(choices[2].text, "GPT-J");
}

#[test]
fn type_defaults_to_single_with_one_correct_and_multiple_otherwise() {
    let qs = questions(&fm(&format!(
        "  - question: a\n{FOUR}    answer: 2\n  - question: b\n{FOUR}    answer: [2]\n  - question: c\n{FOUR}    answer: [1, 2]\n  - question: d\n    choices: [x, {{text: y, correct: true}}, z, w]\n"
    )));
    let types: Vec<&str> = qs.iter().map(|q| q.kind.question_type().as_str()).collect();
    assert_eq!(types, ["single", "single", "multiple", "single"]);
    assert_eq!(
        qs[0].kind,
        Kind::Single {
            choices: qs[0].kind.choices().to_vec(),
            answer: 1
        }
    );
}

#[test]
fn type_is_inferred_for_text_and_written_questions() {
    let qs = questions(&fm("  - question: 低ランク適応の略称は?\n    accept: [LoRA, ＬｏＲＡ]\n    explanation: x\n  - question: 説明せよ。\n    model_answer: 学習済みの重みを固定し…\n    points: [重みを固定, 低ランク行列]\n"));
    assert_eq!(
        qs[0].kind,
        Kind::Text {
            accept: vec!["LoRA".into(), "ＬｏＲＡ".into()]
        }
    );
    let Kind::Written {
        model_answer,
        points,
    } = &qs[1].kind
    else {
        panic!()
    };
    assert!(model_answer.starts_with("学習済み"));
    assert_eq!(points.len(), 2);
}

#[test]
fn default_id_is_the_slug_and_a_hash_of_the_stem() {
    let src = fm(&format!("  - question: 同じ問題文\n{FOUR}    answer: 1\n  - id: lora-own\n    question: 別\n{FOUR}    answer: 1\n"));
    let qs = questions(&src);
    assert_eq!(qs[0].id, default_id("lora", "同じ問題文"));
    assert_eq!(qs[1].id, "lora-own");
    // The same stem in a fence gets the same id.
    let fenced = questions("---\ntitle: LoRA\n---\n```quiz\nquestion: 同じ問題文\nchoices: [a, b, c, d]\nanswer: 1\n```\n");
    assert_eq!(fenced[0].id, qs[0].id);
}

#[test]
fn area_defaults_to_the_first_syllabus_item() {
    let qs = questions(&fm(&format!("  - question: a\n{FOUR}    answer: 1\n  - question: b\n{FOUR}    answer: 1\n    area: 法律\n")));
    assert_eq!(qs[0].area.as_deref(), Some("生成AIの技術"));
    assert_eq!(qs[1].area.as_deref(), Some("法律"));
}

// ------------------------------------------------------------ the rules

#[test]
fn rejects_a_question_without_text() {
    assert_eq!(
        errors(&fm("  - choices: [a, b, c, d]\n    answer: 1\n")),
        ["5:3: question has no text"]
    );
    assert_eq!(
        errors(&fm(&format!("  - question: \"  \"\n{FOUR}    answer: 1\n"))),
        ["5:5: question has no text"]
    );
}

#[test]
fn rejects_fewer_than_two_choices() {
    assert_eq!(
        errors(&fm("  - question: q\n    choices: [only]\n    answer: 1\n")),
        ["6:5: a `single` question needs at least 2 choices, found 1"]
    );
    // No choices at all: reported at the question.
    assert_eq!(
        errors(&fm("  - question: q\n")),
        ["5:3: a `multiple` question needs at least 2 choices, found 0"]
    );
}

#[test]
fn rejects_single_choice_without_exactly_one_answer() {
    let two_flags = fm("  - type: single\n    question: q\n    choices:\n      - { text: a, correct: true }\n      - text: b\n        correct: true\n      - c\n      - d\n");
    assert_eq!(
        errors(&two_flags),
        ["10:9: a `single` question needs exactly one correct choice, found 2"]
    );
    let two_answers = fm(&format!(
        "  - type: single\n    question: q\n{FOUR}    answer: [1, 2]\n"
    ));
    assert_eq!(
        errors(&two_answers),
        ["8:5: a `single` question needs exactly one correct choice, found 2"]
    );
    let none = fm(&format!("  - type: single\n    question: q\n{FOUR}"));
    assert_eq!(
        errors(&none),
        ["7:5: a `single` question needs exactly one correct choice, found 0"]
    );
}

#[test]
fn rejects_multiple_choice_without_a_correct_one() {
    assert_eq!(
        errors(&fm(&format!("  - type: multiple\n    question: q\n{FOUR}"))),
        ["7:5: a `multiple` question needs at least one correct choice"]
    );
    // Nothing marked and no type: the same mistake, worded for it.
    assert_eq!(
        errors(&fm(&format!("  - question: q\n{FOUR}"))),
        ["6:5: no correct choice"]
    );
}

#[test]
fn rejects_duplicate_choices_at_the_repeated_item() {
    let src = fm("  - question: q\n    choices:\n      - BLOOM\n      - GPT-J\n      - ＢＬＯＯＭ\n      - PaLM\n    answer: 1\n");
    assert_eq!(
        errors(&src),
        ["9:7: duplicate choice `ＢＬＯＯＭ` (same as choice 1)"]
    );
}

#[test]
fn rejects_answer_out_of_range() {
    assert_eq!(
        errors(&fm(&format!("  - question: q\n{FOUR}    answer: 5\n"))),
        ["7:5: answer 5 is out of range: there are 4 choices"]
    );
    assert_eq!(
        errors(&fm(&format!("  - question: q\n{FOUR}    answer: [0, 2]\n"))),
        ["7:5: answer 0 is out of range: there are 4 choices"]
    );
    // A block list points at the item.
    let block = fm(&format!(
        "  - question: q\n{FOUR}    answer:\n      - 2\n      - 9\n"
    ));
    assert_eq!(
        errors(&block),
        ["9:7: answer 9 is out of range: there are 4 choices"]
    );
}

#[test]
fn rejects_both_answer_and_correct_flags() {
    let src = fm("  - question: q\n    choices:\n      - { text: a, correct: true }\n      - b\n      - c\n      - d\n    answer: 1\n");
    assert_eq!(
        errors(&src),
        ["11:5: both `answer` and `correct:` flags mark the correct choices"]
    );
}

#[test]
fn rejects_unknown_keys_with_a_suggestion() {
    let src = fm("  - question: q\n    choices:\n      - text: a\n        corect: true\n      - b\n      - c\n      - d\n    anwser: 1\n");
    let (_, problems) = parse(&src);
    let mut errs: Vec<_> = problems.iter().filter(|d| d.is_error()).collect();
    errs.sort_by_key(|d| (d.line, d.col));
    assert_eq!(errs.len(), 2, "{errs:#?}");
    assert_eq!(
        (errs[0].line, errs[0].col, errs[0].message.as_str()),
        (8, 9, "unknown key `corect` in a choice")
    );
    assert_eq!(errs[0].hint.as_deref(), Some("did you mean `correct`?"));
    assert_eq!(
        (errs[1].line, errs[1].col, errs[1].message.as_str()),
        (12, 5, "unknown key `anwser` in a question")
    );
    assert_eq!(errs[1].hint.as_deref(), Some("did you mean `answer`?"));
}

#[test]
fn rejects_text_without_accept_and_written_without_model_answer() {
    assert_eq!(
        errors(&fm("  - type: text\n    question: q\n")),
        ["5:5: a `text` question needs `accept`"]
    );
    assert_eq!(
        errors(&fm("  - type: written\n    question: q\n    points: [a]\n")),
        ["5:5: a `written` question needs `model_answer`"]
    );
}

#[test]
fn rejects_keys_the_type_does_not_use() {
    let src = fm(&format!(
        "  - type: text\n    question: q\n    accept: [LoRA]\n{FOUR}    model_answer: m\n"
    ));
    assert_eq!(
        errors(&src),
        [
            "8:5: `choices` is not used by `text` questions",
            "9:5: `model_answer` is not used by `text` questions"
        ]
    );
}

#[test]
fn rejects_unknown_type_with_a_suggestion() {
    let (_, problems) = parse(&fm(&format!(
        "  - type: singel\n    question: q\n{FOUR}    answer: 1\n"
    )));
    assert_eq!((problems[0].line, problems[0].col), (5, 5));
    assert_eq!(problems[0].message, "unknown question type `singel`");
    assert_eq!(problems[0].hint.as_deref(), Some("did you mean `single`?"));
}

#[test]
fn rejects_values_of_the_wrong_type_at_their_key() {
    let src = fm("  - question: q\n    choices:\n      - a\n      - { text: b, correct: yes please }\n    answer: B\n");
    assert_eq!(
        errors(&src),
        [
            "8:7: invalid value for `correct`: string \"yes please\", expected `true` or `false`",
            "9:5: invalid value for `answer`: invalid value: string \"B\", expected a choice number (1-based) or a list of them, e.g. `answer: 2` or `answer: [1, 3]`",
        ]
    );
}

#[test]
fn rejects_unusable_ids() {
    assert_eq!(
        errors(&fm(&format!("  - id: open weights#1\n    question: q\n{FOUR}    answer: 1\n"))),
        ["5:5: question id `open weights#1` may not contain spaces or any of \" ' < > & # % ? / \\ `"]
    );
}

#[test]
fn rejects_items_that_are_not_questions() {
    assert_eq!(
        errors(&fm("  - ただの文字列\n")),
        ["5:3: a question must be a mapping of keys such as `question:` and `choices:`"]
    );
    assert_eq!(
        errors("---\ntitle: x\nquiz: 3\n---\n"),
        ["3:1: a quiz is a list of questions (or one question)"]
    );
}

#[test]
fn warns_about_choice_count_and_missing_explanation() {
    let src = fm("  - question: q\n    choices: [a, b, c]\n    answer: 1\n    explanation: e\n  - question: r\n    choices: [a, b, c, d]\n    answer: 1\n");
    assert_eq!(
        warnings(&src),
        [
            "6:5: 3 choices, but site.yaml `quiz.choices` expects 4",
            "9:3: question has no `explanation`"
        ]
    );
    let (_, problems) = parse_with(
        &src,
        &QuizConfig {
            shuffle: true,
            choices: 3,
        },
    );
    let counts: Vec<_> = problems
        .iter()
        .filter(|d| d.message.contains("choices, but"))
        .map(|d| d.line)
        .collect();
    assert_eq!(counts, [10]);
}

#[test]
fn reports_every_problem_of_a_file() {
    let src = format!(
        "---\ntitle: LoRA\nquiz:\n  - question: q\n{FOUR}    answer: 9\n  - choices: [a, a]\n---\n本文\n\n```quiz\nquestion: r\nchoices: [x, y, z, w]\nanswer: 1\nexplain: typo\n```\n"
    );
    assert_eq!(
        errors(&src),
        [
            "6:5: answer 9 is out of range: there are 4 choices",
            "7:3: question has no text",
            "7:5: duplicate choice `a` (same as choice 1)",
            "15:1: unknown key `explain` in a question",
        ]
    );
}

// ------------------------------------------------------------ fences

#[test]
fn fence_positions_are_absolute_file_lines() {
    let src = "---\ntitle: LoRA\n---\n# LoRA\n\n本文。\n\n```quiz\nquestion: q\nchoices: [a, b, c, d]\nanswer: 7\n```\n";
    assert_eq!(
        errors(src),
        ["11:1: answer 7 is out of range: there are 4 choices"]
    );
    let qs = parse(src).0;
    assert!(qs.is_empty());
}

#[test]
fn a_fence_may_hold_a_list_and_questions_remember_their_block() {
    let src = format!(
        "---\ntitle: LoRA\nquiz:\n  - question: fm\n{FOUR}    answer: 1\n    explanation: e\n---\n```quiz\n- question: one\n  choices: [a, b, c, d]\n  answer: 1\n  explanation: e\n- question: two\n  choices: [a, b, c, d]\n  answer: [9]\n```\n\n```quiz\nquestion: three\nchoices: [a, b, c, d]\nanswer: 2\nexplanation: e\n```\n"
    );
    assert_eq!(
        errors(&src),
        ["16:3: answer 9 is out of range: there are 4 choices"]
    );
    let blocks: Vec<_> = parse(&src)
        .0
        .iter()
        .map(|q| (q.stem.clone(), q.block))
        .collect();
    assert_eq!(
        blocks,
        [
            ("fm".to_string(), None),
            ("one".into(), Some(0)),
            ("three".into(), Some(1))
        ]
    );
}

#[test]
fn indented_fence_in_a_list_item_reports_columns_in_the_file() {
    let src = "---\ntitle: LoRA\n---\n- 確認:\n\n  ```quiz\n  question: q\n  choices: [a, b, c, d]\n  answr: 1\n  ```\n";
    let (_, problems) = parse(src);
    let errs: Vec<_> = problems.iter().filter(|d| d.is_error()).collect();
    assert_eq!((errs[0].line, errs[0].col), (9, 3), "{errs:#?}");
    assert_eq!(errs[0].message, "unknown key `answr` in a question");
    assert_eq!(errs[0].snippet.as_deref(), Some("  answr: 1"));
}

#[test]
fn yaml_syntax_error_in_a_fence_is_at_its_file_line() {
    let src = "---\ntitle: LoRA\n---\n\n```quiz\nquestion: q\nchoices: [a, b\n```\n";
    let (_, problems) = parse(src);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0].message.starts_with("YAML syntax error"),
        "{}",
        problems[0].message
    );
    assert!((6..=8).contains(&problems[0].line), "{:?}", problems[0]);
}

#[test]
fn empty_fence_is_a_question_without_text() {
    let src = "---\ntitle: LoRA\n---\n\n```quiz\n```\n";
    assert_eq!(errors(src), ["6:1: empty question"]);
}

#[test]
fn stems_asking_for_the_wrong_ones_are_negative() {
    let qs = questions(&fm(&format!(
        "  - question: 最も不適切なものを選べ。\n{FOUR}    answer: 1\n"
    )));
    assert!(qs[0].negative());
}

//! One note's questions: the front-matter `quiz:` value and the ```quiz
//! blocks of its body, read into raw types and validated into
//! [`Question`]s. Every problem of the note is reported, each at the
//! offending key (`path:line:col`, absolute in the file, also inside an
//! indented fence). Site-wide checks (duplicate ids, `related` names) are
//! the `site` stage's.

use std::cell::OnceCell;
use std::path::Path;

use serde_yaml::{Mapping, Value};

use super::blocks::{key_path, QuizBlocks};
use super::clean::CleanQuiz;
use super::id::{default_id, id_problem, is_nfkc_inert, nfkc};
use super::model::{Choice, Kind, Named, Question, QuestionType};
use super::raw::{self, Answer, RawItem, RawQuestion, RawQuiz};
use crate::config::QuizConfig;
use crate::diagnostics::{Diagnostic, LineIndex, Pos};
use crate::yaml::{self, unknown_key_hint, Block, Text};

/// What one note contributes to the quiz.
#[derive(Clone, Copy)]
pub struct QuizInput<'a> {
    /// The note file, for diagnostics.
    pub path: &'a Path,
    /// The whole file (for snippets).
    pub source: &'a str,
    /// The note's slug (default ids start with it).
    pub slug: &'a str,
    /// The note's syllabus (the first item is the default area).
    pub syllabus: &'a [String],
    /// The front-matter `quiz:`, as the note kept it.
    pub front_matter: Option<&'a RawQuiz>,
    /// The front-matter and the ```quiz blocks of the body, where
    /// positions are looked up.
    pub blocks: &'a QuizBlocks<'a>,
    pub config: &'a QuizConfig,
}

/// Parses and validates every question of a note: front-matter first, then
/// the blocks in body order. Returns the valid questions and every problem
/// (errors and warnings).
pub fn parse_note_quiz(input: &QuizInput) -> (Vec<Question>, Vec<Diagnostic>) {
    let mut p = Parser {
        input,
        questions: Vec::new(),
        problems: Vec::new(),
        lines: OnceCell::new(),
    };
    if let Some(quiz) = input.front_matter {
        p.raw_quiz(quiz, &p.loc(None, None));
    }
    for (i, block) in input.blocks.fences().iter().enumerate() {
        p.fence(i, *block);
    }
    (p.questions, p.problems)
}

/// Where a question is: its block (`None`: the front-matter) and its item
/// in the block's list (`None` for a block holding one question). Key
/// positions are looked up only for diagnostics.
#[derive(Clone, Copy)]
struct Loc<'k> {
    blocks: &'k QuizBlocks<'k>,
    block: Option<usize>,
    item: Option<usize>,
}

impl Loc<'_> {
    /// The position of `rel` under this question ("" for the question).
    fn at(&self, rel: &str) -> Pos {
        let path = key_path(self.block, self.item, rel);
        self.blocks.pos(self.block, &path)
    }

    fn item(&self, i: usize) -> Self {
        Loc {
            item: Some(i),
            ..*self
        }
    }
}

struct Parser<'a> {
    input: &'a QuizInput<'a>,
    questions: Vec<Question>,
    problems: Vec<Diagnostic>,
    /// The source's line index, built for the first problem: a note may
    /// hold thousands of questions, each with a warning.
    lines: OnceCell<LineIndex>,
}

/// A choice before the kind is known.
struct Draft {
    text: String,
    correct: Option<bool>,
    explain: Option<String>,
}

impl<'a> Parser<'a> {
    fn loc(&self, block: Option<usize>, item: Option<usize>) -> Loc<'a> {
        Loc {
            blocks: self.input.blocks,
            block,
            item,
        }
    }

    fn error(&mut self, pos: Pos, message: impl Into<String>, hint: impl Into<String>) {
        let d = Diagnostic::error(self.input.path, pos, message).with_hint(hint);
        self.push(d);
    }

    fn warning(&mut self, pos: Pos, message: impl Into<String>, hint: impl Into<String>) {
        let d = Diagnostic::warning(self.input.path, pos, message).with_hint(hint);
        self.push(d);
    }

    fn push(&mut self, d: Diagnostic) {
        let source = self.input.source;
        let lines = self.lines.get_or_init(|| LineIndex::new(source));
        self.problems.push(d.with_indexed_source(source, lines));
    }

    /// A ```quiz block: read straight into questions when they are all
    /// well formed ([`CleanQuiz`]), else as a YAML value, whose mistakes
    /// are reported.
    fn fence(&mut self, index: usize, block: Block<'_>) {
        let (path, source) = (self.input.path, self.input.source);
        let loc = self.loc(Some(index), None);
        if let Ok(CleanQuiz(quiz)) = yaml::parse(path, source, block, raw::QUESTION_KEYS) {
            return self.raw_quiz(&quiz, &loc);
        }
        let value: Value = match yaml::parse(path, source, block, raw::QUESTION_KEYS) {
            Ok(v) => v,
            Err(d) => return self.problems.push(d),
        };
        self.list(&value, &loc);
    }

    /// A list of questions, or one question mapping.
    fn list(&mut self, value: &Value, loc: &Loc) {
        match value {
            Value::Sequence(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.question(item, &loc.item(i));
                }
            }
            Value::Mapping(_) => self.question(value, loc),
            Value::Null => {}
            _ => self.error(
                loc.at(""),
                "a quiz is a list of questions (or one question)",
                "write `- question: …` items with `choices:` and `answer:`",
            ),
        }
    }

    fn question(&mut self, value: &Value, loc: &Loc) {
        let Value::Mapping(map) = value else {
            return self.error(
                loc.at(""),
                "a question must be a mapping of keys such as `question:` and `choices:`",
                "e.g. `- question: 適切なものを選べ。` followed by `choices:` and `answer:`",
            );
        };
        if map.is_empty() {
            let hint = "write at least `question:`, `choices:` and `answer:`";
            return self.error(loc.at(""), "empty question", hint);
        }
        // Most questions are well formed: read them in place, and copy the
        // mapping only to find and report what is wrong.
        let clean = raw::read_clean(value);
        let Some(raw) = clean.or_else(|| self.read(map.clone(), loc)) else {
            return;
        };
        self.valid(&raw, loc);
    }

    /// Questions already read: the front-matter's, read when the note was
    /// parsed, or a block's.
    fn raw_quiz(&mut self, quiz: &RawQuiz, loc: &Loc) {
        match quiz {
            RawQuiz::List(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.item(item, &loc.item(i));
                }
            }
            RawQuiz::One(one) => match &**one {
                RawItem::Written(value) => self.list(value, loc),
                read => self.item(read, loc),
            },
        }
    }

    fn item(&mut self, item: &RawItem, loc: &Loc) {
        match item {
            RawItem::Read(raw) => self.valid(raw, loc),
            RawItem::Written(value) => self.question(value, loc),
        }
    }

    /// Validates a question read without mistakes and keeps it if valid.
    fn valid(&mut self, raw: &RawQuestion, loc: &Loc) {
        if let Some(q) = self.validate(raw, loc) {
            self.questions.push(q);
        }
    }

    /// Raw question, with unknown keys and type errors reported; `None` if
    /// there were any: what the misspelt or mistyped key meant is unknown,
    /// so validating the rest would mostly report consequences of it.
    fn read(&mut self, mut map: Mapping, loc: &Loc) -> Option<RawQuestion> {
        let unknown = raw::take_unknown_keys(&mut map);
        let clean = unknown.is_empty();
        for u in unknown {
            let message = if u.path.contains('.') {
                format!("unknown key `{}` in a choice", u.key)
            } else {
                format!("unknown key `{}` in a question", u.key)
            };
            self.error(loc.at(&u.path), message, unknown_key_hint(&u.key, u.known));
        }
        match raw::read_question(map) {
            Ok(raw) => clean.then_some(raw),
            Err(errors) => {
                for e in errors {
                    let message = if e.key.is_empty() {
                        format!("invalid question: {}", e.message)
                    } else {
                        format!("invalid value for `{}`: {}", e.key, e.message)
                    };
                    self.error(
                        loc.at(&e.path),
                        message,
                        "see the quiz schema in DESIGN.md §4",
                    );
                }
                None
            }
        }
    }

    fn validate(&mut self, raw: &RawQuestion, loc: &Loc) -> Option<Question> {
        let stem = self.stem(raw, loc);
        let id = self.id(raw, loc, stem.as_deref());
        let kind = self.kind(raw, loc);
        let related = self.related(raw, loc);
        let (stem, kind, id) = (stem?, kind?, id?);
        let explanation = trimmed_text(&raw.explanation);
        let area = trimmed_text(&raw.area).or_else(|| self.input.syllabus.first().cloned());
        let q = Question {
            id,
            stem,
            kind,
            explanation,
            related,
            area,
            block: loc.block,
            item: loc.item,
        };
        self.warnings(&q, loc);
        Some(q)
    }

    fn stem(&mut self, raw: &RawQuestion, loc: &Loc) -> Option<String> {
        let stem = trimmed(raw.question.as_ref().map(|t| t.0.clone()));
        if stem.is_none() {
            let pos = if raw.question.is_some() {
                loc.at("question")
            } else {
                loc.at("")
            };
            self.error(pos, "question has no text", "add `question: …` (Markdown)");
        }
        stem
    }

    fn id(&mut self, raw: &RawQuestion, loc: &Loc, stem: Option<&str>) -> Option<String> {
        let Some(written) = &raw.id else {
            return Some(default_id(self.input.slug, stem.unwrap_or_default()));
        };
        let id = written.0.trim().to_string();
        match id_problem(&id) {
            None => Some(id),
            Some(why) => {
                let hint = "use letters, digits, `-` or `_`, e.g. `open-weights-1`; or leave `id` out for a default";
                self.error(loc.at("id"), format!("question id `{id}` {why}"), hint);
                None
            }
        }
    }

    fn related(&mut self, raw: &RawQuestion, loc: &Loc) -> Vec<Named> {
        let names = raw
            .related
            .as_ref()
            .map(|l| l.0.clone())
            .unwrap_or_default();
        let mut out = Vec::new();
        for (index, name) in names.into_iter().enumerate() {
            match trimmed(Some(name)) {
                Some(name) => out.push(Named { name, index }),
                None => self.error(
                    loc.at(&format!("related.{index}")),
                    "empty entry in `related`",
                    "remove it, or name a note by title, slug or alias",
                ),
            }
        }
        out
    }

    fn kind(&mut self, raw: &RawQuestion, loc: &Loc) -> Option<Kind> {
        let drafts = self.choices(raw, loc);
        let declared = self.declared_type(raw, loc)?;
        let ty = declared.unwrap_or_else(|| infer_type(raw, &drafts));
        match ty {
            QuestionType::Single | QuestionType::Multiple => {
                self.misplaced(raw, loc, ty, &["accept", "model_answer", "points"]);
                self.choice_kind(ty, declared.is_some(), drafts?, raw.answer.clone(), loc)
            }
            QuestionType::Text => {
                self.misplaced(
                    raw,
                    loc,
                    ty,
                    &["choices", "answer", "model_answer", "points"],
                );
                self.text_kind(raw, loc)
            }
            QuestionType::Written => {
                self.misplaced(raw, loc, ty, &["choices", "answer", "accept"]);
                self.written_kind(raw, loc)
            }
        }
    }

    /// `Ok(None)` when `type` is not written; `None` after an error.
    fn declared_type(&mut self, raw: &RawQuestion, loc: &Loc) -> Option<Option<QuestionType>> {
        let Some(name) = &raw.kind else {
            return Some(None);
        };
        let name = name.0.trim();
        if let Some(ty) = QuestionType::from_name(name) {
            return Some(Some(ty));
        }
        let hint = match crate::diagnostics::did_you_mean(name, QuestionType::NAMES) {
            Some(t) => format!("did you mean `{t}`?"),
            None => format!("use one of: {}", QuestionType::NAMES.join(", ")),
        };
        self.error(
            loc.at("type"),
            format!("unknown question type `{name}`"),
            hint,
        );
        None
    }

    /// Keys a type does not use are mistakes, not silently ignored data.
    fn misplaced(&mut self, raw: &RawQuestion, loc: &Loc, ty: QuestionType, keys: &[&str]) {
        for &key in keys {
            let written = match key {
                "choices" => raw.choices.is_some(),
                "answer" => raw.answer.is_some(),
                "accept" => raw.accept.is_some(),
                "model_answer" => raw.model_answer.is_some(),
                "points" => raw.points.is_some(),
                _ => false,
            };
            if written {
                let owner = match key {
                    "choices" | "answer" => "`single` and `multiple`",
                    "accept" => "`text`",
                    _ => "`written`",
                };
                let message = format!("`{key}` is not used by `{}` questions", ty.as_str());
                self.error(
                    loc.at(key),
                    message,
                    format!("`{key}` belongs to {owner} questions; remove it or change `type`"),
                );
            }
        }
    }

    /// The written choices, with empty and duplicate ones reported;
    /// `None` if there were such mistakes.
    fn choices(&mut self, raw: &RawQuestion, loc: &Loc) -> Option<Vec<Draft>> {
        let written = raw.choices.as_deref().unwrap_or_default();
        let mut drafts: Vec<Draft> = Vec::with_capacity(written.len());
        let mut seen: Vec<String> = Vec::with_capacity(written.len());
        let mut ok = true;
        for (i, c) in written.iter().enumerate() {
            let text = c.text();
            let key = fold(&text);
            let at = || loc.at(&format!("choices.{i}"));
            if text.is_empty() {
                self.error(
                    at(),
                    format!("choice {} has no text", i + 1),
                    "write the choice text, or remove the empty item",
                );
                ok = false;
            } else if let Some(first) = seen.iter().position(|s| *s == key) {
                let message = format!("duplicate choice `{text}` (same as choice {})", first + 1);
                self.error(
                    at(),
                    message,
                    "every choice must differ; remove or reword one",
                );
                ok = false;
            }
            seen.push(key);
            drafts.push(Draft {
                text,
                correct: c.correct(),
                explain: c.explain(),
            });
        }
        ok.then_some(drafts)
    }

    fn choice_kind(
        &mut self,
        ty: QuestionType,
        declared: bool,
        drafts: Vec<Draft>,
        answer: Option<Answer>,
        loc: &Loc,
    ) -> Option<Kind> {
        if drafts.len() < 2 {
            let message = format!(
                "a `{}` question needs at least 2 choices, found {}",
                ty.as_str(),
                drafts.len()
            );
            let hint =
                "add `choices:` with the options, and `answer:` with the number of the correct one";
            self.error(loc.at("choices"), message, hint);
            return None;
        }
        let has_answer = answer.is_some();
        let correct = self.correct_set(&drafts, answer, loc)?;
        let where_answer = || loc.at(if has_answer { "answer" } else { "choices" });
        let choices = drafts
            .into_iter()
            .map(|d| Choice {
                text: d.text,
                explain: d.explain,
            })
            .collect();
        match ty {
            QuestionType::Single if correct.len() == 1 => Some(Kind::Single {
                choices,
                answer: correct[0],
            }),
            QuestionType::Single => {
                let message = format!(
                    "a `single` question needs exactly one correct choice, found {}",
                    correct.len()
                );
                let pos = if correct.len() > 1 && !has_answer {
                    loc.at(&format!("choices.{}.correct", correct[1]))
                } else {
                    where_answer()
                };
                self.error(
                    pos,
                    message,
                    "mark one choice correct, or use `type: multiple` for several",
                );
                None
            }
            QuestionType::Multiple if !correct.is_empty() => Some(Kind::Multiple {
                choices,
                answer: correct,
            }),
            _ => {
                let message = if declared {
                    "a `multiple` question needs at least one correct choice".to_string()
                } else {
                    "no correct choice".to_string()
                };
                self.error(
                    where_answer(),
                    message,
                    "add `answer: N` (1-based), or `correct: true` on the right choices",
                );
                None
            }
        }
    }

    /// 0-based correct choices from `answer:` or from `correct:` flags
    /// (never both).
    fn correct_set(
        &mut self,
        drafts: &[Draft],
        answer: Option<Answer>,
        loc: &Loc,
    ) -> Option<Vec<usize>> {
        let Some(Answer(numbers)) = answer else {
            return Some(
                drafts
                    .iter()
                    .enumerate()
                    .filter(|(_, d)| d.correct == Some(true))
                    .map(|(i, _)| i)
                    .collect(),
            );
        };
        if drafts.iter().any(|d| d.correct.is_some()) {
            let hint =
                "use either `answer:` with plain choices, or `correct: true` on choices, not both";
            self.error(
                loc.at("answer"),
                "both `answer` and `correct:` flags mark the correct choices",
                hint,
            );
            return None;
        }
        if numbers.is_empty() {
            self.error(
                loc.at("answer"),
                "`answer` lists no choice",
                "e.g. `answer: 2` or `answer: [1, 3]`",
            );
            return None;
        }
        let mut out = Vec::with_capacity(numbers.len());
        let mut ok = true;
        for (j, &n) in numbers.iter().enumerate() {
            let at = || loc.at(&format!("answer.{j}"));
            match usize::try_from(n)
                .ok()
                .filter(|&n| (1..=drafts.len()).contains(&n))
            {
                Some(n) if out.contains(&(n - 1)) => {
                    self.error(
                        at(),
                        format!("answer {n} is listed twice"),
                        "list each correct choice once",
                    );
                    ok = false;
                }
                Some(n) => out.push(n - 1),
                None => {
                    let message = format!(
                        "answer {n} is out of range: there are {} choices",
                        drafts.len()
                    );
                    self.error(
                        at(),
                        message,
                        "answers count choices from 1, as exams number them",
                    );
                    ok = false;
                }
            }
        }
        out.sort_unstable();
        ok.then_some(out)
    }

    fn text_kind(&mut self, raw: &RawQuestion, loc: &Loc) -> Option<Kind> {
        let Some(list) = &raw.accept else {
            let hint = "add `accept: [LoRA, Low-Rank Adaptation]`: the answers counted as correct";
            self.error(loc.at("type"), "a `text` question needs `accept`", hint);
            return None;
        };
        let accept = self.entries(&list.0, "accept", loc)?;
        if accept.is_empty() {
            self.error(
                loc.at("accept"),
                "`accept` lists no answer",
                "e.g. `accept: [LoRA, Low-Rank Adaptation]`",
            );
            return None;
        }
        Some(Kind::Text { accept })
    }

    fn written_kind(&mut self, raw: &RawQuestion, loc: &Loc) -> Option<Kind> {
        let model_answer = trimmed(raw.model_answer.as_ref().map(|t| t.0.clone()));
        let points = raw.points.as_ref().map(|l| l.0.clone()).unwrap_or_default();
        let points = self.entries(&points, "points", loc);
        let Some(model_answer) = model_answer else {
            let hint =
                "add `model_answer: …` (Markdown), and optionally `points:` to self-check against";
            let pos = if raw.model_answer.is_some() {
                loc.at("model_answer")
            } else {
                loc.at("type")
            };
            self.error(pos, "a `written` question needs `model_answer`", hint);
            return None;
        };
        Some(Kind::Written {
            model_answer,
            points: points?,
        })
    }

    /// Trimmed list entries; empty ones are errors.
    fn entries(&mut self, items: &[String], key: &str, loc: &Loc) -> Option<Vec<String>> {
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            match trimmed(Some(item.clone())) {
                Some(t) => out.push(t),
                None => {
                    self.error(
                        loc.at(&format!("{key}.{i}")),
                        format!("empty entry in `{key}`"),
                        "remove it",
                    );
                    ok = false;
                }
            }
        }
        ok.then_some(out)
    }

    fn warnings(&mut self, q: &Question, loc: &Loc) {
        let expected = self.input.config.choices;
        let n = q.kind.choices().len();
        if n > 0 && expected > 0 && n != expected {
            let message = format!("{n} choices, but site.yaml `quiz.choices` expects {expected}");
            self.warning(
                loc.at("choices"),
                message,
                "add or remove choices, or change `quiz.choices` in site.yaml",
            );
        }
        if q.explanation.is_none() && !matches!(q.kind, Kind::Written { .. }) {
            self.warning(
                loc.at(""),
                "question has no `explanation`",
                "add `explanation: …`: learners read it after answering",
            );
        }
    }
}

/// `single` with exactly one correct choice, `multiple` otherwise; without
/// choices, `text` when `accept` is written and `written` when
/// `model_answer` is.
fn infer_type(raw: &RawQuestion, drafts: &Option<Vec<Draft>>) -> QuestionType {
    if raw.choices.is_none() {
        if raw.accept.is_some() {
            return QuestionType::Text;
        }
        if raw.model_answer.is_some() {
            return QuestionType::Written;
        }
    }
    let correct = match &raw.answer {
        Some(Answer(n)) => n.len(),
        None => drafts
            .iter()
            .flatten()
            .filter(|d| d.correct == Some(true))
            .count(),
    };
    if correct == 1 {
        QuestionType::Single
    } else {
        QuestionType::Multiple
    }
}

/// A text field trimmed, `None` if missing or blank.
fn trimmed_text(t: &Option<Text>) -> Option<String> {
    let t = t.as_ref()?.0.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn trimmed(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// Choice text compared for duplicates: NFKC, lowercase, whitespace collapsed.
fn fold(s: &str) -> String {
    let nfkc = nfkc(s);
    let lower = if nfkc.chars().all(is_nfkc_inert) {
        nfkc.to_ascii_lowercase()
    } else {
        nfkc.to_lowercase()
    };
    lower.split_whitespace().collect::<Vec<_>>().join(" ")
}

//! Exam-style questions for a note, and their YAML in every form manabi
//! reads: the front-matter `quiz:` list and ```` ```quiz ```` blocks (one
//! question or a list), choices as maps (`text`, `correct`, `explain`) or
//! as plain strings with `answer:`.

use std::fmt::Write as _;

use super::body::{fill, join, sentence};
use super::rng::Rng;
use super::vocab::{AREAS, KEYWORDS, MATH_DISPLAY, MATH_INLINE};
use super::yaml::{field, flow_list, flow_scalar, scalar};

pub struct Choice {
    pub text: String,
    pub correct: bool,
    pub explain: Option<String>,
}

pub enum Kind {
    Choices {
        choices: Vec<Choice>,
        multiple: bool,
    },
    Text {
        accept: Vec<String>,
    },
    Written {
        model_answer: String,
        points: Vec<String>,
    },
}

/// How the choices are written.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Maps with `text` / `correct` / `explain`.
    Rich,
    /// Plain strings plus `answer:`.
    Compact,
}

pub struct Question {
    pub id: Option<String>,
    /// Write `type:` (it is inferred otherwise).
    pub write_type: bool,
    pub question: String,
    pub kind: Kind,
    pub form: Form,
    pub explanation: Option<String>,
    pub related: Vec<String>,
    pub area: Option<String>,
    /// In a ```quiz block in the body rather than the front-matter.
    pub inline: bool,
}

impl Question {
    pub fn type_name(&self) -> &'static str {
        match &self.kind {
            Kind::Choices {
                multiple: false, ..
            } => "single",
            Kind::Choices { multiple: true, .. } => "multiple",
            Kind::Text { .. } => "text",
            Kind::Written { .. } => "written",
        }
    }

    pub fn negative(&self) -> bool {
        self.question.contains("不適切")
    }
}

/// What a question generator may use about its note.
pub struct QuizInput<'a> {
    pub title: &'a str,
    pub keyword: usize,
    /// ASCII slug of the note (explicit ids are `<ascii>-<n>`).
    pub ascii: &'a str,
    /// The note's syllabus area (index in `AREAS`).
    pub area: usize,
    /// Names of other notes for `related:` (title, slug or alias).
    pub related_names: &'a [String],
    /// The note's own name, sometimes listed in `related` too.
    pub own_name: &'a str,
    /// `[[…]]` links to other notes, for explanations.
    pub wikilinks: &'a [String],
}

const TRUE_STATEMENTS: &[&str] = &[
    "{k}は、{o}と組み合わせて使われることがある。",
    "{k}の効果は、ハイパーパラメータの設定に依存する。",
    "{k}を用いる場合でも、検証データで性能を確認する必要がある。",
    "{k}は、計算コストと精度のトレードオフに関わる。",
    "{k}の適用範囲は、データの性質によって変わる。",
    "{k}は、{o}とは目的が異なる概念である。",
    "{k}の考え方は、大規模言語モデルの学習にも応用されている。",
];

const FALSE_STATEMENTS: &[&str] = &[
    "{k}を使えば、学習データの量に関係なく必ず精度が向上する。",
    "{k}は、{o}とまったく同じ意味で使われる。",
    "{k}は、ハイパーパラメータを一切必要としない。",
    "{k}は、画像データにしか適用できない。",
    "{k}を導入すると、推論時の計算量は必ずゼロになる。",
    "{k}は、{n}0年以上前に使われなくなった古い手法である。",
    "{k}は、検証データを使わずに汎化性能を保証する手法である。",
];

const RIGHT_EXPLAINS: &[&str] = &[
    "正解です。",
    "適切な記述です。",
    "正しい記述です。試験でもこの形で問われます。",
];
const WRONG_EXPLAINS: &[&str] = &[
    "誤りです。",
    "誤りを含む記述です。",
    "誤りです。{o}の説明と混同しないようにしましょう。",
    "誤りです。「必ず」「一切」のような断定に注意します。",
];

/// Names of the display formulas, for "what does this formula denote".
const FORMULA_NAMES: &[&str] = &[
    "softmax 関数",
    "交差エントロピー損失",
    "Scaled Dot-Product Attention",
    "最尤推定",
    "パープレキシティ",
    "拡散モデルの前向き過程",
];

const WRITTEN_ASPECTS: &[&str] = &[
    "目的と仕組み",
    "利点と限界",
    "実務での注意点",
    "試験で問われやすい論点",
    "具体的な活用例",
];

/// The stem templates of choice questions; each note uses a template once.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Stem {
    Statements,
    Negative,
    Related,
    Translation,
    Formula,
    Purpose,
    AllTrue,
    AllFalse,
}

/// 1–4 questions (2.75 on average), most in the front-matter.
pub fn questions(input: &QuizInput, rng: &mut Rng) -> Vec<Question> {
    let n = [1, 2, 2, 3, 3, 3, 4, 4][rng.below(8)];
    let mut used: Vec<Stem> = Vec::new();
    let mut out: Vec<Question> = Vec::with_capacity(n);
    for k in 0..n {
        let mut q = match rng.below(100) {
            0..=64 => single(input, &mut used, rng),
            65..=79 => multiple(input, &mut used, rng),
            80..=91 => text(input, rng),
            _ => written(input, rng),
        };
        // Question texts must differ within a note (the default id hashes
        // the text).
        if out.iter().any(|o| o.question == q.question) {
            q.question = format!("{}（問{}）", q.question, k + 1);
        }
        if rng.chance(3, 10) {
            q.id = Some(format!("{}-{}", input.ascii, k + 1));
        }
        if rng.chance(1, 5) {
            q.area = Some(if rng.chance(7, 10) {
                AREAS[input.area].to_string()
            } else {
                AREAS[rng.below(AREAS.len())].to_string()
            });
        }
        if rng.chance(1, 5) && !input.related_names.is_empty() {
            let mut related = Vec::new();
            if rng.chance(3, 10) {
                related.push(input.own_name.to_string());
            }
            let k = rng.range(1, 2);
            for i in rng.distinct(input.related_names.len(), k) {
                related.push(input.related_names[i].clone());
            }
            q.related = related;
        }
        q.inline = rng.chance(28, 100);
        out.push(q);
    }
    out
}

fn pick_stem(used: &mut Vec<Stem>, options: &[Stem], rng: &mut Rng) -> Stem {
    let free: Vec<Stem> = options
        .iter()
        .copied()
        .filter(|s| !used.contains(s))
        .collect();
    let s = if free.is_empty() {
        *rng.pick(options)
    } else {
        *rng.pick(&free)
    };
    used.push(s);
    s
}

fn base(question: String, kind: Kind, rng: &mut Rng) -> Question {
    let form = if rng.chance(55, 100) {
        Form::Rich
    } else {
        Form::Compact
    };
    Question {
        id: None,
        write_type: rng.chance(3, 5),
        question,
        kind,
        form,
        explanation: None,
        related: Vec::new(),
        area: None,
        inline: false,
    }
}

/// How many choices: 4 (site.yaml's `quiz.choices`), rarely 3 or 5.
fn choice_count(rng: &mut Rng) -> usize {
    match rng.below(1000) {
        0 => 3,
        1 => 5,
        _ => 4,
    }
}

fn explanation(input: &QuizInput, kw: &str, rng: &mut Rng) -> Option<String> {
    if rng.chance(1, 400) {
        return None; // a warning in manabi, as in real notes
    }
    let mut e = sentence(kw, rng);
    if rng.chance(1, 3) {
        let s = sentence(kw, rng);
        join(&mut e, &s);
    }
    if rng.chance(1, 10) {
        let f = rng.pick(MATH_INLINE);
        join(&mut e, &format!("式では ${f}$ と書ける。"));
    }
    if !input.wikilinks.is_empty() && rng.chance(3, 10) {
        let w = rng.pick(input.wikilinks);
        join(&mut e, &format!("詳しくは {w} を参照。"));
    }
    if rng.chance(1, 5) {
        e = format!("**ポイント**: {e}\n\n{}", sentence(kw, rng));
    }
    Some(e)
}

/// `k` statements, the first `right` from `first` and the rest from
/// `second`, distinct templates each.
fn statements(
    kw: &str,
    first: &[&str],
    right: usize,
    second: &[&str],
    k: usize,
    rng: &mut Rng,
) -> Vec<String> {
    let mut out = Vec::with_capacity(k);
    for i in rng.distinct(first.len(), right) {
        out.push(fill(first[i], kw, rng));
    }
    for i in rng.distinct(second.len(), k - right) {
        out.push(fill(second[i], kw, rng));
    }
    out
}

/// Choices from texts whose first `n_correct` are the correct ones,
/// shuffled, with per-choice feedback in most rich questions.
fn choices(texts: Vec<String>, n_correct: usize, kw: &str, rng: &mut Rng) -> Vec<Choice> {
    let explains = rng.below(10); // 0..6: all, 6..8: some, 8..10: none
    let order = rng.distinct(texts.len(), texts.len());
    order
        .into_iter()
        .map(|i| {
            let correct = i < n_correct;
            let explain = match explains {
                0..=5 => true,
                6..=7 => rng.chance(1, 2),
                _ => false,
            }
            .then(|| {
                let t = if correct {
                    rng.pick(RIGHT_EXPLAINS)
                } else {
                    rng.pick(WRONG_EXPLAINS)
                };
                fill(t, kw, rng)
            });
            Choice {
                text: texts[i].clone(),
                correct,
                explain,
            }
        })
        .collect()
}

/// Other keyword names, distinct and different from `not`.
fn other_keywords(not: usize, k: usize, rng: &mut Rng) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(k);
    while out.len() < k {
        let i = rng.below(KEYWORDS.len());
        let name = KEYWORDS[i].name.to_string();
        if i != not && !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

fn single(input: &QuizInput, used: &mut Vec<Stem>, rng: &mut Rng) -> Question {
    let k = &KEYWORDS[input.keyword];
    let kw = k.name;
    let title = input.title;
    let n = choice_count(rng);
    let mut options = vec![
        Stem::Statements,
        Stem::Negative,
        Stem::Related,
        Stem::Purpose,
        Stem::Formula,
    ];
    if !k.other.is_empty() {
        options.push(Stem::Translation);
    }
    let stem = pick_stem(used, &options, rng);
    let (question, texts) = match stem {
        Stem::Negative => (
            format!("{title}に関する説明として、最も不適切なものを1つ選べ。"),
            statements(kw, FALSE_STATEMENTS, 1, TRUE_STATEMENTS, n, rng),
        ),
        Stem::Related => (
            format!("次のうち、{title}と最も関係の深い用語を1つ選べ。"),
            other_keywords(input.keyword, n, rng),
        ),
        Stem::Translation => {
            let mut t = vec![kw.to_string()];
            t.extend(other_keywords(input.keyword, n - 1, rng));
            (
                format!(
                    "「{}」に対応する用語として、最も適切なものを1つ選べ。",
                    k.other
                ),
                t,
            )
        }
        Stem::Formula => {
            let f = rng.below(MATH_DISPLAY.len());
            let mut t = vec![FORMULA_NAMES[f].to_string()];
            for i in rng.distinct(FORMULA_NAMES.len(), FORMULA_NAMES.len()) {
                if i != f && t.len() < n.min(FORMULA_NAMES.len()) {
                    t.push(FORMULA_NAMES[i].to_string());
                }
            }
            (
                format!(
                    "{title}の学習で扱う次の式が表すものとして、最も適切なものを1つ選べ。\n\n$$\n{}\n$$",
                    MATH_DISPLAY[f]
                ),
                t,
            )
        }
        Stem::Purpose => (
            format!("{kw}を導入する主な目的や性質として、最も適切なものを1つ選べ。"),
            statements(kw, TRUE_STATEMENTS, 1, FALSE_STATEMENTS, n, rng),
        ),
        _ => (
            format!("{title}に関する説明として、最も適切なものを1つ選べ。"),
            statements(kw, TRUE_STATEMENTS, 1, FALSE_STATEMENTS, n, rng),
        ),
    };
    let choices = choices(texts, 1, kw, rng);
    let mut q = base(
        question,
        Kind::Choices {
            choices,
            multiple: false,
        },
        rng,
    );
    q.explanation = explanation(input, kw, rng);
    q
}

fn multiple(input: &QuizInput, used: &mut Vec<Stem>, rng: &mut Rng) -> Question {
    let kw = KEYWORDS[input.keyword].name;
    let title = input.title;
    let n = choice_count(rng);
    let right = rng.range(2, (n - 1).min(3));
    let stem = pick_stem(used, &[Stem::AllTrue, Stem::AllTrue, Stem::AllFalse], rng);
    let (question, texts) = if stem == Stem::AllFalse {
        (
            format!("{title}に関する説明として、不適切なものをすべて選べ。"),
            statements(kw, FALSE_STATEMENTS, right, TRUE_STATEMENTS, n, rng),
        )
    } else {
        (
            format!("{title}に関する説明として、適切なものをすべて選べ。"),
            statements(kw, TRUE_STATEMENTS, right, FALSE_STATEMENTS, n, rng),
        )
    };
    let choices = choices(texts, right, kw, rng);
    let mut q = base(
        question,
        Kind::Choices {
            choices,
            multiple: true,
        },
        rng,
    );
    q.explanation = explanation(input, kw, rng);
    q
}

fn text(input: &QuizInput, rng: &mut Rng) -> Question {
    let k = &KEYWORDS[input.keyword];
    let (question, accept) = if k.other.is_empty() {
        (
            format!("「{}」と読む用語を答えよ。", k.reading),
            vec![k.name.to_string()],
        )
    } else if k.name.is_ascii() {
        (
            format!("「{}」を英語で何というか。", k.other),
            if k.slug.replace('-', " ") == k.name.to_ascii_lowercase() {
                vec![k.name.to_string()]
            } else {
                vec![k.name.to_string(), k.slug.to_string()]
            },
        )
    } else {
        (
            format!("「{}」の日本語訳として一般的な用語を答えよ。", k.other),
            vec![k.name.to_string(), k.reading.to_string()],
        )
    };
    let mut q = base(question, Kind::Text { accept }, rng);
    q.explanation = explanation(input, k.name, rng);
    q
}

fn written(input: &QuizInput, rng: &mut Rng) -> Question {
    let kw = KEYWORDS[input.keyword].name;
    let aspect = rng.pick(WRITTEN_ASPECTS);
    let chars = rng.range(1, 4) * 100;
    let question = format!(
        "{}について、{aspect}の観点から{chars}字程度で説明せよ。",
        input.title
    );
    let mut model_answer = sentence(kw, rng);
    let s = sentence(kw, rng);
    join(&mut model_answer, &s);
    if rng.chance(1, 2) {
        model_answer.push_str("\n\n");
        model_answer.push_str(&sentence(kw, rng));
    }
    let points = (0..rng.range(2, 4))
        .map(|i| match i {
            0 => format!("{kw}の{aspect}を正しく説明している"),
            1 => format!("{}との違いに触れている", KEYWORDS[rng.below(60)].name),
            2 => "具体例を1つ以上挙げている".to_string(),
            _ => "限界や注意点にも触れている".to_string(),
        })
        .collect();
    let mut q = base(
        question,
        Kind::Written {
            model_answer,
            points,
        },
        rng,
    );
    if rng.chance(1, 2) {
        q.explanation = explanation(input, kw, rng);
    }
    q
}

// ---------------------------------------------------------------------------
// YAML

/// One question's YAML. `first` starts the first line (`- ` in a list),
/// `indent` every other one.
pub fn write_question(out: &mut String, q: &Question, first: &str, indent: &str) {
    let mut lines = String::new();
    if let Some(id) = &q.id {
        field(&mut lines, indent, "id", id);
    }
    if q.write_type {
        field(&mut lines, indent, "type", q.type_name());
    }
    if let Some(a) = &q.area {
        field(&mut lines, indent, "area", a);
    }
    field(&mut lines, indent, "question", &q.question);
    match &q.kind {
        Kind::Choices { choices, multiple } => {
            write_choices(&mut lines, choices, *multiple, q.form, indent)
        }
        Kind::Text { accept } => {
            let _ = writeln!(lines, "{indent}accept: {}", flow_list(accept));
        }
        Kind::Written {
            model_answer,
            points,
        } => {
            field(&mut lines, indent, "model_answer", model_answer);
            let _ = writeln!(lines, "{indent}points:");
            for p in points {
                let _ = writeln!(lines, "{indent}  - {}", scalar(p));
            }
        }
    }
    if let Some(e) = &q.explanation {
        field(&mut lines, indent, "explanation", e);
    }
    if !q.related.is_empty() {
        let _ = writeln!(lines, "{indent}related: {}", flow_list(&q.related));
    }
    // The first line gets the list marker instead of the indent.
    out.push_str(first);
    out.push_str(&lines[indent.len()..]);
}

fn write_choices(out: &mut String, choices: &[Choice], multiple: bool, form: Form, indent: &str) {
    match form {
        Form::Compact => {
            let texts: Vec<String> = choices.iter().map(|c| c.text.clone()).collect();
            let flow = flow_list(&texts);
            if flow.chars().count() <= 60 {
                let _ = writeln!(out, "{indent}choices: {flow}");
            } else {
                let _ = writeln!(out, "{indent}choices:");
                for t in &texts {
                    let _ = writeln!(out, "{indent}  - {}", scalar(t));
                }
            }
            let answers: Vec<String> = choices
                .iter()
                .enumerate()
                .filter(|(_, c)| c.correct)
                .map(|(i, _)| (i + 1).to_string())
                .collect();
            if multiple || answers.len() > 1 {
                let _ = writeln!(out, "{indent}answer: [{}]", answers.join(", "));
            } else {
                let _ = writeln!(out, "{indent}answer: {}", answers[0]);
            }
        }
        Form::Rich => {
            let _ = writeln!(out, "{indent}choices:");
            for c in choices {
                match &c.explain {
                    None => {
                        let correct = if c.correct { ", correct: true" } else { "" };
                        let _ = writeln!(
                            out,
                            "{indent}  - {{ text: {}{correct} }}",
                            flow_scalar(&c.text)
                        );
                    }
                    Some(e) => {
                        let _ = writeln!(out, "{indent}  - text: {}", scalar(&c.text));
                        if c.correct {
                            let _ = writeln!(out, "{indent}    correct: true");
                        }
                        let _ = writeln!(out, "{indent}    explain: {}", scalar(e));
                    }
                }
            }
        }
    }
}

/// The front-matter `quiz:` list (empty when every question is inline).
pub fn front_matter(questions: &[Question]) -> String {
    let mut out = String::new();
    let fm: Vec<&Question> = questions.iter().filter(|q| !q.inline).collect();
    if fm.is_empty() {
        return out;
    }
    out.push_str("quiz:\n");
    for q in fm {
        write_question(&mut out, q, "  - ", "    ");
    }
    out
}

/// The ```quiz blocks of the inline questions: consecutive ones share a
/// block (as a list) now and then. Returns the blocks and how many hold a
/// list.
pub fn fences(questions: &[Question], rng: &mut Rng) -> (Vec<String>, usize) {
    let inline: Vec<&Question> = questions.iter().filter(|q| q.inline).collect();
    let mut blocks = Vec::new();
    let mut lists = 0;
    let mut i = 0;
    while i < inline.len() {
        let mut s = String::from("```quiz\n");
        if i + 1 < inline.len() && rng.chance(2, 5) {
            write_question(&mut s, inline[i], "- ", "  ");
            write_question(&mut s, inline[i + 1], "- ", "  ");
            lists += 1;
            i += 2;
        } else if rng.chance(1, 10) {
            // A list of one.
            write_question(&mut s, inline[i], "- ", "  ");
            lists += 1;
            i += 1;
        } else {
            write_question(&mut s, inline[i], "", "");
            i += 1;
        }
        s.push_str("```");
        blocks.push(s);
    }
    (blocks, lists)
}

//! The validated quiz model: a [`Question`] whose [`Kind`] carries exactly
//! what its type needs. Text fields hold Markdown source; the `site` stage
//! renders them into [`QuestionHtml`].

/// The four question types of DESIGN §4, as written in `type:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QuestionType {
    Single,
    Multiple,
    Text,
    Written,
}

impl QuestionType {
    /// Every type name, for hints.
    pub const NAMES: &'static [&'static str] = &["single", "multiple", "text", "written"];

    /// The type named `name` (exact, lowercase).
    pub fn from_name(name: &str) -> Option<QuestionType> {
        match name {
            "single" => Some(QuestionType::Single),
            "multiple" => Some(QuestionType::Multiple),
            "text" => Some(QuestionType::Text),
            "written" => Some(QuestionType::Written),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            QuestionType::Single => "single",
            QuestionType::Multiple => "multiple",
            QuestionType::Text => "text",
            QuestionType::Written => "written",
        }
    }
}

/// One answer option of a `single` or `multiple` question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// Markdown.
    pub text: String,
    /// Per-choice feedback (Markdown).
    pub explain: Option<String>,
}

/// What kind of question it is, with the data that kind needs. Answer
/// indexes are 0-based here; views and exports show them 1-based.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// Exactly one correct choice.
    Single { choices: Vec<Choice>, answer: usize },
    /// One or more correct choices (sorted, distinct).
    Multiple {
        choices: Vec<Choice>,
        answer: Vec<usize>,
    },
    /// Answered by typing one of `accept`.
    Text { accept: Vec<String> },
    /// 記述式: a self-check against a model answer and rubric points.
    Written {
        model_answer: String,
        points: Vec<String>,
    },
}

impl Kind {
    pub fn question_type(&self) -> QuestionType {
        match self {
            Kind::Single { .. } => QuestionType::Single,
            Kind::Multiple { .. } => QuestionType::Multiple,
            Kind::Text { .. } => QuestionType::Text,
            Kind::Written { .. } => QuestionType::Written,
        }
    }

    /// The choices (empty for `text` and `written`).
    pub fn choices(&self) -> &[Choice] {
        match self {
            Kind::Single { choices, .. } | Kind::Multiple { choices, .. } => choices,
            Kind::Text { .. } | Kind::Written { .. } => &[],
        }
    }

    /// 0-based indexes of the correct choices, ascending.
    pub fn answer(&self) -> Vec<usize> {
        match self {
            Kind::Single { answer, .. } => vec![*answer],
            Kind::Multiple { answer, .. } => answer.clone(),
            Kind::Text { .. } | Kind::Written { .. } => Vec::new(),
        }
    }

    pub fn is_correct(&self, choice: usize) -> bool {
        match self {
            Kind::Single { answer, .. } => *answer == choice,
            Kind::Multiple { answer, .. } => answer.contains(&choice),
            Kind::Text { .. } | Kind::Written { .. } => false,
        }
    }

    /// Accepted answers of a `text` question (else empty).
    pub fn accept(&self) -> &[String] {
        match self {
            Kind::Text { accept } => accept,
            _ => &[],
        }
    }

    /// Model answer and rubric of a `written` question.
    pub fn model_answer(&self) -> Option<(&str, &[String])> {
        match self {
            Kind::Written {
                model_answer,
                points,
            } => Some((model_answer, points)),
            _ => None,
        }
    }
}

/// A name in `related:` as written, with its index in the list (its
/// position is looked up only if it names no note).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub name: String,
    pub index: usize,
}

/// A validated question of one note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// Stable id: written, or [`super::default_id`].
    pub id: String,
    /// The question text (Markdown).
    pub stem: String,
    pub kind: Kind,
    /// Markdown shown after answering.
    pub explanation: Option<String>,
    /// Notes it tests, as written (resolved by the `site` stage); empty
    /// means its own note.
    pub related: Vec<Named>,
    /// Syllabus area: written, else the first item of the note's syllabus.
    pub area: Option<String>,
    /// The ```quiz block of the body (0-based) that holds it; `None` for
    /// front-matter questions.
    pub block: Option<usize>,
    /// Its item in its block's list; `None` when the block (or `quiz:`) is
    /// one question. With `block`, where its keys are written
    /// ([`super::QuizBlocks`]).
    pub item: Option<usize>,
}

impl Question {
    /// Whether the stem asks for the wrong ones (see [`is_negative`]).
    pub fn negative(&self) -> bool {
        is_negative(&self.stem)
    }
}

/// Whether a stem asks for the incorrect options, so themes can emphasise
/// it: it contains 不適切, 誤っている or 正しくない, the upper-case word
/// `NOT`, or the word `incorrect` in any case. Deliberately simple: exam
/// stems state the polarity in these few words.
pub fn is_negative(stem: &str) -> bool {
    const JAPANESE: &[&str] = &["不適切", "誤っている", "正しくない"];
    if JAPANESE.iter().any(|w| stem.contains(w)) {
        return true;
    }
    stem.split(|c: char| !c.is_ascii_alphabetic())
        .any(|w| w == "NOT" || w.eq_ignore_ascii_case("incorrect"))
}

/// A question's Markdown rendered to HTML (by the `site` stage).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QuestionHtml {
    /// Block HTML (`<p>…</p>`).
    pub stem: String,
    /// Inline HTML of each choice (a lone paragraph is unwrapped).
    pub choices: Vec<String>,
    /// Block HTML of each choice's feedback.
    pub explains: Vec<Option<String>>,
    pub explanation: Option<String>,
    pub model_answer: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negative_stems() {
        assert!(is_negative("最も不適切な選択肢を1つ選べ。"));
        assert!(is_negative("誤っているものを選べ。"));
        assert!(is_negative("Which is NOT an open-weight model?"));
        assert!(is_negative("Choose the incorrect statement."));
        assert!(is_negative("Choose the Incorrect statement."));
        assert!(!is_negative("最も適切な選択肢を1つ選べ。"));
        assert!(!is_negative("Which is not obvious? Nothing."));
        assert!(!is_negative("NOTE: choose the correct one."));
    }

    #[test]
    fn kind_answers_and_choices() {
        let c = |t: &str| Choice {
            text: t.into(),
            explain: None,
        };
        let k = Kind::Multiple {
            choices: vec![c("a"), c("b"), c("c")],
            answer: vec![0, 2],
        };
        assert_eq!(k.answer(), [0, 2]);
        assert!(k.is_correct(2) && !k.is_correct(1));
        assert_eq!(k.question_type().as_str(), "multiple");
        let t = Kind::Text {
            accept: vec!["LoRA".into()],
        };
        assert!(t.choices().is_empty() && t.answer().is_empty());
    }
}

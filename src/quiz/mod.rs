//! Quiz stage: a note's questions — its front-matter `quiz:` list and the
//! ```quiz blocks of its body — read as raw serde types ([`raw`]) and
//! validated into [`Question`]s whose [`Kind`] is a tagged enum. Every
//! mistake becomes a diagnostic at the offending key, with file positions
//! also inside (indented) fences.
//!
//! Pure: parsing takes text and values, never the disk. Resolving
//! `related` names, rendering the Markdown and checking ids across the
//! site belong to the `site` stage (which fills the [`Bank`]); [`view`]
//! shapes the data for templates, [`shards`] writes the bank as the quiz
//! scripts fetch it (`docs/quiz.md`), and [`export`] writes other tools'
//! formats.

mod bank;
mod blocks;
mod clean;
pub mod export;
mod id;
mod model;
mod parse;
mod raw;
pub mod shards;
pub mod view;

pub use bank::{Bank, Entry};
pub use blocks::QuizBlocks;
pub use clean::CleanQuiz;
pub use id::{default_id, id_problem};
pub use model::{is_negative, Choice, Kind, Named, Question, QuestionHtml, QuestionType};
pub use parse::{parse_note_quiz, QuizInput};
pub use raw::{RawItem, RawQuiz};

use crate::diagnostics::LineIndex;
use crate::markdown::QuizFence;
use crate::yaml::Block;

/// The info string that marks a fenced block as questions.
pub const FENCE_INFO: &str = "quiz";

/// A ```quiz block as a YAML [`Block`] at its place in the note file: the
/// content starts on the line after the opening fence and is indented like
/// the fence (pulldown-cmark removed the list item's or blockquote's
/// indentation from the text; positions put it back).
pub fn fence_block<'a>(
    source: &str,
    body_offset: usize,
    lines: &LineIndex,
    fence: &'a QuizFence,
) -> Block<'a> {
    let at = lines.pos(source, body_offset + fence.offset);
    Block {
        text: &fence.text,
        first_line: at.line + 1,
        indent: at.col - 1,
    }
}

/// Whether a fenced code block's info string (`quiz`, `quiz {…}`) marks
/// questions.
pub fn is_quiz_fence(info: &str) -> bool {
    info.split_whitespace().next() == Some(FENCE_INFO)
}

#[cfg(test)]
mod tests;

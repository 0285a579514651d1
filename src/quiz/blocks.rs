//! Where a note's questions are written: its front-matter and its ```quiz
//! blocks. A question keeps only its block and item; the position of one
//! of its keys is looked up when a diagnostic needs it, and a block's keys
//! are indexed on the first such lookup, so notes without mistakes never
//! scan their YAML for positions.

use std::sync::OnceLock;

use super::model::Question;
use crate::diagnostics::Pos;
use crate::yaml::{Block, KeyIndex, LazyKeys};

/// The YAML blocks holding one note's questions.
pub struct QuizBlocks<'a> {
    /// The front-matter's keys (the note's own lazily built index).
    front_matter: Option<LazyKeys<'a>>,
    /// The ```quiz blocks of the body, in order, at their file positions.
    fences: &'a [Block<'a>],
    fence_keys: Vec<OnceLock<KeyIndex>>,
}

impl<'a> QuizBlocks<'a> {
    pub fn new(front_matter: Option<LazyKeys<'a>>, fences: &'a [Block<'a>]) -> Self {
        QuizBlocks {
            front_matter,
            fences,
            fence_keys: fences.iter().map(|_| OnceLock::new()).collect(),
        }
    }

    /// The ```quiz blocks, in body order.
    pub fn fences(&self) -> &'a [Block<'a>] {
        self.fences
    }

    /// The position of key `path` in `block` (`None`: the front-matter),
    /// or of its nearest written ancestor; else the start of the file (in
    /// front-matter) or of the block.
    pub fn pos(&self, block: Option<usize>, path: &str) -> Pos {
        match block {
            None => self
                .front_matter
                .map_or(Pos::START, |keys| keys.pos_or(path, Pos::START)),
            Some(b) => {
                let fence = self.fences[b];
                let start = fence.abs(1, 1);
                if path.is_empty() {
                    return start;
                }
                self.fence_keys[b]
                    .get_or_init(|| KeyIndex::new(fence))
                    .pos_or(path, start)
            }
        }
    }

    /// The position of key `rel` of `q` ("" for the question itself).
    pub fn question_pos(&self, q: &Question, rel: &str) -> Pos {
        self.pos(q.block, &key_path(q.block, q.item, rel))
    }
}

/// The key path of `rel` ("" for the question itself) of the question at
/// `item` of `block`: `quiz.2.choices.1` in the front-matter, `2.choices.1`
/// in a block holding a list, `choices.1` in a block holding one question.
pub fn key_path(block: Option<usize>, item: Option<usize>, rel: &str) -> String {
    let mut path = String::new();
    if block.is_none() {
        path.push_str("quiz");
    }
    let mut part = |p: &str| {
        if !p.is_empty() {
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(p);
        }
    };
    if let Some(i) = item {
        part(&i.to_string());
    }
    part(rel);
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_paths_of_front_matter_and_block_questions() {
        assert_eq!(key_path(None, Some(2), "choices.1"), "quiz.2.choices.1");
        assert_eq!(key_path(None, None, ""), "quiz");
        assert_eq!(key_path(Some(0), Some(3), ""), "3");
        assert_eq!(key_path(Some(0), None, "id"), "id");
        assert_eq!(key_path(Some(1), None, ""), "");
    }
}

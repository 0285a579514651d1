//! Front-matter split: finds the YAML block between the opening `---` line
//! and the closing `---` (or `...`) line by hand. pulldown-cmark's metadata
//! option is never used because it also swallows `---` blocks mid-file.

use crate::diagnostics::Pos;
use crate::yaml::Block;

/// A note's source split into its YAML block (if any) and Markdown body.
#[derive(Debug, Clone, Copy)]
pub struct Split<'a> {
    pub yaml: Option<Block<'a>>,
    pub body: &'a str,
    /// Byte offset of the body in the whole source.
    pub body_offset: usize,
}

/// Why a source could not be split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitError {
    pub pos: Pos,
    pub message: String,
    pub hint: String,
}

/// Splits `source`. A file that does not start with `---` has no
/// front-matter; one that starts with it but never closes it is an error.
pub fn split(source: &str) -> Result<Split<'_>, SplitError> {
    let start = if source.starts_with('\u{feff}') { 3 } else { 0 };
    let mut lines = LineIter::new(source, start);
    let Some((_, first)) = lines.next() else {
        return Ok(no_front_matter(source, start));
    };
    if !is_fence(first, "---") {
        return Ok(no_front_matter(source, start));
    }
    let yaml_start = lines.pos;
    for (line_start, line) in lines.by_ref() {
        if is_fence(line, "---") || is_fence(line, "...") {
            return Ok(Split {
                yaml: Some(Block {
                    text: &source[yaml_start..line_start],
                    first_line: 2,
                    indent: 0,
                }),
                body: &source[lines.pos..],
                body_offset: lines.pos,
            });
        }
    }
    Err(SplitError {
        pos: Pos::START,
        message: "front-matter opened with `---` is never closed".into(),
        hint: "add a line with only `---` after the last front-matter key".into(),
    })
}

fn no_front_matter(source: &str, start: usize) -> Split<'_> {
    Split {
        yaml: None,
        body: &source[start..],
        body_offset: start,
    }
}

fn is_fence(line: &str, fence: &str) -> bool {
    line.trim_end_matches(['\r', ' ', '\t']) == fence
}

/// Lines with their start offsets; `pos` is the offset after the last line
/// returned (past its newline).
struct LineIter<'a> {
    src: &'a str,
    pos: usize,
}

impl<'a> LineIter<'a> {
    fn new(src: &'a str, pos: usize) -> Self {
        LineIter { src, pos }
    }
}

impl<'a> Iterator for LineIter<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        if self.pos >= self.src.len() {
            return None;
        }
        let start = self.pos;
        let rest = &self.src[start..];
        let (line, advance) = match rest.find('\n') {
            Some(i) => (&rest[..i], i + 1),
            None => (rest, rest.len()),
        };
        self.pos += advance;
        Some((start, line))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_yaml_and_body() {
        let s = split("---\ntitle: x\n---\n# Body\n").unwrap();
        assert_eq!(s.yaml.unwrap().text, "title: x\n");
        assert_eq!(s.yaml.unwrap().first_line, 2);
        assert_eq!(s.body, "# Body\n");
        assert_eq!(s.body_offset, 17);
    }

    #[test]
    fn keeps_thematic_breaks_in_body() {
        let s = split("---\ntitle: x\n---\na\n\n---\n\nb\n").unwrap();
        assert_eq!(s.body, "a\n\n---\n\nb\n");
    }

    #[test]
    fn handles_crlf_bom_and_dots() {
        let s = split("\u{feff}---\r\ntitle: x\r\n...\r\nbody").unwrap();
        assert_eq!(s.yaml.unwrap().text, "title: x\r\n");
        assert_eq!(s.body, "body");
    }

    #[test]
    fn no_front_matter_is_all_body() {
        let s = split("# Title\n---\n").unwrap();
        assert!(s.yaml.is_none());
        assert_eq!(s.body_offset, 0);
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let e = split("---\ntitle: x\n").unwrap_err();
        assert_eq!(e.pos, Pos::START);
    }

    #[test]
    fn empty_front_matter_and_empty_file() {
        assert_eq!(split("---\n---\n").unwrap().yaml.unwrap().text, "");
        assert!(split("").unwrap().yaml.is_none());
    }
}

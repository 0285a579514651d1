//! Diagnostics: mistakes in user files, reported as `path:line:col`, the
//! offending line with a caret, and a hint. This module only formats and
//! orders them; the stages that find mistakes create them.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is: errors fail `check`/`build`, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in one user file, with a 1-based line and column (columns
/// count characters, not bytes, so carets line up under Japanese text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: PathBuf,
    pub line: usize,
    pub col: usize,
    pub severity: Severity,
    pub message: String,
    pub hint: Option<String>,
    /// The offending source line, copied so the report needs no file
    /// access; of a long line only [`SNIPPET_CHARS`] around the column,
    /// with `…` where it was cut.
    pub snippet: Option<String>,
    /// The caret's 1-based column in `snippet` (`col` unless the line was
    /// cut; at most [`SNIPPET_CHARS`] + 1, so `u32` keeps the struct small).
    pub snippet_col: u32,
}

/// The most characters of the offending line a report copies: a one-line
/// front-matter of 10 MB shows as a line, not 10 MB per problem.
pub const SNIPPET_CHARS: usize = 160;

impl Diagnostic {
    pub fn error(path: impl Into<PathBuf>, pos: Pos, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, path.into(), pos, message.into())
    }

    pub fn warning(path: impl Into<PathBuf>, pos: Pos, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, path.into(), pos, message.into())
    }

    fn new(severity: Severity, path: PathBuf, pos: Pos, message: String) -> Self {
        Diagnostic {
            path,
            line: pos.line,
            col: pos.col,
            severity,
            message,
            hint: None,
            snippet: None,
            snippet_col: u32::try_from(pos.col).unwrap_or(u32::MAX),
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Attaches the offending line, taken from the whole file's source
    /// (scanned up to the line: with many problems in one large file, use
    /// [`Self::with_indexed_source`]).
    pub fn with_source(self, source: &str) -> Self {
        let line = source.lines().nth(self.line.saturating_sub(1));
        self.with_line(line)
    }

    /// Attaches the offending line, found through `lines`, the index of
    /// `source`, in time independent of where it is.
    pub fn with_indexed_source(self, source: &str, lines: &LineIndex) -> Self {
        let line = lines.line(source, self.line);
        self.with_line(line)
    }

    fn with_line(mut self, line: Option<&str>) -> Self {
        if let Some(line) = line {
            let (snippet, col) = window(line.trim_end_matches('\r'), self.col);
            self.snippet = Some(snippet);
            self.snippet_col = u32::try_from(col).unwrap_or(u32::MAX);
        }
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Ordering key: by path, then position, then message, so reports are
    /// deterministic whatever order the parallel stages finished in.
    fn sort_key(&self) -> (&Path, usize, usize, Severity, &str) {
        (
            &self.path,
            self.line,
            self.col,
            self.severity,
            &self.message,
        )
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{label}: {}", self.message)?;
        let location = format!("{}:{}:{}", self.path.display(), self.line, self.col);
        let gutter = " ".repeat(self.line.to_string().len());
        writeln!(f, "{gutter}--> {location}")?;
        if let Some(line) = &self.snippet {
            writeln!(f, "{gutter} |")?;
            writeln!(f, "{} | {}", self.line, line)?;
            let pad = caret_padding(line, self.snippet_col as usize);
            writeln!(f, "{gutter} | {pad}^")?;
        }
        if let Some(hint) = &self.hint {
            writeln!(f, "{gutter} = hint: {hint}")?;
        }
        Ok(())
    }
}

/// At most [`SNIPPET_CHARS`] of `line` around column `col`, and the
/// column in what is kept.
fn window(line: &str, col: usize) -> (String, usize) {
    let before = SNIPPET_CHARS / 2;
    let skip = col.saturating_sub(1).saturating_sub(before);
    let mut chars = line.chars().skip(skip);
    let mut out = String::new();
    if skip > 0 {
        out.push('…');
    }
    out.extend(chars.by_ref().take(SNIPPET_CHARS));
    if chars.next().is_some() {
        out.push('…');
    }
    (out, col - skip + usize::from(skip > 0))
}

/// Spaces up to column `col`, counting wide (CJK) characters as two cells so
/// the caret sits under the right character in a terminal.
fn caret_padding(line: &str, col: usize) -> String {
    let mut pad = String::new();
    for c in line.chars().take(col.saturating_sub(1)) {
        match c {
            '\t' => pad.push('\t'),
            c if is_wide(c) => pad.push_str("  "),
            _ => pad.push(' '),
        }
    }
    pad
}

/// East Asian wide and full-width characters (the ranges that matter for
/// Japanese notes: kana, CJK ideographs, full-width forms).
pub fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF |
        0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF |
        0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// A 1-based line and column in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

impl Pos {
    pub const START: Pos = Pos { line: 1, col: 1 };

    pub fn new(line: usize, col: usize) -> Self {
        Pos { line, col }
    }
}

/// Maps byte offsets of a source text to 1-based line/column positions.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(source: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(source.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { starts }
    }

    /// Line `line` (1-based) of `source`, the text this index was built
    /// from, without its line break; as [`str::lines`] counts them (no
    /// empty line after a final line break).
    pub fn line<'s>(&self, source: &'s str, line: usize) -> Option<&'s str> {
        let start = *self.starts.get(line.checked_sub(1)?)?;
        if start >= source.len() {
            return None;
        }
        let end = self
            .starts
            .get(line)
            .map_or(source.len(), |next| next.saturating_sub(1));
        source.get(start..end.max(start))
    }

    /// The position of byte `offset` in `source` (the text this index was
    /// built from); the column counts characters.
    pub fn pos(&self, source: &str, offset: usize) -> Pos {
        let offset = offset.min(source.len());
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let col = source
            .get(start..offset)
            .map_or(1, |prefix| prefix.chars().count() + 1);
        Pos { line, col }
    }
}

/// Every diagnostic a run found, kept sorted and de-duplicated.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(ds);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// The diagnostics in report order.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.items.dedup();
        self.items
    }
}

/// The closest candidate to `word` by edit distance, if it is close enough
/// to be a plausible typo ("did you mean `title`?").
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .iter()
        .map(|c| (edit_distance(word, c), *c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_counts_characters_not_bytes() {
        let src = "ab\nオープン: x\n";
        let idx = LineIndex::new(src);
        assert_eq!(idx.pos(src, 0), Pos::new(1, 1));
        let colon = src.find(':').unwrap();
        assert_eq!(idx.pos(src, colon), Pos::new(2, 5));
    }

    #[test]
    fn report_shows_line_caret_and_hint() {
        let src = "---\ntitel: x\n---\n";
        let d = Diagnostic::error("content/a.md", Pos::new(2, 1), "unknown key `titel`")
            .with_hint("did you mean `title`?")
            .with_source(src);
        let text = d.to_string();
        assert!(text.contains("--> content/a.md:2:1"), "{text}");
        assert!(text.contains("2 | titel: x\n  | ^"), "{text}");
        assert!(text.contains("= hint: did you mean `title`?"), "{text}");
    }

    #[test]
    fn long_lines_are_cut_around_the_caret() {
        let line = format!("{}X{}", "a".repeat(10_000), "b".repeat(10_000));
        let src = format!("---\n{line}\n");
        let d = Diagnostic::error("a.md", Pos::new(2, 10_001), "here").with_source(&src);
        let snippet = d.snippet.as_deref().unwrap();
        assert_eq!(snippet.chars().count(), SNIPPET_CHARS + 2, "{snippet}");
        assert!(snippet.starts_with('…') && snippet.ends_with('…'));
        let col = d.snippet_col as usize;
        assert_eq!(snippet.chars().nth(col - 1), Some('X'));
        let text = d.to_string();
        assert!(
            text.contains(&format!("\n  | {}^\n", " ".repeat(col - 1))),
            "{text}"
        );
        assert!(text.contains("--> a.md:2:10001"), "{text}");
        let short = Diagnostic::error("a.md", Pos::new(1, 2), "x").with_source("abc\n");
        assert_eq!(
            (short.snippet.as_deref(), short.snippet_col),
            (Some("abc"), 2)
        );
    }

    #[test]
    fn indexed_source_gives_the_same_line() {
        for src in ["one\r\ntwo\n\nfour", "a\n", ""] {
            let idx = LineIndex::new(src);
            for line in 1..=5 {
                let d = Diagnostic::error("a.md", Pos::new(line, 1), "x");
                assert_eq!(
                    d.clone().with_source(src).snippet,
                    d.with_indexed_source(src, &idx).snippet,
                    "line {line}"
                );
            }
        }
    }

    #[test]
    fn caret_skips_two_cells_per_wide_char() {
        assert_eq!(caret_padding("日本a", 3), "    ");
    }

    #[test]
    fn suggests_close_keys_only() {
        let keys = ["title", "tags", "date"];
        assert_eq!(did_you_mean("titel", &keys), Some("title"));
        assert_eq!(did_you_mean("summary", &keys), None);
    }

    #[test]
    fn sorted_orders_by_path_then_position() {
        let mut ds = Diagnostics::default();
        ds.extend([
            Diagnostic::error("b.md", Pos::new(1, 1), "x"),
            Diagnostic::error("a.md", Pos::new(9, 1), "y"),
            Diagnostic::error("a.md", Pos::new(2, 1), "z"),
        ]);
        let order: Vec<_> = ds.sorted().into_iter().map(|d| d.message).collect();
        assert_eq!(order, ["z", "y", "x"]);
    }
}

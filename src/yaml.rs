//! YAML helpers shared by `config`, `content` and `quiz`: turning serde_yaml
//! errors into diagnostics with absolute file positions, and a key index that
//! finds where a key path (`sources.1.url`) sits in block-style YAML so that
//! semantic checks (bad date, duplicate slug) can point at the offending key.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::sync::OnceLock;

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

use crate::diagnostics::{did_you_mean, Diagnostic, LineIndex, Pos};

mod limits;

pub use limits::MAX_FLOW_DEPTH;

/// A YAML block inside a file: its text and the file line it starts on, so
/// positions inside the block become absolute file positions.
#[derive(Debug, Clone, Copy)]
pub struct Block<'a> {
    pub text: &'a str,
    /// 1-based file line of the block's first line.
    pub first_line: usize,
    /// Extra columns before each line of the block in the file (a fenced
    /// block inside a list item, say); 0 for front-matter.
    pub indent: usize,
}

impl Block<'_> {
    /// The absolute file position of a 1-based line/column inside the block.
    pub fn abs(&self, line: usize, col: usize) -> Pos {
        Pos::new(self.first_line + line.saturating_sub(1), col + self.indent)
    }
}

/// Deserialises `block` as `T`, or returns one diagnostic pointing where
/// serde_yaml stopped, with a hint (closest key for unknown keys).
pub fn parse<T: for<'de> Deserialize<'de>>(
    path: &Path,
    source: &str,
    block: Block<'_>,
    known_keys: &[&str],
) -> Result<T, Diagnostic> {
    // An empty block is an empty mapping, not `null`, so that every field of
    // `T` takes its default.
    let text = if block.text.trim().is_empty() {
        "{}"
    } else {
        block.text
    };
    check_limits(path, source, block)?;
    serde_yaml::from_str(text).map_err(|e| error_diagnostic(path, source, block, &e, known_keys))
}

/// Reads `text` as a YAML value if it is within the bounds of
/// [`parse`], for salvaging what a file that failed to parse still says.
pub fn value_within_limits(text: &str) -> Option<serde_yaml::Value> {
    limits::check(text).ok()?;
    serde_yaml::from_str(text).ok()
}

/// Refuses `block` if reading it would cost more than linear time or
/// memory (flow collections nested past [`MAX_FLOW_DEPTH`], aliases that
/// multiply it), with an error where the problem starts.
pub fn check_limits(path: &Path, source: &str, block: Block<'_>) -> Result<(), Diagnostic> {
    limits::check(block.text).map_err(|refused| {
        let at = LineIndex::new(block.text).pos(block.text, refused.at);
        Diagnostic::error(path, block.abs(at.line, at.col), refused.message)
            .with_hint(refused.hint)
            .with_source(source)
    })
}

fn error_diagnostic(
    path: &Path,
    source: &str,
    block: Block<'_>,
    err: &serde_yaml::Error,
    known_keys: &[&str],
) -> Diagnostic {
    let pos = err
        .location()
        .map_or(block.abs(1, 1), |l| block.abs(l.line(), l.column()));
    let pos = clamp_to_source(pos, source);
    let raw = absolute_marks(&err.to_string(), block, pos);
    let (message, hint) = describe(&raw, known_keys);
    let mut d = Diagnostic::error(path, pos, message).with_source(source);
    if let Some(h) = hint {
        d = d.with_hint(h);
    }
    d
}

/// serde_yaml reports the end of input one line past the text when the text
/// does not end with a newline; keep positions on a line of the file.
fn clamp_to_source(pos: Pos, source: &str) -> Pos {
    let lines: Vec<&str> = source.split('\n').collect();
    if pos.line <= lines.len() {
        return pos;
    }
    let last = lines
        .last()
        .map_or(0, |l| l.trim_end_matches('\r').chars().count());
    Pos::new(lines.len(), last + 1)
}

/// serde_yaml's messages embed ` at line L column C` marks relative to the
/// YAML block. The mark of the error itself is dropped (the diagnostic shows
/// it); others (`while parsing a flow sequence at …`) become file positions.
fn absolute_marks(raw: &str, block: Block<'_>, reported: Pos) -> String {
    const MARK: &str = " at line ";
    let mut out = String::new();
    let mut rest = raw;
    while let Some(i) = rest.find(MARK) {
        out.push_str(&rest[..i]);
        let after = &rest[i + MARK.len()..];
        let Some((line, col, len)) = parse_mark(after) else {
            out.push_str(MARK);
            rest = after;
            continue;
        };
        let abs = block.abs(line, col);
        if abs != reported {
            out.push_str(&format!("{MARK}{} column {}", abs.line, abs.col));
        }
        rest = &after[len..];
    }
    out.push_str(rest);
    out
}

/// `L column C…` → (L, C, bytes consumed).
fn parse_mark(s: &str) -> Option<(usize, usize, usize)> {
    let digits = |t: &str| t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let l = digits(s);
    let line = s[..l].parse().ok()?;
    let after = s[l..].strip_prefix(" column ")?;
    let c = digits(after);
    let col = after[..c].parse().ok()?;
    Some((line, col, l + " column ".len() + c))
}

/// What serde says after the `path: ` prefix of an error in a nested value.
fn is_serde_error(msg: &str) -> bool {
    [
        "unknown field",
        "unknown variant",
        "invalid type",
        "invalid value",
        "invalid length",
        "missing field",
    ]
    .iter()
    .any(|k| msg.starts_with(k))
}

/// The hint for an unknown key: the closest valid key, or all of them.
pub fn unknown_key_hint(field: &str, known_keys: &[&str]) -> String {
    match did_you_mean(field, known_keys) {
        Some(k) => format!("did you mean `{k}`?"),
        None => format!("valid keys here: {}", known_keys.join(", ")),
    }
}

/// `` `a`, `b` `` after "expected one of " in a serde message, or the one
/// name after "expected " (a struct with a single key).
fn listed_names(msg: &str) -> Vec<&str> {
    if let Some((_, l)) = msg.split_once("expected one of ") {
        return l.split(", ").map(|k| k.trim_matches('`')).collect();
    }
    msg.split_once("expected `")
        .and_then(|(_, l)| l.split_once('`'))
        .map(|(name, _)| vec![name])
        .unwrap_or_default()
}

/// Rewrites serde_yaml's message into ours (positions are already
/// absolute or removed) and adds a hint.
fn describe(msg: &str, known_keys: &[&str]) -> (String, Option<String>) {
    // serde_yaml prefixes errors in nested values with their path: `exam: unknown field`.
    let (at, msg) = match msg.split_once(": ") {
        Some((p, rest)) if !p.contains(' ') && is_serde_error(rest) => (Some(p), rest),
        _ => (None, msg),
    };
    if let Some(field) = msg
        .strip_prefix("unknown field `")
        .and_then(|r| r.split('`').next())
    {
        // serde lists the valid keys of the struct being read, which is
        // right for nested maps too; `known_keys` is the fallback.
        let listed = listed_names(msg);
        let known_keys = if listed.is_empty() {
            known_keys
        } else {
            &listed
        };
        let message = match at {
            Some(p) => format!("unknown key `{field}` in `{p}`"),
            None => format!("unknown key `{field}`"),
        };
        return (message, Some(unknown_key_hint(field, known_keys)));
    }
    if let Some(value) = msg
        .strip_prefix("unknown variant `")
        .and_then(|r| r.split('`').next())
    {
        let listed = listed_names(msg);
        let hint = match did_you_mean(value, &listed) {
            Some(v) => format!("did you mean `{v}`?"),
            None => format!("use one of: {}", listed.join(", ")),
        };
        let message = match at {
            Some(p) => format!("unknown value `{value}` for `{p}`"),
            None => format!("unknown value `{value}`"),
        };
        return (message, Some(hint));
    }
    if let Some(field) = msg
        .strip_prefix("duplicate field `")
        .and_then(|r| r.split('`').next())
    {
        let hint = "a key may appear only once; remove or merge the repeated one";
        return (format!("duplicate key `{field}`"), Some(hint.into()));
    }
    if is_syntax_error(msg) {
        let hint = if msg.contains("tab") {
            "indent with spaces: YAML does not allow tabs for indentation"
        } else if msg.contains("quoted scalar") {
            "close the quote on the same value, or quote the value with the other kind of quote"
        } else {
            "check indentation and quote values that contain `: ` or start with `[`, `{`, `*`, `&`, `!`, `|`, `>`, `%`, `@` or a backtick"
        };
        return (format!("YAML syntax error: {msg}"), Some(hint.into()));
    }
    if let Some(what) = msg.strip_prefix("invalid type: ") {
        let what = plain_type_names(what);
        let message = match at {
            Some(p) => format!("invalid type for `{p}`: {what}"),
            None => format!("invalid type: {what}"),
        };
        return (
            message,
            Some("see the front-matter reference in the README".into()),
        );
    }
    let message = match at {
        Some(p) => format!("`{p}`: {msg}"),
        None => msg.to_string(),
    };
    (
        message,
        Some("see the front-matter reference in the README".into()),
    )
}

/// libyaml's scanner and parser messages (as opposed to serde's).
fn is_syntax_error(msg: &str) -> bool {
    [
        "did not find expected",
        "could not find expected",
        "mapping values are not allowed",
        "found ",
        "while scanning",
        "while parsing",
        "not allowed in this context",
    ]
    .iter()
    .any(|k| msg.contains(k))
}

/// `expected i64` → `expected an integer`: Rust type names mean nothing to
/// someone writing notes.
fn plain_type_names(what: &str) -> String {
    let mut out = what.to_string();
    for t in ["i64", "u64", "i32", "u32", "usize", "u16", "u8"] {
        out = out.replace(&format!("expected {t}"), "expected an integer");
    }
    out
}

/// Diagnostics for keys a raw type collected in its `#[serde(flatten)]`
/// catch-all instead of rejecting them, so one typo does not hide the
/// file's other mistakes.
pub fn unknown_keys(
    path: &Path,
    source: &str,
    keys: LazyKeys<'_>,
    unknown: &serde_yaml::Mapping,
    known_keys: &[&str],
) -> Vec<Diagnostic> {
    unknown
        .keys()
        .map(|k| {
            let name = match k {
                serde_yaml::Value::String(s) => s.clone(),
                other => serde_yaml::to_string(other)
                    .map_or_else(|_| "?".into(), |s| s.trim().to_string()),
            };
            let pos = keys.pos_or(&name, Pos::START);
            Diagnostic::error(path, pos, format!("unknown key `{name}`"))
                .with_hint(unknown_key_hint(&name, known_keys))
                .with_source(source)
        })
        .collect()
}

/// A scalar read as text whatever its YAML type, so `title: 2024` or
/// `tags: [LLM, 2024]` mean what the writer meant instead of a type error.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TextVisitor)
    }
}

struct TextVisitor;

impl Visitor<'_> for TextVisitor {
    type Value = Text;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
        Ok(Text(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Text, E> {
        Ok(Text(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
        Ok(Text(v.to_string()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
        Ok(Text(v.to_string()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text, E> {
        Ok(Text(v.to_string()))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Text, E> {
        Ok(Text(v.to_string()))
    }
}

impl Text {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One scalar or a list of scalars, read as a list of text (`tags: LLM` is
/// `tags: [LLM]`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TextList(pub Vec<String>);

impl<'de> Deserialize<'de> for TextList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TextListVisitor)
    }
}

struct TextListVisitor;

impl<'de> Visitor<'de> for TextListVisitor {
    type Value = TextList;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string or a list of strings")
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<TextList, A::Error> {
        let mut out = Vec::new();
        while let Some(Text(t)) = seq.next_element()? {
            out.push(t);
        }
        Ok(TextList(out))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<TextList, E> {
        Ok(TextList(vec![v.to_string()]))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<TextList, E> {
        Ok(TextList(vec![v.to_string()]))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<TextList, E> {
        Ok(TextList(vec![v.to_string()]))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<TextList, E> {
        Ok(TextList(vec![v.to_string()]))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<TextList, E> {
        Ok(TextList(vec![v.to_string()]))
    }

    fn visit_unit<E: de::Error>(self) -> Result<TextList, E> {
        Ok(TextList(Vec::new()))
    }
}

/// Where each key and sequence item of a block-style YAML text starts,
/// addressed by dotted path (`quiz.0.choices.2.text`). Flow collections
/// (`[a, b]`) are not descended into: lookups fall back to the nearest
/// recorded ancestor, which is still the right line.
///
/// Building one scans the text; most texts have no mistakes to point at,
/// so holders build it on the first lookup ([`LazyKeys`]).
#[derive(Debug, Default, Clone)]
pub struct KeyIndex {
    positions: HashMap<String, Pos>,
}

impl KeyIndex {
    /// An index of `block`; positions are absolute file positions.
    pub fn new(block: Block<'_>) -> Self {
        let mut scanner = Scanner::default();
        for (i, line) in block.text.lines().enumerate() {
            scanner.line(line, i + 1);
        }
        let positions = scanner
            .found
            .into_iter()
            .map(|(k, (l, c))| (k, block.abs(l, c)))
            .collect();
        KeyIndex { positions }
    }

    /// The position of `path`, or of its nearest indexed ancestor.
    pub fn pos(&self, path: &str) -> Option<Pos> {
        let mut p = path;
        loop {
            if let Some(pos) = self.positions.get(p) {
                return Some(*pos);
            }
            p = p.rsplit_once('.')?.0;
        }
    }

    /// Like `pos`, falling back to `default` when nothing matches.
    pub fn pos_or(&self, path: &str, default: Pos) -> Pos {
        self.pos(path).unwrap_or(default)
    }
}

/// The [`KeyIndex`] of a block, built on the first lookup and kept in
/// `cell` (which a [`crate::content::Note`] owns, so that every stage
/// reporting on its front-matter shares one scan).
#[derive(Debug, Clone, Copy)]
pub struct LazyKeys<'a> {
    pub block: Block<'a>,
    pub cell: &'a OnceLock<KeyIndex>,
}

impl<'a> LazyKeys<'a> {
    pub fn get(&self) -> &'a KeyIndex {
        self.cell.get_or_init(|| KeyIndex::new(self.block))
    }

    /// See [`KeyIndex::pos_or`].
    pub fn pos_or(&self, path: &str, default: Pos) -> Pos {
        self.get().pos_or(path, default)
    }
}

#[derive(Debug)]
struct Frame {
    indent: usize,
    path: String,
    is_seq: bool,
    next_item: usize,
}

#[derive(Default)]
struct Scanner {
    frames: Vec<Frame>,
    found: HashMap<String, (usize, usize)>,
    /// Path of the last key whose value continues on the next lines.
    open_key: Option<(usize, String)>,
    /// Indentation of a literal/folded block scalar being skipped.
    in_block_scalar: Option<usize>,
}

impl Scanner {
    fn line(&mut self, raw: &str, line_no: usize) {
        let indent = raw.len() - raw.trim_start_matches(' ').len();
        let rest = raw[indent..].trim_end();
        if let Some(min) = self.in_block_scalar {
            if rest.is_empty() || indent > min {
                return;
            }
            self.in_block_scalar = None;
        }
        if rest.is_empty() || rest.starts_with('#') {
            return;
        }
        let is_item = rest == "-" || rest.starts_with("- ");
        self.pop_to(indent, is_item);
        self.items(indent, rest, line_no);
    }

    /// Leaves the frames that contain a line at `indent`. A sequence at the
    /// same indent continues only with another `- ` item; a mapping at the
    /// same indent continues with a sibling key or a compact sequence.
    fn pop_to(&mut self, indent: usize, is_item: bool) {
        while let Some(top) = self.frames.last() {
            let same_level_continues = top.indent == indent && (!top.is_seq || is_item);
            if top.indent < indent || same_level_continues {
                break;
            }
            self.frames.pop();
        }
    }

    fn items(&mut self, mut col: usize, mut rest: &str, line_no: usize) {
        while rest == "-" || rest.starts_with("- ") {
            let path = self.seq_item(col);
            self.found.insert(path.clone(), (line_no, col + 1));
            let after = &rest[1..];
            let skip = after.len() - after.trim_start().len();
            col += 1 + skip;
            rest = after.trim_start();
            self.open_key = None;
            if rest.is_empty() {
                self.open_key = Some((col, path));
                return;
            }
            self.frames.push(Frame {
                indent: col,
                path,
                is_seq: false,
                next_item: 0,
            });
        }
        self.key(col, rest, line_no);
    }

    fn seq_item(&mut self, col: usize) -> String {
        let reuse = matches!(self.frames.last(), Some(f) if f.is_seq && f.indent == col);
        if !reuse {
            let parent = self.parent_path(col);
            self.frames.push(Frame {
                indent: col,
                path: parent,
                is_seq: true,
                next_item: 0,
            });
        }
        let top = self.frames.last_mut().expect("pushed above");
        let path = join(&top.path, &top.next_item.to_string());
        top.next_item += 1;
        path
    }

    /// The path a new container at `col` hangs from: the open key if there
    /// is one, else the innermost frame.
    fn parent_path(&mut self, col: usize) -> String {
        if let Some((key_col, path)) = self.open_key.take() {
            if key_col <= col {
                return path;
            }
        }
        self.frames
            .last()
            .map(|f| f.path.clone())
            .unwrap_or_default()
    }

    fn key(&mut self, col: usize, rest: &str, line_no: usize) {
        let Some((key, value)) = split_key(rest) else {
            self.open_key = None;
            return;
        };
        let in_mapping = matches!(self.frames.last(), Some(f) if !f.is_seq && f.indent == col);
        if !in_mapping {
            let parent = self.parent_path(col);
            self.frames.push(Frame {
                indent: col,
                path: parent,
                is_seq: false,
                next_item: 0,
            });
        }
        let path = join(&self.frames.last().expect("pushed above").path, key);
        self.found.insert(path.clone(), (line_no, col + 1));
        self.open_key = None;
        let value = value.trim();
        if value.is_empty() || value.starts_with('#') {
            self.open_key = Some((col, path));
        } else if value.starts_with('|') || value.starts_with('>') {
            self.in_block_scalar = Some(col);
        }
    }
}

fn join(parent: &str, child: &str) -> String {
    if parent.is_empty() {
        child.to_string()
    } else {
        format!("{parent}.{child}")
    }
}

/// Splits `key: value` (plain or quoted key); `None` for plain scalars.
fn split_key(rest: &str) -> Option<(&str, &str)> {
    if rest.starts_with('[') || rest.starts_with('{') {
        return None;
    }
    if let Some(q) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let end = rest[1..].find(q)? + 1;
        let after = rest[end + 1..].strip_prefix(':')?;
        return (after.is_empty() || after.starts_with(' ')).then(|| (&rest[1..end], after));
    }
    let colon = rest
        .match_indices(':')
        .map(|(i, _)| i)
        .find(|&i| rest[i + 1..].is_empty() || rest[i + 1..].starts_with(' '))?;
    let key = rest[..colon].trim_end();
    (!key.is_empty() && !key.contains(" #")).then(|| (key, &rest[colon + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(text: &str) -> KeyIndex {
        KeyIndex::new(Block {
            text,
            first_line: 2,
            indent: 0,
        })
    }

    #[test]
    fn finds_top_level_keys_with_absolute_lines() {
        let idx = index("title: x\ndate: 2024-01-01\n");
        assert_eq!(idx.pos("title"), Some(Pos::new(2, 1)));
        assert_eq!(idx.pos("date"), Some(Pos::new(3, 1)));
    }

    #[test]
    fn finds_nested_sequence_items_and_keys() {
        let text = "sources:\n  - title: A\n    url: http://a\n  - title: B\n    url: http://b\ntags: [a, b]\n";
        let idx = index(text);
        assert_eq!(idx.pos("sources.0"), Some(Pos::new(3, 3)));
        assert_eq!(idx.pos("sources.1.url"), Some(Pos::new(6, 5)));
        assert_eq!(idx.pos("tags"), Some(Pos::new(7, 1)));
        // Flow sequences fall back to their key.
        assert_eq!(idx.pos("tags.1"), Some(Pos::new(7, 1)));
    }

    #[test]
    fn compact_sequences_under_a_key() {
        let text = "quiz:\n- question: q\n  choices:\n  - a\n  - b\n- question: r\n";
        let idx = index(text);
        assert_eq!(idx.pos("quiz.0.question"), Some(Pos::new(3, 3)));
        assert_eq!(idx.pos("quiz.0.choices.1"), Some(Pos::new(6, 3)));
        assert_eq!(idx.pos("quiz.1.question"), Some(Pos::new(7, 3)));
    }

    #[test]
    fn nested_dash_items_in_one_line() {
        let text = "quiz:\n  - id: a\n    choices:\n      - text: x\n        correct: true\n      - { text: y }\n";
        let idx = index(text);
        assert_eq!(idx.pos("quiz.0.choices.0.correct"), Some(Pos::new(6, 9)));
        assert_eq!(idx.pos("quiz.0.choices.1"), Some(Pos::new(7, 7)));
    }

    #[test]
    fn skips_block_scalars() {
        let text = "explanation: |\n  title: not a key\n  more\nslug: s\n";
        let idx = index(text);
        assert_eq!(idx.pos("title"), None);
        assert_eq!(idx.pos("slug"), Some(Pos::new(5, 1)));
    }

    #[test]
    fn keys_with_colons_in_values_and_quotes() {
        let idx = index("title: \"a: b\"\n'odd key': 1\nurl: https://x.y/z\n");
        assert_eq!(idx.pos("odd key"), Some(Pos::new(3, 1)));
        assert_eq!(idx.pos("url"), Some(Pos::new(4, 1)));
    }

    #[test]
    fn unknown_field_message_gets_suggestion() {
        let (m, h) = describe(
            "unknown field `titel`, expected one of `title`, `date` at line 1 column 1",
            &["title", "date"],
        );
        assert_eq!(m, "unknown key `titel`");
        assert_eq!(h.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn message_marks_become_file_positions_and_the_reported_one_is_dropped() {
        let block = Block {
            text: "title: x\ntags: [a\n",
            first_line: 2,
            indent: 0,
        };
        let raw = "did not find expected ',' or ']' at line 3 column 1, while parsing a flow sequence at line 2 column 7";
        assert_eq!(
            absolute_marks(raw, block, Pos::new(4, 1)),
            "did not find expected ',' or ']', while parsing a flow sequence at line 3 column 7"
        );
    }

    #[test]
    fn end_of_input_past_the_last_line_is_clamped_to_it() {
        assert_eq!(clamp_to_source(Pos::new(2, 1), "{"), Pos::new(1, 2));
        assert_eq!(clamp_to_source(Pos::new(1, 1), "{"), Pos::new(1, 1));
    }

    #[test]
    fn nested_type_errors_name_the_key_in_plain_words() {
        let (m, h) = describe("weight: invalid type: string \"heavy\", expected i64", &[]);
        assert_eq!(
            m,
            "invalid type for `weight`: string \"heavy\", expected an integer"
        );
        assert!(h.is_some());
        let (m, h) = describe(
            "sort_by: unknown variant `titel`, expected one of `weight`, `title`",
            &[],
        );
        assert_eq!(m, "unknown value `titel` for `sort_by`");
        assert_eq!(h.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn text_accepts_any_scalar() {
        let v: Vec<Text> = serde_yaml::from_str("[a, 2024, true, 1.5]").unwrap();
        let v: Vec<&str> = v.iter().map(Text::as_str).collect();
        assert_eq!(v, ["a", "2024", "true", "1.5"]);
    }
}

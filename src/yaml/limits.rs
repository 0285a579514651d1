//! Bounds on a YAML text, checked before it is deserialised, so that no
//! front-matter, quiz block or site.yaml costs more than time and memory
//! linear in its length.
//!
//! Two shapes are refused, each with the byte offset to point at:
//!
//! - flow collections (`[…]`, `{…}`) nested deeper than [`MAX_FLOW_DEPTH`]:
//!   libyaml's scanner looks at every open flow level for each token, so
//!   depth d over n tokens costs d·n (100,000 levels took 59 s before the
//!   parser's own depth limit of 128 was even reached);
//! - aliases (`*name`) that expand the text to more than about twice the
//!   values it spells out: each alias is deserialised as a copy of its
//!   anchor, so nine lines of "billion laughs" become 10⁹ values.
//!
//! The depth scan is a small lexer of its own, not a YAML parser: it
//! follows quotes, comments, block scalars and where a node may start,
//! which is all that decides whether a bracket opens a collection. It errs
//! towards counting (a `[` starting a plain continuation line counts), so
//! it can only refuse text with more than 64 such brackets open at once.

use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, VariantAccess, Visitor};

/// How deeply flow collections may nest (`[[…]]` is 2). YAML written by
/// hand rarely goes past 3; the parser itself stops at 128 levels of any
/// kind.
pub const MAX_FLOW_DEPTH: usize = 64;

/// A shape of YAML refused before parsing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// Byte offset into the text.
    pub at: usize,
    pub message: String,
    pub hint: &'static str,
}

/// Checks `text` against the bounds above.
pub fn check(text: &str) -> Result<(), Refused> {
    // An alias needs an anchor; text without both cannot expand.
    let may_expand = text.contains('&') && text.contains('*');
    // Only a `[` or `{` opens a level: with no more of them than the
    // bound, no nesting can pass it, and the lexer is not needed.
    let brackets = text.bytes().filter(|b| matches!(b, b'[' | b'{')).count();
    if brackets <= MAX_FLOW_DEPTH && !may_expand {
        return Ok(());
    }
    let scan = Scan::run(text)?;
    if may_expand {
        check_expansion(text, scan.first_alias.unwrap_or(0))?;
    }
    Ok(())
}

/// What the lexer found besides the depth.
struct Scan {
    first_alias: Option<usize>,
}

/// The lexer's state over one text.
struct Lexer<'t> {
    text: &'t str,
    bytes: &'t [u8],
    at: usize,
    /// Where the current line starts.
    line_begin: usize,
    depth: usize,
    /// A node may start here (line start in block context, after `- `,
    /// `? `, `: `, a property, or `[`, `{`, `,` in flow context).
    node_start: bool,
    /// Column of the node that owns what follows (the key before `: `,
    /// the dash of `- `): block scalar content is indented past it.
    parent_col: usize,
    /// Column where the current token (key or item content) began.
    token_col: usize,
    first_alias: Option<usize>,
}

impl Scan {
    fn run(text: &str) -> Result<Scan, Refused> {
        let mut lexer = Lexer {
            text,
            bytes: text.as_bytes(),
            at: 0,
            line_begin: 0,
            depth: 0,
            node_start: true,
            parent_col: 0,
            token_col: 0,
            first_alias: None,
        };
        lexer.line_start();
        while lexer.at < lexer.bytes.len() {
            lexer.step()?;
        }
        Ok(Scan {
            first_alias: lexer.first_alias,
        })
    }
}

impl Lexer<'_> {
    /// The column of byte `at` on the current line (bytes: indentation is
    /// ASCII spaces, which is all columns are compared for).
    fn col(&self, at: usize) -> usize {
        at - self.line_begin
    }

    /// At the start of a line: skips its indentation.
    fn line_start(&mut self) {
        self.line_begin = self.at;
        while self.bytes.get(self.at) == Some(&b' ') {
            self.at += 1;
        }
        if self.depth == 0 {
            self.node_start = true;
            self.token_col = self.col(self.at);
            self.parent_col = self.token_col;
        }
    }

    fn step(&mut self) -> Result<(), Refused> {
        let b = self.bytes[self.at];
        let followed_by_space = matches!(
            self.bytes.get(self.at + 1),
            None | Some(b' ' | b'\t' | b'\n' | b'\r')
        );
        match b {
            b'\n' => {
                self.at += 1;
                self.line_start();
                return Ok(());
            }
            b' ' | b'\t' | b'\r' => {}
            b'#' if self.after_space() => {
                self.skip_line();
                return Ok(());
            }
            b'"' | b'\'' if self.node_start => {
                self.skip_quoted(b);
                return Ok(());
            }
            b'[' | b'{' if self.node_start || self.depth > 0 => {
                self.depth += 1;
                if self.depth > MAX_FLOW_DEPTH {
                    return Err(too_deep(self.at));
                }
                self.node_start = true;
            }
            b']' | b'}' if self.depth > 0 => {
                self.depth -= 1;
                self.node_start = false;
            }
            b',' if self.depth > 0 => self.node_start = true,
            b'-' | b'?' if self.node_start && self.depth == 0 && followed_by_space => {
                self.parent_col = self.col(self.at);
                self.token_col = self.parent_col + 2;
            }
            b':' if followed_by_space || self.depth > 0 => {
                self.parent_col = self.token_col;
                self.node_start = true;
            }
            b'&' | b'!' if self.node_start => {
                self.skip_word();
                return Ok(());
            }
            b'*' if self.node_start => {
                self.first_alias.get_or_insert(self.at);
                self.skip_word();
                self.node_start = false;
                return Ok(());
            }
            b'|' | b'>' if self.node_start && self.depth == 0 => {
                self.skip_block_scalar();
                return Ok(());
            }
            _ => {
                if self.node_start && self.depth == 0 {
                    self.token_col = self.col(self.at);
                }
                self.node_start = false;
            }
        }
        self.at += 1;
        Ok(())
    }

    fn after_space(&self) -> bool {
        self.at == 0 || matches!(self.bytes[self.at - 1], b' ' | b'\t' | b'\n')
    }

    fn skip_line(&mut self) {
        self.at = self.text[self.at..]
            .find('\n')
            .map_or(self.bytes.len(), |i| self.at + i);
    }

    /// A property (`&anchor`, `!tag`) or alias: up to the next space or
    /// flow indicator. A node may still start after a property.
    fn skip_word(&mut self) {
        let end = self.bytes[self.at..]
            .iter()
            .position(|b| b" \t\r\n,[]{}".contains(b))
            .map_or(self.bytes.len(), |i| self.at + i);
        self.at = end;
    }

    /// A quoted scalar: `\"` escapes in double quotes, `''` in single
    /// ones. In flow context it may span lines. In block context only a
    /// quote closed on its own line is skipped: a line of a multi-line
    /// plain scalar may start with a quote (`a: x⏎  'y`), and skipping to
    /// a closing quote lines later would hide structure from the count; an
    /// unclosed one is read on as plain text, which can only count more.
    fn skip_quoted(&mut self, quote: u8) {
        let limit = if self.depth > 0 {
            self.bytes.len()
        } else {
            self.text[self.at..]
                .find('\n')
                .map_or(self.bytes.len(), |i| self.at + i)
        };
        let mut i = self.at + 1;
        while i < limit {
            match self.bytes[i] {
                b'\\' if quote == b'"' => i += 1,
                b'\'' if quote == b'\'' && self.bytes.get(i + 1) == Some(&b'\'') => i += 1,
                b if b == quote => break,
                _ => {}
            }
            i += 1;
        }
        self.node_start = false;
        if i >= limit && self.depth == 0 {
            self.at += 1;
            return;
        }
        let end = (i + 1).min(self.bytes.len());
        if let Some(nl) = self.text[self.at..end].rfind('\n') {
            self.line_begin = self.at + nl + 1;
        }
        self.at = end;
    }

    /// `|` or `>` with its indicators, then every line indented past the
    /// owning node (or by the explicit indentation indicator).
    fn skip_block_scalar(&mut self) {
        let parent = self.parent_col;
        let header_end = self.text[self.at..]
            .find('\n')
            .map_or(self.bytes.len(), |i| self.at + i);
        let explicit = self.text[self.at..header_end]
            .bytes()
            .find(u8::is_ascii_digit)
            .map(|d| parent + usize::from(d - b'0'));
        let mut content_indent = explicit;
        let mut at = header_end;
        while at < self.bytes.len() {
            let line_end = self.text[at + 1..]
                .find('\n')
                .map_or(self.bytes.len(), |i| at + 1 + i);
            let line = &self.text[at + 1..line_end];
            let indent = line.len() - line.trim_start_matches(' ').len();
            if !line.trim().is_empty() {
                let needed = *content_indent.get_or_insert(indent);
                if indent < needed || indent <= parent {
                    break;
                }
            }
            at = line_end;
        }
        self.at = at;
        self.node_start = false;
    }
}

fn too_deep(at: usize) -> Refused {
    Refused {
        at,
        message: format!("YAML collections nested more than {MAX_FLOW_DEPTH} levels deep"),
        hint: "flatten the value: front-matter and quiz data need a few levels at most",
    }
}

/// Walks the text as serde sees it, aliases expanded, and stops once it
/// has seen more values than the text could hold without them.
fn check_expansion(text: &str, alias_at: usize) -> Result<(), Refused> {
    let budget = Cell::new(text.len().saturating_mul(2).saturating_add(1000));
    let de = serde_yaml::Deserializer::from_str(text);
    match Count(&budget).deserialize(de) {
        Err(e) if e.to_string().contains(EXPANDED) => Err(Refused {
            at: alias_at,
            message: "YAML aliases (`*name`) expand this block to more values than it spells out twice over".into(),
            hint: "write the values out instead of repeating an anchor (`&name`) through aliases",
        }),
        // Other errors are the parser's to report, with its own position.
        _ => Ok(()),
    }
}

const EXPANDED: &str = "manabi: expanded past budget";

/// A [`DeserializeSeed`] that takes one from the budget per value.
struct Count<'b>(&'b Cell<usize>);

impl Count<'_> {
    fn take<E: de::Error>(&self) -> Result<(), E> {
        match self.0.get().checked_sub(1) {
            Some(left) => {
                self.0.set(left);
                Ok(())
            }
            None => Err(E::custom(EXPANDED)),
        }
    }
}

impl<'de> DeserializeSeed<'de> for Count<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Count<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.take()
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.take()
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.take()
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.take()
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        self.take()
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.take()
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.take()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        self.take()?;
        Count(self.0).deserialize(d)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.take()?;
        while seq.next_element_seed(Count(self.0))?.is_some() {}
        Ok(())
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.take()?;
        while map.next_key_seed(Count(self.0))?.is_some() {
            map.next_value_seed(Count(self.0))?;
        }
        Ok(())
    }

    /// A tagged value (`!name value`).
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        self.take()?;
        let (de::IgnoredAny, variant) = data.variant()?;
        variant.newtype_variant_seed(Count(self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth_error_at(text: &str) -> Option<usize> {
        match check(text) {
            Err(r) if r.message.contains("nested") => Some(r.at),
            _ => None,
        }
    }

    #[test]
    fn ordinary_yaml_passes() {
        for text in [
            "title: x\ntags: [a, b]\nextra: {a: [1, {b: 2}]}\n",
            "quiz:\n  - question: \"[[[[\"\n    choices: ['a[', b]\n",
            "title: a [b [c\nsummary: x # [[[[\n",
            "explanation: |\n  [[[[[[[[\n  {{{{{{{{\nslug: s\n",
            "a: &x [1, 2]\nb: *x\nc: *x\n",
        ] {
            assert_eq!(check(text), Ok(()), "{text}");
        }
    }

    #[test]
    fn deep_flow_nesting_is_refused_at_the_bracket_past_the_limit() {
        let n = 100_000;
        let text = format!("extra: {{x: {}{}}}\n", "[".repeat(n), "]".repeat(n));
        let first = text.find('[').unwrap();
        // `{` is level 1, so the 64th `[` is level 65.
        assert_eq!(depth_error_at(&text), Some(first + MAX_FLOW_DEPTH - 1));
        let ok = format!("x: {}{}\n", "[".repeat(64), "]".repeat(64));
        assert_eq!(check(&ok), Ok(()));
        let maps = format!("x: {}1{}\n", "{a: ".repeat(70), "}".repeat(70));
        assert!(depth_error_at(&maps).is_some());
    }

    #[test]
    fn brackets_hidden_from_the_parser_do_not_count_and_real_ones_do() {
        let deep = "[".repeat(70);
        // Inside quotes, comments and block scalars: text.
        for text in [
            format!("a: \"{deep}\"\n"),
            format!("a: '{deep}'' {deep}'\n"),
            format!("a: x # {deep}\n"),
            format!("- k: |\n    {deep}\n  j: 1\n"),
            format!("a: >2\n  {deep}\n"),
        ] {
            assert_eq!(check(&text), Ok(()), "{text}");
        }
        // After properties, in a sibling key after a block scalar, in a
        // sequence item, after a plain scalar's line that starts with a
        // quote never closed: structure.
        for text in [
            format!("a: x\n  - 'y\nb: {deep}\n"),
            format!("a: x\n  \"y\nb: {deep}\n"),
            format!("a: &x !!seq {deep}\n"),
            format!("- k: |\n    text\n  j: {deep}\n"),
            format!("- - {deep}\n"),
            format!("? {deep}\n"),
        ] {
            assert!(depth_error_at(&text).is_some(), "{text}");
        }
    }

    #[test]
    fn billion_laughs_is_refused_at_the_first_alias() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (name, prev) in ["b", "c", "d", "e", "f", "g", "h", "i"]
            .iter()
            .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
        {
            let refs = vec![format!("*{prev}"); 10].join(", ");
            text.push_str(&format!("{name}: &{name} [{refs}]\n"));
        }
        let refused = check(&text).unwrap_err();
        assert_eq!(refused.at, text.find('*').unwrap());
        assert!(refused.message.contains("aliases"), "{}", refused.message);
    }

    #[test]
    fn a_wide_alias_fan_out_is_refused_too() {
        let items = vec!["x"; 5000].join(", ");
        let refs = vec!["*a"; 5000].join(", ");
        let text = format!("a: &a [{items}]\nb: [{refs}]\n");
        assert!(check(&text).is_err());
    }
}

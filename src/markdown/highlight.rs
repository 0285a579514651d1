//! Fenced code blocks to highlighted HTML with syntect: one flat span per
//! token with one of the few classes the theme colours (`hl-keyword`,
//! `hl-string`, …).
//!
//! The fence's info string names the language and, in braces, options:
//! `python {hl_lines=[2,4-5] linenos}`.
//!
//! Python, Bash (and shell sessions), JSON, YAML, TOML, SQL, Rust and
//! JavaScript (TypeScript too) use compact grammars of our own
//! (`syntaxes/`): Sublime's grammars spend 90k–400k instructions per line
//! in syntect's parser, tracking detail (meta scopes, nesting) the seven
//! theme classes never show. Each search of a pattern and each token cost
//! a few thousand instructions, so the compact ones give every context a
//! handful of regexes (one alternation with a capture per kind) and keep
//! uncoloured names out of the token stream. Other languages use syntect's
//! bundled grammars, loaded only when a block asks for one.
//!
//! syntect's own `ClassedHTMLGenerator` writes every scope atom of every
//! token as nested spans (`<span class="hl-meta hl-function hl-python">`…),
//! about 15 bytes of markup per byte of code, and builds those class
//! strings anew for each token. The theme only tells seven kinds of token
//! apart, so each scope is mapped once (per thread) to its kind and a line
//! is written as flat spans, each line closing its own.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use syntect::parsing::{
    ParseState, Scope, ScopeStack, ScopeStackOp, SyntaxDefinition, SyntaxReference, SyntaxSet,
    SyntaxSetBuilder,
};
use syntect::util::LinesWithEndings;

use super::escape::push_escaped;

/// Languages shown as plain text without a warning.
const PLAIN: &[&str] = &["text", "txt", "plain", "plaintext", "output"];

include!(concat!(env!("OUT_DIR"), "/builtin_syntaxes.rs"));

/// The compact grammars, built once per process on first use.
fn compact() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(|| {
        let mut builder = SyntaxSetBuilder::new();
        // A grammar that fails to load leaves its language to syntect's
        // own; the unit tests load every one.
        BUILTIN_SYNTAXES
            .iter()
            .filter_map(|(_, text)| SyntaxDefinition::load_from_str(text, true, None).ok())
            .for_each(|syntax| builder.add(syntax));
        builder.build()
    })
}

/// The syntaxes bundled with syntect, loaded once per process when a
/// block's language has no compact grammar.
fn bundled() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// A grammar and the set it belongs to (the parser resolves the
/// grammar's contexts in that set).
type Grammar = (&'static SyntaxReference, &'static SyntaxSet);

/// What a fence's info string asks for.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Fence {
    pub lang: String,
    /// Lines to mark as written: 1-based inclusive ranges with
    /// `1 <= start <= end`. Kept as ranges, never expanded: `1-4294967295`
    /// is two numbers here and is clamped to the block when rendered.
    pub hl_lines: Vec<(usize, usize)>,
    pub linenos: bool,
}

/// A mistake in a fence's info string: shown as a warning, the option is
/// ignored (or clamped) and the block still renders.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct FenceProblem {
    /// Byte offset into the info string.
    pub at: usize,
    pub message: String,
    pub hint: &'static str,
}

const OPTIONS_HINT: &str =
    "options go in braces after the language: ```python {hl_lines=[2,4-5] linenos}";
const LINES_HINT: &str = "list line numbers from 1, or ranges such as 4-6: hl_lines=[2,4-6]";

impl Fence {
    /// `python`, `{hl_lines=[2,3]}`, `python {hl_lines=[2,4-5] linenos}`,
    /// with the problems found on the way (unknown options, malformed or
    /// empty ranges, an unclosed brace); what cannot be read is left out.
    pub fn parse(info: &str) -> (Fence, Vec<FenceProblem>) {
        let mut problems = Vec::new();
        let (head, options) = match info.find('{') {
            Some(open) => (&info[..open], Some(open)),
            None => (info, None),
        };
        let mut words = head.split_whitespace();
        let mut fence = Fence {
            lang: words.next().unwrap_or("").to_owned(),
            ..Fence::default()
        };
        if let Some(word) = words.next() {
            let at = word.as_ptr() as usize - info.as_ptr() as usize;
            problems.push(FenceProblem {
                at,
                message: format!("`{word}` after the code fence's language is ignored"),
                hint: OPTIONS_HINT,
            });
        }
        if let Some(open) = options {
            let body = braces_body(info, open, &mut problems);
            parse_options(info, body, &mut fence, &mut problems);
        }
        problems.sort_by_key(|p| p.at);
        (fence, problems)
    }

    /// Whether the lines need wrapping in `<span class="line">`.
    fn per_line(&self) -> bool {
        self.linenos || !self.hl_lines.is_empty()
    }

    /// The largest line `hl_lines` names past the last of `line_count`
    /// lines, if any: those marks are dropped.
    pub fn marks_past(&self, line_count: usize) -> Option<usize> {
        let last = self.hl_lines.iter().map(|&(_, end)| end).max()?;
        (last > line_count).then_some(last)
    }

    /// Which of `line_count` lines are marked (index 0 unused), in time
    /// linear in the lines and ranges whatever the ranges span.
    fn marked(&self, line_count: usize) -> Vec<bool> {
        let mut starts = vec![0i64; line_count + 2];
        for &(start, end) in &self.hl_lines {
            if start <= line_count {
                starts[start] += 1;
                starts[end.min(line_count) + 1] -= 1;
            }
        }
        let mut depth = 0;
        starts
            .iter()
            .take(line_count + 1)
            .map(|d| {
                depth += d;
                depth > 0
            })
            .collect()
    }
}

/// The byte range of the text inside `{…}` (the brace at `open`); an
/// unclosed brace or text after the closing one is a problem.
fn braces_body(info: &str, open: usize, problems: &mut Vec<FenceProblem>) -> (usize, usize) {
    let Some(close) = info[open..].find('}').map(|i| open + i) else {
        problems.push(FenceProblem {
            at: open,
            message: "unclosed `{` in the code fence's options".into(),
            hint: OPTIONS_HINT,
        });
        return (open + 1, info.len());
    };
    let after = info[close + 1..].trim();
    if !after.is_empty() {
        problems.push(FenceProblem {
            at: close + 1 + (info[close + 1..].len() - info[close + 1..].trim_start().len()),
            message: format!("`{after}` after the code fence's options is ignored"),
            hint: OPTIONS_HINT,
        });
    }
    (open + 1, close)
}

/// Reads `hl_lines=[…]` and `linenos` from `info[start..end]`.
fn parse_options(
    info: &str,
    (start, end): (usize, usize),
    fence: &mut Fence,
    problems: &mut Vec<FenceProblem>,
) {
    let separator = |c: char| c.is_whitespace() || c == ',';
    let mut at = start;
    while let Some(skip) = info[at..end].find(|c: char| !separator(c)) {
        at += skip;
        let rest = &info[at..end];
        if let Some(value) = rest.strip_prefix("hl_lines=") {
            let value_at = at + "hl_lines=".len();
            at = value_at + hl_lines(value, value_at, fence, problems);
        } else {
            let len = rest.find(separator).unwrap_or(rest.len());
            let word = &rest[..len];
            if word == "linenos" {
                fence.linenos = true;
            } else {
                problems.push(FenceProblem {
                    at,
                    message: format!("unknown code fence option `{word}`"),
                    hint: "the options are `hl_lines=[…]` (lines to mark) and `linenos` (number every line)",
                });
            }
            at += len;
        }
    }
}

/// Reads the value of `hl_lines=` (`[2,4-5]`, or `3` without brackets) at
/// `value_at` in the info string; returns the bytes it took.
fn hl_lines(
    value: &str,
    value_at: usize,
    fence: &mut Fence,
    problems: &mut Vec<FenceProblem>,
) -> usize {
    let (list, list_at, taken) = match value.strip_prefix('[') {
        Some(inner) => match inner.find(']') {
            Some(close) => (&inner[..close], value_at + 1, close + 2),
            None => {
                problems.push(FenceProblem {
                    at: value_at,
                    message: "unclosed `[` in `hl_lines`".into(),
                    hint: LINES_HINT,
                });
                (inner, value_at + 1, value.len())
            }
        },
        None => {
            let len = value.find(char::is_whitespace).unwrap_or(value.len());
            (&value[..len], value_at, len)
        }
    };
    for (offset, item) in list_items(list) {
        match line_range(item) {
            Ok(range) => fence.hl_lines.push(range),
            Err(message) => problems.push(FenceProblem {
                at: list_at + offset,
                message,
                hint: LINES_HINT,
            }),
        }
    }
    taken
}

/// The items of `2, 4-5` with their byte offsets.
fn list_items(list: &str) -> impl Iterator<Item = (usize, &str)> {
    list.split([',', ' ', '\t'])
        .filter(|item| !item.is_empty())
        .map(move |item| (item.as_ptr() as usize - list.as_ptr() as usize, item))
}

/// `4` → (4, 4), `4-5` → (4, 5); line numbers start at 1 and a range
/// must not run backwards.
fn line_range(item: &str) -> Result<(usize, usize), String> {
    let number = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| s.parse::<usize>().ok())
            .flatten()
    };
    let (a, b) = item.split_once('-').unwrap_or((item, item));
    let (Some(start), Some(end)) = (number(a), number(b)) else {
        return Err(format!(
            "`{item}` in `hl_lines` is not a line number or a range"
        ));
    };
    if start == 0 {
        return Err(format!("`{item}` in `hl_lines`: lines are numbered from 1"));
    }
    if end < start {
        return Err(format!(
            "range `{item}` in `hl_lines` ends before it starts"
        ));
    }
    Ok((start, end))
}

/// Appends the `<pre>` for a fenced block to `out`. Returns `false` when
/// the language is not known (the code is then shown as plain text).
pub(super) fn render(fence: &Fence, code: &str, out: &mut String) -> bool {
    let grammar = find_grammar(&fence.lang);
    let known = grammar.is_some()
        || fence.lang.is_empty()
        || PLAIN.contains(&fence.lang.to_ascii_lowercase().as_str());
    let body = grammar
        .and_then(|g| highlight(g, fence, code))
        .unwrap_or_else(|| plain(fence, code));
    push_pre(fence, &body, out);
    known
}

/// Appends the `<pre>` for a fenced block without colours (highlighting
/// off): line numbers, marked lines and the copy button still work.
pub(super) fn render_plain(fence: &Fence, code: &str, out: &mut String) {
    push_pre(fence, &plain(fence, code), out);
}

fn push_pre(fence: &Fence, body: &str, out: &mut String) {
    out.push_str("<pre class=\"highlight");
    if fence.linenos {
        out.push_str(" linenos");
    }
    out.push_str("\"><code class=\"language-");
    push_escaped(out, &fence.lang);
    out.push_str("\">");
    out.push_str(body);
    out.push_str("</code></pre>\n");
}

fn find_grammar(lang: &str) -> Option<Grammar> {
    if lang.is_empty() {
        return None;
    }
    let token = match lang.to_ascii_lowercase().as_str() {
        "sh" | "shell" | "zsh" => "bash",
        "py" => "python",
        "yml" => "yaml",
        "rs" => "rust",
        "javascript" | "ts" | "typescript" => "js",
        _ => lang,
    };
    let in_set = |set: &'static SyntaxSet| Some((set.find_syntax_by_token(token)?, set));
    in_set(compact()).or_else(|| in_set(bundled()))
}

/// What the theme colours; a token takes the kind of its innermost scope
/// that has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Comment,
    Keyword,
    String,
    Number,
    Function,
    Type,
    Variable,
}

impl Kind {
    fn class(self) -> &'static str {
        match self {
            Kind::Comment => "hl-comment",
            Kind::Keyword => "hl-keyword",
            Kind::String => "hl-string",
            Kind::Number => "hl-number",
            Kind::Function => "hl-function",
            Kind::Type => "hl-type",
            Kind::Variable => "hl-variable",
        }
    }

    /// TextMate scope names by prefix, most specific first.
    fn of_name(name: &str) -> Option<Kind> {
        const RULES: &[(&str, Kind)] = &[
            ("comment", Kind::Comment),
            ("punctuation.definition.comment", Kind::Comment),
            ("string", Kind::String),
            ("markup.raw", Kind::String),
            ("constant", Kind::Number),
            ("keyword", Kind::Keyword),
            ("storage", Kind::Keyword),
            ("entity.name.section", Kind::Keyword),
            ("entity.name.function", Kind::Function),
            ("support.function", Kind::Function),
            ("variable.function", Kind::Function),
            ("variable.annotation", Kind::Function),
            ("punctuation.definition.annotation", Kind::Function),
            ("entity.name.type", Kind::Type),
            ("entity.name.class", Kind::Type),
            ("entity.name.tag", Kind::Type),
            ("support.type", Kind::Type),
            ("support.class", Kind::Type),
            ("variable.parameter", Kind::Variable),
            ("variable.other.member", Kind::Variable),
            ("variable.other.readwrite", Kind::Variable),
            ("variable.other.alias", Kind::Variable),
            ("entity.other.attribute-name", Kind::Variable),
            ("meta.mapping.key", Kind::Variable),
        ];
        RULES
            .iter()
            .find(|(prefix, _)| {
                name.strip_prefix(prefix)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
            })
            .map(|&(_, kind)| kind)
    }
}

/// Each scope's kind, worked out once per thread from its name.
type KindCache = HashMap<Scope, Option<Kind>, BuildHasherDefault<ScopeHasher>>;

thread_local! {
    static KINDS: RefCell<KindCache> = RefCell::new(KindCache::default());
}

/// FxHash-style mixing: a scope is two machine words and is hashed for
/// every push, so SipHash would cost more than the lookup saves.
#[derive(Default)]
struct ScopeHasher(u64);

impl Hasher for ScopeHasher {
    fn write(&mut self, bytes: &[u8]) {
        bytes.iter().for_each(|&b| self.write_u64(u64::from(b)));
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The scope stack with, beside it, the kind a token at each depth takes
/// (its innermost scope with a kind), kept in step push by pop.
struct Kinds<'c> {
    stack: ScopeStack,
    kinds: Vec<Option<Kind>>,
    cache: &'c mut KindCache,
}

impl Kinds<'_> {
    fn current(&self) -> Option<Kind> {
        self.kinds.last().copied().flatten()
    }

    fn of(&mut self, scope: Scope) -> Option<Kind> {
        *self
            .cache
            .entry(scope)
            .or_insert_with(|| Kind::of_name(&scope.build_string()))
    }

    fn apply(&mut self, op: &ScopeStackOp) -> Option<()> {
        self.stack.apply(op).ok()?;
        match op {
            ScopeStackOp::Push(scope) => {
                let kind = self.of(*scope).or(self.current());
                self.kinds.push(kind);
            }
            ScopeStackOp::Pop(n) => self.kinds.truncate(self.kinds.len().saturating_sub(*n)),
            ScopeStackOp::Noop => {}
            // `clear_scopes` and its restore: rare, recount from the stack.
            ScopeStackOp::Clear(_) | ScopeStackOp::Restore => self.recount(),
        }
        if self.kinds.len() != self.stack.len() {
            self.recount();
        }
        Some(())
    }

    fn recount(&mut self) {
        let scopes = self.stack.as_slice().to_vec();
        self.kinds.clear();
        for scope in scopes {
            let kind = self.of(scope).or(self.current());
            self.kinds.push(kind);
        }
    }
}

/// The highlighted lines of `code` (with the `<span class="line">`
/// wrappers when `fence` asks for them), or `None` if the grammar fails.
fn highlight(grammar: Grammar, fence: &Fence, code: &str) -> Option<String> {
    KINDS.with_borrow_mut(|cache| {
        let mut kinds = Kinds {
            stack: ScopeStack::new(),
            kinds: Vec::new(),
            cache,
        };
        highlight_lines(grammar, fence, code, &mut kinds)
    })
}

fn highlight_lines(
    (syntax, set): Grammar,
    fence: &Fence,
    code: &str,
    kinds: &mut Kinds,
) -> Option<String> {
    let mut out = String::with_capacity(code.len() * 2);
    let mut state = ParseState::new(syntax);
    let marked = line_marks(fence, code);
    for (n, line) in LinesWithEndings::from(code).enumerate() {
        let ops = state.parse_line(line, set).ok()?;
        let text = line.strip_suffix('\n').unwrap_or(line);
        if fence.per_line() {
            out.push_str(line_open(&marked, n + 1));
        }
        let mut writer = LineWriter::new(&mut out);
        let mut pos = 0;
        for (at, op) in &ops {
            let at = (*at).min(text.len());
            if at > pos {
                writer.push(&text[pos..at], kinds.current());
                pos = at;
            }
            kinds.apply(op)?;
        }
        writer.push(&text[pos..], kinds.current());
        writer.close();
        if fence.per_line() {
            out.push_str("</span>");
        }
        if text.len() < line.len() {
            out.push('\n');
        }
    }
    Some(out)
}

/// Writes one line's tokens, merging neighbours of one kind into one span.
struct LineWriter<'o> {
    out: &'o mut String,
    open: Option<Kind>,
}

impl<'o> LineWriter<'o> {
    fn new(out: &'o mut String) -> Self {
        LineWriter { out, open: None }
    }

    fn push(&mut self, text: &str, kind: Option<Kind>) {
        // Spaces need no colour: they end a span but start none.
        let kind = kind.filter(|_| !text.bytes().all(|b| b == b' ' || b == b'\t'));
        if kind != self.open {
            self.close();
            if let Some(kind) = kind {
                self.out.push_str("<span class=\"");
                self.out.push_str(kind.class());
                self.out.push_str("\">");
            }
            self.open = kind;
        }
        push_escaped(self.out, text);
    }

    fn close(&mut self) {
        if self.open.take().is_some() {
            self.out.push_str("</span>");
        }
    }
}

/// Which lines of `code` are marked, or nothing when no line is wrapped.
fn line_marks(fence: &Fence, code: &str) -> Vec<bool> {
    if fence.per_line() {
        fence.marked(LinesWithEndings::from(code).count())
    } else {
        Vec::new()
    }
}

fn line_open(marked: &[bool], n: usize) -> &'static str {
    if marked.get(n).copied().unwrap_or(false) {
        "<span class=\"line hl\">"
    } else {
        "<span class=\"line\">"
    }
}

/// Escapes plain `code`, wrapping lines when `fence` asks for it.
fn plain(fence: &Fence, code: &str) -> String {
    let mut out = String::with_capacity(code.len() + code.len() / 8);
    if !fence.per_line() {
        push_escaped(&mut out, code);
        return out;
    }
    let marked = line_marks(fence, code);
    for (n, line) in LinesWithEndings::from(code).enumerate() {
        let text = line.strip_suffix('\n').unwrap_or(line);
        out.push_str(line_open(&marked, n + 1));
        push_escaped(&mut out, text);
        out.push_str("</span>");
        if text.len() < line.len() {
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fence whose info string has no mistakes.
    fn fence(info: &str) -> Fence {
        let (fence, problems) = Fence::parse(info);
        assert_eq!(problems, [], "{info}");
        fence
    }

    fn problems(info: &str) -> Vec<(usize, String)> {
        let (_, problems) = Fence::parse(info);
        problems.into_iter().map(|p| (p.at, p.message)).collect()
    }

    #[test]
    fn info_string_gives_language_and_options() {
        assert_eq!(fence("python").lang, "python");
        let f = fence("python {hl_lines=[2,4-5] linenos}");
        assert_eq!(f.lang, "python");
        assert_eq!(f.hl_lines, [(2, 2), (4, 5)]);
        assert!(f.linenos);
        let f = fence("{hl_lines=[3]}");
        assert_eq!(
            (f.lang.as_str(), f.hl_lines, f.linenos),
            ("", vec![(3, 3)], false)
        );
        assert_eq!(fence("sh {linenos, hl_lines=7}").hl_lines, [(7, 7)]);
    }

    #[test]
    fn malformed_line_numbers_are_problems_at_their_place() {
        let info = "python {hl_lines=[0,-1,5-2,x,3,99999999999999999999999]}";
        let found = problems(info);
        let at = |s: &str| info.find(s).unwrap();
        let offsets: Vec<usize> = found.iter().map(|p| p.0).collect();
        assert_eq!(
            offsets,
            [at("0,"), at("-1"), at("5-2"), at("x,"), at("999")],
            "{found:?}"
        );
        assert!(found[0].1.contains("numbered from 1"), "{found:?}");
        assert!(found[2].1.contains("ends before it starts"), "{found:?}");
        assert_eq!(
            Fence::parse(info).0.hl_lines,
            [(3, 3)],
            "the good one is kept"
        );
    }

    #[test]
    fn unclosed_brackets_unknown_options_and_stray_words_are_problems() {
        let (f, p) = Fence::parse("python {hl_lines=[2,3 linenos");
        assert_eq!(f.hl_lines, [(2, 2), (3, 3)]);
        let messages: Vec<&str> = p.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages[0].contains("unclosed `{`"), "{messages:?}");
        assert!(messages[1].contains("unclosed `[`"), "{messages:?}");
        assert!(messages[2].contains("`linenos`"), "{messages:?}");
        assert_eq!(
            problems("py {lineno} x"),
            [
                (4, "unknown code fence option `lineno`".into()),
                (12, "`x` after the code fence's options is ignored".into())
            ]
        );
        assert_eq!(
            problems("python linenos"),
            [(
                7,
                "`linenos` after the code fence's language is ignored".into()
            )]
        );
    }

    #[test]
    fn huge_ranges_are_clamped_to_the_block_without_expanding() {
        let f = fence("text {hl_lines=[1-4294967295, 2-18446744073709551615]}");
        assert_eq!(f.marks_past(3), Some(usize::MAX));
        assert_eq!(f.marked(3), [false, true, true, true]);
        let mut out = String::new();
        render(&f, "a\nb\n", &mut out);
        assert_eq!(out.matches(r#"<span class="line hl">"#).count(), 2, "{out}");
        assert_eq!(fence("text {hl_lines=[2-3]}").marks_past(3), None);
        assert_eq!(fence("text {hl_lines=[5]}").marked(2), [false; 3]);
    }

    #[test]
    fn python_gets_classed_spans() {
        let mut out = String::new();
        let fence = fence("python");
        assert!(render(&fence, "def f(x):\n    return 'a' # c\n", &mut out));
        assert!(out.starts_with(r#"<pre class="highlight"><code class="language-python">"#));
        assert!(out.contains(r#"<span class="hl-keyword"#), "{out}");
        assert!(out.contains("hl-string"), "{out}");
        assert!(out.contains("hl-comment"), "{out}");
    }

    #[test]
    fn marked_lines_are_wrapped_and_balanced() {
        let mut out = String::new();
        let fence = fence("python {hl_lines=[2] linenos}");
        let code = "s = \"\"\"a\nb\"\"\"\nx = 1\n";
        assert!(render(&fence, code, &mut out));
        assert!(out.contains(r#"<pre class="highlight linenos">"#), "{out}");
        assert_eq!(out.matches(r#"<span class="line">"#).count(), 2, "{out}");
        assert_eq!(out.matches(r#"<span class="line hl">"#).count(), 1, "{out}");
        assert_eq!(out.matches("<span").count(), out.matches("</span>").count());
        // The string spans lines 1 and 2: each line closes and reopens it.
        let lines: Vec<&str> = out.split('\n').collect();
        assert_eq!(
            lines[1],
            r#"<span class="line hl"><span class="hl-string">b&quot;&quot;&quot;</span></span>"#
        );
        assert!(
            lines[0].ends_with(r#"<span class="hl-string">&quot;&quot;&quot;a</span></span>"#),
            "{out}"
        );
    }

    #[test]
    fn tokens_get_one_flat_span_of_the_kind_the_theme_colours() {
        let mut out = String::new();
        let code = "@dataclass\ndef f(x=1):  # c\n    return len('a')\n";
        assert!(render(&fence("py"), code, &mut out));
        assert!(
            out.contains("<span class=\"hl-function\">@dataclass</span>\n"),
            "{out}"
        );
        let mut out = String::new();
        assert!(render(&fence("py"), code, &mut out));
        for token in [
            r#"<span class="hl-keyword">def</span>"#,
            r#"<span class="hl-function">f</span>"#,
            r#"<span class="hl-variable">x</span>"#,
            r#"<span class="hl-number">1</span>"#,
            r#"<span class="hl-comment"># c</span>"#,
            r#"<span class="hl-string">&#39;a&#39;</span>"#,
        ] {
            assert!(out.contains(token), "{token}: {out}");
        }
        assert!(!out.contains("<span class=\"hl-source"), "{out}");
        assert!(!out.contains("<span><span"), "spans are not nested: {out}");
    }

    #[test]
    fn scope_names_map_to_kinds_by_whole_atoms() {
        assert_eq!(
            Kind::of_name("comment.line.number-sign.python"),
            Some(Kind::Comment)
        );
        assert_eq!(
            Kind::of_name("constant.numeric.integer"),
            Some(Kind::Number)
        );
        assert_eq!(
            Kind::of_name("entity.name.function.python"),
            Some(Kind::Function)
        );
        assert_eq!(Kind::of_name("stringy.thing"), None);
        assert_eq!(Kind::of_name("meta.group.python"), None);
    }

    #[test]
    fn every_compact_grammar_loads_and_answers_its_names() {
        for (name, text) in BUILTIN_SYNTAXES {
            if let Err(e) = SyntaxDefinition::load_from_str(text, true, None) {
                panic!("{name}: {e}");
            }
        }
        let set = compact();
        for lang in [
            "python",
            "py",
            "bash",
            "sh",
            "shell",
            "zsh",
            "console",
            "json",
            "yaml",
            "yml",
            "toml",
            "sql",
            "SQL",
            "rust",
            "rs",
            "js",
            "javascript",
            "JavaScript",
            "ts",
            "typescript",
        ] {
            let (syntax, found_in) = find_grammar(lang).expect(lang);
            assert!(std::ptr::eq(found_in, set), "{lang} is compact");
            assert!(set.find_syntax_by_name(&syntax.name).is_some());
        }
        let (_, found_in) = find_grammar("go").expect("go");
        assert!(std::ptr::eq(found_in, bundled()), "go comes from syntect");
    }

    #[test]
    fn unknown_language_is_plain_escaped_text() {
        let mut out = String::new();
        assert!(!render(&fence("nosuchlang"), "a < b\n", &mut out));
        assert_eq!(
            out,
            "<pre class=\"highlight\"><code class=\"language-nosuchlang\">a &lt; b\n</code></pre>\n"
        );
        let mut out = String::new();
        assert!(render(&fence("text"), "x\n", &mut out));
    }
}

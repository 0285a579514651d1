//! Fenced code blocks to highlighted HTML with syntect: one flat span per
//! token with one of the few classes the theme colours (`hl-keyword`,
//! `hl-string`, …).
//!
//! The fence's info string names the language and, in braces, options:
//! `python {hl_lines=[2,4-5] linenos}`.
//!
//! Python, Bash (and shell sessions), JSON, YAML and TOML use compact grammars of our own
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

use super::stage::push_escaped;

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
    /// 1-based line numbers to mark.
    pub hl_lines: Vec<usize>,
    pub linenos: bool,
}

impl Fence {
    /// `python`, `{hl_lines=[2,3]}`, `python {hl_lines=[2,4-5] linenos}`.
    /// Unknown options are ignored.
    pub fn parse(info: &str) -> Fence {
        let info = info.trim();
        let (lang, attrs) = match info.find('{') {
            Some(i) => (info[..i].trim(), info[i + 1..].trim_end_matches('}')),
            None => (info, ""),
        };
        let mut fence = Fence {
            lang: lang.split_whitespace().next().unwrap_or("").to_owned(),
            ..Fence::default()
        };
        let mut rest = attrs;
        while let Some(start) = rest.find(|c: char| !c.is_whitespace() && c != ',') {
            rest = &rest[start..];
            if let Some(list) = rest.strip_prefix("hl_lines=") {
                let list = list.trim_start_matches('[');
                let end = list.find(']').unwrap_or(list.len());
                fence.hl_lines = line_list(&list[..end]);
                rest = list.get(end + 1..).unwrap_or("");
            } else {
                let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                fence.linenos |= rest[..end].trim_end_matches(',') == "linenos";
                rest = &rest[end..];
            }
        }
        fence
    }

    /// Whether the lines need wrapping in `<span class="line">`.
    fn per_line(&self) -> bool {
        self.linenos || !self.hl_lines.is_empty()
    }
}

/// `2,4-5` → `[2, 4, 5]`; what does not parse is skipped.
fn line_list(list: &str) -> Vec<usize> {
    let mut lines = Vec::new();
    for part in list.split([',', ' ']).filter(|p| !p.is_empty()) {
        let range = part.split_once('-').unwrap_or((part, part));
        if let (Ok(a), Ok(b)) = (
            range.0.trim().parse::<usize>(),
            range.1.trim().parse::<usize>(),
        ) {
            lines.extend(a..=b);
        }
    }
    lines
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
    for (n, line) in LinesWithEndings::from(code).enumerate() {
        let ops = state.parse_line(line, set).ok()?;
        let text = line.strip_suffix('\n').unwrap_or(line);
        if fence.per_line() {
            out.push_str(line_open(fence, n + 1));
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

fn line_open(fence: &Fence, n: usize) -> &'static str {
    if fence.hl_lines.contains(&n) {
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
    for (n, line) in LinesWithEndings::from(code).enumerate() {
        let text = line.strip_suffix('\n').unwrap_or(line);
        out.push_str(line_open(fence, n + 1));
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

    #[test]
    fn info_string_gives_language_and_options() {
        assert_eq!(Fence::parse("python").lang, "python");
        let f = Fence::parse("python {hl_lines=[2,4-5] linenos}");
        assert_eq!(f.lang, "python");
        assert_eq!(f.hl_lines, vec![2, 4, 5]);
        assert!(f.linenos);
        let f = Fence::parse("{hl_lines=[3]}");
        assert_eq!(
            (f.lang.as_str(), f.hl_lines, f.linenos),
            ("", vec![3], false)
        );
    }

    #[test]
    fn python_gets_classed_spans() {
        let mut out = String::new();
        let fence = Fence::parse("python");
        assert!(render(&fence, "def f(x):\n    return 'a' # c\n", &mut out));
        assert!(out.starts_with(r#"<pre class="highlight"><code class="language-python">"#));
        assert!(out.contains(r#"<span class="hl-keyword"#), "{out}");
        assert!(out.contains("hl-string"), "{out}");
        assert!(out.contains("hl-comment"), "{out}");
    }

    #[test]
    fn marked_lines_are_wrapped_and_balanced() {
        let mut out = String::new();
        let fence = Fence::parse("python {hl_lines=[2] linenos}");
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
        assert!(render(&Fence::parse("py"), code, &mut out));
        assert!(
            out.contains("<span class=\"hl-function\">@dataclass</span>\n"),
            "{out}"
        );
        let mut out = String::new();
        assert!(render(&Fence::parse("py"), code, &mut out));
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
            "python", "py", "bash", "sh", "shell", "zsh", "console", "json", "yaml", "yml", "toml",
        ] {
            let (syntax, found_in) = find_grammar(lang).expect(lang);
            assert!(std::ptr::eq(found_in, set), "{lang} is compact");
            assert!(set.find_syntax_by_name(&syntax.name).is_some());
        }
        let (_, found_in) = find_grammar("rust").expect("rust");
        assert!(std::ptr::eq(found_in, bundled()), "rust comes from syntect");
    }

    #[test]
    fn unknown_language_is_plain_escaped_text() {
        let mut out = String::new();
        assert!(!render(&Fence::parse("nosuchlang"), "a < b\n", &mut out));
        assert_eq!(
            out,
            "<pre class=\"highlight\"><code class=\"language-nosuchlang\">a &lt; b\n</code></pre>\n"
        );
        let mut out = String::new();
        assert!(render(&Fence::parse("text"), "x\n", &mut out));
    }
}

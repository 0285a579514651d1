//! Fenced code blocks to highlighted HTML with syntect: class-based spans
//! (`hl-keyword`, `hl-string`, …) that the theme's stylesheet colours.
//!
//! The fence's info string names the language and, in braces, options:
//! `python {hl_lines=[2,4-5] linenos}`.

use std::sync::OnceLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use super::stage::push_escaped;

const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Languages shown as plain text without a warning.
const PLAIN: &[&str] = &[
    "text",
    "txt",
    "plain",
    "plaintext",
    "output",
    "console",
    "toml",
];

/// The syntaxes bundled with syntect, loaded once per process on first use.
fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

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
    let syntax = find_syntax(&fence.lang);
    let known = syntax.is_some()
        || fence.lang.is_empty()
        || PLAIN.contains(&fence.lang.to_ascii_lowercase().as_str());
    match syntax.and_then(|s| highlight(s, code)) {
        Some(body) => push_pre(fence, &body, out),
        None => render_plain(fence, code, out),
    }
    known
}

/// Appends the `<pre>` for a fenced block without colours (highlighting
/// off, or an unknown language): line numbers, marked lines and the copy
/// button still work.
pub(super) fn render_plain(fence: &Fence, code: &str, out: &mut String) {
    let mut body = String::with_capacity(code.len() + code.len() / 8);
    push_escaped(&mut body, code);
    push_pre(fence, &body, out);
}

fn push_pre(fence: &Fence, body: &str, out: &mut String) {
    out.push_str("<pre class=\"highlight");
    if fence.linenos {
        out.push_str(" linenos");
    }
    out.push_str("\"><code class=\"language-");
    push_escaped(out, &fence.lang);
    out.push_str("\">");
    if fence.per_line() {
        push_lines(out, body, &fence.hl_lines);
    } else {
        out.push_str(body);
    }
    out.push_str("</code></pre>\n");
}

fn find_syntax(lang: &str) -> Option<&'static SyntaxReference> {
    let set = syntaxes();
    let token = match lang.to_ascii_lowercase().as_str() {
        "sh" | "shell" | "zsh" => "bash",
        "py" => "python",
        "yml" => "yaml",
        "rs" => "rust",
        "javascript" | "ts" | "typescript" => "js",
        _ => lang,
    };
    set.find_syntax_by_token(token)
}

fn highlight(syntax: &SyntaxReference, code: &str) -> Option<String> {
    let mut html = ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes(), STYLE);
    for line in LinesWithEndings::from(code) {
        html.parse_html_for_line_which_includes_newline(line).ok()?;
    }
    Some(html.finalize())
}

/// Wraps every line of `body` in `<span class="line">` (`line hl` for the
/// marked ones), closing the spans still open at a line's end and opening
/// them again on the next, so each line is well-formed on its own.
fn push_lines(out: &mut String, body: &str, hl_lines: &[usize]) {
    // Spans closing after the last newline are closed per line anyway.
    let mut body = body;
    while let Some(rest) = body.strip_suffix("</span>") {
        body = rest;
    }
    let body = body.strip_suffix('\n').unwrap_or(body);
    let mut open: Vec<&str> = Vec::new();
    for (i, line) in body.split('\n').enumerate() {
        out.push_str(if hl_lines.contains(&(i + 1)) {
            "<span class=\"line hl\">"
        } else {
            "<span class=\"line\">"
        });
        open.iter().for_each(|tag| out.push_str(tag));
        let mut rest = line;
        while let Some(lt) = rest.find('<') {
            let gt = rest[lt..].find('>').map_or(rest.len(), |g| lt + g + 1);
            let tag = &rest[lt..gt];
            if tag.starts_with("</") {
                open.pop();
            } else {
                open.push(tag);
            }
            out.push_str(&rest[..gt]);
            rest = &rest[gt..];
        }
        out.push_str(rest);
        open.iter().for_each(|_| out.push_str("</span>"));
        out.push_str("</span>\n");
    }
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
        let second = out.split('\n').nth(1).unwrap();
        assert!(
            second.starts_with(r#"<span class="line hl"><span class="hl-source"#),
            "{second}"
        );
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

//! `$…$` and `$$…$$` to MathML, at build time, with the TeX kept as an
//! `<annotation>` so copying a formula gives its source.

use pulldown_latex::{config::DisplayMode, push_mathml, Parser, RenderConfig, Storage};

use super::escape::push_escaped;

/// How deeply groups (`{…}`, `[…]`, `\left…\right`, `\begin…\end`) may
/// nest in one formula. pulldown-latex scans a group's whole content to
/// find its end before parsing inside it, so each level costs a pass over
/// the formula (50,000 nested braces took 14 s); handwritten TeX rarely
/// nests past 10.
pub const MAX_MATH_DEPTH: usize = 64;

/// Appends the MathML of `tex` to `out`, or returns why it cannot be read
/// (then `out` is unchanged).
pub(super) fn render(tex: &str, display: bool, out: &mut String) -> Result<(), String> {
    if nesting_depth(tex) > MAX_MATH_DEPTH {
        return Err(format!(
            "groups nested more than {MAX_MATH_DEPTH} levels deep"
        ));
    }
    let storage = Storage::new();
    let events = Parser::new(tex, &storage)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| reason(&e.to_string()))?;
    let mut annotation = String::with_capacity(tex.len());
    push_escaped(&mut annotation, tex.trim());
    let config = RenderConfig {
        display_mode: if display {
            DisplayMode::Block
        } else {
            DisplayMode::Inline
        },
        annotation: Some(&annotation),
        ..RenderConfig::default()
    };
    let mut html = String::new();
    let events = events.into_iter().map(Ok::<_, std::convert::Infallible>);
    push_mathml(&mut html, events, config).map_err(|e| e.to_string())?;
    out.push_str(&html);
    Ok(())
}

/// The deepest nesting of groups in `tex`, counted as pulldown-latex
/// opens them (unbalanced closers are not its concern here).
fn nesting_depth(tex: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0);
    let mut rest = tex;
    while let Some(c) = rest.chars().next() {
        let mut len = c.len_utf8();
        match c {
            '{' | '[' => depth += 1,
            '}' | ']' => depth = depth.saturating_sub(1),
            '\\' => {
                let name = rest[1..]
                    .find(|c: char| !c.is_ascii_alphabetic())
                    .map_or(&rest[1..], |end| &rest[1..1 + end]);
                match name {
                    "left" | "begin" => depth += 1,
                    "right" | "end" => depth = depth.saturating_sub(1),
                    // `\{` and the like are characters, not groups.
                    "" => len += rest[1..].chars().next().map_or(0, char::len_utf8),
                    _ => {}
                }
                len += name.len();
            }
            _ => {}
        }
        deepest = deepest.max(depth);
        rest = &rest[len..];
    }
    deepest
}

/// The first line of a pulldown-latex error, without its `parsing error: ` prefix.
fn reason(error: &str) -> String {
    let first = error.lines().next().unwrap_or(error);
    first
        .strip_prefix("parsing error: ")
        .unwrap_or(first)
        .to_owned()
}

/// What stands in the page for a formula that could not be read.
pub(super) fn error_html(tex: &str, display: bool) -> String {
    let mut html = String::from(r#"<code class="math-error">"#);
    let delim = if display { "$$" } else { "$" };
    html.push_str(delim);
    push_escaped(&mut html, tex);
    html.push_str(delim);
    html.push_str("</code>");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_formula_becomes_mathml_with_its_source() {
        let mut out = String::new();
        render("a < b^2", false, &mut out).unwrap();
        assert!(out.starts_with("<math"), "{out}");
        assert!(
            out.contains(r#"<annotation encoding="application/x-tex">a &lt; b^2</annotation>"#),
            "{out}"
        );
    }

    #[test]
    fn deep_nesting_is_an_error_before_parsing() {
        let mut out = String::new();
        let n = 50_000;
        let tex = format!("{}x{}", "{".repeat(n), "}".repeat(n));
        let err = render(&tex, false, &mut out).unwrap_err();
        assert!(err.contains("nested more than 64"), "{err}");
        let tex = format!("{}x{}", r"\left(".repeat(65), r"\right)".repeat(65));
        assert!(render(&tex, false, &mut out).is_err());
        assert!(out.is_empty());
        let ok = format!("{}x{}", "{".repeat(64), "}".repeat(64));
        render(&ok, false, &mut out).unwrap();
        assert_eq!(nesting_depth(r"\{ \} \frac{a}{b} [0, 1)"), 1);
        assert_eq!(nesting_depth(r"\begin{matrix} {a} \end{matrix}"), 2);
    }

    #[test]
    fn unknown_command_is_an_error() {
        let mut out = String::new();
        let err = render(r"\frac{1}", false, &mut out).unwrap_err();
        assert!(!err.is_empty());
        assert!(out.is_empty());
    }
}

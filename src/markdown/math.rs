//! `$…$` and `$$…$$` to MathML, at build time, with the TeX kept as an
//! `<annotation>` so copying a formula gives its source.

use pulldown_latex::{config::DisplayMode, push_mathml, Parser, RenderConfig, Storage};

use super::stage::push_escaped;

/// Appends the MathML of `tex` to `out`, or returns why it cannot be read
/// (then `out` is unchanged).
pub(super) fn render(tex: &str, display: bool, out: &mut String) -> Result<(), String> {
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
    fn unknown_command_is_an_error() {
        let mut out = String::new();
        let err = render(r"\frac{1}", false, &mut out).unwrap_err();
        assert!(!err.is_empty());
        assert!(out.is_empty());
    }
}

//! Turns Tera errors into Diagnostics pointing at template files
//! (`templates/note.html:12:5`), with the offending line and a hint.
//! Tera reports positions by template name; this maps names to the files
//! they were loaded from.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::{ErrorKind, ReportError, Tera};

use crate::diagnostics::{Diagnostic, LineIndex, Pos};

use super::theme::TemplateFile;

type Templates = BTreeMap<String, TemplateFile>;

/// Parses each template on its own so every syntax error is reported, not
/// only the first one Tera meets.
pub(crate) fn check_syntax(templates: &Templates) -> Result<(), Vec<Diagnostic>> {
    let problems: Vec<Diagnostic> = templates
        .iter()
        .filter_map(|(name, file)| {
            let err = Tera::new().add_raw_template(name, &file.source).err()?;
            match err.kind() {
                ErrorKind::SyntaxError(report) => Some(from_report(report, "", templates)),
                // Missing parents, unknown functions…: checked with all templates.
                _ => None,
            }
        })
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// A failure of adding all templates together: unknown filters, functions,
/// includes or parents, inheritance cycles.
pub(crate) fn build_error(err: &tera::Error, templates: &Templates) -> Diagnostic {
    match err.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            from_report(report, "", templates)
        }
        ErrorKind::MissingParent { current, parent } => {
            let message = format!("`{current}` extends `{parent}`, which does not exist");
            at_text(templates, current, parent, message)
        }
        ErrorKind::CircularExtend {
            tpl,
            inheritance_chain: chain,
        } => {
            let message = format!("circular extends: {}", chain.join(" → "));
            at_text(templates, tpl, "extends", message)
        }
        ErrorKind::CircularInclude {
            tpl,
            include_chain: chain,
        } => {
            let message = format!("circular include: {}", chain.join(" → "));
            at_text(templates, tpl, "include", message)
        }
        _ => from_text_report(&err.to_string(), templates),
    }
}

/// A failure while rendering `template` for `page`.
pub(crate) fn render_error(
    err: &tera::Error,
    template: &str,
    page: &str,
    templates: &Templates,
) -> Diagnostic {
    let context = format!("while rendering `{page}`: ");
    match err.kind() {
        ErrorKind::RenderingError(report) | ErrorKind::SyntaxError(report) => {
            let mut d = from_report(report, &context, templates);
            if let Some(place) = called_from(&err.to_string(), templates) {
                let hint = match d.hint.take() {
                    Some(available) => format!("{place}; {available}"),
                    None => place,
                };
                d = d.with_hint(hint);
            }
            d
        }
        ErrorKind::TemplateNotFound(name) => Diagnostic::error(
            Path::new("templates").join(name),
            Pos::START,
            format!("{context}template `{name}` not found"),
        )
        .with_hint(format!(
            "add `templates/{name}` to the site, or use a theme that has it"
        )),
        _ => Diagnostic::error(
            path_of(template, templates),
            Pos::START,
            format!("{context}{err}"),
        ),
    }
}

/// A Diagnostic at a Tera report's position; "Available …" lists become the hint.
fn from_report(report: &ReportError, context: &str, templates: &Templates) -> Diagnostic {
    let span = report.span();
    let pos = Pos::new(span.start_line.max(1), span.start_col + 1);
    let (message, hint) = split_available(report.message());
    let d = Diagnostic::error(
        path_of(report.filename(), templates),
        pos,
        format!("{context}{message}"),
    );
    let d = with_template_source(d, report.filename(), templates);
    match hint {
        Some(hint) => d.with_hint(hint),
        None => d,
    }
}

/// Tera appends "Available fields: a, b" to undefined-variable messages.
fn split_available(message: &str) -> (&str, Option<String>) {
    match message.split_once(" Available ") {
        Some((head, list)) => (head, Some(format!("available {list}"))),
        None => (message, None),
    }
}

/// Validation failures come as text reports (`error: …` / `--> name:l:c`);
/// the first one becomes the Diagnostic, the count of others its hint.
fn from_text_report(text: &str, templates: &Templates) -> Diagnostic {
    let mut located = text_reports(text);
    let Some((message, name, pos)) = located.first().cloned() else {
        return Diagnostic::error("templates", Pos::START, text.to_string());
    };
    let d = Diagnostic::error(path_of(&name, templates), pos, message);
    let d = with_template_source(d, &name, templates);
    located.remove(0);
    if located.is_empty() {
        return d;
    }
    let others: Vec<String> = located
        .iter()
        .map(|(m, n, p)| {
            format!(
                "{}:{}:{}: {m}",
                path_of(n, templates).display(),
                p.line,
                p.col
            )
        })
        .collect();
    d.with_hint(format!("also: {}", others.join("; ")))
}

/// (message, template name, position) of every `error:` block in a report.
fn text_reports(text: &str) -> Vec<(String, String, Pos)> {
    let mut found = Vec::new();
    let mut message = None;
    for line in text.lines() {
        if let Some(m) = line.strip_prefix("error: ") {
            message = Some(m.to_string());
        } else if let Some(loc) = line.trim_start().strip_prefix("--> ") {
            if let (Some(m), Some((name, pos))) = (message.take(), parse_location(loc)) {
                found.push((m, name, pos));
            }
        }
    }
    found
}

/// `name:line:col` (the name may itself contain `:`).
fn parse_location(loc: &str) -> Option<(String, Pos)> {
    let mut parts = loc.rsplitn(3, ':');
    let col = parts.next()?.trim().parse().ok()?;
    let line = parts.next()?.trim().parse().ok()?;
    Some((parts.next()?.to_string(), Pos::new(line, col)))
}

/// "included from templates/note.html:40:5" from the report's notes.
fn called_from(text: &str, templates: &Templates) -> Option<String> {
    let places: Vec<String> = text
        .lines()
        .filter_map(|line| line.strip_prefix("note: called from "))
        .filter_map(parse_location)
        .map(|(name, pos)| {
            format!(
                "{}:{}:{}",
                path_of(&name, templates).display(),
                pos.line,
                pos.col
            )
        })
        .collect();
    (!places.is_empty()).then(|| format!("included from {}", places.join(", from ")))
}

/// A Diagnostic at the first occurrence of `needle` in template `name`.
fn at_text(templates: &Templates, name: &str, needle: &str, message: String) -> Diagnostic {
    let pos = templates
        .get(name)
        .and_then(|f| {
            f.source
                .find(needle)
                .map(|i| LineIndex::new(&f.source).pos(&f.source, i))
        })
        .unwrap_or(Pos::START);
    with_template_source(
        Diagnostic::error(path_of(name, templates), pos, message),
        name,
        templates,
    )
}

fn with_template_source(d: Diagnostic, name: &str, templates: &Templates) -> Diagnostic {
    match templates.get(name) {
        Some(file) => d.with_source(&file.source),
        None => d,
    }
}

/// The file a template name was loaded from (`templates/<name>` if unknown).
fn path_of(name: &str, templates: &Templates) -> PathBuf {
    templates
        .get(name)
        .map_or_else(|| Path::new("templates").join(name), |f| f.path.clone())
}

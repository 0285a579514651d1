//! Callouts beyond GFM's five alerts: `> [!EXAM]` and the kinds a site
//! declares in site.yaml. pulldown-cmark only knows `NOTE`, `TIP`,
//! `IMPORTANT`, `WARNING` and `CAUTION`; any other `[!NAME]` reaches us as a
//! plain blockquote whose first paragraph starts with that text, so this
//! adaptor sits between the parser and the stage and turns such a
//! blockquote into the same `<aside>` the alerts get. The five alerts reach
//! it too when text follows the marker on its line (`> [!NOTE] 本文`),
//! which GFM does not take as an alert; here they get their box anyway.

use std::collections::VecDeque;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::escape::push_escaped;
use super::{AlertLabels, CalloutKind, MarkdownProblem};
use crate::diagnostics::Severity;

use super::source::Source;

type Item<'a> = (Event<'a>, Range<usize>);

/// Parser events with declared callouts rewritten to HTML.
pub(super) struct Callouts<'a, 'r> {
    events: Source<'a>,
    kinds: &'r [CalloutKind],
    alerts: &'r AlertLabels,
    queued: VecDeque<Item<'a>>,
    /// One entry per open plain blockquote: whether it became a callout.
    open: Vec<bool>,
    pub problems: Vec<MarkdownProblem>,
}

impl<'a, 'r> Callouts<'a, 'r> {
    pub fn new(events: Source<'a>, kinds: &'r [CalloutKind], alerts: &'r AlertLabels) -> Self {
        Callouts {
            events,
            kinds,
            alerts,
            queued: VecDeque::new(),
            open: Vec::new(),
            problems: Vec::new(),
        }
    }

    /// A blockquote just opened at `range`: reads ahead as far as its first
    /// paragraph's leading text to see whether it is `[!NAME]`.
    fn blockquote(&mut self, range: Range<usize>) -> Item<'a> {
        let start = (Event::Start(Tag::BlockQuote(None)), range.clone());
        let Some(para) = self.events.next() else {
            self.open.push(false);
            return start;
        };
        if !matches!(para.0, Event::Start(Tag::Paragraph)) {
            self.open.push(false);
            self.queued.push_back(para);
            return start;
        }
        let mut texts: Vec<Item<'a>> = Vec::new();
        let mut stop = None;
        for item in self.events.by_ref() {
            if matches!(item.0, Event::Text(_)) {
                texts.push(item);
            } else {
                stop = Some(item);
                break;
            }
        }
        let text: String = texts
            .iter()
            .filter_map(|(e, _)| match e {
                Event::Text(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        let Some((name, rest)) = marker(&text) else {
            self.open.push(false);
            self.queued.push_back(para);
            self.queued.extend(texts);
            self.queued.extend(stop);
            return start;
        };
        let declared = self
            .kinds
            .iter()
            .find(|k| k.name.eq_ignore_ascii_case(name))
            .cloned();
        let Some(kind) = declared.or_else(|| self.alerts.kind(name)) else {
            self.unknown(name, range.start);
            self.open.push(false);
            self.queued.push_back(para);
            self.queued.extend(texts);
            self.queued.extend(stop);
            return start;
        };
        self.open.push(true);
        let rest = rest.trim_start();
        let text_range = texts.first().map_or(range.clone(), |t| t.1.clone());
        match stop {
            // `> [!EXAM]` alone in its paragraph: no empty <p>.
            Some((Event::End(TagEnd::Paragraph), _)) if rest.is_empty() => {}
            Some((Event::SoftBreak | Event::HardBreak, _)) if rest.is_empty() => {
                self.queued.push_back(para);
            }
            stop => {
                self.queued.push_back(para);
                if !rest.is_empty() {
                    let rest = CowStr::from(rest.to_owned());
                    self.queued.push_back((Event::Text(rest), text_range));
                }
                self.queued.extend(stop);
            }
        }
        (Event::Html(open_html(&kind).into()), range)
    }

    fn unknown(&mut self, name: &str, offset: usize) {
        let mut known: Vec<String> = ["NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"]
            .iter()
            .map(|k| k.to_string())
            .collect();
        known.extend(self.kinds.iter().map(|k| k.name.to_ascii_uppercase()));
        self.problems.push(MarkdownProblem {
            offset,
            severity: Severity::Warning,
            message: format!("unknown callout `[!{name}]`: shown as a plain quote"),
            hint: Some(format!(
                "use one of {}, or declare it under `markdown.callouts` in site.yaml",
                known.join(", ")
            )),
        });
    }
}

impl<'a> Iterator for Callouts<'a, '_> {
    type Item = Item<'a>;

    fn next(&mut self) -> Option<Item<'a>> {
        let (event, range) = match self.queued.pop_front() {
            Some(item) => return Some(item),
            None => self.events.next()?,
        };
        match event {
            Event::Start(Tag::BlockQuote(None)) => Some(self.blockquote(range)),
            Event::End(TagEnd::BlockQuote(None)) => match self.open.pop() {
                Some(true) => Some((Event::Html("</aside>\n".into()), range)),
                _ => Some((event, range)),
            },
            event => Some((event, range)),
        }
    }
}

/// `[!EXAM] rest` → `("EXAM", " rest")`; names are ASCII letters, digits,
/// `-` and `_`.
fn marker(text: &str) -> Option<(&str, &str)> {
    let inner = text.strip_prefix("[!")?;
    let end = inner.find(']')?;
    let name = &inner[..end];
    let valid = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    valid.then(|| (name, &inner[end + 1..]))
}

/// The opening of a callout box; alerts and declared kinds share it.
pub(super) fn open_html(kind: &CalloutKind) -> String {
    let mut html = String::from(r#"<aside class="callout callout-"#);
    push_escaped(&mut html, &kind.name);
    html.push_str(r#"" role="note"><p class="callout-title""#);
    if let Some(icon) = &kind.icon {
        html.push_str(r#" data-icon=""#);
        push_escaped(&mut html, icon);
        html.push('"');
    }
    html.push('>');
    push_escaped(&mut html, &kind.label);
    html.push_str("</p>\n");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marker_reads_the_name_and_what_follows() {
        assert_eq!(marker("[!EXAM]"), Some(("EXAM", "")));
        assert_eq!(marker("[!exam-2] 題"), Some(("exam-2", " 題")));
        assert_eq!(marker("[!]"), None);
        assert_eq!(marker("[!a b]"), None);
        assert_eq!(marker("[EXAM]"), None);
    }
}

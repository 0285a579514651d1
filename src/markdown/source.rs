//! The parser's events as the stage reads them: where the raw HTML
//! policy applies. With `markdown.raw_html: false` (sites that take
//! contributions) raw HTML is shown as what it is, escaped text, instead
//! of becoming markup; manabi's own HTML (callout boxes, heading anchors,
//! links) is added by later steps and is not touched.

use std::ops::Range;

use pulldown_cmark::{Event, OffsetIter, Tag, TagEnd};

type Item<'a> = (Event<'a>, Range<usize>);

/// Parser events, with raw HTML turned into text when a site does not
/// allow it (`markdown.raw_html: false`): what the note wrote is shown,
/// escaped, and an HTML block becomes a paragraph of its text. Only the
/// parser's events pass here; the HTML manabi writes itself (callout
/// boxes, heading anchors, links) is added after.
pub(super) struct Source<'a> {
    events: OffsetIter<'a>,
    raw_html: bool,
}

impl<'a> Source<'a> {
    pub fn new(events: OffsetIter<'a>, raw_html: bool) -> Self {
        Source { events, raw_html }
    }
}

impl<'a> Iterator for Source<'a> {
    type Item = Item<'a>;

    fn next(&mut self) -> Option<Item<'a>> {
        let (event, range) = self.events.next()?;
        if self.raw_html {
            return Some((event, range));
        }
        let event = match event {
            Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
            Event::Start(Tag::HtmlBlock) => Event::Start(Tag::Paragraph),
            Event::End(TagEnd::HtmlBlock) => Event::End(TagEnd::Paragraph),
            event => event,
        };
        Some((event, range))
    }
}

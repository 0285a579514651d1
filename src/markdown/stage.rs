//! The event rewriter behind [`super::render`]: pulls pulldown-cmark events
//! once, watches the text for the TOC, word count and excerpt, and rewrites
//! only what manabi customises (heading ids, alerts, wikilinks, note links),
//! handing everything else to `push_html` untouched.

use std::collections::{HashSet, VecDeque};
use std::hash::{BuildHasherDefault, Hasher};

use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, OffsetIter, Tag, TagEnd,
};

use super::callout::{open_html, Callouts};
use super::escape::push_escaped;
use super::heading::{self, HeadingIds};
use super::highlight::{self, Fence};
use super::keywords::Keywords;
use super::links::{self, Dest};
use super::math;
use super::source::Source;
use super::text::{collapse_ws, Excerpt, PlainText, TextStats};
use super::{
    quiz_placeholder, AlertLabels, LinkResolver, MarkdownOptions, MarkdownProblem, QuizFence,
    Rendered, ResolvedLink, TocEntry,
};
use crate::diagnostics::Severity;

const BROKEN_WIKILINK_OPEN: &str = r#"<span class="wikilink broken">"#;

/// Note ids, hashed with one multiplication: every keyword mention and
/// every link asks, and SipHash cost more than the rest of the lookup.
type NoteSet = HashSet<usize, BuildHasherDefault<NoteIdHasher>>;

#[derive(Default)]
struct NoteIdHasher(u64);

impl Hasher for NoteIdHasher {
    fn write(&mut self, bytes: &[u8]) {
        bytes.iter().for_each(|&b| self.write_u64(u64::from(b)));
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A heading whose id is not known until its text has been seen.
struct OpenHeading<'a> {
    level: HeadingLevel,
    id: Option<CowStr<'a>>,
    classes: Vec<CowStr<'a>>,
    attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
    text: String,
    offset: usize,
}

struct OpenLink<'a> {
    /// HTML that closes the link; `None` lets `End(Link)` through.
    close: Option<&'static str>,
    /// Shown when a `[[target|]]` label turns out empty.
    fallback: Option<CowStr<'a>>,
    has_content: bool,
}

pub(super) struct Stage<'a, 'r: 'a> {
    /// The body, for positions inside what an event covers (a fence's
    /// options).
    src: &'a str,
    events: Callouts<'a, 'r>,
    resolver: &'r dyn LinkResolver,
    labels: &'r AlertLabels,
    highlight: bool,
    out: VecDeque<Event<'a>>,
    heading: Option<OpenHeading<'a>>,
    heading_events: Vec<Event<'a>>,
    open_links: Vec<OpenLink<'a>>,
    in_code_block: bool,
    image_depth: usize,
    ids: HeadingIds,
    toc: Vec<TocEntry>,
    stats: TextStats,
    excerpt: Excerpt,
    text: PlainText,
    links: Vec<usize>,
    /// The notes in `links`, for lookups: a body may hold thousands of links.
    linked: NoteSet,
    keyword_links: Vec<usize>,
    problems: Vec<MarkdownProblem>,
    /// The ```quiz block being read, if inside one.
    quiz: Option<QuizFence>,
    quizzes: Vec<QuizFence>,
    /// The fenced code block being read, if inside one with an info string.
    code: Option<OpenCode>,
    image: Option<OpenImage<'a>>,
    keywords: Option<KeywordState<'r>>,
    /// Raw inline HTML elements open around the text (`<a>`, `<code>`, …)
    /// whose content must not get keyword links.
    html_depth: usize,
}

/// An image whose alt text is still being read.
struct OpenImage<'a> {
    /// Its URL may not be published: only the alt text is shown.
    refused: bool,
    src: CowStr<'a>,
    /// The path as written, for messages.
    written: String,
    title: CowStr<'a>,
    size: Option<(u32, u32)>,
    alt: String,
    /// Images nested in this one's alt text (their text joins the alt).
    nested: usize,
    offset: usize,
}

/// Keyword auto-linking of one body.
struct KeywordState<'r> {
    automaton: &'r Keywords,
    /// Link the first mention (`true`) or report unlinked ones.
    link: bool,
    /// Notes already linked or reported by keyword.
    done: NoteSet,
    /// Report mode: first mentions, as (body offset, note, mention text, title).
    mentions: Vec<(usize, usize, String, String)>,
}

struct OpenCode {
    fence: Fence,
    offset: usize,
    /// Where the `hl_lines` option is written, for the warning about
    /// lines past the block's end.
    hl_lines_at: usize,
    text: String,
}

impl<'a, 'r: 'a> Iterator for Stage<'a, 'r> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            if let Some(event) = self.out.pop_front() {
                return Some(event);
            }
            let (event, range) = self.events.next()?;
            self.observe(&event);
            if let Some(event) = self.rewrite(event, range.start) {
                return Some(event);
            }
        }
    }
}

impl<'a, 'r: 'a> Stage<'a, 'r> {
    pub(super) fn new(
        src: &'a str,
        events: OffsetIter<'a>,
        resolver: &'r dyn LinkResolver,
        opts: &'r MarkdownOptions,
    ) -> Self {
        Stage {
            src,
            events: Callouts::new(
                Source::new(events, opts.raw_html),
                &opts.callouts,
                &opts.labels,
            ),
            resolver,
            labels: &opts.labels,
            highlight: opts.highlight,
            out: VecDeque::new(),
            heading: None,
            heading_events: Vec::new(),
            open_links: Vec::new(),
            in_code_block: false,
            image_depth: 0,
            ids: HeadingIds::default(),
            toc: Vec::new(),
            stats: TextStats::default(),
            excerpt: Excerpt::default(),
            text: PlainText::new(opts.plain_text),
            links: Vec::new(),
            linked: NoteSet::default(),
            keyword_links: Vec::new(),
            problems: Vec::new(),
            quiz: None,
            quizzes: Vec::new(),
            code: None,
            image: None,
            keywords: resolver.keywords().map(|automaton| KeywordState {
                automaton,
                link: opts.auto_link,
                done: NoteSet::default(),
                mentions: Vec::new(),
            }),
            html_depth: 0,
        }
    }

    pub(super) fn finish(mut self, mut html: String) -> Rendered {
        // Heading warnings are raised at the heading's end, after problems
        // found inside it; report in source order.
        self.problems.append(&mut self.events.problems);
        self.report_unlinked_mentions();
        self.problems.sort_by_key(|p| p.offset);
        // Kept for the whole build: a grown buffer's spare half would be a
        // tenth of the peak memory at 10,000 notes.
        html.shrink_to_fit();
        let mut text = self.text.finish();
        text.shrink_to_fit();
        Rendered {
            html,
            toc: self.toc,
            links: self.links,
            keyword_links: self.keyword_links,
            word_count: self.stats.words(),
            reading_minutes: self.stats.minutes(),
            excerpt: self.excerpt.finish(),
            text,
            problems: self.problems,
            quizzes: self.quizzes,
        }
    }

    fn observe(&mut self, event: &Event<'a>) {
        match event {
            Event::Text(text) => self.observe_text(text),
            Event::Code(code) => self.observe_plain(code),
            Event::SoftBreak | Event::HardBreak => {
                self.observe_plain(" ");
                self.text.soft_space();
            }
            Event::Start(Tag::CodeBlock(_)) => self.in_code_block = true,
            Event::End(TagEnd::CodeBlock) => self.in_code_block = false,
            Event::Start(Tag::Image { .. }) => self.image_depth += 1,
            Event::End(TagEnd::Image) => self.image_depth = self.image_depth.saturating_sub(1),
            Event::Start(Tag::Paragraph) => self.excerpt.open_paragraph(),
            Event::End(TagEnd::Paragraph) => {
                self.excerpt.close_paragraph();
                // Inline HTML cannot span blocks: an unclosed `<a>` ends here.
                self.html_depth = 0;
            }
            Event::End(TagEnd::TableCell | TagEnd::Item) => self.html_depth = 0,
            Event::InlineHtml(html) => self.observe_inline_html(html),
            _ => {}
        }
        if !matches!(event, Event::Text(_)) {
            self.stats.boundary();
        }
        if matches!(event, Event::End(end) if is_block_end(end)) {
            self.text.space();
        }
    }

    /// Body text: counted, unless it is code or an image's alt text.
    fn observe_text(&mut self, text: &str) {
        if self.in_code_block || self.image_depth > 0 {
            return;
        }
        self.stats.add(text);
        self.observe_plain(text);
    }

    fn observe_plain(&mut self, text: &str) {
        self.excerpt.push(text);
        if text != " " {
            self.text.push(text);
        }
        if let Some(heading) = &mut self.heading {
            heading.text.push_str(text);
        }
    }

    /// Queues the replacement of a customised event and returns `None`, or
    /// returns an untouched event so it skips the queue.
    fn rewrite(&mut self, event: Event<'a>, offset: usize) -> Option<Event<'a>> {
        if self.quiz.is_some() {
            self.quiz_content(event);
            return None;
        }
        if self.code.is_some() {
            self.code_content(event);
            return None;
        }
        if self.image.is_some() {
            self.image_content(event);
            return None;
        }
        self.mark_link_content(&event);
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if crate::quiz::is_quiz_fence(&info) =>
            {
                self.quiz = Some(QuizFence {
                    offset,
                    text: String::new(),
                });
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if !info.trim().is_empty() =>
            {
                self.open_code(&info, offset)
            }
            Event::Start(tag @ Tag::Heading { .. }) => self.open_heading(tag, offset),
            Event::End(TagEnd::Heading(_)) => self.close_heading(),
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let html = alert_open(kind, self.labels);
                self.emit(Event::Html(html.into()));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => self.emit(Event::Html("</aside>\n".into())),
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { .. },
                dest_url,
                ..
            }) => self.open_wikilink(dest_url, offset),
            Event::Start(tag @ Tag::Link { .. }) => self.open_link(tag, offset),
            Event::End(TagEnd::Link) => self.close_link(),
            Event::Start(tag @ Tag::Image { .. }) => self.open_image(tag, offset),
            Event::InlineMath(tex) => self.math(&tex, false, offset),
            Event::DisplayMath(tex) => self.math(&tex, true, offset),
            Event::Text(text) if self.scans_keywords() => self.keyword_text(text, offset),
            event if self.heading.is_none() => return Some(event),
            event => self.heading_events.push(event),
        }
        None
    }

    /// Starts a fenced block with a language or options; mistakes in the
    /// options are warnings at the option.
    fn open_code(&mut self, info: &str, offset: usize) {
        let (fence, problems) = Fence::parse(info);
        let info_at = info_offset(self.src, offset, info);
        let at = |i: usize| info_at.map_or(offset, |start| start + i);
        for p in problems {
            self.problem(at(p.at), Severity::Warning, p.message, p.hint);
        }
        self.code = Some(OpenCode {
            fence,
            offset,
            hl_lines_at: at(info.find("hl_lines").unwrap_or(0)),
            text: String::new(),
        });
    }

    /// Collects a fenced block's code; at its end, emits it highlighted.
    fn code_content(&mut self, event: Event<'a>) {
        match event {
            Event::Text(text) => {
                if let Some(code) = &mut self.code {
                    code.text.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(code) = self.code.take() {
                    self.check_marked_lines(&code);
                    let mut html = String::with_capacity(code.text.len() * 3);
                    if !self.highlight {
                        highlight::render_plain(&code.fence, &code.text, &mut html);
                    } else if !highlight::render(&code.fence, &code.text, &mut html) {
                        let lang = &code.fence.lang;
                        self.problem(
                            code.offset,
                            Severity::Warning,
                            format!("unknown language `{lang}` in code fence: shown without highlighting"),
                            "use a common name (python, rust, js, json, yaml, bash, …) or `text`",
                        );
                    }
                    self.emit(Event::Html(html.into()));
                }
            }
            _ => {}
        }
    }

    /// `hl_lines` naming lines past the block's end: a warning (the marks
    /// are clamped to the block).
    fn check_marked_lines(&mut self, code: &OpenCode) {
        let lines = code.text.lines().count();
        if let Some(last) = code.fence.marks_past(lines) {
            self.problem(
                code.hl_lines_at,
                Severity::Warning,
                format!(
                    "`hl_lines` marks line {last}, but the block has {lines} line{}",
                    if lines == 1 { "" } else { "s" }
                ),
                "count from the first line inside the fence; marks past the end are ignored",
            );
        }
    }

    /// A formula as MathML; one that cannot be read is shown as its source.
    fn math(&mut self, tex: &str, display: bool, offset: usize) {
        let mut html = String::new();
        if display {
            html.push_str(r#"<span class="math-display">"#);
        }
        if let Err(reason) = math::render(tex, display, &mut html) {
            self.problem(
                offset,
                Severity::Error,
                format!("cannot render formula: {reason}"),
                "check the TeX (braces, command names); write `\\$` for a literal dollar sign",
            );
            html.push_str(&math::error_html(tex, display));
        }
        if display {
            html.push_str("</span>");
        }
        self.emit(Event::InlineHtml(html.into()));
    }

    /// Collects a ```quiz block's text; at its end, leaves a placeholder
    /// where it stood.
    fn quiz_content(&mut self, event: Event<'a>) {
        match event {
            Event::Text(text) => {
                if let Some(fence) = &mut self.quiz {
                    fence.text.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(fence) = self.quiz.take() {
                    let html = format!("{}\n", quiz_placeholder(self.quizzes.len()));
                    self.quizzes.push(fence);
                    self.emit(Event::Html(html.into()));
                }
            }
            _ => {}
        }
    }

    /// Inside a heading events wait for its id; elsewhere they go straight out.
    fn emit(&mut self, event: Event<'a>) {
        match self.heading {
            Some(_) => self.heading_events.push(event),
            None => self.out.push_back(event),
        }
    }

    fn open_heading(&mut self, tag: Tag<'a>, offset: usize) {
        let Tag::Heading {
            level,
            id,
            classes,
            attrs,
        } = tag
        else {
            return;
        };
        let id = id.filter(|id| !id.is_empty());
        let text = String::new();
        self.heading = Some(OpenHeading {
            level,
            id,
            classes,
            attrs,
            text,
            offset,
        });
    }

    fn close_heading(&mut self) {
        let Some(heading) = self.heading.take() else {
            return;
        };
        let title = collapse_ws(&heading.text).into_owned();
        let id = self.heading_id(heading.id.as_deref(), &title, heading.offset);
        let level = heading.level;
        let in_toc = matches!(level, HeadingLevel::H2 | HeadingLevel::H3);
        let anchor = in_toc.then(|| anchor_html(&id));
        if in_toc {
            let entry = TocEntry {
                level: level as u8,
                id: id.clone(),
                title,
                children: Vec::new(),
            };
            heading::add_to_toc(&mut self.toc, entry);
        }
        self.out.push_back(Event::Start(Tag::Heading {
            level,
            id: Some(id.into()),
            classes: heading.classes,
            attrs: heading.attrs,
        }));
        self.out.extend(self.heading_events.drain(..));
        if let Some(anchor) = anchor {
            self.out.push_back(Event::InlineHtml(anchor.into()));
        }
        self.out.push_back(Event::End(TagEnd::Heading(level)));
    }

    fn heading_id(&mut self, explicit: Option<&str>, title: &str, offset: usize) -> String {
        let Some(id) = explicit else {
            return self.ids.derive(title);
        };
        if !self.ids.claim(id) {
            self.problem(
                offset,
                Severity::Warning,
                format!("duplicate heading id `{id}`"),
                "links to it reach only the first heading; give this one another `{#id}`",
            );
        }
        id.to_owned()
    }

    /// Records that the innermost open link shows something, so an empty
    /// `[[target|]]` label can fall back to the target.
    fn mark_link_content(&mut self, event: &Event<'_>) {
        if let Some(link) = self.open_links.last_mut() {
            link.has_content |= match event {
                Event::Text(text) => !text.is_empty(),
                Event::End(TagEnd::Link) => false,
                _ => true,
            };
        }
    }

    fn open_link(&mut self, tag: Tag<'a>, offset: usize) {
        let Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        } = tag
        else {
            return;
        };
        if let Some(scheme) = links::refused_scheme(&dest_url, false) {
            self.refuse_url(
                offset,
                scheme,
                "link to",
                "its text is shown without the link",
            );
            // Its text goes out as usual; the end writes nothing.
            self.open_links.push(OpenLink {
                close: Some(""),
                fallback: None,
                has_content: false,
            });
            return;
        }
        let dest_url = match link_type {
            LinkType::Email | LinkType::Autolink => dest_url,
            _ => self.link_dest(dest_url, offset),
        };
        self.open_links.push(OpenLink {
            close: None,
            fallback: None,
            has_content: false,
        });
        self.emit(Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }));
    }

    fn close_link(&mut self) {
        let Some(link) = self.open_links.pop() else {
            return self.emit(Event::End(TagEnd::Link));
        };
        if let (false, Some(text)) = (link.has_content, link.fallback) {
            self.emit(Event::Text(text));
        }
        match link.close {
            Some(html) => self.emit(Event::InlineHtml(html.into())),
            None => self.emit(Event::End(TagEnd::Link)),
        }
    }

    fn open_wikilink(&mut self, dest: CowStr<'a>, offset: usize) {
        let dest = strip_table_escape(dest);
        let (open, close): (CowStr<'a>, _) = match self.wikilink_href(&dest) {
            Some(href) => (wikilink_open(&href).into(), "</a>"),
            None => {
                self.problem(
                    offset,
                    Severity::Error,
                    format!("broken wikilink `[[{dest}]]`: no note has this title, slug or alias"),
                    "check the spelling, or add it to the target note's `aliases`",
                );
                (BROKEN_WIKILINK_OPEN.into(), "</span>")
            }
        };
        self.open_links.push(OpenLink {
            close: Some(close),
            fallback: Some(dest),
            has_content: false,
        });
        self.emit(Event::InlineHtml(open));
    }

    /// `[[target]]` or `[[target#heading]]`; the whole text is tried first so
    /// a title that itself contains `#` (`C#`) still resolves.
    fn wikilink_href(&mut self, dest: &str) -> Option<String> {
        if let Some(link) = self.resolver.wikilink(&collapse_ws(dest)) {
            return Some(self.note_url(link, None));
        }
        let (target, fragment) = dest.split_once('#')?;
        let fragment = (!fragment.trim().is_empty()).then(|| heading::slug(fragment));
        let target = collapse_ws(target);
        if target.is_empty() {
            return fragment.map(|f| format!("#{f}"));
        }
        let link = self.resolver.wikilink(&target)?;
        Some(self.note_url(link, fragment.as_deref()))
    }

    fn link_dest(&mut self, dest: CowStr<'a>, offset: usize) -> CowStr<'a> {
        match self.resolve_dest(&dest, offset) {
            Some(url) => url.into(),
            None => dest,
        }
    }

    /// The URL replacing `dest`, or `None` to keep it as written.
    fn resolve_dest(&mut self, dest: &str, offset: usize) -> Option<String> {
        match links::classify(dest) {
            Dest::Keep => self.asset_url(dest),
            Dest::Site { path, rest } => Some(self.resolver.site_path(path) + rest),
            Dest::Note { path, fragment } => {
                let Some(link) = self.resolver.md_link(&path) else {
                    self.problem(
                        offset,
                        Severity::Error,
                        format!("broken link `{dest}`: no such note"),
                        "links are relative to this note's file; check the path and file name",
                    );
                    return None;
                };
                Some(self.note_url(link, fragment))
            }
        }
    }

    /// Starts reading an image: its alt text comes as the next events.
    /// A relative or site-absolute image file that does not exist is an
    /// error; one that does gets its width and height.
    fn open_image(&mut self, tag: Tag<'a>, offset: usize) {
        let Tag::Image {
            dest_url, title, ..
        } = tag
        else {
            return;
        };
        let refused = links::refused_scheme(&dest_url, true);
        if let Some(scheme) = refused {
            self.refuse_url(
                offset,
                scheme,
                "image from",
                "its description is shown instead",
            );
        }
        let (src, file) = match links::site_absolute(&dest_url).filter(|_| refused.is_none()) {
            Some((path, rest)) => (
                Some(self.resolver.site_path(path) + rest),
                Some(path.into()),
            ),
            None => match links::relative_file(&dest_url).filter(|_| refused.is_none()) {
                Some((path, rest)) => (self.resolver.asset(&path).map(|u| u + rest), Some(path)),
                None => (None, None),
            },
        };
        let size = match file.map(|f| self.resolver.image(&f)) {
            Some(Some(size)) => size,
            Some(None) => {
                self.problem(
                    offset,
                    Severity::Error,
                    format!("image `{dest_url}` not found"),
                    "relative paths start at this note's file; `/img/x.png` means `static/img/x.png`",
                );
                None
            }
            None => None,
        };
        self.image = Some(OpenImage {
            refused: refused.is_some(),
            written: dest_url.to_string(),
            src: src.map_or(dest_url, CowStr::from),
            title,
            size,
            alt: String::new(),
            nested: 0,
            offset,
        });
    }

    /// Collects an image's alt text as plain text; at its end, emits the `<img>`.
    fn image_content(&mut self, event: Event<'a>) {
        let Some(image) = &mut self.image else {
            return;
        };
        match event {
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                image.alt.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak => image.alt.push(' '),
            Event::Start(Tag::Image { .. }) => image.nested += 1,
            Event::End(TagEnd::Image) if image.nested > 0 => image.nested -= 1,
            Event::End(TagEnd::Image) => {
                if let Some(image) = self.image.take() {
                    self.close_image(image);
                }
            }
            _ => {}
        }
    }

    fn close_image(&mut self, image: OpenImage<'a>) {
        if image.refused {
            return self.emit(Event::Text(image.alt.into()));
        }
        if image.alt.trim().is_empty() {
            self.problem(
                image.offset,
                Severity::Warning,
                format!("image `{}` has no alt text", image.written),
                "describe it in the brackets, `![説明](…)`, for screen readers and when it does not load",
            );
        }
        self.emit(Event::InlineHtml(img_html(&image).into()));
    }

    /// A warning for a link or image whose URL is never published.
    fn refuse_url(&mut self, offset: usize, scheme: &str, what: &str, instead: &str) {
        self.problem(
            offset,
            Severity::Warning,
            format!("{what} a `{scheme}` URL removed: {instead}"),
            "`javascript:`, `vbscript:` and `data:` URLs (but images' `data:image/…`) are never published from Markdown; link to a web address or a note",
        );
    }

    /// The published URL of a relative link to a content file, if it is one.
    fn asset_url(&self, dest: &str) -> Option<String> {
        let (path, rest) = links::relative_file(dest)?;
        self.resolver.asset(&path).map(|url| url + rest)
    }

    fn note_url(&mut self, link: ResolvedLink, fragment: Option<&str>) -> String {
        if self.linked.insert(link.note) {
            self.links.push(link.note);
        }
        let mut url = link.url;
        if let Some(fragment) = fragment {
            url.push('#');
            url.push_str(fragment);
        }
        url
    }

    /// Tracks raw inline elements whose text is not prose to link.
    fn observe_inline_html(&mut self, html: &str) {
        let Some(tag) = html.strip_prefix('<') else {
            return;
        };
        let (closing, tag) = match tag.strip_prefix('/') {
            Some(rest) => (true, rest),
            None => (false, tag),
        };
        let name_len = tag
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(tag.len());
        let name = tag[..name_len].to_ascii_lowercase();
        if !NO_KEYWORD_ELEMENTS.contains(&name.as_str()) || html.ends_with("/>") {
            return;
        }
        if closing {
            self.html_depth = self.html_depth.saturating_sub(1);
        } else {
            self.html_depth += 1;
        }
    }

    /// Plain prose only: not in a heading, a link, code, an image's alt
    /// text or raw HTML (math and quiz blocks never arrive as text).
    fn scans_keywords(&self) -> bool {
        self.keywords.is_some()
            && self.heading.is_none()
            && self.open_links.is_empty()
            && !self.in_code_block
            && self.image_depth == 0
            && self.html_depth == 0
    }

    /// Text with the first mention of each other note linked (or, in
    /// report mode, remembered for a warning).
    fn keyword_text(&mut self, text: CowStr<'a>, offset: usize) {
        let Some(state) = &self.keywords else {
            return self.emit(Event::Text(text));
        };
        let mentions = state.automaton.find(&text);
        // Offsets inside text the parser rewrote (entities) are not source offsets.
        let exact = matches!(text, CowStr::Borrowed(_));
        let mut last = 0;
        for m in mentions {
            let Some(link) = self.claim_keyword(m.note) else {
                continue;
            };
            let at = offset + if exact { m.range.start } else { 0 };
            if !self.keywords.as_ref().is_some_and(|k| k.link) {
                if let Some(k) = &mut self.keywords {
                    let said = text[m.range.clone()].to_owned();
                    k.mentions.push((at, m.note, said, link.link.title.clone()));
                }
                continue;
            }
            if last < m.range.start {
                self.emit(Event::Text(slice(&text, last..m.range.start)));
            }
            self.keyword_links.push(m.note);
            self.emit(Event::InlineHtml(CowStr::Borrowed(link.open_html())));
            self.emit(Event::Text(slice(&text, m.range.clone())));
            self.emit(Event::InlineHtml("</a>".into()));
            last = m.range.end;
        }
        if last == 0 {
            self.emit(Event::Text(text));
        } else if last < text.len() {
            self.emit(Event::Text(slice(&text, last..text.len())));
        }
    }

    /// The link for the first mention of `note`: `None` if it was handled
    /// already, is linked explicitly earlier, or is the note itself.
    fn claim_keyword(&mut self, note: usize) -> Option<&'r super::KeywordLink> {
        let state = self.keywords.as_mut()?;
        if self.linked.contains(&note) || !state.done.insert(note) {
            return None;
        }
        self.resolver.keyword_link(note)
    }

    /// Report mode: a mention of a note this one never links to is a warning.
    fn report_unlinked_mentions(&mut self) {
        let Some(state) = self.keywords.take() else {
            return;
        };
        for (offset, note, said, title) in state.mentions {
            if self.linked.contains(&note) {
                continue;
            }
            self.problem(
                offset,
                Severity::Warning,
                format!("unlinked mention: `{said}` names the note `{title}`, which this note never links"),
                &format!("write [[{said}]] to link it, or turn on `markdown.auto_link_keywords`"),
            );
        }
    }

    fn problem(&mut self, offset: usize, severity: Severity, message: String, hint: &str) {
        self.problems.push(MarkdownProblem {
            offset,
            severity,
            message,
            hint: Some(hint.to_owned()),
        });
    }
}

/// Ends of blocks whose text must not run into the next block's in the
/// plain text (inline ends such as emphasis must: `**重**要` is one word).
fn is_block_end(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::BlockQuote(_)
            | TagEnd::Item
            | TagEnd::TableCell
            | TagEnd::FootnoteDefinition
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
    )
}

/// Where a fence's info string starts in `src`, the fence starting at
/// `offset`; `None` when the source does not spell it as the parser gives
/// it (escapes, entities), and positions fall back to the fence.
fn info_offset(src: &str, offset: usize, info: &str) -> Option<usize> {
    let line = src.get(offset..)?.lines().next()?;
    // Indentation, the backticks or tildes, then spaces before the info.
    let after = line.trim_start_matches([' ', '\t', '`', '~']);
    let start = offset + (line.len() - after.len());
    src.get(start..)?.starts_with(info).then_some(start)
}

/// In a table the pipe of `[[target\|label]]` must be escaped, and
/// pulldown-cmark leaves that backslash at the end of the target.
fn strip_table_escape(dest: CowStr<'_>) -> CowStr<'_> {
    match dest {
        CowStr::Borrowed(s) => CowStr::Borrowed(s.strip_suffix('\\').unwrap_or(s)),
        other if other.ends_with('\\') => other[..other.len() - 1].to_owned().into(),
        other => other,
    }
}

fn alert_open(kind: BlockQuoteKind, labels: &AlertLabels) -> String {
    let name = match kind {
        BlockQuoteKind::Note => "note",
        BlockQuoteKind::Tip => "tip",
        BlockQuoteKind::Important => "important",
        BlockQuoteKind::Warning => "warning",
        BlockQuoteKind::Caution => "caution",
    };
    labels.kind(name).map(|k| open_html(&k)).unwrap_or_default()
}

/// `<img>` with its size when known; body images load lazily and decode
/// off the main thread (the header image, outside the body, does not).
fn img_html(image: &OpenImage<'_>) -> String {
    let mut html = String::from(r#"<img src=""#);
    // As pulldown-cmark writes URLs, so `![](a b.png)` stays a valid src.
    let _ = pulldown_cmark_escape::escape_href(&mut html, &image.src);
    html.push_str(r#"" alt=""#);
    push_escaped(&mut html, &image.alt);
    html.push('"');
    if !image.title.is_empty() {
        html.push_str(r#" title=""#);
        push_escaped(&mut html, &image.title);
        html.push('"');
    }
    if let Some((w, h)) = image.size {
        html.push_str(&format!(r#" width="{w}" height="{h}""#));
    }
    html.push_str(r#" loading="lazy" decoding="async" />"#);
    html
}

fn anchor_html(id: &str) -> String {
    let mut html = String::from(r##" <a class="heading-anchor" href="#"##);
    push_escaped(&mut html, id);
    html.push_str(r#"" aria-hidden="true">#</a>"#);
    html
}

/// Raw inline elements whose content is code, a link or a widget, never prose.
const NO_KEYWORD_ELEMENTS: &[&str] = &[
    "a", "code", "kbd", "samp", "pre", "script", "style", "textarea", "button", "svg", "math",
];

/// Part of a text event, still borrowing the source when the event did.
fn slice<'a>(text: &CowStr<'a>, range: std::ops::Range<usize>) -> CowStr<'a> {
    match text {
        CowStr::Borrowed(s) => CowStr::Borrowed(&s[range]),
        other => CowStr::from(other[range].to_owned()),
    }
}

pub(super) fn keyword_open(href: &str, hover: &str) -> String {
    let mut html = format!(r#"{} href=""#, super::KEYWORD_LINK_OPEN);
    push_escaped(&mut html, href);
    html.push_str(r#"" title=""#);
    push_escaped(&mut html, hover);
    html.push_str(r#"">"#);
    html
}

fn wikilink_open(href: &str) -> String {
    let mut html = String::from(r#"<a class="wikilink" href=""#);
    push_escaped(&mut html, href);
    html.push_str(r#"">"#);
    html
}

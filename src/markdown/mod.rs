//! Markdown stage: one note body in, HTML plus TOC, links and problems out. Pure: no I/O.
//!
//! The body arrives with its front-matter already split off, so metadata
//! blocks are never enabled here (a `---` line is a thematic break). The
//! site graph is reached only through [`LinkResolver`]; this stage does not
//! know where notes live or how URLs are built. Problems carry byte offsets
//! into the body; the caller turns them into `path:line:col` diagnostics.

mod callout;
mod escape;
#[cfg(test)]
mod grammar_tests;
mod heading;
mod highlight;
#[cfg(test)]
mod keyword_tests;
mod keywords;
mod links;
mod math;
mod source;
mod stage;
mod text;

use pulldown_cmark::{html, Options, Parser};

use crate::diagnostics::Severity;
#[cfg(test)]
pub(crate) use escape::unescape as unescape_html;
pub use keywords::{KeywordLinks, Keywords, Mention};
use stage::Stage;

/// What the markdown stage needs from the site graph (implemented by the `site` stage).
pub trait LinkResolver: Sync {
    /// `[[target]]`: a note whose title, slug or alias equals `target` (exact, then case-insensitive/NFKC).
    fn wikilink(&self, target: &str) -> Option<ResolvedLink>;
    /// A relative link written in the note, e.g. `other.md`, `../sec/x.md#part`, `sub/index.md`
    /// (fragment already stripped by you and re-appended to the url by you).
    fn md_link(&self, target: &str) -> Option<ResolvedLink>;
    /// A site-absolute path written in the note (`/tags/llm/`), made to honour the base path (`/notes/tags/llm/`).
    fn site_path(&self, path: &str) -> String;
    /// A relative path to a file that is not a note (`pic.png`, `../img/x.svg`,
    /// percent-decoded, query and fragment stripped): the URL it is published
    /// under, or `None` to keep the link as written. A plain note's page sits
    /// one folder deeper than its file, so relative asset links need this.
    fn asset(&self, _path: &str) -> Option<String> {
        None
    }
    /// An image a note shows, by a relative path (as for [`Self::asset`])
    /// or a site-absolute one (`/img/x.png`, a file of `static/`): `None`
    /// when there is no such file, else its width and height if known.
    /// Paths that do not look like images are `Some(None)`: not checked.
    fn image(&self, _path: &str) -> Option<Option<(u32, u32)>> {
        Some(None)
    }
    /// Every note's title and aliases, for keyword auto-links, or `None` to
    /// leave plain text alone (question text, section indexes).
    fn keywords(&self) -> Option<&Keywords> {
        None
    }
    /// The link a mention of note `note` becomes; `None` for the note being
    /// rendered (a note never links to itself). Made once per note and
    /// kept by [`KeywordLinks`], as every body links a note alike.
    fn keyword_link(&self, _note: usize) -> Option<&KeywordLink> {
        None
    }
}

/// What an auto-linked keyword links to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeywordLink {
    pub link: ResolvedLink,
    /// The note's title and summary bullets, one a line: the link's
    /// `title`, which the theme's hover card shows.
    pub hover: String,
    /// The link's opening tag, written once for all the bodies that link
    /// the note (escaping a hover text costs more than finding the keyword).
    open: Box<str>,
}

impl KeywordLink {
    pub fn new(link: ResolvedLink, hover: String) -> Self {
        let open = stage::keyword_open(&link.url, &hover).into_boxed_str();
        KeywordLink { link, hover, open }
    }

    /// The link's opening tag (`<a class="keyword-link" href=… title=…>`).
    fn open_html(&self) -> &str {
        &self.open
    }
}

/// A link target found in the site graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedLink {
    pub url: String,
    pub title: String,
    /// Index of the linked note in the site's note list.
    pub note: usize,
}

/// UI labels for GFM alert boxes (come from the theme's i18n strings).
#[derive(Debug, Clone)]
pub struct AlertLabels {
    pub note: String,
    pub tip: String,
    pub important: String,
    pub warning: String,
    pub caution: String,
}

impl AlertLabels {
    /// The alert named `name` (any letter case) as a callout kind.
    pub fn kind(&self, name: &str) -> Option<CalloutKind> {
        let (name, label) = match name.to_ascii_lowercase().as_str() {
            "note" => ("note", &self.note),
            "tip" => ("tip", &self.tip),
            "important" => ("important", &self.important),
            "warning" => ("warning", &self.warning),
            "caution" => ("caution", &self.caution),
            _ => return None,
        };
        Some(CalloutKind {
            name: name.into(),
            label: label.clone(),
            icon: None,
        })
    }
}

impl Default for AlertLabels {
    /// The Japanese labels of the default theme.
    fn default() -> Self {
        AlertLabels {
            note: "ポイント".into(),
            tip: "ヒント".into(),
            important: "重要".into(),
            warning: "注意".into(),
            caution: "警告".into(),
        }
    }
}

/// A callout box beyond GFM's five alerts, written `> [!EXAM]`: the
/// built-in 試験に出る or one declared under `markdown.callouts` in site.yaml.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalloutKind {
    /// Lowercase; the box gets the class `callout-<name>`.
    pub name: String,
    pub label: String,
    /// Shown before the label instead of the theme's icon.
    pub icon: Option<String>,
}

impl CalloutKind {
    /// The built-in `[!EXAM]` box (試験に出る in the default theme).
    pub fn exam(label: &str) -> Self {
        CalloutKind {
            name: "exam".into(),
            label: label.into(),
            icon: None,
        }
    }
}

/// Everything besides the body and the site graph that Markdown output
/// depends on (its `Debug` form is part of the memo fingerprint).
#[derive(Debug, Clone)]
pub struct MarkdownOptions {
    pub labels: AlertLabels,
    /// Callout kinds besides the GFM alerts, looked up case-insensitively.
    pub callouts: Vec<CalloutKind>,
    /// `$…$` and `$$…$$` become MathML (`markdown.math` in site.yaml).
    pub math: bool,
    /// Fenced code with a language is highlighted (`markdown.highlight_theme`
    /// other than `none`); otherwise it is plain escaped text.
    pub highlight: bool,
    /// The first mention of another note's title or alias links to it
    /// (`markdown.auto_link_keywords`); when off, unlinked mentions are
    /// reported as warnings instead.
    pub auto_link: bool,
    /// Collect [`Rendered::text`]; only the search index reads it, so a
    /// site with search off skips it.
    pub plain_text: bool,
    /// Raw HTML in the Markdown is passed through (`markdown.raw_html`,
    /// the default); when off it is shown as text, escaped.
    pub raw_html: bool,
}

impl Default for MarkdownOptions {
    fn default() -> Self {
        MarkdownOptions {
            labels: AlertLabels::default(),
            callouts: vec![CalloutKind::exam("試験に出る")],
            math: true,
            highlight: true,
            auto_link: true,
            plain_text: true,
            raw_html: true,
        }
    }
}

/// One entry of a note's table of contents: an h2 with its h3 children.
#[derive(Debug, Clone, serde::Serialize, PartialEq, Eq)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    /// The heading as plain text.
    pub title: String,
    pub children: Vec<TocEntry>,
}

/// A mistake in a note body, located by byte offset into the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkdownProblem {
    /// Byte offset into the input (for links, where the link starts).
    pub offset: usize,
    pub severity: Severity,
    pub message: String,
    pub hint: Option<String>,
}

/// Everything the later stages need from one note body.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    /// h2 entries with their h3 children; h3 before any h2 become top-level.
    pub toc: Vec<TocEntry>,
    /// `note` ids of internal links, in order of first appearance, deduplicated.
    pub links: Vec<usize>,
    /// `note` ids of keyword auto-links, in order. Kept apart from `links`:
    /// they count for orphans and related notes, not for backlinks (a
    /// common keyword would otherwise list half the site under it).
    pub keyword_links: Vec<usize>,
    /// CJK characters (kanji, kana) + Latin words, of body text (not code).
    pub word_count: usize,
    /// `ceil(cjk / 500 + latin_words / 200)`, at least 1.
    pub reading_minutes: u32,
    /// Plain text of the first paragraph with text, whitespace-collapsed, at
    /// most 160 characters including the `…` added when it was cut.
    pub excerpt: String,
    /// Plain text of the whole body (headings, paragraphs, lists, tables,
    /// inline code; not code blocks, quiz blocks or alt text), whitespace-
    /// collapsed: what the search index reads. Empty unless
    /// [`MarkdownOptions::plain_text`].
    pub text: String,
    /// In source order.
    pub problems: Vec<MarkdownProblem>,
    /// The ```quiz blocks, in source order. Each was left out of `html`
    /// and replaced by [`quiz_placeholder`] of its index.
    pub quizzes: Vec<QuizFence>,
}

/// A fenced block with the info string `quiz`: questions for the quiz
/// stage, not code to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuizFence {
    /// Byte offset into the input of the opening fence (its first backtick
    /// or tilde).
    pub offset: usize,
    /// The block's content, as pulldown-cmark gives it: the container's
    /// indentation (list item, blockquote) already removed.
    pub text: String,
}

/// How every fenced code block with an info string starts in the HTML.
pub const CODE_BLOCK_OPEN: &str = "<pre class=\"highlight";

/// How every keyword auto-link starts in the HTML.
pub const KEYWORD_LINK_OPEN: &str = "<a class=\"keyword-link\"";

const QUIZ_PLACEHOLDER: &str = "<!--manabi:quiz:";

/// The HTML comment standing where ```quiz block `index` was; the pages
/// stage replaces it with the rendered questions.
pub fn quiz_placeholder(index: usize) -> String {
    format!("{QUIZ_PLACEHOLDER}{index}-->")
}

/// `html` with every quiz placeholder replaced by `fill(index)`; indexes
/// past `count` (a comment a note happens to contain) are left as written.
pub fn fill_quiz_placeholders(
    html: &str,
    count: usize,
    mut fill: impl FnMut(usize) -> String,
) -> String {
    let mut out = String::with_capacity(html.len() + 1024);
    let mut rest = html;
    while let Some(start) = rest.find(QUIZ_PLACEHOLDER) {
        let after = &rest[start + QUIZ_PLACEHOLDER.len()..];
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let index = after[..digits].parse::<usize>().ok().filter(|&i| i < count);
        match (index, after[digits..].strip_prefix("-->")) {
            (Some(i), Some(tail)) => {
                out.push_str(&rest[..start]);
                out.push_str(&fill(i));
                rest = tail;
            }
            _ => {
                out.push_str(&rest[..start + QUIZ_PLACEHOLDER.len()]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Renders one note body (front-matter already removed) to HTML.
pub fn render(src: &str, resolver: &dyn LinkResolver, opts: &MarkdownOptions) -> Rendered {
    let events = Parser::new_ext(src, options(opts)).into_offset_iter();
    let mut stage = Stage::new(src, events, resolver, opts);
    let mut html = String::with_capacity(src.len() + src.len() / 2);
    html::push_html(&mut html, &mut stage);
    stage.finish(html)
}

/// The HTML [`render`] gives `src` when `src` is one line of text that uses
/// no Markdown syntax at all (most choices and many stems are): `<p>`, the
/// escaped text, `</p>`, without running the parser. `None` for anything
/// else, which must go through [`render`].
pub fn plain_paragraph(src: &str) -> Option<String> {
    // A line may not start like a block (list, heading, quote, table,
    // code, HTML, thematic break, ordered list).
    const BLOCK_START: &[u8] = b"-+=#>|: \t";
    let bytes = src.as_bytes();
    let first = *bytes.first()?;
    let plain = !BLOCK_START.contains(&first)
        && !first.is_ascii_digit()
        && !bytes.last().is_some_and(u8::is_ascii_whitespace)
        && !bytes.iter().any(|&b| NOT_PLAIN[usize::from(b)]);
    if !plain {
        return None;
    }
    let mut html = String::with_capacity(src.len() + 8);
    html.push_str("<p>");
    pulldown_cmark_escape::escape_html_body_text(&mut html, src).ok()?;
    html.push_str("</p>\n");
    Some(html)
}

/// Bytes that rule out [`plain_paragraph`] wherever they are: characters
/// that can start or be part of Markdown syntax anywhere in a line, and
/// control characters (line breaks among them). A table, not a search of
/// a list per byte: every choice of every question goes through it.
const NOT_PLAIN: [bool; 256] = {
    const SYNTAX: &[u8] = b"\\`*_[]<>!&|~$^{}";
    let mut table = [false; 256];
    let mut b = 0;
    while b < b' ' {
        table[b as usize] = true;
        b += 1;
    }
    let mut i = 0;
    while i < SYNTAX.len() {
        table[SYNTAX[i] as usize] = true;
        i += 1;
    }
    table
};

/// The syntax manabi accepts. Never the metadata-block options: a `---` line
/// in the body must stay a thematic break. No smart punctuation either: it
/// would rewrite quotes inside Japanese text.
fn options(opts: &MarkdownOptions) -> Options {
    let math = if opts.math {
        Options::ENABLE_MATH
    } else {
        Options::empty()
    };
    math | Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_GFM
        | Options::ENABLE_WIKILINKS
}

#[cfg(test)]
mod tests {
    use super::*;

    struct FakeSite;

    #[test]
    fn plain_paragraph_is_what_render_gives_or_nothing() {
        let plain = [
            "量子化",
            "BLOOM",
            "GPT-4 は 2023 年に公開された。",
            "重みが公開されたモデルとして、最も適切なものを1つ選べ。",
            "Low-Rank Adaptation (LoRA) reduces trainable parameters by 99%.",
            "「必ず」のような断定に注意する",
            "a \"quoted\" word, 'single' too; semicolons: no",
        ];
        for src in plain {
            let fast = plain_paragraph(src).unwrap_or_else(|| panic!("{src} is plain"));
            assert_eq!(
                fast,
                render(src, &FakeSite, &MarkdownOptions::default()).html,
                "{src}"
            );
        }
        let not_plain = [
            "",
            "**強調**",
            "a_b",
            "`code`",
            "[[LoRA]]",
            "$x$",
            "1. list",
            "- item",
            "# h",
            "> q",
            "a & b",
            "<b>",
            "x  ",
            " lead",
            "two\nlines",
            "| t |",
            "a~b",
            "x\\y",
            "[^1]",
            "!img",
            "10 は",
            "=",
            ": def",
        ];
        for src in not_plain {
            assert_eq!(plain_paragraph(src), None, "{src:?}");
        }
    }

    fn note(url: &str, note: usize) -> Option<ResolvedLink> {
        let title = url.trim_matches('/').to_owned();
        let url = format!("/notes{url}");
        Some(ResolvedLink { url, title, note })
    }

    impl LinkResolver for FakeSite {
        fn wikilink(&self, target: &str) -> Option<ResolvedLink> {
            match target {
                "量子化" | "quantization" => note("/quantization/", 1),
                "LoRA" => note("/lora/", 2),
                "C#" => note("/csharp/", 3),
                _ => None,
            }
        }

        fn md_link(&self, target: &str) -> Option<ResolvedLink> {
            match target {
                "other.md" => note("/other/", 4),
                "../sec/x.md" => note("/sec/x/", 5),
                "量子化.md" => note("/quantization/", 1),
                _ => None,
            }
        }

        fn site_path(&self, path: &str) -> String {
            format!("/notes{path}")
        }

        fn image(&self, path: &str) -> Option<Option<(u32, u32)>> {
            match path {
                "b.png" | "図 1.png" => Some(Some((640, 360))),
                "missing.png" | "/img/none.png" => None,
                _ => Some(None),
            }
        }
    }

    fn md(src: &str) -> Rendered {
        render(src, &FakeSite, &MarkdownOptions::default())
    }

    #[test]
    fn plain_text_keeps_prose_and_drops_code_quiz_and_alt_text() {
        let r = md("## 見出し\n\n**ラグランジュ**の未定\n乗数法と `code`。\n\n\
                    - 項目A\n- 項目B\n\n![画像の説明](a.png)\n\n\
                    ```python\nprint(1)\n```\n\n```quiz\n- question: 問い\n```\n");
        assert_eq!(
            r.text,
            "見出し ラグランジュの未定乗数法と code。 項目A 項目B"
        );
    }

    #[test]
    fn plain_text_is_skipped_when_nothing_reads_it() {
        let opts = MarkdownOptions {
            plain_text: false,
            ..MarkdownOptions::default()
        };
        let r = render("## 見出し\n\n本文です。\n", &FakeSite, &opts);
        assert_eq!(r.text, "");
        assert_eq!(r.excerpt, "本文です。", "the excerpt is still collected");
        assert!(r.html.contains("本文です。"));
    }

    fn toc_entry(level: u8, id: &str, children: Vec<TocEntry>) -> TocEntry {
        let title = id.to_owned();
        let id = id.to_owned();
        TocEntry {
            level,
            id,
            title,
            children,
        }
    }

    #[test]
    fn japanese_heading_keeps_its_text_as_id() {
        let r = md("## オープン化の背景\n");
        assert_eq!(
            r.html,
            "<h2 id=\"オープン化の背景\">オープン化の背景 \
             <a class=\"heading-anchor\" href=\"#オープン化の背景\" aria-hidden=\"true\">#</a></h2>\n"
        );
    }

    #[test]
    fn duplicate_headings_get_numbered_ids_and_explicit_ids_win() {
        let r = md("## まとめ\n\n## まとめ\n\n### 詳細 {#details .wide}\n\n#### 「注意」、点\n");
        assert!(r.html.contains(r#"<h2 id="まとめ">"#), "{}", r.html);
        assert!(r.html.contains(r#"<h2 id="まとめ-1">"#), "{}", r.html);
        assert!(
            r.html.contains(r#"<h3 id="details" class="wide">詳細 <a"#),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<h4 id=\"注意点\">「注意」、点</h4>"),
            "{}",
            r.html
        );
        assert!(r.problems.is_empty());
    }

    #[test]
    fn repeated_explicit_id_is_a_warning() {
        let src = "## A {#x}\n\n## B {#x}\n";
        let r = md(src);
        assert_eq!(r.problems.len(), 1);
        assert_eq!(r.problems[0].severity, Severity::Warning);
        assert_eq!(r.problems[0].offset, src.find("## B").unwrap());
    }

    #[test]
    fn toc_nests_h3_under_h2_and_keeps_early_h3_top_level() {
        let r =
            md("# 題\n\n### 前置き\n\n## 背景\n\n### 歴史\n\n#### 細部\n\n### 現在\n\n## まとめ\n");
        let expected = vec![
            toc_entry(3, "前置き", vec![]),
            toc_entry(
                2,
                "背景",
                vec![toc_entry(3, "歴史", vec![]), toc_entry(3, "現在", vec![])],
            ),
            toc_entry(2, "まとめ", vec![]),
        ];
        assert_eq!(r.toc, expected);
    }

    #[test]
    fn toc_title_is_plain_text() {
        let r = md("## `LoRA` と *[[量子化]]*\n");
        assert_eq!(r.toc[0].title, "LoRA と 量子化");
        assert_eq!(r.toc[0].id, "lora-と-量子化");
        assert!(r.html.contains(r#"<em><a class="wikilink""#), "{}", r.html);
    }

    #[test]
    fn alerts_render_as_labelled_callouts() {
        let r = md("> [!WARNING]\n> 重みは<b>非公開</b>。\n");
        assert_eq!(
            r.html,
            "<aside class=\"callout callout-warning\" role=\"note\">\
             <p class=\"callout-title\">注意</p>\n<p>重みは<b>非公開</b>。</p>\n</aside>\n"
        );
    }

    #[test]
    fn alert_labels_come_from_the_theme() {
        let labels = AlertLabels {
            note: "Note".into(),
            tip: "Tip".into(),
            important: "Important".into(),
            warning: "Warning".into(),
            caution: "Careful & <calm>".into(),
        };
        let opts = MarkdownOptions {
            labels,
            ..MarkdownOptions::default()
        };
        let r = render("> [!TIP]\n> a\n\n> [!CAUTION]\n> b\n", &FakeSite, &opts);
        assert!(r
            .html
            .contains(r#"callout-tip" role="note"><p class="callout-title">Tip</p>"#));
        assert!(r.html.contains("callout-caution"), "{}", r.html);
        assert!(
            r.html.contains("Careful &amp; &lt;calm&gt;</p>"),
            "{}",
            r.html
        );
    }

    #[test]
    fn exam_callout_is_built_in_and_case_insensitive() {
        let r = md("> [!EXAM]\n> 頻出の **論点**。\n\n> [!exam]\n>\n> 二つ目\n");
        assert_eq!(
            r.html,
            "<aside class=\"callout callout-exam\" role=\"note\"><p class=\"callout-title\">試験に出る</p>\n\
             <p>頻出の <strong>論点</strong>。</p>\n</aside>\n\
             <aside class=\"callout callout-exam\" role=\"note\"><p class=\"callout-title\">試験に出る</p>\n\
             <p>二つ目</p>\n</aside>\n"
        );
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        assert_eq!(r.excerpt, "頻出の 論点。", "the marker is not text");
    }

    #[test]
    fn declared_callouts_get_their_label_and_icon() {
        let opts = MarkdownOptions {
            callouts: vec![CalloutKind {
                name: "memo".into(),
                label: "暗記 <A&B>".into(),
                icon: Some("★".into()),
            }],
            ..MarkdownOptions::default()
        };
        let src = "> 引用\n>\n> > [!MEMO] 同じ行 [[LoRA]]\n> > 次\n\n後\n";
        let r = render(src, &FakeSite, &opts);
        assert_eq!(
            r.html,
            "<blockquote>\n<p>引用</p>\n\
             <aside class=\"callout callout-memo\" role=\"note\"><p class=\"callout-title\" data-icon=\"★\">暗記 &lt;A&amp;B&gt;</p>\n\
             <p>同じ行 <a class=\"wikilink\" href=\"/notes/lora/\">LoRA</a>\n次</p>\n</aside>\n</blockquote>\n<p>後</p>\n"
        );
        assert_eq!(r.links, [2]);
    }

    #[test]
    fn alert_with_text_on_its_line_is_still_an_alert() {
        // GFM wants `[!NOTE]` alone on its line; the text is kept as the
        // body's first line instead of an "unknown callout" warning.
        let r = md("> [!note] 同じ行\n> 次\n");
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        assert_eq!(
            r.html,
            "<aside class=\"callout callout-note\" role=\"note\"><p class=\"callout-title\">ポイント</p>\n\
             <p>同じ行\n次</p>\n</aside>\n"
        );
    }

    #[test]
    fn unknown_callout_is_a_warning_and_stays_a_quote() {
        let src = "本文\n\n> [!EXAMM]\n> 中身\n";
        let r = md(src);
        assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
        assert_eq!(r.problems[0].severity, Severity::Warning);
        assert_eq!(r.problems[0].offset, src.find('>').unwrap());
        assert!(r.problems[0].hint.as_deref().unwrap().contains("EXAM"));
        assert!(r.html.contains("<blockquote>\n<p>[!EXAMM]"), "{}", r.html);
    }

    #[test]
    fn plain_blockquote_stays_a_blockquote() {
        let r = md("> 引用です。\n");
        assert_eq!(r.html, "<blockquote>\n<p>引用です。</p>\n</blockquote>\n");
    }

    #[test]
    fn wikilink_resolves_to_the_note_url() {
        let r = md("詳しくは[[量子化]]を参照。");
        let link = r#"<a class="wikilink" href="/notes/quantization/">量子化</a>"#;
        assert!(r.html.contains(link), "{}", r.html);
        assert_eq!(r.links, [1]);
        assert!(r.problems.is_empty());
    }

    #[test]
    fn wikilink_label_is_the_displayed_text() {
        let r = md("[[LoRA|低ランク適応 **LoRA**]] と [[LoRA|]]");
        let labelled =
            r#"<a class="wikilink" href="/notes/lora/">低ランク適応 <strong>LoRA</strong></a>"#;
        assert!(r.html.contains(labelled), "{}", r.html);
        let empty = r#"<a class="wikilink" href="/notes/lora/">LoRA</a>"#;
        assert!(r.html.contains(empty), "{}", r.html);
    }

    #[test]
    fn wikilink_fragment_points_at_the_heading_id() {
        let r = md("[[量子化#手法 の 比較|比較]] [[#Local Part]] [[C#]]");
        assert!(
            r.html
                .contains(r#"href="/notes/quantization/#手法-の-比較">比較</a>"#),
            "{}",
            r.html
        );
        assert!(
            r.html.contains(r##"href="#local-part">#Local Part</a>"##),
            "{}",
            r.html
        );
        assert!(
            r.html.contains(r#"href="/notes/csharp/">C#</a>"#),
            "{}",
            r.html
        );
        assert_eq!(r.links, [1, 3]);
    }

    #[test]
    fn wikilink_with_escaped_pipe_works_in_a_table() {
        let r = md("| 用語 |\n|---|\n| [[LoRA\\|低ランク適応]] |\n");
        let link = r#"<td><a class="wikilink" href="/notes/lora/">低ランク適応</a></td>"#;
        assert!(r.html.contains(link), "{}", r.html);
        assert!(r.problems.is_empty(), "{:?}", r.problems);
    }

    #[test]
    fn broken_wikilink_is_an_error_at_its_brackets() {
        let src = "前文。\n\n本文の [[量子化手法]] は未作成。";
        let r = md(src);
        assert!(
            r.html
                .contains(r#"<span class="wikilink broken">量子化手法</span>"#),
            "{}",
            r.html
        );
        assert_eq!(r.problems.len(), 1);
        let problem = &r.problems[0];
        assert_eq!(problem.severity, Severity::Error);
        assert_eq!(problem.offset, src.find("[[").unwrap());
        assert!(
            problem.message.contains("`[[量子化手法]]`"),
            "{}",
            problem.message
        );
        assert!(problem.hint.as_deref().unwrap().contains("aliases"));
        assert!(r.links.is_empty());
    }

    #[test]
    fn md_link_resolves_and_keeps_its_fragment() {
        let r =
            md("[他](other.md) と [節](../sec/x.md#part) と [量](%E9%87%8F%E5%AD%90%E5%8C%96.md)");
        assert!(
            r.html.contains(r#"<a href="/notes/other/">他</a>"#),
            "{}",
            r.html
        );
        assert!(
            r.html.contains(r#"<a href="/notes/sec/x/#part">節</a>"#),
            "{}",
            r.html
        );
        assert_eq!(r.links, [4, 5, 1]);
    }

    #[test]
    fn broken_md_link_is_an_error_at_the_link() {
        let src = "See [missing](nope.md#x).";
        let r = md(src);
        assert_eq!(r.problems.len(), 1);
        assert_eq!(r.problems[0].offset, src.find('[').unwrap());
        assert_eq!(
            r.problems[0].message,
            "broken link `nope.md#x`: no such note"
        );
        assert!(
            r.html.contains(r#"<a href="nope.md#x">missing</a>"#),
            "{}",
            r.html
        );
    }

    #[test]
    fn site_absolute_paths_honour_the_base_path() {
        let r = md("[タグ](/tags/llm/#top) ![図](/img/a.png) ![図](b.png)");
        assert!(
            r.html.contains(r#"<a href="/notes/tags/llm/#top">"#),
            "{}",
            r.html
        );
        assert!(
            r.html.contains(
                r#"<img src="/notes/img/a.png" alt="図" loading="lazy" decoding="async" />"#
            ),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains(r#"<img src="b.png" alt="図" width="640" height="360" loading="lazy""#),
            "{}",
            r.html
        );
    }

    #[test]
    fn body_images_get_size_lazy_loading_and_plain_alt_text() {
        let r = md("![**太字** と `code`\n改行](%E5%9B%B3%201.png \"題 & <x>\")\n");
        assert_eq!(
            r.html,
            "<p><img src=\"%E5%9B%B3%201.png\" alt=\"太字 と code 改行\" title=\"題 &amp; &lt;x&gt;\" \
             width=\"640\" height=\"360\" loading=\"lazy\" decoding=\"async\" /></p>\n"
        );
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        assert_eq!(r.word_count, 0, "alt text is not counted");
    }

    #[test]
    fn missing_image_file_is_an_error_at_the_image() {
        let src = "本文\n\n前 ![図](missing.png) ![図](/img/none.png) ![外](https://x.jp/a.png)\n";
        let r = md(src);
        let found: Vec<_> = r.problems.iter().map(|p| (p.offset, p.severity)).collect();
        assert_eq!(
            found,
            [
                (src.find("![").unwrap(), Severity::Error),
                (src.find("![図](/img").unwrap(), Severity::Error)
            ]
        );
        assert_eq!(r.problems[0].message, "image `missing.png` not found");
    }

    #[test]
    fn image_without_alt_text_is_a_warning() {
        let src = "段落\n\n![](b.png) ![ ](x.png) [![](b.png)](other.md)\n";
        let r = md(src);
        assert_eq!(r.problems.len(), 3, "{:?}", r.problems);
        assert!(r.problems.iter().all(|p| p.severity == Severity::Warning));
        assert_eq!(r.problems[0].offset, src.find("![").unwrap());
        assert!(r.problems[0].message.contains("no alt text"));
        let linked = r#"<a href="/notes/other/"><img src="b.png" alt="" width"#;
        assert!(r.html.contains(linked), "{}", r.html);
    }

    #[test]
    fn external_links_stay_untouched() {
        let r = md("[a](https://example.com/x.md) [b](mailto:a@b.jp) [c](#frag) [d](//cdn/x.md) <https://x.jp>");
        for href in [
            "https://example.com/x.md",
            "mailto:a@b.jp",
            "#frag",
            "//cdn/x.md",
            "https://x.jp",
        ] {
            assert!(
                r.html.contains(&format!(r#"href="{href}""#)),
                "{href}: {}",
                r.html
            );
        }
        assert!(r.problems.is_empty() && r.links.is_empty());
    }

    #[test]
    fn links_are_deduplicated_in_order_of_first_appearance() {
        let r = md("[[LoRA]] [a](other.md) [[量子化]] [[LoRA]] [b](other.md) [[quantization]]");
        assert_eq!(r.links, [2, 4, 1]);
    }

    #[test]
    fn thematic_break_mid_body_is_not_metadata() {
        let r = md("前半\n\n---\ntitle: x\n---\n\n後半\n");
        assert!(r.html.contains("<hr />"), "{}", r.html);
        assert!(r.html.contains("title: x"), "{}", r.html);
        let r = md("---\n\nbody\n");
        assert!(r.html.starts_with("<hr />"), "{}", r.html);
    }

    #[test]
    fn extensions_are_enabled() {
        let src = "| a | b |\n|---|---|\n| 1 | 2 |\n\n注[^1]\n\n[^1]: 脚注\n\n~~消す~~\n\n\
                   - [x] 済\n- [ ] 未\n\n用語\n: 定義\n";
        let r = md(src);
        for needle in [
            "<table>",
            "<td>1</td>",
            r##"<sup class="footnote-reference"><a href="#1">1</a></sup>"##,
            r#"<div class="footnote-definition" id="1">"#,
            "<del>消す</del>",
            r#"type="checkbox" checked="""#,
            "<dt>用語</dt>",
            "<dd>定義</dd>",
        ] {
            assert!(r.html.contains(needle), "{needle}: {}", r.html);
        }
    }

    #[test]
    fn raw_html_passes_and_text_is_escaped() {
        let r = md("<div class=\"x\">\n\nA & B <i>ok</i> \\<script>\n\n</div>\n");
        assert!(r.html.contains("<div class=\"x\">"), "{}", r.html);
        assert!(
            r.html.contains("A &amp; B <i>ok</i> &lt;script&gt;"),
            "{}",
            r.html
        );
    }

    #[test]
    fn script_and_data_urls_are_never_published_from_links_and_images() {
        let src = "[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [c](&#106;avascript:alert(1)) \
                   [d](java&#9;script:alert(1)) <javascript:alert(1)> [e][r] [f](data:text/html,x) \
                   [g](data:image/png;base64,AA) ![h](javascript:x) ![i](data:image/png;base64,AA)\n\n\
                   [r]: vbscript:msgbox\n";
        let r = md(src);
        assert!(!r.html.contains("<a "), "no link is left: {}", r.html);
        assert!(!r.html.contains("src=\"javascript"), "{}", r.html);
        // An autolink's text is its URL: shown, not linked.
        assert!(r.html.contains(" javascript:alert(1) "), "{}", r.html);
        assert!(
            r.html
                .starts_with("<p>a b c d javascript:alert(1) e f g h <img"),
            "each link's text, the refused image's description: {}",
            r.html
        );
        assert!(
            r.html
                .contains(r#"<img src="data:image/png;base64,AA" alt="i""#),
            "{}",
            r.html
        );
        let offsets: Vec<usize> = r.problems.iter().map(|p| p.offset).collect();
        let at = |s: &str| src.find(s).unwrap();
        assert_eq!(
            offsets,
            [
                at("[a]"),
                at("[b]"),
                at("[c]"),
                at("[d]"),
                at("<javascript"),
                at("[e]"),
                at("[f]"),
                at("[g]"),
                at("![h]")
            ],
            "{:?}",
            r.problems
        );
        assert!(r.problems.iter().all(|p| p.severity == Severity::Warning));
        assert_eq!(
            r.problems[0].message,
            "link to a `javascript:` URL removed: its text is shown without the link"
        );
    }

    #[test]
    fn raw_html_off_shows_html_as_text_and_keeps_manabis_own_markup() {
        let opts = MarkdownOptions {
            raw_html: false,
            ..MarkdownOptions::default()
        };
        let src = "<div onclick=\"x()\">\n<script>alert(1)</script>\n</div>\n\n\
                   > [!NOTE]\n> 本文 <b onmouseover=\"y()\">太字</b> <!-- c -->\n\n## 見出し\n";
        let r = render(src, &FakeSite, &opts);
        for gone in ["<div", "<script", "<b ", "<!--"] {
            assert!(!r.html.contains(gone), "{gone}: {}", r.html);
        }
        for shown in [
            "&lt;div onclick=\"x()\"&gt;",
            "&lt;script&gt;alert(1)&lt;/script&gt;",
            "&lt;b onmouseover=\"y()\"&gt;太字&lt;/b&gt;",
        ] {
            assert!(r.html.contains(shown), "{shown}: {}", r.html);
        }
        assert!(r.html.contains(r#"<aside class="callout"#), "{}", r.html);
        assert!(
            r.html.contains(r#"<a class="heading-anchor""#),
            "{}",
            r.html
        );
        let r = md(src);
        assert!(
            r.html.contains("<script>alert(1)</script>"),
            "on by default"
        );
    }

    #[test]
    fn fenced_code_keeps_its_language_class_and_is_highlighted() {
        let r = md("```rust\nlet x = 1;\n```\n");
        assert!(
            r.html.starts_with(
                "<pre class=\"highlight\"><code class=\"language-rust\">\
                 <span class=\"hl-keyword\">let</span> x <span class=\"hl-keyword\">=</span> \
                 <span class=\"hl-number\">1</span>;\n</code></pre>\n"
            ),
            "{}",
            r.html
        );
        assert!(r.problems.is_empty());
        let r = md("    indented\n\n```\nno language\n```\n");
        assert_eq!(
            r.html,
            "<pre><code>indented\n</code></pre>\n<pre><code>no language\n</code></pre>\n"
        );
    }

    #[test]
    fn highlighting_off_leaves_code_uncoloured_with_line_options() {
        let opts = MarkdownOptions {
            highlight: false,
            ..MarkdownOptions::default()
        };
        let r = render("```rust\nlet x = 1;\n```\n", &FakeSite, &opts);
        assert_eq!(
            r.html,
            "<pre class=\"highlight\"><code class=\"language-rust\">let x = 1;\n</code></pre>\n"
        );
        let r = render(
            "```nosuchlang {linenos hl_lines=[2]}\na\nb < c\n```\n",
            &FakeSite,
            &opts,
        );
        assert_eq!(
            r.html,
            "<pre class=\"highlight linenos\"><code class=\"language-nosuchlang\">\
             <span class=\"line\">a</span>\n<span class=\"line hl\">b &lt; c</span>\n</code></pre>\n"
        );
        assert!(r.problems.is_empty(), "no language lookup, no warning");
    }

    #[test]
    fn unknown_fence_language_warns_at_the_fence() {
        let src = "本文\n\n```nosuchlang {hl_lines=[1]}\na < b\n```\n";
        let r = md(src);
        assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
        assert_eq!(r.problems[0].severity, Severity::Warning);
        assert_eq!(r.problems[0].offset, src.find("```").unwrap());
        assert!(
            r.html.contains(r#"<span class="line hl">a &lt; b</span>"#),
            "{}",
            r.html
        );
        assert_eq!(r.word_count, 2, "code is not counted");
    }

    #[test]
    fn fence_option_mistakes_warn_at_the_option_and_marks_are_clamped() {
        let src = "本文\n\n```python {hl_lines=[1-4294967295, 0] lineno}\na = 1\nb = 2\n```\n";
        let r = md(src);
        let found: Vec<_> = r
            .problems
            .iter()
            .map(|p| (p.offset, p.severity, p.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    src.find("hl_lines").unwrap(),
                    Severity::Warning,
                    "`hl_lines` marks line 4294967295, but the block has 2 lines"
                ),
                (
                    src.find("0]").unwrap(),
                    Severity::Warning,
                    "`0` in `hl_lines`: lines are numbered from 1"
                ),
                (
                    src.find("lineno").unwrap(),
                    Severity::Warning,
                    "unknown code fence option `lineno`"
                ),
            ]
        );
        assert_eq!(r.html.matches(r#"<span class="line hl">"#).count(), 2);
    }

    #[test]
    fn japanese_text_of_1000_chars_reads_in_two_minutes() {
        let r = md(&"学習済みの重みを公開する。".repeat(100));
        assert_eq!((r.word_count, r.reading_minutes), (1200, 3));
        let r = md(&"重みを公開".repeat(200));
        assert_eq!((r.word_count, r.reading_minutes), (1000, 2));
    }

    #[test]
    fn english_text_of_400_words_reads_in_two_minutes() {
        let r = md(&"open weights are public models. ".repeat(80));
        assert_eq!((r.word_count, r.reading_minutes), (400, 2));
        assert_eq!(md("short").reading_minutes, 1);
    }

    #[test]
    fn code_is_not_counted() {
        let r = md("本文 text `inline code`\n\n```\nコード code here\n```\n\n    indented code\n");
        assert_eq!(r.word_count, 3);
    }

    #[test]
    fn excerpt_is_the_first_paragraph_cut_at_160_chars() {
        let r = md("# 題\n\n![図](a.png)\n\n重みを  `公開`\nする。\n\n二段落目。\n");
        assert_eq!(r.excerpt, "重みを 公開 する。");
        let r = md(&"あ".repeat(200));
        assert_eq!(r.excerpt.chars().count(), 160);
        assert!(r.excerpt.ends_with("あ…"), "{}", r.excerpt);
    }

    #[test]
    fn quiz_fences_are_taken_out_and_leave_a_placeholder() {
        let src = "前文\n\n```quiz\nquestion: q\nanswer: 1\n```\n\n```text\nlet x = 1;\n```\n\n~~~ quiz\n- question: r\n~~~\n";
        let r = md(src);
        assert_eq!(r.quizzes.len(), 2);
        assert_eq!(r.quizzes[0].offset, src.find("```quiz").unwrap());
        assert_eq!(r.quizzes[0].text, "question: q\nanswer: 1\n");
        assert_eq!(r.quizzes[1].offset, src.find("~~~ quiz").unwrap());
        assert_eq!(
            r.html,
            "<p>前文</p>\n<!--manabi:quiz:0-->\n<pre class=\"highlight\"><code class=\"language-text\">let x = 1;\n</code></pre>\n<!--manabi:quiz:1-->\n"
        );
        assert_eq!(r.word_count, 2, "quiz text is not counted");
    }

    #[test]
    fn quiz_fence_in_a_list_item_has_its_indent_removed() {
        let src = "- 問題\n\n  ```quiz\n  question: q\n    choices: [a]\n  ```\n";
        let r = md(src);
        assert_eq!(r.quizzes[0].offset, src.find("```quiz").unwrap());
        assert_eq!(r.quizzes[0].text, "question: q\n  choices: [a]\n");
        assert!(r.html.contains("<!--manabi:quiz:0-->"), "{}", r.html);
    }

    #[test]
    fn placeholders_are_filled_by_index_and_strangers_kept() {
        let html = "<p>a</p>\n<!--manabi:quiz:0-->\n<!--manabi:quiz:7-->\n<!--manabi:quiz:1-->";
        let filled = fill_quiz_placeholders(html, 2, |i| format!("[Q{i}]"));
        assert_eq!(filled, "<p>a</p>\n[Q0]\n<!--manabi:quiz:7-->\n[Q1]");
        assert_eq!(
            fill_quiz_placeholders("<!--manabi:quiz:", 1, |_| String::new()),
            "<!--manabi:quiz:"
        );
    }

    /// xorshift64*, so the nasty inputs are the same on every run.
    fn next_random(state: &mut u64) -> u64 {
        *state ^= *state >> 12;
        *state ^= *state << 25;
        *state ^= *state >> 27;
        state.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn nasty_input(state: &mut u64) -> String {
        const PIECES: &[&str] = &[
            "[[",
            "]]",
            "[",
            "]",
            "|",
            "#",
            "(",
            ")",
            "![[",
            "![",
            "> [!NOTE]\n",
            "> [!",
            "\n",
            "\n\n",
            "## ",
            "{#",
            "}",
            "`",
            "```\n",
            "*",
            "_",
            "~~",
            "[^1]",
            "[^1]: ",
            ": ",
            "- [ ] ",
            "|---|",
            "---\n",
            "<div>",
            "</div>",
            "&amp;",
            "\\",
            "\0",
            "\t",
            " ",
            "量子化",
            "LoRA",
            "x.md",
            "/abs",
            "%E3%",
            "%",
            "é",
            "🦀",
            "\u{3000}",
            "\u{30fc}",
            "https://",
            "\r\n",
            "    ",
            "<",
            ">",
            "C#",
            "[x]: y.md\n",
        ];
        let len = next_random(state) % 40;
        (0..len)
            .map(|_| PIECES[(next_random(state) % PIECES.len() as u64) as usize])
            .collect()
    }

    #[test]
    fn random_input_never_panics() {
        let mut state = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..5000 {
            let src = nasty_input(&mut state);
            let r = md(&src);
            for p in &r.problems {
                assert!(src.is_char_boundary(p.offset), "{src:?} {p:?}");
            }
            assert!(r.reading_minutes >= 1);
            assert!(r.excerpt.chars().count() <= 160);
        }
    }

    #[test]
    fn unescape_decodes_as_the_chain_of_replacements_did() {
        let chain = |s: &str| {
            s.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&amp;", "&")
        };
        const PIECES: &[&str] = &[
            "&", "amp;", "lt;", "gt;", "quot;", "#39;", "&amp;", "&lt;", "&#39", ";", "a", "量",
        ];
        let mut state = 0x2545_f491_4f6c_dd1d;
        for _ in 0..5000 {
            let len = next_random(&mut state) % 12;
            let s: String = (0..len)
                .map(|_| PIECES[(next_random(&mut state) % PIECES.len() as u64) as usize])
                .collect();
            assert_eq!(unescape_html(&s), chain(&s), "{s:?}");
        }
        let mut escaped = String::new();
        escape::push_escaped(&mut escaped, "<a href=\"x\">'&amp;'</a> 量");
        assert_eq!(
            escaped,
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;amp;&#39;&lt;/a&gt; 量"
        );
        assert_eq!(unescape_html(&escaped), "<a href=\"x\">'&amp;'</a> 量");
    }

    #[test]
    fn inline_and_display_math_become_mathml() {
        let r = md("LoRA は $W + BA$ を使う。\n\n$$d \\times k$$\n");
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        assert_eq!(r.html.matches("<math").count(), 2, "{}", r.html);
        assert!(
            r.html
                .contains(r#"<annotation encoding="application/x-tex">W + BA</annotation>"#),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains(r#"<span class="math-display"><math display="block""#),
            "{}",
            r.html
        );
    }

    #[test]
    fn bad_tex_is_an_error_at_the_formula() {
        let src = "本文\n\n式 $\\frac{1}$ です。\n";
        let r = md(src);
        assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
        let p = &r.problems[0];
        assert_eq!(p.severity, Severity::Error);
        assert_eq!(p.offset, src.find('$').unwrap());
        assert!(p.hint.is_some());
        assert!(
            r.html
                .contains(r#"<code class="math-error">$\frac{1}$</code>"#),
            "{}",
            r.html
        );
    }

    #[test]
    fn math_off_leaves_dollars_as_text() {
        let opts = MarkdownOptions {
            math: false,
            ..MarkdownOptions::default()
        };
        let r = render("価格は $5 と $6 です。\n", &FakeSite, &opts);
        assert_eq!(r.html, "<p>価格は $5 と $6 です。</p>\n");
        assert!(r.problems.is_empty());
    }
}

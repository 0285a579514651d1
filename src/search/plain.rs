//! The plain text of rendered HTML, in one pass: tags dropped (a block
//! tag is a space), the entities Markdown output uses decoded, whitespace
//! collapsed. The index joins a question's fields this way into one
//! string, and the quiz stage's [`plain_text`](crate::quiz::view::plain_text)
//! is one field of it. The tests hold the plain way of writing it (strip,
//! then decode, then collapse: a few copies of each field) that this must
//! equal.

/// Appends `part` to the joined text: after one space unless one of the
/// two is empty.
pub fn push_part(out: &mut String, part: &str) {
    if part.is_empty() {
        return;
    }
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(part);
}

/// Appends [`plain_text`](crate::quiz::view::plain_text)`(html)` as a
/// part (see [`push_part`]). One pass over the HTML; `scratch` holds the
/// text between the tags in the rare field that needs two (an `&` with a
/// tag right after it: the quiz stage decodes entities once the tags are
/// gone, so `&am<b>p;` is an `&`).
pub fn push_plain_text(out: &mut String, html: &str, scratch: &mut String) {
    let len = out.len();
    if !push_text(out, html, true) {
        out.truncate(len);
        strip_tags(html, scratch);
        push_text(out, scratch, false);
    }
}

/// Appends `text`'s characters with entities decoded and whitespace
/// collapsed, and with `tags`, dropping tags (a block tag is whitespace).
/// False when an entity may be cut by a tag (`out` is then partly
/// written).
fn push_text(out: &mut String, text: &str, mut tags: bool) -> bool {
    let mut line = Line {
        out,
        joined: false,
        space: false,
    };
    let bytes = text.as_bytes();
    // Bytes from `start` to `i` are plain characters not yet copied.
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let plain = PLAIN_WIDTH[usize::from(b)];
        if plain > 0 {
            i += usize::from(plain);
            continue;
        }
        let (width, step) = match b {
            b'<' if tags => match bytes[i..].iter().position(|&c| c == b'>') {
                Some(close) => {
                    let block = is_block_tag(&text[i + 1..i + close]);
                    (close + 1, Step::space_if(block).or_nothing())
                }
                // No `>`: the rest is text.
                None => {
                    tags = false;
                    (1, Step::Plain)
                }
            },
            b'&' => match entity(&bytes[i..]) {
                Some((c, len)) => (len, Step::Char(c)),
                None if tags && bytes[i + 1..].iter().take(5).any(|&c| c == b'<') => return false,
                None => (1, Step::Plain),
            },
            // Kana and Japanese punctuation: only U+3000 is a space.
            0xE3 => (3, Step::space_if(bytes[i + 1..].starts_with(&[0x80, 0x80]))),
            0xC2 | 0xE1 | 0xE2 => {
                let c = text[i..].chars().next().unwrap_or_default();
                (c.len_utf8(), Step::space_if(c.is_whitespace()))
            }
            // One space between two plain characters stays as it is.
            b' ' if i > start
                && bytes
                    .get(i + 1)
                    .is_some_and(|&n| PLAIN_WIDTH[usize::from(n)] > 0) =>
            {
                (1, Step::Plain)
            }
            b'<' => (1, Step::Plain),
            _ => (1, Step::Space),
        };
        match step {
            Step::Plain => {}
            Step::Nothing => {
                line.copy(&text[start..i]);
                start = i + width;
            }
            Step::Space => {
                line.copy(&text[start..i]);
                line.space = true;
                start = i + width;
            }
            Step::Char(c) => {
                line.copy(&text[start..i]);
                line.copy(c.encode_utf8(&mut [0; 4]));
                start = i + width;
            }
        }
        i += width;
    }
    line.copy(&text[start..]);
    true
}

/// By the first byte of a character: the character's length when it is
/// certainly itself, else 0: `<`, `&`, the ASCII whitespace of
/// `char::is_whitespace` (with the vertical tab, which
/// `u8::is_ascii_whitespace` leaves out) and the lead bytes of the other
/// whitespace characters (U+0085 and U+00A0, U+1680, U+2000–U+205F,
/// U+3000).
const PLAIN_WIDTH: [u8; 256] = {
    let mut table = [1u8; 256];
    let mut b = 0xC0;
    while b < 0x100 {
        table[b] = match b {
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            _ => 4,
        };
        b += 1;
    }
    let special = [
        b'&', b'<', b'\t', b'\n', 0x0B, 0x0C, b'\r', b' ', 0xC2, 0xE1, 0xE2, 0xE3,
    ];
    let mut i = 0;
    while i < special.len() {
        table[special[i] as usize] = 0;
        i += 1;
    }
    table
};

/// What a character of the text between the tags becomes.
enum Step {
    /// Itself.
    Plain,
    /// Nothing (an inline tag).
    Nothing,
    /// Whitespace (or a block tag): at most one space.
    Space,
    /// An entity: the character it stands for.
    Char(char),
}

impl Step {
    fn space_if(space: bool) -> Step {
        if space {
            Step::Space
        } else {
            Step::Plain
        }
    }

    /// A plain character as nothing (a tag that is not a block).
    fn or_nothing(self) -> Step {
        match self {
            Step::Plain => Step::Nothing,
            step => step,
        }
    }
}

/// The field being appended: a space goes before its first word (when
/// the text already holds a part) and between words.
struct Line<'o> {
    out: &'o mut String,
    /// Whether the field has put anything in `out` yet.
    joined: bool,
    /// Whitespace since the field's last character.
    space: bool,
}

impl Line<'_> {
    fn copy(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        let first = !self.joined && !self.out.is_empty();
        if first || (self.joined && self.space) {
            self.out.push(' ');
        }
        self.out.push_str(s);
        self.joined = true;
        self.space = false;
    }
}

/// The entity at the start of `bytes`, of those Markdown output uses, and
/// its length.
fn entity(bytes: &[u8]) -> Option<(char, usize)> {
    const ENTITIES: [(&[u8], char); 5] = [
        (b"&lt;", '<'),
        (b"&gt;", '>'),
        (b"&quot;", '"'),
        (b"&#39;", '\''),
        (b"&amp;", '&'),
    ];
    ENTITIES
        .iter()
        .find(|(name, _)| bytes.starts_with(name))
        .map(|&(name, c)| (c, name.len()))
}

/// The text between the tags of `html` into `out` (cleared first), a
/// space for each block tag; an unclosed `<` and what follows is text.
fn strip_tags(html: &str, out: &mut String) {
    out.clear();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            rest = &rest[open..];
            break;
        };
        if is_block_tag(&rest[open + 1..open + close]) {
            out.push(' ');
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
}

/// Tags that start a new line of text: the quiz stage's list (a test
/// compares the two on every HTML element).
fn is_block_tag(tag: &str) -> bool {
    // The name: up to whitespace or `/`, compared without ASCII case. A
    // name with other non-ASCII characters is none of the list.
    let name = tag.trim_start_matches('/');
    let mut lower = [0u8; 10];
    let mut len = 0;
    for (i, b) in name.bytes().enumerate() {
        if b.is_ascii_whitespace() || b == 0x0B || b == b'/' {
            break;
        }
        if !b.is_ascii() {
            if name[i..].starts_with(char::is_whitespace) {
                break;
            }
            return false;
        }
        let Some(l) = lower.get_mut(len) else {
            return false;
        };
        *l = b.to_ascii_lowercase();
        len += 1;
    }
    let lower = &lower[..len];
    matches!(
        lower,
        b"p" | b"br"
            | b"li"
            | b"ol"
            | b"ul"
            | b"div"
            | b"pre"
            | b"blockquote"
            | b"table"
            | b"tr"
            | b"td"
            | b"th"
            | b"dt"
            | b"dd"
            | b"h1"
            | b"h2"
            | b"h3"
            | b"h4"
            | b"h5"
            | b"h6"
            | b"hr"
            | b"aside"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reading the one-pass code must equal, written the plain way:
    /// tags dropped (a block tag is a space), then the entities Markdown
    /// output uses decoded, then whitespace collapsed.
    fn plain_text(html: &str) -> String {
        let mut text = String::with_capacity(html.len());
        let mut rest = html;
        while let Some(open) = rest.find('<') {
            text.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('>') else {
                rest = &rest[open..];
                break;
            };
            let tag = &rest[open + 1..open + close];
            if is_block_tag(tag) {
                text.push(' ');
            }
            rest = &rest[open + close + 1..];
        }
        text.push_str(rest);
        let text = crate::markdown::unescape_html(&text);
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// Tags that start a new line of text (`p`, `li`, `br`, …).
    fn is_block_tag(tag: &str) -> bool {
        const BLOCK: &[&str] = &[
            "p",
            "br",
            "li",
            "ol",
            "ul",
            "div",
            "pre",
            "blockquote",
            "table",
            "tr",
            "td",
            "th",
            "dt",
            "dd",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "hr",
            "aside",
        ];
        let name = tag.trim_start_matches('/');
        let name = name
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or_default();
        BLOCK.iter().any(|b| b.eq_ignore_ascii_case(name))
    }

    /// What the index joined before: each field's `plain_text`, the
    /// non-empty ones joined by spaces.
    fn joined_slowly(fields: &[&str]) -> String {
        let texts: Vec<String> = fields.iter().map(|f| plain_text(f)).collect();
        let parts: Vec<&str> = texts
            .iter()
            .map(String::as_str)
            .filter(|t| !t.is_empty())
            .collect();
        parts.join(" ")
    }

    fn joined(fields: &[&str]) -> String {
        let (mut out, mut scratch) = (String::new(), String::new());
        for f in fields {
            push_plain_text(&mut out, f, &mut scratch);
        }
        out
    }

    #[test]
    fn equals_the_quiz_stages_plain_text_joined() {
        let fields = [
            "<p>重みが<strong>公開</strong>されたモデルは?</p>",
            "<p>LoRA が<a href=\"/x/\">学習</a>する</p>",
            "<p>Which <em>open</em> model &amp; why?</p>\n<p>Two<br />lines</p>",
            "",
            "<p></p>",
            "   \n\t",
            "a\u{3000}b\u{a0}c\u{85}d\u{2028}e\u{b}f\u{1c}g",
            "&amp;lt; &lt;&gt;&quot;&#39; &am<b>p; &#39 &",
            "x < y and y<z",
            "<pre><code>fn main() {\n    x &lt; 1\n}</code></pre>",
            "<ul><li>一</li><li>二</li></ul>末尾",
            "<DIV>大文字</Div><h2 id=\"a\">見出し</h2><hr/>",
            " 先頭と末尾の空白 ",
        ];
        for f in fields {
            assert_eq!(joined(&[f]), joined_slowly(&[f]), "{f:?}");
        }
        assert_eq!(joined(&fields), joined_slowly(&fields));
    }

    #[test]
    fn block_tags_are_the_quiz_stages() {
        // Every HTML element, opened, closed and self-closed: a tag the
        // quiz stage adds to its list shows up here.
        const ELEMENTS: &str = "a abbr address area article aside audio b base bdi bdo \
            blockquote body br button canvas caption cite code col colgroup data datalist dd \
            del details dfn dialog div dl dt em embed fieldset figcaption figure footer form \
            h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe img input ins kbd label \
            legend li link main map mark math menu meta meter nav noscript object ol optgroup \
            option output p param picture pre progress q rp rt ruby s samp script search \
            section select slot small source span strong style sub summary sup svg table \
            tbody td template textarea tfoot th thead time title tr track u ul var video wbr";
        for name in ELEMENTS.split_whitespace() {
            for html in [
                format!("x<{name}>y</{name}>z"),
                format!("x<{name} class=\"c\">y<{name}/>z"),
                format!("x<{}>y", name.to_uppercase()),
                format!("x<{name}\u{3000}a>y<{name}\u{a0}>z<{name}\t>"),
                format!("x<{name}é>y</{name}/>z<//{name}>"),
            ] {
                assert_eq!(joined(&[&html]), joined_slowly(&[&html]), "{html}");
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 2000, failure_persistence: None, ..Default::default()
        })]
        #[test]
        fn equals_the_quiz_stages_plain_text_on_fragment_soups(
            fields in proptest::collection::vec(
                proptest::collection::vec(0..FRAGMENTS.len(), 0..12), 0..4)
        ) {
            let fields: Vec<String> = fields
                .iter()
                .map(|f| f.iter().map(|&i| FRAGMENTS[i]).collect())
                .collect();
            let fields: Vec<&str> = fields.iter().map(String::as_str).collect();
            proptest::prop_assert_eq!(joined(&fields), joined_slowly(&fields));
        }
    }

    const FRAGMENTS: &[&str] = &[
        "<p>", "</p>", "<br />", "<b>", "</b>", "<li", "<", ">", "&", "&amp;", "&lt;", "&gt;",
        "&quot;", "&#39;", "amp;", "lt;", "#39;", " ", "\n", "\t", "\u{3000}", "\u{a0}", "a", "Z",
        "量子", "é", "\u{301}", "'", "\"",
    ];

    #[test]
    fn parts_join_with_one_space_and_empty_ones_vanish() {
        let mut out = String::new();
        push_part(&mut out, "");
        push_part(&mut out, "a");
        push_part(&mut out, "");
        push_part(&mut out, " b");
        assert_eq!(out, "a  b");
    }
}

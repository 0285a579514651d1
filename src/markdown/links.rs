//! Classifying link destinations written in a note: which ones the site
//! graph must resolve and which ones stay as written.

use std::borrow::Cow;

/// What to do with the destination of a `[text](dest)` link.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Dest<'s> {
    /// External (`https:`, `mailto:`, `//host`), same page (`#x`) or a plain
    /// relative file: left exactly as written.
    Keep,
    /// Site-absolute (`/tags/llm/`): `path` goes through the base path,
    /// `rest` (`?query` or `#fragment`) is re-appended.
    Site { path: &'s str, rest: &'s str },
    /// A relative `.md` file (percent-decoded) with an optional fragment.
    Note {
        path: Cow<'s, str>,
        fragment: Option<&'s str>,
    },
}

pub(super) fn classify(dest: &str) -> Dest<'_> {
    if dest.is_empty() || dest.starts_with('#') || dest.starts_with("//") || has_scheme(dest) {
        return Dest::Keep;
    }
    if dest.starts_with('/') {
        let (path, rest) = dest.split_at(dest.find(['?', '#']).unwrap_or(dest.len()));
        return Dest::Site { path, rest };
    }
    let (path, fragment) = match dest.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment).filter(|f| !f.is_empty())),
        None => (dest, None),
    };
    if is_markdown_path(path) {
        let path = percent_decode(path);
        Dest::Note { path, fragment }
    } else {
        Dest::Keep
    }
}

/// A relative file destination that is not a note (`pic.png?v=2#x`): its
/// percent-decoded path and the `?query`/`#fragment` rest, if it is one.
pub(super) fn relative_file(dest: &str) -> Option<(Cow<'_, str>, &str)> {
    if dest.is_empty() || dest.starts_with(['#', '/', '?']) || has_scheme(dest) {
        return None;
    }
    let (path, rest) = dest.split_at(dest.find(['?', '#']).unwrap_or(dest.len()));
    (!is_markdown_path(path)).then(|| (percent_decode(path), rest))
}

/// The `path` and `rest` of a site-absolute image source, if it is one.
pub(super) fn site_absolute(dest: &str) -> Option<(&str, &str)> {
    match classify(dest) {
        Dest::Site { path, rest } => Some((path, rest)),
        _ => None,
    }
}

/// The scheme of a destination that is never published from Markdown,
/// read as a browser reads it: `javascript:` and `vbscript:` (they run
/// when clicked), and `data:` (a document of the link's own making) except
/// `data:image/…` as an image's source. Letter case is ignored, as are
/// leading and trailing spaces and control characters and any tab or line
/// break inside (`java&#9;script:` is `javascript:` to a browser;
/// pulldown-cmark has already decoded the entity).
pub(super) fn refused_scheme(dest: &str, image: bool) -> Option<&'static str> {
    let cleaned: String = dest
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    let scheme = cleaned.split_once(':')?.0;
    match scheme {
        "javascript" => Some("javascript:"),
        "vbscript" => Some("vbscript:"),
        "data" if image && cleaned.starts_with("data:image/") => None,
        "data" => Some("data:"),
        _ => None,
    }
}

fn has_scheme(dest: &str) -> bool {
    let Some((scheme, _)) = dest.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

fn is_markdown_path(path: &str) -> bool {
    path.len() > 3
        && path
            .get(path.len() - 3..)
            .is_some_and(|ext| ext.eq_ignore_ascii_case(".md"))
}

/// Decodes `%E9%87%8F` sequences so `量子化.md` and its URL-encoded spelling
/// resolve alike; anything that is not valid UTF-8 afterwards stays as written.
fn percent_decode(s: &str) -> Cow<'_, str> {
    if !s.contains('%') {
        return Cow::Borrowed(s);
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let decoded = (bytes[i] == b'%')
            .then(|| hex_pair(bytes.get(i + 1..i + 3)))
            .flatten();
        match decoded {
            Some(b) => {
                out.push(b);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_or(Cow::Borrowed(s), Cow::Owned)
}

fn hex_pair(pair: Option<&[u8]>) -> Option<u8> {
    let &[hi, lo] = pair? else {
        return None;
    };
    let digit = |b: u8| (b as char).to_digit(16);
    Some((digit(hi)? * 16 + digit(lo)?) as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(path: &str, fragment: Option<&'static str>) -> Dest<'static> {
        Dest::Note {
            path: Cow::Owned(path.to_owned()),
            fragment,
        }
    }

    #[test]
    fn external_and_fragment_links_are_kept() {
        for dest in [
            "https://a.jp/x.md",
            "mailto:a@b.jp",
            "//cdn/x",
            "#part",
            "",
            "tel:+81",
        ] {
            assert_eq!(classify(dest), Dest::Keep, "{dest}");
        }
    }

    #[test]
    fn relative_md_links_are_notes() {
        assert_eq!(classify("other.md"), note("other.md", None));
        assert_eq!(
            classify("../sec/x.md#part"),
            note("../sec/x.md", Some("part"))
        );
        assert_eq!(classify("sub/INDEX.MD#"), note("sub/INDEX.MD", None));
        assert_eq!(classify("%E9%87%8F.md"), note("量.md", None));
        assert_eq!(classify("image.png"), Dest::Keep);
        assert_eq!(classify(".md"), Dest::Keep);
    }

    #[test]
    fn relative_files_are_split_from_query_and_fragment() {
        assert_eq!(
            relative_file("img/%E5%9B%B3.png?v=2"),
            Some((Cow::Owned("img/図.png".into()), "?v=2"))
        );
        assert_eq!(
            relative_file("../a.pdf#page=2"),
            Some((Cow::Borrowed("../a.pdf"), "#page=2"))
        );
        for dest in [
            "",
            "#x",
            "/abs.png",
            "https://a.jp/x.png",
            "//cdn/x",
            "other.md",
            "mailto:a@b.jp",
        ] {
            assert_eq!(relative_file(dest), None, "{dest}");
        }
    }

    #[test]
    fn site_absolute_paths_keep_query_and_fragment() {
        let expected = Dest::Site {
            path: "/tags/llm/",
            rest: "?a#b",
        };
        assert_eq!(classify("/tags/llm/?a#b"), expected);
    }

    #[test]
    fn script_and_data_urls_are_refused_however_spelt() {
        for dest in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "\u{1}\u{1f}javascript:x",
            "java\tscript:x",
            "java\nscri\rpt:x",
            "vbscript:msgbox",
            "data:text/html,<script>x</script>",
        ] {
            assert!(refused_scheme(dest, false).is_some(), "{dest:?}");
            assert!(refused_scheme(dest, true).is_some(), "{dest:?} as an image");
        }
        assert_eq!(
            refused_scheme("data:image/png;base64,AAA", false),
            Some("data:")
        );
        assert_eq!(refused_scheme("DATA:image/svg+xml,<svg/>", true), None);
        for dest in [
            "https://a.jp/javascript:x",
            "javascript.md",
            "/javascript:x",
            "%6Aavascript:x",
            "mailto:a@b.jp",
            "#javascript:",
            "",
        ] {
            assert_eq!(refused_scheme(dest, false), None, "{dest:?}");
        }
    }

    #[test]
    fn percent_decode_leaves_invalid_sequences() {
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(percent_decode("a%zz%20b"), "a%zz b");
        assert_eq!(percent_decode("%FF.md"), "%FF.md");
    }
}

//! Serve, HTTP side: the pure request-path sanitiser. Turns the raw,
//! percent-encoded path of a request into a key of the in-memory site, or
//! refuses it. Decodes exactly once (so `%252e` stays the literal `%2e` and
//! can only miss), and refuses anything that could name a file outside the
//! site even if the store were a folder: `..` and `.` segments in any
//! spelling (encoded, full-width, dot leaders), backslashes and slash
//! look-alikes, NUL and control characters, malformed escapes, invalid
//! UTF-8 (overlong `%c0%ae`), and empty segments (`//host`).

use unicode_normalization::UnicodeNormalization as _;

/// A request path that is safe to look up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitePath {
    /// Decoded, without the leading `/`: `""`, `notes/llm/`, `css/style.css`.
    pub key: String,
}

impl SitePath {
    /// The path ends with `/` (or is the root): it names a folder's index.
    pub fn is_folder(&self) -> bool {
        self.key.is_empty() || self.key.ends_with('/')
    }
}

/// A request path that is malformed or dangerous: answer 400.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadPath;

/// Characters that some software treats as a path separator after
/// normalisation or case folding; never part of a manabi output path.
const SLASH_LIKE: [char; 8] = [
    '\\', '\u{2044}', '\u{2215}', '\u{29F5}', '\u{29F8}', '\u{FE68}', '\u{FF0F}', '\u{FF3C}',
];

/// Checks and decodes the raw path of a request (`uri.path()`).
pub fn parse(raw: &str) -> Result<SitePath, BadPath> {
    let rest = raw.strip_prefix('/').ok_or(BadPath)?;
    let bytes = percent_decode(rest)?;
    let decoded = String::from_utf8(bytes).map_err(|_| BadPath)?;
    if decoded
        .chars()
        .any(|c| c.is_control() || SLASH_LIKE.contains(&c))
    {
        return Err(BadPath);
    }
    let segments: Vec<&str> = decoded.split('/').collect();
    let last = segments.len() - 1;
    for (i, segment) in segments.iter().enumerate() {
        if (segment.is_empty() && i != last) || is_dot_segment(segment) {
            return Err(BadPath);
        }
    }
    Ok(SitePath { key: decoded })
}

/// `.` or `..`, also as full-width dots, dot leaders (`‥`) and other
/// compatibility spellings that normalise to them.
fn is_dot_segment(segment: &str) -> bool {
    if segment == "." || segment == ".." {
        return true;
    }
    if segment.is_ascii() {
        return false;
    }
    let folded: String = segment.nfkc().collect();
    folded == "." || folded == ".." || folded.contains(['/', '\\'])
}

/// Decodes `%XX` escapes once. A `%` not followed by two hex digits is
/// malformed; raw characters that clients must escape are refused too.
fn percent_decode(s: &str) -> Result<Vec<u8>, BadPath> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hi = bytes.get(i + 1).and_then(|b| hex(*b));
                let lo = bytes.get(i + 2).and_then(|b| hex(*b));
                let (Some(hi), Some(lo)) = (hi, lo) else {
                    return Err(BadPath);
                };
                out.push(hi << 4 | lo);
                i += 3;
            }
            b if b <= b' ' || b == 0x7f => return Err(BadPath),
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    Ok(out)
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(raw: &str) -> String {
        parse(raw).unwrap_or_else(|e| panic!("{raw}: {e:?}")).key
    }

    #[test]
    fn accepts_site_paths() {
        assert_eq!(key("/"), "");
        assert_eq!(key("/open-llm/llama/"), "open-llm/llama/");
        assert_eq!(key("/css/style.css"), "css/style.css");
        assert_eq!(key("/%E7%94%A8%E8%AA%9E/"), "用語/");
        assert_eq!(key("/tags/c%2B%2B/"), "tags/c++/");
        assert_eq!(key("/a..b/x.y"), "a..b/x.y");
        assert_eq!(key("/.well-known/x"), ".well-known/x");
        assert!(parse("/a/").unwrap().is_folder());
        assert!(!parse("/a").unwrap().is_folder());
    }

    #[test]
    fn double_encoding_is_decoded_once_only() {
        // `%252e%252e` is the literal name `%2e%2e`: it can only miss.
        assert_eq!(
            key("/%252e%252e/%252e%252e/etc/passwd"),
            "%2e%2e/%2e%2e/etc/passwd"
        );
        assert_eq!(key("/%252f"), "%2f");
    }

    #[test]
    fn refuses_every_traversal_spelling() {
        let attacks = [
            "/../etc/passwd",
            "/a/../../etc/passwd",
            "/..",
            "/./index.html",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/%2E%2E/etc/passwd",
            "/%2e%2e%2fetc%2fpasswd",
            "/.%2e/x",
            "/a/%2e/b",
            "/..%5c..%5cwindows%5cwin.ini",
            "/..\\..\\windows\\win.ini",
            "/a\\b",
            "/%c0%ae%c0%ae/etc/passwd",
            "/%e0%80%ae%e0%80%ae/x",
            "/%ef%bc%8e%ef%bc%8e/etc/passwd",
            "/%e2%80%a5/etc/passwd",
            "/%e2%80%a4%e2%80%a4/x",
            "/a%ef%bc%8fb",
            "/a%e2%88%95b",
            "/a%ef%bc%bcb",
            "/%00",
            "/index.html%00.png",
            "/a%0a",
            "/a%7f",
            "//etc/passwd",
            "/a//b",
            "/%2f%2fevil.example",
            "/%",
            "/%2",
            "/%zz",
            "/a b",
            "relative/path",
            "",
        ];
        for raw in attacks {
            assert_eq!(parse(raw), Err(BadPath), "{raw}");
        }
    }
}

//! Output file names: what a path segment taken from a user's file (a slug,
//! a tag, a folder name) must be to become a folder of the output, and the
//! top-level names manabi keeps for its own pages. It sits below the stages
//! that read those names (config, content, site) so that `check` rejects at
//! the key what the output stage could not write.

/// The URL segment of a list's later pages (`section/page/2/`); no note or
/// section may take it.
pub const PAGE_SEGMENT: &str = "page";

/// Top-level URL segments manabi itself writes; notes, sections and
/// taxonomies may not take them.
pub const RESERVED: &[&str] = &[
    "glossary",
    "syllabus",
    "search",
    "quiz",
    "exam",
    "progress",
    "review",
    "css",
    "js",
    "img",
    "fonts",
    "atom.xml",
    "sitemap.xml",
    "robots.txt",
    "404.html",
    "livereload",
    "__manabi",
];

/// The page file of every folder of the output: a folder by this name
/// would have to be where its parent's page is.
pub const PAGE_FILE: &str = "index.html";

/// The longest file name ext4, APFS and NTFS take (bytes, or UTF-16 units
/// on NTFS, which are never more than the UTF-8 bytes).
pub const MAX_SEGMENT_BYTES: usize = 255;

/// Why `segment` cannot name a folder of the output, or `None` when it can.
pub fn segment_problem(segment: &str) -> Option<String> {
    if segment.is_empty() {
        return Some("it is empty".into());
    }
    if segment == "." || segment == ".." {
        return Some(format!("`{segment}` names a folder itself or its parent"));
    }
    if let Some(c) = segment
        .chars()
        .find(|&c| c == '/' || c == '\\' || c.is_control())
    {
        return Some(format!("it contains {}", describe(c)));
    }
    if segment.len() > MAX_SEGMENT_BYTES {
        return Some(format!(
            "it is {} bytes long, and a file name can have at most {MAX_SEGMENT_BYTES}",
            segment.len()
        ));
    }
    if segment == PAGE_FILE {
        return Some(format!("`{PAGE_FILE}` is the page file of every folder"));
    }
    None
}

fn describe(c: char) -> String {
    match c {
        '/' | '\\' => format!("`{c}`, which separates folders"),
        '\0' => "a NUL character".into(),
        c => format!("the control character U+{:04X}", c as u32),
    }
}

/// A name for a message: long ones cut to their first 40 characters.
pub fn shorten(name: &str) -> String {
    const KEEP: usize = 40;
    match name.char_indices().nth(KEEP) {
        Some((i, _)) => format!("{}…", &name[..i]),
        None => name.to_string(),
    }
    .chars()
    .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_names() {
        for ok in ["open-weights", "量子化", "llm", "a.b", "index.htm", "_x"] {
            assert_eq!(segment_problem(ok), None, "{ok}");
        }
        assert_eq!(segment_problem(&"あ".repeat(85)), None, "255 bytes");
    }

    #[test]
    fn rejects_names_no_folder_can_have() {
        for bad in ["", ".", "..", "a/b", "a\\b", "a\0b", "a\u{1}", "index.html"] {
            assert!(segment_problem(bad).is_some(), "{bad:?}");
        }
        let long = segment_problem(&"x".repeat(256)).unwrap();
        assert!(long.contains("256 bytes"), "{long}");
        assert!(segment_problem(&"あ".repeat(86)).is_some(), "258 bytes");
    }

    #[test]
    fn shortens_long_names_for_messages() {
        assert_eq!(shorten("short"), "short");
        let s = shorten(&"あ".repeat(300));
        assert_eq!(s.chars().count(), 41);
        assert!(s.ends_with('…'));
        assert_eq!(shorten("a\0b"), "a\u{FFFD}b");
    }
}

//! The page-weight budget (DESIGN.md §6): no HTML page over 300 KB or
//! 3,000 elements, and no page fetching more than 500 KB of JSON before it
//! is usable. Shared by the integration suite (`tests/testsuite/budget.rs`,
//! which checks every page of a generated site) and the browser tests
//! (`tests/browser/budget.rs`, which measures the heaviest ones in
//! Chromium); both include this file with `#[path]`.
//!
//! KB here is 1,000 bytes, the stricter reading.

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Most bytes an HTML page may have.
pub const MAX_PAGE_BYTES: usize = 300_000;
/// Most elements an HTML page may have.
pub const MAX_ELEMENTS: usize = 3_000;
/// Most bytes of JSON a page may fetch before it is usable.
pub const MAX_JSON_BYTES: usize = 500_000;

/// Wrong answers `/progress/` lists at first (`WRONG_PAGE` in
/// `js/progress.js`); each may sit in a different bank shard.
pub const PROGRESS_WRONG_SHOWN: usize = 10;

/// What a page exceeds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Excess {
    /// Its HTML: bytes or elements.
    Markup,
    /// The JSON it fetches before it is usable.
    Json,
}

/// A page known to break the budget, and why.
pub struct Known {
    /// The output file, e.g. `syllabus/index.html`.
    pub path: &'static str,
    pub excess: Excess,
    pub why: &'static str,
}

/// Pages known to break the budget, reported with their figures (issue 12):
/// the tests print them instead of failing, and fail once one is back
/// within budget so that its entry goes. An empty list makes them strict.
pub const KNOWN_OVER_BUDGET: &[Known] = &[];

/// The entry of `path` in [`KNOWN_OVER_BUDGET`] for `excess`, if any.
pub fn known(path: &str, excess: Excess) -> Option<&'static Known> {
    KNOWN_OVER_BUDGET
        .iter()
        .find(|k| k.path == path && k.excess == excess)
}

/// How many elements the HTML's markup makes: its start tags, the way an
/// HTML tokenizer finds them. Comments, the doctype, processing
/// instructions, CDATA sections and end tags are not elements; a `<` that
/// does not start a tag (`a < b`), or sits inside a quoted attribute value,
/// is text; the contents of raw-text and escapable raw-text elements
/// (`script`, `style`, `textarea`, `title`, `xmp`, `iframe`, `noembed`,
/// `noframes`) are text up to their end tag. Elements a browser adds on
/// its own (an implied `<tbody>`, `<head>`) are not counted, and the
/// contents of `<noscript>` and `<template>` are (a browser with scripts
/// on keeps them out of `getElementsByTagName`), so the count can differ
/// from Chromium's by a few.
pub fn count_elements(html: &str) -> usize {
    let bytes = html.as_bytes();
    let mut count = 0;
    let mut i = 0;
    while let Some(offset) = memchr_lt(&bytes[i..]) {
        let at = i + offset;
        let rest = &bytes[at..];
        i = if rest.starts_with(b"<!--") {
            skip_past(bytes, at + 4, b"-->")
        } else if rest.starts_with(b"<![CDATA[") {
            skip_past(bytes, at + 9, b"]]>")
        } else if rest.starts_with(b"<!") || rest.starts_with(b"<?") || rest.starts_with(b"</") {
            // Doctype, bogus comment or end tag: up to the next `>`.
            skip_past(bytes, at + 2, b">")
        } else if rest.get(1).is_some_and(u8::is_ascii_alphabetic) {
            count += 1;
            let (name, end) = start_tag(bytes, at + 1);
            if is_raw_text(&name) {
                skip_raw_text(bytes, end, &name)
            } else {
                end
            }
        } else {
            at + 1
        };
    }
    count
}

fn memchr_lt(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'<')
}

/// The index just past the first `needle` at or after `from` (the end of
/// the input when there is none).
fn skip_past(bytes: &[u8], from: usize, needle: &[u8]) -> usize {
    bytes
        .get(from..)
        .and_then(|rest| rest.windows(needle.len()).position(|w| w == needle))
        .map_or(bytes.len(), |p| from + p + needle.len())
}

/// Reads a start tag whose name begins at `from`: its lowercase name and
/// the index just past its `>` (attribute values may hold `>` and `<`).
fn start_tag(bytes: &[u8], from: usize) -> (String, usize) {
    let mut i = from;
    while i < bytes.len() && !is_tag_break(bytes[i]) {
        i += 1;
    }
    let name = String::from_utf8_lossy(&bytes[from..i]).to_ascii_lowercase();
    // Attributes: a quote opens a value only right after `=` (and spaces).
    let mut after_equals = false;
    while i < bytes.len() {
        match bytes[i] {
            b'>' => return (name, i + 1),
            b'=' => after_equals = true,
            q @ (b'"' | b'\'') if after_equals => {
                i = skip_past(bytes, i + 1, &[q]) - 1;
                after_equals = false;
            }
            b if b.is_ascii_whitespace() => {}
            _ => after_equals = false,
        }
        i += 1;
    }
    (name, bytes.len())
}

fn is_tag_break(b: u8) -> bool {
    b.is_ascii_whitespace() || b == b'/' || b == b'>'
}

fn is_raw_text(name: &str) -> bool {
    matches!(
        name,
        "script" | "style" | "textarea" | "title" | "xmp" | "iframe" | "noembed" | "noframes"
    )
}

/// The index just past the `>` of `</name` (any letter case, followed by
/// a space, `/` or `>`) at or after `from`.
fn skip_raw_text(bytes: &[u8], from: usize, name: &str) -> usize {
    let mut i = from;
    while let Some(offset) = bytes.get(i..).and_then(memchr_lt) {
        let at = i + offset;
        let close = bytes
            .get(at + 2..at + 2 + name.len())
            .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()));
        let ends = bytes
            .get(at + 2 + name.len())
            .is_none_or(|&b| is_tag_break(b));
        if bytes.get(at + 1) == Some(&b'/') && close && ends {
            return skip_past(bytes, at + 2, b">");
        }
        i = at + 1;
    }
    bytes.len()
}

/// One HTML page of an output: its path, size and element count.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageWeight {
    pub path: String,
    pub bytes: usize,
    pub elements: usize,
}

impl PageWeight {
    pub fn over_budget(&self) -> bool {
        self.bytes > MAX_PAGE_BYTES || self.elements > MAX_ELEMENTS
    }
}

/// Every `.html` file of an output, weighed, in path order.
pub fn weigh_pages(files: &BTreeMap<String, Vec<u8>>) -> Vec<PageWeight> {
    files
        .iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| PageWeight {
            path: path.clone(),
            bytes: bytes.len(),
            elements: count_elements(&String::from_utf8_lossy(bytes)),
        })
        .collect()
}

/// The `n` heaviest pages by `key`, heaviest first (ties by path).
pub fn heaviest<K: Ord>(
    pages: &[PageWeight],
    n: usize,
    key: impl Fn(&PageWeight) -> K,
) -> Vec<&PageWeight> {
    let mut sorted: Vec<&PageWeight> = pages.iter().collect();
    sorted.sort_by(|a, b| key(b).cmp(&key(a)).then_with(|| a.path.cmp(&b.path)));
    sorted.truncate(n);
    sorted
}

/// A report of the pages over budget (all but the known ones) and the ten
/// heaviest pages by bytes and by elements; empty when there are none.
pub fn page_report(pages: &[PageWeight]) -> String {
    let over: Vec<&PageWeight> = pages
        .iter()
        .filter(|p| p.over_budget() && known(&p.path, Excess::Markup).is_none())
        .collect();
    if over.is_empty() {
        return String::new();
    }
    let mut s = format!(
        "{} of {} HTML pages over the budget ({MAX_PAGE_BYTES} bytes, {MAX_ELEMENTS} elements), \
         not counting the known ones (KNOWN_OVER_BUDGET):\n",
        over.len(),
        pages.len()
    );
    for p in &over {
        let _ = writeln!(
            s,
            "  {:>9} bytes {:>7} elements  {}",
            p.bytes, p.elements, p.path
        );
    }
    s.push_str("top 10 by bytes:\n");
    for p in heaviest(pages, 10, |p| p.bytes) {
        let _ = writeln!(
            s,
            "  {:>9} bytes {:>7} elements  {}",
            p.bytes, p.elements, p.path
        );
    }
    s.push_str("top 10 by elements:\n");
    for p in heaviest(pages, 10, |p| p.elements) {
        let _ = writeln!(
            s,
            "  {:>9} bytes {:>7} elements  {}",
            p.bytes, p.elements, p.path
        );
    }
    s
}

/// The known pages over budget by their markup, as lines to print, and the
/// problems with the list: an entry whose page is within budget now, or is
/// not in the output.
pub fn known_markup(pages: &[PageWeight]) -> (Vec<String>, Vec<String>) {
    let (mut over, mut stale) = (Vec::new(), Vec::new());
    for k in KNOWN_OVER_BUDGET
        .iter()
        .filter(|k| k.excess == Excess::Markup)
    {
        match pages.iter().find(|p| p.path == k.path) {
            Some(p) if p.over_budget() => over.push(format!(
                "KNOWN OVER BUDGET: {} ({} bytes, {} elements): {}",
                p.path, p.bytes, p.elements, k.why
            )),
            Some(p) => stale.push(format!(
                "{} is within budget now ({} bytes, {} elements): remove it from KNOWN_OVER_BUDGET",
                p.path, p.bytes, p.elements
            )),
            None => stale.push(format!("{}: no such page (KNOWN_OVER_BUDGET)", k.path)),
        }
    }
    (over, stale)
}

/// The JSON a page fetches before it is usable: the files and their total
/// size.
#[derive(Clone, Debug)]
pub struct JsonFetch {
    /// The page, e.g. `/progress/`.
    pub page: &'static str,
    /// What the page's script fetches, and whether this is the worst case
    /// or the expected one.
    pub what: &'static str,
    pub bytes: usize,
    /// Held to the budget ([`MAX_JSON_BYTES`]); the unlikely worst cases are
    /// reported only.
    pub budgeted: bool,
}

/// What the quiz pages fetch from the bank (`quiz/manifest.json`,
/// `quiz/shards/<n>.json`) before they are usable:
///
/// - `/exam/`: the manifest (the draw after the start click is extra);
/// - `/review/`: the manifest, the first due question's shard and the next
///   one's (prefetched), at worst the two largest shards;
/// - `/progress/`: the manifest and the shards of the 20 wrong answers it
///   lists: expected, 20 times the mean size of the shard a question is in
///   (a shard with more questions is hit more often); at worst, the 20
///   largest shards (reported, not budgeted).
///
/// The search page depends on the query; [`json_files`] bounds each of its
/// files and the browser test measures real queries.
pub fn quiz_fetches(files: &BTreeMap<String, Vec<u8>>) -> Vec<JsonFetch> {
    let manifest = size(files, "quiz/manifest.json");
    // (bytes, questions) of every shard, largest first.
    let mut shards: Vec<(usize, usize)> = files
        .iter()
        .filter(|(p, _)| p.starts_with("quiz/shards/") && p.ends_with(".json"))
        .map(|(p, b)| (b.len(), shard_questions(p, b)))
        .collect();
    shards.sort_unstable_by(|a, b| b.cmp(a));
    let largest = |n: usize| shards.iter().take(n).map(|s| s.0).sum::<usize>();
    let questions: usize = shards.iter().map(|s| s.1).sum();
    let biased_mean = shards.iter().map(|s| s.0 * s.1).sum::<usize>() / questions.max(1);
    let wrong = PROGRESS_WRONG_SHOWN;
    vec![
        JsonFetch {
            page: "/exam/",
            what: "the manifest",
            bytes: manifest,
            budgeted: true,
        },
        JsonFetch {
            page: "/review/",
            what: "the manifest and the 2 largest shards (worst case)",
            bytes: manifest + largest(2),
            budgeted: true,
        },
        JsonFetch {
            page: "/progress/",
            what: "the manifest and the shards of 10 wrong answers (expected)",
            bytes: manifest + wrong * biased_mean,
            budgeted: true,
        },
        JsonFetch {
            page: "/progress/",
            what: "the manifest and the 10 largest shards (worst case)",
            bytes: manifest + largest(wrong),
            budgeted: false,
        },
    ]
}

fn shard_questions(path: &str, bytes: &[u8]) -> usize {
    let shard: serde_json::Value =
        serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
    shard["questions"]
        .as_array()
        .unwrap_or_else(|| panic!("{path}: no questions list"))
        .len()
}

fn size(files: &BTreeMap<String, Vec<u8>>, path: &str) -> usize {
    files
        .get(path)
        .unwrap_or_else(|| panic!("no `{path}` in the output"))
        .len()
}

/// Every JSON file a page fetches on its way to being usable (the bank's
/// manifest and shards, the search index's manifest, postings shards and
/// document chunks), with its size, in path order.
pub fn json_files(files: &BTreeMap<String, Vec<u8>>) -> Vec<(String, usize)> {
    files
        .iter()
        .filter(|(p, _)| {
            p.ends_with(".json") && (p.starts_with("quiz/") || p.starts_with("search/"))
        })
        .map(|(p, b)| (p.clone(), b.len()))
        .collect()
}

//! The page-weight budget (DESIGN.md §6, issue 12): on a generated study
//! site of 2,000 notes (`examples/gen_corpus`, seed 1: ~5,500 questions,
//! one section of 773 notes, tags on up to 686 notes, 723 tags), every
//! HTML page is at most 300 KB and 3,000 elements, and the JSON a page
//! fetches before it is usable stays under 500 KB: the bank's manifest and
//! the shards `/review/` and `/progress/` need, and every file of the
//! search index (what a query fetches is measured in the browser tests,
//! `tests/browser/budget.rs`; `common_queries_fetch_within_budget` works it
//! out from the files for one-token queries). Pages known to break the
//! budget are listed, with why, in `KNOWN_OVER_BUDGET`
//! (`tests/support/page_weight.rs`).
//!
//! The corpus is large enough that an unpaginated list breaks the budget
//! several times over: a note card is ~17 elements and ~880 bytes, so the
//! 773-note section on one page has 13,391 elements (681 KB) and a home
//! page of 1,000 cards (the most `paginate_by` allows) 17,208 (881 KB); the
//! old `/quiz/` (all 5,523 questions on one page, ~80 elements each) would
//! be ~450,000. `a_section_on_one_page_breaks_the_budget` builds it with
//! `paginate_by: 1000` and shows that the checker says so. Generating the
//! corpus and the two debug builds take ~25 s on two busy cores.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Instant;

use crate::gen_corpus;
use crate::harness::{copy_tree, SiteTest};
use crate::page_weight::{
    count_elements, heaviest, json_files, known, known_markup, page_report, quiz_fetches,
    weigh_pages, Excess, MAX_JSON_BYTES,
};

const NOTES: usize = 2_000;
const SEED: u64 = 1;
/// The corpus's biggest section (773 notes at 2,000 notes, seed 1).
const BIG_SECTION: &str = "genai-tech/llm/index.html";

/// The generated corpus, made once per test run in the target's temporary
/// folder (replacing the previous run's); the tests copy it.
fn corpus() -> &'static Path {
    static CORPUS: OnceLock<PathBuf> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("budget-corpus");
        let started = Instant::now();
        let generated = gen_corpus::generate(&gen_corpus::Options {
            notes: NOTES,
            out: dir.clone(),
            seed: SEED,
            hugo: None,
        })
        .expect("generate the corpus");
        assert_eq!(generated.stats.notes(), NOTES);
        eprintln!(
            "budget: {NOTES} notes, {} questions generated in {:.1} s",
            generated.stats.questions(),
            started.elapsed().as_secs_f64()
        );
        dir
    })
}

/// The corpus, with `site_yaml_extra` appended to its site.yaml, built
/// into memory; panics on any error.
fn build_corpus(site_yaml_extra: &str) -> BTreeMap<String, Vec<u8>> {
    let site = SiteTest::empty();
    copy_tree(corpus(), site.root());
    if !site_yaml_extra.is_empty() {
        let yaml = site.read("site.yaml") + site_yaml_extra;
        site.write("site.yaml", &yaml);
    }
    let started = Instant::now();
    let built = site.build();
    built.assert_ok();
    eprintln!(
        "budget: built in {:.1} s, {} files",
        started.elapsed().as_secs_f64(),
        built.files.len()
    );
    built.files
}

/// The corpus with its own site.yaml, built once for the tests that read it.
fn default_build() -> &'static BTreeMap<String, Vec<u8>> {
    static BUILT: OnceLock<BTreeMap<String, Vec<u8>>> = OnceLock::new();
    BUILT.get_or_init(|| build_corpus(""))
}

#[test]
fn every_page_of_a_2000_note_site_is_within_budget() {
    let files = default_build();
    let pages = weigh_pages(files);
    assert!(pages.len() > NOTES, "{} pages", pages.len());
    let report = page_report(&pages);
    assert!(report.is_empty(), "{report}");
    // The lists are paginated, not merely small: the big section has pagers.
    assert!(files.contains_key("genai-tech/llm/page/2/index.html"));
    let (known, mut failures) = known_markup(&pages);
    for line in known {
        eprintln!("{line}");
    }

    for fetch in quiz_fetches(files) {
        eprintln!(
            "budget: {} fetches {} bytes of JSON: {}",
            fetch.page, fetch.bytes, fetch.what
        );
        if fetch.budgeted && fetch.bytes > MAX_JSON_BYTES {
            failures.push(format!(
                "{} fetches {} bytes of JSON ({})",
                fetch.page, fetch.bytes, fetch.what
            ));
        }
    }
    let json = json_files(files);
    assert!(json.iter().any(|(p, _)| p == "search/index.json"));
    assert!(json.iter().any(|(p, _)| p.starts_with("quiz/shards/")));
    for (path, bytes) in &json {
        if *bytes > MAX_JSON_BYTES {
            failures.push(format!("{path}: {bytes} bytes of JSON"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---------- What a search fetches ----------

/// Results `/search/` shows (`PAGE_LIMIT` in `js/search.js`).
const SEARCH_PAGE_LIMIT: usize = 50;

/// Terms common in the corpus, each one query token: a kanji bigram in
/// most documents, one kanji (every token it begins), and two Latin words
/// being typed (every word they begin).
const COMMON_QUERIES: [&str; 4] = ["学習", "学", "ai", "llm"];

/// The JSON `js/search-core.js` fetches for a query of one token, worked
/// out from the index files: the manifest, the token's postings shard and
/// the document chunks of the 50 best candidates (each holds the term,
/// so this first batch fills the page). Returns the bytes, the number of
/// chunks and the number of candidates.
fn search_fetch(files: &BTreeMap<String, Vec<u8>>, token: &str) -> (usize, usize, usize) {
    let file = |name: &str| {
        files
            .get(&format!("search/{name}.json"))
            .unwrap_or_else(|| panic!("no search/{name}.json"))
    };
    let manifest: serde_json::Value = serde_json::from_slice(file("index")).expect("manifest");
    assert_eq!(manifest["version"], manabi::search::index::VERSION);
    let shards = manifest["shards"].as_u64().expect("shards") as usize;
    let shard_name = format!("p{}", manabi::search::index::shard_of(token, shards));
    let shard: BTreeMap<String, String> =
        serde_json::from_slice(file(&shard_name)).expect("postings shard");
    // A word as it is typed stands for every word it begins; a kanji/kana
    // token is looked up as it is.
    let prefix = token.chars().all(|c| c.is_ascii_alphanumeric());
    let mut scores: BTreeMap<u64, u64> = BTreeMap::new();
    for (key, encoded) in &shard {
        if key == token || (prefix && key.starts_with(token)) {
            for (doc, score) in decode_postings(encoded) {
                let best = scores.entry(doc).or_default();
                *best = (*best).max(score);
            }
        }
    }
    let mut candidates: Vec<(u64, u64)> = scores.into_iter().collect();
    candidates.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut chunk_of = Vec::new();
    for (k, c) in manifest["chunks"]
        .as_str()
        .expect("chunks")
        .bytes()
        .enumerate()
    {
        chunk_of.extend(std::iter::repeat_n(k, digit(c) as usize));
    }
    let chunks: std::collections::BTreeSet<usize> = candidates
        .iter()
        .take(SEARCH_PAGE_LIMIT)
        .map(|&(doc, _)| chunk_of[doc as usize])
        .collect();
    let bytes = file("index").len()
        + file(&shard_name).len()
        + chunks
            .iter()
            .map(|k| file(&format!("d{k}")).len())
            .sum::<usize>();
    (bytes, chunks.len(), candidates.len())
}

/// The value of a postings character (`ALPHABET` in src/search/index.rs).
fn digit(c: u8) -> u64 {
    manabi::search::index::ALPHABET
        .iter()
        .position(|&a| a == c)
        .unwrap_or_else(|| panic!("{c} is no postings character")) as u64
}

/// (doc, score) of encoded postings, as `js/search-core.js` reads them.
fn decode_postings(encoded: &str) -> Vec<(u64, u64)> {
    let (mut out, mut doc, mut value, mut shift) = (Vec::new(), 0, 0, 0);
    for c in encoded.bytes() {
        value |= (digit(c) & 31) << shift;
        shift += 5;
        if digit(c) & 32 == 0 {
            doc += value >> 5;
            out.push((doc, value & 31));
            (doc, value, shift) = (doc + 1, 0, 0);
        }
    }
    out
}

/// A query for a term most notes hold fetches its own postings and the
/// rows of its 50 results, not whole shards and chunks of neighbours
/// (format 1 fetched 1.0-1.1 MB here). Held to the budget unless the
/// search page is in `KNOWN_OVER_BUDGET`.
#[test]
fn common_queries_fetch_within_budget() {
    let files = default_build();
    let known = known("search/index.html", Excess::Json);
    let mut over = Vec::new();
    for query in COMMON_QUERIES {
        let (bytes, chunks, candidates) = search_fetch(files, query);
        eprintln!(
            "budget: /search/?q={query} fetches {bytes} bytes of JSON \
             (the manifest, 1 shard, {chunks} chunks; {candidates} candidates)"
        );
        assert!(
            candidates > 500,
            "{query}: {candidates} candidates: not common"
        );
        if bytes > MAX_JSON_BYTES {
            over.push(format!("/search/?q={query} fetches {bytes} bytes of JSON"));
        }
    }
    match known {
        Some(k) if !over.is_empty() => eprintln!("KNOWN OVER BUDGET: {}", k.why),
        Some(_) => {
            panic!("search/index.html is within budget now: remove it from KNOWN_OVER_BUDGET")
        }
        None => assert!(over.is_empty(), "{}", over.join("\n")),
    }
}

/// The same corpus with the old shape (a section's 773 notes on one page,
/// `paginate_by: 1000`): the checker reports the section page, the home
/// page and the big tag pages.
#[test]
fn a_section_on_one_page_breaks_the_budget() {
    let files = build_corpus("paginate_by: 1000\n");
    let pages = weigh_pages(&files);
    let report = page_report(&pages);
    let section = pages
        .iter()
        .find(|p| p.path == BIG_SECTION)
        .expect("section page");
    assert!(section.over_budget(), "{section:?}");
    assert!(section.elements > 10_000, "{section:?}");
    assert!(report.contains(BIG_SECTION), "{report}");
    assert!(report.contains("tags/g検定/index.html"), "{report}");
    assert!(report.contains("top 10 by elements:"), "{report}");
    let worst = heaviest(&pages, 1, |p| p.elements)[0];
    eprintln!("budget with paginate_by 1000: {section:?}, heaviest {worst:?}");
    assert_eq!(worst.path, "index.html", "the home page lists 1,000 notes");
}

// ---------- The element counter ----------

#[test]
fn counts_start_tags_not_end_tags_comments_or_doctype() {
    let html = "<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\"></head>\
                <body><!-- <p>not</p> --><p>a<br>b<br/>c</p><img src=x /></body></html>";
    // html, head, meta, body, p, br, br, img
    assert_eq!(count_elements(html), 8);
}

#[test]
fn a_lone_less_than_sign_is_text() {
    assert_eq!(count_elements("<p>a < b, 3<4, a <= b, <3 and < p></p>"), 1);
    assert_eq!(count_elements("<<p>>"), 1);
    assert_eq!(count_elements("x <"), 0);
    assert_eq!(count_elements(""), 0);
}

#[test]
fn angle_brackets_inside_quoted_attribute_values_are_not_tags() {
    let html = r#"<a title="a <b> c" data-x='<i>' href="/x?a>b">link</a><span class=ok>y</span>"#;
    assert_eq!(count_elements(html), 2);
    // A quote not after `=` does not open a value; `>` ends the tag there.
    assert_eq!(count_elements(r#"<p a"b>x</p><i>y</i>"#), 2);
    // An unquoted value may hold a quote.
    assert_eq!(count_elements("<p a=b\"c>x</p><i>'</i>"), 2);
    // Spaces around `=` before a quoted value.
    assert_eq!(count_elements(r#"<p title = "<q>">x</p>"#), 1);
}

#[test]
fn script_style_and_textarea_contents_are_text() {
    let html = "<script>if (a<b) document.write('<p>x</p>'); // </scripty\n</script>\
                <style>a>b{}</style><textarea><b>raw</b></textarea>\
                <title>1 < 2 <i>x</i></title><SCRIPT type=module>'<div>'</SCRIPT ><p>after</p>";
    // script, style, textarea, title, SCRIPT, p
    assert_eq!(count_elements(html), 6);
}

#[test]
fn comments_cdata_and_processing_instructions_hold_no_elements() {
    let html = "<!----><!-- a -- <b> --><p>x</p><![CDATA[<i>no</i>]]><?xml <x>?><svg><rect/><g><path d='M0 0'/></g></svg>";
    // p, svg, rect, g, path  (`<?xml <x>?>` ends at the first `>`, leaving `?>` as text)
    assert_eq!(count_elements(html), 5);
}

#[test]
fn unterminated_constructs_end_the_count() {
    assert_eq!(count_elements("<p>x<!-- never closed <b>"), 1);
    assert_eq!(count_elements("<p title=\"never closed><b>"), 1);
    assert_eq!(count_elements("<script><p>"), 1);
    assert_eq!(count_elements("<p"), 1);
}

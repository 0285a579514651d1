//! Search (`js/search.js`, `js/search-core.js`, the index under
//! `search/`): the header box shows the right note first for a Japanese
//! substring, marks notes and questions, verifies substrings, moves with
//! the keyboard; `/search/?q=` lists results; and the JS tokenizer gives
//! exactly the Rust tokenizer's tokens.

use serde_json::{json, Value};

use super::harness::*;

const FIXTURE: &str = "tests/fixtures/search-browser";
const DOWN: char = '\u{e015}';
const UP: char = '\u{e013}';
const ESCAPE: char = '\u{e00c}';
const BOX: &str = "#site-search-input";

/// The header box's results: [{title, kind, href}] once at least one shows.
async fn box_results(p: &Page) -> Vec<Value> {
    p.wait("document.querySelector('#site-search-listbox [role=option]')")
        .await;
    let v = p
        .js("return [...document.querySelectorAll('#site-search-listbox [role=option]')].map(o => ({ \
             title: o.querySelector('.search-result-title').textContent, \
             kind: o.querySelector('.search-kind').textContent, \
             href: o.querySelector('a').getAttribute('href'), \
             marks: [...o.querySelectorAll('mark')].map(m => m.textContent) }));")
        .await;
    v.as_array().cloned().unwrap_or_default()
}

fn titles(results: &[Value]) -> Vec<&str> {
    results.iter().filter_map(|r| r["title"].as_str()).collect()
}

#[test]
fn japanese_substring_shows_the_title_match_first_and_not_a_page_sharing_bigrams() {
    with_browser_on(FIXTURE, Options::default(), |p| async move {
        p.goto("").await;
        p.click(BOX).await;
        p.type_into(BOX, "乗数法").await;
        let results = box_results(&p).await;
        let titles = titles(&results);
        assert_eq!(titles[0], "ラグランジュの未定乗数法", "{results:?}");
        assert_eq!(results[0]["kind"], json!("ノート"));
        assert_eq!(results[0]["href"], json!("/study/math/lagrange/"));
        assert!(results[0]["marks"]
            .as_array()
            .unwrap()
            .contains(&json!("乗数法")));
        // 乗数と関数法則 has both bigrams 乗数 and 数法, but not 乗数法.
        assert!(!titles.contains(&"乗数と関数法則"), "{titles:?}");
        // A note that only mentions it in the body ranks below the title match.
        let body = titles.iter().position(|t| *t == "最適化の基礎");
        assert!(body.is_some_and(|i| i > 0), "{titles:?}");
        let question = results
            .iter()
            .find(|r| r["kind"] == json!("問題"))
            .expect("the question with 未定乗数法 is found");
        assert_eq!(
            question["href"],
            json!("/study/math/open-weights/#q-open-weights-1")
        );
        if let Some(ms) = p.data("[data-search-box]", "lastMs").await.as_str() {
            eprintln!("search: first query on the fixture took {ms} ms (cold)");
        }
    });
}

#[test]
fn kana_folding_and_sample_site_results() {
    with_browser_on(SAMPLE_SITE, Options::default(), |p| async move {
        p.goto("").await;
        p.click(BOX).await;
        p.type_into(BOX, "おーぷんうぇいと").await;
        let results = box_results(&p).await;
        assert_eq!(
            titles(&results)[0],
            "オープンソースとオープンウェイト",
            "{results:?}"
        );
        let cold = p.data("[data-search-box]", "lastMs").await;
        // Measured, not asserted: keystroke to results on screen.
        p.js(
            "const i = document.querySelector('#site-search-input'); i.value = ''; \
              i.dispatchEvent(new Event('input'));",
        )
        .await;
        p.type_into(BOX, "量子化").await;
        p.wait(
            "[...document.querySelectorAll('#site-search-listbox .search-result-title')]\
                .some(t => t.textContent === '技術進歩と低コスト化')",
        )
        .await;
        let warm = p.data("[data-search-box]", "lastMs").await;
        eprintln!("search on the sample site: first query {cold} ms, later query {warm} ms");
    });
}

#[test]
fn keyboard_moves_through_results_enter_opens_escape_closes() {
    with_browser_on(FIXTURE, Options::default(), |p| async move {
        p.goto("").await;
        p.press(&['/']).await;
        assert_eq!(p.focused().await, "site-search-input");
        p.type_into(BOX, "最適化").await;
        let results = box_results(&p).await;
        assert!(results.len() >= 2, "{results:?}");
        let active =
            "document.querySelector('#site-search-input').getAttribute('aria-activedescendant')";
        p.press(&[DOWN, DOWN]).await;
        assert_eq!(
            p.js(&format!("return {active};")).await,
            json!("site-search-option-1")
        );
        p.press(&[UP]).await;
        assert_eq!(
            p.js(&format!("return {active};")).await,
            json!("site-search-option-0")
        );
        let selected = p
            .js("return document.querySelector('#site-search-option-0').getAttribute('aria-selected');")
            .await;
        assert_eq!(selected, json!("true"));
        p.press(&[ESCAPE]).await;
        assert!(p.hidden("#site-search-listbox").await);
        assert_eq!(
            p.js("return document.querySelector('#site-search-input').getAttribute('aria-expanded');")
                .await,
            json!("false")
        );
        p.type_into(BOX, "の基礎").await;
        let results = box_results(&p).await;
        let first = results[0]["href"].as_str().unwrap().to_string();
        p.press(&[DOWN, ENTER]).await;
        p.wait(&format!("location.pathname === {first:?}")).await;
    });
}

#[test]
fn search_page_lists_results_for_a_q_link() {
    with_browser_on(FIXTURE, Options::default(), |p| async move {
        p.goto("search/?q=%E4%B9%97%E6%95%B0%E6%B3%95").await;
        p.wait("document.querySelector('#search-page-results .search-result')")
            .await;
        assert_eq!(
            p.js("return document.querySelector('#search-page-input').value;")
                .await,
            json!("乗数法")
        );
        let first = p
            .text("#search-page-results .search-result .search-result-title")
            .await;
        assert_eq!(first, "ラグランジュの未定乗数法");
        assert!(p.text("#search-page-status").await.contains('件'));
        // Latin words match as the word being typed grows (prefix).
        p.js(
            "const i = document.querySelector('#search-page-input'); i.value = 'transf'; \
              i.dispatchEvent(new Event('input'));",
        )
        .await;
        p.wait(
            "[...document.querySelectorAll('#search-page-results .search-result-title')]\
                .map(t => t.textContent).join() === '最適化の基礎,オープンウェイト' || \
                [...document.querySelectorAll('#search-page-results .search-result-title')]\
                .map(t => t.textContent).join() === 'オープンウェイト,最適化の基礎'",
        )
        .await;
        p.js(
            "const i = document.querySelector('#search-page-input'); i.value = 'zzzz'; \
              i.dispatchEvent(new Event('input'));",
        )
        .await;
        p.wait("document.querySelector('#search-page-status').textContent.includes('zzzz')")
            .await;
        assert!(p
            .js("return location.search;")
            .await
            .as_str()
            .unwrap()
            .contains("q=zzzz"));
    });
}

/// Strings where a tokenizer is easy to get wrong.
const TRICKY: &[&str] = &[
    "ラグランジュの未定乗数法",
    "LLMのfine-tuning（微調整）",
    "ＧＰＴ－４とＬｏＲＡ",
    "ﾃﾞｰﾀｾｯﾄ と ｶﾀｶﾅ",
    "おーぷんうぇいと オープンウェイト",
    "人々・〇〇・ヶ月・ヴァイオリン・ヷ",
    "Ünïcödé ΣΟΦΊΑ Straße İstanbul",
    "𠮷野家で①②③",
    "C++/C#、node.js と GPT-4o",
    "A の B",
    "か\u{3099}き\u{309A}",
    "",
];

#[test]
fn js_tokenizer_gives_the_rust_tokens() {
    let rust: Vec<Vec<String>> = TRICKY
        .iter()
        .map(|s| manabi::search::tokenize::tokenize(s))
        .collect();
    let mut tokens: Vec<String> = rust.iter().flatten().cloned().collect();
    tokens.dedup();
    let shards: Vec<Vec<usize>> = [1, 8, 256]
        .iter()
        .map(|&n| {
            tokens
                .iter()
                .map(|t| manabi::search::index::shard_of(t, n))
                .collect()
        })
        .collect();
    with_browser_on(FIXTURE, Options::default(), move |p| async move {
        p.goto("").await;
        let js = p
            .js_with(
                "return import(document.querySelector('#search-config').dataset.index + '../js/search-core.js')\
                 .then(m => ({ tokens: arguments[0].map(m.tokenize), \
                   shards: [1, 8, 256].map(n => arguments[1].map(t => m.shardOf(t, n))) }));",
                vec![json!(TRICKY), json!(tokens)],
            )
            .await;
        assert_eq!(js["tokens"], json!(rust));
        assert_eq!(js["shards"], json!(shards));
    });
}

//! What HTML a note can put in a page: `javascript:`, `vbscript:` and
//! `data:` URLs never leave Markdown links and images; raw HTML is markup
//! by default and text with `markdown: { raw_html: false }`, in bodies
//! and quiz fields alike; the default theme's pages carry a
//! Content-Security-Policy that its own scripts satisfy.

use crate::harness::SiteTest;

const EVIL: &str = r#"<img src=x onerror="alert(1)">"#;

fn note_with_html() -> String {
    format!(
        "---\ntitle: A\nquiz:\n  - question: '問 {EVIL}'\n    choices:\n      - text: '選 {EVIL}'\n        correct: true\n        explain: '説 {EVIL}'\n      - b\n    explanation: '解 {EVIL}'\n---\n本文 {EVIL}\n\n<div onclick=\"alert(2)\">block</div>\n"
    )
}

#[test]
fn raw_html_off_escapes_html_in_bodies_and_quiz_fields() {
    let site = SiteTest::with_files(&[
        ("site.yaml", "title: t\nmarkdown: { raw_html: false }\n"),
        ("content/a.md", &note_with_html()),
    ]);
    let built = site.build();
    built.assert_ok();
    let page = built.file("a/index.html");
    assert!(!page.contains("<img src=x"), "{page}");
    assert!(!page.contains("<div onclick"), "{page}");
    for field in ["問", "選", "説", "解", "本文"] {
        let escaped = format!("{field} &lt;img src=x onerror=");
        assert!(page.contains(&escaped), "{field}: {page}");
    }
    // One question: the bank has one shard.
    let bank = built.file("quiz/shards/0.json");
    assert!(
        bank.contains("onerror"),
        "the question is in the shard: {bank}"
    );
    assert!(
        !bank.contains("\\u003cimg src=x"),
        "the bank's HTML: {bank}"
    );
}

#[test]
fn raw_html_is_markup_by_default() {
    let site = SiteTest::with_files(&[
        ("site.yaml", "title: t\n"),
        ("content/a.md", &note_with_html()),
    ]);
    let page = site.build().file("a/index.html");
    assert!(
        page.contains("<div onclick=\"alert(2)\">block</div>"),
        "{page}"
    );
    assert!(page.contains(&format!("本文 {EVIL}")), "{page}");
}

#[test]
fn script_urls_in_links_are_warnings_and_never_published() {
    let note = "---\ntitle: A\nquiz:\n  - question: q\n    choices: [a, b]\n    answer: 1\n    explanation: '[解説](JaVaScRiPt:alert(1))'\n---\n\
                本文 [押す](javascript:alert(1)) ![図](vbscript:x)\n";
    let site = SiteTest::with_files(&[("site.yaml", "title: t\n"), ("content/a.md", note)]);
    let built = site.build();
    built.assert_ok();
    let page = built.file("a/index.html");
    for gone in ["javascript:", "JaVaScRiPt:", "vbscript:"] {
        assert!(!page.contains(gone), "{gone}: {page}");
    }
    assert!(page.contains("本文 押す 図"), "{page}");
    let link = built.diagnostic_at("content/a.md:9:4");
    assert!(
        link.message
            .starts_with("link to a `javascript:` URL removed"),
        "{link}"
    );
    let image = built.diagnostic_at("content/a.md:9:30");
    assert!(
        image
            .message
            .starts_with("image from a `vbscript:` URL removed"),
        "{image}"
    );
    let quiz = built.diagnostic_at("content/a.md:7:5");
    assert!(quiz.message.contains("`javascript:` URL removed"), "{quiz}");
}

/// `<script>` elements with content (not `src`), outside JSON data blocks.
fn inline_scripts(html: &str) -> Vec<String> {
    html.match_indices("<script")
        .map(|(i, _)| &html[i..html[i..].find('>').map_or(html.len(), |e| i + e + 1)])
        .filter(|tag| !tag.contains(" src=") && !tag.contains("application/json"))
        .map(str::to_owned)
        .collect()
}

/// ` onclick=`-style attributes.
fn event_handlers(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (i, _) in html.match_indices(" on") {
        let rest = &html[i + 3..];
        let name: String = rest.chars().take_while(char::is_ascii_lowercase).collect();
        if !name.is_empty() && rest[name.len()..].starts_with('=') {
            found.push(format!("on{name}"));
        }
    }
    found
}

#[test]
fn default_theme_pages_carry_a_csp_their_own_scripts_satisfy() {
    let built = SiteTest::sample().build();
    built.assert_ok();
    let csp = r#"<meta http-equiv="Content-Security-Policy" content="script-src 'self'; object-src 'none'; base-uri 'self'">"#;
    let pages: Vec<&str> = built
        .paths()
        .into_iter()
        .filter(|p| p.ends_with(".html"))
        .collect();
    assert!(pages.len() > 20, "{pages:?}");
    for path in pages {
        let html = built.file(path);
        assert!(html.contains(csp), "{path} has no CSP");
        let head_end = html.find("</head>").unwrap_or(0);
        assert!(
            html.find(csp).unwrap() < head_end,
            "{path}: the CSP is in <head>"
        );
        assert_eq!(inline_scripts(&html), Vec::<String>::new(), "{path}");
        assert_eq!(event_handlers(&html), Vec::<String>::new(), "{path}");
        assert!(!html.contains("javascript:"), "{path}");
    }
}

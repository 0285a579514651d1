//! Building valid sites through the library: which pages exist, what the
//! content features (wikilinks, cascade, sort orders, drafts, folder notes,
//! Japanese slugs, alerts, tables, footnotes) render to, and determinism.

use manabi::pipeline::Summary;

use crate::harness::{memory_digest, tree_digest, SiteTest};

fn valid_basic() -> crate::harness::Built {
    let built = SiteTest::fixture("valid-basic").build();
    built.assert_ok();
    built
}

/// The hrefs of note cards on a listing page, in order.
fn card_links(html: &str) -> Vec<String> {
    html.split("class=\"card-link\" href=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn valid_basic_builds_without_diagnostics() {
    let built = valid_basic();
    assert_eq!(built.diagnostics(), Vec::<String>::new());
}

#[test]
fn valid_basic_summary_counts_notes_sections_and_tags() {
    let built = valid_basic();
    let summary = built.outcome.summary.clone().unwrap();
    let expected = Summary {
        notes: 8,
        sections: 3,
        terms: 5,
        pages: summary.pages,
    };
    assert_eq!(summary, expected);
    assert_eq!(
        summary.pages,
        built.files.len(),
        "pages counts every written file"
    );
}

#[test]
fn valid_basic_writes_every_page_and_asset() {
    let built = valid_basic();
    let expected = [
        "404.html",
        "atom.xml",
        "css/style.css",
        "exam/index.html",
        "glossary/index.html",
        "img/default-header.svg",
        "img/favicon.svg",
        "index.html",
        "js/bank.js",
        "js/copy.js",
        "js/exam.js",
        "js/keyword-card.js",
        "js/progress.js",
        "js/quiz-index.js",
        "js/quiz.js",
        "js/review.js",
        "js/search-core.js",
        "js/search.js",
        "js/store.js",
        "js/strings.js",
        "llm/attention/index.html",
        "llm/basics/embedding/index.html",
        "llm/basics/index.html",
        "llm/basics/tokenizer/index.html",
        "llm/index.html",
        "llm/open-weights/header.svg",
        "llm/open-weights/index.html",
        "llm/transformer/index.html",
        "llm/量子化/index.html",
        "progress/index.html",
        "quiz/index.html",
        "quiz/manifest.json",
        "quiz/shards/0.json",
        "review/index.html",
        "risk/bias/index.html",
        "risk/chart.svg",
        "risk/index.html",
        "risk/ハルシネーション/index.html",
        "robots.txt",
        "search/d0.json",
        "search/d1.json",
        "search/index.html",
        "search/index.json",
        "search/p0.json",
        "sitemap.xml",
        "syllabus/index.html",
        "syllabus/生成AIの技術/基礎/index.html",
        "tags/index.html",
        "tags/llm/index.html",
        "tags/オープン化/index.html",
        "tags/リスク/index.html",
        "tags/基礎/index.html",
        "tags/軽量化/index.html",
    ];
    assert_eq!(built.paths(), expected);
}

#[test]
fn draft_notes_are_left_out_unless_drafts_are_requested() {
    let built = valid_basic();
    assert!(!built.has_file("llm/draft-idea/index.html"));
    assert!(!built.file("llm/index.html").contains("下書きのアイデア"));
    assert!(!built.file("sitemap.xml").contains("draft-idea"));

    let with_drafts = SiteTest::fixture("valid-basic").drafts().build();
    with_drafts.assert_ok();
    assert!(with_drafts
        .main_region("llm/draft-idea/index.html")
        .contains("まだ公開しないノートです。"));
    assert_eq!(with_drafts.outcome.summary.as_ref().unwrap().notes, 9);
}

#[test]
fn wikilinks_resolve_by_slug_alias_and_title_with_labels() {
    let main = valid_basic().main_region("llm/transformer/index.html");
    assert!(
        main.contains(r#"<a class="wikilink" href="/study/llm/attention/">attention</a>"#),
        "{main}"
    );
    assert!(
        main.contains(r#"<a class="wikilink" href="/study/llm/attention/">Self-Attention</a>"#),
        "{main}"
    );
    assert!(
        main.contains(r#"<a class="wikilink" href="/study/llm/量子化/">軽量化の手法</a>"#),
        "{main}"
    );
}

#[test]
fn relative_md_links_become_note_urls_keeping_the_fragment() {
    let built = valid_basic();
    let transformer = built.main_region("llm/transformer/index.html");
    // `basics/tokenizer.md#使い方`; the fragment is percent-encoded by the HTML writer.
    assert!(
        transformer.contains(r#"href="/study/llm/basics/tokenizer/#%E4%BD%BF%E3%81%84%E6%96%B9""#),
        "{transformer}"
    );
    let tokenizer = built.main_region("llm/basics/tokenizer/index.html");
    assert!(
        tokenizer.contains(r#"<a href="/study/llm/transformer/">戻る</a>"#),
        "{tokenizer}"
    );
    let quant = built.main_region("llm/量子化/index.html");
    assert!(
        quant.contains(r#"<a href="/study/llm/transformer/">Transformer</a>"#),
        "{quant}"
    );
}

#[test]
fn folder_note_copies_its_image_and_uses_it_as_header_and_og_image() {
    let built = valid_basic();
    assert!(built
        .file("llm/open-weights/header.svg")
        .starts_with("<svg"));
    let page = built.file("llm/open-weights/index.html");
    assert!(
        page.contains(r#"<img src="/study/llm/open-weights/header.svg" alt="オープンウェイト""#),
        "{page}"
    );
    assert!(page.contains(r#"<meta property="og:image" content="https://example.org/study/llm/open-weights/header.svg">"#));
    // Its size, read from the file, for link previews.
    assert!(
        page.contains(r#"<meta property="og:image:width" content="1200">"#),
        "{page}"
    );
    assert!(page.contains(r#"<meta property="og:image:height" content="630">"#));
}

#[test]
fn relative_image_in_a_plain_note_points_where_the_asset_is_published() {
    // `content/risk/chart.svg` is published beside the section page, one
    // folder above the note's own page.
    let built = valid_basic();
    assert!(built.file("risk/chart.svg").starts_with("<svg"));
    let main = built.main_region("risk/bias/index.html");
    assert!(
        main.contains(r#"<img src="/study/risk/chart.svg" alt="偏りの図" width="400" height="200" loading="lazy" decoding="async" />"#),
        "{main}"
    );
}

#[test]
fn relative_links_to_folder_note_assets_follow_the_folder_notes_slug() {
    let site = SiteTest::with_files(&[
        (
            "content/s/fn/index.md",
            "---\ntitle: F\nslug: renamed\nimage: pics/head.svg\n---\n![図](pics/head.svg)\n",
        ),
        ("content/s/fn/pics/head.svg", "<svg/>"),
        (
            "content/s/a.md",
            "---\ntitle: A\n---\n[図](fn/pics/head.svg?v=1#top) ![](../s/fn/pics/head.svg)\n",
        ),
    ]);
    let built = site.build();
    built.assert_ok();
    assert_eq!(built.file("s/renamed/pics/head.svg"), "<svg/>");
    let a = built.main_region("s/a/index.html");
    assert!(
        a.contains(r#"<a href="/s/renamed/pics/head.svg?v=1#top">図</a>"#),
        "{a}"
    );
    assert!(
        a.contains(r#"<img src="/s/renamed/pics/head.svg" alt="" loading="lazy""#),
        "{a}"
    );
    let f = built.main_region("s/renamed/index.html");
    assert!(
        f.contains(r#"<img src="/s/renamed/pics/head.svg" alt="図" loading="lazy""#),
        "{f}"
    );
}

#[test]
fn section_cascade_fills_syllabus_and_tags_the_note_leaves_unset() {
    let built = valid_basic();
    let attention = built.main_region("llm/attention/index.html");
    assert!(
        attention.contains(
            r#"<li><a href="/study/syllabus/#syllabus-生成AIの技術">生成AIの技術</a></li>"#
        ),
        "{attention}"
    );
    assert!(
        attention.contains(r#"<a class="tag" href="/study/tags/llm/">#LLM</a>"#),
        "{attention}"
    );
    // 量子化 has its own tags: the cascade does not add LLM.
    let quant = built.main_region("llm/量子化/index.html");
    let header = &quant[..quant.find("</header>").unwrap()];
    assert!(
        header.contains("#軽量化") && !header.contains("#LLM"),
        "{header}"
    );
}

#[test]
fn sections_order_notes_by_weight_title_and_date() {
    let built = valid_basic();
    assert_eq!(
        card_links(&built.file("llm/index.html")),
        [
            "/study/llm/transformer/",
            "/study/llm/attention/",
            "/study/llm/量子化/",
            "/study/llm/open-weights/"
        ],
        "sort_by: weight, unweighted last"
    );
    assert_eq!(
        card_links(&built.file("llm/basics/index.html")),
        [
            "/study/llm/basics/embedding/",
            "/study/llm/basics/tokenizer/"
        ],
        "sort_by: title"
    );
    assert_eq!(
        card_links(&built.file("risk/index.html")),
        ["/study/risk/bias/", "/study/risk/ハルシネーション/"],
        "sort_by: date, newest first"
    );
}

#[test]
fn home_lists_every_note_newest_first_and_top_sections_by_weight() {
    let built = valid_basic();
    let home = built.main_region("index.html");
    assert_eq!(
        card_links(&home),
        [
            "/study/risk/bias/",
            "/study/risk/ハルシネーション/",
            "/study/llm/量子化/",
            "/study/llm/attention/",
            "/study/llm/transformer/",
            "/study/llm/open-weights/",
            "/study/llm/basics/embedding/",
            "/study/llm/basics/tokenizer/",
        ]
    );
    let llm = home.find(r#"href="/study/llm/""#).unwrap();
    let risk = home.find(r#"href="/study/risk/""#).unwrap();
    assert!(llm < risk, "sections by weight");
    assert!(
        home.contains(r#"<a class="wikilink" href="/study/llm/transformer/">Transformer</a>"#),
        "{home}"
    );
}

#[test]
fn nested_section_is_listed_under_its_parent() {
    let llm = valid_basic().main_region("llm/index.html");
    assert!(
        llm.contains(r#"<a class="section-chip" href="/study/llm/basics/"><span class="section-chip-title">基礎用語</span>"#),
        "{llm}"
    );
}

#[test]
fn japanese_file_names_and_slugs_are_kept_in_urls() {
    let built = valid_basic();
    assert!(built
        .main_region("llm/量子化/index.html")
        .contains("<h1 class=\"note-title\">量子化</h1>"));
    assert!(built
        .main_region("risk/ハルシネーション/index.html")
        .contains("<h1 class=\"note-title\">ハルシネーション</h1>"));
    let sitemap = built.file("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.org/study/llm/%E9%87%8F%E5%AD%90%E5%8C%96/</loc>"),
        "sitemap URLs are percent-encoded:\n{sitemap}"
    );
}

#[test]
fn markdown_extensions_render_alerts_tables_and_footnotes() {
    let built = valid_basic();
    let attention = built.main_region("llm/attention/index.html");
    assert!(
        attention.contains("<aside class=\"callout callout-note\" role=\"note\"><p class=\"callout-title\">ポイント</p>"),
        "{attention}"
    );
    let transformer = built.main_region("llm/transformer/index.html");
    assert!(
        transformer.contains("<table><thead><tr><th>部品</th><th>役割</th></tr></thead>"),
        "{transformer}"
    );
    assert!(
        transformer.contains(r##"<sup class="footnote-reference"><a href="#pos">1</a></sup>"##),
        "{transformer}"
    );
    assert!(
        transformer.contains(r#"<div class="footnote-definition" id="pos">"#),
        "{transformer}"
    );
}

#[test]
fn headings_get_unicode_ids_and_a_nested_toc() {
    let main = valid_basic().main_region("llm/transformer/index.html");
    assert!(
        main.contains(r##"<h2 id="構成">構成 <a class="heading-anchor" href="#構成""##),
        "{main}"
    );
    let toc_start = main.find("<nav class=\"toc\"").expect("toc");
    let toc = &main[toc_start..main[toc_start..].find("</nav>").unwrap() + toc_start];
    let order: Vec<&str> = ["#構成", "#位置エンコーディング", "#まとめ"]
        .into_iter()
        .filter(|a| toc.contains(a))
        .collect();
    assert_eq!(order.len(), 3, "{toc}");
    assert!(
        toc.find("#構成") < toc.find("#位置エンコーディング")
            && toc.find("#位置エンコーディング") < toc.find("#まとめ")
    );
}

#[test]
fn backlinks_list_linking_notes_by_title() {
    let main = valid_basic().main_region("llm/transformer/index.html");
    let back = &main[main.find("class=\"backlinks\"").expect("backlinks section")..];
    let back = &back[..back.find("</section>").expect("end of backlinks")];
    assert_eq!(
        card_links(back),
        [
            "/study/llm/basics/tokenizer/",
            "/study/llm/attention/",
            "/study/llm/量子化/"
        ],
        "sorted by title (code point order)"
    );
}

#[test]
fn prev_and_next_follow_the_section_order() {
    let built = valid_basic();
    let attention = built.main_region("llm/attention/index.html");
    assert!(
        attention.contains(r#"href="/study/llm/transformer/" rel="prev""#),
        "{attention}"
    );
    assert!(
        attention.contains(r#"href="/study/llm/量子化/" rel="next""#),
        "{attention}"
    );
    let first = built.main_region("llm/transformer/index.html");
    assert!(!first.contains("rel=\"prev\""));
}

#[test]
fn tag_pages_list_their_notes_newest_first() {
    let built = valid_basic();
    assert_eq!(
        card_links(&built.main_region("tags/基礎/index.html")),
        [
            "/study/llm/transformer/",
            "/study/llm/basics/embedding/",
            "/study/llm/basics/tokenizer/"
        ]
    );
    let tags = built.main_region("tags/index.html");
    for tag in ["llm", "基礎", "リスク", "軽量化", "オープン化"] {
        assert!(
            tags.contains(&format!("href=\"/study/tags/{tag}/\"")),
            "{tag} missing:\n{tags}"
        );
    }
}

#[test]
fn note_text_is_escaped_but_raw_html_in_markdown_is_kept() {
    let site = SiteTest::with_files(&[(
        "content/x.md",
        "---\ntitle: \"<script>alert(1)</script>\"\nsummary: [\"a & b <i>\"]\ntags: [\"<b>\"]\n---\n\n<b>本文</b>\n",
    )]);
    let built = site.build();
    built.assert_ok();
    let page = built.file("x/index.html");
    assert!(!page.contains("<script>alert(1)</script>"), "{page}");
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{page}"
    );
    assert!(!page.contains("<i>\""), "{page}");
    assert!(
        page.contains("<b>本文</b>"),
        "Markdown's own raw HTML is kept"
    );
}

#[test]
fn site_without_site_yaml_builds_with_defaults() {
    let site = SiteTest::with_files(&[("content/a.md", "---\ntitle: A\n---\n本文\n")]);
    let built = site.build();
    built.assert_ok();
    let page = built.file("a/index.html");
    assert!(page.contains("<html lang=\"ja\">"));
    assert!(
        page.contains("href=\"/css/style.css\""),
        "base path defaults to /"
    );
}

#[test]
fn site_static_files_override_theme_files() {
    let site = SiteTest::with_files(&[
        ("content/a.md", "---\ntitle: A\n---\n"),
        ("static/css/style.css", "/* mine */\n"),
        ("static/extra/file.txt", "hello\n"),
    ]);
    let built = site.build();
    built.assert_ok();
    assert_eq!(built.file("css/style.css"), "/* mine */\n");
    assert_eq!(built.file("extra/file.txt"), "hello\n");
}

#[test]
fn base_url_option_overrides_site_yaml() {
    let built = SiteTest::fixture("valid-basic")
        .base_url("https://other.example/x/y")
        .build();
    built.assert_ok();
    let page = built.file("llm/transformer/index.html");
    assert!(
        page.contains(
            r#"<link rel="canonical" href="https://other.example/x/y/llm/transformer/">"#
        ),
        "{page}"
    );
    assert!(page.contains(r#"href="/x/y/llm/attention/""#));
    assert!(!page.contains("/study/"));
}

#[test]
fn two_builds_of_valid_basic_are_byte_identical() {
    let one = SiteTest::fixture("valid-basic").build();
    let two = SiteTest::fixture("valid-basic").build();
    one.assert_ok();
    assert_eq!(memory_digest(&one.files), memory_digest(&two.files));
}

#[test]
fn builds_on_disk_are_byte_identical_wherever_the_site_lives() {
    let a = SiteTest::fixture("valid-basic");
    let b = SiteTest::fixture("valid-basic");
    let (out_a, out_b) = (a.scratch("public"), b.scratch("public"));
    assert!(!a.build_to_dir(&out_a).unwrap().failed());
    assert!(!b.build_to_dir(&out_b).unwrap().failed());
    let digest = tree_digest(&out_a);
    assert!(digest.contains_key("llm/transformer/index.html"));
    assert_eq!(digest, tree_digest(&out_b));
}

#[test]
fn two_builds_of_the_sample_site_are_byte_identical() {
    let one = SiteTest::sample().build();
    let two = SiteTest::sample().build();
    one.assert_ok();
    assert!(one.files.len() > 20);
    assert_eq!(memory_digest(&one.files), memory_digest(&two.files));
}

#[test]
fn sample_site_builds_with_zero_diagnostics() {
    let built = SiteTest::sample().build();
    built.assert_ok();
    assert_eq!(
        built.diagnostics(),
        Vec::<String>::new(),
        "no errors or warnings"
    );
    let summary = built.outcome.summary.as_ref().unwrap();
    assert!(summary.notes >= 10, "{summary:?}");
}

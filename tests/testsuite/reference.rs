//! The glossary (`/glossary/`) and the syllabus map (`/syllabus/`) built
//! from `tests/fixtures/glossary-syllabus` (an official syllabus in
//! site.yaml) and from the sample site, plus their `check` warnings.

use crate::harness::{Built, SiteTest};

fn fixture() -> Built {
    let built = SiteTest::fixture("glossary-syllabus").build();
    built.assert_ok();
    built
}

/// The text of every `<tag class="class"…>…</tag>`'s first link (or its
/// own text) in page order.
fn texts_after(html: &str, marker: &str) -> Vec<String> {
    html.split(marker)
        .skip(1)
        .map(|rest| {
            let rest = rest.split_once('>').map_or(rest, |(_, r)| r);
            let rest = rest
                .strip_prefix("<a href=\"")
                .map_or(rest, |r| r.split_once("\">").map_or(r, |(_, t)| t));
            rest.split('<').next().unwrap_or_default().to_string()
        })
        .collect()
}

#[test]
fn glossary_lists_every_note_in_gojuon_order_then_latin_then_the_rest() {
    let main = fixture().main_region("glossary/index.html");
    assert_eq!(
        texts_after(&main, "<dt class=\"glossary-term\""),
        [
            // あ: アテンション; か: がくしゅう < かくりつ (voicing only breaks
            // ties) < こおど (コード, ー as お); た; は: バイアス (はいあす)
            // < ハルシネーション; ら: RAG read らぐ; then Latin; then the rest.
            "アテンション",
            "学習率",
            "確率モデル",
            "コード",
            "著作権",
            "バイアス",
            "ハルシネーション",
            "RAG",
            "LoRA",
            "2値分類",
        ]
    );
    assert_eq!(
        texts_after(&main, "<h2 id=\"glossary-"),
        ["あ", "か", "た", "は", "ら", "L", "その他"]
    );
}

#[test]
fn glossary_jump_bar_links_rows_with_entries_and_greys_out_the_others() {
    let main = fixture().main_region("glossary/index.html");
    for row in ["あ", "か", "た", "は", "ら", "L"] {
        let link = format!("<li><a href=\"/study/glossary/#glossary-{row}\">{row}</a></li>");
        assert!(main.contains(&link), "{link} missing:\n{main}");
        assert!(main.contains(&format!(
            "<section class=\"glossary-group\" id=\"glossary-{row}\""
        )));
    }
    assert!(main.contains("<li><a href=\"/study/glossary/#glossary-other\">その他</a></li>"));
    for row in ["さ", "な", "ま", "や", "わ"] {
        let off = format!("<li><span aria-disabled=\"true\">{row}</span></li>");
        assert!(main.contains(&off), "{off} missing:\n{main}");
    }
    assert!(!main.contains("id=\"glossary-さ\""));
}

#[test]
fn glossary_entry_has_link_reading_summary_and_question_count() {
    let main = fixture().main_region("glossary/index.html");
    assert!(
        main.contains(r#"<dt class="glossary-term"><a href="/study/tech/learning-rate/">学習率</a><span class="glossary-reading">がくしゅうりつ</span></dt>"#),
        "{main}"
    );
    assert!(
        main.contains(r#"<dd class="glossary-aliases">別名: learning rate、ステップ幅</dd>"#),
        "{main}"
    );
    assert!(main.contains(r#"<dd class="glossary-summary"><span>1回の更新で重みをどれだけ動かすか</span><span>大きすぎると発散する</span></dd>"#));
    assert!(
        main.contains(r#"<a href="/study/risk/hallucination/">ハルシネーション</a><span class="count-badge">2問</span>"#),
        "{main}"
    );
    assert!(main.contains(r#"<p class="list-count">10語</p>"#));
}

/// Each syllabus node's `name|counts|flags` in page order.
fn nodes(main: &str) -> Vec<String> {
    main.split("<li class=\"syllabus-node")
        .skip(1)
        .map(|li| {
            let head = li.split("</div>").next().unwrap_or_default();
            let name = texts_after(head, "class=\"syllabus-node-name\"")[0].clone();
            let counts = texts_after(head, "<span class=\"syllabus-node-counts\"")[0].clone();
            let flags = texts_after(head, "<span class=\"flag ").join(",");
            format!("{name}|{counts}|{flags}")
        })
        .collect()
}

#[test]
fn syllabus_map_counts_descendants_and_flags_official_items() {
    let main = fixture().main_region("syllabus/index.html");
    assert_eq!(
        nodes(&main),
        [
            // Official items first, in site.yaml order; 独自項目 is not official.
            "生成AIの技術|ノート7件 · 問題1問|",
            "特徴|ノート4件 · 問題1問|",
            "動向|ノート2件 · 問題0問|問題なし",
            "独自項目|ノート1件 · 問題0問|問題なし,シラバス外",
            "生成AIの利活用|ノート0件 · 問題0問|ノートなし",
            "生成AIのリスク|ノート2件 · 問題2問|",
        ]
    );
    // The counts of the flags, and the note without a syllabus.
    assert!(
        main.contains("<span class=\"flag flag-no-notes\">ノートなし</span> 1</li>"),
        "{main}"
    );
    assert!(main.contains("<span class=\"flag flag-no-questions\">問題なし</span> 2</li>"));
    assert!(main.contains("<span class=\"flag flag-outside\">シラバス外</span> 1</li>"));
    let unplaced = main
        .split("syllabus-unplaced")
        .nth(1)
        .expect("unplaced notes");
    assert!(
        unplaced.contains(r#"<a href="/study/risk/copyright/">著作権</a>"#),
        "{unplaced}"
    );
}

#[test]
fn syllabus_node_lists_its_notes_in_glossary_order_with_question_counts() {
    let built = fixture();
    let main = built.main_region("syllabus/index.html");
    let feature = main
        .split("id=\"syllabus-生成AIの技術/特徴\"")
        .nth(1)
        .and_then(|r| r.split("</li>\n  <li").next())
        .expect("特徴 node");
    assert_eq!(
        texts_after(feature, "<li"),
        [
            "アテンション",
            "学習率",
            "確率モデル",
            "4件のノートをすべて見る"
        ],
        "the map shows a node's first notes and links to its page"
    );
    assert!(feature.contains(r#"アテンション</a><span class="count-badge">1問</span>"#));
    assert!(feature.contains(r#"<a href="/study/syllabus/生成AIの技術/特徴/">"#));
    let node = built.main_region("syllabus/生成AIの技術/特徴/index.html");
    assert_eq!(
        texts_after(&node, "<li><a href=\"/study/tech/"),
        ["アテンション", "学習率", "確率モデル", "コード"],
        "the node's page lists all of them"
    );
    assert!(
        node.contains(
            r#"<a href="/study/syllabus/#syllabus-生成AIの技術/特徴">シラバスマップ</a>"#
        ),
        "{node}"
    );
}

#[test]
fn note_breadcrumb_links_each_level_to_its_node_on_the_syllabus_map() {
    let built = fixture();
    let note = built.main_region("tech/lora/index.html");
    let hrefs = [
        "/study/syllabus/#syllabus-生成AIの技術",
        "/study/syllabus/#syllabus-生成AIの技術/動向",
    ];
    let map = built.main_region("syllabus/index.html");
    for href in hrefs {
        assert!(
            note.contains(&format!("<a href=\"{href}\">")),
            "{href}:\n{note}"
        );
        let id = href.split('#').nth(1).unwrap();
        assert!(map.contains(&format!(" id=\"{id}\"")), "no node {id}");
    }
}

#[test]
fn check_warns_about_a_kanji_title_without_reading_and_a_path_outside_the_syllabus() {
    let built = fixture();
    // The fixture's notes stand alone on purpose; orphans are tested in keywords.rs.
    let warnings: Vec<String> = built
        .warnings()
        .into_iter()
        .filter(|w| !w.contains("orphan note"))
        .collect();
    assert_eq!(
        warnings,
        [
            "content/tech/binary.md:2:1: title `2値分類` has kanji but the note has no `reading`; the glossary cannot place it in 五十音順",
            "content/tech/binary.md:3:1: syllabus `生成AIの技術 › 独自項目` is not in the official syllabus (site.yaml `syllabus.items`)",
        ]
    );
    let site = SiteTest::fixture("glossary-syllabus");
    let run = site.cli(&["check"]);
    run.assert_code(0)
        .assert_stderr_contains("= hint: add `reading:` with the title's reading in kana")
        .assert_stderr_contains("= hint: official names at this level: 特徴, 動向");
}

#[test]
fn a_path_cascaded_from_a_section_is_warned_once_at_its_cascade() {
    let site = SiteTest::fixture("glossary-syllabus");
    site.write(
        "content/tech/_index.md",
        "---\ntitle: 技術\ncascade:\n  syllabus: [生成AIの技術, 特長]\n---\n",
    );
    let built = site.build();
    built.assert_ok();
    let cascade: Vec<String> = built
        .warnings()
        .into_iter()
        .filter(|w| w.contains("特長"))
        .collect();
    assert_eq!(
        cascade,
        ["content/tech/_index.md:4:3: syllabus `生成AIの技術 › 特長` is not in the official syllabus (site.yaml `syllabus.items`)"]
    );
    let d = built.diagnostic_at("content/tech/_index.md:4:3");
    assert_eq!(d.hint.as_deref(), Some("did you mean `特徴`?"));
}

#[test]
fn a_bad_syllabus_config_fails_the_build_at_the_item() {
    let site = SiteTest::with_files(&[
        (
            "site.yaml",
            "title: x\nsyllabus:\n  items:\n    - [生成AIの技術]\n    - [\"\"]\n",
        ),
        ("content/a.md", "---\ntitle: A\n---\n"),
    ]);
    let built = site.build();
    built.assert_failed();
    assert_eq!(
        built.errors(),
        ["site.yaml:5:5: a syllabus item must be a list of non-empty names"]
    );
    let typo = SiteTest::with_files(&[
        ("site.yaml", "syllabus:\n  itmes: []\n"),
        ("content/a.md", "---\ntitle: A\n---\n"),
    ]);
    let built = typo.build();
    built.assert_failed();
    assert_eq!(
        built.errors(),
        ["site.yaml:2:3: unknown key `itmes` in `syllabus`"]
    );
    assert_eq!(
        built.diagnostic_at("site.yaml:2:3").hint.as_deref(),
        Some("did you mean `items`?")
    );
}

#[test]
fn without_an_official_syllabus_nothing_is_flagged_outside() {
    let built = SiteTest::fixture("valid-basic").build();
    built.assert_ok();
    let main = built.main_region("syllabus/index.html");
    assert!(!main.contains("シラバス外"), "{main}");
    assert!(!main.contains("ノートなし"), "{main}");
    assert!(main.contains("id=\"syllabus-生成AIの技術\""), "{main}");
}

#[test]
fn both_pages_are_in_the_sitemap_and_the_navigation() {
    let built = fixture();
    let sitemap = built.file("sitemap.xml");
    for page in ["glossary/", "syllabus/"] {
        let loc = format!("<loc>https://example.org/study/{page}</loc>");
        assert!(sitemap.contains(&loc), "{loc}:\n{sitemap}");
    }
    let home = built.file("index.html");
    assert!(
        home.contains(r#"<li><a href="/study/glossary/">用語集</a></li>"#),
        "{home}"
    );
    assert!(home.contains(r#"<li><a href="/study/syllabus/">シラバス</a></li>"#));
    let glossary = built.file("glossary/index.html");
    assert!(glossary.contains(r#"<a href="/study/glossary/" aria-current="page">用語集</a>"#));
}

#[test]
fn sample_site_glossary_and_syllabus_map_cover_every_note() {
    let built = SiteTest::sample().build();
    built.assert_ok();
    assert!(built.warnings().is_empty(), "{:?}", built.warnings());
    let glossary = built.main_region("glossary/index.html");
    let titles = texts_after(&glossary, "<dt class=\"glossary-term\"");
    assert_eq!(titles.len(), built.outcome.summary.as_ref().unwrap().notes);
    assert_eq!(titles.first().map(String::as_str), Some("アクセスの拡大"));
    assert_eq!(
        titles.last().map(String::as_str),
        Some("倫理と責任ある公開")
    );
    let map = built.main_region("syllabus/index.html");
    assert!(
        !map.contains("syllabus-unplaced"),
        "every sample note has a syllabus"
    );
}

#[test]
fn a_top_level_note_or_section_cannot_take_the_syllabus_url() {
    let site = SiteTest::with_files(&[
        (
            "content/syllabus.md",
            "---\ntitle: シラバス\nreading: しらばす\n---\n",
        ),
        ("content/syllabus-notes/glossary.md", "---\ntitle: x\n---\n"),
    ]);
    let built = site.build();
    built.assert_failed();
    let errors = built.errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("content/syllabus.md:1:1: URL `/syllabus/` is reserved"),
        "{errors:?}"
    );
}

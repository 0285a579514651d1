//! Lists stay light at any size: home, sections, tags, the tag list, the
//! glossary and the question pages are cut into pagers (the first at the
//! list's URL, the others at `page/N/`, linked with rel prev/next and
//! listed in the sitemap); note pages cap their backlinks; `paginate_by`
//! comes from site.yaml or a section's `_index.md`.

use crate::harness::{Built, SiteTest};

/// A site with `n` notes in section `big` (one question each, every note
/// tagged `common`, linking to note 0) and 3 in section `small`.
fn site(n: usize, site_yaml: &str, big_index: &str) -> SiteTest {
    let mut files: Vec<(String, String)> = vec![
        ("site.yaml".into(), site_yaml.into()),
        ("content/big/_index.md".into(), big_index.into()),
        (
            "content/small/_index.md".into(),
            "---\ntitle: Small\n---\n".into(),
        ),
    ];
    for i in 0..n {
        let body = if i == 0 {
            String::new()
        } else {
            "[[note-0]]\n".to_string()
        };
        files.push((
            format!("content/big/note-{i}.md"),
            format!(
                "---\ntitle: note-{i}\nreading: のーと\ndate: 2024-01-{:02}\ntags: [common]\nsyllabus: [分野A]\nquiz:\n  - question: q{i}\n    choices: [a, b, c, d]\n    answer: 1\n    explanation: e\n---\n{body}",
                i % 28 + 1
            ),
        ));
    }
    for i in 0..3 {
        files.push((
            format!("content/small/s-{i}.md"),
            format!("---\ntitle: s-{i}\nreading: えす\n---\n[[note-0]]\n"),
        ));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    SiteTest::with_files(&refs)
}

fn build(n: usize, site_yaml: &str, big_index: &str) -> Built {
    let built = site(n, site_yaml, big_index).build();
    built.assert_ok();
    built
}

/// How many note cards a page lists.
fn cards(html: &str) -> usize {
    html.matches("<article class=\"card\"").count()
}

#[test]
fn a_section_is_cut_into_pagers_at_its_url_and_under_page() {
    let built = build(45, "paginate_by: 20\n", "---\ntitle: Big\n---\n");
    assert_eq!(cards(&built.main_region("big/index.html")), 20);
    assert_eq!(cards(&built.main_region("big/page/2/index.html")), 20);
    assert_eq!(cards(&built.main_region("big/page/3/index.html")), 5);
    assert!(!built.has_file("big/page/4/index.html"));
    assert!(!built.has_file("big/page/1/index.html"));
    let first = built.file("big/index.html");
    assert!(first.contains(r#"<link rel="next" href="/big/page/2/">"#));
    assert!(!first.contains("rel=\"prev\""));
    let second = built.file("big/page/2/index.html");
    assert!(second.contains(r#"<link rel="prev" href="/big/">"#));
    assert!(second.contains(r#"<link rel="next" href="/big/page/3/">"#));
    assert!(second.contains(r#"<link rel="canonical" href="/big/page/2/">"#));
    assert!(
        second.contains(r#"<a class="list-pager-page" href="/big/page/2/" aria-current="page""#),
        "the pager marks the current page"
    );
    assert!(
        second.contains("45件のノート"),
        "the count is the whole section's"
    );
}

#[test]
fn a_sections_paginate_by_wins_over_the_sites() {
    let built = build(
        45,
        "paginate_by: 20\n",
        "---\ntitle: Big\npaginate_by: 30\n---\n",
    );
    assert_eq!(cards(&built.main_region("big/index.html")), 30);
    assert_eq!(cards(&built.main_region("big/page/2/index.html")), 15);
    assert!(!built.has_file("big/page/3/index.html"));
}

#[test]
fn home_lists_every_note_newest_first_in_pagers() {
    let built = build(25, "paginate_by: 10\n", "---\ntitle: Big\n---\n");
    // 28 notes: 25 in `big`, 3 in `small`.
    assert_eq!(cards(&built.main_region("index.html")), 10);
    assert_eq!(cards(&built.main_region("page/3/index.html")), 8);
    assert!(!built.has_file("page/4/index.html"));
    let home = built.main_region("index.html");
    let first = home.find("note-24").expect("the newest first");
    assert!(home.find("note-1\"").is_none_or(|i| i > first));
    assert!(built
        .main_region("page/2/index.html")
        .contains("class=\"list-pager\""));
}

#[test]
fn tags_and_the_tag_list_are_paginated() {
    let built = build(45, "paginate_by: 20\n", "---\ntitle: Big\n---\n");
    assert_eq!(cards(&built.main_region("tags/common/index.html")), 20);
    assert_eq!(
        cards(&built.main_region("tags/common/page/3/index.html")),
        5
    );
    assert!(built
        .main_region("tags/common/page/2/index.html")
        .contains("45件のノート"));
}

#[test]
fn every_pager_is_in_the_sitemap() {
    let built = build(45, "paginate_by: 20\n", "---\ntitle: Big\n---\n");
    let sitemap = built.file("sitemap.xml");
    for loc in [
        "/big/</loc>",
        "/big/page/2/</loc>",
        "/big/page/3/</loc>",
        "/page/2/</loc>",
        "/tags/common/page/3/</loc>",
        "/quiz/areas/分野a/page/3/</loc>",
        "/quiz/sections/big/page/2/</loc>",
    ] {
        let loc = manabi::feeds::encode_url(loc);
        assert!(sitemap.contains(&loc), "{loc} missing:\n{sitemap}");
    }
    assert!(!sitemap.contains("/big/page/4/"));
}

#[test]
fn question_pages_list_an_area_and_a_section_twenty_at_a_time() {
    let built = build(45, "", "---\ntitle: Big\n---\n");
    let forms = |path: &str| {
        built
            .main_region(path)
            .matches("<form class=\"quiz-question\"")
            .count()
    };
    assert_eq!(forms("quiz/areas/分野a/index.html"), 20);
    assert_eq!(forms("quiz/areas/分野a/page/3/index.html"), 5);
    assert_eq!(forms("quiz/sections/big/page/2/index.html"), 20);
    let index = built.main_region("quiz/index.html");
    assert!(
        index.contains(r#"href="/quiz/areas/分野a/"><span class="quiz-group-title">分野A</span> <span class="quiz-group-count">45問</span>"#),
        "{index}"
    );
    assert_eq!(
        forms("quiz/index.html"),
        0,
        "the index lists no questions itself"
    );
}

#[test]
fn the_glossary_is_paginated_with_a_jump_bar_to_each_rows_start() {
    let built = build(150, "", "---\ntitle: Big\n---\n");
    // 153 notes, 100 a pager: の… (150) then え… (3) sort as え < の.
    let first = built.main_region("glossary/index.html");
    let second = built.main_region("glossary/page/2/index.html");
    assert_eq!(first.matches("class=\"glossary-entry\"").count(), 100);
    assert_eq!(second.matches("class=\"glossary-entry\"").count(), 53);
    assert!(
        first.contains(r#"<a href="/glossary/#glossary-あ">あ</a>"#),
        "{first}"
    );
    assert!(
        second.contains(r#"<a href="/glossary/#glossary-な">な</a>"#),
        "な starts on the first pager: {second}"
    );
}

#[test]
fn a_note_page_shows_twenty_backlinks_and_counts_the_rest() {
    let built = build(40, "", "---\ntitle: Big\n---\n");
    let main = built.main_region("big/note-0/index.html");
    let backlinks = main
        .split("class=\"backlinks\"")
        .nth(1)
        .expect("backlinks section");
    assert_eq!(cards(backlinks), 20);
    // 39 notes of `big` and 3 of `small` link to note-0.
    assert!(backlinks.contains("ほか22件"), "{backlinks}");
}

#[test]
fn paginate_by_out_of_range_is_an_error_at_its_key() {
    let built = site(
        1,
        "paginate_by: 0\n",
        "---\ntitle: Big\npaginate_by: 5000\n---\n",
    )
    .build();
    built.assert_failed();
    let errors = built.errors();
    assert!(
        errors.contains(
            &"site.yaml:1:1: `paginate_by` must be between 1 and 1000, not 0".to_string()
        ),
        "{errors:?}"
    );
}

#[test]
fn page_is_reserved_for_later_pagers_as_a_slug_and_a_section_folder() {
    let built = SiteTest::with_files(&[
        ("content/s/page.md", "---\ntitle: A\n---\n"),
        ("content/s/b.md", "---\ntitle: B\n---\n[[A]]\n"),
        ("content/page/c.md", "---\ntitle: C\n---\n[[B]]\n"),
    ])
    .build();
    built.assert_failed();
    let errors = built.errors();
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("content/s/page.md:1:1: the slug `page` is reserved")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("a section folder may not be named `page`")),
        "{errors:?}"
    );
}

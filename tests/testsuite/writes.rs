//! Whatever `build` could not write, `check` reports at the key that
//! causes it: slugs, tags and folder names that cannot be file names, and
//! static files or assets in a generated page's place. Files the walk
//! cannot or will not read (names not UTF-8, symbolic links) are skipped
//! with a warning each; `.MD` is Markdown.

use crate::harness::SiteTest;

fn note(title: &str, extra: &str) -> String {
    format!("---\ntitle: {title}\n{extra}---\n本文\n")
}

#[test]
fn slugs_tags_and_folders_that_cannot_be_written_are_errors_at_their_key() {
    let long_slug = "s".repeat(300);
    let long_tag = "タ".repeat(1000);
    let site = SiteTest::with_files(&[
        ("content/a.md", &note("A", "slug: index.html\n")),
        ("content/b.md", &note("B", &format!("slug: {long_slug}\n"))),
        ("content/c.md", &note("C", "slug: \"c\\0d\"\n")),
        ("content/d.md", &note("D", "tags:\n  - \".\"\n  - \"..\"\n")),
        ("content/e.md", &note("E", &format!("tags: [{long_tag}]\n"))),
        ("content/index.html/f.md", &note("F", "")),
        ("content/s/index.html.md", &note("G", "")),
    ]);
    let built = site.build();
    built.assert_failed();
    let errors = built.errors();
    let at: Vec<&str> = errors
        .iter()
        .map(|e| e.split(": ").next().unwrap())
        .collect();
    assert_eq!(
        at,
        [
            "content/a.md:3:1",
            "content/b.md:3:1",
            "content/c.md:3:1",
            "content/d.md:4:3",
            "content/d.md:5:3",
            "content/e.md:3:1",
            "content/index.html:1:1",
            "content/s/index.html.md:1:1",
        ],
        "{errors:#?}"
    );
    assert!(errors[0].ends_with("`index.html` is the page file of every folder"));
    assert!(errors[1].contains("300 bytes long, and a file name can have at most 255"));
    assert!(errors[2].contains("a NUL character"), "{}", errors[2]);
    assert!(errors[3].contains("`.` names a folder itself or its parent"));
    assert!(errors[5].contains("3000 bytes long"));
    assert!(errors[6].contains("section folder `index.html`"));
    assert!(errors[7].contains("the file name makes the slug `index.html`"));

    let run = site.cli(&["check"]);
    run.assert_code(1);
    run.assert_stderr_contains("8 errors");
    let run = site.cli(&["build"]);
    run.assert_code(1);
    assert!(!site.root().join("public").exists());
}

#[test]
fn tags_differing_only_in_width_or_case_share_one_page() {
    let site = SiteTest::with_files(&[
        ("content/a.md", &note("A", "tags: [LLM]\n")),
        ("content/b.md", &note("B", "tags: [Ｌｌｍ]\n")),
        ("content/c.md", &note("C", "tags: [llm]\n")),
    ]);
    let built = site.build();
    built.assert_ok();
    let tag_pages: Vec<&str> = built
        .paths()
        .into_iter()
        .filter(|p| p.starts_with("tags/") && *p != "tags/index.html")
        .collect();
    assert_eq!(tag_pages, ["tags/llm/index.html"]);
    let page = built.main_region("tags/llm/index.html");
    assert!(page.contains("LLM"), "the first spelling names it: {page}");
    for title in ["A", "B", "C"] {
        assert!(
            page.contains(&format!(">{title}<")),
            "{title} listed: {page}"
        );
    }
}

#[test]
fn static_files_and_assets_in_a_generated_pages_place_are_errors_naming_both() {
    let site = SiteTest::with_files(&[
        ("content/s/a.md", &note("A", "")),
        ("content/s/b.md", &note("B", "")),
        ("content/s/a/index.html", "<p>asset named like a page</p>"),
        ("static/index.html", "<p>my home</p>"),
        ("static/quiz/manifest.json", "{}"),
        ("static/sitemap.xml", "<urlset/>"),
        ("static/search", "a file where a folder is"),
        // Layering among static files stays: no error.
        ("static/css/style.css", "body{}"),
    ]);
    let built = site.build();
    built.assert_failed();
    assert_eq!(
        built.errors(),
        [
            "content/s/a/index.html:1:1: `content/s/a/index.html` would replace the page of \
             content/s/a.md `/s/a/index.html`",
            "static/index.html:1:1: `static/index.html` would replace the home page `/index.html`",
            "static/quiz/manifest.json:1:1: `static/quiz/manifest.json` would replace the generated \
             file `/quiz/manifest.json`",
            "static/search:1:1: `static/search` would be the file `/search`, where the \
             generated page `/search/index.html` needs a folder",
            "static/sitemap.xml:1:1: `static/sitemap.xml` would replace the generated file \
             `/sitemap.xml`",
        ]
    );
    let d = built.diagnostic_at("static/index.html:1:1");
    assert_eq!(
        d.hint.as_deref(),
        Some("rename or move it: manabi writes `/index.html`")
    );

    let run = site.cli(&["check"]);
    run.assert_code(1);
    run.assert_stderr_contains("5 errors");
}

#[test]
fn a_static_file_overriding_a_theme_file_is_not_a_clash() {
    let site = SiteTest::with_files(&[
        ("content/a.md", &note("A", "")),
        ("static/css/style.css", "body{}"),
        ("static/.well-known/security.txt", "Contact: x"),
    ]);
    let built = site.build();
    built.assert_ok();
    assert_eq!(built.file("css/style.css"), "body{}");
    assert!(
        built.has_file(".well-known/security.txt"),
        "hidden folders of static/ are copied"
    );
}

#[test]
fn a_note_saved_with_an_uppercase_extension_is_a_note() {
    let site = SiteTest::with_files(&[
        ("content/s/UP.MD", &note("Up", "")),
        ("content/s/down.Md", &note("Down", "")),
    ]);
    let built = site.build();
    built.assert_ok();
    assert!(built.has_file("s/UP/index.html"));
    assert!(built.has_file("s/down/index.html"));
    assert!(!built.has_file("s/UP.MD"), "not published as a raw file");
    assert!(!built.file("s/UP/index.html").contains("title: Up"));
}

#[cfg(unix)]
#[test]
fn files_with_names_that_are_not_utf8_are_skipped_with_a_warning() {
    use std::os::unix::ffi::OsStrExt as _;
    let site = SiteTest::with_files(&[("content/s/a.md", &note("A", "")), ("static/ok.txt", "ok")]);
    // ノート.md and 図.png saved as Shift_JIS.
    let sjis_note = std::ffi::OsStr::from_bytes(b"\x83m\x81[\x83g.md");
    let sjis_png = std::ffi::OsStr::from_bytes(b"\x90}.png");
    let content = site.root().join("content/s");
    std::fs::write(content.join(sjis_note), note("B", "")).unwrap();
    std::fs::write(content.join(sjis_png), b"png").unwrap();
    std::fs::write(site.root().join("static").join(sjis_png), b"png").unwrap();

    let built = site.build();
    built.assert_ok();
    let warnings = built.warnings();
    let skipped: Vec<&String> = warnings.iter().filter(|w| w.contains("UTF-8")).collect();
    assert_eq!(skipped.len(), 3, "{warnings:#?}");
    for w in &skipped {
        assert!(
            w.contains(":1:1: file name is not valid UTF-8: skipped"),
            "{w}"
        );
    }
    assert!(built.has_file("s/a/index.html") && built.has_file("ok.txt"));

    let run = site.cli(&["build"]);
    run.assert_code(0);
    run.assert_stderr_contains("file name is not valid UTF-8");
}

#[cfg(unix)]
#[test]
fn symbolic_links_in_content_and_static_are_skipped_with_one_warning_each() {
    let site = SiteTest::with_files(&[
        ("content/s/a.md", &note("A", "")),
        ("elsewhere/b.md", &note("B", "")),
        ("elsewhere/pic.png", "png"),
    ]);
    let root = site.root();
    std::os::unix::fs::symlink(root.join("elsewhere/b.md"), root.join("content/s/b.md")).unwrap();
    std::fs::create_dir_all(root.join("static")).unwrap();
    std::os::unix::fs::symlink(root.join("elsewhere"), root.join("static/linked")).unwrap();
    let built = site.build();
    built.assert_ok();
    assert_eq!(
        built.warnings(),
        [
            "content/s/b.md:1:1: symbolic link skipped: manabi does not follow links inside content/",
            "static/linked:1:1: symbolic link skipped: manabi does not follow links inside static/",
        ]
    );
    assert!(!built.has_file("s/b/index.html") && !built.has_file("linked/pic.png"));
}

//! Rich study content (issue 6): snapshots of math, highlighted code with
//! line options, callouts and sized body images (fixture `rich-content`),
//! and the diagnostics for each kind of mistake (fixture `invalid-rich`).

use crate::harness::{Built, SiteTest};
use crate::snapshot::assert_snapshot;

fn rich_content() -> Built {
    let built = SiteTest::fixture("rich-content").build();
    built.assert_ok();
    built
}

#[test]
fn math_note_matches_snapshot() {
    assert_snapshot(
        "rich-math",
        &rich_content().main_region("notes/math/index.html"),
    );
}

#[test]
fn code_note_with_marked_lines_and_numbers_matches_snapshot() {
    let built = rich_content();
    let main = built.main_region("notes/code/index.html");
    assert_snapshot("rich-code", &main);
    // The copy button's script comes with code, its labels from i18n.
    let page = built.file("notes/code/index.html");
    assert!(
        page.contains(r#"data-copy="コピー" data-copied="コピーしました" data-failed="コピーできませんでした""#),
        "{page}"
    );
}

#[test]
fn callouts_and_images_match_snapshot() {
    let built = rich_content();
    assert_snapshot(
        "rich-callouts",
        &built.main_region("notes/callouts/index.html"),
    );
    // The fixture's notes stand alone on purpose; orphans are tested in keywords.rs.
    let warnings: Vec<String> = built
        .warnings()
        .into_iter()
        .filter(|w| !w.contains("orphan note"))
        .collect();
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn rich_content_mistakes_are_reported_at_their_position() {
    let built = SiteTest::fixture("invalid-rich").build();
    built.assert_failed();
    // Each mistake is a note of its own: orphans are beside the point here.
    let diagnostics: Vec<String> = built
        .diagnostics()
        .into_iter()
        .filter(|d| !d.contains("orphan note"))
        .collect();
    assert_eq!(
        diagnostics,
        [
            "content/notes/bad-tex.md:5:4: cannot render formula: expected a token",
            "content/notes/missing-image.md:5:4: image `missing.png` not found",
            "content/notes/missing-image.md:5:26: image `/img/none.svg` not found",
            "content/notes/no-alt.md:7:1: image `pic.svg` has no alt text",
            "content/notes/unknown-callout.md:5:1: unknown callout `[!EXAMM]`: shown as a plain quote",
            "content/notes/unknown-lang.md:7:1: unknown language `nosuchlang` in code fence: \
             shown without highlighting",
        ]
    );
    for at in [
        "content/notes/bad-tex.md:5:4",
        "content/notes/missing-image.md:5:4",
        "content/notes/no-alt.md:7:1",
        "content/notes/unknown-callout.md:5:1",
        "content/notes/unknown-lang.md:7:1",
    ] {
        let d = built.diagnostic_at(at);
        assert!(d.hint.is_some(), "{at} has a hint");
        assert!(d.snippet.is_some(), "{at} shows its line");
    }
    let warnings = built.warnings();
    let orphans = warnings
        .iter()
        .filter(|w| w.contains("orphan note"))
        .count();
    assert_eq!(warnings.len() - orphans, 3, "{warnings:?}");
}

#[test]
fn bad_callout_declarations_are_config_errors() {
    let site = SiteTest::with_files(&[
        (
            "site.yaml",
            "markdown:\n  callouts:\n    warning:\n      label: 警\n    memo:\n      lable: 暗記\n",
        ),
        ("content/a.md", "---\ntitle: A\n---\n"),
    ]);
    let built = site.build();
    built.assert_failed();
    let found = built.diagnostics();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("site.yaml:6:7: "), "{found:?}");
    let site = SiteTest::with_files(&[
        (
            "site.yaml",
            "markdown:\n  callouts:\n    warning:\n      label: 警\n",
        ),
        ("content/a.md", "---\ntitle: A\n---\n"),
    ]);
    let found = site.build().diagnostics();
    assert_eq!(
        found,
        ["site.yaml:3:5: `warning` is a built-in GFM alert"],
        "{found:?}"
    );
}

//! Snapshots of the `<main>` region of valid-basic's pages (note, section,
//! tag, home), so a change in the default theme's markup or in Markdown
//! rendering shows up as a reviewed diff. Head, header and footer are left
//! out on purpose: they change for reasons these pages do not care about.

use crate::harness::{Built, SiteTest};
use crate::snapshot::assert_snapshot;

fn valid_basic() -> Built {
    let built = SiteTest::fixture("valid-basic").build();
    built.assert_ok();
    built
}

#[test]
fn note_page_main_region_matches_snapshot() {
    assert_snapshot(
        "note-transformer",
        &valid_basic().main_region("llm/transformer/index.html"),
    );
}

#[test]
fn folder_note_main_region_matches_snapshot() {
    assert_snapshot(
        "note-open-weights",
        &valid_basic().main_region("llm/open-weights/index.html"),
    );
}

#[test]
fn section_page_main_region_matches_snapshot() {
    assert_snapshot("section-llm", &valid_basic().main_region("llm/index.html"));
}

#[test]
fn tag_page_main_region_matches_snapshot() {
    assert_snapshot(
        "tag-kiso",
        &valid_basic().main_region("tags/基礎/index.html"),
    );
}

#[test]
fn home_page_main_region_matches_snapshot() {
    assert_snapshot("home", &valid_basic().main_region("index.html"));
}

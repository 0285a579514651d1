//! Nothing is lost: a failed build leaves the previous output byte for
//! byte, manabi only replaces folders it created (the `.manabi` marker), and
//! no staging leftovers remain.

use std::fs;

use manabi::output::MARKER;

use crate::harness::{tree_digest, SiteTest};

/// Replaces `content/risk/bias.md`: two errors (missing image, broken link).
const BROKEN_NOTE: &str = "---\ntitle: バイアス\nimage: nowhere.png\n---\n[[存在しない]]\n";

fn leftovers(dir: &std::path::Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("manabi-"))
        .collect()
}

#[test]
fn failed_rebuild_leaves_previous_output_byte_identical() {
    let site = SiteTest::fixture("valid-basic");
    site.cli(&["build"]).assert_code(0);
    let public = site.root().join("public");
    let before = tree_digest(&public);
    assert!(before.len() > 20, "{before:?}");

    site.write("content/risk/bias.md", BROKEN_NOTE);
    let run = site.cli(&["build"]);
    run.assert_code(1);
    run.assert_stderr_contains("build failed;");
    assert_eq!(tree_digest(&public), before);
    assert_eq!(
        leftovers(site.root()),
        Vec::<String>::new(),
        "no staging folder left behind"
    );
}

#[test]
fn failed_rebuild_through_the_library_keeps_output_and_reports_why() {
    let site = SiteTest::fixture("valid-basic");
    let out = site.scratch("public");
    assert!(!site.build_to_dir(&out).unwrap().failed());
    let before = tree_digest(&out);

    site.write("content/risk/bias.md", BROKEN_NOTE);
    let outcome = site.build_to_dir(&out).unwrap();
    assert!(outcome.failed());
    assert_eq!(
        outcome.diagnostics.iter().filter(|d| d.is_error()).count(),
        2
    );
    assert_eq!(tree_digest(&out), before);
}

#[test]
fn successful_rebuild_replaces_stale_pages() {
    let site = SiteTest::fixture("valid-basic");
    let out = site.scratch("public");
    assert!(!site.build_to_dir(&out).unwrap().failed());
    fs::remove_file(site.root().join("content/risk/bias.md")).unwrap();
    assert!(!site.build_to_dir(&out).unwrap().failed());
    assert!(
        !out.join("risk/bias/index.html").exists(),
        "removed note's page is gone"
    );
    assert!(out.join("risk/ハルシネーション/index.html").is_file());
    assert!(out.join(MARKER).is_file());
    assert_eq!(leftovers(out.parent().unwrap()), Vec::<String>::new());
}

#[test]
fn output_folder_without_marker_is_refused_and_untouched() {
    let site = SiteTest::fixture("valid-basic");
    let public = site.root().join("public");
    fs::create_dir_all(public.join("notes")).unwrap();
    fs::write(public.join("thesis.tex"), "precious").unwrap();
    fs::write(public.join("notes/todo.txt"), "also precious").unwrap();
    let before = tree_digest(&public);

    let run = site.cli(&["build"]);
    run.assert_code(2);
    run.assert_stderr_contains("refusing to replace");
    run.assert_stderr_contains("no .manabi marker");
    assert_eq!(tree_digest(&public), before);
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
}

#[test]
fn output_path_that_is_a_file_is_refused() {
    let site = SiteTest::fixture("valid-basic");
    fs::write(site.root().join("public"), "not a folder").unwrap();
    let run = site.cli(&["build"]);
    run.assert_code(2);
    run.assert_stderr_contains("is not a folder");
    assert_eq!(site.read("public"), "not a folder");
}

#[test]
fn empty_output_folder_is_used() {
    let site = SiteTest::fixture("valid-basic");
    fs::create_dir(site.root().join("public")).unwrap();
    site.cli(&["build"]).assert_code(0);
    assert!(site.root().join("public/index.html").is_file());
    assert!(site.root().join("public").join(MARKER).is_file());
}

#[test]
fn output_folder_with_marker_and_foreign_files_is_replaced() {
    // The marker says manabi owns the folder: extra files in it are stale output.
    let site = SiteTest::fixture("valid-basic");
    site.cli(&["build"]).assert_code(0);
    fs::write(site.root().join("public/stale.html"), "old").unwrap();
    site.cli(&["build"]).assert_code(0);
    assert!(!site.root().join("public/stale.html").exists());
}

#[test]
fn memory_and_disk_builds_write_the_same_files() {
    let site = SiteTest::fixture("valid-basic");
    let built = site.build();
    let out = site.scratch("public");
    assert!(!site.build_to_dir(&out).unwrap().failed());
    let mut on_disk = tree_digest(&out);
    assert!(on_disk.remove(MARKER).is_some());
    assert_eq!(on_disk, crate::harness::memory_digest(&built.files));
}

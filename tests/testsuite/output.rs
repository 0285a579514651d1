//! Nothing is lost: a failed build leaves the previous output byte for
//! byte, manabi only replaces folders it created (the `.manabi` marker), and
//! no staging leftovers remain. A symlinked output folder is written
//! through, one build of a folder runs at a time (the second waits), and an
//! output folder inside the site's sources is refused.

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use manabi::output::MARKER;

use crate::harness::{run_cli, tree_digest, SiteTest};

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

// ------------------------------------------------- links, locks and places

fn is_link(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

#[cfg(unix)]
#[test]
fn a_symlinked_output_folder_is_written_through_and_stays_a_link() {
    let site = SiteTest::fixture("valid-basic");
    let previous = site.scratch("site-v1");
    site.cli(&["build", "--out", previous.to_str().unwrap()])
        .assert_code(0);
    let before = tree_digest(&previous);
    let public = site.root().join("public");
    std::os::unix::fs::symlink(&previous, &public).unwrap();

    site.write(
        "content/risk/bias.md",
        "---\ntitle: バイアス\n---\n書き直した。\n",
    );
    site.cli(&["build"]).assert_code(0);
    assert!(is_link(&public), "the link is still a link");
    let after = tree_digest(&previous);
    // The edit may change how many files there are (the search index's
    // document chunks follow the text's size): compare with a fresh build.
    let written: Vec<&String> = after.keys().filter(|p| p.as_str() != MARKER).collect();
    let fresh = crate::harness::memory_digest(&site.build().files);
    assert_eq!(
        written,
        fresh.keys().collect::<Vec<_>>(),
        "the target holds the whole new build"
    );
    assert_ne!(after, before);
    let page = fs::read_to_string(public.join("risk/bias/index.html")).unwrap();
    assert!(page.contains("書き直した。"));
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
    assert_eq!(leftovers(previous.parent().unwrap()), Vec::<String>::new());
}

#[cfg(unix)]
#[test]
fn a_symlink_to_a_foreign_folder_is_refused_and_nothing_in_it_is_touched() {
    let site = SiteTest::fixture("valid-basic");
    let docs = site.scratch("docs");
    fs::create_dir_all(docs.join("notes")).unwrap();
    fs::write(docs.join("thesis.tex"), "precious").unwrap();
    fs::write(docs.join("notes/todo.txt"), "also precious").unwrap();
    let before = tree_digest(&docs);
    let public = site.root().join("public");
    std::os::unix::fs::symlink(&docs, &public).unwrap();

    let run = site.cli(&["build"]);
    run.assert_code(2);
    run.assert_stderr_contains("refusing to replace public (a link to ");
    assert_eq!(tree_digest(&docs), before);
    assert!(is_link(&public));
    assert_eq!(leftovers(site.scratch("").as_path()), Vec::<String>::new());
}

#[test]
fn an_output_folder_inside_the_sites_sources_or_holding_the_site_is_refused() {
    let site = SiteTest::fixture("valid-basic");
    for (out, folder) in [
        ("content/out", "content/"),
        ("static/site", "static/"),
        ("templates/public", "templates/"),
        ("themes/x/public", "themes/"),
    ] {
        let run = site.cli(&["build", "--out", out]);
        run.assert_code(2);
        run.assert_stderr_contains(&format!(
            "refusing to build into {out}: it is inside the site's {folder} folder"
        ));
        assert!(!site.root().join(out).exists(), "{out}");
    }
    let run = run_cli(
        site.root().join("content").as_path(),
        &["build", "--root", "..", "--out", "../../site"],
    );
    run.assert_code(2);
    run.assert_stderr_contains("it holds the site itself");
    assert!(site.root().join("content").is_dir());
}

#[cfg(unix)]
#[test]
fn a_symlink_into_content_is_refused_as_output() {
    let site = SiteTest::fixture("valid-basic");
    std::os::unix::fs::symlink(site.root().join("content/llm"), site.root().join("public"))
        .unwrap();
    let run = site.cli(&["build"]);
    run.assert_code(2);
    run.assert_stderr_contains("inside the site's content/ folder");
    assert!(site.root().join("content/llm/transformer.md").is_file());
}

/// Holds the lock of `site`'s `public/` as another build would.
fn hold_lock(site: &SiteTest) -> fs::File {
    let path = site.root().join(".public.manabi-lock");
    let file = fs::File::create(&path).unwrap();
    file.lock().unwrap();
    file
}

#[test]
fn a_build_waits_for_another_build_of_the_same_folder() {
    let site = SiteTest::fixture("valid-basic");
    let held = hold_lock(&site);
    let stderr = site.scratch("stderr.txt");
    let mut child = Command::new(env!("CARGO_BIN_EXE_manabi"))
        .arg("build")
        .current_dir(site.root())
        .stderr(fs::File::create(&stderr).unwrap())
        .spawn()
        .unwrap();
    let waiting = "waiting for another build of public ...";
    let deadline = Instant::now() + Duration::from_secs(30);
    while !fs::read_to_string(&stderr).unwrap().contains(waiting) {
        assert!(Instant::now() < deadline, "no waiting message");
        assert!(
            child.try_wait().unwrap().is_none(),
            "the build did not wait"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        !site.root().join("public").exists(),
        "nothing written while waiting"
    );
    drop(held);
    assert!(child.wait().unwrap().success());
    assert!(site.root().join("public/index.html").is_file());
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
}

#[test]
fn a_build_that_cannot_get_the_lock_in_time_fails_and_keeps_the_output() {
    let site = SiteTest::fixture("valid-basic");
    site.cli(&["build"]).assert_code(0);
    let public = site.root().join("public");
    let before = tree_digest(&public);
    let _held = hold_lock(&site);
    let run = site.cli(&["build", "--wait", "0"]);
    run.assert_code(2);
    run.assert_stderr_contains("another build of public is still running");
    run.assert_stderr_contains("--wait SECONDS");
    assert_eq!(tree_digest(&public), before);
}

#[test]
fn concurrent_builds_into_one_folder_both_succeed_with_a_complete_output() {
    let site = SiteTest::sample();
    let expected = crate::harness::memory_digest(&site.build().assert_ok().files.clone());
    for _ in 0..2 {
        let spawn = || {
            Command::new(env!("CARGO_BIN_EXE_manabi"))
                .args(["-q", "build"])
                .current_dir(site.root())
                .spawn()
                .unwrap()
        };
        let (mut a, mut b) = (spawn(), spawn());
        assert!(a.wait().unwrap().success());
        assert!(b.wait().unwrap().success());
        let mut on_disk = tree_digest(&site.root().join("public"));
        assert!(on_disk.remove(MARKER).is_some());
        assert_eq!(on_disk, expected);
        assert_eq!(leftovers(site.root()), Vec::<String>::new());
    }
}

#[test]
fn a_lock_file_left_by_a_killed_build_does_not_block_the_next() {
    let site = SiteTest::fixture("valid-basic");
    fs::write(site.root().join(".public.manabi-lock"), "").unwrap();
    site.cli(&["build", "--wait", "0"]).assert_code(0);
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
}

#[test]
fn a_killed_build_between_two_renames_gets_its_previous_output_back() {
    // Where the atomic exchange is missing, the previous output is parked
    // beside the folder for a moment; a build killed then left it there.
    let site = SiteTest::fixture("valid-basic");
    site.cli(&["build"]).assert_code(0);
    let public = site.root().join("public");
    let before = tree_digest(&public);
    fs::rename(&public, site.root().join(".public.manabi-old")).unwrap();

    site.write("content/risk/bias.md", BROKEN_NOTE);
    site.cli(&["build"]).assert_code(1);
    assert_eq!(
        tree_digest(&public),
        before,
        "back in place, and kept by the failed build"
    );
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
}

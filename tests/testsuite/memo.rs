//! `serve` rebuilds with a memo of the previous build. Whatever sequence of
//! edits, additions, renames and deletions happens, a memoised build must
//! write exactly the files (and report exactly the diagnostics) that a
//! fresh build of the same tree does.

use std::fs;
use std::path::Path;

use manabi::pipeline::Memo;

use crate::edits::{assert_same_build, build, note_files, Rng};
use crate::harness::SiteTest;

fn title_of(path: &Path) -> Option<String> {
    let text = fs::read_to_string(path).ok()?;
    text.lines()
        .find_map(|l| l.strip_prefix("title: ").map(|t| t.trim().to_string()))
}

/// Applies one random change to the site; returns what it did.
fn mutate(root: &Path, rng: &mut Rng, step: usize) -> String {
    let notes = note_files(root);
    let pick = notes[rng.below(notes.len())].clone();
    let other = notes[rng.below(notes.len())].clone();
    let other_title = title_of(&other).unwrap_or_else(|| "x".into());
    let text = fs::read_to_string(&pick).unwrap_or_default();
    let name = pick.strip_prefix(root).unwrap().display().to_string();
    match rng.below(9) {
        0 => {
            fs::write(
                &pick,
                format!("{text}\n段落 {step} は [[{other_title}]] を参照。\n"),
            )
            .unwrap();
            format!("append a link to {other_title} in {name}")
        }
        1 => {
            fs::write(
                &pick,
                text.replacen("title: ", &format!("title: 改{step} "), 1),
            )
            .unwrap();
            format!("retitle {name}")
        }
        2 => {
            let new = root.join(format!("content/llm/new-{step}.md"));
            let body = format!("---\ntitle: 新規{step}\ntags: [追加]\n---\n[[{other_title}]]\n");
            fs::write(&new, body).unwrap();
            format!("add content/llm/new-{step}.md")
        }
        3 if notes.len() > 3 => {
            fs::remove_file(&pick).unwrap();
            format!("delete {name}")
        }
        4 => {
            let to = pick.with_file_name(format!("renamed-{step}.md"));
            fs::rename(&pick, &to).unwrap();
            format!("rename {name}")
        }
        5 => {
            let index = root.join("content/risk/_index.md");
            let t = fs::read_to_string(&index).unwrap();
            fs::write(&index, format!("{t}\n追記 {step}\n")).unwrap();
            "edit content/risk/_index.md".into()
        }
        6 if text.starts_with("---\n") => {
            let broken = text.replacen("---\n", "---\ntgas: [x]\n", 1);
            let fixed = if text.contains("tgas: [x]\n") {
                text.replace("tgas: [x]\n", "")
            } else {
                broken
            };
            fs::write(&pick, fixed).unwrap();
            format!("break or fix the front-matter of {name}")
        }
        7 => {
            fs::write(&pick, text.replacen("---\n", "---\naliases: [別名]\n", 1)).unwrap();
            format!("add an alias to {name}")
        }
        _ => {
            let site = root.join("site.yaml");
            let t = fs::read_to_string(&site).unwrap_or_default();
            let t = match t.lines().position(|l| l.starts_with("description:")) {
                Some(_) => {
                    t.lines()
                        .filter(|l| !l.starts_with("description:"))
                        .collect::<Vec<_>>()
                        .join("\n")
                        + "\n"
                }
                None => format!("{t}description: 説明 {step}\n"),
            };
            fs::write(&site, t).unwrap();
            "edit site.yaml".into()
        }
    }
}

#[test]
fn memoised_rebuilds_equal_fresh_builds_over_random_edit_sequences() {
    for seed in 1..=5u64 {
        let site = SiteTest::fixture("valid-basic");
        let opts = site.options();
        let mut memo = Memo::default();
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let first = build(&opts, Some(&mut memo));
        assert_eq!(first, build(&opts, None), "seed {seed}: first build");
        for step in 0..20 {
            let what = mutate(site.root(), &mut rng, step);
            let memoised = build(&opts, Some(&mut memo));
            let fresh = build(&opts, None);
            assert_same_build(
                &fresh,
                &memoised,
                &format!("seed {seed} step {step}"),
                &what,
            );
        }
    }
}

#[test]
fn an_unchanged_rebuild_reuses_every_page() {
    let site = SiteTest::fixture("valid-basic");
    let opts = site.options();
    let mut memo = Memo::default();
    build(&opts, Some(&mut memo));
    let remembered = memo.pages.pages.len();
    assert!(remembered > 5, "pages were remembered: {remembered}");
    let before: Vec<usize> = memo
        .pages
        .pages
        .values()
        .map(|e| e.bytes.as_ptr() as usize)
        .collect();
    build(&opts, Some(&mut memo));
    let after: Vec<usize> = memo
        .pages
        .pages
        .values()
        .map(|e| e.bytes.as_ptr() as usize)
        .collect();
    let mut b = before.clone();
    let mut a = after.clone();
    b.sort();
    a.sort();
    assert_eq!(a, b, "no page was rendered again");
}

/// Sets every file under `dir` to an old modification time, so the memo
/// trusts their stamps instead of reading them.
fn age_files(dir: &Path, secs_ago: u64) {
    let when = std::time::SystemTime::now() - std::time::Duration::from_secs(secs_ago);
    for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
        if entry.file_type().is_file() {
            let file = fs::File::options().write(true).open(entry.path()).unwrap();
            file.set_modified(when).unwrap();
        }
    }
}

#[test]
fn settled_unchanged_files_are_not_reread_but_changes_are_seen() {
    let site = SiteTest::fixture("valid-basic");
    let opts = site.options();
    let mut memo = Memo::default();
    age_files(site.root(), 3600);
    build(&opts, Some(&mut memo));
    assert!(
        memo.notes.notes.values().all(|e| e.stamp.is_some()),
        "stamps recorded for settled files"
    );
    // A same-length edit with an older (different) time is still seen.
    let note = site.root().join("content/llm/attention.md");
    let text = fs::read_to_string(&note).unwrap();
    fs::write(&note, text.replacen('a', "b", 1)).unwrap();
    let file = fs::File::options().write(true).open(&note).unwrap();
    file.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(7200))
        .unwrap();
    assert_eq!(build(&opts, Some(&mut memo)), build(&opts, None));
    // A fresh edit is read, whatever its length.
    fs::write(&note, format!("{text}\n追記\n")).unwrap();
    assert_eq!(build(&opts, Some(&mut memo)), build(&opts, None));
}

#[test]
fn a_replaced_image_changes_the_size_in_memoised_pages() {
    let site = SiteTest::fixture("rich-content");
    let opts = site.options();
    let mut memo = Memo::default();
    let (files, _) = build(&opts, Some(&mut memo));
    let page = String::from_utf8_lossy(&files["notes/callouts/index.html"]).into_owned();
    assert!(page.contains(r#"width="320" height="180""#), "{page}");
    // Same note text, new picture: the body's <img> must follow the file.
    site.write(
        "content/notes/fig.svg",
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 480"/>"#,
    );
    let rebuilt = build(&opts, Some(&mut memo));
    let page = String::from_utf8_lossy(&rebuilt.0["notes/callouts/index.html"]).into_owned();
    assert!(page.contains(r#"width="640" height="480""#), "{page}");
    assert_eq!(rebuilt, build(&opts, None));
}

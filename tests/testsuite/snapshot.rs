//! A tiny snapshot helper: compares text with `tests/snapshots/<name>.html`;
//! with `UPDATE_SNAPSHOTS=1` it rewrites the file instead. On a mismatch it
//! reports the first differing line, not the whole page.

use std::fs;
use std::path::PathBuf;

use crate::harness::repo_root;

fn snapshot_path(name: &str) -> PathBuf {
    repo_root()
        .join("tests")
        .join("snapshots")
        .join(format!("{name}.html"))
}

/// Replaces what legitimately changes between releases (the version).
pub fn redact(text: &str) -> String {
    text.replace(
        concat!("manabi ", env!("CARGO_PKG_VERSION")),
        "manabi [version]",
    )
}

fn updating() -> bool {
    std::env::var("UPDATE_SNAPSHOTS").is_ok_and(|v| v == "1")
}

/// Asserts that `actual` (redacted) equals the stored snapshot `name`.
pub fn assert_snapshot(name: &str, actual: &str) {
    let actual = redact(actual);
    let path = snapshot_path(name);
    if updating() {
        fs::create_dir_all(path.parent().expect("parent")).expect("create snapshots folder");
        fs::write(&path, &actual).expect("write snapshot");
        return;
    }
    let expected = fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "missing snapshot {}; run with UPDATE_SNAPSHOTS=1 to create it",
            path.display()
        )
    });
    if let Some(diff) = first_difference(&expected, &actual) {
        panic!("snapshot `{name}` differs ({}):\n{diff}\nrun with UPDATE_SNAPSHOTS=1 if the change is intended", path.display());
    }
}

/// `None` when equal, else a short report of the first differing line.
pub fn first_difference(expected: &str, actual: &str) -> Option<String> {
    if expected == actual {
        return None;
    }
    let mut e = expected.lines();
    let mut a = actual.lines();
    let mut line = 1;
    loop {
        match (e.next(), a.next()) {
            (Some(x), Some(y)) if x == y => line += 1,
            (None, None) => {
                return Some("the texts differ only in line endings or the final newline".into())
            }
            (x, y) => {
                let show =
                    |s: Option<&str>| s.map_or("<end of text>".to_string(), |s| format!("{s:?}"));
                return Some(format!(
                    "line {line}:\n- expected: {}\n+ actual:   {}",
                    show(x),
                    show(y)
                ));
            }
        }
    }
}

#[test]
fn first_difference_points_at_the_first_differing_line() {
    assert_eq!(first_difference("a\nb\n", "a\nb\n"), None);
    let d = first_difference("a\nb\nc\n", "a\nB\nc\n").unwrap();
    assert!(d.starts_with("line 2:"), "{d}");
    assert!(d.contains("\"b\"") && d.contains("\"B\""), "{d}");
    let d = first_difference("a\n", "a\nextra\n").unwrap();
    assert!(d.contains("<end of text>"), "{d}");
    let d = first_difference("a\n", "a").unwrap();
    assert!(d.contains("final newline"), "{d}");
}

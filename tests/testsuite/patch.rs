//! `serve`'s body-edit fast path (`pipeline::patch`). Rebuilds go through
//! the same `FullRebuild` serve uses, told what changed as the watcher
//! would tell it; after every step the served files (search index
//! included, once finished) and the diagnostics must equal a fresh build's.
//! The edits are mostly to note bodies, some of which the fast path must
//! refuse (new links, new keyword mentions, moved or new ```quiz blocks, an
//! error), some with warnings whose positions move, mixed with structural changes that need the full pipeline.

use std::fs;
use std::path::{Path, PathBuf};

use manabi::output::MemoryOutput;
use manabi::pipeline::{self, BuildOptions};
use manabi::serve::classify::{Change, ChangeKind, ChangeOp, Changes};
use manabi::serve::rebuild::{Built, FullRebuild, Rebuild};
use manabi::serve::store::SiteFiles;

use crate::edits::{note_files, Rng};
use crate::harness::{located, SiteTest};

fn title_of(path: &Path) -> String {
    let text = fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .find_map(|l| l.strip_prefix("title: ").map(|t| t.trim().to_string()))
        .unwrap_or_else(|| "x".into())
}

const QUIZ: &str = "\n```quiz\nid: q-STEP\ntype: single\nquestion: どれが正しいか。\nchoices:\n  - text: これ\n    correct: true\n  - text: あれ\n```\n";
const BAD_MATH: &str = "\n式 $\\frac{1}{$ を書きかけ。\n";

/// One random change, and the batch the watcher would report for it.
fn mutate(root: &Path, rng: &mut Rng, step: usize) -> (String, Changes) {
    let notes = note_files(root);
    // Half the edits go to one note, so edits pile up on the same body
    // (a warning appended, then the lines above it moved).
    let pick = match rng.below(2) {
        0 => notes[0].clone(),
        _ => notes[rng.below(notes.len())].clone(),
    };
    let other_title = title_of(&notes[rng.below(notes.len())]);
    let text = fs::read_to_string(&pick).unwrap();
    let rel = pick.strip_prefix(root).unwrap().to_path_buf();
    let body_start = text[3..].find("\n---\n").map_or(text.len(), |i| i + 3 + 5);
    let (what, new) = match rng.below(11) {
        0..=2 => (
            "append a paragraph",
            format!("{text}\n段落 {step} を追記。\n"),
        ),
        3 => (
            "insert a paragraph first",
            format!(
                "{}冒頭 {step}。\n\n{}",
                &text[..body_start],
                &text[body_start..]
            ),
        ),
        4 => ("append a heading", format!("{text}\n## 見出し {step}\n")),
        5 => (
            "link another note",
            format!("{text}\n[[{other_title}]] も参照。\n"),
        ),
        6 => (
            "mention another note",
            format!("{text}\n{other_title} について。\n"),
        ),
        7 => (
            "append a quiz block",
            format!("{text}{}", QUIZ.replace("STEP", &step.to_string())),
        ),
        8 if text.contains(BAD_MATH) => ("fix the math", text.replace(BAD_MATH, "")),
        8 => ("break the math", format!("{text}{BAD_MATH}")),
        // A warning in the body: its position moves with later edits.
        9 => (
            "append an unknown callout",
            format!("{text}\n> [!OOPS]\n> 手順 {step}\n"),
        ),
        _ => {
            let index = root.join("content/risk/_index.md");
            let t = fs::read_to_string(&index).unwrap();
            fs::write(&index, format!("{t}\n追記 {step}\n")).unwrap();
            let change = Change {
                path: PathBuf::from("content/risk/_index.md"),
                kind: ChangeKind::Section,
                op: ChangeOp::Edited,
            };
            return (
                "edit a section index".into(),
                Changes {
                    items: vec![change],
                },
            );
        }
    };
    fs::write(&pick, new).unwrap();
    let change = Change {
        path: rel.clone(),
        kind: ChangeKind::Note,
        op: ChangeOp::Edited,
    };
    (
        format!("{what} in {}", rel.display()),
        Changes {
            items: vec![change],
        },
    )
}

/// A fresh build's files and diagnostics (empty files when it failed).
fn fresh(opts: &BuildOptions) -> (SiteFiles, Vec<String>) {
    let output = MemoryOutput::default();
    let outcome = pipeline::run_with(opts, &output, None).expect("no I/O error");
    let files = if outcome.failed() {
        SiteFiles::default()
    } else {
        SiteFiles::from_files(output.into_files())
    };
    (files, diagnostics(&outcome.diagnostics, &opts.root))
}

fn diagnostics(found: &[manabi::diagnostics::Diagnostic], root: &Path) -> Vec<String> {
    found.iter().map(|d| located(d, root)).collect()
}

/// What the server would serve after `built` (and the search index job).
fn served(builder: &mut FullRebuild, built: Built, root: &Path) -> (SiteFiles, Vec<String>) {
    match built {
        Built::Site {
            files,
            diagnostics: d,
        } => {
            let files = match builder.finish() {
                Some(work) => files.replacing(manabi::search::index::is_index_file, work.run()),
                None => files,
            };
            (files, diagnostics(&d, root))
        }
        Built::Failed { diagnostics: d } => (SiteFiles::default(), diagnostics(&d, root)),
        Built::Broken(e) => panic!("broken build: {e:#}"),
    }
}

#[test]
fn served_rebuilds_equal_fresh_builds_over_random_body_edits() {
    let mut patched = 0;
    for seed in 1..=4u64 {
        let site = SiteTest::fixture("valid-basic");
        let opts = BuildOptions {
            live_reload: true,
            ..site.options()
        };
        let mut builder = FullRebuild::new(opts.clone());
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let first = builder.rebuild(&Changes::default());
        assert_eq!(
            served(&mut builder, first, site.root()),
            fresh(&opts),
            "seed {seed}: first build"
        );
        for step in 0..24 {
            let (what, changes) = mutate(site.root(), &mut rng, step);
            let built = builder.rebuild(&changes);
            let (files, found) = served(&mut builder, built, site.root());
            let (want_files, want_found) = fresh(&opts);
            assert_eq!(
                found, want_found,
                "seed {seed} step {step}: diagnostics after: {what}"
            );
            if want_files.is_empty() {
                continue; // a failed build: the server keeps the last good one
            }
            let differing = want_files.changed_paths(&files);
            assert!(
                differing.is_empty(),
                "seed {seed} step {step}: after `{what}` these differ: {differing:?}"
            );
        }
        patched += builder.patched_builds();
    }
    // Appends, headings and first paragraphs take the fast path; the
    // sequence must have exercised it, not only the fallback.
    assert!(patched >= 20, "only {patched} rebuilds took the fast path");
}

fn note_edit(rel: &str) -> Changes {
    Changes {
        items: vec![Change {
            path: PathBuf::from(rel),
            kind: ChangeKind::Note,
            op: ChangeOp::Edited,
        }],
    }
}

#[test]
fn a_body_warning_moves_with_the_lines_above_it() {
    let site = SiteTest::fixture("valid-basic");
    let opts = BuildOptions {
        live_reload: true,
        ..site.options()
    };
    let rel = "content/llm/attention.md";
    let file = site.root().join(rel);
    let mut builder = FullRebuild::new(opts.clone());
    let first = builder.rebuild(&Changes::default());
    served(&mut builder, first, site.root());
    let text = fs::read_to_string(&file).unwrap();
    fs::write(&file, format!("{text}\n> [!OOPS]\n> 手順\n")).unwrap();
    let built = builder.rebuild(&note_edit(rel));
    let (_, warned) = served(&mut builder, built, site.root());
    assert_eq!(warned, fresh(&opts).1);
    let at = |found: &[String]| -> Vec<String> {
        found
            .iter()
            .filter(|d| d.contains("[!OOPS]"))
            .cloned()
            .collect()
    };
    assert_eq!(at(&warned).len(), 1, "{warned:?}");
    // Two lines more above it: the warning moves down two lines.
    let text = fs::read_to_string(&file).unwrap();
    let body = text[3..].find("\n---\n").unwrap() + 3 + 5;
    fs::write(
        &file,
        format!("{}冒頭。\n\n{}", &text[..body], &text[body..]),
    )
    .unwrap();
    let built = builder.rebuild(&note_edit(rel));
    let (files, moved) = served(&mut builder, built, site.root());
    let (want_files, want) = fresh(&opts);
    assert_eq!(moved, want);
    assert_eq!(at(&moved).len(), 1, "the old position is gone: {moved:?}");
    assert_ne!(at(&moved), at(&warned));
    assert!(want_files.changed_paths(&files).is_empty());
    assert_eq!(builder.patched_builds(), 2, "both edits took the fast path");
}

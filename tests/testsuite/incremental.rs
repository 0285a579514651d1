//! Rebuilds with every stage's cache (`pipeline::Memo`, what `serve`
//! keeps) on a generated study site with questions, skewed tags and small
//! page sizes, so that every list is paginated: after random edits of
//! front-matter (tags, dates, weights, titles, summaries, readings,
//! syllabus paths, questions), bodies, section indexes and the note set,
//! the memoised build must write exactly the files, and report exactly the
//! diagnostics, of a fresh build of the same tree.

use std::fs;
use std::path::{Path, PathBuf};

use manabi::pipeline::{BuildOptions, Memo};

use crate::edits::{assert_same_build, build, note_files, Rng};
use crate::gen_corpus;

/// A generated site of `n` notes whose lists paginate every few items.
fn site(n: usize, seed: u64) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    gen_corpus::generate(&gen_corpus::Options {
        notes: n,
        out: root.clone(),
        seed,
        hugo: None,
    })
    .expect("corpus");
    let yaml = fs::read_to_string(root.join("site.yaml")).unwrap();
    fs::write(root.join("site.yaml"), format!("{yaml}\npaginate_by: 3\n")).unwrap();
    (dir, root)
}

/// `text` with front-matter key `key` (and the indented or `- ` lines
/// that continue its value) replaced by `line`, put first.
fn set_key(text: &str, key: &str, line: &str) -> String {
    let Some(end) = text[3..].find("\n---\n").map(|i| i + 4) else {
        return text.to_string();
    };
    let (front, body) = (&text[4..end], &text[end..]);
    let mut kept = Vec::new();
    let mut skipping = false;
    for l in front.lines() {
        let continues = l.starts_with(' ') || l.starts_with("- ");
        if l.starts_with(&format!("{key}:")) {
            skipping = true;
            continue;
        }
        if skipping && continues {
            continue;
        }
        skipping = false;
        kept.push(l);
    }
    format!("---\n{line}\n{}\n{body}", kept.join("\n"))
}

/// `text` with every one-line question stem reworded (block scalars,
/// `question: |-`, are left alone: the edit must keep the YAML valid).
fn reword(text: &str, step: usize) -> String {
    text.lines()
        .map(|l| {
            let stem = l.trim_start().trim_start_matches("- ");
            let plain = stem
                .strip_prefix("question: ")
                .is_some_and(|rest| !rest.starts_with(['|', '>', '"', '\'']));
            if plain {
                format!(
                    "{}\n",
                    l.replacen("question: ", &format!("question: 改{step} "), 1)
                )
            } else {
                format!("{l}\n")
            }
        })
        .collect()
}

/// `text` without its first ```quiz block (as it is when there is none).
fn drop_quiz_block(text: &str) -> String {
    let Some(start) = text.find("\n```quiz\n") else {
        return text.to_string();
    };
    match text[start + 9..].find("\n```\n") {
        Some(end) => format!("{}{}", &text[..start], &text[start + 9 + end + 4..]),
        None => text.to_string(),
    }
}

/// One random edit; returns what it did.
fn mutate(root: &Path, rng: &mut Rng, step: usize) -> String {
    let notes = note_files(root);
    // Half the edits go to notes of the biggest tag, which every kind of
    // list shows, and every kind of edit comes round in turn.
    let listed: Vec<&PathBuf> = notes
        .iter()
        .filter(|p| fs::read_to_string(p).is_ok_and(|t| t.contains("G検定")))
        .collect();
    let pick = match rng.below(2) {
        0 if !listed.is_empty() => listed[rng.below(listed.len())].clone(),
        _ => notes[rng.below(notes.len())].clone(),
    };
    let text = fs::read_to_string(&pick).unwrap();
    let name = pick.strip_prefix(root).unwrap().display().to_string();
    let (what, new) = match step % 17 {
        0 => ("set the tags", set_key(&text, "tags", &format!("tags: [新タグ{}, G検定]", step % 3))),
        1 => ("change the date", set_key(&text, "date", &format!("date: 2025-0{}-1{}", step % 9 + 1, step % 10))),
        2 => ("change the weight", set_key(&text, "weight", &format!("weight: {}", step % 5))),
        // The old title stays an alias: wikilinks to it keep working.
        3 if !text.contains("\naliases:") => {
            let title = text.lines().find_map(|l| l.strip_prefix("title: ")).unwrap_or("x");
            let retitled = set_key(&text, "title", &format!("title: 改題{step}"));
            ("retitle", set_key(&retitled, "aliases", &format!("aliases: [\"{title}\"]")))
        }
        4 => ("change the summary", set_key(&text, "summary", &format!("summary: 要点 {step}"))),
        5 => ("change the reading", set_key(&text, "reading", &format!("reading: あ{step}"))),
        6 => ("change the syllabus", set_key(&text, "syllabus", &format!("syllabus: [分野{}, 項目]", step % 2))),
        7 => (
            "append a question",
            format!("{text}\n```quiz\nid: added-{step}\nquestion: 追加の問い {step}\nchoices: [一, 二, 三, 四]\nanswer: 2\nexplanation: 説明\n```\n"),
        ),
        8 => ("reword the questions", reword(&text, step)),
        9 => ("append a paragraph", format!("{text}\n段落 {step}。\n")),
        10 if !text.contains("\naliases:") => (
            "add an alias",
            set_key(&text, "aliases", &format!("aliases: [別名{step}]")),
        ),
        11 => ("drop a quiz block", drop_quiz_block(&text)),
        12 => {
            let index = root.join("content/genai-tech/_index.md");
            let t = fs::read_to_string(&index).unwrap();
            fs::write(&index, set_key(&t, "paginate_by", &format!("paginate_by: {}", step % 4 + 2))).unwrap();
            return "change a section's paginate_by".into();
        }
        15 => {
            let index = root.join("content/genai-tech/_index.md");
            let t = fs::read_to_string(&index).unwrap();
            fs::write(&index, set_key(&t, "title", &format!("title: 技術 {step}"))).unwrap();
            return "retitle a section".into();
        }
        16 => {
            // Questions naming other notes: those notes list them.
            let with_related: Vec<&PathBuf> = notes
                .iter()
                .filter(|p| fs::read_to_string(p).is_ok_and(|t| t.contains("related:")))
                .collect();
            let testing = match with_related.len() {
                0 => pick.clone(),
                n => with_related[rng.below(n)].clone(),
            };
            let t = fs::read_to_string(&testing).unwrap();
            fs::write(&testing, reword(&t, step)).unwrap();
            return format!("reword the questions of {}", testing.strip_prefix(root).unwrap().display());
        }
        13 => {
            let new = pick.with_file_name(format!("added-{step}.md"));
            let date = step % 9 + 1;
            fs::write(&new, format!("---\ntitle: 追加{step}\nreading: ついか\ntags: [G検定]\ndate: 2024-01-0{date}\n---\n本文。\n")).unwrap();
            return format!("add {}", new.strip_prefix(root).unwrap().display());
        }
        // Only a note added earlier: deleting another breaks links to it.
        _ if notes.iter().any(|p| p.to_string_lossy().contains("added-")) => {
            let added = notes
                .iter()
                .find(|p| p.to_string_lossy().contains("added-"))
                .unwrap();
            fs::remove_file(added).unwrap();
            return format!("delete {}", added.strip_prefix(root).unwrap().display());
        }
        _ => ("append a line", format!("{text}\n追記。\n")),
    };
    fs::write(&pick, new).unwrap();
    format!("{what} in {name}")
}

#[test]
fn memoised_rebuilds_equal_fresh_builds_over_random_front_matter_edits() {
    for seed in 1..=2u64 {
        let (_dir, root) = site(60, seed);
        let opts = BuildOptions {
            root: root.clone(),
            base_url: None,
            drafts: false,
            live_reload: false,
        };
        let mut memo = Memo::default();
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let first = build(&opts, Some(&mut memo));
        assert!(!first.0.is_empty(), "seed {seed}: {:?}", first.1);
        assert_eq!(first, build(&opts, None), "seed {seed}: first build");
        for step in 0..34 {
            let what = mutate(&root, &mut rng, step);
            let memoised = build(&opts, Some(&mut memo));
            let fresh = build(&opts, None);
            assert!(
                !fresh.0.is_empty(),
                "seed {seed} step {step}: the edit `{what}` broke the site: {:?}",
                fresh.1
            );
            assert_same_build(
                &fresh,
                &memoised,
                &format!("seed {seed} step {step}"),
                &what,
            );
        }
    }
}

//! Keyword auto-links, the warnings `check` gives about links (unlinked
//! mentions, orphan notes) and related notes, on small built sites.

use manabi::output::MemoryOutput;
use manabi::pipeline;
use manabi::pipeline::Memo;

use crate::harness::SiteTest;

const SITE: &str = "title: x\nbase_url: https://example.org/study/\n";
const SITE_NO_AUTOLINK: &str =
    "title: x\nbase_url: https://example.org/study/\nmarkdown:\n  auto_link_keywords: false\n";

/// A note; the reading keeps the glossary from warning about kanji titles.
fn note(title: &str, extra: &str, body: &str) -> String {
    format!("---\ntitle: {title}\nreading: よみ\n{extra}---\n{body}")
}

fn three_notes(site_yaml: &str) -> SiteTest {
    SiteTest::with_files(&[
        ("site.yaml", site_yaml),
        (
            "content/lagrange.md",
            &note(
                "ラグランジュの未定乗数法",
                "summary: [制約付き最適化の手法]\n",
                "制約付き最適化の定番。\n",
            ),
        ),
        (
            "content/multiplier.md",
            &note("乗数法", "aliases: [Multiplier]\n", "[[ラグランジュの未定乗数法]] の一部。\n"),
        ),
        (
            "content/svm.md",
            &note(
                "SVM",
                "",
                "## 乗数法\n\nSVM はラグランジュの未定乗数法で解く。\n\n乗数法も使う。`乗数法` は別。\n",
            ),
        ),
    ])
}

#[test]
fn first_mentions_link_longest_first_on_the_built_page() {
    let built = three_notes(SITE).build();
    built.assert_ok();
    let main = built.main_region("svm/index.html");
    let first = "<a class=\"keyword-link\" href=\"/study/lagrange/\" \
                 title=\"ラグランジュの未定乗数法\n制約付き最適化の手法\">ラグランジュの未定乗数法</a>";
    assert!(main.contains(first), "{main}");
    assert!(
        main.contains("<a class=\"keyword-link\" href=\"/study/multiplier/\" title=\"乗数法\">乗数法</a>も使う"),
        "{main}"
    );
    assert_eq!(main.matches("class=\"keyword-link\"").count(), 2, "{main}");
    // The heading and the code span are left alone.
    assert!(
        main.contains("<h2 id=\"乗数法\">乗数法 <a class=\"heading-anchor\""),
        "{main}"
    );
    assert!(main.contains("<code>乗数法</code>"), "{main}");
    let page = built.file("svm/index.html");
    assert!(
        page.contains("/study/js/keyword-card.js"),
        "the card script is loaded"
    );
    // Auto-links are not backlinks (a common keyword would list half the
    // site), but they do make the notes related.
    let lagrange = built.main_region("lagrange/index.html");
    let back = &lagrange[lagrange.find("class=\"backlinks\"").expect("backlinks")..];
    let back = &back[..back.find("</section>").unwrap()];
    assert!(!back.contains("/study/svm/"), "{back}");
    assert!(
        built.warnings().is_empty(),
        "svm is no orphan: {:?}",
        built.warnings()
    );
}

#[test]
fn check_reports_unlinked_mentions_when_auto_links_are_off() {
    let site = three_notes(SITE_NO_AUTOLINK);
    let built = site.build();
    built.assert_ok();
    let unlinked: Vec<String> = built
        .warnings()
        .into_iter()
        .filter(|w| w.contains("unlinked mention"))
        .collect();
    assert_eq!(
        unlinked,
        [
            "content/svm.md:7:6: unlinked mention: `ラグランジュの未定乗数法` names the note `ラグランジュの未定乗数法`, which this note never links",
            "content/svm.md:9:1: unlinked mention: `乗数法` names the note `乗数法`, which this note never links",
        ]
    );
    assert!(!built.main_region("svm/index.html").contains("keyword-link"));
    let run = site.cli(&["check"]);
    run.assert_code(0)
        .assert_stderr_contains("content/svm.md:7:6")
        .assert_stderr_contains("orphan note")
        .assert_stderr_contains("3 warnings");
}

#[test]
fn orphan_notes_are_warned_at_their_title() {
    let built = SiteTest::with_files(&[
        ("site.yaml", SITE),
        ("content/a.md", &note("甲", "", "[[乙]] を見よ。\n")),
        ("content/b.md", &note("乙", "", "本文。\n")),
        (
            "content/c.md",
            "---\n# 孤立\ntitle: 丙\nreading: へい\n---\n誰ともつながらない。\n",
        ),
    ])
    .build();
    built.assert_ok();
    assert_eq!(
        built.warnings(),
        ["content/c.md:3:1: orphan note: no other note links to it, and it links to none"]
    );
}

#[test]
fn a_site_of_one_note_has_no_orphan() {
    let built = SiteTest::with_files(&[
        ("site.yaml", SITE),
        ("content/a.md", &note("甲", "", "本文。\n")),
    ])
    .build();
    assert_eq!(built.diagnostics(), Vec::<String>::new());
}

#[test]
fn related_notes_are_listed_best_first() {
    let built = SiteTest::with_files(&[
        ("site.yaml", SITE),
        (
            "content/a.md",
            &note("甲", "tags: [x, y]\nweight: 1\n", "[[丙]]\n"),
        ),
        (
            "content/b.md",
            &note("乙", "tags: [x]\nweight: 5\n", "本文。[[甲]]\n"),
        ),
        (
            "content/c.md",
            &note("丙", "tags: [z]\nweight: 6\n", "本文。\n"),
        ),
        (
            "content/d.md",
            &note("丁", "tags: [x, y]\nweight: 7\n", "本文。[[甲]]\n"),
        ),
    ])
    .build();
    built.assert_ok();
    let main = built.main_region("a/index.html");
    let related = &main[main.find("class=\"related\"").expect("related section")..];
    let related = &related[..related.find("</section>").expect("end of related")];
    let order: Vec<usize> = ["/study/d/", "/study/c/"]
        .iter()
        .map(|u| related.find(&format!("href=\"{u}\"")).expect(u))
        .collect();
    // 丁: link 3 + two tags 2; 丙: link 3; 乙 (next in section order) is left out.
    assert!(order[0] < order[1], "{related}");
    assert!(!related.contains("/study/b/"), "{related}");
}

#[test]
fn a_memoised_rebuild_picks_up_a_changed_summary_of_a_linked_note() {
    let site = three_notes(SITE);
    let opts = site.options();
    let mut memo = Memo::default();
    let out = MemoryOutput::default();
    pipeline::run_with(&opts, &out, Some(&mut memo)).unwrap();
    let path = site.root().join("content/lagrange.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("制約付き最適化の手法", "新しい要点")).unwrap();
    let out = MemoryOutput::default();
    pipeline::run_with(&opts, &out, Some(&mut memo)).unwrap();
    let page = String::from_utf8(out.into_files()["svm/index.html"].to_vec()).unwrap();
    assert!(
        page.contains("新しい要点"),
        "the hover text follows the summary"
    );
}

//! The `manabi` binary: exit codes, the summary line, the diagnostic report
//! (location, source line, caret), `-q`, `init`, `new` and `--base-url`.

use std::fs;

use crate::harness::{run_cli, SiteTest};

/// `built 8 notes, 3 sections, 5 tags in 12 ms` → the part before ` in `.
fn summary_counts(stderr: &str, verb: &str) -> String {
    let line = stderr
        .lines()
        .find(|l| l.starts_with(verb))
        .unwrap_or_else(|| panic!("no `{verb} …` line in:\n{stderr}"));
    let (counts, time) = line
        .rsplit_once(" in ")
        .unwrap_or_else(|| panic!("no timing in {line:?}"));
    let ms = time.split(" ms").next().unwrap_or_default();
    assert!(ms.parse::<u64>().is_ok(), "timing {time:?} in {line:?}");
    counts.to_string()
}

#[test]
fn build_exits_zero_and_prints_the_summary_on_stderr() {
    let site = SiteTest::fixture("valid-basic");
    let run = site.cli(&["build"]);
    run.assert_code(0);
    assert_eq!(
        summary_counts(&run.stderr, "built"),
        "built 8 notes, 3 sections, 5 tags"
    );
    assert_eq!(run.stdout, "", "progress goes to stderr only");
    assert!(site
        .root()
        .join("public/llm/transformer/index.html")
        .is_file());
    assert!(
        site.root().join("public/.manabi").is_file(),
        "output folder carries the marker"
    );
}

#[test]
fn build_timings_lists_every_stage_with_the_writing_time() {
    let site = SiteTest::fixture("valid-basic");
    let run = site.cli(&["-q", "build", "--timings"]);
    run.assert_code(0);
    let stages: Vec<&str> = run
        .stderr
        .lines()
        .skip(1)
        .map_while(|l| l.split("  ").next().filter(|s| !s.starts_with("total")))
        .collect();
    assert_eq!(
        stages,
        [
            "load",
            "markdown",
            "site graph",
            "pages",
            "search index",
            "quiz bank",
            "files"
        ],
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("\ntotal "), "{}", run.stderr);
    assert!(run.stderr.contains("(writing files: "), "{}", run.stderr);
    let plain = site.cli(&["-q", "build"]);
    assert_eq!(plain.stderr, "", "no table without the flag");
}

#[test]
fn build_with_root_and_out_writes_where_asked() {
    let site = SiteTest::fixture("valid-basic");
    let out = site.scratch("elsewhere");
    let run = run_cli(
        site.root().parent().unwrap(),
        &["build", "--root", "site", "--out", out.to_str().unwrap()],
    );
    run.assert_code(0);
    assert!(out.join("index.html").is_file());
    assert!(!site.root().join("public").exists());
}

#[test]
fn quiet_flag_suppresses_the_summary() {
    let site = SiteTest::fixture("valid-basic");
    let run = site.cli(&["-q", "build"]);
    run.assert_code(0);
    assert_eq!(run.stderr, "");
    let run = site.cli(&["check", "--quiet"]);
    run.assert_code(0);
    assert_eq!(run.stderr, "");
}

#[test]
fn quiet_flag_still_prints_problems() {
    let site = SiteTest::fixture("invalid-links");
    let run = site.cli(&["-q", "check"]);
    run.assert_code(1);
    run.assert_stderr_contains("--> content/links/a.md:8:11");
}

#[test]
fn check_passes_a_valid_site_and_writes_nothing() {
    let site = SiteTest::fixture("valid-basic");
    let run = site.cli(&["check"]);
    run.assert_code(0);
    let counts = summary_counts(&run.stderr, "checked");
    assert_eq!(counts, "checked 8 notes, 3 sections, 5 tags");
    assert!(
        run.stderr.trim_end().ends_with("; 0 warnings"),
        "{}",
        run.stderr
    );
    assert!(!site.root().join("public").exists(), "check writes nothing");
}

#[test]
fn check_on_invalid_site_exits_one_with_location_source_line_and_caret() {
    let site = SiteTest::fixture("invalid-frontmatter");
    let run = site.cli(&["check"]);
    run.assert_code(1);
    let expected = "error: bad `date`: `2024-02-30` is not a calendar date\n \
                    --> content/notes/bad-date.md:3:1\n  \
                    |\n\
                    3 | date: 2024-02-30\n  \
                    | ^\n  \
                    = hint: write dates as YYYY-MM-DD, e.g. 2024-05-26\n";
    run.assert_stderr_contains(expected);
    let expected = "error: invalid type for `weight`: string \"heavy\", expected an integer\n \
                    --> content/notes/wrong-type.md:3:9\n  \
                    |\n\
                    3 | weight: heavy\n  \
                    |         ^\n";
    run.assert_stderr_contains(expected);
    run.assert_stderr_contains("7 errors, 0 warnings");
    assert!(!site.root().join("public").exists());
}

#[test]
fn check_lists_problems_in_path_order() {
    let site = SiteTest::fixture("invalid-frontmatter");
    let run = site.cli(&["check"]);
    let locations: Vec<&str> = run
        .stderr
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("--> "))
        .collect();
    assert_eq!(
        locations,
        [
            "content/notes/bad-date.md:3:1",
            "content/notes/bad-slug.md:3:1",
            "content/notes/missing-title.md:1:1",
            "content/notes/unclosed.md:1:1",
            "content/notes/unknown-key.md:4:1",
            "content/notes/wrong-type.md:3:9",
            "content/notes/yaml-syntax.md:4:5",
        ]
    );
}

#[test]
fn caret_sits_under_wide_characters_correctly() {
    let site = SiteTest::fixture("invalid-links");
    let run = site.cli(&["check"]);
    // `[[` starts after 10 wide characters (20 cells) and `: ` … see the fixture.
    let expected =
        "7 | 壊れたウィキリンク: [[存在しない用語|ラベル]]。\n  |                     ^\n";
    run.assert_stderr_contains(expected);
}

#[test]
fn paths_in_reports_follow_the_root_flag() {
    let site = SiteTest::fixture("invalid-config");
    site.write("content/bad.md", "---\ntitle: x\ndate: 2024-02-30\n---\n");
    let run = run_cli(site.root().parent().unwrap(), &["check", "--root", "site"]);
    run.assert_code(1);
    run.assert_stderr_contains("--> site/site.yaml:4:1");
    run.assert_stderr_contains("--> site/content/bad.md:3:1");
}

#[test]
fn failed_build_exits_one_and_says_the_output_was_kept() {
    let site = SiteTest::fixture("invalid-links");
    let run = site.cli(&["build"]);
    run.assert_code(1);
    run.assert_stderr_contains("5 errors, 1 warning");
    run.assert_stderr_contains("build failed;");
    assert!(!site.root().join("public").exists());
}

#[test]
fn init_creates_a_starter_site_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_cli(dir.path(), &["init", "mysite"]);
    run.assert_code(0);
    run.assert_stderr_contains("created a manabi site in mysite");
    let site = dir.path().join("mysite");
    let workflow = fs::read_to_string(site.join(".github/workflows/pages.yml")).unwrap();
    assert!(workflow.contains("actions/deploy-pages"), "{workflow}");
    assert!(workflow.contains("manabi build --base-url"), "{workflow}");
    assert!(site.join("site.yaml").is_file() && site.join("content/_index.md").is_file());

    let run = run_cli(dir.path(), &["build", "--root", "mysite"]);
    run.assert_code(0);
    assert_eq!(
        summary_counts(&run.stderr, "built"),
        "built 2 notes, 1 section, 2 tags"
    );
    assert_eq!(
        run.stderr.lines().count(),
        1,
        "no warnings:\n{}",
        run.stderr
    );
    let page = fs::read_to_string(site.join("public/basics/llm/index.html")).unwrap();
    assert!(
        page.contains("href=\"/basics/generative-ai/\""),
        "starter notes link each other"
    );
}

#[test]
fn init_refuses_a_folder_that_already_holds_a_site() {
    let site = SiteTest::fixture("valid-basic");
    let before = site.read("site.yaml");
    let run = run_cli(site.root().parent().unwrap(), &["init", "site"]);
    run.assert_code(2);
    run.assert_stderr_contains("refusing to overwrite an existing site");
    assert_eq!(site.read("site.yaml"), before);
    assert!(!site.root().join(".github").exists());
}

#[test]
fn new_creates_a_japanese_note_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    run_cli(dir.path(), &["init", "s"]).assert_code(0);
    let run = run_cli(
        dir.path(),
        &["new", "量子化", "--section", "x", "--root", "s"],
    );
    run.assert_code(0);
    let note = dir.path().join("s/content/x/量子化.md");
    let text = fs::read_to_string(&note).unwrap();
    assert!(text.starts_with("---\ntitle: 量子化\n"), "{text}");
    run.assert_stderr_contains("量子化.md");

    let run = run_cli(dir.path(), &["build", "--root", "s"]);
    run.assert_code(0);
    assert_eq!(
        summary_counts(&run.stderr, "built"),
        "built 3 notes, 2 sections, 2 tags"
    );
    let page = fs::read_to_string(dir.path().join("s/public/x/量子化/index.html")).unwrap();
    assert!(page.contains("<h1 class=\"note-title\">量子化</h1>"));
}

#[test]
fn new_refuses_to_overwrite_an_existing_note() {
    let dir = tempfile::tempdir().unwrap();
    run_cli(dir.path(), &["init", "s"]).assert_code(0);
    run_cli(dir.path(), &["new", "量子化", "--root", "s"]).assert_code(0);
    let note = dir.path().join("s/content/量子化.md");
    fs::write(&note, "---\ntitle: 量子化\n---\n私のメモ\n").unwrap();
    let run = run_cli(dir.path(), &["new", "量子化", "--root", "s"]);
    run.assert_code(2);
    run.assert_stderr_contains("already exists");
    assert_eq!(
        fs::read_to_string(&note).unwrap(),
        "---\ntitle: 量子化\n---\n私のメモ\n"
    );
}

#[test]
fn new_quotes_titles_that_yaml_would_misread() {
    let dir = tempfile::tempdir().unwrap();
    run_cli(dir.path(), &["init", "s"]).assert_code(0);
    run_cli(
        dir.path(),
        &["new", "C#: 基礎", "--slug", "csharp", "--root", "s"],
    )
    .assert_code(0);
    run_cli(dir.path(), &["new", "yes", "--root", "s"]).assert_code(0);
    let run = run_cli(dir.path(), &["build", "--root", "s"]);
    run.assert_code(0);
    let page = fs::read_to_string(dir.path().join("s/public/csharp/index.html")).unwrap();
    assert!(
        page.contains("<h1 class=\"note-title\">C#: 基礎</h1>"),
        "{page}"
    );
    let page = fs::read_to_string(dir.path().join("s/public/yes/index.html")).unwrap();
    assert!(page.contains("<h1 class=\"note-title\">yes</h1>"));
}

#[test]
fn new_rejects_a_section_outside_content() {
    let dir = tempfile::tempdir().unwrap();
    run_cli(dir.path(), &["init", "s"]).assert_code(0);
    let run = run_cli(
        dir.path(),
        &["new", "x", "--section", "../escape", "--root", "s"],
    );
    run.assert_code(2);
    run.assert_stderr_contains("--section must be a folder path inside content/");
    assert!(!dir.path().join("s/escape").exists());
}

#[test]
fn base_url_flag_overrides_site_yaml() {
    let site = SiteTest::fixture("valid-basic");
    site.cli(&["build", "--base-url", "https://preview.example.net/pr-7"])
        .assert_code(0);
    let page = fs::read_to_string(site.root().join("public/llm/transformer/index.html")).unwrap();
    assert!(page.contains(
        r#"<link rel="canonical" href="https://preview.example.net/pr-7/llm/transformer/">"#
    ));
    assert!(page.contains(r#"href="/pr-7/llm/attention/""#));
    assert!(
        !page.contains("example.org"),
        "site.yaml's base_url is replaced everywhere"
    );
    let sitemap = fs::read_to_string(site.root().join("public/sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>https://preview.example.net/pr-7/</loc>"),
        "{sitemap}"
    );
}

#[test]
fn bad_base_url_flag_is_refused() {
    let site = SiteTest::fixture("valid-basic");
    let run = site.cli(&["build", "--base-url", "not a url"]);
    run.assert_code(2);
    run.assert_stderr_contains("--base-url");
    assert!(!site.root().join("public").exists());
}

#[test]
fn drafts_flag_builds_draft_notes() {
    let site = SiteTest::fixture("valid-basic");
    site.cli(&["build", "--drafts"]).assert_code(0);
    assert!(site
        .root()
        .join("public/llm/draft-idea/index.html")
        .is_file());
}

#[test]
fn missing_content_folder_is_explained() {
    let site = SiteTest::empty();
    let run = site.cli(&["build"]);
    run.assert_code(2);
    run.assert_stderr_contains("no `content` folder");
    run.assert_stderr_contains("manabi init");
}

#[test]
fn unknown_subcommand_is_a_usage_error() {
    let site = SiteTest::empty();
    let run = site.cli(&["publish"]);
    assert_eq!(run.code, 2, "clap's usage error code");
    run.assert_stderr_contains("unrecognized subcommand");
}

#[test]
fn help_and_readme_list_the_same_exit_codes() {
    let site = SiteTest::empty();
    let run = site.cli(&["--help"]);
    run.assert_code(0);
    let readme = fs::read_to_string(crate::harness::repo_root().join("README.md")).unwrap();
    let help = &run.stdout;
    let start = help
        .find("Exit status:")
        .expect("--help lists the exit codes");
    for line in help[start..]
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
    {
        assert!(readme.contains(line), "README lacks {line:?}");
    }
    assert!(help.contains("  2  usage and I/O errors"), "{help}");
}

#[test]
fn io_errors_exit_two_and_errors_in_notes_exit_one() {
    let site = SiteTest::fixture("invalid-links");
    site.cli(&["build"]).assert_code(1);
    site.cli(&["build", "--out", "content/x"]).assert_code(2);
    site.cli(&["build", "--no-such-flag"]).assert_code(2);
}

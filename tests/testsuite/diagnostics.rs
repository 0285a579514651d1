//! Invalid fixture sites: the exact `path:line:col: message` list each one
//! produces (sorted as `check` prints it), hints, and that every problem in
//! every file is reported rather than only the first.

use crate::harness::{Built, SiteTest};

/// Not stored in the fixture (it must hold raw bytes): a title whose third
/// byte after `文` is not UTF-8.
const NOT_UTF8: &[u8] = b"---\ntitle: \xe6\x96\x87\xff\n---\n";

fn invalid_frontmatter() -> Built {
    let site = SiteTest::fixture("invalid-frontmatter");
    site.write_bytes("content/notes/not-utf8.md", NOT_UTF8);
    site.build()
}

#[test]
fn invalid_frontmatter_reports_one_error_per_file_at_its_key() {
    let built = invalid_frontmatter();
    built.assert_failed();
    assert_eq!(
        built.diagnostics(),
        [
            "content/notes/bad-date.md:3:1: bad `date`: `2024-02-30` is not a calendar date",
            "content/notes/bad-slug.md:3:1: slug `open weights?` cannot be used in a URL",
            "content/notes/missing-title.md:1:1: missing `title`",
            "content/notes/not-utf8.md:2:9: file is not valid UTF-8",
            "content/notes/unclosed.md:1:1: front-matter opened with `---` is never closed",
            "content/notes/unknown-key.md:4:1: unknown key `tgas`",
            "content/notes/wrong-type.md:3:9: invalid type for `weight`: string \"heavy\", expected an integer",
            "content/notes/yaml-syntax.md:4:5: YAML syntax error: did not find expected ',' or ']', \
             while parsing a flow sequence at line 3 column 7",
        ]
    );
    assert!(built.files.is_empty(), "a failed build writes nothing");
}

#[test]
fn unknown_key_hint_suggests_the_closest_key() {
    let built = invalid_frontmatter();
    let d = built.diagnostic_at("content/notes/unknown-key.md:4:1");
    assert_eq!(d.hint.as_deref(), Some("did you mean `tags`?"));
    assert_eq!(d.snippet.as_deref(), Some("tgas: [LLM]"));
}

#[test]
fn every_front_matter_diagnostic_has_a_hint() {
    let built = invalid_frontmatter();
    for d in &built.outcome.diagnostics {
        assert!(
            d.hint.as_deref().is_some_and(|h| !h.is_empty()),
            "no hint: {d}"
        );
    }
}

#[test]
fn diagnostics_carry_the_offending_source_line() {
    let built = invalid_frontmatter();
    let snippet = |at: &str| built.diagnostic_at(at).snippet.clone();
    assert_eq!(
        snippet("content/notes/bad-date.md:3:1").as_deref(),
        Some("date: 2024-02-30")
    );
    assert_eq!(
        snippet("content/notes/wrong-type.md:3:9").as_deref(),
        Some("weight: heavy")
    );
    assert_eq!(
        snippet("content/notes/yaml-syntax.md:4:5").as_deref(),
        Some("date: 2024-05-26")
    );
    // Invalid bytes are shown replaced, so the caret still has a line to sit under.
    assert_eq!(
        snippet("content/notes/not-utf8.md:2:9").as_deref(),
        Some("title: 文\u{fffd}")
    );
}

#[test]
fn yaml_positions_are_absolute_file_lines() {
    // Front-matter starts on line 2; a mistake on the 5th YAML line is line 6.
    let site = SiteTest::with_files(&[(
        "content/a.md",
        "---\ntitle: A\ndate: 2024-05-26\ntags: [x]\naliases: [y]\nsumary: z\n---\n",
    )]);
    let built = site.build();
    assert_eq!(
        built.diagnostics(),
        ["content/a.md:6:1: unknown key `sumary`"]
    );
    assert_eq!(
        built.outcome.diagnostics[0].hint.as_deref(),
        Some("did you mean `summary`?")
    );
}

#[test]
fn one_note_with_several_mistakes_reports_all_of_them() {
    let site = SiteTest::with_files(&[(
        "content/a.md",
        "---\ntgas: [x]\ndate: 2024-13-01\nslug: a b\n---\n",
    )]);
    let built = site.build();
    assert_eq!(
        built.diagnostics(),
        [
            "content/a.md:1:1: missing `title`",
            "content/a.md:2:1: unknown key `tgas`",
            "content/a.md:3:1: bad `date`: `2024-13-01` is not a calendar date",
            "content/a.md:4:1: slug `a b` cannot be used in a URL",
        ]
    );
}

#[test]
fn section_index_mistakes_are_reported_with_positions() {
    let site = SiteTest::with_files(&[
        ("content/s/_index.md", "---\ntitle: S\nsort_by: size\n---\n"),
        ("content/s/a.md", "---\ntitle: A\n---\n"),
    ]);
    let built = site.build();
    built.assert_failed();
    assert_eq!(
        built.errors(),
        ["content/s/_index.md:3:10: unknown value `size` for `sort_by`"]
    );
    let hint = built.outcome.diagnostics[0].hint.as_deref();
    assert_eq!(hint, Some("use one of: weight, date, title, reading"));
}

#[test]
fn invalid_links_reports_broken_links_duplicate_urls_and_missing_images() {
    let built = SiteTest::fixture("invalid-links").build();
    built.assert_failed();
    assert_eq!(
        built.diagnostics(),
        [
            "content/links/_index.md:5:12: broken wikilink `[[存在しないノート]]`: no note has this title, slug or alias",
            "content/links/a.md:7:12: broken wikilink `[[存在しない用語]]`: no note has this title, slug or alias",
            "content/links/a.md:8:11: broken link `c-typo.md`: no such note",
            "content/links/b.md:1:1: `a` also names content/links/a.md; `[[a]]` links to that note",
            "content/links/b.md:3:1: URL `/links/a/` is already used by content/links/a.md",
            "content/links/c.md:4:1: header image `missing-header.png` not found",
        ]
    );
    assert_eq!(
        built.warnings(),
        ["content/links/b.md:1:1: `a` also names content/links/a.md; `[[a]]` links to that note"]
    );
}

#[test]
fn broken_link_hints_say_how_to_fix_them() {
    let built = SiteTest::fixture("invalid-links").build();
    let hint = |at: &str| built.diagnostic_at(at).hint.clone().unwrap_or_default();
    assert!(hint("content/links/a.md:7:12").contains("aliases"));
    assert!(hint("content/links/a.md:8:11").contains("relative to this note's file"));
    assert!(hint("content/links/b.md:3:1").contains("different `slug`"));
    assert!(hint("content/links/c.md:4:1").contains("static/img/x.png"));
}

#[test]
fn invalid_config_reports_the_unknown_key_and_the_bad_base_url() {
    let built = SiteTest::fixture("invalid-config").build();
    built.assert_failed();
    assert_eq!(
        built.diagnostics(),
        [
            "site.yaml:3:1: `ftp://example.com/notes/` is not a valid base URL",
            "site.yaml:4:1: unknown key `langauge`",
        ]
    );
    assert_eq!(
        built.diagnostic_at("site.yaml:4:1").hint.as_deref(),
        Some("did you mean `language`?")
    );
}

#[test]
fn config_errors_do_not_hide_content_errors() {
    let site = SiteTest::with_files(&[
        ("site.yaml", "title: x\nbase_ulr: https://a.example/\n"),
        (
            "content/a.md",
            "---\ntitle: A\ndate: 2024-02-30\n---\n[[nowhere]]\n",
        ),
    ]);
    let built = site.build();
    let diagnostics = built.diagnostics();
    assert!(
        diagnostics.contains(&"site.yaml:2:1: unknown key `base_ulr`".to_string()),
        "{diagnostics:?}"
    );
    assert!(
        diagnostics.contains(
            &"content/a.md:3:1: bad `date`: `2024-02-30` is not a calendar date".to_string()
        ),
        "{diagnostics:?}"
    );
}

#[test]
fn nested_config_keys_are_checked_too() {
    let site = SiteTest::with_files(&[
        (
            "site.yaml",
            "title: x\nexam:\n  questions: 20\n  minuts: 30\n",
        ),
        ("content/a.md", "---\ntitle: A\n---\n"),
    ]);
    let built = site.build();
    assert_eq!(
        built.diagnostics(),
        ["site.yaml:4:3: unknown key `minuts` in `exam`"]
    );
    assert_eq!(
        built.outcome.diagnostics[0].hint.as_deref(),
        Some("did you mean `minutes`?")
    );
}

#[test]
fn template_syntax_error_points_into_the_site_template() {
    let built = SiteTest::fixture("invalid-template/syntax-error").build();
    built.assert_failed();
    assert_eq!(
        built.diagnostics(),
        ["templates/note.html:4:21: Found `}` but expected }}."]
    );
    assert_eq!(
        built.outcome.diagnostics[0].snippet.as_deref(),
        Some("  <h1>{{ page.title }</h1>")
    );
}

#[test]
fn undefined_template_variable_names_the_page_and_the_available_fields() {
    let built = SiteTest::fixture("invalid-template/undefined-variable").build();
    built.assert_failed();
    assert_eq!(
        built.diagnostics(),
        ["templates/note.html:5:14: while rendering `content/ok.md`: Field `subtitle` is not defined."]
    );
    let hint = built.outcome.diagnostics[0]
        .hint
        .clone()
        .unwrap_or_default();
    assert!(
        hint.starts_with("available fields: ") && hint.contains("title"),
        "{hint}"
    );
}

#[test]
fn problems_across_many_files_are_all_reported() {
    let mut files = vec![("site.yaml", "title: x\n")];
    let sources: Vec<(String, String)> = (0..12)
        .map(|i| {
            (
                format!("content/n{i:02}.md"),
                format!("---\ntitle: N{i}\n---\n[[missing-{i}]]\n"),
            )
        })
        .collect();
    files.extend(sources.iter().map(|(p, s)| (p.as_str(), s.as_str())));
    let built = SiteTest::with_files(&files).build();
    let expected: Vec<String> = (0..12)
        .map(|i| format!("content/n{i:02}.md:4:1: broken wikilink `[[missing-{i}]]`: no note has this title, slug or alias"))
        .collect();
    // Each note is also an orphan (a warning); the errors are what matter here.
    assert_eq!(built.errors(), expected);
}

#[test]
fn warnings_do_not_fail_the_build() {
    let site = SiteTest::with_files(&[(
        "content/a.md",
        "---\ntitle: A\ndate: 2024-05-26\nupdated: 2024-01-01\n---\n",
    )]);
    let built = site.build();
    built.assert_ok();
    assert_eq!(
        built.warnings(),
        ["content/a.md:4:1: `updated` is earlier than `date`"]
    );
    assert!(built.has_file("a/index.html"));
}

#[test]
fn reserved_urls_cannot_be_taken_by_notes_or_sections() {
    let site = SiteTest::with_files(&[
        ("content/a.md", "---\ntitle: A\nslug: tags\n---\n"),
        ("content/search/b.md", "---\ntitle: B\n---\n"),
    ]);
    let built = site.build();
    assert_eq!(
        built.errors(),
        [
            "content/a.md:3:1: URL `/tags/` is reserved for manabi's own pages",
            "content/search:1:1: section folder `search` clashes with manabi's own `/search/` pages",
        ]
    );
}

#[test]
fn crlf_and_bom_files_report_the_same_positions() {
    let site = SiteTest::empty();
    site.write(
        "content/a.md",
        "\u{feff}---\r\ntitle: A\r\ndate: 2024-02-30\r\n---\r\n本文\r\n",
    );
    let built = site.build();
    assert_eq!(
        built.diagnostics(),
        ["content/a.md:3:1: bad `date`: `2024-02-30` is not a calendar date"]
    );
    assert_eq!(
        built.outcome.diagnostics[0].snippet.as_deref(),
        Some("date: 2024-02-30")
    );
}

#[test]
fn tab_indentation_is_a_syntax_error_with_a_hint_about_tabs() {
    let site =
        SiteTest::with_files(&[("content/a.md", "---\ntitle: A\n\tdate: 2024-01-01\n---\n")]);
    let built = site.build();
    let d = built.diagnostic_at("content/a.md:3:1");
    assert!(
        d.message
            .starts_with("YAML syntax error: found a tab character"),
        "{d}"
    );
    // The context mark inside the message is a file position too (line 2, `A`).
    assert!(
        d.message
            .ends_with("while scanning a plain scalar at line 2 column 8"),
        "{d}"
    );
    assert_eq!(
        d.hint.as_deref(),
        Some("indent with spaces: YAML does not allow tabs for indentation")
    );
}

#[test]
fn repeated_key_is_reported_as_a_duplicate() {
    let site = SiteTest::with_files(&[(
        "content/a.md",
        "---\ntitle: A\ndate: 2024-01-01\ntitle: B\n---\n",
    )]);
    let built = site.build();
    let errors = built.errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("content/a.md:") && errors[0].ends_with(": duplicate key `title`"),
        "{errors:?}"
    );
}

#[test]
fn unclosed_quote_points_inside_the_front_matter() {
    let site = SiteTest::with_files(&[("content/a.md", "---\ntitle: \"A\n---\n本文\n")]);
    let built = site.build();
    let d = &built.outcome.diagnostics[0];
    assert!(
        d.message
            .starts_with("YAML syntax error: found unexpected end of stream"),
        "{d}"
    );
    assert!(d.line <= 3, "{d}");
    assert!(
        d.hint
            .as_deref()
            .unwrap_or_default()
            .contains("close the quote"),
        "{d}"
    );
}

#[test]
fn a_note_that_fails_to_parse_is_reported_once_not_at_every_link_to_it() {
    let site = SiteTest::with_files(&[
        (
            "content/a.md",
            "---\ntitle: 量子化\ndate: 2024-13-01\n---\n",
        ),
        (
            "content/b.md",
            "---\ntitle: B\n---\n[[量子化]] and [a](a.md)\n",
        ),
        ("content/c.md", "---\ntitle: C\n---\n[[a]]\n"),
    ]);
    let built = site.build();
    assert_eq!(
        built.errors(),
        ["content/a.md:3:1: bad `date`: `2024-13-01` is not a calendar date"]
    );
}

#[test]
fn links_to_drafts_warn_instead_of_failing_the_build() {
    let site = SiteTest::with_files(&[
        (
            "content/a.md",
            "---\ntitle: 下書き\nreading: したがき\ndraft: true\n---\n",
        ),
        ("content/b.md", "---\ntitle: B\n---\nsee [[下書き]]\n"),
    ]);
    let built = site.build();
    built.assert_ok();
    assert_eq!(
        built.warnings(),
        ["content/b.md:1:1: links to `下書き`, a draft that is not published"]
    );
    assert!(!built.has_file("a/index.html"));
    let drafts = site.drafts().build();
    drafts.assert_ok();
    assert!(drafts.warnings().is_empty(), "{:?}", drafts.warnings());
}

#[test]
fn template_errors_name_the_site_folder_given_with_root() {
    let site = SiteTest::with_files(&[
        ("content/a.md", "---\ntitle: A\n---\n"),
        ("templates/note.html", "{% if %}\n"),
    ]);
    let run = site.cli(&["check", "--root", "."]);
    run.assert_code(1);
    let outer = site
        .root()
        .parent()
        .expect("temp root has a parent")
        .to_path_buf();
    let name = site
        .root()
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let run = super::harness::run_cli(&outer, &["check", "--root", &name]);
    run.assert_code(1)
        .assert_stderr_contains(&format!("{name}/templates/note.html:1:"));
}

#[test]
fn heading_ids_never_take_ids_the_page_already_uses() {
    let site = SiteTest::with_files(&[(
        "content/a.md",
        "---\ntitle: A\n---\n## main\n\n## TOC heading\n",
    )]);
    let built = site.build();
    built.assert_ok();
    let html = built.file("a/index.html");
    assert_eq!(html.matches("id=\"main\"").count(), 1, "{html}");
    assert!(html.contains("id=\"main-1\""));
    assert!(html.contains("id=\"toc-heading-1\""));
}

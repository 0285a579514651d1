//! Bad input never panics: property tests over the pure parsers (many
//! cases) and over whole pipeline runs (fewer cases, one temp site each).
//! Diagnostics must also point inside the file they name.

use std::path::PathBuf;

use manabi::config::Config;
use manabi::content::note::{parse_note, parse_section};
use manabi::content::{Cascade, NoteLocation};
use manabi::diagnostics::Diagnostic;
use manabi::markdown::{self, LinkResolver, MarkdownOptions, ResolvedLink};
use proptest::prelude::*;

use crate::harness::SiteTest;

/// YAML-significant punctuation, whitespace and a few words, glued at random.
fn yamlish() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        ":",
        ": ",
        "-",
        "- ",
        "[",
        "]",
        "{",
        "}",
        "|",
        ">",
        "'",
        "\"",
        "\t",
        "\n",
        "  ",
        "---",
        "...",
        "#",
        "&a",
        "*a",
        "!!str",
        "?",
        ",",
        "title",
        "tags",
        "date",
        "slug",
        "2024-05-26",
        "量子化",
        "x",
        "\r\n",
        "\u{feff}",
        "%",
        "@",
        "`",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

/// Markdown with wikilink and heading punctuation.
fn markdownish() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "[[",
        "]]",
        "|",
        "#",
        "## ",
        "### ",
        "\n",
        " ",
        "a",
        "量子化",
        "A",
        "B",
        "[",
        "]",
        "(",
        ")",
        "b.md",
        "../",
        "#x",
        "> [!NOTE]\n",
        "> ",
        "`",
        "```",
        "*",
        "_",
        "\\",
        "{#id}",
        "[^1]",
        "[^1]: ",
        "<b>",
        "</b>",
        "| --- |",
        "---",
        "$",
        "\t",
        "%E9",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
}

/// Brackets, quotes, comments, block scalars and aliases: what the YAML
/// depth and alias checks read before the parser does.
fn nesting() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "[", "{", "]", "}", "[[[[", "]]]]", "'", "''", "\"", "\\\"", "# ", "\n", "\n  ", "\n    ",
        "- ", ": ", ",", "|", "|2", ">", "&a ", "*a", "!!seq ", "? ", "x", "量",
    ]);
    prop::collection::vec(pieces, 0..200).prop_map(|v| v.concat())
}

/// A code fence's info string: a language and options, well or badly formed.
fn fence_info() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "python",
        " ",
        "{",
        "}",
        "hl_lines=",
        "[",
        "]",
        ",",
        "-",
        "0",
        "1",
        "2",
        "99",
        "18446744073709551616",
        "linenos",
        "x",
        "量",
        "\t",
    ]);
    prop::collection::vec(pieces, 0..16).prop_map(|v| v.concat())
}

fn location() -> NoteLocation {
    NoteLocation {
        path: PathBuf::from("content/s/a.md"),
        rel: "s/a.md".into(),
        folder_note: false,
    }
}

/// Every diagnostic names a real line of `source` (or the line just past
/// its end) and a column ≥ 1, and carries a snippet when the line exists.
fn assert_positions_inside(source: &str, diagnostics: &[Diagnostic]) {
    let lines = source.split('\n').count();
    for d in diagnostics {
        assert!(
            d.line >= 1 && d.line <= lines,
            "line {} outside 1..={lines}: {d}\nsource: {source:?}",
            d.line
        );
        assert!(d.col >= 1, "column 0: {d}");
        assert!(
            d.hint.as_deref().is_some_and(|h| !h.is_empty()),
            "no hint: {d}"
        );
    }
}

fn parse(source: &str) -> Result<(), Vec<Diagnostic>> {
    parse_note(&location(), source.to_string(), &Cascade::default()).map(|_| ())
}

struct NoLinks;

impl LinkResolver for NoLinks {
    fn wikilink(&self, target: &str) -> Option<ResolvedLink> {
        (target == "A").then(|| ResolvedLink {
            url: "/a/".into(),
            title: "A".into(),
            note: 0,
        })
    }

    fn md_link(&self, target: &str) -> Option<ResolvedLink> {
        (target == "b.md").then(|| ResolvedLink {
            url: "/b/".into(),
            title: "B".into(),
            note: 1,
        })
    }

    fn site_path(&self, path: &str) -> String {
        format!("/base{path}")
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn parse_note_never_panics_on_any_text(source in any::<String>()) {
        if let Err(ds) = parse(&source) {
            assert_positions_inside(&source, &ds);
        }
    }

    #[test]
    fn parse_note_never_panics_on_yamlish_front_matter(yaml in yamlish(), body in markdownish()) {
        let source = format!("---\n{yaml}\n---\n{body}");
        if let Err(ds) = parse(&source) {
            assert_positions_inside(&source, &ds);
        }
    }

    #[test]
    fn parse_note_never_panics_on_arbitrary_values(value in any::<String>(), key in prop::sample::select(vec![
        "title", "date", "updated", "slug", "summary", "tags", "reading", "aliases", "image", "draft", "weight", "sources", "extra", "titel",
    ])) {
        for source in [
            format!("---\ntitle: t\n{key}: {value}\n---\n"),
            format!("---\ntitle: t\n{key}: \"{}\"\n---\n", value.replace('\\', "\\\\").replace('"', "\\\"")),
            format!("---\ntitle: t\n{key}:\n  - {value}\n---\n"),
        ] {
            if let Err(ds) = parse(&source) {
                assert_positions_inside(&source, &ds);
            }
        }
    }

    #[test]
    fn parse_section_never_panics(yaml in yamlish()) {
        let source = format!("---\n{yaml}\n---\nbody\n");
        if let Err(ds) = parse_section(std::path::Path::new("content/s/_index.md"), source.clone()) {
            assert_positions_inside(&source, &ds);
        }
    }

    #[test]
    fn config_never_panics(yaml in yamlish()) {
        if let Err(ds) = Config::from_str(&yaml, std::path::Path::new("site.yaml")) {
            assert_positions_inside(&yaml, &ds);
        }
    }

    #[test]
    fn deep_or_broken_yaml_nesting_never_panics(extra in nesting()) {
        let source = format!("---\ntitle: t\nextra: {extra}\n---\n");
        if let Err(ds) = parse(&source) {
            assert_positions_inside(&source, &ds);
        }
        let deep = format!("---\ntitle: t\nextra: {}{extra}\n---\n", "[".repeat(70));
        let ds = parse(&deep).expect_err("70 open brackets are refused");
        assert_positions_inside(&deep, &ds);
    }

    #[test]
    fn fence_options_never_panic_and_warnings_point_into_the_body(
        info in fence_info(),
        lines in 0usize..5,
    ) {
        let body = format!("前\n\n```{info}\n{}```\n", "x = 1\n".repeat(lines));
        let rendered = markdown::render(&body, &NoLinks, &MarkdownOptions::default());
        for p in &rendered.problems {
            prop_assert!(p.offset <= body.len());
            prop_assert!(body.is_char_boundary(p.offset));
        }
        let marked = rendered.html.matches("line hl").count();
        prop_assert!(marked <= lines, "{marked} marks for {lines} lines: {}", rendered.html);
    }

    #[test]
    fn heading_ids_are_unique_whatever_the_headings(
        texts in prop::collection::vec(prop::sample::select(vec![
            "a", "a 1", "a-1", "A", "ａ", "main", "a {#a-2}", "a {#a}", "見出し", "見出し-1", "!!",
        ]), 0..40),
    ) {
        let body: String = texts.iter().map(|t| format!("## {t}\n\n")).collect();
        let rendered = markdown::render(&body, &NoLinks, &MarkdownOptions::default());
        let ids: Vec<&str> = rendered
            .html
            .match_indices("<h2 id=\"")
            .map(|(i, m)| {
                let rest = &rendered.html[i + m.len()..];
                &rest[..rest.find('"').unwrap()]
            })
            .collect();
        let explicit_repeats = rendered.problems.iter().filter(|p| p.message.starts_with("duplicate heading id")).count();
        let mut unique = ids.clone();
        unique.sort_unstable();
        unique.dedup();
        // Only an explicit `{#id}` written twice may repeat (with a warning).
        prop_assert!(ids.len() - unique.len() <= explicit_repeats, "{ids:?}");
    }

    #[test]
    fn markdown_never_panics_and_problems_point_into_the_body(body in markdownish()) {
        let rendered = markdown::render(&body, &NoLinks, &MarkdownOptions::default());
        for p in &rendered.problems {
            prop_assert!(p.offset <= body.len(), "offset {} past {}", p.offset, body.len());
            prop_assert!(body.is_char_boundary(p.offset));
        }
        prop_assert!(rendered.reading_minutes >= 1);
    }
}

/// A small valid site plus one generated note file; runs the whole pipeline.
fn run_with_note(bytes: &[u8]) -> crate::harness::Built {
    let site = SiteTest::with_files(&[
        (
            "site.yaml",
            "title: fuzz\nbase_url: https://example.org/sub/\n",
        ),
        (
            "content/s/_index.md",
            "---\ntitle: S\ncascade:\n  tags: [t]\n---\n",
        ),
        (
            "content/s/a.md",
            "---\ntitle: A\naliases: [量子化]\n---\n## 見出し\n",
        ),
    ]);
    site.write_bytes("content/s/fuzz.md", bytes);
    site.build()
}

fn check_pipeline_outcome(built: &crate::harness::Built, source: &[u8]) {
    if built.succeeded() {
        assert!(built.has_file("s/a/index.html"));
    } else {
        assert!(built.outcome.diagnostics.iter().any(Diagnostic::is_error));
        let text = String::from_utf8_lossy(source);
        let fuzz: Vec<Diagnostic> = built
            .outcome
            .diagnostics
            .iter()
            .filter(|d| d.path.ends_with("content/s/fuzz.md"))
            .cloned()
            .collect();
        assert_positions_inside(&format!("{text}"), &fuzz);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn pipeline_never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let built = run_with_note(&bytes);
        check_pipeline_outcome(&built, &bytes);
    }

    #[test]
    fn pipeline_never_panics_on_yamlish_front_matter(yaml in yamlish()) {
        let source = format!("---\n{yaml}\n---\n本文\n");
        let built = run_with_note(source.as_bytes());
        check_pipeline_outcome(&built, source.as_bytes());
    }

    #[test]
    fn pipeline_never_panics_on_markdownish_bodies(body in markdownish()) {
        let source = format!("---\ntitle: F\n---\n{body}");
        let built = run_with_note(source.as_bytes());
        check_pipeline_outcome(&built, source.as_bytes());
    }

    #[test]
    fn pipeline_never_panics_on_arbitrary_titles_and_tags(title in any::<String>(), tag in any::<String>()) {
        let quote = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n").replace('\r', "\\r"));
        let source = format!("---\ntitle: {}\ntags: [{}]\n---\n[[{}]]\n", quote(&title), quote(&tag), title.replace(['\n', '[', ']'], " "));
        let built = run_with_note(source.as_bytes());
        check_pipeline_outcome(&built, source.as_bytes());
    }
}

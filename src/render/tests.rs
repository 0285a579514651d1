//! Tests of the render stage: built-in templates against the context
//! contract, layering, diagnostics, `url()`, UI strings and escaping.

mod fixtures;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use serde_json::json;
use tera::Context;

use super::*;
use crate::diagnostics::Pos;
use fixtures::*;

fn options<'a>(root: &'a Path, language: &'a str, base_path: &'a str) -> RendererOptions<'a> {
    RendererOptions {
        root,
        theme: "default",
        language,
        base_path,
    }
}

/// A renderer over a site folder that has no theme or templates of its own.
fn builtin() -> (tempfile::TempDir, Renderer) {
    let dir = tempfile::tempdir().unwrap();
    let renderer = Renderer::new(&options(dir.path(), "ja", "/")).unwrap();
    (dir, renderer)
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn render(renderer: &Renderer, template: &str, ctx: &Context) -> String {
    renderer
        .render(template, ctx, "test page")
        .unwrap_or_else(|d| panic!("{template}: {d}"))
}

fn assert_contains_all(html: &str, needles: &[&str]) {
    for needle in needles {
        assert!(html.contains(needle), "missing {needle:?} in:\n{html}");
    }
}

/// Every page has one main region, a skip link to it and the language.
fn assert_page_frame(html: &str) {
    assert_eq!(html.matches("<main id=\"main\"").count(), 1, "{html}");
    assert_contains_all(
        html,
        &["<html lang=\"ja\">", "href=\"#main\"", "本文へスキップ"],
    );
}

#[test]
fn note_page_renders_every_part_of_the_contract() {
    let (_dir, r) = builtin();
    let html = render(&r, "note.html", &note_context(&r));
    assert_page_frame(&html);
    assert_contains_all(
        &html,
        &[
            "<title>オープンウェイト | G検定 学習ノート</title>",
            "<h1 class=\"note-title\">オープンウェイト</h1>",
            "href=\"#概要\"",
            "href=\"#代表的なモデル\"",
            "目次",
            "要点",
            "<li>学習データやコードまで公開する「オープンソース」とは区別される</li>",
            "<time datetime=\"2024-05-26\">2024年5月26日</time>",
            "2024年6月1日",
            "3分で読めます",
            "#LLM",
            "<li><a href=\"/syllabus/#syllabus-生成AIの技術\">生成AIの技術</a></li>",
            "<li>テキスト、画像、音声等の生成モデルの技術動向</li>",
            "出典",
            "https://arxiv.org/abs/2307.09288",
            "<span class=\"source-host\">arxiv.org</span>",
            "JDLA Generative AI Test シラバス",
            "このキーワードを参照しているノート",
            "/genai-tech/rag/",
            "前のノート",
            "次のノート",
            "rel=\"prev\"",
            "img/default-header.svg",
            "<aside class=\"callout callout-note\" role=\"note\">",
        ],
    );
}

#[test]
fn note_head_has_canonical_and_article_og_tags() {
    let (_dir, r) = builtin();
    let html = render(&r, "note.html", &note_context(&r));
    assert_contains_all(
        &html,
        &[
            "<link rel=\"canonical\" href=\"https://example.github.io/genai-tech/open-weights/\">",
            "<meta property=\"og:title\" content=\"オープンウェイト | G検定 学習ノート\">",
            "<meta property=\"og:type\" content=\"article\">",
            "<meta property=\"og:url\" content=\"https://example.github.io/genai-tech/open-weights/\">",
            "<meta property=\"og:site_name\" content=\"G検定 学習ノート\">",
            "<meta property=\"og:locale\" content=\"ja_JP\">",
            "<meta property=\"og:description\" content=\"学習済みの重みを公開し",
            "<meta name=\"twitter:card\" content=\"summary\">",
            "<meta property=\"article:published_time\" content=\"2024-05-26\">",
            "<meta property=\"article:tag\" content=\"LLM\">",
            "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"G検定 学習ノート\" href=\"/atom.xml\">",
            "<link rel=\"stylesheet\" href=\"/css/style.css\">",
        ],
    );
    assert!(!html.contains("og:image"), "no og:image without og_image");
}

#[test]
fn og_image_switches_to_large_twitter_card() {
    let (_dir, r) = builtin();
    let mut ctx = note_context(&r);
    ctx.insert(
        "og_image",
        "https://example.github.io/genai-tech/open-weights/header.png",
    );
    let mut page = note_page();
    page["image"] =
        json!({"url": "/genai-tech/open-weights/header.png", "alt": "重みのイメージ図"});
    ctx.insert("page", &page);
    let html = render(&r, "note.html", &ctx);
    assert_contains_all(
        &html,
        &[
            "<meta property=\"og:image\" content=\"https://example.github.io/genai-tech/open-weights/header.png\">",
            "<meta name=\"twitter:card\" content=\"summary_large_image\">",
            "<img src=\"/genai-tech/open-weights/header.png\" alt=\"重みのイメージ図\"",
        ],
    );
}

#[test]
fn note_without_optional_parts_renders() {
    let (_dir, r) = builtin();
    let mut ctx = note_context(&r);
    let mut page = note_page();
    for key in [
        "date",
        "date_display",
        "updated",
        "updated_display",
        "prev",
        "next",
        "reading",
    ] {
        page[key] = json!(null);
    }
    for key in [
        "summary",
        "toc",
        "tags",
        "syllabus",
        "backlinks",
        "sources",
        "aliases",
    ] {
        page[key] = json!([]);
    }
    ctx.insert("page", &page);
    ctx.insert("section", &json!(null));
    let html = render(&r, "note.html", &ctx);
    assert_page_frame(&html);
    for absent in ["目次", "要点", "出典", "前のノート", "class=\"syllabus\""] {
        assert!(!html.contains(absent), "{absent} should be absent");
    }
}

#[test]
fn index_page_lists_cards_and_intro() {
    let (_dir, r) = builtin();
    let html = render(&r, "index.html", &index_context(&r));
    assert_page_frame(&html);
    assert_contains_all(
        &html,
        &[
            "<meta property=\"og:type\" content=\"website\">",
            "1キーワード1ノート",
            "新着ノート",
            "<a class=\"card-link\" href=\"/genai-tech/open-weights/\">オープンウェイト</a>",
            "ノイズを少しずつ取り除く",
            "12件のノート",
            "href=\"/genai-tech/\"",
            "href=\"/tags/\"",
        ],
    );
    assert_eq!(html.matches("<article class=\"card\">").count(), 5);
}

#[test]
fn section_page_shows_objective_syllabus_and_notes() {
    let (_dir, r) = builtin();
    let html = render(&r, "section.html", &section_context(&r));
    assert_page_frame(&html);
    assert_contains_all(
        &html,
        &[
            "<h1 class=\"list-title\">生成AIの技術</h1>",
            "学習目標",
            "生成AIの仕組みと主要な技術動向を理解し",
            "<li>生成AIの技術</li>",
            "大規模言語モデルや拡散モデル",
            "このセクションのノート",
            "5件のノート",
            "/genai-tech/trends/",
            "aria-current=\"page\"",
        ],
    );
}

#[test]
fn taxonomy_and_term_pages_render() {
    let (_dir, r) = builtin();
    let html = render(&r, "taxonomy.html", &taxonomy_context(&r));
    assert_page_frame(&html);
    assert_contains_all(
        &html,
        &[
            "<h1 class=\"list-title\">タグ</h1>",
            "#オープン化",
            "href=\"/tags/LLM/\"",
        ],
    );
    let html = render(&r, "term.html", &term_context(&r));
    assert_page_frame(&html);
    assert_contains_all(
        &html,
        &["#LLM のノート", "5件のノート", "オープンウェイト", "ホーム"],
    );
}

#[test]
fn glossary_page_renders_groups_entries_and_jump_bar() {
    let (_dir, r) = builtin();
    let html = render(&r, "glossary.html", &glossary_context(&r));
    assert_page_frame(&html);
    assert_contains_all(
        &html,
        &[
            "<h1 class=\"list-title\">用語集</h1>",
            "<li><a href=\"/glossary/#glossary-あ\">あ</a></li>",
            "<li><span aria-disabled=\"true\">さ</span></li>",
            "<li><a href=\"/glossary/#glossary-other\">その他</a></li>",
            "id=\"glossary-other-heading\" class=\"glossary-group-heading\">その他",
            "<a href=\"/genai-tech/open-weights/\">オープンウェイト</a><span class=\"glossary-reading\">おーぷんうぇいと</span><span class=\"count-badge\">2問</span>",
            "<span>学習済みの重みを公開すること</span><span>オープンソースとは区別される</span>",
        ],
    );
    // No badge for a keyword without questions, no reading when unset.
    assert!(html.contains("<a href=\"/genai-tech/code-generation/\">コード生成</a><span class=\"glossary-reading\">こーどせいせい</span></dt>"));
    assert!(html.contains(
        "<a href=\"/genai-tech/attention/\">アテンション</a><span class=\"count-badge\">"
    ));
}

#[test]
fn syllabus_page_renders_tree_counts_and_flags() {
    let (_dir, r) = builtin();
    let html = render(&r, "syllabus.html", &syllabus_context(&r));
    assert_page_frame(&html);
    assert_contains_all(
        &html,
        &[
            "<h1 class=\"list-title\">シラバスマップ</h1>",
            "id=\"syllabus-生成AIの技術/特徴\"",
            "ノート2件 · 問題4問",
            "<span class=\"flag flag-no-notes\">ノートなし</span>",
            "<span class=\"flag flag-no-questions\">問題なし</span>",
            "<span class=\"flag flag-outside\">シラバス外</span>",
            "site.yaml の公式シラバスと照合しています",
            "シラバスが未設定のノート",
        ],
    );
}

#[test]
fn not_found_page_needs_only_globals() {
    let (_dir, r) = builtin();
    let html = render(&r, "404.html", &not_found_context(&r));
    assert_page_frame(&html);
    assert_contains_all(
        &html,
        &["ページが見つかりません", "ホームへ戻る", "href=\"/\""],
    );
}

#[test]
fn live_reload_client_only_under_serve() {
    let dir = tempfile::tempdir().unwrap();
    let r = Renderer::new(&options(dir.path(), "ja", "/notes/")).unwrap();
    let mut ctx = not_found_context(&r);
    assert!(!render(&r, "404.html", &ctx).contains("livereload"));
    ctx.insert("live_reload", &true);
    let html = render(&r, "404.html", &ctx);
    let script = "<script src=\"/__manabi/livereload.js\" defer></script>";
    assert!(html.contains(script), "{html}");
}

#[test]
fn text_from_notes_is_escaped() {
    let (_dir, r) = builtin();
    let mut ctx = note_context(&r);
    let mut page = note_page();
    page["title"] = json!("<script>alert(1)</script>");
    page["summary"] = json!(["<img src=x onerror=alert(1)>"]);
    ctx.insert("page", &page);
    ctx.insert("page_title", "<script>alert(1)</script>");
    let html = render(&r, "note.html", &ctx);
    assert!(!html.contains("<script>alert(1)</script>"), "{html}");
    assert!(!html.contains("<img src=x"), "{html}");
    assert_contains_all(
        &html,
        &["&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x"],
    );
}

#[test]
fn site_partial_overrides_built_in() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "templates/partials/note_card.html",
        "<p class=\"my-card\">{{ card.title }}</p>",
    );
    let r = Renderer::new(&options(dir.path(), "ja", "/")).unwrap();
    let html = render(&r, "index.html", &index_context(&r));
    assert!(
        html.contains("<p class=\"my-card\">オープンウェイト</p>"),
        "{html}"
    );
    assert!(!html.contains("<article class=\"card\">"));
    assert_eq!(
        r.template_path("partials/note_card.html")
            .map(|p| rel(p, dir.path())),
        Some(Path::new("templates/partials/note_card.html"))
    );
    assert_eq!(
        r.template_path("note.html"),
        Some(Path::new("<built-in>/templates/note.html"))
    );
}

#[test]
fn site_templates_win_over_theme_which_wins_over_built_in() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "themes/calm/templates/404.html",
        "theme {{ t.home }}",
    );
    write(
        dir.path(),
        "themes/calm/templates/partials/footer.html",
        "theme footer",
    );
    write(
        dir.path(),
        "templates/404.html",
        "site {% include \"partials/footer.html\" %}",
    );
    let opts = RendererOptions {
        theme: "calm",
        ..options(dir.path(), "ja", "/")
    };
    let r = Renderer::new(&opts).unwrap();
    assert_eq!(
        render(&r, "404.html", &not_found_context(&r)),
        "site theme footer"
    );
    assert!(r.has_template("note.html"), "built-in fills the gaps");
    assert_eq!(
        r.template_path("partials/footer.html")
            .map(|p| rel(p, dir.path())),
        Some(Path::new("themes/calm/templates/partials/footer.html"))
    );
}

#[test]
fn missing_theme_is_reported_on_site_yaml_with_choices() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("themes/calm")).unwrap();
    let opts = RendererOptions {
        theme: "clam",
        ..options(dir.path(), "ja", "/")
    };
    let errs = Renderer::new(&opts).err().expect("missing theme fails");
    assert_eq!(errs.len(), 1);
    assert_eq!(rel(&errs[0].path, dir.path()), Path::new("site.yaml"));
    assert!(errs[0].message.contains("`clam`"), "{}", errs[0]);
    assert_eq!(
        errs[0].hint.as_deref(),
        Some("available themes: calm, default")
    );
}

#[test]
fn syntax_errors_point_at_every_template_file() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "templates/note.html",
        "<h1>{{ page.title }}</h1>\n<p>{% if page.date %}x{% endfi %}</p>\n",
    );
    write(
        dir.path(),
        "templates/partials/footer.html",
        "{{ site.title \n",
    );
    let errs = Renderer::new(&options(dir.path(), "ja", "/"))
        .err()
        .expect("syntax errors");
    assert_eq!(errs.len(), 2, "{errs:?}");
    let note = errs
        .iter()
        .find(|d| rel(&d.path, dir.path()) == Path::new("templates/note.html"))
        .expect("note.html");
    assert_eq!(note.line, 2);
    assert!(note.col > 1, "{note}");
    assert_eq!(
        note.snippet.as_deref(),
        Some("<p>{% if page.date %}x{% endfi %}</p>")
    );
    assert!(
        note.to_string().contains("templates/note.html:2:"),
        "{note}"
    );
    assert!(errs
        .iter()
        .any(|d| rel(&d.path, dir.path()) == Path::new("templates/partials/footer.html")));
}

#[test]
fn unknown_filter_and_include_are_located() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "templates/404.html",
        "<p>\n{{ t.home | shout }}</p>\n",
    );
    let errs = Renderer::new(&options(dir.path(), "ja", "/"))
        .err()
        .expect("unknown filter");
    assert_eq!(
        rel(&errs[0].path, dir.path()),
        Path::new("templates/404.html")
    );
    assert_eq!((errs[0].line, errs[0].col), (2, 13), "{}", errs[0]);
    assert!(errs[0].message.contains("shout"), "{}", errs[0]);

    write(
        dir.path(),
        "templates/404.html",
        "{% include \"partials/nope.html\" %}",
    );
    let errs = Renderer::new(&options(dir.path(), "ja", "/"))
        .err()
        .expect("unknown include");
    assert_eq!(
        rel(&errs[0].path, dir.path()),
        Path::new("templates/404.html")
    );
    assert!(
        errs[0].message.contains("partials/nope.html"),
        "{}",
        errs[0]
    );
}

#[test]
fn extending_a_missing_parent_is_located() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "templates/404.html",
        "\n{% extends \"layout.html\" %}",
    );
    let errs = Renderer::new(&options(dir.path(), "ja", "/"))
        .err()
        .expect("missing parent");
    assert_eq!(
        rel(&errs[0].path, dir.path()),
        Path::new("templates/404.html")
    );
    assert_eq!(errs[0].line, 2, "{}", errs[0]);
    assert!(errs[0].message.contains("layout.html"), "{}", errs[0]);
}

#[test]
fn render_error_names_page_and_template_line() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "templates/404.html",
        "<p>\n  {{ page.nope }}</p>\n",
    );
    let r = Renderer::new(&options(dir.path(), "ja", "/")).unwrap();
    let mut ctx = not_found_context(&r);
    ctx.insert("page", &json!({"title": "x"}));
    let d = r
        .render("404.html", &ctx, "content/open-llm/data.md")
        .unwrap_err();
    assert_eq!(rel(&d.path, dir.path()), Path::new("templates/404.html"));
    assert_eq!((d.line, d.col), (2, 11), "{d}");
    assert!(d.message.contains("content/open-llm/data.md"), "{d}");
    assert!(d.message.contains("nope"), "{d}");
    assert_eq!(d.snippet.as_deref(), Some("  {{ page.nope }}</p>"));
}

#[test]
fn render_error_in_partial_says_where_it_was_included() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "templates/partials/footer.html",
        "{{ missing_var }}",
    );
    let r = Renderer::new(&options(dir.path(), "ja", "/")).unwrap();
    let d = r
        .render("404.html", &not_found_context(&r), "/404.html")
        .unwrap_err();
    assert_eq!(
        rel(&d.path, dir.path()),
        Path::new("templates/partials/footer.html")
    );
    let hint = d.hint.clone().unwrap_or_default();
    assert!(hint.contains("<built-in>/templates/base.html:"), "{d}");
}

#[test]
fn missing_template_is_a_diagnostic() {
    let (_dir, r) = builtin();
    let d = r
        .render("glossary-nope.html", &Context::new(), "/glossary/")
        .unwrap_err();
    assert_eq!(
        rel(&d.path, _dir.path()),
        Path::new("templates/glossary-nope.html")
    );
    assert!(d.message.contains("/glossary/"), "{d}");
}

#[test]
fn url_function_prefixes_base_path() {
    let dir = tempfile::tempdir().unwrap();
    let tpl = "{{ url(path=\"css/style.css\") }}|{{ url(path=\"/tags/\") }}|{{ url(path=\"\") }}|\
               {{ url(path=\"https://arxiv.org/abs/1\") }}|{{ url(path=\"//cdn.example/x\") }}";
    write(dir.path(), "templates/404.html", tpl);
    let r = Renderer::new(&options(dir.path(), "ja", "/notes/")).unwrap();
    assert_eq!(
        render(&r, "404.html", &Context::new()),
        "/notes/css/style.css|/notes/tags/|/notes/|https:&#x2F;&#x2F;arxiv.org&#x2F;abs&#x2F;1|//cdn.example/x"
            .replace("&#x2F;", "/")
    );
}

#[test]
fn join_url_never_doubles_slashes() {
    assert_eq!(join_url("/", "css/style.css"), "/css/style.css");
    assert_eq!(join_url("/", ""), "/");
    assert_eq!(join_url("/notes/", "/atom.xml"), "/notes/atom.xml");
    assert_eq!(join_url("/notes", "tags/"), "/notes/tags/");
    assert_eq!(join_url("", ""), "/");
    assert_eq!(join_url("/notes/", "mailto:a@b.c"), "mailto:a@b.c");
    assert_eq!(join_url("/notes/", "tags/a:b/"), "/notes/tags/a:b/");
}

#[test]
fn built_in_pages_honour_base_path() {
    let dir = tempfile::tempdir().unwrap();
    let r = Renderer::new(&options(dir.path(), "ja", "/notes/")).unwrap();
    let html = render(&r, "404.html", &not_found_context(&r));
    assert_contains_all(
        &html,
        &[
            "href=\"/notes/css/style.css\"",
            "href=\"/notes/atom.xml\"",
            "href=\"/notes/\"",
        ],
    );
}

fn keys(renderer_lang: &str) -> BTreeSet<String> {
    let catalog = i18n::builtin_catalog();
    catalog[renderer_lang].keys().cloned().collect()
}

#[test]
fn ja_and_en_have_the_same_keys() {
    let (ja, en) = (keys("ja"), keys("en"));
    let only_ja: Vec<_> = ja.difference(&en).collect();
    let only_en: Vec<_> = en.difference(&ja).collect();
    assert!(
        only_ja.is_empty() && only_en.is_empty(),
        "ja only: {only_ja:?}, en only: {only_en:?}"
    );
}

#[test]
fn every_string_a_built_in_template_uses_exists() {
    let ja = keys("ja");
    for (path, bytes) in builtin_theme_files() {
        let text = String::from_utf8_lossy(bytes);
        for (i, _) in text.match_indices("t.") {
            let before = text[..i].chars().last().unwrap_or(' ');
            if before.is_alphanumeric() || before == '_' || before == '.' {
                continue;
            }
            let key: String = text[i + 2..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if path.starts_with("templates/") && !key.is_empty() {
                assert!(
                    ja.contains(&key),
                    "{path} uses t.{key}, missing from i18n.yaml"
                );
            }
        }
    }
}

#[test]
fn english_site_gets_an_english_ui() {
    let dir = tempfile::tempdir().unwrap();
    let r = Renderer::new(&options(dir.path(), "en", "/")).unwrap();
    assert_eq!(r.strings()["toc"], "Contents");
    assert_eq!(r.strings()["alert_caution"], "Caution");
    let mut ctx = note_context(&r);
    ctx.insert(
        "site",
        &json!({"title": "Study notes", "description": "", "author": "", "language": "en",
        "base_url": BASE_URL, "base_path": "/", "extra": {}, "generator": "manabi 0.1.0"}),
    );
    let html = render(&r, "note.html", &ctx);
    assert_contains_all(
        &html,
        &[
            "<html lang=\"en\">",
            "Skip to content",
            "Key points",
            "Contents",
            "Sources",
            "3 min read",
            "en_US",
        ],
    );
    for japanese in ["目次", "要点", "出典", "分で読めます", "本文へスキップ"] {
        assert!(!html.contains(japanese), "{japanese} in English UI");
    }
}

#[test]
fn unknown_language_falls_back_to_english() {
    let dir = tempfile::tempdir().unwrap();
    let r = Renderer::new(&options(dir.path(), "fr", "/")).unwrap();
    assert_eq!(r.strings()["summary"], "Key points");
}

#[test]
fn theme_i18n_overrides_key_by_key() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "themes/default/i18n.yaml",
        "ja:\n  toc: もくじ\n",
    );
    let r = Renderer::new(&options(dir.path(), "ja", "/")).unwrap();
    assert_eq!(r.strings()["toc"], "もくじ");
    assert_eq!(r.strings()["summary"], "要点");
}

#[test]
fn invalid_theme_i18n_is_a_located_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "themes/default/i18n.yaml",
        "ja:\n  toc: [目次\n",
    );
    let errs = Renderer::new(&options(dir.path(), "ja", "/"))
        .err()
        .expect("bad yaml");
    assert_eq!(
        rel(&errs[0].path, dir.path()),
        Path::new("themes/default/i18n.yaml")
    );
    assert!(errs[0].line >= 2, "{}", errs[0]);
}

#[test]
fn format_date_follows_the_language() {
    let ja = i18n::strings_for(&[i18n::builtin_catalog()], "ja");
    let en = i18n::strings_for(&[i18n::builtin_catalog()], "en");
    assert_eq!(
        format_date(&ja, "2024-05-26").as_deref(),
        Some("2024年5月26日")
    );
    assert_eq!(
        format_date(&en, "2024-05-06T10:00:00+09:00").as_deref(),
        Some("May 6, 2024")
    );
    assert_eq!(format_date(&ja, "2024/05/26"), None);
    assert_eq!(format_date(&ja, "2024-13-01"), None);
}

#[test]
fn builtin_table_is_sorted_and_complete() {
    let names: Vec<&str> = builtin_theme_files().iter().map(|(n, _)| *n).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(names, sorted);
    for needed in [
        "i18n.yaml",
        "static/css/style.css",
        "static/img/default-header.svg",
        "templates/base.html",
    ] {
        assert!(
            names.contains(&needed),
            "{needed} missing from the built-in theme"
        );
    }
}

#[test]
fn theme_static_files_layer_over_built_in() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "themes/calm/static/css/style.css", "body{}");
    write(dir.path(), "themes/calm/static/js/extra.js", "//");
    let files = theme_static_files(dir.path(), "calm").unwrap();
    let get = |p: &str| {
        files
            .iter()
            .find(|(path, _)| path == Path::new(p))
            .map(|(_, b)| b.clone())
    };
    assert_eq!(get("css/style.css").as_deref(), Some(&b"body{}"[..]));
    assert!(get("js/extra.js").is_some());
    assert!(
        get("img/default-header.svg").is_some(),
        "built-in files remain"
    );
    let paths: Vec<_> = files.iter().map(|(p, _)| p.clone()).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
}

#[test]
fn renderer_is_shareable_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Renderer>();
    let _ = Pos::START;
}

/// Writes the built-in pages with the fixtures to `$MANABI_THEME_PREVIEW`
/// (plus the theme's static files) to look at the theme in a browser:
/// `MANABI_THEME_PREVIEW=/tmp/themeshot cargo test preview -- --ignored`.
#[test]
#[ignore]
fn preview_theme() {
    let Some(out) = std::env::var_os("MANABI_THEME_PREVIEW") else {
        return;
    };
    let out = Path::new(&out);
    let (dir, r) = builtin();
    let pages: [(&str, &str, Context); 8] = [
        (
            "note.html",
            "genai-tech/open-weights/index.html",
            note_context(&r),
        ),
        ("index.html", "index.html", index_context(&r)),
        ("section.html", "genai-tech/index.html", section_context(&r)),
        ("taxonomy.html", "tags/index.html", taxonomy_context(&r)),
        ("term.html", "tags/LLM/index.html", term_context(&r)),
        ("404.html", "404.html", not_found_context(&r)),
        ("glossary.html", "glossary/index.html", glossary_context(&r)),
        ("syllabus.html", "syllabus/index.html", syllabus_context(&r)),
    ];
    for (template, rel, ctx) in pages {
        write(out, rel, &render(&r, template, &ctx));
    }
    for (rel, bytes) in theme_static_files(dir.path(), "default").unwrap() {
        let path = out.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
}

/// A diagnostic path relative to the temp site root (diagnostics name the
/// site folder the user gave).
fn rel<'a>(path: &'a Path, root: &Path) -> &'a Path {
    path.strip_prefix(root).unwrap_or(path)
}

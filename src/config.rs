//! Config stage: reads and validates `site.yaml`. Raw serde types with
//! `deny_unknown_fields` become a validated [`Config`]; every mistake is a
//! [`Diagnostic`] with its position. `site.yaml` is optional: a folder with
//! only `content/` builds with the defaults.

use std::path::Path;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, Pos};
use crate::yaml::{self, Block, LazyKeys, Text, TextList};

/// The config file name, relative to the site root.
pub const FILE_NAME: &str = "site.yaml";

const TOP_KEYS: &[&str] = &[
    "title",
    "base_url",
    "language",
    "description",
    "author",
    "theme",
    "taxonomies",
    "quiz",
    "exam",
    "markdown",
    "feeds",
    "search",
    "syllabus",
    "paginate_by",
    "extra",
];

/// The default number of notes on one page of a list (home, section, tag),
/// and the largest `paginate_by` a site or section may ask for.
pub const PAGINATE_BY: usize = 20;
pub const MAX_PAGINATE_BY: usize = 1000;

/// Unknown top-level keys are collected in `unknown` (and reported) rather
/// than rejected by serde, so a typo does not hide the file's other mistakes.
#[derive(Debug, Deserialize, Default)]
struct RawConfig {
    title: Option<Text>,
    base_url: Option<Text>,
    language: Option<Text>,
    description: Option<Text>,
    author: Option<Text>,
    theme: Option<Text>,
    taxonomies: Option<Vec<Text>>,
    #[serde(default)]
    quiz: QuizConfig,
    #[serde(default)]
    exam: ExamConfig,
    #[serde(default)]
    markdown: MarkdownConfig,
    #[serde(default)]
    feeds: FeedsConfig,
    #[serde(default)]
    search: SearchConfig,
    #[serde(default)]
    syllabus: RawSyllabus,
    paginate_by: Option<i64>,
    #[serde(default)]
    extra: serde_yaml::Mapping,
    #[serde(flatten)]
    unknown: serde_yaml::Mapping,
}

/// Quiz defaults (`quiz:` in site.yaml).
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct QuizConfig {
    /// Shuffle choices in the browser.
    pub shuffle: bool,
    /// The expected number of choices per question (a warning otherwise;
    /// 0 turns the check off).
    pub choices: usize,
}

impl Default for QuizConfig {
    fn default() -> Self {
        QuizConfig {
            shuffle: true,
            choices: 4,
        }
    }
}

/// The mock exam (`exam:` in site.yaml).
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct ExamConfig {
    pub title: Option<String>,
    pub questions: usize,
    pub minutes: u32,
    /// Syllabus top levels the score report breaks down.
    pub areas: Vec<String>,
    /// Pass line in percent.
    pub pass_percent: u32,
}

impl Default for ExamConfig {
    fn default() -> Self {
        ExamConfig {
            title: None,
            questions: 20,
            minutes: 20,
            areas: Vec::new(),
            pass_percent: 70,
        }
    }
}

/// Markdown options (`markdown:` in site.yaml).
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct MarkdownConfig {
    /// `default` (the theme's palettes, the default) or `none` (code
    /// stays uncoloured). Highlighting adds about 5% to the 10,000-note
    /// benchmark build (bench/README.md, "Highlighting and math").
    pub highlight_theme: String,
    pub math: bool,
    pub auto_link_keywords: bool,
    /// Raw HTML in notes (and quiz text) becomes markup (the default: the
    /// author's own notes); `false` shows it as text, for sites that
    /// publish what others wrote.
    pub raw_html: bool,
    /// Callout boxes besides the GFM alerts, by name: `exam` is `> [!EXAM]`.
    pub callouts: std::collections::BTreeMap<String, CalloutConfig>,
}

/// One declared callout kind (`markdown.callouts.<name>` in site.yaml).
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CalloutConfig {
    /// The box's title, e.g. 試験に出る.
    pub label: String,
    /// A short text or emoji shown before the label (default: the theme's icon).
    pub icon: Option<String>,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            highlight_theme: "default".into(),
            math: true,
            auto_link_keywords: true,
            raw_html: true,
            callouts: Default::default(),
        }
    }
}

/// Feed options (`feeds:` in site.yaml).
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct FeedsConfig {
    /// Write `atom.xml`.
    pub atom: bool,
    /// Number of newest notes in the feed.
    pub limit: usize,
}

impl Default for FeedsConfig {
    fn default() -> Self {
        FeedsConfig {
            atom: true,
            limit: 20,
        }
    }
}

/// Search options (`search:` in site.yaml).
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct SearchConfig {
    pub enabled: bool,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig { enabled: true }
    }
}

/// `syllabus:` as written: paths of scalars (`[技術, 2024年の動向]`).
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct RawSyllabus {
    items: Vec<TextList>,
}

/// The official syllabus (`syllabus:` in site.yaml): the paths notes'
/// `syllabus` may take. A listed path makes its ancestors official too, so
/// listing the deepest items (大項目, 中項目, 小項目) is enough.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct SyllabusConfig {
    /// Official paths in the order given (empty: no official syllabus).
    pub items: Vec<Vec<String>>,
}

/// The validated site configuration.
#[derive(Debug, Clone, Serialize)]
pub struct Config {
    pub title: String,
    /// Absolute, always ending in `/`.
    pub base_url: String,
    /// The path part of `base_url`: `/` or `/notes/`.
    pub base_path: String,
    pub language: String,
    pub description: String,
    pub author: String,
    pub theme: String,
    pub taxonomies: Vec<String>,
    pub quiz: QuizConfig,
    pub exam: ExamConfig,
    pub markdown: MarkdownConfig,
    pub feeds: FeedsConfig,
    pub search: SearchConfig,
    pub syllabus: SyllabusConfig,
    /// Notes on one page of a list, unless its section says otherwise.
    pub paginate_by: usize,
    pub extra: serde_json::Value,
}

impl Default for Config {
    fn default() -> Self {
        Config::from_raw(RawConfig::default(), None).expect("defaults are valid")
    }
}

/// What a site.yaml read produced: the config, or every problem found.
pub type ConfigResult = Result<Config, Vec<Diagnostic>>;

impl Config {
    /// Reads `<root>/site.yaml`; a missing file means the defaults.
    pub fn load(root: &Path) -> anyhow::Result<ConfigResult> {
        let path = root.join(FILE_NAME);
        if !path.exists() {
            return Ok(Ok(Config::default()));
        }
        let source = std::fs::read_to_string(&path)
            .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
        Ok(Config::from_str(
            &source,
            &crate::content::display_root(root).join(FILE_NAME),
        ))
    }

    /// Parses and validates site.yaml text; `path` is used in diagnostics.
    pub fn from_str(source: &str, path: &Path) -> ConfigResult {
        let block = Block {
            text: source,
            first_line: 1,
            indent: 0,
        };
        let raw: RawConfig = yaml::parse(path, source, block, TOP_KEYS).map_err(|d| vec![d])?;
        let cell = OnceLock::new();
        let keys = LazyKeys { block, cell: &cell };
        let unknown = yaml::unknown_keys(path, source, keys, &raw.unknown, TOP_KEYS);
        match Config::from_raw(raw, Some((path, source, keys))) {
            Ok(config) if unknown.is_empty() => Ok(config),
            Ok(_) => Err(unknown),
            Err(mut problems) => {
                problems.extend(unknown);
                Err(problems)
            }
        }
    }

    fn from_raw(raw: RawConfig, origin: Option<(&Path, &str, LazyKeys)>) -> ConfigResult {
        let mut problems = Vec::new();
        let mut report = |key: &str, message: String, hint: &str| {
            if let Some((path, source, keys)) = origin {
                let pos = keys.pos_or(key, Pos::START);
                problems.push(
                    Diagnostic::error(path.to_path_buf(), pos, message)
                        .with_hint(hint)
                        .with_source(source),
                );
            }
        };
        let base_url = raw.base_url.map_or("/".to_string(), |t| t.0);
        let base_url = match normalize_base_url(&base_url) {
            Ok(u) => u,
            Err(why) => {
                report("base_url", why, "use e.g. `https://user.github.io/notes/`");
                "/".to_string()
            }
        };
        let language = raw.language.map_or("ja".into(), |t| t.0);
        if !is_language_tag(&language) {
            report(
                "language",
                format!("`{language}` is not a language tag"),
                "use a BCP 47 tag such as `ja` or `en`",
            );
        }
        let taxonomies = raw.taxonomies.map_or_else(
            || vec!["tags".to_string()],
            |v| v.into_iter().map(|t| t.0).collect(),
        );
        check_taxonomies(&taxonomies, &mut report);
        if raw.exam.questions == 0 {
            report(
                "exam.questions",
                "`exam.questions` must be at least 1".into(),
                "the real exam has 20",
            );
        }
        if raw.exam.minutes == 0 {
            report(
                "exam.minutes",
                "`exam.minutes` must be at least 1".into(),
                "the real exam gives 20 minutes for 20 questions",
            );
        }
        if raw.exam.pass_percent > 100 {
            report(
                "exam.pass_percent",
                "`exam.pass_percent` must be between 0 and 100".into(),
                "e.g. 70",
            );
        }
        check_markdown(&raw.markdown, &mut report);
        let syllabus = check_syllabus(raw.syllabus, &mut report);
        let paginate_by = match raw.paginate_by.map(checked_paginate_by) {
            None => PAGINATE_BY,
            Some(Ok(n)) => n,
            Some(Err(why)) => {
                report("paginate_by", why, PAGINATE_BY_HINT);
                PAGINATE_BY
            }
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Config {
            title: raw.title.map_or("manabi".into(), |t| t.0),
            base_path: base_path_of(&base_url),
            base_url,
            language,
            description: raw.description.map(|t| t.0).unwrap_or_default(),
            author: raw.author.map(|t| t.0).unwrap_or_default(),
            theme: raw.theme.map_or("default".into(), |t| t.0),
            taxonomies,
            quiz: raw.quiz,
            exam: raw.exam,
            markdown: raw.markdown,
            feeds: raw.feeds,
            search: raw.search,
            syllabus,
            paginate_by,
            extra: serde_json::to_value(&raw.extra).unwrap_or(serde_json::Value::Null),
        })
    }

    /// Replaces the base URL (the `--base-url` flag).
    pub fn set_base_url(&mut self, url: &str) -> Result<(), String> {
        self.base_url = normalize_base_url(url)?;
        self.base_path = base_path_of(&self.base_url);
        Ok(())
    }
}

/// The hint for a bad `paginate_by` (site.yaml or a section's `_index.md`).
pub const PAGINATE_BY_HINT: &str =
    "the number of notes on one page of a list, e.g. `paginate_by: 20`; the others go to page/2/, page/3/, …";

/// A `paginate_by` value: 1 to [`MAX_PAGINATE_BY`].
pub fn checked_paginate_by(n: i64) -> Result<usize, String> {
    match usize::try_from(n) {
        Ok(n) if (1..=MAX_PAGINATE_BY).contains(&n) => Ok(n),
        _ => Err(format!(
            "`paginate_by` must be between 1 and {MAX_PAGINATE_BY}, not {n}"
        )),
    }
}

fn check_taxonomies(names: &[String], report: &mut impl FnMut(&str, String, &str)) {
    for (i, name) in names.iter().enumerate() {
        let valid = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
        if !valid {
            report(
                &format!("taxonomies.{i}"),
                format!(
                    "taxonomy name `{name}` must be lowercase ASCII letters, digits, `-` or `_`"
                ),
                "it becomes a URL path, e.g. `tags`",
            );
        } else if crate::filename::RESERVED.contains(&name.as_str()) {
            // Its pages would be written over manabi's own `/quiz/`, `/search/`, ...
            report(
                &format!("taxonomies.{i}"),
                format!("taxonomy name `{name}` is taken by manabi's own `/{name}/` pages"),
                "choose another name, e.g. `topics`",
            );
        }
    }
}

/// `markdown.highlight_theme` values: the colours themselves are CSS in the
/// theme (`--hl-*`, light and dark), so there is one palette set per theme.
const HIGHLIGHT_THEMES: &[&str] = &["default", "none"];

/// GFM's own alert names, whose labels come from the theme.
const ALERTS: &[&str] = &["note", "tip", "important", "warning", "caution"];

fn check_markdown(markdown: &MarkdownConfig, report: &mut impl FnMut(&str, String, &str)) {
    let theme = markdown.highlight_theme.as_str();
    if !HIGHLIGHT_THEMES.contains(&theme) {
        report(
            "markdown.highlight_theme",
            format!("unknown highlight theme `{theme}`"),
            "use `default` (the theme's light and dark palettes) or `none`",
        );
    }
    for (name, callout) in &markdown.callouts {
        let key = format!("markdown.callouts.{name}");
        let valid = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if !valid {
            report(
                &key,
                format!("callout name `{name}` must be ASCII letters, digits, `-` or `_`"),
                "it is written `> [!NAME]` in notes, e.g. `exam` for `> [!EXAM]`",
            );
        } else if ALERTS.contains(&name.to_ascii_lowercase().as_str()) {
            report(
                &key,
                format!("`{name}` is a built-in GFM alert"),
                "its label comes from the theme (`alert_*` in i18n.yaml); pick another name",
            );
        }
        if callout.label.trim().is_empty() {
            report(
                &format!("{key}.label"),
                format!("callout `{name}` needs a non-empty `label`"),
                "e.g. `label: 試験に出る`",
            );
        }
        if callout
            .icon
            .as_deref()
            .is_some_and(|i| i.chars().count() > 4)
        {
            report(
                &format!("{key}.icon"),
                format!("the icon of callout `{name}` is longer than 4 characters"),
                "use one emoji or symbol, e.g. `icon: \"★\"`",
            );
        }
    }
}

/// Official syllabus items: each a non-empty path of non-empty names,
/// listed once.
fn check_syllabus(raw: RawSyllabus, report: &mut impl FnMut(&str, String, &str)) -> SyllabusConfig {
    let mut items: Vec<Vec<String>> = Vec::with_capacity(raw.items.len());
    for (i, item) in raw.items.into_iter().enumerate() {
        let key = format!("syllabus.items.{i}");
        let path: Vec<String> = item.0.iter().map(|s| s.trim().to_string()).collect();
        if path.is_empty() || path.iter().any(String::is_empty) {
            report(
                &key,
                "a syllabus item must be a list of non-empty names".into(),
                "write the path from the top level down, e.g. `[生成AIの技術, 特徴]`",
            );
        } else if items.contains(&path) {
            report(
                &key,
                format!("syllabus item `{}` is listed twice", path.join(" › ")),
                "remove one of them",
            );
        } else {
            items.push(path);
        }
    }
    SyllabusConfig { items }
}

/// Validates a base URL and makes it end with `/`. Accepts `http(s)://host/…`
/// or a bare path such as `/` (for local previews).
fn normalize_base_url(url: &str) -> Result<String, String> {
    let url = url.trim();
    let ok = url.starts_with('/')
        || url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))
            .is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'));
    if !ok || url.contains(['?', '#', ' ']) {
        return Err(format!("`{url}` is not a valid base URL"));
    }
    let mut url = url.to_string();
    if !url.ends_with('/') {
        url.push('/');
    }
    Ok(url)
}

/// The path part of a normalised base URL (`https://u.github.io/notes/` →
/// `/notes/`).
fn base_path_of(base_url: &str) -> String {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    if base_url.starts_with('/') {
        return base_url.to_string();
    }
    after_scheme
        .find('/')
        .map_or("/".to_string(), |i| after_scheme[i..].to_string())
}

fn is_language_tag(s: &str) -> bool {
    !s.is_empty()
        && s.split('-')
            .all(|p| !p.is_empty() && p.len() <= 8 && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(src: &str) -> ConfigResult {
        Config::from_str(src, Path::new("site.yaml"))
    }

    #[test]
    fn taxonomy_names_taken_by_manabi_pages_are_errors_at_the_item() {
        let e = parse("taxonomies:\n  - tags\n  - quiz\n").unwrap_err();
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!((e[0].line, e[0].col), (3, 3));
        assert!(e[0].message.contains("`quiz` is taken"), "{}", e[0].message);
    }

    #[test]
    fn defaults_when_empty() {
        let c = parse("").unwrap();
        assert_eq!(c.language, "ja");
        assert_eq!(c.base_path, "/");
        assert_eq!(c.taxonomies, ["tags"]);
        assert_eq!(c.exam.questions, 20);
    }

    #[test]
    fn paginate_by_defaults_and_is_bounded_at_its_key() {
        assert_eq!(parse("").unwrap().paginate_by, PAGINATE_BY);
        assert_eq!(parse("paginate_by: 5").unwrap().paginate_by, 5);
        for bad in ["0", "-3", "1001"] {
            let errs = parse(&format!("title: x\npaginate_by: {bad}\n")).unwrap_err();
            assert_eq!((errs[0].line, errs[0].col), (2, 1), "{bad}");
            assert!(
                errs[0].message.contains("between 1 and 1000"),
                "{}",
                errs[0].message
            );
        }
    }

    #[test]
    fn base_url_sub_path_is_kept_and_slash_terminated() {
        let c = parse("base_url: https://u.github.io/notes").unwrap();
        assert_eq!(c.base_url, "https://u.github.io/notes/");
        assert_eq!(c.base_path, "/notes/");
    }

    #[test]
    fn unknown_key_points_at_it_with_suggestion() {
        let errs = parse("title: x\nbase_ulr: https://a/\n").unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!((errs[0].line, errs[0].col), (2, 1));
        assert_eq!(errs[0].message, "unknown key `base_ulr`");
        assert_eq!(errs[0].hint.as_deref(), Some("did you mean `base_url`?"));
    }

    #[test]
    fn unknown_key_does_not_hide_other_mistakes() {
        let errs = parse("base_url: ftp://x\nlangauge: ja\n").unwrap_err();
        let at: Vec<_> = errs.iter().map(|e| (e.line, e.message.as_str())).collect();
        assert_eq!(
            at,
            [
                (1, "`ftp://x` is not a valid base URL"),
                (2, "unknown key `langauge`")
            ]
        );
    }

    #[test]
    fn unknown_nested_key_is_reported_with_position() {
        let errs = parse("exam:\n  questions: 20\n  minuts: 20\n").unwrap_err();
        assert_eq!((errs[0].line, errs[0].col), (3, 3));
        assert_eq!(errs[0].hint.as_deref(), Some("did you mean `minutes`?"));
    }

    #[test]
    fn bad_base_url_is_an_error_at_its_key() {
        let errs = parse("title: x\nbase_url: ftp://x\n").unwrap_err();
        assert_eq!(errs[0].line, 2);
        assert!(errs[0].message.contains("not a valid base URL"));
    }

    #[test]
    fn yaml_syntax_error_has_position() {
        let errs = parse("title: [x\n").unwrap_err();
        assert_eq!(errs.len(), 1);
        assert!(errs[0].line >= 1);
    }

    #[test]
    fn exam_settings_are_checked() {
        let errs = parse("exam:\n  questions: 0\n  minutes: 0\n  pass_percent: 120\n").unwrap_err();
        let at: Vec<_> = errs.iter().map(|e| e.line).collect();
        assert_eq!(at, [2, 3, 4]);
        let c = parse("exam:\n  title: 腕試し\n  areas: [技術, リスク]\nquiz:\n  choices: 5\n")
            .unwrap();
        assert_eq!(
            (c.exam.title.as_deref(), c.exam.areas.len(), c.quiz.choices),
            (Some("腕試し"), 2, 5)
        );
    }

    #[test]
    fn callouts_are_read_and_checked() {
        let c = parse("markdown:\n  callouts:\n    exam2:\n      label: 頻出\n      icon: \"★\"\n")
            .unwrap();
        let exam2 = &c.markdown.callouts["exam2"];
        assert_eq!(
            (exam2.label.as_str(), exam2.icon.as_deref()),
            ("頻出", Some("★"))
        );
        let src = "markdown:\n  callouts:\n    note:\n      label: x\n    bad name:\n      label: \" \"\n";
        let errs = parse(src).unwrap_err();
        let at: Vec<_> = errs.iter().map(|e| (e.line, e.col)).collect();
        assert_eq!(at, [(5, 5), (6, 7), (3, 5)], "{errs:?}");
        assert!(errs[2].message.contains("built-in"), "{}", errs[2].message);
        let errs = parse("markdown:\n  callouts:\n    exam2:\n      lable: x\n").unwrap_err();
        assert_eq!(errs[0].line, 4, "{errs:?}");
        let errs = parse("markdown:\n  highlight_theme: monokai\n").unwrap_err();
        assert_eq!((errs[0].line, errs[0].col), (2, 3), "{errs:?}");
    }

    #[test]
    fn syllabus_items_are_paths_in_order() {
        let c = parse("syllabus:\n  items:\n    - [生成AIの技術, 特徴]\n    - 生成AIのリスク\n")
            .unwrap();
        assert_eq!(
            c.syllabus.items,
            [vec!["生成AIの技術", "特徴"], vec!["生成AIのリスク"]]
        );
        assert!(parse("").unwrap().syllabus.items.is_empty());
    }

    #[test]
    fn bad_syllabus_items_are_errors_at_the_item() {
        let src = "title: x\nsyllabus:\n  items:\n    - [a, b]\n    - []\n    - [a, \"\"]\n    - [a, b]\n";
        let errs = parse(src).unwrap_err();
        let at: Vec<_> = errs.iter().map(|e| (e.line, e.col)).collect();
        assert_eq!(at, [(5, 5), (6, 5), (7, 5)]);
        assert!(errs[0].message.contains("non-empty"), "{}", errs[0].message);
        assert_eq!(errs[2].message, "syllabus item `a › b` is listed twice");
        assert!(errs.iter().all(|e| e.hint.is_some()));
    }

    #[test]
    fn unknown_syllabus_key_and_bad_yaml_are_positioned() {
        let errs = parse("syllabus:\n  item:\n    - [a]\n").unwrap_err();
        assert_eq!((errs[0].line, errs[0].col), (2, 3));
        assert_eq!(errs[0].hint.as_deref(), Some("did you mean `items`?"));
        let errs = parse("syllabus:\n  items: [[a, b]\n").unwrap_err();
        assert_eq!(errs.len(), 1);
        assert!(
            errs[0].message.starts_with("YAML syntax error"),
            "{}",
            errs[0].message
        );
        assert!(errs[0].line >= 2, "{}", errs[0].line);
        let errs = parse("syllabus:\n  items: 3\n").unwrap_err();
        assert_eq!(errs[0].line, 2);
    }

    #[test]
    fn set_base_url_overrides() {
        let mut c = parse("base_url: https://a.example/").unwrap();
        c.set_base_url("https://b.example/sub").unwrap();
        assert_eq!(c.base_path, "/sub/");
    }
}

//! UI strings (`t` in templates): the theme's `i18n.yaml`, one map per
//! language. The built-in file is the base; a theme folder's `i18n.yaml`
//! overrides it key by key. Pure apart from reading that one file.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use crate::diagnostics::{Diagnostic, LineIndex, Pos};

use super::theme::{builtin_file, BUILTIN_PREFIX};

/// language → key → text, as written in `i18n.yaml`.
pub(crate) type Catalog = BTreeMap<String, BTreeMap<String, String>>;

/// The strings for `language`: each key from the requested language, else
/// `en`, else `ja`, with the theme folder's file over the built-in one.
pub(crate) fn load_strings(
    root: &Path,
    theme_dir: Option<&Path>,
    language: &str,
) -> Result<BTreeMap<String, String>, Vec<Diagnostic>> {
    let mut catalogs = vec![builtin_catalog()];
    if let Some(dir) = theme_dir {
        let path = dir.join("i18n.yaml");
        if path.is_file() {
            let shown =
                crate::content::display_root(root).join(path.strip_prefix(root).unwrap_or(&path));
            catalogs.push(read_catalog(&path, &shown)?);
        }
    }
    Ok(strings_for(&catalogs, language))
}

/// Merges the catalogs (later wins) for one language with its fallbacks.
pub(crate) fn strings_for(catalogs: &[Catalog], language: &str) -> BTreeMap<String, String> {
    let mut strings = BTreeMap::new();
    for lang in ["ja", "en", language] {
        for catalog in catalogs {
            if let Some(map) = catalog.get(lang) {
                strings.extend(map.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
        }
    }
    strings
}

pub(crate) fn builtin_catalog() -> Catalog {
    let bytes = builtin_file("i18n.yaml").unwrap_or_default();
    let source = String::from_utf8_lossy(bytes);
    let shown = Path::new(BUILTIN_PREFIX).join("i18n.yaml");
    // The built-in file is checked by the tests, so a failure here is a bug.
    parse_catalog(&source, &shown).expect("built-in i18n.yaml is valid")
}

fn read_catalog(path: &Path, shown: &Path) -> Result<Catalog, Vec<Diagnostic>> {
    let source = fs::read_to_string(path).map_err(|e| {
        vec![Diagnostic::error(
            shown,
            Pos::START,
            format!("cannot read: {e}"),
        )]
    })?;
    parse_catalog(&source, shown).map_err(|d| vec![d])
}

/// Parses `{lang: {key: text}}`; a mistake is a Diagnostic at its line.
pub(crate) fn parse_catalog(source: &str, shown: &Path) -> Result<Catalog, Diagnostic> {
    let block = crate::yaml::Block {
        text: source,
        first_line: 1,
        indent: 0,
    };
    crate::yaml::check_limits(shown, source, block)?;
    serde_yaml::from_str::<Option<Catalog>>(source)
        .map(Option::unwrap_or_default)
        .map_err(|e| {
            let pos = e.location().map_or(Pos::START, |loc| {
                LineIndex::new(source).pos(source, loc.index())
            });
            Diagnostic::error(shown, pos, format!("invalid UI strings: {e}"))
                .with_hint(
                    "i18n.yaml maps each language to `key: text` pairs, e.g. `ja: {toc: 目次}`",
                )
                .with_source(source)
        })
}

/// Formats a `YYYY-MM-DD` date (a longer RFC 3339 value uses its date part)
/// with the UI strings' `date_format`, whose `{year}`, `{month}`, `{day}`
/// (without leading zeros) and `{month_name}` (from `month_names`) are
/// filled in: 2024-05-26 → `2024年5月26日` / `May 26, 2024`. `None` if the
/// date is not of that shape.
pub fn format_date(strings: &BTreeMap<String, String>, date: &str) -> Option<String> {
    let (year, month, day) = split_date(date)?;
    let month_name = strings
        .get("month_names")
        .and_then(|names| names.split(',').nth(month as usize - 1))
        .map_or_else(|| month.to_string(), |name| name.trim().to_string());
    let format = strings
        .get("date_format")
        .map_or("{year}-{month}-{day}", String::as_str);
    Some(
        format
            .replace("{year}", &year.to_string())
            .replace("{month_name}", &month_name)
            .replace("{month}", &month.to_string())
            .replace("{day}", &day.to_string()),
    )
}

fn split_date(date: &str) -> Option<(u32, u32, u32)> {
    let ymd = date.get(..10)?;
    let mut parts = ymd.split('-');
    let year = parse_digits(parts.next()?, 4)?;
    let month = parse_digits(parts.next()?, 2)?;
    let day = parse_digits(parts.next()?, 2)?;
    ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some((year, month, day))
}

fn parse_digits(s: &str, len: usize) -> Option<u32> {
    (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
}

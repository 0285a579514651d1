//! Build script: compiles the built-in default theme (`themes/default/`:
//! templates, static files, i18n.yaml) into the binary as a sorted table in
//! `$OUT_DIR/builtin_theme.rs`, so `manabi` works in a folder with only
//! `content/`; and the compact highlighting grammars
//! (`src/markdown/syntaxes/`) into `$OUT_DIR/builtin_syntaxes.rs`, their
//! word lists factored into regexes. It only reads those folders; it never
//! writes outside OUT_DIR.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let theme = manifest.join("themes").join("default");
    println!("cargo:rerun-if-changed=themes/default");
    let mut files = Vec::new();
    if theme.is_dir() {
        collect_files(&theme, &mut files);
    }
    let mut entries: Vec<(String, PathBuf)> = files
        .into_iter()
        .map(|path| (relative_name(&theme, &path), path))
        .collect();
    entries.sort();
    for (_, path) in &entries {
        println!("cargo:rerun-if-changed={}", path.display());
    }
    let out = PathBuf::from(env::var("OUT_DIR").expect("OUT_DIR")).join("builtin_theme.rs");
    fs::write(&out, table_source(&entries)).expect("write builtin_theme.rs");
    write_syntaxes(&manifest.join("src").join("markdown").join("syntaxes"));
}

/// The `.sublime-syntax` files, sorted by name, with each `*_words`
/// variable (space-separated words) turned into a factored alternation.
fn write_syntaxes(dir: &Path) {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "sublime-syntax"))
        .collect();
    files.sort();
    let mut src = String::from(
        "/// The compact grammars: (file stem, `.sublime-syntax` text).\n\
         pub static BUILTIN_SYNTAXES: &[(&str, &str)] = &[\n",
    );
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let text =
            fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("UTF-8 file name");
        writeln!(src, "    ({stem:?}, {:?}),", factor_word_lists(&text)).expect("write to String");
    }
    src.push_str("];\n");
    let out = PathBuf::from(env::var("OUT_DIR").expect("OUT_DIR")).join("builtin_syntaxes.rs");
    fs::write(&out, src).expect("write builtin_syntaxes.rs");
}

/// `  keyword_words: 'if in import'` → `  keyword_words: '(?:i(?:f|mport|n))'`.
/// Oniguruma tries an alternation branch by branch at every candidate
/// position; sharing prefixes makes a miss cost a few byte compares
/// instead of one per word. An `*_iwords` list is matched in any letter
/// case (`'select'` → `'(?:[sS][eE][lL][eE][cC][tT])'`): Oniguruma's
/// `(?i)` folds every character through the Unicode tables, which made
/// each position tried cost three times as much.
fn factor_word_lists(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        match word_list(line, "_words: '").or_else(|| word_list(line, "_iwords: '")) {
            Some((key, list, suffix)) => {
                let any_case = suffix == "_iwords: '";
                let lower;
                let mut words: Vec<&str> = if any_case {
                    lower = list.to_ascii_lowercase();
                    lower.split_whitespace().collect()
                } else {
                    list.split_whitespace().collect()
                };
                words.sort_unstable();
                words.dedup();
                writeln!(out, "{key}{suffix}(?:{})'", alternation(&words, any_case))
                    .expect("write to String");
            }
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

/// The key and the quoted list of a `  name<suffix>a b c'` line.
fn word_list<'l>(line: &'l str, suffix: &'static str) -> Option<(&'l str, &'l str, &'static str)> {
    let (key, rest) = line.split_once(suffix)?;
    let key_ok = key
        .trim_start()
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_');
    Some((key, rest.strip_suffix('\'').filter(|_| key_ok)?, suffix))
}

/// A regex matching exactly `words` (sorted, distinct, regex-safe), as a
/// trie: `as assert async` → `as(?:sert|ync)?`; with `any_case`, each
/// ASCII letter of the (lowercase) words as `[aA]`.
fn alternation(words: &[&str], any_case: bool) -> String {
    let optional = words.first() == Some(&"");
    let words = &words[usize::from(optional)..];
    let mut branches = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let first = words[i].chars().next().expect("non-empty word");
        let len = first.len_utf8();
        let end = i + words[i..]
            .iter()
            .take_while(|w| w.starts_with(first))
            .count();
        let rests: Vec<&str> = words[i..end].iter().map(|w| &w[len..]).collect();
        let first = match first {
            'a'..='z' if any_case => format!("[{first}{}]", first.to_ascii_uppercase()),
            _ => first.to_string(),
        };
        branches.push(format!("{first}{}", alternation(&rests, any_case)));
        i = end;
    }
    match (branches.len(), optional) {
        (0, _) => String::new(),
        (1, false) => branches.remove(0),
        (_, false) => format!("(?:{})", branches.join("|")),
        (_, true) => format!("(?:{})?", branches.join("|")),
    }
}

/// Every regular file below `dir`, skipping hidden files and folders
/// (editor swap files, `.DS_Store`).
fn collect_files(dir: &Path, files: &mut Vec<PathBuf>) {
    let entries = fs::read_dir(dir).unwrap_or_else(|e| panic!("read {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("directory entry").path();
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.') || n.ends_with('~'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            collect_files(&path, files);
        } else if path.is_file() {
            files.push(path);
        }
    }
}

/// The theme-relative name with `/` separators, e.g. `templates/note.html`.
fn relative_name(root: &Path, path: &Path) -> String {
    let rel = path
        .strip_prefix(root)
        .expect("file below the theme folder");
    let parts: Vec<_> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect();
    parts.join("/")
}

fn table_source(entries: &[(String, PathBuf)]) -> String {
    let mut src = String::from(
        "/// The built-in default theme: (theme-relative path, bytes), sorted by path.\n\
         pub static BUILTIN_THEME: &[(&str, &[u8])] = &[\n",
    );
    for (name, path) in entries {
        let abs = path.canonicalize().unwrap_or_else(|_| path.clone());
        writeln!(
            src,
            "    ({name:?}, include_bytes!({:?})),",
            abs.display().to_string()
        )
        .expect("write to String");
    }
    src.push_str("];\n");
    src
}

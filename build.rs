//! Build script: compiles the built-in default theme (`themes/default/`:
//! templates, static files, i18n.yaml) into the binary as a sorted table in
//! `$OUT_DIR/builtin_theme.rs`, so `manabi` works in a folder with only
//! `content/`. It only reads the theme folder; it never writes outside OUT_DIR.

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

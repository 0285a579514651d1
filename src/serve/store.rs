//! Serve: the built site in memory (output path → bytes), what the HTTP
//! side serves from. Answers lookups with the usual static-host rules
//! (`/x/` → `x/index.html`, `/x` → redirect to `/x/` when only the folder
//! exists), names content types, and diffs two builds to tell which output
//! files a rebuild changed. It never reads or writes the disk.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};

use axum::body::Bytes;
use unicode_normalization::UnicodeNormalization as _;

use super::request_path::SitePath;

/// One complete build: output paths (`/`-separated, relative) to bytes.
/// Cloning a file's bytes is cheap (reference counted).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteFiles {
    files: BTreeMap<String, Bytes>,
}

/// What a request path names in a build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// A file, with its output path (for the content type).
    File {
        key: String,
        bytes: Bytes,
    },
    /// A folder asked for without its trailing slash: redirect to `path/`.
    AddSlash,
    NotFound,
}

impl SiteFiles {
    /// Takes the files of a [`crate::output::MemoryOutput`].
    pub fn from_files(files: BTreeMap<String, Bytes>) -> SiteFiles {
        SiteFiles { files }
    }

    /// `pages` and `index` as one build (an index file wins a shared
    /// path). Both are sorted, so the map is built from one merged walk
    /// rather than by inserting one file at a time.
    pub fn merged(pages: &BTreeMap<String, Bytes>, index: &BTreeMap<String, Bytes>) -> SiteFiles {
        let mut all: Vec<(String, Bytes)> = Vec::with_capacity(pages.len() + index.len());
        each_path(pages, index, |path, page, index_file| {
            all.extend(index_file.or(page).map(|b| (path.clone(), b.clone())));
        });
        SiteFiles {
            files: all.into_iter().collect(),
        }
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The file at an exact output path.
    pub fn get(&self, key: &str) -> Option<&Bytes> {
        self.files.get(key)
    }

    /// Resolves a sanitised request path.
    pub fn lookup(&self, path: &SitePath) -> Lookup {
        let key = if path.is_folder() {
            format!("{}index.html", path.key)
        } else {
            path.key.clone()
        };
        if let Some(found) = self.find(&key) {
            return found;
        }
        if !path.is_folder() && self.find(&format!("{key}/index.html")).is_some() {
            return Lookup::AddSlash;
        }
        Lookup::NotFound
    }

    /// Exact match, else the NFC spelling (file names typed on macOS reach
    /// us decomposed).
    fn find(&self, key: &str) -> Option<Lookup> {
        let hit = |k: &str| {
            self.files.get(k).map(|b| Lookup::File {
                key: k.to_string(),
                bytes: b.clone(),
            })
        };
        hit(key).or_else(|| {
            if key.is_ascii() {
                None
            } else {
                hit(&key.nfc().collect::<String>())
            }
        })
    }

    /// This build with the files `stale` names replaced by `files`.
    pub fn replacing(
        &self,
        stale: impl Fn(&str) -> bool,
        files: BTreeMap<String, Bytes>,
    ) -> SiteFiles {
        let mut all = self.files.clone();
        all.retain(|path, _| !stale(path));
        all.extend(files);
        SiteFiles { files: all }
    }

    /// Output paths that differ between `self` and `newer`: added,
    /// changed or removed, sorted.
    pub fn changed_paths(&self, newer: &SiteFiles) -> Vec<String> {
        // One merged walk of the two sorted maps: no lookups and no set
        // of the 40,000 paths a large site has.
        let mut changed = Vec::new();
        each_path(&self.files, &newer.files, |path, old, new| {
            if !same(old, new) {
                changed.push(path.clone());
            }
        });
        changed
    }
}

/// Calls `f` with every path of `a` or `b`, in order, and its bytes in
/// each: one walk of the two sorted maps.
fn each_path<'m>(
    a: &'m BTreeMap<String, Bytes>,
    b: &'m BTreeMap<String, Bytes>,
    mut f: impl FnMut(&'m String, Option<&'m Bytes>, Option<&'m Bytes>),
) {
    let (mut a, mut b) = (a.iter().peekable(), b.iter().peekable());
    loop {
        let order = match (a.peek(), b.peek()) {
            (None, None) => break,
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (Some((x, _)), Some((y, _))) => x.cmp(y),
        };
        let left = (order != Ordering::Greater).then(|| a.next()).flatten();
        let right = (order != Ordering::Less).then(|| b.next()).flatten();
        if let Some(path) = left.or(right).map(|(path, _)| path) {
            f(path, left.map(|(_, v)| v), right.map(|(_, v)| v));
        }
    }
}

/// Whether two builds hold the same bytes for a path. A memoised rebuild
/// shares unchanged pages with the previous build, so the pointer check
/// settles most paths without comparing kilobytes.
fn same(a: Option<&Bytes>, b: Option<&Bytes>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a.as_ptr() == b.as_ptr() && a.len() == b.len()) || a == b,
        (a, b) => a.is_none() && b.is_none(),
    }
}

/// The build being served. The rebuilder swaps in a whole new build at
/// once, so a request sees either the old site or the new one, never a mix.
#[derive(Debug, Default)]
pub struct Served {
    current: RwLock<Arc<SiteFiles>>,
}

impl Served {
    /// The build to answer a request from.
    pub fn current(&self) -> Arc<SiteFiles> {
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Serves what `change` makes of the current build. Holds the lock
    /// throughout, so a build swapped in meanwhile is not lost.
    pub fn update(&self, change: impl FnOnce(&SiteFiles) -> SiteFiles) {
        let mut current = self.current.write().unwrap_or_else(|e| e.into_inner());
        let changed = change(&current);
        *current = Arc::new(changed);
    }

    /// Serves `files` from now on; returns the build it replaced.
    pub fn replace(&self, files: SiteFiles) -> Arc<SiteFiles> {
        let mut current = self.current.write().unwrap_or_else(|e| e.into_inner());
        std::mem::replace(&mut *current, Arc::new(files))
    }
}

/// The `Content-Type` for an output path, by extension.
pub fn content_type(key: &str) -> &'static str {
    let ext = key
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "application/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> SiteFiles {
        SiteFiles::from_files(
            files
                .iter()
                .map(|(k, v)| (k.to_string(), Bytes::copy_from_slice(v.as_bytes())))
                .collect(),
        )
    }

    fn path(key: &str) -> SitePath {
        SitePath {
            key: key.to_string(),
        }
    }

    fn body(l: Lookup) -> String {
        match l {
            Lookup::File { bytes, .. } => String::from_utf8(bytes.to_vec()).unwrap(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn folders_serve_their_index() {
        let s = site(&[
            ("index.html", "home"),
            ("a/index.html", "a"),
            ("a/x.css", "css"),
        ]);
        assert_eq!(body(s.lookup(&path(""))), "home");
        assert_eq!(body(s.lookup(&path("a/"))), "a");
        assert_eq!(body(s.lookup(&path("a/x.css"))), "css");
        assert_eq!(s.lookup(&path("a")), Lookup::AddSlash);
        assert_eq!(s.lookup(&path("b/")), Lookup::NotFound);
        assert_eq!(s.lookup(&path("a/x.css/")), Lookup::NotFound);
    }

    #[test]
    fn decomposed_names_find_composed_files() {
        let s = site(&[("ガイド/index.html", "g")]);
        let nfd: String = "ガイド/".nfd().collect();
        assert_eq!(body(s.lookup(&path(&nfd))), "g");
    }

    #[test]
    fn diff_lists_added_changed_and_removed() {
        let old = site(&[("a.html", "1"), ("b.html", "2"), ("c.html", "3")]);
        let new = site(&[("a.html", "1"), ("b.html", "two"), ("d.html", "4")]);
        assert_eq!(old.changed_paths(&new), ["b.html", "c.html", "d.html"]);
        assert!(new.changed_paths(&new).is_empty());
    }

    #[test]
    fn merged_is_the_union_with_index_files_winning() {
        let map = |s: SiteFiles| s.files;
        let pages = map(site(&[
            ("a.html", "1"),
            ("search/x.json", "page"),
            ("z.html", "3"),
        ]));
        let index = map(site(&[("search/a.json", "i"), ("search/x.json", "index")]));
        let mut expected = pages.clone();
        expected.extend(index.clone());
        assert_eq!(SiteFiles::merged(&pages, &index).files, expected);
        assert_eq!(SiteFiles::merged(&index, &BTreeMap::new()).files, index);
        assert_eq!(SiteFiles::merged(&BTreeMap::new(), &pages).files, pages);
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("css/style.css"), "text/css; charset=utf-8");
        assert_eq!(
            content_type("js/quiz.js"),
            "application/javascript; charset=utf-8"
        );
        assert_eq!(content_type("img/x.SVG"), "image/svg+xml");
        assert_eq!(content_type("img/x.png"), "image/png");
        assert_eq!(content_type("atom.xml"), "application/xml; charset=utf-8");
        assert_eq!(content_type("search.json"), "application/json");
        assert_eq!(content_type("CNAME"), "application/octet-stream");
    }
}

//! The paths one build writes, checked as they are written. Two outputs at
//! one path, or a file where another output needs a folder, would let one
//! silently replace the other, or fail the build half-way with `Is a
//! directory`: the second is refused and recorded as a [`Clash`] for the
//! pipeline to report.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Mutex;

use bytes::Bytes;

use super::Output;

/// An output refused because an earlier one took its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clash {
    /// The refused output path.
    pub refused: String,
    /// The earlier output path in the way: the same path, a file where the
    /// refused path needs a folder, or a file inside the refused path.
    pub taken: String,
}

/// Wraps an [`Output`], forwarding every write that does not clash.
pub struct Ledger<'a> {
    inner: &'a dyn Output,
    paths: Mutex<Paths>,
}

#[derive(Default)]
struct Paths {
    files: HashSet<String>,
    /// Each folder the files need, with the first file inside it.
    folders: HashMap<String, String>,
    clashes: Vec<Clash>,
}

impl Paths {
    /// The earlier output `path` clashes with, if any.
    fn clash(&self, path: &str) -> Option<String> {
        if self.files.contains(path) {
            return Some(path.to_string());
        }
        if let Some(inside) = self.folders.get(path) {
            return Some(inside.clone());
        }
        folders_of(path)
            .find(|folder| self.files.contains(*folder))
            .map(str::to_string)
    }

    fn record(&mut self, path: &str) {
        for folder in folders_of(path) {
            // Most folders are known already: no allocation for those.
            if !self.folders.contains_key(folder) {
                self.folders.insert(folder.to_string(), path.to_string());
            }
        }
        self.files.insert(path.to_string());
    }
}

/// `a/b/c.html` → `a`, `a/b`.
fn folders_of(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/').map(move |(i, _)| &path[..i])
}

impl<'a> Ledger<'a> {
    pub fn new(inner: &'a dyn Output) -> Self {
        Ledger {
            inner,
            paths: Mutex::new(Paths::default()),
        }
    }

    /// Records `path` and returns `true`, or records the clash and returns
    /// `false` when an earlier output is in the way.
    pub fn claim(&self, path: &str) -> bool {
        let mut paths = self.paths.lock().unwrap_or_else(|e| e.into_inner());
        match paths.clash(path) {
            Some(taken) => {
                let refused = path.to_string();
                paths.clashes.push(Clash { refused, taken });
                false
            }
            None => {
                paths.record(path);
                true
            }
        }
    }

    /// The clashes so far, in the order they happened; forgets them.
    pub fn take_clashes(&self) -> Vec<Clash> {
        let mut paths = self.paths.lock().unwrap_or_else(|e| e.into_inner());
        std::mem::take(&mut paths.clashes)
    }
}

impl Output for Ledger<'_> {
    fn write(&self, path: &str, bytes: &[u8]) -> anyhow::Result<()> {
        if self.claim(path) {
            self.inner.write(path, bytes)?;
        }
        Ok(())
    }

    fn write_shared(&self, path: &str, bytes: &Bytes) -> anyhow::Result<()> {
        if self.claim(path) {
            self.inner.write_shared(path, bytes)?;
        }
        Ok(())
    }

    fn copy(&self, path: &str, from: &Path) -> anyhow::Result<()> {
        if self.claim(path) {
            self.inner.copy(path, from)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::MemoryOutput;

    fn clashes(paths: &[&str]) -> Vec<(String, String)> {
        let memory = MemoryOutput::default();
        let ledger = Ledger::new(&memory);
        for p in paths {
            ledger.write(p, b"x").unwrap();
        }
        let found = ledger.take_clashes();
        let written = memory.into_files().len();
        assert_eq!(written + found.len(), paths.len(), "a clash is not written");
        found.into_iter().map(|c| (c.refused, c.taken)).collect()
    }

    #[test]
    fn distinct_paths_do_not_clash() {
        assert!(clashes(&["index.html", "a/index.html", "a/b/index.html", "ab"]).is_empty());
    }

    #[test]
    fn the_same_path_twice_clashes() {
        assert_eq!(
            clashes(&["a/x.png", "a/x.png"]),
            [("a/x.png".into(), "a/x.png".into())]
        );
    }

    #[test]
    fn a_file_where_a_folder_is_needed_clashes_either_way() {
        assert_eq!(
            clashes(&["index.html", "index.html/index.html"]),
            [("index.html/index.html".into(), "index.html".into())]
        );
        assert_eq!(
            clashes(&["quiz/index.html", "quiz/bank.json", "quiz"]),
            [("quiz".into(), "quiz/index.html".into())]
        );
    }
}

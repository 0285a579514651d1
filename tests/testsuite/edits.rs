//! What the rebuild tests (`memo`, `incremental`, `patch`) share: a seeded
//! generator, the note files of a site, and a build into memory with or
//! without a memo, as its files and located diagnostics.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use manabi::output::MemoryOutput;
use manabi::pipeline::{self, BuildOptions, Memo};

use crate::harness::located;

/// A build's files (none when it failed) and its diagnostics.
pub type Snapshot = (BTreeMap<String, Vec<u8>>, Vec<String>);

/// Builds into memory, with `memo` when given.
pub fn build(opts: &BuildOptions, memo: Option<&mut Memo>) -> Snapshot {
    let output = MemoryOutput::default();
    let outcome = pipeline::run_with(opts, &output, memo).expect("no I/O error");
    let diagnostics = outcome
        .diagnostics
        .iter()
        .map(|d| located(d, &opts.root))
        .collect();
    let files = if outcome.failed() {
        BTreeMap::new()
    } else {
        output
            .into_files()
            .into_iter()
            .map(|(path, bytes)| (path, bytes.to_vec()))
            .collect()
    };
    (files, diagnostics)
}

/// The paths whose bytes differ between two builds (either side missing
/// counts).
pub fn differing<'a>(a: &'a Snapshot, b: &'a Snapshot) -> Vec<&'a String> {
    a.0.keys()
        .chain(b.0.keys())
        .filter(|k| a.0.get(*k) != b.0.get(*k))
        .collect()
}

/// Asserts that a memoised build equals a fresh one, diagnostics first,
/// `at` naming the seed and step and `what` the edit before it.
pub fn assert_same_build(fresh: &Snapshot, memoised: &Snapshot, at: &str, what: &str) {
    assert_eq!(memoised.1, fresh.1, "{at}: diagnostics after: {what}");
    let differing = differing(fresh, memoised);
    assert!(
        differing.is_empty(),
        "{at}: after `{what}` these differ: {differing:?}"
    );
}

/// A small deterministic generator (xorshift), so a failure names its seed.
pub struct Rng(pub u64);

impl Rng {
    pub fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// Every note file under `root/content` (not section indexes), sorted.
pub fn note_files(root: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .flatten()
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("_index.md"))
        .collect();
    out.sort();
    out
}

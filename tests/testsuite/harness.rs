//! `SiteTest`: a site copied (or written) into a temporary folder, built
//! through the library into memory or onto disk, or through the `manabi`
//! binary, with helpers to read pages, the `<main>` region and the
//! diagnostics as `path:line:col: message` lines.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use manabi::diagnostics::Diagnostic;
use manabi::output::MemoryOutput;
use manabi::pipeline::{self, BuildOptions, Outcome};

/// The repository root (where `Cargo.toml`, `site.yaml` and `content/` live).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/fixtures/<name>` in the repository.
pub fn fixture_dir(name: &str) -> PathBuf {
    repo_root().join("tests").join("fixtures").join(name)
}

/// A site in a temporary folder. The folder is removed on drop.
pub struct SiteTest {
    dir: tempfile::TempDir,
    root: PathBuf,
    base_url: Option<String>,
    drafts: bool,
}

impl SiteTest {
    /// An empty site folder (no `site.yaml`, no `content/`).
    pub fn empty() -> SiteTest {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("site");
        fs::create_dir_all(&root).expect("create site root");
        SiteTest {
            dir,
            root,
            base_url: None,
            drafts: false,
        }
    }

    /// A copy of `tests/fixtures/<name>/`.
    pub fn fixture(name: &str) -> SiteTest {
        let site = SiteTest::empty();
        let from = fixture_dir(name);
        assert!(from.is_dir(), "no fixture {}", from.display());
        copy_tree(&from, &site.root);
        site
    }

    /// A copy of the repository's own sample site (`site.yaml` + `content/`).
    pub fn sample() -> SiteTest {
        let site = SiteTest::empty();
        let repo = repo_root();
        fs::copy(repo.join("site.yaml"), site.root.join("site.yaml")).expect("copy site.yaml");
        copy_tree(&repo.join("content"), &site.root.join("content"));
        site
    }

    /// A site made of the given files (relative path, text).
    pub fn with_files(files: &[(&str, &str)]) -> SiteTest {
        let site = SiteTest::empty();
        for (rel, text) in files {
            site.write(rel, text);
        }
        site
    }

    /// The site root folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// A path beside the site root inside the same temporary folder (for
    /// output folders that must not be inside the site).
    pub fn scratch(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes a text file under the site root, creating folders.
    pub fn write(&self, rel: &str, text: &str) -> &Self {
        self.write_bytes(rel, text.as_bytes())
    }

    /// Writes raw bytes (for invalid UTF-8).
    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) -> &Self {
        let path = self.root.join(rel);
        fs::create_dir_all(path.parent().expect("parent")).expect("create folders");
        fs::write(&path, bytes).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        self
    }

    /// Reads a file under the site root.
    pub fn read(&self, rel: &str) -> String {
        let path = self.root.join(rel);
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
    }

    pub fn base_url(mut self, url: &str) -> SiteTest {
        self.base_url = Some(url.to_string());
        self
    }

    pub fn drafts(mut self) -> SiteTest {
        self.drafts = true;
        self
    }

    pub fn options(&self) -> BuildOptions {
        BuildOptions {
            root: self.root.clone(),
            base_url: self.base_url.clone(),
            drafts: self.drafts,
            live_reload: false,
        }
    }

    /// Builds into memory through `pipeline::run`.
    pub fn build(&self) -> Built {
        let output = MemoryOutput::default();
        let outcome =
            pipeline::run(&self.options(), &output).expect("pipeline::run returned an I/O error");
        Built {
            outcome,
            files: output
                .into_files()
                .into_iter()
                .map(|(path, bytes)| (path, bytes.to_vec()))
                .collect(),
            root: self.root.clone(),
        }
    }

    /// Builds onto disk through the staging folder.
    pub fn build_to_dir(&self, out: &Path) -> anyhow::Result<Outcome> {
        pipeline::build_to_dir(&self.options(), out)
    }

    /// Runs the `manabi` binary in the site folder.
    pub fn cli(&self, args: &[&str]) -> CliRun {
        run_cli(&self.root, args)
    }
}

/// What a build into memory produced.
pub struct Built {
    pub outcome: Outcome,
    pub files: BTreeMap<String, Vec<u8>>,
    root: PathBuf,
}

impl Built {
    pub fn succeeded(&self) -> bool {
        !self.outcome.failed()
    }

    /// Panics with every diagnostic unless the build succeeded.
    pub fn assert_ok(&self) -> &Self {
        assert!(
            self.succeeded(),
            "build failed:\n{}",
            self.diagnostics().join("\n")
        );
        self
    }

    /// Panics unless the build failed.
    pub fn assert_failed(&self) -> &Self {
        assert!(
            !self.succeeded(),
            "build unexpectedly succeeded with {} files",
            self.files.len()
        );
        self
    }

    pub fn has_file(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    pub fn bytes(&self, path: &str) -> &[u8] {
        match self.files.get(path) {
            Some(b) => b,
            None => panic!(
                "no output file `{path}`; files:\n{}",
                self.paths().join("\n")
            ),
        }
    }

    /// An output file as text.
    pub fn file(&self, path: &str) -> String {
        String::from_utf8(self.bytes(path).to_vec())
            .unwrap_or_else(|_| panic!("`{path}` is not UTF-8"))
    }

    /// The `<main …>…</main>` region of an HTML page.
    pub fn main_region(&self, path: &str) -> String {
        main_region(&self.file(path)).unwrap_or_else(|| panic!("`{path}` has no <main> region"))
    }

    /// Every output path, sorted.
    pub fn paths(&self) -> Vec<&str> {
        self.files.keys().map(String::as_str).collect()
    }

    /// `path:line:col: message`, paths relative to the site root, in the
    /// order `check` prints them.
    pub fn diagnostics(&self) -> Vec<String> {
        self.outcome
            .diagnostics
            .iter()
            .map(|d| located(d, &self.root))
            .collect()
    }

    /// Diagnostics of errors only.
    pub fn errors(&self) -> Vec<String> {
        self.outcome
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| located(d, &self.root))
            .collect()
    }

    /// Diagnostics of warnings only.
    pub fn warnings(&self) -> Vec<String> {
        self.outcome
            .diagnostics
            .iter()
            .filter(|d| !d.is_error())
            .map(|d| located(d, &self.root))
            .collect()
    }

    /// The diagnostic reported at `path:line:col`.
    pub fn diagnostic_at(&self, at: &str) -> &Diagnostic {
        self.outcome
            .diagnostics
            .iter()
            .find(|d| located(d, &self.root).starts_with(&format!("{at}: ")))
            .unwrap_or_else(|| {
                panic!(
                    "no diagnostic at {at}; got:\n{}",
                    self.diagnostics().join("\n")
                )
            })
    }
}

/// `path:line:col: message` with paths (in the message too) relative to `root`.
pub fn located(d: &Diagnostic, root: &Path) -> String {
    let path = d.path.strip_prefix(root).unwrap_or(&d.path);
    let message = d.message.replace(&format!("{}/", root.display()), "");
    format!("{}:{}:{}: {message}", slash(path), d.line, d.col)
}

fn slash(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The text from `<main` up to and including `</main>`.
pub fn main_region(html: &str) -> Option<String> {
    let start = html.find("<main")?;
    let end = html[start..].find("</main>")? + start + "</main>".len();
    Some(html[start..end].to_string())
}

/// Copies a folder tree.
pub fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create target");
    for entry in fs::read_dir(from).unwrap_or_else(|e| panic!("read {}: {e}", from.display())) {
        let entry = entry.expect("dir entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// Every file below `dir` as (relative `/` path, FNV-1a hash of its bytes).
pub fn tree_digest(dir: &Path) -> BTreeMap<String, u64> {
    let mut out = BTreeMap::new();
    digest_into(dir, dir, &mut out);
    out
}

fn digest_into(base: &Path, dir: &Path, out: &mut BTreeMap<String, u64>) {
    for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("read {}: {e}", dir.display())) {
        let entry = entry.expect("dir entry");
        let path = entry.path();
        if path.is_dir() {
            digest_into(base, &path, out);
        } else {
            let rel = slash(path.strip_prefix(base).expect("inside base"));
            out.insert(rel, fnv1a(&fs::read(&path).expect("read file")));
        }
    }
}

/// Every file of an in-memory build, hashed like [`tree_digest`].
pub fn memory_digest(files: &BTreeMap<String, Vec<u8>>) -> BTreeMap<String, u64> {
    files.iter().map(|(p, b)| (p.clone(), fnv1a(b))).collect()
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The outcome of running the binary.
#[derive(Debug)]
pub struct CliRun {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl CliRun {
    pub fn assert_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "exit code; stderr:\n{}\nstdout:\n{}",
            self.stderr, self.stdout
        );
        self
    }

    pub fn assert_stderr_contains(&self, needle: &str) -> &Self {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}:\n{}",
            self.stderr
        );
        self
    }
}

/// Runs `manabi args…` in `dir`.
pub fn run_cli(dir: &Path, args: &[&str]) -> CliRun {
    let out = Command::new(env!("CARGO_BIN_EXE_manabi"))
        .args(args)
        .current_dir(dir)
        .env_remove("RUST_LOG")
        .output()
        .expect("run manabi");
    CliRun {
        code: out
            .status
            .code()
            .expect("exit code (not killed by a signal)"),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

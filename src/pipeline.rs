//! The build pipeline: config → content → site → pages → output, shared by
//! `build`, `check` and `serve`. Collects every diagnostic before deciding;
//! writes only through an [`Output`] (behind a [`Ledger`] that refuses an
//! output in another's place), and only commits a staged output when the
//! whole build succeeded.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use bytes::Bytes;
use rayon::prelude::*;

use crate::config::Config;
use crate::content;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::feeds;
use crate::markdown::{AlertLabels, CalloutKind, MarkdownOptions};
use crate::output::{Ledger, LockWait, MemoryOutput, Output, OutputFolder, Staging};
use crate::pages;
use crate::quiz;
use crate::render::{Renderer, RendererOptions};
use crate::search;
use crate::site::Site;
use crate::timings::{Lap, TimedOutput, Timings};

mod memo;
mod patch;
pub use memo::{Memo, Retained};
mod statics;
pub use patch::{patch, Patched};
use statics::StaticFiles;

/// What to build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Site root: the folder with `site.yaml` and `content/`.
    pub root: PathBuf,
    /// Replaces `base_url` from site.yaml.
    pub base_url: Option<String>,
    /// Include notes with `draft: true`.
    pub drafts: bool,
    /// Inject the live-reload script (serve mode).
    pub live_reload: bool,
}

/// Counts for the one-line summary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub notes: usize,
    pub sections: usize,
    pub terms: usize,
    pub pages: usize,
}

/// The result of a run: diagnostics (sorted) and, if it succeeded, counts.
#[derive(Debug)]
pub struct Outcome {
    pub diagnostics: Vec<Diagnostic>,
    pub summary: Option<Summary>,
    pub elapsed: Duration,
    /// Each stage that ran, with its wall time (`build --timings`).
    pub stages: Vec<Lap>,
    /// Time spent writing files, summed over threads.
    pub writing: Duration,
}

impl Outcome {
    pub fn failed(&self) -> bool {
        self.summary.is_none()
    }

    fn failure(found: Diagnostics, start: Instant, timings: &Timings) -> Outcome {
        Outcome {
            diagnostics: found.sorted(),
            summary: None,
            elapsed: start.elapsed(),
            stages: timings.stages(),
            writing: Duration::ZERO,
        }
    }
}

/// Builds the site into `output`. I/O failures are `Err`; mistakes in user
/// files are diagnostics in the outcome (`summary` is `None` then).
pub fn run(opts: &BuildOptions, output: &dyn Output) -> anyhow::Result<Outcome> {
    run_with(opts, output, None)
}

/// [`run`], reusing what `memo` remembers from the previous build (parsed
/// notes, Markdown, pages whose inputs are unchanged) and updating it:
/// `serve`'s rebuilds. The output is the same as [`run`]'s.
pub fn run_with(
    opts: &BuildOptions,
    output: &dyn Output,
    memo: Option<&mut Memo>,
) -> anyhow::Result<Outcome> {
    Ok(run_indexing(opts, output, memo, Index::Now)?.0)
}

/// The search index, left for later: `serve` reloads browsers first and
/// builds the index after (it is fetched only when someone searches).
/// It is built from the site the memo retains.
pub struct IndexJob(());

impl IndexJob {
    /// The job for the site the memo retains (after [`patch`]).
    pub fn later() -> IndexJob {
        IndexJob(())
    }

    /// Collects the documents of the site `memo` retains from the build
    /// that returned this job (quick), and returns the work that turns them
    /// into the index files (slow; it needs nothing else, so it can run on
    /// another thread while the next rebuild runs).
    pub fn prepare(self, memo: &Memo) -> impl FnOnce() -> BTreeMap<String, Bytes> + Send + 'static {
        let docs: Option<Vec<_>> = memo
            .retained
            .as_ref()
            .filter(|r| r.site.config.search.enabled)
            .map(|r| {
                let docs = search::index::documents(&r.site);
                docs.into_iter().map(|d| d.into_owned()).collect()
            });
        move || {
            let output = MemoryOutput::default();
            if let Some(docs) = docs {
                // Memory cannot fail to take a file.
                let _ = search::index::write(&docs, &output);
            }
            output.into_files()
        }
    }
}

/// Writes the search index files of `site` (none when search is off);
/// returns how many.
fn write_index(site: &Site, output: &dyn Output) -> anyhow::Result<usize> {
    if !site.config.search.enabled {
        return Ok(0);
    }
    search::index::write(&search::index::documents(site), output)
}

/// Like [`run_with`], but a successful build does not write the search
/// index: it returns the job that builds it (when search is on), and the
/// memo retains the site for it.
pub fn run_deferring_index(
    opts: &BuildOptions,
    output: &dyn Output,
    memo: Option<&mut Memo>,
) -> anyhow::Result<(Outcome, Option<IndexJob>)> {
    run_indexing(opts, output, memo, Index::Later)
}

/// When a build writes its search index.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Index {
    Now,
    Later,
}

fn run_indexing(
    opts: &BuildOptions,
    output: &dyn Output,
    mut memo: Option<&mut Memo>,
    when: Index,
) -> anyhow::Result<(Outcome, Option<IndexJob>)> {
    let start = Instant::now();
    let mut found = Diagnostics::default();
    let mut timer = Timings::new(start);
    if let Some(m) = memo.as_deref_mut() {
        // Whatever happens next, the last build is no longer the newest.
        // Freeing a large site takes a while: not on the rebuild's path.
        if let Some(old) = m.retained.take() {
            free_later(old);
        }
    }
    let loaded = load(opts, &mut found, &mut timer, memo.as_deref_mut())?;
    let Some(Loaded {
        site,
        mut renderer,
        md_opts,
    }) = loaded
    else {
        return Ok((Outcome::failure(found, start, &timer), None));
    };
    // Walked before the pages so that its warnings come with theirs.
    let statics = StaticFiles::collect(&site, &opts.root)?;
    found.extend(statics.skipped.iter().cloned());
    if found.has_errors() {
        return Ok((Outcome::failure(found, start, &timer), None));
    }
    // Every output goes through the ledger: one that would replace
    // another, or need a folder where another is a file, is refused.
    let ledger = Ledger::new(output);
    let output = &TimedOutput::new(&ledger);
    let rendering = pages::render_all(
        &site,
        &mut renderer,
        output,
        opts.live_reload,
        memo.as_deref_mut().map(|m| &mut m.pages),
    )?;
    timer.lap("pages");
    found.extend(rendering.problems);
    if found.has_errors() {
        return Ok((Outcome::failure(found, start, &timer), None));
    }
    // The search index after the pages (both parallel inside), not beside
    // them: side by side they finished no sooner on two cores (40
    // alternated runs of the 10,000-note corpus: within 2%), and the index
    // needed fresh memory where, after the pages, it reuses theirs (peak
    // 385 -> 337 MB).
    let index = match when {
        Index::Now => write_index(&site, output)?,
        Index::Later => 0,
    };
    timer.lap("search index");
    let shards = memo.as_deref_mut().map(|m| &mut m.shards);
    let bank = write_bank(&site, &renderer, output, shards)?;
    timer.lap("quiz bank");
    let files = write_files(&site, &rendering.sitemap, &statics, output)?;
    timer.lap("files");
    found.extend(statics.clash_diagnostics(&site, &opts.root, &ledger.take_clashes()));
    if found.has_errors() {
        return Ok((Outcome::failure(found, start, &timer), None));
    }
    let summary = Summary {
        notes: site.notes().len(),
        sections: site.content.sections.len() - 1,
        terms: site.taxonomies.iter().map(|t| t.terms.len()).sum(),
        pages: rendering.pages + bank + files + index,
    };
    let job = (when == Index::Later && site.config.search.enabled).then_some(IndexJob(()));
    let outcome = Outcome {
        diagnostics: found.sorted(),
        summary: Some(summary.clone()),
        elapsed: start.elapsed(),
        stages: timer.stages(),
        writing: output.elapsed(),
    };
    match memo {
        Some(m) => {
            m.retained = Some(Box::new(Retained {
                site,
                renderer,
                md_opts,
                diagnostics: outcome.diagnostics.clone(),
                summary,
            }))
        }
        // Freeing a large site (hundreds of thousands of allocations)
        // takes longer than anything left to do: a one-shot build lets a
        // thread do it, and exits without waiting for it.
        None => free_later((site, renderer)),
    }
    Ok((outcome, job))
}

/// Drops `value` on a thread of its own (here, if none can be started).
fn free_later<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new()
        .name("manabi-free".into())
        .spawn(move || drop(value));
}

/// The resolved site, for commands that read it without rendering pages
/// (`manabi export`): `Some` only when no error was found. The
/// diagnostics (sorted) are returned either way.
pub fn load_site(opts: &BuildOptions) -> anyhow::Result<(Option<Site>, Vec<Diagnostic>)> {
    let mut found = Diagnostics::default();
    let mut timer = Timings::new(Instant::now());
    let loaded = load(opts, &mut found, &mut timer, None)?;
    let site = loaded.filter(|_| !found.has_errors()).map(|l| l.site);
    Ok((site, found.sorted()))
}

/// A site through the config, content and site stages, and the renderer
/// for its pages.
struct Loaded {
    site: Site,
    renderer: Renderer,
    md_opts: MarkdownOptions,
}

/// Config → content → site. Problems go to `found`; `None` when one stops
/// the stages before a site exists (site.yaml or templates).
fn load(
    opts: &BuildOptions,
    found: &mut Diagnostics,
    timer: &mut Timings,
    mut memo: Option<&mut Memo>,
) -> anyhow::Result<Option<Loaded>> {
    let config = match load_config(opts)? {
        Ok(c) => c,
        Err(ds) => {
            found.extend(ds);
            // The notes do not depend on site.yaml: list their mistakes too.
            if opts.root.join(content::CONTENT_DIR).is_dir() {
                found.extend(content::load(&opts.root, opts.drafts)?.1);
            }
            return Ok(None);
        }
    };
    let renderer_opts = RendererOptions {
        root: &opts.root,
        theme: &config.theme,
        language: &config.language,
        base_path: &config.base_path,
    };
    let renderer = Renderer::new(&renderer_opts);
    let (content, problems) = content::load_with(
        &opts.root,
        opts.drafts,
        memo.as_deref_mut().map(|m| &mut m.notes),
    )?;
    timer.lap("load");
    found.extend(problems);
    let renderer = match renderer {
        Ok(r) => r,
        Err(ds) => {
            found.extend(ds);
            return Ok(None);
        }
    };
    let md_opts = MarkdownOptions {
        labels: alert_labels(renderer.strings()),
        callouts: callout_kinds(renderer.strings(), &config.markdown),
        math: config.markdown.math,
        highlight: config.markdown.highlight_theme != "none",
        auto_link: config.markdown.auto_link_keywords,
        plain_text: config.search.enabled,
        raw_html: config.markdown.raw_html,
    };
    let cache = memo.map(|m| &mut m.markdown);
    let (site, problems) = Site::build(config, content, &md_opts, &opts.root, cache, timer);
    found.extend(problems);
    Ok(Some(Loaded {
        site,
        renderer,
        md_opts,
    }))
}

/// Builds into `out` through a staging folder: the previous output is
/// replaced only if the build succeeded. Waits up to
/// [`DEFAULT_LOCK_WAIT`](crate::output::DEFAULT_LOCK_WAIT) for another
/// build of the same folder.
pub fn build_to_dir(opts: &BuildOptions, out: &Path) -> anyhow::Result<Outcome> {
    let wait = LockWait::quiet(crate::output::DEFAULT_LOCK_WAIT);
    build_to_dir_with(opts, out, &wait)
}

/// [`build_to_dir`], waiting for another build of the folder as `wait`
/// says. `out` may be a symbolic link: the build writes its target.
pub fn build_to_dir_with(
    opts: &BuildOptions,
    out: &Path,
    wait: &LockWait,
) -> anyhow::Result<Outcome> {
    let folder = OutputFolder::resolve(out)?;
    check_output_location(&opts.root, &folder)?;
    let staging = Staging::begin_in(&folder, wait)?;
    let outcome = run(opts, &staging)?;
    if !outcome.failed() {
        staging.commit()?;
    }
    Ok(outcome)
}

/// Folders of a site that a build reads.
const SOURCE_DIRS: [&str; 4] = [content::CONTENT_DIR, "static", "templates", "themes"];

/// Refuses an output folder inside a folder the build reads (the next build
/// would publish the previous output again, or read it as notes) or one
/// that holds the site (replacing it would delete the notes).
fn check_output_location(root: &Path, folder: &OutputFolder) -> anyhow::Result<()> {
    // A missing site root is reported by the build itself.
    let Ok(site) = std::fs::canonicalize(root) else {
        return Ok(());
    };
    let out = folder.canonical()?;
    let shown = folder.given().display();
    if site.starts_with(&out) {
        anyhow::bail!(
            "refusing to build into {shown}: it holds the site itself ({})\n  \
             hint: build into a folder of its own, e.g. --out public",
            root.display()
        );
    }
    if let Some(dir) = source_folder_of(root, &out) {
        anyhow::bail!(
            "refusing to build into {shown}: it is inside the site's {dir}/ folder, which \
             the build reads, so every build would take in the previous output\n  \
             hint: build outside {dir}/, e.g. --out public"
        );
    }
    Ok(())
}

/// The folder of the site a build reads (`content`, `static`, `templates`,
/// `themes`) that holds `path` (absolute, links resolved), if any.
pub fn source_folder_of(root: &Path, path: &Path) -> Option<&'static str> {
    let site = std::fs::canonicalize(root).ok()?;
    SOURCE_DIRS.into_iter().find(|dir| {
        let source = std::fs::canonicalize(root.join(dir)).unwrap_or_else(|_| site.join(dir));
        path.starts_with(source)
    })
}

fn load_config(opts: &BuildOptions) -> anyhow::Result<Result<Config, Vec<Diagnostic>>> {
    let mut config = Config::load(&opts.root)?;
    if let (Ok(c), Some(url)) = (&mut config, &opts.base_url) {
        c.set_base_url(url)
            .map_err(|e| anyhow::anyhow!("--base-url: {e}"))?;
    }
    Ok(config)
}

/// The built-in `[!EXAM]` (label from the theme) and the site's own
/// callouts; a site's `exam` replaces the built-in one.
fn callout_kinds(
    strings: &BTreeMap<String, String>,
    markdown: &crate::config::MarkdownConfig,
) -> Vec<CalloutKind> {
    let label = strings
        .get("callout_exam")
        .map_or("試験に出る", String::as_str);
    let mut kinds = vec![CalloutKind::exam(label)];
    for (name, c) in &markdown.callouts {
        let name = name.to_ascii_lowercase();
        kinds.retain(|k| k.name != name);
        kinds.push(CalloutKind {
            name,
            label: c.label.clone(),
            icon: c.icon.clone(),
        });
    }
    kinds
}

fn alert_labels(strings: &BTreeMap<String, String>) -> AlertLabels {
    let get = |key: &str, default: String| strings.get(key).cloned().unwrap_or(default);
    let d = AlertLabels::default();
    AlertLabels {
        note: get("alert_note", d.note),
        tip: get("alert_tip", d.tip),
        important: get("alert_important", d.important),
        warning: get("alert_warning", d.warning),
        caution: get("alert_caution", d.caution),
    }
}

/// The question bank's manifest and shards, and the quiz scripts' UI
/// strings; returns how many files.
fn write_bank(
    site: &Site,
    renderer: &Renderer,
    output: &dyn Output,
    cache: Option<&mut quiz::shards::ShardCache>,
) -> anyhow::Result<usize> {
    let files = quiz::shards::files(site, cache);
    // Thousands of small files: written on every core, as pages are.
    files
        .par_iter()
        .try_for_each(|(path, bytes)| output.write_shared(path, bytes))?;
    let strings = quiz::view::strings_js(renderer.strings());
    output.write(quiz::view::STRINGS_PATH, strings.as_bytes())?;
    Ok(files.len() + 1)
}

/// Feeds and the question bank, then the static files (see
/// [`StaticFiles`]); returns how many files.
fn write_files(
    site: &Site,
    sitemap: &[(String, Option<String>)],
    statics: &StaticFiles,
    output: &dyn Output,
) -> anyhow::Result<usize> {
    let mut count = 0;
    for (path, bytes) in feeds::files(site, sitemap) {
        output.write(&path, &bytes)?;
        count += 1;
    }
    Ok(count + statics.write(output)?)
}

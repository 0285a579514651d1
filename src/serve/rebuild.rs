//! Serve, stage 3: the rebuilder. Receives debounced batches from the
//! watcher, classifies them, rebuilds the site in memory, swaps the new
//! build in (or keeps the last good one when the build fails), and tells
//! browsers and the terminal what happened.
//!
//! How a site is rebuilt is behind the [`Rebuild`] trait: [`FullRebuild`]
//! runs the whole pipeline with a [`Memo`] of the previous build, so notes,
//! Markdown and pages whose inputs did not change are reused instead of
//! parsed and rendered again; the output equals a fresh build's.

use std::collections::BTreeMap;
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;

use super::classify::{classify, ChangeKind, ChangeOp, Changes};
use super::live::{Message, Problem};
use super::store::SiteFiles;
use super::watch::{SiteWatcher, WatchBatch};
use super::App;
use crate::cmd::{plural, print_diagnostics};
use crate::diagnostics::Diagnostic;
use crate::output::MemoryOutput;
use crate::pipeline::{self, BuildOptions, IndexJob, Memo};
use crate::search;
use crate::timings::Lap;

/// The result of one build.
#[derive(Debug)]
pub enum Built {
    /// A complete site; `diagnostics` holds its warnings.
    Site {
        files: SiteFiles,
        diagnostics: Vec<Diagnostic>,
    },
    /// Mistakes in user files; nothing usable was built.
    Failed { diagnostics: Vec<Diagnostic> },
    /// Not a mistake in a user file: an I/O error, a missing `content/`.
    Broken(anyhow::Error),
}

/// Builds the site after a batch of changes.
pub trait Rebuild: Send {
    fn rebuild(&mut self, changes: &Changes) -> Built;

    /// Work left over from the last successful rebuild, done after
    /// browsers were told to reload, off the rebuild thread: it makes the
    /// search index files, which replace the served ones.
    fn finish(&mut self) -> Option<IndexWork> {
        None
    }
}

/// Builds search index files (output path → bytes).
pub struct IndexWork(Box<dyn FnOnce() -> BTreeMap<String, Bytes> + Send>);

impl IndexWork {
    pub fn run(self) -> BTreeMap<String, Bytes> {
        (self.0)()
    }
}

/// Rebuilds through [`pipeline::run_with`] into memory, remembering what
/// it can reuse next time; a batch that only edits note bodies goes
/// through [`pipeline::patch`] first.
///
/// The first build is complete. Later ones leave the search index for
/// [`Rebuild::finish`] (it can take as long as all the pages on a large
/// site) and serve the previous index until then.
pub struct FullRebuild {
    opts: BuildOptions,
    memo: Memo,
    /// The last good build's files, without the search index.
    pages: BTreeMap<String, Bytes>,
    /// The newest search index files, shared with the work that builds
    /// them (see [`Rebuild::finish`]).
    index: Arc<Mutex<BTreeMap<String, Bytes>>>,
    pending: Option<IndexJob>,
    built_once: bool,
    /// How many rebuilds took the fast path.
    patched: usize,
    /// The stages of the last rebuild that ran the pipeline.
    stages: Vec<Lap>,
}

impl FullRebuild {
    pub fn new(opts: BuildOptions) -> FullRebuild {
        FullRebuild {
            opts,
            memo: Memo::default(),
            pages: BTreeMap::new(),
            index: Arc::default(),
            pending: None,
            built_once: false,
            patched: 0,
            stages: Vec::new(),
        }
    }

    /// Each stage of the last rebuild that ran the pipeline (not the fast
    /// path), with its time: what `examples/rebuild.rs` prints.
    pub fn last_stages(&self) -> &[Lap] {
        &self.stages
    }

    /// How many rebuilds took [`pipeline::patch`]'s fast path.
    pub fn patched_builds(&self) -> usize {
        self.patched
    }

    /// The fast path, when `changes` only edit notes and it applies.
    fn patch(&mut self, changes: &Changes) -> anyhow::Result<Option<Built>> {
        let Some(rels) = edited_notes(changes) else {
            return Ok(None);
        };
        let Some(patched) = pipeline::patch(&self.opts.root, &mut self.memo, &rels)? else {
            return Ok(None);
        };
        self.pages.extend(patched.files);
        self.patched += 1;
        self.pending = self
            .memo
            .retained
            .as_ref()
            .filter(|r| r.site.config.search.enabled)
            .map(|_| IndexJob::later());
        Ok(Some(self.served(patched.outcome.diagnostics)))
    }

    /// The pages and the current search index as one build.
    fn served(&self, diagnostics: Vec<Diagnostic>) -> Built {
        let index = lock(&self.index);
        Built::Site {
            files: SiteFiles::merged(&self.pages, &index),
            diagnostics,
        }
    }
}

/// The content-relative paths of the notes `changes` edit, when that is
/// all they do.
fn edited_notes(changes: &Changes) -> Option<Vec<String>> {
    changes
        .items
        .iter()
        .map(|c| {
            // An atomic save can reach us as an addition of the same file.
            let edit = matches!(c.op, ChangeOp::Edited | ChangeOp::Added);
            if !edit || c.kind != ChangeKind::Note {
                return None;
            }
            let rel = c.path.strip_prefix(crate::content::CONTENT_DIR).ok()?;
            let parts: Option<Vec<&str>> =
                rel.components().map(|p| p.as_os_str().to_str()).collect();
            parts.map(|p| p.join("/"))
        })
        .collect()
}

impl Rebuild for FullRebuild {
    fn rebuild(&mut self, changes: &Changes) -> Built {
        if self.built_once {
            match self.patch(changes) {
                Ok(Some(built)) => return built,
                Ok(None) => {}
                Err(e) => return Built::Broken(e),
            }
        }
        let output = MemoryOutput::default();
        match pipeline::run_deferring_index(&self.opts, &output, Some(&mut self.memo)) {
            Ok((outcome, _)) if outcome.failed() => Built::Failed {
                diagnostics: outcome.diagnostics,
            },
            Ok((outcome, job)) => {
                self.stages = outcome.stages.clone();
                self.pending = job;
                self.pages = output.into_files();
                if !self.built_once {
                    // The first build is served complete.
                    if let Some(work) = self.finish() {
                        work.run();
                    }
                    self.built_once = true;
                } else if self.pending.is_none() {
                    // Search was turned off.
                    lock(&self.index).clear();
                }
                self.served(outcome.diagnostics)
            }
            Err(e) => Built::Broken(e),
        }
    }

    fn finish(&mut self) -> Option<IndexWork> {
        let build = self.pending.take()?.prepare(&self.memo);
        let index = self.index.clone();
        Some(IndexWork(Box::new(move || {
            let files = build();
            *lock(&index) = files.clone();
            files
        })))
    }
}

/// The guarded value, also after a panic elsewhere (the index is replaced
/// whole, so it is never half written).
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// What browsers should do after a successful build replaced `old` by
/// `new`; `None` when nothing they show changed. A page showing the error
/// overlay always reloads.
pub fn decide(old: &SiteFiles, new: &SiteFiles, was_failing: bool) -> Option<Message> {
    let changed = old.changed_paths(new);
    if was_failing {
        return Some(Message::Reload {
            changed: changed.len(),
        });
    }
    if changed.is_empty() {
        return None;
    }
    if changed.iter().all(|p| p.ends_with(".css")) {
        return Some(Message::Css {
            paths: changed.iter().map(|p| format!("/{p}")).collect(),
        });
    }
    Some(Message::Reload {
        changed: changed.len(),
    })
}

/// What became of a build.
#[derive(Debug, PartialEq, Eq)]
enum Applied {
    /// It is served now; browsers were sent this message (if any).
    Swapped(Option<Message>),
    /// It failed; the previous build is still served.
    Kept,
}

/// Drives builds: the first one, then one per batch of changes.
pub struct Rebuilder<R: Rebuild> {
    builder: R,
    app: Arc<App>,
    quiet: bool,
    indexer: Option<Indexer>,
}

/// The thread that builds search indexes after reloads, one at a time,
/// skipping work a newer build's work superseded.
struct Indexer {
    jobs: mpsc::Sender<IndexWork>,
}

impl Indexer {
    fn start(app: Arc<App>) -> Indexer {
        let (jobs, queue) = mpsc::channel::<IndexWork>();
        let spawned = std::thread::Builder::new()
            .name("manabi-index".into())
            .spawn(move || {
                while let Ok(mut work) = queue.recv() {
                    while let Ok(newer) = queue.try_recv() {
                        work = newer;
                    }
                    Indexer::apply(&app, work);
                }
            });
        if spawned.is_err() {
            // The receiver is gone with the closure: sends fail, and the
            // work runs on the rebuild thread instead.
            eprintln!("warning: no thread for the search index; building it in line");
        }
        Indexer { jobs }
    }

    /// Runs `work` and serves its files in place of the current index
    /// (a panic, a bug, keeps the old index).
    fn apply(app: &App, work: IndexWork) {
        let Ok(files) = panic::catch_unwind(AssertUnwindSafe(|| work.run())) else {
            return;
        };
        app.site
            .update(|current| current.replacing(search::index::is_index_file, files));
    }
}

impl<R: Rebuild> Rebuilder<R> {
    pub fn new(builder: R, app: Arc<App>, quiet: bool) -> Self {
        Rebuilder {
            builder,
            app,
            quiet,
            indexer: None,
        }
    }

    /// The initial build. Mistakes in the site are reported like any
    /// other failed build (serve starts anyway and shows them until fixed);
    /// an I/O failure such as a missing `content/` is returned.
    pub fn first_build(&mut self) -> anyhow::Result<()> {
        let start = Instant::now();
        let built = self.build(&Changes::default());
        if let Built::Broken(e) = built {
            return Err(e);
        }
        if matches!(self.apply(built), Applied::Swapped(_)) && !self.quiet {
            let files = self.app.site.current().len();
            eprintln!("built {files} files in {} ms", start.elapsed().as_millis());
        }
        Ok(())
    }

    /// Runs until the watcher's channel closes. Batches that arrive while a
    /// build runs are merged into one follow-up build.
    pub fn run(mut self, batches: &Receiver<WatchBatch>, mut watcher: SiteWatcher) {
        while let Ok(batch) = batches.recv() {
            let start = Instant::now();
            let mut changes = self.changes(&watcher, batch);
            while let Ok(more) = batches.try_recv() {
                changes.merge(self.changes(&watcher, more));
            }
            watcher.refresh(&changes);
            if !changes.is_empty() {
                self.report_changes(&changes);
                let built = self.build(&changes);
                if let Applied::Swapped(message) = self.apply(built) {
                    self.report_success(message.as_ref(), start.elapsed());
                    self.finish();
                }
            }
        }
    }

    /// Hands the builder's leftover work (the search index) to the index
    /// thread, so the next rebuild need not wait for it.
    fn finish(&mut self) {
        let builder = &mut self.builder;
        let Ok(Some(work)) = panic::catch_unwind(AssertUnwindSafe(|| builder.finish())) else {
            return;
        };
        let app = self.app.clone();
        let indexer = self.indexer.get_or_insert_with(|| Indexer::start(app));
        if let Err(mpsc::SendError(work)) = indexer.jobs.send(work) {
            // No index thread: do the work here.
            Indexer::apply(&self.app, work);
        }
    }

    /// Builds, turning a panic (a bug) into a failed build so the server
    /// keeps serving and watching.
    fn build(&mut self, changes: &Changes) -> Built {
        let builder = &mut self.builder;
        match panic::catch_unwind(AssertUnwindSafe(|| builder.rebuild(changes))) {
            Ok(built) => built,
            Err(_) => Built::Broken(anyhow::anyhow!(
                "internal error: the build panicked (message above); please report it"
            )),
        }
    }

    fn changes(&self, watcher: &SiteWatcher, batch: WatchBatch) -> Changes {
        match batch {
            WatchBatch::Events(events) => classify(watcher.root(), &events),
            WatchBatch::Errors(errors) => {
                for e in errors {
                    eprintln!("warning: file watcher: {e}");
                }
                Changes::default()
            }
        }
    }

    /// Swaps in a good build or keeps the last one, then tells browsers.
    fn apply(&mut self, built: Built) -> Applied {
        match built {
            Built::Site { files, diagnostics } => {
                print_diagnostics(&diagnostics);
                let was_failing = self.app.hub.is_failing();
                let old = self.app.site.replace(files);
                let message = decide(&old, &self.app.site.current(), was_failing);
                if let Some(m) = &message {
                    self.app.hub.publish(m);
                }
                // Tens of thousands of files to free: not before the
                // reload is reported.
                let _ = std::thread::Builder::new()
                    .name("manabi-free".into())
                    .spawn(move || drop(old));
                Applied::Swapped(message)
            }
            Built::Failed { diagnostics } => {
                print_diagnostics(&diagnostics);
                self.fail(diagnostics.iter().map(Problem::from_diagnostic).collect());
                Applied::Kept
            }
            Built::Broken(e) => {
                eprintln!("error: {e:#}");
                self.fail(vec![Problem::from_error(&e)]);
                Applied::Kept
            }
        }
    }

    fn fail(&self, problems: Vec<Problem>) {
        self.app.hub.publish(&Message::Error { problems });
        let kept = if self.app.site.current().is_empty() {
            "nothing to serve yet"
        } else {
            "still serving the last good build"
        };
        eprintln!("build failed; {kept}");
    }

    fn report_changes(&self, changes: &Changes) {
        if self.quiet {
            return;
        }
        match changes.items.as_slice() {
            [one] => eprintln!("change: {} ({})", one.path.display(), op_word(&one.op)),
            many => eprintln!("change: {} files", many.len()),
        }
    }

    fn report_success(&self, message: Option<&Message>, elapsed: Duration) {
        if self.quiet {
            return;
        }
        let what = match message {
            Some(Message::Reload { changed: 0 }) => "no output changed; error cleared".to_string(),
            Some(Message::Reload { changed }) => {
                format!("{changed} file{} changed", plural(*changed))
            }
            Some(Message::Css { paths }) => {
                format!("{} stylesheet{} changed", paths.len(), plural(paths.len()))
            }
            _ => "no output changed".to_string(),
        };
        eprintln!("rebuilt in {} ms ({what})", elapsed.as_millis());
    }
}

fn op_word(op: &ChangeOp) -> &'static str {
    match op {
        ChangeOp::Added => "added",
        ChangeOp::Edited => "edited",
        ChangeOp::Removed => "removed",
        ChangeOp::Renamed { .. } => "renamed",
    }
}

#[cfg(test)]
mod tests {
    use bytes::Bytes;

    use super::*;

    fn site(files: &[(&str, &str)]) -> SiteFiles {
        SiteFiles::from_files(
            files
                .iter()
                .map(|(k, v)| (k.to_string(), Bytes::copy_from_slice(v.as_bytes())))
                .collect(),
        )
    }

    #[test]
    fn page_changes_reload() {
        let old = site(&[("a/index.html", "1"), ("css/s.css", "x")]);
        let new = site(&[("a/index.html", "2"), ("css/s.css", "y")]);
        assert_eq!(
            decide(&old, &new, false),
            Some(Message::Reload { changed: 2 })
        );
    }

    #[test]
    fn stylesheet_only_changes_swap_css() {
        let old = site(&[("a/index.html", "1"), ("css/s.css", "x")]);
        let new = site(&[("a/index.html", "1"), ("css/s.css", "y")]);
        let paths = vec!["/css/s.css".to_string()];
        assert_eq!(decide(&old, &new, false), Some(Message::Css { paths }));
    }

    #[test]
    fn unchanged_output_sends_nothing_unless_recovering() {
        let s = site(&[("a/index.html", "1")]);
        assert_eq!(decide(&s, &s, false), None);
        assert_eq!(decide(&s, &s, true), Some(Message::Reload { changed: 0 }));
    }

    /// Hands out prepared results; panics when it runs out.
    struct Scripted(Vec<Built>);

    impl Rebuild for Scripted {
        fn rebuild(&mut self, _: &Changes) -> Built {
            self.0.remove(0)
        }
    }

    #[test]
    fn a_panicking_build_is_a_failed_build() {
        let app = Arc::new(App::default());
        let mut r = Rebuilder::new(Scripted(vec![]), app.clone(), true);
        assert!(matches!(r.build(&Changes::default()), Built::Broken(_)));
        let built = r.build(&Changes::default());
        assert_eq!(r.apply(built), Applied::Kept);
        assert!(app.hub.is_failing());
    }

    #[test]
    fn failed_rebuild_keeps_the_last_good_build() {
        let app = Arc::new(App::default());
        let good = site(&[("index.html", "good")]);
        let d = Diagnostic::error("content/a.md", crate::diagnostics::Pos::new(2, 1), "bad");
        let steps = vec![
            Built::Site {
                files: good.clone(),
                diagnostics: vec![],
            },
            Built::Failed {
                diagnostics: vec![d],
            },
        ];
        let mut r = Rebuilder::new(Scripted(steps), app.clone(), true);
        r.first_build().unwrap();
        let built = r.build(&Changes::default());
        assert_eq!(r.apply(built), Applied::Kept);
        assert_eq!(*app.site.current(), good);
        assert!(app.hub.is_failing());
    }
}

//! Serve, stage 1: the file watcher. Watches the site root (for
//! `site.yaml` and top-level folders appearing) and, recursively, the
//! folders in [`WATCHED_DIRS`] that exist, through notify and
//! notify-debouncer-full, or notify's polling watcher (`--poll`) on file
//! systems that send no events (network shares, some containers). Turns
//! notify's events into the classifier's [`FsEvent`]s and sends each
//! debounced batch down a channel; it decides nothing about them.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use anyhow::Context as _;
use notify::event::{CreateKind, MetadataKind, ModifyKind, RemoveKind, RenameMode};
use notify::{EventKind, PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    new_debouncer, new_debouncer_opt, DebounceEventResult, Debouncer, RecommendedCache,
};

use super::classify::{ChangeOp, Changes, FsEvent, FsOp, WATCHED_DIRS};

/// How often the polling watcher looks at every file.
const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// What the watcher sends to the rebuilder.
#[derive(Debug)]
pub enum WatchBatch {
    /// One debounced batch, in the order things happened.
    Events(Vec<FsEvent>),
    /// The watcher's own failures (a watch limit reached, a lost folder).
    Errors(Vec<String>),
}

/// How to watch.
#[derive(Debug, Clone)]
pub struct WatchOptions {
    /// The site root, canonical (event paths are made relative to it).
    pub root: PathBuf,
    /// Poll instead of using the platform's events.
    pub poll: bool,
    /// Quiet time after the last event before a batch is sent.
    pub debounce: Duration,
}

enum Backend {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    Poll(Debouncer<PollWatcher, RecommendedCache>),
}

impl Backend {
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match self {
            Backend::Native(d) => d.watch(path, mode),
            Backend::Poll(d) => d.watch(path, mode),
        }
    }

    fn unwatch(&mut self, path: &Path) -> notify::Result<()> {
        match self {
            Backend::Native(d) => d.unwatch(path),
            Backend::Poll(d) => d.unwatch(path),
        }
    }
}

/// A running watcher; dropping it stops watching.
pub struct SiteWatcher {
    backend: Backend,
    root: PathBuf,
    watched: BTreeSet<PathBuf>,
}

impl SiteWatcher {
    /// Starts watching `opts.root`; batches go to `batches`.
    pub fn start(opts: &WatchOptions, batches: Sender<WatchBatch>) -> anyhow::Result<SiteWatcher> {
        let handler = move |result: DebounceEventResult| {
            if let Some(batch) = to_batch(result) {
                let _ = batches.send(batch);
            }
        };
        let backend = if opts.poll {
            // notify's poller keeps mtimes in whole seconds: without
            // comparing contents it misses a save within the same second.
            let config = notify::Config::default()
                .with_poll_interval(POLL_INTERVAL)
                .with_compare_contents(true);
            let cache = RecommendedCache::default();
            Backend::Poll(new_debouncer_opt(
                opts.debounce,
                None,
                handler,
                cache,
                config,
            )?)
        } else {
            Backend::Native(new_debouncer(opts.debounce, None, handler)?)
        };
        let mut watcher = SiteWatcher {
            backend,
            root: opts.root.clone(),
            watched: BTreeSet::new(),
        };
        watcher
            .backend
            .watch(&opts.root, RecursiveMode::NonRecursive)
            .with_context(|| format!("cannot watch {}", opts.root.display()))?;
        watcher.refresh(&Changes::default());
        Ok(watcher)
    }

    /// The watched site root.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Follows top-level folders: watches those that appeared, forgets
    /// those that vanished, and watches anew those that `changes` says were
    /// replaced (deleted and created again, renamed into place).
    pub fn refresh(&mut self, changes: &Changes) {
        for change in &changes.items {
            let top = self.root.join(&change.path);
            if change.op != ChangeOp::Edited && self.watched.remove(&top) {
                let _ = self.backend.unwatch(&top);
            }
        }
        for dir in WATCHED_DIRS {
            let path = self.root.join(dir);
            match (path.is_dir(), self.watched.contains(&path)) {
                (true, false) => match self.backend.watch(&path, RecursiveMode::Recursive) {
                    Ok(()) => {
                        self.watched.insert(path);
                    }
                    Err(e) => eprintln!(
                        "warning: cannot watch {}: {e}\n  hint: try `manabi serve --poll`",
                        path.display()
                    ),
                },
                (false, true) => {
                    let _ = self.backend.unwatch(&path);
                    self.watched.remove(&path);
                }
                _ => {}
            }
        }
    }
}

fn to_batch(result: DebounceEventResult) -> Option<WatchBatch> {
    match result {
        Ok(events) => {
            let events: Vec<FsEvent> = events.iter().filter_map(|e| fs_event(&e.event)).collect();
            (!events.is_empty()).then_some(WatchBatch::Events(events))
        }
        Err(errors) => Some(WatchBatch::Errors(
            errors.iter().map(ToString::to_string).collect(),
        )),
    }
}

/// notify's event as the classifier sees it; `None` for reads (serve's own
/// builds open every file) and access-time updates.
pub fn fs_event(event: &notify::Event) -> Option<FsEvent> {
    let (op, folder) = match event.kind {
        EventKind::Access(_) => return None,
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => return None,
        EventKind::Create(kind) => (FsOp::Created, kind == CreateKind::Folder),
        EventKind::Remove(kind) => (FsOp::Removed, kind == RemoveKind::Folder),
        EventKind::Modify(ModifyKind::Name(mode)) => (rename_op(mode, event.paths.len()), false),
        // Pollers report a folder whose entries changed as modified; the
        // entries have their own events, so mark it for the classifier.
        EventKind::Modify(_) | EventKind::Any | EventKind::Other => (
            FsOp::Modified,
            event.paths.first().is_some_and(|p| p.is_dir()),
        ),
    };
    if event.paths.is_empty() {
        return None;
    }
    Some(FsEvent {
        op,
        paths: event.paths.clone(),
        folder,
    })
}

fn rename_op(mode: RenameMode, paths: usize) -> FsOp {
    match mode {
        RenameMode::Both if paths == 2 => FsOp::Renamed,
        RenameMode::From => FsOp::RenamedFrom,
        RenameMode::To => FsOp::RenamedTo,
        // A rename notify could not pair: whichever side it was, the
        // rebuild reads the disk as it is now.
        _ => FsOp::Modified,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::AccessKind;

    fn event(kind: EventKind, paths: &[&str]) -> notify::Event {
        let mut e = notify::Event::new(kind);
        for p in paths {
            e = e.add_path(PathBuf::from(p));
        }
        e
    }

    #[test]
    fn reads_are_not_changes() {
        assert_eq!(
            fs_event(&event(EventKind::Access(AccessKind::Any), &["/s/a.md"])),
            None
        );
        let atime = EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime));
        assert_eq!(fs_event(&event(atime, &["/s/a.md"])), None);
    }

    #[test]
    fn renames_keep_both_names() {
        let both = EventKind::Modify(ModifyKind::Name(RenameMode::Both));
        let got = fs_event(&event(both, &["/s/a.tmp", "/s/a.md"])).unwrap();
        assert_eq!(got, FsEvent::rename("/s/a.tmp", "/s/a.md"));
        let from = EventKind::Modify(ModifyKind::Name(RenameMode::From));
        assert_eq!(
            fs_event(&event(from, &["/s/a.md"])).unwrap().op,
            FsOp::RenamedFrom
        );
    }

    #[test]
    fn folder_events_are_marked() {
        let got = fs_event(&event(
            EventKind::Remove(RemoveKind::Folder),
            &["/s/content/x"],
        ));
        assert!(got.unwrap().folder);
    }
}

//! One build per output folder at a time: an advisory lock (`flock`) on a
//! file beside the folder, `.public.manabi-lock`. The operating system
//! drops the lock when its holder exits, however it exits, so a killed
//! build leaves no stale lock: at most the empty file, which the next build
//! takes over.

use std::fs::{self, File, TryLockError};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _};

/// How long a build waits for another build of the same folder, and whom
/// it tells that it is waiting.
pub struct LockWait<'a> {
    pub timeout: Duration,
    /// Called once, when another build holds the folder.
    pub on_wait: &'a dyn Fn(),
}

impl LockWait<'_> {
    /// Waits up to `timeout` without a word.
    pub fn quiet(timeout: Duration) -> LockWait<'static> {
        LockWait {
            timeout,
            on_wait: &|| {},
        }
    }
}

/// How often a waiting build tries the lock again.
const POLL: Duration = Duration::from_millis(50);

/// The held lock of one output folder; released on drop.
#[derive(Debug)]
pub struct BuildLock {
    /// `None` where the file system has no locks (some network mounts).
    file: Option<File>,
    path: PathBuf,
}

impl BuildLock {
    /// Takes the lock at `path`, waiting as `wait` says for a build that
    /// holds it. `shown` names the output folder in messages.
    pub fn acquire(path: &Path, shown: &Path, wait: &LockWait) -> anyhow::Result<BuildLock> {
        let deadline = Instant::now() + wait.timeout;
        let mut told = false;
        loop {
            let file = open(path)?;
            match file.try_lock() {
                // A lock on a file the previous holder has just removed
                // excludes nobody: take the new file instead.
                Ok(()) if is_at(&file, path) => {
                    let file = Some(file);
                    return Ok(BuildLock {
                        file,
                        path: path.into(),
                    });
                }
                Ok(()) => continue,
                Err(TryLockError::WouldBlock) => {}
                Err(TryLockError::Error(e)) if e.kind() == io::ErrorKind::Unsupported => {
                    return Ok(BuildLock {
                        file: None,
                        path: path.into(),
                    });
                }
                Err(TryLockError::Error(e)) => {
                    return Err(e).with_context(|| format!("cannot lock {}", path.display()))
                }
            }
            if Instant::now() >= deadline {
                bail!(
                    "another build of {} is still running (it holds {})\n  \
                     hint: wait for it to finish, or give it longer with --wait SECONDS",
                    shown.display(),
                    path.display()
                );
            }
            if !told {
                (wait.on_wait)();
                told = true;
            }
            std::thread::sleep(POLL.min(deadline.saturating_duration_since(Instant::now())));
        }
    }
}

impl Drop for BuildLock {
    fn drop(&mut self) {
        if self.file.is_some() {
            // Removed while still locked: a build that opened the file
            // meanwhile finds it gone (`is_at`) and locks a new one.
            let _ = fs::remove_file(&self.path);
        }
    }
}

fn open(path: &Path) -> anyhow::Result<File> {
    fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .with_context(|| format!("cannot create the lock file {}", path.display()))
}

/// Whether `path` still names the open `file`.
#[cfg(unix)]
fn is_at(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => (a.dev(), a.ino()) == (b.dev(), b.ino()),
        _ => false,
    }
}

/// Elsewhere an open file cannot be removed, so the path still names it.
#[cfg(not(unix))]
fn is_at(_: &File, _: &Path) -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn a_second_lock_waits_for_the_first_and_says_so_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".public.manabi-lock");
        let first =
            BuildLock::acquire(&path, Path::new("public"), &LockWait::quiet(Duration::ZERO))
                .unwrap();
        let told = AtomicUsize::new(0);
        std::thread::scope(|s| {
            let waiter = s.spawn(|| {
                let notify = || {
                    told.fetch_add(1, Ordering::SeqCst);
                };
                let wait = LockWait {
                    timeout: Duration::from_secs(30),
                    on_wait: &notify,
                };
                BuildLock::acquire(&path, Path::new("public"), &wait)
            });
            while told.load(Ordering::SeqCst) == 0 {
                std::thread::sleep(Duration::from_millis(5));
            }
            drop(first);
            let second = waiter.join().unwrap().unwrap();
            assert!(path.is_file(), "the second build holds a fresh lock file");
            drop(second);
        });
        assert_eq!(told.load(Ordering::SeqCst), 1);
        assert!(!path.exists(), "the lock file goes with the last holder");
    }

    #[test]
    fn a_held_lock_fails_a_build_that_will_not_wait() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".public.manabi-lock");
        let _held =
            BuildLock::acquire(&path, Path::new("public"), &LockWait::quiet(Duration::ZERO))
                .unwrap();
        let wait = LockWait::quiet(Duration::from_millis(120));
        let start = Instant::now();
        let err = BuildLock::acquire(&path, Path::new("public"), &wait).unwrap_err();
        assert!(start.elapsed() >= Duration::from_millis(120));
        let err = err.to_string();
        assert!(
            err.contains("another build of public is still running"),
            "{err}"
        );
    }

    #[test]
    fn a_lock_file_left_by_a_killed_build_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".public.manabi-lock");
        fs::write(&path, "").unwrap();
        let lock = BuildLock::acquire(&path, Path::new("public"), &LockWait::quiet(Duration::ZERO));
        assert!(lock.is_ok(), "{lock:?}");
    }
}

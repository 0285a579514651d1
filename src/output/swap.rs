//! Putting a staged build in the output folder's place. On Linux one
//! `renameat2(RENAME_EXCHANGE)` swaps the two folders atomically, so there
//! is no moment without an output folder; elsewhere (and on file systems
//! that lack the exchange) two renames, the previous output parked beside
//! the folder in between and put back by the next build if a kill fell
//! between them.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

/// Moves `staging` to `target`. Returns the folder now holding the previous
/// output, for the caller to remove: `staging` itself after an exchange,
/// `parked` after two renames, nothing when there was no previous output.
pub fn replace(staging: &Path, target: &Path, parked: &Path) -> anyhow::Result<Option<PathBuf>> {
    if fs::symlink_metadata(target).is_err() {
        rename(staging, target)?;
        return Ok(None);
    }
    if exchange(staging, target)
        .with_context(|| format!("cannot swap {} into place", target.display()))?
    {
        return Ok(Some(staging.to_path_buf()));
    }
    two_renames(staging, target, parked)?;
    Ok(Some(parked.to_path_buf()))
}

/// The fallback: the previous output aside, then the new one in.
pub fn two_renames(staging: &Path, target: &Path, parked: &Path) -> anyhow::Result<()> {
    if parked.exists() {
        fs::remove_dir_all(parked).with_context(|| format!("cannot clear {}", parked.display()))?;
    }
    fs::rename(target, parked)
        .with_context(|| format!("cannot move {} aside", target.display()))?;
    if let Err(e) = rename(staging, target) {
        // Put the previous output back: nothing is lost.
        let _ = fs::rename(parked, target);
        return Err(e);
    }
    Ok(())
}

/// After a build killed between [`two_renames`]' renames: the previous
/// output is still parked, and goes back in place.
pub fn recover(target: &Path, parked: &Path, marker: &str) {
    let missing = fs::symlink_metadata(target).is_err();
    if missing && parked.join(marker).is_file() {
        let _ = fs::rename(parked, target);
    }
}

fn rename(staging: &Path, target: &Path) -> anyhow::Result<()> {
    fs::rename(staging, target)
        .with_context(|| format!("cannot move the new site into {}", target.display()))
}

/// Swaps two existing folders atomically; `false` where the system or the
/// file system cannot.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        // Kernels before 3.15, and file systems without the exchange.
        Err(Errno::INVAL | Errno::NOSYS | Errno::OPNOTSUPP) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Swaps two existing folders atomically; `false` where the system or the
/// file system cannot.
#[cfg(not(any(target_os = "linux", target_os = "android")))]
pub fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(dir: &Path, name: &str, file: &str) -> PathBuf {
        let p = dir.join(name);
        fs::create_dir(&p).unwrap();
        fs::write(p.join(file), name).unwrap();
        p
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn exchange_swaps_two_folders_in_one_step() {
        let dir = tempfile::tempdir().unwrap();
        let a = folder(dir.path(), "a", "from-a");
        let b = folder(dir.path(), "b", "from-b");
        assert!(
            exchange(&a, &b).unwrap(),
            "tmpfs and ext4 have RENAME_EXCHANGE"
        );
        assert!(a.join("from-b").is_file() && b.join("from-a").is_file());
    }

    #[test]
    fn replace_leaves_the_previous_output_to_remove() {
        let dir = tempfile::tempdir().unwrap();
        let staging = folder(dir.path(), "staging", "new");
        let target = folder(dir.path(), "public", "old");
        let parked = dir.path().join("parked");
        let previous = replace(&staging, &target, &parked).unwrap().unwrap();
        assert!(target.join("new").is_file());
        assert!(previous.join("old").is_file());
    }

    #[test]
    fn replace_without_a_previous_output_is_a_rename() {
        let dir = tempfile::tempdir().unwrap();
        let staging = folder(dir.path(), "staging", "new");
        let target = dir.path().join("public");
        let parked = dir.path().join("parked");
        assert_eq!(replace(&staging, &target, &parked).unwrap(), None);
        assert!(target.join("new").is_file() && !staging.exists());
    }

    #[test]
    fn two_renames_then_recovery_after_a_kill_between_them() {
        let dir = tempfile::tempdir().unwrap();
        let staging = folder(dir.path(), "staging", "new");
        let target = folder(dir.path(), "public", ".manabi");
        let parked = dir.path().join("parked");
        two_renames(&staging, &target, &parked).unwrap();
        assert!(target.join("new").is_file() && parked.join(".manabi").is_file());

        // A build killed after moving the output aside: no `public`.
        fs::remove_dir_all(&target).unwrap();
        recover(&target, &parked, ".manabi");
        assert!(
            target.join(".manabi").is_file(),
            "the previous output is back"
        );
        assert!(!parked.exists());
    }
}

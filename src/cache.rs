//! What the stages' caches share: a fingerprint of a cache's inputs. Each
//! stage owns the cache of what it produces, keyed by its exact inputs
//! (`content::NoteCache`, `site::MarkdownCache`, `pages::PageCache`), and
//! the pipeline composes them (`pipeline::Memo`). Below every stage.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

/// A fingerprint of anything hashable (stable within one process, which is
/// all a cache kept between builds needs).
pub fn fingerprint<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

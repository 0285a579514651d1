//! The question bank as files for the quiz scripts (`docs/quiz.md`): a
//! small manifest (`quiz/manifest.json`: the exam settings, how many
//! questions of each area every shard holds, the most common tags) and the
//! questions split into shards by a hash of their id
//! (`quiz/shards/<n>.json`). The mock exam draws from the manifest and
//! fetches only the shards of the questions it drew; review and progress
//! find a saved answer's shard from its id alone, without an index that
//! would grow with the site. Built from the frozen site; writes nothing.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use bytes::Bytes;
use rayon::prelude::*;
use serde::Serialize;

use super::view::{self, ExamData, QuestionData, Shape};
use crate::site::Site;

/// Output path of the manifest, relative to the output root.
pub const MANIFEST_PATH: &str = "quiz/manifest.json";

/// Folder of the shards, relative to the output root.
pub const SHARD_DIR: &str = "quiz/shards/";

/// Version of the manifest and shard formats (1 was a single `bank.json`).
pub const VERSION: u32 = 2;

/// At most this many questions per shard on average: a 20-question exam
/// fetches at most 20 shards of about this size.
const SHARD_TARGET: usize = 16;

/// Tags the manifest counts (those with the most questions): the progress
/// page's table by tag.
const TOP_TAGS: usize = 200;

/// How many shards a bank of `total` questions is split into: the
/// smallest power of two that keeps the average at or under
/// [`SHARD_TARGET`] (a power of two, so a script takes the hash modulo it
/// with a mask).
pub fn shard_count(total: usize) -> usize {
    total.div_ceil(SHARD_TARGET).max(1).next_power_of_two()
}

/// The shard of the question with id `id`: 32-bit FNV-1a of the id's UTF-8
/// bytes, modulo `count` (`js/store.js` computes the same).
pub fn shard_of(id: &str, count: usize) -> usize {
    let hash = id.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    hash as usize % count.max(1)
}

#[derive(Serialize)]
struct Manifest<'a> {
    version: u32,
    total: usize,
    shards: ShardInfo,
    exam: ExamData<'a>,
    areas: Vec<AreaCounts>,
    /// `[name, questions]`, most questions first.
    tags: Vec<(&'a str, usize)>,
}

#[derive(Serialize)]
struct ShardInfo {
    count: usize,
    /// Root-relative URL of the shard folder: shard `n` is `url + n + ".json"`.
    url: String,
}

/// One area's questions: how many in all and in each shard.
#[derive(Serialize)]
struct AreaCounts {
    /// `null` for the questions without an area.
    name: Option<String>,
    count: usize,
    per_shard: Vec<usize>,
}

#[derive(Serialize)]
struct Shard<'a> {
    version: u32,
    questions: Vec<QuestionData<'a>>,
}

/// The shards an earlier build wrote, each with the key of its questions
/// (their notes' parse revisions, places in the notes and the Markdown
/// context), for rebuilds.
#[derive(Debug, Default)]
pub struct ShardCache {
    shards: Vec<(u64, Bytes)>,
}

/// The manifest and every shard (empty ones too, so a script never meets
/// a missing file), as (output path, bytes), script-safe JSON. With a
/// cache, a shard whose questions' key is unchanged is not made again.
pub fn files(site: &Site, cache: Option<&mut ShardCache>) -> Vec<(String, Bytes)> {
    let count = shard_count(site.quiz.len());
    let shard_of_entry: Vec<usize> = site
        .quiz
        .entries
        .iter()
        .map(|e| shard_of(&e.question.id, count))
        .collect();
    let mut out = Vec::with_capacity(count + 1);
    out.push((
        MANIFEST_PATH.to_string(),
        Bytes::from(json(&manifest(site, &shard_of_entry, count))),
    ));
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (e, &shard) in shard_of_entry.iter().enumerate() {
        members[shard].push(e);
    }
    let keys: Option<Vec<u64>> = cache
        .as_ref()
        .map(|_| members.iter().map(|m| shard_key(site, m)).collect());
    let previous = cache.as_ref().map_or(&[][..], |c| c.shards.as_slice());
    // Shards are independent: made on every core (27,000 questions make
    // 2,048 shards at 10,000 notes).
    let made: Vec<Bytes> = (members.par_iter().enumerate())
        .map(|(n, entries)| {
            let key = keys.as_ref().map(|k| k[n]);
            match previous.get(n) {
                Some((k, bytes)) if Some(*k) == key => bytes.clone(),
                _ => Bytes::from(shard_json(site, entries)),
            }
        })
        .collect();
    if let (Some(c), Some(keys)) = (cache, keys) {
        c.shards = keys.into_iter().zip(made.iter().cloned()).collect();
    }
    let paths = (0..count).map(|n| format!("{SHARD_DIR}{n}.json"));
    out.extend(paths.zip(made));
    out
}

fn shard_json(site: &Site, entries: &[usize]) -> Vec<u8> {
    json(&Shard {
        version: VERSION,
        questions: entries
            .iter()
            .map(|&e| view::question_data(site, e, Shape::Bank))
            .collect(),
    })
}

/// What a shard's bytes are made of: each question's note revision and
/// place in its note, and what links and `related` names resolve against.
fn shard_key(site: &Site, entries: &[usize]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    site.markdown_key.hash(&mut h);
    for &e in entries {
        let owner = site.quiz.entries[e].note;
        let at = site.quiz.of_note(owner).iter().position(|&x| x == e);
        (site.content.revisions.get(owner), at).hash(&mut h);
    }
    h.finish()
}

fn manifest<'a>(site: &'a Site, shard_of_entry: &[usize], count: usize) -> Manifest<'a> {
    let areas = view::areas(site)
        .into_iter()
        .map(|(_, entries)| {
            let mut per_shard = vec![0; count];
            for &e in &entries {
                per_shard[shard_of_entry[e]] += 1;
            }
            AreaCounts {
                name: site.quiz.entries[entries[0]].question.area.clone(),
                count: entries.len(),
                per_shard,
            }
        })
        .collect();
    Manifest {
        version: VERSION,
        total: site.quiz.len(),
        shards: ShardInfo {
            count,
            url: site.url(SHARD_DIR),
        },
        exam: view::exam_data(site),
        areas,
        tags: top_tags(site),
    }
}

/// The [`TOP_TAGS`] tags with the most questions (a question carries its
/// note's tags), most first, then by name.
fn top_tags(site: &Site) -> Vec<(&str, usize)> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for entry in &site.quiz.entries {
        for tag in &site.notes()[entry.note].tags {
            *counts.entry(tag.as_str()).or_default() += 1;
        }
    }
    let mut tags: Vec<(&str, usize)> = counts.into_iter().collect();
    tags.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    tags.truncate(TOP_TAGS);
    tags
}

fn json<T: Serialize>(value: &T) -> Vec<u8> {
    let text = serde_json::to_string(value).expect("the bank serialises");
    view::script_safe(&text).into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_count_is_a_power_of_two_keeping_shards_small() {
        assert_eq!(shard_count(0), 1);
        assert_eq!(shard_count(16), 1);
        assert_eq!(shard_count(17), 2);
        assert_eq!(shard_count(64), 4);
        assert_eq!(shard_count(65), 8);
        assert_eq!(shard_count(30_000), 2048);
    }

    #[test]
    fn shard_of_is_fnv1a_32_of_the_id_modulo_the_count() {
        // FNV-1a 32 test vectors: "" → 0x811c9dc5, "a" → 0xe40c292c.
        assert_eq!(shard_of("", 1 << 31), 0x811c_9dc5 % (1 << 31));
        assert_eq!(shard_of("a", 1 << 31), 0xe40c_292c % (1 << 31));
        assert_eq!(shard_of("lora-single", 1), 0);
        assert!(shard_of("生成AI-1", 8) < 8);
    }
}

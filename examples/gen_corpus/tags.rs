//! Tags with a realistic skew: a handful on thousands of notes (`G検定` on a
//! third, `LLM` on a quarter), a medium band of topical tags, and a long
//! tail (models, conferences, textbook chapters, mock exams, papers) drawn
//! by rank with weights 1/(rank + 3), so most of the tail is used once or a
//! few times.

use std::collections::BTreeSet;

use super::rng::Rng;
use super::vocab::{
    CONFERENCES, HEAD_TAGS, KEYWORDS, MODELS, MODEL_VARIANTS, SECTIONS, TEXTBOOKS, TOPIC_TAGS,
};

pub struct TagPool {
    names: Vec<String>,
    /// Cumulative weights of `names`.
    cum: Vec<u64>,
}

impl TagPool {
    /// A pool that grows with the corpus (300 + notes / 3 tags), so the tail
    /// stays long at every size.
    pub fn new(notes: usize) -> Self {
        let size = 300 + notes / 3;
        let names = tail_names(size);
        let mut cum = Vec::with_capacity(names.len());
        let mut total = 0u64;
        for r in 0..names.len() as u64 {
            total += 1_000_000_000 / (r + 3);
            cum.push(total);
        }
        TagPool { names, cum }
    }

    /// A note's tags: the head tags by their shares, `LLM` (more often in
    /// the LLM section), then one to three drawn by rank.
    pub fn draw(&self, section: usize, rng: &mut Rng) -> Vec<String> {
        let mut tags: Vec<String> = Vec::new();
        for &(name, per_mille) in HEAD_TAGS {
            if rng.chance(per_mille, 1000) {
                tags.push(name.to_string());
            }
        }
        let llm = if SECTIONS[section].path == "genai-tech/llm" {
            55
        } else {
            12
        };
        if rng.chance(llm, 100) {
            tags.insert(tags.len().min(1), "LLM".to_string());
        }
        let n = [1, 1, 2, 2, 2, 3][rng.below(6)];
        let mut tries = 0;
        let mut drawn = 0;
        while drawn < n && tries < 20 {
            tries += 1;
            let t = &self.names[rng.cumulative(&self.cum)];
            if !tags.contains(t) {
                tags.push(t.clone());
                drawn += 1;
            }
        }
        tags
    }
}

/// `size` distinct tag names, most frequent first: the topical tags, then
/// the tail categories interleaved, then paper ids as many as needed.
fn tail_names(size: usize) -> Vec<String> {
    let mut cats: Vec<Vec<String>> = Vec::new();
    cats.push(KEYWORDS.iter().map(|k| k.name.to_string()).collect());
    cats.push(
        MODELS
            .iter()
            .flat_map(|m| MODEL_VARIANTS.iter().map(move |v| format!("{m}{v}")))
            .collect(),
    );
    cats.push(
        (2012..=2025)
            .flat_map(|y| CONFERENCES.iter().map(move |c| format!("{c} {y}")))
            .collect(),
    );
    cats.push(
        TEXTBOOKS
            .iter()
            .flat_map(|b| (1..=15).flat_map(move |c| (1..=12).map(move |s| format!("{b} {c}.{s}"))))
            .collect(),
    );
    cats.push((1..=200).map(|n| format!("第{n}回模試")).collect());

    let mut seen: BTreeSet<String> = HEAD_TAGS.iter().map(|t| t.0.to_lowercase()).collect();
    seen.insert("llm".to_string());
    let mut names: Vec<String> = Vec::with_capacity(size);
    let mut push = |name: String, names: &mut Vec<String>| {
        if seen.insert(name.to_lowercase()) {
            names.push(name);
        }
    };
    for t in TOPIC_TAGS {
        push(t.to_string(), &mut names);
    }
    let longest = cats.iter().map(Vec::len).max().unwrap_or(0);
    'outer: for i in 0..longest {
        for c in &cats {
            if names.len() >= size {
                break 'outer;
            }
            if let Some(name) = c.get(i) {
                push(name.clone(), &mut names);
            }
        }
    }
    let mut r = 0usize;
    while names.len() < size {
        let name = format!("arXiv:{}{:02}.{:05}", 17 + r % 8, 1 + r % 12, 10_000 + r);
        push(name, &mut names);
        r += 1;
    }
    names.truncate(size);
    names
}

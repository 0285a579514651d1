//! The search index files. Every note and every question is one document.
//! Layout, all under `search/` (deterministic, byte for byte):
//!
//! - `index.json`: the manifest the browser loads first (a few hundred
//!   bytes): format version, document count, shard count, the first
//!   document of each document chunk, and a version string that changes
//!   with the content (appended to the other files' URLs as `?v=`).
//! - `p<k>.json`: postings shard `k`, `{token: [doc, score, doc, score…]}`
//!   with doc ids delta-encoded and ascending. A token lives in the shard of
//!   the hash of its first character (kanji/kana) or first two characters
//!   (words), so a query's tokens (and all tokens a one-character or a
//!   still-being-typed word query may extend to) sit in a few shards.
//! - `d<k>.json`: document chunk `k`, `[[kind, title, url, context, keys,
//!   text], …]` for consecutive documents: what a result shows and the text
//!   the browser checks the query against as a substring (so a page sharing
//!   one bigram with the query is not a hit).
//!
//! Scores: a field counts once with its weight (title and aliases >
//! reading and tags > headings), plus one per body/quiz occurrence up to a
//! cap.

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;

use super::tokenize::{each_token, is_cjk, normalize, TokenKind};
use crate::quiz::view::{anchor, plain_text, truncate};
use crate::site::Site;

/// Format version of the files (the `version` of `index.json`).
pub const VERSION: u32 = 1;
/// Folder of the index in the output.
pub const DIR: &str = "search";

/// Whether an output path is one of the index files (the `/search/` page
/// shares their folder).
pub fn is_index_file(path: &str) -> bool {
    path.strip_prefix(DIR)
        .and_then(|p| p.strip_prefix('/'))
        .is_some_and(|name| name.ends_with(".json") && !name.contains('/'))
}

pub const TITLE_WEIGHT: u16 = 16;
pub const KEY_WEIGHT: u16 = 6;
pub const HEADING_WEIGHT: u16 = 3;
/// Body occurrences beyond this add nothing.
pub const BODY_CAP: u16 = 5;

/// A document chunk closes once its JSON passes this many bytes.
const CHUNK_BYTES: usize = 24 * 1024;
/// About this many bytes of postings per shard, before compression.
const SHARD_BYTES: usize = 24 * 1024;
const MAX_SHARDS: usize = 256;
/// Longest question title shown in a result.
const QUESTION_TITLE_CHARS: usize = 100;

/// Note or question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    Note,
    Question,
}

impl DocKind {
    fn code(self) -> &'static str {
        match self {
            DocKind::Note => "n",
            DocKind::Question => "q",
        }
    }
}

/// One searchable document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchDoc {
    pub kind: DocKind,
    /// Shown as the result's title; indexed with the title weight for notes.
    pub title: String,
    /// Relative to the base path, with a `#q-<id>` anchor for questions.
    pub url: String,
    /// Where it belongs: the section's title for a note, the note's title
    /// for a question.
    pub context: String,
    /// Aliases (title weight).
    pub aliases: Vec<String>,
    /// Reading and tags (key weight).
    pub keys: Vec<String>,
    pub headings: Vec<String>,
    /// Summary and body (notes) or the question's whole text.
    pub text: String,
}

/// The documents of a site: each note (in site order) followed by its
/// questions.
pub fn documents(site: &Site) -> Vec<SearchDoc> {
    let mut docs = Vec::with_capacity(site.notes().len() + site.quiz.len());
    for i in 0..site.notes().len() {
        docs.push(note_doc(site, i));
        docs.extend(site.quiz.of_note(i).iter().map(|&e| question_doc(site, e)));
    }
    docs
}

fn note_doc(site: &Site, i: usize) -> SearchDoc {
    let n = &site.notes()[i];
    let r = &site.rendered[i];
    let section = site.content.note_section[i];
    let mut keys: Vec<String> = n.reading.iter().cloned().collect();
    keys.extend(n.tags.iter().cloned());
    let mut headings = Vec::new();
    for h2 in &r.toc {
        headings.push(h2.title.clone());
        headings.extend(h2.children.iter().map(|h3| h3.title.clone()));
    }
    let mut text = n.summary.join(" ");
    if !text.is_empty() && !r.text.is_empty() {
        text.push(' ');
    }
    text.push_str(&r.text);
    SearchDoc {
        kind: DocKind::Note,
        title: n.title.clone(),
        url: site.note_urls[i].clone(),
        context: match section {
            0 => String::new(),
            s => site.content.sections[s].title(),
        },
        aliases: n.aliases.clone(),
        keys,
        headings,
        text,
    }
}

fn question_doc(site: &Site, e: usize) -> SearchDoc {
    let entry = &site.quiz.entries[e];
    let html = &entry.html;
    let stem = plain_text(&html.stem);
    let mut parts = vec![stem.clone()];
    parts.extend(html.choices.iter().map(|c| plain_text(c)));
    parts.extend(html.explains.iter().flatten().map(|x| plain_text(x)));
    parts.extend(html.explanation.iter().map(|x| plain_text(x)));
    parts.extend(html.model_answer.iter().map(|x| plain_text(x)));
    parts.extend(entry.question.kind.accept().iter().cloned());
    let q = &entry.question;
    SearchDoc {
        kind: DocKind::Question,
        title: truncate(&stem, QUESTION_TITLE_CHARS),
        url: format!("{}#{}", site.note_urls[entry.note], anchor(&q.id)),
        context: site.notes()[entry.note].title.clone(),
        aliases: Vec::new(),
        keys: Vec::new(),
        headings: Vec::new(),
        text: parts
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// The index files of `docs` (doc ids are their positions).
pub fn build(docs: &[SearchDoc]) -> Vec<(String, Vec<u8>)> {
    let normalized: Vec<NormDoc> = docs.par_iter().map(NormDoc::new).collect();
    let text_bytes: usize = normalized.iter().map(NormDoc::len).sum();
    let shards = shard_count(text_bytes);
    let scored: Vec<DocTokens> = normalized.par_iter().map(|d| d.tokens(shards)).collect();
    let words = word_table(&scored);
    let streams = streams(&scored, shards);
    drop(scored);
    let shard_files: Vec<String> = streams
        .par_iter()
        .map(|stream| shard_json(&gather(stream), &words))
        .collect();
    let (chunk_starts, chunk_files) = chunks(docs);
    let version = content_version(&shard_files, &chunk_files);
    let manifest = Manifest {
        version: VERSION,
        build: version,
        docs: docs.len(),
        shards,
        chunks: chunk_starts,
    };
    let mut out = vec![(
        format!("{DIR}/index.json"),
        serde_json::to_vec(&manifest).unwrap_or_default(),
    )];
    out.extend(
        shard_files
            .into_iter()
            .enumerate()
            .map(|(k, s)| (format!("{DIR}/p{k}.json"), s.into_bytes())),
    );
    out.extend(
        chunk_files
            .into_iter()
            .enumerate()
            .map(|(k, s)| (format!("{DIR}/d{k}.json"), s.into_bytes())),
    );
    out
}

/// A token as a number, so a document's tokens sort and group fast (a
/// large site has millions of document–token pairs): the shard in the top
/// byte, then a word flag, then the characters of a kanji/kana token or a
/// 53-bit hash of a word (a word collides only with a word of the same
/// shard, and [`word_table`] keeps the first spelling).
type Key = u64;
const SHARD_SHIFT: u32 = 54;
const WORD_FLAG: Key = 1 << 53;
const PAYLOAD: Key = WORD_FLAG - 1;

fn key(token: &str, shards: usize) -> Key {
    let shard = shard_of(token, shards) as Key;
    let mut chars = token.chars();
    let first = chars.next().unwrap_or(' ');
    if is_cjk(first) {
        let second = chars.next().map_or(0, |c| c as Key);
        return shard << SHARD_SHIFT | (first as Key) << 21 | second;
    }
    let mut h = FxHasher(0);
    std::hash::Hasher::write(&mut h, token.as_bytes());
    let hash = std::hash::Hasher::finish(&h);
    shard << SHARD_SHIFT | WORD_FLAG | (hash & PAYLOAD)
}

fn key_shard(key: Key) -> usize {
    (key >> SHARD_SHIFT) as usize
}

/// The text of a kanji/kana key.
fn cjk_token(key: Key) -> String {
    let first = char::from_u32(((key & PAYLOAD) >> 21) as u32).unwrap_or(' ');
    let second = char::from_u32((key & 0x1F_FFFF) as u32).filter(|&c| c != '\0');
    std::iter::once(first).chain(second).collect()
}

/// A document's tokens with their scores, sorted by key (so by shard),
/// with where each shard's part starts.
struct DocTokens<'a> {
    tokens: Vec<(Key, u16)>,
    /// `bounds[k]..bounds[k + 1]` are shard `k`'s tokens.
    bounds: Vec<u32>,
    /// The spelling of each word key.
    words: Vec<(Key, &'a str)>,
}

impl DocTokens<'_> {
    fn shard(&self, k: usize) -> &[(Key, u16)] {
        &self.tokens[self.bounds[k] as usize..self.bounds[k + 1] as usize]
    }
}

fn shard_bounds(tokens: &[(Key, u16)], shards: usize) -> Vec<u32> {
    let mut bounds = Vec::with_capacity(shards + 1);
    let mut at = 0;
    for k in 0..=shards {
        while at < tokens.len() && key_shard(tokens[at].0) < k {
            at += 1;
        }
        bounds.push(u32::try_from(at).unwrap_or(u32::MAX));
    }
    bounds
}

/// Every word key's spelling (the first document's, in document order).
fn word_table<'a>(docs: &[DocTokens<'a>]) -> HashMap<Key, &'a str, FxBuild> {
    let mut table: HashMap<Key, &str, FxBuild> = HashMap::default();
    for doc in docs {
        for &(key, word) in &doc.words {
            table.entry(key).or_insert(word);
        }
    }
    table
}

/// Every shard's (doc, key, score) triples, docs ascending: one pass over
/// the documents (gathering each shard from every document instead is
/// millions of cache misses on a large site).
fn streams(docs: &[DocTokens], shards: usize) -> Vec<Vec<(u32, u16, Key)>> {
    let mut out: Vec<Vec<(u32, u16, Key)>> = vec![Vec::new(); shards];
    for (doc, tokens) in docs.iter().enumerate() {
        let doc = u32::try_from(doc).unwrap_or(u32::MAX);
        for (k, stream) in out.iter_mut().enumerate() {
            stream.extend(
                tokens
                    .shard(k)
                    .iter()
                    .map(|&(key, score)| (doc, score, key)),
            );
        }
    }
    out
}

/// One shard's postings: key → (doc, score), docs ascending.
fn gather(stream: &[(u32, u16, Key)]) -> HashMap<Key, Vec<(u32, u16)>, FxBuild> {
    let mut out: HashMap<Key, Vec<(u32, u16)>, FxBuild> = HashMap::default();
    for &(doc, score, key) in stream {
        out.entry(key).or_default().push((doc, score));
    }
    out
}

#[derive(Serialize)]
struct Manifest {
    version: u32,
    build: String,
    docs: usize,
    shards: usize,
    chunks: Vec<usize>,
}

/// A document's fields, normalised, with the weight each counts with.
struct NormDoc {
    /// (weight, text); weight 0 is the body, counted per occurrence.
    fields: Vec<(u16, String)>,
}

impl NormDoc {
    fn new(doc: &SearchDoc) -> NormDoc {
        let mut fields = Vec::new();
        if doc.kind == DocKind::Note {
            fields.push((TITLE_WEIGHT, normalize(&doc.title)));
        }
        fields.extend(doc.aliases.iter().map(|a| (TITLE_WEIGHT, normalize(a))));
        fields.extend(doc.keys.iter().map(|k| (KEY_WEIGHT, normalize(k))));
        fields.extend(doc.headings.iter().map(|h| (HEADING_WEIGHT, normalize(h))));
        fields.push((0, normalize(&doc.text)));
        NormDoc { fields }
    }

    fn len(&self) -> usize {
        self.fields.iter().map(|(_, t)| t.len()).sum()
    }

    /// Each distinct token with its score, and the words' spellings.
    fn tokens(&self, shards: usize) -> DocTokens<'_> {
        // Every occurrence as key << 2 | field slot, sorted: a run of one
        // key lists the fields it is in.
        let mut occurrences: Vec<Key> = Vec::with_capacity(self.len() / 2);
        let mut words = Vec::new();
        for (weight, text) in &self.fields {
            let slot: Key = match *weight {
                TITLE_WEIGHT => 0,
                KEY_WEIGHT => 1,
                HEADING_WEIGHT => 2,
                _ => 3,
            };
            each_token(text, |token, kind| {
                let key = key(token, shards);
                if kind == TokenKind::Word {
                    words.push((key, token));
                }
                occurrences.push(key << 2 | slot);
            });
        }
        occurrences.sort_unstable();
        words.sort_unstable_by_key(|w| w.0);
        words.dedup_by_key(|w| w.0);
        let mut tokens: Vec<(Key, u16)> = Vec::new();
        let mut previous = None;
        let mut body = 0;
        for occurrence in occurrences {
            let (key, slot) = (occurrence >> 2, occurrence & 3);
            if previous.is_none_or(|p| p >> 2 != key) {
                tokens.push((key, 0));
                body = 0;
            }
            let repeat = previous == Some(occurrence);
            previous = Some(occurrence);
            let add = match slot {
                // A field counts once; body occurrences up to the cap.
                _ if repeat && slot < 3 => 0,
                0 => TITLE_WEIGHT,
                1 => KEY_WEIGHT,
                2 => HEADING_WEIGHT,
                _ if body < BODY_CAP => {
                    body += 1;
                    1
                }
                _ => 0,
            };
            if let Some(last) = tokens.last_mut() {
                last.1 += add;
            }
        }
        let bounds = shard_bounds(&tokens, shards);
        DocTokens {
            tokens,
            bounds,
            words,
        }
    }
}

/// Enough shards to keep each near [`SHARD_BYTES`]; a power of two, so a
/// query's shard is a mask of the hash. Postings run at about a third of
/// the normalised text's bytes.
fn shard_count(text_bytes: usize) -> usize {
    (text_bytes / 3 / SHARD_BYTES)
        .max(1)
        .next_power_of_two()
        .min(MAX_SHARDS)
}

/// The shard of a token: by its first character (kanji/kana) or first two
/// characters (words), so every token a short query can extend to shares
/// the query's shard. Same hash as `js/search-core.js` (FNV-1a over UTF-16).
pub fn shard_of(token: &str, shards: usize) -> usize {
    let first = token.chars().next().unwrap_or(' ');
    let key_len = if is_cjk(first) { 1 } else { 2 };
    let mut hash: u32 = 0x811c_9dc5;
    let mut units = [0u16; 2];
    for c in token.chars().take(key_len) {
        for &unit in c.encode_utf16(&mut units).iter() {
            hash ^= u32::from(unit);
            hash = hash.wrapping_mul(0x0100_0193);
        }
    }
    (hash as usize) & (shards - 1)
}

/// The per-document token table hashes millions of short strings; SipHash's
/// protection against crafted keys buys nothing here, and the output never
/// depends on the table's order.
#[derive(Default, Clone, Copy)]
struct FxBuild;

impl std::hash::BuildHasher for FxBuild {
    type Hasher = FxHasher;

    fn build_hasher(&self) -> FxHasher {
        FxHasher(0)
    }
}

/// The multiply-rotate hash of rustc's `FxHasher`.
struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }

    fn write_u8(&mut self, b: u8) {
        self.add(u64::from(b));
    }

    /// Mixed, as the table picks buckets by the low bits, which the
    /// multiplications alone leave poorly spread.
    fn finish(&self) -> u64 {
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

/// `{"token":[doc,score,…]}` with doc ids delta-encoded, tokens in key
/// order (deterministic: keys depend only on the tokens).
fn shard_json(
    shard: &HashMap<Key, Vec<(u32, u16)>, FxBuild>,
    words: &HashMap<Key, &str, FxBuild>,
) -> String {
    let mut keys: Vec<(&Key, &Vec<(u32, u16)>)> = shard.iter().collect();
    keys.sort_unstable_by_key(|(k, _)| **k);
    let bytes: usize = keys.iter().map(|(_, l)| 12 + l.len() * 6).sum();
    let mut out = String::with_capacity(bytes + 2);
    out.push('{');
    for (i, (&key, list)) in keys.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let token = match key & WORD_FLAG {
            0 => cjk_token(key),
            _ => words
                .get(&key)
                .map_or_else(String::new, |w| (*w).to_string()),
        };
        out.push_str(&serde_json::to_string(&token).unwrap_or_default());
        out.push_str(":[");
        let mut prev = 0;
        for (j, &(doc, score)) in list.iter().enumerate() {
            if j > 0 {
                out.push(',');
            }
            push_number(&mut out, doc - prev);
            out.push(',');
            push_number(&mut out, u32::from(score));
            prev = doc;
        }
        out.push(']');
    }
    out.push('}');
    out
}

/// Decimal digits of `n` (postings are millions of small numbers; this is
/// several times faster than `write!`).
fn push_number(out: &mut String, mut n: u32) {
    let mut digits = [0u8; 10];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[i..].iter().map(|&d| char::from(d)));
}

/// Documents packed into chunks of about [`CHUNK_BYTES`], in id order:
/// the first id of each chunk and each chunk's JSON.
fn chunks(docs: &[SearchDoc]) -> (Vec<usize>, Vec<String>) {
    let rows: Vec<String> = docs.par_iter().map(doc_json).collect();
    let mut starts = Vec::new();
    let mut files: Vec<String> = Vec::new();
    for (id, row) in rows.iter().enumerate() {
        match files.last_mut() {
            Some(file) if file.len() < CHUNK_BYTES => {
                file.push(',');
                file.push_str(row);
            }
            _ => {
                starts.push(id);
                files.push(format!("[{row}"));
            }
        }
    }
    for file in &mut files {
        file.push(']');
    }
    (starts, files)
}

fn doc_json(doc: &SearchDoc) -> String {
    let mut keys = doc.aliases.clone();
    keys.extend(doc.keys.iter().cloned());
    serde_json::to_string(&(
        doc.kind.code(),
        &doc.title,
        &doc.url,
        &doc.context,
        keys,
        &doc.text,
    ))
    .unwrap_or_default()
}

/// A short hash of every file, so a browser never mixes files of two builds.
fn content_version(shards: &[String], chunks: &[String]) -> String {
    let files: Vec<&String> = shards.iter().chain(chunks).collect();
    let hashes: Vec<u64> = files
        .par_iter()
        .map(|f| {
            let mut h = FxHasher(0);
            std::hash::Hasher::write(&mut h, f.as_bytes());
            h.0
        })
        .collect();
    let mut all = FxHasher(0);
    for (i, h) in hashes.into_iter().enumerate() {
        all.add(h ^ i as u64);
    }
    format!("{:016x}", all.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_files_are_the_json_files_of_the_folder() {
        assert!(is_index_file("search/index.json"));
        assert!(is_index_file("search/p12.json"));
        assert!(!is_index_file("search/index.html"));
        assert!(!is_index_file("searching/p1.json"));
        assert!(!is_index_file("search/x/p1.json"));
    }
    use std::collections::BTreeMap;

    fn doc(title: &str, text: &str) -> SearchDoc {
        SearchDoc {
            kind: DocKind::Note,
            title: title.into(),
            url: format!("{title}/"),
            context: String::new(),
            aliases: Vec::new(),
            keys: Vec::new(),
            headings: Vec::new(),
            text: text.into(),
        }
    }

    fn file<'a>(files: &'a [(String, Vec<u8>)], name: &str) -> &'a str {
        let (_, bytes) = files
            .iter()
            .find(|(p, _)| p == &format!("{DIR}/{name}"))
            .unwrap_or_else(|| panic!("no {name}"));
        std::str::from_utf8(bytes).unwrap()
    }

    /// Token → [(doc, score)] from the built shards.
    fn postings(files: &[(String, Vec<u8>)]) -> BTreeMap<String, Vec<(u64, u64)>> {
        let mut out = BTreeMap::new();
        for (path, bytes) in files.iter().filter(|(p, _)| p.contains("/p")) {
            let shard: BTreeMap<String, Vec<u64>> = serde_json::from_slice(bytes).unwrap();
            let k: usize = path[DIR.len() + 2..path.len() - 5].parse().unwrap();
            for (token, flat) in shard {
                let manifest: serde_json::Value =
                    serde_json::from_str(file(files, "index.json")).unwrap();
                let shards = manifest["shards"].as_u64().unwrap() as usize;
                assert_eq!(shard_of(&token, shards), k, "{token} in the wrong shard");
                let mut doc = 0;
                let list = flat
                    .chunks(2)
                    .map(|pair| {
                        doc += pair[0];
                        (doc, pair[1])
                    })
                    .collect();
                out.insert(token, list);
            }
        }
        out
    }

    #[test]
    fn fields_rank_title_and_aliases_over_keys_over_headings_over_body() {
        let mut in_title = doc("量子化", "");
        in_title.text = "本文".into();
        let mut in_alias = doc("A", "");
        in_alias.aliases = vec!["量子化".into()];
        let mut in_key = doc("B", "");
        in_key.keys = vec!["量子化".into()];
        let mut in_heading = doc("C", "");
        in_heading.headings = vec!["量子化とは".into()];
        let in_body = doc("D", "量子化 量子化 量子化 量子化 量子化 量子化 量子化");
        let files = build(&[in_title, in_alias, in_key, in_heading, in_body]);
        let p = postings(&files);
        let scores: Vec<u64> = p["量子"].iter().map(|&(_, s)| s).collect();
        assert_eq!(
            p["量子"].iter().map(|&(d, _)| d).collect::<Vec<_>>(),
            [0, 1, 2, 3, 4]
        );
        assert_eq!(scores[0], scores[1], "title and aliases weigh the same");
        assert!(scores[1] > scores[2] && scores[2] > scores[3], "{scores:?}");
        assert_eq!(
            scores[4],
            u64::from(BODY_CAP),
            "body occurrences are capped"
        );
        assert!(scores[3] > 0 && scores[4] > scores[3] - 1);
    }

    #[test]
    fn postings_hold_bigrams_words_singles_and_run_tails() {
        let files = build(&[doc("ラグランジュの未定乗数法", "LoRA と QLoRA")]);
        let p = postings(&files);
        for token in ["らぐ", "乗数", "数法", "法", "lora", "qlora", "と"] {
            assert!(p.contains_key(token), "{token}: {:?}", p.keys());
        }
        assert!(!p.contains_key("乗数法"));
    }

    #[test]
    fn documents_are_chunked_in_order_with_their_display_fields() {
        let body = "あ".repeat(CHUNK_BYTES / 6);
        let docs: Vec<SearchDoc> = (0..5).map(|i| doc(&format!("t{i}"), &body)).collect();
        let files = build(&docs);
        let manifest: serde_json::Value = serde_json::from_str(file(&files, "index.json")).unwrap();
        assert_eq!(manifest["docs"], 5);
        assert_eq!(manifest["chunks"], serde_json::json!([0, 2, 4]));
        let chunk: serde_json::Value = serde_json::from_str(file(&files, "d1.json")).unwrap();
        assert_eq!(chunk[0][0], "n");
        assert_eq!(chunk[0][1], "t2");
        assert_eq!(chunk[0][2], "t2/");
        assert_eq!(chunk[1][1], "t3");
    }

    #[test]
    fn the_build_version_changes_with_the_content_and_only_then() {
        let version = |text: &str| {
            let files = build(&[doc("x", text)]);
            let m: serde_json::Value = serde_json::from_str(file(&files, "index.json")).unwrap();
            m["build"].as_str().unwrap().to_string()
        };
        assert_eq!(version("同じ"), version("同じ"));
        assert_ne!(version("同じ"), version("違う"));
    }

    #[test]
    fn shard_of_keys_on_the_first_character_or_first_two_letters() {
        assert_eq!(shard_of("乗数", 256), shard_of("乗", 256));
        assert_eq!(shard_of("transformer", 256), shard_of("tr", 256));
        assert_eq!(shard_of("anything", 1), 0);
        assert_eq!(shard_count(0), 1);
        assert_eq!(shard_count(usize::MAX / 2), MAX_SHARDS);
        assert!(shard_count(10 * 1024 * 1024).is_power_of_two());
    }
}

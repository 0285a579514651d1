//! The search index files. Every note and every question is one document.
//! Layout, all under `search/` (deterministic, byte for byte):
//!
//! Format version 2. A query fetches only what it needs (at 10,000 notes
//! a common term stays well under the 500 KB page-weight budget): the
//! postings of its own tokens, not of every token sharing a first
//! character, and the rows of its results, not the neighbours of each.
//!
//! - `index.json`: the manifest the browser loads first: format version,
//!   document count, shard count, the document count of each document
//!   chunk (one [`ALPHABET`] character a chunk) and a version string that
//!   changes with the content (appended to the other files' URLs as `?v=`).
//! - `p<k>.json`: postings shard `k`, `{token: "postings"}`. A token lives
//!   in the shard of the hash of its first two characters: a kanji/kana
//!   bigram or single is its own key, a word shares the shard of the words
//!   with the same first two letters (so the words a still-being-typed word
//!   may extend to sit in one shard). A single kanji/kana token holds the
//!   postings of every kanji/kana token it begins (the best score of each
//!   document), as a one-character query looks up all of them.
//! - `d<k>.json`: document chunk `k`, `[[kind, title, url, context, keys,
//!   text], …]` for a few consecutive documents (about [`CHUNK_BYTES`]):
//!   what a result shows and the text the browser checks the query against
//!   as a substring (so a page sharing one bigram with the query is not a
//!   hit).
//!
//! Postings are a string of [`ALPHABET`] characters, a variable-length
//! number per document, docs ascending: `gap * 32 + score`, where `gap` is
//! how many doc ids it skips after the previous one (the first: after -1),
//! in 5-bit groups, low group first, every group but the last with 32
//! added. A document right after the previous with any score is one
//! character.
//!
//! Scores: a field counts once with its weight (title and aliases >
//! reading and tags > headings), plus one per body/quiz occurrence up to a
//! cap.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;

use super::json;
use super::plain::{push_part, push_plain_text};
use super::tokenize::{Token, Tokenizer};
use crate::output::Output;
use crate::quiz::view::{anchor, truncate};
use crate::site::Site;

/// Format version of the files (the `version` of `index.json`).
pub const VERSION: u32 = 2;
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

/// A document chunk closes once its JSON passes this many bytes: about a
/// note, or a few questions. A result costs its chunk, so a page of 50
/// results is some 150 KB of rows.
const CHUNK_BYTES: usize = 2 * 1024;
/// Most documents in a chunk (one [`ALPHABET`] character counts them).
const MAX_CHUNK_DOCS: usize = 63;
/// About this many bytes of postings per shard, before compression: a
/// query fetches one shard per token, and a shard holds a few tokens
/// besides its own.
const SHARD_BYTES: usize = 4 * 1024;
const MAX_SHARDS: usize = BUCKETS;

/// The characters of postings and chunk counts: 64, none of which JSON
/// escapes; `ALPHABET[v]` stands for `v`.
pub const ALPHABET: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
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

/// One searchable document. It borrows from the site where it can: the
/// bodies' text is most of a site's bytes, and copying it would cost time
/// and memory for nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchDoc<'a> {
    pub kind: DocKind,
    /// Shown as the result's title; indexed with the title weight for notes.
    pub title: Cow<'a, str>,
    /// Relative to the base path, with a `#q-<id>` anchor for questions.
    pub url: Cow<'a, str>,
    /// Where it belongs: the section's title for a note, the note's title
    /// for a question.
    pub context: Cow<'a, str>,
    /// Aliases (title weight).
    pub aliases: Vec<Cow<'a, str>>,
    /// Reading and tags (key weight).
    pub keys: Vec<Cow<'a, str>>,
    pub headings: Vec<Cow<'a, str>>,
    /// Summary and body (notes) or the question's whole text (one part:
    /// its fields' plain text and its accepted answers): the text is the
    /// non-empty parts joined by single spaces.
    pub text: Vec<Cow<'a, str>>,
}

impl SearchDoc<'_> {
    /// A copy that borrows nothing (to build the index on another thread
    /// while the site moves on).
    pub fn into_owned(self) -> SearchDoc<'static> {
        fn own(list: Vec<Cow<'_, str>>) -> Vec<Cow<'static, str>> {
            list.into_iter()
                .map(|s| Cow::Owned(s.into_owned()))
                .collect()
        }
        SearchDoc {
            kind: self.kind,
            title: Cow::Owned(self.title.into_owned()),
            url: Cow::Owned(self.url.into_owned()),
            context: Cow::Owned(self.context.into_owned()),
            aliases: own(self.aliases),
            keys: own(self.keys),
            headings: own(self.headings),
            text: own(self.text),
        }
    }

    /// The parts of the text that hold any.
    fn text_parts(&self) -> impl Iterator<Item = &str> {
        self.text
            .iter()
            .map(|p| p.as_ref())
            .filter(|p| !p.is_empty())
    }
}

/// The documents of a site: each note (in site order) followed by its
/// questions.
pub fn documents(site: &Site) -> Vec<SearchDoc<'_>> {
    let mut docs = Vec::with_capacity(site.notes().len() + site.quiz.len());
    let mut scratch = String::new();
    for i in 0..site.notes().len() {
        docs.push(note_doc(site, i));
        for &e in site.quiz.of_note(i) {
            docs.push(question_doc(site, e, &mut scratch));
        }
    }
    docs
}

fn note_doc(site: &Site, i: usize) -> SearchDoc<'_> {
    let n = &site.notes()[i];
    let r = &site.rendered[i];
    let section = site.content.note_section[i];
    let mut headings = Vec::new();
    for h2 in &r.toc {
        headings.push(borrowed(&h2.title));
        headings.extend(h2.children.iter().map(|h3| borrowed(&h3.title)));
    }
    SearchDoc {
        kind: DocKind::Note,
        title: borrowed(&n.title),
        url: borrowed(&site.note_urls[i]),
        context: match section {
            0 => Cow::Borrowed(""),
            s => Cow::Owned(site.content.sections[s].title()),
        },
        aliases: borrow_all(&n.aliases),
        keys: borrow_all(n.reading.iter().chain(&n.tags)),
        headings,
        text: borrow_all(n.summary.iter().chain([&r.text])),
    }
}

fn borrowed(s: &str) -> Cow<'_, str> {
    Cow::Borrowed(s)
}

fn borrow_all<'a>(list: impl IntoIterator<Item = &'a String>) -> Vec<Cow<'a, str>> {
    list.into_iter().map(|s| borrowed(s)).collect()
}

/// A question's document: its text is one part, the plain text of its
/// fields and its accepted answers.
fn question_doc<'s>(site: &'s Site, e: usize, scratch: &mut String) -> SearchDoc<'s> {
    let entry = &site.quiz.entries[e];
    let html = &entry.html;
    let fields = || {
        html.choices
            .iter()
            .chain(html.explains.iter().flatten())
            .chain(&html.explanation)
            .chain(&html.model_answer)
    };
    let answers = entry.question.kind.accept();
    // Plain text is never longer than its HTML: one allocation, which
    // shrinking gives back in place when most of it is used.
    let most = (fields().chain(answers).chain([&html.stem]))
        .map(|f| f.len() + 1)
        .sum();
    let mut text = String::with_capacity(most);
    push_plain_text(&mut text, &html.stem, scratch);
    let title = truncate(&text, QUESTION_TITLE_CHARS);
    for field in fields() {
        push_plain_text(&mut text, field, scratch);
    }
    for answer in answers {
        push_part(&mut text, answer);
    }
    text.shrink_to_fit();
    SearchDoc {
        kind: DocKind::Question,
        title: Cow::Owned(title),
        url: Cow::Owned(format!(
            "{}#{}",
            site.note_urls[entry.note],
            anchor(&entry.question.id)
        )),
        context: Cow::Borrowed(&site.notes()[entry.note].title),
        aliases: Vec::new(),
        keys: Vec::new(),
        headings: Vec::new(),
        text: vec![Cow::Owned(text)],
    }
}

/// Writes the index files of `docs` (doc ids are their positions) to
/// `output`, each as soon as it is made (a large site's index is tens of
/// megabytes; holding it all until the end would only raise the peak
/// memory). Returns how many files it wrote.
pub fn write(docs: &[SearchDoc<'_>], output: &dyn Output) -> anyhow::Result<usize> {
    // The chunks are written serially, beside the parallel postings, so
    // both cores stay busy.
    let (shard_hashes, chunks) =
        rayon::join(|| write_shards(docs, output), || write_chunks(docs, output));
    let mut hashes = shard_hashes?;
    let shards = hashes.len();
    let (chunk_counts, chunk_hashes) = chunks?;
    hashes.extend(chunk_hashes);
    let manifest = Manifest {
        version: VERSION,
        build: content_version(&hashes),
        docs: docs.len(),
        shards,
        chunks: chunk_counts,
    };
    output.write(
        &format!("{DIR}/index.json"),
        &serde_json::to_vec(&manifest).unwrap_or_default(),
    )?;
    Ok(hashes.len() + 1)
}

/// Writes the postings shards; returns each one's hash, in order.
fn write_shards(docs: &[SearchDoc<'_>], output: &dyn Output) -> anyhow::Result<Vec<u64>> {
    let per_range = range_len(docs.len());
    let ranges: Vec<RangePostings> = docs
        .par_chunks(per_range)
        .enumerate()
        .map(|(r, range)| RangePostings::collect(r * per_range, range))
        .collect();
    let text_bytes: usize = ranges.iter().map(|r| r.text_bytes).sum();
    let shards = shard_count(text_bytes);
    (0..shards)
        .into_par_iter()
        .map(|k| {
            let json = shard_json(&ranges, k, shards);
            output.write(&format!("{DIR}/p{k}.json"), &json)?;
            Ok(file_hash(&json))
        })
        .collect()
}

/// How many documents a range of the postings holds.
fn range_len(docs: usize) -> usize {
    docs.div_ceil(RANGES).clamp(MIN_RANGE_DOCS, MAX_RANGE_DOCS)
}

/// Documents are tokenized in about this many contiguous ranges, in
/// parallel; each range keeps its postings apart, so a shard reads the
/// ranges in order and its postings come out with docs ascending.
const RANGES: usize = 32;
const MIN_RANGE_DOCS: usize = 32;

/// A token as a number, so tokens count, group and sort fast (a large site
/// has millions of document–token pairs): a word flag, then the characters
/// of a kanji/kana token or a 53-bit hash of a word. Within a shard, tokens
/// are written in key order.
type Key = u64;
const WORD_FLAG: Key = 1 << 51;
const PAYLOAD: Key = WORD_FLAG - 1;
/// The second character of a kanji/kana key (0 for a single).
const SECOND: Key = 0x1F_FFFF;
/// A key with the low 12 bits of its token's shard hash (its bucket) above
/// it: the shard, whatever the shard count (a power of two up to 4096), is
/// a mask of the bucket.
const BUCKET_SHIFT: u32 = 52;
const BUCKETS: usize = 1 << (64 - BUCKET_SHIFT);
type Bucket = u16;
/// A posting is `doc << SCORE_BITS | score`.
const SCORE_BITS: u32 = 5;
const SCORE_MASK: Posting = (1 << SCORE_BITS) - 1;
const _: () = assert!(TITLE_WEIGHT + KEY_WEIGHT + HEADING_WEIGHT + BODY_CAP < 1 << SCORE_BITS);

fn word_key(word: &str) -> Key {
    let mut h = FxHasher(0);
    std::hash::Hasher::write(&mut h, word.as_bytes());
    WORD_FLAG | (std::hash::Hasher::finish(&h) & PAYLOAD)
}

fn cjk_key(first: char, second: Option<char>) -> Key {
    Key::from(first) << 21 | second.map_or(0, Key::from)
}

/// Which of a document's fields a token is in: each counts once with its
/// weight, except the body.
#[derive(Clone, Copy)]
enum Field {
    Title = 0,
    Key = 1,
    Heading = 2,
    Body = 3,
}

/// A document's fields, in the order they are tokenized.
fn fields<'d>(doc: &'d SearchDoc<'_>) -> impl Iterator<Item = (Field, &'d str)> {
    let title = (doc.kind == DocKind::Note).then_some(&doc.title);
    tagged(
        Field::Title,
        title.map(std::slice::from_ref).unwrap_or_default(),
    )
    .chain(tagged(Field::Title, &doc.aliases))
    .chain(tagged(Field::Key, &doc.keys))
    .chain(tagged(Field::Heading, &doc.headings))
    .chain(doc.text_parts().map(|p| (Field::Body, p)))
}

fn tagged<'d>(field: Field, list: &'d [Cow<'_, str>]) -> impl Iterator<Item = (Field, &'d str)> {
    list.iter().map(move |s| (field, s.as_ref()))
}

/// The postings of a contiguous range of documents, grouped by token.
struct RangePostings {
    /// The range's first document.
    first: u32,
    /// Bytes of normalised text (which sizes the shards).
    text_bytes: usize,
    /// Distinct tokens as `bucket << BUCKET_SHIFT | key`, grouped by bucket
    /// (in no order within one: each shard sorts its tokens).
    tokens: Vec<u64>,
    /// `tokens[buckets[b]..buckets[b + 1]]` are bucket `b`'s.
    buckets: Vec<u32>,
    /// `postings[starts[t]..starts[t + 1]]` are token `t`'s, docs ascending.
    starts: Vec<u32>,
    postings: Vec<Posting>,
    /// The spelling of each word token, the first document's.
    words: HashMap<u64, String, FxBuild>,
}

/// `doc << SCORE_BITS | score`, the doc relative to its range's first: two
/// bytes, as postings are most of the index's memory (a posting per
/// document and distinct token: millions on a large site).
type Posting = u16;

/// At most this many documents per range, so a relative doc id and a
/// score fit a [`Posting`].
const MAX_RANGE_DOCS: usize = 1 << (Posting::BITS - SCORE_BITS);

impl RangePostings {
    fn collect(first: usize, docs: &[SearchDoc<'_>]) -> RangePostings {
        thread_local! {
            // Reused from range to range: fresh memory is costly (the
            // kernel zeroes every new page).
            static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
        }
        SCRATCH.with(|scratch| {
            let mut scratch = scratch.borrow_mut();
            let Scratch {
                dict,
                tokenizer,
                cjk,
                records,
                doc_ends,
            } = &mut *scratch;
            dict.clear();
            records.clear();
            doc_ends.clear();
            let mut text_bytes = 0;
            for doc in docs {
                // The spaces that join the text's parts.
                text_bytes += doc.text_parts().count().saturating_sub(1);
                for (field, text) in fields(doc) {
                    // Kanji/kana tokens (most of them) are counted after
                    // the text, in a loop of their own: kept apart, each
                    // loop is small enough to compile into tight code.
                    cjk.clear();
                    let mut count = |t: Token<'_>| match t {
                        Token::Cjk(a, b, _) => cjk.push(cjk_key(a, b)),
                        Token::Word(w) => dict.count_word(w, field),
                    };
                    text_bytes += tokenizer.push_folded(text, &mut count);
                    tokenizer.finish(&mut count);
                    for &key in cjk.iter() {
                        dict.count_cjk(key, field);
                    }
                }
                dict.end_document(records);
                doc_ends.push(records.len());
            }
            let mut range = RangePostings::transpose(dict, records, doc_ends);
            range.first = u32::try_from(first).unwrap_or(u32::MAX);
            range.text_bytes = text_bytes;
            range.words = std::mem::take(&mut dict.words);
            range
        })
    }

    /// Groups the document-ordered `records` by token, and the tokens by
    /// bucket (counting sorts).
    fn transpose(dict: &Dictionary, records: &[u64], doc_ends: &[usize]) -> RangePostings {
        let mut buckets = vec![0u32; BUCKETS + 1];
        for &b in &dict.bucket {
            buckets[usize::from(b) + 1] += 1;
        }
        for b in 1..buckets.len() {
            buckets[b] += buckets[b - 1];
        }
        let mut next = buckets.clone();
        let mut tokens = vec![0u64; dict.key.len()];
        let rank: Vec<u32> = (dict.bucket.iter().zip(&dict.key))
            .map(|(&b, &key)| {
                let at = &mut next[usize::from(b)];
                tokens[*at as usize] = u64::from(b) << BUCKET_SHIFT | key;
                *at += 1;
                *at - 1
            })
            .collect();
        let mut starts = vec![0u32; tokens.len() + 1];
        for &record in records {
            starts[rank[(record >> SCORE_BITS) as usize] as usize + 1] += 1;
        }
        for t in 1..starts.len() {
            starts[t] += starts[t - 1];
        }
        let mut cursor = starts.clone();
        let mut postings: Vec<Posting> = vec![0; records.len()];
        let mut begin = 0;
        for (doc, &end) in doc_ends.iter().enumerate() {
            for &record in &records[begin..end] {
                let at = &mut cursor[rank[(record >> SCORE_BITS) as usize] as usize];
                postings[*at as usize] =
                    (doc as Posting) << SCORE_BITS | (record as Posting & SCORE_MASK);
                *at += 1;
            }
            begin = end;
        }
        RangePostings {
            first: 0,
            text_bytes: 0,
            tokens,
            buckets,
            starts,
            postings,
            words: HashMap::default(),
        }
    }

    /// Token `t`'s postings.
    fn postings(&self, t: usize) -> &[Posting] {
        &self.postings[self.starts[t] as usize..self.starts[t + 1] as usize]
    }
}

/// A worker's buffers for [`RangePostings::collect`].
#[derive(Default)]
struct Scratch {
    dict: Dictionary,
    tokenizer: Tokenizer,
    /// The keys of a field's kanji/kana tokens.
    cjk: Vec<Key>,
    /// `id << SCORE_BITS | score`, document after document.
    records: Vec<u64>,
    /// Where each document's records end.
    doc_ends: Vec<usize>,
}

/// A range's distinct tokens, each with a dense id, and the current
/// document's scores: an open addressing table (a range has millions of
/// occurrences of some thousands of tokens).
struct Dictionary {
    /// Key 0 is an empty slot (no key is 0: kanji/kana are above U+3000
    /// and words carry their flag).
    slots: Vec<Slot>,
    shift: u32,
    /// Per token id: its key and bucket.
    key: Vec<Key>,
    bucket: Vec<Bucket>,
    /// Per token id: a bigram's single (the id of its first character's
    /// token, made with the bigram), or [`NO_SINGLE`].
    single: Vec<u32>,
    /// Per token id: for a single, the best score in the current document
    /// of the bigrams it begins (0 when none).
    merged: Vec<u8>,
    /// The slots of the current document's tokens.
    touched: Vec<u32>,
    /// The ids of the singles whose bigrams the current document has.
    merged_touched: Vec<u32>,
    words: HashMap<u64, String, FxBuild>,
}

const NO_SINGLE: u32 = u32::MAX;

/// A token and its state in the current document, side by side: the table
/// is larger than the cache, and one memory access per occurrence is what
/// counting costs.
#[derive(Clone, Copy, Default)]
struct Slot {
    key: Key,
    id: u32,
    /// Bits 0–2: in the title, key and heading fields; above: body count.
    state: u8,
}

impl Default for Dictionary {
    fn default() -> Dictionary {
        Dictionary {
            slots: vec![Slot::default(); 1 << Self::START_BITS],
            shift: 64 - Self::START_BITS,
            key: Vec::new(),
            bucket: Vec::new(),
            single: Vec::new(),
            merged: Vec::new(),
            touched: Vec::new(),
            merged_touched: Vec::new(),
            words: HashMap::default(),
        }
    }
}

impl Dictionary {
    const START_BITS: u32 = 12;

    /// Forgets every token, keeping the memory.
    fn clear(&mut self) {
        self.slots.fill(Slot::default());
        self.key.clear();
        self.bucket.clear();
        self.single.clear();
        self.merged.clear();
        self.touched.clear();
        self.merged_touched.clear();
        self.words.clear();
    }

    /// Counts a word (not inlined: words are a minority of the tokens,
    /// and the kanji/kana loop stays small without them).
    #[inline(never)]
    fn count_word(&mut self, word: &str, field: Field) {
        let bucket = || bucket_of(word.chars().take(2));
        let slot = self.slot(word_key(word), bucket, Some(word));
        self.count_slot(slot, field);
    }

    /// Counts a kanji/kana token by its key.
    #[inline(always)]
    fn count_cjk(&mut self, key: Key, field: Field) {
        let slot = self.slot(key, || cjk_bucket(key), None);
        self.count_slot(slot, field);
    }

    #[inline(always)]
    fn count_slot(&mut self, slot: usize, field: Field) {
        let state = &mut self.slots[slot].state;
        if *state == 0 {
            self.touched.push(slot as u32);
        }
        match field {
            Field::Body if *state >> 3 < BODY_CAP as u8 => *state += 8,
            Field::Body => {}
            f => *state |= 1 << f as u8,
        }
    }

    fn home(&self, key: Key) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    /// The slot of `key`, which gets a new id (with its bucket and, for a
    /// word, its spelling) if it is new.
    #[inline(always)]
    fn slot(&mut self, key: Key, bucket: impl FnOnce() -> Bucket, word: Option<&str>) -> usize {
        let mask = self.slots.len() - 1;
        let mut i = self.home(key);
        loop {
            match self.slots[i].key {
                0 => break,
                k if k == key => return i,
                _ => i = (i + 1) & mask,
            }
        }
        self.insert(i, key, bucket(), word)
    }

    /// Adds `key` at the empty `slot`. A bigram's single is added first if
    /// it is new, so that every bigram knows its single's id.
    #[cold]
    fn insert(&mut self, mut slot: usize, key: Key, bucket: Bucket, word: Option<&str>) -> usize {
        let mut single = NO_SINGLE;
        if key & WORD_FLAG == 0 && key & SECOND != 0 {
            let first = key & !SECOND;
            let at = self.slot(first, || cjk_bucket(first), None);
            single = self.slots[at].id;
            // The table may have grown meanwhile.
            slot = self.vacancy(key);
        }
        let id = self.key.len();
        self.slots[slot] = Slot {
            key,
            id: id as u32,
            state: 0,
        };
        self.key.push(key);
        self.bucket.push(bucket);
        self.single.push(single);
        self.merged.push(0);
        if let Some(w) = word {
            self.words
                .insert(u64::from(bucket) << BUCKET_SHIFT | key, w.to_string());
        }
        if self.key.len() * 2 > self.slots.len() {
            return self.grow(slot);
        }
        slot
    }

    /// The empty slot where `key`, which is not in the table, goes.
    fn vacancy(&self, key: Key) -> usize {
        let mask = self.slots.len() - 1;
        let mut i = self.home(key);
        while self.slots[i].key != 0 {
            i = (i + 1) & mask;
        }
        i
    }

    /// Doubles the table, carrying the current document's states over;
    /// returns where `slot` went.
    fn grow(&mut self, slot: usize) -> usize {
        let size = self.slots.len() * 2;
        let old = std::mem::replace(&mut self.slots, vec![Slot::default(); size]);
        self.shift -= 1;
        let mask = self.slots.len() - 1;
        let mut moved = vec![0u32; old.len()];
        for (from, s) in old.iter().enumerate().filter(|(_, s)| s.key != 0) {
            let mut i = self.home(s.key);
            while self.slots[i].key != 0 {
                i = (i + 1) & mask;
            }
            self.slots[i] = *s;
            moved[from] = i as u32;
        }
        for t in &mut self.touched {
            *t = moved[*t as usize];
        }
        moved[slot] as usize
    }

    /// Appends the document's tokens as `id << SCORE_BITS | score` and
    /// forgets their states. A single kanji/kana gets the best score of
    /// itself and the bigrams it begins (and is added if only those
    /// occur): a one-character query then reads one list, not a whole
    /// shard of them.
    fn end_document(&mut self, records: &mut Vec<u64>) {
        let Dictionary {
            slots,
            single,
            merged,
            touched,
            merged_touched,
            ..
        } = self;
        for &slot in touched.iter() {
            let Slot { id, state, .. } = slots[slot as usize];
            let first = single[id as usize];
            if first != NO_SINGLE {
                let best = &mut merged[first as usize];
                // Every touched token scores at least 1: 0 is untouched.
                if *best == 0 {
                    merged_touched.push(first);
                }
                *best = (*best).max(score(state));
            }
        }
        for &slot in touched.iter() {
            let Slot { id, state, .. } = &mut slots[slot as usize];
            let folded = std::mem::take(&mut merged[*id as usize]);
            let best = score(*state).max(folded);
            records.push(u64::from(*id) << SCORE_BITS | u64::from(best));
            *state = 0;
        }
        // Singles met only at the head of their bigrams.
        for &id in merged_touched.iter() {
            let folded = std::mem::take(&mut merged[id as usize]);
            if folded > 0 {
                records.push(u64::from(id) << SCORE_BITS | u64::from(folded));
            }
        }
        touched.clear();
        merged_touched.clear();
    }
}

/// The score of a token's state in a document.
fn score(state: u8) -> u8 {
    let weight = |bit: u8, w: u16| (state >> bit & 1) * w as u8;
    weight(0, TITLE_WEIGHT) + weight(1, KEY_WEIGHT) + weight(2, HEADING_WEIGHT) + (state >> 3)
}

/// A word's bucket: of its first two letters.
fn bucket_of(chars: impl Iterator<Item = char>) -> Bucket {
    (shard_hash(chars) as usize & (BUCKETS - 1)) as Bucket
}

/// A kanji/kana token's bucket: of its one or two characters.
fn cjk_bucket(key: Key) -> Bucket {
    let first = char::from_u32((key >> 21) as u32).unwrap_or(' ');
    let second = char::from_u32((key & SECOND) as u32).filter(|&c| c != '\0');
    bucket_of(std::iter::once(first).chain(second))
}

#[derive(Serialize)]
struct Manifest {
    version: u32,
    build: String,
    docs: usize,
    shards: usize,
    /// Each chunk's document count, one [`ALPHABET`] character a chunk.
    chunks: String,
}

/// Enough shards to keep each near [`SHARD_BYTES`]; a power of two, so a
/// query's shard is a mask of the hash. Postings run at about half the
/// normalised text's bytes.
fn shard_count(text_bytes: usize) -> usize {
    (text_bytes / 2 / SHARD_BYTES)
        .max(1)
        .next_power_of_two()
        .min(MAX_SHARDS)
}

/// The shard of a token: by its first two characters, which are the whole
/// of a kanji/kana token, and which every word a still-being-typed word
/// can extend to shares. Same hash as `js/search-core.js` (FNV-1a over
/// UTF-16).
pub fn shard_of(token: &str, shards: usize) -> usize {
    (shard_hash(token.chars().take(2)) as usize) & (shards - 1)
}

/// FNV-1a over the UTF-16 units of `chars`.
fn shard_hash(chars: impl Iterator<Item = char>) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    let mut units = [0u16; 2];
    for c in chars {
        for &unit in c.encode_utf16(&mut units).iter() {
            hash ^= u32::from(unit);
            hash = hash.wrapping_mul(0x0100_0193);
        }
    }
    hash
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

/// Shard `k` of `shards`: `{"token":"postings"}` (see the module's
/// comment), tokens in key order (deterministic: keys depend only on the
/// tokens).
fn shard_json(ranges: &[RangePostings], k: usize, shards: usize) -> Vec<u8> {
    // (key, bucket, range, token): sorted, a token's entries are adjacent
    // with its ranges in order, so its docs come out ascending.
    let mut entries: Vec<(u64, u32, u32)> = Vec::new();
    for b in (k..BUCKETS).step_by(shards) {
        for (r, range) in ranges.iter().enumerate() {
            let tokens = range.buckets[b] as usize..range.buckets[b + 1] as usize;
            entries.extend(tokens.map(|t| {
                let token = range.tokens[t];
                (token.rotate_left(64 - BUCKET_SHIFT), r as u32, t as u32)
            }));
        }
    }
    entries.sort_unstable();
    let size: usize = entries
        .iter()
        .map(|&(_, r, t)| 12 + ranges[r as usize].postings(t as usize).len() * 2)
        .sum();
    let mut out = Vec::with_capacity(size + 2);
    out.push(b'{');
    let mut previous = None;
    // The next doc id a gap of 0 stands for.
    let mut next_doc = 0;
    for (sort_key, r, t) in entries {
        let range = &ranges[r as usize];
        if previous != Some(sort_key) {
            if previous.is_some() {
                out.extend_from_slice(b"\",");
            }
            push_token_name(&mut out, range, range.tokens[t as usize]);
            out.extend_from_slice(b":\"");
            previous = Some(sort_key);
            next_doc = 0;
        }
        for &posting in range.postings(t as usize) {
            let doc = range.first + u32::from(posting >> SCORE_BITS);
            let gap = u64::from(doc - next_doc);
            push_varint(
                &mut out,
                gap << SCORE_BITS | u64::from(posting & SCORE_MASK),
            );
            next_doc = doc + 1;
        }
    }
    if previous.is_some() {
        out.push(b'"');
    }
    out.push(b'}');
    out
}

/// `value` in [`ALPHABET`] characters, 5 bits each, low bits first; all but
/// the last with 32 added.
fn push_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 32 {
        out.push(ALPHABET[32 | (value & 31) as usize]);
        value >>= 5;
    }
    out.push(ALPHABET[value as usize]);
}

/// A token's JSON string: the characters of a kanji/kana key, or a word's
/// spelling in the first range that has it.
fn push_token_name(out: &mut Vec<u8>, range: &RangePostings, token: u64) {
    if token & WORD_FLAG != 0 {
        let word = range.words.get(&token).map_or("", String::as_str);
        json::push_str(out, word);
        return;
    }
    let first = char::from_u32(((token & PAYLOAD) >> 21) as u32).unwrap_or(' ');
    let second = char::from_u32((token & SECOND) as u32).filter(|&c| c != '\0');
    let mut buf = [0u8; 8];
    let len = first.encode_utf8(&mut buf).len();
    let len = len + second.map_or(0, |c| c.encode_utf8(&mut buf[len..]).len());
    json::push_str(out, std::str::from_utf8(&buf[..len]).unwrap_or_default());
}

/// Writes the documents in chunks of about [`CHUNK_BYTES`], in id
/// order; returns each chunk's document count (one [`ALPHABET`] character
/// each) and hash. Serial: it runs beside the parallel postings.
fn write_chunks(docs: &[SearchDoc<'_>], output: &dyn Output) -> anyhow::Result<(String, Vec<u64>)> {
    let mut counts = String::new();
    let mut in_chunk = 0;
    let mut hashes = Vec::new();
    let mut file: Vec<u8> = Vec::with_capacity(CHUNK_BYTES * 5 / 4);
    let mut close = |file: &mut Vec<u8>, k: usize| {
        file.push(b']');
        hashes.push(file_hash(file));
        let written = output.write(&format!("{DIR}/d{k}.json"), file);
        file.clear();
        written
    };
    let mut chunks = 0;
    for doc in docs {
        if file.len() >= CHUNK_BYTES || in_chunk == MAX_CHUNK_DOCS {
            close(&mut file, chunks)?;
            counts.push(char::from(ALPHABET[in_chunk]));
            chunks += 1;
            in_chunk = 0;
        }
        file.push(if file.is_empty() { b'[' } else { b',' });
        write_doc(&mut file, doc);
        in_chunk += 1;
    }
    if !file.is_empty() {
        close(&mut file, chunks)?;
        counts.push(char::from(ALPHABET[in_chunk]));
    }
    Ok((counts, hashes))
}

/// A document's row: `[kind, title, url, context, keys, text]`, as
/// `serde_json` writes it; the text's parts are joined as they are
/// escaped, without a joined copy.
fn write_doc(out: &mut Vec<u8>, doc: &SearchDoc<'_>) {
    out.push(b'[');
    for field in [doc.kind.code(), &doc.title, &doc.url, &doc.context] {
        json::push_str(out, field);
        out.push(b',');
    }
    out.push(b'[');
    for (i, key) in doc.aliases.iter().chain(&doc.keys).enumerate() {
        if i > 0 {
            out.push(b',');
        }
        json::push_str(out, key);
    }
    out.extend_from_slice(b"],\"");
    for (i, part) in doc.text_parts().enumerate() {
        if i > 0 {
            out.push(b' ');
        }
        json::push_str_contents(out, part);
    }
    out.extend_from_slice(b"\"]");
}

/// The multiply-rotate hash of a file's bytes.
fn file_hash(bytes: &[u8]) -> u64 {
    let mut h = FxHasher(0);
    std::hash::Hasher::write(&mut h, bytes);
    h.0
}

/// A short hash of every file's hash (shards, then chunks), so a browser
/// never mixes files of two builds.
fn content_version(hashes: &[u64]) -> String {
    let mut all = FxHasher(0);
    for (i, &h) in hashes.iter().enumerate() {
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

    fn doc(title: &str, text: &str) -> SearchDoc<'static> {
        SearchDoc {
            kind: DocKind::Note,
            title: title.to_string().into(),
            url: format!("{title}/").into(),
            context: "".into(),
            aliases: Vec::new(),
            keys: Vec::new(),
            headings: Vec::new(),
            text: vec![text.to_string().into()],
        }
    }

    fn build(docs: &[SearchDoc<'_>]) -> Vec<(String, Vec<u8>)> {
        let output = crate::output::MemoryOutput::default();
        let written = write(docs, &output).unwrap();
        let files: Vec<_> = output
            .into_files()
            .into_iter()
            .map(|(p, b)| (p, b.to_vec()))
            .collect();
        assert_eq!(written, files.len());
        files
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
            let shard: BTreeMap<String, String> = serde_json::from_slice(bytes).unwrap();
            let k: usize = path[DIR.len() + 2..path.len() - 5].parse().unwrap();
            for (token, encoded) in shard {
                let manifest: serde_json::Value =
                    serde_json::from_str(file(files, "index.json")).unwrap();
                let shards = manifest["shards"].as_u64().unwrap() as usize;
                assert_eq!(shard_of(&token, shards), k, "{token} in the wrong shard");
                out.insert(token, decode(&encoded));
            }
        }
        out
    }

    /// (doc, score) of encoded postings, as `js/search-core.js` reads them.
    fn decode(encoded: &str) -> Vec<(u64, u64)> {
        let digit = |c: u8| ALPHABET.iter().position(|&a| a == c).unwrap() as u64;
        let (mut out, mut doc, mut value, mut shift) = (Vec::new(), 0, 0, 0);
        for c in encoded.bytes() {
            value |= (digit(c) & 31) << shift;
            shift += 5;
            if digit(c) & 32 == 0 {
                doc += value >> SCORE_BITS;
                out.push((doc, value & 31));
                (doc, value, shift) = (doc + 1, 0, 0);
            }
        }
        out
    }

    #[test]
    fn postings_are_gaps_and_scores_in_one_character_when_dense() {
        let mut out = Vec::new();
        for v in [0, 31, 32, 1023, 1024, u64::from(u32::MAX) << 5 | 29] {
            out.clear();
            push_varint(&mut out, v);
            let s = std::str::from_utf8(&out).unwrap();
            assert_eq!(decode(s), [(v >> 5, v & 31)], "{v}: {s}");
        }
        let texts = ["量子 量子", "他", "量子", "量子"];
        let docs: Vec<SearchDoc> = texts.iter().map(|t| doc("x", t)).collect();
        let files = build(&docs);
        assert_eq!(postings(&files)["量子"], [(0, 2), (2, 1), (3, 1)]);
        let shard = files
            .iter()
            .find(|(p, b)| p.contains("/p") && std::str::from_utf8(b).unwrap().contains("量子"))
            .unwrap();
        // Doc 0 score 2, a gap of one then score 1, score 1.
        assert!(
            std::str::from_utf8(&shard.1)
                .unwrap()
                .contains(r#""量子":"2X11""#),
            "{}",
            std::str::from_utf8(&shard.1).unwrap()
        );
    }

    #[test]
    fn a_single_kanji_holds_the_best_score_of_every_token_it_begins() {
        let mut titled = doc("学習", "");
        titled.text = vec!["学校".into()];
        let docs = [
            titled,
            doc("x", "学校 学校 学"),
            doc("y", "見学"),
            doc("z", "他"),
        ];
        let p = postings(&build(&docs));
        assert_eq!(p["学習"], [(0, u64::from(TITLE_WEIGHT))]);
        assert_eq!(p["学校"], [(0, 1), (1, 2)]);
        // Doc 0: 学習 in the title; doc 1: 学校 twice beats the lone 学;
        // doc 2: 学 only as the tail of 見学.
        assert_eq!(
            p["学"],
            [(0, u64::from(TITLE_WEIGHT)), (1, 2), (2, 1)],
            "{p:?}"
        );
        assert_eq!(p["他"], [(3, 1)]);
    }

    #[test]
    fn fields_rank_title_and_aliases_over_keys_over_headings_over_body() {
        let mut in_title = doc("量子化", "");
        in_title.text = vec!["本文".into()];
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
    fn counts_survive_the_table_growing_in_the_middle_of_a_document() {
        // Enough distinct words to double the table a few times while the
        // first document is being counted, each seen twice.
        let words: Vec<String> = (0..20_000).map(|i| format!("w{i}")).collect();
        let body = format!("{} {}", words.join(" "), words.join(" "));
        let files = build(&[doc("w7", &body), doc("x", "w7 w19999")]);
        let p = postings(&files);
        assert_eq!(p.len(), words.len() + 1);
        assert_eq!(p["w7"], [(0, u64::from(TITLE_WEIGHT) + 2), (1, 1)]);
        assert_eq!(p["w19999"], [(0, 2), (1, 1)]);
        assert!(words
            .iter()
            .all(|w| p[w.as_str()][0] == (0, 2) || w == "w7"));
    }

    #[test]
    fn ranges_never_outgrow_a_posting() {
        for n in [1, 31, 32, 33, 1_000, 65_536, 65_537, 1_000_000, 100_000_000] {
            let len = range_len(n);
            assert!((1..=MAX_RANGE_DOCS).contains(&len), "{n} docs: {len}");
        }
        // A full range: its last document's id survives the posting.
        let docs: Vec<SearchDoc> = (0..MAX_RANGE_DOCS)
            .map(|i| doc("共通", &format!("d{i}")))
            .collect();
        let range = RangePostings::collect(7, &docs);
        let last = range.postings.iter().map(|p| p >> SCORE_BITS).max();
        assert_eq!(last, Some(MAX_RANGE_DOCS as Posting - 1));
        assert_eq!(range.first, 7);
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
        assert_eq!(manifest["version"], VERSION);
        // Document counts: chunks of 2, 2 and 1.
        assert_eq!(manifest["chunks"], "221");
        let chunk: serde_json::Value = serde_json::from_str(file(&files, "d1.json")).unwrap();
        assert_eq!(chunk[0][0], "n");
        assert_eq!(chunk[0][1], "t2");
        assert_eq!(chunk[0][2], "t2/");
        assert_eq!(chunk[1][1], "t3");
    }

    #[test]
    fn a_chunk_of_small_documents_stops_at_what_one_character_counts() {
        let docs: Vec<SearchDoc> = (0..MAX_CHUNK_DOCS + 2).map(|_| doc("", "")).collect();
        let files = build(&docs);
        let manifest: serde_json::Value = serde_json::from_str(file(&files, "index.json")).unwrap();
        assert_eq!(manifest["chunks"], "_2");
        let first: Vec<serde_json::Value> = serde_json::from_str(file(&files, "d0.json")).unwrap();
        assert_eq!(first.len(), MAX_CHUNK_DOCS);
    }

    #[test]
    fn rows_join_the_text_parts_and_escape_as_serde_json_does() {
        let tricky = "q\"uote \\ back\nnl\ttab\r\u{8}\u{c}\u{1}\u{1f}\u{7f} 量子 é /";
        let mut d = doc("t\"", "");
        d.keys = vec!["k\n".into()];
        d.text = vec![tricky.into(), "".into(), "末尾".into()];
        let mut row = Vec::new();
        write_doc(&mut row, &d);
        let expected =
            serde_json::to_vec(&("n", "t\"", "t\"/", "", ["k\n"], format!("{tricky} 末尾")))
                .unwrap();
        assert_eq!(
            String::from_utf8(row).unwrap(),
            String::from_utf8(expected).unwrap()
        );
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
    fn shard_of_keys_on_the_first_two_characters() {
        assert_eq!(shard_of("transformer", 4096), shard_of("tr", 4096));
        // Kanji/kana tokens are one or two characters: each has its own key.
        let shards: std::collections::HashSet<usize> = ["乗", "乗数", "乗法", "数法"]
            .iter()
            .map(|t| shard_of(t, 4096))
            .collect();
        assert_eq!(shards.len(), 4);
        assert_eq!(shard_of("anything", 1), 0);
        assert_eq!(shard_count(0), 1);
        assert_eq!(shard_count(usize::MAX / 2), MAX_SHARDS);
        assert!(shard_count(10 * 1024 * 1024).is_power_of_two());
    }
}

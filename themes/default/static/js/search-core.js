// Search engine of the default theme: the query side of manabi's search
// index (src/search/). normalize, eachToken and shardOf mirror
// src/search/tokenize.rs and src/search/index.rs exactly (a browser test
// compares the tokens); keep them in sync, and the index format
// (eachPosting, the manifest's chunk counts) with src/search/index.rs.
// No DOM here.

/** NFKC, lower case, katakana folded into hiragana. */
export function normalize(s) {
  let out = "";
  for (const c of s.normalize("NFKC").toLowerCase()) {
    out += foldKana(c);
  }
  return out;
}

function foldKana(c) {
  const cp = c.codePointAt(0);
  if ((cp >= 0x30a1 && cp <= 0x30f6) || cp === 0x30fd || cp === 0x30fe) {
    return String.fromCodePoint(cp - 0x60);
  }
  return c;
}

/** Kanji, kana, ー and the iteration marks (after normalize). */
export function isCjk(c) {
  const cp = c.codePointAt(0);
  return (
    (cp >= 0x3005 && cp <= 0x3007) ||
    (cp >= 0x3041 && cp <= 0x3096) ||
    (cp >= 0x309d && cp <= 0x309f) ||
    (cp >= 0x30a1 && cp <= 0x30fa) ||
    (cp >= 0x30fc && cp <= 0x30ff) ||
    (cp >= 0x31f0 && cp <= 0x31ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x20000 && cp <= 0x3134f)
  );
}

const WORD_CHAR = /^[\p{Alphabetic}\p{N}]$/u;

function classOf(c) {
  if (isCjk(c)) return "cjk";
  return WORD_CHAR.test(c) ? "word" : "other";
}

/**
 * Calls f(token, kind) for every token of normalised text; kind is
 * "word", "bigram", "single" or "tail" (the index-only last character of a
 * longer kanji/kana run).
 */
export function eachToken(text, f) {
  let word = -1;
  let prev = -1;
  let run = 0;
  const endRun = (end) => {
    if (prev >= 0) f(text.slice(prev, end), run === 1 ? "single" : "tail");
    prev = -1;
    run = 0;
  };
  let i = 0;
  for (const c of text) {
    const kind = classOf(c);
    if (kind !== "word" && word >= 0) {
      f(text.slice(word, i), "word");
      word = -1;
    }
    if (kind !== "cjk") endRun(i);
    if (kind === "word" && word < 0) word = i;
    if (kind === "cjk") {
      if (prev >= 0) f(text.slice(prev, i + c.length), "bigram");
      prev = i;
      run += 1;
    }
    i += c.length;
  }
  if (word >= 0) f(text.slice(word), "word");
  endRun(text.length);
}

/** The query tokens of s, as src/search/tokenize.rs `tokenize` gives them. */
export function tokenize(s) {
  const out = [];
  eachToken(normalize(s), (t, kind) => {
    if (kind !== "tail") out.push(t);
  });
  return out;
}

/**
 * The postings shard of a token: FNV-1a over the UTF-16 of its first two
 * characters (the whole of a kanji/kana token).
 */
export function shardOf(token, shards) {
  const key = [...token].slice(0, 2).join("");
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash & (shards - 1);
}

/** The characters of postings and chunk counts (src/search/index.rs ALPHABET). */
const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
const DIGIT = new Map([...ALPHABET].map((c, v) => [c.charCodeAt(0), v]));

/**
 * Calls f(doc, score) for every posting of an encoded list, docs
 * ascending: per document `gap * 32 + score` in 5-bit digits, low digit
 * first, every digit but the last with 32 added (src/search/index.rs).
 */
export function eachPosting(encoded, f) {
  let doc = 0;
  let value = 0;
  let scale = 1;
  for (let i = 0; i < encoded.length; i++) {
    const digit = DIGIT.get(encoded.charCodeAt(i));
    value += (digit & 31) * scale;
    if (digit & 32) {
      scale *= 32;
      continue;
    }
    doc += Math.floor(value / 32);
    f(doc, value % 32);
    doc += 1;
    value = 0;
    scale = 1;
  }
}

/**
 * Text normalised with a map back to the original: map[i] is the index in
 * `text` of the character that normalised unit i came from. A character is
 * normalised with the marks that follow it (ﾃﾞ → デ).
 */
export function normalizeWithMap(text) {
  let norm = "";
  const map = [];
  const clusters = text.match(/[\s\S][\p{M}\uff9e\uff9f]*/gu) || [];
  let at = 0;
  for (const cluster of clusters) {
    const n = normalize(cluster);
    norm += n;
    for (let k = 0; k < n.length; k++) map.push(at);
    at += cluster.length;
  }
  map.push(at);
  return { norm, map };
}

/**
 * Parts of `text` with every occurrence of a term marked:
 * [{ text, mark }]. `window` (optional) cuts a snippet of about that many
 * characters around the first match.
 */
export function highlight(text, terms, window = 0) {
  const { norm, map } = normalizeWithMap(text);
  const ranges = [];
  for (const term of terms) {
    let from = 0;
    let at;
    while (term && (at = norm.indexOf(term, from)) >= 0) {
      ranges.push([map[at], map[at + term.length] ?? text.length]);
      from = at + term.length;
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let start = 0;
  let end = text.length;
  if (window > 0) {
    const first = ranges.length ? ranges[0][0] : 0;
    start = Math.max(0, first - Math.floor(window / 4));
    end = Math.min(text.length, start + window);
  }
  const parts = [];
  if (start > 0) parts.push({ text: "…", mark: false });
  let at = start;
  for (const [a, b] of ranges) {
    if (b <= at || a >= end) continue;
    const from = Math.max(a, at);
    if (from > at) parts.push({ text: text.slice(at, from), mark: false });
    const to = Math.min(b, end);
    parts.push({ text: text.slice(from, to), mark: true });
    at = to;
  }
  if (at < end) parts.push({ text: text.slice(at, end), mark: false });
  if (end < text.length) parts.push({ text: "…", mark: false });
  return parts;
}

/**
 * The site's index, fetched lazily from `dir` (the URL of search/): the
 * manifest first, then only the postings shards and document chunks a
 * query needs.
 */
export class SearchIndex {
  constructor(dir) {
    this.dir = dir;
    this.manifest = null;
    this.files = new Map();
    this.haystacks = new Map();
  }

  load() {
    this.manifest ??= fetch(`${this.dir}index.json`)
      .then((r) => {
        if (!r.ok) throw new Error(`search index: ${r.status}`);
        return r.json();
      })
      .then((m) => {
        // Each chunk's document count, one character each: its first id.
        let start = 0;
        m.starts = [...m.chunks].map((c) => {
          const first = start;
          start += DIGIT.get(c.charCodeAt(0));
          return first;
        });
        return m;
      });
    return this.manifest;
  }

  async file(name) {
    const m = await this.load();
    if (!this.files.has(name)) {
      const url = `${this.dir}${name}.json?v=${m.build}`;
      this.files.set(
        name,
        fetch(url).then((r) => (r.ok ? r.json() : Promise.reject(new Error(url)))),
      );
    }
    return this.files.get(name);
  }

  /** Document `id` as { id, kind, title, url, context, keys, text }. */
  async doc(id) {
    const m = await this.load();
    let lo = 0;
    let hi = m.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (m.starts[mid] <= id) lo = mid;
      else hi = mid - 1;
    }
    const row = (await this.file(`d${lo}`))[id - m.starts[lo]];
    const [kind, title, url, context, keys, text] = row;
    return { id, kind, title, url, context, keys, text };
  }

  /**
   * Doc id → score for one query token, or for every word it begins
   * (`prefix`: the best score of each document). A single kanji/kana's
   * list already holds every token it begins.
   */
  async lookup(token, prefix) {
    const m = await this.load();
    const shard = await this.file(`p${shardOf(token, m.shards)}`);
    const scores = new Map();
    const add = (encoded) => {
      eachPosting(encoded, (doc, score) => {
        scores.set(doc, Math.max(scores.get(doc) ?? 0, score));
      });
    };
    if (!prefix) {
      if (Object.hasOwn(shard, token)) add(shard[token]);
      return scores;
    }
    for (const key of Object.keys(shard)) {
      if (key.startsWith(token)) add(shard[key]);
    }
    return scores;
  }

  /**
   * Documents matching every whitespace-separated term of `query` as a
   * substring, best first, at most `limit`: [{ doc, terms }].
   */
  async search(query, limit) {
    const terms = normalize(query).split(/\s+/).filter(Boolean);
    const typing = !/\s$/.test(query);
    const lookups = [];
    terms.forEach((term, n) => {
      const last = n === terms.length - 1 && typing;
      eachToken(term, (token, kind) => {
        if (kind === "tail") return;
        // The word being typed may begin a longer word (a lone kanji/kana
        // may too, and its list in the index covers those).
        const prefix = kind === "word" && last && token.length > 1;
        lookups.push(this.lookup(token, prefix));
      });
    });
    if (lookups.length === 0) return [];
    const found = await Promise.all(lookups);
    found.sort((a, b) => a.size - b.size);
    const candidates = [];
    for (const [doc, score] of found[0]) {
      let total = score;
      for (const other of found.slice(1)) {
        const s = other.get(doc);
        if (s === undefined) {
          total = -1;
          break;
        }
        total += s;
      }
      if (total >= 0) candidates.push([doc, total]);
    }
    candidates.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    return this.verify(candidates, terms, limit);
  }

  /** Candidates whose text holds every term, in batches, re-ranked. */
  async verify(candidates, terms, limit) {
    const hits = [];
    const joined = terms.join(" ");
    for (let from = 0; from < candidates.length && hits.length < limit; from += limit) {
      const batch = candidates.slice(from, from + limit);
      const docs = await Promise.all(batch.map(([id]) => this.doc(id)));
      docs.forEach((doc, k) => {
        const hay = this.haystack(doc);
        if (!terms.every((t) => hay.all.includes(t))) return;
        let score = batch[k][1];
        if (hay.names.includes(joined)) score += 100;
        else if (hay.names.some((n) => n.startsWith(joined))) score += 30;
        if (doc.kind === "n") score += 1;
        hits.push({ doc, terms, score });
      });
    }
    hits.sort((a, b) => b.score - a.score || a.doc.id - b.doc.id);
    return hits.slice(0, limit);
  }

  haystack(doc) {
    let hay = this.haystacks.get(doc.id);
    if (!hay) {
      const names = [doc.title, ...doc.keys].map(normalize);
      hay = { names, all: `${names.join("\n")}\n${normalize(doc.text)}` };
      this.haystacks.set(doc.id, hay);
    }
    return hay;
  }
}

// The sharded question bank (docs/quiz.md, "The bank files"): a small
// manifest with the exam settings and per-area counts, and the questions in
// shards chosen by a hash of their id. Pages fetch the manifest and only
// the shards holding the questions they show; every fetch is made once.

import { hasMeta, load, save, withMeta } from "./store.js";

const cache = new Map();

function fetchJSON(url) {
  if (!cache.has(url)) {
    cache.set(
      url,
      fetch(url).then((r) => (r.ok ? r.json() : Promise.reject(new Error(`${url}: ${r.status}`)))),
    );
  }
  return cache.get(url);
}

/** The manifest at `url` (`data-bank` of #quiz-config). */
export const manifest = (url) => fetchJSON(url);

/** The shard of question `id` among `count` shards: 32-bit FNV-1a of the
 *  id's UTF-8 bytes modulo `count` (the same as quiz::shards::shard_of). */
export function shardOf(id, count) {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(id)) {
    h ^= b;
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % count;
}

/** The questions of shard `n`. */
export async function shard(m, n) {
  const data = await fetchJSON(`${m.shards.url}${n}.json`);
  return data.questions;
}

/** The questions with the given ids that are still in the bank, as a map
 *  id → question; fetches each shard needed once, in parallel. */
export async function byId(m, ids) {
  const wanted = new Map();
  for (const id of ids) {
    const n = shardOf(id, m.shards.count);
    if (!wanted.has(n)) wanted.set(n, new Set());
    wanted.get(n).add(id);
  }
  const found = new Map();
  await Promise.all(
    [...wanted].map(async ([n, set]) => {
      for (const q of await shard(m, n)) if (set.has(q.id)) found.set(q.id, q);
    }),
  );
  return found;
}

/** What the store keeps of a question beside the result, so progress can
 *  be counted by area, section and tag without fetching the bank. */
export const meta = (q) => ({ area: q.area ?? null, note: q.note.url, tags: q.tags });

/** Gives the stored entries saved without meta (before manabi kept it) the
 *  meta of their questions, fetching only those questions' shards; entries
 *  whose question left the bank stay as they are. Returns the results. */
export async function backfill(m) {
  const results = load();
  const bare = Object.keys(results).filter((id) => !hasMeta(results[id]));
  if (!bare.length) return results;
  const found = await byId(m, bare);
  if (!found.size) return results;
  const fresh = load();
  for (const [id, q] of found) if (fresh[id]) fresh[id] = { ...fresh[id], ...withMeta(fresh[id], meta(q)) };
  save(fresh);
  return fresh;
}

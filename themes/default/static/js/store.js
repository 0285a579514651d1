// Quiz results in this browser (docs/quiz.md, "Browser storage"), the
// Leitner schedule, and the "due today" badge in the header. Nothing here
// talks to the network. Loaded on every page of a site with questions: on
// load it fills in the header badge.

export const KEY = "manabi:v1:results";
/** Days until the next review for Leitner boxes 1..5. */
export const INTERVALS = [1, 2, 4, 8, 16];

/** All results, `{ id: entry }`; an empty object when none or unreadable. */
export function load() {
  try {
    const data = JSON.parse(localStorage.getItem(KEY));
    return isObject(data) ? data : {};
  } catch {
    return {};
  }
}

/** Replaces all results and refreshes the badge. */
export function save(results) {
  try {
    localStorage.setItem(KEY, JSON.stringify(results));
  } catch {
    // Storage full or disabled (private mode): answers still grade.
  }
  showDueBadge(results);
}

export function clear() {
  try {
    localStorage.removeItem(KEY);
  } catch {}
  showDueBadge({});
}

/** Local midnight `days` days after the day of `now`. */
function dayStart(now, days) {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  d.setDate(d.getDate() + days);
  return d.getTime();
}

/** Local midnight after `now`: a question is due today when due < this. */
export function endOfToday(now = Date.now()) {
  return dayStart(now, 1);
}

/** The next entry after one answer. Correct moves the question up one box
 *  (a new question starts in box 2), wrong sends it back to box 1; the next
 *  review is at the start of the day INTERVALS[box - 1] days later, so a
 *  question answered at any time of day comes back on a calendar day. */
export function next(entry, correct, now = Date.now()) {
  const box = correct ? Math.min((entry?.box || 1) + 1, 5) : 1;
  return {
    attempts: (entry?.attempts || 0) + 1,
    correct: (entry?.correct || 0) + (correct ? 1 : 0),
    last: correct ? "correct" : "incorrect",
    at: now,
    box,
    due: dayStart(now, INTERVALS[box - 1]),
  };
}

/** Records one answer to question `id`; returns the new entry. `meta`
 *  (`{ area, note, tags }`, see bank.js) is kept with the entry so that
 *  progress counts by area, section and tag without fetching the bank. */
export function record(id, correct, meta = {}, now = Date.now()) {
  const results = load();
  const entry = { ...next(results[id], correct, now), ...withMeta(results[id], meta) };
  results[id] = entry;
  save(results);
  return entry;
}

/** The meta fields of an entry: `meta` where given, else what `entry` had. */
export function withMeta(entry, meta = {}) {
  const out = {};
  for (const key of ["area", "note", "tags"]) {
    const value = meta[key] !== undefined ? meta[key] : entry?.[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** Whether an entry carries its question's meta (entries saved before
 *  manabi kept it have none until their question is seen again). */
export const hasMeta = (entry) => typeof entry?.note === "string";

/** Ids of the entries due today (or overdue), oldest due first. */
export function dueIds(results = load(), now = Date.now()) {
  const end = endOfToday(now);
  return Object.keys(results)
    .filter((id) => results[id].due < end)
    .sort((a, b) => results[a].due - results[b].due);
}

/** Checks imported data: `{ results }` from an export, or a bare results
 *  map. Returns the results or throws an Error saying what is wrong. */
export function validate(data) {
  const results = isObject(data) && isObject(data.results) ? data.results : data;
  if (!isObject(results)) throw new Error("not a results object");
  for (const [id, e] of Object.entries(results)) {
    const ok =
      isObject(e) &&
      count(e.attempts) &&
      count(e.correct) &&
      e.correct <= e.attempts &&
      (e.last === "correct" || e.last === "incorrect") &&
      Number.isFinite(e.at) &&
      Number.isInteger(e.box) &&
      e.box >= 1 &&
      e.box <= 5 &&
      Number.isFinite(e.due) &&
      (e.area === undefined || e.area === null || typeof e.area === "string") &&
      (e.note === undefined || typeof e.note === "string") &&
      (e.tags === undefined || (Array.isArray(e.tags) && e.tags.every((t) => typeof t === "string")));
    if (!ok) throw new Error(`invalid entry "${id}"`);
  }
  return results;
}

/** Merges imported results into the stored ones; per question the entry
 *  answered last wins. Returns how many entries were taken. */
export function merge(incoming) {
  const results = load();
  let taken = 0;
  for (const [id, e] of Object.entries(incoming)) {
    if (!results[id] || results[id].at <= e.at) {
      results[id] = e;
      taken++;
    }
  }
  save(results);
  return taken;
}

/** Fills in the header badge (`[data-due-badge]`): the number of questions
 *  due today, hidden when there are none. */
export function showDueBadge(results = load()) {
  const link = document.querySelector("[data-due-badge]");
  const badge = link?.querySelector(".due-count");
  if (!badge) return;
  const n = dueIds(results).length;
  badge.textContent = n;
  badge.hidden = n === 0;
  const label = link.dataset.label;
  if (n && label) link.setAttribute("aria-label", label.replace("{n}", n));
  else link.removeAttribute("aria-label");
}

function isObject(v) {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function count(v) {
  return Number.isInteger(v) && v >= 0;
}

showDueBadge();
addEventListener("storage", (e) => {
  if (e.key === KEY || e.key === null) showDueBadge();
});

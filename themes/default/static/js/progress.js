// Progress page (/progress/): accuracy by area and by tag, the questions
// answered wrong last time, and managing the stored results (reset with
// confirmation, export and import as JSON). Accuracy = the share of answered
// questions whose last answer was correct. Counts come from the stored
// entries (which keep each question's area, note and tags) and the bank's
// manifest; only the wrong answers shown fetch their questions' shards.

import { backfill, byId, manifest } from "./bank.js";
import { esc, str } from "./quiz.js";
import { clear, dueIds, hasMeta, load, merge, validate } from "./store.js";

const root = document.querySelector(".progress");
const out = root.querySelector(".progress-report");
const message = root.querySelector(".progress-message");
const confirmBox = root.querySelector(".progress-confirm");
const config = document.getElementById("quiz-config").dataset;
/** Wrong answers listed at a time. */
const WRONG_PAGE = 10;
let bank = { total: 0, areas: [], tags: [] };

const percent = (n, d) => (d ? Math.round((n / d) * 100) : 0);

/** The question's text without markup, at most 80 characters. */
function plain(html) {
  const tpl = document.createElement("template");
  tpl.innerHTML = html;
  const text = tpl.content.textContent.replace(/\s+/g, " ").trim();
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/** `{ answered, right }` of the entries `keep` selects. */
function tally(entries, keep) {
  const answered = entries.filter(keep);
  return { answered: answered.length, right: answered.filter((e) => e.last === "correct").length };
}

/** A table of `rows`: `[name, { answered, right }, total]`. */
function table(heading, rows) {
  const body = rows
    .map(([name, t, total]) => {
      const p = percent(t.right, t.answered);
      return `<tr><th scope="row">${esc(name)}</th><td class="num">${t.answered} / ${total}</td><td>${
        t.answered ? `<span class="quiz-bar" style="--p:${p}%"></span> <span class="num">${p}%</span>` : "—"
      }</td></tr>`;
    })
    .join("");
  return `<h2 class="section-heading">${heading}</h2><div class="table-wrap"><table class="quiz-table"><thead><tr><th scope="col">${str(
    "progress_name",
  )}</th><th scope="col">${str("progress_attempted")}</th><th scope="col">${str("progress_accuracy")}</th></tr></thead><tbody>${body}</tbody></table></div>`;
}

/** The wrong answers, newest first, as list items (their questions fetched). */
async function wrongItems(ids) {
  const questions = await byId(bank, ids);
  return ids
    .filter((id) => questions.has(id))
    .map((id) => {
      const q = questions.get(id);
      return `<li data-quiz-id="${esc(q.id)}"><a href="${esc(q.note.url)}#${esc(q.anchor || `q-${q.id}`)}">${esc(
        plain(q.question),
      )}</a><span class="progress-wrong-note">${esc(q.note.title)}</span></li>`;
    })
    .join("");
}

async function showWrong(list, ids, from) {
  const more = list.parentElement.querySelector(".progress-wrong-more");
  list.insertAdjacentHTML("beforeend", await wrongItems(ids.slice(from, from + WRONG_PAGE)));
  more.hidden = from + WRONG_PAGE >= ids.length;
  more.onclick = () => showWrong(list, ids, from + WRONG_PAGE).catch(loadError);
}

function render() {
  const results = load();
  // Entries without meta are questions no longer in the bank.
  const entries = Object.entries(results).filter(([, e]) => hasMeta(e));
  if (!entries.length) {
    out.innerHTML = `<p class="empty progress-empty">${str("progress_none")}</p>`;
    return Promise.resolve();
  }
  const values = entries.map(([, e]) => e);
  const all = tally(values, () => true);
  const attempts = values.reduce((n, e) => n + e.attempts, 0);
  const due = dueIds(Object.fromEntries(entries)).length;
  const stat = (label, value, cls) => `<div class="progress-stat ${cls}"><dt>${label}</dt><dd>${value}</dd></div>`;
  const byArea = bank.areas.map((a) => [
    a.name ?? str("quiz_other_area"),
    tally(values, (e) => (e.area ?? null) === a.name),
    a.count,
  ]);
  const byTag = bank.tags
    .map(([name, total]) => [name, tally(values, (e) => e.tags?.includes(name)), total])
    .filter(([, t]) => t.answered)
    .sort(([a], [b]) => a.localeCompare(b));
  const wrong = entries
    .filter(([, e]) => e.last === "incorrect")
    .sort(([, a], [, b]) => b.at - a.at)
    .map(([id]) => id);
  out.innerHTML = `<dl class="progress-stats">${stat(
    str("progress_attempted"),
    `<span class="progress-answered">${all.answered}</span> / <span class="progress-total">${bank.total}</span>`,
    "progress-stat-answered",
  )}${stat(str("progress_accuracy"), `${percent(all.right, all.answered)}%`, "progress-stat-accuracy")}${stat(
    str("progress_attempts"),
    attempts,
    "progress-stat-attempts",
  )}${stat(str("progress_due"), due, "progress-stat-due")}</dl>
<p class="progress-note">${str("progress_accuracy_note")}</p>
${table(str("progress_by_area"), byArea)}
${byTag.length ? table(str("progress_by_tag"), byTag) : ""}
<h2 class="section-heading">${str("progress_wrong")}</h2>${
    wrong.length
      ? `<ul class="progress-wrong"></ul><p><button type="button" class="quiz-button progress-wrong-more" hidden>${str("progress_more")}</button></p>`
      : `<p class="empty">${str("progress_no_wrong")}</p>`
  }`;
  const list = out.querySelector(".progress-wrong");
  return list ? showWrong(list, wrong, 0) : Promise.resolve();
}

function loadError() {
  message.textContent = str("exam_load_error");
}

function exportResults() {
  const data = { format: "manabi-progress", version: 1, exported: new Date().toISOString(), results: load() };
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }));
  link.download = `manabi-progress-${data.exported.slice(0, 10)}.json`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

async function importResults(input) {
  const file = input.files[0];
  if (!file) return;
  try {
    const data = JSON.parse(await file.text());
    if (data?.version !== undefined && data.version !== 1) throw new Error(`version ${data.version}`);
    const taken = merge(validate(data));
    message.textContent = str("progress_import_ok", { n: taken });
    await backfill(bank);
    await render();
  } catch (e) {
    message.textContent = str("progress_import_error", { error: e.message });
  }
  input.value = "";
}

const button = (sel, handler) => {
  const el = root.querySelector(sel);
  el.disabled = false;
  el.addEventListener(el.type === "file" ? "change" : "click", handler);
};
button(".progress-export", exportResults);
button(".progress-import", (e) => importResults(e.target));
button(".progress-reset", () => {
  confirmBox.hidden = false;
  root.querySelector(".progress-reset-no").focus();
});
button(".progress-reset-yes", () => {
  clear();
  confirmBox.hidden = true;
  message.textContent = str("progress_reset_done");
  render().catch(loadError);
});
button(".progress-reset-no", () => {
  confirmBox.hidden = true;
  root.querySelector(".progress-reset").focus();
});

manifest(config.bank)
  .then(async (m) => {
    bank = m;
    await backfill(m);
  })
  .catch(loadError)
  .then(() => render())
  .catch(loadError)
  .finally(() => root.removeAttribute("aria-busy"));

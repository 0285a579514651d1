// Progress page (/progress/): accuracy by area and by tag, the questions
// answered wrong last time, and managing the stored results (reset with
// confirmation, export and import as JSON). Accuracy = the share of answered
// questions whose last answer was correct.

import { esc, str } from "./quiz.js";
import { clear, dueIds, load, merge, validate } from "./store.js";

const root = document.querySelector(".progress");
const out = root.querySelector(".progress-report");
const message = root.querySelector(".progress-message");
const confirmBox = root.querySelector(".progress-confirm");
const config = document.getElementById("quiz-config").dataset;
let bank = { exam: {}, questions: [] };

const percent = (n, d) => (d ? Math.round((n / d) * 100) : 0);

/** The question's text without markup, at most 80 characters. */
function plain(html) {
  const tpl = document.createElement("template");
  tpl.innerHTML = html;
  const text = tpl.content.textContent.replace(/\s+/g, " ").trim();
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/** Groups questions by `keys(q)` (a question may have several tags). */
function groupBy(questions, keys) {
  const groups = new Map();
  for (const q of questions) {
    for (const key of keys(q)) {
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(q);
    }
  }
  return groups;
}

function tally(questions, results) {
  const answered = questions.filter((q) => results[q.id]);
  const right = answered.filter((q) => results[q.id].last === "correct").length;
  return { total: questions.length, answered: answered.length, right };
}

function table(heading, groups, results) {
  const rows = [...groups]
    .map(([name, qs]) => {
      const t = tally(qs, results);
      const p = percent(t.right, t.answered);
      return `<tr><th scope="row">${esc(name)}</th><td class="num">${t.answered} / ${t.total}</td><td>${
        t.answered ? `<span class="quiz-bar" style="--p:${p}%"></span> <span class="num">${p}%</span>` : "—"
      }</td></tr>`;
    })
    .join("");
  return `<h2 class="section-heading">${heading}</h2><div class="table-wrap"><table class="quiz-table"><thead><tr><th scope="col">${str(
    "progress_name",
  )}</th><th scope="col">${str("progress_attempted")}</th><th scope="col">${str("progress_accuracy")}</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

function render() {
  const results = load();
  const questions = bank.questions;
  const all = tally(questions, results);
  if (!all.answered) {
    out.innerHTML = `<p class="empty progress-empty">${str("progress_none")}</p>`;
    return;
  }
  const attempts = questions.reduce((n, q) => n + (results[q.id]?.attempts ?? 0), 0);
  const ids = new Set(questions.map((q) => q.id));
  const due = dueIds(results).filter((id) => ids.has(id)).length;
  const stat = (label, value, cls) => `<div class="progress-stat ${cls}"><dt>${label}</dt><dd>${value}</dd></div>`;
  const areas = bank.exam?.areas ?? [];
  const rank = (a) => (areas.includes(a) ? areas.indexOf(a) : areas.length);
  const byArea = new Map(
    [...groupBy(questions, (q) => [q.area ?? str("quiz_other_area")])].sort(
      ([a], [b]) => rank(a) - rank(b) || a.localeCompare(b),
    ),
  );
  const byTag = new Map([...groupBy(questions, (q) => q.tags)].sort(([a], [b]) => a.localeCompare(b)));
  const wrong = questions
    .filter((q) => results[q.id]?.last === "incorrect")
    .sort((a, b) => results[b.id].at - results[a.id].at);
  out.innerHTML = `<dl class="progress-stats">${stat(
    str("progress_attempted"),
    `<span class="progress-answered">${all.answered}</span> / <span class="progress-total">${all.total}</span>`,
    "progress-stat-answered",
  )}${stat(str("progress_accuracy"), `${percent(all.right, all.answered)}%`, "progress-stat-accuracy")}${stat(
    str("progress_attempts"),
    attempts,
    "progress-stat-attempts",
  )}${stat(str("progress_due"), due, "progress-stat-due")}</dl>
<p class="progress-note">${str("progress_accuracy_note")}</p>
${table(str("progress_by_area"), byArea, results)}
${byTag.size ? table(str("progress_by_tag"), byTag, results) : ""}
<h2 class="section-heading">${str("progress_wrong")}</h2>${
    wrong.length
      ? `<ul class="progress-wrong">${wrong
          .map(
            (q) =>
              `<li data-quiz-id="${esc(q.id)}"><a href="${esc(q.note.url)}#${esc(q.anchor || `q-${q.id}`)}">${esc(
                plain(q.question),
              )}</a><span class="progress-wrong-note">${esc(q.note.title)}</span></li>`,
          )
          .join("")}</ul>`
      : `<p class="empty">${str("progress_no_wrong")}</p>`
  }`;
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
    render();
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
  render();
});
button(".progress-reset-no", () => {
  confirmBox.hidden = true;
  root.querySelector(".progress-reset").focus();
});

fetch(config.bank)
  .then((r) => (r.ok ? r.json() : Promise.reject(new Error(r.status))))
  .then((data) => {
    bank = data;
  })
  .catch(() => {
    message.textContent = str("exam_load_error");
  })
  .finally(() => {
    render();
    root.removeAttribute("aria-busy");
  });

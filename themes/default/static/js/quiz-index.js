// Question bank index (/quiz/): fills in the reader's progress on each area
// and section from the stored results, which keep every answered
// question's area and note (store.js). Entries saved before manabi kept
// them get theirs from the bank first (bank.js `backfill`).

import { backfill, manifest } from "./bank.js";
import { str } from "./quiz.js";
import { hasMeta, load } from "./store.js";

const config = document.getElementById("quiz-config").dataset;
const groups = [...document.querySelectorAll("[data-quiz-group]")];

/** The section URL of a note URL: its parent folder. */
const sectionOf = (note) => note.replace(/[^/]+\/$/, "");

function belongs(group, entry) {
  const d = group.dataset;
  return d.quizGroup === "area" ? (entry.area ?? undefined) === d.quizArea : sectionOf(entry.note) === d.quizSection;
}

function show(results) {
  const entries = Object.values(results).filter(hasMeta);
  for (const group of groups) {
    const mine = entries.filter((e) => belongs(group, e));
    const out = group.querySelector(".quiz-group-progress");
    if (!mine.length) {
      out.hidden = true;
      continue;
    }
    const right = mine.filter((e) => e.last === "correct").length;
    out.textContent = str("quiz_list_progress", {
      answered: mine.length,
      total: group.dataset.quizCount,
      percent: Math.round((right / mine.length) * 100),
    });
    out.hidden = false;
  }
}

show(load());
if (Object.values(load()).some((e) => !hasMeta(e))) {
  manifest(config.bank)
    .then(backfill)
    .then(show)
    .catch(() => {});
}
addEventListener("storage", () => show(load()));

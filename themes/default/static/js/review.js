// Review (/review/): the questions due today under the Leitner schedule of
// store.js, one at a time, graded by quiz.js (which records the answer and
// so moves the question to its next box).

import { renderQuestion, shuffleOn, str } from "./quiz.js";
import { dueIds, load } from "./store.js";

const root = document.querySelector(".review");
const status = root.querySelector(".review-status");
const stage = root.querySelector(".review-stage");
const nextButton = root.querySelector(".review-next");
const config = document.getElementById("quiz-config").dataset;
let queue = [];
let position = 0;

/** When the next question comes due, for the "nothing due" message. */
function nextDue(byId) {
  const results = load();
  const dues = Object.keys(results)
    .filter((id) => byId.has(id))
    .map((id) => results[id].due);
  if (!dues.length) return "";
  const date = new Date(Math.min(...dues)).toLocaleDateString(config.lang || undefined, {
    month: "long",
    day: "numeric",
    weekday: "short",
  });
  return " " + str("review_next_due", { date });
}

function showNext(byId, focus) {
  nextButton.hidden = true;
  stage.textContent = "";
  if (position >= queue.length) {
    const none = Object.keys(load()).some((id) => byId.has(id));
    status.textContent = none
      ? str(queue.length ? "review_done" : "review_none") + nextDue(byId)
      : str("review_start_hint");
    return;
  }
  const q = queue[position++];
  status.textContent = str("review_remaining", { n: queue.length - position + 1 });
  const box = document.createElement("p");
  box.className = "review-box";
  box.textContent = str("review_box", { box: load()[q.id]?.box ?? 1 });
  const form = renderQuestion(q, { shuffle: shuffleOn(root) });
  form.addEventListener("quiz:answered", () => {
    nextButton.hidden = false;
  });
  stage.append(box, form);
  if (focus) form.querySelector("input, textarea")?.focus();
}

fetch(config.bank)
  .then((r) => (r.ok ? r.json() : Promise.reject(new Error(r.status))))
  .then((bank) => {
    const byId = new Map(bank.questions.map((q) => [q.id, q]));
    queue = dueIds().filter((id) => byId.has(id)).map((id) => byId.get(id));
    nextButton.addEventListener("click", () => showNext(byId, true));
    showNext(byId, false);
  })
  .catch(() => {
    status.textContent = str("exam_load_error");
  });

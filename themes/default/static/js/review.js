// Review (/review/): the questions due today under the Leitner schedule of
// store.js, one at a time, graded by quiz.js (which records the answer and
// so moves the question to its next box). Each question comes from its
// shard of the bank (bank.js), fetched when it is next, the one after it
// prefetched.

import { byId, manifest } from "./bank.js";
import { renderQuestion, shuffleOn, str } from "./quiz.js";
import { dueIds, load } from "./store.js";

const root = document.querySelector(".review");
const status = root.querySelector(".review-status");
const stage = root.querySelector(".review-stage");
const nextButton = root.querySelector(".review-next");
const config = document.getElementById("quiz-config").dataset;
let bank = null;
let queue = [];
let position = 0;
let shown = 0;

/** When the next question comes due, for the "nothing due" message. */
function nextDue() {
  const dues = Object.values(load()).map((e) => e.due);
  if (!dues.length) return "";
  const date = new Date(Math.min(...dues)).toLocaleDateString(config.lang || undefined, {
    month: "long",
    day: "numeric",
    weekday: "short",
  });
  return " " + str("review_next_due", { date });
}

const question = async (id) => (await byId(bank, [id])).get(id);

/** The next due question still in the bank (a question that left it is
 *  skipped), prefetching the one after it. */
async function nextQuestion() {
  while (position < queue.length) {
    const q = await question(queue[position++]);
    if (position < queue.length) question(queue[position]).catch(() => {});
    if (q) return q;
  }
  return null;
}

async function showNext(focus) {
  nextButton.hidden = true;
  stage.textContent = "";
  const left = queue.length - position;
  const q = await nextQuestion();
  if (!q) {
    const any = Object.keys(load()).length > 0;
    status.textContent = any ? str(shown ? "review_done" : "review_none") + nextDue() : str("review_start_hint");
    return;
  }
  shown++;
  status.textContent = str("review_remaining", { n: left });
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

function failed() {
  status.textContent = str("exam_load_error");
}

manifest(config.bank)
  .then((m) => {
    bank = m;
    queue = dueIds();
    nextButton.addEventListener("click", () => showNext(true).catch(failed));
    return showNext(false);
  })
  .catch(failed);

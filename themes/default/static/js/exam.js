// Mock exam (/exam/): draws questions from the sharded bank (bank.js: the
// manifest says how many questions of each area every shard holds, so only
// the shards of the drawn questions are fetched), runs the countdown, shows
// no feedback until the learner submits (or time is up), then writes the
// score report. Written questions are not scored: after submitting they
// show the model answer for self-checking. Scored answers are recorded in
// store.js like any other answer.

import { manifest, meta, shard } from "./bank.js";
import { enhance, esc, grade, renderQuestion, revealWritten, show, shuffleOn, str } from "./quiz.js";
import { record } from "./store.js";

const root = document.querySelector(".exam");
const config = document.getElementById("quiz-config").dataset;
const count = Number(root.dataset.examQuestions);
const minutes = Number(root.dataset.examMinutes);
const pass = Number(root.dataset.examPass);
const startButton = root.querySelector(".exam-start-button");
const status = root.querySelector(".exam-status");
const run = root.querySelector(".exam-run");
const report = root.querySelector(".exam-report");
let bank = null;
let exam = null;

const areaName = (q) => q.area ?? str("quiz_other_area");

function shuffled(list) {
  const a = [...list];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** How many of `n` questions each area gets: a share proportional to its
 *  number of questions in the bank (largest remainder; ties go to the area
 *  listed first). `areas` are the manifest's, in its order. */
export function shares(areas, n) {
  const total = areas.reduce((s, a) => s + a.count, 0);
  const k = Math.min(n, total);
  const parts = areas.map((a, i) => ({ i, exact: total ? (k * a.count) / total : 0 }));
  for (const p of parts) p.take = Math.floor(p.exact);
  let left = k - parts.reduce((s, p) => s + p.take, 0);
  for (const p of [...parts].sort((a, b) => b.exact - b.take - (a.exact - a.take) || a.i - b.i)) {
    if (left-- <= 0) break;
    p.take++;
  }
  return parts.map((p) => p.take);
}

/** `k` distinct ranks in 0..n, in random order (Floyd's sampling). */
function sample(n, k) {
  const picked = new Set();
  for (let j = n - k; j < n; j++) {
    const r = Math.floor(Math.random() * (j + 1));
    picked.add(picked.has(r) ? j : r);
  }
  return shuffled([...picked]);
}

/** The shard holding the `rank`-th question of an area (in shard order),
 *  and its position among the area's questions in that shard. */
function locate(perShard, rank) {
  let shardIndex = 0;
  while (rank >= perShard[shardIndex]) rank -= perShard[shardIndex++];
  return [shardIndex, rank];
}

/** Draws `n` questions: each area's share (see `shares`), uniformly at
 *  random within the area, areas in the manifest's order. Fetches only
 *  the shards of the drawn questions. */
export async function draw(m, n) {
  const takes = shares(m.areas, n);
  const picks = m.areas.flatMap((a, i) =>
    sample(a.count, takes[i]).map((rank) => [i, ...locate(a.per_shard, rank)]),
  );
  const shards = new Map();
  await Promise.all(
    [...new Set(picks.map(([, s]) => s))].map(async (s) => shards.set(s, await shard(m, s))),
  );
  // A shard that changed under a cached manifest may miss a question.
  return picks
    .map(([i, s, at]) => shards.get(s).filter((q) => (q.area ?? null) === m.areas[i].name)[at])
    .filter(Boolean);
}

const clock = (ms) => {
  const s = Math.ceil(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
};

async function start() {
  startButton.disabled = true;
  status.textContent = str("exam_loading");
  let questions;
  try {
    questions = await draw(bank, count);
  } catch {
    status.textContent = str("exam_load_error");
    startButton.disabled = false;
    return;
  }
  status.textContent = "";
  startButton.disabled = false;
  const shuffle = shuffleOn(root);
  const forms = questions.map((q, i) => renderQuestion(q, { number: i + 1, exam: true, shuffle }));
  exam = { questions, forms, flags: new Set(), current: 0, started: Date.now(), deadline: Date.now() + minutes * 6e4, left: minutes };
  run.innerHTML = `<div class="exam-bar"><p class="exam-clock"><span class="exam-clock-label">${str("exam_time_left")}</span> <span class="exam-timer" role="timer">${clock(minutes * 6e4)}</span></p><p class="exam-position"></p></div>
<p class="exam-announce visually-hidden" aria-live="polite"></p>
<nav class="exam-nav" aria-label="${esc(str("exam_navigator"))}"><ol>${forms
    .map((_, i) => `<li><button type="button" class="exam-nav-item" data-index="${i}">${i + 1}</button></li>`)
    .join("")}</ol></nav>
<div class="exam-questions"></div>
<div class="exam-controls"><button type="button" class="quiz-button exam-prev">${str("exam_prev")}</button><button type="button" class="quiz-button exam-flag" aria-pressed="false">${str("exam_flag")}</button><button type="button" class="quiz-button exam-next">${str("exam_next")}</button></div>
<div class="exam-finish"><button type="button" class="button exam-submit">${str("exam_submit")}</button><div class="exam-confirm" hidden><p class="exam-confirm-text"></p><p><button type="button" class="button exam-submit-anyway">${str("exam_submit_anyway")}</button> <button type="button" class="quiz-button exam-cancel">${str("exam_cancel")}</button></p></div></div>`;
  const holder = run.querySelector(".exam-questions");
  for (const form of forms) {
    form.hidden = true;
    form.addEventListener("input", () => updateNav());
    form.addEventListener("submit", () => go(exam.current + 1));
    holder.append(form);
  }
  on(".exam-prev", () => go(exam.current - 1));
  on(".exam-next", () => go(exam.current + 1));
  on(".exam-flag", () => {
    const i = exam.current;
    exam.flags.has(i) ? exam.flags.delete(i) : exam.flags.add(i);
    updateNav();
  });
  on(".exam-submit", confirmSubmit);
  on(".exam-submit-anyway", () => finish(false));
  on(".exam-cancel", () => {
    run.querySelector(".exam-confirm").hidden = true;
    run.querySelector(".exam-submit").focus();
  });
  run.querySelector(".exam-nav").addEventListener("click", (e) => {
    const item = e.target.closest(".exam-nav-item");
    if (item) go(Number(item.dataset.index));
  });
  root.querySelector(".exam-start").hidden = true;
  report.hidden = true;
  run.hidden = false;
  announce(str("exam_minutes_left", { n: minutes }));
  exam.timer = setInterval(tick, 250);
  go(0);
}

function on(selector, handler) {
  run.querySelector(selector).addEventListener("click", handler);
}

function announce(text) {
  run.querySelector(".exam-announce").textContent = text;
}

function tick() {
  const left = Math.max(0, exam.deadline - Date.now());
  const timer = run.querySelector(".exam-timer");
  timer.textContent = clock(left);
  timer.classList.toggle("exam-timer-low", left < 6e4);
  const mins = Math.ceil(left / 6e4);
  if (mins < exam.left && mins > 0) announce(str("exam_minutes_left", { n: mins }));
  exam.left = mins;
  if (left === 0) finish(true);
}

const isAnswered = (form) =>
  [...form.querySelectorAll("fieldset.quiz-body input, textarea")].some((el) =>
    el.type === "radio" || el.type === "checkbox" ? el.checked : el.value.trim() !== "",
  );

function go(index) {
  const { forms } = exam;
  if (run.hidden || index < 0 || index >= forms.length) return;
  forms[exam.current].hidden = true;
  exam.current = index;
  forms[index].hidden = false;
  run.querySelector(".exam-prev").disabled = index === 0;
  run.querySelector(".exam-next").disabled = index === forms.length - 1;
  run.querySelector(".exam-position").textContent = str("exam_progress", { n: index + 1, total: forms.length });
  updateNav();
  forms[index].querySelector(".quiz-stem").scrollIntoView({ block: "nearest" });
}

function updateNav() {
  run.querySelectorAll(".exam-nav-item").forEach((item, i) => {
    const done = isAnswered(exam.forms[i]);
    const flagged = exam.flags.has(i);
    item.classList.toggle("is-answered", done);
    item.classList.toggle("is-flagged", flagged);
    if (i === exam.current) item.setAttribute("aria-current", "step");
    else item.removeAttribute("aria-current");
    const notes = [done ? str("exam_answered") : "", flagged ? str("exam_flagged") : ""].filter(Boolean);
    item.setAttribute("aria-label", [str("exam_nav_item", { n: i + 1 }), ...notes].join(" "));
  });
  run.querySelector(".exam-flag").setAttribute("aria-pressed", exam.flags.has(exam.current));
}

function confirmSubmit() {
  const open = exam.forms.filter((f) => !isAnswered(f)).length;
  if (!open) return finish(false);
  run.querySelector(".exam-confirm-text").textContent = str("exam_submit_confirm", { n: open });
  run.querySelector(".exam-confirm").hidden = false;
  run.querySelector(".exam-submit-anyway").focus();
}

function finish(timeUp) {
  clearInterval(exam.timer);
  const items = exam.forms.map((form, i) => ({ form, q: exam.questions[i], r: grade(form) }));
  const scored = items.filter((x) => x.q.type !== "written");
  const areas = new Map();
  for (const x of scored) {
    if (x.r.answered) record(x.q.id, x.r.correct, meta(x.q));
    const a = areas.get(areaName(x.q)) ?? { right: 0, total: 0 };
    a.total++;
    if (x.r.correct) a.right++;
    areas.set(areaName(x.q), a);
  }
  const right = scored.filter((x) => x.r.correct).length;
  const percent = scored.length ? Math.round((right / scored.length) * 100) : 0;
  const passed = percent >= pass;
  const pct = (a) => Math.round((a.right / a.total) * 100);
  report.innerHTML = `<h2 id="exam-report-heading" class="section-heading">${str("exam_report")}</h2>
${timeUp ? `<p class="exam-timeup">${str("exam_time_up")}</p>` : ""}
<div class="exam-score" data-result="${passed ? "pass" : "fail"}"><p class="exam-verdict">${str(passed ? "exam_pass" : "exam_fail")}</p><p class="exam-score-main">${str("exam_score", { correct: right, total: scored.length })}</p><p class="exam-score-sub">${str("exam_percent", { n: percent })} · ${str("exam_pass_line", { n: pass })} · ${str("exam_elapsed", { time: clock(Math.min(Date.now(), exam.deadline) - exam.started) })}</p><div class="exam-meter" style="--p:${percent}%;--pass:${pass}%"><span></span></div></div>
<h3 class="exam-subheading">${str("exam_breakdown")}</h3>
<div class="table-wrap"><table class="quiz-table exam-breakdown"><thead><tr><th scope="col">${str("exam_area")}</th><th scope="col">${str("exam_correct_count")}</th><th scope="col">${str("exam_rate")}</th></tr></thead><tbody>${[...areas]
    .map(([name, a]) => `<tr data-area="${esc(name)}"><th scope="row">${esc(name)}</th><td class="num">${a.right} / ${a.total}</td><td><span class="quiz-bar" style="--p:${pct(a)}%"></span> <span class="num">${pct(a)}%</span></td></tr>`)
    .join("")}</tbody></table></div>
<h3 class="exam-subheading">${str("exam_wrong_list")}</h3><div class="exam-wrong quiz-list"></div>
<div class="exam-written" hidden><h3 class="exam-subheading">${str("exam_written_list")}</h3><div class="quiz-list"></div></div>
<p class="exam-again"><button type="button" class="button exam-retake">${str("exam_retake")}</button></p>`;
  const wrong = report.querySelector(".exam-wrong");
  for (const x of scored.filter((x) => !x.r.correct)) {
    x.form.hidden = false;
    show(x.form, x.r);
    x.form.querySelector(".quiz-related")?.remove();
    x.form.insertAdjacentHTML("beforeend", `<p class="quiz-related"><a href="${esc(x.q.note.url)}#${esc(x.q.anchor || `q-${x.q.id}`)}">${str("exam_open_note")}: ${esc(x.q.note.title)}</a></p>`);
    wrong.append(x.form);
  }
  if (!wrong.children.length) wrong.outerHTML = `<p class="exam-no-wrong">${str("exam_no_wrong")}</p>`;
  const written = items.filter((x) => x.q.type === "written");
  if (written.length) {
    const box = report.querySelector(".exam-written");
    box.hidden = false;
    for (const x of written) {
      x.form.hidden = false;
      delete x.form.dataset.enhanced;
      enhance(x.form);
      revealWritten(x.form);
      box.querySelector(".quiz-list").append(x.form);
    }
  }
  report.querySelector(".exam-retake").addEventListener("click", start);
  run.hidden = true;
  run.innerHTML = "";
  report.hidden = false;
  report.focus();
  report.scrollIntoView({ block: "start" });
}

startButton.addEventListener("click", start);
manifest(config.bank)
  .then((data) => {
    bank = data;
    if (bank.total) startButton.disabled = false;
    else status.textContent = str("exam_empty");
  })
  .catch(() => {
    status.textContent = str("exam_load_error");
  });

// Quiz widget: grades the server-rendered questions (markup contract in
// docs/quiz.md), records results through store.js and shows what was
// answered before. exam.js and review.js import its pieces to render and
// grade questions from the bank. Progressive enhancement: without this
// script every question still has its <details> answer.

import { load, record } from "./store.js";
import strings from "./strings.js";

const config = document.getElementById("quiz-config")?.dataset ?? {};

/** The UI string `key` (the theme's `t`, from js/strings.js, which the
 *  build writes) with `{name}`s filled. */
export function str(key, vars = {}) {
  let s = strings[key] ?? key;
  for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, v);
  return s;
}

/** Folds what a learner may type differently: NFKC (full-width ＬｏＲＡ →
 *  LoRA, half-width ｶﾅ → カナ), case, and runs of white space. */
export function normalize(text) {
  return text.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
}

export const esc = (s) =>
  String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function shuffleOn(el) {
  const own = el.closest("[data-quiz-shuffle]")?.dataset.quizShuffle;
  return (own ?? config.shuffle) === "true";
}

/** Shuffles the choices of a form in place (Fisher–Yates). Only the order
 *  on screen changes: values and storage keep the authored numbers. */
export function shuffle(form) {
  const list = form.querySelector(".quiz-choices");
  if (!list) return;
  const items = [...list.children];
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  list.append(...items);
}

const $ = (form, sel) => form.querySelector(sel);
const $$ = (form, sel) => [...form.querySelectorAll(sel)];
const choices = (form) => $$(form, ".quiz-choice");

/** Grades a form without touching it: `{ answered, correct, marks, given }`.
 *  `marks[i]` is right|wrong|missed|"" for the i-th choice on screen. */
export function grade(form) {
  if (form.dataset.quizType === "text") {
    const given = $(form, ".quiz-text-input").value;
    const accept = $$(form, ".quiz-accept-list li").map((li) => normalize(li.textContent));
    const answered = normalize(given) !== "";
    return { answered, correct: answered && accept.includes(normalize(given)), marks: [], given };
  }
  let correct = true;
  let answered = false;
  const marks = choices(form).map((li) => {
    const key = li.dataset.correct === "true";
    const picked = li.querySelector("input").checked;
    answered ||= picked;
    if (key !== picked) correct = false;
    return key ? (picked ? "right" : "missed") : picked ? "wrong" : "";
  });
  return { answered, correct: answered && correct, marks };
}

/** The correct answer as shown to the learner: choice numbers in screen
 *  order, or the first accepted text. */
function answerText(form) {
  const nums = choices(form)
    .map((li, i) => (li.dataset.correct === "true" ? i + 1 : 0))
    .filter(Boolean);
  return nums.length ? nums.join(str("list_separator")) : $(form, ".quiz-accept-list li")?.textContent ?? "";
}

/** Puts a message in the result line; `detail` goes on a second line. */
function say(form, text, detail = "") {
  const line = $(form, ".quiz-result");
  line.textContent = "";
  if (!text) return;
  const main = document.createElement("span");
  main.className = "quiz-result-text";
  main.textContent = text;
  if (detail) {
    const more = document.createElement("span");
    more.className = "quiz-result-detail";
    more.textContent = detail;
    main.append(more);
  }
  line.append(main);
}

function lock(form, locked) {
  for (const el of form.querySelectorAll("fieldset.quiz-body input, fieldset.quiz-body textarea")) {
    if (el.type === "text" || el.tagName === "TEXTAREA") el.readOnly = locked;
    else el.disabled = locked;
  }
}

/** Shows a graded result on the form: state, per-choice marks and
 *  explanations, the explanation; hides the <details> fallback. */
export function show(form, result) {
  form.dataset.state = result.correct ? "correct" : "incorrect";
  lock(form, true);
  choices(form).forEach((li, i) => {
    const mark = result.marks[i];
    if (mark) li.dataset.mark = mark;
    // A single-choice question has one answer: "missed" reads as "correct".
    const label = mark === "missed" && form.dataset.quizType === "single" ? "right" : mark;
    li.querySelector(".quiz-choice-mark").textContent = mark ? str(`quiz_mark_${label}`) : "";
    const explain = li.querySelector(".quiz-choice-explain");
    if (explain) explain.hidden = false;
  });
  const detail = [];
  if (!result.correct) detail.push(str("quiz_result_answer", { answer: answerText(form) }));
  if (form.dataset.quizType === "text")
    detail.push(str("quiz_your_answer", { answer: result.given.trim() || str("quiz_no_answer") }));
  say(form, str(result.correct ? "quiz_result_correct" : "quiz_result_incorrect"), detail.join(" / "));
  reveal(form);
}

function reveal(form) {
  $(form, ".quiz-feedback").hidden = false;
  $(form, ".quiz-answer").hidden = true;
  const submit = $(form, ".quiz-submit");
  const retry = $(form, ".quiz-retry");
  if (submit) submit.hidden = true;
  if (retry) retry.hidden = false;
}

/** Back to an unanswered question; reshuffles when shuffling is on. */
export function reset(form) {
  delete form.dataset.state;
  lock(form, false);
  for (const el of form.querySelectorAll("input, textarea")) {
    if (el.type === "checkbox" || el.type === "radio") el.checked = false;
    else el.value = "";
    el.disabled = false;
  }
  for (const li of choices(form)) {
    delete li.dataset.mark;
    li.querySelector(".quiz-choice-mark").textContent = "";
    const explain = li.querySelector(".quiz-choice-explain");
    if (explain) explain.hidden = true;
  }
  const self = $(form, ".quiz-self-record");
  if (self) self.disabled = false;
  say(form, "");
  $(form, ".quiz-feedback").hidden = true;
  const details = $(form, ".quiz-answer");
  details.hidden = false;
  details.open = false;
  $(form, ".quiz-submit").hidden = false;
  $(form, ".quiz-retry").hidden = true;
  if (shuffleOn(form)) shuffle(form);
  form.querySelector("fieldset.quiz-body input, fieldset.quiz-body textarea")?.focus();
}

/** "Answered before" line: the last result and the tally, nothing that
 *  gives the answer away. */
export function showHistory(form, entry) {
  const el = $(form, ".quiz-history");
  if (!el || !entry) return;
  el.textContent = str("quiz_history", {
    result: str(entry.last === "correct" ? "quiz_correct" : "quiz_incorrect"),
    correct: entry.correct,
    attempts: entry.attempts,
  });
  el.dataset.last = entry.last;
  el.hidden = false;
}

/** What the store keeps of a rendered question besides the result (the
 *  same as bank.js `meta` of its bank entry). */
function formMeta(form) {
  const d = form.dataset;
  if (d.quizNote === undefined) return {};
  return { area: d.quizArea ?? null, note: d.quizNote, tags: d.quizTags ? d.quizTags.split("\n") : [] };
}

function answered(form, correct) {
  const entry = record(form.dataset.quizId, correct, formMeta(form));
  showHistory(form, entry);
  form.dispatchEvent(new CustomEvent("quiz:answered", { bubbles: true, detail: { correct, entry } }));
}

function submit(form) {
  const result = $(form, ".quiz-result");
  if (form.dataset.quizType === "written") {
    say(form, str("quiz_written_shown"));
    lock(form, true);
    reveal(form);
    $(form, ".quiz-point")?.focus();
    return;
  }
  const graded = grade(form);
  if (!graded.answered) {
    say(form, str(form.dataset.quizType === "text" ? "quiz_type_first" : "quiz_choose_first"));
    return;
  }
  show(form, graded);
  result.tabIndex = -1;
  result.focus();
  answered(form, graded.correct);
}

/** Written questions: all rubric points ticked counts as correct. */
function selfRecord(form) {
  const points = $$(form, ".quiz-point");
  const checked = points.filter((p) => p.checked).length;
  const correct = checked === points.length;
  form.dataset.state = correct ? "correct" : "incorrect";
  $(form, ".quiz-self-record").disabled = true;
  say(form, str("quiz_self_recorded", {
    checked,
    total: points.length,
    result: str(correct ? "quiz_correct" : "quiz_incorrect"),
  }));
  answered(form, correct);
}

/** Wires up one form. `exam`: no per-question grading (exam.js grades). */
export function enhance(form, { exam = false, results = load() } = {}) {
  if (form.dataset.enhanced) return;
  form.dataset.enhanced = "true";
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    if (!exam) submit(form);
  });
  $(form, ".quiz-retry")?.addEventListener("click", () => reset(form));
  $(form, ".quiz-self-record")?.addEventListener("click", () => selfRecord(form));
  const button = $(form, ".quiz-submit");
  if (button) button.disabled = false;
  if (!exam) showHistory(form, results[form.dataset.quizId]);
}

/** Reveals a written question's model answer and self-check (exam report). */
export const revealWritten = (form) => {
  lock(form, true);
  reveal(form);
};

/** The markup of partials/quiz_question.html for a bank question. `exam`
 *  leaves out the per-question buttons and hides the answer. */
export function questionHTML(q, { number = 0, exam = false } = {}) {
  const anchor = q.anchor || `q-${q.id}`;
  const input = q.type === "multiple" ? "checkbox" : "radio";
  const stem = q.negative
    ? q.question.replaceAll("不適切", '<em class="quiz-negative-word">不適切</em>')
    : q.question;
  const title = (key, html) => (html ? `<p class="quiz-feedback-title">${str(key)}</p>${html}` : "");
  const list = (items, cls = "") => `<ul${cls}>${items.map((x) => `<li>${x}</li>`).join("")}</ul>`;
  let body = "";
  let answer = "";
  let feedback = "";
  if (q.choices.length) {
    body = `<ol class="quiz-choices">${q.choices
      .map(
        (c) => `<li class="quiz-choice" data-choice="${c.index}" data-correct="${c.correct}"><label><input type="${input}" name="${esc(anchor)}" value="${c.index}"> <span class="quiz-choice-text">${c.html}</span><span class="quiz-choice-mark"></span></label>${
          c.explain ? `<div class="quiz-choice-explain" hidden>${c.explain}</div>` : ""
        }</li>`,
      )
      .join("")}</ol>`;
    answer = `<ol class="quiz-answer-choices">${q.choices
      .map(
        (c) => `<li${c.correct ? ' class="is-correct"' : ""}><span class="quiz-answer-mark">${
          c.correct ? str("quiz_answer_label") : "—"
        }</span> <span class="quiz-answer-text">${c.html}</span>${
          c.explain ? `<div class="quiz-answer-explain">${c.explain}</div>` : ""
        }</li>`,
      )
      .join("")}</ol>`;
  } else if (q.type === "text") {
    body = `<input class="quiz-text-input" type="text" name="${esc(anchor)}" autocomplete="off" autocapitalize="off" spellcheck="false" aria-label="${esc(str("quiz_text_label"))}">`;
    answer = title("quiz_accepted", list(q.accept.map(esc), ' class="quiz-accept-list"'));
  } else {
    const points = q.points.length ? q.points : [str("quiz_self_default_point")];
    body = `<textarea class="quiz-written-input" name="${esc(anchor)}" rows="4" aria-label="${esc(str("quiz_written_label"))}"></textarea>`;
    feedback = `<div class="quiz-model-answer">${title("quiz_model_answer", q.model_answer || " ")}</div><fieldset class="quiz-rubric"><legend class="quiz-feedback-title">${str(
      "quiz_self_check",
    )}</legend><p class="quiz-rubric-hint">${str("quiz_self_check_hint")}</p>${list(
      points.map((p) => `<label><input type="checkbox" class="quiz-point"> ${esc(p)}</label>`),
      ' class="quiz-points"',
    )}<button type="button" class="quiz-self-record">${str("quiz_self_record")}</button></fieldset>`;
    answer = title("quiz_model_answer", q.model_answer || " ") + (q.points.length ? title("quiz_points", list(q.points.map(esc))) : "");
  }
  if (q.explanation) {
    feedback += `<div class="quiz-explanation">${title("quiz_explanation", q.explanation)}</div>`;
    answer += title("quiz_explanation", q.explanation);
  }
  const related = (q.related || [])
    .map((r) => `<a href="${esc(r.url)}">${esc(r.title)}</a>`)
    .join(str("list_separator"));
  return `<form class="quiz-question" id="${esc(anchor)}" data-quiz-id="${esc(q.id)}" data-quiz-type="${q.type}"${
    q.area ? ` data-quiz-area="${esc(q.area)}"` : ""
  } data-quiz-note="${esc(q.note.url)}"${q.tags.length ? ` data-quiz-tags="${esc(q.tags.join("\n"))}"` : ""} novalidate><p class="quiz-head"><span class="quiz-number">${
    number ? str("quiz_number", { n: number }) : str("quiz_label")
  }</span> <span class="quiz-kind">${str(`quiz_type_${q.type}`)}</span>${
    q.negative ? ` <span class="quiz-negative-badge">${str("quiz_negative_badge")}</span>` : ""
  } <span class="quiz-history" hidden></span></p><fieldset class="quiz-body"><legend class="quiz-stem${
    q.negative ? " quiz-negative" : ""
  }">${stem}</legend><p class="quiz-instruction">${str(`quiz_instruction_${q.type}`)}</p>${body}</fieldset><p class="quiz-result" role="status" aria-live="polite"></p><div class="quiz-feedback" hidden>${feedback}</div>${
    exam
      ? ""
      : `<div class="quiz-actions"><button type="submit" class="quiz-submit">${str("quiz_submit")}</button><button type="button" class="quiz-retry" hidden>${str("quiz_retry")}</button></div>`
  }<details class="quiz-answer"${
    exam ? " hidden" : ""
  }><summary>${str("quiz_answer_summary")}</summary><div class="quiz-answer-body">${answer}</div></details>${
    related ? `<p class="quiz-related"><span class="quiz-related-label">${str("quiz_related")}</span> ${related}</p>` : ""
  }</form>`;
}

/** Builds a form element for a bank question. */
export function renderQuestion(q, options = {}) {
  const tpl = document.createElement("template");
  tpl.innerHTML = questionHTML(q, options);
  const form = tpl.content.firstElementChild;
  if (options.shuffle) shuffle(form);
  enhance(form, options);
  return form;
}

const results = load();
for (const form of document.querySelectorAll("form.quiz-question")) enhance(form, { results });

// Site search: the header box (results as you type, arrows + Enter,
// Escape closes, `/` focuses it) and the /search/ page (`?q=` links).
// Settings and strings come from #search-config (partials/search_box.html);
// the engine is search-core.js. Without JavaScript the box submits to
// /search/, which says that search needs JavaScript.

import { highlight, SearchIndex } from "./search-core.js";

const config = document.getElementById("search-config");
const BOX_LIMIT = 8;
const PAGE_LIMIT = 50;
const SNIPPET = 80;

if (config) {
  const index = new SearchIndex(config.dataset.index);
  const base = config.dataset.base;
  const box = document.querySelector("[data-search-box]");
  if (box) setUpBox(box, index, base);
  const page = document.querySelector("[data-search-page]");
  if (page) setUpPage(page, index, base);
  document.addEventListener("keydown", (e) => {
    const input = box?.querySelector("input");
    if (e.key !== "/" || !input || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.target.closest("input, textarea, select, [contenteditable]")) return;
    e.preventDefault();
    input.focus();
    input.select();
  });
}

function text(key, vars = {}) {
  let s = config.dataset[key] ?? "";
  for (const [k, v] of Object.entries(vars)) s = s.replace(`{${k}}`, v);
  return s;
}

/** Appends highlighted parts to `el`, each match in a <mark>. */
function appendParts(el, parts) {
  for (const part of parts) {
    if (part.mark) {
      const mark = document.createElement("mark");
      mark.textContent = part.text;
      el.append(mark);
    } else {
      el.append(part.text);
    }
  }
}

/** The inside of one result: kind label, title, context, snippet. */
function resultLink(hit, base) {
  const { doc, terms } = hit;
  const a = document.createElement("a");
  a.className = "search-result-link";
  a.href = base + doc.url;
  const kind = document.createElement("span");
  kind.className = `search-kind search-kind-${doc.kind === "q" ? "question" : "note"}`;
  kind.textContent = doc.kind === "q" ? text("search_question") : text("search_note");
  const title = document.createElement("span");
  title.className = "search-result-title";
  appendParts(title, highlight(doc.title, terms));
  a.append(kind, title);
  if (doc.context) {
    const context = document.createElement("span");
    context.className = "search-result-context";
    context.textContent = doc.context;
    a.append(context);
  }
  const snippet = document.createElement("span");
  snippet.className = "search-result-snippet";
  appendParts(snippet, highlight(doc.text, terms, SNIPPET));
  a.append(snippet);
  return a;
}

/**
 * Runs queries so only the latest one's results are shown, and records
 * how long each took from the keystroke to the results on screen
 * (`data-last-ms`, for measurements; nothing depends on it).
 */
function runner(el, index, limit, show) {
  let latest = 0;
  return async (query) => {
    const started = performance.now();
    const seq = ++latest;
    let hits = [];
    try {
      hits = query.trim() ? await index.search(query, limit) : [];
    } catch {
      hits = null;
    }
    if (seq !== latest) return;
    show(query, hits);
    el.dataset.lastMs = (performance.now() - started).toFixed(1);
  };
}

function setUpBox(form, index, base) {
  const input = form.querySelector("input");
  const list = form.querySelector("[role=listbox]");
  let active = -1;
  const options = () => [...list.querySelectorAll("[role=option]")];
  const setActive = (n) => {
    const all = options();
    active = all.length ? (n + all.length) % all.length : -1;
    all.forEach((o, k) => o.setAttribute("aria-selected", String(k === active)));
    if (active >= 0) {
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  };
  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    setActive(-1);
  };
  const show = (query, hits) => {
    list.replaceChildren();
    active = -1;
    input.removeAttribute("aria-activedescendant");
    if (hits === null || !query.trim()) return close();
    hits.forEach((hit, k) => {
      const li = document.createElement("li");
      li.id = `site-search-option-${k}`;
      li.className = "search-result";
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      const link = resultLink(hit, base);
      link.tabIndex = -1;
      li.append(link);
      list.append(li);
    });
    if (hits.length === 0) {
      const li = document.createElement("li");
      li.className = "search-empty";
      li.textContent = text("search_no_results", { query: query.trim() });
      list.append(li);
    }
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  };
  const run = runner(form, index, BOX_LIMIT, show);
  input.addEventListener("focus", () => index.load().catch(() => {}));
  input.addEventListener("input", () => run(input.value));
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (list.hidden) return;
      e.preventDefault();
      setActive(active + (e.key === "ArrowDown" ? 1 : -1));
    } else if (e.key === "Enter" && active >= 0) {
      e.preventDefault();
      location.href = options()[active].querySelector("a").href;
    } else if (e.key === "Escape") {
      if (!list.hidden) e.preventDefault();
      close();
    }
  });
  form.addEventListener("focusout", (e) => {
    if (!form.contains(e.relatedTarget)) close();
  });
}

function setUpPage(form, index, base) {
  const input = form.querySelector("input");
  const results = document.getElementById(form.dataset.results);
  const status = document.getElementById(form.dataset.status);
  const show = (query, hits) => {
    results.replaceChildren();
    if (hits === null || !query.trim()) {
      status.textContent = "";
      return;
    }
    for (const hit of hits) {
      const li = document.createElement("li");
      li.className = "search-result";
      li.append(resultLink(hit, base));
      results.append(li);
    }
    status.textContent = hits.length
      ? text("search_count", { count: hits.length })
      : text("search_no_results", { query: query.trim() });
  };
  const run = runner(form, index, PAGE_LIMIT, show);
  const update = () => {
    const url = new URL(location.href);
    if (input.value.trim()) url.searchParams.set("q", input.value);
    else url.searchParams.delete("q");
    history.replaceState(null, "", url);
    run(input.value);
  };
  input.addEventListener("input", update);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    update();
  });
  const q = new URLSearchParams(location.search).get("q");
  if (q) {
    input.value = q;
    run(q);
  }
  form.closest("[aria-busy]")?.setAttribute("aria-busy", "false");
}

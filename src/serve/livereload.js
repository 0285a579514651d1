// Live reload for `manabi serve`, served by it at /__manabi/livereload.js
// and loaded by the theme's partials/live_reload.html only when the template
// global `live_reload` is true (never in `manabi build` output). A classic
// script wrapped in a function, so none of its names leak into the page.
//
// Listens to the server's event stream on the same port:
//   hello  {server, build}  first message of every connection
//   reload {changed}        pages changed: reload, keeping the scroll position
//   css    {paths}          only these stylesheets changed: swap them in place
//   error  {problems}       the rebuild failed: show them over the page
// Reconnects when the stream drops, and reloads when it comes back from a
// restarted server or after a rebuild it missed while disconnected.

(() => {
  "use strict";

  const EVENTS = "/__manabi/events";
  const SCROLL_KEY = "manabi:livereload:scroll";
  const OVERLAY_ID = "manabi-error-overlay";

  const TEXT = {
    ja: { title: "ビルドに失敗しました", kept: "最後に成功したビルドを表示しています。", close: "閉じる", hint: "ヒント" },
    en: { title: "Build failed", kept: "Showing the last good build.", close: "Close", hint: "hint" },
  };
  const text = document.documentElement.lang.startsWith("ja") ? TEXT.ja : TEXT.en;

  // Inline styles, so a theme's CSS can neither hide nor break the overlay.
  const MONO = "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace";
  const OVERLAY_STYLE =
    "position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:2rem 1rem;" +
    "background:rgba(20,20,24,.94);color:#f4f4f5;font:15px/1.6 system-ui,sans-serif;text-align:left";
  const CLOSE_STYLE =
    "position:absolute;top:.75rem;right:1rem;font-size:1.75rem;line-height:1;background:none;" +
    "border:0;color:inherit;cursor:pointer;padding:.25rem .5rem";
  const TITLE_STYLE = "margin:0 0 .25rem;font-size:1.4rem;color:#fca5a5";
  const KEPT_STYLE = "margin:0 0 1.5rem;color:#a1a1aa";
  const PROBLEM_STYLE =
    "max-width:60rem;margin:0 0 1rem;padding:1rem;border-left:4px solid #f87171;background:#27272a";
  const LOCATION_STYLE = `font-family:${MONO};color:#fca5a5;word-break:break-all`;
  const MESSAGE_STYLE = "margin:.25rem 0;white-space:pre-wrap";
  const SNIPPET_STYLE = `margin:.5rem 0;padding:.5rem;overflow:auto;background:#18181b;font-family:${MONO}`;
  const HINT_STYLE = "margin:.25rem 0 0;color:#93c5fd";

  let known = null; // {server, build} of the page as loaded
  let retryDelay = 1000;

  restoreScroll();
  connect();

  function connect() {
    const source = new EventSource(EVENTS);
    source.addEventListener("open", () => {
      retryDelay = 1000;
    });
    source.addEventListener("hello", (e) => onHello(JSON.parse(e.data)));
    source.addEventListener("reload", () => reload());
    source.addEventListener("css", (e) => {
      if (known) known.build += 1;
      hideOverlay();
      swapStylesheets(JSON.parse(e.data).paths);
    });
    source.addEventListener("error", (e) => {
      if (typeof e.data === "string") {
        showOverlay(JSON.parse(e.data).problems);
      } else if (source.readyState === EventSource.CLOSED) {
        // The browser gave up (server gone or answering oddly): retry ourselves.
        source.close();
        setTimeout(connect, retryDelay);
        retryDelay = Math.min(retryDelay * 2, 10000);
      }
    });
  }

  function onHello(hello) {
    if (known === null) {
      known = hello;
    } else if (hello.server !== known.server || hello.build !== known.build) {
      reload();
    }
  }

  function reload() {
    try {
      const position = { path: location.pathname, x: window.scrollX, y: window.scrollY };
      sessionStorage.setItem(SCROLL_KEY, JSON.stringify(position));
    } catch {
      // Storage disabled: reload without keeping the position.
    }
    location.reload();
  }

  function restoreScroll() {
    let saved = null;
    try {
      saved = JSON.parse(sessionStorage.getItem(SCROLL_KEY) || "null");
      sessionStorage.removeItem(SCROLL_KEY);
    } catch {
      return;
    }
    if (!saved || saved.path !== location.pathname) return;
    const restore = () => window.scrollTo(saved.x, saved.y);
    if (document.readyState === "complete") restore();
    else window.addEventListener("load", restore, { once: true });
  }

  function swapStylesheets(paths) {
    const links = [...document.querySelectorAll('link[rel~="stylesheet"]')].filter((link) => {
      const url = new URL(link.href, location.href);
      return url.origin === location.origin;
    });
    const named = links.filter((link) => paths.includes(new URL(link.href, location.href).pathname));
    // A changed sheet pulled in by @import is not a <link>: refresh them all.
    for (const link of named.length ? named : links) swapStylesheet(link);
  }

  function swapStylesheet(link) {
    const url = new URL(link.href, location.href);
    url.searchParams.set("manabi-reload", Date.now().toString());
    const fresh = link.cloneNode();
    fresh.href = url.href;
    // Remove the old sheet only once the new one is in: no unstyled flash.
    fresh.addEventListener("load", () => link.remove(), { once: true });
    fresh.addEventListener("error", () => link.remove(), { once: true });
    link.after(fresh);
  }

  function showOverlay(problems) {
    hideOverlay();
    const overlay = element("div", OVERLAY_STYLE);
    overlay.id = OVERLAY_ID;
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-label", text.title);
    const close = element("button", CLOSE_STYLE, "×");
    close.type = "button";
    close.setAttribute("aria-label", text.close);
    close.addEventListener("click", hideOverlay);
    overlay.append(close, element("h2", TITLE_STYLE, text.title), element("p", KEPT_STYLE, text.kept));
    for (const problem of problems) overlay.append(problemBox(problem));
    document.addEventListener("keydown", closeOnEscape);
    document.body.append(overlay);
    close.focus();
  }

  function problemBox(problem) {
    const box = element("section", PROBLEM_STYLE);
    const head = problem.location ? `${problem.severity}: ${problem.location}` : problem.severity;
    box.append(element("div", LOCATION_STYLE, head), element("p", MESSAGE_STYLE, problem.message));
    if (problem.snippet) box.append(element("pre", SNIPPET_STYLE, problem.snippet));
    if (problem.hint) box.append(element("p", HINT_STYLE, `${text.hint}: ${problem.hint}`));
    return box;
  }

  function hideOverlay() {
    document.getElementById(OVERLAY_ID)?.remove();
    document.removeEventListener("keydown", closeOnEscape);
  }

  function closeOnEscape(e) {
    if (e.key === "Escape") hideOverlay();
  }

  /** A new element with inline style and plain (escaped) text. */
  function element(tag, style, content) {
    const node = document.createElement(tag);
    node.style.cssText = style;
    if (content !== undefined) node.textContent = content;
    return node;
  }
})();

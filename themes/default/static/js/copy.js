// Copy buttons for fenced code blocks (progressive enhancement: the page
// reads fine without it, and browsers without the Clipboard API get no
// button). Loaded by note.html only when the note has code; the labels come
// from the script tag's data attributes (i18n: copy_code, copied,
// copy_failed). The button says what happened for 1.5 s, also to screen
// readers (aria-live).
(() => {
  const script = document.currentScript;
  const label = script?.dataset.copy || "Copy";
  const done = script?.dataset.copied || "Copied";
  const failed = script?.dataset.failed || "Copy failed";
  if (!navigator.clipboard?.writeText) return;
  const show = (button, text, state) => {
    button.textContent = text;
    button.dataset.state = state;
    clearTimeout(button.resetTimer);
    button.resetTimer = setTimeout(() => {
      button.textContent = label;
      delete button.dataset.state;
    }, 1500);
  };
  for (const pre of document.querySelectorAll("pre.highlight")) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "copy-code";
    button.textContent = label;
    button.setAttribute("aria-live", "polite");
    button.addEventListener("click", async () => {
      // Line numbers are CSS counters, not text: innerText is the code.
      const code = pre.querySelector("code")?.innerText ?? "";
      try {
        await navigator.clipboard.writeText(code);
        show(button, done, "copied");
      } catch {
        // Clipboard refused (permissions, not focused): say so.
        show(button, failed, "failed");
      }
    });
    pre.append(button);
  }
})();

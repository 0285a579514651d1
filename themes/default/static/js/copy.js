// Copy buttons for highlighted code blocks (progressive enhancement: the
// page reads fine without it). Loaded by note.html only when the note has
// code; the button labels come from the script tag's data attributes.
(() => {
  const script = document.currentScript;
  const label = script?.dataset.copy || "Copy";
  const done = script?.dataset.copied || "Copied";
  if (!navigator.clipboard) return;
  for (const pre of document.querySelectorAll("pre.highlight")) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "copy-code";
    button.textContent = label;
    button.addEventListener("click", async () => {
      const code = pre.querySelector("code")?.innerText ?? "";
      try {
        await navigator.clipboard.writeText(code);
        button.textContent = done;
        setTimeout(() => (button.textContent = label), 1500);
      } catch {
        // Clipboard refused (permissions): leave the button as it was.
      }
    });
    pre.append(button);
  }
})();

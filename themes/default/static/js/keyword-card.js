// Keyword hover cards (progressive enhancement). An auto-linked keyword
// (`a.keyword-link`) carries its note's title and summary lines in its
// `title` attribute, so without this script the browser's own tooltip
// shows them. This script moves the text into a card with role=tooltip
// that appears on hover and on keyboard focus, stays while the pointer is
// over it, and hides on Escape, blur or pointer leave.
(() => {
  const links = document.querySelectorAll("a.keyword-link[title]");
  if (!links.length) return;
  const card = document.createElement("div");
  card.id = "keyword-card";
  card.className = "keyword-card";
  card.setAttribute("role", "tooltip");
  card.hidden = true;
  document.body.append(card);
  let current = null;
  let hideTimer = 0;

  const fill = (text) => {
    const [title, ...lines] = text.split("\n");
    const heading = document.createElement("p");
    heading.className = "keyword-card-title";
    heading.textContent = title;
    card.replaceChildren(heading);
    if (!lines.length) return;
    const list = document.createElement("ul");
    for (const line of lines) {
      const item = document.createElement("li");
      item.textContent = line;
      list.append(item);
    }
    card.append(list);
  };

  // Below the link, or above it when there is no room; kept inside the viewport.
  const place = (link) => {
    const box = link.getBoundingClientRect();
    const width = card.offsetWidth;
    const height = card.offsetHeight;
    const left = Math.max(8, Math.min(box.left, document.documentElement.clientWidth - width - 8));
    const below = box.bottom + 6 + height <= window.innerHeight || box.top < height + 6;
    const top = below ? box.bottom + 6 : box.top - height - 6;
    card.style.left = `${left + window.scrollX}px`;
    card.style.top = `${top + window.scrollY}px`;
  };

  const show = (link) => {
    clearTimeout(hideTimer);
    if (current && current !== link) current.removeAttribute("aria-describedby");
    current = link;
    fill(link.dataset.summary);
    card.hidden = false;
    place(link);
    link.setAttribute("aria-describedby", card.id);
  };

  const hide = () => {
    clearTimeout(hideTimer);
    card.hidden = true;
    current?.removeAttribute("aria-describedby");
    current = null;
  };

  // A short delay lets the pointer move from the link onto the card.
  const hideSoon = () => {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 200);
  };

  for (const link of links) {
    link.dataset.summary = link.title;
    link.removeAttribute("title");
    link.addEventListener("mouseenter", () => show(link));
    link.addEventListener("mouseleave", hideSoon);
    link.addEventListener("focus", () => show(link));
    link.addEventListener("blur", hide);
  }
  card.addEventListener("mouseenter", () => clearTimeout(hideTimer));
  card.addEventListener("mouseleave", hideSoon);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !card.hidden) hide();
  });
})();

// The staff console: htmx requests carry the session's CSRF token, as its forms do.
"use strict";

document.addEventListener("htmx:configRequest", (event) => {
  const token = document.querySelector('meta[name="csrf-token"]');
  if (token) {
    event.detail.headers["X-CSRF-Token"] = token.content;
  }
});

// A region that polls and holds forms (the supervisor's view, `data-hold-while-editing`)
// is not replaced while a member is choosing in it: the choice would be lost mid-way.
document.addEventListener("change", (event) => {
  const form = event.target.closest("form");
  if (form) {
    form.dataset.touched = "true";
  }
});

document.addEventListener("htmx:beforeRequest", (event) => {
  const region = event.detail.elt;
  if (!region.hasAttribute("data-hold-while-editing")) {
    return;
  }
  const focused = document.activeElement;
  const choosing = focused && focused !== document.body && region.contains(focused);
  if (choosing || region.querySelector("form[data-touched]")) {
    event.preventDefault();
  }
});

// A conversation that scrolls in its own box opens at its newest message; a refresh
// (the page polls) keeps a member who scrolled up to read where they were.
const AT_END = 40;

function conversations(root) {
  return root.querySelectorAll("ol.scrolls");
}

function toEnd(list) {
  list.scrollTop = list.scrollHeight;
}

document.addEventListener("DOMContentLoaded", () => {
  conversations(document).forEach(toEnd);
});

document.addEventListener("htmx:beforeSwap", (event) => {
  const target = event.detail.target;
  const [list] = conversations(target);
  if (list) {
    const fromEnd = list.scrollHeight - list.scrollTop - list.clientHeight;
    target.dataset.readingAt = fromEnd < AT_END ? "end" : String(list.scrollTop);
  }
});

document.addEventListener("htmx:afterSwap", (event) => {
  const target = event.detail.target;
  const [list] = conversations(target);
  if (list && target.dataset.readingAt) {
    if (target.dataset.readingAt === "end") {
      toEnd(list);
    } else {
      list.scrollTop = Number(target.dataset.readingAt);
    }
  }
});

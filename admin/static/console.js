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

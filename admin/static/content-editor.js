// The content editor: CodeMirror with YAML highlighting over the page's textarea, and the
// linter's problems marked in its gutter. Without this script the textarea works alone.
"use strict";

(() => {
  const area = document.getElementById("flow-text");
  if (!area || typeof CodeMirror === "undefined") {
    return;
  }
  const editor = CodeMirror.fromTextArea(area, {
    mode: "yaml",
    lineNumbers: true,
    lineWrapping: true,
    indentUnit: 2,
    tabSize: 2,
    // YAML refuses tabs for indentation: the Tab key indents with spaces.
    extraKeys: { Tab: (cm) => cm.execCommand("insertSoftTab") },
    gutters: ["problem-gutter", "CodeMirror-linenumbers"],
    viewportMargin: 20,
  });
  // htmx reads the textarea when it posts, so the textarea follows every edit.
  editor.on("change", () => editor.save());

  let marked = [];

  const markProblems = () => {
    for (const line of marked) {
      editor.setGutterMarker(line, "problem-gutter", null);
      editor.removeLineClass(line, "background", "problem-line");
    }
    marked = [];
    for (const item of document.querySelectorAll("#outcome li[data-line]")) {
      const line = Number(item.dataset.line) - 1;
      if (line < 0 || line >= editor.lineCount()) {
        continue;
      }
      const marker = document.createElement("span");
      marker.className = "problem-marker";
      marker.textContent = "●";
      marker.title = item.textContent.trim();
      editor.setGutterMarker(line, "problem-gutter", marker);
      editor.addLineClass(line, "background", "problem-line");
      marked.push(line);
    }
  };

  // A problem's "Line N" link puts the cursor on that line.
  document.addEventListener("click", (event) => {
    const link = event.target.closest("#outcome li[data-line] a");
    if (!link) {
      return;
    }
    event.preventDefault();
    const line = Number(link.closest("li").dataset.line) - 1;
    editor.focus();
    editor.setCursor({ line, ch: 0 });
    editor.scrollIntoView({ line, ch: 0 }, 80);
  });

  // After Check, Save draft or Publish (not a tap in the simulator), what they did is
  // brought into view and read out: on a phone it would otherwise be a screen away.
  let answered = false;
  document.addEventListener("click", (event) => {
    if (event.target.closest(".editor-actions button")) {
      answered = true;
    }
  });
  const showOutcome = () => {
    const outcome = document.getElementById("outcome");
    if (!answered || !outcome) {
      return;
    }
    answered = false;
    outcome.focus({ preventScroll: true });
    outcome.scrollIntoView({ block: "nearest" });
  };

  document.addEventListener("htmx:afterSettle", () => {
    markProblems();
    showOutcome();
  });
  markProblems();
})();

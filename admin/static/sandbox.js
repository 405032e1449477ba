// The sandbox chat page: people on the side, one chat at a time, updated by long polls
// on the control API. Every piece of text goes into the page with textContent, never as
// markup, so nothing a person or the bot writes can inject HTML.
"use strict";

const api = document.body.dataset.api;
const POLL_SECONDS = 25;

const state = {
  people: [],
  peopleVersion: -1,
  selected: null,
  chatVersion: -1,
  chatAbort: null,
  seenAnswers: new Set(),
};

const el = (id) => document.getElementById(id);

async function request(path, options = {}) {
  const response = await fetch(api + path, {
    headers: { "Content-Type": "application/json" },
    ...options,
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new Error(body.error || `HTTP ${response.status}`);
  }
  return body;
}

function showToast(text, alert = false) {
  const toast = el("toast");
  toast.textContent = text;
  toast.classList.toggle("toast-alert", alert);
  toast.hidden = false;
  clearTimeout(showToast.timer);
  showToast.timer = setTimeout(() => { toast.hidden = true; }, alert ? 6000 : 3000);
}

// --- people ---------------------------------------------------------------

function renderPeople() {
  const list = el("people-list");
  list.replaceChildren();
  for (const person of state.people) {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "person";
    button.textContent = person.first_name;
    const lang = document.createElement("span");
    lang.className = "lang";
    lang.textContent = person.language_code;
    button.append(" ", lang);
    if (person.id === state.selected) {
      button.setAttribute("aria-current", "true");
    }
    button.addEventListener("click", () => selectPerson(person.id));
    item.append(button);
    list.append(item);
  }
  el("people-empty").hidden = state.people.length > 0;
}

async function pollPeople() {
  for (;;) {
    try {
      const body = await request(`/users?since=${state.peopleVersion}&timeout=${POLL_SECONDS}`);
      state.peopleVersion = body.version;
      state.people = body.users;
      renderPeople();
      if (state.selected === null && state.people.length > 0) {
        selectPerson(state.people[0].id);
      }
    } catch (error) {
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}

function selectPerson(id) {
  if (state.chatAbort) {
    state.chatAbort.abort();
  }
  state.selected = id;
  state.chatVersion = -1;
  state.seenAnswers = new Set();
  const person = state.people.find((p) => p.id === id);
  el("chat-person").textContent = person ? `— chatting as ${person.first_name}` : "";
  el("message-text").disabled = false;
  el("send").disabled = false;
  el("messages").replaceChildren();
  renderPeople();
  pollChat(id);
  el("message-text").focus();
}

// --- the chat -------------------------------------------------------------

const ENTITY_TAGS = {
  bold: "strong", italic: "em", underline: "u", strikethrough: "s", code: "code",
  pre: "pre", spoiler: "span", blockquote: "blockquote", expandable_blockquote: "blockquote",
  text_link: "a",
};

// Entity offsets count UTF-16 code units, which is what JavaScript string indices are.
function renderText(text, entities) {
  const fragment = document.createDocumentFragment();
  const cuts = new Set([0, text.length]);
  for (const e of entities) {
    cuts.add(e.offset);
    cuts.add(e.offset + e.length);
  }
  const points = [...cuts].sort((a, b) => a - b);
  for (let i = 0; i < points.length - 1; i += 1) {
    const [start, end] = [points[i], points[i + 1]];
    let node = document.createTextNode(text.slice(start, end));
    for (const e of entities) {
      const tag = ENTITY_TAGS[e.type];
      if (!tag || e.offset > start || e.offset + e.length < end) {
        continue;
      }
      const wrapper = document.createElement(tag);
      if (e.type === "spoiler") {
        wrapper.className = "spoiler";
      }
      if (e.type === "text_link" && /^https?:/i.test(e.url)) {
        wrapper.href = e.url;
        wrapper.target = "_blank";
        wrapper.rel = "noopener noreferrer";
      }
      wrapper.append(node);
      node = wrapper;
    }
    fragment.append(node);
  }
  return fragment;
}

function renderKeyboard(message) {
  const rows = message.reply_markup && message.reply_markup.inline_keyboard;
  if (!rows) {
    return null;
  }
  const keyboard = document.createElement("div");
  keyboard.className = "keyboard";
  for (const row of rows) {
    const line = document.createElement("div");
    line.className = "keyboard-row";
    for (const button of row) {
      let control;
      if (button.url) {
        control = document.createElement("a");
        control.href = /^https?:/i.test(button.url) ? button.url : "#";
        control.target = "_blank";
        control.rel = "noopener noreferrer";
      } else {
        control = document.createElement("button");
        control.type = "button";
        if (button.callback_data === undefined) {
          control.disabled = true;
          control.title = "Only callback and URL buttons work in the sandbox";
        } else {
          control.addEventListener("click", () => tap(message.message_id, button.callback_data, control));
        }
      }
      control.className = "key";
      control.textContent = button.text;
      line.append(control);
    }
    keyboard.append(line);
  }
  return keyboard;
}

// A photo shows in the bubble, a document is a link to download it, as in Telegram.
function renderFile(message) {
  if (!message.file_name || !message.attachment) {
    return null;
  }
  const url = `${api}/chats/${state.selected}/messages/${message.message_id}/file`;
  if (message.attachment === "photo") {
    const image = document.createElement("img");
    image.className = "bubble-photo";
    image.src = url;
    image.alt = message.text || "Photo";
    return image;
  }
  const link = document.createElement("a");
  link.className = "bubble-document";
  link.href = url;
  link.download = message.file_name;
  link.textContent = message.file_name;
  return link;
}

function renderMessage(message) {
  const item = document.createElement("div");
  item.className = `bubble bubble-${message.sender}`;
  item.dataset.messageId = message.message_id;
  const body = document.createElement("div");
  body.className = "bubble-text";
  if (message.deleted) {
    item.classList.add("bubble-deleted");
    body.textContent = "Message deleted";
  } else {
    body.append(renderText(message.text, message.entities));
  }
  const file = message.deleted ? null : renderFile(message);
  if (file) {
    item.append(file);
  }
  const meta = document.createElement("div");
  meta.className = "bubble-meta";
  const time = new Date(message.date * 1000);
  const labels = [time.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })];
  if (message.edited && !message.deleted) {
    labels.unshift("edited");
  }
  if (message.disable_notification) {
    labels.unshift("silent");
  }
  meta.textContent = labels.join(" · ");
  item.append(body, meta);
  const keyboard = message.deleted ? null : renderKeyboard(message);
  if (keyboard) {
    item.append(keyboard);
  }
  return item;
}

function renderChat(chat) {
  const box = el("messages");
  const nearBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 80;
  if (chat.messages.length === 0) {
    const hint = document.createElement("p");
    hint.className = "muted empty-chat";
    hint.textContent = "No messages yet. Send /start to begin.";
    box.replaceChildren(hint);
  } else {
    box.replaceChildren(...chat.messages.map(renderMessage));
  }
  if (nearBottom || state.chatVersion === -1) {
    box.scrollTop = box.scrollHeight;
  }
  for (const answer of chat.callback_answers) {
    if (!state.seenAnswers.has(answer.id)) {
      state.seenAnswers.add(answer.id);
      if (answer.text && state.chatVersion !== -1) {
        showToast(answer.text, answer.show_alert);
      }
    }
  }
}

async function pollChat(id) {
  const abort = new AbortController();
  state.chatAbort = abort;
  while (!abort.signal.aborted) {
    try {
      const body = await request(
        `/chats/${id}?since=${state.chatVersion}&timeout=${POLL_SECONDS}`,
        { signal: abort.signal },
      );
      if (abort.signal.aborted) {
        return;
      }
      if (body.version !== state.chatVersion) {
        renderChat(body);
        state.chatVersion = body.version;
      }
    } catch (error) {
      if (abort.signal.aborted) {
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}

async function tap(messageId, callbackData, control) {
  control.disabled = true;
  try {
    await request(`/users/${state.selected}/taps`, {
      method: "POST",
      body: JSON.stringify({ message_id: messageId, callback_data: callbackData }),
    });
  } catch (error) {
    showToast(`Could not tap: ${error.message}`, true);
  } finally {
    control.disabled = false;
  }
}

async function sendText(event) {
  event.preventDefault();
  const box = el("message-text");
  const text = box.value;
  if (!text.trim() || state.selected === null) {
    return;
  }
  try {
    await request(`/users/${state.selected}/messages`, {
      method: "POST",
      body: JSON.stringify({ text }),
    });
    box.value = "";
  } catch (error) {
    showToast(`Not sent: ${error.message}`, true);
  }
  box.focus();
}

async function addPerson(event) {
  event.preventDefault();
  const form = event.target;
  const data = Object.fromEntries(new FormData(form));
  try {
    const body = await request("/users", { method: "POST", body: JSON.stringify(data) });
    form.reset();
    // The people long poll may have brought this person in already, before this answer.
    if (!state.people.some((person) => person.id === body.user.id)) {
      state.people.push(body.user);
    }
    selectPerson(body.user.id);
  } catch (error) {
    showToast(`Could not add: ${error.message}`, true);
  }
}

el("composer").addEventListener("submit", sendText);
el("message-text").addEventListener("keydown", (event) => {
  // Enter sends, as in Telegram; Shift+Enter starts a new line.
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    el("composer").requestSubmit();
  }
});
el("add-person").addEventListener("submit", addPerson);

// The bot's clock, when the sandbox lets us move it (UTC, as the bot keeps it).
const clockApi = document.body.dataset.clock;

async function moveClock(minutes) {
  const response = await fetch(clockApi, {
    method: clockApi && minutes ? "POST" : "GET",
    headers: { "Content-Type": "application/json" },
    body: minutes ? JSON.stringify({ minutes }) : undefined,
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    showToast(`Could not move the clock: ${body.error || response.status}`, true);
    return;
  }
  el("clock-now").textContent = `Bot time: ${body.now.slice(0, 16).replace("T", " ")} UTC`;
}

if (clockApi) {
  document.querySelectorAll("[data-minutes]").forEach((button) => {
    button.addEventListener("click", () => moveClock(Number(button.dataset.minutes)));
  });
  moveClock(0);
}
pollPeople();

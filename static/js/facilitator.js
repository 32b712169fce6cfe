/* The control room: moderate, switch prompts and set up the moment through the JSON API, and see
   every contribution (also pending and hidden ones) arrive live on the /facilitator namespace. */
import { fillCard, findById } from "./cards.js";

const body = document.body;
const list = document.getElementById("moderation");
const prompts = document.getElementById("prompts");
const errorLine = document.getElementById("error");
const waiting = document.getElementById("waiting");
const rowTemplate = document.getElementById("row-template");
const promptTemplate = document.getElementById("prompt-template");
let lastSeq = Number(body.dataset.seq) || 0;

/* A failure is said next to the control that caused it (``near``), or in the line at the top. */
async function call(path, fields, near) {
  const response = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": body.dataset.csrf },
    body: JSON.stringify(fields || {}),
  });
  const answer = await response.json();
  const line = near || errorLine;
  errorLine.hidden = response.ok || line !== errorLine;
  if (!response.ok) {
    say(line, answer.error, true);
    throw new Error(answer.error);
  }
  return answer;
}

function countWaiting() {
  const count = list.querySelectorAll("[data-status='pending']").length;
  waiting.textContent = count;
  waiting.hidden = count === 0;
}

function show(item) {
  lastSeq = Math.max(lastSeq, item.seq || 0);
  const existing = findById(list, item.id);
  if (existing && Number(existing.dataset.rev) >= item.rev) {
    return;
  }
  const row = rowTemplate.content.firstElementChild.cloneNode(true);
  fillCard(row.querySelector(".card"), item, body.dataset);
  row.querySelector("[name=knots]").value = (item.tags || []).map((tag) => "#" + tag)
    .concat((item.links || []).map((link) => "#" + link.code)).join(" ");
  Object.assign(row.dataset, {
    id: item.id, rev: item.rev, status: item.status, pinned: String(item.pinned), deleted: String(item.deleted),
    approved: String(item.approved),
  });
  if (existing) {
    existing.replaceWith(row);
  } else {
    // What waits comes first, in the order it came; the rest newest first, after it.
    const waitingRows = list.querySelectorAll("[data-status='pending']");
    const last = waitingRows[waitingRows.length - 1];
    list.insertBefore(row, last ? last.nextSibling : list.firstChild);
  }
  countWaiting();
}

list.addEventListener("submit", (event) => {
  event.preventDefault();
  const id = event.target.closest("[data-id]").dataset.id;
  call(`/api/contributions/${encodeURIComponent(id)}/knots`, { knots: event.target.elements.knots.value })
    .then(show, () => {});
});

list.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-action]");
  if (button && (!button.dataset.confirm || window.confirm(button.dataset.confirm))) {
    const id = button.closest("[data-id]").dataset.id;
    const action = button.dataset.action;
    call(`/api/contributions/${encodeURIComponent(id)}/moderation`, { action })
      .then((item) => {
        show(item);
        if (action === "spotlight") {
          layoutForm.elements.mode.value = "spotlight";
        }
      }, () => {});
  }
});

function markActive(promptId) {
  for (const row of prompts.children) {
    row.classList.toggle("prompt--active", row.dataset.id === promptId);
  }
}

prompts.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-activate]");
  if (button) {
    const id = button.closest("[data-id]").dataset.id;
    call(`/api/prompts/${encodeURIComponent(id)}/activate`).then(() => markActive(id), () => {});
  }
});

document.getElementById("new-prompt").addEventListener("submit", (event) => {
  event.preventDefault();
  const form = event.target;
  call("/api/prompts", { text: form.elements.text.value, activate: true }).then((prompt) => {
    if (!findById(prompts, prompt.id)) {
      const row = promptTemplate.content.firstElementChild.cloneNode(true);
      row.dataset.id = prompt.id;
      row.querySelector("[data-field='text']").textContent = prompt.text;
      prompts.appendChild(row);
    }
    markActive(prompt.id);
    form.reset();
  }, () => {});
});

document.getElementById("undo").addEventListener("click", () => {
  call("/api/moderation/undo").then(show, () => {});
});

const syncStatus = document.getElementById("sync-status");
const syncButton = document.getElementById("sync-now");
const texts = new Map([...document.querySelectorAll("#sync-texts [data-key]")].map((item) => [item.dataset.key, item.textContent]));

function word(key, params) {
  return (texts.get(key) || "").replace(/\{(\w+)\}/g, (whole, name) => String(params[name] ?? "…"));
}

function say(line, text, failed) {
  line.textContent = text;
  line.classList.toggle("status--failed", Boolean(failed));
}

function progressText(progress) {
  if (!progress) {
    return word("phase-contact", {});
  }
  const text = word(`phase-${progress.phase}`, progress);
  return progress.retry ? `${text} ${word(`retry-${progress.trouble}`, progress)}` : text;
}

function showSync(state) {
  syncButton.disabled = state.state === "running";
  if (state.state === "running") {
    say(syncStatus, progressText(state.progress));
  } else if (state.state === "done") {
    say(syncStatus, word("done", state.summary));
  } else if (state.state === "failed") {
    say(syncStatus, word(`error-${state.error.kind}`, state.error.params), true);
  }
}

syncButton.addEventListener("click", () => { call("/api/sync").then(showSync, () => {}); });

const pullButton = document.getElementById("pull-plan");
const pullStatus = document.getElementById("pull-status");
const momentForm = document.getElementById("moment");
pullButton.addEventListener("click", () => {
  pullButton.disabled = true;
  say(pullStatus, word("phase-contact", {}));
  call("/api/archive/pull", {}, pullStatus).then((settings) => {
    for (const name of ["theme", "period", "name", "kind", "place", "date"]) {
      momentForm.elements[name].value = settings[name] || "";
    }
    document.getElementById("theme").textContent = settings.theme || "";
    say(pullStatus, word("pulled", { name: settings.name || "", count: (settings.highlights || []).length }));
  }, () => {}).finally(() => { pullButton.disabled = false; });
});

const archiveForm = document.getElementById("archive-link");
const archiveStatus = document.getElementById("archive-status");
archiveForm.addEventListener("submit", (event) => {
  event.preventDefault();
  call("/api/archive", { archive: archiveForm.elements.archive.value, token: archiveForm.elements.token.value },
    archiveStatus)
    .then((saved) => {
      syncButton.disabled = false;
      pullButton.disabled = false;
      archiveForm.elements.archive.value = saved.archive;
      archiveForm.elements.token.value = "";
      say(archiveStatus, word("saved", saved));
    }, () => {});
});

const layoutForm = document.getElementById("layout");
layoutForm.addEventListener("submit", (event) => {
  event.preventDefault();
  call("/api/layout", {
    mode: layoutForm.elements.mode.value,
    approved_only: layoutForm.elements.approved_only.checked,
    highlights: layoutForm.elements.highlights.checked,
    hidden_words: layoutForm.elements.hidden_words.value,
  }).catch(() => {});
});

document.getElementById("premoderation").addEventListener("change", (event) => {
  call("/api/premoderation", { on: event.target.checked }).catch(() => { event.target.checked = !event.target.checked; });
});

momentForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const status = document.getElementById("moment-status");
  call("/api/moment", Object.fromEntries(new FormData(event.target))).then((settings) => {
    document.getElementById("theme").textContent = settings.theme || "";
    status.textContent = status.dataset.saved;
  }, () => { status.textContent = ""; });
});

// Whatever changed while this room was not connected (a phone off the Wi-Fi, a page still loading).
async function catchUp(from) {
  const response = await fetch(`/api/facilitator/contributions?since=${from}`, {
    headers: { "Accept": "application/json", "X-CSRF-Token": body.dataset.csrf },
  });
  if (response.ok) {
    const data = await response.json();
    data.items.forEach(show);
    lastSeq = Math.max(lastSeq, data.seq);
  }
}

const socket = window.io("/facilitator", { transports: ["websocket"] });
socket.on("connect", () => {
  body.dataset.live = "connected";
  catchUp(lastSeq);
});
socket.on("disconnect", () => { body.dataset.live = "lost"; });
socket.on("contribution", show);
socket.on("sync", showSync);
socket.on("alarm", () => {
  errorLine.hidden = false;
  errorLine.textContent = errorLine.dataset.pinGuessing;
});

const pairing = document.getElementById("pairing");
const pairingStatus = document.getElementById("pairing-status");
let pairingEnds = null;
document.getElementById("pair-device").addEventListener("click", async () => {
  const answer = await call("/api/pairing", {}, pairingStatus);
  document.getElementById("pairing-code").textContent = answer.code;
  document.getElementById("pairing-qr").src = `${answer.qr}?${Date.now()}`;
  say(pairingStatus, "");
  pairing.hidden = false;
  clearTimeout(pairingEnds);
  pairingEnds = setTimeout(() => {
    pairing.hidden = true;
    say(pairingStatus, pairingStatus.dataset.expired);
  }, answer.expires_in * 1000);
});

document.getElementById("sign-out").addEventListener("click", () => {
  fetch("/api/session", { method: "DELETE", headers: { "X-CSRF-Token": body.dataset.csrf } })
    .then(() => window.location.reload());
});
countWaiting();

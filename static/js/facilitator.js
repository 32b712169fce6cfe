/* The control room: find, judge and act on contributions (roomlist.js), set up the moment, the wall, the
   archive and a second device through the JSON API, one tab each; every change arrives live on /facilitator. */
import { findById } from "./cards.js";
import { RoomList, stateOf } from "./roomlist.js";
import { tabs } from "./tabs.js";

const body = document.body;
const list = document.getElementById("moderation");
const prompts = document.getElementById("prompts");
const errorLine = document.getElementById("error");
const diskLine = document.getElementById("disk");
const waiting = document.getElementById("waiting");
const finder = document.getElementById("finder");
const done = document.getElementById("done");
const promptTemplate = document.getElementById("prompt-template");
const title = document.title.replace(/^\(\d+\) /, "");
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

function say(line, text, failed) {
  line.textContent = text;
  line.classList.toggle("status--failed", Boolean(failed));
}

const labels = Object.fromEntries([...finder.querySelectorAll("[data-label]")]
  .map((chip) => [chip.dataset.state, chip.dataset.label]));

/* The counts per state on the chips, and what waits in all on the tab and in the page's title. */
function counted(found) {
  const counts = found.counts;
  for (const chip of finder.querySelectorAll("[data-count]")) {
    const state = chip.dataset.count;
    chip.textContent = state ? counts[state] : counts.pending + counts.visible + counts.hidden + counts.deleted;
  }
  waiting.textContent = found.waiting;
  waiting.hidden = found.waiting === 0;
  document.title = found.waiting ? `(${found.waiting}) ${title}` : title;
}

const rooms = new RoomList(list, {
  template: document.getElementById("row-template"), labels, dataset: body.dataset, counted,
});

function show(item) {
  lastSeq = Math.max(lastSeq, item.seq || 0);
  rooms.show(item);
}

function reported(item) {
  show(item);
  say(done, `${item.code} · ${labels[stateOf(item)]}`);
}

/* One action on one row; approving or hiding moves on to the next row at once, as a queue is worked. */
function act(row, action) {
  if (action === "delete" && !window.confirm(list.dataset.confirm)) {
    return;
  }
  if ((action === "approve" || action === "hide") && row.classList.contains("is-current")) {
    rooms.point(row.nextElementSibling);
  }
  call(`/api/contributions/${encodeURIComponent(row.dataset.id)}/moderation`, { action }).then((item) => {
    reported(item);
    if (action === "spotlight") {
      layoutForm.elements.mode.value = "spotlight";
    }
  }, () => {});
}

list.addEventListener("click", (event) => {
  const row = event.target.closest(".moderated");
  const button = event.target.closest("button");
  if (!row) {
    return;
  }
  if (!row.classList.contains("is-current")) {
    rooms.point(row);
  }
  if (button && button.hasAttribute("data-open")) {
    rooms.open(row);
  } else if (button && button.hasAttribute("data-show-now")) {  // alone and whole on every wall, then the turn goes on
    call("/api/turn", { action: "show", id: row.dataset.id }).then(showTurn, () => {});
  } else if (button && button.dataset.action) {
    act(row, button.dataset.action);
  }
});

list.addEventListener("submit", (event) => {
  event.preventDefault();
  const id = event.target.closest("[data-id]").dataset.id;
  call(`/api/contributions/${encodeURIComponent(id)}/knots`, { knots: event.target.elements.knots.value })
    .then(reported, () => {});
});

let typing = null;
finder.addEventListener("input", (event) => {
  clearTimeout(typing);
  typing = setTimeout(() => rooms.choose({ [event.target.name]: event.target.value.trim() }),
    event.target.type === "search" ? 150 : 0);
});
finder.addEventListener("submit", (event) => event.preventDefault());
finder.addEventListener("click", (event) => {
  const chip = event.target.closest("button[data-state]");
  if (chip) {
    for (const other of finder.querySelectorAll("button[data-state]")) {
      other.setAttribute("aria-pressed", String(other === chip));
    }
    rooms.choose({ state: chip.dataset.state });
  }
});

function undo() {
  call("/api/moderation/undo").then(reported, () => {});
}

document.getElementById("undo").addEventListener("click", undo);

/* The keys of the list, listed on the page; never while typing in a field. */
const keys = {
  j: () => rooms.step(1),
  k: () => rooms.step(-1),
  u: undo,
  "/": () => document.getElementById("q").focus(),
  o: () => rooms.current() && rooms.open(rooms.current()),
};
document.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey || list.closest("[role=tabpanel]").hidden) {
    return;
  }
  if (event.target.closest("input, select, textarea")) {
    if (event.key === "Escape") {
      event.target.blur();
    }
    return;
  }
  const row = rooms.current();
  const button = row && [...row.querySelectorAll(`button[data-key='${event.key}']`)]
    .find((candidate) => getComputedStyle(candidate).display !== "none");
  if (keys[event.key] || button) {
    event.preventDefault();
    if (button) {
      act(row, button.dataset.action);
    } else {
      keys[event.key]();
    }
  }
});

// The search bar stays in sight just below the header, however high the header wraps on this screen.
new ResizeObserver(([seen]) => {
  body.style.setProperty("--top", `${seen.borderBoxSize[0].blockSize}px`);
}).observe(document.getElementById("top"));

const thumb = document.getElementById("wall-thumb");
new ResizeObserver(([seen]) => {
  thumb.style.transform = `scale(${seen.contentRect.width / thumb.width})`;
}).observe(thumb.parentElement);

tabs(document.querySelector("[role=tablist]"), (name) => {
  if (name === "wall" && !thumb.src) {
    thumb.src = thumb.dataset.src;  // the wall's own page, live: loaded only when someone looks
  }
});

// The walls' turn: previous, pause (pressed while paused, from any control room or the wall's keys), next.
const turnButtons = document.getElementById("turn");

function showTurn(state) {
  turnButtons.querySelector("[data-turn='pause']").setAttribute("aria-pressed", String(state.paused));
}

fetch("/api/wall/now", { headers: { "Accept": "application/json" } })  // paused before this page opened?
  .then((response) => (response.ok ? response.json().then(showTurn) : null))
  .catch(() => {});

// Collect, then reveal: the switch, and the button that says how many wait.
const collectingSwitch = document.getElementById("collecting");
const revealButton = document.getElementById("reveal");

function showCollecting(state) {
  collectingSwitch.checked = state.on;
  revealButton.textContent = revealButton.dataset.text.split("{count}").join(String(state.count));
  revealButton.disabled = state.count === 0;
}

collectingSwitch.addEventListener("change", () => {
  call("/api/collecting", { on: collectingSwitch.checked })
    .then((state) => showCollecting({ on: state.collecting, count: state.collected }),
      () => { collectingSwitch.checked = !collectingSwitch.checked; });
});
revealButton.addEventListener("click", () => {
  call("/api/reveal").then(() => showCollecting({ on: false, count: 0 }), () => {});
});

// A card written on paper at the stall: typed here, perhaps with a photo, then on the wall marked as on paper. The
// key makes a second tap on a slow Wi-Fi the same card, not a second one.
const paperForm = document.getElementById("paper-form");
const paperStatus = document.getElementById("paper-status");
// getRandomValues, not randomUUID: a phone reaches the kiosk over plain http, which is no secure context.
const paperKey = () => "paper-" + Array.from(crypto.getRandomValues(new Uint8Array(16)),
  (byte) => byte.toString(16).padStart(2, "0")).join("");
paperForm.elements.idempotency_key.value = paperKey();
paperForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const sent = new FormData(paperForm);
  if (!paperForm.elements.photo.files.length) {
    sent.delete("photo");
  }
  try {
    const response = await fetch("/api/paper", { method: "POST", body: sent,
      headers: { "Accept": "application/json", "X-CSRF-Token": body.dataset.csrf } });
    const answer = await response.json();
    if (!response.ok) {
      say(paperStatus, answer.error, true);
      return;
    }
    say(paperStatus, paperStatus.dataset.done.split("{code}").join(answer.code));
    paperForm.reset();
    paperForm.elements.idempotency_key.value = paperKey();
  } catch {
    say(paperStatus, paperStatus.dataset.unreached, true);  // the same key again: a retry is the same card
  }
});

turnButtons.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-turn]");
  if (button) {
    const paused = button.getAttribute("aria-pressed") === "true";
    const action = button.dataset.turn === "pause" && paused ? "resume" : button.dataset.turn;
    call("/api/turn", { action }).then(showTurn, () => {});
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
      finder.elements.prompt.append(new Option(prompt.text.slice(0, 60), prompt.id));
    }
    markActive(prompt.id);
    form.reset();
  }, () => {});
});

const syncStatus = document.getElementById("sync-status");
const syncButton = document.getElementById("sync-now");
const cancelButton = document.getElementById("sync-cancel");
const texts = new Map([...document.querySelectorAll("#sync-texts [data-key]")].map((item) => [item.dataset.key, item.textContent]));

function word(key, params) {
  return (texts.get(key) || "").replace(/\{(\w+)\}/g, (whole, name) => String(params[name] ?? "…"));
}

// Where a sync stands, in the words the terminal says too: the server names them (progress.says), this fills them in.
function progressText(progress) {
  return progress ? progress.says.map((key) => word(key, progress)).join(" ") : word("phase-contact", {});
}

let syncStep = 0;  // the newest state shown: an answer overtaken by a later event on its way is older

function showSync(state) {
  if (state.step < syncStep) {
    return;
  }
  syncStep = state.step;
  syncButton.disabled = state.state === "running";
  cancelButton.hidden = state.state !== "running";
  if (state.state === "running") {
    say(syncStatus, progressText(state.progress));
  } else if (state.state === "done") {
    say(syncStatus, word("done", state.summary));
  } else if (state.state === "failed") {
    say(syncStatus, word(`error-${state.error.kind}`, state.error.params), true);
  } else if (state.state === "cancelled") {
    say(syncStatus, word("cancelled", {}));
  }
}

syncButton.addEventListener("click", () => { call("/api/sync").then(showSync, () => {}); });

// A reload while a sync runs shows it again, with its Cancel, without waiting for its next step.
fetch("/api/sync", { headers: { "Accept": "application/json" } })
  .then((response) => (response.ok ? response.json() : { state: "idle" }))
  .then((state) => { if (state.state === "running") { showSync(state); } }, () => {});
cancelButton.addEventListener("click", () => { call("/api/sync/cancel", {}, syncStatus).then(showSync, () => {}); });

const pullButton = document.getElementById("pull-plan");
let changingMoment = false;  // this room asked for a new moment, and reloads itself once it has the answer
const pullStatus = document.getElementById("pull-status");
const momentForm = document.getElementById("moment-form");
pullButton.addEventListener("click", () => {
  pullButton.disabled = true;
  say(pullStatus, word("phase-contact", {}));
  changingMoment = true;
  call("/api/archive/pull", {}, pullStatus).then((settings) => {
    for (const name of ["theme", "period", "name", "kind", "place", "date"]) {
      momentForm.elements[name].value = settings[name] || "";
    }
    document.getElementById("theme").textContent = settings.theme || "";
    const key = settings.outcome === "set up" ? "pulled" : `pulled-${settings.outcome}`;
    say(pullStatus, word(key, { name: settings.name || "", count: (settings.highlights || []).length }));
    keepNotice(settings.outcome, pullStatus);
  }, () => {}).finally(() => { pullButton.disabled = false; changingMoment = false; });
});

/* A new moment reloads every control room (its list is of the moment before); the one that asked for it reloads
   once it has the answer, and says what happened once more after the reload, where the facilitator looks. */
function keepNotice(outcome, line) {
  if (outcome === "opened") {
    window.sessionStorage.setItem("notice", JSON.stringify({ id: line.id, text: line.textContent }));
    window.location.reload();
  }
}

const notice = JSON.parse(window.sessionStorage.getItem("notice") || "null");
if (notice && document.getElementById(notice.id)) {
  window.sessionStorage.removeItem("notice");
  say(document.getElementById(notice.id), notice.text);
}

const nextForm = document.getElementById("next-moment");
nextForm.addEventListener("submit", (event) => {
  event.preventDefault();
  if (!window.confirm(nextForm.dataset.confirm)) {
    return;
  }
  const status = document.getElementById("next-status");
  changingMoment = true;
  call("/api/moments", Object.fromEntries(new FormData(nextForm)), status).then((settings) => {
    say(status, word("started", { name: settings.name || "" }));
    keepNotice("opened", status);  // also a moment that had none yet: its form and list show the new one
  }, () => { changingMoment = false; });
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
  }).then((layout) => { body.dataset.approvedOnly = String(layout.approved_only); }, () => {});
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
socket.on("page", showTurn);
socket.on("collecting", showCollecting);
socket.on("moment", () => {
  if (!changingMoment) {
    window.location.reload();
  }
});
socket.on("alarm", (alarm) => {
  if (alarm.kind === "disk") {
    diskLine.hidden = !alarm.low;
    diskLine.textContent = diskLine.dataset.warning.replace("{free}", alarm.free);
    return;
  }
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

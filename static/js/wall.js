/* The live wall: new contributions appear as they arrive, and after a lost connection the wall
   reconnects by itself and asks what it missed. Cards are clones of the server's own card
   template, filled by cards.js with textContent only. The facilitator's layout decides where
   cards go: one grid, a column per kind, one card in the spotlight, a word cloud, or the network. */
import { fillCard, kindLabel } from "./cards.js";
import { drawNetwork } from "./network.js";
import { STOP_WORDS } from "./stopwords.js";

const KINDS = ["story", "example", "idea", "initiative"];
const CLOUD_WORDS = 60;
const body = document.body;
const cards = document.getElementById("cards");
const cloud = document.getElementById("cloud");
const network = document.getElementById("network");
const template = document.getElementById("card-template");
const empty = document.getElementById("empty");
const connection = document.getElementById("connection");
const maxCards = Number(body.dataset.maxCards) || 120;
const byId = new Map(Array.from(cards.querySelectorAll(".card"), (card) => [card.dataset.id, card]));
let lastSeq = Number(body.dataset.seq) || 0;

function newestFirst() {
  return Array.from(byId.values()).sort((a, b) => Number(b.dataset.seq) - Number(a.dataset.seq));
}

function column(kind) {
  let found = cards.querySelector(`.column[data-kind='${kind}']`);
  if (!found) {
    found = document.createElement("section");
    found.className = "column";
    found.dataset.kind = kind;
    const heading = document.createElement("h2");
    heading.className = "column__title card--" + kind;
    heading.textContent = kindLabel(body.dataset, kind);
    found.appendChild(heading);
  }
  return found;
}

// Put every card where the layout wants it, newest first.
function arrange() {
  const columns = body.dataset.layout === "columns";
  const ordered = newestFirst();
  cards.replaceChildren(...(columns ? KINDS.map(column) : ordered));
  if (columns) {
    ordered.forEach((card) => column(card.dataset.kind).appendChild(card));
  }
  for (const card of ordered) {
    card.classList.toggle("card--spotlight", card.dataset.id === body.dataset.spotlight);
  }
  drawCloud();
  scheduleNetwork();
  empty.hidden = byId.size > 0;
}

// The network layout: the kiosk lays the map out (/api/network); Cytoscape is loaded the first time only.
let cytoscapeLoaded = null;
let networkTimer = null;

function loadCytoscape() {
  cytoscapeLoaded = cytoscapeLoaded || new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = body.dataset.cytoscape;
    script.onload = resolve;
    script.onerror = reject;
    document.head.appendChild(script);
  });
  return cytoscapeLoaded;
}

function scheduleNetwork() {
  network.hidden = body.dataset.layout !== "network";
  if (network.hidden || networkTimer) {
    return;
  }
  // At most one redraw a second, however busy the room.
  networkTimer = setTimeout(() => {
    networkTimer = null;
    Promise.all([loadCytoscape(), fetch("/api/network").then((response) => response.json())])
      .then(([, elements]) => {
        if (body.dataset.layout === "network") {
          drawNetwork(network, elements, { dark: true });
        }
      })
      .catch(() => {});  // the next arrival or layout switch tries again
  }, 1000);
}

function drawCloud() {
  cloud.hidden = body.dataset.layout !== "cloud";
  if (cloud.hidden) {
    return;
  }
  const hidden = new Set(body.dataset.hiddenWords.split(" "));
  const approvedOnly = body.dataset.approvedOnly === "true";
  const counts = new Map();
  for (const card of byId.values()) {
    if (approvedOnly && card.dataset.approved !== "true") {
      continue;
    }
    const text = card.querySelector("[data-field='text']").textContent.toLocaleLowerCase();
    for (const word of text.match(/[\p{L}\p{N}][\p{L}\p{N}'-]*/gu) || []) {
      if (word.length > 2 && !STOP_WORDS.has(word) && !hidden.has(word)) {
        counts.set(word, (counts.get(word) || 0) + 1);
      }
    }
  }
  const top = Array.from(counts).sort((a, b) => b[1] - a[1]).slice(0, CLOUD_WORDS);
  const most = top.length ? top[0][1] : 1;
  // The words share the screen: the more there are, the smaller the largest may be.
  const largest = Math.min(6, 20 / Math.sqrt(top.length || 1));
  cloud.replaceChildren(...top.map(([word, count]) => {
    const span = document.createElement("span");
    span.textContent = word;
    span.style.fontSize = (largest * (0.3 + 0.7 * (count / most))).toFixed(2) + "vw";
    return span;
  }));
}

// One card in or out: placed directly, so a busy wall does not rebuild itself for every arrival.
function place(card, existing) {
  if (existing) {
    existing.replaceWith(card);
  } else if (body.dataset.layout === "columns") {
    const list = column(card.dataset.kind);
    list.insertBefore(card, list.children[1] || null);
  } else {
    cards.insertBefore(card, cards.firstChild);
  }
  card.classList.toggle("card--spotlight", card.dataset.id === body.dataset.spotlight);
}

function show(item) {
  lastSeq = Math.max(lastSeq, item.seq || 0);
  const existing = byId.get(item.id);
  if (existing && Number(existing.dataset.rev) >= item.rev) {
    return;
  }
  const card = fillCard(template.content.firstElementChild.cloneNode(true), item, body.dataset);
  if (!existing) {
    card.classList.add("card--new");
    card.addEventListener("animationend", () => card.classList.remove("card--new"), { once: true });
  }
  byId.set(item.id, card);
  place(card, existing);
  for (const old of newestFirst().slice(maxCards)) {
    withdraw(old.dataset.id);
  }
  drawCloud();
  scheduleNetwork();
  empty.hidden = byId.size > 0;
}

function withdraw(id) {
  const card = byId.get(id);
  if (card) {
    byId.delete(id);
    card.remove();
    drawCloud();
    scheduleNetwork();
  }
  empty.hidden = byId.size > 0;
}

function showPrompt(prompt) {
  document.getElementById("theme").textContent = prompt.theme || "Netwerkkiosk";
  document.getElementById("prompt").textContent = prompt.text || body.dataset.defaultPrompt;
}

// Highlights of the programme's earlier moments, after a pull from the archive: three, each cut to a glance.
function showHighlights(highlights) {
  const earlier = document.getElementById("earlier");
  const items = highlights.slice(0, 3).map((item) => {
    const quote = document.createElement("blockquote");
    quote.className = "earlier__item kind--" + item.kind;
    const text = document.createElement("p");
    text.textContent = item.text.length > 140 ? item.text.slice(0, 137) + "..." : item.text;
    const footer = document.createElement("footer");
    footer.textContent = [kindLabel(body.dataset, item.kind), item.moment].filter(Boolean).join(" · ");
    quote.append(text, footer);
    return quote;
  });
  earlier.replaceChildren(earlier.querySelector("h2"), ...items);
  earlier.hidden = items.length === 0;
}

function showLayout(layout) {
  body.dataset.layout = layout.mode;
  body.dataset.spotlight = layout.spotlight_id || "";
  body.dataset.approvedOnly = String(layout.approved_only);
  body.dataset.highlights = String(layout.highlights);
  body.dataset.hiddenWords = layout.hidden_words.join(" ");
  arrange();
}

// Everything up to lastSeq reached this wall, in order, while it was connected; ask for the rest.
function catchUp(from) {
  fetch("/api/contributions?since=" + from, { headers: { "Accept": "application/json" } })
    .then((response) => {
      if (!response.ok) {
        throw new Error("catch-up answered " + response.status);
      }
      return response.json();
    })
    .then((data) => {
      data.items.forEach(show);
      data.withdrawn.forEach(withdraw);
      lastSeq = Math.max(lastSeq, data.seq);
    })
    .catch(() => setTimeout(() => catchUp(from), 2000));
}

function setLive(live) {
  body.dataset.live = live ? "connected" : "lost";
  connection.hidden = live;
}

// The wall runs next to the kiosk, where WebSocket always works; skipping the long-polling start
// also skips the upgrade, during which a dying server could go unnoticed.
const socket = window.io("/wall", { transports: ["websocket"] });
socket.on("connect", () => {
  setLive(true);
  catchUp(lastSeq);
});
socket.on("disconnect", () => setLive(false));
socket.on("connect_error", () => setLive(false));
socket.on("contribution", show);
socket.on("withdrawn", (message) => withdraw(message.id));
socket.on("prompt", showPrompt);
socket.on("layout", showLayout);
socket.on("highlights", showHighlights);
arrange();

/* The live wall: the page the kiosk keeps in turn, with its new arrivals and pins, so that every contribution
   is read whole. Cards are clones of the server's own card template, filled by cards.js with textContent
   only, and sized to their place by fit.js. The facilitator's layout decides the stage: one grid, a column
   per kind, one card in the spotlight, a word cloud, or the network. Every wall on the kiosk shows the same
   page at the same moment: the kiosk says which and for how long, and tells every wall when it turns.
   After a lost connection the wall reconnects by itself and asks the kiosk what is up. */
import { fillCard, kindLabel } from "./cards.js";
import { drawCloud } from "./cloud.js";
import { fitCard, shortenToFit, sizePage, sizeToFit } from "./fit.js";
import { drawNetwork } from "./network.js";
import { Pages } from "./pages.js";

const ARRIVAL_MS = 8000;  // how long the strip of new arrivals names one
const body = document.body;
const stage = document.getElementById("stage");
const cardTemplate = document.getElementById("card-template");
// On the wall the name stands in the card's head line after its kind and code, or below them when the card is
// narrow (kiosk/reading.py counts it so): a line more for the text.
const head = cardTemplate.content.querySelector(".card__kind");
const line = document.createElement("span");
line.className = "card__line";
line.append(...head.childNodes);
head.append(line, cardTemplate.content.querySelector(".card__author"));
const empty = document.getElementById("empty");
const connection = document.getElementById("connection");
const arrival = document.getElementById("arrival");
let pages = null;         // the turn's pages, in the layouts that turn
let pins = null;          // the pins beside the cloud or the network
let view = null;          // the cloud or the network, in those layouts
let spotlit = null;       // the card in the spotlight, in that layout
let shown = { version: -1, page: null };
let loading = 0;
let viewTimer = null;
let turnTimer = null;
let retryTimer = null;
let arrivalTimer = null;
let rankTimer = null;
let revealTimer = null;

// The smallest text on the wall: 2.2% of the screen height still reads from the back of a room.
function readable() {
  return 0.022 * window.innerHeight;
}

function loadJSON(url) {
  body.dataset.loading = String(++loading);
  return fetch(url, { headers: { "Accept": "application/json" } })
    .then((response) => {
      if (!response.ok) {
        throw new Error(url + " answered " + response.status);
      }
      return response.json();
    })
    .finally(() => { body.dataset.loading = String(--loading); });
}

function card(item) {
  return fillCard(cardTemplate.content.firstElementChild.cloneNode(true), item, body.dataset);
}

// The page's type as large as its columns allow, down to the readable size; a card that still does not fit (one
// too long even alone) is shortened at a word.
function fit(element, shown) {
  sizePage(element, 1.8 * readable(), readable());
  shown.forEach(({ card, item }) => {
    if (card.scrollHeight > card.clientHeight + 1) {
      fitCard(card, item.text);
    }
  });
}

// The pins' row: each pin a card one line of text high, shortened at a word; it is read whole in its turn.
function fitPins(element, shown) {
  shown.forEach(({ card, item }) => fitCard(card, item.text, 1));
}

function slots(name) {
  const element = document.createElement("div");
  element.className = "slots slots--" + name;
  return element;
}

// Build the stage for the layout: the pages that turn, or a view with the pins beside it; then ask what is up.
function build() {
  clearTimeout(viewTimer);
  viewTimer = null;
  view = null;
  spotlit = null;
  pins = null;
  pages = null;
  const mode = body.dataset.layout;
  stage.dataset.mode = mode;
  stage.replaceChildren();
  if (mode === "spotlight") {  // one card: no pins beside it
    showSpotlight();
  } else {
    const row = slots("pins");
    stage.appendChild(row);
    pins = new Pages(row, { card, fit: fitPins });
  }
  if (mode === "grid" || mode === "top" || mode === "columns") {  // the most recognised each with its place
    stage.appendChild(slots("grid"));
    pages = new Pages(stage.lastChild, { card, fit, title: (kind) => kindLabel(body.dataset, kind) });
  } else if (mode !== "spotlight") {
    view = document.createElement("div");
    view.className = mode;
    stage.appendChild(view);
    if (mode === "network") {  // what the shapes and lines say
      stage.appendChild(document.getElementById("legend-template").content.firstElementChild.cloneNode(true));
    }
    scheduleView(0);
  }
  shown = { version: -1, page: null };
  askWhatIsUp();
}

function askWhatIsUp() {
  loadJSON("/api/wall/now").then(showState).catch(retryLater);
}

// What the kiosk says is up: the page, the pins, whether the turn is paused. An older answer than the
// one on screen (a request overtaken by the broadcast of the turn) is left aside.
function showState(state) {
  if (state.version < shown.version && state.mode === shown.mode) {
    return;
  }
  shown = state;
  setTotal(state.total);
  body.dataset.paused = String(state.paused);
  if (state.mode !== body.dataset.layout) {
    return;  // the layout's own event rebuilds the stage and asks again
  }
  if (pins) {  // first: the row they take sets the room the pages have; a pin whole on the page is not in it twice
    const placed = new Set(state.page ? state.page.items.map((item) => item.id) : []);
    const row = state.pins.filter((item) => !placed.has(item.id));
    const stood = pins.shown.length > 0;
    pins.show({ page: state.version, columns: row.map((_, number) => [number]), items: row });
    if (view && stood !== row.length > 0) {
      scheduleView(0);  // the row came or went: the cloud or the network is laid out anew for the room it leaves
    }
  }
  if (pages && state.page) {
    pages.show(state.page);
  }
  clearTimeout(turnTimer);
  if (!state.paused && state.page && state.page.ends_in !== null) {
    turnTimer = setTimeout(askWhatIsUp, state.page.ends_in * 1000 + 100);
  }
}

// A contribution new to the walls: named at once in the strip of arrivals; on the page when the kiosk puts it there
// (at once while every card fits on one page, else first on the next).
function announce(item) {
  const words = item.text.length > 90 ? item.text.slice(0, 90).replace(/\s+\S*$/u, "") + "…" : item.text;
  arrival.querySelector("[data-field='code']").textContent = item.code;
  arrival.querySelector("[data-field='kind-label']").textContent = kindLabel(body.dataset, item.kind);
  arrival.querySelector("[data-field='text']").textContent = words;
  arrival.className = "arrival kind--" + item.kind;
  arrival.hidden = false;
  clearTimeout(arrivalTimer);
  arrivalTimer = setTimeout(() => { arrival.hidden = true; }, ARRIVAL_MS);
}

// Collecting: how many wait to be revealed together (never what), below the QR codes.
function showCollecting(state) {
  const line = document.getElementById("collecting");
  line.textContent = line.dataset.text.split("{count}").join(String(state.count));
  line.hidden = !state.on;
}

// The reveal: how many came out, large, over everything for four seconds; then the pages show them first.
function showReveal(state) {
  const line = document.getElementById("revealed");
  line.textContent = line.dataset.text.split("{count}").join(String(state.count));
  line.hidden = false;
  clearTimeout(revealTimer);
  revealTimer = setTimeout(() => { line.hidden = true; }, 4000);
  askWhatIsUp();
}

function setTotal(count) {
  empty.hidden = count > 0;
}

// The kiosk did not answer (restarting, most likely): build the stage again in a moment.
function retryLater() {
  if (!retryTimer) {
    retryTimer = setTimeout(() => {
      retryTimer = null;
      build();
    }, 2000);
  }
}

function refit() {
  if (pages) {
    pages.refit();
  }
  if (pins) {
    pins.refit();
  }
  if (spotlit) {
    putSpotlight(spotlit);
  }
  fitPrompt();
  scheduleView(300);
}

// The spotlight: the card the facilitator chose, or the newest while none is chosen; in full, sized to fit.
function showSpotlight() {
  loadJSON("/api/wall/spotlight")
    .then((answer) => putSpotlight(answer.item))
    .catch(() => setTimeout(showSpotlight, 2000));
}

function putSpotlight(item) {
  if (body.dataset.layout !== "spotlight") {
    return;
  }
  spotlit = item;
  if (!item) {
    stage.replaceChildren();
    return;
  }
  const element = card(item);
  element.classList.add("card--spotlight");
  stage.replaceChildren(element);
  sizeToFit(element, element.querySelector("[data-field='text']"), item.text, readable());
  fitCard(element, item.text);
}

function spotlightHears(item) {
  if (!spotlit) {
    return;
  }
  const chosen = body.dataset.spotlight;
  if (item.id === spotlit.id ? item.rev > spotlit.rev : item.arrived && (!chosen || chosen !== spotlit.id)) {
    putSpotlight(item);
  }
}

// The cloud and the network are counted and laid out on the kiosk; at most one redraw a second.
function scheduleView(delay = 1000) {
  if (!view || viewTimer) {
    return;
  }
  viewTimer = setTimeout(() => {
    viewTimer = null;
    const mode = body.dataset.layout;
    if (mode === "cloud") {
      loadJSON("/api/wall/cloud").then((answer) => drawCloud(view, answer.words, readable())).catch(() => {});
    } else if (mode === "network") {
      const aspect = (view.clientWidth / Math.max(view.clientHeight, 1)).toFixed(2);
      Promise.all([loadCytoscape(), loadJSON("/api/network?aspect=" + aspect)])
        .then(([, elements]) => {
          if (body.dataset.layout === "network") {
            drawNetwork(view, elements, { dark: true, wall: true });
          }
        })
        .catch(() => {});  // the next arrival or layout switch tries again
    }
  }, delay);
}

let cytoscapeLoaded = null;

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

function shows(item) {
  return body.dataset.approvedOnly !== "true" || item.approved;
}

function onPage(id) {
  return [pages, pins].some((each) => each && each.shown.some((entry) => entry.item.id === id));
}

function pinnedNow(id) {
  return (shown.pins || []).some((item) => item.id === id);
}

function hear(item) {
  if (!shows(item)) {
    withdraw(item.id);
    return;
  }
  if (item.arrived) {
    announce(item);
    setTotal(1);
  }
  // A pin or unpin, or an arrival while every card fits on one page, changes the page: the kiosk plans it. Among the
  // most recognised, a "me too" may change the places: asked at most twice a second.
  // (A page not heard of yet, just after the stage was built, counts as whole: the arrival may be its first card.)
  const whole = Boolean(pages && (!shown.page || shown.page.whole));
  if (Boolean(item.pinned) !== pinnedNow(item.id) || (item.arrived && whole)) {
    askWhatIsUp();
  } else if (body.dataset.layout === "top") {
    rankTimer = rankTimer || setTimeout(() => { rankTimer = null; askWhatIsUp(); }, 500);
  } else if (onPage(item.id)) {
    if (pages) {
      pages.update(item);
    }
    if (pins) {
      pins.update(item);
    }
  }
  spotlightHears(item);
  scheduleView();
}

function withdraw(id) {
  if (pages) {
    pages.withdraw(id);
  }
  if (pins) {
    pins.withdraw(id);
  }
  if (spotlit && spotlit.id === id) {
    showSpotlight();
  }
  scheduleView();
}

function fitPrompt() {
  const prompt = document.getElementById("prompt");
  const text = prompt.dataset.text || prompt.textContent;
  prompt.dataset.text = text;
  sizeToFit(prompt.parentElement, prompt, text, readable());
  shortenToFit(prompt.parentElement, prompt, text);
}

function showPrompt(prompt) {
  document.getElementById("theme").textContent = prompt.theme || "Netwerkkiosk";
  const element = document.getElementById("prompt");
  element.dataset.text = prompt.text || body.dataset.defaultPrompt;
  fitPrompt();
}

function showLayout(layout) {
  const spotlight = layout.spotlight_id || "";
  const changed = layout.mode !== body.dataset.layout || String(layout.approved_only) !== body.dataset.approvedOnly
    || (layout.mode === "spotlight" && spotlight !== body.dataset.spotlight);
  const words = layout.hidden_words.join(" ") !== body.dataset.hiddenWords;
  Object.assign(body.dataset, { layout: layout.mode, spotlight, approvedOnly: String(layout.approved_only),
                                highlights: String(layout.highlights), hiddenWords: layout.hidden_words.join(" ") });
  if (changed) {
    build();
  } else if (words) {
    scheduleView(0);
  }
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
    footer.textContent = [kindLabel(body.dataset, item.kind), item.moment, item.organisation].filter(Boolean).join(" · ");
    quote.append(text, footer);
    return quote;
  });
  earlier.replaceChildren(earlier.querySelector("h2"), ...items);
  const colour = highlights.length ? highlights[0].colour : null;  // the organisation's, checked by the kiosk
  if (colour) earlier.style.setProperty("--organisation", colour); else earlier.style.removeProperty("--organisation");
  const logo = earlier.querySelector(".earlier__logo");  // the organisation's, kept by the kiosk by its hash
  const name = highlights.length ? highlights[0].logo : null;
  if (name) logo.src = "/logos/" + encodeURIComponent(name); else logo.removeAttribute("src");
  logo.hidden = !name;
  earlier.hidden = items.length === 0;
}

// On connecting, and back after a lost connection: what is up now, and the views drawn anew from what the kiosk counts.
function catchUp() {
  shown = { version: -1, page: null };  // a kiosk that restarted counts its pages from the start again
  askWhatIsUp();
  scheduleView(0);
  if (body.dataset.layout === "spotlight") {
    showSpotlight();
  }
}

// Keys on the wall's own laptop, where a facilitator is signed in (a presenter's clicker sends Page Up and Down):
// the space bar pauses and goes on, the arrows and page keys turn, as the control room's buttons do.
const KEYS = { " ": "toggle", "ArrowRight": "next", "PageDown": "next", "ArrowLeft": "previous", "PageUp": "previous" };

function steer(event) {
  const wanted = KEYS[event.key];
  if (!wanted || !body.dataset.csrf || event.altKey || event.ctrlKey || event.metaKey) {
    return;
  }
  event.preventDefault();
  const action = wanted === "toggle" ? (body.dataset.paused === "true" ? "resume" : "pause") : wanted;
  fetch("/api/turn", {
    method: "POST",
    headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRF-Token": body.dataset.csrf },
    body: JSON.stringify({ action }),
  }).then((response) => (response.ok ? response.json().then(showState) : null)).catch(() => {});
}

// The address and the Wi-Fi's name and password stay on one line; a long one takes smaller type, then two lines.
function fitJoin() {
  document.querySelectorAll(".join__line").forEach((line) => {
    line.style.fontSize = "";
    line.classList.remove("join__line--long");
    let size = parseFloat(getComputedStyle(line).fontSize);
    while (line.scrollWidth > line.clientWidth + 1 && size > readable()) {
      size = Math.max(readable(), size - 1);
      line.style.fontSize = size + "px";
    }
    line.classList.toggle("join__line--long", line.scrollWidth > line.clientWidth + 1);
  });
}

function setLive(live) {
  body.dataset.live = live ? "connected" : "lost";
  connection.hidden = live;
}

// The wall runs next to the kiosk, where WebSocket always works; skipping the long-polling start
// also skips the upgrade, during which a dying server could go unnoticed.
const socket = window.io("/wall", { transports: ["websocket"], auth: { wall: true } });
// Every connect asks anew, the first too: what the kiosk said between the page's first question and the socket
// joining (a turn, an arrival) was said to nobody here.
socket.on("connect", () => {
  setLive(true);
  catchUp();
});
socket.on("page", showState);
socket.on("collecting", showCollecting);
socket.on("revealed", showReveal);
socket.on("disconnect", () => setLive(false));
socket.on("connect_error", () => setLive(false));
socket.on("contribution", hear);
socket.on("withdrawn", (message) => withdraw(message.id));
socket.on("prompt", showPrompt);
socket.on("layout", showLayout);
socket.on("highlights", showHighlights);
socket.on("moment", () => window.location.reload());  // a new meeting moment: its cards, its counts, from the start
window.addEventListener("resize", () => { fitJoin(); refit(); });
document.addEventListener("keydown", steer);
fitJoin();
fitPrompt();
build();

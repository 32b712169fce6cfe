/* The live wall: pages of cards that turn so that every contribution gets its moment, new arrivals up at
   once, pins that stay. Cards are clones of the server's own card template, filled by cards.js with
   textContent only, and fitted to their place by fit.js. The facilitator's layout decides the stage:
   one grid, a column per kind, one card in the spotlight, a word cloud, or the network. After a lost
   connection the wall reconnects by itself and builds its stage anew from the kiosk. */
import { fillCard, kindLabel } from "./cards.js";
import { drawCloud } from "./cloud.js";
import { fitCard, shortenToFit, sizeToFit } from "./fit.js";
import { drawNetwork } from "./network.js";
import { Region, placesNeeded } from "./pager.js";

const KINDS = ["story", "example", "idea", "initiative"];
const GRID_PLACES = 8;
const COLUMN_PLACES = 4;  // a fifth card in a column is too low for two lines of text
const body = document.body;
const stage = document.getElementById("stage");
const cardTemplate = document.getElementById("card-template");
const columnTemplate = document.getElementById("column-template");
const empty = document.getElementById("empty");
const connection = document.getElementById("connection");
const few = Number(body.dataset.few);
let total = Number(body.dataset.total) || 0;
let regions = [];
let view = null;      // the cloud or the network, in those layouts
let spotlit = null;   // the card in the spotlight, in that layout
let loading = 0;
let viewTimer = null;
let recountTimer = null;
let retryTimer = null;
let lastSeq = Number(body.dataset.seq) || 0;

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

function setTotal(count) {
  total = count;
  empty.hidden = total > 0;
  if (body.classList.contains("wall--few") !== total <= few) {
    body.classList.toggle("wall--few", total <= few);
    refit();
  }
}

function region(element, options) {
  const fit = (place, item) => fitCard(place, item.text);
  return new Region(element, { card, fit, loadJSON, counted: (page) => setTotal(page.total), ...options });
}

function slots(name) {
  const element = document.createElement("div");
  element.className = "slots slots--" + name;
  return element;
}

// Few cards stand large; from four on they share the screen two rows high.
function gridShape(places) {
  if (places <= 3) {
    return [places, 1];
  }
  return [Math.ceil(places / 2), 2];
}

function columns() {
  return KINDS.map((kind) => {
    const column = columnTemplate.content.firstElementChild.cloneNode(true);
    column.classList.add("kind--" + kind);
    column.dataset.kind = kind;
    column.querySelector(".column__title").textContent = kindLabel(body.dataset, kind);
    stage.appendChild(column);
    return region(column.querySelector(".slots"), {
      kind,
      places: (count, pins, all) => Math.min(COLUMN_PLACES,
                                             pins + Math.min(count, placesNeeded(count, all, 2, COLUMN_PLACES))),
      shape: (places) => [1, places],
    });
  });
}

// Build the stage for the layout: the regions that turn pages, or a view with the pins beside it.
function build() {
  regions.forEach((each) => each.stop());
  clearTimeout(viewTimer);
  viewTimer = null;
  view = null;
  spotlit = null;
  const mode = body.dataset.layout;
  stage.dataset.mode = mode;
  stage.replaceChildren();
  if (mode === "grid") {
    stage.appendChild(slots("grid"));
    const places = (count, pins) => Math.min(GRID_PLACES, count + pins);
    regions = [region(stage.firstChild, { places, shape: gridShape })];
  } else if (mode === "columns") {
    regions = columns();
  } else if (mode === "spotlight") {
    regions = [];
    showSpotlight();
  } else {
    view = document.createElement("div");
    view.className = mode;
    const pins = slots("pins");
    stage.append(view, pins);
    regions = [region(pins, { pinsOnly: true, places: (count, pins) => pins, shape: (places) => [places, 1] })];
    scheduleView(0);
  }
  regions.forEach((each) => each.start().catch(retryLater));
}

// The kiosk did not answer (restarting, most likely): build the stage again in a moment, once for all regions.
function retryLater() {
  if (!retryTimer) {
    retryTimer = setTimeout(() => {
      retryTimer = null;
      build();
    }, 2000);
  }
}

function refit() {
  regions.forEach((each) => each.refit());
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

function hear(item) {
  lastSeq = Math.max(lastSeq, item.seq || 0);
  if (!shows(item)) {
    withdraw(item.id);
    return;
  }
  if (item.arrived) {
    setTotal(total + 1);
    regions.forEach((each) => each.arrive(item));
  } else {
    regions.forEach((each) => each.update(item));
  }
  spotlightHears(item);
  scheduleView();
}

function withdraw(id) {
  regions.forEach((each) => each.withdraw(id));
  if (spotlit && spotlit.id === id) {
    showSpotlight();
  }
  scheduleView();
  if (!recountTimer) {
    recountTimer = setTimeout(() => {
      recountTimer = null;
      loadJSON("/api/wall/page?limit=1").then((page) => setTotal(page.total)).catch(() => {});
    }, 500);
  }
}

// Everything up to lastSeq reached this wall while it was connected; ask for the rest. What arrived
// meanwhile comes round with the pages; the pages themselves keep their place in the turn.
function catchUp() {
  loadJSON("/api/contributions?since=" + lastSeq)
    .then((data) => {
      data.items.forEach((item) => hear({ ...item, arrived: false }));
      data.withdrawn.forEach(withdraw);
      lastSeq = Math.max(lastSeq, data.seq);
      if (data.more) {  // the kiosk answers a long absence in parts
        catchUp();
        return;
      }
      regions.forEach((each) => each.load().then(() => each.fillGaps()).catch(() => {}));
    })
    .catch(() => setTimeout(catchUp, 2000));
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

function setLive(live) {
  body.dataset.live = live ? "connected" : "lost";
  connection.hidden = live;
}

// The wall runs next to the kiosk, where WebSocket always works; skipping the long-polling start
// also skips the upgrade, during which a dying server could go unnoticed.
const socket = window.io("/wall", { transports: ["websocket"] });
let lost = false;
socket.on("connect", () => {
  setLive(true);
  if (lost) {
    catchUp();
  }
  lost = false;
});
socket.on("disconnect", () => { lost = true; setLive(false); });
socket.on("connect_error", () => { lost = true; setLive(false); });
socket.on("contribution", hear);
socket.on("withdrawn", (message) => withdraw(message.id));
socket.on("prompt", showPrompt);
socket.on("layout", showLayout);
socket.on("highlights", showHighlights);
socket.on("moment", () => window.location.reload());  // a new meeting moment: its cards, its counts, from the start
window.addEventListener("resize", refit);
fitPrompt();
build();

/* The live wall: new contributions appear as they arrive, and after a lost connection the wall
   reconnects by itself and asks what it missed. Cards are clones of the server's own card
   template, filled by cards.js with textContent only. */
import { fillCard, findById } from "./cards.js";

var body = document.body;
var cards = document.getElementById("cards");
var template = document.getElementById("card-template");
var empty = document.getElementById("empty");
var connection = document.getElementById("connection");
var maxCards = Number(body.dataset.maxCards) || 120;
var lastSeq = Number(body.dataset.seq) || 0;

function render(item) {
  return fillCard(template.content.firstElementChild.cloneNode(true), item, body.dataset);
}

function cardOf(id) {
  return findById(cards, id);
}

function refreshEmpty() {
  empty.hidden = cards.children.length > 0;
}

function show(item) {
  lastSeq = Math.max(lastSeq, item.seq || 0);
  var existing = cardOf(item.id);
  if (existing && Number(existing.dataset.rev) >= item.rev) {
    return;
  }
  var card = render(item);
  if (existing) {
    existing.replaceWith(card);
  } else {
    card.classList.add("card--new");
    cards.insertBefore(card, cards.firstChild);
    while (cards.children.length > maxCards) {
      cards.removeChild(cards.lastElementChild);
    }
  }
  refreshEmpty();
}

function withdraw(id) {
  var card = cardOf(id);
  if (card) {
    card.remove();
  }
  refreshEmpty();
}

function showPrompt(prompt) {
  document.getElementById("theme").textContent = prompt.theme || "Netwerkkiosk";
  document.getElementById("prompt").textContent = prompt.text || body.dataset.defaultPrompt;
}

// Everything up to lastSeq reached this wall, in order, while it was connected; ask for the rest.
function catchUp(from) {
  fetch("/api/contributions?since=" + from, { headers: { "Accept": "application/json" } })
    .then(function (response) {
      if (!response.ok) { throw new Error("catch-up answered " + response.status); }
      return response.json();
    })
    .then(function (data) {
      data.items.forEach(show);
      data.withdrawn.forEach(withdraw);
      lastSeq = Math.max(lastSeq, data.seq);
    })
    .catch(function () { setTimeout(function () { catchUp(from); }, 2000); });
}

function setLive(live) {
  body.dataset.live = live ? "connected" : "lost";
  connection.hidden = live;
}

// The wall runs next to the kiosk, where WebSocket always works; skipping the long-polling start
// also skips the upgrade, during which a dying server could go unnoticed.
var socket = window.io("/wall", { transports: ["websocket"] });
socket.on("connect", function () {
  setLive(true);
  catchUp(lastSeq);
});
socket.on("disconnect", function () { setLive(false); });
socket.on("connect_error", function () { setLive(false); });
socket.on("contribution", show);
socket.on("withdrawn", function (message) { withdraw(message.id); });
socket.on("prompt", showPrompt);

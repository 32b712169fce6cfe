/* The live wall: new contributions appear as they arrive, and after a lost connection the wall
   reconnects by itself and asks what it missed. Cards are clones of the server's own card
   template, filled with textContent only, so participant text is never parsed as HTML. */
(function () {
  "use strict";

  var body = document.body;
  var cards = document.getElementById("cards");
  var template = document.getElementById("card-template");
  var empty = document.getElementById("empty");
  var connection = document.getElementById("connection");
  var maxCards = Number(body.dataset.maxCards) || 120;
  var lastSeq = Number(body.dataset.seq) || 0;

  function label(kind) {
    return body.dataset["label" + kind.charAt(0).toUpperCase() + kind.slice(1)] || kind;
  }

  function fill(card, name, value) {
    var field = card.querySelector("[data-field='" + name + "']");
    field.textContent = value || "";
    field.hidden = !value;
  }

  function render(item) {
    var card = template.content.firstElementChild.cloneNode(true);
    card.className = "card card--" + item.kind;
    card.dataset.id = item.id;
    card.dataset.rev = item.rev;
    card.dataset.seq = item.seq;
    fill(card, "kind-label", label(item.kind));
    fill(card, "text", item.text);
    fill(card, "author", item.author);
    return card;
  }

  function cardOf(id) {
    return Array.prototype.find.call(cards.children, function (card) { return card.dataset.id === id; });
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

  var socket = window.io("/wall");
  socket.on("connect", function () {
    connection.hidden = true;
    catchUp(lastSeq);
  });
  socket.on("disconnect", function () { connection.hidden = false; });
  socket.on("connect_error", function () { connection.hidden = false; });
  socket.on("contribution", show);
  socket.on("withdrawn", function (message) { withdraw(message.id); });
  socket.on("prompt", showPrompt);
}());

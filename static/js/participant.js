/* The phone's form, enhanced: send without reload, keep the text, retry through Wi-Fi hiccups.
   Without this script the form still posts the plain way. Each contribution carries an
   idempotency key, so a retry after a lost answer never puts it on the wall twice. */
(function () {
  "use strict";

  var form = document.getElementById("contribute");
  if (!form || !window.fetch || !window.JSON || !window.crypto) {
    return;
  }
  var DRAFT = "netwerkkiosk.draft";
  var statusLine = document.getElementById("status");
  var errorLine = document.getElementById("error");
  var thanks = document.getElementById("thanks");
  var button = form.querySelector("button[type=submit]");
  var retryTimer = null;
  var pending = null;

  // crypto.randomUUID needs a secure context, which http://<laptop>:5000 is not.
  function newKey() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  function fields() {
    var kind = form.querySelector("input[name=kind]:checked");
    return {
      kind: kind ? kind.value : "",
      text: form.elements.text.value,
      author: form.elements.author.value,
      contact: form.elements.contact.value,
      contact_consent: form.elements.contact_consent.checked,
      tags: Array.prototype.map.call(form.querySelectorAll("input[name=tags]:checked"), function (box) {
        return box.value;
      }).join(" "),
      idempotency_key: form.elements.idempotency_key.value
    };
  }

  // Contact details stay out of the draft: a borrowed phone should not remember them.
  function saveDraft() {
    var draft = fields();
    delete draft.contact;
    delete draft.contact_consent;
    try { localStorage.setItem(DRAFT, JSON.stringify(draft)); } catch (ignored) { /* private mode */ }
  }

  function restoreDraft() {
    var draft;
    try { draft = JSON.parse(localStorage.getItem(DRAFT) || "null"); } catch (ignored) { draft = null; }
    if (!draft || form.elements.text.value) {
      return;
    }
    form.elements.text.value = draft.text || "";
    form.elements.author.value = draft.author || "";
    if (draft.idempotency_key) {
      form.elements.idempotency_key.value = draft.idempotency_key;
    }
    var kind = form.querySelector("input[name=kind][value='" + draft.kind + "']");
    if (kind) { kind.checked = true; }
  }

  function say(text) { statusLine.textContent = text || ""; }

  function showError(message) {
    errorLine.textContent = message;
    errorLine.hidden = false;
  }

  function finish() {
    pending = null;
    button.disabled = false;
  }

  function succeeded() {
    finish();
    say("");
    try { localStorage.removeItem(DRAFT); } catch (ignored) { /* private mode */ }
    form.reset();
    showPreview();
    form.elements.idempotency_key.value = newKey();
    form.hidden = true;
    thanks.hidden = false;
    thanks.focus();
  }

  function retryLater(attempt) {
    say(statusLine.dataset.retrying);
    // Exponential back-off with jitter, capped, so a room of phones does not retry in step.
    var delay = Math.min(30000, 1000 * Math.pow(2, attempt)) * (0.5 + Math.random() / 2);
    retryTimer = setTimeout(function () { send(attempt + 1); }, delay);
  }

  // With a photo the contribution travels as a multipart form, otherwise as JSON.
  function request() {
    var photo = form.elements.photo.files[0];
    if (!photo) {
      return { headers: { "Content-Type": "application/json", "Accept": "application/json" }, body: JSON.stringify(pending) };
    }
    var data = new FormData();
    Object.keys(pending).forEach(function (name) { data.append(name, pending[name]); });
    data.append("photo", photo);
    return { headers: { "Accept": "application/json" }, body: data };
  }

  function send(attempt) {
    retryTimer = null;
    var outgoing = request();
    fetch(form.dataset.api, {
      method: "POST",
      headers: outgoing.headers,
      credentials: "same-origin",
      body: outgoing.body
    }).then(function (response) {
      if (response.status === 201) {
        succeeded();
      } else if (response.status >= 500) {
        retryLater(attempt);
      } else {
        return response.json().then(function (body) {
          finish();
          say("");
          showError(body.error);
        });
      }
    }).catch(function () { retryLater(attempt); });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (pending) {
      return;
    }
    errorLine.hidden = true;
    saveDraft();
    pending = fields();
    button.disabled = true;
    say(statusLine.dataset.sending);
    send(0);
  });

  form.addEventListener("input", saveDraft);

  var preview = document.getElementById("preview");
  function showPreview() {
    var photo = form.elements.photo.files[0];
    if (preview.src) {
      URL.revokeObjectURL(preview.src);
    }
    preview.hidden = !photo;
    if (photo) {
      preview.src = URL.createObjectURL(photo);
    } else {
      preview.removeAttribute("src");
    }
  }
  form.elements.photo.addEventListener("change", showPreview);

  // Back on the network: try at once rather than wait out the back-off.
  window.addEventListener("online", function () {
    if (retryTimer) {
      clearTimeout(retryTimer);
      send(0);
    }
  });

  document.getElementById("another").addEventListener("click", function () {
    thanks.hidden = true;
    form.hidden = false;
    form.elements.text.focus();
  });

  function showPrompt(prompt) {
    var question = document.getElementById("prompt");
    question.textContent = prompt.text || question.dataset.default;
    document.getElementById("theme").textContent = prompt.theme || "Netwerkkiosk";
  }

  // The question follows the facilitator's switch. A few lines of the Socket.IO protocol over a
  // plain WebSocket keep this page light; the wall's full client is 47 KB, the phone's budget 50.
  function listen() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + "/socket.io/?EIO=4&transport=websocket");
    var prefix = "42/wall,";  // an event on the wall's namespace; the JSON array follows
    socket.onmessage = function (message) {
      var data = String(message.data);
      if (data === "2") {
        socket.send("3");  // answer the server's ping
      } else if (data.charAt(0) === "0") {
        socket.send("40/wall,");  // open: join the wall's namespace
      } else if (data.indexOf("40/wall,") === 0) {
        document.body.dataset.live = "connected";
      } else if (data.indexOf(prefix + '["prompt",') === 0) {
        showPrompt(JSON.parse(data.slice(prefix.length))[1]);
      }
    };
    socket.onclose = function () {
      document.body.dataset.live = "lost";
      setTimeout(listen, 3000 + Math.random() * 5000);
    };
  }

  // "Me too" without leaving the page; the plain form post is the fallback.
  document.addEventListener("submit", function (event) {
    var react = event.target.closest && event.target.closest("form.react");
    if (!react) {
      return;
    }
    event.preventDefault();
    var button = react.querySelector("button");
    button.disabled = true;
    fetch(react.dataset.api, { method: "POST", credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        return response.json().then(function (body) {
          if (response.ok) {
            react.querySelector("[data-count]").textContent = body.reactions;
            button.setAttribute("aria-pressed", "true");
          } else {
            button.disabled = false;
            showError(body.error);
          }
        });
      })
      .catch(function () { button.disabled = false; });
  });

  restoreDraft();
  if (window.WebSocket) {
    listen();
  }
  form.dataset.ready = "true";  // every handler is in place
}());

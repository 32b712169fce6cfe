/* The phone's form, enhanced: send without reload, a photo shrunk on the phone with its progress shown, keep the
   text, retry through Wi-Fi hiccups, and an honest thank-you that follows the facilitator's approval.
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
  var progress = document.getElementById("progress");
  var cancel = document.getElementById("cancel");
  var retryTimer = null;
  var pending = null;
  var upload = null;
  var LONGEST = 1600;  // the kiosk keeps photos at most this long; sending more only costs the Wi-Fi

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

  // Next to the send button, where the eyes are, and brought into view: a refusal never happens off screen.
  function showError(message) {
    errorLine.textContent = message;
    errorLine.hidden = false;
    errorLine.scrollIntoView({ block: "center" });
  }

  function finish() {
    pending = null;
    upload = null;
    button.disabled = false;
    progress.hidden = true;
    cancel.hidden = true;
  }

  var thanked = null;  // the id of the waiting contribution the thank-you shows, to follow its approval live

  // The thank-you takes the form's place, with the participant's own words, and says "on the wall" only when
  // it is: under pre-moderation it says it waits, until the facilitator approves it (see listen()).
  function succeeded(item) {
    finish();
    say("");
    try { localStorage.removeItem(DRAFT); } catch (ignored) { /* private mode */ }
    form.reset();
    showPreview();
    form.elements.idempotency_key.value = newKey();
    thanked = item.status === "visible" ? null : item.id;  // only a waiting one has an approval to wait for
    document.getElementById("thanks-text").textContent = item.text;
    var code = document.getElementById("thanks-code");  // others build on it with #K12: say which it is
    code.textContent = item.code ? code.dataset.text.split("{code}").join(item.code) : "";
    code.hidden = !item.code;
    var waits = thanks.dataset.collecting === "true" ? "collected" : "pending";  // collected: revealed with the others
    document.getElementById("thanks-state").textContent = thanks.dataset[item.status === "visible" ? "visible" : waits];
    form.hidden = true;
    thanks.hidden = false;
    thanks.scrollIntoView({ block: "start" });
    thanks.focus();
  }

  function approved(item) {
    if (item.id === thanked && item.status === "visible") {
      document.getElementById("thanks-state").textContent = thanks.dataset.approved;
      thanked = null;
    }
  }

  function retryLater(attempt) {
    say(statusLine.dataset.retrying);
    // Exponential back-off with jitter, capped, so a room of phones does not retry in step.
    var delay = Math.min(30000, 1000 * Math.pow(2, attempt)) * (0.5 + Math.random() / 2);
    retryTimer = setTimeout(function () { send(attempt + 1); }, delay);
  }

  // A camera photo of 3 MB shrinks on the phone to at most 1,600 px (about 300 KB) before it travels: on a
  // market's Wi-Fi that is seconds instead of a minute. Drawing an <img> applies the EXIF orientation; the JPEG
  // the canvas makes carries no EXIF at all. The kiosk still checks, shrinks and strips whatever arrives.
  function shrunk(photo) {
    return new Promise(function (resolve) {
      // A phone that cannot shrink it in 10 s sends it as it is: slower on the Wi-Fi, but never stuck.
      setTimeout(function () { resolve(photo); }, 10000);
      var image = new Image();
      var address = URL.createObjectURL(photo);
      image.onload = function () {
        URL.revokeObjectURL(address);
        var scale = Math.min(1, LONGEST / Math.max(image.naturalWidth, image.naturalHeight));
        var canvas = document.createElement("canvas");
        canvas.width = Math.round(image.naturalWidth * scale);
        canvas.height = Math.round(image.naturalHeight * scale);
        var drawing = canvas.getContext("2d");
        drawing.fillStyle = "#fff";  // a PNG's transparency becomes white, not black
        drawing.fillRect(0, 0, canvas.width, canvas.height);
        drawing.drawImage(image, 0, 0, canvas.width, canvas.height);
        canvas.toBlob(function (blob) {
          resolve(blob && blob.size < photo.size ? blob : photo);  // a photo small already travels as it is
        }, "image/jpeg", 0.85);
      };
      image.onerror = function () {  // a kind this browser cannot show: send it as it is, the kiosk will say
        URL.revokeObjectURL(address);
        resolve(photo);
      };
      image.src = address;
    });
  }

  // With a photo the contribution travels as a multipart form, otherwise as JSON.
  function request() {
    if (!pending.photo) {
      return { type: "application/json", body: JSON.stringify(pending.fields) };
    }
    var data = new FormData();
    Object.keys(pending.fields).forEach(function (name) { data.append(name, pending.fields[name]); });
    data.append("photo", pending.photo, "foto.jpg");
    return { type: null, body: data };
  }

  // XMLHttpRequest rather than fetch: only it reports how far an upload is.
  function send(attempt) {
    retryTimer = null;
    var outgoing = request();
    upload = new XMLHttpRequest();
    upload.open("POST", form.dataset.api);
    upload.setRequestHeader("Accept", "application/json");
    if (outgoing.type) {
      upload.setRequestHeader("Content-Type", outgoing.type);
    }
    if (pending.photo) {
      progress.value = 0;
      progress.hidden = false;
      upload.upload.onprogress = function (event) {
        if (event.lengthComputable) {
          progress.value = Math.round(100 * event.loaded / event.total);
        }
      };
    }
    upload.onload = function () {
      if (upload.status === 201) {
        succeeded(JSON.parse(upload.responseText));
      } else if (upload.status >= 500 && upload.status !== 507) {
        retryLater(attempt);  // 507, the kiosk's disk is full, is said at once: a retry cannot mend it
      } else {
        var message;
        try { message = JSON.parse(upload.responseText).error; } catch (ignored) { message = upload.statusText; }
        finish();
        say("");
        showError(message);
      }
    };
    upload.onerror = function () { retryLater(attempt); };
    upload.send(outgoing.body);
  }

  cancel.addEventListener("click", function () {
    if (upload) {
      upload.onload = upload.onerror = null;
      upload.abort();
    }
    clearTimeout(retryTimer);
    retryTimer = null;
    finish();
    say(statusLine.dataset.cancelled);
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (pending) {
      return;
    }
    errorLine.hidden = true;
    saveDraft();
    pending = { fields: fields(), photo: null };
    button.disabled = true;
    cancel.hidden = false;
    say(statusLine.dataset.sending);
    var photo = form.elements.photo.files[0];
    if (!photo) {
      send(0);
      return;
    }
    var sending = pending;
    shrunk(photo).then(function (blob) {
      if (pending === sending) {  // not cancelled while it shrank
        pending.photo = blob;
        send(0);
      }
    });
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
    thanked = null;
    thanks.hidden = true;
    form.hidden = false;
    form.elements.text.focus();
  });

  function showPrompt(prompt) {
    var question = document.getElementById("prompt");
    question.textContent = prompt.text || question.dataset.default;
    document.getElementById("theme").textContent = prompt.theme || "Netwerkkiosk";
  }

  // A new meeting moment began: the cards listed were the moment before's, and the form keeps what is typed.
  function hideEarlierCards() {
    var latest = document.getElementById("latest");
    latest.querySelector(".latest__list").textContent = "";
    latest.hidden = true;
  }

  // The list "On the wall" follows the wall: a new card on top (at most as many as the kiosk lists), a
  // changed one in its place, a withdrawn one gone. Filled with textContent only, as the wall fills its cards.
  function showOnWall(item) {
    var list = document.querySelector(".latest__list");
    var row = rowOf(item.id);
    if (!row) {
      row = document.getElementById("latest-item").content.firstElementChild.cloneNode(true);
      row.dataset.id = item.id;
      var react = row.querySelector("form.react");  // made for the id "ID": this card's id in its place
      react.setAttribute("action", react.getAttribute("action").replace("/ID/", "/" + encodeURIComponent(item.id) + "/"));
      react.dataset.api = react.dataset.api.replace("/ID/", "/" + encodeURIComponent(item.id) + "/");
      list.insertBefore(row, list.firstChild);
      while (list.children.length > Number(list.dataset.most)) {
        list.lastElementChild.remove();
      }
    }
    fillCard(row.querySelector(".card"), item, list.dataset);
    row.querySelector("[data-count]").textContent = item.reactions || 0;
    document.getElementById("latest").hidden = false;
  }

  // The wall's fillCard (static/js/cards.js) in the ES5 this page keeps for old phones: that one is a module and
  // its tag rule needs lookbehind, which Safari before 16.4 cannot parse. Tags already written in the text as a whole
  // #tag are not shown twice (netwerk/knots.py's rule).
  function fillCard(card, item, labels) {
    card.className = "card card--" + item.kind;
    card.dataset.kind = item.kind;
    card.dataset.id = item.id;
    var tags = (item.tags || []).filter(function (tag) {
      var quoted = tag.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      return !new RegExp("(^|[^\\w#])#" + quoted + "(?![\\w-])", "i").test(item.text || "");
    });
    var values = {
      "kind-label": labels["label" + item.kind.charAt(0).toUpperCase() + item.kind.slice(1)] || "",
      "code": item.code || "", "text": item.text || "", "author": item.author || "",
      "reactions": item.reactions ? String(item.reactions) : "",
      "links": (item.links || []).map(function (link) { return link.code; }).join(", "),
      "tags": tags.length ? "#" + tags.join(" #") : ""
    };
    Object.keys(values).forEach(function (name) {
      var field = card.querySelector('[data-field="' + name + '"]');
      field.textContent = values[name];
      if (name !== "kind-label" && name !== "code" && name !== "text") {
        field.hidden = !values[name];
      }
    });
    card.querySelector('[data-field="pin"]').hidden = !item.pinned;
    var photo = card.querySelector('[data-field="photo"]');
    photo.hidden = !item.photo;
    if (item.photo) {
      photo.src = item.photo.replace(/\/media\//, "/media/400/");
    }
  }

  function rowOf(id) {
    var rows = document.querySelector(".latest__list").children;
    for (var number = 0; number < rows.length; number += 1) {
      if (rows[number].dataset.id === id) {
        return rows[number];
      }
    }
    return null;
  }

  function leaveWall(gone) {
    var row = rowOf(gone.id);
    if (row) {
      row.remove();
    }
  }

  // The question follows the facilitator's switch, a waiting contribution its approval, and a new meeting moment
  // hides the cards of the one before: through the vendored Socket.IO client, which reconnects by itself. It is
  // fetched beside the page (async), so the form is usable before it arrives.
  function listen() {
    var socket = window.io("/wall", { transports: ["websocket"] });
    socket.on("connect", function () { document.body.dataset.live = "connected"; });
    socket.on("disconnect", function () { document.body.dataset.live = "lost"; });
    socket.on("connect_error", function () { document.body.dataset.live = "lost"; });
    socket.on("prompt", showPrompt);
    socket.on("collecting", function (state) { thanks.dataset.collecting = String(state.on); });
    socket.on("contribution", function (item) {
      if (thanked) {
        approved(item);
      }
      showOnWall(item);
    });
    socket.on("withdrawn", leaveWall);
    socket.on("moment", hideEarlierCards);
  }

  function loadLiveClient() {
    var script = document.createElement("script");
    script.src = form.dataset.liveClient;
    script.onload = listen;
    document.head.appendChild(script);
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
    loadLiveClient();
  }
  form.dataset.ready = "true";  // every handler is in place
}());

/* Fill a card cloned from the server's _contribution.html with a contribution's JSON.
   textContent only: participant text is never parsed as HTML. */

function fill(card, name, value) {
  const field = card.querySelector(`[data-field='${name}']`);
  field.textContent = value || "";
  field.hidden = !value;
}

export function kindLabel(dataset, kind) {
  return dataset["label" + kind.charAt(0).toUpperCase() + kind.slice(1)] || kind;
}

export function fillCard(card, item, dataset) {
  card.className = "card card--" + item.kind;
  card.dataset.kind = item.kind;
  card.dataset.id = item.id;
  card.dataset.rev = item.rev;
  card.dataset.seq = item.seq;
  card.dataset.approved = String(Boolean(item.approved));
  fill(card, "kind-label", kindLabel(dataset, item.kind));
  const photo = card.querySelector("[data-field='photo']");
  if (item.photo) {
    photo.src = item.photo;  // always a /media/<sha256>.jpg the kiosk made, never participant text
  } else {
    photo.removeAttribute("src");
  }
  photo.hidden = !item.photo;
  card.classList.toggle("card--photo", Boolean(item.photo));
  fill(card, "text", item.text);
  fill(card, "author", item.author);
  fill(card, "reactions", item.reactions ? String(item.reactions) : "");
  fill(card, "code", item.code);
  fill(card, "links", (item.links || []).map((link) => link.code).join(", "));
  fill(card, "tags", unwrittenTags(item).map((tag) => "#" + tag).join(" "));
  card.querySelector("[data-field='pin']").hidden = !item.pinned;
  card.querySelector("[data-field='paper']").hidden = !item.paper;  // a handwritten card, entered at the stall
  card.classList.toggle("card--pinned", Boolean(item.pinned));
  return card;
}

// The tags a card shows below its text: not those the text already shows as #tag (netwerk/knots.py, the same rule).
function unwrittenTags(item) {
  const written = new Set((item.text.match(/(?<![\p{L}\p{N}_#])#[\p{L}\p{N}_][\p{L}\p{N}_-]*/gu) || [])
    .map((tag) => tag.slice(1).toLocaleLowerCase()));
  return (item.tags || []).filter((tag) => !written.has(tag.toLocaleLowerCase()));
}

export function findById(container, id) {
  return Array.prototype.find.call(container.children, (child) => child.dataset.id === id);
}

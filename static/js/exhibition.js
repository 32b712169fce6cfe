/* Lay a printed exhibition out on sheets of the paper's size, so that no text is cut: every card whole, in columns,
   a group's first sheet its own; a card too tall for a column takes the sheet's width, at the top of a sheet. Then
   say how many pages that makes, before anyone prints (#preview): the printout has exactly as many, one a sheet.

   The server sends each group as one sheet holding all its cards; here each card goes into the shortest column of
   the sheet it fits in whole, and what fits nowhere moves on to the group's next sheet. The photos are waited for first,
   as their shape sets a card's height. */

const TRIES = 12;  // cards in a row that fit nowhere on a sheet, before the sheet counts as full

function fits(box) {
  return box.scrollHeight <= box.clientHeight + 0.5;
}

// How many columns a sheet has: two on A4, three on A3 (the style sheet's --columns).
function columnCount(place) {
  return Number(getComputedStyle(place).getPropertyValue("--columns")) || 2;
}

// A sheet's place for cards: a row for the wide ones above the columns.
function places(place, count) {
  const wide = document.createElement("div");
  wide.className = "sheet__wide";
  const row = document.createElement("div");
  row.className = "sheet__columns";
  for (let number = 0; number < count; number += 1) {
    row.append(Object.assign(document.createElement("div"), { className: "sheet__column" }));
  }
  place.replaceChildren(wide, row);
  return { wide, columns: [...row.children] };
}

// The group's next sheet, after ``sheet``: its head line, "continued".
function nextSheet(sheet, top, continued) {
  const next = sheet.cloneNode(false);
  const head = top.cloneNode(true);
  const note = document.createElement("small");
  note.textContent = ` (${continued})`;
  head.querySelector(".sheet__title").append(note);
  const place = document.createElement("div");
  place.className = "sheet__items";
  next.append(head, place);
  sheet.after(next);
  return next;
}

// A card taller than a column takes the sheet's width: measured at a column's width, all at once.
function markWide(sheet, column, cards) {
  const ruler = document.createElement("div");
  ruler.style.cssText = `position: absolute; visibility: hidden; width: ${column.clientWidth}px`;
  sheet.append(ruler);
  ruler.append(...cards);
  for (const card of cards) {
    card.classList.toggle("card--wide", card.offsetHeight > column.clientHeight);
  }
  ruler.remove();
}

// How far down a column its cards reach.
function reach(column) {
  const last = column.lastElementChild;
  return last ? last.getBoundingClientRect().bottom - column.getBoundingClientRect().top : 0;
}

// Put a card in the shortest column it stands whole in, so that a sheet of few cards shares them out rather than
// stacking them all on the left.
function putInColumn(card, columns) {
  const shortest = columns.map((column) => [reach(column), column]).sort((one, other) => one[0] - other[0]);
  for (const [, column] of shortest) {
    column.append(card);
    if (fits(column)) {
      return true;
    }
  }
  card.remove();
  return false;
}

// Fill one sheet from ``waiting``: first a wide card, if one waits, then every card that stands whole in a column;
// return the cards left.
function fill(sheet, waiting) {
  const place = sheet.querySelector(".sheet__items");
  const { wide, columns } = places(place, columnCount(place));
  const left = [...waiting];
  const first = left.findIndex((card) => card.classList.contains("card--wide"));
  if (first !== -1) {
    const [card] = left.splice(first, 1);
    wide.append(card);
    card.classList.toggle("card--tall", !fits(place));  // taller than the sheet even at its width: the photo gives way
  }
  const kept = [];
  let misses = 0;
  for (const card of left) {
    if (misses < TRIES && !card.classList.contains("card--wide")) {
      if (putInColumn(card, columns)) {
        misses = 0;
        continue;
      }
      misses += 1;
    }
    kept.push(card);
  }
  return kept;
}

function layOut(sheet, continued) {
  const top = sheet.querySelector(".sheet__top");
  const place = sheet.querySelector(".sheet__items");
  const cards = [...place.children];
  const { columns } = places(place, columnCount(place));
  markWide(sheet, columns[0], cards);
  let waiting = cards;
  let current = sheet;
  for (;;) {
    const left = fill(current, waiting);
    if (left.length === waiting.length) {  // the first fits no empty column (its margin): it takes the sheet's width
      left[0].classList.add("card--wide");
      continue;
    }
    waiting = left;
    if (waiting.length === 0) {
      return;
    }
    current = nextSheet(current, top, continued);
  }
}

function photosLoaded() {
  const photos = [...document.querySelectorAll(".sheet .card__photo:not([hidden])")];
  photos.forEach((photo) => { photo.loading = "eager"; });
  return Promise.all(photos.map((photo) => photo.decode().catch(() => {})));
}

function sayPages(count) {
  const preview = document.getElementById("preview");
  if (preview) {
    const pages = (count === 1 ? preview.dataset.one : preview.dataset.other).replace("{count}", String(count));
    preview.textContent = `${pages} ${preview.dataset.size} · ${preview.dataset.cards}`;
  }
  document.body.dataset.pages = String(count);
}

async function layOutAll() {
  await photosLoaded();
  const sheets = document.querySelector(".sheets");
  for (const sheet of [...sheets.querySelectorAll(".sheet")]) {
    layOut(sheet, sheets.dataset.continued);
  }
  sayPages(sheets.querySelectorAll(".sheet").length);
  document.body.dataset.fitted = "true";
}

layOutAll();

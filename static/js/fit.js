/* Make a card's text fit the box it has on the wall, so that nothing is ever cut by an edge.

   The box is fixed by the wall's layout; what does not fit is shortened at a word with "…", never
   below the readable size the style sheet gives. The spotlight first shrinks its type to show a text
   in full, down to that same readable size, and only then shortens. Each try asks the browser for one
   layout of one card, so a page of eight cards is fitted within a frame. */

const ELLIPSIS = "…";

function overflows(box) {
  return box.scrollHeight > box.clientHeight + 1 || box.scrollWidth > box.clientWidth + 1;
}

// The longest start of the text, ending at a word, that fits: a binary search over the word boundaries.
// Returns how many words are shown (all of them when the text fits whole), 0 when not even one fits.
export function shortenToFit(box, field, text) {
  field.textContent = text;
  const words = text.split(/(?<=\s)/u);
  if (!overflows(box)) {
    return words.length;
  }
  let fits = 0;
  let tooMany = words.length;
  while (tooMany - fits > 1) {
    const middle = (fits + tooMany) >> 1;
    field.textContent = words.slice(0, middle).join("").trimEnd() + ELLIPSIS;
    if (overflows(box)) {
      tooMany = middle;
    } else {
      fits = middle;
    }
  }
  field.textContent = words.slice(0, Math.max(fits, 1)).join("").trimEnd() + ELLIPSIS;
  return fits;
}

// Fit a card's text; when only a few words would be left, the other parts give way first, one by one
// (the photo, then tags, links, reactions and the name), so a card says something rather than show a picture.
export function fitCard(card, text, fewest = 12) {
  const field = card.querySelector("[data-field='text']");
  const wanted = Math.min(fewest, text.split(/\s+/u).length);
  const parts = ["photo", "tags", "links", "reactions", "author"]
    .map((name) => card.querySelector(`[data-field='${name}']`));
  let shown = shortenToFit(card, field, text);
  for (const part of parts.filter((each) => each && !each.hidden)) {
    if (shown >= wanted) {
      break;
    }
    part.hidden = true;
    shown = shortenToFit(card, field, text);
  }
  return shown;
}

// The largest type between the style's own size and `smallest` (px) at which the whole text fits; the caller
// shortens what still does not fit at `smallest`.
export function sizeToFit(box, field, text, smallest) {
  field.style.fontSize = "";
  field.textContent = text;
  let largest = parseFloat(getComputedStyle(field).fontSize);
  if (!overflows(box) || largest <= smallest) {
    return;
  }
  let small = smallest;
  while (largest - small > 1) {
    const middle = (small + largest) / 2;
    field.style.fontSize = middle + "px";
    if (overflows(box)) {
      largest = middle;
    } else {
      small = middle;
    }
  }
  field.style.fontSize = small + "px";
}

// The largest type between `largest` and `smallest` (px) at which every column of a page holds its cards whole:
// one size for the whole page, so its cards read alike. Each try lays out the page once.
export function sizePage(element, largest, smallest) {
  const fits = (size) => {
    element.style.setProperty("--text", size + "px");
    return [...element.children, ...element.querySelectorAll(".card")].every((box) => !overflows(box));
  };
  if (!fits(largest)) {
    largestFitting(fits, smallest, largest);
  }
}

// The largest size between `small` and `large` (px, to half a pixel) at which `fits(size)` holds, `small` when none
// does; the last call lays the page out at that size.
export function largestFitting(fits, small, large) {
  while (large - small > 0.5) {
    const middle = (small + large) / 2;
    if (fits(middle)) {
      small = middle;
    } else {
      large = middle;
    }
  }
  fits(small);
  return small;
}

/* A part of the wall that turns pages, so that every contribution gets its moment on the projector.

   A page is the pins first, then the fresh arrivals (each stays at least FRESH_MS through any turn),
   then the next cards in turn, asked from the kiosk after the last one shown (/api/wall/page). The
   region keeps only its page and the next few cards, never the day's hundreds, so a wall left open
   all day stays as small as it started.

   How long a page stays follows from how many cards take turns: a card on screen for T seconds every
   P seconds is whole on screen for 5 s in every window W when P ≤ W + T − 10 s. With W = max(60 s,
   1.5 s × N) and P = pages × T, that gives T ≤ (W − 10 s) / (pages − 1); a tenth of W is kept spare
   for arrivals that take a place for a while. */

export const FRESH_MS = 8000;
const LONGEST_PAGE = 20000;
const SHORTEST_PAGE = 6000;
const COMFORTABLE_PAGE = 8000;

function windowMs(total) {
  return Math.max(60, 1.5 * total) * 1000;
}

// How long a page stays when `count` cards take turns in `places` places, out of `total` on the wall.
export function pageTime(count, places, total) {
  const pages = Math.ceil(count / Math.max(places, 1));
  if (pages <= 1) {
    return LONGEST_PAGE;
  }
  const time = (0.9 * windowMs(total) - 10000) / (pages - 1);
  return Math.round(Math.min(LONGEST_PAGE, Math.max(SHORTEST_PAGE, time)));
}

// How many places a column needs so that its cards come round with pages of a comfortable length.
export function placesNeeded(count, total, fewest, most) {
  const pages = Math.max(1, Math.floor((0.9 * windowMs(total) - 10000) / COMFORTABLE_PAGE) + 1);
  return Math.min(most, Math.max(fewest, Math.ceil(count / pages)));
}

export class Region {
  /* element: where the cards go. options.kind: one kind only (a column); options.pinsOnly: no turn, the pins
     alone. options.places(count, pins, total): how many places the region has now; options.shape(places):
     [columns, rows]. options.card(item): a filled card element; options.fit(card, item): make it fit its place.
     options.loadJSON(url): JSON from the kiosk; options.counted(page): the counts came with a page. */
  constructor(element, options) {
    Object.assign(this, { element, kind: null, pinsOnly: false }, options);
    this.pins = [];
    this.fresh = [];   // {item, at}, newest first
    this.queue = [];   // the next cards in turn
    this.shown = [];   // {item, card, role}
    this.after = 0;
    this.count = 0;    // the cards that take turns here (not the pins)
    this.total = 0;    // all cards on the wall: the window every card must come round in
    this.timer = null;
    this.stopped = false;
    this.size = "";
  }

  accepts(item) {
    return !this.kind || item.kind === this.kind;
  }

  start() {
    return this.load().then(() => this.turn());
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  load() {
    const places = Math.max(this.places(this.count, this.pins.length, this.total), 4);
    const kind = this.kind ? "&kind=" + this.kind : "";
    return this.loadJSON(`/api/wall/page?after=${this.after}&limit=${2 * places}${kind}`).then((page) => {
      this.pins = page.pinned;
      this.after = page.next;
      this.total = page.total;
      this.count = (this.kind ? page.counts[this.kind] : page.total) - page.pinned.length;
      if (!this.pinsOnly) {
        const queued = new Set(this.queue.map((item) => item.id));
        this.queue.push(...page.items.filter((item) => !queued.has(item.id)));
      }
      this.counted(page);
    });
  }

  // The next page: pins, arrivals younger than FRESH_MS, then the next in turn.
  turn() {
    if (this.stopped) {
      return;
    }
    clearTimeout(this.timer);
    const now = Date.now();
    const done = this.fresh.filter((entry) => now - entry.at >= FRESH_MS).map((entry) => entry.item);
    this.fresh = this.fresh.filter((entry) => now - entry.at < FRESH_MS);
    // While every card fits, a turn changes nothing: the cards that are up stay up.
    this.compose(this.fitsAll() ? [...this.turning(), ...done] : []);
    const places = this.placeCount();
    const time = pageTime(this.count, places - this.pins.length, this.total);
    this.element.dataset.pageMs = String(time);
    this.timer = setTimeout(() => this.turn(), time);
    if (!this.pinsOnly && this.queue.length < places) {
      this.load().then(() => this.fillGaps()).catch(() => {});  // the next turn asks again
    }
  }

  placeCount() {
    return Math.max(1, this.places(this.count, this.pins.length, this.total));
  }

  fitsAll() {
    return this.count + this.pins.length <= this.placeCount();
  }

  // Lay a page out: pins, fresh arrivals, `staying` (cards in turn that keep their place), then the queue.
  compose(staying) {
    const places = this.placeCount();
    // Arrivals take at most half the places that turn, so a busy moment does not stop the turn. An arrival that
    // a newer one pushes out of that half stays up while every card fits; otherwise it comes round in the turn.
    const freshRoom = Math.max(1, Math.floor((places - this.pins.length) / 2));
    if (this.fitsAll()) {
      staying = [...this.fresh.slice(freshRoom).map((entry) => entry.item), ...staying];
    }
    this.fresh = this.fresh.slice(0, freshRoom);
    const page = [];
    const taken = new Set();
    const put = (item, role) => {
      if (!taken.has(item.id) && page.length < places) {
        taken.add(item.id);
        page.push({ item, role });
        return true;
      }
      return taken.has(item.id);
    };
    this.pins.forEach((item) => put(item, "pin"));
    this.fresh.forEach((entry) => put(entry.item, "fresh"));
    const displaced = staying.filter((item) => !put(item, "turn"));
    this.queue.unshift(...displaced);  // a card that lost its place comes first on the next page
    while (!this.pinsOnly && page.length < places && this.queue.length) {
      const item = this.queue.shift();
      put(item, "turn");
    }
    this.show(page, places);
  }

  // Put a page on screen; cards that stay keep their element, new ones are filled and fitted.
  show(page, places) {
    const old = new Map(this.shown.map((entry) => [entry.item.id, entry]));
    const size = `${places}:${this.element.clientWidth}x${this.element.clientHeight}`;
    const resized = size !== this.size;
    this.size = size;
    if (this.element.dataset.places !== String(places)) {  // a change restyles every card: only when it is one
      const [columns, rows] = this.shape(places);
      this.element.dataset.places = String(places);
      this.element.style.setProperty("--columns", String(columns));
      this.element.style.setProperty("--rows", String(rows));
    }
    const fits = [];
    this.shown = page.map(({ item, role }) => {
      const before = old.get(item.id);
      const card = before && before.item.rev === item.rev ? before.card : this.card(item);
      card.dataset.role = role;
      if (card !== (before && before.card) || resized) {
        fits.push([card, item]);
      }
      // Only a card that just arrived animates in. No animationend listener: Chromium keeps an element with one
      // alive until its animation ends, and a card that leaves before that would stay in memory all day.
      card.classList.toggle("card--new", role === "fresh" && !(before && before.role === "fresh"));
      return { item, card, role };
    });
    const cards = this.shown.map((entry) => entry.card);
    if (cards.length !== this.element.children.length || cards.some((card, n) => this.element.children[n] !== card)) {
      this.element.replaceChildren(...cards);
    }
    fits.forEach(([card, item]) => this.fit(card, item));
  }

  // Refit after the screen changed size or the wall switched between few and many cards.
  refit() {
    this.size = "";
    this.show(this.shown, this.placeCount());
  }

  // A place came free (a card withdrawn, the queue refilled): fill it without turning the page.
  fillGaps() {
    if (!this.stopped && this.shown.length < this.placeCount()) {
      this.compose(this.turning());
    }
  }

  turning() {
    return this.shown.filter((entry) => entry.role === "turn").map((entry) => entry.item);
  }

  // A contribution new to the walls: up at once, as long as the page can hold it.
  arrive(item) {
    this.total += 1;
    if (!this.accepts(item)) {
      return;
    }
    if (item.pinned) {
      this.update(item);
      return;
    }
    this.count += 1;
    if (this.pinsOnly) {
      return;
    }
    this.queue = this.queue.filter((queued) => queued.id !== item.id);
    this.fresh = [{ item, at: Date.now() }, ...this.fresh.filter((entry) => entry.item.id !== item.id)];
    this.compose(this.turning());
  }

  // A change to a contribution the wall may show: a pin, a "me too", tags.
  update(item) {
    if (!this.accepts(item)) {
      return;
    }
    const wasPinned = this.pins.some((pin) => pin.id === item.id);
    const replace = (list) => list.map((known) => (known.id === item.id ? item : known));
    this.queue = replace(this.queue);
    this.fresh = this.fresh.map((entry) => (entry.item.id === item.id ? { item, at: entry.at } : entry));
    if (item.pinned !== wasPinned) {
      this.pins = item.pinned ? [...this.pins, item] : this.pins.filter((pin) => pin.id !== item.id);
      this.count += item.pinned ? -1 : 1;
      this.fresh = this.fresh.filter((entry) => entry.item.id !== item.id);
      this.compose(this.turning().filter((known) => known.id !== item.id));
      return;
    }
    this.pins = replace(this.pins);
    if (this.shown.some((entry) => entry.item.id === item.id)) {
      this.compose(replace(this.turning()));
    }
  }

  withdraw(id) {
    const known = [...this.pins, ...this.queue, ...this.fresh.map((entry) => entry.item), ...this.turning()];
    if (!known.some((item) => item.id === id)) {
      return;
    }
    const pinned = this.pins.some((item) => item.id === id);
    this.pins = this.pins.filter((item) => item.id !== id);
    this.queue = this.queue.filter((item) => item.id !== id);
    this.fresh = this.fresh.filter((entry) => entry.item.id !== id);
    this.count = Math.max(0, this.count - (pinned ? 0 : 1));
    this.total = Math.max(0, this.total - 1);
    this.compose(this.turning().filter((item) => item.id !== id));
  }
}

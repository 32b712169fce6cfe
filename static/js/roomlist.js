/* The control room's list: a page of compact rows from /api/room/contributions for the chosen state, kind,
   prompt and words, more as it is scrolled (never more than MAX_ROWS in the page), kept true by every change
   the /facilitator namespace reports, this device's and another facilitator's alike.

   A list is what waits, oldest first, then the rest, newest first (kiosk/finding.py): a row goes where
   the server would have put it, or waits for the page that brings it. */
import { fillCard, findById } from "./cards.js";

const MAX_ROWS = 300;
const PAGE = 50;

/* The one state a contribution is listed under, as kiosk.finding.state_of says it. */
export function stateOf(item) {
  if (item.deleted) {
    return "deleted";
  }
  if (item.status === "visible") {
    return item.pinned ? "pinned" : "visible";
  }
  return item.status === "pending" ? "pending" : "hidden";
}

function numberOf(text) {
  const found = /^#?[Kk](\d{1,7})$/.exec((text || "").trim());
  return found ? Number(found[1]) : null;
}

/* Mark the listed words that hold a waiting contribution back where they stand in its text, so the facilitator sees
   at once why it waits; text nodes and <mark> elements only, never parsed HTML. */
function markHeld(row, words) {
  const field = row.querySelector(".card [data-field='text']");
  if (!words.length) {
    return;
  }
  const escaped = words.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(${escaped.join("|")})(?![\\p{L}\\p{N}])`, "giu");
  const parts = field.textContent.split(pattern).map((part, n) => {
    if (n % 2 === 0) {
      return document.createTextNode(part);
    }
    const mark = document.createElement("mark");
    mark.textContent = part;
    return mark;
  });
  field.replaceChildren(...parts);
}

function rowNumber(row) {
  return numberOf(row.querySelector("[data-field='code']").textContent);
}

/* Every word in the text, the name or a #tag; a code the card's own or one it names whole (#K17, not #K1741):
   kiosk.finding._saying in the browser. */
function says(item, words) {
  const code = numberOf(item.code);
  const haystack = [item.text || "", item.author || "", ...(item.tags || []).map((tag) => "#" + tag)]
    .join(" ").toLowerCase();
  return words.every((word) => {
    const wanted = numberOf(word);
    return wanted === null ? haystack.includes(word)
      : wanted === code || new RegExp(`(^|[^\\w#])#?k${wanted}(?!\\d)`).test(haystack);
  });
}

export class RoomList {
  constructor(list, { template, labels, dataset, counted }) {
    this.list = list;
    this.template = template;
    this.labels = labels;
    this.dataset = dataset;
    this.counted = counted;
    this.filter = { q: "", state: "", kind: "", prompt: "" };
    this.next = list.dataset.next;
    this.asking = null;
    this.recounting = null;
    this.trimmed = false;
    this.end = document.getElementById("list-end");
    this.more = document.getElementById("more");
    for (const row of list.children) {
      row.dataset.part = row.dataset.state === "pending" ? "queue" : "rest";
      markHeld(row, JSON.parse(row.dataset.held || "[]"));
    }
    this.more.addEventListener("click", () => this.load(false));
    new IntersectionObserver((seen) => {
      if (seen.some((entry) => entry.isIntersecting)) {
        this.load(false);
      }
    }, { rootMargin: "400px" }).observe(this.end);
  }

  /* Ask anew for the first page after a change of words or filters; a slower earlier answer is dropped. */
  choose(changes) {
    Object.assign(this.filter, changes);
    this.next = "";
    this.trimmed = false;
    return this.load(true);
  }

  query(extra) {
    const query = new URLSearchParams(Object.entries(this.filter).filter(([, value]) => value));
    for (const [name, value] of new URLSearchParams(extra)) {
      query.set(name, value);
    }
    return query;
  }

  async load(anew) {
    if (!anew && (!this.next || this.trimmed || this.asking || this.list.children.length >= MAX_ROWS)) {
      return;
    }
    if (this.asking) {
      this.asking.abort();
    }
    const asking = new AbortController();
    this.asking = asking;
    try {
      const room = anew ? PAGE : Math.min(PAGE, MAX_ROWS - this.list.children.length);
      const response = await fetch(`/api/room/contributions?${this.query(this.next)}&limit=${room}`,
        { signal: asking.signal, headers: { "Accept": "application/json" } });
      const found = await response.json();
      if (!response.ok) {
        throw new Error(found.error);
      }
      if (anew) {
        this.list.replaceChildren();
      }
      for (const item of found.items) {
        if (!findById(this.list, item.id)) {
          this.list.append(this.fill(this.template.content.firstElementChild.cloneNode(true), item));
        }
      }
      this.next = found.next ? new URLSearchParams(found.next).toString() : "";
      this.counted(found);
    } catch (error) {
      if (error.name !== "AbortError") {
        throw error;
      }
    } finally {
      if (this.asking === asking) {
        this.asking = null;
        this.showEnd();
      }
    }
  }

  showEnd() {
    const full = this.list.children.length >= MAX_ROWS && (this.next || this.trimmed);
    this.more.hidden = !this.next || full;
    this.end.querySelector("#list-note").textContent = full ? this.end.dataset.full.replace("{count}", MAX_ROWS)
      : this.list.children.length ? "" : this.end.dataset.empty;
  }

  matches(item) {
    const state = stateOf(item);
    const { kind, prompt } = this.filter;
    const words = this.filter.q.toLowerCase().split(/\s+/).filter(Boolean);
    return (!kind || item.kind === kind) && (!prompt || item.prompt_id === prompt) && says(item, words)
      && (!this.filter.state || state === this.filter.state || (this.filter.state === "visible" && state === "pinned"));
  }

  fill(row, item) {
    const state = stateOf(item);
    fillCard(row.querySelector(".card"), item, this.dataset);
    const knots = row.querySelector("[name=knots]");
    if (document.activeElement !== knots) {
      knots.value = (item.tags || []).map((tag) => "#" + tag).concat((item.links || []).map((link) => "#" + link.code))
        .join(" ");
    }
    Object.assign(row.dataset, { id: item.id, rev: item.rev, state, approved: String(item.approved) });
    row.dataset.part = row.dataset.part || (state === "pending" ? "queue" : "rest");
    const held = state === "pending" ? item.held_for || [] : [];  // the listed words that held it back
    markHeld(row, held);
    row.querySelector(".moderated__state").textContent = this.labels[state] + (held.length ? ` · ${held.join(", ")}` : "");
    const why = row.querySelector(".moderated__why");
    why.textContent = held.length ? `${why.dataset.listed} ${held.join(", ")}` : why.dataset.premoderated;
    why.hidden = state !== "pending";
    return row;
  }

  /* A contribution changed or came: refill its row, drop it when it no longer matches, or put it in its place. */
  show(item) {
    const row = findById(this.list, item.id);
    if (row && Number(row.dataset.rev) >= item.rev) {
      return;
    }
    if (!this.matches(item)) {
      if (row) {
        this.drop(row);
      }
    } else if (row) {
      this.fill(row, item);
    } else {
      this.place(this.fill(this.template.content.firstElementChild.cloneNode(true), item));
    }
    this.recount();
  }

  place(row) {
    const number = rowNumber(row);
    const rows = [...this.list.children];
    const follower = row.dataset.part === "queue"
      ? rows.find((other) => other.dataset.part === "rest" || rowNumber(other) > number)
      : rows.find((other) => other.dataset.part === "rest" && rowNumber(other) < number);
    if (follower) {
      this.list.insertBefore(row, follower);
    } else if (!this.next) {
      this.list.append(row);
    }
    if (this.list.children.length > MAX_ROWS) {
      this.list.lastElementChild.remove();
      this.trimmed = true;
      this.showEnd();
    }
  }

  drop(row) {
    if (row.classList.contains("is-current")) {
      this.point(row.nextElementSibling || row.previousElementSibling);
    }
    row.remove();
    this.showEnd();
  }

  /* The counts follow the changes a little later, in one question however many changes came at once. */
  recount() {
    clearTimeout(this.recounting);
    this.recounting = setTimeout(async () => {
      const response = await fetch(`/api/room/contributions?${this.query("")}&limit=0`);
      if (response.ok) {
        this.counted(await response.json());
      }
    }, 250);
  }

  current() {
    return this.list.querySelector(".is-current");
  }

  /* Make ``row`` the one the keys act on, and bring it into view. */
  point(row) {
    this.current()?.classList.remove("is-current");
    if (row) {
      row.classList.add("is-current");
      row.focus({ preventScroll: true });
      row.scrollIntoView({ block: "nearest" });
    }
  }

  step(by) {
    const current = this.current();
    const rows = this.list.children;
    if (!current) {
      this.point(rows[0]);
    } else {
      this.point((by > 0 ? current.nextElementSibling : current.previousElementSibling) || current);
    }
    if (!current || !current.nextElementSibling) {
      this.load(false);
    }
  }

  open(row) {
    const opened = row.classList.toggle("moderated--open");
    row.querySelector("[data-open]").setAttribute("aria-expanded", String(opened));
  }
}

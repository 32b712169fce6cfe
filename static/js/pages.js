/* Show the page the kiosk says is up, in a part of the wall (the turn's pages, or the row of pins).

   The kiosk keeps the turn (kiosk/turn.py): it chose the cards so that all of them fit whole at the readable
   size, in columns where each card takes the height its text needs, and says how long the page stays.
   Here a page is only laid out: a card that stays keeps its element, a new one is filled, and the page's
   type grows as large as its columns allow, never below the readable size. Should a text still not fit
   (a card too long even alone, a screen narrower than 16:9), it is shortened at a word, never cut by an edge. */

export class Pages {
  /* element: where the columns of cards go. options.card(item): a filled card element; options.fit(element,
     cards): size the page's type and shorten what still does not fit; options.title(kind): a column's title, on
     a page in a column per kind. */
  constructor(element, options) {
    Object.assign(this, { element }, options);
    this.shown = [];   // {item, card}
    this.page = null;
  }

  // Lay out the kiosk's page: { page, columns: [[item numbers, top to bottom], …], shares: [each column's share of the
  // width], kinds: [each column's kind, on a page in a column per kind], items: [{...contribution, role}] }.
  show(page) {
    const old = new Map(this.shown.map((entry) => [entry.item.id, entry]));
    this.page = page;
    this.element.dataset.page = String(page.page);
    this.element.dataset.places = String(page.items.length);
    // The columns' shares of the width: even, or a long story's column half as wide again as the one beside it.
    const shares = page.shares || page.columns.map(() => 1);
    this.element.style.gridTemplateColumns = shares.map((share) => `minmax(0, ${share}fr)`).join(" ") || "minmax(0, 1fr)";
    this.element.dataset.columns = String(page.columns.length);
    this.shown = page.items.map((item) => {
      const before = old.get(item.id);
      const card = before && before.item.rev === item.rev ? before.card : this.card(item);
      card.dataset.role = item.role;
      card.style.setProperty("--rank", item.rank ? JSON.stringify(item.rank + ".") : "none");  // the most recognised
      // Only a card that just arrived animates in. No animationend listener: Chromium keeps an element with one
      // alive until its animation ends, and a card that leaves before that would stay in memory all day.
      card.classList.toggle("card--new", item.role === "fresh" && (!before || before.card.classList.contains("card--new")));
      return { item, card };
    });
    const kinds = page.kinds || [];
    const stacks = page.columns.map((numbers, column) => {
      const stack = document.createElement("div");
      stack.className = "stack";
      if (kinds[column]) {  // its kind's title above the cards, which then need not name it
        const title = document.createElement("h2");
        title.className = "stack__title";
        title.textContent = this.title(kinds[column]);
        stack.classList.add("stack--kind", "kind--" + kinds[column]);
        stack.append(title);
      }
      stack.append(...numbers.map((number) => this.shown[number].card));
      return stack;
    });
    this.element.replaceChildren(...stacks);
    this.fit(this.element, this.shown);
  }

  // The screen changed size: fit every card again.
  refit() {
    if (this.page) {
      this.show(this.page);
    }
  }

  // A change to a card on screen (a "me too", tags): fill it anew where it stands.
  update(item) {
    if (this.page && this.shown.some((entry) => entry.item.id === item.id)) {
      const items = this.page.items.map((known) => (known.id === item.id ? { ...known, ...item } : known));
      this.show({ ...this.page, items });
    }
  }

  // A card left the wall (hidden, withdrawn): its place stays empty until the page turns.
  withdraw(id) {
    const gone = this.page ? this.page.items.findIndex((item) => item.id === id) : -1;
    if (gone >= 0) {
      const columns = this.page.columns.map((numbers) => numbers.filter((number) => number !== gone)
        .map((number) => (number > gone ? number - 1 : number)));
      this.show({ ...this.page, columns, items: this.page.items.filter((item) => item.id !== id) });
    }
  }
}

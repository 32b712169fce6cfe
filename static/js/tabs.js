/* Tabs as the ARIA pattern has them: a click or the arrow keys open one panel and close the others; the
   address keeps the chosen tab (#wall, not a panel's id, so the browser does not scroll to it), so a reload
   or a link comes back to it. */

export function tabs(nav, opened) {
  const all = [...nav.querySelectorAll("[role=tab]")];

  function open(tab, chosen = true) {
    for (const other of all) {
      const shown = other === tab;
      other.setAttribute("aria-selected", String(shown));
      other.tabIndex = shown ? 0 : -1;
      document.getElementById(other.getAttribute("aria-controls")).hidden = !shown;
    }
    if (chosen) {
      window.history.replaceState(null, "", "#" + tab.dataset.tab);
    }
    opened(tab.dataset.tab);
  }

  nav.addEventListener("click", (event) => {
    const tab = event.target.closest("[role=tab]");
    if (tab) {
      open(tab);
    }
  });
  nav.addEventListener("keydown", (event) => {
    const steps = { ArrowRight: 1, ArrowLeft: -1, Home: -all.length, End: all.length };
    if (event.key in steps) {
      const at = all.indexOf(document.activeElement) + steps[event.key];
      const tab = all[Math.min(Math.max(at, 0), all.length - 1)];
      open(tab);
      tab.focus();
      event.preventDefault();
    }
  });
  const named = () => all.find((tab) => "#" + tab.dataset.tab === window.location.hash);
  window.addEventListener("hashchange", () => named() && open(named(), false));
  open(named() || all[0], false);
}

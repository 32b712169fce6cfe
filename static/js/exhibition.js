/* Fit every card of a printed exhibition into its place on the sheet, so that no text is cut mid-line.

   The sheet's grid gives each card a fixed box; a text that does not fit is shortened at a word with "…"
   (the photo gives way first when only a few words would be left), as on the wall. The full text stays in
   the archive's pages and exports. */

import { fitCard } from "./fit.js";

function fitSheets() {
  for (const card of document.querySelectorAll(".sheet .card")) {
    const field = card.querySelector("[data-field='text']");
    fitCard(card, field.dataset.full ??= field.textContent);
  }
  document.body.dataset.fitted = "true";
}

fitSheets();
window.addEventListener("beforeprint", fitSheets);

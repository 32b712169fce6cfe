/* Draw the word cloud the kiosk counted (/api/wall/cloud): sizes from 1× to 4× by use, and as large as the
   screen allows without a word leaving it. Words sit in wrapping lines, so no two ever overlap. */
import { largestFitting } from "./fit.js";

const SPAN = 3;  // the most used word is 1 + SPAN times the size of the least used one shown

function scale(spans, words) {
  const most = words[0][1];
  const least = words[spans.length - 1][1];
  spans.forEach((span, n) => {
    const share = most === least ? 0 : (words[n][1] - least) / (most - least);
    span.dataset.scale = String(1 + SPAN * Math.sqrt(share));
  });
}

export function drawCloud(container, words, smallest) {
  const spans = words.map(([word]) => {
    const span = document.createElement("span");
    span.textContent = word;
    return span;
  });
  container.replaceChildren(...spans);
  if (!spans.length) {
    return;
  }
  const fits = (base) => {
    spans.forEach((span) => { span.style.fontSize = (base * Number(span.dataset.scale)).toFixed(1) + "px"; });
    return container.scrollHeight <= container.clientHeight + 1 && container.scrollWidth <= container.clientWidth + 1;
  };
  // Fewer words rather than words too small to read from the back of the room.
  scale(spans, words);
  while (spans.length > 1 && !fits(smallest)) {
    spans.pop().remove();
    scale(spans, words);
  }
  largestFitting(fits, smallest, Math.max(smallest, container.clientHeight / 4));
}

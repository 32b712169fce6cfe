/* Draw a network laid out by the server (kiosk/graph.py) with the vendored Cytoscape.js: no layout runs
   here, so 2,000 contributions draw at once. Text goes into the details panel with textContent only. */

function colour(kind) {
  const probe = document.createElement("span");
  probe.className = "kind--" + kind;
  document.body.appendChild(probe);
  const value = getComputedStyle(probe).getPropertyValue("--kind").trim();
  probe.remove();
  return value || "#888";
}

function style(dark) {
  const ink = dark ? "#f5f3ee" : "#1d1d1f";
  const line = dark ? "rgba(245,243,238,.10)" : "rgba(29,29,31,.08)";
  const paper = dark ? "#111418" : "#ffffff";
  // Labels are sized for the whole map at once; a label's backing keeps it readable over the edges.
  const label = { "text-background-color": paper, "text-background-opacity": 0.8, "text-background-padding": 2 };
  const nodes = [
    { selector: "node", style: { "min-zoomed-font-size": 9, color: ink, "font-size": 12, "text-wrap": "ellipsis",
                                 "text-max-width": 160 } },
    { selector: "node[type='moment']", style: { ...label, shape: "round-rectangle", width: 60, height: 60,
                                                label: "data(label)", "background-color": dark ? "#3a4350" : "#8a8a8a",
                                                "font-size": 60, "font-weight": 700, "text-valign": "bottom",
                                                "text-margin-y": 8, "text-max-width": 600 } },
    { selector: "node[type='tag']", style: { ...label, width: 18, height: 18, label: "data(label)", "background-color": ink,
                                             "font-size": 40, "font-weight": 700, "text-valign": "center",
                                             "text-max-width": 400 } },
    { selector: "node[type='contact']", style: { shape: "diamond", width: 12, height: 12, "background-color": "#c0392b",
                                                 label: "data(label)", "font-size": 9 } },
    { selector: "node:selected", style: { "border-width": 3, "border-color": dark ? "#fff" : "#000" } },
    { selector: "edge", style: { width: 0.6, "line-color": line, "curve-style": "haystack" } },
    { selector: "edge[type='link']", style: { width: 1.5, opacity: 0.7, "line-color": dark ? "#f5f3ee" : "#1f6f5c",
                                              "curve-style": "straight", "target-arrow-shape": "triangle",
                                              "target-arrow-color": dark ? "#f5f3ee" : "#1f6f5c" } },
    { selector: "edge[type='shared']", style: { width: "mapData(weight, 1, 100, 0.5, 5)", "line-color": line } },
    { selector: "edge[type='joins']", style: { width: 1.5, "line-color": "#c0392b", "line-style": "dashed" } },
  ];
  for (const kind of ["story", "example", "idea", "initiative"]) {
    nodes.push({ selector: `node[kind='${kind}']`, style: { "background-color": colour(kind), width: 8, height: 8 } });
  }
  nodes.push({ selector: "node[kind='initiative']", style: { shape: "star", width: 14, height: 14 } });
  return nodes;
}

function show(panel, node) {
  if (!panel) {
    return;
  }
  const data = node.data();
  panel.querySelector("[data-field=title]").textContent = data.code ? `${data.code}` : data.label;
  panel.querySelector("[data-field=text]").textContent = data.type === "contribution" ? data.label : "";
  panel.querySelector("[data-field=author]").textContent = data.author || "";
  panel.hidden = false;
}

export function drawNetwork(container, elements, { dark = false, panel = null } = {}) {
  const started = performance.now();
  if (container.cy) {
    container.cy.destroy();  // a redraw on the wall replaces the last map
  }
  const cy = window.cytoscape({
    container, elements, style: style(dark), layout: { name: "preset", fit: true, padding: 30 },
    textureOnViewport: true, hideEdgesOnViewport: elements.edges.length > 1500, pixelRatio: 1,
    minZoom: 0.05, maxZoom: 4, boxSelectionEnabled: false, autoungrabify: true,
  });
  container.cy = cy;
  cy.on("tap", "node", (event) => show(panel, event.target));
  cy.one("render", () => {
    const mark = document.body.dataset;
    mark.network = "drawn";
    mark.networkMs = String(Math.round(performance.now() - started));
    mark.networkNodes = String(elements.nodes.length);
  });
  return cy;
}

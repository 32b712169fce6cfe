/* Draw a network laid out by the server (netwerk/graph.py) with the vendored Cytoscape.js: no layout runs
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
    // A tag's label above its cluster (data lift, netwerk/graph.py), never over the contributions around it.
    { selector: "node[type='tag']", style: { ...label, width: 18, height: 18, label: "data(label)", "background-color": ink,
                                             "font-size": 40, "font-weight": 700, "text-valign": "top",
                                             "text-margin-y": "data(lift)", "text-max-width": 400 } },
    { selector: "node[type='more']", style: { ...label, width: 34, height: 34, label: "data(label)", "font-size": 18,
                                              "font-weight": 700, "text-valign": "center", "text-halign": "center",
                                              "background-color": dark ? "#3a4350" : "#d8d6d0" } },
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
    nodes.push({ selector: `node[kind='${kind}']`, style: { "background-color": colour(kind), width: 12, height: 12 } });
  }
  nodes.push({ selector: "node[kind='initiative']", style: { shape: "star", width: 18, height: 18 } });
  return nodes;
}

// The wall's map (kiosk/tagmap.py): tiles with their code in the shape and colour of their kind, tags above.
const SHAPES = { story: "ellipse", example: "round-rectangle", idea: "round-diamond", initiative: "round-hexagon" };

function tiles() {
  const ink = "#f5f3ee";
  const nodes = [
    { selector: "node[type='contribution']", style: { width: 122, height: 84, label: "data(code)", "font-size": 40,
                                                     "font-weight": 800, color: "#111418", "text-valign": "center",
                                                     "text-halign": "center" } },
    // A tag's label stands on the stage's own colour: the lines to it end at its edge, none runs through its words.
    { selector: "node[type='tag']", style: { width: 1, height: 1, "background-opacity": 0, label: "data(label)",
                                             "font-size": 48, "font-weight": 700, color: ink, "text-halign": "right",
                                             "text-valign": "center", "text-background-color": "#111418",
                                             "text-background-opacity": 1, "text-background-padding": 6 } },
    { selector: "edge[type='tag']", style: { width: 2, "line-color": "rgba(245,243,238,.18)",
                                             "curve-style": "straight" } },
    { selector: "edge[type='link']", style: { width: 6, "line-color": ink, "curve-style": "straight",
                                              "target-arrow-shape": "triangle", "target-arrow-color": ink } },
  ];
  for (const [kind, shape] of Object.entries(SHAPES)) {
    nodes.push({ selector: `node[kind='${kind}']`, style: { shape, "background-color": colour(kind) } });
  }
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
  // "+N": the contributions of this cluster without a dot of their own, listed by the archive's search.
  const more = panel.querySelector("[data-field=more]");
  if (more) {
    more.hidden = data.type !== "more";
    const address = new URL(panel.dataset.search, window.location.href);
    address.searchParams.set(data.tag ? "tag" : "event", data.tag || data.moment || "");
    more.href = address.href;
  }
  panel.hidden = false;
}

// On the wall (`wall`), a tile is never more than a sixth of the screen high, however few there are.
export function drawNetwork(container, elements, { dark = false, panel = null, wall = false } = {}) {
  const started = performance.now();
  if (container.cy) {
    container.cy.destroy();  // a redraw on the wall replaces the last map
  }
  const cy = window.cytoscape({
    container, elements, style: wall ? tiles() : style(dark), layout: { name: "preset", fit: true, padding: 30 },
    textureOnViewport: true, hideEdgesOnViewport: elements.edges.length > 1500, pixelRatio: 1,
    minZoom: 0.05, maxZoom: wall ? window.innerHeight / 6 / 84 : 4, boxSelectionEnabled: false, autoungrabify: true,
    userZoomingEnabled: !wall, userPanningEnabled: !wall,
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

/* The archive's network page: the graph comes inside the page, laid out by the server. Cytoscape's own
   (deferred) script has run by now: module scripts run after deferred ones, in document order. */
import { drawNetwork } from "./network.js";

const elements = JSON.parse(document.getElementById("network-data").textContent);
drawNetwork(document.getElementById("network"), elements, { panel: document.getElementById("details") });

// Network: who does what to whom, from coded events, filtered by CAMEO root and time.
import { api, CAMEO_ROOTS, el, esc, fmtNum, formValues, hrefEntity, setRouteParams } from "../util.js";
import { goldsteinColour, networkGraph } from "../graph.js";

const SINCE = { "1h": "last hour", "24h": "last day", "7d": "last week", "30d": "last 30 days", "": "all time" };

const nodeHref = (d) => (String(d.id).includes(":") ? hrefEntity(d.id) : null);

export async function render(main, _arg, params) {
  const roots = (params.cameo || "").split(",").filter((r) => r in CAMEO_ROOTS);
  const since = params.since in SINCE ? params.since : "7d";
  const limit = Math.min(500, Math.max(5, Number(params.limit) || 60));
  const net = await api("network", { since, cameo: roots.join(","), limit });
  const labels = new Map((net.nodes || []).map((d) => [d.id, d.label || d.id]));
  const who = (id) => { const h = nodeHref({ id }); return h ? `<a href="${h}">${esc(labels.get(id) || id)}</a>` : esc(labels.get(id) || id); };
  const edges = [...(net.edges || [])].sort((a, b) => b.count - a.count);
  main.append(el(`<section>
    <h1>Actor network</h1>
    <form class="filters" aria-label="Filter the network">
      <fieldset class="card" style="flex:1 1 100%"><legend>CAMEO event classes (none ticked: all)</legend>
        <div class="legend">${Object.entries(CAMEO_ROOTS).sort().map(([r, l]) => `<label><input type="checkbox" name="cameo" value="${r}"${roots.includes(r) ? " checked" : ""}> ${r} ${esc(l)}</label>`).join("")}</div>
      </fieldset>
      <label>Period <select name="since">${Object.entries(SINCE).map(([v, l]) => `<option value="${v}"${v === since ? " selected" : ""}>${esc(l)}</option>`).join("")}</select></label>
      <label>Most relations <input name="limit" type="number" min="5" max="500" value="${limit}"></label>
      <button type="submit">Show</button>
    </form>
    <p class="legend muted">Arrows point from the actor who acts to the one acted on; thickness is the number of events;
      colour is the mean Goldstein score: <span style="color:${goldsteinColour(-10)}">■ conflict (−10)</span>
      <span style="color:${goldsteinColour(0)}">■ neutral</span> <span style="color:${goldsteinColour(10)}">■ cooperation (+10)</span></p>
    <div id="graph">${networkGraph(net, { href: nodeHref })}</div>
    <h2>Relations <span class="muted">(${fmtNum(edges.length)})</span></h2>
    ${edges.length ? `<div class="scroll"><table class="stack" id="edges"><thead><tr><th>Source</th><th>Event class</th><th>Target</th>
      <th class="num">Events</th><th class="num">Mean Goldstein</th></tr></thead><tbody>
      ${edges.map((e) => `<tr><td data-label="Source">${who(e.source)}</td><td data-label="Event">${esc(e.label || CAMEO_ROOTS[e.cameo_root] || "")} <span class="badge">${esc(e.cameo_root)}</span></td>
        <td data-label="Target">${who(e.target)}</td><td class="num" data-label="Events">${fmtNum(e.count)}</td>
        <td class="num" data-label="Goldstein">${fmtNum(e.goldstein, 1)}</td></tr>`).join("")}</tbody></table></div>` : ""}
  </section>`));
  const form = main.querySelector("form");
  form.addEventListener("submit", (ev) => { ev.preventDefault(); setRouteParams("#/network", formValues(form)); });
}

// The actor network as an SVG: a small force-directed layout (a few dozen nodes, computed once,
// synchronously), directed edges coloured by mean Goldstein score and as thick as their event count.
import { esc, fmtNum } from "./util.js";

function layout(nodes, edges, W, H) {
  const n = nodes.length, pos = nodes.map((_, i) => {
    const a = (2 * Math.PI * i) / Math.max(1, n);
    return { x: W / 2 + (W / 3) * Math.cos(a), y: H / 2 + (H / 3) * Math.sin(a), vx: 0, vy: 0 };
  });
  const idx = new Map(nodes.map((d, i) => [d.id, i]));
  const links = edges.map((e) => [idx.get(e.source), idx.get(e.target)]).filter(([a, b]) => a !== undefined && b !== undefined && a !== b);
  const k = Math.sqrt((W * H) / Math.max(1, n)) * 0.75;
  // Repulsion is O(n²) per step: fewer steps for big graphs keep the layout within a few milliseconds.
  const steps = Math.max(60, Math.min(250, Math.round(400000 / Math.max(1, n * n))));
  for (let it = 0; it < steps; it++) {
    const temp = 1 - it / steps;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let dx = pos[i].x - pos[j].x, dy = pos[i].y - pos[j].y, d2 = dx * dx + dy * dy || 0.01;
        const f = (k * k) / d2;
        pos[i].vx += dx * f * 0.05; pos[i].vy += dy * f * 0.05; pos[j].vx -= dx * f * 0.05; pos[j].vy -= dy * f * 0.05;
      }
    }
    for (const [a, b] of links) {
      const dx = pos[b].x - pos[a].x, dy = pos[b].y - pos[a].y, d = Math.sqrt(dx * dx + dy * dy) || 0.01;
      const f = (d - k) / d * 0.08;
      pos[a].vx += dx * f; pos[a].vy += dy * f; pos[b].vx -= dx * f; pos[b].vy -= dy * f;
    }
    for (const p of pos) {
      p.vx += (W / 2 - p.x) * 0.01; p.vy += (H / 2 - p.y) * 0.01;
      const v = Math.sqrt(p.vx * p.vx + p.vy * p.vy), lim = 20 * temp + 1;
      if (v > lim) { p.vx *= lim / v; p.vy *= lim / v; }
      p.x = Math.min(W - 30, Math.max(30, p.x + p.vx)); p.y = Math.min(H - 20, Math.max(20, p.y + p.vy));
      p.vx *= 0.5; p.vy *= 0.5;
    }
  }
  return pos;
}

export function goldsteinColour(g) {
  if (g === null || g === undefined) return "#777";
  const t = Math.max(-1, Math.min(1, g / 10));
  return t < 0 ? `rgb(${Math.round(150 + 60 * -t)},${Math.round(70 * (1 + t))},${Math.round(60 * (1 + t))})`
    : `rgb(${Math.round(40 * (1 - t))},${Math.round(90 + 40 * t)},${Math.round(160 + 20 * t)})`;
}

export function networkGraph(net, { width = 900, height = 560, href = () => null } = {}) {
  const nodes = net.nodes || [], edges = net.edges || [];
  if (!nodes.length) return `<p class="empty">No events between actors match these filters.</p>`;
  const pos = layout(nodes, edges, width, height), idx = new Map(nodes.map((d, i) => [d.id, i]));
  const label = (id) => nodes[idx.get(id)]?.label || id;
  const maxCount = Math.max(1, ...edges.map((e) => e.count)), maxEv = Math.max(1, ...nodes.map((d) => d.events || 1));
  const radius = nodes.map((d) => 4 + 10 * Math.sqrt((d.events || 1) / maxEv));
  const lines = edges.map((e) => {
    const ia = idx.get(e.source), ib = idx.get(e.target), a = pos[ia], b = pos[ib];
    if (!a || !b || ia === ib) return "";
    const w = 1 + 4 * (e.count / maxCount), c = goldsteinColour(e.goldstein);
    // End the line at the target's rim so the arrowhead stays visible; bend it a little so that
    // A→B and B→A do not draw on top of each other.
    const dx = b.x - a.x, dy = b.y - a.y, d = Math.sqrt(dx * dx + dy * dy) || 1, ux = dx / d, uy = dy / d;
    const x1 = a.x + ux * radius[ia], y1 = a.y + uy * radius[ia], x2 = b.x - ux * (radius[ib] + 2), y2 = b.y - uy * (radius[ib] + 2);
    const cx = (x1 + x2) / 2 - uy * d * 0.12, cy = (y1 + y2) / 2 + ux * d * 0.12;
    return `<path d="M${x1.toFixed(1)},${y1.toFixed(1)}Q${cx.toFixed(1)},${cy.toFixed(1)} ${x2.toFixed(1)},${y2.toFixed(1)}" fill="none" stroke="${c}" stroke-width="${w.toFixed(1)}" marker-end="url(#arrow)"><title>${esc(label(e.source))} → ${esc(label(e.target))}: ${esc(e.label || e.cameo_root)} ×${fmtNum(e.count)}, Goldstein ${fmtNum(e.goldstein, 1)}</title></path>`;
  }).join("");
  const circles = nodes.map((d, i) => {
    const p = pos[i], r = radius[i], link = href(d);
    const inner = `<circle r="${r.toFixed(1)}"/><text x="${(r + 3).toFixed(1)}" y="4">${esc(d.label || d.id)}</text><title>${esc(d.label || d.id)}${d.country ? " (" + esc(d.country) + ")" : ""}: ${fmtNum(d.events)} events</title>`;
    return link ? `<a class="node" href="${esc(link)}" transform="translate(${p.x.toFixed(1)} ${p.y.toFixed(1)})" data-id="${esc(d.id)}">${inner}</a>`
      : `<g class="node" tabindex="0" transform="translate(${p.x.toFixed(1)} ${p.y.toFixed(1)})" data-id="${esc(d.id)}">${inner}</g>`;
  }).join("");
  const desc = `Actor network: ${nodes.length} actors, ${edges.length} directed relations`;
  return `<svg class="chart graph" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(desc)}">
    <title>${esc(desc)}</title>
    <defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto"><path d="M0,0L10,5L0,10z" fill="#5c6166"/></marker></defs>
    <g>${lines}</g><g>${circles}</g></svg>`;
}

// Small SVG charts drawn as strings: sparklines and time series with labelled axes.
import { esc, fmtNum, parseTime } from "./util.js";

export function sparkline(values, { width = 120, height = 28, label = "" } = {}) {
  const v = (values || []).map((x) => Number(x) || 0);
  if (!v.length) return `<span class="empty">no data</span>`;
  const max = Math.max(1, ...v), n = v.length, dx = n > 1 ? (width - 4) / (n - 1) : 0;
  const pts = v.map((y, i) => `${(2 + i * dx).toFixed(1)},${(height - 2 - (y / max) * (height - 4)).toFixed(1)}`);
  const last = pts[pts.length - 1].split(",");
  const desc = `${label ? label + ": " : ""}${v.join(", ")} (oldest first, peak ${fmtNum(max)})`;
  return `<svg class="spark" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(desc)}">
    <title>${esc(desc)}</title>
    <polyline points="${pts.join(" ")}" fill="none" stroke="#0b5cad" stroke-width="1.5"/>
    <circle cx="${last[0]}" cy="${last[1]}" r="2" fill="#b3261e"/></svg>`;
}

function niceTicks(min, max, count = 4) {
  if (min === max) { max = min + 1; }
  const span = max - min, step0 = span / count, mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => span / s <= count) || mag * 10;
  const out = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) out.push(+t.toFixed(10));
  return out;
}

function timeLabel(d, interval) {
  const iso = d.toISOString();
  return interval === "hour" ? iso.slice(5, 10) + " " + iso.slice(11, 13) + "h" : iso.slice(5, 10);
}

// points: [{t, <key>}]; kind "bar" (counts) or "line" (a mean that may be null, with a zero line).
export function timeChart(points, { key, kind = "bar", yLabel, interval = "day", title = "", width = 640, height = 220 } = {}) {
  const pts = (points || []).map((p) => ({ t: parseTime(p.t), y: p[key] === null || p[key] === undefined ? null : Number(p[key]) }))
    .filter((p) => p.t);
  if (!pts.length) return `<p class="empty">No ${esc(yLabel || key)} in this period.</p>`;
  const m = { l: 48, r: 10, t: 10, b: 42 }, w = width - m.l - m.r, h = height - m.t - m.b;
  const ys = pts.map((p) => p.y).filter((y) => y !== null);
  let lo = kind === "bar" ? 0 : Math.min(0, ...ys), hi = Math.max(kind === "bar" ? 1 : 0, ...ys);
  if (kind === "line" && lo === hi) { lo -= 1; hi += 1; }
  const ticks = niceTicks(lo, hi);
  lo = Math.min(lo, ticks[0]); hi = Math.max(hi, ticks[ticks.length - 1]);
  const n = pts.length, bw = w / n;
  const X = (i) => m.l + bw * (i + 0.5), Y = (y) => m.t + h - ((y - lo) / (hi - lo || 1)) * h;
  const every = Math.max(1, Math.ceil(n / Math.max(2, Math.floor(w / 70))));
  let g = `<g class="grid">${ticks.map((t) => `<line x1="${m.l}" x2="${m.l + w}" y1="${Y(t)}" y2="${Y(t)}"/>`).join("")}</g>`;
  g += `<g class="axis"><line x1="${m.l}" x2="${m.l}" y1="${m.t}" y2="${m.t + h}"/><line x1="${m.l}" x2="${m.l + w}" y1="${m.t + h}" y2="${m.t + h}"/>`;
  g += ticks.map((t) => `<text x="${m.l - 5}" y="${Y(t) + 4}" text-anchor="end">${fmtNum(t, Math.abs(t) < 10 && t % 1 ? 1 : 0)}</text>`).join("");
  g += pts.map((p, i) => (i % every === 0 ? `<text x="${X(i)}" y="${m.t + h + 15}" text-anchor="middle">${esc(timeLabel(p.t, interval))}</text>` : "")).join("");
  g += `<text x="${m.l + w / 2}" y="${height - 4}" text-anchor="middle">time (UTC, per ${esc(interval)})</text>`;
  g += `<text transform="translate(12 ${m.t + h / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel || key)}</text></g>`;
  let body = "";
  if (kind === "bar") {
    body = pts.map((p, i) => {
      const y = p.y || 0, top = Y(y);
      return `<rect x="${(X(i) - bw * 0.4).toFixed(1)}" y="${top.toFixed(1)}" width="${(bw * 0.8).toFixed(1)}" height="${(m.t + h - top).toFixed(1)}" fill="#0b5cad"><title>${esc(timeLabel(p.t, interval))}: ${fmtNum(y)}</title></rect>`;
    }).join("");
  } else {
    if (lo < 0 && hi > 0) body += `<line x1="${m.l}" x2="${m.l + w}" y1="${Y(0)}" y2="${Y(0)}" stroke="#5c6166" stroke-dasharray="3 3"/>`;
    let d = "", pen = false;
    pts.forEach((p, i) => {
      if (p.y === null) { pen = false; return; }
      d += `${pen ? "L" : "M"}${X(i).toFixed(1)},${Y(p.y).toFixed(1)}`; pen = true;
    });
    body += `<path d="${d}" fill="none" stroke="#9a5b00" stroke-width="2"/>`;
    body += pts.map((p, i) => (p.y === null ? "" : `<circle cx="${X(i).toFixed(1)}" cy="${Y(p.y).toFixed(1)}" r="2.5" fill="#9a5b00"><title>${esc(timeLabel(p.t, interval))}: ${fmtNum(p.y, 2)}</title></circle>`)).join("");
  }
  const desc = `${title || yLabel || key} over time, ${n} ${interval}s`;
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(desc)}"><title>${esc(desc)}</title>${g}${body}</svg>`;
}

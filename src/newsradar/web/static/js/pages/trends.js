// Trends: entities and event classes rising in the last hour or day against their own baseline.
import { api, el, entityChip, esc, fmtNum } from "../util.js";
import { sparkline } from "../charts.js";

const WINDOWS = { "1h": "last hour", "24h": "last day" };

export async function render(main, _arg, params) {
  const window = params.window in WINDOWS ? params.window : "24h";
  const data = await api("trends", { window });
  const seg = Object.entries(WINDOWS).map(([w, label]) =>
    `<a role="button" class="chip" href="#/trends?window=${w}" aria-pressed="${w === window}"${w === window ? ' aria-current="true"' : ""}>${esc(label)}</a>`).join(" ");
  const bucket = window === "1h" ? "5-minute" : "hourly";
  const ents = data.entities || [], evs = data.events || [];
  main.append(el(`<section>
    <h1>Trends</h1>
    <p>Window: ${seg}</p>
    <p class="muted">Score: how far the ${esc(WINDOWS[window])}'s count rises above the entity's own baseline
      (its usual count for a window this long). Sparklines show ${bucket} counts, oldest first.</p>
    <div class="grid">
      <div><h2>Entities rising</h2>${ents.length ? `<div class="scroll"><table class="stack" id="trend-entities">
        <thead><tr><th>Entity</th><th class="num">Count</th><th class="num">Baseline</th><th class="num">Score</th><th>Activity</th></tr></thead>
        <tbody>${ents.map((e) => `<tr>
          <td data-label="Entity">${entityChip(e)}</td><td class="num" data-label="Count">${fmtNum(e.count)}</td>
          <td class="num" data-label="Baseline">${fmtNum(e.baseline, 1)}</td><td class="num" data-label="Score">${fmtNum(e.score, 1)}</td>
          <td data-label="Activity">${sparkline(e.spark, { label: e.name })}</td></tr>`).join("")}</tbody></table></div>`
        : `<p class="empty">Nothing is rising in the ${esc(WINDOWS[window])}.</p>`}</div>
      <div><h2>Events rising</h2>${evs.length ? `<div class="scroll"><table class="stack" id="trend-events">
        <thead><tr><th>Event class (CAMEO)</th><th class="num">Count</th><th class="num">Baseline</th><th class="num">Score</th><th>Activity</th></tr></thead>
        <tbody>${evs.map((e) => `<tr>
          <td data-label="Event"><a href="#/network?cameo=${esc(e.cameo_root)}&since=${window}">${esc(e.label)}</a> <span class="badge">${esc(e.cameo_root)}</span></td>
          <td class="num" data-label="Count">${fmtNum(e.count)}</td><td class="num" data-label="Baseline">${fmtNum(e.baseline, 1)}</td>
          <td class="num" data-label="Score">${fmtNum(e.score, 1)}</td><td data-label="Activity">${sparkline(e.spark, { label: e.label })}</td></tr>`).join("")}</tbody></table></div>`
        : `<p class="empty">No event class is rising in the ${esc(WINDOWS[window])}.</p>`}</div>
    </div></section>`));
}

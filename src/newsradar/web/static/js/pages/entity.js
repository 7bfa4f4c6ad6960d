// Entity: volume and tone over time, its quotes, what others said about it, its events as source and
// as target, who it appears with, and a map of its places.
import { api, el, entityChip, esc, fmtNum, fmtTime, pager } from "../util.js";
import { timeChart } from "../charts.js";
import { worldMap } from "../map.js";
import { eventItem, quoteItem } from "./parts.js";

const N = 10;

function listSection(id, title, list, item, empty, more) {
  const sec = el(`<section class="card" id="${id}"><h2>${esc(title)} <span class="muted">(${fmtNum(list.total)})</span></h2>
    ${list.items.length ? `<ul class="items">${list.items.map(item).join("")}</ul>` : `<p class="empty">${esc(empty)}</p>`}</section>`);
  const ul = sec.querySelector("ul");
  if (ul) pager(sec, list, more, (items) => ul.insertAdjacentHTML("beforeend", items.map(item).join("")));
  return sec;
}

export async function render(main, key, params) {
  const interval = params.interval === "hour" ? "hour" : "day";
  // No since unless the address gives one: the API then ends the range at the entity's own newest
  // article. A "90d" sent from here counted back from now, and drew an empty chart for anyone out of
  // the news for 90 days (an archive's entities, all of them).
  const since = params.since || "";
  const page = (path, p) => api(path, { ...p, limit: N });
  const [detail, timeline, said, about, asSource, asTarget] = await Promise.all([
    api("entities/" + encodeURIComponent(key)),
    api("timeline", { entity: key, interval, since }),
    page("quotes", { speaker: key }), page("quotes", { about: key }),
    page("events", { source: key }), page("events", { target: key }),
  ]);
  const e = detail.entity, co = detail.cooccurring || [], places = detail.places || [];
  const map = await worldMap(places, { label: `Places in articles about ${e.name}` });
  const seg = ["day", "hour"].map((i) => `<a class="chip" href="#/entity/${encodeURIComponent(key)}?interval=${i}" aria-pressed="${i === interval}">per ${i}</a>`).join(" ");
  main.append(el(`<section>
    <h1><span class="t-${esc(e.type)}">${esc(e.name)}</span> <span class="badge">${esc(e.type)}</span></h1>
    <dl class="kv">
      ${e.country ? `<dt>Country</dt><dd>${esc(e.country)}</dd>` : ""}
      ${e.roles && e.roles.length ? `<dt>Roles</dt><dd>${e.roles.map(esc).join(", ")}</dd>` : ""}
      ${e.aliases && e.aliases.length ? `<dt>Also called</dt><dd>${e.aliases.map(esc).join(", ")}</dd>` : ""}
      <dt>Articles</dt><dd><a href="#/feed?entity=${encodeURIComponent(key)}">${fmtNum(e.articles)}</a> (${fmtNum(e.mentions)} mentions)</dd>
      <dt>Seen</dt><dd>${fmtTime(e.first_seen)} to ${fmtTime(e.last_seen)}</dd>
    </dl>
    <p>${seg}</p>
    <div class="grid">
      <div class="card" id="volume"><h2>Articles per ${interval}</h2>${timeChart(timeline.points, { key: "articles", kind: "bar", yLabel: "articles", interval, title: `Articles mentioning ${e.name}` })}</div>
      <div class="card" id="tone"><h2>Mean tone per ${interval}</h2>${timeChart(timeline.points, { key: "tone", kind: "line", yLabel: "mean tone", interval, title: `Tone of articles mentioning ${e.name}` })}</div>
    </div>
    <div class="grid wide" id="lists"></div>
    <div class="grid">
      <section class="card" id="cooccurring"><h2>Appears with</h2>${co.length ? `<div class="scroll"><table class="stack"><thead><tr><th>Entity</th><th class="num">Together</th><th class="num">Its articles</th></tr></thead><tbody>
        ${co.map((c) => `<tr><td data-label="Entity">${entityChip(c)}</td><td class="num" data-label="Together">${fmtNum(c.together)}</td><td class="num" data-label="Its articles">${fmtNum(c.articles)}</td></tr>`).join("")}</tbody></table></div>`
        : `<p class="empty">No other entity shares an article with it.</p>`}</section>
      <section class="card" id="places"><h2>Places</h2>${map}
        ${places.length ? `<p class="meta">${places.map((p) => `${esc(p.name)} (${fmtNum(p.mentions)})`).join(" · ")}</p>` : `<p class="empty">No places.</p>`}</section>
    </div>
  </section>`));
  const lists = main.querySelector("#lists");
  lists.append(
    listSection("said", `What ${e.name} said`, said, quoteItem, "No quotes attributed.", (cursor) => api("quotes", { speaker: key, limit: N, cursor })),
    listSection("said-about", `What others said about ${e.name}`, about, quoteItem, "No quotes mention it.", (cursor) => api("quotes", { about: key, limit: N, cursor })),
    listSection("events-source", "Its events (as source)", asSource, eventItem, "No events with it as source.", (cursor) => api("events", { source: key, limit: N, cursor })),
    listSection("events-target", "Events aimed at it (as target)", asTarget, eventItem, "No events with it as target.", (cursor) => api("events", { target: key, limit: N, cursor })),
  );
}

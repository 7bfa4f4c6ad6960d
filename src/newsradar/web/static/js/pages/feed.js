// Live feed: the newest articles, then each new record from /api/stream as it lands; pause and filter.
import { api, articleItem, el, entityKey, esc, fmtNum, formValues, hostOf, hrefArticle, pager, setRouteParams, summarize } from "../util.js";

const KEEP = 300; // items kept on screen; older ones drop off the end (they stay reachable via search)

function matches(r, f) {
  if (f.source) {
    const s = f.source.toLowerCase();
    if (![r.site_name, hostOf(r.url), r.source].some((x) => x && String(x).toLowerCase() === s)) return false;
  }
  if (f.language && r.language !== f.language) return false;
  if (f.entity && !(r.entities || []).some((e) => (e.key || entityKey(e)) === f.entity)) return false;
  if (f.q) {
    const words = f.q.toLowerCase().split(/\s+/).filter(Boolean), hay = `${r.title || ""} ${r.text || ""}`.toLowerCase();
    if (!words.every((w) => hay.includes(w))) return false;
  }
  return true;
}

export async function render(main, _arg, params) {
  const f = { source: params.source || "", language: params.language || "", entity: params.entity || "", q: params.q || "" };
  main.append(el(`<section>
    <h1>Live feed</h1>
    <form class="filters" role="search" aria-label="Filter the feed">
      <label>Words <input name="q" value="${esc(f.q)}" size="14"></label>
      <label>Source <input name="source" value="${esc(f.source)}" size="14" placeholder="site or host"></label>
      <label>Language <input name="language" value="${esc(f.language)}" size="4" placeholder="en"></label>
      <label>Entity key <input name="entity" value="${esc(f.entity)}" size="18" placeholder="PERSON:name"></label>
      <button type="submit">Filter</button>
    </form>
    <p><button type="button" id="pause" aria-pressed="false">Pause</button>
      <span id="live" class="muted" role="status" aria-live="polite">connecting…</span></p>
    <ul id="fired" class="legend" aria-live="polite" aria-label="Alerts that fired"></ul>
    <ul class="items" id="feed"></ul>
  </section>`));
  const form = main.querySelector("form"), list = main.querySelector("#feed");
  const live = main.querySelector("#live"), pause = main.querySelector("#pause");
  form.addEventListener("submit", (ev) => { ev.preventDefault(); setRouteParams("#/feed", formValues(form)); });

  const first = await api("articles", { ...f, limit: 30 });
  // With a filter set, "no articles yet" told a reader of a full store that it was empty.
  const filtered = Object.values(f).some(Boolean);
  list.innerHTML = first.items.map((a) => articleItem(a)).join("") || (filtered
    ? `<li class="empty">No article matches these filters: matching ones appear here as they land.</li>`
    : `<li class="empty">No articles yet: they appear here as they land.</li>`);
  pager(main.querySelector("section"), first, (cursor) => api("articles", { ...f, limit: 30, cursor }),
    (items) => list.insertAdjacentHTML("beforeend", items.map((a) => articleItem(a)).join("")));

  let paused = false, queued = [], arrived = 0;
  const status = (text) => { live.textContent = text; };
  const add = (records) => {
    list.querySelector("li.empty")?.remove();
    for (const r of records) {
      list.querySelector(`li[data-id="${CSS.escape(r.id)}"]`)?.remove();
      const li = el(articleItem(summarize(r)));
      li.classList.add("fresh");
      list.prepend(li);
    }
    while (list.children.length > KEEP) list.lastElementChild.remove();
  };
  pause.addEventListener("click", () => {
    paused = !paused;
    pause.setAttribute("aria-pressed", String(paused));
    pause.textContent = paused ? "Resume" : "Pause";
    if (!paused && queued.length) { add(queued); queued = []; }
    status(paused ? "paused" : `live · ${fmtNum(arrived)} new`);
  });

  const es = new EventSource("api/stream");
  es.addEventListener("open", () => status(paused ? "paused" : `live · ${fmtNum(arrived)} new`));
  es.addEventListener("error", () => status("reconnecting…"));
  es.addEventListener("article", (ev) => {
    let r;
    try { r = JSON.parse(ev.data); } catch { return; }
    if (!matches(r, f)) return;
    arrived += 1;
    if (paused) { queued.push(r); status(`paused · ${fmtNum(queued.length)} waiting`); return; }
    add([r]);
    status(`live · ${fmtNum(arrived)} new`);
  });
  es.addEventListener("gap", async () => {
    // Reconnected after more than the server keeps for replay: fetch the newest again instead.
    let fresh;
    try { fresh = await api("articles", { ...f, limit: 30 }); } catch { return; }
    list.querySelector("li.empty")?.remove();
    for (const a of fresh.items.slice().reverse()) {
      if (!list.querySelector(`li[data-id="${CSS.escape(a.id)}"]`)) list.prepend(el(articleItem(a)));
    }
    while (list.children.length > KEEP) list.lastElementChild.remove();
  });
  const fired = main.querySelector("#fired");
  es.addEventListener("alert", (ev) => {
    let d;
    try { d = JSON.parse(ev.data); } catch { return; }
    fired.prepend(el(`<li class="badge">alert <a href="#/alerts/${encodeURIComponent(d.alert)}">${esc(d.alert)}</a> matched
      <a href="${hrefArticle(d.article)}">an article</a></li>`));
    while (fired.children.length > 5) fired.lastElementChild.remove();
  });
  return () => es.close();
}

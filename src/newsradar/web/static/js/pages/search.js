// Search: full text over articles and quotes with filters; a search can be saved as an alert.
import { api, ApiError, articleItem, el, errorBox, esc, formValues, pager, setRouteParams } from "../util.js";
import { askToken } from "./token.js";

const KINDS = { all: "articles and quotes", articles: "articles", quotes: "quotes" };

function highlight(text, q) {
  // matched on the text itself, each piece escaped: matching the escaped text marked "lt" inside "&lt;"
  const raw = text || "";
  const words = (q || "").toLowerCase().split(/\W+/).filter((w) => w.length > 1);
  if (!words.length) return esc(raw);
  const re = new RegExp(`\\b(${words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})`, "gi");
  let out = "", last = 0;
  for (const m of raw.matchAll(re)) {
    out += `${esc(raw.slice(last, m.index))}<mark>${esc(m[0])}</mark>`;
    last = m.index + m[0].length;
  }
  return out + esc(raw.slice(last));
}

function hit(h, q) {
  const a = h.article || {};
  const body = h.kind === "quote" && h.quote
    ? `<blockquote dir="auto">${highlight(h.quote.text, q)}</blockquote><div class="meta">${esc(h.quote.speaker || "unattributed")} ${esc(h.quote.cue || "")}</div>`
    : `<p class="snippet" dir="auto">${highlight(h.snippet, q)}</p>`;
  return articleItem(a, ` <span class="badge">${esc(h.kind)}</span>`).replace(/<\/li>\s*$/, body + "</li>");
}

export async function render(main, _arg, params) {
  const f = { q: params.q || "", kind: params.kind in KINDS ? params.kind : "all", since: params.since || "",
    source: params.source || "", language: params.language || "" };
  main.append(el(`<section>
    <h1>Search</h1>
    <form class="filters" role="search" aria-label="Search articles and quotes">
      <label>Words <input name="q" type="search" value="${esc(f.q)}" required size="24"></label>
      <label>In <select name="kind">${Object.entries(KINDS).map(([k, l]) => `<option value="${k}"${k === f.kind ? " selected" : ""}>${l}</option>`).join("")}</select></label>
      <label>Since <select name="since">${["", "1h", "24h", "7d", "30d"].map((s) => `<option value="${s}"${s === f.since ? " selected" : ""}>${s || "all time"}</option>`).join("")}</select></label>
      <label>Source <input name="source" value="${esc(f.source)}" size="12"></label>
      <label>Language <input name="language" value="${esc(f.language)}" size="4"></label>
      <button type="submit" class="primary">Search</button>
    </form>
    <div id="results"></div>
  </section>`));
  const form = main.querySelector("form"), results = main.querySelector("#results");
  form.addEventListener("submit", (ev) => { ev.preventDefault(); setRouteParams("#/search", formValues(form)); });
  if (!f.q) { results.append(el(`<p class="muted">Type words to search the text of every article and every quote.</p>`)); return; }
  const list = await api("search", { ...f, limit: 25 });
  const save = el(`<form class="filters card" id="save-alert" aria-label="Save this search as an alert">
    <label>Alert name <input name="name" value="${esc(f.q)}" required></label>
    <button type="submit">Save as alert</button><span class="muted" role="status" aria-live="polite"></span></form>`);
  const say = save.querySelector("span");
  const submit = async () => {
    const body = { name: new FormData(save).get("name"), q: f.q, source: f.source || null, language: f.language || null };
    try {
      const alert = await api("alerts", null, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
      say.innerHTML = `Saved: <a href="#/alerts/${encodeURIComponent(alert.id)}">${esc(alert.name)}</a> fires on new matches.`;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) askToken(save.parentElement, submit);
      else say.innerHTML = errorBox(err);
    }
  };
  save.addEventListener("submit", (ev) => { ev.preventDefault(); submit(); });
  results.append(save);
  results.append(el(`<p class="muted" id="hits-total">${list.total} match${list.total === 1 ? "" : "es"} for “${esc(f.q)}”</p>`));
  const ul = el(`<ul class="items" id="hits">${list.items.map((h) => hit(h, f.q)).join("") || `<li class="empty">Nothing matches.</li>`}</ul>`);
  results.append(ul);
  pager(results, list, (cursor) => api("search", { ...f, limit: 25, cursor }),
    (items) => ul.insertAdjacentHTML("beforeend", items.map((h) => hit(h, f.q)).join("")));
}

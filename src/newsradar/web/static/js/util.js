// Shared helpers: the API client, HTML escaping, formatting and the small pieces every page draws.

const TOKEN_KEY = "newsradar.token";

export class ApiError extends Error {
  constructor(status, reason) { super(reason); this.status = status; this.reason = reason; }
}

// No answer at all (the server stopped or restarts, the network is down): status 0. The browser's own
// words for it ("Failed to fetch") said nothing a reader could act on.
export const UNREACHABLE = "The newsradar server does not answer: is newsradar serve still running? " +
  "This page reloads by itself once it answers again.";
export function isUnreachable(err) { return err instanceof ApiError && err.status === 0; }

// Every page's requests share one AbortController, so leaving a page cancels what it still waits for.
let controller = new AbortController();
export function newPageSignal() { controller.abort(); controller = new AbortController(); return controller.signal; }

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== undefined && v !== null && v !== "") q.set(k, v);
  const s = q.toString();
  return s ? "?" + s : "";
}

export async function api(path, params, opts = {}) {
  const headers = Object.assign({ Accept: "application/json" }, opts.headers || {});
  const token = localStorage.getItem(TOKEN_KEY);
  if (token && opts.method && opts.method !== "GET") headers.Authorization = "Bearer " + token;
  let res;
  try {
    res = await fetch("api/" + path + query(params), { signal: opts.signal || controller.signal, ...opts, headers });
  } catch (err) {
    if (err && err.name === "AbortError") throw err;
    throw new ApiError(0, UNREACHABLE);
  }
  if (res.status === 204) return null;
  let body = null;
  try { body = await res.json(); } catch { body = null; }
  if (!res.ok) throw new ApiError(res.status, (body && body.error) || res.statusText || "request failed");
  return body;
}

export function setToken(token) { token ? localStorage.setItem(TOKEN_KEY, token) : localStorage.removeItem(TOKEN_KEY); }
export function hasToken() { return !!localStorage.getItem(TOKEN_KEY); }

const ESC = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export function esc(v) { return v === null || v === undefined ? "" : String(v).replace(/[&<>"']/g, (c) => ESC[c]); }

// Parse a fragment and return its first element (or a DocumentFragment when it has several).
export function el(html) {
  const t = document.createElement("template");
  t.innerHTML = html.trim();
  return t.content.childElementCount === 1 ? t.content.firstElementChild : t.content;
}

export function hrefEntity(key) { return "#/entity/" + encodeURIComponent(key); }
export function hrefArticle(id) { return "#/article/" + encodeURIComponent(id); }
export function hrefStory(id) { return "#/story/" + encodeURIComponent(id); }

// Letters that are no base letter plus a mark, transliterated as keys fold them (newsradar/textfold.py).
const TRANSLITERATION = { "ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d", "ł": "l", "þ": "th", "ı": "i",
  "ħ": "h", "ŧ": "t", "ß": "ss" };

// The store-wide entity key ("TYPE:folded name": accents dropped, case folded, ø/ł/æ… transliterated,
// spaces collapsed), for records that arrive without one; records from the API carry their entities' `key`.
export function entityKey(e) {
  return e.key || e.type + ":" + e.name.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase()
    .replace(/[øæœđðłþıħŧß]/gu, (c) => TRANSLITERATION[c]).split(/\s+/).filter(Boolean).join(" ");
}

// The ArticleSummary of a full record (the stream sends records; lists send summaries).
export function summarize(r) {
  const ents = [...(r.entities || [])].sort((a, b) => (b.salience || 0) - (a.salience || 0)).slice(0, 5)
    .map((e) => ({ key: e.key || entityKey(e), name: e.name, type: e.type }));
  return { id: r.id, url: r.url, title: r.title, site_name: r.site_name, source: r.source, language: r.language,
    published: r.published, fetched_at: r.fetched_at, tone: r.tone, story_id: r.story_id,
    duplicate_of: r.duplicate_of, entities: ents };
}

export function parseTime(s) {
  if (!s) return null;
  // Naive timestamps in records are UTC.
  const d = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(s) || s.length <= 10 ? s : s + "Z");
  return isNaN(d) ? null : d;
}

export function fmtTime(s) {
  const d = parseTime(s);
  if (!d) return "";
  const secs = (Date.now() - d.getTime()) / 1000;
  let rel;
  if (secs < 60 && secs > -60) rel = "just now";
  else if (secs < 3600 && secs > 0) rel = Math.round(secs / 60) + " min ago";
  else if (secs < 86400 && secs > 0) rel = Math.round(secs / 3600) + " h ago";
  else rel = d.toISOString().slice(0, 16).replace("T", " ");
  return `<time datetime="${esc(d.toISOString())}" title="${esc(d.toISOString().replace("T", " ").slice(0, 19))} UTC">${esc(rel)}</time>`;
}

export function fmtNum(n, digits = 0) {
  if (n === null || n === undefined || Number.isNaN(n)) return "–";
  return Number(n).toLocaleString("en", { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function toneBadge(tone) {
  if (!tone || tone.score === null || tone.score === undefined) return "";
  const s = tone.score, cls = s <= -1 ? "neg" : s >= 1 ? "pos" : "neu";
  return `<span class="tone ${cls}" title="tone score (negative to positive)">tone ${s > 0 ? "+" : ""}${fmtNum(s, 1)}</span>`;
}

export function entityChip(e) {
  return `<a class="chip t-${esc(e.type)}" href="${hrefEntity(e.key)}" title="${esc(e.type)}">${esc(e.name)}</a>`;
}

// One article in a list: title, source, time, tone and its top entities.
export function articleItem(a, extra = "") {
  const when = a.published && a.published.value ? a.published.value : a.fetched_at;
  return `<li data-id="${esc(a.id)}">
    <a class="title" dir="auto" href="${hrefArticle(a.id)}">${esc(a.title || a.url || a.id)}</a>
    <div class="meta">${joined([esc(siteOf(a)), fmtTime(when)])} ${toneBadge(a.tone)}
      ${a.duplicate_of ? `<span class="badge">duplicate</span>` : ""}${extra}</div>
    ${a.entities && a.entities.length ? `<div class="chips">${a.entities.map(entityChip).join("")}</div>` : ""}
  </li>`;
}

export function hostOf(url) { try { return url ? new URL(url).host : ""; } catch { return ""; } }

// Who published an article: its site's name, else its address's host, else its source ("" when none).
export function siteOf(a) { return (a && (a.site_name || hostOf(a.url) || a.source)) || ""; }

// Parts of a line of details, those that are empty left out with their separator ("· ·" otherwise).
export function joined(parts, sep = " · ") { return parts.filter((p) => p).join(sep); }

export function errorBox(err) {
  const reason = err instanceof ApiError ? (err.status ? `${err.reason} (HTTP ${err.status})` : err.reason)
    : String(err && err.message || err);
  return `<p class="error" role="alert">${esc(reason)}</p>`;
}

// CAMEO root codes and their names (the 20 top-level event classes).
export const CAMEO_ROOTS = {
  "01": "Make public statement", "02": "Appeal", "03": "Express intent to cooperate", "04": "Consult",
  "05": "Engage in diplomatic cooperation", "06": "Engage in material cooperation", "07": "Provide aid",
  "08": "Yield", "09": "Investigate", "10": "Demand", "11": "Disapprove", "12": "Reject", "13": "Threaten",
  "14": "Protest", "15": "Exhibit force posture", "16": "Reduce relations", "17": "Coerce", "18": "Assault",
  "19": "Fight", "20": "Use unconventional mass violence",
};
export function cameoLabel(code) {
  const root = String(code || "").slice(0, 2);
  return CAMEO_ROOTS[root] ? `${CAMEO_ROOTS[root]} (${esc(code)})` : esc(code || "?");
}

// A "Load more" button that fetches the next page of a list through its cursor.
export function pager(container, list, fetchPage, render) {
  let next = list.next;
  const wrap = el(`<div class="pager"><button type="button">Load more</button> <span class="muted"></span></div>`);
  const btn = wrap.querySelector("button"), info = wrap.querySelector("span");
  let shown = list.items.length;
  const update = () => { info.textContent = `${fmtNum(shown)} of ${fmtNum(list.total)}`; btn.hidden = !next; };
  btn.addEventListener("click", async () => {
    btn.disabled = true;
    try {
      const more = await fetchPage(next);
      next = more.next; shown += more.items.length;
      render(more.items);
    } catch (err) { wrap.append(el(errorBox(err))); }
    btn.disabled = false; update();
  });
  update();
  container.append(wrap);
}

// The route's query string (after "?" in the hash) as an object, and a way to replace it.
export function routeParams() {
  const h = location.hash, i = h.indexOf("?");
  return Object.fromEntries(new URLSearchParams(i >= 0 ? h.slice(i + 1) : ""));
}
export function setRouteParams(path, params) { location.hash = path + query(params); }

// A filter form's non-empty values.
export function formValues(form) {
  const out = {};
  for (const [k, v] of new FormData(form)) if (v !== "") out[k] = out[k] ? out[k] + "," + v : v;
  return out;
}

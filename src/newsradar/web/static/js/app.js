// The dashboard shell: a hash router that draws one page at a time into <main> and marks it ready.
import { api, el, errorBox, fmtNum, isUnreachable, newPageSignal } from "./util.js";
import * as feed from "./pages/feed.js";
import * as trends from "./pages/trends.js";
import * as entity from "./pages/entity.js";
import * as entities from "./pages/entities.js";
import * as stories from "./pages/stories.js";
import * as story from "./pages/story.js";
import * as network from "./pages/network.js";
import * as search from "./pages/search.js";
import * as alerts from "./pages/alerts.js";
import * as article from "./pages/article.js";

const PAGES = { feed, trends, entity, entities, stories, story, network, search, alerts, article };
const NAV = { story: "stories", entity: "entities", article: null };
const main = document.getElementById("main");
const statusLine = document.getElementById("status");
const RETRY_MS = 3000;
let cleanup = null, seq = 0, first = true;

function showCount(h) { statusLine.textContent = `${fmtNum(h.articles)} articles`; }

// A page drawn while the server did not answer (stopped, restarting) stayed an error for good, and the
// live feed never opened its stream: ask for the server's health until it answers, then draw the page
// again, unless the reader has gone to another page meanwhile.
function retryWhenBack(my) {
  statusLine.textContent = "API unreachable";
  setTimeout(async () => {
    if (my !== seq) return;
    try { showCount(await api("health", null, { signal: undefined })); } catch { retryWhenBack(my); return; }
    if (my === seq) show();
  }, RETRY_MS);
}

// A hand-edited or truncated link may hold a malformed %-escape: it is kept as written, not thrown.
function decoded(s) {
  try { return decodeURIComponent(s); } catch { return s; }
}

function parseRoute() {
  // each part decoded once: the parameters by URLSearchParams, the page and its argument here
  const h = location.hash.replace(/^#\/?/, ""), q = h.indexOf("?");
  const path = q >= 0 ? h.slice(0, q) : h, params = Object.fromEntries(new URLSearchParams(q >= 0 ? h.slice(q + 1) : ""));
  const slash = path.indexOf("/");
  const name = decoded(slash >= 0 ? path.slice(0, slash) : path) || "feed";
  const arg = slash >= 0 ? decoded(path.slice(slash + 1)) : null;
  return { name, arg, params };
}

async function show() {
  const my = ++seq, { name, arg, params } = parseRoute(), page = PAGES[name];
  if (cleanup) { try { cleanup(); } catch { /* a page's cleanup never blocks the next page */ } cleanup = null; }
  delete document.body.dataset.ready;
  const signal = newPageSignal();
  const navName = name in NAV ? NAV[name] : name;
  for (const a of document.querySelectorAll("[data-nav]")) {
    if (a.dataset.nav === navName) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
  }
  main.replaceChildren();
  try {
    if (!page) throw new Error(`There is no page "${name}".`);
    const done = await page.render(main, arg, params, signal);
    if (my !== seq) { if (typeof done === "function") done(); return; }
    cleanup = typeof done === "function" ? done : null;
  } catch (err) {
    if (err && err.name === "AbortError") return;
    if (my !== seq) return;
    main.append(el(errorBox(err)));
    if (isUnreachable(err)) retryWhenBack(my);
  }
  document.title = `${(main.querySelector("h1") || {}).textContent || name} · newsradar`;
  document.body.dataset.ready = name;
  window.newsradarReady = (window.newsradarReady || 0) + 1; // lets tests wait for the next page, not this one
  performance.mark("newsradar:ready", { detail: name });
  if (!first) main.focus({ preventScroll: true });
  first = false;
}

window.addEventListener("hashchange", show);
// The article count waits for the first page, so it never competes with the page's own queries.
show().then(() => api("health", null, { signal: undefined })).then(showCount,
  () => { statusLine.textContent = "API unreachable"; });
// The count follows what lands (pushes, a watching server) while the tab is shown: one small query a
// minute, none in a hidden tab.
const COUNT_MS = 60000;
setInterval(() => {
  if (document.hidden || statusLine.textContent === "API unreachable") return;
  api("health", null, { signal: undefined }).then(showCount, () => {});
}, COUNT_MS);

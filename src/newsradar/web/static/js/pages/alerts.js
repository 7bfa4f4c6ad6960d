// Alerts: saved searches, how often they fired, their matches; delete one.
import { api, ApiError, articleItem, el, errorBox, esc, fmtNum, fmtTime, pager } from "../util.js";
import { askToken } from "./token.js";

function describe(q) {
  return Object.entries(q || {}).filter(([, v]) => v).map(([k, v]) => `${esc(k)}: <code>${esc(v)}</code>`).join(", ");
}

async function matches(main, id) {
  const list = await api(`alerts/${encodeURIComponent(id)}/matches`, { limit: 30 });
  const sec = el(`<section><h1>Alert matches</h1><p><a href="#/alerts">All alerts</a></p>
    <ul class="items" id="matches">${list.items.map((a) => articleItem(a)).join("") || `<li class="empty">No matches yet.</li>`}</ul></section>`);
  main.append(sec);
  const ul = sec.querySelector("ul");
  pager(sec, list, (cursor) => api(`alerts/${encodeURIComponent(id)}/matches`, { limit: 30, cursor }),
    (items) => ul.insertAdjacentHTML("beforeend", items.map((a) => articleItem(a)).join("")));
}

export async function render(main, id) {
  if (id) return matches(main, id);
  const list = await api("alerts", { limit: 200 });
  const sec = el(`<section><h1>Alerts</h1>
    <p class="muted">An alert is a saved search: it fires on each new article that matches (live on the feed's stream).
      Save one from the <a href="#/search">search page</a>.</p>
    ${list.items.length ? `<div class="scroll"><table class="stack" id="alerts"><thead><tr><th>Name</th><th>Query</th><th class="num">Matches</th><th>Last fired</th><th>Created</th><th><span class="muted">Action</span></th></tr></thead><tbody>
      ${list.items.map((a) => `<tr data-id="${esc(a.id)}"><td data-label="Name"><a href="#/alerts/${encodeURIComponent(a.id)}">${esc(a.name)}</a></td>
        <td data-label="Query">${describe(a.query)}</td><td class="num" data-label="Matches">${fmtNum(a.matches)}</td>
        <td data-label="Last fired">${a.last_fired ? fmtTime(a.last_fired) : "never"}</td><td data-label="Created">${fmtTime(a.created)}</td>
        <td><button type="button" data-delete="${esc(a.id)}" aria-label="Delete alert ${esc(a.name)}">Delete</button></td></tr>`).join("")}
      </tbody></table></div>` : `<p class="empty">No alerts yet.</p>`}</section>`);
  main.append(sec);
  sec.addEventListener("click", async (ev) => {
    const btn = ev.target.closest("button[data-delete]");
    if (!btn) return;
    const remove = async () => {
      try {
        await api(`alerts/${encodeURIComponent(btn.dataset.delete)}`, null, { method: "DELETE" });
        btn.closest("tr").remove();
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) askToken(sec, remove);
        else sec.append(el(errorBox(err)));
      }
    };
    remove();
  });
  return undefined;
}

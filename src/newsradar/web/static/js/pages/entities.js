// Entities: every entity in the store, most articles first, searchable by name and type.
import { api, el, entityChip, esc, fmtNum, fmtTime, formValues, pager, setRouteParams } from "../util.js";

const TYPES = ["", "PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"];

function row(e) {
  return `<tr><td data-label="Entity">${entityChip(e)}</td><td data-label="Type">${esc(e.type)}</td>
    <td data-label="Country">${esc(e.country || "")}</td><td class="num" data-label="Articles">${fmtNum(e.articles)}</td>
    <td class="num" data-label="Mentions">${fmtNum(e.mentions)}</td><td data-label="Last seen">${fmtTime(e.last_seen)}</td></tr>`;
}

export async function render(main, _arg, params) {
  const f = { q: params.q || "", type: params.type || "", since: params.since || "" };
  const list = await api("entities", { ...f, limit: 50 });
  main.append(el(`<section>
    <h1>Entities</h1>
    <form class="filters" role="search" aria-label="Find entities">
      <label>Name <input name="q" value="${esc(f.q)}"></label>
      <label>Type <select name="type">${TYPES.map((t) => `<option value="${t}"${t === f.type ? " selected" : ""}>${t || "any"}</option>`).join("")}</select></label>
      <label>Since <select name="since">${["", "1h", "24h", "7d", "30d"].map((s) => `<option value="${s}"${s === f.since ? " selected" : ""}>${s || "all time"}</option>`).join("")}</select></label>
      <button type="submit">Find</button>
    </form>
    ${list.items.length ? `<div class="scroll"><table class="stack" id="entity-table"><thead><tr><th>Entity</th><th>Type</th><th>Country</th>
      <th class="num">Articles</th><th class="num">Mentions</th><th>Last seen</th></tr></thead><tbody>${list.items.map(row).join("")}</tbody></table></div>`
      : `<p class="empty">No entity matches.</p>`}
  </section>`));
  const form = main.querySelector("form");
  form.addEventListener("submit", (ev) => { ev.preventDefault(); setRouteParams("#/entities", formValues(form)); });
  const tbody = main.querySelector("tbody");
  if (tbody) pager(main.querySelector("section"), list, (cursor) => api("entities", { ...f, limit: 50, cursor }),
    (items) => tbody.insertAdjacentHTML("beforeend", items.map(row).join("")));
}

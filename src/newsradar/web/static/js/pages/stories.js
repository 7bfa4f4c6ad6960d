// Stories: clusters of articles telling one story, latest activity first.
import { api, el, esc, fmtNum, fmtTime, formValues, hrefArticle, hrefStory, pager, setRouteParams } from "../util.js";

function item(s) {
  const f = s.first_report;
  return `<li><a class="title" dir="auto" href="${hrefStory(s.id)}">${esc(s.title || (f && f.title) || s.id)}</a>
    <div class="meta">${fmtNum(s.articles)} articles · ${fmtNum(s.sources)} independent sources · ${fmtNum(s.duplicates)} duplicates ·
      last ${fmtTime(s.last_seen)}${f ? ` · first report: <a href="${hrefArticle(f.id)}">${esc(f.site_name || f.title || f.id)}</a>, ${fmtTime(s.first_seen)}` : ""}</div></li>`;
}

export async function render(main, _arg, params) {
  const f = { q: params.q || "", since: params.since || "" };
  const list = await api("stories", { ...f, limit: 30 });
  main.append(el(`<section>
    <h1>Stories</h1>
    <form class="filters" role="search" aria-label="Filter stories">
      <label>Words <input name="q" value="${esc(f.q)}"></label>
      <label>Active since <select name="since">${["", "1h", "24h", "7d", "30d"].map((s) => `<option value="${s}"${s === f.since ? " selected" : ""}>${s || "any time"}</option>`).join("")}</select></label>
      <button type="submit">Filter</button>
    </form>
    <ul class="items" id="stories">${list.items.map(item).join("") || `<li class="empty">No stories.</li>`}</ul>
  </section>`));
  const form = main.querySelector("form"), ul = main.querySelector("#stories");
  form.addEventListener("submit", (ev) => { ev.preventDefault(); setRouteParams("#/stories", formValues(form)); });
  pager(main.querySelector("section"), list, (cursor) => api("stories", { ...f, limit: 30, cursor }),
    (items) => ul.insertAdjacentHTML("beforeend", items.map(item).join("")));
}

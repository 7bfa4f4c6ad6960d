// Story: the articles telling one story in arrival order, the first report, how many independent
// sources, and duplicates collapsed under the article they copy.
import { api, articleItem, el, esc, fmtNum, fmtTime, hrefArticle, joined, siteOf } from "../util.js";

export async function render(main, id) {
  const data = await api("stories/" + encodeURIComponent(id));
  const s = data.story, arts = data.articles || [], f = s.first_report;
  const ids = new Set(arts.map((a) => a.id)), byId = new Map(arts.map((a) => [a.id, a]));
  // Follow duplicate_of to the original inside this story; an original outside it keeps the copy on top.
  const root = (a) => { const seen = new Set(); while (a.duplicate_of && ids.has(a.duplicate_of) && !seen.has(a.id)) { seen.add(a.id); a = byId.get(a.duplicate_of); } return a; };
  const dups = new Map();
  for (const a of arts) { const r = root(a); if (r !== a) { if (!dups.has(r.id)) dups.set(r.id, []); dups.get(r.id).push(a); } }
  const originals = arts.filter((a) => root(a) === a);
  const items = originals.map((a) => {
    const d = dups.get(a.id) || [];
    const extra = a.id === (f && f.id) ? ` <span class="badge">first report</span>` : "";
    const li = articleItem(a, extra);
    if (!d.length) return li;
    return li.replace(/<\/li>\s*$/, `<details class="dup"><summary>${fmtNum(d.length)} duplicate${d.length > 1 ? "s" : ""}</summary><ul class="items">${d.map((x) => articleItem(x)).join("")}</ul></details></li>`);
  });
  main.append(el(`<section>
    <h1 dir="auto">${esc(s.title || (f && f.title) || s.id)}</h1>
    <dl class="kv" id="story-facts">
      <dt>Articles</dt><dd>${fmtNum(s.articles)}</dd>
      <dt>Independent sources</dt><dd>${fmtNum(s.sources)}</dd>
      <dt>Duplicates</dt><dd>${fmtNum(s.duplicates)}</dd>
      <dt>First report</dt><dd>${f ? `<a href="${hrefArticle(f.id)}">${esc(f.title || f.id)}</a> (${joined([esc(siteOf(f)), fmtTime(s.first_seen)], ", ")})` : "–"}</dd>
      <dt>Latest</dt><dd>${fmtTime(s.last_seen)}</dd>
    </dl>
    <h2>Articles in arrival order <span class="muted">(duplicates folded under the article they copy)</span></h2>
    <ul class="items" id="story-articles">${items.join("") || `<li class="empty">No articles.</li>`}</ul>
  </section>`));
}

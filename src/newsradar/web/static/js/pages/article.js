// Article: the record laid out, its clean text with entities, quotes and claims marked, and the
// metadata with the source and confidence of each field.
import { api, cameoLabel, el, entityKey, esc, fmtNum, fmtTime, hrefArticle, hrefEntity, hrefStory, joined, siteOf, toneBadge } from "../util.js";

// Split the text at every annotation boundary and wrap each piece in the marks that cover it.
export function markedText(r) {
  const text = r.text || "", n = text.length, anns = [];
  const add = (span, kind, data) => {
    if (!span || span.length !== 2) return;
    const s = Math.max(0, span[0] | 0), e = Math.min(n, span[1] | 0);
    if (e > s) anns.push({ s, e, kind, data });
  };
  (r.quotes || []).forEach((q, i) => add(q.span, "quote", i));
  (r.claims || []).forEach((c, i) => add(c.span, "claim", i));
  (r.entities || []).forEach((ent) => (ent.mentions || []).forEach((m) => add(m, "ent", ent)));
  const cuts = [...new Set([0, n, ...anns.flatMap((a) => [a.s, a.e])])].sort((a, b) => a - b);
  let out = "";
  for (let i = 0; i + 1 < cuts.length; i++) {
    const s = cuts[i], e = cuts[i + 1], cover = anns.filter((a) => a.s <= s && a.e >= e);
    let piece = esc(text.slice(s, e));
    const ent = cover.find((a) => a.kind === "ent"), claim = cover.find((a) => a.kind === "claim"), quote = cover.find((a) => a.kind === "quote");
    if (ent) {
      const d = ent.data;
      piece = `<a class="m-ent t-${esc(d.type)}" href="${hrefEntity(d.key || entityKey(d))}" data-entity="${esc(d.id)}" title="${esc(d.name)} (${esc(d.type)})">${piece}</a>`;
    }
    if (claim) piece = `<span class="m-claim" data-claim="${claim.data}" title="claim: ${esc(r.claims[claim.data].text)}">${piece}</span>`;
    if (quote) piece = `<span class="m-quote" data-quote="${quote.data}" title="quote by ${esc(r.quotes[quote.data].speaker || "unknown")}">${piece}</span>`;
    out += piece;
  }
  return out;
}

function conf(c) {
  if (c === null || c === undefined) return "–";
  const pct = Math.round(Math.max(0, Math.min(1, c)) * 100);
  return `<span class="conf" role="img" aria-label="confidence ${pct}%"><span style="width:${pct}%"></span></span> ${fmtNum(c, 2)}`;
}

const META = [["title", "Title"], ["site_name", "Site"], ["authors", "Authors"], ["published", "Published"], ["updated", "Updated"],
  ["language", "Language"], ["section", "Section"], ["tags", "Tags"], ["url", "URL"], ["source", "Input"], ["fetched_at", "Fetched"]];

function metaRows(r) {
  // Dates carry {value, source, confidence}; other fields carry a source only where the record has one.
  const prov = r.provenance || r.metadata_sources || {};
  return META.map(([k, label]) => {
    const v = r[k];
    let value, source = "–", c = null;
    if (v && typeof v === "object" && !Array.isArray(v) && "value" in v) { value = esc(v.value); source = esc(v.source); c = v.confidence; }
    else if (Array.isArray(v)) value = v.length ? v.map(esc).join(", ") : "";
    // only a web address becomes a link: a record's url is whatever its source said ("javascript:…")
    else value = k === "url" && /^https?:\/\//i.test(String(v)) ? `<a href="${esc(v)}" rel="noopener noreferrer">${esc(v)}</a>` : esc(v);
    if (prov[k]) { source = esc(prov[k].source || prov[k]); c = prov[k].confidence ?? c; }
    return `<tr><th scope="row">${label}</th><td data-label="Value">${value || `<span class="empty">unknown</span>`}</td>
      <td data-label="Source">${source}</td><td data-label="Confidence">${v === null || v === undefined || v === "" ? "–" : conf(c)}</td></tr>`;
  }).join("");
}

export async function render(main, id) {
  const r = await api("articles/" + encodeURIComponent(id));
  const ents = [...(r.entities || [])].sort((a, b) => (b.salience || 0) - (a.salience || 0));
  const name = (eid) => (r.entities || []).find((e) => e.id === eid)?.name;
  main.append(el(`<article>
    <h1 dir="auto"${r.language ? ` lang="${esc(r.language)}"` : ""}>${esc(r.title || "(untitled)")}</h1>
    <p class="meta">${joined([esc(siteOf(r)), fmtTime(r.published ? r.published.value : r.fetched_at)])} ${toneBadge(r.tone)}
      ${r.story_id ? ` · <a href="${hrefStory(r.story_id)}">story</a>` : ""}
      ${r.duplicate_of ? ` · duplicate of <a href="${hrefArticle(r.duplicate_of)}">an earlier article</a>` : ""}
      · <a href="api/articles/${encodeURIComponent(r.id)}">record JSON</a></p>
    <div class="cols">
      <div>
        <fieldset class="legend" aria-label="Marks in the text"><legend class="muted">Show in the text</legend>
          <label><input type="checkbox" data-mark="ent" checked> <span class="t-PERSON">entities</span> (${fmtNum(ents.length)})</label>
          <label><input type="checkbox" data-mark="quote" checked> <span class="m-quote">quotes</span> (${fmtNum((r.quotes || []).length)})</label>
          <label><input type="checkbox" data-mark="claim" checked> <span class="m-claim">claims</span> (${fmtNum((r.claims || []).length)})</label>
        </fieldset>
        <div class="article-text" id="text" dir="auto"${r.language ? ` lang="${esc(r.language)}"` : ""}>${markedText(r) || `<span class="empty">No text.</span>`}</div>
      </div>
      <aside>
        <h2>Metadata</h2>
        <div class="scroll"><table class="stack" id="metadata"><thead><tr><th>Field</th><th>Value</th><th>Found in</th><th>Confidence</th></tr></thead>
          <tbody>${metaRows(r)}</tbody></table></div>
        ${r.tone ? `<h2>Tone</h2><p>score ${fmtNum(r.tone.score, 2)} · positive ${fmtNum(r.tone.positive, 2)} · negative ${fmtNum(r.tone.negative, 2)}</p>` : ""}
        <h2>Entities</h2>
        ${ents.length ? `<ul class="items" id="entities">${ents.map((e) => `<li><a class="t-${esc(e.type)}" href="${hrefEntity(e.key || entityKey(e))}">${esc(e.name)}</a>
          <span class="badge">${esc(e.type)}</span>${e.country ? ` <span class="badge">${esc(e.country)}</span>` : ""}
          <div class="meta">${e.role ? esc(e.role) + " · " : ""}${fmtNum((e.mentions || []).length)} mentions · salience ${fmtNum(e.salience, 2)}
          ${e.aliases && e.aliases.length ? " · also " + e.aliases.map(esc).join(", ") : ""}</div></li>`).join("")}</ul>` : `<p class="empty">None found.</p>`}
      </aside>
    </div>
    <div class="grid">
      <section class="card"><h2>Quotes</h2>${(r.quotes || []).length ? `<ol id="quotes">${r.quotes.map((q, i) => `<li><button type="button" class="linkish" data-goto="quote" data-i="${i}" aria-label="Show quote ${i + 1} in the text">↧</button>
        <strong>${esc(q.speaker || "unattributed")}</strong> ${esc(q.cue || "")} <span class="badge">${esc(q.kind)}</span><blockquote dir="auto">${esc(q.text)}</blockquote></li>`).join("")}</ol>` : `<p class="empty">None found.</p>`}</section>
      <section class="card"><h2>Claims</h2>${(r.claims || []).length ? `<ol id="claims">${r.claims.map((c, i) => `<li><button type="button" data-goto="claim" data-i="${i}" aria-label="Show claim ${i + 1} in the text">↧</button>
        <strong>${esc(c.text)}</strong><div class="meta">value ${fmtNum(c.value, 2)}${c.upper !== null && c.upper !== undefined ? "–" + fmtNum(c.upper, 2) : ""}
        ${c.unit ? " · " + esc(c.unit) : ""}${c.qualifier ? " · " + esc(c.qualifier) : ""}${c.source_entity ? " · according to " + esc(name(c.source_entity) || c.source_entity) : ""}</div></li>`).join("")}</ol>` : `<p class="empty">None found.</p>`}</section>
      <section class="card"><h2>Events</h2>${(r.events || []).length ? `<ul class="items" id="events">${r.events.map((e) => `<li>${esc(e.source && (e.source.name || e.source.code) || "?")} → <strong>${cameoLabel(e.cameo)}</strong> → ${esc(e.target && (e.target.name || e.target.code) || "?")}
        <div class="meta">${e.source && e.source.code ? esc(e.source.code) : "?"} → ${e.target && e.target.code ? esc(e.target.code) : "?"}${e.plover ? " · PLOVER " + esc(e.plover) : ""}
        · QuadClass ${esc(e.quad_class ?? "–")} · Goldstein ${fmtNum(e.goldstein, 1)}${e.location && e.location.name ? " · in " + esc(e.location.name) : ""}</div></li>`).join("")}</ul>` : `<p class="empty">None found.</p>`}</section>
      <section class="card"><h2>Places</h2>${(r.locations || []).length ? `<ul id="locations">${r.locations.map((l) => `<li>${esc(l.name)}${l.country ? ` <span class="badge">${esc(l.country)}</span>` : ""} · ${fmtNum(l.mentions)} mentions${l.lat !== null && l.lat !== undefined ? ` · ${fmtNum(l.lat, 2)}, ${fmtNum(l.lon, 2)}` : ""}</li>`).join("")}</ul>` : `<p class="empty">None found.</p>`}</section>
    </div>
    ${(r.images || []).length ? `<h2>Images</h2><ul>${r.images.map((im) => `<li>${esc(im.caption || im.alt || im.url || "image")}${im.credit ? ` <span class="muted">(${esc(im.credit)})</span>` : ""}</li>`).join("")}</ul>` : ""}
    ${(r.boilerplate || []).length ? `<details><summary>${fmtNum(r.boilerplate.length)} lines of page chrome removed</summary><ol class="muted">${r.boilerplate.map((b) => `<li>${esc(b)}</li>`).join("")}</ol></details>` : ""}
  </article>`));
  const text = main.querySelector("#text");
  for (const box of main.querySelectorAll("input[data-mark]")) {
    box.addEventListener("change", () => text.classList.toggle("hide-" + box.dataset.mark, !box.checked));
  }
  main.addEventListener("click", (ev) => {
    const b = ev.target.closest("button[data-goto]");
    if (!b) return;
    const mark = text.querySelector(`[data-${b.dataset.goto}="${b.dataset.i}"]`);
    if (!mark) return;
    mark.scrollIntoView({ block: "center", behavior: "smooth" });
    mark.classList.remove("flash"); void mark.offsetWidth; mark.classList.add("flash");
  });
}

// List items several pages share: quotes and events with the article they come from.
import { cameoLabel, entityKey, esc, fmtNum, fmtTime, hrefArticle, hrefEntity, joined, siteOf } from "../util.js";

function articleRef(a) {
  if (!a) return "";
  const when = a.published && a.published.value ? a.published.value : a.fetched_at;
  return joined([`<a href="${hrefArticle(a.id)}">${esc(a.title || a.id)}</a>`, esc(siteOf(a)), fmtTime(when)]);
}

export function quoteItem(q) {
  const who = q.speaker ? (q.speaker_key ? `<a href="${hrefEntity(q.speaker_key)}">${esc(q.speaker)}</a>` : esc(q.speaker)) : "unattributed";
  return `<li><blockquote dir="auto">${q.kind === "indirect" ? "" : "“"}${esc(q.text)}${q.kind === "indirect" ? "" : "”"}</blockquote>
    <div class="meta">${who} ${esc(q.cue || "")} <span class="badge">${esc(q.kind)}</span> · ${articleRef(q.article)}</div></li>`;
}

function actor(x) {
  if (!x) return "?";
  const name = esc(x.name || x.code || "?"), code = x.code ? ` <span class="badge">${esc(x.code)}</span>` : "";
  const key = x.key || (x.entity && x.entity.includes(":") ? x.entity : null);
  return (key ? `<a href="${hrefEntity(key)}">${name}</a>` : name) + code;
}

export function eventItem(e) {
  return `<li><div>${actor(e.source)} → <strong>${cameoLabel(e.cameo)}</strong> → ${actor(e.target)}</div>
    <div class="meta">${e.plover ? `PLOVER ${esc(e.plover)} · ` : ""}Goldstein ${fmtNum(e.goldstein, 1)}
    ${e.location && e.location.name ? ` · in ${esc(e.location.name)}` : ""} · ${articleRef(e.article)}</div></li>`;
}

export { articleRef, entityKey };

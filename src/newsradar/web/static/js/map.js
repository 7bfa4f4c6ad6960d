// A world map of places: country shapes from the vendored Natural Earth TopoJSON, equirectangular
// projection, one circle per place sized by its mentions.
import { esc, fmtNum } from "./util.js";

const W = 720, H = 360;
let shapes = null;

const px = (lon) => ((lon + 180) / 360) * W, py = (lat) => ((90 - lat) / 180) * H;

function ringPath(ring) {
  let d = "", prev = null;
  for (const [lon, lat] of ring) {
    // A jump across the antimeridian would draw a line across the whole map: lift the pen instead.
    const cmd = prev === null || Math.abs(lon - prev) > 180 ? "M" : "L";
    d += cmd + px(lon).toFixed(1) + "," + py(lat).toFixed(1);
    prev = lon;
  }
  return d + "Z";
}

async function loadShapes() {
  if (shapes) return shapes;
  const [topo, mod] = await Promise.all([fetch("static/vendor/countries-110m.json").then((r) => r.json()),
    import("../vendor/topojson-client.min.js")]);
  // Loaded as a plain module the UMD file sets window.topojson; bundled, it is a CommonJS export.
  const topojson = [mod, mod && mod.default, window.topojson].find((m) => m && typeof m.feature === "function");
  const geo = topojson.feature(topo, topo.objects.countries);
  shapes = geo.features.map((f) => {
    const polys = f.geometry ? (f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates) : [];
    return `<path d="${polys.map((p) => p.map(ringPath).join("")).join("")}"><title>${esc(f.properties.name)}</title></path>`;
  }).join("");
  return shapes;
}

export async function worldMap(places, { label = "Places" } = {}) {
  const geo = await loadShapes();
  const ps = (places || []).filter((p) => p.lat !== null && p.lat !== undefined && p.lon !== null && p.lon !== undefined);
  const max = Math.max(1, ...ps.map((p) => p.mentions || 1));
  const dots = ps.map((p) => `<circle cx="${px(p.lon).toFixed(1)}" cy="${py(p.lat).toFixed(1)}" r="${(3 + 9 * Math.sqrt((p.mentions || 1) / max)).toFixed(1)}"><title>${esc(p.name)}: ${fmtNum(p.mentions)} mentions</title></circle>`).join("");
  const desc = `${label}: ${ps.map((p) => `${p.name} (${p.mentions})`).join(", ") || "none"}`;
  return `<svg class="chart map" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(desc)}"><title>${esc(desc)}</title>${geo}${dots}</svg>`;
}

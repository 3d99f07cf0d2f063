// Computes the `county` rows of data/divisions/centroids.csv from the county boundaries the dashboard's map draws
// (web/src/pages/supervision/geo/62NN.json, MIT, origin in data/README.md): the area-weighted centroid of each
// county's polygons (holes subtracted), in an equirectangular projection around the county's latitude, rounded
// to two decimals (≈ 1 km). A county is found by its code, else by its name (the boundary files predate a few
// renamings, e.g. 620824 华亭县 → 620881 华亭市). A county of gansu.csv without a boundary keeps its present row
// and is listed on stderr; the `city` rows (other provinces' main cities) are kept as they are.
// Run from scripts/: `node gen-centroids.mjs` (no package needed). `--check` writes nothing and exits non-zero
// when the file differs from what the boundaries give.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const geoDir = join(root, 'web', 'src', 'pages', 'supervision', 'geo');
const csvPath = join(root, 'data', 'divisions', 'centroids.csv');
const gansuPath = join(root, 'data', 'divisions', 'gansu.csv');

// ECharts' compressed GeoJSON (UTF8Encoding): each ring is a string of zigzag-encoded deltas, two characters per
// point, from the ring's encodeOffsets, scaled by UTF8Scale (1024 by default). As echarts/src/coord/geo/
// parseGeoJson.ts decodes it.
function decodeRing(text, offsets, scale) {
  const out = [];
  let px = offsets[0];
  let py = offsets[1];
  for (let i = 0; i < text.length; i += 2) {
    let x = text.charCodeAt(i) - 64;
    let y = text.charCodeAt(i + 1) - 64;
    x = (x >> 1) ^ -(x & 1);
    y = (y >> 1) ^ -(y & 1);
    x += px;
    y += py;
    px = x;
    py = y;
    out.push([x / scale, y / scale]);
  }
  return out;
}

// The polygons of a feature as arrays of rings of [lon, lat] (first ring outer, the others holes).
function polygons(feature, encoded, scale) {
  const g = feature.geometry;
  const rings = (rs, offs) => rs.map((r, i) => (encoded ? decodeRing(r, offs[i], scale) : r));
  if (g.type === 'Polygon') return [rings(g.coordinates, g.encodeOffsets)];
  if (g.type === 'MultiPolygon') return g.coordinates.map((p, i) => rings(p, encoded ? g.encodeOffsets[i] : []));
  throw new Error(`${feature.id}: geometry ${g.type}`);
}

// Area-weighted centroid of the polygons: x = lon·cos(lat0) so that areas are near true at Gansu's latitudes.
function centroid(polys) {
  const pts = polys.flatMap((p) => p[0]);
  const lat0 = (pts.reduce((s, p) => s + p[1], 0) / pts.length) * (Math.PI / 180);
  const k = Math.cos(lat0);
  let area = 0;
  let cx = 0;
  let cy = 0;
  for (const poly of polys) {
    poly.forEach((ring, i) => {
      let a = 0;
      let x = 0;
      let y = 0;
      for (let j = 0; j < ring.length; j++) {
        const [x0, y0] = [ring[j][0] * k, ring[j][1]];
        const [x1, y1] = [ring[(j + 1) % ring.length][0] * k, ring[(j + 1) % ring.length][1]];
        const c = x0 * y1 - x1 * y0;
        a += c;
        x += (x0 + x1) * c;
        y += (y0 + y1) * c;
      }
      if (a === 0) return;
      const sign = i === 0 ? 1 : -1;  // outer ring adds, a hole subtracts, whatever the ring's orientation
      const w = sign * Math.abs(a / 2);
      area += w;
      cx += w * (x / (3 * a));
      cy += w * (y / (3 * a));
    });
  }
  return { lon: cx / area / k, lat: cy / area };
}

const readCsv = (path) => {
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const keys = header.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [keys[i], v])));
};

const byCode = new Map();
const byName = new Map();
for (const file of readdirSync(geoDir).filter((f) => /^62\d\d\.json$/.test(f))) {
  const json = JSON.parse(readFileSync(join(geoDir, file), 'utf8'));
  const scale = json.UTF8Scale ?? 1024;
  for (const f of json.features) {
    const c = centroid(polygons(f, !!json.UTF8Encoding, scale));
    byCode.set(String(f.id), { ...c, name: f.properties.name });
    byName.set(f.properties.name, c);
  }
}

const counties = readCsv(gansuPath).filter((r) => r.level === '3');
const old = readCsv(csvPath);
const oldCounty = new Map(old.filter((r) => r.kind === 'county').map((r) => [r.code, r]));
const rows = [];
const kept = [];
const byNameUsed = [];
for (const c of counties) {
  // 嘉峪关市 has no counties: the boundary of its 市州 file is the city itself.
  let hit = byCode.get(c.code) ?? byCode.get(c.code.slice(0, 4) + '00');
  if (!hit && byName.has(c.name)) {
    hit = byName.get(c.name);
    byNameUsed.push(`${c.code} ${c.name}`);
  }
  if (!hit) {
    // Renamed 县 → 市 (or the reverse) since the boundary files were drawn.
    const alt = c.name.endsWith('市') ? c.name.slice(0, -1) + '县' : c.name.slice(0, -1) + '市';
    if (byName.has(alt)) {
      hit = byName.get(alt);
      byNameUsed.push(`${c.code} ${c.name} (drawn as ${alt})`);
    }
  }
  if (hit) {
    rows.push(['county', c.code, c.name, hit.lat.toFixed(2), hit.lon.toFixed(2)]);
  } else if (oldCounty.has(c.code)) {
    const o = oldCounty.get(c.code);
    rows.push(['county', c.code, c.name, o.lat, o.lon]);
    kept.push(`${c.code} ${c.name}`);
  } else {
    console.error(`gen-centroids: ${c.code} ${c.name} has neither a boundary nor a row`);
    process.exitCode = 1;
  }
}
for (const r of old.filter((r) => r.kind !== 'county')) rows.push([r.kind, r.code, r.name, r.lat, r.lon]);
const text = 'kind,code,name,lat,lon\n' + rows.map((r) => r.join(',')).join('\n') + '\n';
console.error(`gen-centroids: ${rows.filter((r) => r[0] === 'county').length - kept.length} counties from the boundaries` +
  (byNameUsed.length ? `, by name: ${byNameUsed.join('; ')}` : '') +
  (kept.length ? `; kept (no boundary): ${kept.join('; ')}` : ''));
if (process.argv.includes('--check')) {
  if (readFileSync(csvPath, 'utf8') !== text) {
    console.error('gen-centroids: data/divisions/centroids.csv differs from the boundaries (run node gen-centroids.mjs)');
    process.exitCode = 1;
  }
} else {
  writeFileSync(csvPath, text);
}

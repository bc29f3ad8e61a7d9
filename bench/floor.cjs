// The least a Node program can do for the bench's csv plan: what Node itself costs at this size.
//
//     node bench/floor.cjs CENSUS.csv primary=5.83 secondary=7.92 > OUT.csv
//
// It gives the same bytes as `dedel allocate CENSUS --rate … --foot --format csv` (and as
// bench/reference.py) on the bench's censuses, and does nothing else: no checks, no options, no
// messages; only the bench's own census header, statuses and phases. Money is exact (BigInt
// pence over 10^places), footed to £1 by largest remainder with dedel's tie order (the larger
// exact amount, then the smaller URN, then the name). CommonJS, one file, nothing required but
// node:fs: it starts as fast as a Node script can. `npm run bench` pairs it with Python as it
// pairs dedel, so the 24,000-row target can be read against what any Node program does there.
'use strict';
const { readFileSync, writeSync } = require('node:fs');

const [census, ...pairs] = process.argv.slice(2);
/** A decimal text as a scaled integer at `places` decimals. */
function scaled(text, places) {
  const [whole, fraction = ''] = text.split('.');
  return BigInt(whole + fraction.padEnd(places, '0'));
}
const PLACES = Math.max(0, ...pairs.map((p) => (p.split('=')[1].split('.')[1] ?? '').length));
const SCALE = 10n ** BigInt(PLACES);
const HALF = SCALE / 2n;
const rates = new Map(pairs.map((p) => [p.split('=')[0], { text: p.split('=')[1], value: scaled(p.split('=')[1], PLACES) }]));

const compact = (text) => text.toLowerCase().replace(/[^a-z0-9+]/g, '');
// The bench census's statuses and phases (bench/generate.js), as dedel reads them.
const MAINTAINED = new Map([
  ['communityschool', 'community'],
  ['voluntaryaidedschool', 'voluntary-aided'],
  ['voluntarycontrolledschool', 'voluntary-controlled'],
  ['foundationschool', 'foundation'],
]);
const PHASES = new Map([
  ['primary', 'primary'], ['infant', 'primary'], ['junior', 'primary'], ['first', 'primary'], ['middledeemedprimary', 'primary'],
  ['secondary', 'secondary'], ['middledeemedsecondary', 'secondary'], ['upper', 'secondary'], ['high', 'secondary'],
]);

const text = readFileSync(census, 'utf8');
/** The cells of one line: quoted cells may hold commas and doubled quotes (the bench's cells hold no line breaks). */
function cells(line) {
  if (line.indexOf('"') < 0) return line.split(',');
  const out = [];
  let i = 0;
  while (i <= line.length) {
    if (line.charCodeAt(i) === 34) {
      let value = '';
      let from = i + 1;
      for (;;) {
        const q = line.indexOf('"', from);
        value += line.slice(from, q);
        if (line.charCodeAt(q + 1) !== 34) {
          i = q + 2;
          break;
        }
        value += '"';
        from = q + 2;
      }
      out.push(value);
    } else {
      let comma = line.indexOf(',', i);
      if (comma < 0) comma = line.length;
      out.push(line.slice(i, comma));
      i = comma + 1;
    }
  }
  return out;
}

const schools = [];
let start = text.indexOf('\n') + 1;
while (start < text.length) {
  let end = text.indexOf('\n', start);
  if (end < 0) end = text.length;
  const line = text.slice(start, end);
  start = end + 1;
  if (line === '') continue;
  const [urn, name, statusText, phaseText, norText] = cells(line);
  const status = MAINTAINED.get(compact(statusText));
  const phase = PHASES.get(compact(phaseText));
  if (status === undefined || phase === undefined || !rates.has(phase)) continue;
  const nor = BigInt(norText.replaceAll(',', ''));
  const exact = nor * rates.get(phase).value;
  schools.push({ urn, name, status, phase, nor, exact, pounds: exact / SCALE, rest: exact % SCALE });
}

// Footed: each amount rounded down, then a pound each to the largest remainders until the rows
// add up to the exact total rounded half up.
let exactTotal = 0n;
let floors = 0n;
let pupils = 0n;
for (const s of schools) {
  exactTotal += s.exact;
  floors += s.pounds;
  pupils += s.nor;
}
const expected = (exactTotal + HALF) / SCALE;
const urnKey = (urn) => urn.replace(/^0+/, '');
const byRemainder = [...schools].sort((a, b) => {
  if (a.rest !== b.rest) return a.rest > b.rest ? -1 : 1;
  if (a.exact !== b.exact) return a.exact > b.exact ? -1 : 1;
  const ua = urnKey(a.urn);
  const ub = urnKey(b.urn);
  if (ua.length !== ub.length) return ua.length - ub.length;
  if (ua !== ub) return ua < ub ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
});
for (let k = 0n, missing = expected - floors; k < missing; k++) byRemainder[Number(k)].pounds += 1n;

/** A cell as Python's csv module writes it, with a leading ' where a spreadsheet would run it as a formula. */
const cell = (value) => {
  const safe = /^'?[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};
/** An amount per pupil to the penny, half up; blank where there are no pupils. */
const perPupil = (amount, nor) => {
  if (nor === 0n) return '';
  const pence = (amount * 100n * 2n + nor) / (nor * 2n);
  return `${pence / 100n}.${String(pence % 100n).padStart(2, '0')}`;
};
const out = ['urn,school,status,phase,nor,de_delegation,total,per_pupil'];
for (const s of schools) {
  const charge = String(s.pounds);
  out.push(`${cell(s.urn)},${cell(s.name)},${s.status},${s.phase},${s.nor},${charge},${charge},${perPupil(s.exact, s.nor * SCALE)}`);
}
out.push(`,Total,,,${pupils},${expected},${expected},${perPupil(expected, pupils)}`);
writeSync(1, `${out.join('\n')}\n`);

// The least a Node program can do for the bench's csv plan: what Node itself costs at this size.
//
//     node bench/floor.cjs CENSUS.csv primary=5.83 secondary=7.92 > OUT.csv
//
// It gives the same bytes as `dedel allocate CENSUS --rate … --foot --format csv` (and as
// bench/reference.py) on the bench's censuses, and does nothing else: no checks, no options, no
// messages; only the bench's own header, and its statuses and phases as bench/generate.js writes
// them. Money is exact (BigInt pence over 10^places), footed to £1 by largest remainder with
// dedel's tie order (the larger exact amount, then the smaller URN, then the name). CommonJS, one
// file, nothing required but node:fs, schools kept in parallel arrays and lines split by
// String#split where they have no quote: it starts and runs as fast as a Node script can.
// `npm run bench` pairs it with Python as it pairs dedel, so the 24,000-row target can be read
// against what a Node program can do there.
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
const rates = new Map(pairs.map((p) => [p.split('=')[0], scaled(p.split('=')[1], PLACES)]));

// The bench census's maintained statuses and charged phases (bench/generate.js), as dedel reads them.
const MAINTAINED = new Map([
  ['Community school', 'community'],
  ['Voluntary aided school', 'voluntary-aided'],
  ['Voluntary controlled school', 'voluntary-controlled'],
  ['Foundation school', 'foundation'],
]);
const PHASES = new Map([
  ['Primary', 'primary'], ['Infant', 'primary'], ['Junior', 'primary'], ['First', 'primary'], ['Middle deemed primary', 'primary'],
  ['Secondary', 'secondary'], ['Middle deemed secondary', 'secondary'], ['Upper', 'secondary'], ['High', 'secondary'],
]);

/** The cells of a line with a quote in it: quoted cells may hold commas and doubled quotes (the bench's cells hold no line breaks). */
function quotedCells(line) {
  const cells = [];
  let i = 0;
  for (;;) {
    if (line.charCodeAt(i) === 34) {
      let value = '';
      let from = i + 1;
      for (;;) {
        const q = line.indexOf('"', from);
        value += line.slice(from, q);
        if (line.charCodeAt(q + 1) !== 34) {
          i = q + 1;
          break;
        }
        value += '"';
        from = q + 2;
      }
      cells.push(value);
    } else {
      let comma = line.indexOf(',', i);
      if (comma < 0) comma = line.length;
      cells.push(line.slice(i, comma));
      i = comma;
    }
    if (i >= line.length) return cells;
    i++;
  }
}

const text = readFileSync(census, 'utf8');
const urns = [];
const names = [];
const statuses = [];
const phases = [];
const nors = [];
const exacts = [];
for (let start = text.indexOf('\n') + 1; start < text.length; ) {
  let end = text.indexOf('\n', start);
  if (end < 0) end = text.length;
  const line = text.slice(start, end);
  start = end + 1;
  if (line === '') continue;
  const cells = line.indexOf('"') < 0 ? line.split(',') : quotedCells(line);
  const status = MAINTAINED.get(cells[2]);
  if (status === undefined) continue;
  const phase = PHASES.get(cells[3]);
  const rate = phase === undefined ? undefined : rates.get(phase);
  if (rate === undefined) continue;
  const norText = cells[4];
  const nor = BigInt(norText.indexOf(',') < 0 ? norText : norText.replaceAll(',', ''));
  urns.push(cells[0]);
  names.push(cells[1]);
  statuses.push(status);
  phases.push(phase);
  nors.push(nor);
  exacts.push(nor * rate);
}

// Footed: each amount rounded down, then a pound each to the largest remainders until the rows
// add up to the exact total rounded half up.
const count = urns.length;
const pounds = new Array(count);
const rests = new Array(count);
let exactTotal = 0n;
let floors = 0n;
let pupils = 0n;
for (let k = 0; k < count; k++) {
  const exact = exacts[k];
  const whole = exact / SCALE;
  pounds[k] = whole;
  rests[k] = exact - whole * SCALE;
  exactTotal += exact;
  floors += whole;
  pupils += nors[k];
}
const expected = (exactTotal + SCALE / 2n) / SCALE;
const missing = Number(expected - floors);
if (missing > 0) {
  const order = Array.from({ length: count }, (_, k) => k);
  order.sort((a, b) => {
    if (rests[a] !== rests[b]) return rests[a] > rests[b] ? -1 : 1;
    if (exacts[a] !== exacts[b]) return exacts[a] > exacts[b] ? -1 : 1;
    const ua = urns[a].replace(/^0+/, '');
    const ub = urns[b].replace(/^0+/, '');
    if (ua.length !== ub.length) return ua.length - ub.length;
    if (ua !== ub) return ua < ub ? -1 : 1;
    return names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : 0;
  });
  for (let k = 0; k < missing; k++) pounds[order[k]] += 1n;
}

/** A cell as Python's csv module writes it, with a leading ' where a spreadsheet would run it as a formula. */
function cell(value) {
  const c = value.charCodeAt(0);
  const safe = c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === 13 || (c === 39 && /^'[=+\-@\t\r]/.test(value)) ? `'${value}` : value;
  return safe.indexOf('"') >= 0 || safe.indexOf(',') >= 0 || safe.indexOf('\n') >= 0 || safe.indexOf('\r') >= 0 ? `"${safe.replaceAll('"', '""')}"` : safe;
}
/** An amount per pupil (both scaled alike) to the penny, half up; blank where there are no pupils. */
function perPupil(amount, nor) {
  if (nor === 0n) return '';
  const pence = (amount * 200n + nor) / (nor * 2n);
  return `${pence / 100n}.${String(pence % 100n).padStart(2, '0')}`;
}
// A school's amount per pupil is its phase's rate to the penny: worked out once per phase.
const perPhase = new Map([...rates].map(([phase, rate]) => [phase, perPupil(rate, SCALE)]));
let out = 'urn,school,status,phase,nor,de_delegation,total,per_pupil\n';
for (let k = 0; k < count; k++) {
  const charge = String(pounds[k]);
  out += `${cell(urns[k])},${cell(names[k])},${statuses[k]},${phases[k]},${nors[k]},${charge},${charge},${nors[k] === 0n ? '' : perPhase.get(phases[k])}\n`;
}
out += `,Total,,,${pupils},${expected},${expected},${perPupil(expected, pupils)}\n`;
writeSync(1, out);

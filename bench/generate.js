// Seeded census generator for the benchmark (README "Performance"). Deterministic for a seed: the same
// seed and size give the same bytes, so runs on different days time the same files.
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DATA = join(dirname(fileURLToPath(import.meta.url)), 'data');
export const DEFAULT_SEED = 20240401;

/** mulberry32: a small, fast, seedable PRNG (32-bit state). */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = (rand, list) => list[Math.floor(rand() * list.length)];

/** Weighted choice from [[value, weight], …]. */
function weighted(rand, table) {
  const total = table.reduce((s, [, w]) => s + w, 0);
  let r = rand() * total;
  for (const [value, w] of table) {
    r -= w;
    if (r < 0) return value;
  }
  return table[table.length - 1][0];
}

// Roughly the mix of GIAS's open state schools: about half maintained, the rest
// academies, free schools, special schools, PRUs, nurseries and a few independents.
const KINDS = [
  [{ status: 'Community school', phases: 'mainstream' }, 30],
  [{ status: 'Voluntary aided school', phases: 'mainstream' }, 11],
  [{ status: 'Voluntary controlled school', phases: 'mainstream' }, 8],
  [{ status: 'Foundation school', phases: 'mainstream' }, 5],
  [{ status: 'Academy converter', phases: 'mainstream' }, 25],
  [{ status: 'Academy sponsor led', phases: 'mainstream' }, 8],
  [{ status: 'Free schools', phases: 'mainstream' }, 4],
  [{ status: 'Community special school', phases: 'none' }, 4],
  [{ status: 'Academy special converter', phases: 'none' }, 2],
  [{ status: 'Pupil referral unit', phases: 'none' }, 1],
  [{ status: 'Local authority nursery school', phases: 'nursery' }, 1],
  [{ status: 'Other independent school', phases: 'none' }, 1],
];
const MAINSTREAM = [
  ['Primary', 70],
  ['Secondary', 16],
  ['Middle deemed primary', 1],
  ['Middle deemed secondary', 1],
  ['Infant', 1],
  ['Junior', 1],
];
const PLACES = [
  'Ashford', 'Bishop’s Stortford', 'Brøndby Road', 'Cefn Coed', 'Düsseldorf Way', 'Ealing', 'Fenwick', 'Gateshead',
  'Hartlepool', 'Ilkley', 'Jesmond', 'Kirkby-in-Ashfield', 'Llanelli', 'Market Harborough', 'Newcastle-under-Lyme',
  'Öland Close', 'Penrith', 'Queensbury', 'Ross-on-Wye', 'Saint-Émilion Gardens', 'Thame', 'Ulverston', 'Ventnor',
  'Wootton Bassett', 'Ysgol Bro Ŵyr', 'Zouch', 'Bexley, Kent', 'Hayes, Middlesex', 'Sutton', 'Chelsea',
];
const SAINTS = ['St Mary’s', "St Peter's", 'St John Fisher', 'Holy Trinity', 'Our Lady of Lourdes', 'All Saints', 'Christ Church'];
const KINDS_OF_SCHOOL = {
  Primary: ['Primary School', 'Primary Academy', 'C of E Primary School', 'Community Primary School'],
  Secondary: ['High School', 'Academy', 'School', 'College', 'Grammar School'],
  other: ['School', 'Centre', 'Nursery School', 'Academy'],
};

function schoolName(rand, phase) {
  const kinds = KINDS_OF_SCHOOL[phase === 'Secondary' || phase === 'Middle deemed secondary' ? 'Secondary' : phase === 'Primary' ? 'Primary' : 'other'];
  const r = rand();
  if (r < 0.12) return `${pick(rand, SAINTS)} RC ${pick(rand, kinds)}, ${pick(rand, PLACES)}`;
  if (r < 0.16) return `The "${pick(rand, PLACES)}" ${pick(rand, kinds)}`;
  if (r < 0.2) return `${pick(rand, SAINTS)} Catholic ${pick(rand, kinds)}`;
  return `${pick(rand, PLACES)} ${pick(rand, kinds)}`;
}

function nor(rand, phase) {
  if (phase === 'Secondary' || phase === 'Middle deemed secondary') return 400 + Math.floor(rand() * 1400);
  if (phase === 'Nursery' || phase === 'Not applicable') return 20 + Math.floor(rand() * 200);
  return 40 + Math.floor(rand() * 600);
}

function cell(text) {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A census of `rows` schools: URN, School name, Status, Phase, NOR. Names carry commas,
 * quotes and non-ASCII letters; some NORs are written `1,179` (quoted) as spreadsheets export them.
 */
export function generateCensus(rows, seed = DEFAULT_SEED) {
  const rand = prng(seed ^ rows);
  const lines = ['URN,School name,Status,Phase,NOR'];
  for (let i = 0; i < rows; i++) {
    const kind = weighted(rand, KINDS);
    const phase = kind.phases === 'mainstream' ? weighted(rand, MAINSTREAM) : kind.phases === 'nursery' ? 'Nursery' : 'Not applicable';
    const n = nor(rand, phase);
    const norText = n >= 1000 && rand() < 0.3 ? `"${Math.floor(n / 1000)},${String(n % 1000).padStart(3, '0')}"` : String(n);
    lines.push(`${100000 + i},${cell(schoolName(rand, phase))},${kind.status},${phase},${norText}`);
  }
  return `${lines.join('\n')}\n`;
}


/** Writes (or reuses) the census file for a size; returns its path. */
export function censusFile(rows, seed = DEFAULT_SEED, dir = DATA) {
  const path = join(dir, `census-${rows}-${seed}.csv`);
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, generateCensus(rows, seed));
  }
  return path;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sizes = (process.argv[2] ?? '600,24000,1000000').split(',').map(Number);
  for (const n of sizes) console.log(censusFile(n));
}


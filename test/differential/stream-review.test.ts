// Review of the piecewise (streamed) `allocate --format csv|tsv`: differential tests against
// the whole-file reading, a table of CLI cases, and reproductions of pathological readings.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { streamAllocation } from '../../src/io/stream-allocation.js';
import { buildSettings, type PlanFlags } from '../../src/io/plan.js';
import type { ConfigInput } from '../../src/io/config-schema.js';

import { RecordReader, fastRecords, type CsvRecord } from '../../src/io/csv-records.js';
import { streamCensus } from '../../src/io/census-stream.js';
import { runInProcess } from '../helpers/run.js';
import { streamed, whole } from '../helpers/stream.js';
const encoder = new TextEncoder();

const COLS = {
  id: ['URN', 'LAESTAB', 'urn', ' URN '],
  name: ['School name', 'School', 'Establishment name'],
  status: ['Status', 'Type of establishment', 'TypeOfEstablishment (name)'],
  phase: ['Phase', 'Phase of education', 'PhaseOfEducation (name)'],
  nor: ['NOR', 'Number on roll', 'Pupils'],
  norp: ['NOR primary'],
  nors: ['NOR secondary'],
  fsm: ['FSM', 'FSM %'],
  months: ['Months', 'months open'],
  open: ['EstablishmentStatus (name)'],
  notes: ['Notes', ''],
  sen: ['SEN', 'sen', 'SEN pupils'],
} as const;
type Key = keyof typeof COLS;

const IDS = ['1', '2', '3', '10', '9', '100', '007', '0', '', '', ' 12 ', '4294967295', '4294967296', '99999999999', '1e3', 'A1', 'a1', '12 3', '-5', '+5', '1.0', '123456789', '1234567890'];
const NAMES = ['Ashford', 'ashford', 'ASHFORD', 'Bexley, Kent', 'The "C" Academy', 'Öland', '=SUM(A1)', '-x', '+1', '@a', '\tTab', ' Padded ', 'Line\nbreak', 'Total', 'total', 'TOTAL', 'Grand Total', 'Totals', '', 'Zed', 'zed'];
const STATUSES = ['Community', 'Community school', 'VA', 'Voluntary aided school', 'Foundation', 'Academy converter', 'Academy', 'Free schools', 'Community special school', 'Pupil referral unit', 'Local authority nursery school', 'Mystery', '', 'community ', 'Other independent school'];
const PHASES = ['Primary', 'Secondary', 'All-through', 'All through', 'Nursery', 'Not applicable', 'Middle deemed primary', 'Infant', 'primary', 'Sideways', '', '16 plus', 'Special', 'PRU'];
const NORS = ['100', '25', '0', '00', '1,179', ' 421 ', '12.50', '12.5', '', '1e3', '£5', '5.', '.5', '+5', '1 000', '0.000', '-3', 'x', '123456789012345678901234567890', '0.125', '1,17', '333', '7', '7.0'];
const MONTHS = ['', '12', '7', '5.5', '13', '0', '12.0', '6', '0.5', '011', 'x'];
const OPEN = ['Open', 'Open', 'Closed', 'closed', 'Proposed to open', '', 'Open, but proposed to close'];

const colArb = fc.record({
  id: fc.option(fc.constantFrom(...COLS.id), { freq: 6 }),
  name: fc.option(fc.constantFrom(...COLS.name), { freq: 6 }),
  status: fc.option(fc.constantFrom(...COLS.status), { freq: 8 }),
  phase: fc.option(fc.constantFrom(...COLS.phase), { freq: 8 }),
  nor: fc.option(fc.constantFrom(...COLS.nor), { freq: 10 }),
  norp: fc.option(fc.constantFrom(...COLS.norp), { freq: 2 }),
  nors: fc.option(fc.constantFrom(...COLS.nors), { freq: 2 }),
  fsm: fc.option(fc.constantFrom(...COLS.fsm), { freq: 2 }),
  months: fc.option(fc.constantFrom(...COLS.months), { freq: 1 }),
  open: fc.option(fc.constantFrom(...COLS.open), { freq: 1 }),
  notes: fc.option(fc.constantFrom(...COLS.notes), { freq: 1 }),
  sen: fc.option(fc.constantFrom(...COLS.sen), { freq: 2 }),
});

const cellArb = (k: Key): fc.Arbitrary<string> => {
  switch (k) {
    case 'id':
      return fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 1, max: 400 }).map(String) }, { weight: 1, arbitrary: fc.constantFrom(...IDS) });
    case 'name':
      return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...NAMES) }, { weight: 6, arbitrary: fc.integer({ min: 1, max: 60 }).map((n) => `School ${n}`) });
    case 'status':
      return fc.oneof({ weight: 1, arbitrary: fc.constantFrom(...STATUSES) }, { weight: 12, arbitrary: fc.constantFrom('Community', 'Foundation', 'VA', 'Academy converter') });
    case 'phase':
      return fc.oneof({ weight: 1, arbitrary: fc.constantFrom(...PHASES) }, { weight: 12, arbitrary: fc.constantFrom('Primary', 'Secondary', 'All-through', 'Nursery') });
    case 'nor':
    case 'norp':
    case 'nors':
    case 'fsm':
    case 'sen':
      return fc.oneof({ weight: 20, arbitrary: fc.integer({ min: 0, max: 30 }).map((n) => String(n * 25)) }, { weight: 1, arbitrary: fc.constantFrom(...NORS) });
    case 'months':
      return fc.oneof({ weight: 1, arbitrary: fc.constantFrom(...MONTHS) }, { weight: 4, arbitrary: fc.constantFrom('', '12', '7', '5') });
    case 'open':
      return fc.oneof({ weight: 1, arbitrary: fc.constantFrom(...OPEN) }, { weight: 6, arbitrary: fc.constant('Open') });
    case 'notes':
      return fc.constantFrom('', 'x', 'a "b"', 'multi\nline', 'c,d');
  }
};

const rowArb = fc.record(Object.fromEntries((Object.keys(COLS) as Key[]).map((k) => [k, cellArb(k)])) as Record<Key, fc.Arbitrary<string>>);

const censusArb = fc.record({
  cols: colArb,
  order: fc.array(fc.integer(), { minLength: 12, maxLength: 12 }),
  rows: fc.array(rowArb, { minLength: 0, maxLength: 30 }),
  crlf: fc.constantFrom('\n', '\n', '\r\n'),
  bom: fc.boolean(),
  quoteAll: fc.constantFrom(false, false, true),
  blankBefore: fc.constantFrom(0, 0, 0, 1, 2),
  blankLines: fc.constantFrom('', '', '', ',,,,,,,,,,,', ' '),
  trailing: fc.boolean(),
  trailingComma: fc.constantFrom(false, false, false, true),
});
type CensusCase = typeof censusArb extends fc.Arbitrary<infer C> ? C : never;

function quote(text: string, all: boolean): string {
  return all || /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function censusText(c: CensusCase): string {
  const keys = (Object.keys(COLS) as Key[]).filter((k) => c.cols[k] !== null);
  const order = keys.map((k, i) => ({ k, o: c.order[i]! })).sort((a, b) => a.o - b.o).map((x) => x.k);
  const eol = c.crlf;
  const lines: string[] = [];
  for (let i = 0; i < c.blankBefore; i++) lines.push('');
  lines.push(order.map((k) => quote(c.cols[k]!, c.quoteAll)).join(',') + (c.trailingComma ? ',' : ''));
  c.rows.forEach((r, i) => {
    lines.push(order.map((k) => quote(r[k], c.quoteAll)).join(',') + (c.trailingComma ? ',' : ''));
    if (c.blankLines !== '' && i % 5 === 2) lines.push(c.blankLines === ' ' ? '' : c.blankLines.slice(0, order.length - 1 + (c.trailingComma ? 1 : 0)));
  });
  return `${c.bom ? '\uFEFF' : ''}${lines.join(eol)}${c.trailing ? eol : ''}`;
}

const planArb = fc.record({
  rate: fc.constantFrom(['5.83'], ['primary=5.83', 'secondary=7.92'], ['12.5'], ['0.333'], ['primary=3', 'secondary=3'], ['1000'], ['nursery=2'], ['0'], ['1'], ['0.01'], ['primary=1.5', 'secondary=2.5', 'nursery=3', 'special=4', 'pru=5', '16-plus=6', 'all-through=7']),
  round: fc.constantFrom(undefined, '0.01', '1', '100', '0.05', '10', '0.5', '0.001', '2.5', '1.00'),
  rounding: fc.constantFrom(undefined, 'half-up', 'half-even', 'down', 'up'),
  foot: fc.boolean(),
  basis: fc.constantFrom(undefined, undefined, 'fsm', 'school', 'nor', 'sen', 'SEN', 'urn', 'months', 'nor_primary', ' fsm ', 'fsm_primary', 'sen pupils'),
  allThrough: fc.constantFrom(undefined, 'primary', 'secondary', 'split'),
  phases: fc.constantFrom(undefined, 'primary,secondary,nursery', 'primary', 'secondary', 'all-through', 'special,pru,16-plus,nursery,primary,secondary'),
  statuses: fc.constantFrom(undefined, undefined, 'all', 'community,academy', 'maintained'),
  column: fc.oneof({ weight: 12, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom(['nor=FSM'], ['name=Notes'], ['urn=School'], ['fsm=FSM %'], ['nor=Nope'], ['fsm=FSM']) }),
});

function flagsOf(plan: typeof planArb extends fc.Arbitrary<infer P> ? P : never): { flags: PlanFlags; config: ConfigInput | null } {
  const flags: PlanFlags = {
    rate: plan.rate,
    ...(plan.round ? { round: plan.round } : {}),
    ...(plan.rounding ? { rounding: plan.rounding } : {}),
    foot: plan.foot,
    ...(plan.basis ? { basis: plan.basis } : {}),
    ...(plan.phases ? { phases: plan.phases } : {}),
    ...(plan.statuses ? { statuses: plan.statuses } : {}),
    ...(plan.column ? { column: plan.column } : {}),
  };
  const config: ConfigInput | null = plan.allThrough ? { charge: { allThrough: plan.allThrough } } as ConfigInput : null;
  return { flags, config };
}

describe('review fuzz', () => {
  it('streamed equals whole (wide census generator)', () => {
    let s = 0;
    let d = 0;
    const reasons = new Map<string, number>();
    fc.assert(
      fc.property(censusArb, planArb, fc.integer({ min: 1, max: 200 }), fc.boolean(), fc.constantFrom('csv' as const, 'tsv' as const), fc.boolean(), (census, plan, pieceSize, keep, format, bom) => {
        const text = censusText(census);
        const bytes = encoder.encode(text);
        let fl;
        try {
          fl = flagsOf(plan);
          buildSettings(fl.config, fl.flags);
        } catch {
          return;
        }
        const { flags, config } = fl;
        const expected = whole(bytes, config, flags, format, bom);
        const got = streamed(bytes, config, flags, format, bom, pieceSize, keep ? 1 << 20 : 0);
        if (got === null) {
          d++;
          const key = expected.ok ? 'ok' : expected.error.replace(/census\.csv:\d+.*?: /, '').slice(0, 40);
          reasons.set(key, (reasons.get(key) ?? 0) + 1);
          return;
        }
        s++;
        expect(expected.ok ? '' : expected.error).toBe('');
        if (!expected.ok) return;
        expect(got.text).toBe(expected.text);
        expect(got.again).toBe(expected.text);
        expect(got.diagnostics).toEqual(expected.diagnostics);
        expect(got.total).toBe(expected.total);
      }),
      { numRuns: Number(process.env.RUNS ?? 2000), seed: process.env.SEED ? Number(process.env.SEED) : undefined },
    );
    expect(s).toBeGreaterThan(200);
  }, 600_000);
});

describe('review fuzz: footing ties', () => {
  it('ties in the footing order are broken as the whole path breaks them', () => {
    const idArb = fc.oneof(
      fc.integer({ min: 1, max: 99 }).map(String),
      fc.integer({ min: 1, max: 5 }).map((n) => String(n * 1000000000)),
      fc.constantFrom('4294967295', '4294967296', '4294967297', '9999999999', '10000000000', '0', '', '', '', 'A', 'b', 'B', 'Z9', '1a', ' ', '99999999999999999999'),
    );
    const nameArb = fc.constantFrom('a', 'B', 'b2', 'Ç', 'z', 'Ashford', 'aa', 'AA ', 'x y');
    const rowsArb = fc.array(fc.record({ id: idArb, name: nameArb, nor: fc.constantFrom('1', '2', '3', '7', '10', '11', '0', '0.5', '1.25'), months: fc.constantFrom('', '12', '6', '7', '1') }), { minLength: 1, maxLength: 40 });
    let s = 0;
    fc.assert(
      fc.property(
        rowsArb,
        fc.constantFrom(['0.333'], ['1'], ['0.1'], ['1.5'], ['0.07'], ['0.5'], ['2.125'], ['0.3333333']),
        fc.constantFrom('0.01', '1', '100', '0.05', '10', '0.1', '0.5'),
        fc.constantFrom('half-up', 'half-even', 'down', 'up'),
        fc.boolean(),
        fc.integer({ min: 1, max: 64 }),
        fc.boolean(),
        (rows, rate, round, rounding, withMonths, piece, keep) => {
          const lines = [`URN,School,Status,Phase,NOR${withMonths ? ',Months' : ''}`];
          for (const r of rows) lines.push(`${r.id},${r.name},Community,Primary,${r.nor}${withMonths ? `,${r.months}` : ''}`);
          const bytes = encoder.encode(lines.join('\n') + '\n');
          const flags: PlanFlags = { rate, round, rounding, foot: true };
          const expected = whole(bytes, null, flags, 'csv', false);
          const got = streamed(bytes, null, flags, 'csv', false, piece, keep ? 1 << 20 : 0);
          if (got === null) return;
          s++;
          expect(expected.ok ? '' : expected.error).toBe('');
          if (!expected.ok) return;
          expect(got.text).toBe(expected.text);
          expect(got.diagnostics).toEqual(expected.diagnostics);
        },
      ),
      { numRuns: Number(process.env.RUNS ?? 1000) },
    );
    expect(s).toBeGreaterThan(200);
  }, 600_000);
});


describe('review fuzz: through the CLI', () => {
  it('csv (streamed) gives the stderr and exit code of md, and the oracle stdout', async () => {
    const runs = Number(process.env.CLI_RUNS ?? 300);
    const samples = fc.sample(fc.tuple(censusArb, planArb, fc.boolean(), fc.boolean(), fc.constantFrom(undefined, 'right', 'wrong', 'junk'), fc.constantFrom('csv', 'tsv')), { numRuns: runs, seed: 7 });
    let compared = 0;
    for (const [census, plan, quiet, bom, checkTotal, format] of samples) {
      if (plan.allThrough || plan.column) continue;
      const text = censusText(census);
      const { flags } = flagsOf(plan);
      const argv = ['allocate', '-', '--rate', ...plan.rate.flatMap((r, i) => (i === 0 ? [r] : ['--rate', r]))];
      if (flags.round) argv.push('--round', flags.round);
      if (flags.rounding) argv.push('--rounding', flags.rounding);
      if (flags.foot) argv.push('--foot');
      if (flags.basis) argv.push('--basis', flags.basis);
      if (flags.phases) argv.push('--phases', flags.phases);
      if (flags.statuses) argv.push('--statuses', flags.statuses);
      if (quiet) argv.push('--quiet');
      if (bom) argv.push('--bom');
      const oracle = whole(encoder.encode(text), null, flags, format as 'csv', bom);
      if (checkTotal) argv.push('--check-total', checkTotal === 'right' && oracle.ok ? oracle.total : checkTotal === 'junk' ? 'abc' : '12345.67');
      const csv = await runInProcess([...argv, '--format', format], { stdin: text });
      // md refuses --bom (README: Safe output): its stderr and exit code are compared without it.
      const md = await runInProcess([...argv.filter((a) => a !== '--bom'), '--format', 'md'], { stdin: text });
      expect(csv.code, csv.stderr).toBe(md.code);
      expect(csv.stderr).toBe(md.stderr);
      expect(csv.stderr).not.toContain('internal error');
      if (csv.code === 0) {
        expect(oracle.ok).toBe(true);
        if (oracle.ok) expect(csv.stdout).toBe(oracle.text);
      } else expect(csv.stdout).toBe('');
      compared++;
    }
    expect(compared).toBeGreaterThan(30);
  }, 600_000);
});

const H = 'URN,School,Status,Phase,NOR\n';
const cases: [string, string | Uint8Array, string[]][] = [
  ['bom+quoted header only', '\uFEFF"URN","School"\r\n', []],
  ['bom+quoted header', '\uFEFF"URN","School","Status","Phase","NOR"\r\n"1","A","Community","Primary","100"\r\n', []],
  ['blank lines before header', '\n\n\nURN,School,Status,Phase,NOR\n1,A,Community,Primary,100\n', []],
  ['blank crlf lines before header', '\r\n\r\nURN,School,Status,Phase,NOR\r\n1,A,Community,Primary,100\r\n', []],
  ['dup header', 'URN,School,Status,Phase,NOR,NOR\n1,A,Community,Primary,100,200\n', []],
  ['ambiguous nor', 'URN,School,Status,Phase,NOR,Number on roll\n1,A,Community,Primary,100,200\n', []],
  ['column mapping', 'URN,School,Status,Phase,NOR,NOR Jan\n1,A,Community,Primary,100,200\n', ['--column', 'nor=NOR Jan']],
  ['column mapping quoted spaces', 'URN,"  School name ",Status,Phase,NOR\n1,A,Community,Primary,100\n', ['--column', 'name=School name']],
  ['trailing empty column', 'URN,School,Status,Phase,NOR,\n1,A,Community,Primary,100,\n2,B,Community,Primary,100,\n', []],
  ['trailing empty column ragged', 'URN,School,Status,Phase,NOR\n1,A,Community,Primary,100,\n', []],
  ['last line no newline', H + '1,A,Community,Primary,100', []],
  ['last line quoted no newline', H + '1,"A","Community","Primary","100"', []],
  ['cr in quoted', H + '1,"A\r\nB",Community,Primary,100\n', []],
  ['cr in quoted crlf file', 'URN,School,Status,Phase,NOR\r\n1,"A\r\nB",Community,Primary,100\r\n', []],
  ['lf in quoted crlf file', 'URN,School,Status,Phase,NOR\r\n1,"A\nB",Community,Primary,100\r\n', []],
  ['ids spaces', H + ' 1 ,A,Community,Primary,100\n1,B,Community,Primary,100\n', []],
  ['ids lead zeros', H + '01,A,Community,Primary,100\n1,B,Community,Primary,100\n', ['--foot', '--rate', '0.333']],
  ['huge ids', H + '123456789012345678901234567890,A,Community,Primary,100\n123456789012345678901234567891,B,Community,Primary,100\n9,C,Community,Primary,100\n', ['--foot', '--rate', '0.333']],
  ['empty ids case names', H + ',Ashford,Community,Primary,100\n,ashford,Community,Primary,100\n', []],
  ['empty ids names differ', H + ',Ashford,Community,Primary,100\n,Bshford,Community,Primary,100\n,bshford x,Community,Primary,100\n', ['--foot', '--rate', '0.333']],
  ['nor variants', H + '1,A,Community,Primary,"1,179"\n2,B,Community,Primary, 421 \n3,C,Community,Primary,12.50\n4,D,Community,Primary,0\n', ['--rate', '5.83']],
  ['months', 'URN,School,Status,Phase,NOR,Months\n1,A,Community,Primary,100,7\n2,B,Community,Primary,100,\n3,C,Community,Primary,100,0\n', ['--rate', '5.83', '--foot']],
  ['months 13', 'URN,School,Status,Phase,NOR,Months\n1,A,Community,Primary,100,13\n', []],
  ['gias closed', 'URN,School,Status,Phase,NOR,EstablishmentStatus (name)\n1,A,Community,Primary,100,Open\n2,B,Mystery,Primary,x,Closed\n', []],
  ['invalid utf8 forced', new Uint8Array([...encoder.encode(H + '1,A'), 0xff, ...encoder.encode(',Community,Primary,100\n')]), ['--encoding', 'utf-8']],
  ['total only', H + ',Total,,,100\n', []],
  ['header only', H, []],
  ['header only no nl', 'URN,School,Status,Phase,NOR', []],
  ['empty', '', []],
  ['bom only', '\uFEFF', []],
  ['only blank rows', H + ',,,,\n,,,,\n', []],
  ['formula names', H + '1,=SUM(A1),Community,Primary,100\n2,-2,Community,Primary,100\n3,+3,Community,Primary,100\n4,@x,Community,Primary,100\n5,"\tT",Community,Primary,100\n', []],
  ['nor zero per pupil', H + '1,A,Community,Primary,0\n', ['--basis', 'school', '--rate', '1000']],
  ['basis school no nor', 'URN,School,Status,Phase\n1,A,Community,Primary\n', ['--basis', 'school', '--rate', '1000']],
  ['no phase', 'URN,School,Status,NOR\n1,A,Community,100\n', []],
  ['no status', 'URN,School,Phase,NOR\n1,A,Primary,100\n', []],
  ['check-total right', H + '1,A,Community,Primary,100\n', ['--check-total', '500']],
  ['check-total wrong', H + '1,A,Community,Primary,100\n', ['--check-total', '501']],
  ['check-total junk', H + '1,A,Community,Primary,100\n', ['--check-total', 'x']],
  ['check-total bad census', H + '1,A,Community,Primary,x\n', ['--check-total', 'x']],
  ['strict', H + '1,A,Community,Primary,100\n', ['--strict']],
  ['footing warning', H + '1,A,Community,Primary,1\n2,B,Community,Primary,1\n3,C,Community,Primary,1\n', ['--rate', '0.5']],
  ['quiet footing warning', H + '1,A,Community,Primary,1\n2,B,Community,Primary,1\n3,C,Community,Primary,1\n', ['--rate', '0.5', '--quiet']],
  ['nul byte', H + '1,A\0,Community,Primary,100\n', []],
  ['u+2028', H + '1,A\u2028B,Community,Primary,100\n', []],
  ['mid bom', H + '1,A,Community,Primary,100\n\uFEFF2,B,Community,Primary,100\n', []],
  ['mid bom blank', H + '1,A,Community,Primary,100\n\uFEFF\n2,B,Community,Primary,100\n', []],
  ['rate for other phase', H + '1,A,Community,Secondary,100\n', ['--rate', 'primary=5']],
  ['all-through split one phase', 'URN,School,Status,Phase,NOR,NOR primary,NOR secondary\n1,A,Community,All-through,100,60,40\n2,B,Community,Primary,50,,\n', ['--phases', 'primary', '--rate', '0.333', '--foot']],
  ['nursery', H + '1,A,Local authority nursery school,Nursery,100\n', ['--phases', 'nursery']],
];

describe('review: CLI cases, csv (streamed) against md and against csv --all (read whole)', () => {
  it('gives the same exit code, stderr and table', async () => {
    for (const [what, census, extra] of cases) {
      const base = ['allocate', '-', ...(extra.includes('--rate') ? [] : ['--rate', '5']), ...extra];
      const csv = await runInProcess([...base, '--format', 'csv'], { stdin: census });
      const md = await runInProcess([...base, '--format', 'md'], { stdin: census });
      expect(csv.code, what).toBe(md.code);
      expect(csv.stderr, what).toBe(md.stderr);
      expect(csv.stderr, what).not.toContain('internal error');
      if (csv.code !== 0) {
        expect(csv.stdout, what).toBe('');
        continue;
      }
      // --all reads the census whole; with every school charged its table is this one plus an empty last column.
      if (/Closed|nursery/.test(String(census))) continue;
      const all = await runInProcess([...base, '--format', 'csv', '--all'], { stdin: census });
      expect(csv.stdout, what).toBe(all.stdout.replace(/,not_charged\n/, '\n').replace(/,\n/g, '\n'));
    }
  });
});

describe('review: the piecewise reader on raw cells', () => {
  it('raw text: pieces read as the whole text', () => {
    let agree = 0, declined = 0;
    const cell = fc.tuple(fc.array(fc.oneof({ weight: 20, arbitrary: fc.constantFrom('a', 'b', ' ', 'é', '𝄞') }, { weight: 2, arbitrary: fc.constantFrom(',', '\n', '""') }, { weight: 1, arbitrary: fc.constantFrom('"', '\r\n', '\r', '\uFEFF') }), { maxLength: 6 }), fc.constantFrom('plain', 'plain', 'plain', 'quoted', 'escaped', 'escaped')).map(([p, q]) => {
      const t = p.join('');
      return q === 'plain' ? t : q === 'quoted' ? `"${t}"` : `"${t.replace(/"/g, '""')}"`;
    });
    const row = fc.tuple(cell, cell, cell).map((c) => c.join(','));
    fc.assert(fc.property(fc.array(row, { maxLength: 8 }), fc.constantFrom('\n', '\r\n', '\n'), fc.boolean(), fc.integer({ min: 1, max: 20 }), (rows, eol, trailing, size) => {
      const text = 'h1,h2,h3' + eol + rows.join(eol) + (trailing ? eol : '');
      const want = fastRecords(text);
      const s = streamCensus(encoder.encode(text), 'x.csv', {}, size);
      let got: unknown;
      if (!s) got = 'declined';
      else {
        try { got = [...s.batches()].flat().map((r) => ({ line: r.line, cells: r.cells })); } catch (e) { got = (e as Error).constructor.name; }
      }
      if (want === null) { expect(got === 'declined' || got === 'NeedsWholeFile').toBe(true); declined++; return; }
      if (typeof got === 'string') { expect(['DataError', 'NeedsWholeFile']).toContain(got); return; }
      const blank = (r: { cells: string[] }) => r.cells.every((c) => c.trim() === '');
      expect(got).toEqual(want.slice(1).filter((r) => !blank(r)).map((r) => ({ line: r.line, cells: r.cells })));
      agree++;
    }), { numRuns: Number(process.env.RAW_RUNS ?? 20000) });
    expect(agree).toBeGreaterThan(100);
  }, 600000);
});

// The piecewise reader reads an unfinished record again, from its start, with the next
// piece in front. A quoted cell that spans many pieces (an unclosed quote, or a huge
// multi-line cell) was once re-read once per piece: quadratic in the file's size (an
// unclosed quote in the header of a 1,000,000-row census took 175 s in csv against 1.4 s
// in md). Pieces now grow with the unfinished record. Counted here as characters handed to
// RecordReader.read (deterministic, unlike a timing): a linear reading hands over about the
// file's length.
function charactersRead(bytes: Uint8Array): { read: number; streamed: boolean } {
  const original = RecordReader.prototype.read;
  let read = 0;
  RecordReader.prototype.read = function (this: RecordReader, text: string, from: number, last: boolean, take: (record: CsvRecord) => void) {
    read += text.length - from;
    return original.call(this, text, from, last, take);
  };
  try {
    const streamed = streamAllocation(bytes, 'census.csv', buildSettings(null, { rate: ['5'] })) !== null;
    return { read, streamed };
  } finally {
    RecordReader.prototype.read = original;
  }
}

function rows(n: number, row2: (i: number) => string = (i) => `${i + 1},School ${i},Community,Primary,100`): string[] {
  return Array.from({ length: n }, (_, i) => row2(i));
}

describe('review: piecewise reading stays linear', () => {
  it('reads a plain 2 MB census about once (guard)', () => {
    const text = ['URN,School,Status,Phase,NOR', ...rows(60000)].join('\n') + '\n';
    const { read, streamed } = charactersRead(encoder.encode(text));
    expect(streamed).toBe(true);
    // Two readings (the census is small enough to keep its schools, so one) plus the header's piece.
    expect(read).toBeLessThan(3 * text.length);
  });

  it('reads a census with a quote never closed in a row a few times at most before it declines', () => {
    const text = ['URN,School,Status,Phase,NOR', ...rows(60000, (i) => `${i + 1},${i === 1 ? '"' : ''}School ${i},Community,Primary,100`)].join('\n') + '\n';
    const { read, streamed } = charactersRead(encoder.encode(text));
    expect(streamed).toBe(false);
    expect(read).toBeLessThan(3 * text.length);
  });

  it('reads a census with a quote never closed in the header a few times at most', () => {
    const text = ['URN,"School,Status,Phase,NOR', ...rows(30000)].join('\n') + '\n';
    const { read, streamed } = charactersRead(encoder.encode(text));
    expect(streamed).toBe(false);
    expect(read).toBeLessThan(3 * text.length);
  });

  it('reads a census with a large multi-line quoted cell a few times at most, and streams it', () => {
    const cell = `"${'a line of notes\n'.repeat(65536)}"`;
    const text = ['URN,School,Status,Phase,NOR,Notes', ...rows(100, (i) => `${i + 1},School ${i},Community,Primary,100,${i === 50 ? cell : 'x'}`)].join('\n') + '\n';
    const { read, streamed } = charactersRead(encoder.encode(text));
    expect(streamed).toBe(true);
    expect(read).toBeLessThan(3 * text.length);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { streamAllocation } from '../../src/io/stream-allocation.js';
import { streamCensus } from '../../src/io/census-stream.js';
import { fastRecords } from '../../src/io/csv-records.js';
import { buildSettings, type PlanFlags } from '../../src/io/plan.js';
import type { ConfigInput } from '../../src/io/config-schema.js';
import { streamedAllocationDoc } from '../../src/render/allocation-doc.js';
import { csvChunks } from '../../src/render/csv.js';
import { runInProcess } from '../helpers/run.js';
import { streamed, whole } from '../helpers/stream.js';
// @ts-ignore: the bench is plain JavaScript run by node, without type declarations
import { generateCensus } from '../../bench/generate.js';

// `allocate --format csv|tsv` reads a census a piece at a time for the common plan (one
// service at given rates). Whatever it prints must be byte for byte what reading the census
// whole prints, with the same warnings and Total; and wherever reading whole fails (or needs
// what the streamed reading does not do), the streamed reading must decline, never print.
// Pieces of a few bytes put piece boundaries inside rows, quoted cells and line endings.

const encoder = new TextEncoder();

const STATUSES = ['Community school', 'Voluntary aided school', 'Foundation', 'VC', 'Academy converter', 'Free schools', 'Community special school', 'Pupil referral unit', 'Local authority nursery school', 'Other independent school', 'academy', 'Mystery'];
const PHASES = ['Primary', 'Secondary', 'All-through', 'Nursery', 'Not applicable', 'Middle deemed primary', 'Infant', 'primary', 'Sideways'];
const NAMES = ['Ashford Primary', 'Bexley, Kent School', 'The "Chelsea" Academy', 'Öland Close', 'Ysgol Bro Ŵyr', 'St Mary’s RC', 'Line\nbreak School', '=SUM(A1)', ' Padded ', 'ashford primary'];

const rowArb = fc.record({
  id: fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 1, max: 60 }).map(String) },
    { weight: 1, arbitrary: fc.constantFrom('', '007', '0', 'DfE/123', '4294967296', '12345678901') },
  ),
  name: fc.constantFrom(...NAMES),
  status: fc.constantFrom(...STATUSES),
  phase: fc.constantFrom(...PHASES),
  nor: fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: 0, max: 40 }).map((n) => String(n * 25)) },
    { weight: 1, arbitrary: fc.constantFrom('', '12.5', '1,179', '-3', 'x', ' 421 ', '0.125') },
  ),
  fsm: fc.integer({ min: 0, max: 30 }).map(String),
  months: fc.constantFrom('', '12', '7', '5.5', '13'),
  open: fc.constantFrom('Open', 'Open', 'Open', 'Closed', 'Proposed to open', ''),
});

function cell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const censusArb = fc.record({
  rows: fc.array(rowArb, { minLength: 0, maxLength: 40 }),
  crlf: fc.boolean(),
  bom: fc.boolean(),
  withMonths: fc.boolean(),
  withOpen: fc.boolean(),
  blankLines: fc.boolean(),
  totalRow: fc.constantFrom(false, false, false, true),
  trailingNewline: fc.boolean(),
});

type CensusCase = typeof censusArb extends fc.Arbitrary<infer C> ? C : never;

function censusText(c: CensusCase): string {
  const eol = c.crlf ? '\r\n' : '\n';
  const header = ['URN', 'School name', 'Status', 'Phase', 'NOR', 'FSM', ...(c.withMonths ? ['Months'] : []), ...(c.withOpen ? ['EstablishmentStatus (name)'] : [])].join(',');
  const lines = [header];
  c.rows.forEach((r, i) => {
    lines.push([cell(r.id), cell(r.name), cell(r.status), cell(r.phase), cell(r.nor), r.fsm, ...(c.withMonths ? [r.months] : []), ...(c.withOpen ? [r.open] : [])].join(','));
    if (c.blankLines && i % 7 === 3) lines.push('');
  });
  if (c.totalRow) lines.push(['', 'Total', '', '', '100', '10', ...(c.withMonths ? [''] : []), ...(c.withOpen ? [''] : [])].join(','));
  return `${c.bom ? '\uFEFF' : ''}${lines.join(eol)}${c.trailingNewline ? eol : ''}`;
}

const planArb = fc.record({
  rate: fc.oneof(fc.constantFrom(['5.83'], ['primary=5.83', 'secondary=7.92'], ['12.5'], ['0.333'], ['primary=3', 'secondary=3'], ['1000'], ['nursery=2']), fc.integer({ min: 0, max: 2000 }).map((n) => [(n / 100).toFixed(2)])),
  round: fc.constantFrom(undefined, '0.01', '1', '100', '0.05', '10'),
  rounding: fc.constantFrom(undefined, 'half-up', 'half-even', 'down', 'up'),
  foot: fc.boolean(),
  basis: fc.constantFrom(undefined, undefined, 'fsm', 'school'),
  allThrough: fc.constantFrom(undefined, 'primary', 'secondary'),
  phases: fc.constantFrom(undefined, 'primary,secondary,nursery'),
  statuses: fc.constantFrom(undefined, undefined, 'all', 'community,academy'),
});

describe('a census read a piece at a time', () => {
  it('prints exactly what reading it whole prints, or declines where that fails', () => {
    let streamedCases = 0;
    let declined = 0;
    fc.assert(
      fc.property(censusArb, planArb, fc.integer({ min: 1, max: 300 }), fc.boolean(), fc.constantFrom('csv' as const, 'tsv' as const), fc.boolean(), (census, plan, pieceSize, keep, format, bom) => {
        const bytes = encoder.encode(censusText(census));
        const flags: PlanFlags = { rate: plan.rate, ...(plan.round ? { round: plan.round } : {}), ...(plan.rounding ? { rounding: plan.rounding } : {}), foot: plan.foot, ...(plan.basis ? { basis: plan.basis } : {}), ...(plan.phases ? { phases: plan.phases } : {}), ...(plan.statuses ? { statuses: plan.statuses } : {}) };
        const config: ConfigInput | null = plan.allThrough ? { charge: { allThrough: plan.allThrough } } : null;
        const expected = whole(bytes, config, flags, format, bom);
        const got = streamed(bytes, config, flags, format, bom, pieceSize, keep ? 1 << 20 : 0);
        if (got === null) {
          declined++;
          return;
        }
        streamedCases++;
        expect(expected.ok, expected.ok ? '' : expected.error).toBe(true);
        if (!expected.ok) return;
        expect(got.text).toBe(expected.text);
        expect(got.again).toBe(expected.text);
        expect(got.diagnostics).toEqual(expected.diagnostics);
        expect(got.total).toBe(expected.total);
      }),
      { numRuns: 1500 },
    );
    // Both sides of the property are exercised: about 330 of 1,500 cases stream (duplicate
    // ids, Total rows and bad figures send the rest to the whole-file reading).
    expect(streamedCases).toBeGreaterThan(200);
    expect(declined).toBeGreaterThan(100);
  });

  it('reads records across piece boundaries as the whole text reads them', () => {
    const textArb = fc.array(
      fc.array(fc.oneof(fc.constantFrom('a', 'b c', '"q ""x"" y"', '"multi\nline"', '"with, comma"', '', 'Ŵ', '£12'), fc.string({ maxLength: 4 }).filter((s) => !/["\r\n,]/.test(s))), { minLength: 3, maxLength: 3 }),
      { minLength: 1, maxLength: 12 },
    );
    fc.assert(
      fc.property(textArb, fc.boolean(), fc.boolean(), (records, crlf, trailing) => {
        const eol = crlf ? '\r\n' : '\n';
        const text = records.map((r) => r.join(',')).join(eol) + (trailing ? eol : '');
        const expected = fastRecords(text);
        const census = `h1,h2,h3${eol}${text}`;
        const stream = streamCensus(encoder.encode(census), 'x.csv', {}, 1 << 20);
        const small = streamCensus(encoder.encode(census), 'x.csv', {}, 1);
        const read = (s: ReturnType<typeof streamCensus>) => {
          if (!s) return 'declined';
          try {
            return [...s.batches()].flat().map((r) => ({ line: r.line - 1, cells: r.cells }));
          } catch (error) {
            return (error as Error).constructor.name;
          }
        };
        const blankRows = (r: { cells: string[] }) => r.cells.every((c) => c.trim() === '');
        const want = expected === null ? null : expected.filter((r) => !blankRows(r)).map((r) => ({ line: r.line, cells: r.cells }));
        const a = read(stream);
        const b = read(small);
        expect(b).toEqual(a);
        if (want !== null && want.length > 0 && Array.isArray(a)) expect(a).toEqual(want);
      }),
      { numRuns: 500 },
    );
  });

  // Each census below is one the streamed reading must hand back to the whole-file reading:
  // the table (or the error) then comes from there, as it always has.
  const HEADER = 'URN,School,Status,Phase,NOR\n';
  const DECLINED: [string, Uint8Array | string][] = [
    ['a Total row (control totals)', `${HEADER}1,A,Community,Primary,100\n,Total,,,100\n`],
    ['a duplicate id', `${HEADER}1,A,Community,Primary,100\n1,B,Community,Primary,100\n`],
    ['a duplicate name without ids', 'School,Status,Phase,NOR\nA,Community,Primary,100\na,Community,Primary,100\n'],
    ['a ragged row late in the file', `${HEADER}1,A,Community,Primary,100\n2,B,Community,Primary,100,9\n`],
    ['mixed line endings (csv-parse reads them)', `${HEADER}1,A,Community,Primary,100\r\n2,B,Community,Primary,100\n`],
    ['a lone CR', `${HEADER}1,A\rB,Community,Primary,100\n`],
    ['a quote never closed', `${HEADER}1,"A,Community,Primary,100\n`],
    ['an unknown status on a charged phase', `${HEADER}1,A,Mystery,Primary,100\n`],
    ['NOR not a number', `${HEADER}1,A,Community,Primary,lots\n`],
    ['an all-through school split by phase', 'URN,School,Status,Phase,NOR,NOR primary,NOR secondary\n1,A,Community,All-through,100,60,40\n'],
    ['Windows-1252 bytes', new Uint8Array([...encoder.encode(`${HEADER}1,`), 0xa3, ...encoder.encode('A,Community,Primary,100\n')])],
    ['UTF-16 with a BOM', new Uint8Array([0xff, 0xfe, ...[...`${HEADER}1,A,Community,Primary,100\n`].flatMap((c) => [c.charCodeAt(0), 0])])],
    ['two byte-order marks', new Uint8Array([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, ...encoder.encode(`${HEADER}1,A,Community,Primary,100\n`)])],
    ['no schools', HEADER],
    ['an empty file', ''],
  ];
  for (const [what, census] of DECLINED) {
    it(`hands a census with ${what} to the whole-file reading`, () => {
      const bytes = typeof census === 'string' ? encoder.encode(census) : census;
      const settings = buildSettings(null, { rate: ['5'] });
      expect(streamAllocation(bytes, 'census.csv', settings, { pieceSize: 8 })).toBeNull();
      expect(streamAllocation(bytes, 'census.csv', settings)).toBeNull();
    });
  }

  it('streams the plain case, and a plan it does not handle is read whole', () => {
    const bytes = encoder.encode(`${HEADER}1,A,Community,Primary,100\n`);
    expect(streamAllocation(bytes, 'census.csv', buildSettings(null, { rate: ['5'] }))).not.toBeNull();
    expect(streamAllocation(bytes, 'census.csv', buildSettings(null, { target: ['500'] }))).toBeNull();
    expect(streamAllocation(bytes, 'census.csv', buildSettings(null, { rate: ['5'], months: '5,7' }))).toBeNull();
    const two: ConfigInput = { services: [{ name: 'A', rate: '1' }, { name: 'B', rate: '2' }] };
    expect(streamAllocation(bytes, 'census.csv', buildSettings(two, {}))).toBeNull();
  });

  it('gives the same errors and warnings through the CLI in csv as in the other formats', async () => {
    for (const [, census] of DECLINED) {
      const stdin = typeof census === 'string' ? encoder.encode(census) : census;
      const csv = await runInProcess(['allocate', '-', '--rate', '5', '--format', 'csv'], { stdin });
      const md = await runInProcess(['allocate', '-', '--rate', '5', '--format', 'md'], { stdin });
      expect(csv.code).toBe(md.code);
      expect(csv.stderr).toBe(md.stderr);
    }
  });

  it("reads the bench's census a piece at a time, as a million rows need to stay small", () => {
    const census = encoder.encode(generateCensus(3000, 11));
    const settings = buildSettings(null, { rate: ['primary=5.83', 'secondary=7.92'], foot: true });
    // The million-row mode: nothing kept from the first reading, the census read again.
    const run = streamAllocation(census, 'census.csv', settings, { keepBytes: 0 });
    expect(run).not.toBeNull();
    const expected = whole(census, null, { rate: ['primary=5.83', 'secondary=7.92'], foot: true }, 'csv', false);
    const doc = streamedAllocationDoc(run!.allocation, run!.rows);
    expect(expected.ok && [...csvChunks(doc, { bom: false }, 'csv')].join('')).toBe(expected.ok && expected.text);
  });
});

import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/bin.js';
import { runInProcess, type InProcessRun } from '../helpers/run.js';

// README "Files dedel reads and writes": every reader (census, cost plan, compare, config)
// takes random bytes and damaged copies of a valid file without a crash or a stack, and never
// exits 0 with a figure that differs from reading the valid file.
const CENSUS =
  'URN,School,Status,Phase,NOR,SEN\r\n' +
  '100001,"Smith, John Primary",Community,Primary,"1,179",12\r\n' +
  '100002,Ash Infants,Voluntary aided,Primary,421,3\r\n' +
  '100003,"The ""Oak"" Academy",Academy,Secondary,900,40\r\n' +
  '100004,Beech High,Foundation,Secondary,£250,7\r\n' +
  '100005,Élan Junior,VC,Primary,99.0,1\r\n';
const CONFIG = JSON.stringify({ title: 'Draft', rounding: { unit: '1', mode: 'half-up' }, services: [{ name: 'School Improvement', rate: { primary: '5.10', secondary: '7.25' } }, { name: 'Licences', basis: 'sen', rate: 12 }] }, null, 2);
const PLAN = readFileSync(join(ROOT, 'fixtures/sefton/commitment-2023-24.csv'), 'utf8');

interface Reader {
  name: string;
  valid: () => string;
  args: string[];
}

let dir = '';
let allocation = '';
const READERS: Reader[] = [
  { name: 'census', valid: () => CENSUS, args: ['allocate', '-', '-c', 'config.json', '-f', 'csv'] },
  { name: 'cost plan', valid: () => PLAN, args: ['costs', '-', '-f', 'csv'] },
  { name: 'compare', valid: () => allocation, args: ['compare', '-', 'after.csv', '-f', 'csv'] },
  { name: 'config', valid: () => CONFIG, args: ['allocate', 'census.csv', '-c', '-', '-f', 'csv'] },
];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dedel-readers-'));
  writeFileSync(join(dir, 'census.csv'), CENSUS);
  writeFileSync(join(dir, 'config.json'), CONFIG);
  const run = await runInProcess(['allocate', 'census.csv', '-c', 'config.json', '-f', 'csv'], { cwd: dir });
  expect(run.code).toBe(0);
  allocation = run.stdout;
  writeFileSync(join(dir, 'after.csv'), allocation.replace('100002,Ash Infants', '100009,Ash Infants'));
});

const run = (reader: Reader, stdin: Uint8Array) => runInProcess(reader.args, { cwd: dir, stdin });
const bytes = (text: string) => new TextEncoder().encode(text);

/** The figure a run printed: the `total` (or, for compare, `change`) of its Total row. */
function figure(reader: Reader, out: InProcessRun): string {
  const lines = out.stdout.trimEnd().split('\n');
  const header = lines[0]!.split(',');
  const last = lines.at(-1)!.split(',');
  return last[header.indexOf(reader.name === 'compare' ? 'change' : 'total')] ?? '';
}

/** No crash: an exit code dedel gives, its own one-line messages, no stack, nothing printed on failure. */
function expectHandled(out: InProcessRun): void {
  expect([0, 1, 2, 3]).toContain(out.code);
  expect(out.stderr).not.toMatch(/internal error|\n\s+at |Error:/);
  for (const line of out.stderr.split('\n').filter(Boolean)) expect(line).toMatch(/^(dedel: |\(run with --help)/);
  if (out.code !== 0) expect(out.stdout).toBe('');
}

/** Single characters that change a file's shape, never a number's value on their own. */
const STRUCTURAL = [',', '"', "'", '\r', '\n', ' ', '\t', '\u0000', '\uFEFF', '\u202E', '\u0085', '{', '}', '[', ']', ':'];

/** Inserts the characters (or raw bytes 0xA3 and 0xFF) at the given places of the UTF-8 bytes. */
function insert(text: string, at: readonly [number, number][]): Uint8Array {
  let out = Array.from(bytes(text));
  for (const [place, pick] of at) {
    const p = place % (out.length + 1);
    const piece = pick < STRUCTURAL.length ? Array.from(bytes(STRUCTURAL[pick]!)) : [pick === STRUCTURAL.length ? 0xa3 : 0xff];
    out = [...out.slice(0, p), ...piece, ...out.slice(p)];
  }
  return Uint8Array.from(out);
}

/** Rewrites that keep a CSV's meaning: line endings, a BOM, blank lines, empty trailing cells on every row (a spreadsheet's padding). */
function sameMeaning(text: string, seed: number[]): string {
  const lines = text.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n');
  const eol = (i: number) => ((seed[i % seed.length]! & 1) === 1 ? '\r\n' : '\n');
  const body = lines.map((l, i) => (i > 0 && (seed[i % seed.length]! & 2) === 2 ? `${eol(i)}${l}` : l) + ((seed[0]! & 4) === 4 && i > 0 ? ',,' : ''));
  return `${(seed[0]! & 8) === 8 ? '\uFEFF' : ''}${body.map((l, i) => l + eol(i)).join('')}`;
}

describe.each(READERS.map((r) => [r.name, r] as const))('the %s reader', (_name, reader) => {
  it('reads the valid file', async () => {
    const out = await run(reader, bytes(reader.valid()));
    expect(out.code, out.stderr).toBe(0);
    expect(figure(reader, out)).toMatch(/^-?\d/);
  });

  it('takes random bytes without a crash or a stack', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.string({ unit: fc.constantFrom(...'URN,School,NOR,item,total,{}[]":1£\r\n "\''.split('')), maxLength: 120 }).map(bytes)), async (input) => {
        expectHandled(await run(reader, input));
      }),
      { numRuns: 40 },
    );
  });

  it('never prints another figure for a file with inserted commas, quotes, line breaks or odd bytes', async () => {
    const valid = reader.valid();
    const expected = figure(reader, await run(reader, bytes(valid)));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: STRUCTURAL.length + 1 })), { minLength: 1, maxLength: 3 }), async (at) => {
        const out = await run(reader, insert(valid, at));
        expectHandled(out);
        if (out.code === 0) expect(figure(reader, out)).toBe(expected);
      }),
      { numRuns: 60 },
    );
  });

  it.skipIf(reader.name === 'config')('prints the same figure for line endings, a BOM, blank lines and empty trailing cells', async () => {
    const valid = reader.valid();
    const expected = figure(reader, await run(reader, bytes(valid)));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat({ max: 15 }), { minLength: 1, maxLength: 8 }), async (seed) => {
        const out = await run(reader, bytes(sameMeaning(valid, seed)));
        expect(out.code, out.stderr).toBe(0);
        expect(figure(reader, out)).toBe(expected);
      }),
      { numRuns: 20 },
    );
  });
});

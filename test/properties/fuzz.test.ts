import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/io.js';
import { run } from '../../src/cli/main.js';
import { ROOT, runBin } from '../helpers/bin.js';

/** A valid census with every awkward feature: quotes, grouped and £ numbers, all-through split, a Total row. */
const VALID = [
  'URN,School,Status,Phase,NOR October 22,NOR primary,NOR secondary,SEN,SEN primary,SEN secondary',
  '100001,Abbey Road Primary School,Community,Primary,421,,,12,,',
  '100002,"St Mary\'s ""Star"", Primary",VA,Infant,"1,179",,,30,,',
  '100003,Castle Hill High,Foundation,Secondary,£1024,,,41,,',
  '100004,Oak All-through,VC,All-through,"1,500",600,900,55,20,35',
  '100005,Parkside Academy,Academy converter,Primary,,,,,,',
  '100006,Greenways School,Community special school,Not applicable,120,,,120,,',
  ',Total,,,"4,244",600,900,258,20,35',
  '',
].join('\r\n');

const GIAS = readFileSync(join(ROOT, 'fixtures/gias/establishments.csv'));

/** The flag sets the fuzz runs allocate with; none of them can fail a check (exit 3). */
const FLAGS: string[][] = [
  ['--rate', '5.10'],
  ['--rate', 'primary=5.83', '--rate', 'secondary=7.92', '--all'],
  ['--target', '100000', '--weight', 'primary=2', '--weight', 'secondary=3', '--foot'],
  ['--rate', '17.35', '--basis', 'sen', '--months', '5,7', '-f', 'json'],
  ['--target', 'primary=725000', '--target', 'secondary=435000', '--rate-unit', '0.01', '-f', 'tsv'],
  ['--rate', '5.10', '--phases', 'primary,secondary,nursery', '-f', 'md', '--encoding', 'utf-8'],
];

function fakeIo(input: Uint8Array): Io & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (text: string) => {
      io.out += text;
    },
    stderr: (text: string) => {
      io.err += text;
    },
    readStdin: async () => input,
    env: {},
    stdoutIsTTY: false,
    cwd: ROOT,
  };
  return io;
}

/** Exit 0 with output, or exit 1 with one short `dedel: error:` line, nothing on stdout, no stack. */
function expectCleanEnd(code: number, out: string, err: string): void {
  expect([0, 1]).toContain(code);
  expect(err).not.toContain('internal error');
  expect(err).not.toMatch(/^\s+at /m);
  if (code === 0) {
    expect(out.length).toBeGreaterThan(0);
    for (const line of err.trimEnd().split('\n').filter(Boolean)) expect(line).toMatch(/^dedel: warning: /);
  } else {
    expect(out).toBe('');
    const lines = err.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^dedel: error: \S/);
    expect(lines[0]!.length).toBeLessThan(2_000);
  }
}

async function allocateBytes(bytes: Uint8Array, flags: string[]): Promise<void> {
  const io = fakeIo(bytes);
  const code = await run(['allocate', '-', ...flags], io);
  expectCleanEnd(code, io.out, io.err);
}

/** Text and bytes that break CSV files in the wild. */
const PIECE = fc.constantFrom(',', '"', '""', '\n', '\r\n', '\r', ' ', '-', '£', '\u00a3', '=', '0', '9', '1,000', '(5)', 'Total', 'Primary', 'Academy', 'All-through', 'Not applicable', '\uFEFF', 'é', '\t', '');
const BYTE = fc.integer({ min: 0, max: 255 });

type Mutation =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'byte'; at: number; byte: number }
  | { kind: 'duplicate-line'; line: number }
  | { kind: 'drop-line'; line: number }
  | { kind: 'truncate'; at: number };

const MUTATION: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(PIECE, fc.string({ maxLength: 8 })) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('byte' as const), at: fc.nat(), byte: BYTE }),
  fc.record({ kind: fc.constant('duplicate-line' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('drop-line' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

function mutate(base: Buffer, mutations: readonly Mutation[]): Buffer {
  let bytes = base;
  for (const m of mutations) {
    const at = 'at' in m ? m.at % (bytes.length + 1) : 0;
    switch (m.kind) {
      case 'insert':
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(m.text, 'utf8'), bytes.subarray(at)]);
        break;
      case 'delete':
        bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + m.length)]);
        break;
      case 'byte':
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from([m.byte]), bytes.subarray(at + 1)]);
        break;
      case 'truncate':
        bytes = bytes.subarray(0, at);
        break;
      default: {
        const lines = bytes.toString('latin1').split('\n');
        const i = m.line % lines.length;
        if (m.kind === 'duplicate-line') lines.splice(i, 0, lines[i] ?? '');
        else lines.splice(i, 1);
        bytes = Buffer.from(lines.join('\n'), 'latin1');
      }
    }
  }
  return bytes;
}

describe('fuzz: allocate never crashes (in process)', () => {
  it('accepts the unmutated census on every flag set', async () => {
    for (const flags of FLAGS) {
      const io = fakeIo(Buffer.from(VALID));
      expect(await run(['allocate', '-', ...flags], io)).toBe(0);
    }
  });

  it('ends with exit 0 or 1 and a one-line message on random bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), fc.constantFrom(...FLAGS), async (bytes, flags) => allocateBytes(bytes, flags)),
      { numRuns: 200 },
    );
  });

  it('ends with exit 0 or 1 and a one-line message on random text built from CSV pieces', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(PIECE, fc.string({ maxLength: 6 })), { maxLength: 80 }), fc.constantFrom(...FLAGS), async (pieces, flags) =>
        allocateBytes(Buffer.from(`URN,School,Status,Phase,NOR\n${pieces.join('')}`), flags),
      ),
      { numRuns: 200 },
    );
  });

  it('ends with exit 0 or 1 and a one-line message on mutations of a valid census', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(MUTATION, { minLength: 1, maxLength: 6 }), fc.constantFrom(...FLAGS), async (mutations, flags) =>
        allocateBytes(mutate(Buffer.from(VALID), mutations), flags),
      ),
      { numRuns: 300 },
    );
  });

  it('ends with exit 0 or 1 and a one-line message on mutations of the GIAS extract', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(MUTATION, { minLength: 1, maxLength: 4 }), fc.constantFrom(...FLAGS), async (mutations, flags) =>
        allocateBytes(mutate(GIAS, mutations), flags),
      ),
      { numRuns: 100 },
    );
  });
});

describe('fuzz: allocate never crashes (through the bin)', () => {
  it('ends with exit 0 or 1 and a one-line message on a few mutated censuses', () => {
    fc.assert(
      fc.property(fc.array(MUTATION, { minLength: 1, maxLength: 6 }), fc.constantFrom(...FLAGS), (mutations, flags) => {
        const result = runBin(['allocate', '-', ...flags], { input: mutate(Buffer.from(VALID), mutations) });
        expectCleanEnd(result.code, result.stdout, result.stderr);
      }),
      { numRuns: 8, seed: 4 },
    );
  });

  it('ends with exit 1 and a one-line message on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 400 }), (bytes) => {
        const result = runBin(['allocate', '-', '--rate', '5'], { input: Buffer.from(bytes) });
        expectCleanEnd(result.code, result.stdout, result.stderr);
      }),
      { numRuns: 4, seed: 44 },
    );
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAmount } from '../../src/cli/commands/split.js';
import { DataError, UsageError } from '../../src/core/errors.js';
import { ROOT } from '../helpers/bin.js';
import { runCli } from '../helpers/run.js';

describe('the new commands are registered with a description and an example', () => {
  it('dedel --help lists rates, split and costs', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/rates \[options\] <census>\s+the per-phase table/);
    expect(run.stdout).toMatch(/split \[options\] <amounts\.\.\.>\s+period split/);
    expect(run.stdout).toMatch(/costs \[options\] <plan>\s+a cost build-up/);
  });

  for (const [command, example] of [
    // Long examples go on over a second line (` \\`), so the help fits 80 columns.
    ['rates', 'dedel rates census.csv --target 1160000 \\\n      --weight primary=2 --weight secondary=3'],
    ['split', 'dedel split "School Improvement=149600" "Behaviour Support=139300" \\\n      --months 5,7 --labels "De-delegated,Buy-back" --round 100'],
    ['costs', 'dedel costs commitment.csv --per-pupil census.csv --format md'],
  ] as const) {
    it(`dedel ${command} --help shows an example and the shared options under one heading`, async () => {
      const run = await runCli([command, '--help']);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`Example:\n  ${example}`);
      expect(run.stdout.match(/Shared options:/g)).toHaveLength(1);
      expect(run.stdout).toContain('-f, --format <format>');
    });
  }

  it('rates takes the same plan flags as allocate (but --subtotals, which groups schools)', async () => {
    const flags = async (command: string) => (await runCli([command, '--help'])).stdout.match(/^ {2}(--?[\w-]+(?:, --[\w-]+)?)/gm)?.map((f) => f.trim());
    expect(await flags('rates')).toEqual((await flags('allocate'))?.filter((f) => f !== '--subtotals'));
  });
});

describe('split arguments (argv → amounts)', () => {
  const table: [string, string, string][] = [
    ['School Improvement=149600', 'School Improvement', '149600'],
    ['Behaviour Support=£139,300', 'Behaviour Support', '139300'],
    ['A=B=12.50', 'A=B', '12.5'],
    ['149600', 'Amount 1', '149600'],
  ];
  for (const [arg, name, amount] of table) {
    it(`reads ${JSON.stringify(arg)} as ${name} = ${amount}`, () => {
      const parsed = parseAmount(arg, 0);
      expect([parsed.name, parsed.amount.toFixed()]).toEqual([name, amount]);
    });
  }
  it('refuses a negative amount as bad data and a missing name as bad usage', () => {
    expect(() => parseAmount('A=-1', 0)).toThrow(DataError);
    expect(() => parseAmount('=1', 0)).toThrow(UsageError);
  });
});

describe('the new core modules are pure', () => {
  for (const file of ['src/core/costs.ts', 'src/core/split.ts', 'src/core/solve.ts']) {
    it(`${file} imports nothing but other core modules`, () => {
      const imports = [...readFileSync(join(ROOT, file), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      expect(imports.filter((i) => !i!.startsWith('./'))).toEqual([]);
    });
  }
});

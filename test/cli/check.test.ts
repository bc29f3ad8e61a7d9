import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectGoldenInProcess, runCli } from '../helpers/run.js';

describe('dedel check', () => {
  it('reports a negative NOR, a duplicate URN and an unknown phase at once, and exits 1', async () => {
    const run = await expectGoldenInProcess('check-three-errors', ['check', 'fixtures/check/three-errors.csv']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const errors = run.stderr.split('\n').filter((l) => l.startsWith('dedel: error:'));
    expect(errors).toEqual([
      'dedel: error: fixtures/check/three-errors.csv:3: column "NOR": value "-12": NOR is negative for a school that is charged on it; expected a number of 0 or more, such as 421, 1,179 or 12.5',
      'dedel: error: fixtures/check/three-errors.csv:5: column "URN": value "100001": duplicate id, first on line 2; each school must appear once',
      'dedel: error: fixtures/check/three-errors.csv:6: column "Phase": value "Primery": unknown phase "Primery" for a school that would be charged; expected primary, secondary, all-through, nursery, special, pru or 16-plus (or infant, junior, first, lower, middle deemed primary or secondary, upper); to read it as one of dedel\'s phases, map it in the config: "census": { "phases": { "Primery": "primary" } }, or with --phase-word "Primery=primary"',
    ]);
    expect(run.stderr).toContain('dedel: 3 errors in fixtures/check/three-errors.csv:');
  });

  it('counts schools by phase and status, charged or not and why, with basis totals (golden)', async () => {
    const run = await expectGoldenInProcess('check-phases-csv', ['check', 'fixtures/check/phases.csv', '-f', 'csv']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        'phase,status,schools,charged,not_charged,nor_charged,reason',
        'primary,community,1,1,0,500,',
        'secondary,foundation,1,1,0,1000,',
        'secondary,academy,1,0,1,,academy',
        'Total,,3,2,1,1500,',
        '',
      ].join('\n'),
    );
  });

  it('checks the Sutton census clean, listing its warning (golden)', async () => {
    const run = await expectGoldenInProcess('check-sutton', ['check', 'fixtures/sutton/appendix-b.csv']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('22 schools; 22 charged by "De-delegation", 0 not. No errors; 1 warning (on stderr).');
    expect(run.stderr).toBe('dedel: warning: fixtures/sutton/appendix-b.csv: no phase column; every row is charged whatever its phase\n');
  });

  // An all-through school charged by phase has its SEN in parts: check counted none of it, so
  // its SEN total was less than the one allocate charges on.
  it('counts an all-through school split by phase on its parts, as allocate charges it', async () => {
    const args = ['fixtures/all-through-split/census.csv', '-c', 'fixtures/all-through-split/dedel.json', '--format', 'csv'];
    const check = await runCli(['check', ...args]);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toContain('all-through,community,1,1,0,1500,110,\n');
    expect(check.stdout).toContain('Total,,3,3,0,3091,244,\n');
    const allocate = await runCli(['allocate', ...args, '-q']);
    expect(allocate.stdout.trimEnd().split('\n').at(-1)).toMatch(/^,Total,,,3091,244,/);
  });

  it('lets the charge flags decide who is charged', async () => {
    const run = await runCli(['check', 'fixtures/check/phases.csv', '--statuses', 'all', '-f', 'json']);
    const json = JSON.parse(run.stdout);
    expect(json.total).toMatchObject({ schools: '3', charged: '3', not_charged: '0', nor_charged: '2300' });
  });

  it('reports a per-phase rate missing for a phase that is charged', async () => {
    const run = await runCli(['check', 'fixtures/check/phases.csv', '--rate', 'primary=5']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no rate for phase secondary, which it charges');
  });

  it('says how to charge a service in the phases it has rates for only (primary schools alone buy into it)', async () => {
    const run = await runCli(['check', 'fixtures/check/phases.csv', '--rate', 'primary=5']);
    expect(run.stderr).toContain(
      'no rate for phase secondary, which it charges; give one for secondary, or charge only primary (--phases primary, or "charge": { "phases": ["primary"] } on the service in a config)',
    );
    const only = await runCli(['check', 'fixtures/check/phases.csv', '--rate', 'primary=5', '--phases', 'primary']);
    expect(only.code).toBe(0);
  });
  // check listed --title with the plan flags and headed its table "Check of FILE" whatever was given.
  it('heads its table with --title where one is given', async () => {
    for (const format of ['table', 'md']) {
      const run = await runCli(['check', 'fixtures/sutton/appendix-b.csv', '--title', 'Census check 2024/25', '-q', '-f', format]);
      expect(run.code).toBe(0);
      expect(run.stdout.split('\n')[0]).toBe(format === 'md' ? '**Census check 2024/25**' : 'Census check 2024/25');
      expect(run.stdout).not.toContain('Check of');
    }
  });
});

describe('config errors name the config file in every command', () => {
  it('check and costs --per-pupil, as allocate does: they gave the JSON path alone (at rounding.unit)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-check-'));
    const config = join(dir, 'dedel.json');
    writeFileSync(config, '{ "services": [{ "name": "X", "rate": "5" }], "rounding": { "unit": "0" } }\n');
    const message = `dedel: error: ${config}: at rounding.unit: the rounding unit must be more than 0\n`;
    for (const args of [
      ['allocate', 'fixtures/two-services/census.csv', '-c', config],
      ['check', 'fixtures/two-services/census.csv', '-c', config],
      ['costs', 'fixtures/paper/costs-2024.csv', '--per-pupil', 'fixtures/two-services/census.csv', '-c', config],
    ]) {
      const run = await runCli(args);
      expect([run.code, run.stdout, run.stderr], args[0]).toEqual([1, '', message]);
    }
  });
});

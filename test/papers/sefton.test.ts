import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { impliedRate, priceCosts } from '../../src/core/costs.js';
import { Dec } from '../../src/core/decimal.js';
import { readCostPlan } from '../../src/io/costs.js';
import { ROOT, runBin } from '../helpers/bin.js';
import { runCli } from '../helpers/run.js';
import { csvRows } from './csv.js';

const PLAN = 'fixtures/sefton/commitment-2023-24.csv';
const d = (text: string) => new Dec(text);

describe('Sefton School Improvement commitment 2023-24', () => {
  it('prices 66 × £250, 6 × £450, 5 × 6 × £475, £22,000, 3 × £20,000 and £38,500 to a total of £153,950', async () => {
    const run = await runCli(['costs', PLAN, '-f', 'csv']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(csvRows(run.stdout).map((r) => [r.quantity, r.unit_cost, r.times, r.total])).toEqual([
      ['66', '250', '1', '16500'],
      ['6', '450', '1', '2700'],
      ['5', '475', '6', '14250'],
      ['', '', '', '22000'],
      ['3', '20000', '1', '60000'],
      ['', '', '', '38500'],
      ['', '', '', '153950'],
    ]);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('Total,,,,153950');
    expect(run.stdout.split('\n')[0]).toBe('item,quantity,unit_cost,times,total');
  });

  it('priceCosts multiplies quantity × unit cost × times (default 1) and keeps lump sums as given', () => {
    const plan = priceCosts([
      { item: 'visits', quantity: d('66'), unitCost: d('250'), times: null, total: null },
      { item: 'SIGs', quantity: d('5'), unitCost: d('475'), times: d('6'), total: null },
      { item: 'CPD', quantity: null, unitCost: null, times: null, total: d('22000') },
      { item: 'pence', quantity: d('3'), unitCost: d('0.10'), times: null, total: d('0.3') },
    ]);
    expect(plan.lines.map((l) => [l.total.toFixed(), l.times?.toFixed() ?? null])).toEqual([
      ['16500', '1'],
      ['14250', '6'],
      ['22000', null],
      ['0.3', '1'],
    ]);
    expect(plan.total.toFixed()).toBe('52750.3');
  });

  it('reads numbers exactly from grouped and £ text, and knows "Unit cost £" and "Qty" as column names', () => {
    const read = readCostPlan(new TextEncoder().encode('Item,Qty,Unit cost £,Times\nA,"1,000",£0.10,3\n'), 'plan.csv');
    expect(read.inputs[0]).toMatchObject({ item: 'A', total: null });
    expect([read.inputs[0]!.quantity?.toFixed(), read.inputs[0]!.unitCost?.toFixed(), read.inputs[0]!.times?.toFixed()]).toEqual(['1000', '0.1', '3']);
  });

  it('warns when the plan’s own Total line differs from its lines', async () => {
    const run = await runCli(['costs', '-', '-f', 'csv'], { input: 'item,total\nA,100\nB,50\nTotal,160\n' });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('dedel: warning: <stdin>:4: the Total line gives £160 but the lines add up to £150\n');
    expect(run.stdout).toBe('item,quantity,unit_cost,times,total\nA,,,,100\nB,,,,50\nTotal,,,,150\n');
  });

  it('impliedRate is the total ÷ pupils to 2 dp half-up', () => {
    const { rate, exact } = impliedRate(d('153950'), d('2000'));
    expect([rate.toFixed(2), exact.toFixed()]).toEqual(['76.98', '76.975']);
  });
});

describe('costs --per-pupil', () => {
  const args = ['costs', PLAN, '--per-pupil', 'fixtures/sefton/census.csv'];

  it('gives per_pupil in JSON over the NOR of the maintained primary and secondary schools', async () => {
    const run = await runCli([...args, '-f', 'json']);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.per_pupil).toEqual({ rate: '76.98', exact: '76.975', nor: '2000', schools: '5', census: 'fixtures/sefton/census.csv' });
    expect(json.total.total).toBe('153950');
  });

  it('writes a footnote in human formats', async () => {
    const run = await runCli([...args, '-f', 'md']);
    expect(run.stdout).toContain(
      '*Per pupil: £153,950 over 2,000 pupils (NOR of the 5 maintained primary and secondary schools charged in fixtures/sefton/census.csv) = £76.98 (to the penny, half-up).*',
    );
  });

  it('writes a stderr line for csv and leaves the csv itself unchanged', async () => {
    const run = await runCli([...args, '-f', 'csv']);
    expect(run.stderr).toBe(
      'dedel: info: Per pupil: £153,950 over 2,000 pupils (NOR of the 5 maintained primary and secondary schools charged in fixtures/sefton/census.csv) = £76.98 (to the penny, half-up).\n',
    );
    expect(run.stdout).toBe((await runCli(['costs', PLAN, '-f', 'csv'])).stdout);
  });

  it('follows --phases and --statuses', async () => {
    const json = JSON.parse((await runCli([...args, '--phases', 'primary', '-f', 'json'])).stdout);
    expect(json.per_pupil).toMatchObject({ rate: '109.96', nor: '1400', schools: '4' });
    const all = JSON.parse((await runCli([...args, '--statuses', 'all', '-f', 'json'])).stdout);
    expect(all.per_pupil).toMatchObject({ rate: '53.09', nor: '2900', schools: '6' });
  });

  it("follows the -c config's charge rule", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-costs-'));
    writeFileSync(join(dir, 'dedel.json'), JSON.stringify({ charge: { phases: ['secondary'], statuses: 'all' } }));
    const json = JSON.parse((await runCli([...args, '-c', join(dir, 'dedel.json'), '-f', 'json'])).stdout);
    expect(json.per_pupil).toMatchObject({ nor: '1500', schools: '2', rate: '102.63' });
  });
});

describe('a config service takes its target from a cost plan', () => {
  it('solves the rate from the plan total (path relative to the config file)', async () => {
    const run = await runCli(['rates', 'fixtures/sefton/census.csv', '-c', 'fixtures/sefton/dedel.json', '-f', 'csv']);
    expect(run.code).toBe(0);
    expect(csvRows(run.stdout).map((r) => [r.phase, r.rate, r.amount, r.target, r.difference])).toEqual([
      ['primary', '76.98', '107773', '', ''],
      ['secondary', '76.98', '46188', '', ''],
      ['all', '', '153961', '153950', '11'],
    ]);
  });

  it('works from another working folder, since the path is relative to the config', () => {
    // Through the bin: the working folder is the process's own, not a fake Io's.
    const run = runBin(['rates', resolve(ROOT, 'fixtures/sefton/census.csv'), '-c', resolve(ROOT, 'fixtures/sefton/dedel.json'), '-f', 'csv'], { cwd: tmpdir() });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('School Improvement,all,nor,2000,,153961,153950,11');
  });

  it('allocate uses the same target', async () => {
    const rows = csvRows((await runCli(['allocate', 'fixtures/sefton/census.csv', '-c', 'fixtures/sefton/dedel.json', '--foot', '-f', 'csv'])).stdout);
    expect(rows.at(-1)).toMatchObject({ school: 'Total', school_improvement: '153960' });
  });
});

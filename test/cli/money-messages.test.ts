import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run.js';
import { handWorkbook } from '../helpers/xlsx.js';

const inline = (t: string) => ` t="inlineStr"><is><t>${t}</t></is>`;
const n = (v: string) => `><v>${v}</v>`;

describe('messages that name sums of money print them as people read them (README: costs)', () => {
  it('a cost plan taking off more than its costs names each line and sum in pounds', async () => {
    const run = await runCli(['costs', '-'], { input: 'item,quantity,unit_cost,total\nVisits,4,250,\nless: balance brought forward,,,1250.5\nless: grant,,,2000\n' });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'dedel: error: <stdin>: the lines taken off ("less: balance brought forward" (line 3) £1,250.50, "less: grant" (line 4) £2,000) come to more than the costs (£1,000): the net amount would be -£2,250.50, and a net amount cannot be below zero\n',
    );
  });

  it('a config target less more than itself names the sums in pounds, at its JSON path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-money-'));
    writeFileSync(join(dir, 'net.json'), JSON.stringify({ services: [{ name: 'SI', target: '1000', less: [{ item: 'Grant', amount: '2500.5' }] }] }));
    const run = await runCli(['rates', 'fixtures/sutton/appendix-b.csv', '-c', 'net.json'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'dedel: error: net.json: at services[0].less: the lines taken off ("Grant" £2,500.50) come to more than £1,000: the net amount would be -£1,500.50, and a net amount cannot be below zero\n',
    );
  });

  it('a workbook cost plan whose line total disagrees is restated at its cell, with the sums in pounds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-money-'));
    const rows = [
      [inline('item'), inline('quantity'), inline('unit_cost'), inline('times'), inline('total')],
      [inline('SIG groups'), n('5'), n('1475'), n('6'), n('14000')],
    ];
    writeFileSync(join(dir, 'plan.xlsx'), handWorkbook([{ name: 'Costs', rows }]));
    const run = await runCli(['costs', 'plan.xlsx'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('dedel: error: plan.xlsx: sheet "Costs" cell E2: value "14000": "SIG groups": the total £14,000 does not agree with 5 × £1,475 × 6 = £44,250\n');
  });
});

describe('footnotes name a rounding unit as money is printed, grouped', () => {
  it('--round 1000 reads "rounded to £1,000" in allocate, split and rates, not "£1000"', async () => {
    const allocate = await runCli(['allocate', 'fixtures/sutton/appendix-b.csv', '--rate', '51', '--round', '1000', '--foot', '-f', 'md', '-q']);
    expect(allocate.stdout).toContain('rounded to £1,000 by largest remainder so the rows add up to £508,000');
    const split = await runCli(['split', 'A=1490600', '--months', '5,7', '--round', '1000', '-f', 'md']);
    expect(split.stdout).toContain('Each amount rounded half-up to £1,000, then split 5/12 and 7/12, each part to £1,000 by largest remainder');
    const rates = await runCli(['rates', 'fixtures/sutton/appendix-b.csv', '--target', '508000', '--round', '1000', '--foot', '-f', 'md', '-q']);
    expect(rates.stdout).toContain('rounded to £1,000 by largest remainder');
    expect(`${allocate.stdout}${split.stdout}${rates.stdout}`).not.toMatch(/£1000\b/);
  });
});

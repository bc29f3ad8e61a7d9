import { describe, expect, it } from 'vitest';
import { Dec } from '../../src/core/decimal.js';
import { runInProcess } from '../helpers/run.js';

// The two-year example (fixtures/paper): Sutton's Appendix B 2024/25 and a made-up 2023/24
// before it, with one school converted to an academy and one closed in between.
const LAST = 'fixtures/paper/census-2023.csv';
const THIS = 'fixtures/paper/census-2024.csv';
const YEARS = ['-c', 'fixtures/paper/proposal-2024.json', '--before-config', 'fixtures/paper/proposal-2023.json', '--years', '2023/24,2024/25'];

const csv = (text: string) => text.trim().split('\n').map((l) => l.split(','));
const sum = (values: string[]) => values.reduce((s, v) => s.plus(v === '' ? 0 : v), new Dec(0));

describe('dedel compare, year on year', () => {
  it('gives per service and phase each year\'s rate, units and amount, and the change', async () => {
    const run = await runInProcess(['compare', LAST, THIS, ...YEARS, '--by', 'service', '-f', 'csv', '-q']);
    expect(run.code).toBe(0);
    const [header, ...rows] = csv(run.stdout);
    expect(header).toEqual(['service', 'phase', 'basis', 'rate_before', 'rate_after', 'units_before', 'units_after', 'amount_before', 'amount_after', 'change', 'change_pct']);
    // £48,600 over 10,452 pupils is £4.65 to the penny; £50,837 over 9,968 is £5.10. Footed to the
    // rounded exact totals: 10,452 × 4.65 = £48,601.80 → £48,602; 9,968 × 5.10 = £50,836.80 → £50,837.
    expect(rows[0]!.slice(0, 7)).toEqual(['School Improvement', 'primary', 'nor', '4.65', '5.10', '8317', '7859']);
    expect(rows[1]!.slice(0, 7)).toEqual(['School Improvement', 'secondary', 'nor', '4.65', '5.10', '2135', '2109']);
    // The only service's total is the Total row: no row "all" beside it with the same figures.
    expect(rows).toHaveLength(3);
    expect(rows[2]!.slice(0, 1)).toEqual(['Total']);
    expect(rows[2]!.slice(7)).toEqual(['48602', '50837', '2235', '4.6']);
    // Every change adds up to the change of its total: the phases to the Total's.
    const phases = rows.slice(0, 2);
    expect(sum(phases.map((r) => r[9]!)).toFixed()).toBe(rows[2]![9]);
    expect(sum(phases.map((r) => r[7]!)).toFixed()).toBe(rows[2]![7]);
    expect(sum(phases.map((r) => r[8]!)).toFixed()).toBe(rows[2]![8]);
    // Each change is after − before.
    for (const r of rows) expect(new Dec(r[8]!).minus(r[7]!).toFixed()).toBe(r[9]);
  });

  it('gives per school NOR and the charge each year, names the schools that converted or closed, and the changes add up', async () => {
    const run = await runInProcess(['compare', LAST, THIS, ...YEARS, '-f', 'csv']);
    expect(run.code).toBe(0);
    const [header, ...rows] = csv(run.stdout);
    expect(header).toEqual(['urn', 'school', 'phase', 'nor_before', 'nor_after', 'before', 'after', 'change', 'change_pct', 'note']);
    const total = rows.at(-1)!;
    const schools = rows.slice(0, -1);
    expect(schools).toHaveLength(24);
    expect(total.slice(0, 2)).toEqual(['', 'Total']);
    expect(total.slice(3, 8)).toEqual(['10452', '9968', '48602', '50837', '2235']);
    expect(sum(schools.map((r) => r[7]!)).toFixed()).toBe(total[7]);
    expect(sum(schools.map((r) => r[5]!)).toFixed()).toBe(total[5]);
    expect(sum(schools.map((r) => r[6]!)).toFixed()).toBe(total[6]);
    expect(schools.find((r) => r[0] === '900123')!.slice(1)).toEqual(['Greenshaw Park Primary School', 'primary', '318', '', '1479', '', '-1479', '-100.0', 'converted to an academy']);
    expect(schools.find((r) => r[0] === '900124')!.at(-1)).toBe('closed');
    // 421 pupils at £5.10 is £2,147.10; 415 at £4.65 is £1,929.75 (footing may move either by £1).
    const allSaints = schools.find((r) => r[0] === '900101')!;
    expect(allSaints.slice(3, 5)).toEqual(['415', '421']);
    expect(Math.abs(Number(allSaints[6]) - 2147.1)).toBeLessThan(1);
    // Greenshaw Park is in both censuses (an academy in 2024/25): charged in one, not missing from the other.
    expect(run.stderr).toContain(
      'warning: 2 schools charged in fixtures/paper/census-2023.csv but not in fixtures/paper/census-2024.csv (counted as 0 there): Greenshaw Park Primary School (900123), converted to an academy; Beddington Park Junior School (900124), closed',
    );
    expect(run.stderr).not.toContain('only in fixtures/paper/census-2023.csv');
  });

  it('names the converted and closed schools in the footnotes of a human table', async () => {
    const run = await runInProcess(['compare', LAST, THIS, ...YEARS, '-f', 'md', '-q']);
    expect(run.stdout).toContain('Converted to academies since 2023/24: Greenshaw Park Primary School (900123).');
    expect(run.stdout).toContain('Closed since 2023/24: Beddington Park Junior School (900124).');
    expect(run.stdout).toContain('| URN | School | Phase | NOR 2023/24 | NOR 2024/25 | 2023/24 £ | 2024/25 £ | Change £ | Change % | Note |');
  });

  it('reads each service of a json allocation and its rates, with a column per service', async () => {
    const before = await runInProcess(['allocate', 'fixtures/two-services/census.csv', '-c', 'fixtures/two-services/dedel.json', '-f', 'json', '-q']);
    const after = await runInProcess(['allocate', 'fixtures/two-services/census.csv', '-c', 'fixtures/two-services/dedel.json', '--service', 'School Improvement', '--rate', '6', '-f', 'json', '-q']);
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'dedel-years-'));
    writeFileSync(join(dir, 'a.json'), before.stdout);
    writeFileSync(join(dir, 'b.json'), after.stdout);
    const bySchool = await runInProcess(['compare', join(dir, 'a.json'), join(dir, 'b.json'), '-f', 'csv', '-q']);
    const [header, ...rows] = csv(bySchool.stdout);
    expect(header).toContain('school_improvement_change');
    expect(header).toContain('behaviour_support_change');
    const total = rows.at(-1)!;
    const at = (key: string) => header!.indexOf(key);
    // The services' changes add up to the change of the total; behaviour support did not change.
    expect(new Dec(total[at('school_improvement_change')]!).plus(total[at('behaviour_support_change')]!).toFixed()).toBe(total[at('change')]);
    expect(total[at('behaviour_support_change')]).toBe('0');
    const byService = await runInProcess(['compare', join(dir, 'a.json'), join(dir, 'b.json'), '--by', 'service', '-f', 'csv', '-q']);
    const lines = csv(byService.stdout);
    // Units of each phase come from the basis column: NOR for school improvement, SEN for behaviour support.
    expect(lines.find((r) => r[0] === 'School Improvement' && r[1] === 'primary')!.slice(2, 7)).toEqual(['nor', '5.83', '6.00', '832', '832']);
    expect(lines.find((r) => r[0] === 'Behaviour Support' && r[1] === 'secondary')!.slice(2, 7)).toEqual(['sen', '29.04', '29.04', '170', '170']);
  });

  it('gives two csv allocations of a census without phases as the Total row alone, not an "All services" row with the same figures', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const sutton = mkdtempSync(join(tmpdir(), 'dedel-years-'));
    for (const [name, rate] of [['before.csv', '5.00'], ['after.csv', '5.10']] as const) {
      writeFileSync(join(sutton, name), (await runInProcess(['allocate', 'fixtures/sutton/appendix-b.csv', '--rate', rate, '-f', 'csv', '-q'])).stdout);
    }
    const compare = await runInProcess(['compare', join(sutton, 'before.csv'), join(sutton, 'after.csv'), '--by', 'service', '-f', 'csv', '-q']);
    expect(compare.stdout).toBe('service,phase,basis,rate_before,rate_after,units_before,units_after,amount_before,amount_after,change,change_pct\nTotal,,,,,,,49840,50839,999,2.0\n');
    const md = await runInProcess(['compare', join(sutton, 'before.csv'), join(sutton, 'after.csv'), '--by', 'service', '-f', 'md', '-q']);
    expect(md.stdout).not.toContain('All services |');
    expect(md.stdout).toContain('the Total row is the service\'s total ("All services": each school\'s total, as a csv allocation gives it)');
  });

  it('refuses --before-config without -c, and bad --years', async () => {
    expect((await runInProcess(['compare', LAST, THIS, '--before-config', 'fixtures/paper/proposal-2023.json'])).code).toBe(2);
    const bad = await runInProcess(['compare', LAST, THIS, ...YEARS.slice(0, 4), '--years', 'one']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--years expects two labels');
    // Both sides headed alike: a reader could not tell before from after.
    for (const years of ['2023/24,2023/24', 'Before, before']) {
      const same = await runInProcess(['compare', LAST, THIS, ...YEARS.slice(0, 4), '--years', years]);
      expect(same.code, years).toBe(2);
      expect(same.stdout, years).toBe('');
      expect(same.stderr, years).toBe(`dedel: error: --years gives both sides the same label, "${years.split(',')[0]}"; give two, such as "2023/24,2024/25", the earlier first\n`);
    }
  });
});

import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run.js';

const FIXTURE = 'fixtures/sutton/appendix-b.csv';

/** The published Appendix B, as printed in the paper: school → £ and per-pupil £. */
function published(): Map<string, { amount: string; perPupil: string }> {
  const rows = parse(readFileSync(FIXTURE, 'utf8'), { columns: true }) as Record<string, string>[];
  return new Map(
    rows.filter((r) => r['School Name'] !== 'Total').map((r) => [r['School Name']!, { amount: r['23/24 £']!.replace(/,/g, ''), perPupil: r['Per Pupil £']! }]),
  );
}

function csvRows(stdout: string): Record<string, string>[] {
  return parse(stdout, { columns: true }) as Record<string, string>[];
}

describe('Sutton Appendix B 2024/25 at £5.10', () => {
  it('reproduces every published row, amount and per-pupil figure', async () => {
    const run = await runCli(['allocate', FIXTURE, '--rate', '5.10', '-f', 'csv']);
    expect(run.code).toBe(0);
    const rows = csvRows(run.stdout);
    const paper = published();
    expect(rows).toHaveLength(23);
    for (const row of rows.slice(0, -1)) {
      const p = paper.get(row.school!);
      expect(p, row.school).toBeDefined();
      expect(row.de_delegation, row.school).toBe(p!.amount);
      expect(row.per_pupil, row.school).toBe(p!.perPupil);
    }
    expect(paper.size).toBe(22);
  });

  it('prints a Total of £50,839, the sum of the rounded rows, and warns that the exact total is £50,836.80', async () => {
    const run = await runCli(['allocate', FIXTURE, '--rate', '5.10', '-f', 'csv']);
    const total = csvRows(run.stdout).at(-1)!;
    expect(total).toMatchObject({ urn: '', school: 'Total', nor: '9968', de_delegation: '50839', total: '50839' });
    expect(run.stderr).toContain('£50,839');
    expect(run.stderr).toContain('£50,836.80');
    expect(run.stderr).toContain('£50,837');
  });

  it('with --foot, the rows add up to £50,837 and the two £1,351.50 infants schools go down', async () => {
    const run = await runCli(['allocate', FIXTURE, '--rate', '5.10', '--foot', '-f', 'json']);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as { rows: Record<string, unknown>[]; total: Record<string, unknown>; diagnostics: unknown[] };
    expect(json.total.total).toBe('50837');
    const moved = json.rows.filter((r) => r.adjusted === true);
    expect(moved.map((r) => [r.school, r.de_delegation, (r.exact as Record<string, string>).de_delegation])).toEqual([
      ["Robin Hood Infants' School", '1351', '1351.5'],
      ["St Elphege's RC Infants' School", '1351', '1351.5'],
    ]);
    const sum = json.rows.reduce((acc, r) => acc + BigInt(r.de_delegation as string), 0n);
    expect(sum).toBe(50837n);
    expect(json.diagnostics).not.toContainEqual(expect.objectContaining({ code: 'footing' }));
  });

  it('checks the published Total row of the census as a control total (NOR 9,968 agrees)', async () => {
    const run = await runCli(['allocate', FIXTURE, '--rate', '5.10', '--strict', '-f', 'csv']);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('control');
  });

  it('--check-total 50837 fails with exit 3 without --foot, and passes with it', async () => {
    const fail = await runCli(['allocate', FIXTURE, '--rate', '5.10', '--check-total', '50837']);
    expect(fail.code).toBe(3);
    expect(fail.stdout).toBe('');
    expect(fail.stderr).toContain('expected a Total of £50,837');
    expect(fail.stderr).toContain("the table's Total is £50,839");
    const pass = await runCli(['allocate', FIXTURE, '--rate', '5.10', '--foot', '--check-total', '£50,837', '-f', 'csv']);
    expect(pass.code).toBe(0);
  });
});

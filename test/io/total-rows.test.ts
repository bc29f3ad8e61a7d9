import { describe, expect, it } from 'vitest';
import { readCensus } from '../../src/io/census.js';
import { totalRowKind } from '../../src/io/total-rows.js';

describe('rows that are not schools', () => {
  it.each([
    ['NAT', 'England', '', { kind: 'national' }],
    ['', 'National', '', { kind: 'national' }],
    ['E92000001', 'England', '', { kind: 'national' }],
    ['', 'Total', '', { kind: 'grand' }],
    ['873', 'Total', '', { kind: 'grand' }],
    ['873', 'LA total', '', { kind: 'grand' }],
    ['', 'Grand total', '', { kind: 'grand' }],
    ['', 'Exampleshire total', '', { kind: 'grand' }],
    ['', 'Primary total', '', { kind: 'phase', phase: 'primary' }],
    ['', 'Total - Secondary', '', { kind: 'phase', phase: 'secondary' }],
    ['', 'Special schools total', '', { kind: 'phase', phase: 'special' }],
    ['', 'Secondary subtotal', '', { kind: 'phase', phase: 'secondary' }],
    // The authority's name for itself before the phase: each was the grand total, and warned of
    // as the whole table's total that did not match.
    ['', 'LA Primary Total', '', { kind: 'phase', phase: 'primary' }],
    ['', 'Total LA secondary', '', { kind: 'phase', phase: 'secondary' }],
    ['', 'Local Authority Primary total', '', { kind: 'phase', phase: 'primary' }],
    ['', 'LA Secondary Subtotal', '', { kind: 'phase', phase: 'secondary' }],
    // The authority's total with its name after the word (each was a school with no status).
    ['', 'Total LA', '', { kind: 'grand' }],
    ['', 'Total for the LA', '', { kind: 'grand' }],
    ['', 'Total of all schools', '', { kind: 'grand' }],
    // A total with a note, a year or a figure's name after it, and no id (each was a school with a blank status).
    ['', 'Total NOR', '', { kind: 'grand' }],
    ['', 'Total (excl. academies)', '', { kind: 'grand' }],
    ['', 'Total charged', '', { kind: 'grand' }],
    ['', 'Total 2024-25', '', { kind: 'grand' }],
    ['', 'Total (Oct 23)', '', { kind: 'grand' }],
    ['', 'Grand total (maintained)', '', { kind: 'grand' }],
    ['', 'Sub-total', '', { kind: 'subtotal' }],
    ['873', 'Exampleshire', 'Local authority', { kind: 'grand' }],
    ['', 'England', 'National', { kind: 'national' }],
    // An authority's table totals its maintained schools and its academies apart.
    ['', 'Maintained total', '', { kind: 'status', status: 'maintained' }],
    ['', 'Total maintained schools', '', { kind: 'status', status: 'maintained' }],
    ['', 'Academies total', '', { kind: 'status', status: 'academy' }],
    ['', 'Total academies', '', { kind: 'status', status: 'academy' }],
    ['', 'Academies subtotal', '', { kind: 'status', status: 'academy' }],
    ['', 'Community Total', '', { kind: 'status', status: 'community' }],
    ['', 'VA Total', '', { kind: 'status', status: 'voluntary-aided' }],
    ['', 'Special schools subtotal', '', { kind: 'phase', phase: 'special' }],
    ['', 'Primary maintained total', '', { kind: 'status', status: 'maintained', phase: 'primary' }],
    ['', 'Total maintained secondary schools', '', { kind: 'status', status: 'maintained', phase: 'secondary' }],
    ['', 'Primary academies subtotal', '', { kind: 'status', status: 'academy', phase: 'primary' }],
    ['', 'Total academies - secondary', '', { kind: 'status', status: 'academy', phase: 'secondary' }],
  ])('reads id %j, name %j, level %j as a total', (id, name, level, kind) => {
    expect(totalRowKind(id, name, level)).toEqual(kind);
  });

  it.each([
    ['100001', 'Abbey Primary School', ''],
    ['', 'Total Learning Academy', ''],
    ['', 'Total Norland School', ''],
    ['100003', 'Total (excl. academies)', ''],
    ['873', 'Exampleshire total', ''],
    ['100002', 'Ash Primary', 'School'],
  ])('reads id %j, name %j, level %j as a school', (id, name, level) => {
    expect(totalRowKind(id, name, level)).toBeNull();
  });

  // A total under a name dedel does not know as one, in a table with status and phase columns:
  // "give the school's status" was all the error said.
  it('says a row with a name and no id, status or phase may be a total to call "Total"', async () => {
    const { runInProcess } = await import('../helpers/run.js');
    const run = await runInProcess(['allocate', '-', '--rate', '5'], { stdin: 'URN,School,Status,Phase,NOR\n100001,Abbey,Community,Primary,421\n,Sum,,,421\n' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('<stdin>:3: column "Status": value "": blank status for a school that could be charged;');
    expect(run.stderr).toContain('give the school\'s status; if "Sum" is a total of the rows above, call it "Total" (it is then checked against them, never charged)\n');
    const named = await runInProcess(['allocate', '-', '--rate', '5', '-f', 'csv', '-q'], { stdin: 'URN,School,Status,Phase,NOR\n100001,Abbey,Community,Primary,421\n,Total NOR,,,421\n' });
    expect(named.code, named.stderr).toBe(0);
  });

  it('keeps totals out of the school rows, in file order', () => {
    const census = readCensus(Buffer.from('URN,School,NOR\nNAT,England,4727089\n1,Ash,100\n,Primary total,100\n873,LA total,100\n'), 'c.csv');
    expect(census.rows.map((r) => r.line)).toEqual([3]);
    expect(census.totals?.map((t) => [t.row.line, t.kind.kind, t.label])).toEqual([
      [2, 'national', 'England'],
      [4, 'phase', 'Primary total'],
      [5, 'grand', 'LA total'],
    ]);
    expect(census.controlTotal?.line).toBe(5);
  });

  it.each([
    ['the phase column (Excel\'s Data > Subtotal grouped by phase)', 'URN,School,Status,Phase,NOR\n1,Ash,Community,Primary,120\n2,Birch,VA,Primary,200\n,,,Primary Total,320\n3,Beech,VA,Secondary,900\n,,,Secondary Total,900\n,,,Grand Total,1220\n'],
    ['the first column, the phase', 'Phase,URN,School,Status,NOR\nPrimary,1,Ash,Community,120\nPrimary,2,Birch,VA,200\nPrimary Total,,,,320\nSecondary,3,Beech,VA,900\nSecondary Total,,,,900\nGrand Total,,,,1220\n'],
    ['the id column', 'URN,School,Status,Phase,NOR\n1,Ash,Community,Primary,120\n2,Birch,VA,Primary,200\nPrimary Total,,,,320\n3,Beech,VA,Secondary,900\nSecondary Total,,,,900\nGrand Total,,,,1220\n'],
    ['the status column', 'URN,School,Status,Phase,NOR\n1,Ash,Community,Primary,120\n2,Birch,VA,Primary,200\n,,Primary Total,,320\n3,Beech,VA,Secondary,900\n,,Secondary Total,,900\n,,Grand Total,,1220\n'],
  ])('reads a total labelled in %s where the name is blank', (_, csv) => {
    const census = readCensus(Buffer.from(csv), 'c.csv');
    expect(census.rows.map((r) => r.line)).toEqual([2, 3, 5]);
    expect(census.totals?.map((t) => [t.row.line, t.kind, t.label])).toEqual([
      // Under rows whose phase is `Primary`: the total of those rows, as Excel's Data > Subtotal groups them.
      [4, { kind: 'group', field: 'phase', text: 'Primary' }, 'Primary Total'],
      [6, { kind: 'group', field: 'phase', text: 'Secondary' }, 'Secondary Total'],
      [7, { kind: 'grand' }, 'Grand Total'],
    ]);
    expect(census.controlTotal?.line).toBe(7);
  });

  it('reads a school with a number for its id and a blank name as a school, whatever its phase says', () => {
    const census = readCensus(Buffer.from('URN,School,Phase,NOR\n1,,Total,120\n'), 'c.csv');
    expect(census.rows.map((r) => r.line)).toEqual([2]);
  });
});

import { describe, expect, it } from 'vitest';
import { Dec } from '../../src/core/decimal.js';
import { ALL_SERVICES, compareYears, type YearRate, type YearSide } from '../../src/core/year-on-year.js';

/** One year: schools charged per service on a phase (amounts in £), with rates where the source gives them. */
function side(label: string, services: { key: string; name: string; rates?: Record<string, string> }[], schools: [string, string, Record<string, number>][]): YearSide {
  return {
    label,
    services: services.map((s) => ({
      key: s.key,
      name: s.name,
      basis: s.rates ? 'nor' : null,
      rates: new Map<string, YearRate>(Object.entries(s.rates ?? {}).map(([phase, rate]) => [phase, { rate: new Dec(rate), units: new Dec(100) }])),
    })),
    schools: schools.map(([urn, phase, amounts]) => ({
      urn,
      school: `School ${urn}`,
      phase: phase || null,
      status: 'community',
      nor: new Dec(100),
      charges: new Map(Object.entries(amounts).map(([key, amount]) => [key, [{ phase, amount: new Dec(amount) }]])),
    })),
    others: null,
  };
}
const rows = (before: YearSide, after: YearSide) => compareYears(before, after).serviceRows.map((r) => [r.service, r.phase, r.before?.amount.toFixed() ?? null, r.after?.amount.toFixed() ?? null]);
const ALL = [{ key: ALL_SERVICES.key, name: ALL_SERVICES.name }];

describe('compareYears: the per-service rows beside the Total row (README, "compare --by service")', () => {
  it('gives the only service its phases and no row of its total, which is the Total row', () => {
    // A csv allocation gives "All services" on each school's phase.
    const before = side('2023/24', ALL, [['1', 'primary', { total: 1000 }], ['2', 'secondary', { total: 2000 }]]);
    const after = side('2024/25', ALL, [['1', 'primary', { total: 1100 }], ['2', 'secondary', { total: 2300 }]]);
    expect(rows(before, after)).toEqual([
      ['All services', 'primary', '1000', '1100'],
      ['All services', 'secondary', '2000', '2300'],
    ]);
    const result = compareYears(before, after);
    expect([result.total.before?.toFixed(), result.total.after?.toFixed(), result.total.change.toFixed()]).toEqual(['3000', '3400', '400']);
  });

  it('leaves out the only row of the only service where it has nothing but the Total row’s figures (no phase, no rate)', () => {
    const before = side('2023/24', ALL, [['1', '', { total: 1000 }], ['2', '', { total: 2000 }]]);
    const after = side('2024/25', ALL, [['1', '', { total: 1100 }], ['2', '', { total: 2300 }]]);
    expect(rows(before, after)).toEqual([]);
    expect(compareYears(before, after).total.change.toFixed()).toBe('400');
    // With its rate it says more than the Total row, and stays.
    const rated = [{ key: 'school_improvement', name: 'School Improvement', rates: { '': '5.10' } }];
    expect(rows(side('a', rated, [['1', '', { school_improvement: 510 }]]), side('b', rated, [['1', '', { school_improvement: 520 }]]))).toEqual([['School Improvement', '', '510', '520']]);
  });

  it('keeps each service’s total row where there is more than one service', () => {
    const two = [
      { key: 'a', name: 'A' },
      { key: 'b', name: 'B' },
    ];
    const before = side('2023/24', two, [['1', 'primary', { a: 100, b: 10 }], ['2', 'secondary', { a: 200, b: 20 }]]);
    const after = side('2024/25', two, [['1', 'primary', { a: 110, b: 10 }], ['2', 'secondary', { a: 230, b: 20 }]]);
    expect(rows(before, after)).toEqual([
      ['A', 'primary', '100', '110'],
      ['A', 'secondary', '200', '230'],
      ['A', null, '300', '340'],
      ['B', 'primary', '10', '10'],
      ['B', 'secondary', '20', '20'],
      ['B', null, '30', '30'],
    ]);
  });
});

describe('compareYears: a year whose table gives no phase (README, "check, explain, compare")', () => {
  it("compares that year's schools under the other year's phase of the same school, and says how many could not be", () => {
    // Last year's published Appendix B has no phase column; this year's census gives each school's.
    const before = side('2023/24', ALL, [['1', '', { total: 1000 }], ['2', '', { total: 2000 }], ['3', '', { total: 500 }], ['4', '', { total: 300 }]]);
    const after = side('2024/25', ALL, [['1', 'primary', { total: 1100 }], ['2', 'secondary', { total: 2300 }], ['4', 'primary', { total: 0 }], ['5', 'primary', { total: 350 }]]);
    // School 4 is an all-through school split by phase this year: its one amount last year has no one phase.
    const split = after.schools[2]!;
    (after.schools as YearSide['schools'][number][])[2] = { ...split, charges: new Map([[ALL_SERVICES.key, [{ phase: 'primary', amount: new Dec(100) }, { phase: 'secondary', amount: new Dec(250) }]]]) };
    expect(rows(before, after)).toEqual([
      ['All services', 'primary', '1000', '1550'],
      ['All services', 'secondary', '2000', '2550'],
      ['All services', '', '800', null],
    ]);
    const result = compareYears(before, after);
    expect(result.phasesFrom).toEqual({ side: 'before', label: '2023/24', from: '2024/25', schools: 2, without: 2 });
    // The changes still add up to the Total row's.
    expect(result.total.change.toFixed()).toBe('300');
    // The same the other way round, and not at all where both years give phases (or neither does).
    expect(compareYears(after, before).phasesFrom).toMatchObject({ side: 'after', label: '2023/24', from: '2024/25', schools: 2 });
    expect(compareYears(after, after).phasesFrom).toBeNull();
    expect(compareYears(before, before).phasesFrom).toBeNull();
  });
});

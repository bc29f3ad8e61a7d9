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

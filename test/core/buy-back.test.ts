import { describe, expect, it } from 'vitest';
import { allocate, type Plan } from '../../src/core/allocate.js';
import { buyBackPlan, buyBackSchools, type BuyBack } from '../../src/core/buy-back.js';
import { applyConversions, conversionReport, withoutConverting } from '../../src/core/convert.js';
import { Dec, sum } from '../../src/core/decimal.js';
import type { School, Status } from '../../src/core/types.js';

const school = (id: string, nor: number, status: Status = 'community'): School => ({ id, name: `School ${id}`, status, phase: 'primary', bases: { nor: new Dec(String(nor)) }, months: new Dec(12) });
const SCHOOLS = [school('1', 638), school('2', 421), school('3', 322, 'academy'), school('4', 252)];
const PLAN: Plan = {
  services: [
    {
      name: 'School Improvement',
      basis: 'nor',
      rate: new Dec('5.10'),
      charge: { phases: ['primary'], statuses: 'maintained', allThrough: 'split' },
      rounding: { unit: new Dec(1), mode: 'half-up', foot: 'largest-remainder' },
      source: 'config',
    },
  ],
  periods: [],
};
const BUY_BACK: BuyBack = { statuses: ['academy'], months: new Dec(7), rates: new Map() };

describe('the buy-back schedule lists a school converting during the year (README, "paper")', () => {
  it('prices it as the academy it becomes, for its months after the conversion, and the conversions table gives that row as bought back', () => {
    // School 1 converts on 1 January (3 months after); school 3, already an academy, is named too and listed once.
    const { schools, converting } = applyConversions(SCHOOLS, [{ urn: '1', month: 1 }, { urn: '3', month: 1 }]);
    const maintained = allocate(schools, PLAN);
    const priced = buyBackSchools(schools, BUY_BACK, converting);
    expect(priced.map((s) => [s.id, s.status, s.months.toFixed()])).toEqual([
      ['1', 'academy', '3'],
      ['2', 'community', '7'],
      ['3', 'academy', '7'],
      ['4', 'community', '7'],
    ]);
    const schedule = allocate(priced, buyBackPlan(maintained, BUY_BACK));
    // 638 × £5.10 × 3/12 = £813.45; 322 × £5.10 × 7/12 = £957.95.
    expect(schedule.rows.map((r) => [r.id, r.total.toFixed()])).toEqual([
      ['1', '813'],
      ['3', '958'],
    ]);
    expect(schedule.total.total.toFixed()).toBe(sum(schedule.rows.map((r) => r.total)).toFixed());
    const runs = { planned: allocate(SCHOOLS, PLAN), thisYear: maintained, fullYear: allocate(withoutConverting(SCHOOLS, converting), PLAN) };
    const report = conversionReport(PLAN, converting, runs, schedule);
    expect(report.charges.map((c) => [c.urn, c.boughtBack?.toFixed()])).toEqual([['1', '813']]);
    expect(report.boughtBack?.toFixed()).toBe('813');
  });

  it('leaves converting schools out where the schedule buys back for other statuses, and changes nothing without conversions', () => {
    const { schools, converting } = applyConversions(SCHOOLS, [{ urn: '1', month: 1 }]);
    const special: BuyBack = { ...BUY_BACK, statuses: ['special'] };
    expect(buyBackSchools(schools, special, converting).map((s) => s.status)).toEqual(['community', 'community', 'academy', 'community']);
    expect(buyBackSchools(SCHOOLS, { ...BUY_BACK, months: null })).toBe(SCHOOLS);
  });
});

describe('a rate solved from a target is bought back at the rate solved (README, "decisions and buy-back")', () => {
  // Found by an exact model of the README: £10 over 3 pupils is £3.333… a pupil, a rate no decimal
  // holds. The schedule priced the academy's 3 pupils at the rate cut to a decimal, £9.999…, and
  // rounding down gave £9.99 for what is exactly £10.00.
  it('prices at the exact rate, not at the rate cut to a decimal', () => {
    const plan: Plan = {
      services: [
        {
          name: 'Licences',
          basis: 'nor',
          target: new Dec(10),
          charge: { phases: ['primary'], statuses: 'maintained', allThrough: 'split' },
          rounding: { unit: new Dec('0.01'), mode: 'down', foot: 'none' },
          source: 'config',
        },
      ],
      periods: [],
    };
    const schools = [school('1', 3), school('2', 3, 'academy')];
    const maintained = allocate(schools, plan);
    const schedule = allocate(buyBackSchools(schools, { ...BUY_BACK, months: null }), buyBackPlan(maintained, { ...BUY_BACK, months: null }));
    expect(schedule.rows.map((r) => [r.id, r.exact.toFixed(), r.total.toFixed()])).toEqual([['2', '10', '10']]);
  });
});

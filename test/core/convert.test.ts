import { describe, expect, it } from 'vitest';
import { allocate, type Plan } from '../../src/core/allocate.js';
import { applyConversions, conversionReport, withoutConverting, type Conversion } from '../../src/core/convert.js';
import { Dec, sum } from '../../src/core/decimal.js';
import type { School, Service } from '../../src/core/types.js';

const school = (id: string, nor: number): School => ({ id, name: `School ${id}`, status: 'community', phase: 'primary', bases: { nor: new Dec(String(nor)) }, months: new Dec(12) });
const SCHOOLS = [school('1', 638), school('2', 709), school('3', 421), school('4', 252), school('5', 407)];

const service = (over: Partial<Service>): Service => ({
  name: 'School Improvement',
  basis: 'nor',
  charge: { phases: ['primary', 'secondary'], statuses: 'maintained', allThrough: 'split' },
  rounding: { unit: new Dec(1), mode: 'half-up', foot: 'largest-remainder' },
  source: 'config',
  ...over,
});

function report(plan: Plan, conversions: Conversion[]) {
  const { schools, converting } = applyConversions(SCHOOLS, conversions);
  const runs = { planned: allocate(SCHOOLS, plan), thisYear: allocate(schools, plan), fullYear: allocate(withoutConverting(SCHOOLS, converting), plan) };
  return { runs, report: conversionReport(plan, converting, runs) };
}

describe('conversionReport: charged + lost = planned (README, "convert")', () => {
  it('with a target solved again, charges the new rate, plans at the old one, and loses the difference on each row and the Total', () => {
    // £12,000 over 2,427 pupils is £4.94 to the penny as planned; with school 1 (638 pupils)
    // charged 9 months and school 2 (709) 5, it is solved again over 1,853.9167 units: £6.47.
    const plan: Plan = { services: [service({ target: new Dec(12000), rateUnit: new Dec('0.01') })], periods: [] };
    const { runs, report: r } = report(plan, [{ urn: '1', month: 1 }, { urn: '2', month: 9 }]);
    expect(runs.planned.services[0]!.rates.find((x) => x.phase === 'primary')!.rate!.toFixed()).toBe('4.94');
    expect(runs.thisYear.services[0]!.rates.find((x) => x.phase === 'primary')!.rate!.toFixed()).toBe('6.47');
    const row = (id: string) => r.charges.find((c) => c.urn === id)!;
    // Planned: 638 × £4.94 = £3,151.72; charged: 638 × £6.47 × 9/12 = £3,095.895; each as its run prints it.
    expect(row('1').planned.toFixed()).toBe(runs.planned.rows.find((x) => x.id === '1')!.charges[0]!.amount.toFixed());
    expect(row('1').charged.toFixed()).toBe(runs.thisYear.rows.find((x) => x.id === '1')!.charges[0]!.amount.toFixed());
    // Lost: the 3 months after at £4.94 (£787.93) less what the 9 months now pay above it (£732.47).
    // Not the months after at the new rate (638 × £6.47 × 3/12 = £1,031.965), which with the charge
    // made £4,128, not the £3,152 planned.
    expect([row('1').planned.toFixed(), row('1').charged.toFixed(), row('1').lost.toFixed()]).toEqual(['3152', '3096', '56']);
    for (const c of r.charges) expect(c.charged.plus(c.lost).toFixed(), c.urn).toBe(c.planned.toFixed());
    expect(r.charged.plus(r.lost).toFixed()).toBe(r.planned.toFixed());
    expect(r.planned.toFixed()).toBe(sum(r.charges.map((c) => c.planned)).toFixed());
    expect(r.boughtBack).toBeNull();
  });

  it('at a rate given, loses the months after at that rate, footed so the row reconciles', () => {
    // School 4: 252 × £5.10 = £1,285.20 planned (£1,285); its 5 months £535.50 (£536, half-up),
    // so £749 is lost. Its 7 months after rounded on their own, £749.70, would be £750, and the
    // row would add up to £1,286.
    const plan: Plan = { services: [service({ rate: new Dec('5.10'), rounding: { unit: new Dec(1), mode: 'half-up', foot: 'none' } })], periods: [] };
    const { report: r } = report(plan, [{ urn: '5', month: 1 }, { urn: '4', month: 9 }]);
    const four = r.charges.find((c) => c.urn === '4')!;
    expect([four.planned.toFixed(), four.charged.toFixed(), four.lost.toFixed()]).toEqual(['1285', '536', '749']);
    for (const c of r.charges) expect(c.charged.plus(c.lost).toFixed()).toBe(c.planned.toFixed());
    expect(r.charged.plus(r.lost).toFixed()).toBe(r.planned.toFixed());
  });
});

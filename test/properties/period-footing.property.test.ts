import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, type Allocation } from '../../src/core/allocate.js';
import { Dec } from '../../src/core/decimal.js';
import { plainText } from '../../src/core/messages.js';
import { splitAmount } from '../../src/core/split.js';
import type { FootMode, Period, RoundingMode, School, Service } from '../../src/core/types.js';

const MODES: RoundingMode[] = ['half-up', 'half-even', 'down', 'up'];
const UNITS = ['0.01', '1', '10', '100'];

const monthsArb = fc.integer({ min: 2, max: 12 }).chain((k) =>
  fc.tuple(fc.array(fc.integer({ min: 0, max: 24 }), { minLength: k - 1, maxLength: k - 1 }), fc.boolean()).map(([cuts, halves]) => {
    const scale = halves ? 2 : 1;
    const points = [0, ...cuts.map((c) => Math.min(c, 12 * scale)).sort((a, b) => a - b), 12 * scale];
    return points.slice(1).map((p, j): Period => ({ name: `P${j + 1}`, months: new Dec(String((p - points[j]!) / scale)) }));
  }),
);
const rowsArb = fc.array(fc.record({ nor: fc.integer({ min: 0, max: 900 }), months: fc.integer({ min: 0, max: 12 }) }), { minLength: 1, maxLength: 30 });
const serviceArb = fc.record({ pence: fc.integer({ min: 1, max: 4000 }), unit: fc.constantFrom(...UNITS), mode: fc.constantFrom(...MODES) });

function schools(rows: readonly { nor: number; months: number }[]): School[] {
  return rows.map((r, i) => ({
    id: String(1000 + i),
    name: `School ${i}`,
    status: 'community',
    phase: i % 2 ? 'secondary' : 'primary',
    bases: { nor: new Dec(String(r.nor)) },
    months: new Dec(String(r.months)),
  }));
}
function service(name: string, s: { pence: number; unit: string; mode: RoundingMode }, foot: FootMode): Service {
  return {
    name,
    basis: 'nor',
    rate: new Dec(s.pence).div(100),
    charge: { phases: ['primary', 'secondary'], statuses: 'maintained', allThrough: 'split' },
    rounding: { unit: new Dec(s.unit), mode: s.mode, foot },
    source: 'flag',
  };
}

/**
 * A school's exact share of a period: periods run in turn from April, and a school charged m
 * months is charged for the first m (README "Arithmetic and rounding"), so its share of a
 * period is the period's months among those ÷ m (the periods' months ÷ 12 for a whole year).
 */
function shareOf(periods: readonly Period[], months: Dec, k: number): Dec {
  const whole = months.lessThanOrEqualTo(0) || months.greaterThanOrEqualTo(12);
  if (whole) return periods[k]!.months.div(12);
  const start = periods.slice(0, k).reduce((a, p) => a.plus(p.months), new Dec(0));
  const within = Dec.min(start.plus(periods[k]!.months), months).minus(start);
  return within.greaterThan(0) ? within.div(months) : new Dec(0);
}

/** Every broken promise of a footed period table, as text (empty when all hold). */
function problems(result: Allocation): string[] {
  const out: string[] = [];
  const wholeYears = result.rows.every((row) => row.school.months.equals(12) || row.school.months.isZero());
  result.services.forEach((r, s) => {
    const unit = r.service.rounding.unit;
    const columns = result.periods.map(() => new Dec(0));
    const exactColumns = result.periods.map(() => new Dec(0));
    for (const row of result.rows) {
      const charge = row.charges[s];
      if (!charge) continue;
      const parts = charge.periods;
      if (!parts.reduce((a, p) => a.plus(p), new Dec(0)).equals(charge.amount)) out.push(`${row.school.name}: parts do not add up to ${charge.amount.toFixed()}`);
      parts.forEach((p, k) => {
        columns[k] = columns[k]!.plus(p);
        const share = charge.amount.times(shareOf(result.periods, row.school.months, k));
        exactColumns[k] = exactColumns[k]!.plus(share);
        if (p.minus(share).abs().greaterThanOrEqualTo(unit)) out.push(`${row.school.name}: ${p.toFixed()} is a unit or more from ${share.toFixed()}`);
      });
    }
    const split = splitAmount(r.total, result.periods, unit);
    const shortfall = result.diagnostics.some((d) => d.code === 'period-footing' && plainText(d.message).startsWith(`${r.service.name}:`));
    columns.forEach((c, k) => {
      if (!c.equals(r.periodTotals[k]!)) out.push(`${r.service.name} ${k}: column adds to ${c.toFixed()}, total row says ${r.periodTotals[k]!.toFixed()}`);
      if (shortfall) return;
      // Every school charged the whole year: the columns are split's figures.
      if (wholeYears && !c.equals(split[k]!)) out.push(`${r.service.name} ${k}: ${c.toFixed()}, split gives ${split[k]!.toFixed()}`);
      if (c.minus(exactColumns[k]!).abs().greaterThanOrEqualTo(unit)) out.push(`${r.service.name} ${k}: ${c.toFixed()} is a unit or more from its exact ${exactColumns[k]!.toFixed()}`);
    });
    if (shortfall && result.periods.length === 2) out.push('two periods always foot');
  });
  return out;
}

describe('allocate --months --foot: properties', () => {
  it('one or several services: parts add up, columns are split’s figures (or within a unit of their exact sums where a school is charged part of the year), every part within a unit of its share', () => {
    fc.assert(
      fc.property(rowsArb, monthsArb, fc.array(serviceArb, { minLength: 1, maxLength: 3 }), (rows, periods, specs) => {
        const result = allocate(schools(rows), { services: specs.map((s, i) => service(`Service ${i}`, s, 'largest-remainder')), periods });
        expect(problems(result)).toEqual([]);
      }),
      { numRuns: 120 },
    );
  });

  it('shuffling the census changes no school’s period parts', () => {
    fc.assert(
      fc.property(rowsArb, monthsArb, serviceArb, fc.array(fc.integer(), { minLength: 30, maxLength: 30 }), (rows, periods, spec, keys) => {
        const list = schools(rows);
        const shuffled = list.map((school, i) => ({ school, key: keys[i]! })).sort((a, b) => a.key - b.key).map((x) => x.school);
        const plan = { services: [service('S', spec, 'largest-remainder')], periods };
        const parts = (result: Allocation) => Object.fromEntries(result.rows.map((row) => [row.school.id, row.charges[0]?.periods.map((p) => p.toFixed())]));
        expect(parts(allocate(shuffled, plan))).toEqual(parts(allocate(list, plan)));
      }),
      { numRuns: 80 },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, type Allocation } from '../../src/core/allocate.js';
import { Dec } from '../../src/core/decimal.js';
import type { FootMode, Phase, RoundingMode, School, Service, Status } from '../../src/core/types.js';
import { allocationDoc } from '../../src/render/allocation-doc.js';
import { renderCsv, renderTsv } from '../../src/render/csv.js';

// allocate works a column in scaled integers (BigInt) where its figures allow, and in
// decimal.js otherwise. Both must give the same allocation, to the last digit of every
// exact figure, rank and footing detail, and the same error where there is one.

const MODES: RoundingMode[] = ['half-up', 'half-even', 'down', 'up'];
const UNITS = ['0.01', '1', '100', '0.05', '10'];

/** Every figure of an allocation as text, getters read (the integer path makes some lazily). */
function snapshot(result: Allocation): unknown {
  const d = (v: Dec | null | undefined) => (v === null || v === undefined ? v : v.toFixed());
  const ranked = (r: { exact: Dec; id: string; name: string; remainder: Dec } | null) => r && { exact: d(r.exact), id: r.id, name: r.name, remainder: d(r.remainder) };
  return {
    services: result.services.map((s) => ({
      rates: s.rates.map((r) => ({ phase: r.phase, units: d(r.units), rate: d(r.rate), source: r.source, amount: d(r.amount), target: d(r.target), difference: d(r.difference), exactRate: d(r.exactRate) })),
      exactTotal: d(s.exactTotal),
      total: d(s.total),
      expected: d(s.expected),
      periodTotals: s.periodTotals.map(d),
    })),
    rows: result.rows.map((row) => ({
      id: row.school.id,
      total: d(row.total),
      exact: d(row.exact),
      perPupil: d(row.perPupil),
      charges: row.charges.map(
        (c) =>
          c && {
            exact: d(c.exact),
            twelfths: d(c.twelfths),
            amount: d(c.amount),
            rounded: d(c.rounded),
            adjusted: c.adjusted,
            received: c.received,
            periods: c.periods.map(d),
            lines: c.lines.map((l) => ({ phase: l.phase, field: l.field, units: d(l.units), rate: d(l.rate), exact: d(l.exact), amount: d(l.amount) })),
            footing: c.footing?.map((p) => ({
              phase: p.phase,
              exact: d(p.exact),
              remainder: d(p.remainder),
              rank: p.rank,
              received: p.received,
              run: { unit: d(p.run.unit), total: d(p.run.total), floorTotal: d(p.run.floorTotal), missing: p.run.missing, rows: p.run.rows, lastIn: ranked(p.run.lastIn), firstOut: ranked(p.run.firstOut) },
            })),
          },
      ),
    })),
    uncharged: result.uncharged.map((u) => ({ id: u.school.id, reason: u.reason })),
    total: { perService: result.total.perService.map(d), total: d(result.total.total), exact: d(result.total.exact), nor: d(result.total.nor), perPupil: d(result.total.perPupil) },
    diagnostics: result.diagnostics,
  };
}

function outcome(run: () => Allocation): unknown {
  try {
    return snapshot(run());
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** A figure as text: whole, or with up to 2 decimals. */
const figure = (max: number) => fc.tuple(fc.integer({ min: 0, max }), fc.constantFrom(0, 0, 0, 1, 2), fc.integer({ min: 0, max: 99 })).map(([w, dp, f]) => new Dec(dp === 0 ? String(w) : `${w}.${String(f).padStart(2, '0').slice(0, dp)}`));
const rateArb = fc.tuple(fc.integer({ min: 0, max: 20000 }), fc.constantFrom(0, 1, 2, 3, 4)).map(([n, dp]) => new Dec(n).div(new Dec(10).pow(dp)));
const PHASES: Phase[] = ['primary', 'secondary', 'all-through', 'nursery'];
const STATUSES: (Status | null)[] = ['community', 'voluntary-aided', 'academy', 'foundation', null];

const schoolArb = fc.record({
  id: fc.oneof(fc.integer({ min: 1, max: 40 }).map(String), fc.constantFrom('007', '07', 'A1', 'B2', '')),
  name: fc.constantFrom('Ash', 'Birch', 'Cedar', 'Ash'),
  phase: fc.constantFrom(...PHASES),
  status: fc.constantFrom(...STATUSES),
  nor: figure(400),
  primary: figure(200),
  secondary: figure(200),
  months: fc.oneof(fc.constant(new Dec(12)), fc.integer({ min: 0, max: 12 }).map((m) => new Dec(m)), fc.constantFrom(new Dec('7.5'), new Dec('0.25'))),
  noNor: fc.boolean(),
});

function schoolsOf(rows: fc.infer<typeof schoolArb>[]): School[] {
  return rows.map((r, i) => ({
    id: r.id === '' ? '' : `${r.id}${i % 3 === 0 ? '' : ''}`,
    name: `${r.name} ${i % 5}`,
    status: r.status,
    phase: r.phase,
    bases: r.noNor && r.phase !== 'all-through' ? {} : { nor: r.nor, nor_primary: r.primary, nor_secondary: r.secondary },
    months: r.months,
    line: i + 2,
  }));
}

const serviceArb = fc.record({
  basis: fc.constantFrom('nor', 'nor', 'school'),
  kind: fc.constantFrom('rate', 'rate', 'per-phase', 'target', 'target-unit', 'phase-targets'),
  rate: rateArb,
  rate2: rateArb,
  target: fc.integer({ min: 0, max: 500000 }).map((n) => new Dec(n)),
  target2: fc.integer({ min: 1, max: 500000 }).map((n) => new Dec(n)),
  unit: fc.constantFrom(...UNITS),
  mode: fc.constantFrom(...MODES),
  foot: fc.constantFrom<FootMode>('none', 'largest-remainder'),
  allThrough: fc.constantFrom<'split' | 'primary' | 'secondary'>('split', 'split', 'primary'),
  statuses: fc.constantFrom<'maintained' | 'all'>('maintained', 'all'),
});

function serviceOf(s: fc.infer<typeof serviceArb>, k: number): Service {
  const base = {
    name: `Service ${k}`,
    basis: s.basis,
    charge: { phases: ['primary', 'secondary'] as Phase[], statuses: s.statuses, allThrough: s.allThrough },
    rounding: { unit: new Dec(s.unit), mode: s.mode, foot: s.foot },
    source: 'flag' as const,
  };
  switch (s.kind) {
    case 'rate':
      return { ...base, rate: s.rate };
    case 'per-phase':
      return { ...base, rate: { primary: s.rate, secondary: s.rate2 } };
    case 'target':
      return { ...base, target: s.target };
    case 'target-unit':
      return { ...base, target: s.target, rateUnit: new Dec('0.01') };
    default:
      return { ...base, target: { primary: s.target2, secondary: s.target } };
  }
}

const periodsArb = fc.constantFrom(
  [],
  [
    { name: 'Apr-Aug', months: new Dec(5) },
    { name: 'Sep-Mar', months: new Dec(7) },
  ],
);

describe('allocate: the integer path and the decimal path agree', () => {
  it('on random censuses, rates, targets, units, modes, pro-rata months, footing and periods', () => {
    fc.assert(
      fc.property(fc.array(schoolArb, { minLength: 1, maxLength: 30 }), fc.array(serviceArb, { minLength: 1, maxLength: 2 }), periodsArb, (rows, services, periods) => {
        const schools = schoolsOf(rows);
        const plan = { services: services.map(serviceOf), periods };
        const fast = outcome(() => allocate(schools, plan));
        const decimal = outcome(() => allocate(schools, plan, { path: 'decimal' }));
        expect(fast).toEqual(decimal);
      }),
      { numRuns: 1500 },
    );
  });

  it('writes the same csv and tsv, where the integer path gives amounts and per-pupil figures as text', () => {
    fc.assert(
      fc.property(fc.array(schoolArb, { minLength: 1, maxLength: 30 }), serviceArb, fc.boolean(), (rows, service, bom) => {
        const schools = schoolsOf(rows);
        const plan = { services: [serviceOf(service, 1)], periods: [] };
        const written = (path: 'fast' | 'decimal') => {
          try {
            const doc = allocationDoc(allocate(schools, plan, { path }));
            return [renderCsv(doc, { color: false, bom }), renderTsv(doc, { color: false, bom: false })];
          } catch (error) {
            return (error as Error).message;
          }
        };
        expect(written('fast')).toEqual(written('decimal'));
      }),
      { numRuns: 1000 },
    );
  });

  it('on small figures where remainders tie often', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ nor: fc.integer({ min: 0, max: 30 }), months: fc.integer({ min: 0, max: 12 }), phase: fc.constantFrom<Phase>('primary', 'secondary') }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 0, max: 40 }),
        fc.constantFrom(...UNITS),
        fc.constantFrom(...MODES),
        (rows, pence, unit, mode) => {
          const schools: School[] = rows.map((r, i) => ({ id: String(100 + (i % 7)) + (i >= 7 ? `-${i}` : ''), name: 'Same', status: 'community', phase: r.phase, bases: { nor: new Dec(r.nor) }, months: new Dec(r.months), line: i + 2 }));
          const service: Service = {
            name: 'De-delegation',
            basis: 'nor',
            rate: { primary: new Dec(pence).div(100), secondary: new Dec(pence + 37).div(100) },
            charge: { phases: ['primary', 'secondary'], statuses: 'maintained', allThrough: 'split' },
            rounding: { unit: new Dec(unit), mode, foot: 'largest-remainder' },
            source: 'flag',
          };
          const plan = { services: [service], periods: [] };
          expect(outcome(() => allocate(schools, plan))).toEqual(outcome(() => allocate(schools, plan, { path: 'decimal' })));
        },
      ),
      { numRuns: 1000 },
    );
  });
});

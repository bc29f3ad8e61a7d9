import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../src/core/decimal.js';
import { allocate } from '../../src/core/allocate.js';
import type { School, Service } from '../../src/core/types.js';

const amounts = fc.array(fc.integer({ min: 0, max: 10_000_000 }).map((pence) => new Dec(pence).div(100)), { minLength: 1, maxLength: 30 });

const service: Service = {
  name: 'X',
  basis: 'nor',
  rate: new Dec(1),
  charge: { phases: ['primary'], statuses: 'maintained', allThrough: 'split' },
  rounding: { unit: new Dec(1), mode: 'half-up', foot: 'largest-remainder' },
  source: 'flag',
};

describe('footing working kept for explain', () => {
  it('ranks every row once, and a row receives a unit exactly when its rank is within the missing units', () => {
    fc.assert(
      fc.property(amounts, (values) => {
        // A NOR of `value` at £1 a pupil: each school's exact amount is its value.
        const schools: School[] = values.map((nor, i) => ({ id: String(i + 1), name: `School ${i}`, status: 'community', phase: 'primary', bases: { nor }, months: new Dec(12) }));
        const result = allocate(schools, { services: [service], periods: [] });
        const places = result.rows.map((r) => r.charges[0]!.footing![0]!);
        const run = places[0]!.run;
        expect(places.map((p) => p.rank).sort((a, b) => a - b)).toEqual(values.map((_, i) => i + 1));
        places.forEach((p) => expect(p.received).toBe(p.rank <= run.missing));
        expect(run.floorTotal.plus(new Dec(run.missing)).equals(result.services[0]!.expected)).toBe(true);
        // The cut-off is the smallest remainder among those that received a unit.
        const received = places.filter((p) => p.received).map((p) => p.remainder);
        if (run.lastIn) expect(received.every((r) => r.greaterThanOrEqualTo(run.lastIn!.remainder))).toBe(true);
        if (run.firstOut) expect(received.every((r) => r.greaterThanOrEqualTo(run.firstOut!.remainder))).toBe(true);
      }),
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec, sum } from '../../src/core/decimal.js';
import { footLargestRemainderDetail } from '../../src/core/footing.js';
import { roundTo } from '../../src/core/rounding.js';

const amounts = fc.array(fc.integer({ min: 0, max: 10_000_000 }).map((pence) => new Dec(pence).div(100)), { minLength: 1, maxLength: 30 });

describe('footing working kept for explain', () => {
  it('ranks every row once, and a row receives a unit exactly when its rank is within the missing units', () => {
    fc.assert(
      fc.property(amounts, (values) => {
        const items = values.map((exact, i) => ({ exact, id: String(i + 1), name: `School ${i}` }));
        const unit = new Dec(1);
        const total = roundTo(sum(values), unit, 'half-up');
        const { footed, places, run } = footLargestRemainderDetail(items, unit, total);
        expect(places.map((p) => p.rank).sort((a, b) => a - b)).toEqual(values.map((_, i) => i + 1));
        footed.forEach((f, i) => expect(f.received).toBe(places[i]!.rank <= run.missing));
        expect(run.floorTotal.plus(new Dec(run.missing)).equals(total)).toBe(true);
        // The cut-off is the smallest remainder among those that received a unit.
        const received = places.filter((_, i) => footed[i]!.received).map((p) => p.remainder);
        if (run.lastIn) expect(received.every((r) => r.greaterThanOrEqualTo(run.lastIn!.remainder))).toBe(true);
        if (run.firstOut) expect(received.every((r) => r.greaterThanOrEqualTo(run.firstOut!.remainder))).toBe(true);
      }),
    );
  });
});

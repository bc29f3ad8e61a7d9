import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec, sum } from '../../src/core/decimal.js';
import { compareIds, footLargestRemainder, type FootItem } from '../../src/core/footing.js';
import { roundTo } from '../../src/core/rounding.js';

const floorTo = (value: Dec, unit: Dec) => value.div(unit).floor().times(unit);

/** The footing rule written plainly: sort by footingOrder, give the missing units to the first. */
function reference(items: FootItem[], unit: Dec, total: Dec): { amount: string; received: boolean }[] {
  const floors = items.map((i) => floorTo(i.exact, unit));
  const missing = total.minus(sum(floors)).div(unit).toNumber();
  // The README's order: larger remainder, then larger exact amount, then smaller id, then name.
  const order = items
    .map((item, index) => ({ ...item, remainder: item.exact.minus(floors[index]!), index }))
    .sort((a, b) => b.remainder.comparedTo(a.remainder) || b.exact.comparedTo(a.exact) || compareIds(a.id, b.id) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const received = new Set(order.slice(0, missing).map((o) => o.index));
  return floors.map((f, i) => ({ amount: (received.has(i) ? f.plus(unit) : f).toFixed(), received: received.has(i) }));
}

const item = fc.record({
  exact: fc.tuple(fc.nat(5000), fc.constantFrom('0', '5', '25', '125', '3333', '50')).map(([w, f]) => new Dec(`${w}.${f}`)),
  id: fc.constantFrom('', '7', '007', '12', '100001', 'A1', 'b'),
  name: fc.constantFrom('', 'Ash', 'Birch', 'ash'),
});

describe('footing order', () => {
  it('gives the units to the same rows as sorting by footingOrder, ties included', () => {
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 40 }), fc.constantFrom('1', '0.01', '10', '0.5'), (items, u) => {
        const unit = new Dec(u);
        const total = roundTo(sum(items.map((i) => i.exact)), unit, 'half-up');
        const fast = footLargestRemainder(items, unit, total).map((f) => ({ amount: f.amount.toFixed(), received: f.received }));
        expect(fast).toEqual(reference(items, unit, total));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('footing order of ids mixing numbers and text', () => {
  // An LAESTAB written 873/2001 beside URNs, or an id such as 1a: compared as text with a number,
  // 10 came before 1a, 1a before 9 and 9 before 10, so a tie went by row order.
  const IDS = ['9', '10', '1a', '873/2001', '8732002', '007', '-5', 'A1', 'a1', ''];

  it('is a total order: a blank id, then ids of digits (numerically), then the others as text', () => {
    for (const a of IDS) for (const b of IDS) for (const c of IDS) {
      if (compareIds(a, b) <= 0 && compareIds(b, c) <= 0) expect(compareIds(a, c), `${a} ${b} ${c}`).toBeLessThanOrEqual(0);
    }
    expect([...IDS].sort(compareIds)).toEqual(['', '007', '9', '10', '8732002', '-5', '1a', '873/2001', 'A1', 'a1']);
  });

  it('gives a tie the same schools whatever the row order', () => {
    const items = ['9', '10', '1a'].map((id) => ({ exact: new Dec('0.5'), id, name: `School ${id}` }));
    const received = (rows: FootItem[]) => footLargestRemainder(rows, new Dec(1), new Dec(1)).flatMap((f, i) => (f.received ? [rows[i]!.id] : []));
    for (const rows of [items, [items[1]!, items[2]!, items[0]!], [items[2]!, items[0]!, items[1]!], [items[2]!, items[1]!, items[0]!]]) expect(received(rows)).toEqual(['9']);
  });
});

import { describe, expect, it } from 'vitest';
import { Dec } from '../../src/core/decimal.js';
import { compareIds, footLargestRemainder } from '../../src/core/footing.js';
import { DataError } from '../../src/core/errors.js';
import { allocate } from '../../src/core/allocate.js';
import type { School, Service } from '../../src/core/types.js';

const d = (s: string) => new Dec(s);
const item = (exact: string, id: string, name = `School ${id}`) => ({ exact: d(exact), id, name });
const amounts = (f: { amount: Dec }[]) => f.map((x) => x.amount.toFixed());

describe('largest remainder footing', () => {
  it('gives the missing units to the largest remainders first', () => {
    const f = footLargestRemainder([item('1.2', '1'), item('1.7', '2'), item('1.1', '3')], d('1'), d('4'));
    expect(amounts(f)).toEqual(['1', '2', '1']);
    expect(f.map((x) => x.received)).toEqual([false, true, false]);
  });

  it('breaks a tie of remainders towards the larger exact amount', () => {
    const f = footLargestRemainder([item('1.5', '1'), item('2.5', '2')], d('1'), d('4'));
    expect(amounts(f)).toEqual(['1', '3']);
  });

  it('breaks a tie of remainder and amount towards the smaller id, numerically', () => {
    const f = footLargestRemainder([item('1.5', '10'), item('1.5', '9')], d('1'), d('3'));
    expect(amounts(f)).toEqual(['1', '2']);
  });

  it('breaks a full tie on the name when there are no ids', () => {
    const f = footLargestRemainder([item('1.5', '', 'Beta'), item('1.5', '', 'Alpha')], d('1'), d('3'));
    expect(amounts(f)).toEqual(['1', '2']);
  });

  it('foots to units of 100 (the Wirral 5/12 – 7/12 split)', () => {
    const f = footLargestRemainder([item('62333.333333', '0'), item('87266.666667', '1')], d('100'), d('149600'));
    expect(amounts(f)).toEqual(['62300', '87300']);
  });

  it('compares remainders exactly: 1,630 and 104 pupils at 11p for 8 and 10 months tie at £0.53⅓, so the larger amount wins', () => {
    const school = (id: string, nor: string, months: string): School => ({
      id,
      name: `School ${id}`,
      status: 'community',
      phase: 'primary',
      bases: { nor: d(nor) },
      months: d(months),
    });
    const service: Service = {
      name: 'X',
      basis: 'nor',
      rate: d('0.11'),
      charge: { phases: ['primary'], statuses: 'maintained', allThrough: 'split' },
      rounding: { unit: d('1'), mode: 'half-up', foot: 'largest-remainder' },
      source: 'flag',
    };
    const result = allocate([school('1', '1630', '8'), school('2', '104', '10')], { services: [service], periods: [] });
    expect(result.rows.map((r) => r.total.toFixed())).toEqual(['120', '9']);
  });

  it('refuses a total the rows cannot reach without moving a whole unit', () => {
    expect(() => footLargestRemainder([item('1.2', '1')], d('1'), d('3'))).toThrow(DataError);
  });

  it('orders ids numerically only when both are numbers', () => {
    expect(compareIds('9', '10')).toBeLessThan(0);
    expect(compareIds('0009', '10')).toBeLessThan(0);
    expect(compareIds('A9', 'A10')).toBeGreaterThan(0);
  });
});

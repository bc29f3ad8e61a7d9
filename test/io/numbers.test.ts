// Census figures as text: README "Census files" (numbers such as 1,179, £2,147, 1 179).
import { describe, expect, it } from 'vitest';
import { pointGrouped, readNumber } from '../../src/io/numbers.js';

const value = (text: string) => {
  const r = readNumber(text);
  return r.ok ? r.value.toFixed() : r.problem;
};

describe('census numbers', () => {
  it('tell a count written 1.179 (a point for the thousands, as a European region writes it) from a decimal', () => {
    expect(['1.179', '£1.179', ' 12.500 ', '999.999'].map(pointGrouped)).toEqual([true, true, true, true]);
    // Four places, two, one, a leading 0, a thousand and more: decimals, read as written.
    expect(['1.1790', '1.18', '12.5', '0.125', '1179.500', '1,179.500', '1179', '1.179.000'].map(pointGrouped)).toEqual(Array(8).fill(false));
  });

  it('read grouped with commas, a £, padding or decimals exactly', () => {
    expect(['1,179', '£2,147', ' 421 ', '1179.0', '1,234,567.50'].map(value)).toEqual(['1179', '2147', '421', '1179', '1234567.5']);
  });

  it('read thousands grouped by a space, no-break space, thin or narrow no-break space (a PDF or European table), groups of three only', () => {
    expect(['1 179', '1\u00a0179', '1\u2009179', '1\u202f179', '£1 234 567', '12 345.5'].map(value)).toEqual(['1179', '1179', '1179', '1179', '1234567', '12345.5']);
    // Not groups of three: two figures, or a typo, not a number.
    expect(['12 34', '1 1790', '1  179', '1 179,5', '1,179 000'].map(value)).toEqual(Array(5).fill('not a number'));
    expect(value('-1 179')).toBe('negative');
  });

  it('refuse a decimal comma and keep a lone dash apart from 0', () => {
    expect(value('5,10')).toBe('not a number');
    expect(value('-')).toBe('not a number');
  });
});

describe("DfE's marks for a figure not published", () => {
  it.each(['x', 'c', 'z', 'SUPP', '..', ':', '~', 'low', 'NA', '[x]', '[c]', '[z]', '[low]'])('reads %j as suppressed, not as a figure that is no number', (mark) => {
    // The Government Statistical Service writes its marks in square brackets: [c] was "not a number".
    expect(readNumber(mark)).toEqual({ ok: false, problem: 'suppressed' });
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../src/core/decimal.js';
import { describeRounding, groupDigits, grouped, pounds } from '../../src/render/format.js';

/** Intl.NumberFormat as the reference: on Node 20 it groups a decimal string exactly, whatever its length. */
function intlGrouped(text: string): string {
  const point = text.indexOf('.');
  const places = point < 0 ? 0 : text.length - point - 1;
  return new Intl.NumberFormat('en-GB', { minimumFractionDigits: places, maximumFractionDigits: places }).format(text as unknown as number);
}

const plainDecimal = fc
  .tuple(fc.boolean(), fc.stringMatching(/^(0|[1-9]\d{0,59})$/), fc.option(fc.stringMatching(/^\d{1,20}$/)))
  .map(([negative, whole, fraction]) => `${negative ? '-' : ''}${whole}${fraction === null ? '' : `.${fraction}`}`);

describe('formatting figures for people (render/format.ts)', () => {
  it('groups a plain decimal as Intl.NumberFormat does, digit for digit, at any length', () => {
    fc.assert(
      fc.property(plainDecimal, (text) => {
        expect(groupDigits(text)).toBe(intlGrouped(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps every digit of a figure beyond binary floating point', () => {
    expect(groupDigits('123456789012345678901234567890.125')).toBe('123,456,789,012,345,678,901,234,567,890.125');
    expect(grouped(new Dec('9007199254740993.005'), 2)).toBe('9,007,199,254,740,993.01');
  });

  it('rounds to the places asked for half-up, then groups', () => {
    expect(grouped(new Dec('50836.8'), 2)).toBe('50,836.80');
    expect(grouped(new Dec('1234.5'), 0)).toBe('1,235');
    expect(grouped(new Dec('-1234.5'), 0)).toBe('-1,235');
    expect(grouped(new Dec('-0.001'), 2)).toBe('-0.00');
    expect(grouped(new Dec('999'), 0)).toBe('999');
  });

  it('prints money with £, whole pounds without pence, pence where there are any (at least `places`), and the sign first', () => {
    expect(pounds(new Dec('50837'))).toBe('£50,837');
    expect(pounds(new Dec('50836.8'))).toBe('£50,836.80');
    expect(pounds(new Dec('-2250.5'))).toBe('-£2,250.50');
    expect(pounds(new Dec('50836.8'), 0)).toBe('£50,836.8');
    expect(pounds(new Dec('50837'), 2)).toBe('£50,837.00');
    // The first ten places, without the zeros that end them, then …
    expect(pounds(new Dec('0.123456789012'))).toBe('£0.123456789…');
    expect(pounds(new Dec('7091.714967610004'))).toBe('£7,091.71496761…');
    // An exact total over 7/12ths of a year: cut short, and said to be.
    // Cut, not rounded: what is shown is the start of the exact figure, never above it (it was £16.9166666667…).
    expect(pounds(new Dec(29).times(7).div(12))).toBe('£16.9166666666…');
    expect(pounds(new Dec(2).div(3))).toBe('£0.6666666666…');
    expect(pounds(new Dec(-2).div(3))).toBe('-£0.6666666666…');
    expect(pounds(new Dec('3018.4025'))).toBe('£3,018.4025');
  });

  it('describes a rounding rule for footnotes', () => {
    expect(describeRounding(new Dec('1'), 'half-up')).toBe('half-up to £1');
    expect(describeRounding(new Dec('0.01'), 'half-even')).toBe('half-even to £0.01');
  });
});

import { ONE, type Dec } from './decimal.js';

/** An exact amount as numerator ÷ denominator, both finite decimals: no digit is lost before rounding. */
export interface Fraction {
  num: Dec;
  den: Dec;
}

/** Sum of fractions, exactly: one denominator where they share it, else the product of theirs. */
export function addFractions(parts: readonly Fraction[]): Fraction {
  const [first, ...rest] = parts;
  if (!first) throw new Error('dedel internal error: no fractions to add');
  return rest.reduce(
    (a, b) => (a.den.equals(b.den) ? { num: a.num.plus(b.num), den: a.den } : { num: a.num.times(b.den).plus(b.num.times(a.den)), den: a.den.times(b.den) }),
    first,
  );
}

/** The same fractions over one denominator (the product of the distinct ones), for comparing remainders. */
export function overOne(parts: readonly Fraction[]): { nums: Dec[]; den: Dec } {
  const first = parts[0];
  if (!first) return { nums: [], den: ONE };
  if (parts.every((p) => p.den.equals(first.den))) return { nums: parts.map((p) => p.num), den: first.den };
  const dens: Dec[] = [];
  for (const p of parts) if (!dens.some((d) => d.equals(p.den))) dens.push(p.den);
  const den = dens.reduce((a, b) => a.times(b));
  return { nums: parts.map((p) => p.num.times(dens.filter((d) => !d.equals(p.den)).reduce((a, b) => a.times(b), ONE))), den };
}

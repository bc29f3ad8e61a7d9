import { Dec, ONE, sum } from './decimal.js';
import { fromScaled, ratioOf } from './exact.js';
import { roundRatioTo } from './rounding.js';
import { DataError, type Location } from './errors.js';
import { pounds } from './format.js';

/** One line of a cost plan as read: blanks are null. */
export interface CostInput {
  item: string;
  quantity: Dec | null;
  unitCost: Dec | null;
  times: Dec | null;
  total: Dec | null;
  /** Where the line is, for messages (file, line; columns by field). */
  where?: Location;
  /** Column headers by field, for messages. */
  headers?: Partial<Record<'quantity' | 'unit_cost' | 'times' | 'total', string>>;
}

/** A priced line: quantity × unit cost × times, or a lump sum (quantity, unit cost and times null). */
export interface CostLine {
  item: string;
  quantity: Dec | null;
  unitCost: Dec | null;
  times: Dec | null;
  total: Dec;
}

export interface CostPlan {
  lines: CostLine[];
  total: Dec;
}

/**
 * Prices a cost build-up (Sefton: 66 × £250, 5 × 6 × £475, £22,000 …): each line is
 * quantity × unit cost × times (times default 1) or a lump total; a line giving both must
 * agree with itself. The plan's total is the sum of the lines, exactly.
 */
export function priceCosts(inputs: readonly CostInput[]): CostPlan {
  const lines = inputs.map(priceLine);
  return { lines, total: sum(lines.map((l) => l.total)) };
}

function priceLine(input: CostInput): CostLine {
  const { item, quantity, unitCost, times, total } = input;
  const at = (field: keyof NonNullable<CostInput['headers']>, value?: Dec): Location => ({
    ...input.where,
    column: input.headers?.[field] ?? field,
    ...(value !== undefined ? { value: value.toFixed() } : {}),
  });
  const label = item === '' ? 'a line with no item' : `"${item}"`;
  if (quantity !== null && unitCost !== null) {
    const computed = quantity.times(unitCost).times(times ?? ONE);
    if (total !== null && !total.equals(computed)) {
      const working = `${quantity.toFixed()} × ${pounds(unitCost)}${times !== null ? ` × ${times.toFixed()}` : ''} = ${pounds(computed)}`;
      throw new DataError(`${label}: the total ${pounds(total)} does not agree with ${working}`, at('total', total));
    }
    return { item, quantity, unitCost, times: times ?? ONE, total: computed };
  }
  if (quantity !== null) throw new DataError(`${label} has a quantity but no unit cost; give both, or a total`, { ...input.where, column: input.headers?.unit_cost ?? 'unit_cost' });
  if (unitCost !== null) throw new DataError(`${label} has a unit cost but no quantity; give both, or a total`, { ...input.where, column: input.headers?.quantity ?? 'quantity' });
  if (total === null) throw new DataError(`${label} has neither quantity × unit cost nor a total; give one`, input.where);
  if (times !== null) throw new DataError(`${label} has times but no quantity and unit cost to multiply; give those, or the total alone`, at('times', times));
  return { item, quantity: null, unitCost: null, times: null, total };
}

/** The rate a total implies over a number of units, to 2 dp half-up (the README's per-pupil figure). */
export function impliedRate(total: Dec, units: Dec): { rate: Dec; exact: Dec } {
  if (units.isZero()) throw new DataError(`no pupils to spread ${pounds(total)} over: the NOR of the schools charged is 0`);
  const exact = total.div(units);
  const t = ratioOf(total);
  const u = ratioOf(units);
  return { rate: fromScaled(roundRatioTo(t.num * u.den, t.den * u.num, 2, 'half-up'), 2), exact };
}

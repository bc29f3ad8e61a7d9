import { Dec, ONE, ZERO, sum } from './decimal.js';
import { fromScaled, ratioOf } from './exact.js';
import { roundRatioTo } from './rounding.js';
import { DataError, type Location } from './errors.js';
import { joinWords, money, words } from './messages.js';
import type { TargetLine } from './types.js';

/** One line of a cost plan as read: blanks are null. */
export interface CostInput {
  item: string;
  /** The line's working as the paper words it ("66 visits @ £250 per visit"), where the plan has one. */
  description?: string;
  quantity: Dec | null;
  unitCost: Dec | null;
  times: Dec | null;
  total: Dec | null;
  /** Where the line is, for messages (file, line; columns by field). */
  where?: Location;
  /** Column headers by field, for messages. */
  headers?: Partial<Record<'quantity' | 'unit_cost' | 'times' | 'total', string>>;
}

/**
 * A priced line: quantity × unit cost × times, or a lump sum (quantity, unit cost and times
 * null). A line whose item starts `less:` (a balance brought forward, a grant) reduces the
 * plan: its `total` is then negative, so the column adds up to the net total.
 */
export interface CostLine {
  item: string;
  description?: string;
  quantity: Dec | null;
  unitCost: Dec | null;
  times: Dec | null;
  total: Dec;
  sign: 1 | -1;
}

export interface CostPlan {
  lines: CostLine[];
  /** Net: the costs less the lines taken off; never below zero. */
  total: Dec;
  /** The costs before any line is taken off. */
  gross: Dec;
}

/** `less: balance brought forward`, `Less - grant`: a line taken off the plan. */
// The en dash written as an escape: one letter outside Latin-1 made the whole bundle's text two bytes a letter.
const LESS = /^\s*less\b\s*[:\-\u2013]?\s*/i;

/** True when a cost plan line reduces the total rather than adds to it. */
export function isLess(item: string): boolean {
  return LESS.test(item);
}

/** An item that names money coming in, not going out: a grant, income, an underspend or balance brought forward, a contribution. */
const TAKEN_OFF_WORDS = /\b(?:grants?|income|underspends?|under[\s-]spends?|contributions?|refunds?|credits?|rebates?|b\/f|brought\s+forward|carried\s+forward|surplus|recharges?|reserves?)\b/i;

/**
 * The lines of a plan, not written `less:`, whose names say money comes in (`DfE grant`,
 * `Underspend b/f`, `Income - traded`), where counting them as taken off instead makes the
 * lines add up to the plan's stated Total: what the Total's author took off, and dedel added.
 * Empty where there are none, or they do not explain the difference.
 */
export function countedNotTakenOff(lines: readonly CostLine[], stated: Dec, total: Dec): CostLine[] {
  const taken = lines.filter((l) => l.sign === 1 && TAKEN_OFF_WORDS.test(l.item));
  if (taken.length === 0) return [];
  return total.minus(sum(taken.map((l) => l.total)).times(2)).equals(stated) ? taken : [];
}

/** Where a plan's lines are, for an error of the whole plan: a workbook's lines are its sheet's rows (`plan.xlsx: sheet "Costs"`, `row 9`). */
export interface CostPlace {
  place?: string;
  unit?: 'line' | 'row';
}

/**
 * Prices a cost build-up (Sefton: 66 × £250, 5 × 6 × £475, £22,000 …): each line is
 * quantity × unit cost × times (times default 1) or a lump total; a line giving both must
 * agree with itself. The plan's total is the sum of the lines, exactly, those starting
 * `less:` taken off; a total below zero is an error naming them.
 */
export function priceCosts(inputs: readonly CostInput[], where: CostPlace = {}): CostPlan {
  const lines = inputs.map((input): CostLine => {
    const priced = priceLine(input);
    const line = input.description === undefined ? priced : { ...priced, description: input.description };
    return isLess(input.item) ? { ...line, total: line.total.negated(), sign: -1 as const } : line;
  });
  const total = sum(lines.map((l) => l.total));
  const gross = sum(lines.filter((l) => l.sign === 1).map((l) => l.total));
  if (total.isNegative()) {
    const names = inputs.flatMap((input, i) =>
      isLess(input.item) ? [words`"${input.item}"${input.where?.line !== undefined ? ` (${where.unit ?? 'line'} ${input.where.line})` : ''} ${money(lines[i]!.total.negated())}`] : [],
    );
    throw new DataError(
      words`the lines taken off (${joinWords(names, ', ')}) come to more than the costs (${money(gross)}): the net amount would be ${money(total)}, and a net amount cannot be below zero`,
      where.place !== undefined ? { file: where.place } : inputs[0]?.where?.file !== undefined ? { file: inputs[0].where.file } : undefined,
    );
  }
  return { lines, total, gross };
}

/** A cost plan as a target's working: its costs on one line (`label`), then each line it takes off. */
export function targetLinesOf(plan: CostPlan, label: string): TargetLine[] {
  return [
    { item: label, amount: plan.gross, sign: 1 },
    ...plan.lines.filter((l) => l.sign === -1).map((l) => ({ item: l.item.replace(LESS, ''), amount: l.total.negated(), sign: -1 as const })),
  ];
}

function priceLine(input: CostInput): Omit<CostLine, 'sign'> & { sign: 1 } {
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
      // \u00d7 is ×, escaped: a tagged template's text reaches the bundle as written, which must be ASCII.
      const working = words`${quantity.toFixed()} \u00d7 ${money(unitCost)}${times !== null ? ` × ${times.toFixed()}` : ''} = ${money(computed)}`;
      throw new DataError(words`${label}: the total ${money(total)} does not agree with ${working}`, at('total', total));
    }
    return { item, quantity, unitCost, times: times ?? ONE, total: computed, sign: 1 };
  }
  // With a total beside it, the line is half a quantity × unit cost and half a lump sum: say how to finish either.
  const andTotal = total === null ? '' : ' (and a total)';
  const finish = (other: string) => (total === null ? 'give both, or a total' : `give both, or leave the ${other} blank for a lump sum of the total`);
  if (quantity !== null) throw new DataError(`${label} has a quantity but no unit cost${andTotal}; ${finish('quantity')}`, { ...input.where, column: input.headers?.unit_cost ?? 'unit_cost' });
  if (unitCost !== null) throw new DataError(`${label} has a unit cost but no quantity${andTotal}; ${finish('unit cost')}`, { ...input.where, column: input.headers?.quantity ?? 'quantity' });
  if (total === null) throw new DataError(`${label} has neither quantity × unit cost nor a total; give one`, input.where);
  if (times !== null) throw new DataError(`${label} has times but no quantity and unit cost to multiply; give those, or the total alone`, at('times', times));
  return { item, quantity: null, unitCost: null, times: null, total, sign: 1 };
}

/**
 * The net amount of a target's working (costs, then lines taken off), which may not be below
 * zero: the error names every line taken off, at `where` (the config's JSON path).
 */
export function netOf(lines: readonly TargetLine[], where?: Location): Dec {
  const net = lines.reduce((acc, l) => (l.sign === 1 ? acc.plus(l.amount) : acc.minus(l.amount)), ZERO);
  if (net.isNegative()) {
    const gross = sum(lines.filter((l) => l.sign === 1).map((l) => l.amount));
    const taken = lines.filter((l) => l.sign === -1).map((l) => words`"${l.item}" ${money(l.amount)}`);
    throw new DataError(words`the lines taken off (${joinWords(taken, ', ')}) come to more than ${money(gross)}: the net amount would be ${money(net)}, and a net amount cannot be below zero`, where);
  }
  return net;
}

/** The rate a total implies over a number of units, to 2 dp half-up (the README's per-pupil figure). */
export function impliedRate(total: Dec, units: Dec): { rate: Dec; exact: Dec } {
  if (units.isZero()) throw new DataError(words`no pupils to spread ${money(total)} over: the NOR of the schools charged is 0`);
  const exact = total.div(units);
  const t = ratioOf(total);
  const u = ratioOf(units);
  return { rate: fromScaled(roundRatioTo(t.num * u.den, t.den * u.num, 2, 'half-up'), 2), exact };
}

/** A target line's amount with its sign: a line taken off is negative. */
export function signedAmount(line: TargetLine): Dec {
  return line.sign === -1 ? line.amount.negated() : line.amount;
}

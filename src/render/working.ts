import { signedAmount } from '../core/costs.js';
import { pounds } from './format.js';
import { isPerPhase } from '../core/solve.js';
import type { Service, TargetLine } from '../core/types.js';

/** A net target's working: "Costs (plan.csv) £153,950 less Balance brought forward £55,000 = £98,950". */
export function targetWorking(lines: readonly TargetLine[], net: Service['target']): string {
  const text = lines.map((l, i) => `${l.sign === -1 ? 'less ' : i === 0 ? '' : 'plus '}${l.item} ${pounds(l.amount)}`).join(' ');
  return net !== undefined && !isPerPhase(net) ? `${text} = ${pounds(net)}` : text;
}

/** A net target's lines for JSON: each amount signed, as the cost plan prints it. */
export function targetLinesJson(lines: readonly TargetLine[]): { item: string; amount: string }[] {
  return lines.map((l) => ({ item: l.item, amount: signedAmount(l).toFixed() }));
}

import type { Allocation } from './allocate.js';
import { ZERO, sum } from './decimal.js';
import type { SplitResult } from './split.js';

/**
 * The period split of an allocation: each service's total by period as its Appendix B period
 * columns add up, with the column totals, so the split table and Appendix B agree.
 */
export function periodSplitOf(allocation: Allocation): SplitResult {
  const lines = allocation.services.map((r) => ({ name: r.service.name, exact: r.total, amount: r.total, parts: r.periodTotals }));
  const totals = allocation.periods.map((_, k) => sum(lines.map((l) => l.parts[k] ?? ZERO)));
  return { periods: allocation.periods, lines, totals, total: sum(lines.map((l) => l.amount)), ...(allocation.partYear ? { partYear: true } : {}) };
}

import type { Allocation } from '../core/allocate.js';
import { convertingBoughtBack, monthsBoughtBack, type BuyBack } from '../core/buy-back.js';
import { MONTH_NAMES, type Converting } from '../core/convert.js';
import { allocationDoc } from './allocation-doc.js';
import type { DocDiagnostics, TableDoc } from './model.js';

export interface BuyBackDocOptions extends DocDiagnostics {
  title?: string;
  all?: boolean;
  /** Schools converting during the year: the schedule lists those it buys back for their months after. */
  converting?: readonly Converting[];
}

/**
 * The buy-back schedule: the schools of the buy-back statuses with their price per service
 * and a Total of their own, laid out as Appendix B is; it is a separate table, so neither
 * total holds the other's schools.
 */
export function buyBackDoc(schedule: Allocation, buyBack: BuyBack, options: BuyBackDocOptions = {}): TableDoc {
  const doc = allocationDoc(schedule, { title: options.title ?? buyBack.title ?? 'Buy-back schedule', all: options.all, ...(options.diagnostics ? { diagnostics: options.diagnostics } : {}) });
  const months = buyBack.months === null ? "each school's months in the census" : `${buyBack.months.toFixed()} months (${buyBack.months.toFixed()}/12 of the year)`;
  const priced = schedule.services.map((r) => `${r.service.name} at ${buyBack.rates.has(r.service.name) ? 'its own buy-back rate' : 'the de-delegation rate'}`);
  const listed = new Set(schedule.rows.map((r) => r.school.id));
  const converting = convertingBoughtBack(options.converting ?? [], buyBack).filter((c) => listed.has(c.school.id));
  const after = converting.map((c) => {
    const months = monthsBoughtBack(c, buyBack);
    return `${c.school.name} from 1 ${MONTH_NAMES[c.conversion.month - 1]} (${months.toFixed()} month${months.equals(1) ? '' : 's'}${months.equals(c.monthsLost) ? '' : `, the schedule's last ${months.toFixed()} of its ${c.monthsLost.toFixed()} months after`})`;
  });
  doc.notes = [
    `Buy-back: ${buyBack.statuses.join(', ')} schools for ${months}; ${priced.join('; ')}. This total is separate from the de-delegated total.`,
    ...(after.length > 0 ? [`Converting to an academy during the year, and bought back for the months after the conversion: ${after.join('; ')}.`] : []),
    ...doc.notes,
  ];
  doc.meta = { ...doc.meta, buy_back: { statuses: buyBack.statuses, months: buyBack.months?.toFixed() ?? null } };
  doc.sheet = 'Buy-back';
  return doc;
}

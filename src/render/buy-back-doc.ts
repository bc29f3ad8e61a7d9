import type { Allocation } from '../core/allocate.js';
import type { BuyBack } from '../core/buy-back.js';
import { allocationDoc } from './allocation-doc.js';
import type { TableDoc } from './model.js';

export interface BuyBackDocOptions {
  title?: string;
  all?: boolean;
}

/**
 * The buy-back schedule: the schools of the buy-back statuses with their price per service
 * and a Total of their own, laid out as Appendix B is; it is a separate table, so neither
 * total holds the other's schools.
 */
export function buyBackDoc(schedule: Allocation, buyBack: BuyBack, options: BuyBackDocOptions = {}): TableDoc {
  const doc = allocationDoc(schedule, { title: options.title ?? buyBack.title ?? 'Buy-back schedule', all: options.all });
  const months = buyBack.months === null ? "each school's months in the census" : `${buyBack.months.toFixed()} months (${buyBack.months.toFixed()}/12 of the year)`;
  const priced = schedule.services.map((r) => `${r.service.name} at ${buyBack.rates.has(r.service.name) ? 'its own buy-back rate' : 'the de-delegation rate'}`);
  doc.notes = [
    `Buy-back: ${buyBack.statuses.join(', ')} schools for ${months}; ${priced.join('; ')}. This total is separate from the de-delegated total.`,
    ...doc.notes,
  ];
  doc.meta = { ...doc.meta, buyBack: { statuses: buyBack.statuses, months: buyBack.months?.toFixed() ?? null } };
  doc.sheet = 'Buy-back';
  return doc;
}

import type { Comparison } from '../core/compare.js';
import { forWorkbook, rowRest } from './formulas.js';
import type { Cell, TableDoc } from './model.js';

export interface CompareDocOptions {
  before: string;
  after: string;
  /** Decimal places the amounts are printed with: the most either file used. */
  places: number;
}

/** The compare table: `urn,school,before,after,change,change_pct`, a Total row last. */
export function compareDoc(result: Comparison, options: CompareDocOptions): TableDoc {
  const { places } = options;
  const rows: Cell[][] = result.rows.map((r) => [r.urn, r.school, r.before, r.after, r.change, r.changePct]);
  const t = result.total;
  const doc: TableDoc = {
    columns: [
      { key: 'urn', label: 'URN', kind: 'text', optional: true },
      { key: 'school', label: 'School', kind: 'text' },
      { key: 'before', label: 'Before £', kind: 'money', places },
      { key: 'after', label: 'After £', kind: 'money', places },
      { key: 'change', label: 'Change £', kind: 'money', places },
      { key: 'change_pct', label: 'Change %', kind: 'percent' },
    ],
    rows,
    total: ['', 'Total', t.before, t.after, t.change, t.changePct],
    notes: [
      `Before: ${options.before}; after: ${options.after}. Change = after − before; a school in one file only counts as 0 on the other side. Change % is of before, to 1 dp.`,
    ],
    diagnostics: [],
    meta: { before: options.before, after: options.after },
  };
  return forWorkbook(doc, 'Compare', (cells) => ({ change: rowRest(doc, cells, 'change', 'after', ['before']) }));
}

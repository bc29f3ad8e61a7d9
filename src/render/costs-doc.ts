import type { CostPlan } from '../core/costs.js';
import type { Dec } from '../core/decimal.js';
import { counted } from '../core/messages.js';
import { countShown, grouped, pounds } from './format.js';
import { forWorkbook } from './formulas.js';
import type { Cell, Column, DocDiagnostics, TableDoc } from './model.js';

/** The rate a cost plan's total implies over the pupils of the schools charged. */
export interface PerPupil {
  rate: Dec;
  exact: Dec;
  /** NOR of the schools charged (pro-rata by months where the census has them). */
  nor: Dec;
  schools: number;
  census: string;
  /** Which schools were charged, in words: "maintained primary and secondary" (the note adds "schools charged"). */
  rule: string;
}

export interface CostsDocOptions extends DocDiagnostics {
  title?: string;
  perPupil?: PerPupil;
}

/** Money prints to whole pounds, or to pence where any figure has pence: costs are exact, never rounded. */
function moneyPlaces(values: readonly Dec[]): number {
  const most = Math.max(0, ...values.map((v) => v.decimalPlaces()));
  return most === 0 ? 0 : Math.max(2, most);
}

/** The sentence human formats end with when `--per-pupil` was asked for: the rate grouped like every sum (£1,234.56). */
export function perPupilNote(total: Dec, p: PerPupil): string {
  // A school charged part of the year counts its NOR × months / 12: a count with no end (× 7/12) is shown to 4 dp, and said to be pro-rata.
  const pupils = countShown(p.nor);
  const proRata = pupils.eq(p.nor) ? '' : ', pro-rata by the months each is charged, shown to 4 dp';
  return `Per pupil: ${pounds(total)} over ${counted(grouped(pupils, pupils.decimalPlaces()), 'pupil')} (NOR of the ${p.schools} ${p.rule} ${p.schools === 1 ? 'school' : 'schools'} charged in ${p.census}${proRata}) = ${pounds(p.rate, 2)} (to the penny, half-up).`;
}

/** The cost build-up (Sefton style): each line priced, then the Total. */
export function costsDoc(plan: CostPlan, options: CostsDocOptions = {}): TableDoc {
  const places = moneyPlaces(plan.lines.flatMap((l) => (l.unitCost ? [l.unitCost, l.total] : [l.total])));
  // A plan with a description column keeps it, beside the item.
  const described = plan.lines.some((l) => l.description !== undefined);
  const columns: Column[] = [
    { key: 'item', label: 'Item', kind: 'text' },
    ...(described ? [{ key: 'description', label: 'Description', kind: 'text' } satisfies Column] : []),
    { key: 'quantity', label: 'Quantity', kind: 'count' },
    { key: 'unit_cost', label: 'Unit cost £', kind: 'money', places },
    { key: 'times', label: 'Times', kind: 'count' },
    { key: 'total', label: 'Total £', kind: 'money', places },
  ];
  const rows: Cell[][] = plan.lines.map((l) => [l.item, ...(described ? [l.description ?? ''] : []), l.quantity, l.unitCost, l.times, l.total]);
  const p = options.perPupil;
  const doc: TableDoc = {
    title: options.title,
    columns,
    rows,
    total: ['Total', ...(described ? [''] : []), null, null, null, plan.total],
    notes: p ? [perPupilNote(plan.total, p)] : [],
    diagnostics: [...(options.diagnostics ?? [])],
    ...(p
      ? {
          trailer: {
            // snake_case, and every number a string, as in every JSON dedel writes.
            per_pupil: { rate: p.rate.toFixed(2), exact: p.exact.toFixed(), nor: p.nor.toFixed(), schools: String(p.schools), census: p.census },
          },
        }
      : {}),
  };
  return forWorkbook(doc, 'Costs');
}

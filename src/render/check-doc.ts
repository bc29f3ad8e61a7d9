import { basisLabel } from '../core/charge.js';
import type { CensusSummary } from '../core/census-checks.js';
import { Dec } from '../core/decimal.js';
import type { Diagnostic, Service } from '../core/types.js';
import { forWorkbook } from './formulas.js';
import type { Cell, Column, TableDoc } from './model.js';
import { snake } from '../core/names.js';

/**
 * The `check` summary: schools counted by phase and status, how many are charged (by at
 * least one service) and why the rest are not, and the basis totals of the charged schools
 * (worked out in core: `censusSummary`).
 */
export function checkDoc(summary: CensusSummary, services: readonly Service[], file: string, options: { title?: string; diagnostics: Diagnostic[] }): TableDoc {
  const { bases, groups: ordered } = summary;
  const { diagnostics } = options;
  const columns: Column[] = [
    { key: 'phase', label: 'Phase', kind: 'phase' },
    { key: 'status', label: 'Status', kind: 'status' },
    { key: 'schools', label: 'Schools', kind: 'count' },
    { key: 'charged', label: 'Charged', kind: 'count' },
    { key: 'not_charged', label: 'Not charged', kind: 'count' },
    ...bases.map((b): Column => ({ key: `${snake(b)}_charged`, label: `${basisLabel(b)} charged`, kind: 'count' })),
    { key: 'reason', label: 'Why not charged', kind: 'text' },
  ];
  const rows: Cell[][] = ordered.map((g) => [
    g.phase,
    g.status,
    new Dec(g.schools),
    new Dec(g.charged),
    new Dec(g.notCharged),
    ...bases.map((b) => (g.charged ? (g.bases.get(b) ?? null) : null)),
    [...g.reasons].join('; '),
  ]);
  const total: Cell[] = [
    'Total',
    null,
    new Dec(summary.total.schools),
    new Dec(summary.total.charged),
    new Dec(summary.total.notCharged),
    ...bases.map((b) => summary.total.bases.get(b) ?? null),
    '',
  ];
  const { schools, charged, notCharged } = summary.total;
  const warnings = diagnostics.filter((d) => d.level === 'warning').length;
  const doc: TableDoc = {
    title: options.title ?? `Check of ${file}`,
    columns,
    rows,
    total,
    notes: [
      `${schools} school${schools === 1 ? '' : 's'}; ${charged} charged by ${services.length === 1 ? `"${services[0]!.name}"` : `at least one of ${services.length} services`}, ${notCharged} not. No errors${warnings ? `; ${warnings} warning${warnings === 1 ? '' : 's'} (on stderr)` : ''}.`,
    ],
    diagnostics,
    meta: { file, services: services.map((s) => s.name), errors: [] },
  };
  return forWorkbook(doc, 'Check');
}

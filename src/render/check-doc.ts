import { basisLabel } from '../core/charge.js';
import { censusSummary } from '../core/census-checks.js';
import { Dec } from '../core/decimal.js';
import type { Diagnostic, Service } from '../core/types.js';
import { forWorkbook } from './formulas.js';
import type { Cell, Column, TableDoc } from './model.js';
import { snake } from '../core/names.js';
import type { SchoolSet } from '../core/school-set.js';

/**
 * The `check` summary: schools counted by phase and status, how many are charged (by at
 * least one service) and why the rest are not, and the basis totals of the charged schools
 * (worked out in core: `censusSummary`).
 */
export function checkDoc(schools: SchoolSet, services: readonly Service[], file: string, diagnostics: Diagnostic[]): TableDoc {
  const summary = censusSummary(schools, services);
  const { bases, groups: ordered } = summary;
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
    new Dec(g.schools - g.charged),
    ...bases.map((b) => (g.charged ? (g.bases.get(b) ?? null) : null)),
    [...g.reasons].join('; '),
  ]);
  const total: Cell[] = [
    'Total',
    null,
    new Dec(summary.total.schools),
    new Dec(summary.total.charged),
    new Dec(summary.total.schools - summary.total.charged),
    ...bases.map((b) => summary.total.bases.get(b) ?? null),
    '',
  ];
  const charged = summary.total.charged;
  const warnings = diagnostics.filter((d) => d.level === 'warning').length;
  const doc: TableDoc = {
    title: `Check of ${file}`,
    columns,
    rows,
    total,
    notes: [
      `${schools.size} school${schools.size === 1 ? '' : 's'}; ${charged} charged by ${services.length === 1 ? `"${services[0]!.name}"` : `at least one of ${services.length} services`}, ${schools.size - charged} not. No errors${warnings ? `; ${warnings} warning${warnings === 1 ? '' : 's'} (on stderr)` : ''}.`,
    ],
    diagnostics,
    meta: { file, services: services.map((s) => s.name), errors: [] },
  };
  return forWorkbook(doc, 'Check');
}

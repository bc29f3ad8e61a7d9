import { decideCharge } from '../core/charge.js';
import { Dec, sum } from '../core/decimal.js';
import { PHASES, STATUSES, type Diagnostic, type School, type Service } from '../core/types.js';
import type { Cell, Column, TableDoc } from './model.js';
import { snake } from '../core/names.js';
import type { SchoolSet } from '../core/school-set.js';

interface Group {
  phase: School['phase'];
  status: School['status'];
  schools: number;
  charged: number;
  bases: Map<string, Dec>;
  reasons: Set<string>;
}

const rank = <T>(list: readonly T[], value: T | null) => (value === null ? -1 : list.indexOf(value));

/** The bases the services charge on, NOR first: the totals `check` reports. */
export function basesOf(services: readonly Service[]): string[] {
  return [...new Set(['nor', ...services.map((s) => s.basis).filter((b) => b !== 'school')])];
}

/**
 * The `check` summary: schools counted by phase and status, how many are charged (by at
 * least one service) and why the rest are not, and the basis totals of the charged schools.
 */
export function checkDoc(schools: SchoolSet, services: readonly Service[], file: string, diagnostics: Diagnostic[]): TableDoc {
  const bases = basesOf(services);
  const groups = new Map<string, Group>();
  for (const school of schools) {
    const key = `${school.phase}|${school.status}`;
    const group = groups.get(key) ?? { phase: school.phase, status: school.status, schools: 0, charged: 0, bases: new Map(), reasons: new Set<string>() };
    groups.set(key, group);
    group.schools += 1;
    const decisions = services.map((s) => decideCharge(s.charge, school, s.basis));
    if (decisions.some((d) => d.charged)) {
      group.charged += 1;
      for (const b of bases) {
        const value = school.bases[b];
        if (value !== undefined) group.bases.set(b, (group.bases.get(b) ?? new Dec(0)).plus(value));
      }
    } else {
      for (const d of decisions) if (!d.charged) group.reasons.add(d.reason);
    }
  }
  const ordered = [...groups.values()].sort((a, b) => rank(PHASES, a.phase) - rank(PHASES, b.phase) || rank(STATUSES, a.status) - rank(STATUSES, b.status));
  const columns: Column[] = [
    { key: 'phase', label: 'Phase', kind: 'phase' },
    { key: 'status', label: 'Status', kind: 'status' },
    { key: 'schools', label: 'Schools', kind: 'count' },
    { key: 'charged', label: 'Charged', kind: 'count' },
    { key: 'not_charged', label: 'Not charged', kind: 'count' },
    ...bases.map((b): Column => ({ key: `${snake(b)}_charged`, label: `${b === 'nor' ? 'NOR' : b.toUpperCase()} charged`, kind: 'count' })),
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
  const count = (f: (g: Group) => number) => new Dec(ordered.reduce((n, g) => n + f(g), 0));
  const total: Cell[] = [
    'Total',
    null,
    count((g) => g.schools),
    count((g) => g.charged),
    count((g) => g.schools - g.charged),
    ...bases.map((b) => sum(ordered.map((g) => g.bases.get(b) ?? new Dec(0)))),
    '',
  ];
  const charged = ordered.reduce((n, g) => n + g.charged, 0);
  const warnings = diagnostics.filter((d) => d.level === 'warning').length;
  return {
    title: `Check of ${file}`,
    columns,
    rows,
    total,
    notes: [
      `${schools.size} schools; ${charged} charged by ${services.length === 1 ? `"${services[0]!.name}"` : `at least one of ${services.length} services`}, ${schools.size - charged} not. No errors${warnings ? `; ${warnings} warning${warnings === 1 ? '' : 's'} (on stderr)` : ''}.`,
    ],
    diagnostics,
    meta: { file, services: services.map((s) => s.name), errors: [] },
  };
}

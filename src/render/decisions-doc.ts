import type { DecisionRow } from '../core/decisions.js';
import type { Cell, Column, DocDiagnostics, TableDoc } from './model.js';
import { forWorkbook } from './formulas.js';

export interface DecisionsDocOptions extends DocDiagnostics {
  title?: string;
}

/** How the minutes write a vote: 6–1–0 (for, against, abstain). */
export function voteText(row: Pick<DecisionRow, 'vote'>): string | null {
  return row.vote ? `${row.vote.for}–${row.vote.against}–${row.vote.abstain}` : null;
}

/**
 * The decision grid: one row per service and phase with the forum's decision, the vote
 * (for, against, abstain) and the years it commits to. A service with no decisions recorded
 * shows the phases its charge rules charge, as `de-delegate`, marked in the note.
 */
export function decisionsDoc(rows: readonly DecisionRow[], options: DecisionsDocOptions = {}): TableDoc {
  const columns: Column[] = [
    { key: 'service', label: 'Service', kind: 'text' },
    { key: 'phase', label: 'Phase', kind: 'phase' },
    { key: 'decision', label: 'Decision', kind: 'text' },
    { key: 'for', label: 'For', kind: 'count' },
    { key: 'against', label: 'Against', kind: 'count' },
    { key: 'abstain', label: 'Abstain', kind: 'count' },
    { key: 'years', label: 'Years', kind: 'count' },
    { key: 'note', label: 'Note', kind: 'text' },
  ];
  const count = (n: number | undefined): Cell => (n === undefined ? null : String(n));
  const table: Cell[][] = rows.map((row) => [
    row.service,
    row.phase,
    row.decision,
    count(row.vote?.for),
    count(row.vote?.against),
    count(row.vote?.abstain),
    count(row.years),
    row.recorded ? (row.note ?? null) : 'no decision recorded: charged by the charge rules',
  ]);
  const notes: string[] = [];
  if (rows.some((r) => r.decision === 'pending')) notes.push('A pending phase is not charged until the forum decides.');
  if (rows.some((r) => r.vote)) notes.push('Votes are those of the maintained members for that phase: for, against, abstain.');
  return forWorkbook(
    {
      title: options.title,
      columns,
      rows: table,
      notes,
      diagnostics: [...(options.diagnostics ?? [])],
      rowExtras: rows.map((row) => ({ recorded: row.recorded, vote: voteText(row) })),
    },
    'Decisions',
  );
}

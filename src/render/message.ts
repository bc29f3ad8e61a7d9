import { located, visible, type DedelError } from '../core/errors.js';
import type { Message } from '../core/messages.js';
import type { Diagnostic } from '../core/types.js';
import { pounds } from './format.js';

/** A message as users read it: each sum of money printed by `pounds` ("£50,836.80"). */
export function messageText(message: Message): string {
  return typeof message === 'string' ? message : message.map((part) => (typeof part === 'string' ? part : pounds(part.pounds, part.places))).join('');
}

/** A problem as users read it: where (`census.csv:12: column "NOR"`), then what. */
export function problemText(problem: DedelError): string {
  return located(problem.where, messageText(problem.detail));
}

/** A problem repeated on more rows than this is said for the first `FOLD_SHOWN` rows and counted after. */
const FOLD_AFTER = 5;
const FOLD_SHOWN = 3;

/**
 * The lines that report problems, each problem once: one repeated on many rows (the same
 * file, column and detail) is given for its first few rows, then one line counting the rest
 * with their first and last lines. Order is kept.
 */
export function foldProblems(problems: readonly DedelError[]): string[] {
  const groups = new Map<string, DedelError[]>();
  const keyOf = (p: DedelError) => `${p.where?.file ?? ''}\u0000${p.where?.column ?? ''}\u0000${messageText(p.detail)}`;
  for (const p of problems) {
    const key = keyOf(p);
    const group = groups.get(key);
    if (group) group.push(p);
    else groups.set(key, [p]);
  }
  const lines: string[] = [];
  for (const p of problems) {
    const group = groups.get(keyOf(p))!;
    const at = group.indexOf(p);
    if (group.length <= FOLD_AFTER || at < FOLD_SHOWN) lines.push(problemText(p));
    else if (at === FOLD_SHOWN) {
      const rest = group.slice(FOLD_SHOWN);
      const first = rest[0]!.where?.line;
      const last = rest.at(-1)!.where?.line;
      const where = first !== undefined && last !== undefined ? ` (lines ${first} to ${last})` : '';
      const column = p.where?.column !== undefined ? ` column ${typeof p.where.column === 'number' ? p.where.column : `"${visible(p.where.column)}"`}:` : '';
      lines.push(`${p.where?.file ? `${p.where.file}:` : ''}${column} the same on ${rest.length} more rows${where}: ${messageText(p.detail)}`);
    }
  }
  return lines;
}

/** Diagnostics as JSON output writes them: each message as users read it. */
export function diagnosticsText(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.map((d) => (typeof d.message === 'string' ? d : { ...d, message: messageText(d.message) }));
}

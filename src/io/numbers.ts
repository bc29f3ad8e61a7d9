import { Dec } from '../core/decimal.js';

/** Grouped (`1,179`), pound-prefixed (`£2,147`), padded (` 421 `) or decimal (`1179.0`) text. */
const NUMBER = /^£?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/;
const NEGATIVE = /^(?:-\s*£?|£\s*-|\()\s*(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\)?$/;

export type NumberReading = { ok: true; value: Dec } | { ok: false; problem: 'blank' | 'negative' | 'not a number' | 'suppressed' };

/**
 * DfE's marks for a figure it does not publish (`x` suppressed, `c` confidential, `z` not
 * applicable, `..`, `:`, `~`, `SUPP`, `NA`, `low`): read as blanks that say why.
 */
const SUPPRESSED = new Set(['na', 'n/a', 'x', 'c', 'z', 'supp', 'suppressed', '..', ':', '~', 'low']);

/** Is this cell one of DfE's marks for a figure withheld? */
export function isSuppressed(text: string): boolean {
  return SUPPRESSED.has(text.trim().toLowerCase());
}

/** Reads a census number exactly, as text to Decimal: no binary floating point on the way. */
export function readNumber(text: string): NumberReading {
  const t = text.trim().replace(/^£\s+/, '£');
  if (t === '') return { ok: false, problem: 'blank' };
  if (NUMBER.test(t)) return { ok: true, value: new Dec(t.replace(/[£,]/g, '')) };
  if (NEGATIVE.test(t)) return { ok: false, problem: 'negative' };
  if (SUPPRESSED.has(t.toLowerCase())) return { ok: false, problem: 'suppressed' };
  return { ok: false, problem: 'not a number' };
}

const DECIMAL = /^\d+(?:\.\d+)?$/;

/** Reads a plain non-negative decimal from a flag or config (`5.10`, `1160000`), or null. */
export function readDecimal(text: string): Dec | null {
  const t = text.trim().replace(/^£/, '').replace(/,/g, '');
  return DECIMAL.test(t) ? new Dec(t) : null;
}

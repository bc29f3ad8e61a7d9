import { Dec, poundsOf, unitsOf } from '../core/decimal.js';

/**
 * Grouped (`1,179`, or `1 179` with a space, no-break space, thin or narrow no-break space as
 * a PDF's or a European spreadsheet's table gives it: groups of three only), pound-prefixed
 * (`£2,147`), padded (` 421 `) or decimal (`1179.0`) text.
 */
// \u00a3 is £, written as an escape in every pattern so the bundle is ASCII (bin/dedel.js reads it as Latin-1).
const NUMBER = /^\u00a3?(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+|\d+)(?:\.\d+)?$/;
const NEGATIVE = /^(?:-\s*\u00a3?|\u00a3\s*-|\()\s*(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+|\d+)(?:\.\d+)?\)?$/;

export type NumberReading = { ok: true; value: Dec } | { ok: false; problem: 'blank' | 'negative' | 'not a number' | 'suppressed' };

/**
 * DfE's marks for a figure it does not publish (`x` suppressed, `c` confidential, `z` not
 * applicable, `..`, `:`, `~`, `SUPP`, `NA`, `low`), and the same in square brackets as the
 * Government Statistical Service now writes them (`[x]`, `[c]`, `[z]`, `[low]`): read as blanks
 * that say why.
 */
const SUPPRESSED = new Set(['na', 'n/a', 'x', 'c', 'z', 'supp', 'suppressed', '..', ':', '~', 'low', '[x]', '[c]', '[z]', '[low]']);

/** A lone dash, with its pound sign or not (` - `, `£ -`): how Excel's Accounting format shows 0, and what a CSV saved from it holds. */
export function isLoneDash(text: string): boolean {
  return /^\s*(?:\u00a3\s*)?[-\u2012-\u2015]\s*$/.test(text);
}

/** Excel's error values as a cell prints them (and a CSV saves them). */
const EXCEL_ERROR = /^\s*#(?:REF!|N\/A|VALUE!|DIV\/0!|NAME\?|NUM!|NULL!|SPILL!|CALC!|GETTING_DATA|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!)\s*$/i;

/** Is this cell an Excel error value (`#REF!`, `#N/A` …): a formula that failed? */
export function isExcelError(text: string): boolean {
  return EXCEL_ERROR.test(text);
}

/** What an Excel error value in a figure's cell means, for its error. */
export function excelErrorHint(text: string): string {
  return `${text.trim()} is Excel's mark for a formula that failed (a reference to deleted cells, a lookup that found nothing): correct the formula in the workbook and save the file again`;
}

/** Is this cell one of DfE's marks for a figure withheld? */
export function isSuppressed(text: string): boolean {
  return SUPPRESSED.has(text.trim().toLowerCase());
}

/** Reads a census number exactly, as text to Decimal: no binary floating point on the way. */
export function readNumber(text: string): NumberReading {
  const t = text.trim().replace(/^\u00a3\s+/, '£');
  if (t === '') return { ok: false, problem: 'blank' };
  if (NUMBER.test(t)) return { ok: true, value: new Dec(t.replace(/[\u00a3, \u00a0\u2009\u202f]/g, '')) };
  if (NEGATIVE.test(t)) return { ok: false, problem: 'negative' };
  if (SUPPRESSED.has(t.toLowerCase())) return { ok: false, problem: 'suppressed' };
  return { ok: false, problem: 'not a number' };
}

/**
 * A pupil count written as `1.179`: one to three digits, a point and three more, as a European
 * region groups thousands (1.179 for 1,179; a semicolon-separated file is refused for this
 * reason, but a comma-separated one saved or typed that way is not). Read as a decimal it is a
 * thousandth of what was meant, so a headcount so written is asked about, never guessed.
 */
const POINT_GROUPED = /^\u00a3?\s*[1-9]\d{0,2}\.\d{3}$/;

/**
 * Is this count's text `1.179`, which may be 1,179 with a point for a thousands separator? A
 * text with no point is answered without the pattern: a census of whole numbers asks it of
 * every row.
 */
export function pointGrouped(text: string): boolean {
  return text.includes('.') && POINT_GROUPED.test(text.trim());
}

/**
 * Why a sum of money written `20.000` is refused: pounds have two decimal places, so three are
 * 20,000 with a point for the thousands (as a European region writes it) or £20 written oddly;
 * read as the decimal, a cost or target was a thousandth of what was meant.
 */
export function pointGroupedMoney(text: string): string {
  const t = text.trim().replace(/^\u00a3\s*/, '');
  const [whole, part] = t.split('.');
  // The decimal reading, to the penny where it is whole pence (`20.000` is 20.00), else as written with a fourth place.
  const pence = part!.endsWith('0') ? `${whole}.${part!.slice(0, 2)}` : `${t}0`;
  return `an amount with three decimal places may be ${whole},${part} with a point for the thousands, as a European region writes it, or \u00a3${pence}; dedel does not guess: write ${whole}${part} (or ${whole},${part}) for \u00a3${whole},${part}, or ${pence} for \u00a3${pence}`;
}

// Commas only as thousands separators: `1,160,000`, never `5,10` (a decimal comma read as 510).
const DECIMAL = /^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/;

/** Reads a plain non-negative decimal from a flag or config (`5.10`, `1160000`, `£1,160,000`), or null. */
export function readDecimal(text: string): Dec | null {
  const t = text.trim().replace(/^\u00a3/, '');
  return DECIMAL.test(t) ? new Dec(t.replace(/,/g, '')) : null;
}

/**
 * The most digits (integer digits and decimal places together) of a rate, target, weight,
 * unit or cost-plan figure. dedel's arithmetic keeps 50 significant digits: a rate of 20
 * digits times a basis, months and the sum of a million rows stays well within them, so every
 * figure is exact. A longer one is refused, never rounded silently.
 */
export const MAX_DIGITS = 20;

/** The digits a decimal spans, from its first integer digit to its last decimal place (`0.05` → 2, `120` → 3). */
export function digitsOf(value: Dec): number {
  if (value.isZero()) return 1;
  return Math.max(value.e + 1, 0) + value.decimalPlaces();
}

/** Months written as twelfths of the year, as a paper speaks of them (`5/12`, `7/12ths`): the months; undefined otherwise. */
export function twelfthsOf(text: string): string | undefined {
  return /^\s*(\d{1,2})\s*\/\s*12\s*(?:ths?)?\s*$/i.exec(text)?.[1];
}

/**
 * Where an amount is written in pence (`510p`, `1p`), or in thousands or millions as a paper
 * writes them (`£20k`, `£1.2m`), what it is in pounds, for a message: `; amounts are in
 * pounds: 510p is 5.1`, `; dedel reads no k or m for thousands or millions: write £1.2m as
 * 1200000`; else ''.
 */
export function amountHint(text: string): string {
  const pence = /^\s*(\d+(?:\.\d+)?)\s*p\s*$/i.exec(text);
  if (pence) return `; amounts are in pounds: ${pence[1]}p is ${poundsOf(new Dec(pence[1]!)).toFixed()}`;
  const scaled = /^\s*(\u00a3?)\s*(\d+(?:\.\d+)?)\s*(k|m)\s*$/i.exec(text);
  if (!scaled) return '';
  const written = `${scaled[1]}${scaled[2]}${scaled[3]}`;
  return `; dedel reads no k or m for thousands or millions: write ${written} as ${unitsOf(new Dec(scaled[2]!), scaled[3]!.toLowerCase() === 'k' ? 1000 : 1000000).toFixed()}`;
}

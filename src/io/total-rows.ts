import type { Phase, Status } from '../core/types.js';
import { compact, normalisePhase, statusWord } from './normalise.js';

/**
 * A row that is not a school. `national` (DfE's `NAT`, England) is checked to be at least the
 * schools' sum, since an authority's file holds a part of the nation; `grand` (`Total`, `LA
 * total`) against every school row; `phase` (`Primary total`) against the schools of that
 * phase; `status` (`Maintained total`, `Total academies`, `Community Total` as Excel's Data >
 * Subtotal writes it in a status column) against the schools of that status (`maintained`: every
 * maintained school), and of that phase too where it names one (`Primary maintained total`,
 * `Total academies - secondary`); `subtotal` against the school rows since the previous total row.
 */
export type TotalKind =
  | { kind: 'national' }
  | { kind: 'grand' }
  | { kind: 'phase'; phase: Phase }
  | { kind: 'status'; status: Status; phase?: Phase }
  | { kind: 'subtotal' }
  /** Excel's Data > Subtotal: the total of the rows whose phase or status cell is `text` (case aside). */
  | { kind: 'group'; field: 'phase' | 'status'; text: string };

const NATIONAL = new Set(['nat', 'national', 'england', 'eng', 'nationaltotal', 'englandtotal', 'totalengland']);
const GRAND = /^(?:grand|overall|la|localauthority|authority|all|allschools|school|schools)?totals?(?:(?:(?:for|of)(?:the)?)?(?:la|localauthority|authority|allschools|schools))?$/;
const SUBTOTAL = /^(?:(.*?)subtotals?|subtotals?(.*))$/;
const THEN_TOTAL = /^(.+?)totals?$/;
/** `Total` then a note, a year or a figure's name (not a school's: `Total Learning Academy`). */
const TOTAL_FIRST = /^\s*(?:(?:grand|overall)\s+)?totals?\b\s*(?:\(|[-\u2013:]?\s*(?:\d|(?:nor|pupils?|charged|charges?|roll|amount|headcount|\u00a3)(?:\W|$)))/i;
/** The authority's words for itself before a phase in a total's name (`LA Primary Total`). */
const AUTHORITY = /^(?:la|localauthority|authority)(?=.)/;

/** Status words of totals that are no status word of a school's: `academies`, `maintained schools`. */
const STATUS_TOTALS: Record<string, Status> = {
  maintainedschools: 'maintained',
  lamaintainedschools: 'maintained',
  localauthoritymaintainedschools: 'maintained',
  academies: 'academy',
  academyschools: 'academy',
  academiesandfreeschools: 'academy',
};

/** A status word of a total: `maintained schools`, `academies`, `Community`. */
function statusIn(words: string): Status | undefined {
  return STATUS_TOTALS[words] ?? statusWord(words);
}

/**
 * The status a total row's words name once `total`, `sub`, `for`, `of` and `all` are taken off
 * (`Total maintained schools`, `Community Total`), with the phase they name beside it, either
 * side (`Primary maintained total`, `Total academies secondary`).
 */
function statusOfTotal(c: string): { status: Status; phase?: Phase } | undefined {
  const rest = c
    .replace(/^(?:sub)?totals?(?:for|of)?/, '')
    .replace(/(?:sub)?totals?$/, '')
    .replace(/^all/, '');
  if (rest === c || rest === '') return undefined;
  const status = statusIn(rest);
  if (status) return { status };
  for (let i = 1; i < rest.length; i++) {
    const [left, right] = [rest.slice(0, i), rest.slice(i)];
    const pair: [Status | undefined, Phase | undefined][] = [
      [statusIn(left), phaseOf(right.replace(/schools?$/, ''))],
      [statusIn(right), phaseOf(left.replace(/schools?$/, ''))],
    ];
    for (const [st, phase] of pair) if (st !== undefined && phase !== undefined) return { status: st, phase };
  }
  return undefined;
}

function phaseOf(words: string): Phase | undefined {
  const phase = normalisePhase(words);
  return phase === 'not applicable' ? undefined : phase;
}

/** What total a row is, from its id, name and DfE `geographic_level` cell; null for a school. */
export function totalRowKind(id: string, name: string, level: string): TotalKind | null {
  const l = compact(level);
  if (l === 'national' || l === 'regional' || l === 'country') return { kind: 'national' };
  if (l === 'localauthority' || l === 'la') return { kind: 'grand' };
  if (NATIONAL.has(compact(id)) || NATIONAL.has(compact(name))) return { kind: 'national' };
  const c = compact(name);
  if (c === '' || !c.includes('total')) return null;
  if (GRAND.test(c)) return { kind: 'grand' };
  const sub = SUBTOTAL.exec(c);
  if (sub) {
    const phase = phaseOf(sub[1] || sub[2] || '') ?? phaseOf((sub[1] || sub[2] || '').replace(AUTHORITY, ''));
    if (phase) return { kind: 'phase', phase };
    const status = statusOfTotal(c);
    return status ? { kind: 'status', ...status } : { kind: 'subtotal' };
  }
  // "Total - Secondary", "Totals for primary", "Primary schools total".
  const after = c.startsWith('total') ? [c.slice(5), c.slice(5).replace(/^s?(?:for|of)/, ''), c.slice(6)] : [];
  // With the authority's name for itself before the phase: `LA Primary Total`, `Total LA secondary`.
  const named = [...after, THEN_TOTAL.exec(c)?.[1] ?? ''];
  const phase = [...named, ...named.map((words) => words.replace(AUTHORITY, ''))].map(phaseOf).find((p) => p !== undefined);
  if (phase) return { kind: 'phase', phase };
  // "Maintained total", "Total academies", "Community Total" (Excel's Data > Subtotal in a status column).
  const status = statusOfTotal(c);
  if (status) return { kind: 'status', ...status };
  // "Exampleshire total": the authority's own total, where the row has no school id.
  if (THEN_TOTAL.test(c) && id.trim() === '') return { kind: 'grand' };
  // "Total NOR", "Total charged", "Total 2024-25", "Grand total (maintained)", where the row has
  // no school id: a total with words after it (each was read as a school with a blank status).
  if (TOTAL_FIRST.test(name) && id.trim() === '') return { kind: 'grand' };
  return null;
}

import { DataError, visible } from '../core/errors.js';
import type { Diagnostic } from '../core/types.js';
import { compact } from './normalise.js';

/**
 * A census of several local authorities. DfE's school-level files hold every school in
 * England and a GIAS download may span authorities; charged whole, such a file prints a
 * table of other authorities' schools. Where a census has a local-authority column (GIAS's
 * `LA (name)` and `LA (code)`, DfE's `la_name`, `old_la_code`, `new_la_code`), its rows must
 * all be of one authority, or `--la` (`census.la`) names the ones to read: rows of others are
 * left out, with a warning that counts them. A national row is kept, whatever its cells.
 */

/**
 * Headers of a local authority's name or code, compacted, names first (messages quote the
 * first such column a census has). A bare `LA` is not one: tables use it for "LA maintained".
 */
const LA_HEADERS = ['laname', 'localauthority', 'localauthorityname', 'leaname', 'lacode', 'lanumber', 'localauthoritycode', 'oldlacode', 'newlacode', 'leacode'];

/** An authority's name without the `City of` or `County of` DfE and GIAS put after it (`Bristol, City of`) or before it, compacted. */
function shortName(name: string): string {
  return compact(name.replace(/,\s*(?:city|county)\s+of\s*$/i, '').replace(/^\s*(?:city|county)\s+of\s+/i, ''));
}

/** Authorities named in a message, and the most told apart for its count. */
const EXAMPLES = 4;
const COUNTED = 1000;

export interface AuthorityRow {
  line: number;
  cells: readonly string[];
}

/** Which rows of a census are of the authorities it is read for, row by row, and what to say once it is read. */
export interface Authorities {
  /** Whether a row is of the census's authority (a national row always is); throws where a second authority appears and none was chosen. */
  keep(row: AuthorityRow, national: boolean): boolean;
  /** Once the file is read: the warning for rows left out, or the error for a choice no row matched. */
  end(diagnostics: Diagnostic[]): void;
}

/**
 * The rule for a census's rows: null where it has no local-authority column and none was
 * chosen (every row is the census's own). `chosen`: `--la`'s names or codes; `unit`, what the
 * rows are numbered as in messages (a workbook's rows).
 */
export function authoritiesOf(headers: readonly string[], file: string, chosen: readonly string[] | undefined, unit: 'line' | 'row' = 'line'): Authorities | null {
  const kinds = headers.map((h) => LA_HEADERS.indexOf(compact(h)));
  const columns = headers.flatMap((_, i) => (kinds[i]! >= 0 ? [i] : [])).sort((a, b) => kinds[a]! - kinds[b]!);
  if (columns.length === 0) {
    if (chosen === undefined || chosen.length === 0) return null;
    throw new DataError(`--la ${chosen.join(',')}: the census has no local authority column (such as "LA (name)", "la_name" or "old_la_code") to choose its rows by`, { file });
  }
  const first = columns[0]!;
  const named = `"${visible(headers[first] ?? '')}"`;
  const seen: { text: string; line: number }[] = [];
  if (chosen === undefined || chosen.length === 0) {
    return {
      keep(row, national) {
        if (national) return true;
        const text = (row.cells[first] ?? '').trim();
        if (text === '') return true;
        const one = seen[0];
        if (one === undefined) seen.push({ text, line: row.line });
        else if (one.text !== text) {
          throw new DataError(
            `the census holds the schools of more than one local authority (column ${named}: "${visible(one.text)}" on ${unit} ${one.line}, "${visible(text)}" on ${unit} ${row.line}); choose yours with --la, such as --la "${visible(one.text)}" (census.la in the config)`,
            { file, line: row.line, column: headers[first], value: text },
          );
        }
        return true;
      },
      end() {},
    };
  }
  // `--la` is split at its commas, and DfE and GIAS name some authorities with one (`Bristol,
  // City of`): each run of names joined again is a name too. A name is also known without its
  // `City of` or `County of` (`Bristol`, `Herefordshire`).
  const wanted = new Set<string>();
  for (let from = 0; from < chosen.length; from++) {
    for (let to = from + 1; to <= chosen.length; to++) {
      const name = chosen.slice(from, to).join(',');
      wanted.add(compact(name)).add(shortName(name));
    }
  }
  // Whether a cell's text names a chosen authority: asked once per distinct text (a census repeats its authorities' names on every row).
  const answers = new Map<string, boolean>();
  const isWanted = (text: string): boolean => {
    let is = answers.get(text);
    if (is === undefined) answers.set(text, (is = wanted.has(compact(text)) || wanted.has(shortName(text))));
    return is;
  };
  const others = new Set<string>();
  let left = 0;
  let kept = 0;
  return {
    keep(row, national) {
      if (national) return true;
      let any = false;
      for (const at of columns) {
        const text = (row.cells[at] ?? '').trim();
        if (text === '') continue;
        any = true;
        if (isWanted(text)) {
          kept++;
          return true;
        }
      }
      if (!any) return true;
      left++;
      if (others.size < COUNTED) others.add((row.cells[first] ?? '').trim());
      return false;
    },
    end(diagnostics) {
      const list = chosen.map((c) => `"${visible(c)}"`).join(', ');
      if (kept === 0) {
        const names = [...others].filter((t) => t !== '');
        const shown = names.slice(0, EXAMPLES).map((t) => `"${visible(t)}"`).join(', ');
        const more = names.length > EXAMPLES ? ` and ${names.length >= COUNTED ? 'many' : names.length - EXAMPLES} more` : '';
        throw new DataError(`--la ${list}: no row of the census is of that local authority; column ${named} has ${shown}${more}`, { file });
      }
      if (left > 0) diagnostics.push({ level: 'warning', code: 'other-authorities', message: `${file}: ${left} row${left === 1 ? '' : 's'} of other local authorities left out (--la ${list})` });
    },
  };
}

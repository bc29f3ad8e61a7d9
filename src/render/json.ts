import { Memo } from '../core/memo.js';
import { untitled, type Cell, type Column, type Renderer, type TableDoc } from './model.js';
import { isNumeric, machineCell } from './cells.js';
import { diagnosticsText } from './message.js';

function object(doc: TableDoc, row: readonly Cell[]): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  doc.columns.forEach((column, i) => {
    const cell = row[i] ?? null;
    // No value is null, whether the census lacked the field (phase) or the cell was empty (URN).
    out[column.key] = cell === null || cell === '' ? null : machineCell(cell, column);
  });
  return out;
}

/** Text is handed on in pieces of about this many characters, so a large table is never one string. */
const CHUNK = 1 << 14;
/** Where the rows go in the rest of the document, written by JSON.stringify. */
const ROWS = '\u0000rows\u0000';

/**
 * A key an object keeps in the place it was first set, as written: not an array index (which
 * an object puts first, in numeric order) and not `__proto__` (which sets no property).
 */
function keptInPlace(key: string): boolean {
  return key !== '__proto__' && !(/^(?:0|[1-9]\d*)$/.test(key) && Number.parseInt(key, 10) < 4294967295);
}

/** A value as `JSON.stringify(value, null, 2)` writes it, every line after the first indented by `indent`. */
function indented(value: unknown, indent: string): string | undefined {
  return JSON.stringify(value, null, 2)?.replaceAll('\n', `\n${indent}`);
}

/**
 * A row's text, as `JSON.stringify({ ...object(doc, row), ...extra }, null, 2)` indented by four
 * spaces writes it, added to `parts` field by field with no object made; figures (shared
 * objects, or the same text) written out once per column. False, with nothing added, where
 * the keys do not allow it (a key set twice, or one an object would move), for the caller to
 * write the object instead; undefined where no row can be written so.
 */
function rowWriter(columns: readonly Column[]): ((row: readonly Cell[], extra: Record<string, unknown> | undefined, parts: string[]) => boolean) | undefined {
  const keys = columns.map((c) => c.key);
  const own = new Set(keys);
  if (own.size !== keys.length || !keys.every(keptInPlace)) return undefined;
  const heads = keys.map((key, i) => `${i === 0 ? '' : ','}\n      ${JSON.stringify(key)}: `);
  const numeric = columns.map(isNumeric);
  const written = columns.map(() => new Memo<Cell, string>());
  const value = (cell: Cell, i: number): string => {
    if (cell === null || cell === '') return 'null';
    if (!numeric[i]) return JSON.stringify(machineCell(cell, columns[i]!));
    const seen = written[i]!;
    return seen.get(cell) ?? seen.keep(cell, JSON.stringify(machineCell(cell, columns[i]!)));
  };
  const extraHeads = new Map<string, string>();
  return (row, extra, parts) => {
    const extraKeys = extra === undefined || extra === null ? [] : Object.keys(extra);
    for (let j = 0; j < extraKeys.length; j++) if (own.has(extraKeys[j]!) || !keptInPlace(extraKeys[j]!)) return false;
    parts.push('    {');
    let empty = heads.length === 0;
    for (let i = 0; i < heads.length; i++) parts.push(heads[i]!, value(row[i] ?? null, i));
    for (let j = 0; j < extraKeys.length; j++) {
      const key = extraKeys[j]!;
      const v = indented(extra![key], '      ');
      if (v === undefined) continue;
      let head = extraHeads.get(key);
      if (head === undefined) extraHeads.set(key, (head = `\n      ${JSON.stringify(key)}: `));
      parts.push(empty ? head : `,${head}`, v);
      empty = false;
    }
    parts.push(empty ? '}' : '\n    }');
    return true;
  };
}

/**
 * JSON: every decimal a string; schools in `rows`, the Total row in `total`, then
 * `diagnostics`. Written in pieces, a row at a time, as `JSON.stringify(body, null, 2)`
 * would write the whole.
 */
export function* jsonChunks(table: TableDoc): Generator<string> {
  const doc = untitled(table);
  const trailer = typeof doc.trailer === 'function' ? doc.trailer() : doc.trailer;
  const body = {
    ...(doc.title !== undefined ? { title: doc.title } : {}),
    ...doc.meta,
    rows: ROWS,
    ...(doc.total ? { total: { ...object(doc, doc.total), ...doc.totalExtras } } : {}),
    ...trailer,
    diagnostics: diagnosticsText(doc.diagnostics),
  };
  const text = JSON.stringify(body, null, 2);
  const mark = JSON.stringify(ROWS);
  const at = text.indexOf(mark);
  yield text.slice(0, at);
  const source = doc.rowCells;
  const count = source ? source.count : doc.rows.length;
  const extras = doc.rowExtra ?? (typeof doc.rowExtras === 'function' ? ((all) => (i: number) => all[i])(doc.rowExtras()) : (i: number) => (doc.rowExtras as Record<string, unknown>[] | undefined)?.[i]);
  const write = rowWriter(doc.columns);
  const cells: Cell[] = [];
  // A piece's rows gathered as parts and joined once when it is handed on: no string made per field added.
  const parts: string[] = [count === 0 ? '[]' : '[\n'];
  let size = 0;
  for (let r = 0; r < count; r++) {
    const row = source ? source.fill(r, cells) : doc.rows[r]!;
    const extra = extras(r);
    if (r > 0) parts.push(',\n');
    const from = parts.length;
    if (!write?.(row, extra, parts)) parts.push(`    ${JSON.stringify({ ...object(doc, row), ...extra }, null, 2).replaceAll('\n', '\n    ')}`);
    for (let j = from; j < parts.length; j++) size += parts[j]!.length;
    if (size >= CHUNK) {
      yield parts.join('');
      parts.length = 0;
      size = 0;
    }
  }
  if (count > 0) parts.push('\n  ]');
  parts.push(text.slice(at + mark.length), '\n');
  yield parts.join('');
}

/** JSON as one string. */
export const renderJson: Renderer = (doc) => [...jsonChunks(doc)].join('');

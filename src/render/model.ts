import type { Dec } from '../core/decimal.js';
import { UsageError } from '../core/errors.js';
import type { Diagnostic } from '../core/types.js';

export const FORMATS = ['table', 'csv', 'tsv', 'md', 'html', 'json', 'xlsx'] as const;
export type Format = (typeof FORMATS)[number];
/** Formats written as text; xlsx is a workbook (bytes). */
export type TextFormat = Exclude<Format, 'xlsx'>;

/**
 * How a column's values print. `money` prints to `places` decimals (the rounding unit's),
 * `rate` to 2 dp (more where the rate has them), `percent` to 1 dp, `count` as given;
 * `status`, `phase` and `basis` are text that human formats print as papers do (VA, Primary, NOR).
 */
export type CellKind = 'text' | 'status' | 'phase' | 'basis' | 'count' | 'money' | 'rate' | 'percent' | 'exact';

export interface Column {
  /** Machine header: snake_case. */
  key: string;
  /** Human header. */
  label: string;
  kind: CellKind;
  places?: number;
  /** Human formats leave the column out when it is empty in every row (a census with no URN or phase). */
  optional?: boolean;
}

export type Cell = string | Dec | null;

/**
 * xlsx: a cell the workbook works out itself, declared only where the sheet's arithmetic gives
 * exactly the doc's figure (which the workbook also stores as the formula's cached value). Keys
 * name columns of the same row; a formula whose columns are not shown is written as its value.
 * - `sum-above`: the Total row's cell is the sum of the column's rows;
 * - `sum`: the row's cells of these columns added;
 * - `rest`: `of` less the `minus` cells (a last period: the amount less the other periods);
 * - `ratio`: `of` ÷ `per` rounded half-up to `places` (only where the quotient is clear of a tie);
 * - `sum-rows`: the column's cells in these rows added (ranges of indices into `rows`, both ends
 *   included): a subtotal of its phase's rows, a Total of the subtotals.
 * Money with decimals is rounded to its places in the formula, so the binary sum is the figure.
 */
export interface Formulas {
  /** Per row (index into `rows`). */
  row?: (index: number) => Readonly<Record<string, Formula>> | undefined;
  total?: Readonly<Record<string, Formula>>;
}

export type Formula =
  | { op: 'sum-above' }
  | { op: 'sum'; of: readonly string[] }
  | { op: 'rest'; of: string; minus: readonly string[] }
  | { op: 'ratio'; of: string; per: string; places: number }
  | { op: 'sum-rows'; rows: readonly (readonly [number, number])[] };

/** What a document's builder is given besides its figures: the run's warnings and errors, in the order they are said, which become the document's own `diagnostics` (no one adds to a finished document). */
export interface DocDiagnostics {
  diagnostics?: readonly Diagnostic[];
}

/** A finished table: every figure already computed; renderers only format. */
export interface TableDoc {
  title?: string;
  columns: Column[];
  rows: Cell[][];
  /**
   * csv and tsv: the rows filled one at a time into one reused array, as `rows` holds them, so a
   * large table is written without an array per row (`rows` is then made only when read). A
   * figure may come as its machine text (a plain number), which csv writes as it is.
   */
  rowCells?: { count: number; fill: (index: number, cells: Cell[]) => readonly Cell[] };
  /** The Total row, last; labelled `Total` in its text column. */
  total?: Cell[];
  /**
   * Indices in `rows` of subtotal rows (a phase's subtotal, worked out in core): human formats
   * print them bold; a sum over the school rows leaves them out.
   */
  subtotalRows?: number[];
  /** Footnotes for human formats: the rounding rule, the exact total. */
  notes: string[];
  diagnostics: Diagnostic[];
  /** JSON only: top-level fields before `rows` (e.g. `rounding`). */
  meta?: Record<string, unknown>;
  /** JSON only: extra fields per row (e.g. `exact`, `adjusted`); a function where they cost time to work out. */
  rowExtras?: Record<string, unknown>[] | (() => Record<string, unknown>[]);
  /** JSON only: the extra fields of row `index`, worked out when written (in place of `rowExtras`). */
  rowExtra?: (index: number) => Record<string, unknown>;
  /** JSON only: extra fields on the Total row. */
  totalExtras?: Record<string, unknown>;
  /** JSON only: fields after `total` (e.g. `uncharged`); a function where they cost time to work out. */
  trailer?: Record<string, unknown> | (() => Record<string, unknown>);
  /** xlsx: the sheet's name (at most 31 characters). */
  sheet?: string;
  /** xlsx: cells worked out by formulas, by column key (worked out only when a workbook is written). */
  formulas?: () => Formulas;
}

export interface RenderOptions {
  color: boolean;
  /** csv only: a byte-order mark for Excel. */
  bom: boolean;
  /** table only: the terminal's width, to fold a wider table to; none when piped or written to a file. */
  width?: number;
  /** html only: a whole document (charset, title, styles, print CSS) rather than a fragment for pasting. */
  standalone?: boolean;
}

export type Renderer = (doc: TableDoc, options: RenderOptions) => string;

/** Who made a workbook and from what: its Inputs sheet. */
export interface Provenance {
  version: string;
  /** The command line as given, after `dedel`. */
  argv: readonly string[];
  /** Each file read, as named on the command line (`-` is standard input), with its SHA-256. */
  files: readonly { path: string; bytes: number; sha256: string }[];
  /** The config file's text, where one was read. */
  config?: { path: string; text: string };
}

/**
 * The table as human formats show it: optional columns that are empty throughout are left
 * out. A table given by `rowCells` is looked through once for that, and keeps its `rowCells`.
 */
export function humanView(table: TableDoc): TableDoc {
  const doc = untitled(table);
  const source = doc.rowCells;
  const used = doc.columns.map((c) => !c.optional);
  const look = (row: readonly Cell[]) => {
    for (let i = 0; i < used.length; i++) if (!used[i] && row[i] !== null && row[i] !== '') used[i] = true;
  };
  if (used.some((u) => !u)) {
    if (source) {
      const cells = new Array<Cell>(doc.columns.length);
      for (let r = 0; r < source.count && used.some((u) => !u); r++) look(source.fill(r, cells));
    } else for (const row of doc.rows) look(row);
  }
  if (used.every(Boolean)) return doc;
  const pick = <T>(row: readonly T[]) => row.filter((_, i) => used[i]);
  const view: TableDoc = { ...doc, columns: pick(doc.columns), total: doc.total && pick(doc.total) };
  if (source) {
    let rows: Cell[][] | undefined;
    Object.defineProperty(view, 'rows', { get: () => (rows ??= doc.rows.map(pick)), enumerable: true, configurable: true });
    const cells = new Array<Cell>(doc.columns.length);
    view.rowCells = { count: source.count, fill: (index) => pick(source.fill(index, cells)) };
  } else view.rows = doc.rows.map(pick);
  return view;
}

/** A title with something to print: `--title ''` (a script's unset variable) or a blank config title is no title. */
export function hasTitle(title: string | undefined): title is string {
  return title !== undefined && title.trim() !== '';
}

/**
 * The table without a blank title, which every format then leaves out alike: the fragment, table
 * and workbook printed nothing for it, while a standalone page had an empty `<title>` and `<h1>`,
 * Markdown a line of `**  **` (no bold text, four asterisks) and JSON `"title": ""`. The table is
 * given back as it is when its title is not blank, so rows given by `rowCells` are not made here.
 */
export function untitled(doc: TableDoc): TableDoc {
  if (doc.title === undefined || hasTitle(doc.title)) return doc;
  const view = Object.create(Object.getPrototypeOf(doc) as object, Object.getOwnPropertyDescriptors(doc)) as TableDoc;
  delete view.title;
  return view;
}

/** The fields a JSON row carries besides its columns (`exact`, the unrounded amounts …): no header may take one. */
const JSON_ROW_FIELDS: ReadonlySet<string> = new Set(['exact', 'adjusted', 'moved', 'subtotal', 'exact_rate', 'recorded', 'vote']);

/** Columns and headers the user chose (`--columns`, `--header`, or the config's `output`). */
export interface ColumnChoice {
  /** Machine names of the columns to print, in order. */
  columns?: readonly string[];
  /** Machine name → header text. */
  headers?: Readonly<Record<string, string>>;
}

/**
 * The table with the chosen columns, in the chosen order, and renamed headers: the header
 * text becomes the label in every format and the key in machine formats (csv, tsv, json),
 * whose snake_case contract holds only without a choice. A chosen column is printed even when
 * empty. Rows given by `rowCells` stay so.
 */
export function chooseColumns(doc: TableDoc, choice: ColumnChoice): TableDoc {
  const { columns, headers } = choice;
  if (!columns?.length && !headers) return doc;
  const keys = doc.columns.map((c) => c.key);
  const unknown = [...(columns ?? []), ...Object.keys(headers ?? {})].filter((k) => !keys.includes(k));
  if (unknown.length) {
    throw new UsageError(`no column ${unknown.map((k) => `"${k}"`).join(', ')} in this table; its columns are ${keys.join(', ')}`);
  }
  const twice = columns?.find((k, i) => columns.indexOf(k) !== i);
  if (twice !== undefined) throw new UsageError(`the column "${twice}" is chosen twice; name each column once`);
  const picked = columns?.length ? columns.map((k) => keys.indexOf(k)) : keys.map((_, i) => i);
  const pick = <T>(row: readonly T[]) => picked.map((i) => row[i]!);
  const renamed = picked.map((i): Column => {
    const column = doc.columns[i]!;
    const text = headers?.[column.key];
    return { ...column, ...(text !== undefined ? { label: text, key: text } : {}), ...(columns?.length ? { optional: false } : {}) };
  });
  // A header that another printed column has (`--header total=nor`): JSON kept one of the two
  // (each school's total printed as its NOR), csv headed both alike, a table showed two of one name.
  const name = (text: string) => text.trim().toLowerCase();
  for (const [n, column] of renamed.entries()) {
    const key = doc.columns[picked[n]!]!.key;
    if (headers?.[key] === undefined) continue;
    // `--header total=exact` lost the total in JSON, under the row's own `exact` working.
    if (JSON_ROW_FIELDS.has(column.label)) {
      throw new UsageError(`the header "${column.label}" for ${key} is a field JSON rows carry already (${[...JSON_ROW_FIELDS].join(', ')}); give another`);
    }
    const clash = renamed.find((other, m) => m !== n && (name(other.key) === name(column.label) || name(other.label) === name(column.label)));
    if (clash) {
      const otherKey = doc.columns[picked[renamed.indexOf(clash)]!]!.key;
      throw new UsageError(`the header "${column.label}" for ${key} is the header of ${otherKey} too; two columns under one header cannot be told apart (JSON would keep only one): give each its own`);
    }
  }
  const source = doc.rowCells;
  const view: TableDoc = { ...doc, columns: renamed, total: doc.total && pick(doc.total) };
  let rows: Cell[][] | undefined;
  Object.defineProperty(view, 'rows', { get: () => (rows ??= doc.rows.map(pick)), enumerable: true, configurable: true });
  if (source) {
    const cells = new Array<Cell>(doc.columns.length);
    view.rowCells = { count: source.count, fill: (index) => pick(source.fill(index, cells)) };
  }
  return view;
}

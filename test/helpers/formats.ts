import { parse } from 'csv-parse/sync';
import { unzipSync } from 'fflate';
import { Dec } from '../../src/core/decimal.js';
import { humanCell, shownText } from '../../src/render/cells.js';
import type { CellKind } from '../../src/render/model.js';
import { runInProcess } from './run.js';

/**
 * One run's table read back from what a format wrote, as rows of cells: what a reader of that
 * format takes from it. Figures in human formats lose their grouping commas and £ (`£1,234.50`
 * is `1234.50`: the places they print are kept, so a figure rounded differently shows); a
 * workbook's figure is its stored value shown through its number format, as Excel shows it.
 */
export interface Grid {
  title?: string;
  header: string[];
  /** Every row, the subtotal and Total rows too, in order. */
  rows: string[][];
  /** Per row: printed bold (subtotal and Total rows), where the format can say (not the terminal table without colour). */
  strong?: boolean[];
  notes: string[];
}

export interface FormatRun {
  grid: Grid;
  stderr: string;
  code: number;
  /** The text written (for a workbook, empty). */
  text: string;
}

export const HUMAN = ['table', 'md', 'html', 'xlsx'] as const;
export const MACHINE = ['csv', 'tsv', 'json'] as const;
export type AnyFormat = (typeof HUMAN)[number] | (typeof MACHINE)[number];

/** Human text of a figure as a plain decimal: `£1,234.50` → `1234.50`, `12.1%` kept as `12.1%`; other text as it is. */
export function plainFigure(text: string): string {
  const m = /^([-\u2212]?)£?(\d{1,3}(?:,\d{3})*|\d+)(\.\d+)?(%?)$/.exec(text);
  return m ? `${m[1]}${m[2]!.replaceAll(',', '')}${m[3] ?? ''}${m[4]}` : text;
}

/** Splits a terminal table's line at its box's bars. */
function tableCells(line: string): string[] {
  return line
    .slice(1, line.lastIndexOf('│'))
    .split('│')
    .map((c) => c.trim());
}

/**
 * A terminal table as written to a pipe (one line per row; `wrapped`: a long cell wraps onto
 * lines whose first cell is empty, as explain's working does): title above, notes below.
 */
export function readTable(text: string, wrapped = false): Grid {
  const lines = text.split('\n');
  const top = lines.findIndex((l) => l.startsWith('┌'));
  const bottom = lines.findIndex((l) => l.startsWith('└'));
  const title = lines.slice(0, top).join(' ').trim() || undefined;
  const body = lines.slice(top + 1, bottom);
  const rows: string[][] = [];
  for (const line of body) {
    if (!line.startsWith('│')) continue;
    const cells = tableCells(line);
    const last = rows.at(-1);
    if (wrapped && last && rows.length > 1 && cells[0] === '') {
      cells.forEach((c, i) => (last[i] = c ? `${last[i]} ${c}`.trim() : last[i]!));
      continue;
    }
    rows.push(cells);
  }
  const notes = lines.slice(bottom + 1).filter((l) => l.trim() !== '');
  const [header = [], ...rest] = rows;
  return { ...(title ? { title } : {}), header, rows: rest.map((r) => r.map(plainFigure)), notes };
}

const unMarkdown = (text: string) => text.replace(/\\(.)/g, '$1');

/** Markdown as `--format md` writes it: a bold title paragraph, a pipe table, italic notes. */
export function readMarkdown(text: string): Grid {
  const lines = text.split('\n');
  const first = lines.findIndex((l) => l.startsWith('|'));
  const titleLine = lines.slice(0, first).find((l) => l.trim() !== '');
  const tableLines = lines.slice(first).filter((l) => l.startsWith('|'));
  const split = (line: string) =>
    line
      .slice(2, -2)
      .split(/(?<!\\) \| /)
      .map((c) => c.trim());
  const header = split(tableLines[0]!).map(unMarkdown);
  const strong: boolean[] = [];
  const rows = tableLines.slice(2).map((line) => {
    const cells = split(line);
    strong.push(cells.some((c) => /^\*\*.*\*\*$/.test(c)));
    return cells.map((c) => plainFigure(unMarkdown(c.replace(/^\*\*(.*)\*\*$/, '$1'))));
  });
  const end = first + lines.slice(first).findIndex((l) => !l.startsWith('|'));
  const notes = lines
    .slice(end)
    .filter((l) => l.trim() !== '')
    .map((l) => unMarkdown(l.replace(/^\*(.*)\*$/, '$1')));
  return { ...(titleLine ? { title: unMarkdown(titleLine.replace(/^\*\*(.*)\*\*$/, '$1')) } : {}), header, rows, strong, notes };
}

/** HTML entities as a browser reads them. */
export function unHtml(text: string): string {
  return text
    .replace(/<[^>]+>/g, '')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number.parseInt(n, 10)))
    .replace(/&pound;/g, '£')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** An HTML table (a fragment, or the `index`th table of a document): caption, header, rows, notes after it. */
export function readHtml(text: string, index = 0): Grid {
  const tables = [...text.matchAll(/<table[\s\S]*?<\/table>((?:\s*<p class="note">[\s\S]*?<\/p>)*)/g)];
  const match = tables[index]!;
  const table = match[0];
  const title = /<caption>([\s\S]*?)<\/caption>/.exec(table)?.[1];
  const rowsXml = [...table.matchAll(/<tr([^>]*)>([\s\S]*?)<\/tr>/g)];
  const cells = (xml: string) => [...xml.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((m) => plainFigure(unHtml(m[1]!)));
  const [head, ...body] = rowsXml;
  const notes = [...match[1]!.matchAll(/<p class="note">([\s\S]*?)<\/p>/g)].map((m) => unHtml(m[1]!));
  return {
    ...(title !== undefined ? { title: unHtml(title) } : {}),
    header: cells(head![2]!),
    rows: body.map((r) => cells(r[2]!)),
    strong: body.map((r) => /class="(?:sub)?total"/.test(r[1]!)),
    notes,
  };
}

/** A table of a paper as read back: its header, rows and footnotes, a table printed in parts put together again. */
export interface PaperTable {
  header: string[];
  rows: string[][];
  notes: string[];
}

/** The parts of a wide table (each under a `Part k of n` line) as one table: the key columns once, then each part's others. */
function joinParts(parts: PaperTable[]): PaperTable {
  const [first, ...rest] = parts;
  const joined = { header: [...first!.header], rows: first!.rows.map((r) => [...r]), notes: [...first!.notes] };
  for (const part of rest) {
    let keys = 0;
    while (keys < part.header.length && part.header[keys] === first!.header[keys]) keys++;
    joined.header.push(...part.header.slice(keys));
    part.rows.forEach((row, i) => joined.rows[i]?.push(...row.slice(keys)));
    joined.notes.push(...part.notes);
  }
  return joined;
}

const PART = /^Part (\d+) of (\d+)\b/;

/** Gathers tables in order, joining a table's parts (`part` gives a table's part number, 0 where it is whole). */
function gather(items: { table: PaperTable; part: number }[]): PaperTable[] {
  const out: PaperTable[] = [];
  let parts: PaperTable[] = [];
  for (const { table, part } of items) {
    if (part > 1) parts.push(table);
    else {
      if (parts.length) out.push(joinParts(parts));
      parts = [];
      if (part === 1) parts.push(table);
      else out.push(table);
    }
  }
  if (parts.length) out.push(joinParts(parts));
  return out;
}

/** Every table of a paper's HTML page, with the notes under it. */
export function readPaperHtml(text: string): PaperTable[] {
  const count = [...text.matchAll(/<table/g)].length;
  return gather(
    Array.from({ length: count }, (_, i) => {
      const grid = readHtml(text, i);
      return { table: { header: grid.header, rows: grid.rows, notes: grid.notes }, part: Number(PART.exec(grid.title ?? '')?.[1] ?? 0) };
    }),
  );
}

/** Every table of a paper's Word file, with the Note paragraphs under it. */
export function readPaperDocx(bytes: Uint8Array): PaperTable[] {
  const xml = new TextDecoder().decode(unzipSync(bytes)['word/document.xml']!);
  const items: { table: PaperTable; part: number }[] = [];
  let part = 0;
  const runs = (x: string) => unHtml([...x.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''));
  let last: PaperTable | undefined;
  for (const m of xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>|<w:p[ >][\s\S]*?<\/w:p>/g)) {
    if (m[0].startsWith('<w:tbl>')) {
      const [header = [], ...rows] = [...m[0].matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((r) => [...r[0].matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((c) => plainFigure(runs(c[1]!))));
      last = { header, rows, notes: [] };
      items.push({ table: last, part });
      part = 0;
      continue;
    }
    const text = runs(m[0]);
    const note = m[0].includes('<w:pStyle w:val="Note"/>');
    if (note && PART.test(text)) part = Number(PART.exec(text)![1]);
    else if (note && last) last.notes.push(text);
    else last = undefined;
  }
  return gather(items);
}

/** A number as Excel shows it through a number format (`"£"#,##0.00`, `0.0%`, `#,##0`), as a plain decimal. */
export function shownThrough(value: string, format: string | undefined): string {
  if (format === undefined) return value;
  const places = /\.(0+)/.exec(format)?.[1]!.length ?? 0;
  const percent = format.includes('%');
  const shown = (percent ? new Dec(value).mul(100) : new Dec(value)).toFixed(places);
  return `${shown}${percent ? '%' : ''}`;
}

const xmlText = (text: string) => unHtml(text).replace(/_x([0-9A-F]{4})_/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));

/** Column letters → 0-based index. */
function columnIndex(letters: string): number {
  let n = 0;
  for (const c of letters) n = n * 26 + c.charCodeAt(0) - 64;
  return n - 1;
}

/**
 * The `sheet`th sheet (0-based) of a workbook dedel wrote: title, header (its print titles row),
 * rows to the first blank row, then the footnotes; `values` holds each figure as the cell stores
 * it (a percentage as its percent, 12.1 for the 0.121 stored), which a formula that uses it reads.
 */
export function readWorkbook(bytes: Uint8Array, sheet = 0): Grid & { sheetName: string; values: (string | undefined)[][] } {
  const files = unzipSync(bytes);
  const text = (path: string) => new TextDecoder().decode(files[path]!);
  const workbook = text('xl/workbook.xml');
  const sheetName = unHtml([...workbook.matchAll(/<sheet name="([^"]*)"/g)][sheet]![1]!);
  const headerRow = Number(new RegExp(`localSheetId="${sheet}">[^<]*\\$(\\d+):`).exec(workbook)![1]);
  const styles = text('xl/styles.xml');
  const formats = new Map([...styles.matchAll(/<numFmt numFmtId="(\d+)" formatCode="([^"]*)"/g)].map((m) => [m[1]!, m[2]!.replace(/&quot;/g, '"')]));
  const xfs = [...(/<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles)![1]!).matchAll(/<xf ([^>]*?)\/?>/g)].map((m) => ({
    format: formats.get(/numFmtId="(\d+)"/.exec(m[1]!)![1]!),
    bold: /fontId="1"/.test(m[1]!),
  }));
  const sheetXml = text(`xl/worksheets/sheet${sheet + 1}.xml`);
  const byRow = new Map<number, { col: number; text: string; bold: boolean; value?: string }[]>();
  for (const m of sheetXml.matchAll(/<c r="([A-Z]+)(\d+)"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
    const style = xfs[Number(/s="(\d+)"/.exec(m[3]!)?.[1] ?? 0)]!;
    const body = m[4] ?? '';
    const v = /<v>(.*?)<\/v>/.exec(body)?.[1];
    const t = /<t[^>]*>([\s\S]*?)<\/t>/.exec(body)?.[1];
    const shown = v !== undefined ? shownThrough(v, style.format) : t !== undefined ? plainFigure(xmlText(t)) : '';
    const row = Number(m[2]);
    if (!byRow.has(row)) byRow.set(row, []);
    byRow.get(row)!.push({ col: columnIndex(m[1]!), text: shown, bold: style.bold, ...(v !== undefined ? { value: style.format?.includes('%') ? new Dec(v).mul(100).toString() : v } : {}) });
  }
  const line = (r: number) => {
    const cells = byRow.get(r) ?? [];
    const out: string[] = [];
    for (const c of cells) out[c.col] = c.text;
    return out;
  };
  const header = line(headerRow).map((h) => h ?? '');
  const width = header.length;
  const rows: string[][] = [];
  const values: (string | undefined)[][] = [];
  const strong: boolean[] = [];
  let r = headerRow + 1;
  for (; byRow.has(r); r++) {
    const cells = line(r);
    rows.push(Array.from({ length: width }, (_, i) => cells[i] ?? ''));
    const stored: (string | undefined)[] = [];
    for (const c of byRow.get(r)!) stored[c.col] = c.value;
    values.push(Array.from({ length: width }, (_, i) => stored[i]));
    strong.push(byRow.get(r)!.some((c) => c.bold && c.text !== ''));
  }
  const notes: string[] = [];
  for (r++; byRow.has(r); r++) notes.push(byRow.get(r)![0]!.text);
  const title = headerRow > 1 ? byRow.get(1)?.[0]?.text : undefined;
  return { sheetName, ...(title !== undefined ? { title } : {}), header, rows, strong, notes, values };
}

/** csv or tsv as written: the header and rows. */
export function readDelimited(text: string, delimiter: ',' | '\t'): Grid {
  const records = parse(text.replace(/^\uFEFF/, ''), { delimiter, relax_column_count: false }) as string[][];
  const [header = [], ...rows] = records;
  return { header, rows, notes: [] };
}

/** Fields a JSON row carries besides its columns (README: Columns, headers and subtotals). */
const ROW_EXTRAS = new Set(['exact', 'adjusted', 'moved', 'subtotal', 'exact_rate', 'recorded', 'vote']);

/** JSON's `rows` and `total` as a grid of machine text (null as empty); `explain`'s one object flattened to `key,value` rows. */
export function readJson(text: string, explain = false): Grid & { body: Record<string, unknown> } {
  const body = JSON.parse(text) as Record<string, unknown>;
  if (explain) {
    const rows: string[][] = [];
    const flat = (value: unknown, path: string) => {
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) for (const [k, v] of Object.entries(value)) flat(v, path ? `${path}.${k}` : k);
      else rows.push([path, value === null ? '' : Array.isArray(value) ? JSON.stringify(value) : String(value)]);
    };
    flat(body, '');
    return { body, header: ['key', 'value'], rows, notes: [] };
  }
  const objects = [...((body.rows as Record<string, unknown>[] | undefined) ?? []), ...(body.total ? [body.total as Record<string, unknown>] : [])];
  const header = Object.keys(objects[0] ?? {}).filter((k) => !ROW_EXTRAS.has(k));
  const rows = objects.map((o) => header.map((k) => (o[k] === null || o[k] === undefined ? '' : String(o[k]))));
  return { body, ...(typeof body.title === 'string' ? { title: body.title } : {}), header, rows, notes: [] };
}

/** Runs one command in every format (each once, in this process) and reads each back. */
export async function runEveryFormat(argv: readonly string[], options: { explain?: boolean; stdin?: string } = {}): Promise<Record<AnyFormat, FormatRun>> {
  const out = {} as Record<AnyFormat, FormatRun>;
  await Promise.all(
    (['table', 'csv', 'tsv', 'md', 'html', 'json', 'xlsx'] as const).map(async (format) => {
      const run = await runInProcess([...argv, '--format', format], { env: { NO_COLOR: '1' }, ...(options.stdin !== undefined ? { stdin: options.stdin } : {}) });
      const text = run.stdout;
      if (run.code !== 0) throw new Error(`dedel ${argv.join(' ')} --format ${format} exited ${run.code}: ${run.stderr}`);
      const grid =
        format === 'table'
          ? readTable(text, options.explain)
          : format === 'md'
            ? readMarkdown(text)
            : format === 'html'
              ? readHtml(text)
              : format === 'json'
                ? readJson(text, options.explain)
                : format === 'xlsx'
                  ? readWorkbook(run.stdoutBytes)
                  : readDelimited(text, format === 'csv' ? ',' : '\t');
      out[format] = { grid, stderr: run.stderr, code: run.code, text };
    }),
  );
  return out;
}

/** A csv or tsv cell with the one `'` csv puts before text a spreadsheet would run as a formula taken off again, as compare takes it off (README: Safe output). */
export function unneutralised(text: string): string {
  return /^'+[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}

const KINDS: CellKind[] = ['status', 'phase', 'basis'];

/**
 * Whether a human format's cell says what the machine formats' cell says: the same text, or
 * its human label (`VA` for `voluntary-aided`, `Primary`, `NOR`); the same figure, to the
 * places the human format prints (a rate solved without a unit: 4 dp for people, up to 12 for
 * programs); a change in percent with its `%`.
 */
export function humanSays(human: string, machine: string, rate = false): boolean {
  // csv marks text a spreadsheet would run as a formula with one leading ' (README: Safe output); people see it as it is,
  // with control characters as escapes (README: Terminal tables).
  const raw = unneutralised(machine);
  if (human === raw || human === shownText(raw)) return true;
  if (KINDS.some((kind) => humanCell(machine, { key: 'k', label: 'k', kind }) === human)) return true;
  const figure = /^-?\d+(?:\.(\d+))?(%?)$/.exec(human);
  if (figure && /^-?\d+(?:\.\d+)?$/.test(machine)) {
    // Only a rate prints to fewer places for people (README: Choices, Rates); every other figure to the same.
    if (!rate) return human.replace(/%$/, '') === machine;
    const places = figure[1]?.length ?? 0;
    return figure[2] === '' && new Dec(machine).toFixed(places) === human;
  }
  return false;
}

/**
 * The machine columns a human table shows: human formats leave out columns empty in every row
 * (README: Empty columns), so each human column is matched, in order, to the next machine
 * column, passing over only machine columns empty throughout.
 */
export function alignColumns(human: Grid, machine: Grid): number[] | string {
  const picked: number[] = [];
  let m = 0;
  const empty = (c: number) => machine.rows.every((r) => (r[c] ?? '') === '');
  for (let h = 0; h < human.header.length; h++) {
    const rate = (c: number) => /^rate\b/i.test(human.header[h]!) || /(^|_)rate(_|$)/.test(machine.header[c] ?? '');
    const fits = (c: number) => human.rows.every((row, r) => humanSays(row[h] ?? '', machine.rows[r]?.[c] ?? '', rate(c)));
    while (m < machine.header.length && !fits(m) && empty(m)) m++;
    if (m >= machine.header.length || !fits(m)) {
      const bad = machine.header.length > m ? human.rows.findIndex((row, r) => !humanSays(row[h] ?? '', machine.rows[r]?.[m] ?? '', rate(m))) : -1;
      return `human column "${human.header[h]}" does not say what machine column "${machine.header[m] ?? '(none)'}" says${bad >= 0 ? `: row ${bad + 1} has ${JSON.stringify(human.rows[bad]![h])} against ${JSON.stringify(machine.rows[bad]![m])}` : ''}`;
    }
    picked.push(m++);
  }
  const left = machine.header.slice(m).filter((_, i) => !empty(m + i));
  if (left.length) return `machine columns ${left.join(', ')} have figures the human table does not show`;
  return picked;
}

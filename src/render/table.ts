import { Chalk } from 'chalk';
import { eastAsianWidth } from 'get-east-asian-width';
import stringWidth from 'string-width';
import type { Cell, RenderOptions, Renderer, TableDoc } from './model.js';
import { humanCells, isNumeric, shownText } from './cells.js';

/**
 * Characters a terminal shows one column each: printable ASCII, Latin-1 (£, é, ©), Latin
 * Extended-A and B (Ŵ, ő), and the dashes, quotes and punctuation of U+2010–U+205E (’ “ ” – ‼),
 * but the soft hyphen. Text of only these is measured by its length; anything else (wide East
 * Asian characters, combining marks, emoji, zero-width characters) grapheme by grapheme.
 */
const ONE_COLUMN_EACH = /^[\u0020-\u007e\u00a0-\u00ac\u00ae-\u024f\u2010-\u2027\u2030-\u205e]*$/;

/** A grapheme that may be an emoji: a pictograph, a flag's letter, or an emoji presentation selector. */
const MAYBE_EMOJI = /[\p{Extended_Pictographic}\p{Regional_Indicator}\ufe0f]/u;
/** An emoji as Unicode recommends it be shown, one glyph: 🌟, ❤️ (VS16), 🇬🇧, 👩‍🏫 (ZWJ), 👍🏽, 1️⃣. */
const RGI_EMOJI = new RegExp('^\\p{RGI_Emoji}$', 'v');
/** Two flag letters, shown as one flag (or, not a country's, as a pair of letters). */
const FLAG = /^\p{Regional_Indicator}{2}$/u;
/** A character that may be shown as an emoji (❤, #), not a letter a stray VS16 follows. */
const EMOJI_BASE = /^[\p{Emoji}\p{Extended_Pictographic}]/u;
/** Terminal escape codes (colour), which take no columns. */
const ESCAPES = /\u001b\[[0-9;?]*[A-Za-z]/g;
const graphemes = new Intl.Segmenter();

/**
 * Width of one grapheme that may be an emoji, as terminals draw it: an emoji (a pictograph
 * shown as emoji by default, or any character with VS16 after it, a flag, a ZWJ sequence, a
 * skin tone) is one glyph of two columns; a symbol shown as text by default (❤ ☀ © ™ without
 * VS16) takes its own width, one column (two for a wide East Asian one, 〰 ㊗), as does a lone
 * flag letter.
 */
function emojiWidth(grapheme: string): number {
  if (RGI_EMOJI.test(grapheme) || FLAG.test(grapheme)) return 2;
  if (!EMOJI_BASE.test(grapheme)) return stringWidth(grapheme);
  return grapheme.includes('\ufe0f') ? 2 : eastAsianWidth(grapheme.codePointAt(0)!);
}

/**
 * Width of text as a terminal shows it. string-width (7.x) counts a symbol shown as text by
 * default (❤ ☀ © ™, without VS16) as an emoji of two columns, where a terminal gives it one:
 * a school's name with one pushed the right border a column out. Graphemes that may be emoji
 * are measured by emojiWidth, the rest by string-width.
 */
export function displayWidth(text: string): number {
  if (ONE_COLUMN_EACH.test(text)) return text.length;
  if (!MAYBE_EMOJI.test(text)) return stringWidth(text);
  let width = 0;
  for (const { segment } of graphemes.segment(text.replace(ESCAPES, ''))) width += MAYBE_EMOJI.test(segment) ? emojiWidth(segment) : stringWidth(segment);
  return width;
}

/** Rows of cell texts, visited in order, once to measure and again to draw: none need be kept. */
export interface GridRows {
  count: number;
  /** The texts of row `index`; the array may be reused by the next call. */
  cells(index: number): readonly string[];
}

/** What the drawer is given: cell texts, already formatted, and how each column aligns. */
export interface Grid {
  head: string[];
  rows: GridRows;
  /** Rows drawn bold, like the Total row (subtotals). */
  strong?: ReadonlySet<number>;
  total: string[] | null;
  right: boolean[];
  /** Per column, the widest it may be before its text wraps (a long working in `explain`). */
  caps?: (number | undefined)[];
  /** How many leading columns every block repeats when a wide table is cut into blocks (the school). */
  keys: number;
  /** Continuation lines of a wrapped body cell are indented (default), so they do not read as a new row. */
  hang?: boolean;
  /**
   * Each row is already an item and its text (explain's working): folded to records, the rows
   * are the fields of one record, not a record each.
   */
  pairs?: boolean;
}

/** Rows already made, as GridRows. */
export function gridRows(rows: readonly (readonly string[])[]): GridRows {
  return { count: rows.length, cells: (index) => rows[index]! };
}

export interface DrawOptions {
  paint: (text: string) => string;
  /** The terminal's width; none when the output is piped or written to a file (never folded). */
  width?: number;
}

/**
 * Narrowest terminal a table is laid out for: every line fits a terminal this wide or wider;
 * in a narrower one the table is drawn as for this width, and the terminal wraps its lines.
 */
export const MIN_WIDTH = 20;
/** The width laid out for: the terminal's, but never under MIN_WIDTH. */
const fitted = (width: number | undefined) => (width === undefined ? undefined : Math.max(width, MIN_WIDTH));
/** Narrowest a wrapped text column becomes before the table is cut into blocks instead. */
const MIN_TEXT = 16;
/** Widest the repeated columns (the school) are in each block of a table cut into blocks. */
const KEY_TEXT = 28;
/** Continuation lines of a wrapped cell are indented, so they do not read as a new row. */
const HANG = '  ';

const total = (widths: readonly number[], columns: readonly number[]) => columns.reduce((n, c) => n + widths[c]! + 3, 1);
const longestWord = (text: string) => text.split(' ').reduce((n, w) => Math.max(n, displayWidth(w)), 0);
/** Narrowest a header may wrap to: two lines at most ("Per pupil" over "£"), never a word cut. */
function headerFloor(text: string): number {
  let w = longestWord(text);
  while (wrap(text, w).length > 2) w++;
  return w;
}

/** How a grid is drawn: its column widths and the columns of each block, or as records. */
export interface Layout {
  widths: number[];
  blocks: number[][];
  /**
   * Too narrow for even one column beside the key columns: each row is drawn as a record of
   * its fields, a header and its text to a line (`data` is each column's widest text).
   */
  records?: { data: number[] };
}

/**
 * Column widths, and the columns of each block. Unfolded (piped, or the table fits): every
 * column as wide as its widest text. Folded, in steps until it fits: headers wrap on their
 * words; text columns (school names) wrap, down to MIN_TEXT; then the columns are cut into
 * blocks, each repeating the key columns, drawn one under another; and where a block would
 * still be wider than the terminal (the keys and one column do not fit beside each other),
 * each row becomes a record, drawn one under another (drawRecords).
 */
export function layout(grid: Grid, width: number | undefined): Layout {
  const n = grid.head.length;
  const all = [...Array(n).keys()];
  const data = new Array<number>(n).fill(0);
  const measure = (row: readonly string[]) => {
    for (let c = 0; c < n; c++) {
      const w = displayWidth(row[c] ?? '');
      if (w > data[c]!) data[c] = w;
    }
  };
  for (let r = 0; r < grid.rows.count; r++) measure(grid.rows.cells(r));
  if (grid.total) measure(grid.total);
  const caps = grid.caps ?? [];
  const capped = (c: number, w: number) => (caps[c] !== undefined ? Math.min(w, caps[c]!) : w);
  const widths = all.map((c) => capped(c, Math.max(data[c]!, displayWidth(grid.head[c]!))));
  if (width === undefined || total(widths, all) <= width) return { widths, blocks: [all] };

  // Headers wrap on their words, onto two lines at most.
  for (const c of all) widths[c] = capped(c, Math.max(data[c]!, headerFloor(grid.head[c]!)));
  if (total(widths, all) <= width) return { widths, blocks: [all] };

  // Text columns wrap, the widest first, down to MIN_TEXT (or their header's longest word).
  const text = all.filter((c) => !grid.right[c]);
  const floor = (c: number) => Math.min(widths[c]!, Math.max(MIN_TEXT, headerFloor(grid.head[c]!)));
  while (total(widths, all) > width) {
    const widest = text.filter((c) => widths[c]! > floor(c)).sort((a, b) => widths[b]! - widths[a]!)[0];
    if (widest === undefined) break;
    widths[widest] = widths[widest]! - 1;
  }
  if (total(widths, all) <= width) return { widths, blocks: [all] };

  // Blocks: the key columns, then as many of the others as fit.
  const keys = all.slice(0, grid.keys);
  for (const c of keys) if (!grid.right[c]) widths[c] = Math.max(Math.min(data[c]!, KEY_TEXT), headerFloor(grid.head[c]!), Math.min(MIN_TEXT, widths[c]!));
  // In a narrow terminal the key text columns give up width too (down to MIN_TEXT), so that the
  // keys and the widest of the other columns fit in one block: at 50 columns the school's 28 and
  // a status beside it made every box line wider than the terminal, which wrapped each one.
  const natural = (c: number) => capped(c, Math.max(data[c]!, headerFloor(grid.head[c]!)));
  const narrowest = (c: number) => (grid.right[c] ? widths[c]! : Math.max(Math.min(natural(c), MIN_TEXT), Math.min(natural(c), headerFloor(grid.head[c]!))));
  const need = Math.max(0, ...all.slice(grid.keys).map(narrowest));
  const keyFloor = (c: number) => Math.min(natural(c), Math.max(MIN_TEXT, headerFloor(grid.head[c]!)));
  while (total(widths, keys) + need + 3 > width) {
    const widest = keys.filter((c) => !grid.right[c] && widths[c]! > keyFloor(c)).sort((a, b) => widths[b]! - widths[a]!)[0];
    if (widest === undefined) break;
    widths[widest] = widths[widest]! - 1;
  }
  // The other text columns were narrowed to fit the whole table on one line, which it does not:
  // in a block beside the keys each is as wide as its text, or as the room beside them allows
  // (an `--all` reason, compare's note), not wrapped (or cut mid-word) with the line half empty.
  const room = width - total(widths, keys) - 3;
  for (const c of all.slice(grid.keys)) {
    if (grid.right[c]) continue;
    widths[c] = Math.max(Math.min(natural(c), room), Math.min(natural(c), MIN_TEXT, widths[c]!), Math.min(natural(c), headerFloor(grid.head[c]!)));
  }
  const blocks: number[][] = [];
  let block = [...keys];
  for (const c of all.slice(grid.keys)) {
    if (block.length > keys.length && total(widths, [...block, c]) > width) {
      blocks.push(block);
      block = [...keys];
    }
    block.push(c);
  }
  blocks.push(block);
  if (blocks.some((b) => total(widths, b) > width)) return { widths, blocks, records: { data } };
  return { widths, blocks };
}

/** Splits text into lines of at most `width` columns, on spaces where it can; later lines hang. */
export function wrap(text: string, width: number, hang = ''): string[] {
  if (displayWidth(text) <= width) return [text];
  const lines: string[] = [];
  let line = '';
  const push = () => {
    lines.push(line);
    line = hang;
  };
  for (const word of text.split(' ')) {
    const sep = line.trim() === '' ? '' : ' ';
    if (displayWidth(line + sep + word) <= width) {
      line += sep + word;
      continue;
    }
    // A lone colon (a ratio's `primary 2 : secondary 3`) does not start a line: the word before it
    // goes down with it, and the word before that where the one before it is a number (`primary 2`).
    let at = word === ':' ? line.lastIndexOf(' ') : -1;
    if (at > hang.length && /^[\d.,]+$/.test(line.slice(at + 1))) {
      const before = line.lastIndexOf(' ', at - 1);
      if (before > hang.length) at = before;
    }
    if (at > hang.length && displayWidth(`${hang}${line.slice(at + 1)} :`) <= width) {
      const carried = line.slice(at + 1);
      line = line.slice(0, at);
      push();
      line += `${carried} :`;
      continue;
    }
    if (line.trim() !== '') push();
    // A word longer than the line is cut by characters (graphemes: a combining mark stays with its letter).
    for (const { segment } of new Intl.Segmenter().segment(word)) {
      if (displayWidth(line + segment) > width && line.trim() !== '') push();
      line += segment;
    }
  }
  if (line.trim() !== '') lines.push(line);
  return lines;
}

/** Lines are handed on in pieces of about this many characters: a long table is never one string. */
const CHUNK = 1 << 16;

/**
 * Draws a boxed table, line by line, each ended by a line feed, in pieces: a rule under the
 * header and above the Total row, no rules between rows. Header, Total and strong rows are
 * painted cell by cell, never the borders or padding. `before` comes first (the title).
 */
export function* drawGrid(grid: Grid, options: DrawOptions, before: readonly string[] = []): Generator<string> {
  const width = fitted(options.width);
  const { widths, blocks, records } = layout(grid, width);
  if (records) {
    yield* drawRecords(grid, options.paint, width!, records.data, before);
    return;
  }
  let piece = '';
  for (const line of before) piece += `${line}\n`;
  for (const [b, columns] of blocks.entries()) {
    if (b > 0) piece += '\n';
    const rule = (left: string, mid: string, end: string) => `${left}${columns.map((c) => '─'.repeat(widths[c]! + 2)).join(mid)}${end}\n`;
    const row = (cells: readonly string[], painted: boolean, hang: string) => {
      const wrapped = columns.map((c) => wrap(cells[c] ?? '', widths[c]!, hang));
      let height = 1;
      for (const w of wrapped) if (w.length > height) height = w.length;
      for (let k = 0; k < height; k++) {
        let line = '│';
        for (let j = 0; j < columns.length; j++) {
          const c = columns[j]!;
          const cell = wrapped[j]![k] ?? '';
          const pad = ' '.repeat(Math.max(0, widths[c]! - displayWidth(cell)));
          const shown = painted && cell !== '' ? options.paint(cell) : cell;
          line += grid.right[c] ? ` ${pad}${shown} │` : ` ${shown}${pad} │`;
        }
        piece += `${line}\n`;
      }
    };
    piece += rule('┌', '┬', '┐');
    row(grid.head, true, '');
    piece += rule('├', '┼', '┤');
    const hang = grid.hang === false ? '' : HANG;
    for (let r = 0; r < grid.rows.count; r++) {
      row(grid.rows.cells(r), grid.strong?.has(r) === true, hang);
      if (piece.length >= CHUNK) {
        yield piece;
        piece = '';
      }
    }
    if (grid.total) {
      if (grid.rows.count) piece += rule('├', '┼', '┤');
      row(grid.total, true, hang);
    }
    piece += rule('└', '┴', '┘');
  }
  if (piece !== '') yield piece;
}

/** Narrowest a field's text may be beside its header before headers go on lines of their own. */
const MIN_VALUE = 12;

/**
 * A grid too wide for the terminal even cut into blocks, as records in one box: each row (the
 * Total row last) a record of its fields, one under another, ruled apart. Each field is its
 * header and its text: side by side ("NOR:       421") where the headers leave room, the text
 * wrapping beside them; otherwise the header on a line of its own and the text under it,
 * indented. A field with no text is left out. Every line fits `width` (a word too long for
 * its line is cut), so a table of any columns fits a terminal of MIN_WIDTH columns.
 */
function* drawRecords(grid: Grid, paint: (text: string) => string, width: number, data: readonly number[], before: readonly string[]): Generator<string> {
  const inner = width - 4;
  const n = grid.head.length;
  // Each record's fields: a row's headers and cells, or (pairs) every row an item and its text.
  const labelWidth = grid.pairs ? data[0]! : Math.max(0, ...grid.head.map(displayWidth));
  const valueWidth = grid.pairs ? data[1]! : Math.max(0, ...data);
  const side = labelWidth + 2 + Math.min(valueWidth, MIN_VALUE) <= inner;
  const rule = (left: string, end: string) => `${left}${'─'.repeat(inner + 2)}${end}\n`;
  let piece = '';
  for (const line of before) piece += `${line}\n`;
  piece += rule('┌', '┐');
  const line = (text: string, painted: boolean) => {
    const pad = ' '.repeat(Math.max(0, inner - displayWidth(text)));
    const indent = text.length - text.trimStart().length;
    piece += `│ ${painted ? text.slice(0, indent) + paint(text.slice(indent)) : text}${pad} │\n`;
  };
  const field = (label: string, value: string, painted: boolean) => {
    if (value === '') return;
    const head = label === '' ? '' : `${label}:`;
    if (side) {
      const lead = `${head}${' '.repeat(labelWidth - displayWidth(head) + 2)}`;
      const indent = ' '.repeat(labelWidth + 2);
      wrap(value, inner - labelWidth - 2).forEach((text, k) => line((k === 0 ? lead : indent) + text, painted));
      return;
    }
    if (head !== '') for (const text of wrap(head, inner)) line(text, painted);
    for (const text of wrap(value, inner - HANG.length)) line(HANG + text, painted);
  };
  let first = true;
  const record = (cells: readonly string[], painted: boolean) => {
    if (!first) piece += rule('├', '┤');
    first = false;
    for (let c = 0; c < n; c++) field(grid.head[c]!, cells[c] ?? '', painted);
  };
  if (grid.pairs) {
    first = false;
    for (let r = 0; r < grid.rows.count; r++) {
      const cells = grid.rows.cells(r);
      field(cells[0] ?? '', cells[1] ?? '', false);
    }
  } else {
    for (let r = 0; r < grid.rows.count; r++) {
      record(grid.rows.cells(r), grid.strong?.has(r) === true);
      if (piece.length >= CHUNK) {
        yield piece;
        piece = '';
      }
    }
    if (grid.total) record(grid.total, true);
  }
  piece += rule('└', '┘');
  yield piece;
}

/**
 * A title or footnote in a terminal of `width` columns: wrapped on words, as the table folds to
 * it (the terminal itself would break it inside a word, "ro" / "unded"). Piped or written with
 * --out (no width), one line, like the table's rows.
 */
export function terminalLines(text: string, width: number | undefined): string[] {
  const shown = shownText(text);
  return width === undefined ? [shown] : wrap(shown, fitted(width)!);
}

/** Bold for the terminal, when the CLI decided colour may be used (chalk's own detection ignores NO_COLOR and --out). */
export function painter(color: boolean): (text: string) => string {
  if (!color) return (text) => text;
  const chalk = new Chalk({ level: 1 });
  return (text) => chalk.bold(text);
}

/**
 * The columns a wide table repeats in each block: its leading text columns, up to the one
 * that names the row (school, name, item) where there is one (URN and school, not status and
 * phase); a table of service, phase and basis repeats all three.
 */
export function keyColumns(doc: TableDoc): number {
  let keys = 0;
  while (keys < doc.columns.length && !isNumeric(doc.columns[keys]!)) {
    if (['school', 'name', 'item'].includes(doc.columns[keys]!.key)) return keys + 1;
    keys++;
  }
  return Math.max(1, keys);
}

/**
 * A boxed terminal table, folded to the terminal's width when it is one, in pieces: rows come
 * from `rowCells` (filled again for each pass) where the table has them, so a table of a
 * million rows is drawn without holding its rows.
 */
export function* tableChunks(doc: TableDoc, options: RenderOptions): Generator<string> {
  const paint = painter(options.color);
  const { columns } = doc;
  const n = columns.length;
  const text = humanCells(columns);
  // Text columns hold what the census or config gave; figures are dedel's own.
  const numeric = columns.map(isNumeric);
  const human = (row: readonly Cell[], into: string[]) => {
    for (let i = 0; i < n; i++) into[i] = numeric[i] ? text(row[i] ?? null, i) : shownText(text(row[i] ?? null, i));
    return into;
  };
  const texts = new Array<string>(n);
  const source = doc.rowCells;
  const filled = new Array<Cell>(n);
  const rows: GridRows = source
    ? { count: source.count, cells: (index) => human(source.fill(index, filled), texts) }
    : { count: doc.rows.length, cells: (index) => human(doc.rows[index]!, texts) };
  const grid: Grid = {
    head: columns.map((c) => shownText(c.label)),
    rows,
    strong: doc.subtotalRows ? new Set(doc.subtotalRows) : undefined,
    total: doc.total ? human(doc.total, new Array<string>(n)) : null,
    right: columns.map(isNumeric),
    keys: keyColumns(doc),
  };
  const lines = (text: string) => terminalLines(text, options.width);
  yield* drawGrid(grid, { paint, width: options.width }, doc.title ? lines(doc.title).map(paint) : []);
  let notes = '';
  for (const note of doc.notes) for (const line of lines(note)) notes += `${line}\n`;
  if (notes) yield notes;
}

/** The boxed terminal table as one text. */
export const renderTable: Renderer = (doc, options) => [...tableChunks(doc, options)].join('');

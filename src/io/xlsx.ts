import { createRequire } from 'node:module';
import { Dec } from '../core/decimal.js';
import { DataError, DataErrors, DedelError, visible } from '../core/errors.js';
import type { Diagnostic } from '../core/types.js';
import type { CsvRecord } from './csv-records.js';
import { headerIndex, namesSchools } from './header-row.js';
import { columnLetters } from '../core/names.js';

// fflate (unzip) and saxes (XML) load only when a workbook is read.
const load = createRequire(import.meta.url);

/** A zip file starts `PK\x03\x04`; an .xlsx workbook is one. */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/**
 * A workbook or something that claims to be one (a zip, an Excel 97-2003 file, a name ending
 * .xls, .xlsx, .xlsm or .xlsb): read whole, never a piece at a time as CSV, so it is read or refused as a workbook.
 */
export function workbookLike(bytes: Uint8Array, file: string): boolean {
  return isZip(bytes) || (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) || /\.xls[xmb]?$/i.test(file);
}

/** One sheet of a workbook as records: each row's cells as text, `line` the sheet's row number. */
export interface SheetRecords {
  sheet: string;
  records: CsvRecord[];
  /** The rows with text that the sheet hides (hidden by hand or by a filter), in order. */
  hidden: number[];
  /** The columns a filter on the sheet chooses rows by (0-based, `<autoFilter>`'s `<filterColumn>`): its hidden rows may be the filter's. */
  filtered?: number[];
  /** The sheet's merged ranges (`E2:E3`), for an error of a blank cell inside one. */
  merges?: readonly string[];
  /** The columns the sheet hides, 0-based (`<col hidden="1">`), in order. */
  hiddenColumns?: number[];
  /**
   * The sheet's formula cells (their count and the first's reference) where the workbook
   * calculates by hand and was saved without calculating: their saved values may be stale.
   */
  stale?: { first: string; count: number };
  /** Every sheet of cells in the workbook (not charts), in order: for a message naming another. */
  sheets?: readonly string[];
  /** The number cells whose format shows them rounded (421.6 under `0` shows 422), in sheet order. */
  rounded?: readonly RoundedCell[];
  /** The program the workbook says made it (`docProps/core.xml`'s creator, which Excel keeps on saving): `dedel` for dedel's own. */
  creator?: string;
}

/** A number cell its format shows rounded: what the sheet shows (`422`) and what the cell holds, as read (`421.6`). */
export interface RoundedCell {
  /** 0-based. */
  column: number;
  line: number;
  ref: string;
  shown: string;
  held: string;
  format: ShownFormat;
}

/** Parts of the workbook past this size are refused: a census is far smaller, a zip bomb is not. */
const MAX_PART = 512 * 1024 * 1024;

interface Element {
  name: string;
  attributes: Record<string, string>;
}

/** Walks XML text: the local name of each element (prefix dropped), its attributes, and text. */
function walk(xml: string, file: string, part: string, on: { open?: (e: Element) => void; close?: (name: string) => void; text?: (t: string) => void }): void {
  const { SaxesParser } = load('saxes') as typeof import('saxes');
  const parser = new SaxesParser({ xmlns: false });
  const local = (name: string) => name.slice(name.indexOf(':') + 1);
  parser.on('opentag', (tag) => on.open?.({ name: local(tag.name), attributes: tag.attributes as Record<string, string> }));
  parser.on('closetag', (tag) => on.close?.(local(tag.name)));
  if (on.text) {
    parser.on('text', on.text);
    parser.on('cdata', on.text);
  }
  try {
    parser.write(xml).close();
  } catch (error) {
    // What a handler found wrong with a cell is said as it is, not as bad XML.
    if (error instanceof DataError) throw error;
    throw new DataError(`not a readable workbook: ${part} is not well-formed XML (${(error as Error).message.split('\n')[0]})`, { file });
  }
}

/** Column letters to a 0-based index: A → 0, AA → 26. */
export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/**
 * A number cell's stored text as Excel shows it: at most 15 significant digits (Excel writes
 * 5.1 as `5.0999999999999996`, which is 5.1 to 15 digits), no exponent, no trailing zeros.
 * The text is read as a decimal, never through a binary number.
 */
export function excelNumber(stored: string): string {
  const text = stored.trim();
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return text;
  const value = new Dec(text);
  // Past the largest number a workbook can hold (a damaged cell, `1e400`): not a number, so refused showing it.
  if ((text.length > 300 || /[eE]/.test(text)) && value.abs().gt(LARGEST)) return text;
  return value.toSignificantDigits(15, Dec.ROUND_HALF_EVEN).toFixed();
}

/** The largest number a cell can hold (a binary double's largest). */
const LARGEST = new Dec('1.7976931348623157e308');

const cache = new WeakMap<Uint8Array, Map<string, SheetRecords>>();

/**
 * Reads one sheet of an .xlsx workbook (the first not hidden, or the one named) into records, as a CSV
 * reading gives them: every cell as text (numbers as Excel shows them, shared and inline strings
 * as written, TRUE/FALSE for booleans, errors such as #N/A as they print), rows that have no
 * cells left out. Read once per bytes and sheet; the same bytes read again give the same records.
 */
export function readSheet(bytes: Uint8Array, file: string, wanted?: string): SheetRecords {
  const key = wanted ?? '';
  const known = cache.get(bytes)?.get(key);
  if (known) return known;
  const read = readSheetOnce(bytes, file, wanted);
  if (!cache.has(bytes)) cache.set(bytes, new Map());
  cache.get(bytes)!.set(key, read);
  return read;
}

function readSheetOnce(bytes: Uint8Array, file: string, wanted?: string): SheetRecords {
  const { unzipSync } = load('fflate') as typeof import('fflate');
  const needed = (name: string) => name === 'mimetype' || name === 'docProps/core.xml' || name === 'xl/workbook.xml' || name === 'xl/_rels/workbook.xml.rels' || name === 'xl/sharedStrings.xml' || name === 'xl/styles.xml' || name.startsWith('xl/worksheets/');
  let files: Record<string, Uint8Array>;
  // Excel's binary workbook (.xlsb) is a zip whose parts are binary, not XML.
  let binary = false;
  // A Word document or a PowerPoint deck is a zip of the same kind (last year's paper, given as its table).
  let office: 'Word document (.docx)' | 'PowerPoint presentation (.pptx)' | undefined;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        if (f.name === 'xl/workbook.bin') binary = true;
        if (f.name === 'word/document.xml') office = 'Word document (.docx)';
        if (f.name === 'ppt/presentation.xml') office = 'PowerPoint presentation (.pptx)';
        if (!needed(f.name)) return false;
        if (f.originalSize > MAX_PART) throw new DataError(`${f.name} in the workbook is larger than 512 MB; save the sheet as CSV`, { file });
        return true;
      },
    });
  } catch (error) {
    if (error instanceof DedelError) throw error;
    throw new DataError(`not a readable workbook (the zip is damaged: ${(error as Error).message}); save it again from Excel, or as CSV`, { file });
  }
  const text = (name: string) => (files[name] ? new TextDecoder().decode(files[name]) : undefined);
  const workbook = text('xl/workbook.xml');
  // LibreOffice's own format is a zip too, its kind in a first part named `mimetype`.
  if (workbook === undefined && /opendocument\.spreadsheet/.test(text('mimetype') ?? '')) {
    throw new DataError('an OpenDocument spreadsheet (.ods), not an Excel workbook: dedel reads .xlsx and CSV; in LibreOffice, File > Save As, and choose Excel 2007-365 (.xlsx) or Text CSV', { file });
  }
  if (workbook === undefined && binary) {
    throw new DataError('an Excel binary workbook (.xlsb), which dedel does not read; in Excel, File > Save As, and choose Excel Workbook (.xlsx), Excel Macro-Enabled Workbook (.xlsm) or CSV UTF-8', { file });
  }
  if (workbook === undefined && office !== undefined) {
    throw new DataError(`this is a ${office}, not a table dedel reads; give the table as the spreadsheet it was made from (.xlsx or CSV UTF-8), or copy it into Excel, check it, and save it as .xlsx`, { file });
  }
  if (workbook === undefined) throw new DataError('not an Excel workbook (.xlsx): it has no xl/workbook.xml; save it as .xlsx or CSV', { file });

  const sheets: { name: string; rid: string; hidden: boolean }[] = [];
  let date1904 = false;
  // Set by a program that wrote formulas without working them out (XlsxWriter saves 0 as every
  // formula's value, with this flag so that Excel works them out on opening); Excel and
  // LibreOffice clear it when they save.
  let recalculate = false;
  let byHand = false;
  walk(workbook, file, 'xl/workbook.xml', {
    open: (e) => {
      if (e.name === 'workbookPr') date1904 = e.attributes.date1904 === '1' || e.attributes.date1904 === 'true';
      else if (e.name === 'calcPr') {
        recalculate = e.attributes.fullCalcOnLoad === '1' || e.attributes.fullCalcOnLoad === 'true';
        // Excel set to calculate by hand, with "Recalculate workbook before saving" unticked.
        byHand = e.attributes.calcMode === 'manual' && (e.attributes.calcOnSave === '0' || e.attributes.calcOnSave === 'false');
      }
      else if (e.name === 'sheet') {
        const rid = e.attributes['r:id'] ?? Object.entries(e.attributes).find(([k]) => k.endsWith(':id'))?.[1] ?? '';
        sheets.push({ name: e.attributes.name ?? '', rid, hidden: e.attributes.state === 'hidden' || e.attributes.state === 'veryHidden' });
      }
    },
  });
  if (!sheets.length) throw new DataError('the workbook has no sheets', { file });
  const list = sheets.map((s) => `"${s.name}"`).join(', ');

  const targets = new Map<string, string>();
  walk(text('xl/_rels/workbook.xml.rels') ?? '<Relationships/>', file, 'xl/_rels/workbook.xml.rels', {
    open: (e) => {
      if (e.name === 'Relationship' && e.attributes.Id && e.attributes.Target) targets.set(e.attributes.Id, e.attributes.Target);
    },
  });
  const pathOf = (s: { rid: string }) => {
    const target = targets.get(s.rid);
    return target === undefined ? undefined : target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
  };
  // A chart sheet (a tab that is a chart) or a dialog or macro sheet holds no table.
  const isChart = (s: { rid: string }) => /(?:^|\/)(?:chartsheets|dialogsheets|macrosheets)\//.test(pathOf(s) ?? '');
  // The first sheet of cells the officer sees: a hidden sheet first (lookups, last year's figures) is not the census, nor a chart.
  const first = sheets.find((s) => !s.hidden && !isChart(s)) ?? sheets.find((s) => !isChart(s)) ?? sheets[0]!;
  const sheet = wanted === undefined ? first : (sheets.find((s) => s.name === wanted) ?? sheets.find((s) => s.name.toLowerCase() === wanted.toLowerCase()));
  if (!sheet) throw new DataError(`no sheet named "${wanted}" in the workbook; its sheets are ${list}`, { file });
  if (isChart(sheet)) throw new DataError(`sheet "${sheet.name}" is a chart, not a table of schools; name the sheet of the table with --sheet (the workbook's sheets are ${list})`, { file });
  const path = pathOf(sheet);
  const xml = path === undefined ? undefined : text(path);
  if (xml === undefined) throw new DataError(`sheet "${sheet.name}" is missing from the workbook; save it again from Excel, or as CSV`, { file });

  const shared = sharedStrings(text('xl/sharedStrings.xml'), file);
  const { dates, shown } = dateStyles(text('xl/styles.xml'), file);
  const others = sheets.filter((s) => !isChart(s)).map((s) => s.name);
  const read = sheetRecords(xml, file, sheet.name, shared, { dates, shown, date1904, recalculate });
  const { formulas, ...rest } = read;
  const creator = /<dc:creator>([^<]*)<\/dc:creator>/.exec(text('docProps/core.xml') ?? '')?.[1];
  return { sheet: sheet.name, sheets: others, ...rest, ...(byHand && formulas.count > 0 ? { stale: formulas } : {}), ...(creator !== undefined ? { creator } : {}) };
}

/** Excel's built-in number formats that show a date (14–17, 22 and the East Asian 27–36, 50–58); 18–21 and 45–47 are times of day. */
const DATE_FORMATS = new Set([14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58]);
/** Excel's built-in formats that show a time alone: h:mm AM/PM, h:mm:ss AM/PM, h:mm, h:mm:ss, mm:ss, mm:ss.0; 46, [h]:mm:ss, counts hours past 24. */
const TIME_FORMATS = new Set([18, 19, 20, 21, 45, 47]);
const DURATION_FORMAT = 46;
/** Excel's built-in formats that show a percentage: 0% and 0.00%. */
const PERCENT_FORMATS = new Set([9, 10]);

/**
 * Whether a number format shows a percentage (`0%`, `0.0%`): it has a per cent sign once its
 * quoted text, escaped characters and [brackets] are taken out, so `0 "% FSM"` is not one.
 */
export function isPercentFormat(code: string): boolean {
  return code.replace(/"[^"]*"|\\.|[_*].|\[[^\]]*\]/g, '').includes('%');
}

/**
 * Whether a number format shows a date: it has a year or day code (`dd/mm/yyyy`, `d-mmm-yy`),
 * once its quoted text, escaped characters, spacing codes and [brackets] (a colour, a
 * currency) are taken out, so `#,##0 "days"` is not one.
 */
export function isDateFormat(code: string): boolean {
  const bare = code.replace(/"[^"]*"|\\.|[_*].|\[[^\]]*\]/g, '');
  return /[yd]/i.test(bare) && !/^general$/i.test(bare.trim());
}

/**
 * Whether a number format shows a time: it has an hour or second code (`hh:mm`, `h:mm AM/PM`,
 * `mm:ss`, `[h]:mm`), once its quoted text, escaped characters, spacing codes and [brackets]
 * other than elapsed time (`[h]`, `[mm]`) are taken out, so `0 "hrs"` is not one.
 */
export function isTimeFormat(code: string): boolean {
  const bare = code.replace(/"[^"]*"|\\.|[_*].|\[(?![hms]+\])[^\]]*\]/gi, '');
  return /[hs]/i.test(bare);
}

/**
 * How one section of a number format shows a number: its decimal places, its powers of ten
 * (+2 for each `%`, -3 for each comma after the last digit, which shows thousands), and
 * whether it groups thousands (`#,##0`).
 */
interface ShownSection {
  decimals: number;
  shift: number;
  grouped: boolean;
  percent: boolean;
  /** A section with no digits (`;;;`, which hides a cell's figure, or `"n/a"`): the text it shows instead. */
  literal?: string;
  /** The whole-number digits it shows at least (`000000` shows 12345 as 012345). */
  zeros?: number;
}

/**
 * A number format that rounds what it shows (`0`, `0.0`, `#,##0`, `£#,##0.00`, `0%`, the
 * accounting formats): its sections, each with the condition that chooses it where it has one
 * (`[<0]`, as LibreOffice writes a format for negative numbers), and its code, for a message.
 * A section is undefined where it shows every digit or where dedel cannot tell what it shows:
 * General, text (`@`), a date or time, a fraction (`# ?/?`), a scientific number (`0.00E+00`);
 * one with no digits at all (`"-"` for zero, `;;;`) shows its own text.
 */
export interface ShownFormat {
  code: string;
  /**
   * The digits a whole number is shown with at least, where the format pads it with zeros
   * (`000000`, `0000`: an id shown `012345`), so it is read as shown; else 0.
   */
  pad: number;
  /** Some section shows thousands (`#,##0,`): a whole number may be shown rounded too. */
  scales: boolean;
  sections: { condition?: { op: string; bound: string }; shows: ShownSection | undefined }[];
}

/** The codes of Excel's built-in number formats that round what they show (as an English-UK Excel writes them). */
const BUILT_IN_NUMBER_FORMATS: Readonly<Record<number, string>> = {
  1: '0',
  2: '0.00',
  3: '#,##0',
  4: '#,##0.00',
  5: '"\u00a3"#,##0;\\-"\u00a3"#,##0',
  6: '"\u00a3"#,##0;[Red]\\-"\u00a3"#,##0',
  7: '"\u00a3"#,##0.00;\\-"\u00a3"#,##0.00',
  8: '"\u00a3"#,##0.00;[Red]\\-"\u00a3"#,##0.00',
  9: '0%',
  10: '0.00%',
  37: '#,##0 ;(#,##0)',
  38: '#,##0 ;[Red](#,##0)',
  39: '#,##0.00;(#,##0.00)',
  40: '#,##0.00;[Red](#,##0.00)',
  41: '_-* #,##0_-;\\-* #,##0_-;_-* "-"_-;_-@_-',
  42: '_-"\u00a3"* #,##0_-;\\-"\u00a3"* #,##0_-;_-"\u00a3"* "-"_-;_-@_-',
  43: '_-* #,##0.00_-;\\-* #,##0.00_-;_-* "-"??_-;_-@_-',
  44: '_-"\u00a3"* #,##0.00_-;\\-"\u00a3"* #,##0.00_-;_-"\u00a3"* "-"??_-;_-@_-',
};

/** A format's sections, split at its semicolons (not those in quotes, escaped or in brackets). */
function sectionsOf(code: string): string[] {
  const sections: string[] = [];
  let current = '';
  for (let i = 0; i < code.length; i++) {
    const ch = code[i]!;
    if (ch === '"') {
      const end = code.indexOf('"', i + 1);
      const to = end < 0 ? code.length : end + 1;
      current += code.slice(i, to);
      i = to - 1;
    } else if (ch === '\\' || ch === '_' || ch === '*') {
      current += code.slice(i, i + 2);
      i++;
    } else if (ch === '[') {
      const end = code.indexOf(']', i + 1);
      const to = end < 0 ? code.length : end + 1;
      current += code.slice(i, to);
      i = to - 1;
    } else if (ch === ';') {
      sections.push(current);
      current = '';
    } else current += ch;
  }
  sections.push(current);
  return sections;
}

/** What one section shows, or undefined where it is not a plain number (see ShownFormat). */
function shownSection(section: string): ShownSection | undefined {
  const bare = section.replace(/"[^"]*"|\\.|[_*].|\[[^\]]*\]/g, '');
  if (/general/i.test(bare) || /[eE][-+]/.test(bare) || bare.includes('/') || bare.includes('@')) return undefined;
  if (isDateFormat(section) || isTimeFormat(section)) return undefined;
  // No digits: the section shows its own text (quoted or escaped) in place of the figure.
  if (!/[0#?]/.test(bare)) {
    const literal = section.replace(/\[[^\]]*\]|[_*]./g, '').replace(/"([^"]*)"|\\(.)/g, '$1$2').trim();
    return { decimals: 0, shift: 0, grouped: false, percent: false, literal };
  }
  const point = bare.indexOf('.');
  const decimals = point < 0 ? 0 : (bare.slice(point + 1).match(/[0#?]/g) ?? []).length;
  // Commas right after the last digit (or before the decimal point) show thousands (`#,##0,` shows 421600 as 422).
  let last = -1;
  for (let i = 0; i < bare.length; i++) if ('0#?'.includes(bare[i]!)) last = i;
  let commas = /^,*/.exec(bare.slice(last + 1))![0].length;
  if (point >= 0) commas += /,*$/.exec(bare.slice(0, point))![0].length;
  const percents = (bare.match(/%/g) ?? []).length;
  // Zeros alone (`000000`, with spacing `_)` or a colour): a whole number padded to as many digits, and nothing else shown.
  const zeros = /^0{2,}$/.test(section.replace(/[_*].|\[[^\]]*\]/g, '').trim()) ? bare.trim().length : 0;
  return { decimals, shift: 2 * percents - 3 * commas, grouped: /[0#?],+[0#?]/.test(bare), percent: percents > 0, ...(zeros > 1 ? { zeros } : {}) };
}

/** A number format's code read as ShownFormat, or undefined where no section rounds a number. */
export function shownFormat(code: string): ShownFormat | undefined {
  const sections = sectionsOf(code).map((section) => {
    const condition = /\[(<=|>=|<>|<|>|=)\s*(-?\d+(?:\.\d+)?)\]/.exec(section);
    return { ...(condition ? { condition: { op: condition[1]!, bound: condition[2]! } } : {}), shows: shownSection(section) };
  });
  if (!sections.some((s) => s.shows !== undefined)) return undefined;
  const first = sections[0]!;
  const pad = first.condition === undefined && first.shows !== undefined && first.shows.decimals === 0 && first.shows.shift === 0 && !first.shows.grouped ? (first.shows.zeros ?? 0) : 0;
  return { code, pad, scales: sections.some((s) => s.shows !== undefined && (s.shows.shift < 0 || s.shows.literal !== undefined)), sections };
}

/**
 * The section of a format that shows a value: where no section has a condition, the first for
 * a positive number (and for every number, where it is the only one), the second for a
 * negative one, the third for zero; where some have (`[<0]\-0;[=0]\-;0`), the first whose
 * condition the value meets, else the first with none.
 */
function sectionFor(format: ShownFormat, value: Dec): ShownSection | undefined {
  const { sections } = format;
  if (!sections.some((s) => s.condition !== undefined)) {
    const at = value.isNegative() && !value.isZero() ? 1 : value.isZero() ? 2 : 0;
    return (sections[at] ?? sections[0])!.shows;
  }
  const meets = ({ op, bound }: { op: string; bound: string }) => {
    const c = value.comparedTo(bound);
    return op === '<' ? c < 0 : op === '>' ? c > 0 : op === '=' ? c === 0 : op === '<=' ? c <= 0 : op === '>=' ? c >= 0 : c !== 0;
  };
  return (sections.find((s) => s.condition !== undefined && meets(s.condition)) ?? sections.find((s) => s.condition === undefined))?.shows;
}

/**
 * What a number format shows for a number cell's value (read to 15 digits, as Excel shows it),
 * where that differs from the value the cell holds: `422` for 421.6 under `0`, `12.3%` for
 * 0.12345 under `0.0%` (rounded half away from zero, as Excel rounds what it shows). Undefined
 * where the format shows the value whole.
 */
export function shownRounded(value: string, format: ShownFormat): string | undefined {
  // Most cells: a whole number, under a format that does not show thousands or hide figures.
  if (!format.scales && !value.includes('.')) return undefined;
  if (!/^-?\d+(\.\d+)?$/.test(value)) return undefined;
  const held = new Dec(value);
  const section = sectionFor(format, held);
  if (section === undefined) return undefined;
  // A figure shown as text, or as nothing (`;;;`): a zero so shown (`-`, as accounting formats show it) is the zero held.
  if (section.literal !== undefined) return held.isZero() ? undefined : section.literal === '' ? 'nothing' : `"${section.literal}"`;
  const scaled = section.shift === 0 ? held.abs() : held.abs().times(new Dec(10).pow(section.shift));
  const rounded = scaled.toDecimalPlaces(section.decimals, Dec.ROUND_HALF_UP);
  if (rounded.equals(scaled)) return undefined;
  let text = rounded.toFixed(section.decimals);
  if (section.grouped) text = text.replace(/^\d+/, (whole) => whole.replace(/\B(?=(\d{3})+$)/g, ','));
  return `${held.isNegative() ? '-' : ''}${text}${section.percent ? '%' : ''}`;
}

/**
 * The formats of a workbook's cell styles (`cellXfs`, by index): what each shows, a date (with
 * its time of day, where it shows one), a time of day alone, a duration (`[h]:mm`, hours past
 * 24), or none of them.
 */
type DateStyle = 'date' | 'datetime' | 'time' | 'duration' | 'percent' | undefined;

function dateStyles(xml: string | undefined, file: string): { dates: DateStyle[]; shown: (ShownFormat | undefined)[] } {
  const styles: DateStyle[] = [];
  const shown: (ShownFormat | undefined)[] = [];
  if (xml === undefined) return { dates: styles, shown };
  const codes = new Map<string, string>();
  let inXfs = false;
  walk(xml, file, 'xl/styles.xml', {
    open: (e) => {
      if (e.name === 'numFmt' && e.attributes.numFmtId !== undefined) codes.set(e.attributes.numFmtId, e.attributes.formatCode ?? '');
      else if (e.name === 'cellXfs') inXfs = true;
      else if (e.name === 'xf' && inXfs) {
        const id = e.attributes.numFmtId ?? '0';
        const code = codes.get(id);
        const builtIn = /^\d+$/.test(id) ? Number.parseInt(id, 10) : -1;
        const date = code !== undefined ? isDateFormat(code) : DATE_FORMATS.has(builtIn);
        const time = code !== undefined ? isTimeFormat(code) : builtIn === 22 || TIME_FORMATS.has(builtIn) || builtIn === DURATION_FORMAT;
        const duration = code !== undefined ? /\[h+\]/i.test(code) : builtIn === DURATION_FORMAT;
        const percent = code !== undefined ? isPercentFormat(code) : PERCENT_FORMATS.has(builtIn);
        styles.push(date ? (time ? 'datetime' : 'date') : time ? (duration ? 'duration' : 'time') : percent ? 'percent' : undefined);
        // What a number so styled shows, where the format rounds it (`0`, `#,##0`, `0.0%`).
        const shows = date || time ? undefined : (code ?? BUILT_IN_NUMBER_FORMATS[builtIn]);
        shown.push(shows === undefined ? undefined : shownFormat(shows));
      }
    },
    close: (name) => {
      if (name === 'cellXfs') inXfs = false;
    },
  });
  return { dates: styles, shown };
}

const DAY_MS = 86_400_000;

/**
 * A date cell's serial number as the date Excel shows (`45205` → `2023-10-05`), with its time
 * of day where the format shows one and it has one (`2023-10-05 09:30`). Days count from
 * 1900-01-01 as day 1, with Excel's 29 February 1900 (day 60), or from 1904-01-01 as day 0 in a
 * workbook of the 1904 date system. A serial below 1 (a time alone) or not a plain number is
 * left as it is.
 */
export function excelDate(stored: string, style: 'date' | 'datetime', date1904: boolean): string {
  const text = excelNumber(stored);
  if (!/^\d+(\.\d+)?$/.test(text)) return text;
  const value = new Dec(text);
  const days = value.floor();
  if (days.lessThan(1) || days.greaterThan(2_958_465)) return text; // 9999-12-31 is Excel's last day
  const count = Number.parseInt(days.toFixed(), 10);
  let date: string;
  if (!date1904 && count === 60) date = '1900-02-29';
  else {
    const base = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, count < 60 ? 31 : 30);
    date = new Date(base + count * DAY_MS).toISOString().slice(0, 10);
  }
  if (style === 'date') return date;
  const seconds = value.minus(days).times(86_400).toDecimalPlaces(0, Dec.ROUND_HALF_UP);
  if (seconds.isZero() || seconds.greaterThanOrEqualTo(86_400)) return date;
  return `${date} ${clock(seconds)}`;
}

/** Whole seconds as a clock: `hh:mm`, with `:ss` where there are seconds (hours past 24 kept). */
function clock(seconds: Dec): string {
  const two = (d: Dec) => d.toFixed().padStart(2, '0');
  const s = seconds.mod(60);
  return `${two(seconds.divToInt(3600))}:${two(seconds.mod(3600).divToInt(60))}${s.isZero() ? '' : `:${two(s)}`}`;
}

/**
 * A time cell's value (a fraction of a day) as the time Excel shows, on a 24-hour clock
 * (`0.5` → `12:00`, `0.3875` → `09:18`, with `:ss` where it has seconds): of the day alone
 * (`1.5` shown `h:mm` is `12:00`, as Excel shows it), or with `duration` every hour counted
 * (`[h]:mm`: `1.5` → `36:00`). A negative value, which Excel cannot show as a time, or one
 * that is not a plain number is left as it is.
 */
export function excelTime(stored: string, duration: boolean): string {
  const text = excelNumber(stored);
  if (!/^\d+(\.\d+)?$/.test(text)) return text;
  const all = new Dec(text).times(86_400).toDecimalPlaces(0, Dec.ROUND_HALF_UP);
  return clock(duration ? all : all.mod(86_400));
}

/**
 * A number cell shown as a percentage (`0%`) as the percentage it shows, `25%` for 0.25 (to 15
 * significant digits, unrounded: `12.5%` under `0%`), never the fraction it holds: a `25%`
 * read as 0.25 was charged as a quarter of a pupil, where the CSV saved from the sheet, `25%`,
 * is refused as a figure. Text that is not a plain number is left as it is.
 */
export function excelPercent(stored: string): string {
  const text = excelNumber(stored);
  if (!/^-?\d+(\.\d+)?$/.test(text)) return text;
  return `${new Dec(text).times(100).toSignificantDigits(15, Dec.ROUND_HALF_EVEN).toFixed()}%`;
}

/** The shared strings: each `<si>`'s text runs joined (phonetic runs left out). */
function sharedStrings(xml: string | undefined, file: string): string[] {
  const out: string[] = [];
  if (xml === undefined) return out;
  let current: string | null = null;
  let inText = false;
  let phonetic = 0;
  walk(xml, file, 'xl/sharedStrings.xml', {
    open: (e) => {
      if (e.name === 'si') current = '';
      else if (e.name === 'rPh') phonetic++;
      else if (e.name === 't' && phonetic === 0) inText = true;
    },
    close: (name) => {
      if (name === 'si') {
        out.push(unescapeOoxml(current ?? ''));
        current = null;
      } else if (name === 'rPh') phonetic--;
      else if (name === 't') inText = false;
    },
    text: (t) => {
      if (inText && current !== null) current += t;
    },
  });
  return out;
}

/** OOXML writes characters XML cannot carry as `_xHHHH_`. */
function unescapeOoxml(text: string): string {
  return text.includes('_x') ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text;
}

function sheetRecords(
  xml: string,
  file: string,
  sheetName: string,
  shared: readonly string[],
  styles: { dates: readonly DateStyle[]; shown: readonly (ShownFormat | undefined)[]; date1904: boolean; recalculate: boolean },
): { records: CsvRecord[]; hidden: number[]; hiddenColumns: number[]; formulas: { first: string; count: number }; merges: string[]; rounded: RoundedCell[]; filtered: number[] } {
  const rounded: RoundedCell[] = [];
  const filtered: number[] = [];
  // The first column of the sheet's filter (`<autoFilter ref="A3:J40">`), from which its columns are counted; -1 outside it.
  let filterFrom = -1;
  const formulas = { first: '', count: 0 };
  const records: CsvRecord[] = [];
  const hidden: number[] = [];
  const hiddenColumns: number[] = [];
  let rowHidden = false;
  let row: { line: number; cells: string[] } | null = null;
  let lastRow = 0;
  let cell: { ref: string; column: number; type: string; style: DateStyle; shows: ShownFormat | undefined; value: string; inline: string; inValue: boolean; inInline: boolean; formula: string | null; inFormula: boolean; saved: boolean } | null = null;
  let nextColumn = 0;
  const merges: string[] = [];
  walk(xml, file, `sheet "${sheetName}"`, {
    open: (e) => {
      if (e.name === 'mergeCell' && e.attributes.ref) merges.push(e.attributes.ref);
      else if (e.name === 'autoFilter') filterFrom = columnIndex(/^\$?([A-Za-z]{1,3})/.exec(e.attributes.ref ?? '')?.[1] ?? 'A');
      else if (e.name === 'filterColumn' && filterFrom >= 0 && /^\d+$/.test(e.attributes.colId ?? '')) filtered.push(filterFrom + Number.parseInt(e.attributes.colId!, 10));
      else if (e.name === 'col' && (e.attributes.hidden === '1' || e.attributes.hidden === 'true')) {
        const min = parseInt(e.attributes.min ?? '', 10);
        const max = Math.min(parseInt(e.attributes.max ?? '', 10), min + 16384);
        // A range out to the sheet's last column (hidden past the table) counts to its end only as far as needed.
        for (let c = min; Number.isInteger(min) && c <= max && c <= 16384; c++) hiddenColumns.push(c - 1);
      }
      else if (e.name === 'row') {
        const r = parseInt(e.attributes.r ?? '', 10);
        lastRow = Number.isInteger(r) && r > 0 ? r : lastRow + 1;
        row = { line: lastRow, cells: [] };
        rowHidden = e.attributes.hidden === '1' || e.attributes.hidden === 'true';
        nextColumn = 0;
      } else if (e.name === 'c' && row) {
        const ref = e.attributes.r ?? '';
        const letters = /^([A-Za-z]{1,3})\d*$/.exec(ref)?.[1];
        const column = letters ? columnIndex(letters) : nextColumn;
        const index = e.attributes.s !== undefined && /^\d+$/.test(e.attributes.s) ? Number.parseInt(e.attributes.s, 10) : -1;
        const style = index < 0 ? undefined : styles.dates[index];
        const shows = index < 0 ? undefined : styles.shown[index];
        cell = { ref: ref || `${columnLetters(column)}${lastRow}`, column, type: e.attributes.t ?? 'n', style, shows, value: '', inline: '', inValue: false, inInline: false, formula: null, inFormula: false, saved: false };
        nextColumn = column + 1;
      } else if (cell && e.name === 'v') {
        cell.inValue = true;
        cell.saved = true;
      } else if (cell && e.name === 'f') {
        cell.formula = '';
        cell.inFormula = true;
      }
      else if (cell && e.name === 't' && cell.type === 'inlineStr') cell.inInline = true;
    },
    close: (name) => {
      if (name === 'autoFilter') filterFrom = -1;
      else if (name === 'v' && cell) cell.inValue = false;
      else if (name === 't' && cell) cell.inInline = false;
      else if (name === 'f' && cell) cell.inFormula = false;
      else if (name === 'c' && cell && row) {
        // A formula whose value the program that wrote the file never worked out (a workbook
        // made by a script): dedel does not work out formulas, so it cannot read the cell.
        // So is one whose value was saved by a program that asks for every formula to be worked
        // out on opening: what it saved (0, as XlsxWriter saves) is not the value the sheet shows.
        if (cell.formula !== null && (!cell.saved || styles.recalculate) && cell.type !== 'inlineStr') {
          const shown = cell.formula === '' ? 'a formula' : `the formula =${unescapeOoxml(cell.formula)}`;
          const why = cell.saved ? `has not been worked out: the program that wrote the workbook saved ${cell.value === '' ? 'no value' : `"${unescapeOoxml(cell.value)}"`} for it and asks for every formula to be worked out when the workbook is opened` : 'with no value saved';
          throw new DataError(`${shown} ${why}; open the workbook in Excel or LibreOffice and save it, so that its values are stored with it`, { file: `${file}: sheet "${sheetName}" cell ${cell.ref}` });
        }
        if (cell.formula !== null && formulas.count++ === 0) formulas.first = cell.ref;
        let text = cellText(cell, shared, file, sheetName, styles.date1904);
        if (cell.shows !== undefined && cell.type === 'n' && text !== '') {
          // A number its format shows rounded (421.6 under `0` shows 422): read as it is held, and said.
          // (The text of a number shown as no date, time or percentage is the number itself.)
          const shown = shownRounded(cell.style === undefined ? text : excelNumber(cell.value), cell.shows);
          if (shown !== undefined) rounded.push({ column: cell.column, line: row.line, ref: cell.ref, shown, held: text, format: cell.shows });
          // A whole number its format pads with zeros (an id `012345` under `000000`) is read as shown, as a CSV saved from the sheet holds it.
          else if (cell.shows.pad > text.length && cell.style === undefined && /^\d+$/.test(text)) text = text.padStart(cell.shows.pad, '0');
        }
        // An empty cell (formatted only, as a used range far past the table has them on every
        // row) is left out, as a sheet leaves it out: padding each row out to column XFD for it
        // took minutes on a sheet of a few schools.
        if (text !== '') {
          while (row.cells.length < cell.column) row.cells.push('');
          // Two cells with one reference (a workbook a script wrote, or damaged): the second
          // replaced the first, unseen. Excel repairs such a file when it opens it.
          if (row.cells[cell.column]) {
            throw new DataError(`the sheet has two cells ${cell.ref} (values "${visible(row.cells[cell.column]!)}" and "${visible(text)}"); the workbook is damaged: open it in Excel, which repairs it, check the cell and save`, { file: `${file}: sheet "${sheetName}" cell ${cell.ref}` });
          }
          row.cells[cell.column] = text;
        }
        cell = null;
      } else if (name === 'row' && row) {
        // A row with no text at all (formatting only) is left out, as CSV's blank lines are.
        if (row.cells.some((c) => c.trim() !== '')) {
          records.push(row);
          if (rowHidden) hidden.push(row.line);
        }
        row = null;
      }
    },
    text: (t) => {
      if (!cell) return;
      if (cell.inValue) cell.value += t;
      else if (cell.inInline) cell.inline += t;
      else if (cell.inFormula) cell.formula += t;
    },
  });
  fillMergedDown(records, merges);
  return { records, hidden, hiddenColumns, formulas, merges, rounded, filtered };
}

/**
 * For a blank cell inside a merged range whose first cell is another (`E3` in `E2:E3`): what
 * the officer sees there is that cell's figure, which is read for its own row only; else ''.
 */
function mergedOver(book: SheetRecords, column: number, line: number): string {
  for (const ref of book.merges ?? []) {
    const m = /^\$?([A-Za-z]{1,3})\$?(\d+):\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(ref.trim());
    if (!m) continue;
    const [left, top, right, bottom] = [columnIndex(m[1]!), parseInt(m[2]!, 10), columnIndex(m[3]!), parseInt(m[4]!, 10)];
    if (column < left || column > right || line < top || line > bottom || (column === left && line === top)) continue;
    const value = book.records.find((r) => r.line === top)?.cells[left]?.trim() ?? '';
    const first = `${columnLetters(left)}${top}`;
    return `; the cell is part of the merged cell ${ref.trim().replace(/\$/g, '').toUpperCase()}, whose ${value === '' ? 'first cell is blank too' : `figure, ${value}, is read for row ${top} only (cell ${first}), not again for this row`}: unmerge it and give each row its own figure`;
  }
  return '';
}

/**
 * A cell merged over several rows (a phase written once beside its block of schools) shows its
 * words on each of them, so each row with text of its own is given them, in the merge's first
 * column. Across columns a merge is one cell (a title over the table), so nothing is copied
 * sideways; nor is a figure copied down.
 */
function fillMergedDown(records: CsvRecord[], merges: readonly string[]): void {
  if (merges.length === 0) return;
  const byLine = new Map(records.map((r) => [r.line, r]));
  const last = records[records.length - 1]?.line ?? 0;
  for (const ref of merges) {
    const m = /^\$?([A-Za-z]{1,3})\$?(\d+):\$?[A-Za-z]{1,3}\$?(\d+)$/.exec(ref.trim());
    if (!m) continue;
    const column = columnIndex(m[1]!);
    const top = parseInt(m[2]!, 10);
    const bottom = Math.min(parseInt(m[3]!, 10), last);
    const value = byLine.get(top)?.cells[column] ?? '';
    // Words only: a figure merged over two rows (one NOR for a federation's two schools) is one
    // figure, and copied down it would be counted twice.
    if (!/[A-Za-z]/.test(value)) continue;
    for (let line = top + 1; line <= bottom; line++) {
      const record = byLine.get(line);
      if (!record || (record.cells[column] ?? '').trim() !== '') continue;
      const cells = record.cells;
      while (cells.length < column) cells.push('');
      cells[column] = value;
    }
  }
}

function cellText(cell: { ref: string; type: string; style: DateStyle; value: string; inline: string }, shared: readonly string[], file: string, sheet: string, date1904: boolean): string {
  switch (cell.type) {
    case 's': {
      const text = shared[/^\d+$/.test(cell.value.trim()) ? parseInt(cell.value, 10) : -1];
      if (text === undefined) throw new DataError(`the cell refers to shared string ${cell.value}, which the workbook does not have`, { file: `${file}: sheet "${sheet}" cell ${cell.ref}` });
      return text;
    }
    case 'inlineStr':
      // Some writers put an inline string's text in <v>, not <is><t>: read, not left blank.
      return unescapeOoxml(cell.inline === '' ? cell.value : cell.inline);
    case 'd':
      // An ISO 8601 date cell: a date at midnight as the date alone.
      return unescapeOoxml(cell.value).replace(/^(\d{4}-\d{2}-\d{2})T00:00(?::00(?:\.0+)?)?Z?$/, '$1');
    case 'str':
    case 'e':
      return unescapeOoxml(cell.value);
    case 'b':
      return cell.value === '1' ? 'TRUE' : cell.value === '0' ? 'FALSE' : cell.value;
    default:
      // A number shown as a date (a census date in a title row) reads as that date, not its serial
      // number; one shown as a time (`hh:mm`) as that time, not a fraction of a day.
      if (cell.style === undefined) return excelNumber(cell.value);
      if (cell.style === 'percent') return excelPercent(cell.value);
      if (cell.style === 'time' || cell.style === 'duration') return excelTime(cell.value, cell.style === 'duration');
      return excelDate(cell.value, cell.style, date1904);
  }
}

/** Where a row is, in a warning: `census.csv:12`, or `census.xlsx: sheet "Appendix B" row 12`, as errors say it. */
export function rowPlace(where: { file: string; sheet?: string }, line: number): string {
  return where.sheet === undefined ? `${where.file}:${line}` : `${where.file}: sheet "${where.sheet}" row ${line}`;
}

/**
 * The warning for rows below a sheet's header that the sheet hides (by hand, or by a filter):
 * they are read, as every row is and as a CSV saved from the sheet holds them, though the
 * officer does not see them on the sheet. `place`: the file and sheet.
 */
export function hiddenRowsWarning(place: string, lines: readonly number[], filtered: readonly number[] = []): Diagnostic {
  const shown = lines.slice(0, 10).join(', ') + (lines.length > 10 ? ` and ${lines.length - 10} more` : '');
  // A filter (Data > Filter, a choice in a column's drop-down) hides rows the officer may think left out.
  const filter = filtered.length === 0 ? '' : ` (the sheet is filtered on ${filtered.length === 1 ? 'column' : 'columns'} ${filtered.map(columnLetters).join(', ')}: a filter chooses the rows the sheet shows, not those dedel reads)`;
  return {
    level: 'warning',
    code: 'hidden-rows',
    message: `${place}: ${lines.length === 1 ? 'row' : 'rows'} ${shown} ${lines.length === 1 ? 'is' : 'are'} hidden on the sheet but read, as every row is${filter}; delete ${lines.length === 1 ? 'it' : 'them'} from the sheet if ${lines.length === 1 ? 'it is' : 'they are'} not to be read`,
  };
}

/**
 * The warning for a sheet whose formulas' saved values may be stale: the workbook calculates
 * by hand (Formulas > Calculation Options > Manual) and was saved without calculating.
 */
export function staleFormulasWarning(place: string, stale: { first: string; count: number }): Diagnostic {
  const cells = stale.count === 1 ? `its formula (cell ${stale.first})` : `its ${stale.count} formulas (the first in cell ${stale.first})`;
  return {
    level: 'warning',
    code: 'stale-formulas',
    message: `${place}: the workbook calculates by hand and was saved without calculating, so the values saved for ${cells} may be out of date; in Excel press F9 (or set Calculation Options to Automatic) and save it`,
  };
}

/**
 * The warning for columns that dedel reads (a census's id, name, phase, status, NOR, months and
 * every basis charged on; a cost plan's item and figures) that the sheet hides: the officer does
 * not see them, and where a column beside them shows another figure (`Funded NOR` beside a
 * hidden `NOR`) dedel read the hidden one, unseen. `plan`: a cost plan's, which has no
 * `--column`: its headers say which column is read.
 */
export function hiddenColumnsWarning(place: string, columns: readonly { index: number; header: string; field: string }[], plan = false): Diagnostic {
  const shown = columns.map((c) => `${columnLetters(c.index)} ("${visible(c.header)}", read as ${c.field})`).join(', ');
  const advice = plan
    ? `if the sheet shows the figures to use in another column, delete the hidden one or rename its header, so that the one shown is read`
    : `if the sheet shows the figures to use in another column, name it with --column (${columns[0]!.field}="HEADER")`;
  return {
    level: 'warning',
    code: 'hidden-columns',
    message: `${place}: ${columns.length === 1 ? 'column' : 'columns'} ${shown} ${columns.length === 1 ? 'is' : 'are'} hidden on the sheet but read; ${advice}`,
  };
}

/**
 * A format as an officer finds it in Format Cells: Excel's Accounting formats (`_-"£"* #,##0.00_-;…`,
 * whose code Excel does not show) by that name and their decimal places, any other by its code.
 */
function formatName(format: ShownFormat): string {
  const first = format.sections[0]?.shows;
  if (/[_][-(]/.test(format.code) && /\*\s/.test(format.code) && first !== undefined && first.literal === undefined) {
    return `(Accounting, ${first.decimals} decimal place${first.decimals === 1 ? '' : 's'})`;
  }
  return `"${visible(format.code)}"`;
}

/**
 * The warning for a column read as a figure whose number format shows some of its cells
 * rounded (NOR 421.6 under `0` shows 422; SEN 12.25 under `0.0` shows 12.3): dedel reads what
 * each cell holds, as Excel's own formulas (`=SUM`) do, so its table would disagree, unsaid,
 * with the sheet the officer checks it against. The first three cells are named with what
 * each shows and holds, the rest counted; the advice says how to make the two agree.
 */
export function roundedWarning(place: string, header: string, cells: readonly RoundedCell[]): Diagnostic {
  const first = cells[0]!;
  const named = cells.slice(0, 3).map((c) => `${c.ref} shows ${c.shown} but holds ${c.held}`);
  // A format that shows no figure at all (`;;;`, `"n/a"`): nothing to round.
  const none = cells.every((c) => c.shown === 'nothing' || c.shown.startsWith('"'));
  const rest = cells.length > 3 ? `, and ${cells.length - 3} more (to ${cells[cells.length - 1]!.ref})` : '';
  const codes = [...new Set(cells.map((c) => formatName(c.format)))];
  const formats = codes.length === 1 ? `its number format ${codes[0]!}` : `its number formats (${codes[0]!}, ${codes[1]!}${codes.length > 2 ? ' and others' : ''})`;
  const section = sectionFor(first.format, new Dec(first.held.replace(/%$/, '')).div(first.held.endsWith('%') ? 100 : 1))!;
  // ROUND's places: the format's decimals, less three for each thousands comma, more two for a percentage.
  const places = section.decimals + section.shift;
  // The decimals a format needs to show every figure held (of the percentage, for one shown as a percentage).
  const needed = Math.max(...cells.map((c) => /\.(\d+)/.exec(c.held)?.[1]!.length ?? 0));
  const showing = `${section.grouped ? '#,##0' : '0'}${needed > 0 ? `.${'0'.repeat(needed)}` : ''}${section.percent ? '%' : ''}`;
  const advice = none
    ? `dedel reads what each cell holds, so its table will show figures the sheet does not; give the column a number format that shows them ("${showing}"), or clear the cells if they are not to be read`
    : `dedel reads what each cell holds, as Excel's own formulas do, so its table will not match what the sheet shows; to use what the sheet shows, round the figures in the sheet (=ROUND(..., ${places}), or type them so); else give the column a number format that shows what is held ("${showing}")`;
  return {
    level: 'warning',
    code: 'shown-rounded',
    message: `${place}: column ${columnLetters(first.column)} ("${visible(header)}") has ${cells.length === 1 ? 'a figure' : `${cells.length} figures`} that ${formats} ${none ? 'does not show' : 'shows rounded'}: ${named.join(', ')}${rest}; ${advice}`,
  };
}

/**
 * Errors from reading a sheet's records as a census, restated in the sheet's terms: a file's
 * line and column become the sheet and cell (`census.xlsx: sheet "Census" cell B17: …`).
 */
export function inSheetTerms<T>(bytes: Uint8Array, file: string, sheet: string | undefined, read: () => T, header?: HeaderOf): T {
  try {
    return read();
  } catch (error) {
    throw restateInSheet(bytes, file, sheet, error, header);
  }
}

/** How a sheet's header is found below its titles: a census's `--column` headers, or what a header has (a cost plan's item column). */
type HeaderOf = Readonly<Record<string, string>> | ((record: { cells: readonly string[] }) => boolean);

/**
 * An error as `inSheetTerms` restates it; anything else (or a census that is not a workbook) as
 * it is. `columns`, for a census: its `--column` headers, so the header row is found as the
 * census reader found it (below any titles); without them the first row is the header.
 */
export function restateInSheet(bytes: Uint8Array, file: string, sheet: string | undefined, error: unknown, columns?: HeaderOf): unknown {
  if (!(error instanceof DataError) || !isZip(bytes)) return error;
  let book: SheetRecords;
  try {
    book = readSheet(bytes, file, sheet);
  } catch {
    return error;
  }
  const isHeader = typeof columns === 'function' ? columns : columns ? (record: { cells: readonly string[] }) => namesSchools(record, columns) : undefined;
  const header = book.records[isHeader ? headerIndex(book.records, isHeader) : 0]?.cells.map((h) => h.trim()) ?? [];
  const restate = (e: DataError): DataError => {
    const where = e.where;
    if (!where || where.file !== file || where.line === undefined) return e;
    const index = typeof where.column === 'number' ? where.column - 1 : where.column === undefined ? -1 : header.indexOf(where.column);
    const place = index >= 0 ? `cell ${columnLetters(index)}${where.line}` : `row ${where.line}`;
    const merged = index >= 0 && where.value !== undefined && where.value.trim() === '' ? mergedOver(book, index, where.line) : '';
    return new DataError(merged === '' || typeof e.detail !== 'string' ? e.detail : e.detail + merged, { file: `${file}: sheet "${book.sheet}" ${place}`, ...(where.value !== undefined ? { value: where.value } : {}) });
  };
  return error instanceof DataErrors ? new DataErrors(error.problems.map(restate)) : restate(error);
}

import { zipSync } from 'fflate';
import { Dec, fractionOf, type Dec as Decimal } from '../core/decimal.js';
import { ACTED_ON, humanCell, isNumeric, shownText } from './cells.js';
import { hasTitle, humanView, type Cell, type Column, type Formula, type Provenance, type TableDoc } from './model.js';
import { columnLetters } from '../core/names.js';

/**
 * The workbook: one sheet per table (its title above, the Total row's cells as live formulas
 * with dedel's figures cached, the footnotes beneath), then an Inputs sheet with what the
 * tables were made from. Written as Office Open XML by hand into a zip (fflate): no xlsx
 * library on npm both stores a formula's cached value and is small and kept up (README:
 * "Excel workbooks"). Byte for byte the same for the same inputs: fixed zip times, no dates.
 * The document's properties give its title (`title`, else a lone table's own) and language.
 */
export function renderXlsx(docs: readonly TableDoc[], provenance: Provenance, wanted: string | undefined = docs.length === 1 ? docs[0]!.title : undefined): Uint8Array {
  const title = hasTitle(wanted) ? wanted : undefined;
  const styles = new Styles();
  const names = sheetNames([...docs.map((d) => d.sheet ?? 'Table'), 'Inputs']);
  const tables = docs.map((doc) => tableSheet(humanView(doc), styles));
  const sheets = [...tables.map((t) => t.xml), inputsSheet(docs, provenance, styles)];
  const files: Record<string, Uint8Array> = {};
  const utf8 = new TextEncoder();
  const put = (path: string, xml: string) => {
    files[path] = utf8.encode(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${xml}`);
  };
  put('[Content_Types].xml', contentTypes(sheets.length));
  put(
    '_rels/.rels',
    `<Relationships xmlns="${REL_NS}"><Relationship Id="rId1" Type="${OFFICE_REL}/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`,
  );
  put('docProps/core.xml', coreProperties(title));
  put('xl/workbook.xml', workbook(names, tables.map((t) => t.headerRow)));
  put(
    'xl/_rels/workbook.xml.rels',
    `<Relationships xmlns="${REL_NS}">${names.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${OFFICE_REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}<Relationship Id="rId${names.length + 1}" Type="${OFFICE_REL}/styles" Target="styles.xml"/></Relationships>`,
  );
  sheets.forEach((xml, i) => put(`xl/worksheets/sheet${i + 1}.xml`, xml));
  put('xl/styles.xml', styles.xml());
  // A fixed time in local terms (zip times have no zone), so every run and machine writes the same bytes.
  const mtime = new Date(1980, 0, 1, 0, 0, 0);
  const entries: Record<string, [Uint8Array, { mtime: Date }]> = {};
  for (const [path, data] of Object.entries(files)) entries[path] = [data, { mtime }];
  return zipSync(entries, { mtime, level: 6 });
}

/** Control characters and direction overrides, which a sheet's name (its tab) cannot show as an escape: `\` is not allowed there. */
const ACTED_ON_ALL = new RegExp(ACTED_ON.source, 'g');

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const OFFICE_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

function contentTypes(sheetCount: number): string {
  const sheets = Array.from({ length: sheetCount }, (_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('');
  return `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${sheets}<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`;
}

/**
 * The document's properties (File > Info): its title where it has one, dedel as its author, and
 * its language, British English, as an accessibility checker or a screen reader looks for them.
 * A control character in the title is shown as its escape (`\x07`, `shownText`), as XML holds none.
 * No dates, so the same inputs give the same bytes.
 */
function coreProperties(title: string | undefined): string {
  return `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">${title ? `<dc:title>${shownText(title).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</dc:title>` : ''}<dc:creator>dedel</dc:creator><dc:language>en-GB</dc:language></cp:coreProperties>`;
}

/**
 * The workbook: its sheets, and each table sheet's header row as its print titles, so a table
 * printed over several pages (a census of a hundred schools and more) repeats its header on each.
 */
function workbook(names: readonly string[], headerRows: readonly number[]): string {
  const sheets = names.map((name, i) => `<sheet name="${attr(name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('');
  const titles = headerRows.map((r, i) => `<definedName name="_xlnm.Print_Titles" localSheetId="${i}">${xmlText(`'${names[i]!.replace(/'/g, "''")}'!$${r}:$${r}`)}</definedName>`).join('');
  return `<workbook xmlns="${MAIN_NS}" xmlns:r="${OFFICE_REL}"><bookViews><workbookView/></bookViews><sheets>${sheets}</sheets>${titles ? `<definedNames>${titles}</definedNames>` : ''}<calcPr calcId="191029"/></workbook>`;
}

/**
 * Sheet names as Excel allows them: at most 31 characters, none of []:*?/\ nor a control
 * character or direction override (a section headed by a config's title holding one: the tab
 * showed `_x0007_`, or its text turned round), each unique. A year
 * keeps its dash (`2024/25` → `2024-25`) and a colon becomes one (`Appendix B: charge` →
 * `Appendix B - charge`), so a paper's tabs read as their headings; other such characters are spaces.
 */
export function sheetNames(wanted: readonly string[]): string[] {
  const taken = new Set<string>();
  return wanted.map((w) => {
    const readable = w
      .replace(/\//g, '-')
      .replace(/\s*:\s*/g, ' - ')
      .replace(/[[\]*?\\]/g, ' ')
      .replace(ACTED_ON_ALL, ' ')
      .replace(/\s+/g, ' ');
    const base = (readable.replace(/^'+|'+$/g, '').trim() || 'Sheet').slice(0, 31).trim();
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base.slice(0, 31 - ` (${n})`.length)} (${n})`;
    taken.add(name.toLowerCase());
    return name;
  });
}

function attr(text: string): string {
  return xmlText(text).replace(/"/g, '&quot;');
}

/**
 * Text for an element: XML's own escapes, and characters XML 1.0 cannot carry written as
 * OOXML's `_xHHHH_` (so `_x` in the text itself is escaped too, as Excel does).
 */
function xmlText(text: string): string {
  return text
    .replace(/_x([0-9A-Fa-f]{4})_/g, '_x005F_x$1_')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`);
}

interface Style {
  format?: string;
  bold?: boolean;
  right?: boolean;
  border?: 'top' | 'bottom';
  wrap?: boolean;
  /** Where the text sits in a row taller than one line (wrapped text defaults to the top). */
  valign?: 'top' | 'bottom';
}

/** The cell formats a workbook uses, numbered in order of first use. */
class Styles {
  private readonly formats: string[] = [];
  private readonly xfs: string[] = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'];
  private readonly index = new Map<string, number>([['', 0]]);

  id(style: Style): number {
    const key = JSON.stringify(style);
    const known = this.index.get(key);
    if (known !== undefined) return known;
    let numFmtId = 0;
    if (style.format !== undefined) {
      let at = this.formats.indexOf(style.format);
      if (at < 0) at = this.formats.push(style.format) - 1;
      numFmtId = 164 + at;
    }
    const borderId = style.border === 'top' ? 1 : style.border === 'bottom' ? 2 : 0;
    const valign = style.valign ?? (style.wrap ? 'top' : undefined);
    const align = style.right || style.wrap || valign ? `<alignment${style.right ? ' horizontal="right"' : ''}${style.wrap ? ' wrapText="1"' : ''}${valign ? ` vertical="${valign}"` : ''}/>` : '';
    const xf = `<xf numFmtId="${numFmtId}" fontId="${style.bold ? 1 : 0}" fillId="0" borderId="${borderId}" xfId="0"${numFmtId ? ' applyNumberFormat="1"' : ''}${style.bold ? ' applyFont="1"' : ''}${borderId ? ' applyBorder="1"' : ''}${align ? ' applyAlignment="1"' : ''}>${align}</xf>`;
    const id = this.xfs.push(align ? xf : xf.replace('></xf>', '/>')) - 1;
    this.index.set(key, id);
    return id;
  }

  xml(): string {
    const formats = this.formats.length ? `<numFmts count="${this.formats.length}">${this.formats.map((f, i) => `<numFmt numFmtId="${164 + i}" formatCode="${attr(f)}"/>`).join('')}</numFmts>` : '';
    const font = (bold: boolean) => `<font>${bold ? '<b/>' : ''}<sz val="11"/><name val="Calibri"/><family val="2"/></font>`;
    const thin = '<color auto="1"/>';
    return (
      `<styleSheet xmlns="${MAIN_NS}">${formats}<fonts count="2">${font(false)}${font(true)}</fonts>` +
      `<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
      `<borders count="3"><border><left/><right/><top/><bottom/><diagonal/></border><border><left/><right/><top style="thin">${thin}</top><bottom/><diagonal/></border><border><left/><right/><top/><bottom style="thin">${thin}</bottom><diagonal/></border></borders>` +
      `<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
      `<cellXfs count="${this.xfs.length}">${this.xfs.join('')}</cellXfs>` +
      `<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`
    );
  }
}

const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/;

/** The number format of a figure: pounds to the column's places, counts as they are, percent to 1 dp. */
function numberFormat(column: Column, value: Decimal): string | undefined {
  const decimals = (places: number) => (places > 0 ? `.${'0'.repeat(places)}` : '');
  switch (column.kind) {
    case 'money':
      return `"£"#,##0${decimals(column.places ?? 0)}`;
    case 'rate':
      // As human formats print rates: 2 dp, up to 4 where the rate has more.
      return `"£"#,##0${decimals(Math.min(4, Math.max(2, value.decimalPlaces())))}`;
    case 'percent':
      // The cell holds the fraction (0.121 for 12.1%), as Excel's own percentages do, so a
      // formula that uses it (=before*(1+change)) works; it shows as printed, 12.1%.
      return '0.0%';
    case 'count':
      return `#,##0${decimals(value.decimalPlaces())}`;
    default:
      return undefined;
  }
}

/** A figure of the doc as a decimal, or null where the cell is text. */
function figure(cell: Cell, column: Column): Decimal | null {
  if (cell === null) return null;
  if (typeof cell !== 'string') return cell;
  return isNumeric(column) && PLAIN_NUMBER.test(cell) ? new Dec(cell) : null;
}

function textCell(ref: string, text: string, style: number): string {
  const space = /^\s|\s$|\n/.test(text) ? ' xml:space="preserve"' : '';
  return `<c r="${ref}"${style ? ` s="${style}"` : ''} t="inlineStr"><is><t${space}>${xmlText(text)}</t></is></c>`;
}

function numberCell(ref: string, value: Decimal, style: number, formula?: string): string {
  return `<c r="${ref}"${style ? ` s="${style}"` : ''}>${formula ? `<f>${xmlText(formula)}</f>` : ''}<v>${value.toFixed()}</v></c>`;
}

/** A row; `lines` > 1 sets its height for that many lines of wrapped text (a viewer need not fit it itself: LibreOffice converting a sheet does not). */
function rowXml(r: number, cells: readonly string[], lines = 1): string {
  return `<row r="${r}"${lines > 1 ? ` ht="${lines * 15}" customHeight="1"` : ''}>${cells.join('')}</row>`;
}

/** How many lines `text` takes wrapped at its words in a column `width` characters wide (a character to spare, for bold and wide letters). */
function wrappedLines(text: string, width: number): number {
  const room = Math.max(1, width - 1);
  let lines = 1;
  let used = 0;
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    const need = used === 0 ? word.length : used + 1 + word.length;
    if (need <= room) used = need;
    else {
      lines += used === 0 ? 0 : 1;
      // A word longer than the line is broken over as many lines as it fills.
      lines += Math.ceil(word.length / room) - 1;
      used = word.length % room || room;
    }
  }
  return lines;
}

/**
 * A formula's text for row `r`, or null where a column it names is not in the sheet. Money with
 * decimals is rounded to its places, so the sheet's binary sum is exactly the printed figure.
 */
function formulaText(formula: Formula, r: number, at: ReadonlyMap<string, number>, column: Column, firstRow: number, lastRow: number, col: number): string | null {
  const ref = (key: string) => {
    const c = at.get(key);
    return c === undefined ? null : `${columnLetters(c)}${r}`;
  };
  const round = (text: string) => (column.kind === 'money' && (column.places ?? 0) > 0 ? `ROUND(${text},${column.places})` : text);
  switch (formula.op) {
    case 'sum-above':
      return lastRow < firstRow ? null : round(`SUM(${columnLetters(col)}${firstRow}:${columnLetters(col)}${lastRow})`);
    case 'sum': {
      const refs = formula.of.map(ref);
      if (refs.some((x) => x === null) || refs.length === 0) return null;
      return refs.length === 1 ? refs[0]! : round(`SUM(${refs.join(',')})`);
    }
    case 'rest': {
      const refs = [formula.of, ...formula.minus].map(ref);
      if (refs.some((x) => x === null)) return null;
      return round(refs.join('-'));
    }
    case 'ratio': {
      const of = ref(formula.of);
      const per = ref(formula.per);
      return of && per ? `ROUND(${of}/${per},${formula.places})` : null;
    }
    case 'sum-rows': {
      const letters = columnLetters(col);
      const refs = formula.rows.map(([a, b]) => (a === b ? `${letters}${firstRow + a}` : `${letters}${firstRow + a}:${letters}${firstRow + b}`));
      return refs.length ? round(`SUM(${refs.join(',')})`) : null;
    }
  }
}

/**
 * Column widths from the longest text a column shows, within bounds (6 to 60 characters). The
 * header wraps (its cells wrap their text), so a long one (`School Improvement: De-delegated £`)
 * counts only up to its longest word or 16 characters (12 in a table of more than 10 columns),
 * whichever is more: a sheet of several services and periods is not made wide by its headers,
 * and prints larger on its A4 page.
 */
function widths(doc: TableDoc): number[] {
  const headerRoom = doc.columns.length > 10 ? 12 : 16;
  return doc.columns.map((column, i) => {
    const longestWord = Math.max(...column.label.split(/\s+/).map((w) => w.length));
    let longest = Math.min(column.label.length, Math.max(longestWord, headerRoom));
    for (const row of [...doc.rows, ...(doc.total ? [doc.total] : [])]) {
      const text = humanCell(row[i] ?? null, column);
      // Money shows with £ and grouping commas; the text already has the commas.
      longest = Math.max(longest, text.length + (column.kind === 'money' || column.kind === 'rate' ? 1 : 0));
    }
    return Math.min(60, Math.max(6, longest + 2));
  });
}

/**
 * A worksheet. Its dimension (the cells used, `A1:M30`) is stated, as Excel writes it and as
 * readers that size a sheet before reading it (openpyxl's read-only mode) expect. Text that
 * reads as a number (a URN, a setting such as `5.10` on the Inputs sheet) is text on purpose,
 * so Excel's "number stored as text" check is turned off for those cells, rather than mark each.
 */
function sheetXml(body: { rows: string[]; widths: readonly number[]; lastRow: number; lastColumn: number; freezeBelow?: number; landscape?: boolean; merges?: readonly string[] }): string {
  const used = `A1:${columnLetters(Math.max(0, body.lastColumn - 1))}${Math.max(1, body.lastRow)}`;
  const cols = body.widths.length ? `<cols>${body.widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('')}</cols>` : '';
  const pane = body.freezeBelow ? `<pane ySplit="${body.freezeBelow}" topLeftCell="A${body.freezeBelow + 1}" activePane="bottomLeft" state="frozen"/>` : '';
  const view = `<sheetViews><sheetView workbookViewId="0">${pane}</sheetView></sheetViews>`;
  // Printed on A4 landscape, as wide as the page: a paper's table fits its page.
  return (
    `<worksheet xmlns="${MAIN_NS}" xmlns:r="${OFFICE_REL}"><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><dimension ref="${used}"/>${view}<sheetFormatPr defaultRowHeight="15"/>${cols}` +
    `<sheetData>${body.rows.join('')}</sheetData>${body.merges?.length ? `<mergeCells count="${body.merges.length}">${body.merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>` : ''}<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>` +
    `<pageSetup paperSize="9" orientation="${body.landscape === false ? 'portrait' : 'landscape'}" fitToWidth="1" fitToHeight="0"/>` +
    `<ignoredErrors><ignoredError sqref="${used}" numberStoredAsText="1"/></ignoredErrors></worksheet>`
  );
}

/**
 * One table: title, header, rows, Total row, footnotes; with the number of its header row. What a
 * census or config gave (a school's name, a header, a title) is shown as every other human format
 * shows it (`shownText`): a line break or tab as a space, any other control character or direction
 * override as its escape (`\x07`, `\u202e`). Written raw, a bell character in a name was a `_x0007_`
 * in the cell, and a right-to-left override turned the rest of the name round in Excel, where the
 * table, Markdown, HTML and the Word paper showed `\u202e`.
 */
function tableSheet(doc: TableDoc, styles: Styles): { xml: string; headerRow: number } {
  const rows: string[] = [];
  let r = 1;
  const columnWidths = widths(doc);
  // The title and each footnote span the table's columns, wrapped within them: text running on
  // past the last column is cut off where Excel prints (it prints the used columns only).
  const merges: string[] = [];
  const across = columnWidths.length > 1;
  const room = columnWidths.reduce((a, b) => a + b, 0);
  const spanning = (text: string, style: Style) => {
    if (across) merges.push(`A${r}:${columnLetters(columnWidths.length - 1)}${r}`);
    rows.push(rowXml(r, [textCell(`A${r}`, text, styles.id(across ? { ...style, wrap: true } : style))], across ? wrappedLines(text, room) : 1));
    r++;
  };
  if (doc.title) {
    spanning(shownText(doc.title), { bold: true });
    r++;
  }
  const headerRow = r;
  const headerLines = Math.max(...doc.columns.map((c, i) => wrappedLines(c.label, columnWidths[i]!)));
  rows.push(rowXml(r, doc.columns.map((c, i) => textCell(`${columnLetters(i)}${r}`, shownText(c.label), styles.id({ bold: true, right: isNumeric(c), border: 'bottom', wrap: true, valign: 'bottom' }))), headerLines));
  r++;
  const at = new Map(doc.columns.map((c, i) => [c.key, i]));
  const firstRow = r;
  const lastRow = firstRow + doc.rows.length - 1;
  const formulas = doc.formulas?.() ?? {};
  // A subtotal row is bold, as in every human format; the Total row is bold under a rule.
  const line = (cells: readonly Cell[], formulas: Readonly<Record<string, Formula>> | undefined, total: boolean, subtotal = false) => {
    const out: string[] = [];
    const bold = total || subtotal;
    // A name longer than its column (at most 60 characters wide) wraps, rather than being cut off
    // by the next cell; the row is then as tall as it needs, its cells at the top.
    const wraps = cells.map((cell, i) => doc.columns[i]!.kind === 'text' && typeof cell === 'string' && cell.length > columnWidths[i]! - 2);
    const lines = Math.max(1, ...cells.map((cell, i) => (wraps[i] ? wrappedLines(cell as string, columnWidths[i]!) : 1)));
    const top = lines > 1 ? { valign: 'top' as const } : {};
    cells.forEach((cell, i) => {
      const column = doc.columns[i]!;
      const ref = `${columnLetters(i)}${r}`;
      const figured = figure(cell, column);
      const value = figured !== null && column.kind === 'percent' ? fractionOf(figured) : figured;
      const border = total ? ('top' as const) : undefined;
      if (value !== null) {
        const formula = formulas?.[column.key];
        const text = formula ? formulaText(formula, r, at, column, firstRow, lastRow, i) : null;
        out.push(numberCell(ref, value, styles.id({ format: numberFormat(column, value), bold, border, ...top }), text ?? undefined));
      } else if (cell !== null && cell !== '') {
        out.push(textCell(ref, shownText(humanCell(cell, column)), styles.id({ bold, right: isNumeric(column), border, ...top, ...(wraps[i] ? { wrap: true } : {}) })));
      } else if (total) {
        out.push(`<c r="${ref}" s="${styles.id({ bold: true, border })}"/>`);
      }
    });
    rows.push(rowXml(r, out, lines));
    r++;
  };
  const subtotals = new Set(doc.subtotalRows ?? []);
  doc.rows.forEach((cells, index) => line(cells, formulas.row?.(index), false, subtotals.has(index)));
  if (doc.total) line(doc.total, formulas.total, true);
  if (doc.notes.length) {
    r++;
    for (const note of doc.notes) spanning(shownText(note), {});
  }
  return { xml: sheetXml({ rows, widths: columnWidths, lastRow: r - 1, lastColumn: doc.columns.length, freezeBelow: headerRow, merges }), headerRow };
}

/** Nested JSON values as labelled rows: `services[0].rates[1].rate` → `5.10`. */
function flatten(value: unknown, path: string, out: [string, string][]): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) value.forEach((v, i) => flatten(v, `${path}[${i}]`, out));
  else if (typeof value === 'object') for (const [k, v] of Object.entries(value)) flatten(v, path ? `${path}.${k}` : k, out);
  else out.push([path, String(value)]);
}

/** Quotes a command-line argument as a POSIX shell would need it. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** What the tables were made from: the command, rates, targets, rounding, config, and each file's SHA-256. */
function inputsSheet(docs: readonly TableDoc[], provenance: Provenance, styles: Styles): string {
  const bold = styles.id({ bold: true });
  const rows: string[] = [];
  let r = 1;
  const labels: string[] = [];
  // A value longer than its column (a command line) wraps in a taller row, rather than run on
  // past the last column, where the printed page ends.
  const wrapped = styles.id({ wrap: true });
  const pair = (label: string, value: string, style = 0) => {
    labels.push(label);
    const long = style === 0 && value.length > 58 && !value.includes('\n');
    rows.push(rowXml(r, [textCell(`A${r}`, label, bold), textCell(`B${r}`, value, long ? wrapped : style)], long ? wrappedLines(value, 60) : 1));
    r++;
  };
  rows.push(rowXml(r, [textCell(`A${r}`, 'Inputs and provenance', bold)]));
  r += 2;
  pair('Made by', `dedel ${provenance.version}`);
  pair('Command', ['dedel', ...provenance.argv].map(shellWord).join(' '));
  for (const doc of docs) {
    if (hasTitle(doc.title)) pair('Title', doc.title);
    const settings: [string, string][] = [];
    flatten(doc.meta, '', settings);
    for (const [label, value] of settings) pair(label, value);
  }
  r++;
  rows.push(rowXml(r, ['File', 'Bytes', 'SHA-256'].map((h, i) => textCell(`${columnLetters(i)}${r}`, h, styles.id({ bold: true, border: 'bottom' })))));
  r++;
  for (const file of provenance.files) {
    rows.push(rowXml(r, [textCell(`A${r}`, file.path === '-' ? '<stdin>' : file.path, 0), numberCell(`B${r}`, new Dec(file.bytes), styles.id({ format: '#,##0' })), textCell(`C${r}`, file.sha256, 0)]));
    r++;
  }
  if (provenance.config) {
    r++;
    pair(`Config (${provenance.config.path})`, provenance.config.text.slice(0, 32000), styles.id({ wrap: true }));
  }
  // The first column as wide as its longest label or file name (up to 60), so no path is cut off by its size.
  const names = [...provenance.files.map((f) => (f.path === '-' ? '<stdin>' : f.path)), ...(provenance.config ? [`Config (${provenance.config.path})`] : []), ...labels];
  return sheetXml({ rows, widths: [Math.min(60, Math.max(28, ...names.map((n) => n.length + 2))), 60, 66], lastRow: r - 1, lastColumn: 3, landscape: false });
}

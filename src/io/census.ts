import { DataError, visible } from '../core/errors.js';
import type { Diagnostic } from '../core/types.js';
import { RecordReader, isBlankRecord, isTabbed, widthRule } from './csv-records.js';
import { TITLE_ROWS, fewCells, filled, headingsWarning, isHeading, namesSchools, noteHint, notesWarning, semicolonError, semicolonHeader, titlesAbove, titlesWarning } from './header-row.js';
import { decode, decodePieces, utf8Pieces, type DecodedPieces, type Encoding } from './decode.js';
import { ENCRYPTED_WORKBOOK, isEncryptedWorkbook, jsonNotTable, sniff } from './sniff.js';
import { authoritiesOf, type Authorities } from './authorities.js';
import { fieldKey, mapHeaders } from './headers.js';
import { totalRowKind, type TotalKind } from './total-rows.js';
import type { Words } from './vocabulary.js';
import { hiddenRowsWarning, isZip, readSheet, staleFormulasWarning, type RoundedCell, type SheetRecords } from './xlsx.js';

/**
 * What a workbook's sheet hides or shows rounded below its header, for a warning of each column
 * read (schools.ts, which knows the columns the services read): its hidden columns, less those
 * named by `--column` (chosen knowing them), and its number cells shown rounded.
 */
export interface SheetView {
  hiddenColumns: readonly number[];
  rounded: readonly RoundedCell[];
}

/** One data line of the census, cells as text. */
export interface CensusRow {
  /** The line the record starts on (1 is the header). */
  line: number;
  cells: readonly string[];
}

/** What a census's header says: its columns mapped to fields. */
export interface CensusHeader {
  file: string;
  headers: readonly string[];
  /** The header's line: 1 unless blank lines come first. */
  headerLine?: number;
  /** Field key (`urn`, `name`, `nor`, `sen` …) → column index. */
  fields: ReadonlyMap<string, number>;
  /** Keys that several headers compact to ("FSM %" and "FSM"): the headers, for an error if charged on. */
  ambiguous?: ReadonlyMap<string, readonly string[]>;
  /** The authority's own phase and status words. */
  words?: Words;
  /** A workbook's sheet the census is read from: warnings then name its rows, not lines. */
  sheet?: string;
  /** A workbook's sheet: what it hides or shows rounded. */
  view?: SheetView;
  diagnostics: Diagnostic[];
}

/** A row that is not a school: a national, LA, phase or sub-total row, checked and never charged. */
export interface TotalRow {
  row: CensusRow;
  kind: TotalKind;
  /** The row's name (or id, for DfE's `NAT`), for messages. */
  label: string;
}

/** A census read from CSV: headers mapped to fields, rows still as text. */
export interface Census extends CensusHeader {
  rows: readonly CensusRow[];
  /** The last grand `Total` row: the file's own control totals. */
  controlTotal: CensusRow | null;
  /** Every row that is a total, in file order. */
  totals?: readonly TotalRow[];
  /** The headings over blocks of schools (`Primary`, `Academies`), in file order. */
  headings?: readonly CensusRow[];
}

export interface CensusOptions {
  /** Explicit field → header mappings (`--column`, `census.columns`). */
  columns?: Readonly<Record<string, string>>;
  encoding?: Encoding;
  /** The authority's own phase and status words (`census.phases`, `census.statuses`, flags). */
  words?: Words;
  /** A workbook's sheet to read (`--sheet`); the first where not given. */
  sheet?: string;
  /** The flag that names the sheet, for a message saying which to give (`--sheet`; compare's before file `--before-sheet`). */
  sheetFlag?: string;
  /** In a census of several local authorities, the ones to read, by name or code (`--la`, `census.la`): authorities.ts. */
  authorities?: readonly string[];
  /** Bytes of a UTF-8 file decoded per piece (tests use a few, so records cross every boundary). */
  pieceBytes?: number;
}


function isBlank(cell: string): boolean {
  // Most cells start with a printable ASCII character: no need to trim them to know.
  const first = cell.charCodeAt(0);
  if (first > 32 && first < 127) return false;
  return cell.trim() === '';
}

/**
 * A large file read a piece at a time from where it is stored: its first bytes (to tell what it
 * is), its bytes in pieces, in order, or (where it must be read whole) all of them.
 */
export interface ByteSource {
  head: Uint8Array;
  pieces(): Iterable<Uint8Array>;
  whole(): Uint8Array;
  /** Done with the file: the reader calls this once it has what it needs. */
  close(): void;
}

/** Where a census's rows go as they are read: school rows and total rows, in file order. */
export interface CensusSink {
  row(row: CensusRow): void;
  total(total: TotalRow): void;
  /** A heading over a block of schools (`Primary`), where the reader wants them. */
  heading?(row: CensusRow): void;
}

/** Reads a census CSV (RFC 4180, UTF-8 or Windows-1252, CRLF or LF) into text rows, all kept. */
export function readCensus(bytes: Uint8Array, file: string, options: CensusOptions = {}): Census {
  const rows: CensusRow[] = [];
  let controlTotal: CensusRow | null = null;
  const totals: TotalRow[] = [];
  const headings: CensusRow[] = [];
  const header = streamCensus(bytes, file, options, () => {
    rows.length = 0;
    totals.length = 0;
    headings.length = 0;
    controlTotal = null;
    return {
      row: (row) => void rows.push(row),
      total: (total) => {
        totals.push(total);
        if (total.kind.kind === 'grand') controlTotal = total.row;
      },
      heading: (row) => void headings.push(row),
    };
  });
  if (rows.length === 0) throw noSchools(header, totals.length > 0);
  return { ...header, rows, controlTotal, totals, headings };
}

/**
 * Reads a census a piece at a time: its header, then each school row and total row handed to
 * the sink `open` makes for that header, in file order; no row is kept here. Blank rows are
 * skipped and a row of the wrong width is an error.
 */
export function streamCensus(input: Uint8Array | ByteSource, file: string, options: CensusOptions, open: (header: CensusHeader) => CensusSink): CensusHeader {
  if (!(input instanceof Uint8Array)) return streamSource(input, file, options, open);
  if (isZip(input)) {
    // A sheet leaves out a row's empty cells at its end: each row is made as wide as the header.
    const sheet = readSheet(input, file, options.sheet);
    if (options.sheet === undefined) censusOnAnotherSheet(input, file, sheet, options);
    const header = feed(sheet.records, file, options, [], open, `${file}: sheet "${sheet.sheet}"`, sheet.sheet, sheet);
    const hidden = sheet.hidden.filter((line) => line > (header.headerLine ?? 1));
    if (hidden.length) header.diagnostics.push(hiddenRowsWarning(`${file}: sheet "${sheet.sheet}"`, hidden, sheet.filtered));
    if (sheet.stale) header.diagnostics.push(staleFormulasWarning(`${file}: sheet "${sheet.sheet}"`, sheet.stale));
    return header;
  }
  notWorkbook(input, file);
  if (options.sheet !== undefined) throw new DataError(`--sheet ${options.sheet}: the file is not an .xlsx workbook; --sheet is for workbooks`, { file });
  return readPieces(decodePieces(input, file, options.encoding, options.pieceBytes), file, options, open);
}

/**
 * A large file read from where it is stored, never whole: UTF-8 decoded piece by piece as it
 * comes. A workbook, a forced or detected other encoding, or bytes that turn out not to be
 * UTF-8 are read whole after all, into a new sink.
 */
function streamSource(source: ByteSource, file: string, options: CensusOptions, open: (header: CensusHeader) => CensusSink): CensusHeader {
  try {
    return readSource(source, file, options, open);
  } finally {
    source.close();
  }
}

function readSource(source: ByteSource, file: string, options: CensusOptions, open: (header: CensusHeader) => CensusSink): CensusHeader {
  const head = source.head;
  const utf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
  if (isZip(head) || utf16 || (options.encoding !== undefined && options.encoding !== 'utf-8') || sniff(head)) return streamCensus(source.whole(), file, options, open);
  notWorkbook(head, file);
  if (options.sheet !== undefined) throw new DataError(`--sheet ${options.sheet}: the file is not an .xlsx workbook; --sheet is for workbooks`, { file });
  const pieces = source.pieces()[Symbol.iterator]();
  const texts = utf8Pieces(pieces, () => decode(source.whole(), file, options.encoding).text);
  try {
    return readPieces(texts, file, options, open);
  } catch (error) {
    // Not UTF-8 after all (a £ saved by Excel as byte A3): read whole, as Windows-1252 with a warning.
    if (error instanceof TypeError && (error as { code?: string }).code === 'ERR_ENCODING_INVALID_ENCODED_DATA') return streamCensus(source.whole(), file, options, open);
    throw error;
  } finally {
    pieces.return?.();
  }
}

/** The records of text in pieces, each to the sink as it is read, by the one record reader. */
function readPieces(decoded: DecodedPieces, file: string, options: CensusOptions, open: (header: CensusHeader) => CensusSink): CensusHeader {
  const search = new HeaderSearch(file, options, decoded.diagnostics, open);
  let reader: RecordReader | undefined;
  let delimiter: ',' | '\t' = ',';
  let carry = '';
  // The end of the text, for `cutShort`: the last pieces, which hold the last cell (it may begin in the piece before).
  let before = '';
  let tail = '';
  for (let piece = decoded.next(); piece !== null; piece = decoded.next()) {
    let from = 0;
    if (reader === undefined) {
      const json = jsonNotTable(piece, file, 'a census');
      if (json) throw json;
      // Tab-separated text (Excel's Text and Unicode Text saves), told by its first lines.
      if (isTabbed(piece, (cells) => namesSchools({ cells }, options.columns), TITLE_ROWS + 1)) delimiter = '\t';
      reader = new RecordReader(file, delimiter);
      // A byte-order mark left in the text (Windows-1252 read as asked) is not part of the header.
      if (piece.charCodeAt(0) === 0xfeff) from = 1;
    }
    // A piece with no delimiter and no line break is all inside one cell: it goes on the cell's text.
    if (piece.indexOf(delimiter) < 0 && piece.indexOf('\n') < 0 && piece.indexOf('\r') < 0) tail += piece;
    else {
      before = tail;
      tail = piece;
    }
    let text = piece;
    if (carry !== '') {
      // The record carried over is finished with this piece's first line: only that line is
      // joined to it, not the whole piece (which the reader would then copy whole).
      const end = piece.indexOf('\n') + 1;
      if (end > 0) {
        const head = carry + piece.slice(0, end);
        const at = reader.read(head, 0, false, search.into ?? search.take);
        // A record still open (a quoted cell over several lines) goes on into the rest of the piece.
        carry = at < head.length ? head.slice(at) : '';
        from = end;
      }
      if (carry !== '') {
        text = carry + piece.slice(from);
        from = 0;
      }
    }
    // Once the header is read, records go straight to the sink.
    const at = reader.read(text, from, decoded.done(), search.into ?? search.take);
    carry = at < text.length ? text.slice(at) : '';
  }
  const header = search.end() ?? readHeader(undefined, file, options, decoded.diagnostics);
  // The reader counts the last line once read: the file's last line is the one before.
  cutShort(header, before + tail, () => (reader?.line ?? 1) - 1, delimiter);
  return header;
}

/**
 * A file whose last line has text and no line break after it: a file cut short (a download or a
 * copy that stopped) ends so, and its last cell may be cut too (`930,71` read as `930,7`,
 * charged on 7; `240,7` cut to `240,`, a blank months cell, charged 12 months), with nothing
 * else to show it. A file Excel, LibreOffice or GIAS saves ends with a line break, so this is
 * warned of, naming the line and the cell. A cell in quotes ends with its closing quote (one
 * cut inside them is an error), so it is whole.
 * `tail`: the end of the text; `lastLine`: asked only when warning.
 */
function cutShort(header: CensusHeader, tail: string, lastLine: () => number, delimiter: ',' | '\t'): void {
  const end = tail.charCodeAt(tail.length - 1);
  if (tail === '' || end === 10 || end === 13 || end === 34) return;
  const text = tail.slice(Math.max(tail.lastIndexOf('\n'), tail.lastIndexOf('\r')) + 1);
  // A last line of empty cells (`,,,`) is skipped as any blank line is.
  if (text.split(delimiter).every((c) => c.trim() === '')) return;
  const cell = text.slice(text.lastIndexOf(delimiter) + 1).trim();
  const line = lastLine();
  if (line <= (header.headerLine ?? 1)) return;
  header.diagnostics.push({
    level: 'warning',
    code: 'cut-short',
    message: `${header.file}:${line}: the file ends without a line break after its last cell (${cell === '' ? 'blank' : `"${visible(cell)}"`}), as a file cut short in a download or a copy does, which may have cut that cell too (an SEN of 71 read as 7; a months figure left blank, read as 12) and left out the rows after it; check line ${line} and that no school is missing (a file Excel or GIAS saves ends with a line break: add one once the file is checked)`,
  });
}

/**
 * The first sheet has no header naming a school column (notes, a contents page) where a later
 * sheet has one: the census is on that sheet, and the error says to name it with `--sheet`,
 * rather than only that the first sheet has no school column.
 */
function censusOnAnotherSheet(input: Uint8Array, file: string, sheet: SheetRecords, options: CensusOptions): void {
  const header = (records: readonly CensusRow[]) => records.slice(0, TITLE_ROWS + 1).some((record) => namesSchools(record, options.columns));
  if (header(sheet.records)) return;
  for (const name of sheet.sheets ?? []) {
    if (name === sheet.sheet) continue;
    let other: SheetRecords;
    try {
      other = readSheet(input, file, name);
    } catch {
      continue;
    }
    if (!header(other.records)) continue;
    const first = sheet.records[0]?.cells.find((c) => c.trim() !== '');
    throw new DataError(
      `sheet "${sheet.sheet}", the first the workbook shows, has no header naming a school id or name column${first === undefined ? '' : ` (its first text: "${visible(first.trim())}")`}; sheet "${name}" has one: give ${options.sheetFlag ?? '--sheet'} "${name}" to read the census from it`,
      { file },
    );
  }
}

/** Records already read (a workbook's sheet) into a sink. */
function feed(records: readonly CensusRow[], file: string, options: CensusOptions, diagnostics: Diagnostic[], open: (header: CensusHeader) => CensusSink, sheet?: string, sheetName?: string, book?: SheetRecords): CensusHeader {
  const search = new HeaderSearch(file, options, diagnostics, open, sheet, sheetName, book);
  for (const record of records) search.take(record);
  return search.end() ?? readHeader(undefined, file, options, diagnostics);
}

/**
 * Records in file order to a sink once the header is found among the first few (header-row.ts):
 * the records before it are held until then, and are titles or, where they are not, the first
 * of them is the header after all. `sheet` (a workbook's file and sheet, as messages name it):
 * the records are a sheet's rows, each shorter than the header made as wide (a sheet leaves out
 * a row's empty cells at its end), and titles are said by row.
 */
class HeaderSearch {
  /** Once the header is read: each record after it to the sink. */
  into: ((record: CensusRow) => void) | undefined;
  private header: CensusHeader | undefined;
  private above: CensusRow[] = [];
  private readonly notes: CensusRow[] = [];
  private readonly headings: CensusRow[] = [];
  /** Rows of counts or averages Excel's Data > Subtotal made (`Primary Count`): no school, and no total. */
  private readonly summaries: CensusRow[] = [];
  private authorities: Authorities | null = null;

  constructor(
    private readonly file: string,
    private readonly options: CensusOptions,
    private readonly diagnostics: readonly Diagnostic[],
    private readonly open: (header: CensusHeader) => CensusSink,
    private readonly sheet?: string,
    private readonly sheetName?: string,
    private readonly book?: SheetRecords,
  ) {}

  readonly take = (record: CensusRow): void => {
    if (this.into) return this.into(record);
    if (namesSchools(record, this.options.columns)) {
      if (titlesAbove(this.above, record)) this.start(record, this.above);
      else this.firstIsHeader(record);
      return;
    }
    this.above.push(record);
    if (this.above.length > TITLE_ROWS) this.firstIsHeader();
  };

  /** The file has ended: its header, if it has one, with a warning for the notes below its Total row. */
  end(): CensusHeader | undefined {
    if (!this.into && this.above.length) this.firstIsHeader();
    if (this.header && this.headings.length) this.header.diagnostics.push(headingsWarning(this.sheet ?? this.file, this.headings, this.sheet === undefined ? 'line' : 'row'));
    if (this.header && this.summaries.length) this.header.diagnostics.push(summariesWarning(this.sheet ?? this.file, this.summaries, this.sheet === undefined ? 'line' : 'row'));
    if (this.header && this.notes.length) this.header.diagnostics.push(notesWarning(this.sheet ?? this.file, this.notes, this.sheet === undefined ? 'line' : 'row'));
    if (this.header) this.authorities?.end(this.header.diagnostics);
    return this.header;
  }

  private start(record: CensusRow, titles: readonly CensusRow[]): void {
    const notes = [...this.diagnostics];
    // Excel's separator line (`sep=,` above the header, which tells Excel the delimiter) is no title to speak of.
    const said = titles.filter((t) => !isBlankRecord(t) && !(this.sheet === undefined && isSeparatorLine(t)));
    if (said.length) notes.push(titlesWarning(this.sheet ?? this.file, record.line, said, this.sheet === undefined ? 'line' : 'row'));
    const read = readHeader(record, this.file, this.options, notes);
    const header = (this.header = this.sheetName === undefined ? read : { ...read, sheet: this.sheetName, ...(this.book ? { view: sheetView(this.book, read, this.options) } : {}) });
    this.authorities = authoritiesOf(header.headers, this.file, this.options.authorities, this.sheet === undefined ? 'line' : 'row');
    const into = sinkInto(header, this.open(header), this.notes, this.authorities, this.headings, this.summaries);
    const width = header.headers.length;
    this.into = this.sheet !== undefined ? (r) => into(r.cells.length < width ? { line: r.line, cells: [...r.cells, ...new Array<string>(width - r.cells.length).fill('')] } : r) : into;
    this.above = [];
  }

  /** No titles after all: the first record is the header, and those after it follow. */
  private firstIsHeader(next?: CensusRow): void {
    // No record names a school column: one that does once split at its semicolons is a European-locale CSV.
    const semicolons = next ? undefined : this.above.find((record) => semicolonHeader(record, (cells) => namesSchools(cells, this.options.columns)));
    if (semicolons) throw semicolonError(semicolons, this.file);
    const held = next ? [...this.above, next] : this.above;
    this.start(held[0]!, []);
    for (let r = 1; r < held.length; r++) this.into!(held[r]!);
  }
}

/** Excel's `sep=,` (or `sep=<tab>`) as the first line of a CSV: read as the cells `sep=` and an empty one. */
function isSeparatorLine(record: CensusRow): boolean {
  return record.line === 1 && record.cells.length === 2 && record.cells[0]!.trim().toLowerCase() === 'sep=' && record.cells[1] === '';
}

/** What the sheet hides or shows rounded below its header (SheetView); a column named by `--column` was chosen knowing it is hidden. */
function sheetView(book: SheetRecords, header: CensusHeader, options: CensusOptions): SheetView {
  const chosen = new Set(Object.keys(options.columns ?? {}).map((field) => header.fields.get(fieldKey(field))));
  const below = header.headerLine ?? 1;
  return { hiddenColumns: (book.hiddenColumns ?? []).filter((c) => !chosen.has(c)), rounded: (book.rounded ?? []).filter((c) => c.line > below) };
}

/** Note-like rows held after a grand Total row before they are read as rows after all. */
const NOTE_ROWS = 20;

/**
 * Each record after the header to the sink: a school row or a total row (what it is found
 * once); blank rows skipped; a row of the wrong width is an error; a row of another local
 * authority left out, or an error (authorities.ts). After a grand Total row,
 * rows with as little text as a title and no status, phase or NOR are held in `notes`: a row
 * that is not one after them makes them rows after all (read in turn, and checked as any row
 * is), so only the rows that end the file are notes.
 */
function sinkInto(header: CensusHeader, sink: CensusSink, notes: CensusRow[], authorities: Authorities | null, headings: CensusRow[] = [], summaries: CensusRow[] = []): (record: CensusRow) => void {
  const { file, headers } = header;
  const totalOf = totalKindOf(header);
  const widthError = widthRule(headers, file);
  const width = filled({ cells: headers });
  // A note has none of what a school row has to have: asked first, so a school row is passed at once.
  const columnsOf = (keys: readonly string[]) =>
    keys.flatMap((key) => {
      const at = header.fields.get(key);
      return at === undefined ? [] : [at];
    });
  const figures = columnsOf(['status', 'phase', 'nor']);
  const who = columnsOf(['urn', 'name']);
  const summaryAt = columnsOf(['phase', 'status']);
  // Or a line of words alone under a table whose first column is its phase or status (a note
  // typed in column A): no id, no name, one cell, and no figure in it; a row with neither id nor
  // name is never a school.
  const wordsAlone = (row: CensusRow) => who.length > 0 && who.every((at) => isBlank(row.cells[at] ?? '')) && filled(row) === 1 && row.cells.some((cell) => /[A-Za-z]/.test(cell));
  const noteLike = (row: CensusRow) => (figures.every((at) => isBlank(row.cells[at] ?? '')) || wordsAlone(row)) && row.cells.length <= headers.length && fewCells(row, width) && totalOf(row) === null;
  // DfE's files give each row its year (`time_period`, 202324): a file of several years holds each school once a year.
  const periodAt = header.fields.get('timeperiod');
  let period: { text: string; line: number } | undefined;
  const samePeriod = (row: CensusRow): void => {
    const text = (row.cells[periodAt!] ?? '').trim();
    if (text === '') return;
    if (period === undefined) period = { text, line: row.line };
    else if (text !== period.text) {
      throw new DataError(
        `the census holds more than one year ("${visible(period.text)}" on ${header.sheet === undefined ? 'line' : 'row'} ${period.line}, "${visible(text)}" here), each school once a year; save a copy with one year's rows (filter its "${visible(header.headers[periodAt!] ?? '')}" column) and read that`,
        { file, line: row.line, column: header.headers[periodAt!] ?? '', value: text },
      );
    }
  };
  /**
   * A sheet's row with text right of the header's last name (a sheet pads a shorter row): said in
   * a sheet's terms, not as a CSV's missing comma; any other misfit as `misfit` says it. The row
   * under the header with no id or name is asked whether it is a second row of headers, as an
   * APT-like sheet has them (`NOR` merged over `Primary`, `KS3`, `KS4`): the merge leaves the
   * header's name in its first column only, so the names under the rest were past its end (the
   * id and name merged down over both rows are read on the second as their headers).
   */
  const pastHeader = (row: CensusRow, misfit: DataError): DataError => {
    let named = headers.length;
    while (named > 0 && isBlank(headers[named - 1]!)) named--;
    let at = -1;
    for (let i = named; i < row.cells.length; i++) {
      if (!isBlank(row.cells[i]!)) {
        at = i;
        break;
      }
    }
    // Nothing right of the last name (a figure under a blank header between names): as it was said.
    if (at < 0) return misfit;
    const last = headers[named - 1] ?? '';
    const second = row.line === (header.headerLine ?? 1) + 1 && who.length > 0 && who.every((i) => isBlank(row.cells[i] ?? '') || (row.cells[i] ?? '').trim() === headers[i]) && row.cells.some((c) => /[A-Za-z]/.test(c));
    if (second) {
      // The row's own words, not the header's names merged down over it.
      const texts = row.cells.filter((c, i) => !isBlank(c) && c.trim() !== headers[i]).map((c) => `"${visible(c.trim())}"`).slice(0, 3).join(', ');
      return new DataError(
        `text right of the header's last name ("${visible(last)}"), on a row with no school's id or name: is it a second row of headers (${texts})? dedel reads one header row: unmerge a name merged across columns, and put each column's whole name in one cell of the header row ("NOR primary", not "NOR" above "Primary")`,
        { file, line: row.line, column: at + 1, value: row.cells[at] ?? '' },
      );
    }
    return new DataError(`text in a column with no header, right of the header's last name ("${visible(last)}"); give the column a header, or delete the text`, { file, line: row.line, column: at + 1, value: row.cells[at] ?? '' });
  };
  /** The error for a row that repeats the header's names for the school's id and name. */
  const headerAgain = (row: CensusRow): DataError => {
    const names = who.map((i) => `"${visible(headers[i]!)}"`).join(' and ');
    const own = row.cells.filter((c, i) => !isBlank(c) && c.trim() !== headers[i]).map((c) => `"${visible(c.trim())}"`).slice(0, 3);
    const second = row.line === (header.headerLine ?? 1) + 1 && own.length > 0;
    const why = second
      ? `is it a second row of headers (${own.join(', ')}), the header's names merged down over it? dedel reads one header row: unmerge the names, and put each column's whole name in one cell of the header row ("NOR primary", not "NOR" above "Primary")`
      : 'a header repeated within the table is not a school: delete the row';
    return new DataError(`this row has the header's names ${names} for its school's id and name; ${why}`, { file, line: row.line, column: headers[who[0]!] ?? '', value: row.cells[who[0]!] ?? '' });
  };
  // Once the first record is as wide as the header, a record as wide is right: the rule is not asked again.
  let regular: boolean | undefined;
  let belowTotal = false;
  // A header with empty cells (padding, or a spacer column): each row is asked what it has under them.
  const padded = headers.some((h, i) => i > 0 && isBlank(h));
  const read = (row: CensusRow): void => {
    const record = row.cells;
    if (regular !== true || record.length !== headers.length || padded) {
      const misfit = widthError(row);
      // A line of text typed under the table (`Report run 05/12/2023`, in the id column) is no school's row either.
      if (misfit) throw header.sheet !== undefined ? pastHeader(row, misfit) : row.line !== (header.headerLine ?? 1) + 1 && filled(row) === 1 ? noteHint(misfit) : misfit;
      regular ??= record.length === headers.length;
    }
    // The header's own names on a row (`LAESTAB`, `School Name`): a header repeated in the table,
    // or one merged down over a second row of headers, is no school (it failed on its "status").
    if (who.length > 0 && who.every((i) => (row.cells[i] ?? '').trim() === headers[i] && headers[i] !== '')) throw headerAgain(row);
    const total = totalOf(row);
    // Excel's Data > Subtotal with Count or Average (`Primary Count`, `Grand Average`, in the
    // column it groups by, no id or name): no school, and no total to check. It stopped the run
    // as a row with neither id nor name.
    if (total === null && who.length > 0 && who.every((at) => isBlank(row.cells[at] ?? '')) && summaryAt.some((at) => EXCEL_SUMMARY.test(row.cells[at] ?? ''))) {
      summaries.push(row);
      return;
    }
    // A heading over a block of schools (`PRIMARY SCHOOLS`, alone on its row) is not a school.
    if (total === null && isHeading(row)) {
      headings.push(row);
      sink.heading?.(row);
      return;
    }
    // A row of another local authority is not this census's.
    if (authorities !== null && !authorities.keep(row, total?.kind.kind === 'national')) return;
    if (periodAt !== undefined) samePeriod(row);
    if (total === null) return sink.row(row);
    if (total.kind.kind === 'grand') belowTotal = true;
    sink.total(total);
  };
  return (row) => {
    const record = row.cells;
    if (isBlank(record[0] ?? '') && record.every(isBlank)) return;
    if (belowTotal) {
      // A note may leave out the empty cells of its row (typed under a table saved as CSV).
      if (notes.length < NOTE_ROWS && noteLike(row)) {
        notes.push(row);
        return;
      }
      if (notes.length > 0) for (const held of notes.splice(0)) read(held);
    }
    read(row);
  };
}

/** Refuses what looks like a workbook dedel cannot read: an old .xls, or an .xlsx that is not a zip. */
function notWorkbook(bytes: Uint8Array, file: string): void {
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    // A workbook with a password to open it is stored as an .xls is: saving it as .xlsx would not help.
    if (isEncryptedWorkbook(bytes)) throw new DataError(ENCRYPTED_WORKBOOK, { file });
    throw new DataError('an Excel 97-2003 workbook (.xls), which dedel does not read; save it as .xlsx or CSV', { file });
  }
  // A macro-enabled (.xlsm) or binary (.xlsb) workbook is a zip too: one so named that is not was read as CSV text.
  const named = /\.(xls[xmb])$/i.exec(file)?.[1]?.toLowerCase();
  if (named) throw new DataError(`named .${named} but not an .${named} workbook (no zip signature); save it again from Excel as .xlsx, or as CSV`, { file });
}

/** The error for a census with no school rows. */
export function noSchools(header: CensusHeader, hasTotal: boolean): DataError {
  return new DataError(hasTotal ? 'the file has a header and a Total row but no schools' : 'the file has a header row but no schools', { file: header.file, line: header.headerLine ?? 1 });
}

/** The header record read: columns mapped to fields, or the error saying what is wrong with it. */
export function readHeader(first: CensusRow | undefined, file: string, options: CensusOptions, diagnostics: Diagnostic[]): CensusHeader {
  if (!first) throw new DataError('the file is empty: expected a header row and at least one school', { file });
  const headerLine = first.line;
  if (first.cells.every(isBlank)) throw new DataError('the header row is blank: expected column names such as URN, School, Phase, Status, NOR', { file, line: headerLine, value: first.cells.join(',') });
  const headers = first.cells.map((h) => h.trim());
  const ambiguous = new Map<string, string[]>();
  const fields = mapHeaders(headers, options.columns ?? {}, file, headerLine, ambiguous);
  return { file, headers, headerLine, fields, ambiguous, ...(options.words ? { words: options.words } : {}), diagnostics };
}

const DIGITS = /^\s*\d+\s*$/;
/** Excel's Data > Subtotal label of a summary that is no total: `Primary Count`, `Grand Average`, `Max`. */
const EXCEL_SUMMARY = /^\s*(?:.+\s)?(?:count|count numbers|average|max|min|product|stddevp?|varp?)\s*$/i;

/** The warning for Excel's Data > Subtotal rows of counts or averages, left out. */
function summariesWarning(place: string, rows: readonly CensusRow[], unit: 'line' | 'row'): Diagnostic {
  const lines = rows.slice(0, 10).map((r) => r.line).join(', ') + (rows.length > 10 ? ` and ${rows.length - 10} more` : '');
  return { level: 'warning', code: 'summary-rows', message: `${place}: ${rows.length === 1 ? unit : `${unit}s`} ${lines}: counts or averages, as Excel's Data > Subtotal makes them (${rows.slice(0, 3).map((r) => `"${visible(r.cells.find((c) => EXCEL_SUMMARY.test(c))?.trim() ?? '')}"`).join(', ')}), not schools or totals, and not read` };
}

/** Excel's Data > Subtotal label: the group's text, then ` Total`. */
const EXCEL_SUBTOTAL = /^(.+?)\s+Total$/i;
/** A total's bare name: `Total`, `Totals`, `Subtotal`. */
const GRAND_WORD = /^\s*(?:sub-?\s*)?totals?\s*$/i;
const TOTAL_WORD = /total/i;

/**
 * The total a row stands for, or null for a school: DfE's `NAT` row, a `geographic_level`
 * other than School, or a name such as `Total`, `LA total`, `Primary total` or `Subtotal` (in
 * the name column, or, where that is blank, in the phase, status or id column).
 * A school with a number for its id is read as a school unless its name says total.
 */
export function totalKindOf(header: CensusHeader): (row: CensusRow) => TotalRow | null {
  const { fields } = header;
  const nameAt = fields.get('name');
  const idAt = fields.get('urn');
  const levelAt = fields.get('geographiclevel');
  // Where a row has no name, its label may stand in another column: Excel's Data > Subtotal
  // writes `Primary Total` and `Grand Total` in the column it groups by (the phase, say).
  const labelled = [fields.get('phase'), fields.get('status'), idAt].flatMap((at) => (at === undefined || at === nameAt ? [] : [at]));
  // The last row that was no total: Excel's Data > Subtotal puts `Infant Total` under the rows
  // whose cell in that column is `Infant`, so such a row totals its block, whatever phase or
  // status `Infant` is (it was checked against every primary school, and `Academy converter
  // Total` against the whole table).
  let above: CensusRow | undefined;
  const groupedBy = (['phase', 'status'] as const).flatMap((field) => {
    const at = fields.get(field);
    return at === undefined ? [] : [{ field, at }];
  });
  const lower = (row: CensusRow, at: number) => (row.cells[at] ?? '').trim().toLowerCase();
  /**
   * The group a total row totals where the rows above it say so: `Infant Total` (or `Middle
   * Total` in the name column) under rows whose phase or status cell is `Infant`, or a `Total`
   * row whose own phase or status cell is the row's above it (`Total` beside `Primary`).
   */
  const groupOf = (row: CensusRow, label: string): TotalKind | undefined => {
    if (above === undefined) return undefined;
    const before = EXCEL_SUBTOTAL.exec(label.trim())?.[1]?.trim();
    const byLabel = before === undefined ? undefined : groupedBy.find(({ at }) => lower(above!, at) === before.toLowerCase());
    if (byLabel !== undefined) return { kind: 'group', field: byLabel.field, text: before! };
    if (!GRAND_WORD.test(label)) return undefined;
    const byCell = groupedBy.find(({ at }) => lower(row, at) !== '' && !TOTAL_WORD.test(row.cells[at] ?? '') && lower(row, at) === lower(above!, at));
    return byCell === undefined ? undefined : { kind: 'group', field: byCell.field, text: (row.cells[byCell.at] ?? '').trim() };
  };
  return (row) => {
    const { cells } = row;
    let id = idAt === undefined ? '' : (cells[idAt] ?? '');
    let name = nameAt === undefined ? '' : (cells[nameAt] ?? '');
    if (levelAt === undefined && id !== '' && DIGITS.test(id) && !TOTAL_WORD.test(name)) {
      above = row;
      return null;
    }
    if (name.trim() === '') {
      const at = labelled.find((i) => TOTAL_WORD.test(cells[i] ?? ''));
      if (at !== undefined) {
        name = cells[at] ?? '';
        // A label in the id column is the row's name, not its id.
        if (at === idAt) id = '';
      }
    }
    const kind = totalRowKind(id, name, levelAt === undefined ? '' : (cells[levelAt] ?? ''));
    if (kind === null) {
      above = row;
      return null;
    }
    const group = kind.kind === 'national' ? undefined : groupOf(row, name);
    return { row, kind: group ?? kind, label: name.trim() || id.trim() };
  };
}

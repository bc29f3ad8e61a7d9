import { DataError } from '../core/errors.js';

/** What a file that is not text looks like, from its first bytes. */
export type NotText = 'xlsx' | 'xls' | 'encrypted' | 'ods' | 'zip' | 'utf-32le' | 'utf-32be' | 'utf-16le' | 'utf-16be' | 'binary' | 'pdf' | 'rtf' | 'html' | 'markdown';

const startsWith = (bytes: Uint8Array, signature: readonly number[]) => signature.every((b, i) => bytes[i] === b);
const latin1 = (bytes: Uint8Array, from: number, to: number) => String.fromCharCode(...bytes.subarray(from, Math.min(to, bytes.length)));

/**
 * A workbook (`PK` zip: .xlsx or .ods; OLE2: .xls), UTF-32 (with or without a BOM), UTF-16
 * without a BOM (NUL bytes in every other place), or other binary data (many NUL bytes): what the
 * file looks like, or null for text dedel's decoder reads (UTF-8, Windows-1252, UTF-16 with a BOM).
 * Workbook reading hooks in here: a reader for `xlsx` takes the bytes before they are decoded.
 */
export function sniff(bytes: Uint8Array): NotText | null {
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    const head = latin1(bytes, 0, 4096);
    if (head.includes('mimetypeapplication/vnd.oasis.opendocument.spreadsheet')) return 'ods';
    if (head.includes('xl/') || head.includes('[Content_Types].xml')) return 'xlsx';
    return 'zip';
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return isEncryptedWorkbook(bytes) ? 'encrypted' : 'xls';
  const document = documentKind(bytes);
  if (document) return document;
  if (startsWith(bytes, [0xff, 0xfe, 0x00, 0x00])) return 'utf-32le';
  if (startsWith(bytes, [0x00, 0x00, 0xfe, 0xff])) return 'utf-32be';
  // A BOM of UTF-8 or UTF-16: text the decoder reads.
  if (startsWith(bytes, [0xef, 0xbb, 0xbf]) || startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) return null;
  const n = Math.min(bytes.length, 4096) & ~3;
  if (n === 0) return null;
  let nul = 0;
  const at = [0, 0, 0, 0];
  for (let i = 0; i < n; i++) {
    if (bytes[i] === 0) {
      nul++;
      at[i % 4]!++;
    }
  }
  if (nul === 0) return null;
  const quarter = n / 4;
  // ASCII text as UTF-32: three NULs in every four bytes; as UTF-16: one in every two.
  if (at[1] === quarter && at[2] === quarter && at[3] === quarter && at[0]! < quarter) return 'utf-32le';
  if (at[0] === quarter && at[1] === quarter && at[2] === quarter && at[3]! < quarter) return 'utf-32be';
  if (at[1]! + at[3]! >= n / 2 - 2 && at[0]! + at[2]! < n / 4) return 'utf-16le';
  if (at[0]! + at[2]! >= n / 2 - 2 && at[1]! + at[3]! < n / 4) return 'utf-16be';
  // A stray NUL in a text file is left to the reader, which names its line; many are not text.
  return nul >= 4 && nul * 100 >= n ? 'binary' : null;
}

// A Markdown table's line under its header: `|:---|---:|`, `| --- | --- |`.
const MARKDOWN_RULE = /^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$/;

/**
 * A document given where a table is read (last year's paper, as a forum paper author has it):
 * a PDF, an RTF, an HTML page, or a Markdown table (what `dedel allocate --format md` and
 * `dedel paper` write). Told from the first bytes: a line of a CSV never starts `%PDF-`, `{\rtf`
 * or `<html`, and no CSV has a line of dashes between pipes under its header.
 */
function documentKind(bytes: Uint8Array): NotText | null {
  const start = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  const head = latin1(bytes, start, start + 4096);
  if (head.startsWith('%PDF-')) return 'pdf';
  if (head.startsWith('{\\rtf')) return 'rtf';
  if (/^\s*<(?:!doctype\s+html|html[\s>])/i.test(head)) return 'html';
  const lines = head.split(/\r\n|\n|\r/);
  for (let i = 1; i < lines.length - 1; i++) if (lines[i - 1]!.trimStart().startsWith('|') && MARKDOWN_RULE.test(lines[i]!)) return 'markdown';
  return null;
}

/** `EncryptedPackage` in UTF-16LE, as a compound file names its stream. */
const ENCRYPTED_PACKAGE = new Uint8Array([...'EncryptedPackage'].flatMap((ch) => [ch.charCodeAt(0), 0]));

/**
 * Whether the bytes are a workbook saved with a password to open it: Excel then writes the
 * .xlsx or .xlsm encrypted inside a compound file, as an Excel 97-2003 .xls is stored, with a
 * stream named `EncryptedPackage` (the Authority Proforma Tool is sent with a password). It is not an
 * .xls, and saving it as .xlsx keeps the password: the password must be taken off.
 */
export function isEncryptedWorkbook(bytes: Uint8Array): boolean {
  if (!startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) return false;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(ENCRYPTED_PACKAGE) >= 0;
}

/** The error for a workbook with a password to open it: what to do. */
export const ENCRYPTED_WORKBOOK =
  'a workbook with a password to open it (encrypted), which dedel cannot read; open it in Excel with its password, then File > Info > Protect Workbook > Encrypt with Password, clear the password, and save (as .xlsx or .xlsm, or save the sheet as CSV)';

/**
 * A JSON file given where a table (a census, a cost plan) is read: one starting `{"` or `[{`
 * (a header such as `[URN],[School]`, as some database exports write, is a table), so the error
 * says what the file is rather than what is wrong with it as CSV.
 */
export function jsonNotTable(text: string, file: string, table: string): DataError | null {
  return /^\uFEFF?\s*(?:\{\s*["}]|\[\s*[[{"\]\d-])/.test(text.slice(0, 256)) ? new DataError(`this is a JSON file (a config?), not ${table}; give ${table} as CSV or .xlsx, and a config with -c`, { file }) : null;
}

/**
 * A table given where a config (JSON) is read: text that does not start with `{` and whose
 * first line has commas or tabs. The error for it, or null.
 */
export function tableNotConfig(text: string, file: string): DataError | null {
  const body = text.replace(/^\uFEFF/, '');
  if (/^\s*[{[]/.test(body)) return null;
  const first = body.slice(0, body.search(/\r|\n|$/));
  return /[,\t]/.test(first) ? new DataError(`this looks like a CSV table (a census or a cost plan?), not a config; a config is JSON, starting with {`, { file }) : null;
}

const SAVE_AS = 'in Excel, File › Save As › "CSV UTF-8 (Comma delimited)", and give dedel that file';

const DOCUMENTS: Partial<Record<NotText, string>> = { pdf: 'a PDF document', rtf: 'a Rich Text document (.rtf)', html: 'an HTML page', markdown: 'a Markdown table' };

/** The error for a document (PDF, RTF, HTML, Markdown) given as a config, or null for any other kind. */
export function documentNotConfig(kind: NotText, file: string): DataError | null {
  const what = DOCUMENTS[kind];
  return what === undefined ? null : new DataError(`this is ${what}, not a config; a config is JSON, starting with {`, { file });
}

/** The error for a file that is not text dedel reads: what it looks like and what to do. */
export function notTextError(kind: NotText, file: string): DataError {
  const what: Record<NotText, string> = {
    xlsx: `this is an Excel workbook (.xlsx), not a CSV file; dedel reads CSV: ${SAVE_AS}`,
    xls: `this is an Excel 97–2003 workbook (.xls), not a CSV file; dedel reads CSV: ${SAVE_AS}`,
    encrypted: `this is ${ENCRYPTED_WORKBOOK}`,
    ods: 'this is an OpenDocument spreadsheet (.ods), not a CSV file; dedel reads CSV: in LibreOffice, File › Save As › "Text CSV (.csv)" with UTF-8',
    zip: 'this is a zip archive, not a CSV file; unpack it, or save the sheet as CSV UTF-8',
    'utf-32le': `this looks like UTF-32 text, which dedel does not read; save it as UTF-8 (${SAVE_AS})`,
    'utf-32be': `this looks like UTF-32 text, which dedel does not read; save it as UTF-8 (${SAVE_AS})`,
    'utf-16le': `this looks like UTF-16 text without a byte-order mark, so its encoding cannot be told for sure; save it as UTF-8 (${SAVE_AS}), or as UTF-16 with a byte-order mark`,
    'utf-16be': `this looks like UTF-16 (big-endian) text without a byte-order mark, so its encoding cannot be told for sure; save it as UTF-8 (${SAVE_AS}), or as UTF-16 with a byte-order mark`,
    binary: 'this holds binary data (NUL bytes), not CSV text; is it the right file?',
    pdf: 'this is a PDF document, which dedel does not read: a table in a PDF cannot be read back exactly; give the spreadsheet the table was made from (.xlsx or CSV UTF-8)',
    rtf: 'this is a Rich Text document (.rtf), not a table dedel reads; give the table as the spreadsheet it was made from (.xlsx or CSV UTF-8)',
    html: 'this is an HTML page (such as a paper dedel wrote), not a table dedel reads; give the table as CSV or .xlsx (or, for an allocation, as dedel allocate --format csv or json wrote it)',
    markdown: 'this is a Markdown table (such as dedel allocate --format md writes), not a CSV file; give the table as CSV or .xlsx (or, for an allocation, as dedel allocate --format csv or json wrote it)',
  };
  return new DataError(what[kind], { file });
}

import { isUtf8 } from 'node:buffer';
import type { Diagnostic } from '../core/types.js';
import { noSchools, readHeader, rowKind, type CensusHeader, type CensusOptions, type CensusRow } from './census.js';
import { RecordReader, type CsvRecord } from './csv-records.js';

/**
 * Thrown where a census read a piece at a time meets something only the whole-file reader
 * judges (a row csv-parse must read, a Total row, a problem to report): the caller then
 * reads the file whole, which gives the same result or the error, as it always has.
 */
export class NeedsWholeFile extends Error {
  constructor(why: string) {
    super(`the census is read whole: ${why}`);
  }
}

/** A census read a piece at a time: its header, and its rows as often as asked for. */
export interface CensusStream {
  header: CensusHeader;
  /**
   * The school rows in file order (blank rows skipped), a batch per piece of the file; throws
   * NeedsWholeFile where the file is not plainly regular.
   */
  batches(): Generator<CensusRow[]>;
}

/** About this many bytes are decoded at a time: the decoded text of a large file is never held whole. */
const PIECE = 1 << 16;

/**
 * Reads a plainly regular UTF-8 census a piece at a time; null where the file must be read
 * whole (another encoding, a second byte-order mark, an irregular header). Rows are read
 * again from the bytes each time `batches()` is called.
 */
export function streamCensus(bytes: Uint8Array, file: string, options: CensusOptions = {}, pieceSize = PIECE): CensusStream | null {
  if (options.encoding === 'windows-1252') return null;
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  // UTF-16 (a BOM of FF FE or FE FF) is not UTF-8 either: the whole-file reader decodes it.
  if (!isUtf8(bytes)) return null;
  // A second BOM after the first: the whole-file reader's decoder treats it as it does.
  if (bytes[start] === 0xef && bytes[start + 1] === 0xbb && bytes[start + 2] === 0xbf) return null;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const pieces = (): Generator<CsvRecord[]> => readPieces(buffer, start, pieceSize);
  let header: CensusHeader;
  try {
    // The header from a small first piece: the rows are read when asked for.
    const first = readPieces(buffer, start, Math.min(pieceSize, 4096)).next();
    const diagnostics: Diagnostic[] = [];
    header = readHeader(first.done ? undefined : first.value[0], file, options, diagnostics);
  } catch {
    return null;
  }
  const kindOf = rowKind(header);
  function* batches(): Generator<CensusRow[]> {
    let n = 0;
    let skipped = false;
    for (const records of pieces()) {
      const rows: CensusRow[] = [];
      for (const record of records) {
        if (!skipped) {
          skipped = true; // the header
          continue;
        }
        const kind = kindOf(record);
        if (kind === 'total') throw new NeedsWholeFile('it has a Total row');
        if (kind === 'blank') continue;
        rows.push(record);
      }
      n += rows.length;
      if (rows.length) yield rows;
    }
    if (n === 0) throw noSchools(header, false);
  }
  return { header, batches };
}

/** The records of UTF-8 bytes from `start`, decoded in pieces that end after a line feed: a batch per piece. */
function* readPieces(buffer: Buffer, start: number, pieceSize: number): Generator<CsvRecord[]> {
  const reader = new RecordReader();
  let size = pieceSize;
  const n = buffer.length;
  let out: CsvRecord[] = [];
  const take = (record: CsvRecord) => out.push(record);
  let carry = '';
  let at = start;
  while (at < n) {
    let end = n;
    if (at + size < n) {
      // A line feed byte is never part of a longer UTF-8 sequence: cutting after one splits no character.
      const lf = buffer.lastIndexOf(0x0a, at + size - 1);
      const next = lf >= at ? lf : buffer.indexOf(0x0a, at + size);
      if (next >= 0) end = next + 1;
    }
    const last = end >= n;
    const piece = buffer.toString('utf8', at, end);
    const text = carry === '' ? piece : carry + piece;
    const unfinished = reader.read(text, 0, last, take);
    if (unfinished < 0) throw new NeedsWholeFile('it is not plainly regular CSV');
    if (out.length) yield out;
    out = [];
    carry = unfinished < text.length ? text.slice(unfinished) : '';
    // An unfinished record (a huge quoted cell, or a quote never closed) is read again from
    // its start with the next piece: pieces grow to twice its length, so the text read again
    // grows threefold each time and the whole reading stays linear.
    if (carry.length * 2 > size) size = carry.length * 2;
    at = end;
  }
}

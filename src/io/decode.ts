import { createRequire } from 'node:module';
import { DataError } from '../core/errors.js';
import type { Diagnostic } from '../core/types.js';
import { notTextError, sniff } from './sniff.js';

// iconv-lite's tables are large: loaded only when a file is not UTF-8, not on every start.
const load = createRequire(import.meta.url);
const iconv = { decode: (buffer: Buffer, encoding: string): string => (load('iconv-lite') as typeof import('iconv-lite')).decode(buffer, encoding) };

export type Encoding = 'utf-8' | 'windows-1252';

/**
 * The byte offset of the first byte that breaks UTF-8, or -1 when the bytes are valid UTF-8.
 * Overlong forms, surrogates and code points above U+10FFFF count as invalid, as in TextDecoder.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i += 1;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined) return i;
      if (k === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** The 1-based line of a byte offset (LF ends a line; CRLF does too). */
function lineOf(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line += 1;
  return line;
}

function hex(byte: number | undefined): string {
  return `0x${(byte ?? 0).toString(16).toUpperCase().padStart(2, '0')}`;
}

/**
 * Decodes a file's bytes: UTF-8 with or without BOM; UTF-16 with a BOM (Excel's "Unicode
 * text"); anything else that is not valid UTF-8 (an Excel export where £ is byte A3) as
 * Windows-1252, with a warning naming the first line that is not UTF-8. iconv-lite, since
 * Node 20's TextDecoder maps 0x80–0x9F of Windows-1252 wrongly. `--encoding utf-8` makes
 * invalid UTF-8 an error naming the line and byte.
 */
export function decode(bytes: Uint8Array, file: string, forced?: Encoding): { text: string; diagnostics: Diagnostic[] } {
  // A workbook, UTF-32 or BOM-less UTF-16 would decode to noise: say what the file is instead.
  const kind = sniff(bytes);
  if (kind) throw notTextError(kind, file);
  try {
    return decodeWhole(bytes, file, forced);
  } catch (error) {
    if (!tooLong(error)) throw error;
    const mb = Math.ceil(bytes.length / 1048576); // a size for the message, not money
    throw new DataError(
      `the file is too large to read whole (${mb} MB; Node holds at most about 512 MB of text at once); csv or tsv output of one service at given rates reads a census a piece at a time (dedel allocate CENSUS --rate … --format csv), or split the census`,
      { file },
    );
  }
}

/** Node's error for text longer than a string can be (about 512 MB). */
function tooLong(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ERR_STRING_TOO_LONG';
}

function decodeWhole(bytes: Uint8Array, file: string, forced?: Encoding): { text: string; diagnostics: Diagnostic[] } {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (forced === 'windows-1252') return { text: iconv.decode(buffer, 'windows-1252'), diagnostics: [] };
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  if (forced === undefined && start === 0 && bytes.length >= 2) {
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: iconv.decode(buffer.subarray(2), 'utf-16le'), diagnostics: [] };
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: iconv.decode(buffer.subarray(2), 'utf-16be'), diagnostics: [] };
  }
  const body = bytes.subarray(start);
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), diagnostics: [] };
  } catch (error) {
    if (tooLong(error)) throw error;
    // not UTF-8: find where, for the message (the native decoder does not say)
  }
  const bad = Math.max(0, firstInvalidUtf8(body));
  const line = lineOf(body, bad);
  if (forced === 'utf-8') {
    throw new DataError(`not valid UTF-8 (byte ${hex(body[bad])} at byte ${bad + start + 1}); if the file came from Excel, try --encoding windows-1252`, {
      file,
      line,
    });
  }
  return {
    text: iconv.decode(buffer.subarray(start), 'windows-1252'),
    diagnostics: [
      {
        level: 'warning',
        code: 'encoding',
        message: `${file}: not valid UTF-8 (first at line ${line}, byte ${hex(body[bad])}); read as Windows-1252 (use --encoding to choose)`,
      },
    ],
  };
}

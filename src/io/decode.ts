import { constants, isUtf8 } from 'node:buffer';
import { createRequire } from 'node:module';
import { DataError, visible } from '../core/errors.js';
import type { Diagnostic } from '../core/types.js';
import { notTextError, sniff } from './sniff.js';

// iconv-lite's tables are large: loaded only when a file is not UTF-8, not on every start.
const load = createRequire(import.meta.url);
const iconv = { decode: (buffer: Buffer, encoding: string): string => (load('iconv-lite') as typeof import('iconv-lite')).decode(buffer, encoding) };

export type Encoding = 'utf-8' | 'windows-1252' | 'cp850';

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

/** How many bytes the UTF-8 sequence a lead byte starts takes (1 for any other byte). */
function utf8Length(lead: number): number {
  return lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc2 ? 2 : 1;
}

/**
 * The offset of the first valid UTF-8 sequence for a letter or sign a census has (U+00A0 to
 * U+017F: é, £, a no-break space; U+2010 to U+20AC: ’ “ – €), or -1. In a file that is not
 * UTF-8 it shows that some lines are (one line saved from another program, or the file cut
 * short in the middle of a letter): Windows-1252 has these bytes only as two or three
 * characters no text has together (`Ã©` for é, `â€™` for ’). Only asked of a file that is not
 * valid UTF-8, so it costs a UTF-8 census nothing.
 */
function utf8LetterAt(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 0xc2 || b > 0xef) continue;
    const length = utf8Length(b);
    if (firstInvalidUtf8(bytes.subarray(i, i + length)) !== -1) continue;
    const c = b < 0xe0 ? ((b & 0x1f) << 6) | (bytes[i + 1]! & 0x3f) : ((b & 0x0f) << 12) | ((bytes[i + 1]! & 0x3f) << 6) | (bytes[i + 2]! & 0x3f);
    if ((c >= 0xa0 && c <= 0x17f) || (c >= 0x2010 && c <= 0x20ac)) return i;
  }
  return -1;
}

/** The 1-based line of a byte offset (LF ends a line; CRLF does too, and CR alone, as old Macs end lines). */
function lineOf(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a || (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a)) line += 1;
  return line;
}

/**
 * Whether a file's lines end in CR alone (no LF anywhere, a CR somewhere): as Excel for Mac
 * saves CSV ("CSV (Macintosh)"), in the Mac Roman encoding, where ’ is byte D5 (Õ in
 * Windows-1252) and é byte 8E (Ž).
 */
function macLines(bytes: Uint8Array): boolean {
  return bytes.indexOf(0x0a) < 0 && bytes.indexOf(0x0d) >= 0;
}

const isDigit = (b: number | undefined) => b !== undefined && b >= 0x30 && b <= 0x39;
const isLetter = (b: number | undefined) => b !== undefined && ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a));
/** Bytes Windows-1252 leaves undefined, which code page 850 gives letters: ü ì Å É Ø. */
const UNDEFINED_1252 = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);
/** Bytes that are punctuation in Windows-1252 (‚ ƒ „ † ‡ ˆ ‰ ‹ • ›), never between two letters, and letters in code page 850 (é â ä å ç ê ë ï ò ø). */
const INSIDE_A_WORD_850 = new Set([0x82, 0x83, 0x84, 0x86, 0x87, 0x88, 0x89, 0x8b, 0x95, 0x9b]);

/**
 * Where a file that is not UTF-8 shows itself to be code page 850, as Excel saves "CSV
 * (MS-DOS)", and not Windows-1252: £ is byte 9C there, which Windows-1252 reads as œ, so 9C
 * before a figure (`œ1,000`); a byte Windows-1252 leaves undefined; or é, ç, ê … inside a word
 * (`Caf\x82`), which Windows-1252 reads as punctuation (`Caf‚`). `windows` where any byte
 * shows it to be Windows-1252 instead (£ as byte A3 before a figure, € as 80, ’ as 92 inside a
 * word, which code page 850 reads as ú, Ç, Æ); neither where nothing shows either.
 */
function dosSign(bytes: Uint8Array): { at: number; what: string } | 'windows' | undefined {
  let sign: { at: number; what: string } | undefined;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 0x80) continue;
    const before = bytes[i - 1];
    const after = bytes[i + 1];
    if (((b === 0xa3 || b === 0x80) && isDigit(after)) || (b === 0x92 && isLetter(before) && isLetter(after))) return 'windows';
    if (sign !== undefined) continue;
    if (b === 0x9c && isDigit(after)) sign = { at: i, what: 'byte 0x9C (£) before a figure' };
    else if (UNDEFINED_1252.has(b)) sign = { at: i, what: `byte ${hex(b)}, which Windows-1252 does not have` };
    // é ends a word too (`Caf\x82 Primary`): ‚ after a letter and before a space is no quote anyone types.
    else if (INSIDE_A_WORD_850.has(b) && isLetter(before) && (isLetter(after) || (b === 0x82 && after === 0x20))) sign = { at: i, what: `byte ${hex(b)} inside a word` };
  }
  return sign;
}

/** The 128 characters bytes 80–FF stand for in an encoding, as iconv-lite reads them. */
const highHalf = new Map<string, string>();
function highChars(encoding: 'cp850' | 'windows-1252'): string {
  let chars = highHalf.get(encoding);
  if (chars === undefined) {
    chars = iconv.decode(Buffer.from(Array.from({ length: 128 }, (_, i) => 0x80 + i)), encoding);
    highHalf.set(encoding, chars);
  }
  return chars;
}

const LETTER = /^\p{L}$/u;
const LOWER = /^\p{Ll}$/u;
const UPPER = /^\p{Lu}$/u;
const DIGIT = /^[0-9]$/;
const SPACE = /^\s$/u;
/** Symbols, box drawing, superscripts, controls and unassigned bytes: never part of a word. */
const SYMBOL = /^[\p{S}\p{No}\p{Cc}\p{Co}\p{Cn}]$/u;
/** Punctuation that stands between two letters in names: an apostrophe (`Mary’s`), a dash (`Anglo–French`). */
const IN_A_WORD = /^[\p{Pd}\u2018\u2019]$/u;

/**
 * How well one byte above 7F reads, as the character `at(0)` among its neighbours (`at(-1)`,
 * `at(1)` …, as the same encoding reads them): 1 where it makes a word (é after a letter, É
 * before one), 0 where nothing tells, -1 where it is doubtful (a no-break space that leaves a
 * letter alone, `Se n`; a letter beside a figure) and -2 where no text has it (a capital after
 * a small letter, `CafÚ`; a small letter before a capital; a symbol or box drawing against a
 * letter, `Ni¤o`).
 */
function judge(at: (offset: number) => string): number {
  const before = at(-1);
  const c = at(0);
  const after = at(1);
  const letterBefore = LETTER.test(before);
  const letterAfter = LETTER.test(after);
  if (LETTER.test(c)) {
    if (DIGIT.test(before) || DIGIT.test(after)) return -1;
    if (UPPER.test(c)) return LOWER.test(before) ? -2 : letterBefore || letterAfter ? 1 : 0;
    if (UPPER.test(after)) return -2;
    return letterBefore ? 1 : 0;
  }
  if (c === '£' || c === '€') return DIGIT.test(after) ? 1 : letterBefore && letterAfter ? -2 : 0;
  // A space between words leaves words either side; `Se n`, `Siobh n` leave a letter alone (`a` is a word).
  if (SPACE.test(c)) return letterBefore && LOWER.test(after) && ((!LETTER.test(at(-2)) && !/^[aAI]$/.test(before)) || !LETTER.test(at(2))) ? -1 : 0;
  if (SYMBOL.test(c)) return letterBefore || letterAfter ? -2 : 0;
  if (/^\p{P}$/u.test(c) && letterBefore && letterAfter) return IN_A_WORD.test(c) ? 1 : -2;
  return 0;
}

/** How a file's bytes above 7F read in an encoding: how many make words, how badly the rest read, and the first that reads badly. */
function wordsIn(bytes: Uint8Array, encoding: 'cp850' | 'windows-1252', untilBad = false): { good: number; bad: number; firstBad: number } {
  const high = highChars(encoding);
  const char = (i: number): string => {
    const b = bytes[i];
    return b === undefined ? '' : b < 0x80 ? String.fromCharCode(b) : high[b - 0x80]!;
  };
  let good = 0;
  let bad = 0;
  let firstBad = -1;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i]! < 0x80) continue;
    const verdict = judge((offset) => char(i + offset));
    if (verdict > 0) good += verdict;
    else if (verdict < 0) {
      bad -= verdict;
      if (firstBad < 0) firstBad = i;
      if (untilBad) break;
    }
  }
  return { good, bad, firstBad };
}

/** The word a byte stands in (letters and bytes above 7F either side of it), as an encoding reads it. */
function wordAt(bytes: Uint8Array, at: number, encoding: 'cp850' | 'windows-1252'): string {
  const inWord = (b: number | undefined) => b !== undefined && (b >= 0x80 || isLetter(b));
  let from = at;
  let to = at + 1;
  while (from > 0 && inWord(bytes[from - 1])) from--;
  while (to < bytes.length && inWord(bytes[to])) to++;
  return iconv.decode(Buffer.from(bytes.subarray(from, to)), encoding);
}

/**
 * Where nothing else tells (no byte that only one of the two has, no £ before a figure), the
 * letters do: code page 850 where every byte above 7F reads as part of a word there (`Seán`,
 * `Niño`, `Bríd`, whose á, ñ, í are bytes A0, A4, A1) and at least two read as no word in
 * Windows-1252 (`Se\xa0n` with a no-break space, `Ni¤o`, `Br¡d`), or one as plainly none
 * (a symbol against a letter). A file that reads as words in both (`Gräfin`: ä is õ in code
 * page 850) or in neither is left as Windows-1252, as before.
 */
function dosLetters(bytes: Uint8Array): { at: number; what: string } | undefined {
  const dos = wordsIn(bytes, 'cp850', true);
  if (dos.bad > 0 || dos.good === 0) return undefined;
  const windows = wordsIn(bytes, 'windows-1252');
  if (windows.bad < 2) return undefined;
  const at = windows.firstBad;
  return { at, what: `byte ${hex(bytes[at])} reads as a letter there ("${visible(wordAt(bytes, at, 'cp850'))}"; Windows-1252 reads "${visible(wordAt(bytes, at, 'windows-1252'))}")` };
}

function hex(byte: number | undefined): string {
  return `0x${(byte ?? 0).toString(16).toUpperCase().padStart(2, '0')}`;
}

/**
 * Decodes a file's bytes: UTF-8 with or without BOM; UTF-16 with a BOM (Excel's "Unicode
 * text"); anything else that is not valid UTF-8 (an Excel export where £ is byte A3) as
 * Windows-1252, or as Mac Roman where its lines end in CR alone (Excel for Mac's CSV), or as
 * code page 850 where its bytes show it (`dosSign`, else `dosLetters`: Excel's "CSV (MS-DOS)"), with a warning
 * naming the first line that is not UTF-8. iconv-lite, since
 * Node 20's TextDecoder maps 0x80–0x9F of Windows-1252 wrongly. `--encoding utf-8` makes
 * invalid UTF-8 an error naming the line and byte.
 */
export function decode(bytes: Uint8Array, file: string, forced?: Encoding): { text: string; diagnostics: Diagnostic[] } {
  // A workbook, UTF-32 or BOM-less UTF-16 would decode to noise: say what the file is instead.
  const kind = sniff(bytes);
  if (kind) throw notTextError(kind, file);
  try {
    // Text at most as long as its bytes: a file that long is refused before decoding it.
    if (bytes.length > constants.MAX_STRING_LENGTH && !(bytes[0] === 0xff && bytes[1] === 0xfe) && !(bytes[0] === 0xfe && bytes[1] === 0xff)) throw Object.assign(new Error('too long'), { code: 'ERR_STRING_TOO_LONG' });
    return decodeWhole(bytes, file, forced);
  } catch (error) {
    if (!tooLong(error)) throw error;
    const mb = Math.ceil(bytes.length / 1048576); // a size for the message, not money
    throw new DataError(
      `the file is too large to read whole (${mb} MB; Node holds at most about 512 MB of text at once); save it as CSV UTF-8, which dedel reads a piece at a time, or split it`,
      { file },
    );
  }
}

/** A file's text a piece at a time, and the whole text where a reader needs it after all. */
export interface DecodedPieces {
  diagnostics: Diagnostic[];
  /** The next piece of text, or null after the last. */
  next(): string | null;
  /** Whether the piece `next` last gave is the last. */
  done(): boolean;
  /** The whole text (decoded again: for a file that must be read whole). */
  whole(): string;
}

/** Bytes of UTF-8 decoded per piece: small enough that a piece of text is an ordinary young string, which dies young, not a large object kept until the next full collection. */
const PIECE = 32 << 10;

/**
 * Decodes a file's bytes as `decode` does, a piece at a time where the file is valid UTF-8
 * (so a large census is never one string); other files (Windows-1252, UTF-16) in one piece.
 */
export function decodePieces(bytes: Uint8Array, file: string, forced?: Encoding, pieceBytes = PIECE): DecodedPieces {
  const kind = sniff(bytes);
  if (kind) throw notTextError(kind, file);
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const utf16 = start === 0 && bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
  const body = bytes.subarray(start);
  if (forced === 'windows-1252' || forced === 'cp850' || (forced === undefined && utf16) || !isUtf8(body)) {
    const { text, diagnostics } = decode(bytes, file, forced);
    let given = false;
    return { diagnostics, next: () => (given ? null : ((given = true), text)), done: () => true, whole: () => text };
  }
  function* pieces(): Generator<Uint8Array> {
    for (let at = 0; at < body.length; at += pieceBytes) yield body.subarray(at, at + pieceBytes);
  }
  return utf8Pieces(pieces(), () => decode(bytes, file, forced).text);
}

/**
 * UTF-8 bytes in pieces as text in pieces, a letter split between two pieces decoded whole.
 * Bytes that are not UTF-8 throw TextDecoder's ERR_ENCODING_INVALID_ENCODED_DATA when reached.
 */
export function utf8Pieces(pieces: Iterator<Uint8Array>, whole: () => string): DecodedPieces {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let finished = false;
  return {
    diagnostics: [],
    next: () => {
      if (finished) return null;
      const piece = pieces.next();
      if (piece.done) {
        finished = true;
        return decoder.decode();
      }
      return decoder.decode(piece.value, { stream: true });
    },
    done: () => finished,
    whole,
  };
}

/** Node's error for text longer than a string can be (about 512 MB). */
function tooLong(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ERR_STRING_TOO_LONG';
}

function decodeWhole(bytes: Uint8Array, file: string, forced?: Encoding): { text: string; diagnostics: Diagnostic[] } {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (forced === 'windows-1252' || forced === 'cp850') return { text: iconv.decode(buffer, forced), diagnostics: [] };
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
    throw new DataError(`not valid UTF-8 (byte ${hex(body[bad])} at byte ${bad + start + 1}); if the file came from Excel, try --encoding windows-1252 (or cp850 for Excel's "CSV (MS-DOS)")`, {
      file,
      line,
    });
  }
  const mixed = forced === undefined ? utf8LetterAt(body) : -1;
  if (mixed >= 0) {
    const letter = new TextDecoder().decode(body.subarray(mixed, mixed + utf8Length(body[mixed]!)));
    throw new DataError(
      `the file mixes two encodings: line ${lineOf(body, mixed)} is UTF-8 ("${visible(letter)}") and line ${line} is not (byte ${hex(body[bad])}${bad + utf8Length(body[bad]!) > body.length ? ', the first of a letter the file ends in the middle of' : ''}), as a file pasted together from two sources, or cut short, is; read either way, some of its text would be misread: save it again as CSV UTF-8 (or give --encoding windows-1252 if it is all Windows-1252)`,
      { file, line },
    );
  }
  const mac = macLines(body);
  const sign = mac ? 'windows' : dosSign(body);
  const dos = sign === 'windows' ? undefined : (sign ?? dosLetters(body));
  const how = mac
    ? 'read as Mac Roman, as Excel for Mac saves CSV with lines ended by CR alone (--encoding windows-1252 reads it as Windows-1252)'
    : dos !== undefined
      ? `read as code page 850, as Excel saves "CSV (MS-DOS)": ${dos.what} at line ${lineOf(body, dos.at)} (--encoding windows-1252 reads it as Windows-1252)`
      : 'read as Windows-1252 (use --encoding to choose: windows-1252, or cp850 for Excel\'s "CSV (MS-DOS)")';
  return {
    text: iconv.decode(buffer.subarray(start), mac ? 'macintosh' : dos !== undefined ? 'cp850' : 'windows-1252'),
    diagnostics: [{ level: 'warning', code: 'encoding', message: `${file}: not valid UTF-8 (first at line ${line}, byte ${hex(body[bad])}); ${how}` }],
  };
}

/**
 * A config's text from its bytes: UTF-8 (with or without a BOM), or UTF-16 with a BOM, as
 * Notepad's "Unicode" save writes it (read before as a CSV table, from its NUL bytes). Other
 * bytes that are not UTF-8 (Notepad's "ANSI", where é is byte E9) are an error naming the line
 * and byte: decoded as they were, each became U+FFFD, a service called `Caf\ufffd`, unseen.
 */
export function configText(bytes: Uint8Array, file: string): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = new Uint8Array(bytes.length - 2 - (bytes.length % 2));
    for (let i = 0; i < swapped.length; i += 2) {
      swapped[i] = bytes[i + 3]!;
      swapped[i + 1] = bytes[i + 2]!;
    }
    return new TextDecoder('utf-16le').decode(swapped);
  }
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) {
    const before = new TextDecoder().decode(bytes.subarray(0, bad));
    const line = before.split('\n').length;
    const where = { line, column: before.length - before.lastIndexOf('\n') };
    throw new DataError(
      `byte 0x${bytes[bad]!.toString(16).toUpperCase().padStart(2, '0')} is not UTF-8: a config is JSON in UTF-8; save it as UTF-8 (in Notepad, File \u203a Save As, Encoding UTF-8)`,
      { file, ...where },
    );
  }
  return new TextDecoder().decode(bytes);
}

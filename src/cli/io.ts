// Files are read and written synchronously: a command does one thing at a time, and each
// asynchronous step waited on the thread pool (a busy machine made that dearer than the work).
// The one exception is a pause between pieces of a large --out file, so that a signal can stop
// the write and remove the temporary file.
import { closeSync, fchmodSync, fchownSync, fsyncSync, lstatSync, openSync, realpathSync, renameSync, rmSync, statSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { DataError, UsageError, visible } from '../core/errors.js';
import type { ByteSource } from '../io/census.js';
import { inputsRead, openInput, readInput as readFile, type Identity } from './input-file.js';
import { noteHashed, noteRead, pieceHash } from './provenance.js';

/**
 * Opens a census for reading a piece at a time (a large regular file is never held whole; see
 * `openInput`), noting it for a workbook's Inputs sheet as it is read.
 */
export async function openCensus(path: string, io: Io, name = path): Promise<Uint8Array | ByteSource> {
  let hash: ReturnType<typeof pieceHash> | undefined;
  return openInput(path, io, name, {
    piece: (bytes) => (hash ??= pieceHash()).update(bytes),
    whole: (bytes) => noteRead(io, path, bytes),
    end: (size) => noteHashed(io, path, size, (hash ?? pieceHash()).digest()),
  });
}

/** Reads a file named on the command line (`-` is standard input), noting it for a workbook's Inputs sheet. */
export async function readInput(path: string, io: Io, name = path): Promise<Uint8Array> {
  const bytes = await readFile(path, io, name);
  noteRead(io, path, bytes);
  return bytes;
}

/** What a command may touch of the outside world; tests pass their own. */
export interface Io {
  /** Text, or a workbook's bytes (only when stdout is not a terminal). */
  stdout: (text: string | Uint8Array) => void;
  stderr: (text: string) => void;
  /** Standard input, whole; reading may stop once more than `limit` bytes have come. */
  readStdin: (limit?: number) => Promise<Uint8Array>;
  env: Readonly<Record<string, string | undefined>>;
  stdoutIsTTY: boolean;
  /** The terminal's width in columns, when stdout is a terminal. */
  stdoutColumns?: number;
  cwd: string;
  /** Whether standard input is a terminal (asked only when `-` is read). */
  stdinIsTTY?: () => boolean;
  /** The file standard input is redirected from, if it is one: `--out` may not replace it. */
  stdinIdentity?: () => Identity | undefined;
  /** The most bytes read from one input (default INPUT_LIMIT). */
  inputLimit?: number;
  /** Regular files larger than this are read a piece at a time (default STREAM_OVER), in pieces of `pieceBytes` (default 1 MB). */
  streamOver?: number;
  pieceBytes?: number;
  /**
   * Runs `stop` if the run is interrupted (SIGTERM, SIGINT, SIGHUP) before the returned
   * function is called; the run then ends as the signal says.
   */
  onInterrupt?: (stop: () => void) => () => void;
  /** Waits until everything written to stdout and stderr has gone, and throws the first write error. */
  flush?: () => Promise<void>;
  /** The first write error on stdout or stderr so far, if any. */
  writeFailure?: () => Error | undefined;
  /** Resolves once stdout can take more (a pipe's reader has caught up): output written in pieces is not all held in memory. */
  stdoutReady?: () => Promise<void>;
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isCharacterDevice()) return 'a device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return null;
    throw new DataError(`cannot write ${visible(path)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

async function canonical(path: string): Promise<string> {
  try {
    return realpathSync.native(path);
  } catch {
    return resolve(path);
  }
}

/**
 * Refuses an `--out` that would replace something it must not: any file the run read (by
 * identity, so through links, hard links and standard input too, and by name), anything that
 * is not a regular file (a device, a pipe, a folder), and a read-only file.
 */
export async function guardOut(out: string, inputs: readonly string[], io: Io): Promise<void> {
  const shown = visible(out);
  if (out.trim() === '') throw new UsageError('--out needs a file name');
  const full = resolve(io.cwd, out);
  const stats = statOrNull(full);
  if (stats === null) {
    let link: Stats | null = null;
    try {
      link = lstatSync(full);
    } catch {
      // nothing there: a new file
    }
    if (link?.isSymbolicLink()) throw new UsageError(`--out ${shown} is a symbolic link to a file that does not exist; give the file itself`);
    const folder = statOrNull(dirname(full));
    if (folder === null) throw new DataError(`cannot write ${shown}: no such folder ${visible(dirname(out))}`);
    if (!folder.isDirectory()) throw new DataError(`cannot write ${shown}: ${visible(dirname(out))} is not a folder`);
  } else {
    if (!stats.isFile()) {
      throw new UsageError(`--out ${shown} is ${kindOf(stats)}, not a regular file; --out writes files only (use > to write to a device or a pipe)`);
    }
    for (const input of inputsRead(io)) {
      if (input.identity && input.identity.dev === stats.dev && input.identity.ino === stats.ino) {
        const what = input.name === '-' ? ' (read on standard input)' : input.name === out ? '' : ` (${visible(input.name)})`;
        throw new UsageError(`--out ${shown} is an input file${what}; choose another file`);
      }
    }
    if ((stats.mode & 0o222) === 0) throw new UsageError(`--out ${shown} is read-only; dedel does not replace a read-only file (make it writable, or choose another file)`);
  }
  const target = await canonical(full);
  for (const input of inputs) {
    if (input === '-') continue;
    if ((await canonical(resolve(io.cwd, input))) === target) {
      throw new UsageError(`--out ${shown} is an input file; choose another file`);
    }
  }
}

/**
 * How a write failed, in words, never naming the temporary file. `replacing`: the failure came
 * as the finished file took the old one's place, which Windows refuses while another program
 * has the old one open (Excel keeps a workbook it shows locked, as Word does a document), so an
 * officer re-running with last run's workbook open is told to close it, not only "permission denied".
 */
export function writeProblem(error: unknown, replacing = false): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (replacing && (code === 'EACCES' || code === 'EPERM' || code === 'EBUSY')) {
    return 'the file is open in another program, or permission denied (Excel and Word lock a file they have open: close it there and run again)';
  }
  if (code === 'EBUSY') return 'the file is busy (open in another program?)';
  if (code === 'ENOSPC') return 'no space left on the device';
  if (code === 'EDQUOT') return 'disk quota exceeded';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EROFS') return 'the file system is read-only';
  if (code === 'ENOENT') return 'no such folder';
  if (code === 'EIO') return 'an input/output error';
  if (code === 'EFBIG') return 'the file is too large for the file system';
  return code ?? (error as Error).message;
}

/** Pieces of at most about 1 MB, never splitting a surrogate pair (each piece is encoded on its own). */
function* pieces(text: string | Iterable<string>): Generator<string> {
  const size = 1 << 20;
  for (const chunk of typeof text === 'string' ? [text] : text) {
    if (chunk.length <= size) {
      yield chunk;
      continue;
    }
    for (let i = 0; i < chunk.length; ) {
      let end = Math.min(chunk.length, i + size);
      const last = chunk.charCodeAt(end - 1);
      if (end < chunk.length && last >= 0xd800 && last <= 0xdbff) end--;
      yield chunk.slice(i, end);
      i = end;
    }
  }
}

function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
}

/** Lets a signal that came during a synchronous stretch run its handler. */
const pause = () => new Promise<void>((done) => setImmediate(done));

/**
 * Writes `--out` atomically: a temporary file beside it (the file itself where `--out` is a
 * link), with the existing file's mode and owner, written in full and flushed to the disk,
 * then renamed over it. On any failure, and on SIGTERM, SIGINT or SIGHUP, the temporary file
 * is removed and the old file is left as it was.
 */
export async function writeAtomic(path: string, text: string | Iterable<string> | Uint8Array, io: Io): Promise<void> {
  const full = await canonical(resolve(io.cwd, path));
  const existing = statOrNull(full);
  // A name no other run will pick: the time and a random tag (not node:crypto, whose loading
  // costs more start-up time than this whole write of a small table).
  const tag = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
  const temp = join(dirname(full), `.${basename(full)}.${tag}.tmp`);
  let fd: number | undefined;
  let stopped = false;
  let replacing = false;
  const discard = () => {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // already closed or never usable: the file is removed below either way
      }
      fd = undefined;
    }
    rmSync(temp, { force: true });
  };
  const release = io.onInterrupt?.(() => {
    stopped = true;
    discard();
  });
  // After an interrupt the run ends by the signal; nothing more is written or renamed.
  const halt = () => new Promise<never>(() => undefined);
  try {
    fd = openSync(temp, 'wx', existing ? existing.mode & 0o777 : 0o666);
    if (existing) {
      fchmodSync(fd, existing.mode & 0o7777);
      try {
        fchownSync(fd, existing.uid, existing.gid);
      } catch {
        // only the owner or root may give a file away; the mode is what protects it
      }
    }
    let since = 0;
    // A binary file (a Word document) is written as it is.
    if (text instanceof Uint8Array) for (let at = 0; at < text.length; ) at += writeSync(fd, text, at, text.length - at);
    for (const piece of text instanceof Uint8Array ? [] : pieces(text)) {
      writeAll(fd, piece);
      since += piece.length;
      if (since >= 1 << 20) {
        since = 0;
        await pause();
        if (stopped) await halt();
      }
    }
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    await pause();
    if (stopped) await halt();
    replacing = existing !== null;
    renameSync(temp, full);
  } catch (error) {
    discard();
    if (error instanceof DataError) throw error;
    throw new DataError(`cannot write ${visible(path)}: ${writeProblem(error, replacing)}`);
  } finally {
    release?.();
  }
}

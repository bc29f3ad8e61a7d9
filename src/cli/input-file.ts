// Every file a run reads comes through here: named on the command line, standard input, or
// named inside a config (a service's `costs` plan). Each is known by its identity (device and
// inode, after links), so that `--out` can never replace one, and each is read with a bound.
import { closeSync, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { resolve } from 'node:path';
import { DataError, UsageError, visible } from '../core/errors.js';
import type { ByteSource } from '../io/census.js';
import { groupDigits } from '../render/format.js';
import type { Io } from './io.js';

/** A file's identity: the same for every path (links, hard links) and for standard input redirected from it. */
export interface Identity {
  dev: number;
  ino: number;
}

/** A file the run has read. */
export interface InputRead {
  /** As the user named it (`-` for standard input). */
  name: string;
  /** Absent where the input is not a file (a pipe, a terminal). */
  identity?: Identity;
}

/**
 * The most any one input may hold: more than three times a census of a million schools
 * (about 72 MB), and small enough that an endless input (/dev/zero) stops in seconds.
 */
export const INPUT_LIMIT = 256 * 1024 * 1024;

const MB = 1024 * 1024;
const PIECE = 1024 * 1024;

const reads = new WeakMap<Io, InputRead[]>();

/** The files this run has read so far. */
export function inputsRead(io: Io): readonly InputRead[] {
  return reads.get(io) ?? [];
}

function remember(io: Io, input: InputRead): void {
  const list = reads.get(io) ?? [];
  list.push(input);
  reads.set(io, list);
}

/** A regular file, or a device or pipe that can be a source; the identity only where it names data on a disk. */
export function identityOf(stats: Pick<Stats, 'dev' | 'ino' | 'isFile'>): Identity | undefined {
  return stats.isFile() ? { dev: stats.dev, ino: stats.ino } : undefined;
}

function tooLarge(name: string, limit: number): DataError {
  const size = `${groupDigits(String(Math.floor(limit / MB)))} MB`;
  return new DataError(`cannot read ${visible(name)}: it holds more than ${size}, more than dedel reads from one file (a census of a million schools is about 72 MB); is it the right file?`);
}

function why(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOTDIR') return 'a part of the path is not a folder';
  if (code === 'ELOOP') return 'too many symbolic links';
  return code ?? (error as Error).message;
}

/** Reads from an open file until its end, or until more than `limit` bytes (a device such as /dev/zero never ends). */
function readBounded(fd: number, stats: Stats, name: string, limit: number, from?: number): Uint8Array {
  if (stats.isFile() && stats.size > limit) throw tooLarge(name, limit);
  const pieces: Buffer[] = [];
  let total = 0;
  for (;;) {
    const piece = Buffer.allocUnsafe(stats.isFile() ? Math.max(1, Math.min(stats.size - total + 1, limit - total + 1)) : PIECE);
    const n = readSync(fd, piece, 0, piece.length, from === undefined ? null : from + total);
    if (n === 0) break;
    total += n;
    if (total > limit) throw tooLarge(name, limit);
    pieces.push(n === piece.length ? piece : piece.subarray(0, n));
  }
  return pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces, total);
}

/**
 * Reads an input named on the command line or in a config; `-` is standard input, which a
 * run can read once. Every input is remembered with its identity for the `--out` guard, under
 * `name` (the path as the user wrote it, where `path` is resolved against a config's folder).
 */
/** Refuses standard input named for two inputs at once (`dedel allocate - -c -`), before either is read. */
export function checkOneStdin(inputs: readonly { name: string; value: unknown }[]): void {
  const stdin = inputs.filter((i) => i.value === '-');
  if (stdin.length > 1) {
    throw new UsageError(`standard input (-) can be read once: ${stdin.map((i) => i.name).join(' and ')} cannot both be -`);
  }
}

export async function readInput(path: string, io: Io, name = path): Promise<Uint8Array> {
  const limit = io.inputLimit ?? INPUT_LIMIT;
  if (path === '-') {
    if (inputsRead(io).some((i) => i.name === '-')) {
      throw new UsageError('standard input (-) can be read once: give at most one of the census, config and other inputs as -');
    }
    remember(io, { name: '-', identity: io.stdinIdentity?.() });
    // `-` with nothing piped in waits for the keyboard: say so, rather than seem to hang.
    if (io.stdinIsTTY?.()) io.stderr('dedel: reading standard input from the terminal; end it with Ctrl-D on a new line\n');
    const bytes = await io.readStdin(limit);
    if (bytes.length > limit) throw tooLarge('standard input', limit);
    return bytes;
  }
  let fd: number;
  try {
    fd = openSync(resolve(io.cwd, path), 'r');
  } catch (error) {
    throw new DataError(`cannot read ${visible(path)}: ${why(error)}`);
  }
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory()) throw new DataError(`cannot read ${visible(path)}: it is a folder`);
    remember(io, { name, identity: identityOf(stats) });
    try {
      return readBounded(fd, stats, path, limit);
    } catch (error) {
      if (error instanceof DataError) throw error;
      throw new DataError(`cannot read ${visible(path)}: ${why(error)}`);
    }
  } finally {
    closeSync(fd);
  }
}

/** Regular files larger than this are read a piece at a time where the reader can (a census). */
export const STREAM_OVER = 4 * MB;

/**
 * Opens an input for a reader that takes it a piece at a time: a regular file larger than
 * STREAM_OVER as a source whose pieces are read from the file as they are taken (never held
 * whole), through one open descriptor, so it is the file whose identity was checked; any other
 * input is read whole, as `readInput` reads it. `seen` hears of each piece as it is read, of
 * the end of the pieces (with the file's size), and of the file read whole.
 */
export async function openInput(path: string, io: Io, name: string, seen: { piece(bytes: Uint8Array): void; whole(bytes: Uint8Array): void; end(size: number): void }): Promise<Uint8Array | ByteSource> {
  const limit = io.inputLimit ?? INPUT_LIMIT;
  if (path !== '-') {
    let fd: number;
    try {
      fd = openSync(resolve(io.cwd, path), 'r');
    } catch (error) {
      throw new DataError(`cannot read ${visible(path)}: ${why(error)}`);
    }
    let stats: Stats;
    try {
      stats = fstatSync(fd);
    } catch (error) {
      closeSync(fd);
      throw new DataError(`cannot read ${visible(path)}: ${why(error)}`);
    }
    if (stats.isFile() && stats.size > (io.streamOver ?? STREAM_OVER) && stats.size <= limit) {
      remember(io, { name, identity: identityOf(stats) });
      return fileSource(fd, path, limit, io.pieceBytes ?? PIECE, seen);
    }
    closeSync(fd);
  }
  const bytes = await readInput(path, io, name);
  seen.whole(bytes);
  return bytes;
}

/** A large regular file as a source of pieces of `pieceBytes`, read through `fd`, which the reader closes (`close`) once done. */
function fileSource(fd: number, name: string, limit: number, pieceBytes: number, seen: { piece(bytes: Uint8Array): void; whole(bytes: Uint8Array): void; end(size: number): void }): ByteSource {
  let open = true;
  const close = () => {
    if (open) closeSync(fd);
    open = false;
  };
  // Read from a position each time: the descriptor's own offset is never relied on.
  const readAt = (into: Buffer, position: number): number => {
    try {
      return readSync(fd, into, 0, into.length, position);
    } catch (error) {
      close();
      throw new DataError(`cannot read ${visible(name)}: ${why(error)}`);
    }
  };
  const head = Buffer.allocUnsafe(4096);
  const headLength = readAt(head, 0);
  return {
    head: head.subarray(0, headLength),
    *pieces() {
      let total = 0;
      for (;;) {
        const piece = Buffer.allocUnsafe(pieceBytes);
        const n = readAt(piece, total);
        if (n === 0) break;
        total += n;
        if (total > limit) throw tooLarge(name, limit);
        const bytes = piece.subarray(0, n);
        seen.piece(bytes);
        yield bytes;
      }
      seen.end(total);
    },
    whole() {
      try {
        const bytes = readBounded(fd, fstatSync(fd), name, limit, 0);
        seen.whole(bytes);
        return bytes;
      } catch (error) {
        if (error instanceof DataError) throw error;
        throw new DataError(`cannot read ${visible(name)}: ${why(error)}`);
      }
    },
    close,
  };
}

// Every file a run reads comes through here: named on the command line, standard input, or
// named inside a config (a service's `costs` plan). Each is known by its identity (device and
// inode, after links), so that `--out` can never replace one, and each is read with a bound.
import { closeSync, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { resolve } from 'node:path';
import { DataError, UsageError, visible } from '../core/errors.js';
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
  const size = `${Math.floor(limit / MB).toLocaleString('en-GB')} MB`;
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
function readBounded(fd: number, stats: Stats, name: string, limit: number): Uint8Array {
  if (stats.isFile() && stats.size > limit) throw tooLarge(name, limit);
  const pieces: Buffer[] = [];
  let total = 0;
  for (;;) {
    const piece = Buffer.allocUnsafe(stats.isFile() ? Math.max(1, Math.min(stats.size - total + 1, limit - total + 1)) : PIECE);
    const n = readSync(fd, piece, 0, piece.length, null);
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

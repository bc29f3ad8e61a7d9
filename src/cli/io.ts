// Files are read and written synchronously: a command does one thing at a time, and each
// asynchronous step waited on the thread pool (a busy machine made that dearer than the work).
import { closeSync, openSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { DataError, UsageError } from '../core/errors.js';
import { noteRead } from './provenance.js';

/** What a command may touch of the outside world; tests pass their own. */
export interface Io {
  /** Text, or a workbook's bytes (only when stdout is not a terminal). */
  stdout: (text: string | Uint8Array) => void;
  stderr: (text: string) => void;
  readStdin: () => Promise<Uint8Array>;
  env: Readonly<Record<string, string | undefined>>;
  stdoutIsTTY: boolean;
  cwd: string;
}

/** Reads a file named on the command line; `-` is standard input. */
export async function readInput(path: string, io: Io): Promise<Uint8Array> {
  const bytes = await readBytes(path, io);
  noteRead(io, path, bytes);
  return bytes;
}

async function readBytes(path: string, io: Io): Promise<Uint8Array> {
  if (path === '-') return io.readStdin();
  try {
    return readFileSync(resolve(io.cwd, path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new DataError(`cannot read ${path}: ${why}`);
  }
}

async function canonical(path: string): Promise<string> {
  try {
    return realpathSync.native(path);
  } catch {
    return resolve(path);
  }
}

/** Refuses `--out` onto a file the command reads: nothing the user gave is overwritten. */
export async function guardOut(out: string, inputs: readonly string[], io: Io): Promise<void> {
  const target = await canonical(resolve(io.cwd, out));
  for (const input of inputs) {
    if (input === '-') continue;
    if ((await canonical(resolve(io.cwd, input))) === target) {
      throw new UsageError(`--out ${out} is an input file; choose another file`);
    }
  }
}

/** Writes a file atomically: a temporary file beside it, then a rename. */
export async function writeAtomic(path: string, text: string | Uint8Array | Iterable<string>, io: Io): Promise<void> {
  const full = resolve(io.cwd, path);
  // A name no other run will pick: the time and a random tag (not node:crypto, whose loading
  // costs more start-up time than this whole write of a small table).
  const tag = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
  const temp = join(dirname(full), `.${basename(full)}.${tag}.tmp`);
  try {
    const fd = openSync(temp, 'w');
    try {
      if (typeof text === 'string' || text instanceof Uint8Array) writeFileSync(fd, text);
      else for (const piece of text) writeFileSync(fd, piece);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, full);
  } catch (error) {
    rmSync(temp, { force: true });
    throw new DataError(`cannot write ${path}: ${(error as Error).message}`);
  }
}

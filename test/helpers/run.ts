import { expect } from 'vitest';
import { run } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import { checkGolden, ROOT, runBin, type BinOptions, type BinRun } from './bin.js';

export interface InProcessRun {
  stdout: string;
  /** What was written to stdout as bytes (a workbook). */
  stdoutBytes: Uint8Array;
  stderr: string;
  code: number;
}

/** Runs dedel in this process with a fake Io: fast, for tables of cases and fuzzing. */
export async function runInProcess(
  argv: readonly string[],
  options: { stdin?: Uint8Array | string; stdinTTY?: boolean; env?: Record<string, string>; tty?: boolean; columns?: number; cwd?: string; inputLimit?: number; streamOver?: number; pieceBytes?: number; stdinIdentity?: { dev: number; ino: number } } = {},
): Promise<InProcessRun> {
  let stdout = '';
  let stderr = '';
  const bytes: Uint8Array[] = [];
  const io: Io = {
    stdout: (t) => void (typeof t === 'string' ? (stdout += t) : bytes.push(t)),
    stderr: (t) => void (stderr += t),
    readStdin: async () => (typeof options.stdin === 'string' ? new TextEncoder().encode(options.stdin) : (options.stdin ?? new Uint8Array())),
    env: options.env ?? {},
    stdoutIsTTY: options.tty ?? false,
    stdoutColumns: options.columns,
    cwd: options.cwd ?? ROOT,
    inputLimit: options.inputLimit,
    streamOver: options.streamOver,
    pieceBytes: options.pieceBytes,
    stdinIdentity: () => options.stdinIdentity,
    stdinIsTTY: () => options.stdinTTY === true,
  };
  const code = await run(argv, io);
  return { stdout, stderr, code, stdoutBytes: Buffer.concat(bytes) };
}

/**
 * Runs dedel in this process as runBin runs the bin (stdout a pipe, NO_COLOR, the same cwd and
 * standard input), for checks of an ordinary run's output, messages and exit code; what is
 * about the process itself (signals, pipes, a real stdin, the code cache) runs the bin.
 * `DEDEL_TEST_BIN=1 npx vitest run` runs every such case through the built bin as well and
 * fails where the two differ (but for runs that write files: init, --out).
 */
export async function runCli(args: readonly string[], options: Omit<BinOptions, 'userEnv'> = {}): Promise<BinRun> {
  const { stdout, stderr, code } = await runInProcess(args, {
    cwd: options.cwd ?? ROOT,
    env: { NO_COLOR: '1', ...options.env },
    ...(options.input !== undefined ? { stdin: typeof options.input === 'string' ? options.input : new Uint8Array(options.input) } : {}),
  });
  const result = { stdout, stderr, code };
  // A run that writes files (init, --out) is not run twice: the second would find the first's files.
  const writes = args[0] === 'init' || args.some((a) => a === '-o' || a.startsWith('--out'));
  if (process.env.DEDEL_TEST_BIN && !writes) expect(result, `in process and the bin differ on dedel ${args.join(' ')}`).toEqual(runBin(args, options));
  return result;
}

/** expectGolden for a run in this process (runCli); the golden end-to-end tests in test/e2e run the bin. */
export async function expectGoldenInProcess(name: string, args: readonly string[], options: Omit<BinOptions, 'userEnv'> = {}): Promise<BinRun> {
  const result = await runCli(args, options);
  checkGolden(name, args, result);
  return result;
}

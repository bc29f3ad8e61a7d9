import { run } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import { ROOT } from './bin.js';

export interface InProcessRun {
  stdout: string;
  stderr: string;
  code: number;
}

/** Runs dedel in this process with a fake Io: fast, for tables of cases and fuzzing. */
export async function runInProcess(
  argv: readonly string[],
  options: { stdin?: Uint8Array | string; env?: Record<string, string>; tty?: boolean; columns?: number; cwd?: string; inputLimit?: number; stdinIdentity?: { dev: number; ino: number } } = {},
): Promise<InProcessRun> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readStdin: async () => (typeof options.stdin === 'string' ? new TextEncoder().encode(options.stdin) : (options.stdin ?? new Uint8Array())),
    env: options.env ?? {},
    stdoutIsTTY: options.tty ?? false,
    stdoutColumns: options.columns,
    cwd: options.cwd ?? ROOT,
    inputLimit: options.inputLimit,
    stdinIdentity: () => options.stdinIdentity,
  };
  const code = await run(argv, io);
  return { stdout, stderr, code };
}

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = join(ROOT, 'bin/dedel.js');

export interface BinRun {
  stdout: string;
  stderr: string;
  code: number;
}

export interface BinOptions {
  cwd?: string;
  input?: string | Buffer;
  env?: Record<string, string>;
  /**
   * Keep NODE_EXTRA_CA_CERTS if the user's environment sets it. Otherwise it is left out:
   * dedel makes no network connection, and Node reads the whole file of certificates at every
   * start (tens of milliseconds, on each of the suite's runs of the bin).
   */
  userEnv?: boolean;
}

/** The environment a test runs the bin in: the user's, without colour, debug output or NODE_EXTRA_CA_CERTS (see BinOptions). */
export function binEnv(options: Pick<BinOptions, 'env' | 'userEnv'> = {}): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', DEDEL_DEBUG: '', ...options.env };
  delete env.FORCE_COLOR;
  if (!options.userEnv) delete env.NODE_EXTRA_CA_CERTS;
  return env;
}

/** Runs the built bin as a user would: `node bin/dedel.js …` from the repository root. */
export function runBin(args: readonly string[], options: BinOptions = {}): BinRun {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    input: options.input,
    env: binEnv(options),
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  return { stdout: result.stdout, stderr: result.stderr, code: result.status ?? -1 };
}

/**
 * Compares a run of the built bin with its golden file (`test/golden/NAME.md`), which records
 * the command, exit code, stdout and stderr. `UPDATE_GOLDEN=1 npm test` rewrites the files;
 * review the diff before committing.
 */
export function expectGolden(name: string, args: readonly string[], options: BinOptions = {}): BinRun {
  const run = runBin(args, options);
  checkGolden(name, args, run);
  return run;
}

/** Compares a run (of the bin, or in process) with its golden file; see expectGolden. */
export function checkGolden(name: string, args: readonly string[], run: BinRun): void {
  const text = [
    `# dedel ${args.map((a) => (/[\s"']/.test(a) ? JSON.stringify(a) : a)).join(' ')}`,
    '',
    `exit code: ${run.code}`,
    '',
    '## stdout',
    '',
    '```',
    run.stdout.replace(/\n$/, ''),
    '```',
    '',
    '## stderr',
    '',
    '```',
    run.stderr.replace(/\n$/, ''),
    '```',
    '',
  ].join('\n');
  const file = join(ROOT, 'test/golden', `${name}.md`);
  if (!existsSync(file) && process.env.CI) throw new Error(`missing golden file ${file}: run UPDATE_GOLDEN=1 npm test and commit it`);
  if (process.env.UPDATE_GOLDEN || !existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  expect(text).toBe(readFileSync(file, 'utf8'));
}

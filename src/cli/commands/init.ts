import { Command } from 'commander';
// Synchronous, as all of dedel's file access: node:fs/promises alone costs every run 1.5 ms to load.
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DataError, UsageError, visible } from '../../core/errors.js';
import type { Io } from '../io.js';
import { addHelpOption } from '../options.js';
import type { CommandResult } from '../result.js';
import { INIT_CENSUS, INIT_CENSUS_NAME, INIT_CONFIG, INIT_CONFIG_NAME } from '../init-template.js';

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Makes `full` and any folders above it that are missing, one at a time from the nearest that
 * exists. Node's own `mkdir(…, { recursive: true })` never returns where the system refuses a
 * folder with ENOENT though the folder above exists (`dedel init /proc/x` hung); made one at a
 * time, that refusal is an error like any other.
 */
function makeFolders(full: string): void {
  const missing: string[] = [];
  for (let at = full; ; ) {
    try {
      statSync(at);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      missing.push(at);
      const up = dirname(at);
      if (up === at) break;
      at = up;
    }
  }
  for (const folder of missing.reverse()) {
    try {
      mkdirSync(folder);
    } catch (error) {
      // Made by another process since the check: a folder is what was wanted.
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && statSync(folder).isDirectory()) continue;
      throw Object.assign(error as Error, { at: folder });
    }
  }
}

/**
 * `dedel init [dir]`: writes an example config and census that `dedel allocate census.csv
 * -c dedel.json` runs on. Refuses, writing nothing, when either file is already there: like
 * `--out` onto an input file, asking to write over the user's file is a usage error (exit 2).
 */
export async function runInit(dir: string | undefined, io: Io): Promise<CommandResult> {
  const folder = dir ?? '.';
  const full = resolve(io.cwd, folder);
  const files = [
    { name: INIT_CONFIG_NAME, text: INIT_CONFIG },
    { name: INIT_CENSUS_NAME, text: INIT_CENSUS },
  ];
  const present: string[] = [];
  for (const f of files) if (exists(join(full, f.name))) present.push(join(folder, f.name));
  if (present.length) {
    throw new UsageError(`${present.join(' and ')} already exist${present.length === 1 ? 's' : ''}; dedel init never overwrites a file: choose another folder (dedel init DIR) or move ${present.length === 1 ? 'it' : 'them'} away`);
  }
  try {
    makeFolders(full);
    // 'wx' fails rather than overwrite a file that appeared since the check.
    for (const f of files) writeFileSync(join(full, f.name), f.text, { flag: 'wx' });
  } catch (error) {
    // Said as dedel says a file it cannot read, not as Node's "EEXIST: file already exists, mkdir '/abs/path'".
    const code = (error as NodeJS.ErrnoException).code;
    const at = (error as { at?: string }).at;
    const reason =
      code === 'EEXIST' || code === 'ENOTDIR'
        ? 'it (or a folder above it) is a file, not a folder'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : code === 'ENOENT' && at !== undefined
            ? `the system refuses to make the folder ${visible(at)}`
            : code === 'EROFS'
              ? 'the disk is read-only'
              : code === 'ENOSPC'
                ? 'no space left on the device'
                : (code ?? (error as Error).message);
    throw new DataError(`cannot write the example files in ${visible(folder)}: ${reason}`);
  }
  const cd = folder === '.' ? '' : `cd ${/[\s"'$]/.test(folder) ? JSON.stringify(folder) : folder} && `;
  return {
    output: `Wrote ${join(folder, INIT_CONFIG_NAME)} and ${join(folder, INIT_CENSUS_NAME)}.\nNext: ${cd}dedel allocate ${INIT_CENSUS_NAME} -c ${INIT_CONFIG_NAME}\n`,
    diagnostics: [],
    inputs: [],
  };
}

export function initCommand(io: Io, done: (result: Promise<CommandResult>) => void): Command {
  const cmd = new Command('init')
    .description('write an example config (dedel.json) and census (census.csv) to start from; never overwrites')
    .argument('[dir]', 'folder to write them in (created if missing)', '.')
    .addHelpText('after', '\nExample:\n  dedel init budget-2025\n  cd budget-2025 && dedel allocate census.csv -c dedel.json');
  addHelpOption(cmd);
  return cmd.action((dir: string) => done(runInit(dir, io)));
}

import { Command } from 'commander';
import { compareAllocations, type CompareInput } from '../../core/compare.js';
import type { Diagnostic } from '../../core/types.js';
import { compareDoc } from '../../render/compare-doc.js';
import { readInput, type Io } from '../io.js';
import { addOutputOptions, type OutputFlags } from '../options.js';
import { tableResult, type CommandResult } from '../result.js';

const label = (path: string) => (path === '-' ? '<stdin>' : path);

function onlyIn(rows: readonly CompareInput[], file: string, other: string): Diagnostic[] {
  if (rows.length === 0) return [];
  const names = rows.map((r) => (r.urn !== '' ? `${r.school} (${r.urn})` : r.school));
  return [
    {
      level: 'warning',
      code: 'unmatched',
      message: `${rows.length} school${rows.length === 1 ? '' : 's'} only in ${file}, not in ${other} (counted as 0 there): ${names.join('; ')}`,
    },
  ];
}

/** `dedel compare <before> <after>`: per-school change in total between two allocations. */
export async function runCompare(beforePath: string, afterPath: string, flags: OutputFlags, io: Io): Promise<CommandResult> {
  // csv-parse is loaded only for compare (and cost plans), not on every start.
  const { readAllocationOutput } = await import('../../io/allocation-output.js');
  const before = readAllocationOutput(await readInput(beforePath, io), label(beforePath));
  const after = readAllocationOutput(await readInput(afterPath, io), label(afterPath));
  const result = compareAllocations(before.rows, after.rows, { before: before.file, after: after.file });
  const doc = compareDoc(result, { before: before.file, after: after.file, places: Math.max(before.places, after.places) });
  doc.diagnostics = [
    ...before.diagnostics,
    ...after.diagnostics,
    ...onlyIn(result.onlyBefore, before.file, after.file),
    ...onlyIn(result.onlyAfter, after.file, before.file),
  ];
  return tableResult(doc, flags, io, [beforePath, afterPath]);
}

export function compareCommand(io: Io, done: (result: Promise<CommandResult>) => void): Command {
  const cmd = new Command('compare')
    .description("per-school change in total between two allocations (dedel allocate's csv or json output)")
    .argument('<before>', 'allocation written by dedel allocate --format csv or json (- for stdin)')
    .argument('<after>', 'the allocation to compare it with')
    .addHelpText(
      'after',
      '\nSchools are matched on urn, else on school name; Total rows are skipped.\n\nExample:\n  dedel allocate census.csv --rate 5.10 -f csv -o at-5.10.csv\n  dedel allocate census.csv --rate 5.61 -f csv -o at-5.61.csv\n  dedel compare at-5.10.csv at-5.61.csv --format md',
    );
  addOutputOptions(cmd);
  return cmd.action((before: string, after: string, flags: OutputFlags) => done(runCompare(before, after, flags, io)));
}

import { CommanderError } from 'commander';
import { DataErrors, DedelError, EXIT } from '../core/errors.js';
import type { Diagnostic } from '../core/types.js';
import { guardOut, writeAtomic, type Io } from './io.js';
import { createProgram } from './program.js';
import { noteArgv } from './provenance.js';
import type { CommandResult } from './result.js';

function printDiagnostics(diagnostics: readonly Diagnostic[], io: Io): void {
  for (const d of diagnostics) io.stderr(`dedel: ${d.level}: ${d.message}\n`);
}

/**
 * Runs dedel on argv (without node and script) and returns the exit code. Output reaches
 * stdout or --out only when the command succeeded as a whole.
 */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  let pending: Promise<CommandResult> | undefined;
  const program = createProgram(io, (result) => {
    pending = result;
  });
  noteArgv(io, argv);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    if (!pending) return EXIT.ok;
    const result = await pending;
    if (result.out !== undefined) await guardOut(result.out, result.inputs, io);
    if (!result.quiet) printDiagnostics(result.diagnostics, io);
    if (result.out !== undefined) await writeAtomic(result.out, result.output, io);
    else if (typeof result.output === 'string' || result.output instanceof Uint8Array) io.stdout(result.output);
    else for (const piece of result.output) io.stdout(piece);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help asked for is success; help shown because a command was missing is a usage error.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.ok;
      if (error.code === 'commander.help' && error.exitCode === 0) return EXIT.ok;
      return EXIT.usage;
    }
    if (io.env.DEDEL_DEBUG) io.stderr(`${(error as Error).stack}\n`);
    if (error instanceof DataErrors) {
      for (const p of error.problems) io.stderr(`dedel: error: ${p.message}\n`);
      return error.exitCode;
    }
    if (error instanceof DedelError) {
      // A message of several problems prints one `dedel: error:` line each.
      for (const line of error.message.split('\n')) io.stderr(`dedel: error: ${line}\n`);
      return error.exitCode;
    }
    io.stderr(`dedel: internal error: ${(error as Error)?.message ?? String(error)} (DEDEL_DEBUG=1 shows the details)\n`);
    return EXIT.data;
  }
}

import { CommanderError } from 'commander';
import { DataError, DataErrors, DedelError, EXIT, quote, safeLine } from '../core/errors.js';
import type { Diagnostic } from '../core/types.js';
import { nearMatches } from '../core/near-matches.js';
import { foldProblems, messageText, problemText } from '../render/message.js';
import { guardOut, writeAtomic, type Io } from './io.js';
import { COMMAND_NAMES, createProgram } from './program.js';
import { noteArgv } from './provenance.js';
import type { CommandResult } from './result.js';

/** Every line dedel prints on stderr goes through here: one line each, escaped and bounded. */
function say(io: Io, prefix: string, message: string): void {
  io.stderr(`${prefix}${safeLine(message)}\n`);
}

function printDiagnostics(diagnostics: readonly Diagnostic[], io: Io): void {
  for (const d of diagnostics) say(io, `dedel: ${d.level}: `, messageText(d.message));
}

/** A failed write on stdout or stderr as a data error naming the stream. */
function streamError(error: Error & { stream?: string; code?: string }): DataError {
  const why = error.code === 'ENOSPC' ? 'no space left on the device' : (error.code ?? error.message);
  return new DataError(`cannot write to ${error.stream ?? 'standard output'}: ${why}`);
}

async function flushed(io: Io): Promise<void> {
  try {
    await io.flush?.();
  } catch (error) {
    throw streamError(error as Error);
  }
}

/**
 * `dedel nosuchcommand --help` would print the program's help and succeed: a command name
 * that is not one is an error first, whatever follows it.
 */
function unknownCommand(argv: readonly string[], names: ReadonlySet<string>): string | undefined {
  const [first, second] = argv;
  if (first === undefined || first.startsWith('-')) return undefined;
  if (first === 'help') return second !== undefined && !second.startsWith('-') && !names.has(second) ? second : undefined;
  return names.has(first) ? undefined : first;
}

/**
 * `dedel -h allocate` (or `--help allocate`) printed the program's help, not allocate's: commander
 * acts on the first `-h` it meets. Read as `dedel help allocate`, as `dedel allocate -h` is, so a
 * command name that is not one is an error there too.
 */
function helpFirst(argv: readonly string[]): readonly string[] {
  const [first, second, ...rest] = argv;
  if ((first === '-h' || first === '--help') && second !== undefined && !second.startsWith('-')) return ['help', second, ...rest];
  return argv;
}

/**
 * An argument that ends in a carriage return comes from a script saved with Windows (CRLF) line
 * ends: the shell keeps the CR on each line's last word. Read as given it is a file named
 * `appendix-b.csv\r` (written as a table, not csv), or an option commander does not know and
 * prints back unchanged (`unknown option '--foot'`). Refused, naming the argument with its CR
 * shown.
 */
function carriageReturn(argv: readonly string[]): string | undefined {
  const at = argv.findIndex((arg) => arg.endsWith('\r'));
  if (at < 0) return undefined;
  return `argument ${quote(argv[at]!)} ends in a carriage return (\\r): the script that ran dedel has Windows (CRLF) line ends; save it with LF line ends (dos2unix FILE) and run it again`;
}

/**
 * Runs dedel on argv (without node and script) and returns the exit code. Output reaches
 * stdout or --out only when the command succeeded as a whole.
 */
export async function run(given: readonly string[], io: Io): Promise<number> {
  const argv = helpFirst(given);
  let pending: Promise<CommandResult> | undefined;
  const program = createProgram(
    io,
    (result) => {
      pending = result;
    },
    argv,
  );
  noteArgv(io, given);
  try {
    const cr = carriageReturn(argv);
    if (cr !== undefined) {
      say(io, 'dedel: error: ', cr);
      return EXIT.usage;
    }
    const unknown = unknownCommand(argv, COMMAND_NAMES);
    if (unknown !== undefined) {
      const near = nearMatches(unknown, [...COMMAND_NAMES], 3);
      say(io, 'dedel: error: ', `unknown command '${unknown}'${near.length ? `; did you mean ${near.join(' or ')}?` : ''}`);
      io.stderr('(run with --help for usage)\n');
      return EXIT.usage;
    }
    await program.parseAsync([...argv], { from: 'user' });
    if (!pending) return EXIT.ok;
    const result = await pending;
    if (result.out !== undefined) await guardOut(result.out, result.inputs, io);
    if (!result.quiet) printDiagnostics(result.diagnostics, io);
    // A warning that could not be written fails the run before any output is.
    await flushed(io);
    if (result.out !== undefined) await writeAtomic(result.out, result.output, io);
    else if (typeof result.output === 'string' || result.output instanceof Uint8Array) io.stdout(result.output);
    else {
      for (const piece of result.output) {
        if (io.writeFailure?.()) break;
        io.stdout(piece);
        // A pipe read slowly holds back the next piece: the table is never all in memory.
        if (io.stdoutReady) await io.stdoutReady();
      }
    }
    await flushed(io);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help asked for is success, once it is written (`dedel --help > /dev/full` said nothing and
      // exited 0); help shown because a command was missing is a usage error.
      const asked = error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || (error.code === 'commander.help' && error.exitCode === 0);
      if (!asked) return EXIT.usage;
      try {
        await flushed(io);
      } catch (failed) {
        say(io, 'dedel: error: ', (failed as DataError).message);
        return (failed as DataError).exitCode;
      }
      return EXIT.ok;
    }
    if (io.env.DEDEL_DEBUG) io.stderr(`${(error as Error).stack}\n`);
    if (error instanceof DataErrors) {
      for (const line of foldProblems(error.problems)) say(io, 'dedel: error: ', line);
      return error.exitCode;
    }
    if (error instanceof DedelError) {
      // A message of several problems prints one `dedel: error:` line each.
      for (const line of problemText(error).split('\n')) say(io, 'dedel: error: ', line);
      return error.exitCode;
    }
    say(io, 'dedel: internal error: ', `${(error as Error)?.message ?? String(error)} (DEDEL_DEBUG=1 shows the details)`);
    return EXIT.data;
  }
}

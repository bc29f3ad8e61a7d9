import { Command } from 'commander';
import { allocateCommand } from './commands/allocate.js';
import { checkCommand } from './commands/check.js';
import { compareCommand } from './commands/compare.js';
import { explainCommand } from './commands/explain.js';
import { initCommand } from './commands/init.js';
import { schemaCommand } from './commands/schema.js';
import { ratesCommand } from './commands/rates.js';
import { splitCommand } from './commands/split.js';
import { costsCommand } from './commands/costs.js';
import { decisionsCommand } from './commands/decisions.js';
import { buyBackCommand } from './commands/buy-back.js';
import { convertCommand } from './commands/convert.js';
import { paperCommand } from './commands/paper.js';
import { UsageError, quote, safeLine } from '../core/errors.js';
import { listed } from '../core/messages.js';
import type { Io } from './io.js';
import { checkOneStdin } from './input-file.js';
import { refuseRepeatedFlags } from './options.js';
import type { CommandResult } from './result.js';
import { VERSION } from './version.js';

/**
 * `--out "b.csv "` (a space copied with a path) wrote a terminal table to a file named
 * `b.csv ` without a word: the name no longer ended in .csv, and the file looks like b.csv in a
 * listing. A name that starts or ends with a space (or a no-break space) is refused rather than
 * trimmed, so no file is written under a name other than the one given.
 */
function refuseSpacedOut(out: unknown): void {
  if (typeof out !== 'string') return;
  const lead = /^\s/.test(out);
  const trail = /\s$/.test(out);
  if (!lead && !trail) return;
  if (out.trim() === '') throw new UsageError(`--out ${quote(out)} is no file name, only spaces; give a file name`);
  const at = lead && trail ? 'at its start and end' : lead ? 'at its start' : 'at its end';
  throw new UsageError(`--out ${quote(out)} has a space ${at} (copied with the path?), which the file's name would keep; give the name without it: ${quote(out.trim())}`);
}

/** The arguments and options that name a file or folder to read or write (`--out` has its own check). */
const FILE_ARGUMENTS = new Set(['census', 'plan', 'proposal', 'before', 'after', 'dir']);
const FILE_OPTIONS = ['config', 'perPupil', 'beforeConfig', 'census'] as const;

/**
 * `dedel allocate "$CENSUS"` with the variable unset gave an empty name, which was read as the
 * current folder: "cannot read : it is a folder", exit 1 (`dedel init ''` wrote into the current
 * folder and said `cd  && …`). An empty file name is bad usage, as `--out ''` is: exit 2, naming
 * the argument.
 */
function refuseEmptyNames(command: Command): void {
  command.registeredArguments.forEach((argument, i) => {
    if (FILE_ARGUMENTS.has(argument.name()) && command.args[i] === '') {
      const or = argument.name() === 'dir' ? ' (a folder)' : argument.name() === 'proposal' ? '' : ', or - for standard input';
      throw new UsageError(`<${argument.name()}> is empty; give a file name${or}`);
    }
  });
  for (const key of FILE_OPTIONS) {
    if (command.getOptionValue(key) !== '') continue;
    const option = command.options.find((o) => o.attributeName() === key);
    throw new UsageError(`${option?.long ?? key} is empty; give a file name`);
  }
}

/** Words people type for a format: `--csv` is `--format csv`. */
const FORMAT_WORDS: Readonly<Record<string, string>> = { table: 'table', csv: 'csv', tsv: 'tsv', md: 'md', markdown: 'md', html: 'html', json: 'json', xlsx: 'xlsx', excel: 'xlsx', docx: 'docx', word: 'docx' };

/**
 * What an unknown option most likely meant, where commander's guess by spelling is wrong:
 * `--csv` is `--format csv` (it suggested nothing), `--silent` is `--quiet` (it suggested
 * `--sheet`), `--colour` asks for colour (it suggested `--column`). Undefined leaves commander's.
 */
function meant(flag: string, command: Command): string | undefined {
  const has = (long: string) => command.options.find((o) => o.long === long && !o.hidden);
  const word = /^--([a-z]+)$/.exec(flag)?.[1];
  const format = word !== undefined ? FORMAT_WORDS[word] : undefined;
  const choices = has('--format')?.argChoices;
  if (format !== undefined && choices?.includes(format)) return `(Did you mean --format ${format}?)`;
  if (/^--colou?rs?$/.test(flag) && has('--no-color')) return '(colour is on by itself in a terminal, and off in a pipe or file; --no-color turns it off)';
  if (/^--(silent|no-warnings?)$/.test(flag) && has('--quiet')) return '(Did you mean --quiet?)';
  return undefined;
}

/**
 * The commands that take an option this one does not (`dedel costs --foot`): commander
 * suggested an option of this command spelt alike (`--out`), which did nothing of the kind.
 * Asked only once an option is unknown: the other commands are made then, not at every start.
 */
function elsewhere(flag: string, command: Command, io: Io): string | undefined {
  const long = /^--[a-z][a-z-]*/.exec(flag)?.[0];
  if (long === undefined) return undefined;
  const owners = COMMANDS.filter(([name, make]) => name !== command.name() && make(io, () => {}).options.some((o) => o.long === long && !o.hidden)).map(([name]) => name);
  return owners.length === 0 ? undefined : `(${long} is an option of ${listed(owners)}; ${command.name()} does not take it)`;
}

/**
 * What arguments past those a command takes most likely meant: a school's name typed without
 * quotes (`dedel explain census.csv Robin Hood`), or a rate given without its flag
 * (`dedel allocate census.csv 5.10`). Commander said only how many were expected.
 */
function meantArguments(received: readonly string[], command: Command): string | undefined {
  const names = command.registeredArguments.map((a) => a.name());
  const school = names.indexOf('school');
  if (school >= 0 && received.length > school + 1) {
    return `(a school's name with spaces is one argument: quote it, ${quote(received.slice(school).join(' '))})`;
  }
  const extra = received.slice(names.length);
  const has = (long: string) => command.options.some((o) => o.long === long);
  if (extra.length === 1 && /^\d[\d,]*(\.\d+)?$/.test(extra[0]!) && has('--rate')) return `(Did you mean --rate ${extra[0]}?)`;
  // `--rate primary=5.10 secondary=6`: the second pair after one flag.
  const pair = extra.find((a) => /^[A-Za-z][\w -]*=\S/.test(a));
  if (pair !== undefined && has('--rate')) return `(one PHASE=VALUE to each flag: give the flag again before ${quote(pair)}, as in --rate primary=5.83 --rate secondary=7.92)`;
  return undefined;
}

/** Commander's unknown-option and too-many-arguments errors, with dedel's own guess where it has one. */
function guessUnknownOptions(command: Command, io: Io): Command {
  const commander = command as unknown as { unknownOption(flag: string): void; _excessArguments(received: string[]): void };
  const unknownOption = commander.unknownOption.bind(command);
  commander.unknownOption = (flag: string) => {
    const guess = meant(flag, command) ?? elsewhere(flag, command, io);
    if (guess === undefined) return unknownOption(flag);
    command.error(`error: unknown option '${flag}'\n${guess}`, { code: 'commander.unknownOption' });
  };
  const excessArguments = commander._excessArguments.bind(command);
  commander._excessArguments = (received: string[]) => {
    const guess = meantArguments(received, command);
    if (guess === undefined) return excessArguments(received);
    const expected = command.registeredArguments.length;
    command.error(`error: too many arguments for '${command.name()}'. Expected ${expected} argument${expected === 1 ? '' : 's'} but got ${received.length}.\n${guess}`, { code: 'commander.excessArguments' });
  };
  return command;
}

type Make = (io: Io, done: (result: Promise<CommandResult>) => void) => Command;
/** Each command by name, in the order help lists them. */
const COMMANDS: readonly (readonly [string, Make])[] = [
  ['allocate', allocateCommand],
  ['check', checkCommand],
  ['explain', explainCommand],
  ['compare', compareCommand],
  ['init', initCommand],
  ['schema', schemaCommand],
  ['rates', ratesCommand],
  ['split', splitCommand],
  ['costs', costsCommand],
  ['decisions', decisionsCommand],
  ['buy-back', buyBackCommand],
  ['convert', convertCommand],
  ['paper', paperCommand],
];
export const COMMAND_NAMES: ReadonlySet<string> = new Set(COMMANDS.map(([name]) => name));

/**
 * The dedel program: one `addCommand` per command; no command here ends the process itself.
 * Where argv names a command, only that command is made (making every command's options is
 * a measurable part of a short run's start); help and usage errors without one make them all.
 */
export function createProgram(io: Io, done: (result: Promise<CommandResult>) => void, argv: readonly string[] = []): Command {
  // Usage errors read like dedel's own: `dedel: error: unknown option '-f'`, and quote what
  // the user typed as dedel's messages do, escapes shown (an unknown option `--ra\x1b[31mte`
  // would otherwise turn the terminal red).
  const shown = (text: string) => text.split('\n').map(safeLine).join('\n');
  const output = { writeOut: io.stdout, writeErr: io.stderr, outputError: (text: string, write: (t: string) => void) => write(`dedel: ${shown(text)}`) };
  const program = new Command('dedel')
    .description('School budget de-delegation and per-pupil charges, with exact decimal arithmetic')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .configureOutput(output)
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', '\nExamples:\n  dedel init && dedel allocate census.csv -c dedel.json\n  dedel allocate census.csv --rate 5.10\n  dedel explain census.csv "Robin Hood Infants\' School" --rate 5.10 --foot\n\nExit codes: 0 ok, 1 bad data or config, 2 bad usage, 3 a check failed.');
  const add = (cmd: Command) => program.addCommand(guessUnknownOptions(refuseRepeatedFlags(cmd), io).exitOverride().configureOutput(output));
  // Standard input can be one input only: refused before anything is read.
  program.hook('preAction', (_program, command) => {
    // `--out -` is standard output, as `-` is standard input: it wrote a file named "-".
    if (command.getOptionValue('out') === '-') command.setOptionValue('out', undefined);
    refuseSpacedOut(command.getOptionValue('out'));
    const options = command.opts<{ config?: unknown; perPupil?: unknown }>();
    refuseEmptyNames(command);
    checkOneStdin([
      ...command.registeredArguments.map((a, i) => ({ name: `<${a.name()}>`, value: command.processedArgs[i] })),
      { name: '--config', value: options.config },
      { name: '--per-pupil', value: options.perPupil },
    ]);
  });
  const named = argv[0] !== undefined && COMMAND_NAMES.has(argv[0]) ? argv[0] : undefined;
  for (const [name, make] of COMMANDS) if (named === undefined || name === named) add(make(io, done));
  return program;
}

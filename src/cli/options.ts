import { Command, InvalidArgumentError, Option } from 'commander';
import { quote, UsageError } from '../core/errors.js';
import { wordKey } from '../core/names.js';
import { FORMATS, type ColumnChoice, type Format, type RenderOptions } from '../render/model.js';
import type { Io } from './io.js';
import type { PlanFlags } from '../io/plan.js';

/** The parser of every repeatable flag: each value added to the list (refuseRepeatedFlags knows them by it). */
export const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/**
 * An option that takes one of a few words, read in any case and with spaces for hyphens
 * (`--rounding Half-up`, `--format CSV`), as the config's words are; commander's own choices
 * take the exact word only. The words are listed in the help as commander lists choices.
 */
export function oneOf(option: Option, words: readonly string[]): Option {
  return option.choices(words).argParser((value: string) => {
    const word = words.find((w) => wordKey(w) === wordKey(value));
    if (word === undefined) throw new InvalidArgumentError(`Allowed choices are ${words.join(', ')}.`);
    return word;
  });
}

/**
 * A flag that takes one value, given twice with different values (`--round 1 --round 100`,
 * `-c a.json -c b.json`), is bad usage, as `--rate` twice is: commander would keep the last and
 * say nothing, so a script that added a second by mistake printed a table to rules it did not
 * mean. The same value twice is let through. Repeatable flags (`--rate PHASE=RATE`, `--column`)
 * collect their values and are not counted here.
 */
export function refuseRepeatedFlags(cmd: Command): Command {
  for (const option of cmd.options) {
    if (!option.required || option.parseArg === collect) continue;
    let first: string | undefined;
    cmd.on(`option:${option.name()}`, (value: string) => {
      if (first === undefined) first = value;
      else if (value !== first) throw new UsageError(`${option.long ?? option.short} given twice, as ${quote(first)} and ${quote(value)}; give it once`);
    });
  }
  return cmd;
}

/** A flag value that may not be empty (`--out ''` names no file; `--months ''` no periods). */
const nonEmpty =
  (what: string) =>
  (value: string): string => {
    if (value.trim() === '') throw new InvalidArgumentError(`expected ${what}, not an empty value.`);
    return value;
  };

/** Options every command that prints a table shares (STYLE §5): defined once, one help heading. */
export interface OutputFlags {
  format: Format;
  out?: string;
  quiet?: boolean;
  color: boolean;
  bom?: boolean;
  standalone?: boolean;
  columns?: string;
  header?: string[];
}

/** Options of commands that read a census and a config. */
export interface InputFlags {
  config?: string;
  column?: string[];
  encoding?: string;
  la?: string;
}

export function addOutputOptions(cmd: Command): Command {
  return cmd
    .optionsGroup('Shared options:')
    .addOption(oneOf(new Option('-f, --format <format>', 'output format'), FORMATS).default('table'))
    .option('-o, --out <file>', 'write the result to FILE (atomically) instead of stdout', nonEmpty('a file name'))
    .option('-q, --quiet', 'drop warnings')
    .option('--no-color', 'no colour (NO_COLOR does the same)')
    .option('--bom', 'csv, tsv: start with a byte-order mark and end lines with CRLF, for Excel')
    .option('--standalone', 'html: a whole document (title, borders, print CSS for A4 landscape), not a fragment')
    .option('--columns <list>', 'print these columns, in this order, e.g. school,status,nor,de_delegation,per_pupil', (value: string) => {
      // `--columns "$COLUMNS"` with the variable unset (or ' , ') named no column and printed them all.
      if (!value.split(',').some((name) => name.trim() !== '')) throw new InvalidArgumentError('expected column names such as school,nor,total, not an empty list.');
      return value;
    })
    .option('--header <field=text>', 'rename a column, e.g. nor="NOR October 22" (repeatable)', collect)
    .optionsGroup('Shared options:')
    .helpOption(true)
    .hook('preAction', (command) => {
      // Without --format, `--out FILE.csv` writes csv, `FILE.html` HTML (a whole document, see
      // htmlStandalone), `FILE.xlsx` a workbook, and so on; a Word or PDF name is refused.
      const out = command.getOptionValue('out') as string | undefined;
      if (out !== undefined && command.getOptionValueSource('format') === 'default') command.setOptionValue('format', formatOfOut(out));
      else if (out !== undefined && out !== '-') {
        // `--format csv --out table.xlsx` wrote csv under a workbook's name, which Excel refuses to
        // open: a name that asks for another of these formats contradicts --format (a name of no
        // format, `.txt`, is written as asked).
        const named = BY_EXTENSION[extensionOf(out)];
        const asked = command.getOptionValue('format') as Format;
        if (named !== undefined && named !== asked) throw new UsageError(`--format ${asked} --out ${out}: the name asks for ${named}, --format for ${asked}; give one (without --format, the name's extension chooses)`);
      }
      // --standalone is a whole HTML page: alone it asks for html; beside another format it was ignored without a word.
      if (command.getOptionValue('standalone') === true) {
        if (command.getOptionValueSource('format') === 'default') command.setOptionValue('format', 'html');
        const asked = command.getOptionValue('format') as Format;
        if (asked !== 'html') throw new UsageError(`--standalone is for html, a whole page; --format ${asked} has no page to make (give --format html, or leave out --standalone)`);
      }
      // A byte-order mark is for the text Excel opens (csv, tsv); elsewhere it would be ignored or break the file.
      const format = command.getOptionValue('format') as Format;
      if (command.getOptionValue('bom') === true && format !== 'csv' && format !== 'tsv') {
        throw new UsageError(`--bom is for csv and tsv, which Excel opens as text; --format ${format} takes none`);
      }
    });
}

const HTML_FILE = /\.html?$/i;

/** The format a file's name asks for (`table` for any other name, such as `.txt`). */
const BY_EXTENSION: Record<string, Format> = { html: 'html', htm: 'html', xlsx: 'xlsx', csv: 'csv', tsv: 'tsv', tab: 'tsv', md: 'md', markdown: 'md', json: 'json' };
const NOT_WRITTEN = new Set(['docx', 'doc', 'pdf', 'xls', 'xlsm', 'xlsb', 'ods', 'odt', 'rtf']);

/** A file name's extension in lower case, without its dot (`''` for none). */
const extensionOf = (name: string): string => /\.([A-Za-z]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';

/**
 * The format `--out FILE` gives where --format is not: its extension's, or the table. A name
 * for a file these formats are not (a Word document, a PDF, an old workbook) is refused: a
 * table written under it would not open.
 */
export function formatOfOut(out: string): Format {
  const ext = extensionOf(out);
  if (NOT_WRITTEN.has(ext)) {
    throw new UsageError(`--out ${out}: this command writes ${FORMATS.join(', ')}, not .${ext}; for Word, --out FILE.html (Word opens it) or dedel paper --out FILE.docx; for Excel, --out FILE.xlsx`);
  }
  return BY_EXTENSION[ext] ?? 'table';
}

/** HTML is a whole document with --standalone, or when written to a .html file; a fragment for pasting otherwise. */
export function htmlStandalone(flags: Pick<OutputFlags, 'format' | 'out' | 'standalone'>): boolean {
  return flags.format === 'html' && (flags.standalone === true || (flags.out !== undefined && HTML_FILE.test(flags.out)));
}

/** Puts -h, --help under the "Shared options:" heading, for commands without output options. */
export function addHelpOption(cmd: Command): Command {
  return cmd.optionsGroup('Shared options:').helpOption(true);
}

/** `-c, --config` alone, under "Shared options:", for a command that reads a config but no census (decisions). */
export function addConfigOption(cmd: Command, config = 'config file (JSON); optional'): Command {
  return cmd.optionsGroup('Shared options:').option('-c, --config <file>', config);
}

export function addInputOptions(cmd: Command, config = 'config file (JSON); optional'): Command {
  return addConfigOption(cmd, config)
    .option('--column <field=header>', 'map a field to a census header, e.g. nor="NOR October 22" (repeatable)', collect)
    .option('--encoding <name>', 'census encoding: utf-8, windows-1252 or cp850 (default: detected)')
    .option('--sheet <name>', 'an .xlsx census: the sheet to read (default: the first not hidden)')
    .option('--la <names>', 'a census of several local authorities: the one(s) to read, by name or code, e.g. "Cambridgeshire" or 873 (comma-separated)');
}

/** Flags shared by `allocate`, `rates` and `explain`. */
export function addPlanOptions(cmd: Command): Command {
  return cmd
    .optionsGroup('Rates and rounding:')
    .option('--rate <rate>', 'rate per unit: 5.10, or PHASE=RATE per phase (repeatable)', collect)
    .option('--target <amount>', 'amount to recover: 1160000, or PHASE=AMOUNT per phase (repeatable)', collect)
    .option('--weight <phase=weight>', 'relative rate per phase for one target, e.g. primary=2 (repeatable)', collect)
    .option('--rate-unit <unit>', 'round a solved rate half-up to this unit, e.g. 0.01')
    .option('--basis <field>', 'census field charged on: nor (default), sen, fsm …, or school')
    .option('--service <name>', 'the service the flags define or change (default: De-delegation)')
    .option('--round <unit>', 'round amounts to this unit: 0.01, 1 (default), 100 …')
    .addOption(oneOf(new Option('--rounding <mode>', 'rounding mode'), ['half-up', 'half-even', 'down', 'up']))
    .option('--foot', 'foot by largest remainder: rows add up to the rounded exact total')
    .option('--no-foot', 'round each row on its own (default)')
    .option('--phases <list>', 'phases charged, e.g. primary,secondary')
    .option('--statuses <list>', 'statuses charged: maintained (default), all, or a list')
    .addOption(oneOf(new Option('--all-through <rule>', 'all-through schools: split by phase, deemed primary or secondary, or none (default auto: split where the census has the parts)'), ['auto', 'split', 'primary', 'secondary', 'none']))
    .option('--phase-word <word=phase>', 'read a census phase word as a phase, e.g. Middle=secondary (repeatable)', collect)
    .option('--status-word <word=status>', 'read a census status word as a status, e.g. Comm=community (repeatable)', collect)
    .option('--months <list>', 'period split columns, e.g. 5,7 (months adding up to 12)', nonEmpty('months such as 5,7'))
    .option('--labels <list>', 'labels of the periods, e.g. "De-delegated,Buy-back"')
    .option('--title <text>', 'title line above the table')
    .option('--convert <urn=month>', 'a school that converts to an academy in MONTH: charged for the months (from April) before (repeatable)', collect)
    .optionsGroup('Checks:')
    .option('--check-total <amount>', 'fail (exit 3) unless the printed Total equals AMOUNT')
    .option('--all', 'also list schools not charged, with the reason')
    .option('--strict', 'fail (exit 3) on a control-total mismatch, all-through parts that do not add up to NOR, an all-through school left undecided, or a run that charges no school');
}

type UnusedPlanFlag = 'months' | 'labels' | 'all' | 'foot';

/**
 * Plan flags a command takes from `addPlanOptions` but has no use for: refused (exit 2), each
 * with what it does and why this command takes none of it, rather than passed by without a word.
 */
export function refuseUnusedPlanFlags(flags: PlanCommandFlags, why: Partial<Record<UnusedPlanFlag, string>>): void {
  for (const [key, reason] of Object.entries(why) as [UnusedPlanFlag, string][]) {
    if (flags[key] !== undefined && flags[key] !== false) throw new UsageError(`--${key} ${reason}`);
  }
}

/** Leaves the plan flags a command refuses (`refuseUnusedPlanFlags`) out of its help. */
export function hidePlanFlags(cmd: Command, unused: readonly UnusedPlanFlag[]): void {
  for (const option of cmd.options) if (unused.some((key) => option.long === `--${key}`)) option.hideHelp();
}

export type PlanCommandFlags = PlanFlags & InputFlags & OutputFlags & { checkTotal?: string; all?: boolean; strict?: boolean };

/**
 * Colour only on a colour terminal (README "Terminal tables"): never with --no-color, NO_COLOR,
 * FORCE_COLOR=0 (or false), or --out, and never on a dumb terminal (TERM=dumb: Emacs's shell,
 * a serial console), which prints an escape code as the characters `^[[1m`.
 */
export function useColor(flags: Pick<OutputFlags, 'color' | 'out' | 'format'>, env: Readonly<Record<string, string | undefined>>, isTTY: boolean): boolean {
  const forcedOff = env.FORCE_COLOR === '0' || env.FORCE_COLOR?.toLowerCase() === 'false';
  return flags.format === 'table' && flags.color !== false && !env.NO_COLOR && !forcedOff && env.TERM !== 'dumb' && !flags.out && isTTY;
}

/**
 * The width a terminal table folds to, only when the table goes to a terminal (never piped,
 * never with --out, so a file or a pipe always gets the whole table, unfolded): `COLUMNS` where
 * it is set to a width, as `ls` and Python read it (a terminal that reports no size, under
 * `script` or some remote shells, folded nothing), else the terminal's own.
 */
export function terminalWidth(flags: Pick<OutputFlags, 'out' | 'format'>, io: Pick<Io, 'stdoutIsTTY' | 'stdoutColumns' | 'env'>): number | undefined {
  if (flags.format !== 'table' || flags.out || !io.stdoutIsTTY) return undefined;
  const set = /^\s*(\d{1,5})\s*$/.exec(io.env.COLUMNS ?? '')?.[1];
  const fromEnv = set === undefined ? 0 : Number.parseInt(set, 10);
  if (fromEnv > 0) return fromEnv;
  const columns = io.stdoutColumns;
  return columns !== undefined && columns > 0 ? columns : undefined;
}

/** How a command's table is rendered: colour and terminal width as decided here, once. */
export function renderOptions(flags: OutputFlags, io: Io): RenderOptions {
  return { color: useColor(flags, io.env, io.stdoutIsTTY), bom: flags.bom === true, width: terminalWidth(flags, io), standalone: htmlStandalone(flags) };
}

/**
 * The columns and headers chosen by flags, over those of the config (`output`): each flag
 * replaces the config's choice of the same kind; a `--header` renames on top of the config's.
 */
export function columnChoice(flags: Pick<OutputFlags, 'columns' | 'header'>, config: ColumnChoice = {}): ColumnChoice {
  // Column keys are in NFC (README "Column keys"); a key typed decomposed (as some keyboards and macOS file names give é) names the same column.
  const key = (text: string) => text.trim().normalize('NFC');
  const headers: Record<string, string> = Object.fromEntries(Object.entries(config.headers ?? {}).map(([k, v]) => [key(k), v]));
  const given = new Set<string>();
  for (const pair of flags.header ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`--header ${pair}: expected FIELD=TEXT, e.g. nor="NOR October 22"`);
    const field = key(pair.slice(0, at));
    // Two --header flags for one column: which was meant? (One over the config's header is a rename on top of it.)
    if (given.has(field) && headers[field] !== pair.slice(at + 1)) throw new UsageError(`--header ${field} given twice, as ${quote(headers[field]!)} and ${quote(pair.slice(at + 1))}; give one`);
    given.add(field);
    headers[field] = pair.slice(at + 1);
  }
  const columns = (flags.columns !== undefined ? flags.columns.split(',') : (config.columns ?? [])).map(key).filter(Boolean);
  return { ...(columns?.length ? { columns } : {}), ...(Object.keys(headers).length ? { headers } : {}) };
}

export function requireFormat(format: string): Format {
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format "${format}"; expected ${FORMATS.join(', ')}`);
  return format as Format;
}

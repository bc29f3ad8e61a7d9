import { Command, Option } from 'commander';
import { allocate } from '../../core/allocate.js';
import { UsageError } from '../../core/errors.js';
import { compareYears, yearFromAllocation, type SchoolChange, type YearOnYear, type YearSide } from '../../core/year-on-year.js';
import type { Diagnostic } from '../../core/types.js';
import { NOTE_TEXT, schoolChangeDoc, serviceChangeDoc } from '../../render/year-on-year-doc.js';
import { openCensus, readInput, type Io } from '../io.js';
import { censusFile, loadSettings, readSchools } from '../load.js';
import { addOutputOptions, collect, type OutputFlags, type PlanCommandFlags } from '../options.js';
import { tableResult, type CommandResult } from '../result.js';

export interface CompareFlags extends OutputFlags {
  by: 'school' | 'service';
  config?: string;
  beforeConfig?: string;
  column?: string[];
  encoding?: string;
  years?: string;
  title?: string;
}

const label = (path: string) => (path === '-' ? '<stdin>' : path);

/**
 * Schools charged on one side only. Two allocations list only the schools they charge, so such a
 * school is in one file only; two censuses list every school, so a school that converted (or is
 * no longer charged) is in both files, charged in one, and the warning says so, with why.
 */
function onlyIn(result: YearOnYear, beforeFile: string, afterFile: string, censuses: boolean): Diagnostic[] {
  const name = (r: { urn: string; school: string }) => (r.urn !== '' ? `${r.school} (${r.urn})` : r.school);
  const named = (r: SchoolChange) => (censuses && r.note !== null ? `${name(r)}, ${NOTE_TEXT[r.note]}` : name(r));
  const out: Diagnostic[] = [];
  const before = result.schools.filter((s) => s.after === null);
  const after = result.schools.filter((s) => s.before === null);
  const say = (rows: typeof before, file: string, other: string) => {
    if (rows.length === 0) return;
    const schools = `${rows.length} school${rows.length === 1 ? '' : 's'}`;
    const where = censuses ? `charged in ${file} but not in ${other}` : `only in ${file}, not in ${other}`;
    out.push({ level: 'warning', code: 'unmatched', message: `${schools} ${where} (counted as 0 there): ${rows.map(named).join('; ')}` });
  };
  say(before, beforeFile, afterFile);
  say(after, afterFile, beforeFile);
  return out;
}

/** `--years "2023/24,2024/25"`: how the two sides are headed. */
function yearLabels(text: string | undefined): [string, string] {
  if (text === undefined) return ['Before', 'After'];
  const parts = text.split(',').map((s) => s.trim());
  if (parts.length !== 2 || parts.some((p) => p === '')) throw new UsageError(`--years expects two labels, such as "2023/24,2024/25"; got "${text}"`);
  // `--years 2023/24,2023/24` headed both sides alike: a reader could not tell before from after.
  if (parts[0]!.toLowerCase() === parts[1]!.toLowerCase()) throw new UsageError(`--years gives both sides the same label, "${parts[0]}"; give two, such as "2023/24,2024/25", the earlier first`);
  return [parts[0]!, parts[1]!];
}

/** A census run through a proposal (config), as one year of the comparison. */
async function censusYear(path: string, configPath: string, labelText: string, flags: CompareFlags, io: Io): Promise<{ side: YearSide; diagnostics: Diagnostic[]; places: number }> {
  const planFlags = { config: configPath, column: flags.column, encoding: flags.encoding } as PlanCommandFlags;
  const { settings, diagnostics: notes } = await loadSettings(planFlags, io);
  const { schools, diagnostics } = readSchools(await openCensus(path, io), censusFile(path), settings, notes, planFlags);
  const allocation = allocate(schools, settings.plan);
  const places = Math.max(0, ...settings.plan.services.map((s) => s.rounding.unit.decimalPlaces()));
  return { side: yearFromAllocation(labelText, allocation), diagnostics: [...diagnostics, ...allocation.diagnostics], places };
}

/** An output of `dedel allocate` (csv, tsv or json) as one year of the comparison. */
async function outputYear(path: string, labelText: string, io: Io): Promise<{ side: YearSide; diagnostics: Diagnostic[]; places: number }> {
  // csv-parse is loaded only for compare (and cost plans), not on every start.
  const { readAllocationYear } = await import('../../io/allocation-year.js');
  const diagnostics: Diagnostic[] = [];
  const side = readAllocationYear(await readInput(path, io), label(path), labelText, diagnostics);
  const amounts = side.schools.flatMap((s) => [...s.charges.values()].flat().map((c) => c.amount.decimalPlaces()));
  return { side, diagnostics, places: Math.max(0, ...amounts) };
}

/**
 * `dedel compare <before> <after>`: year on year, per school (default) or per service and
 * phase. The two files are dedel allocate outputs, or, with `-c`, two censuses run through
 * the proposal (`--before-config` gives the earlier year its own).
 */
export async function runCompare(beforePath: string, afterPath: string, flags: CompareFlags, io: Io): Promise<CommandResult> {
  const [beforeLabel, afterLabel] = yearLabels(flags.years);
  if (flags.beforeConfig !== undefined && flags.config === undefined) throw new UsageError('--before-config needs -c: the two files are then censuses');
  if (flags.config === undefined && (flags.column !== undefined || flags.encoding !== undefined)) throw new UsageError('--column and --encoding read censuses: give -c with them');
  const before = flags.config !== undefined ? await censusYear(beforePath, flags.beforeConfig ?? flags.config, beforeLabel, flags, io) : await outputYear(beforePath, beforeLabel, io);
  const after = flags.config !== undefined ? await censusYear(afterPath, flags.config, afterLabel, flags, io) : await outputYear(afterPath, afterLabel, io);
  const result = compareYears(before.side, after.side);
  const options = { title: flags.title, places: Math.max(before.places, after.places) };
  const doc = flags.by === 'service' ? serviceChangeDoc(result, options) : schoolChangeDoc(result, options);
  doc.diagnostics = [...before.diagnostics, ...after.diagnostics, ...onlyIn(result, label(beforePath), label(afterPath), flags.config !== undefined)];
  return tableResult(doc, flags, io, [beforePath, afterPath, flags.config, flags.beforeConfig]);
}

export function compareCommand(io: Io, done: (result: Promise<CommandResult>) => void): Command {
  const cmd = new Command('compare')
    .description('year on year: per school, or per service and phase, between two allocations (dedel outputs, or two censuses through a proposal)')
    .argument('<before>', 'allocation written by dedel allocate --format csv or json (- for stdin); with -c, a census')
    .argument('<after>', 'the allocation (or census) to compare it with')
    .optionsGroup('Comparison:')
    .addOption(new Option('--by <view>', 'school: one row per school; service: one row per service and phase').choices(['school', 'service']).default('school'))
    .option('--years <labels>', 'how the two sides are headed, e.g. "2023/24,2024/25" (default Before,After)')
    .option('--title <text>', 'title line above the table')
    .optionsGroup('Censuses:')
    .option('-c, --config <file>', 'the proposal (config): the two files are then censuses run through it')
    .option('--before-config <file>', "the earlier year's own proposal (with -c)")
    .option('--column <field=header>', 'map a field to a census header (repeatable)', collect)
    .option('--encoding <name>', 'census encoding: utf-8, windows-1252 or cp850 (default: detected)')
    .addHelpText(
      'after',
      '\nSchools are matched on urn, else on school name. Total and subtotal rows are\nchecked against the schools they cover (a warning where they differ), never\ncompared as schools.\n\nExample:\n  dedel compare at-5.10.csv at-5.61.json --format md\n  dedel compare census-2023.csv census-2024.csv -c proposal.json \\\n      --before-config proposal-2023.json --by service --years 2023/24,2024/25',
    );
  addOutputOptions(cmd);
  return cmd.action((before: string, after: string, flags: CompareFlags) => done(runCompare(before, after, flags, io)));
}

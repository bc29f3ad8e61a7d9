import { Command } from 'commander';
import { allocate } from '../../core/allocate.js';
import { schoolWorking } from '../../core/working.js';
import { DataError, UsageError } from '../../core/errors.js';
import { looseNameKey, nameKey, nearMatches } from '../../core/near-matches.js';
import { idKey } from '../../core/names.js';
import type { School } from '../../core/types.js';
import { explainHumanDoc, explainMachineDoc, explainSchool } from '../../render/explain-doc.js';
import { RENDERERS } from '../../render/index.js';
import type { Io } from '../io.js';
import { CHARGED_TOTAL, checkTotal, loadPlan, strictCheck } from '../load.js';
import { addInputOptions, addOutputOptions, addPlanOptions, hidePlanFlags, refuseUnusedPlanFlags, renderOptions, type PlanCommandFlags } from '../options.js';
import { renderDoc, type CommandResult } from '../result.js';
import { scheduleWithConverting } from './convert.js';

/** Finds a school by id, else by name (case-insensitive; then ignoring punctuation, if that finds one); an unknown one suggests near names. */
export function findSchool(set: Iterable<School>, query: string, file: string): School {
  const schools = [...set];
  const q = query.trim();
  const byId = schools.filter((s) => s.id !== '' && s.id.toLowerCase() === q.toLowerCase());
  if (byId.length === 1) return byId[0]!;
  const byName = schools.filter((s) => nameKey(s.name) === nameKey(q));
  if (byName.length === 1) return byName[0]!;
  if (byName.length > 1) {
    throw new DataError(`${byName.length} schools are named "${q}" in ${file}; give the id instead: ${byName.map((s) => s.id || `line ${s.line}`).join(', ')}`);
  }
  // Punctuation aside (an apostrophe left out, `St.` for `St`): taken only where one school matches.
  const loose = schools.filter((s) => looseNameKey(s.name) === looseNameKey(q));
  if (loose.length === 1) return loose[0]!;
  const near = nearMatches(q, schools.map((s) => s.name));
  // The same LAESTAB written the other way (`8732001` asked, `873/2001` in the census).
  const written = schools.filter((s) => s.id !== '' && idKey(s.id) === idKey(q));
  const hint = written.length === 1
    ? `; the census writes that LAESTAB "${written[0]!.id}": give it as the census has it`
    : near.length ? `; did you mean ${near.map((n) => `"${n}"`).join(', ')}?` : '; give the URN or the name as the census has it';
  throw new DataError(`no school with the id or name "${q}" in ${file}${hint}`);
}

/** `dedel explain <census> <school>`: the working for one school. */
export async function runExplain(censusPath: string, query: string, flags: PlanCommandFlags, io: Io): Promise<CommandResult> {
  // The working is one school's items, not a table of columns: --columns and --header were passed by without a word.
  const given = flags.columns !== undefined ? '--columns' : flags.header?.length ? '--header' : undefined;
  if (given) throw new UsageError(`${given} chooses a table's columns; explain prints one school's working, item by item, and takes neither (give it to allocate, rates or another table)`);
  // The working is one school's: --all, which lists the schools a table of charges leaves out, was passed by.
  refuseUnusedPlanFlags(flags, { all: "lists the schools a table of charges leaves out; explain gives one school's working, and the reason where that school is left out (give --all to allocate)" });
  const { settings, census, schools, planned, diagnostics } = await loadPlan(censusPath, flags, io);
  const school = findSchool(schools, query, census.file);
  const result = allocate(schools, settings.plan);
  const all = [...diagnostics, ...result.diagnostics];
  strictCheck(all, flags);
  // This table prints no Total row: the Total checked is the one allocate prints with the same flags.
  checkTotal(flags.checkTotal, result.total.total, CHARGED_TOTAL);
  // A school not charged may buy the services back, and so may a school converting during the year
  // for its months after where academies buy back: its price comes from the buy-back schedule.
  const working = schoolWorking(result, school);
  const converting = school.id !== '' && settings.conversions.some((c) => c.urn === school.id) && settings.buyBack?.statuses.includes('academy') === true;
  const buyBack = working.row === null || converting ? scheduleWithConverting(settings, [...schools], [...planned], result) : undefined;
  const explanation = explainSchool(working, all, buyBack ? schoolWorking(buyBack, school) : undefined);
  let output: string | Uint8Array;
  // --title heads the working as it heads every table (it was passed by); JSON's object keeps its own.
  const human = () => ({ ...explainHumanDoc(explanation, all), ...(flags.title !== undefined ? { title: flags.title } : {}) });
  if (flags.format === 'xlsx') output = await renderDoc({ ...human(), sheet: 'Explain' }, flags, io);
  else if (flags.format === 'json') output = `${JSON.stringify(explanation.json, null, 2)}\n`;
  else {
    const machine = flags.format === 'csv' || flags.format === 'tsv';
    const doc = machine ? explainMachineDoc(explanation, all) : human();
    const render = flags.format === 'table' ? (await import('../../render/key-value-table.js')).renderKeyValueTable : await RENDERERS[flags.format]();
    output = render(doc, renderOptions(flags, io));
  }
  return { output, diagnostics: all, out: flags.out, quiet: flags.quiet, inputs: [censusPath, ...(flags.config ? [flags.config] : [])] };
}

export function explainCommand(io: Io, done: (result: Promise<CommandResult>) => void): Command {
  const cmd = new Command('explain')
    .description("the working for one school's charge: basis, rate and where it came from, exact amount, rounding and footing")
    .argument('<census>', 'census: CSV, tab-separated text or an .xlsx workbook (- for stdin)')
    .argument('<school>', 'the school: its URN (or other id) or its name, case-insensitive')
    .addHelpText('after', `\nExample:\n  dedel explain census.csv "Robin Hood Infants' School" --rate 5.10 --foot\n  dedel explain census.csv 102345 -c dedel.json --format json`);
  addPlanOptions(cmd);
  addInputOptions(cmd);
  addOutputOptions(cmd);
  // Refused by runExplain (the working has no columns to choose), so not offered in its help.
  for (const option of cmd.options) if (option.long === '--columns' || option.long === '--header') option.hideHelp();
  hidePlanFlags(cmd, ['all']);
  return cmd.action((census: string, school: string, flags: PlanCommandFlags) => done(runExplain(census, school, flags, io)));
}

import { Command, Option } from 'commander';
import { DataError } from '../../core/errors.js';
import { allocate } from '../../core/allocate.js';
import { compareOptions } from '../../core/parts.js';
import { allocationDoc } from '../../render/allocation-doc.js';
import { RENDERERS } from '../../render/index.js';
import type { Io } from '../io.js';
import { censusFile, checkTotal, loadSettings, noSchoolCharged, readSchools, strictCheck } from '../load.js';
import { openCensus } from '../io.js';
import { chooseColumns, humanView } from '../../render/model.js';
import { addInputOptions, addOutputOptions, addPlanOptions, columnChoice, oneOf, renderOptions, type PlanCommandFlags } from '../options.js';
import { renderDoc, type CommandResult } from '../result.js';

/** `dedel allocate <census>`: the Appendix B table. */
export async function runAllocate(censusPath: string, flags: PlanCommandFlags & { subtotals?: 'phase' }, io: Io): Promise<CommandResult> {
  const { settings, diagnostics: notes } = await loadSettings(flags, io);
  const census = await openCensus(censusPath, io);
  const file = censusFile(censusPath);
  const format = flags.format;
  const machine = format === 'csv' || format === 'tsv';
  const subtotals = flags.subtotals ?? settings.output?.subtotals;
  const { schools, diagnostics } = readSchools(census, file, settings, notes, flags);
  const result = allocate(schools, settings.plan);
  // Options after the first are priced over the same schools, beside the one charged.
  const alternatives = settings.alternatives ? compareOptions(result, allocate(schools, { services: settings.alternatives, periods: [] })) : undefined;
  let doc = allocationDoc(result, { title: settings.title, all: flags.all, alternatives, ...(subtotals ? { subtotals } : {}), diagnostics: [...diagnostics, ...result.diagnostics, ...noSchoolCharged(result.rowCount, file)] });
  strictCheck(doc.diagnostics, flags);
  checkTotal(flags.checkTotal, result.total.total);
  // A column the config's `output` names that the table lacks is the config's error (its file and path), not a flag's.
  const chosen = settings.output;
  if (chosen && flags.config !== undefined) {
    const keys = doc.columns.map((c) => c.key);
    const known = (k: string) => keys.includes(k.trim().normalize('NFC'));
    const where = (path: string) => ({ file: censusFile(flags.config!), path });
    if (flags.columns === undefined) {
      (chosen.columns ?? []).forEach((k, i) => {
        if (!known(k)) throw new DataError(`no column "${k}" in this table; its columns are ${keys.join(', ')}`, where(`output.columns[${i}]`));
      });
    }
    for (const k of Object.keys(chosen.headers ?? {})) if (!known(k)) throw new DataError(`no column "${k}" in this table; its columns are ${keys.join(', ')}`, where(`output.headers.${k}`));
  }
  doc = chooseColumns(doc, columnChoice(flags, settings.output));
  // Only a table is coloured: for other formats whether stdout is a terminal is not asked.
  const options = renderOptions(flags, io);
  // csv, tsv, tables, Markdown and JSON are written piece by piece as they are made: a million rows are never one string.
  const output = machine
    ? (await import('../../render/csv.js')).csvChunks(doc, options, format)
    : format === 'table'
      ? (await import('../../render/table.js')).tableChunks(humanView(doc), options)
      : format === 'md'
        ? (await import('../../render/markdown.js')).markdownChunks(humanView(doc))
        : format === 'json'
          ? (await import('../../render/json.js')).jsonChunks(doc)
          : format === 'xlsx'
            ? await renderDoc(doc, flags, io)
            : (await RENDERERS[format]())(doc, options);
  return {
    output,
    diagnostics: doc.diagnostics,
    out: flags.out,
    quiet: flags.quiet,
    inputs: [censusPath, ...(flags.config ? [flags.config] : [])],
  };
}

export function allocateCommand(io: Io, done: (result: Promise<CommandResult>) => void): Command {
  const cmd = new Command('allocate')
    .description('the Appendix B table: per-school charges with a Total row')
    .argument('<census>', 'census: CSV, tab-separated text or an .xlsx workbook (- for stdin)')
    .addHelpText('after', '\nExample:\n  dedel allocate census.csv --rate 5.10 --format md\n  dedel allocate census.csv -c dedel.json --foot --format csv \\\n      --out appendix-b.csv');
  addPlanOptions(cmd);
  cmd.optionsGroup('Columns:').addOption(oneOf(new Option('--subtotals <field>', 'a subtotal row after each group of schools'), ['phase']));
  addInputOptions(cmd);
  addOutputOptions(cmd);
  return cmd.action((census: string, flags: PlanCommandFlags & { subtotals?: 'phase' }) => done(runAllocate(census, flags, io)));
}

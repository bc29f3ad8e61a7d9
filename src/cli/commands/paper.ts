import { basename, dirname, extname, isAbsolute, join } from 'node:path';
import { Command, Option } from 'commander';
import { allocate, type Allocation } from '../../core/allocate.js';
import { barChart } from '../../core/chart.js';
import { DataError, UsageError } from '../../core/errors.js';
import { periodSplitOf } from '../../core/paper.js';
import { compareOptions } from '../../core/parts.js';
import { compareYears, placesOfSide, yearFromAllocation, type YearSide } from '../../core/year-on-year.js';
import type { Diagnostic } from '../../core/types.js';
import { roundingNote, allocationDoc, optionNote } from '../../render/allocation-doc.js';
import { conversionDoc, neededRateDoc } from '../../render/conversion-doc.js';
import { costsDoc } from '../../render/costs-doc.js';
import { hasTitle, type TableDoc } from '../../render/model.js';
import type { PaperDoc, PaperSection } from '../../render/paper-model.js';
import { ratesDoc } from '../../render/rates-doc.js';
import { applyConversions } from '../../core/convert.js';
import { decisionGrid } from '../../core/decisions.js';
import { buyBackDoc } from '../../render/buy-back-doc.js';
import { decisionsDoc } from '../../render/decisions-doc.js';
import { splitDoc } from '../../render/split-doc.js';
import { schoolChangeDoc, serviceChangeDoc } from '../../render/year-on-year-doc.js';
import type { ConfigInput } from '../../io/config-schema.js';
import { openCensus, readInput, type Io } from '../io.js';
import { censusFile, loadConfig, loadSettings, readSchools } from '../load.js';
import { collect, oneOf, type PlanCommandFlags } from '../options.js';
import type { CommandResult } from '../result.js';
import { scheduleWithConverting, whatIf } from './convert.js';
import { hashOf } from '../provenance.js';
import { VERSION } from '../version.js';

export const PAPER_FORMATS = ['html', 'docx', 'xlsx'] as const;
export type PaperFormat = (typeof PAPER_FORMATS)[number];

export interface PaperFlags {
  format?: PaperFormat;
  out?: string;
  census?: string;
  date?: string | true;
  convert?: string[];
  quiet?: boolean;
}

/** A file the paper read, for its provenance. */
interface Input {
  role: string;
  path: string;
  /** As the proposal names it (the proposal by its file name): the paper does not depend on where it was made. */
  shown: string;
}

const label = (path: string) => (path === '-' ? '<stdin>' : path);

/** A path written in the proposal, relative to the proposal's folder. */
const beside = (proposal: string, path: string) => (isAbsolute(path) ? path : join(dirname(proposal), path));

/** Files of other kinds: a paper written under one of these names would not open. */
const OTHER_FILES = new Set(['pdf', 'doc', 'docm', 'odt', 'rtf', 'xls', 'xlsm', 'ods', 'csv', 'tsv', 'tab', 'md', 'markdown', 'json', 'txt', 'pptx']);

/** `--format`, else the extension of `--out` (one of another kind refused), else html. */
function formatOf(flags: PaperFlags): PaperFormat {
  const ext = flags.out ? extname(flags.out).slice(1).toLowerCase() : '';
  if (flags.format) {
    // `--format html --out paper.docx` wrote the HTML page under a Word name, which Word refuses to open:
    // a name of another of the paper's formats contradicts --format (any other name is written as asked).
    const named = ext === 'htm' ? 'html' : ext;
    if ((PAPER_FORMATS as readonly string[]).includes(named) && named !== flags.format) {
      throw new UsageError(`--format ${flags.format} --out ${flags.out}: the name asks for ${named}, --format for ${flags.format}; give one (without --format, the name's extension chooses)`);
    }
    return flags.format;
  }
  if ((PAPER_FORMATS as readonly string[]).includes(ext)) return ext as PaperFormat;
  if (ext === 'htm') return 'html';
  // `--out paper.pdf` (or .csv, .md …) wrote the HTML page under that name, a file its name's program cannot open.
  if (OTHER_FILES.has(ext)) {
    throw new UsageError(`--out ${flags.out}: dedel paper writes html, docx or xlsx, not .${ext}; give --out FILE.html, FILE.docx or FILE.xlsx${ext === 'pdf' ? ' (Word or LibreOffice saves the .docx as PDF)' : ''}`);
  }
  return 'html';
}

/** `--date` alone is today (UTC); `--date 2024-01-15` that day. */
function dateOf(flags: PaperFlags): string | undefined {
  if (flags.date === undefined) return undefined;
  if (flags.date === true) return new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(flags.date) || Number.isNaN(Date.parse(`${flags.date}T00:00:00Z`))) throw new UsageError(`--date expects a date such as 2024-01-15; got "${flags.date}"`);
  return flags.date;
}

/** One year: a census run through a proposal. */
async function runYear(proposal: string, censusPath: string, flags: Pick<PaperFlags, 'convert'>, io: Io) {
  const planFlags = { config: proposal, convert: flags.convert } as PlanCommandFlags;
  const { settings, diagnostics: notes } = await loadSettings(planFlags, io);
  const loaded = readSchools(await openCensus(censusPath, io), censusFile(censusPath), settings, notes, planFlags);
  const allocation = allocate(loaded.schools, settings.plan);
  return { ...loaded, allocation, diagnostics: [...loaded.diagnostics, ...allocation.diagnostics] };
}

const section = (id: string, heading: string, table: TableDoc, paragraphs: string[] = []): PaperSection => ({ id, heading, paragraphs, table: { ...table, title: undefined } });

function placesOf(allocation: Allocation): number {
  return Math.max(0, ...allocation.services.map((r) => r.service.rounding.unit.decimalPlaces()));
}

/**
 * `dedel paper proposal.json`: the whole appendix from one proposal: the decision grid, the
 * rates table, the cost build-ups, Appendix B, the period split, the buy-back schedule, what
 * converting schools do, last year's comparison
 * with a chart of the change per school, rounding notes and provenance. The sections the
 * proposal has no figures for are left out.
 */
export async function buildPaper(proposalPath: string, flags: PaperFlags, io: Io): Promise<{ paper: PaperDoc; places: number; inputs: Input[]; diagnostics: Diagnostic[] }> {
  const config = (await loadConfig(proposalPath, io)) as ConfigInput;
  const paperConfig = config.paper ?? {};
  const censusPath = flags.census ?? (paperConfig.census !== undefined ? beside(proposalPath, paperConfig.census) : undefined);
  if (censusPath === undefined) throw new UsageError('name the census: "paper": { "census": "census.csv" } in the proposal, or --census FILE');
  const inputs: Input[] = [
    { role: 'Proposal', path: proposalPath, shown: proposalPath === '-' ? '<stdin>' : basename(proposalPath) },
    { role: 'Census', path: censusPath, shown: flags.census !== undefined ? label(flags.census) : paperConfig.census! },
  ];
  const year = await runYear(proposalPath, censusPath, flags, io);
  const { allocation, settings } = year;
  const diagnostics: Diagnostic[] = [...year.diagnostics];
  const places = placesOf(allocation);
  const thisYear = paperConfig.year ?? 'This year';
  const sections: PaperSection[] = [];

  const grid = decisionGrid(settings.plan.services);
  if (settings.plan.services.some((s) => s.decisions !== undefined)) sections.push(section('decisions', "The forum's decisions", decisionsDoc(grid)));

  sections.push(section('rates', 'Rates per service and phase', ratesDoc(allocation)));

  for (const [i, service] of (config.services ?? []).entries()) {
    if (service.costs === undefined) continue;
    const { costPlanFrom, costsSource } = await import('../../io/costs.js');
    const { file, how } = costsSource(service.costs);
    const path = beside(proposalPath, file);
    inputs.push({ role: `Cost plan: ${service.name ?? 'De-delegation'}`, path, shown: file });
    const { plan } = costPlanFrom(await readInput(path, io), file, how);
    sections.push(section(`costs-${i + 1}`, `Cost build-up: ${service.name ?? 'De-delegation'}`, costsDoc(plan)));
  }

  // Options after the first are priced beside the one charged, as `dedel allocate` prints them:
  // a paper on options is where the forum chooses between them.
  const alternatives = settings.alternatives ? compareOptions(allocation, allocate([...year.schools], { services: settings.alternatives, periods: [] })) : undefined;
  sections.push(section('appendix-b', 'Appendix B: charge per school', allocationDoc(allocation, alternatives ? { alternatives } : {})));

  if (allocation.periods.length > 0) {
    const split = periodSplitOf(allocation);
    const unit = allocation.services[0]!.service.rounding.unit;
    sections.push(section('periods', 'Period split', splitDoc(split, { unit, mode: allocation.services[0]!.service.rounding.mode })));
  }

  const buyBack = settings.buyBack;
  // A school converting during the year is an academy for the months after: where academies buy
  // the service back, the schedule lists it for those months, and the conversions table gives its row.
  const converting = settings.conversions.length > 0 ? applyConversions([...year.planned], settings.conversions).converting : [];
  const schedule = scheduleWithConverting(settings, [...year.schools], [...year.planned], allocation);
  if (buyBack && schedule) {
    // A price list rounds each school on its own, as its footnote says (and as `dedel buy-back`
    // prints it): no warning that its rows are not footed, nor advice to --foot, which paper has not.
    diagnostics.push(...schedule.diagnostics.filter((d) => d.code !== 'footing'));
    sections.push(section('buy-back', buyBack.title ?? 'Buy-back schedule', buyBackDoc(schedule, buyBack, { converting })));
  }

  if (settings.conversions.length > 0) {
    // Where academies buy the service back, a converting school's months after are bought back, as
    // the buy-back schedule above prices them (at its own rate where it has one).
    const after = schedule && buyBack?.statuses.includes('academy') ? 'bought back' : 'lost';
    const report = whatIf(settings, [...year.schools], [...year.planned], after === 'bought back' ? schedule : undefined);
    sections.push(section('converting', 'Schools converting to academies', conversionDoc(report, { places, after })));
    if (report.rates.length > 0) sections.push(section('needed-rates', 'The rate the remaining schools would need', neededRateDoc(report, { places })));
  }

  const last = paperConfig.lastYear;
  if (last) {
    const lastYear = last.year ?? 'Last year';
    let before: YearSide;
    let lastPlaces = 0;
    if (last.allocation !== undefined) {
      const path = beside(proposalPath, last.allocation);
      const { readComparedYear } = await import('../../io/allocation-year.js');
      // dedel's own allocation, or the table of charges published last year (Appendix B), read as compare reads it.
      const table = {
        ...(last.columns !== undefined ? { columns: last.columns } : {}),
        ...(last.sheet !== undefined ? { sheet: last.sheet, sheetFlag: 'paper.lastYear.sheet' } : {}),
        config: { file: label(proposalPath), path: 'paper.lastYear' },
      };
      const read = readComparedYear(await readInput(path, io), label(path), lastYear, diagnostics, table);
      // The provenance says which it was: dedel's allocation, or the table of charges published.
      inputs.push({ role: `${read.own ? 'Allocation' : 'Published charges'} ${lastYear}`, path, shown: last.allocation });
      const given = last.columns !== undefined && Object.keys(last.columns).length > 0 ? 'columns' : last.sheet !== undefined ? 'sheet' : undefined;
      if (given !== undefined && read.own) {
        throw new DataError(`${last.allocation} is an allocation written by dedel, whose columns dedel knows: leave out "${given}" (it is for a table of charges dedel did not write)`, { file: label(proposalPath), path: `paper.lastYear.${given}` });
      }
      if (last.sheet !== undefined && !read.workbook) {
        throw new DataError(`${last.allocation} is not an .xlsx workbook, so it has no sheet "${last.sheet}"; leave out "sheet" (it is for workbooks)`, { file: label(proposalPath), path: 'paper.lastYear.sheet' });
      }
      before = read.side;
      // A published table may give pence: the comparison prints them.
      lastPlaces = placesOfSide(before);
    } else {
      const lastProposal = last.proposal !== undefined ? beside(proposalPath, last.proposal) : proposalPath;
      const lastConfig = lastProposal === proposalPath ? config : ((await loadConfig(lastProposal, io)) as ConfigInput);
      const lastCensus = last.census !== undefined ? beside(proposalPath, last.census) : lastConfig.paper?.census !== undefined ? beside(lastProposal, lastConfig.paper.census) : undefined;
      if (lastCensus === undefined) throw new DataError('last year needs a census (or an allocation)', { file: proposalPath, path: 'paper.lastYear' });
      if (lastProposal !== proposalPath) inputs.push({ role: `Proposal ${lastYear}`, path: lastProposal, shown: last.proposal! });
      inputs.push({ role: `Census ${lastYear}`, path: lastCensus, shown: last.census ?? lastConfig.paper!.census! });
      const run = await runYear(lastProposal, lastCensus, {}, io);
      // Last year's published table given as its census is charged again, not compared as published.
      const { chargesAsCensus } = await import('../../io/charge-table.js');
      const charges = chargesAsCensus(run.census, censusFile(lastCensus), 'named as paper.lastYear.census,', 'name it as paper.lastYear.allocation');
      if (charges) diagnostics.push(charges);
      before = yearFromAllocation(lastYear, run.allocation);
      lastPlaces = placesOf(run.allocation);
    }
    const result = compareYears(before, yearFromAllocation(thisYear, allocation));
    const options = { places: Math.max(places, lastPlaces) };
    sections.push(section('year-on-year', `Compared with ${lastYear}: per service and phase`, serviceChangeDoc(result, options)));
    sections.push(section('schools-change', `Compared with ${lastYear}: per school`, schoolChangeDoc(result, options)));
    const chart = barChart(
      `Change per school, ${lastYear} to ${thisYear} (£)`,
      result.schools.map((s) => ({ label: s.school, value: s.change })),
      200,
    );
    sections.push({ id: 'chart', heading: `Change per school, ${lastYear} to ${thisYear}`, paragraphs: [], chart });
  }

  sections.push({
    id: 'rounding',
    heading: 'Rounding',
    paragraphs: [
      ...allocation.services.map((r) => roundingNote(r)),
      ...(alternatives ?? []).map((o) => optionNote(o, allocation.services[o.charged]!)),
      'Every amount is worked exactly (basis × rate × months ÷ 12) and rounded only where stated; a Total row adds up the rows printed above it.',
    ],
  });

  const date = dateOf(flags);
  // Each input's SHA-256 as it was read for the paper (a census hashed piece by piece as it
  // passed), not read a second time.
  const hashed = (path: string) => {
    const sha256 = hashOf(io, path);
    if (sha256 === undefined) throw new Error(`${path} was not read for the paper`);
    return sha256;
  };
  const provenance: TableDoc = {
    columns: [
      { key: 'item', label: 'Item', kind: 'text' },
      { key: 'file', label: 'File', kind: 'text' },
      { key: 'sha256', label: 'SHA-256', kind: 'text' },
    ],
    rows: [['dedel', `version ${VERSION}`, ''], ...inputs.map((i) => [i.role, i.shown, hashed(i.path)])],
    notes: date ? [`Made on ${date}.`] : [],
    diagnostics: [],
  };
  sections.push(section('provenance', 'Provenance', provenance, ['The files this paper was made from, with the SHA-256 of each: the same files give the same paper, byte for byte.']));

  const subtitle = [`${thisYear}: ${allocation.rowCount} school${allocation.rowCount === 1 ? '' : 's'} charged, census ${inputs[1]!.shown}.`];
  return { paper: { title: hasTitle(settings.title) ? settings.title : 'De-delegation', subtitle, sections, date }, places, inputs, diagnostics };
}

export async function runPaper(proposalPath: string, flags: PaperFlags, io: Io): Promise<CommandResult> {
  // The proposal is read twice (its paper section, then its plan), so `-` failed with "standard
  // input (-) can be read once" although it was given once; the files it names are beside it.
  if (proposalPath === '-') throw new UsageError('dedel paper reads the proposal from its file, not standard input (-): the census and cost plans it names are found beside it; give the file name');
  const format = formatOf(flags);
  if (format !== 'html' && flags.out === undefined) throw new UsageError(`a .${format} file needs --out FILE`);
  const { paper, places, inputs, diagnostics } = await buildPaper(proposalPath, flags, io);
  let output: string | Uint8Array;
  if (format === 'html') output = (await import('../../render/paper-html.js')).renderPaperHtml(paper, places);
  else if (format === 'docx') output = await (await import('../../render/docx.js')).renderPaperDocx(paper, places);
  else {
    // A workbook: one sheet per table, named after its section, then the Inputs sheet.
    const docs = paper.sections.flatMap((s) => (s.table ? [{ ...s.table, title: s.heading, sheet: s.heading }] : []));
    const { renderXlsx } = await import('../../render/xlsx.js');
    output = renderXlsx(docs, await (await import('../provenance.js')).provenanceOf(io, proposalPath), paper.title);
  }
  return { output, diagnostics, out: flags.out, quiet: flags.quiet, inputs: inputs.map((i) => i.path) };
}

export function paperCommand(io: Io, done: (result: Promise<CommandResult>) => void): Command {
  const cmd = new Command('paper')
    .description('the whole forum appendix from one proposal: rates, cost build-ups, Appendix B, period split, conversions, last year, rounding and provenance')
    .argument('<proposal>', 'the proposal (config JSON) naming its census under "paper"')
    .optionsGroup('Paper:')
    .option('--census <file>', "this year's census (default: the proposal's paper.census)")
    .option('--convert <urn=month>', 'a school that converts to an academy in MONTH (repeatable)', collect)
    .option('--date [yyyy-mm-dd]', 'print a date in the provenance (alone: today); by default none, so the same inputs give the same bytes')
    .optionsGroup('Shared options:')
    .addOption(oneOf(new Option('-f, --format <format>', 'html, docx or xlsx (default: from --out, else html)'), [...PAPER_FORMATS]))
    .option('-o, --out <file>', 'write the paper to FILE (atomically); needed for docx and xlsx')
    .option('-q, --quiet', 'drop warnings')
    .helpOption(true)
    .addHelpText('after', '\nExample:\n  dedel paper fixtures/paper/proposal-2024.json --out paper.docx');
  return cmd.action((proposal: string, flags: PaperFlags) => done(runPaper(proposal, flags, io)));
}

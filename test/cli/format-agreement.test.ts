import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { alignColumns, HUMAN, MACHINE, readHtml, readPaperDocx, readPaperHtml, readWorkbook, runEveryFormat, unneutralised, type AnyFormat, type FormatRun } from '../helpers/formats.js';
import { runInProcess } from '../helpers/run.js';
import { shownText } from '../../src/render/cells.js';
import { Dec } from '../../src/core/decimal.js';

/**
 * README "Output": every format of one run says the same thing. A paper's author pastes md or
 * html, an officer opens the workbook, a script reads csv or json: the same rows, figures,
 * Total, footnotes (where the format has room for them) and warnings. Each command here is run
 * once in each format, in this process, and each output read back as rows of cells.
 */

const P = 'fixtures/proposal';
const PAPER = 'fixtures/paper';
const FULL = 'fixtures/paper-full';

interface Case {
  name: string;
  argv: string[];
  /** Machine header the README gives for the command (csv, tsv and json keys alike). */
  machine?: string[];
  explain?: boolean;
  /** stderr that csv and tsv give besides the others' (costs' per-pupil rate, which other formats print as a footnote). */
  machineStderr?: RegExp;
  stdin?: string;
}

// A config and census whose names hold markup and control characters, which each human format shows as the others do.
const ODD = mkdtempSync(join(tmpdir(), 'dedel-formats-'));
writeFileSync(
  join(ODD, 'dedel.json'),
  JSON.stringify({
    title: 'T\u0007 <i>x</i> | *y* & z',
    services: [{ name: 'Bell\u0007 | *Svc* <b>', basis: 'nor', rate: '5.105', decisions: { primary: { decision: 'pending', note: 'a\u202enote | <x>' }, secondary: 'de-delegate' } }],
  }),
);
writeFileSync(join(ODD, 'census.csv'), 'URN,School,Status,Phase,NOR\n1,"A\u001b[31m | <b>",Community,Primary,10\n2,"B\tC _d_",Community,Secondary,15\n');

// What `dedel init` writes, as a new user first runs it.
const INIT = join(ODD, 'init');
await runInProcess(['init', INIT]);

const CASES: Case[] = [
  { name: 'allocate sutton', argv: ['allocate', 'fixtures/sutton/appendix-b.csv', '--rate', '5.10', '--title', 'Sutton: Appendix B'], machine: ['urn', 'school', 'status', 'phase', 'nor', 'de_delegation', 'total', 'per_pupil'] },
  { name: 'allocate sutton --foot --round 0.01', argv: ['allocate', 'fixtures/sutton/appendix-b.csv', '--rate', '5.10', '--foot', '--round', '0.01'] },
  {
    name: 'allocate two services --months 5,7 --subtotals phase',
    argv: ['allocate', 'fixtures/two-services/census.csv', '-c', 'fixtures/two-services/dedel.json', '--months', '5,7', '--labels', 'De-delegated,Buy-back', '--subtotals', 'phase'],
    machine: ['urn', 'school', 'status', 'phase', 'nor', 'sen', 'school_improvement', 'school_improvement_de_delegated', 'school_improvement_buy_back', 'behaviour_support', 'behaviour_support_de_delegated', 'behaviour_support_buy_back', 'total', 'per_pupil'],
  },
  { name: 'allocate proposal --subtotals phase --all', argv: ['allocate', `${P}/census.csv`, '-c', `${P}/dedel.json`, '--subtotals', 'phase', '--all'], machine: ['urn', 'school', 'status', 'phase', 'nor', 'school_improvement', 'contingency', 'behaviour_support_lump_sum', 'behaviour_support_per_pupil', 'behaviour_support', 'total', 'per_pupil', 'not_charged'] },
  { name: 'allocate parts, costs, --months 5,7 --subtotals phase --all --foot', argv: ['allocate', `${P}/census.csv`, '-c', `${P}/dedel.json`, '--months', '5,7', '--subtotals', 'phase', '--all', '--foot'] },
  { name: 'allocate dedel init (decisions, a net target, buy-back)', argv: ['allocate', join(INIT, 'census.csv'), '-c', join(INIT, 'dedel.json'), '--all'] },
  { name: 'buy-back dedel init', argv: ['buy-back', join(INIT, 'census.csv'), '-c', join(INIT, 'dedel.json')] },
  { name: 'allocate options', argv: ['allocate', `${P}/census.csv`, '-c', `${P}/options.json`], machine: ['urn', 'school', 'status', 'phase', 'nor', 'eal', 'places', 'ethnic_minority_eal_basis', 'ethnic_minority_per_pupil', 'ethnic_minority_per_pupil_difference', 'specialist_support', 'total', 'per_pupil'] },
  { name: 'allocate pro-rata months --months 5,7 --foot', argv: ['allocate', 'fixtures/features/pro-rata.csv', '--rate', '5.10', '--months', '5,7', '--foot', '--all'] },
  { name: 'allocate --columns --header', argv: ['allocate', 'fixtures/sutton/appendix-b.csv', '--rate', '5.10', '--foot', '--columns', 'school,status,nor,de_delegation,per_pupil', '--header', 'school=School Name', '--header', 'de_delegation=23/24 £'], machine: ['School Name', 'status', 'nor', '23/24 £', 'per_pupil'] },
  { name: 'allocate --round 100 --rounding down', argv: ['allocate', 'fixtures/wirral/census.csv', '-c', 'fixtures/wirral/dedel.json', '--round', '100', '--rounding', 'down', '--subtotals', 'phase'] },
  { name: 'allocate injection (formula text, a tab)', argv: ['allocate', 'fixtures/injection/census.csv', '--rate', '5.10', '--all'] },
  {
    name: 'allocate markup, control characters, no pupils, per school',
    argv: ['allocate', '-', '--basis', 'school', '--rate', '250.50', '--round', '0.01', '--all', '--title', 'Ysgol ŵ <b>&amp;</b> | *x*'],
    stdin: 'URN,School,Status,Phase,NOR\n1,"Ysgol Gymraeg ŵ | <b>&amp;</b> *x* _y_ \\z",Community,Primary,0\n2,"Bell\u0007 School\u202e",VA,Secondary,120\n3,Empty Special,Community,Special,0\n',
  },
  { name: 'rates lancashire', argv: ['rates', 'fixtures/lancashire/census.csv', '-c', 'fixtures/lancashire/dedel.json'], machine: ['service', 'phase', 'basis', 'units', 'rate', 'amount', 'target', 'difference'] },
  {
    name: 'rates pro-rata (units to 4 dp)',
    argv: ['rates', '-', '--target', '1000', '--months', '5,7'],
    stdin: 'URN,School,Status,Phase,NOR,Months\n1,A,Community,Primary,1,8\n2,B,Community,Primary,101,7\n3,C,Community,Secondary,50,5\n',
  },
  { name: 'rates --columns --header', argv: ['rates', 'fixtures/lancashire/census.csv', '-c', 'fixtures/lancashire/dedel.json', '--columns', 'phase,rate,amount', '--header', 'rate=Rate per pupil (£)'], machine: ['phase', 'Rate per pupil (£)', 'amount'] },
  { name: 'rates --rate-unit 0.01, per-phase targets', argv: ['rates', 'fixtures/lancashire/census.csv', '--target', 'primary=122909.50', '--target', 'secondary=26691', '--rate-unit', '0.01'] },
  { name: "split --title '  ' (a blank title is none, in every format)", argv: ['split', 'A=100', '--months', '6,6', '--title', '  '] },
  {
    name: 'split',
    argv: ['split', 'School Improvement=149600', 'Behaviour Support=139300', '--months', '5,7', '--labels', 'De-delegated,Buy-back', '--round', '100'],
    machine: ['name', 'de_delegated', 'buy_back', 'total'],
  },
  {
    name: 'costs sefton --per-pupil',
    argv: ['costs', 'fixtures/sefton/commitment-2023-24.csv', '--per-pupil', 'fixtures/sefton/census.csv'],
    machine: ['item', 'quantity', 'unit_cost', 'times', 'total'],
    machineStderr: /^dedel: info: Per pupil: .*\n$/,
  },
  { name: 'costs sefton as printed (descriptions)', argv: ['costs', 'fixtures/sefton/commitment-2023-24-as-printed.csv'], machine: ['item', 'description', 'quantity', 'unit_cost', 'times', 'total'] },
  { name: 'costs less: (a negative line)', argv: ['costs', `${P}/contingency.csv`] },
  { name: 'check proposal', argv: ['check', `${P}/census.csv`, '-c', `${P}/dedel.json`], machine: ['phase', 'status', 'schools', 'charged', 'not_charged', 'nor_charged', 'reason'] },
  { name: 'check phases', argv: ['check', 'fixtures/check/phases.csv'] },
  { name: 'explain sutton --foot', argv: ['explain', 'fixtures/sutton/appendix-b.csv', "Robin Hood Infants' School", '--rate', '5.10', '--foot'], explain: true, machine: ['key', 'value'] },
  { name: 'explain proposal (parts, footing)', argv: ['explain', `${P}/census.csv`, '100002', '-c', `${P}/dedel.json`], explain: true },
  { name: 'decisions', argv: ['decisions', '-c', `${P}/dedel.json`], machine: ['service', 'phase', 'decision', 'for', 'against', 'abstain', 'years', 'note'] },
  { name: 'decisions with markup and control characters', argv: ['decisions', '-c', join(ODD, 'dedel.json')] },
  { name: 'rates with markup and control characters', argv: ['rates', join(ODD, 'census.csv'), '-c', join(ODD, 'dedel.json')] },
  { name: 'buy-back proposal', argv: ['buy-back', `${P}/census.csv`, '-c', `${P}/dedel.json`], machine: ['urn', 'school', 'status', 'phase', 'nor', 'school_improvement', 'contingency', 'behaviour_support_lump_sum', 'behaviour_support_per_pupil', 'behaviour_support', 'total', 'per_pupil'] },
  {
    name: 'compare csv/json',
    argv: ['compare', 'fixtures/compare/before.csv', 'fixtures/compare/after.json'],
    machine: ['urn', 'school', 'phase', 'nor_before', 'nor_after', 'before', 'after', 'change', 'change_pct', 'note'],
  },
  { name: 'compare --by service', argv: ['compare', 'fixtures/compare/before.csv', 'fixtures/compare/after.json', '--by', 'service'], machine: ['service', 'phase', 'basis', 'rate_before', 'rate_after', 'units_before', 'units_after', 'amount_before', 'amount_after', 'change', 'change_pct'] },
  { name: 'compare two censuses --by service', argv: ['compare', `${PAPER}/census-2023.csv`, `${PAPER}/census-2024.csv`, '-c', `${PAPER}/proposal-2024.json`, '--before-config', `${PAPER}/proposal-2023.json`, '--by', 'service'] },
  { name: 'compare two censuses (falls)', argv: ['compare', `${PAPER}/census-2023.csv`, `${PAPER}/census-2024.csv`, '-c', `${PAPER}/proposal-2024.json`, '--before-config', `${PAPER}/proposal-2023.json`, '--years', '2023/24,2024/25'] },
  {
    name: 'convert --by school',
    argv: ['convert', `${PAPER}/census-2024.csv`, '-c', `${PAPER}/proposal-2024.json`, '--convert', '900104=January'],
    machine: ['urn', 'school', 'service', 'converts', 'planned', 'months_charged', 'charged', 'months_after', 'lost', 'bought_back'],
  },
  {
    name: 'convert --by rate',
    argv: ['convert', `${PAPER}/census-2024.csv`, '-c', `${PAPER}/proposal-2024.json`, '--convert', '900104=January', '--by', 'rate'],
    machine: ['service', 'phase', 'target', 'rate_planned', 'units_planned', 'rate_this_year', 'units_this_year', 'recovered_this_year', 'rate_full_year', 'units_full_year', 'recovered_full_year'],
  },
];

/** What differs between the formats of one run, as sentences (none where they agree). */
function disagreements(c: Case, runs: Record<AnyFormat, FormatRun>): string[] {
  const out: string[] = [];
  const same = (what: string, formats: readonly AnyFormat[], get: (run: FormatRun) => unknown) => {
    const [first, ...rest] = formats;
    const want = JSON.stringify(get(runs[first!]));
    for (const f of rest) {
      const got = JSON.stringify(get(runs[f]));
      if (got !== want) out.push(`${what}: ${f} ${got} but ${first} ${want}`);
    }
  };
  // Warnings: every format gives the same, but for what csv and tsv print on stderr in place of a footnote.
  same('stderr', ['table', 'md', 'html', 'json', 'xlsx'], (r) => r.stderr);
  same('stderr', ['csv', 'tsv'], (r) => r.stderr);
  if (runs.csv.stderr !== runs.table.stderr) {
    const extra = runs.csv.stderr.replace(runs.table.stderr, '');
    if (!c.machineStderr?.test(extra) || !runs.csv.stderr.startsWith(runs.table.stderr)) out.push(`stderr: csv ${JSON.stringify(runs.csv.stderr)} but table ${JSON.stringify(runs.table.stderr)}`);
  }
  // Human formats: the same title, header, rows and footnotes, word for word and figure for figure.
  same('title', HUMAN, (r) => r.grid.title ?? null);
  // JSON gives the title a human format prints, and its diagnostics are the warnings on stderr.
  const json = runs.json.grid as { title?: string; body?: Record<string, unknown> };
  // JSON keeps what the config gave as it is (escaped as JSON escapes it); people see its control characters as escapes.
  if (!c.explain && (json.title === undefined ? null : shownText(json.title)) !== (runs.table.grid.title ?? null)) out.push(`title: json ${JSON.stringify(json.title)} but table ${JSON.stringify(runs.table.grid.title)}`);
  const diagnostics = ((json.body?.diagnostics ?? []) as { level: string; message: string }[]).map((d) => `dedel: ${d.level}: ${shownText(d.message)}`);
  const warned = runs.json.stderr.split('\n').filter((l) => l !== '');
  if (JSON.stringify(diagnostics) !== JSON.stringify(warned)) out.push(`json diagnostics ${JSON.stringify(diagnostics)} but stderr ${JSON.stringify(warned)}`);
  same('header', HUMAN, (r) => r.grid.header);
  same('notes', HUMAN, (r) => r.grid.notes);
  // explain's working is a table of items for people and key,value rows for programs: each side is compared within itself.
  same('row count', c.explain ? HUMAN : [...HUMAN, ...MACHINE], (r) => r.grid.rows.length);
  for (const f of HUMAN.slice(1))
    runs[f].grid.rows.forEach((row, i) => {
      const want = runs.table.grid.rows[i];
      if (JSON.stringify(row) !== JSON.stringify(want)) out.push(`row ${i + 1}: ${f} ${JSON.stringify(row)} but table ${JSON.stringify(want)}`);
    });
  same('bold rows', ['md', 'html', 'xlsx'], (r) => r.grid.strong);
  // Machine formats: the same header and rows, text for text.
  same('machine header', MACHINE, (r) => r.grid.header);
  same('machine rows', c.explain ? ['csv', 'tsv'] : MACHINE, (r) => r.grid.rows.map((row) => (r === runs.json ? row : row.map(unneutralised))));
  if (c.explain) {
    // JSON is one object under the same names as csv's keys (README: explain): each csv value is the value of its name in JSON.
    const leaves = new Set<string>();
    // csv flattens a nested name with `_` (`rounding_unit` is JSON's `rounding.unit`, `footing_missing` its `footing[0].missing`).
    const walk = (value: unknown, name: string, parent: string) => {
      if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) Array.isArray(value) ? walk(v, name, parent) : walk(v, k, name);
      else for (const n of [name, `${parent}_${name}`]) leaves.add(`${n}=${value === null ? '' : String(value)}`);
    };
    walk((runs.json.grid as { body?: unknown }).body, '', '');
    for (const [key, value] of runs.csv.grid.rows) {
      // `target_working` is the net target JSON gives as `target` (beside `target_lines`); `weights` an object in JSON.
      const name = key!.split('.').at(-1)!.replace(/^target_working$/, 'target');
      if (name === 'weights') continue;
      if (!leaves.has(`${name}=${value}`)) out.push(`explain: csv ${key}=${value} is not in json`);
    }
  }
  if (c.machine && JSON.stringify(runs.csv.grid.header) !== JSON.stringify(c.machine)) out.push(`machine header: csv ${runs.csv.grid.header.join(',')} but README ${c.machine.join(',')}`);
  // Human against machine: each shown cell says what the machine cell says.
  if (!c.explain) {
    const aligned = alignColumns(runs.table.grid, runs.csv.grid);
    if (typeof aligned === 'string') out.push(aligned);
    else {
      // A workbook's figure, as a formula that uses the cell reads it, is the machine figure (a rate: to the places csv gives it).
      const { values, header } = runs.xlsx.grid as ReturnType<typeof readWorkbook>;
      values.forEach((row, r) =>
        row.forEach((stored, h) => {
          const machine = runs.csv.grid.rows[r]![aligned[h]!]!;
          if (stored === undefined) return;
          const places = /\.(\d+)$/.exec(machine)?.[1]!.length ?? 0;
          const same = /^rate\b/i.test(header[h]!) ? new Dec(stored).toFixed(places) === machine : new Dec(stored).equals(new Dec(machine === '' ? 'NaN' : machine));
          if (!same) out.push(`row ${r + 1}: the workbook's ${header[h]} holds ${stored} but csv has ${JSON.stringify(machine)}`);
        }),
      );
    }
  }
  return out;
}

describe('every format of a run says the same thing (README: Output)', () => {
  for (const c of CASES)
    it(c.name, async () => {
      const runs = await runEveryFormat(c.argv, { explain: c.explain, ...(c.stdin !== undefined ? { stdin: c.stdin } : {}) });
      expect(disagreements(c, runs)).toEqual([]);
    });
});

it('a title with spaces round it is still bold in Markdown: the asterisks hold the words, not the spaces', async () => {
  expect((await runInProcess(['split', 'A=100', '--months', '6,6', '--title', ' Split 2025/26 ', '--format', 'md'])).stdout).toMatch(/^\*\*Split 2025\/26\*\*\n\n\| Name/);
});

it("a blank --title is no title in a standalone page either: the sheet's name titles it, and no empty heading", async () => {
  const page = (await runInProcess(['split', 'A=100', '--months', '6,6', '--title', '', '--standalone'])).stdout;
  expect(page).toContain('<title>dedel: Split</title>');
  expect(page).not.toContain('<h1>');
});

describe("a paper's HTML, Word file and workbook print the same tables (README: paper)", () => {
  for (const proposal of [`${FULL}/proposal-2025.json`])
    it(proposal, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'dedel-paper-'));
      const html = await runInProcess(['paper', proposal, '--format', 'html']);
      const docx = await runInProcess(['paper', proposal, '--out', join(dir, 'paper.docx')]);
      const xlsx = await runInProcess(['paper', proposal, '--out', join(dir, 'paper.xlsx')]);
      expect([html.code, docx.code, xlsx.code]).toEqual([0, 0, 0]);
      expect(docx.stderr).toBe(html.stderr);
      expect(xlsx.stderr).toBe(html.stderr);
      const fromHtml = readPaperHtml(html.stdout);
      const fromDocx = readPaperDocx(readFileSync(join(dir, 'paper.docx')));
      expect(fromDocx).toEqual(fromHtml);
      // The workbook: a sheet per table, then Inputs (which stands for the provenance table).
      const book = readFileSync(join(dir, 'paper.xlsx'));
      const sheets = fromHtml.slice(0, -1).map((_, i) => readWorkbook(book, i));
      expect(sheets.map((s) => ({ header: s.header, rows: s.rows, notes: s.notes }))).toEqual(fromHtml.slice(0, -1));
    });
});

// README (paper): every table is made by the same code as its own command, so the paper prints what the command prints.
describe("a paper's tables are its commands' tables (README: paper)", () => {
  it(`${FULL}/proposal-2025.json`, async () => {
    const proposal = `${FULL}/proposal-2025.json`;
    const census = `${FULL}/census-2025.csv`;
    const years = ['compare', `${FULL}/census-2024.csv`, census, '-c', proposal, '--before-config', `${FULL}/proposal-2024.json`, '--years', '2024/25,2025/26'];
    const commands = [
      ['decisions', '-c', proposal],
      ['rates', census, '-c', proposal],
      ['costs', `${FULL}/si-costs-2025.csv`],
      ['allocate', census, '-c', proposal],
      null, // the period split: Appendix B's period columns added up
      ['buy-back', census, '-c', proposal],
      ['convert', census, '-c', proposal],
      ['convert', census, '-c', proposal, '--by', 'rate'],
      [...years, '--by', 'service'],
      years,
    ];
    const paper = readPaperHtml((await runInProcess(['paper', proposal])).stdout);
    const own = await Promise.all(commands.map(async (argv) => (argv ? readHtml((await runInProcess([...argv, '--format', 'html'])).stdout) : null)));
    commands.forEach((argv, i) => {
      if (!argv) return;
      const table = own[i]!;
      expect({ command: argv[0], header: paper[i]!.header, rows: paper[i]!.rows, notes: paper[i]!.notes }).toEqual({ command: argv[0], header: table.header, rows: table.rows, notes: table.notes });
    });
  });
});

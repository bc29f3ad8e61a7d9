import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../../src/cli/version.js';
import { ROOT, runBin } from '../helpers/bin.js';
import { runCli } from '../helpers/run.js';

const COMMANDS = ['allocate', 'check', 'explain', 'compare', 'convert', 'init', 'schema'];

describe('help and version', () => {
  it('keeps src/cli/version.ts in step with package.json', () => {
    expect(VERSION).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  });

  it('prints the package version for dedel --version', () => {
    // --version and --help through the bin; each command's help in process.
    const run = runBin(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${VERSION}\n`);
  });

  it('lists every command with its description', () => {
    const run = runBin(['--help']);
    for (const command of COMMANDS) expect(run.stdout).toMatch(new RegExp(`^  ${command}\\b.*\\S`, 'm'));
  });

  it.each(COMMANDS)('gives %s a description, an example and one "Shared options:" heading holding --help', async (command) => {
    const run = await runCli([command, '--help']);
    expect(run.code).toBe(0);
    const text = run.stdout;
    const [, description = ''] = text.split('\n\n');
    expect(description.trim().length).toBeGreaterThan(20);
    expect(text).toMatch(/\nExample:\n  dedel /);
    expect(text.match(/^Shared options:$/gm)).toHaveLength(1);
    const shared = text.slice(text.indexOf('Shared options:')).split('\n\n')[0]!;
    expect(shared).toContain('-h, --help');
    expect(text).not.toMatch(/^Options:$/m);
  });

  // decisions --help had an "Options:" heading of its own, and listed the census flags (--column,
  // --encoding, --sheet, --la) of a command that reads no census.
  it('decisions --help lists only what decisions uses, under the headings other commands use', async () => {
    const run = await runCli(['decisions', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/^Options:$/m);
    expect(run.stdout.match(/^Shared options:$/gm)).toHaveLength(1);
    for (const flag of ['--column', '--encoding', '--sheet', '--la']) expect(run.stdout).not.toContain(`${flag} `);
    for (const flag of ['-c, --config <file>', '--title <text>', '-f, --format <format>', '-h, --help']) expect(run.stdout).toContain(flag);
    const unused = await runCli(['decisions', '-c', 'fixtures/proposal/dedel.json', '--encoding', 'utf-8']);
    expect(unused.code).toBe(2);
    expect(unused.stderr).toContain("unknown option '--encoding'");
  });

  // `dedel -h allocate` printed the program's help (commander acts on the first -h it meets).
  it.each([['-h'], ['--help']])('%s before a command gives that command\'s help, as help COMMAND does', async (flag) => {
    const help = await runCli(['help', 'allocate']);
    expect(help.stdout).toMatch(/^Usage: dedel allocate /);
    for (const args of [[flag, 'allocate'], [flag, 'allocate', '--foot'], ['allocate', flag]]) {
      const run = await runCli(args);
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(help.stdout);
    }
    const unknown = await runCli([flag, 'allocat']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'allocat'; did you mean allocate?");
  });

  // The help said "-c: config file (JSON); optional" on the two commands that cannot run without one.
  it.each([
    ['decisions', 'the proposal (config JSON) whose decisions to show; required'],
    ['buy-back', 'the proposal (config JSON) with its buyBack schedule; required'],
    ['allocate', 'config file (JSON); optional'],
  ])('%s --help says whether -c is needed', async (command, text) => {
    const help = (await runCli([command, '--help'])).stdout.replace(/\s+/g, ' ');
    expect(help).toContain(`-c, --config <file> ${text}`);
  });

  it('buy-back without -c says it needs the proposal, not that "the config" has no buyBack', async () => {
    const run = await runCli(['buy-back', 'fixtures/sutton/appendix-b.csv', '--rate', '5']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('dedel: error: dedel buy-back needs the proposal with its buyBack schedule: give -c FILE\n');
  });

  it('names every kind of census a command reads, and every --strict failure README "Exit codes" lists', async () => {
    const help = (await runCli(['allocate', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(help).toContain('census census: CSV, tab-separated text or an .xlsx workbook (- for stdin)');
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8').replace(/\s+/g, ' ');
    const failures = 'a control-total mismatch, all-through parts that do not add up to NOR, an all-through school left undecided, or a run that charges no school';
    expect(readme).toContain(`with \`--strict\`, ${failures}`);
    expect(help).toContain(`--strict fail (exit 3) on ${failures}`);
  });

  // README's allocate section lists its options; --sheet and --convert were in the help only.
  it("names every option allocate --help lists in README's allocate options", async () => {
    const help = (await runCli(['allocate', '--help'])).stdout;
    const flags = new Set([...help.matchAll(/^ {2}(?:-\w, )?(--[a-z][a-z-]*)/gm)].map((m) => m[1]!));
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const options = readme.slice(readme.indexOf('Options: `-c, --config FILE`'), readme.indexOf('### rates'));
    // --format, --out and --help are every command's, in README's "Commands".
    const missing = [...flags].filter((f) => !['--format', '--out', '--help'].includes(f) && !options.includes(f));
    expect(missing).toEqual([]);
  });
  // README "Census workbooks (.xlsx)": the first sheet not hidden; allocate's help said "the first".
  it('gives --sheet the default README gives it, the first sheet not hidden, in every command that reads a workbook', async () => {
    for (const command of ['allocate', 'rates', 'check', 'explain', 'buy-back', 'convert', 'costs']) {
      const help = (await runCli([command, '--help'])).stdout.replace(/\s+/g, ' ');
      expect(help, command).toMatch(/--sheet <name> an \.xlsx (census|plan): the sheet to read \(default: the first not hidden\)/);
    }
  });

  // README "check, explain, compare": a Total row is checked against the schools, with a warning
  // where it differs; compare's help said such rows were skipped.
  it('says in compare --help that Total and subtotal rows are checked, as README does', async () => {
    const help = (await runCli(['compare', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(help).not.toContain('Total rows are skipped');
    expect(help).toContain('Total and subtotal rows are checked against the schools they cover (a warning where they differ)');
  });

  // The notes and examples after the options ran to 136 columns (compare, split, convert, check …):
  // in an 80-column terminal each wrapped at the edge, mid-word. Commander wraps the options to 80
  // when piped; the text after them is dedel's own.
  it('fits every line of every help in 80 columns', async () => {
    const all = ['allocate', 'check', 'explain', 'compare', 'init', 'schema', 'rates', 'split', 'costs', 'decisions', 'buy-back', 'convert', 'paper'];
    const helps = [await runCli(['--help']), ...(await Promise.all(all.map((c) => runCli([c, '--help']))))];
    const long = helps.flatMap((run) => run.stdout.split('\n')).filter((line) => [...line].length > 80);
    expect(long).toEqual([]);
  });
});

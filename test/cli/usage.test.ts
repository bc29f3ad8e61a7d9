import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/run.js';

// README "Exit codes": a bad flag value is bad usage, exit 2, with one message and no output.
const CENSUS = 'URN,School,Status,Phase,NOR\n1,Ash Primary,Community,Primary,100\n';

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dedel-usage-'));
  writeFileSync(join(dir, 'census.csv'), CENSUS);
  return dir;
}

describe('bad usage exits 2', () => {
  it.each([
    ["--months ''", ['allocate', 'census.csv', '--rate', '5', '--months', ''], "dedel: error: option '--months <list>' argument '' is invalid. expected months such as 5,7, not an empty value.\n"],
    // `--columns "$COLUMNS"` with the variable unset printed every column, as if no --columns were given.
    ["--columns ''", ['allocate', 'census.csv', '--rate', '5', '--columns', ''], "dedel: error: option '--columns <list>' argument '' is invalid. expected column names such as school,nor,total, not an empty list.\n"],
    ["--columns ' , '", ['allocate', 'census.csv', '--rate', '5', '--columns', ' , '], "dedel: error: option '--columns <list>' argument ' , ' is invalid. expected column names such as school,nor,total, not an empty list.\n"],
    ['--months ,', ['allocate', 'census.csv', '--rate', '5', '--months', ','], 'dedel: error: --months expects months such as 5,7; got ","\n'],
    ['months that do not add up to 12', ['allocate', 'census.csv', '--rate', '5', '--months', '5,5'], 'dedel: error: --months: the periods add up to 10 months, not 12: Period 1 5, Period 2 5\n'],
    // A count of one reads in the singular: the message said "gives 1 labels" and "1 months".
    ['one label for two periods', ['split', 'a=1', '--months', '5,7', '--labels', 'x'], 'dedel: error: --labels gives 1 label for 2 periods\n'],
    ['two labels for one period', ['split', 'a=1', '--months', '12', '--labels', 'x,y'], 'dedel: error: --labels gives 2 labels for 1 period\n'],
    ['one month in all', ['split', 'a=1', '--months', '1'], 'dedel: error: --months: the periods add up to 1 month, not 12: Period 1 1\n'],
    // A space copied with a path: "b.csv " no longer ended in .csv, so a terminal table was
    // written, without a word, to a file that looks like b.csv in a listing.
    ['--out ending in a space', ['allocate', 'census.csv', '--rate', '5', '--out', 'b.csv '], 'dedel: error: --out "b.csv " has a space at its end (copied with the path?), which the file\'s name would keep; give the name without it: "b.csv"\n'],
    ['--out starting with a no-break space', ['allocate', 'census.csv', '--rate', '5', '--out', '\u00a0b.csv'], 'dedel: error: --out "\\xa0b.csv" has a space at its start (copied with the path?), which the file\'s name would keep; give the name without it: "b.csv"\n'],
    ['schema --out ending in a space', ['schema', '--out', 'schema.json '], 'dedel: error: --out "schema.json " has a space at its end (copied with the path?), which the file\'s name would keep; give the name without it: "schema.json"\n'],
    ['- as both census and config', ['allocate', '-', '-c', '-', '--rate', '5'], 'dedel: error: standard input (-) can be read once: <census> and --config cannot both be -\n'],
    ['- as both before and after', ['compare', '-', '-'], 'dedel: error: standard input (-) can be read once: <before> and <after> cannot both be -\n'],
    ['an unknown command with --help', ['nosuchcommand', '--help'], "dedel: error: unknown command 'nosuchcommand'\n(run with --help for usage)\n"],
    ['help for an unknown command', ['help', 'nosuchcommand'], "dedel: error: unknown command 'nosuchcommand'\n(run with --help for usage)\n"],
    // A mistyped command is named with the commands it is near, as a mistyped option already was.
    ['a mistyped command', ['alocate', 'census.csv', '--rate', '5'], "dedel: error: unknown command 'alocate'; did you mean allocate?\n(run with --help for usage)\n"],
    ['a command named as a noun', ['buyback', 'census.csv'], "dedel: error: unknown command 'buyback'; did you mean buy-back?\n(run with --help for usage)\n"],
    // A script saved with CRLF line ends: the CR stays on the line's last word. Read as given,
    // --out wrote a table to a file named "appendix-b.csv\r", and --foot\r was "unknown option
    // '--foot' (Did you mean --foot?)".
    [
      'an argument ending in a carriage return',
      ['allocate', 'census.csv', '--rate', '5', '--out', 'appendix-b.csv\r'],
      'dedel: error: argument "appendix-b.csv\\r" ends in a carriage return (\\r): the script that ran dedel has Windows (CRLF) line ends; save it with LF line ends (dos2unix FILE) and run it again\n',
    ],
    [
      'a flag ending in a carriage return',
      ['allocate', 'census.csv', '--rate', '5', '--foot\r'],
      'dedel: error: argument "--foot\\r" ends in a carriage return (\\r): the script that ran dedel has Windows (CRLF) line ends; save it with LF line ends (dos2unix FILE) and run it again\n',
    ],
    // A one-value flag given twice with different values: commander kept the last and said nothing.
    ['a flag given twice', ['allocate', 'census.csv', '--rate', '5', '--round', '1', '--round', '100'], 'dedel: error: --round given twice, as "1" and "100"; give it once\n'],
    ['--out given twice, by its two names', ['allocate', 'census.csv', '--rate', '5', '-o', 'a.csv', '--out=b.csv'], 'dedel: error: --out given twice, as "a.csv" and "b.csv"; give it once\n'],
    ['-c given twice', ['allocate', 'census.csv', '-c', 'a.json', '-c', 'b.json'], 'dedel: error: --config given twice, as "a.json" and "b.json"; give it once\n'],
    // commander's own messages quote what was typed: escaped, as dedel's are, never sent to the terminal raw.
    ['an unknown option holding an escape code', ['allocate', 'census.csv', '--ra\u001b[31mte', '5'], "dedel: error: unknown option '--ra\\x1b[31mte'\n"],
    ['a choice holding a tab', ['allocate', 'census.csv', '--rate', '5', '--format', 'c\tsv'], "dedel: error: option '-f, --format <format>' argument 'c\\tsv' is invalid. Allowed choices are table, csv, tsv, md, html, json, xlsx.\n"],
  ])('%s', async (_what, args, stderr) => {
    const dir = folder();
    const run = await runInProcess(args, { cwd: dir, stdin: CENSUS });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(stderr);
    expect(run.stdout).toBe('');
    expect(readdirSync(dir)).toEqual(['census.csv']);
  });

  it('a one-value flag given twice with the same value, and repeatable flags, are fine', async () => {
    const dir = folder();
    const same = await runInProcess(['allocate', 'census.csv', '--rate', '5', '--round', '1', '--round', '1', '-f', 'csv', '--format', 'csv'], { cwd: dir });
    expect(same.code).toBe(0);
    const repeated = await runInProcess(['allocate', 'census.csv', '--rate', 'primary=5', '--rate', 'secondary=6', '--header', 'nor=NOR Oct', '--header', 'total=All £', '-f', 'csv'], { cwd: dir });
    expect(repeated.code).toBe(0);
    expect(repeated.stdout.split('\n')[0]).toBe('urn,school,status,phase,NOR Oct,de_delegation,All £,per_pupil');
  });

  it('help for a command that exists still succeeds', async () => {
    const run = await runInProcess(['allocate', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: dedel allocate');
  });
});

describe('- on a terminal', () => {
  const CSV = 'urn,school,status,phase,nor,de_delegation,total,per_pupil\n1,Ash Primary,community,primary,100,500,500,5.00\n,Total,,,100,500,500,5.00\n';
  // With nothing piped in, `dedel allocate -` waited for the keyboard and said nothing: it seemed to hang.
  it('says it is reading the terminal, and how to end', async () => {
    const run = await runInProcess(['allocate', '-', '--rate', '5', '-f', 'csv'], { stdin: CENSUS, stdinTTY: true });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('dedel: reading standard input from the terminal; end it with Ctrl-D on a new line\n');
    expect(run.stdout).toBe(CSV);
  });
  it('says nothing when standard input is a pipe or a file', async () => {
    const run = await runInProcess(['allocate', '-', '--rate', '5', '-f', 'csv'], { stdin: CENSUS });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(CSV);
  });
});

describe('bad usage says what was meant', () => {
  // `dedel allocate "$CENSUS"` with the variable unset named the current folder: "cannot read : it
  // is a folder", exit 1; `dedel init ''` wrote into the current folder and said `cd  && …`.
  it.each([
    [['allocate', '', '--rate', '5'], '<census> is empty; give a file name, or - for standard input'],
    [['costs', ''], '<plan> is empty; give a file name, or - for standard input'],
    [['compare', 'a.csv', ''], '<after> is empty; give a file name, or - for standard input'],
    [['paper', ''], '<proposal> is empty; give a file name'],
    [['init', ''], '<dir> is empty; give a file name (a folder)'],
    [['allocate', 'census.csv', '-c', ''], '--config is empty; give a file name'],
    [['costs', 'plan.csv', '--per-pupil', ''], '--per-pupil is empty; give a file name'],
    [['compare', 'a.csv', 'b.csv', '-c', 'p.json', '--before-config', ''], '--before-config is empty; give a file name'],
    [['paper', 'p.json', '--census', ''], '--census is empty; give a file name'],
    // The proposal is read for its paper section and again for its plan: `-` said standard input was given twice.
    [['paper', '-'], 'dedel paper reads the proposal from its file, not standard input (-): the census and cost plans it names are found beside it; give the file name'],
  ])('an empty file name is bad usage, naming the argument: dedel %j', async (args, message) => {
    const dir = folder();
    const run = await runInProcess(args, { cwd: dir, stdin: '{}' });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`dedel: error: ${message}\n`);
    expect(readdirSync(dir)).toEqual(['census.csv']);
  });
  // Commander guesses by spelling: `--csv` got no suggestion, `--silent` got `--sheet`, `--colour` got `--column`.
  it.each([
    [['allocate', 'census.csv', '--rate', '5', '--csv'], "unknown option '--csv'\n(Did you mean --format csv?)"],
    [['rates', 'census.csv', '--rate', '5', '--markdown'], "unknown option '--markdown'\n(Did you mean --format md?)"],
    [['paper', 'p.json', '--docx'], "unknown option '--docx'\n(Did you mean --format docx?)"],
    [['paper', 'p.json', '--csv'], "unknown option '--csv'"],
    [['allocate', 'census.csv', '--rate', '5', '--silent'], "unknown option '--silent'\n(Did you mean --quiet?)"],
    [['allocate', 'census.csv', '--rate', '5', '--colour'], "unknown option '--colour'\n(colour is on by itself in a terminal, and off in a pipe or file; --no-color turns it off)"],
    [['allocate', 'census.csv', '--rate', '5', '--no-colour'], "unknown option '--no-colour'\n(Did you mean --no-color?)"],
    [['allocate', 'census.csv', '--rat', '5'], "unknown option '--rat'\n(Did you mean --rate?)"],
    // Another command's option: commander suggested `--out` for `--foot`, which does nothing of the kind.
    [['costs', 'census.csv', '--foot'], "unknown option '--foot'\n(--foot is an option of allocate, check, explain, rates and convert; costs does not take it)"],
    [['allocate', 'census.csv', '--rate', '5', '--by', 'school'], "unknown option '--by'\n(--by is an option of compare and convert; allocate does not take it)"],
  ])('an unknown option suggests what was meant: dedel %j', async (args, message) => {
    const run = await runInProcess(args, { cwd: folder() });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`dedel: error: ${message}\n`);
  });
  // Commander said only "too many arguments … Expected 2 arguments but got 4".
  it.each([
    [['explain', 'census.csv', 'Robin', 'Hood', 'Infants', '--rate', '5'], "too many arguments for 'explain'. Expected 2 arguments but got 4.\n(a school's name with spaces is one argument: quote it, \"Robin Hood Infants\")"],
    [['allocate', 'census.csv', '5.10'], "too many arguments for 'allocate'. Expected 1 argument but got 2.\n(Did you mean --rate 5.10?)"],
    [['allocate', 'census.csv', 'other.csv'], "too many arguments for 'allocate'. Expected 1 argument but got 2."],
    [['allocate', 'census.csv', '--rate', 'primary=5.10', 'secondary=6'], "too many arguments for 'allocate'. Expected 1 argument but got 2.\n(one PHASE=VALUE to each flag: give the flag again before \"secondary=6\", as in --rate primary=5.83 --rate secondary=7.92)"],
  ])('too many arguments says what was likely meant: dedel %j', async (args, message) => {
    const run = await runInProcess(args, { cwd: folder() });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`dedel: error: ${message}\n`);
  });
});

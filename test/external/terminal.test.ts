// dedel in a pseudo-terminal, as a person runs it: `script` gives the bin a terminal of 80 or
// 200 columns, with colour and with NO_COLOR. The screen, colour codes stripped, is compared
// with test/golden/terminal/*.txt (UPDATE_GOLDEN=1 rewrites them); colour codes may only be
// bold on and off, only on the title, header and Total lines, and no box line may be wider
// than the terminal.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/bin.js';
import { displayWidth } from '../../src/render/table.js';
import { requireTool } from './tools.js';

const hasScript = requireTool('script');
const quote = (arg: string) => `'${arg.replaceAll("'", "'\\''")}'`;

/** The bytes a terminal of `cols` columns receives from the command (stdout and stderr), line ends made \n. */
function screen(command: string, cols: number, color: boolean): string {
  const env = { ...process.env, TERM: 'xterm-256color', DEDEL_DEBUG: '' } as Record<string, string | undefined>;
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  delete env.CI;
  // The terminal's width is set by stty below; COLUMNS, where the caller's shell exports it, would come first.
  delete env.COLUMNS;
  if (!color) env.NO_COLOR = '1';
  const inner = `stty cols ${cols} rows 60; ${command}`;
  const run = spawnSync('script', ['-qec', inner, '/dev/null'], { cwd: ROOT, env: env as NodeJS.ProcessEnv, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout.replace(/\r\n/g, '\n');
}

const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;
const strip = (text: string) => text.replace(ANSI, '');
const boxLine = (line: string) => /^[┌│├└]/.test(line);

const dedel = (args: string[]) => `node bin/dedel.js ${args.map(quote).join(' ')}`;
/** What `npm start` runs after building (package.json), so each colour and width need not build again. */
const START = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start.split('&&')[1]!.trim();
const CASES: [string, string][] = [
  ['start', START],
  ['split', dedel(['split', 'School Improvement=149600', 'Behaviour Support=139300', '--months', '5,7', '--labels', 'De-delegated,Buy-back', '--round', '100'])],
  ['costs', dedel(['costs', 'fixtures/sefton/commitment-2023-24.csv', '--per-pupil', 'fixtures/sefton/census.csv'])],
  ['rates', dedel(['rates', 'fixtures/lancashire/census.csv', '-c', 'fixtures/lancashire/dedel.json'])],
  ['check', dedel(['check', 'fixtures/sutton/appendix-b.csv'])],
  ['explain', dedel(['explain', 'fixtures/sutton/appendix-b.csv', "Robin Hood Infants' School", '--rate', '5.10', '--foot'])],
  ['two-services-periods', dedel(['allocate', 'fixtures/two-services/census.csv', '-c', 'fixtures/two-services/dedel.json', '--months', '5,7', '--labels', 'De-delegated,Buy-back'])],
];

function expectScreen(name: string, text: string): void {
  const file = join(ROOT, 'test/golden/terminal', `${name}.txt`);
  if (process.env.UPDATE_GOLDEN || !existsSync(file)) {
    if (!existsSync(file) && process.env.CI) throw new Error(`missing golden file ${file}: run UPDATE_GOLDEN=1 npm run test:external and commit it`);
    mkdirSync(join(ROOT, 'test/golden/terminal'), { recursive: true });
    writeFileSync(file, text);
  }
  expect(text).toBe(readFileSync(file, 'utf8'));
}

describe.skipIf(!hasScript)('dedel in a terminal', () => {
  for (const [name, command] of CASES) {
    for (const cols of [80, 200]) {
      it(`${name} at ${cols} columns: a clean table, with and without colour`, () => {
        const coloured = screen(command, cols, true);
        const plain = screen(command, cols, false);
        expect(plain).not.toMatch(ANSI);
        expect(strip(coloured)).toBe(plain);
        expectScreen(`${name}-${cols}`, plain);

        // Colour: bold on and off only, and only on the title, the header and Total (or subtotal) lines.
        expect(coloured).toContain('\u001b[1m');
        for (const code of coloured.match(ANSI) ?? []) expect(['\u001b[1m', '\u001b[22m']).toContain(code);
        const lines = plain.split('\n');
        const colouredLines = coloured.split('\n');
        let zone: 'outside' | 'head' | 'body' | 'total' = 'outside';
        lines.forEach((line, k) => {
          if (line.startsWith('┌')) zone = 'head';
          else if (line.startsWith('├')) zone = zone === 'head' ? 'body' : 'total';
          else if (line.startsWith('└')) zone = 'outside';
          else if (colouredLines[k]!.includes('\u001b[')) expect(zone, `colour on a school row: ${line}`).not.toBe('body');
        });
        // No box line is wider than the terminal; every box line of a block is as wide.
        for (const line of lines.filter(boxLine)) expect(displayWidth(line), line).toBeLessThanOrEqual(cols);
        // A header's text never runs into the column names of the next ("School 0 School,Status").
        expect(plain).not.toMatch(/School,Status|Status,NOR/);
      });
    }
  }

  // At 40 and 30 columns the school and a figure beside it were wider than the terminal: every box line wrapped.
  it('in a terminal of 40, 30 or 20 columns every box line fits: at 30 and 20, as records of one field to a line', () => {
    for (const cols of [40, 30, 20]) {
      const box = screen(START, cols, false).split('\n').filter(boxLine);
      for (const line of box) expect(displayWidth(line), `${cols}: ${line}`).toBeLessThanOrEqual(cols);
      if (cols < 40) {
        for (const line of box) expect(displayWidth(line), `${cols}: ${line}`).toBe(cols);
        expect(box).toContain(`│ School:${' '.repeat(cols - 10)}│`);
      }
    }
  });

  it('npm start itself shows the same screens: at 80 columns with colour, at 200 without', () => {
    expect(strip(screen('npm start --silent', 80, true))).toBe(readFileSync(join(ROOT, 'test/golden/terminal/start-80.txt'), 'utf8'));
    expect(screen('npm start --silent', 200, false)).toBe(readFileSync(join(ROOT, 'test/golden/terminal/start-200.txt'), 'utf8'));
  });

  it('no colour on a dumb terminal or with FORCE_COLOR=0, and the same screen as with NO_COLOR', () => {
    const plain = readFileSync(join(ROOT, 'test/golden/terminal/start-80.txt'), 'utf8');
    for (const setting of ['TERM=dumb', 'FORCE_COLOR=0']) {
      const shown = screen(`env ${setting} ${START}`, 80, true);
      expect(shown, setting).not.toMatch(ANSI);
      expect(shown, setting).toBe(plain);
    }
  });

  it('dedel allocate - typed at the terminal: says how to end it, then reads what was typed up to Ctrl-D', () => {
    const typing = "(sleep 1; printf 'URN,School,Status,Phase,NOR\\n1,Ash Primary,Community,Primary,100\\n'; sleep 0.5; printf '\\004'; sleep 1)";
    const env = { ...process.env, TERM: 'xterm-256color', NO_COLOR: '1', COLUMNS: '' };
    const run = spawnSync('bash', ['-c', `${typing} | script -qec ${quote(`stty cols 80; ${dedel(['allocate', '-', '--rate', '5', '-f', 'csv'])}`)} /dev/null`], { cwd: ROOT, env, encoding: 'utf8' });
    const lines = run.stdout.replace(/\r\n/g, '\n').split('\n');
    expect(lines[0]).toBe('dedel: reading standard input from the terminal; end it with Ctrl-D on a new line');
    expect(lines).toContain('1,Ash Primary,community,primary,100,500,500,5.00');
  });

  it('never folds when piped, even in a narrow terminal', () => {
    const piped = screen(`${dedel(['allocate', 'fixtures/two-services/census.csv', '-c', 'fixtures/two-services/dedel.json', '--months', '5,7'])} 2>/dev/null | cat`, 80, true);
    expect(piped).not.toMatch(ANSI);
    const box = piped.split('\n').filter(boxLine);
    expect(box).toHaveLength(11);
    expect(displayWidth(box[0]!)).toBeGreaterThan(200);
  });
  // The notes and examples after the options ran to 136 columns: an 80-column terminal broke them mid-word.
  it('every help fits an 80-column terminal, and its examples can be pasted as shown', () => {
    for (const command of ['--help', 'split --help', 'compare --help', 'convert --help', 'check --help', 'rates --help']) {
      const shown = screen(`node bin/dedel.js ${command}`, 80, true);
      expect(shown, command).not.toMatch(ANSI);
      for (const line of shown.split('\n')) expect(displayWidth(line), `${command}: ${line}`).toBeLessThanOrEqual(80);
    }
    expect(screen('node bin/dedel.js split --help', 80, true)).toContain('  dedel split "School Improvement=149600" "Behaviour Support=139300" \\\n      --months 5,7');
  });
});

// Every command's table in a terminal of any width from 20 columns: at 40 or 30 columns the
// school and one figure beside it (the narrowest blocks) were still wider than the terminal,
// so each box line wrapped and the box fell apart.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displayWidth } from '../../src/render/table.js';
import { runInProcess } from '../helpers/run.js';

const LONG_NAMES = [
  'URN,School,Status,Phase,NOR',
  "100001,St Philomena's Catholic High School for Girls and the Language Opportunity Base,VA,Secondary,1179",
  '100002,Ysgol Gynradd Gymraeg Llwynderw a’r Ganolfan Adnoddau Iaith,Community,Primary,412',
  '100003,Supercalifragilisticexpialidociousandevenlongerwordthanthat Academy Trust School,Foundation,Primary,88',
  '100004,学校学校学校学校学校学校学校学校学校学校学校,Community,Primary,201',
].join('\n');

const COMMANDS: [string, string[], string?][] = [
  ['allocate (Sutton)', ['allocate', 'fixtures/sutton/appendix-b.csv', '--rate', '5.10']],
  ['allocate (two services, periods)', ['allocate', 'fixtures/two-services/census.csv', '-c', 'fixtures/two-services/dedel.json', '--months', '5,7', '--labels', 'De-delegated,Buy-back']],
  ['allocate (long names)', ['allocate', '-', '--rate', '5.10', '--months', '5,7'], LONG_NAMES],
  ['allocate --all (GIAS)', ['allocate', 'fixtures/gias/establishments.csv', '--rate', '5', '--all']],
  ['explain', ['explain', 'fixtures/sutton/appendix-b.csv', "Robin Hood Infants' School", '--rate', '5.10', '--foot']],
  ['decisions', ['decisions', '-c', 'fixtures/proposal/dedel.json']],
  ['rates', ['rates', 'fixtures/lancashire/census.csv', '-c', 'fixtures/lancashire/dedel.json']],
];

describe('tables in a narrow terminal', () => {
  for (const [name, args, stdin] of COMMANDS) {
    it(`${name}: no line of the output is wider than a terminal of 20 to 200 columns`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 20, max: 200 }), async (width) => {
          const run = await runInProcess([...args, '-q'], { tty: true, columns: width, env: { NO_COLOR: '1' }, ...(stdin ? { stdin } : {}) });
          expect(run.code, run.stderr).toBe(0);
          for (const line of run.stdout.split('\n')) expect(displayWidth(line), `${width} columns: ${line}`).toBeLessThanOrEqual(width);
        }),
        { numRuns: 25, examples: [[20], [30], [40], [44]] },
      );
    });
  }

  // A terminal that reports no size (under `script`, some remote shells) folded nothing, whatever COLUMNS said.
  it('folds to COLUMNS where it is set, before the terminal\'s own width, and never into a pipe', async () => {
    const args = ['allocate', 'fixtures/sutton/appendix-b.csv', '--rate', '5.10', '-q'];
    const widest = (text: string) => Math.max(...text.split('\n').map((l) => displayWidth(l)));
    const noSize = await runInProcess(args, { tty: true, env: { NO_COLOR: '1', COLUMNS: '40' } });
    expect(widest(noSize.stdout)).toBeLessThanOrEqual(40);
    const over = await runInProcess(args, { tty: true, columns: 200, env: { NO_COLOR: '1', COLUMNS: '40' } });
    expect(over.stdout).toBe(noSize.stdout);
    const own = await runInProcess(args, { tty: true, columns: 40, env: { NO_COLOR: '1', COLUMNS: 'wide' } });
    expect(own.stdout).toBe(noSize.stdout);
    const piped = await runInProcess(args, { env: { NO_COLOR: '1', COLUMNS: '40' } });
    expect(widest(piped.stdout)).toBeGreaterThan(40);
  });

  it('Sutton at 30 columns: a record per school, each field on its own lines', async () => {
    const run = await runInProcess(['allocate', 'fixtures/sutton/appendix-b.csv', '--rate', '5.10', '-q'], { tty: true, columns: 30, env: { NO_COLOR: '1' } });
    const lines = run.stdout.split('\n');
    const at = lines.indexOf("│   St Philomena's Catholic  │");
    expect(lines.slice(at - 1, at + 12)).toEqual([
      '│ School:                    │',
      "│   St Philomena's Catholic  │",
      '│   High School for Girls    │',
      '│ Status:                    │',
      '│   VA                       │',
      '│ NOR:                       │',
      '│   1,179                    │',
      '│ De-delegation £:           │',
      '│   6,013                    │',
      '│ Total £:                   │',
      '│   6,013                    │',
      '│ Per pupil £:               │',
      '│   5.10                     │',
    ]);
  });
});

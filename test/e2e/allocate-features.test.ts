import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { runBin } from '../helpers/bin.js';
import { runInProcess } from '../helpers/run.js';

const rows = (csv: string) => parse(csv, { columns: true }) as Record<string, string>[];

describe('allocate features', () => {
  it('charges every row as maintained when the census has no status column, and warns once', async () => {
    const run = await runInProcess(['allocate', 'fixtures/features/pro-rata.csv', '--rate', '10', '-f', 'csv']);
    expect(run.code).toBe(0);
    expect(run.stderr.match(/no status column/g)).toHaveLength(1);
    expect(rows(run.stdout).map((r) => r.school)).toEqual(['Oak Primary', 'Elm Primary', 'Ash Secondary', 'Total']);
  });

  it('charges pro-rata by the months column: 240 × £10 × 7/12 = £1,400', async () => {
    const run = await runInProcess(['allocate', 'fixtures/features/pro-rata.csv', '--rate', '10', '-f', 'csv', '-q']);
    expect(rows(run.stdout).map((r) => r.de_delegation)).toEqual(['3000', '1400', '3750', '8150']);
  });

  it('charges a lump sum per school with basis "school", beside a per-pupil service', async () => {
    const run = await runInProcess(['allocate', 'fixtures/two-services/census.csv', '-c', 'fixtures/features/licences.json', '-f', 'csv']);
    expect(run.code).toBe(0);
    const table = rows(run.stdout);
    expect(Object.keys(table[0]!)).toEqual(['urn', 'school', 'status', 'phase', 'nor', 'licences', 'school_improvement', 'total', 'per_pupil']);
    expect(table.map((r) => r.licences)).toEqual(['250', '250', '250', '250', '250', '1250']);
    expect(table.at(-1)!.total).toBe(String(1250 + 19620));
  });

  it('splits an all-through school by its primary and secondary NOR: 600 × £5.83 + 900 × £7.92', async () => {
    const run = await runInProcess(['allocate', 'fixtures/features/all-through.csv', '--rate', 'primary=5.83', '--rate', 'secondary=7.92', '-f', 'json']);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as { rows: { school: string; de_delegation: string; exact: Record<string, string> }[] };
    expect(json.rows[0]).toMatchObject({ school: 'Meadow All-through School', de_delegation: '10626', exact: { de_delegation: '10626' } });
  });

  it('deems an all-through school one phase with --config charge.allThrough', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-'));
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ charge: { allThrough: 'secondary' }, services: [{ name: 'SI', rate: { primary: '5.83', secondary: '7.92' } }] }));
    const run = await runInProcess(['allocate', 'fixtures/features/all-through.csv', '-c', join(dir, 'c.json'), '-f', 'csv']);
    expect(rows(run.stdout)[0]!.si).toBe('11880');
  });

  it('writes --out atomically and prints nothing on stdout', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-'));
    const out = join(dir, 'appendix-b.csv');
    const run = runBin(['allocate', 'fixtures/sutton/appendix-b.csv', '--rate', '5.10', '-f', 'csv', '--out', out, '-q']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(readFileSync(out, 'utf8').split('\n')[0]).toBe('urn,school,status,phase,nor,de_delegation,total,per_pupil');
  });

  it('refuses --out onto the census (exit 2) and leaves it untouched', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-'));
    const census = join(dir, 'census.csv');
    writeFileSync(census, readFileSync('fixtures/sutton/appendix-b.csv'));
    const run = runBin(['allocate', census, '--rate', '5.10', '--out', census]);
    expect(run.code).toBe(2);
    expect(readFileSync(census)).toEqual(readFileSync('fixtures/sutton/appendix-b.csv'));
  });

  it('names the JSON path of an unknown config key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-'));
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ services: [{ name: 'SI', rate: '5', basiss: 'nor' }] }));
    const run = await runInProcess(['allocate', 'fixtures/sutton/appendix-b.csv', '-c', join(dir, 'c.json')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('at services[0].basiss: unknown key "basiss"');
  });

  it('names the line and column of a config that is not JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-'));
    writeFileSync(join(dir, 'c.json'), '{\n  "services": [\n    { "name": "SI", "rate": 5.10, }\n  ]\n}\n');
    const run = await runInProcess(['allocate', 'fixtures/sutton/appendix-b.csv', '-c', join(dir, 'c.json')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/c\.json:3: column \d+: .*not valid JSON/);
  });

  // Typed as a paper writes them, each was "Invalid option: expected one of ...".
  it('reads the config\'s own words in any case and with spaces for hyphens (Half-up, Largest remainder, Primary, Maintained)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-'));
    const config = (rounding: object, charge: object) => JSON.stringify({ rounding, charge, services: [{ name: 'SI', rate: '5.10' }] });
    writeFileSync(join(dir, 'written.json'), config({ mode: 'Half up', foot: 'Largest remainder' }, { statuses: 'Maintained', phases: ['Primary', 'Secondary'] }));
    writeFileSync(join(dir, 'plain.json'), config({ mode: 'half-up', foot: 'largest-remainder' }, { statuses: 'maintained', phases: ['primary', 'secondary'] }));
    writeFileSync(join(dir, 'nearest.json'), config({ mode: 'nearest' }, {}));
    const written = await runInProcess(['allocate', 'fixtures/gias/establishments.csv', '-c', join(dir, 'written.json'), '-f', 'csv']);
    const plain = await runInProcess(['allocate', 'fixtures/gias/establishments.csv', '-c', join(dir, 'plain.json'), '-f', 'csv']);
    expect(written.code, written.stderr).toBe(0);
    expect(written.stdout).toBe(plain.stdout);
    expect(written.stderr).toBe(plain.stderr);
    // A word that is none of them, whatever its case, is still refused.
    const nearest = await runInProcess(['allocate', 'fixtures/gias/establishments.csv', '-c', join(dir, 'nearest.json')]);
    expect(nearest.code).toBe(1);
    expect(nearest.stderr).toContain('at rounding.mode: value "nearest"');
  });

  // Each was "unexpected character (a trailing comma, or a missing quote or comma?)".
  it.each([
    ['{\n  // the rates\n  "services": []\n}\n', 'c.json:2: column 3: value "/": not valid JSON: a comment, which JSON does not have; delete it'],
    ["{\n  'services': []\n}\n", 'c.json:2: column 3: value "\'": not valid JSON: a single quote; JSON writes names and text in double quotes ("rate": "5.10")'],
    ['{\n  \u201cservices\u201d: []\n}\n', 'c.json:2: column 3: value "\u201c": not valid JSON: a curly quote (as a word processor types it); JSON writes names and text in straight double quotes (")'],
    ['{\n  "services": [ { "name": "SI", "rate": "5.10" }, ]\n}\n', 'c.json:2: column 51: value "]": not valid JSON: a comma before this ], which JSON does not allow after the last item; delete the comma'],
  ])('says what a hand-typed config that is not JSON has: %j', async (text, said) => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-'));
    writeFileSync(join(dir, 'c.json'), text);
    const run = await runInProcess(['allocate', 'fixtures/sutton/appendix-b.csv', '-c', join(dir, 'c.json')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`dedel: error: ${join(dir, said)}\n`);
  });

  it('maps a header explicitly with --column', async () => {
    const census = 'Name,Status,Phase,Pupils Jan,Pupils Oct\nA,Community,Primary,100,200\n';
    const run = await runInProcess(['allocate', '-', '--rate', '1', '--column', 'nor=Pupils Oct', '-f', 'csv'], { stdin: census });
    expect(run.code).toBe(0);
    expect(rows(run.stdout)[0]!.de_delegation).toBe('200');
  });

  it('charges on any numeric basis column such as FSM', async () => {
    const census = 'URN,Name,Status,Phase,NOR,FSM\n1,A,Community,Primary,100,21\n2,B,Academy sponsor led,Primary,300,50\n';
    const run = await runInProcess(['allocate', '-', '--rate', '12.50', '--basis', 'fsm', '-f', 'csv'], { stdin: census });
    expect(run.stdout).toBe('urn,school,status,phase,nor,fsm,de_delegation,total,per_pupil\n1,A,community,primary,100,21,263,263,2.63\n,Total,,,100,21,263,263,2.63\n');
  });
});

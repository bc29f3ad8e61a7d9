// Service names in Welsh, Polish, Urdu and Chinese (a community-language service): a name with
// no letter a-z ("اردو زبان کی خدمت", "社区语言服务") was refused as having "no letters or
// digits", and "Wsparcie łódź" was keyed wsparcie_odz. README: Column keys.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/run.js';
import { sheetCells, unzipXml } from '../helpers/xlsx.js';

const census = 'URN,School,Status,Phase,NOR\n1,Ysgol Ŵyl,Community,Primary,100\n2,Szkoła,Foundation,Secondary,200\n';
const SERVICES = [
  { name: 'Gwasanaeth Cymraeg ŵ', rate: '5' },
  { name: 'Wsparcie językowy Łódź', rate: '2' },
  { name: 'اردو زبان کی خدمت', rate: '1' },
  { name: '社区语言服务', rate: '3' },
];
const KEYS = ['gwasanaeth_cymraeg_w', 'wsparcie_jezykowy_lodz', 'اردو_زبان_کی_خدمت', '社区语言服务'];

function config(services: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'dedel-names-'));
  const file = join(dir, 'dedel.json');
  writeFileSync(file, JSON.stringify({ services }));
  return file;
}

describe('service names in any script', () => {
  const allocate = (format: string, services: unknown = SERVICES, more: string[] = []) =>
    runInProcess(['allocate', '-', '-c', config(services), '-f', format, '-q', ...more], { stdin: census });

  it('--columns and --header take a key typed decomposed (NFD, as some keyboards give й) as the same key', async () => {
    const services = [{ name: 'Русский язык', rate: '2' }];
    const key = 'русский_язык';
    expect(key.normalize('NFD')).not.toBe(key);
    const run = await allocate('csv', services, ['--columns', `school,${key.normalize('NFD')}`, '--header', `${key.normalize('NFD')}=Russian £`]);
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n').slice(0, 2)).toEqual(['school,Russian £', 'Ysgol Ŵyl,200']);
  });

  it('csv and tsv head their columns with the services keys', async () => {
    const csv = await allocate('csv');
    expect(csv.stderr).toBe('');
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe(['urn', 'school', 'status', 'phase', 'nor', ...KEYS, 'total', 'per_pupil'].join(','));
    expect(lines[1]).toBe('1,Ysgol Ŵyl,community,primary,100,500,200,100,300,1100,11.00');
    expect((await allocate('tsv')).stdout.split('\n')[0]).toBe(['urn', 'school', 'status', 'phase', 'nor', ...KEYS, 'total', 'per_pupil'].join('\t'));
  });

  it('json names each service with its key, and keys each row by it', async () => {
    const run = await allocate('json');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as { services: { name: string; column: string }[]; rows: Record<string, string>[] };
    expect(json.services.map((s) => [s.name, s.column])).toEqual(SERVICES.map((s, i) => [s.name, KEYS[i]]));
    expect(json.rows[1]).toMatchObject({ school: 'Szkoła', اردو_زبان_کی_خدمت: '200', 社区语言服务: '600', wsparcie_jezykowy_lodz: '400' });
  });

  it('xlsx heads its columns with the names as written, and adds them up', async () => {
    const run = await allocate('xlsx');
    expect(run.code).toBe(0);
    const sheet = sheetCells(unzipXml(run.stdoutBytes)['xl/worksheets/sheet1.xml']!);
    const header = [...sheet.entries()].filter(([ref]) => /^[A-Z]+1$/.test(ref)).map(([, c]) => c.text);
    expect(header).toEqual(['URN', 'School', 'Status', 'Phase', 'NOR', ...SERVICES.map((s) => `${s.name} £`), 'Total £', 'Per pupil £']);
    expect(sheet.get('H4')).toMatchObject({ formula: 'SUM(H2:H3)', value: '300' });
  });

  it('--columns and --header take the keys, and the table shows the names', async () => {
    const run = await allocate('csv', SERVICES, ['--columns', 'school,اردو_زبان_کی_خدمت,社区语言服务', '--header', '社区语言服务=Community']);
    expect(run.stdout.split('\n')[0]).toBe('school,اردو_زبان_کی_خدمت,Community');
    const table = await allocate('table');
    for (const s of SERVICES) expect(table.stdout).toContain(s.name);
  });

  it.each([
    [[{ name: 'Łódź', rate: '1' }, { name: 'Lodz', rate: '2' }], 'lodz'],
    [[{ name: '社区 语言', rate: '1' }, { name: '社区-语言', rate: '2' }], '社区_语言'],
    [[{ name: 'Русский', rate: '1' }, { name: 'РУССКИЙ', rate: '2' }], 'русский'],
  ])('still refuses two names with one key: %j', async (services, key) => {
    const run = await allocate('csv', services);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`would head its column ${key}, which is the column of service "${services[0]!.name}"`);
    expect(run.stdout).toBe('');
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/run.js';

function config(json: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'dedel-'));
  const file = join(dir, 'dedel.json');
  writeFileSync(file, JSON.stringify(json));
  return file;
}

const census = 'URN,School,Status,Phase,NOR,SEN\n1,A,Community,Primary,100,10\n2,B,Foundation,Secondary,200,20\n';

describe('findings of the acceptance review', () => {
  it('reads a header with a percent sign ("FSM %") as a percentage, not the basis: beside "FSM" it charges on "FSM", alone it is refused', async () => {
    // Read as fsm, "FSM %" alone charged £10 per percentage point (12.5 → £125), with no word said.
    const beside = await runInProcess(['allocate', '-', '--rate', '10', '--basis', 'fsm', '-f', 'csv', '-q'], { stdin: 'URN,School,Status,Phase,NOR,FSM %,FSM\n1,A,Community,Primary,100,12.5,20\n' });
    expect(beside.code).toBe(0);
    expect(beside.stdout.split('\n')[1]).toBe('1,A,community,primary,100,20,200,200,2.00');
    for (const header of ['FSM %', '% FSM', 'FSM (%)', 'FSM%']) {
      const alone = await runInProcess(['allocate', '-', '--rate', '10', '--basis', 'fsm'], { stdin: `URN,School,Status,Phase,NOR,${header}\n1,A,Community,Primary,100,12.5\n` });
      expect(alone.code, header).toBe(1);
      expect(alone.stdout).toBe('');
      expect(alone.stderr).toContain(`no column for fsm, the basis of service "De-delegation"`);
      expect(alone.stderr).toContain(`"${header}" is a percentage, not a count`);
    }
    // Named, it is what was asked for.
    const named = await runInProcess(['allocate', '-', '--rate', '10', '--basis', 'fsm', '--column', 'fsm=FSM %', '-f', 'csv', '-q'], { stdin: 'URN,School,Status,Phase,NOR,FSM %\n1,A,Community,Primary,100,12.5\n' });
    expect(named.stdout.split('\n')[1]).toBe('1,A,community,primary,100,12.5,125,125,1.25');
  });

  it.each([
    [[{ name: 'Contingency', rate: '1' }, { name: 'contingency', rate: '2' }], /would head its column contingency/],
    [[{ name: 'School', rate: '1' }], /which is the school column/],
    [[{ name: 'Total', rate: '1' }], /which is the total column/],
    [[{ name: 'Per pupil', rate: '1' }], /which is the per_pupil column/],
    [[{ name: '£££', rate: '1' }], /needs a name with letters or digits/],
    [[{ name: 'SI', rate: '1' }, { name: 'SEN', basis: 'sen', rate: '2' }], /which is the sen basis column/],
  ])('refuses service names whose machine columns would collide: %j', async (services, message) => {
    const run = await runInProcess(['allocate', '-', '-c', config({ services })], { stdin: census });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });

  it('calls a config service with no name De-delegation', async () => {
    const run = await runInProcess(['allocate', '-', '-c', config({ services: [{ rate: '1' }] }), '-f', 'csv'], { stdin: census });
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('urn,school,status,phase,nor,de_delegation,total,per_pupil');
  });

  it('refuses a row with neither an id nor a name in a file with ids', async () => {
    const run = await runInProcess(['allocate', '-', '--rate', '1'], { stdin: 'URN,School,Status,Phase,NOR\n1,A,Community,Primary,100\n,,Community,Primary,50\n' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('<stdin>:3: column "URN": this row has neither an id nor a school name');
  });

  it('check --strict exits 3 on a control-total mismatch in sound data, and check honours --check-total', async () => {
    const withTotal = `${census},Total,,,301,30\n`;
    const strict = await runInProcess(['check', '-', '--strict'], { stdin: withTotal });
    expect(strict.code).toBe(3);
    expect(strict.stderr).toContain('expected 301');
    const total = await runInProcess(['check', '-', '--rate', '5', '--check-total', '1'], { stdin: census });
    expect(total.code).toBe(3);
    expect((await runInProcess(['check', '-', '--rate', '5', '--check-total', '1500'], { stdin: census })).code).toBe(0);
  });

  it('explain honours --check-total', async () => {
    const run = await runInProcess(['explain', '-', 'A', '--rate', '5', '--check-total', '1'], { stdin: census });
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
  });

  it('allocate states the target and the difference a rounded solved rate leaves', async () => {
    const two = 'URN,School,Status,Phase,NOR\n1,A,Community,Primary,150\n2,B,Community,Primary,450\n';
    const table = await runInProcess(['allocate', '-', '--target', '50000', '--rate-unit', '0.01', '-q'], { stdin: two });
    expect(table.stdout).toContain('Rates primary £83.33 solved from a target of £50,000; the rows recover £49,999, difference -£1.');
    const json = JSON.parse((await runInProcess(['allocate', '-', '--target', '50000', '--rate-unit', '0.01', '-f', 'json'], { stdin: two })).stdout);
    expect(json.services[0].rates).toContainEqual({ phase: 'all', rate: null, target: '50000', amount: '49999', difference: '-1' });
  });

  it('gives each service its own rounding in JSON', async () => {
    const services = [
      { name: 'SI', rate: '5.10' },
      { name: 'BS', basis: 'sen', rate: '17.35', rounding: { unit: '0.01', mode: 'half-even' } },
    ];
    const json = JSON.parse((await runInProcess(['allocate', '-', '-c', config({ services }), '-f', 'json'], { stdin: census })).stdout);
    expect(json.services.map((s: { rounding: unknown }) => s.rounding)).toEqual([
      { unit: '1', mode: 'half-up', foot: 'none' },
      { unit: '0.01', mode: 'half-even', foot: 'none' },
    ]);
  });

  it('escapes Markdown in school names', async () => {
    const run = await runInProcess(['allocate', '-', '--rate', '1', '-f', 'md', '-q'], { stdin: 'URN,School,Status,Phase,NOR\n1,*Bold* <i>x</i> A|B,Community,Primary,100\n' });
    expect(run.stdout).toContain('| 1 | \\*Bold\\* \\<i\\>x\\</i\\> A\\|B |');
  });
});

describe('more findings of the acceptance review', () => {
  it('shows an all-through school its SEN from the primary and secondary columns, and totals it', async () => {
    const census = 'URN,School,Status,Phase,NOR,NOR primary,NOR secondary,SEN,SEN primary,SEN secondary\n1,Meadow,Community,All-through,1500,600,900,,8,12\n2,Brook,VC,Primary,200,,,5,,\n';
    const run = await runInProcess(['allocate', '-', '--rate', '10', '--basis', 'sen', '-f', 'csv', '-q'], { stdin: census });
    expect(run.stdout.split('\n')).toEqual([
      'urn,school,status,phase,nor,sen,de_delegation,total,per_pupil',
      '1,Meadow,community,all-through,1500,20,200,200,0.13',
      '2,Brook,voluntary-controlled,primary,200,5,50,50,0.25',
      ',Total,,,1700,25,250,250,0.15',
      '',
    ]);
  });

  // Its NOR given only by phase: the row showed no NOR and no per pupil, and the Total NOR was blank.
  it('shows an all-through school its NOR from the primary and secondary columns where its NOR is blank, with its per pupil', async () => {
    const census = 'URN,School,Phase,Status,NOR,NOR primary,NOR secondary\n1,Acorn,Primary,Community,412,,\n9,Ivy,All-through,Community,,600,900\n';
    const run = await runInProcess(['allocate', '-', '--rate', '5', '--all-through', 'split', '-f', 'csv', '-q'], { stdin: census });
    expect(run.stdout.split('\n')).toEqual([
      'urn,school,status,phase,nor,de_delegation,total,per_pupil',
      '1,Acorn,community,primary,412,2060,2060,5.00',
      '9,Ivy,community,all-through,1500,7500,7500,5.00',
      ',Total,,,1912,9560,9560,5.00',
      '',
    ]);
  });

  it('refuses a JSON number too long to be read exactly', async () => {
    const run = await runInProcess(['allocate', '-', '-c', config({ services: [{ name: 'SI', rate: 12345678901234567890 }] })], { stdin: census });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('at services[0].rate: the number 12345678901234567000 is too long to read exactly from JSON; write it as a string');
  });

  it('refuses a JSON number with more digits than JSON keeps, offering its own digits, not what it reads as', async () => {
    const file = config({});
    writeFileSync(file, '{ "services": [{ "name": "SI", "basis": "nor",\n  "target": 12345678901234567.89 }] }');
    const run = await runInProcess(['rates', '-', '-c', file], { stdin: census });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`dedel: error: ${file}:2: column 13: value "12345678901234567.89": a number with more digits than JSON keeps exactly (it reads as 12345678901234568); write it as a string, "12345678901234567.89"\n`);
  });

  it('gives null in JSON wherever a cell has no value', async () => {
    const json = JSON.parse((await runInProcess(['allocate', 'fixtures/sutton/appendix-b.csv', '--rate', '5.10', '-f', 'json', '-q'])).stdout);
    expect(json.rows[0]).toMatchObject({ urn: null, phase: null, status: 'voluntary-aided' });
    expect(json.total).toMatchObject({ urn: null, school: 'Total' });
  });
});

describe('GIAS establishment status and check', () => {
  const gias =
    'URN,EstablishmentName,TypeOfEstablishment (name),PhaseOfEducation (name),NumberOfPupils,EstablishmentStatus (name)\n' +
    '100001,Abbey Primary School,Community school,Primary,421,Open\n' +
    '100002,Old Mill Primary School,Community school,Primary,,Closed\n' +
    '100003,New Road Primary School,Foundation school,Primary,,Proposed to open\n' +
    '100004,Hill High School,Voluntary aided school,Secondary,900,"Open, but proposed to close"\n';

  it('charges open schools only; closed and proposed schools are listed with --all, whatever their figures', async () => {
    const run = await runInProcess(['allocate', '-', '--rate', '1', '--all', '-f', 'csv', '-q'], { stdin: gias });
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').map((l) => l.split(',').slice(0, 2).concat(l.split(',').at(-1)!).join('|'))).toEqual([
      'urn|school|not_charged',
      '100001|Abbey Primary School|',
      '100004|Hill High School|',
      '100002|Old Mill Primary School|closed',
      '100003|New Road Primary School|not yet open',
      '|Total|',
      '|',
    ]);
  });

  it('check lists every problem of a row, not just the first', async () => {
    const run = await runInProcess(['check', '-'], { stdin: 'URN,School,Status,Phase,NOR\n1,B,Community,Primary,10\n1,B2,Community,Primary,abc\n3,C,Community,Primery,xyz\n' });
    expect(run.code).toBe(1);
    const errors = run.stderr.split('\n').filter((l) => l.startsWith('dedel: error:'));
    expect(errors.map((e) => e.replace(/^dedel: error: <stdin>:(\d+): column "(\w+)".*$/, '$1 $2'))).toEqual(['3 URN', '3 NOR', '4 Phase', '4 NOR']);
  });
});

describe('a census with no phase column', () => {
  const noPhase = 'URN,School,Status,NOR\n1,A Primary,Community,100\n2,B High,Community,200\n';

  it('charges every row where every phase the rules name is charged (primary and secondary), with a warning', async () => {
    const run = await runInProcess(['allocate', '-', '--rate', '5', '--format', 'csv'], { stdin: noPhase });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('no phase column; every row is charged whatever its phase');
  });

  it.each([
    [['--phases', 'secondary'], 'charges secondary schools only'],
    [['--phases', 'primary,special'], 'charges primary and special schools only'],
  ])('refuses %j, which every row would escape, rather than charge them all', async (flags, says) => {
    const run = await runInProcess(['allocate', '-', '--rate', '5', ...flags], { stdin: noPhase });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`service "De-delegation" ${says} (--phases, charge.phases or the forum's decisions), but the census has no phase column to tell which schools those are`);
  });

  it('refuses a phase the forum did not de-delegate, which would be charged too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-nophase-'));
    writeFileSync(join(dir, 'p.json'), JSON.stringify({ services: [{ name: 'SI', rate: '5', decisions: { primary: 'de-delegate', secondary: 'do not de-delegate' } }] }));
    const run = await runInProcess(['allocate', '-', '-c', join(dir, 'p.json')], { stdin: noPhase });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('service "SI" charges primary schools only');
  });
});

describe('a solved rate that rateUnit rounds to nothing', () => {
  it('is warned of: £1,003 over 9,704 pupils is £0.10 a pupil, which --rate-unit 1 made £0 and charged nothing, with only a footnote', async () => {
    const census = ['URN,School,Status,Phase,NOR', '1,Ash,Community,Primary,9521.75', '2,Elm,Community,Secondary,182.5'].join('\n');
    const r = await runInProcess(['allocate', '-', '--target', '1003', '--rate-unit', '1', '-f', 'json'], { stdin: census });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.total.total).toBe('0');
    expect(out.diagnostics.map((d: { code: string }) => d.code)).toContain('rate-unit');
    expect(r.stderr).toMatch(/for primary and secondary is under 0\.5, half the rateUnit 1, so it rounds to 0/);
    const penny = await runInProcess(['allocate', '-', '--target', '1003', '--rate-unit', '0.01', '-f', 'json'], { stdin: census });
    expect(JSON.parse(penny.stdout).diagnostics.map((d: { code: string }) => d.code)).not.toContain('rate-unit');
  });
});

import { describe, expect, it } from 'vitest';
import { Dec, ONE } from '../../src/core/decimal.js';
import type { Service } from '../../src/core/types.js';
import { readCensus } from '../../src/io/census.js';
import { toSchools } from '../../src/io/schools.js';
import { runCli } from '../helpers/run.js';

const SERVICE: Service = {
  name: 'De-delegation',
  basis: 'nor',
  rate: new Dec('5'),
  charge: { phases: ['primary', 'secondary'], statuses: 'maintained', allThrough: 'split' },
  rounding: { unit: ONE, mode: 'half-up', foot: 'none' },
  source: 'flag',
};

const schoolsOf = (text: string) => {
  const read = toSchools(readCensus(Buffer.from(text), 'c.csv'), [SERVICE]);
  return { ...read, schools: [...read.schools] };
};

describe('control-total rows', () => {
  it('warns of each basis that differs, naming the line, the column and both figures', async () => {
    const run = await runCli(['allocate', 'fixtures/control/two-bases.csv', '--basis', 'sen', '--rate', '10', '-f', 'csv']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      [
        'dedel: warning: fixtures/control/two-bases.csv:5: control total for column "NOR" does not match: the Total row states 3100, the school rows add up to 3000 (difference -100)',
        'dedel: warning: fixtures/control/two-bases.csv:5: control total for column "SEN" does not match: the Total row states 105, the school rows add up to 95 (difference -10)',
        '',
      ].join('\n'),
    );
    // The Total row is not a school, and the academy is counted in the check but not charged.
    expect(run.stdout.trim().split('\n').at(-1)).toBe(',Total,,,2200,75,750,750,0.34');
  });

  it('fails with exit 3 under --strict, with expected and actual for each basis, and prints no table', async () => {
    const run = await runCli(['allocate', 'fixtures/control/two-bases.csv', '--basis', 'sen', '--rate', '10', '--strict']);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      [
        'dedel: error: check failed (--strict): fixtures/control/two-bases.csv:5: control total for column "NOR": expected 3100 (the Total row), actual 3000 (the school rows)',
        'dedel: error: check failed (--strict): fixtures/control/two-bases.csv:5: control total for column "SEN": expected 105 (the Total row), actual 95 (the school rows)',
        '',
      ].join('\n'),
    );
  });

  it('is silent when a Totals row anywhere in the file matches, even under --strict', async () => {
    const run = await runCli(['allocate', 'fixtures/control/matching.csv', '--basis', 'sen', '--rate', '10', '--strict', '-f', 'csv']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('urn,school,status,phase,nor,sen,de_delegation,total,per_pupil\n100001,Ash Primary,community,primary,1200,30,300,300,0.25\n,Total,,,1200,30,300,300,0.25\n');
  });

  it('is recognised as Total, Totals or Grand total, with an id or without', () => {
    const header = 'URN,School,Status,Phase,NOR\n100001,Ash,Community,Primary,10\n';
    for (const name of ['Total', 'TOTALS', ' Grand total ']) {
      const census = readCensus(Buffer.from(`${header},${name},,,10\n`), 'c.csv');
      expect(census.controlTotal?.line).toBe(3);
      expect(census.rows).toHaveLength(1);
    }
    const withId = readCensus(Buffer.from(`${header}873,Total,,,10\n`), 'c.csv');
    expect(withId.controlTotal?.line).toBe(3);
    expect(withId.rows).toHaveLength(1);
  });

  it('is refused as the only row: a file of a Total and no schools', () => {
    expect(() => readCensus(Buffer.from('URN,School,NOR\n,Total,10\n'), 'c.csv')).toThrow('c.csv:1: the file has a header and a Total row but no schools');
  });
});

describe('unknown phase or status only matters on a row that would be charged', () => {
  const header = 'URN,School,Status,Phase,NOR\n';

  it('lets an unknown status through when the phase is not charged, with the phase as reason', () => {
    const { schools } = schoolsOf(`${header}1,Ash,Kindergarten trust,Nursery,\n2,Oak,Community,Primary,10\n`);
    expect(schools.map((s) => [s.id, s.exclude ?? ''])).toEqual([
      ['1', 'not mainstream (nursery school)'],
      ['2', ''],
    ]);
  });

  it('lets an unknown or "Not applicable" phase through when the status is not charged', () => {
    const { schools } = schoolsOf(`${header}1,Ash,Academy converter,Kindergarten,\n2,Elm,Pupil referral unit,Not applicable,\n3,Oak,Community,Primary,10\n`);
    expect(schools.map((s) => [s.id, s.status, s.phase])).toEqual([
      ['1', 'academy', null],
      ['2', 'pru', 'pru'],
      ['3', 'community', 'primary'],
    ]);
  });

  it('refuses an unknown status when the phase is charged, and an unknown phase when the status is', () => {
    expect(() => schoolsOf(`${header}1,Ash,Kindergarten trust,Primary,10\n`)).toThrow('c.csv:2: column "Status": value "Kindergarten trust": unknown status');
    expect(() => schoolsOf(`${header}1,Ash,VC,Kindergarten,10\n`)).toThrow('c.csv:2: column "Phase": value "Kindergarten": unknown phase');
  });

  it('reads a blank NOR on a school that is not charged without complaint', () => {
    const { schools } = schoolsOf(`${header}1,Ash,Academy sponsor led,Secondary,\n2,Oak,Community,Primary,10\n`);
    expect(schools).toHaveLength(2);
  });
});

describe('headers', () => {
  it.each(['NOR October 22', 'NOR Jan 2023', 'NOR (Autumn 2023)', 'NOR 2023', 'Number on roll October 2022', 'NumberOfPupils', 'Pupils', ' number on roll '])('reads "%s" as NOR', (header) => {
    const census = readCensus(Buffer.from(`URN,School,${header}\n1,Ash,10\n`), 'c.csv');
    expect(census.fields.get('nor')).toBe(2);
  });

  it('maps NOR primary / primary NOR and the secondary forms to the all-through fields', () => {
    const census = readCensus(Buffer.from('URN,School,NOR,Primary NOR,NOR secondary\n1,Ash,10,4,6\n'), 'c.csv');
    expect([census.fields.get('nor_primary'), census.fields.get('nor_secondary')]).toEqual([3, 4]);
    // Short, as a narrow sheet heads them: they were said to be missing, and the school not charged.
    const short = readCensus(Buffer.from('URN,School,NOR,NOR Pri,NOR Sec\n1,Ash,10,4,6\n'), 'c.csv');
    expect([short.fields.get('nor_primary'), short.fields.get('nor_secondary')]).toEqual([3, 4]);
  });
});

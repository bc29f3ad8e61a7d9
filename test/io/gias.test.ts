import { describe, expect, it } from 'vitest';
import { normalisePhase, normaliseStatus } from '../../src/io/normalise.js';
import { expectGoldenInProcess, runCli, runInProcess } from '../helpers/run.js';
import { byUrn } from '../helpers/by-urn.js';

const GIAS = 'fixtures/gias/establishments.csv';
const RATES = ['--rate', 'primary=5.83', '--rate', 'secondary=7.92'];

describe('GIAS establishment types', () => {
  // Every TypeOfEstablishment (name) in GIAS's current extracts, plus older spellings still seen.
  const TYPES: [string, string][] = [
    ['Community school', 'community'],
    ['Voluntary aided school', 'voluntary-aided'],
    ['Voluntary controlled school', 'voluntary-controlled'],
    ['Foundation school', 'foundation'],
    ['City technology college', 'academy'],
    ['Community special school', 'community'],
    ['Non-maintained special school', 'non-maintained-special'],
    ['Foundation special school', 'foundation'],
    ['Other independent special school', 'other'],
    ['Other independent school', 'other'],
    ['Pupil referral unit', 'pru'],
    ['Local authority nursery school', 'nursery'],
    ['LA Nursery School', 'nursery'],
    ['Further education', 'other'],
    ['Secure units', 'other'],
    ['Offshore schools', 'other'],
    ["Service children's education", 'other'],
    ['Service Childrens Education', 'other'],
    ['Miscellaneous', 'other'],
    ['Academy sponsor led', 'academy'],
    ['Higher education institutions', 'other'],
    ['Welsh establishment', 'other'],
    ['Sixth form centres', 'other'],
    ['Special post 16 institution', 'other'],
    ['Academy special sponsor led', 'academy'],
    ['Academy converter', 'academy'],
    ['Free schools', 'academy'],
    ['Free schools special', 'academy'],
    ['British schools overseas', 'other'],
    ['British Overseas Schools', 'other'],
    ['Free schools alternative provision', 'academy'],
    ['Free Schools - Alternative Provision', 'academy'],
    ['Free schools 16 to 19', 'academy'],
    ['Free Schools - 16-19', 'academy'],
    ['University technical college', 'academy'],
    ['Studio schools', 'academy'],
    ['Academy alternative provision converter', 'academy'],
    ['Academy alternative provision sponsor led', 'academy'],
    ['Academy AP converter', 'academy'],
    ['Academy AP sponsor led', 'academy'],
    ['Academy special converter', 'academy'],
    ['Academy 16-19 converter', 'academy'],
    ['Academy 16 to 19 sponsor led', 'academy'],
    ['Academy 16-19 Sponsor Led', 'academy'],
    ["Children's centre", 'other'],
    ["Children's centre linked site", 'other'],
    ['Online provider', 'other'],
    ['Institution funded by other government department', 'other'],
    ['Institution funded by OGD', 'other'],
    ['Academy secure 16 to 19', 'academy'],
  ];
  it.each(TYPES)('reads the establishment type "%s" as %s', (type, status) => {
    expect(normaliseStatus(type)).toBe(status);
  });

  const PHASES: [string, string][] = [
    ['Nursery', 'nursery'],
    ['Primary', 'primary'],
    ['Middle deemed primary', 'primary'],
    ['Secondary', 'secondary'],
    ['Middle deemed secondary', 'secondary'],
    ['16 plus', '16-plus'],
    ['All-through', 'all-through'],
    ['All through', 'all-through'],
    ['Not applicable', 'not applicable'],
    ['Infant', 'primary'],
    ['Junior', 'primary'],
    ['First', 'primary'],
    ['Upper', 'secondary'],
    ['Lower', 'primary'],
    ['State-funded primary', 'primary'],
    ['State-funded secondary', 'secondary'],
    ['Special school', 'special'],
  ];
  it.each(PHASES)('reads the phase "%s" as %s', (phase, expected) => {
    expect(normalisePhase(phase)).toBe(expected);
  });

  it('leaves unknown text unknown', () => {
    expect(normaliseStatus('Kindergarten')).toBeUndefined();
    expect(normalisePhase('Kindergarten')).toBeUndefined();
  });
});

describe('a GIAS extract read with no flags but the rates', () => {
  it('charges exactly the maintained mainstream primary and secondary schools at their phase rate', async () => {
    const run = await runCli(['allocate', GIAS, ...RATES, '-f', 'csv']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const rows = byUrn(run.stdout);
    const charged = Object.fromEntries([...rows].map(([urn, r]) => [urn, `${r.status} ${r.phase} ${r.nor} ${r.de_delegation}`]));
    expect(charged).toEqual({
      '100001': 'community primary 421 2454', // 421 × 5.83 = 2,454.43
      '100002': 'voluntary-aided primary 252 1469',
      '100003': 'voluntary-controlled primary 1179 6874',
      '100004': 'foundation secondary 1024 8110', // 1,024 × 7.92 = 8,110.08
      '100005': 'community primary 310 1807', // middle deemed primary
      '100006': 'foundation secondary 480 3802', // middle deemed secondary: 3,801.60
      '100007': 'voluntary-aided all-through 1500 10626', // 600 × 5.83 + 900 × 7.92
      '100008': 'community primary 180 1049', // infant
      '100009': 'voluntary-controlled primary 240 1399', // junior
      '100010': 'community primary 150 875', // first
      '100011': 'community secondary 900 7128', // upper
    });
    expect(run.stdout.trim().split('\n').at(-1)).toBe(',Total,,,6636,45593,45593,6.87');
  });

  it('prints the Appendix B table (golden)', async () => {
    await expectGoldenInProcess('gias-charged', ['allocate', GIAS, ...RATES, '--title', 'Exampleshire de-delegation']);
  });

  it('lists every uncharged establishment with its reason under --all (golden)', async () => {
    const run = await expectGoldenInProcess('gias-all', ['allocate', GIAS, ...RATES, '--all', '-f', 'csv']);
    const rows = byUrn(run.stdout);
    const reasons = new Map([...rows].filter(([, r]) => r.not_charged).map(([urn, r]) => [urn, r.not_charged]));
    expect(reasons.size).toBe(40);
    expect(reasons.get('100012')).toBe('phase 16-plus not charged');
    expect(reasons.get('100013')).toBe('not mainstream (nursery school)');
    expect(reasons.get('100015')).toBe('not mainstream (PRU)');
    expect(reasons.get('100016')).toBe('not mainstream (special school)');
    expect(reasons.get('100018')).toBe('not maintained (non-maintained special school)');
    expect(reasons.get('100021')).toBe('academy');
    expect(reasons.get('100029')).toBe('academy');
    expect(reasons.get('100036')).toBe('not maintained');
    expect(reasons.get('100051')).toBe('not maintained');
    for (const [urn, r] of rows) if (!reasons.has(urn)) expect(Number(urn)).toBeLessThanOrEqual(100011);
  });

  it('leaves out a school whose status says closed in more words than GIAS (Closed (merged)): it was charged', async () => {
    const stdin = [
      'URN,EstablishmentName,PhaseOfEducation (name),TypeOfEstablishment (name),NumberOfPupils,EstablishmentStatus (name)',
      '1,Ash,Primary,Community school,100,Closed (merged)',
      '2,Beech,Primary,Community school,50,Closed - amalgamated',
      '3,Cedar,Primary,Community school,60,Open',
      '',
    ].join('\n');
    const run = await runInProcess(['allocate', '-', '--rate', '1', '--all', '-f', 'csv', '-q'], { stdin });
    expect(run.stdout.split('\n').filter((l) => /^\d/.test(l))).toEqual(['3,Cedar,community,primary,60,60,60,1.00,', '1,Ash,community,primary,,,,,closed', '2,Beech,community,primary,,,,,closed']);
  });

  it('deems an all-through school one phase when charge.allThrough says so', async () => {
    const run = await runCli(['allocate', GIAS, '-c', 'fixtures/gias/all-through-secondary.json', '-f', 'csv']);
    expect(run.code).toBe(0);
    expect(byUrn(run.stdout).get('100007')?.de_delegation).toBe('11880'); // 1,500 × 7.92
  });
});

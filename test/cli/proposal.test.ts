import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INIT_CENSUS, INIT_CONFIG } from '../../src/cli/init-template.js';
import { runInProcess } from '../helpers/run.js';
import { csvObjects, footed, halfUp, ownRounding, scaled, total, type OracleRow } from '../helpers/oracle.js';

const CENSUS = 'fixtures/proposal/census.csv';
const CONFIG = 'fixtures/proposal/dedel.json';

/** The fixture census: maintained schools charged for 5 months, academies 12 (README: months column). */
const MAINTAINED = [
  { id: '100001', phase: 'primary', nor: 412n },
  { id: '100002', phase: 'primary', nor: 265n },
  { id: '100003', phase: 'primary', nor: 361n },
  { id: '100004', phase: 'secondary', nor: 1179n },
  { id: '100005', phase: 'secondary', nor: 930n },
];
const ACADEMIES = [
  { id: '100006', phase: 'secondary', nor: 1040n },
  { id: '100007', phase: 'primary', nor: 318n },
];
/** Pence × months over 12 × 100: a rate in pence times NOR times months is an exact numerator. */
const D = 1200n;
const primary = MAINTAINED.filter((s) => s.phase === 'primary');

/** Contingency: £40,000 of costs less £12,000 brought forward, over NOR × 5/12, rate rounded half-up to the penny. */
const contingencyRate = halfUp(scaled('28000', 2) * 12n, MAINTAINED.reduce((a, s) => a + s.nor * 5n, 0n));
const schoolImprovement = footed(primary.map((s): OracleRow => ({ id: s.id, n: s.nor * scaled('5.10', 2) * 5n })), D);
const contingency = footed(MAINTAINED.map((s): OracleRow => ({ id: s.id, n: s.nor * contingencyRate * 5n })), D);
/** Behaviour Support: a lump sum of £250 per school plus £1.20 per pupil, each part footed on its own. */
const lumpSum = footed(primary.map((s): OracleRow => ({ id: s.id, n: scaled('250', 2) * 5n })), D);
const perPupil = footed(primary.map((s): OracleRow => ({ id: s.id, n: s.nor * scaled('1.20', 2) * 5n })), D);
const behaviour = new Map(primary.map((s) => [s.id, lumpSum.get(s.id)! + perPupil.get(s.id)!]));

function tempDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'dedel-proposal-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function configWith(extra: Record<string, unknown>, services: unknown[]): string {
  return JSON.stringify({ services, ...extra });
}

describe('the decision grid (dedel decisions)', () => {
  it('prints one row per service and phase with the decision, vote and years, as csv', async () => {
    const run = await runInProcess(['decisions', '-c', CONFIG, '-f', 'csv']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        'service,phase,decision,for,against,abstain,years,note',
        'School Improvement,primary,de-delegate,6,1,0,2,',
        'School Improvement,secondary,do not de-delegate,1,3,1,,',
        'Contingency,primary,de-delegate,,,,,',
        'Contingency,secondary,de-delegate,,,,,',
        'Behaviour Support,primary,de-delegate,,,,,',
        'Behaviour Support,secondary,pending,,,,,no secondary member attended',
        '',
      ].join('\n'),
    );
  });

  // As a paper words them: each was "Invalid option: expected one of ...". A vote is not guessed at: `yes` is still refused.
  it('reads a decision written as a paper words it (De-delegated, Not de-delegated), and refuses any other word', async () => {
    const dir = tempDir({
      'c.json': configWith({}, [{ name: 'SI', rate: '5', decisions: { primary: { decision: 'De-delegated', vote: { for: 3, against: 0, abstain: 0 } }, secondary: 'Not de-delegated' } }]),
      'yes.json': configWith({}, [{ name: 'SI', rate: '5', decisions: { primary: 'yes' } }]),
    });
    const run = await runInProcess(['decisions', '-c', join(dir, 'c.json'), '-f', 'csv']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('service,phase,decision,for,against,abstain,years,note\nSI,primary,de-delegate,3,0,0,,\nSI,secondary,do not de-delegate,,,,,\n');
    const yes = await runInProcess(['decisions', '-c', join(dir, 'yes.json'), '-f', 'csv']);
    expect(yes.code).toBe(1);
    expect(yes.stderr).toContain('at services[0].decisions.primary: value "yes"');
  });

  for (const format of ['table', 'tsv', 'md', 'html', 'json'] as const) {
    it(`prints the same grid as ${format}`, async () => {
      const run = await runInProcess(['decisions', '-c', CONFIG, '-f', format, '-q']);
      expect(run.code).toBe(0);
      for (const text of ['School Improvement', 'do not de-delegate', 'pending', 'no secondary member attended']) expect(run.stdout).toContain(text);
      if (format === 'json') {
        const rows = JSON.parse(run.stdout).rows as Record<string, unknown>[];
        expect(rows[0]).toMatchObject({ service: 'School Improvement', phase: 'primary', decision: 'de-delegate', for: '6', against: '1', abstain: '0', years: '2', vote: '6–1–0' });
        expect(rows).toHaveLength(6);
      }
    });
  }

  it('warns of a pending phase, and its schools are not charged, giving the decision as the reason', async () => {
    const run = await runInProcess(['allocate', CENSUS, '-c', CONFIG, '-f', 'json', '--all']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('service "Behaviour Support": the decision for secondary is pending (no secondary member attended)');
    const rows = JSON.parse(run.stdout).rows as Record<string, string | null>[];
    const damson = rows.find((r) => r.urn === '100004')!;
    expect(damson.behaviour_support).toBeNull();
    expect(damson.school_improvement).toBeNull();
    const grid = await runInProcess(['decisions', '-c', CONFIG]);
    expect(grid.stderr).toContain('pending');
  });

  it('gives a special school, which no service puts to the forum, its own reason, not a pending decision', async () => {
    // Every service charges primary and secondary (decided, or pending for secondary); none
    // names the special phase, so Hazel School is left out as a special school.
    const rows = JSON.parse((await runInProcess(['allocate', CENSUS, '-c', CONFIG, '-f', 'json', '--all', '-q'])).stdout).rows as Record<string, string | null>[];
    expect(rows.find((r) => r.urn === '100008')!.not_charged).toBe('not mainstream (special school)');
    const explained = JSON.parse((await runInProcess(['explain', CENSUS, '100008', '-c', CONFIG, '-f', 'json', '-q'])).stdout);
    expect(explained.reason).toBe('not mainstream (special school)');
  });

  it('a service with no decisions recorded shows its charged phases as de-delegate', async () => {
    const dir = tempDir({ 'p.json': configWith({}, [{ name: 'Licences', basis: 'school', rate: '250' }]) });
    const run = await runInProcess(['decisions', '-c', join(dir, 'p.json'), '-f', 'csv']);
    expect(run.stdout.split('\n').slice(1, 3)).toEqual([
      'Licences,primary,de-delegate,,,,,no decision recorded: charged by the charge rules',
      'Licences,secondary,de-delegate,,,,,no decision recorded: charged by the charge rules',
    ]);
  });
});

describe('a proposal: decisions decide who is charged, a net target from a cost plan', () => {
  it('charges School Improvement to primary only, Behaviour Support in two parts and Contingency net of the balance brought forward, exactly', async () => {
    const run = await runInProcess(['allocate', CENSUS, '-c', CONFIG, '-f', 'csv', '-q']);
    expect(run.code).toBe(0);
    const rows = csvObjects(run.stdout);
    const schools = rows.filter((r) => r.school !== 'Total');
    expect(schools.map((r) => r.urn)).toEqual(MAINTAINED.map((s) => s.id));
    for (const row of schools) {
      expect(row.school_improvement).toBe(schoolImprovement.get(row.urn!)?.toString() ?? '');
      expect(row.contingency).toBe(contingency.get(row.urn!)!.toString());
      expect(row.behaviour_support_lump_sum).toBe(lumpSum.get(row.urn!)?.toString() ?? '');
      expect(row.behaviour_support_per_pupil).toBe(perPupil.get(row.urn!)?.toString() ?? '');
      // The service total foots to its parts, school by school.
      expect(row.behaviour_support).toBe(behaviour.get(row.urn!)?.toString() ?? '');
      const sum = (schoolImprovement.get(row.urn!) ?? 0n) + contingency.get(row.urn!)! + (behaviour.get(row.urn!) ?? 0n);
      expect(row.total).toBe(sum.toString());
    }
    const totalRow = rows.find((r) => r.school === 'Total')!;
    expect(totalRow.school_improvement).toBe(total(schoolImprovement).toString());
    expect(totalRow.contingency).toBe(total(contingency).toString());
    expect(totalRow.behaviour_support_lump_sum).toBe(total(lumpSum).toString());
    expect(totalRow.behaviour_support_per_pupil).toBe(total(perPupil).toString());
    expect(totalRow.behaviour_support).toBe(total(behaviour).toString());
    expect(totalRow.total).toBe((total(schoolImprovement) + total(contingency) + total(behaviour)).toString());
    expect(Object.keys(rows[0]!)).toEqual([
      'urn', 'school', 'status', 'phase', 'nor', 'school_improvement', 'contingency',
      'behaviour_support_lump_sum', 'behaviour_support_per_pupil', 'behaviour_support', 'total', 'per_pupil',
    ]);
  });

  it('the rates table has one row per part and phase', async () => {
    const rows = csvObjects((await runInProcess(['rates', CENSUS, '-c', CONFIG, '-f', 'csv', '-q'])).stdout);
    expect(rows.filter((r) => r.service!.startsWith('Behaviour Support')).map((r) => [r.service, r.phase, r.basis, r.rate, r.amount])).toEqual([
      ['Behaviour Support: lump sum', 'primary', 'school', '250.00', total(lumpSum).toString()],
      ['Behaviour Support: per pupil', 'primary', 'nor', '1.20', total(perPupil).toString()],
    ]);
  });

  it('the rates table carries the net target and its working', async () => {
    const run = await runInProcess(['rates', CENSUS, '-c', CONFIG, '-f', 'csv', '-q']);
    const rows = csvObjects(run.stdout);
    const all = rows.find((r) => r.service === 'Contingency' && r.phase === 'all')!;
    expect(all.target).toBe('28000');
    expect(all.amount).toBe(total(contingency).toString());
    expect(all.difference).toBe((total(contingency) - 28000n).toString());
    const primaryRate = rows.find((r) => r.service === 'Contingency' && r.phase === 'primary')!;
    expect(scaled(primaryRate.rate!, 2)).toBe(contingencyRate);
    expect(rows.filter((r) => r.service === 'School Improvement').map((r) => r.phase)).toEqual(['primary']);
    const md = await runInProcess(['rates', CENSUS, '-c', CONFIG, '-f', 'md', '-q']);
    expect(md.stdout).toContain('Net target: Costs (contingency.csv) £40,000 less balance brought forward £12,000 = £28,000.');
    const json = JSON.parse((await runInProcess(['rates', CENSUS, '-c', CONFIG, '-f', 'json', '-q'])).stdout);
    expect(json.targets).toEqual([
      {
        service: 'Contingency',
        lines: [
          { item: 'Costs (contingency.csv)', amount: '40000' },
          { item: 'balance brought forward', amount: '-12000' },
        ],
      },
    ]);
  });

  it('a cost plan prints the line taken off as negative, and the Total net', async () => {
    const run = await runInProcess(['costs', 'fixtures/proposal/contingency.csv', '-f', 'csv']);
    expect(run.stdout.trim().split('\n').slice(-2)).toEqual(['less: balance brought forward,,,,-12000', 'Total,,,,28000']);
  });

  it('a config target less a grant is the net target', async () => {
    const dir = tempDir({ 'p.json': configWith({}, [{ name: 'Support', target: '10000', less: [{ item: 'Grant', amount: '2500' }] }]) });
    const run = await runInProcess(['rates', CENSUS, '-c', join(dir, 'p.json'), '-f', 'csv', '-q']);
    expect(csvObjects(run.stdout).find((r) => r.phase === 'all')!.target).toBe('7500');
  });

  it('explain shows the decision, the net target and the buy-back price', async () => {
    const charged = await runInProcess(['explain', CENSUS, '100001', '-c', CONFIG, '-f', 'csv', '-q']);
    expect(charged.stdout).toContain('school_improvement.decision,de-delegate\n');
    expect(charged.stdout).toContain('contingency.target_working,28000\n');
    const human = await runInProcess(['explain', CENSUS, '100001', '-c', CONFIG, '-f', 'md', '-q']);
    expect(human.stdout).toContain('| Decision | de-delegate (vote 6–1–0, committed for 2 years) |');
    expect(human.stdout).toContain('| Net target | Costs (contingency.csv) £40,000 less balance brought forward £12,000 = £28,000 |');
    const academy = await runInProcess(['explain', CENSUS, 'Gorse Primary Academy', '-c', CONFIG, '-f', 'json', '-q']);
    const json = JSON.parse(academy.stdout);
    expect(json.charged).toBe(false);
    const price = halfUp(318n * scaled('5.10', 2) * 7n, D) + halfUp(318n * contingencyRate * 7n, D) + halfUp(scaled('250', 2) * 7n, D) + halfUp(318n * 120n * 7n, D);
    expect(json.buy_back.total).toBe(price.toString());
    expect(json.buy_back.services[1].lines[0].rate_source).toBe('buy-back-de-delegation');
    const md = await runInProcess(['explain', CENSUS, 'Gorse Primary Academy', '-c', CONFIG, '-f', 'md', '-q']);
    expect(md.stdout).toContain('| Rate from | the rate the maintained schools pay for the service (its de-delegation rate) |');
    expect(md.stdout).toContain(`| Buy-back price | £${price.toLocaleString('en-GB')} for 7 of 12 months |`);
  });

  it('explain says why each service leaves a charged school out: the decision, or the phase', async () => {
    // Damson High pays Contingency; School Improvement's secondary schools were voted out and
    // Behaviour Support's are pending.
    const md = await runInProcess(['explain', CENSUS, '100004', '-c', CONFIG, '-f', 'md', '-q']);
    expect(md.stdout).toContain("| Service | School Improvement: not charged |\n| Charged | no |\n| Not charged because | phase secondary: the forum decided not to de-delegate |");
    expect(md.stdout).toContain("| Service | Behaviour Support: lump sum: not charged |\n| Charged | no |\n| Not charged because | phase secondary: the forum's decision is pending |");
    const json = JSON.parse((await runInProcess(['explain', CENSUS, '100004', '-c', CONFIG, '-f', 'json', '-q'])).stdout);
    expect(json.services[0]).toEqual({ service: 'School Improvement', charged: false, reason: 'phase secondary: the forum decided not to de-delegate' });
  });
});

// A target across phases with one phase pending (or not de-delegated): the other phase paid all of
// it, at several times its rate, and only the pending warning was said.
describe('a target across phases with a phase not de-delegated', () => {
  const census = 'URN,School,Status,Phase,NOR\n1,A Pri,Community,Primary,100\n2,B Sec,Community,Secondary,500\n';
  const config = (secondary: string, target: unknown = '14000') => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-target-'));
    const file = join(dir, 'dedel.json');
    writeFileSync(file, JSON.stringify({ services: [{ name: 'SI', target, decisions: { primary: 'de-delegate', secondary } }] }));
    return file;
  };

  it.each(['pending', 'do not de-delegate'])('says the phases charged recover all of it (secondary %s)', async (secondary) => {
    const run = await runInProcess(['allocate', '-', '-c', config(secondary), '-f', 'csv'], { stdin: census });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('1,A Pri,community,primary,100,14000,14000,140.00');
    expect(run.stderr).toContain(`dedel: warning: service "SI": its one target is recovered from the primary schools alone, as secondary is not de-delegated (secondary: ${secondary}): their rate is higher than were every phase charged; if the target is for every phase, give each phase its share as a per-phase target\n`);
  });

  it('says nothing of it for a target per phase', async () => {
    const run = await runInProcess(['allocate', '-', '-c', config('do not de-delegate', { primary: '1400' }), '-f', 'csv'], { stdin: census });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain('its one target');
  });
});

describe('the buy-back schedule', () => {
  // No maintained secondary school, so no secondary rate was solved: the error said to give one
  // for secondary (or --phases), which a service with a target cannot do.
  it('says to give the schedule its own rate where a phase of academies has no de-delegation rate to be priced at', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-buyback-'));
    const census = 'URN,School,Status,Phase,NOR\n1,Ash,Community,Primary,200\n2,Elm,Academy converter,Secondary,150\n3,Oak,Academy converter,Primary,100\n';
    const config = (buyBack: object) => {
      const path = join(dir, `${Object.keys(buyBack).length}.json`);
      writeFileSync(path, JSON.stringify({ services: [{ name: 'SI', basis: 'nor', target: '1000' }], buyBack }));
      return path;
    };
    const run = await runInProcess(['buy-back', '-', '-c', config({ statuses: ['academy'] }), '-f', 'csv'], { stdin: census });
    expect([run.code, run.stdout]).toEqual([1, '']);
    expect(run.stderr).toBe(
      'dedel: error: the buy-back schedule: service "SI" has no de-delegation rate for phase secondary (no maintained secondary school is charged, so none was given or solved) to price its secondary schools at; give the schedule a rate of its own: "buyBack": { "rates": { "SI": … } } (one rate, or one per phase)\n',
    );
    const own = await runInProcess(['buy-back', '-', '-c', config({ statuses: ['academy'], rates: { SI: { primary: '5', secondary: '6' } } }), '-f', 'csv', '-q'], { stdin: census });
    expect([own.code, csvObjects(own.stdout).map((r) => r.total)]).toEqual([0, ['900', '500', '1400']]);
  });
  it('prices academies for 7 months beside a 5/12 de-delegation; neither total holds the other\'s schools', async () => {
    const maintained = csvObjects((await runInProcess(['allocate', CENSUS, '-c', CONFIG, '-f', 'csv', '-q'])).stdout);
    const buyBack = await runInProcess(['buy-back', CENSUS, '-c', CONFIG, '-f', 'csv', '-q']);
    expect(buyBack.code).toBe(0);
    const rows = csvObjects(buyBack.stdout);
    const ids = (table: Record<string, string>[]) => table.filter((r) => r.school !== 'Total').map((r) => r.urn);
    expect(ids(rows)).toEqual(ACADEMIES.map((s) => s.id));
    expect(ids(maintained)).toEqual(MAINTAINED.map((s) => s.id));
    // Each academy at the de-delegation rates for the phases decided, 7/12 of the year, rounded on its own.
    const si = ownRounding(ACADEMIES.filter((s) => s.phase === 'primary').map((s) => ({ id: s.id, n: s.nor * scaled('5.10', 2) * 7n })), D);
    const co = ownRounding(ACADEMIES.map((s) => ({ id: s.id, n: s.nor * contingencyRate * 7n })), D);
    const academyPrimary = ACADEMIES.filter((s) => s.phase === 'primary');
    const lump = ownRounding(academyPrimary.map((s) => ({ id: s.id, n: scaled('250', 2) * 7n })), D);
    const pupils = ownRounding(academyPrimary.map((s) => ({ id: s.id, n: s.nor * 120n * 7n })), D);
    const li = new Map(academyPrimary.map((s) => [s.id, lump.get(s.id)! + pupils.get(s.id)!]));
    for (const row of rows.filter((r) => r.school !== 'Total')) {
      expect(row.school_improvement).toBe(si.get(row.urn!)?.toString() ?? '');
      expect(row.contingency).toBe(co.get(row.urn!)!.toString());
      expect(row.total).toBe(((si.get(row.urn!) ?? 0n) + co.get(row.urn!)! + (li.get(row.urn!) ?? 0n)).toString());
    }
    expect(rows.at(-1)!.total).toBe((total(si) + total(co) + total(li)).toString());
    expect(maintained.at(-1)!.total).toBe((total(schoolImprovement) + total(contingency) + total(behaviour)).toString());
  });

  it('prices a service at its own buy-back rate where one is given, and says so', async () => {
    const config = JSON.parse(readFileSync(CONFIG, 'utf8'));
    config.buyBack.rates = { 'school improvement': '6.00' };
    config.services[1].costs = join(process.cwd(), 'fixtures/proposal/contingency.csv');
    const dir = tempDir({ 'p.json': JSON.stringify(config) });
    const run = await runInProcess(['buy-back', CENSUS, '-c', join(dir, 'p.json'), '-f', 'md', '-q']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('School Improvement at its own buy-back rate');
    const csv = csvObjects((await runInProcess(['buy-back', CENSUS, '-c', join(dir, 'p.json'), '-f', 'csv', '-q'])).stdout);
    expect(csv.find((r) => r.urn === '100007')!.school_improvement).toBe(halfUp(318n * 600n * 7n, D).toString());
  });
});

describe('a basis per phase, and options side by side', () => {
  const OPTIONS = 'fixtures/proposal/options.json';
  /** Charged by options.json: maintained primary and secondary schools and the special school, all for 5 months. */
  const charged = [
    { id: '100001', nor: 412n, eal: 40n, places: null },
    { id: '100002', nor: 265n, eal: 12n, places: null },
    { id: '100003', nor: 361n, eal: 95n, places: null },
    { id: '100004', nor: 1179n, eal: 88n, places: null },
    { id: '100005', nor: 930n, eal: 20n, places: null },
    { id: '100008', nor: 140n, eal: 5n, places: 120n },
  ];

  it('charges a special school per place and a mainstream school per pupil in one service', async () => {
    const rows = csvObjects((await runInProcess(['allocate', CENSUS, '-c', OPTIONS, '-f', 'csv', '-q'])).stdout);
    const specialist = footed(charged.map((s) => ({ id: s.id, n: (s.places ?? s.nor) * scaled('4.00', 2) * 5n })), D);
    for (const row of rows.filter((r) => r.school !== 'Total')) expect(row.specialist_support).toBe(specialist.get(row.urn!)!.toString());
    expect(rows.find((r) => r.urn === '100008')!.specialist_support).toBe('200'); // 120 places × £4 × 5/12
    expect(rows.find((r) => r.urn === '100001')!.specialist_support).toBe(specialist.get('100001')!.toString());
    const rates = csvObjects((await runInProcess(['rates', CENSUS, '-c', OPTIONS, '-f', 'csv', '-q'])).stdout);
    expect(rates.filter((r) => r.service === 'Specialist Support').map((r) => [r.phase, r.basis, r.units])).toEqual([
      ['primary', 'nor', '432.5'],
      ['secondary', 'nor', '878.75'],
      ['special', 'places', '50'],
    ]);
  });

  it('explains a special school charged per place at a rate per place, not per pupil', async () => {
    const special = await runInProcess(['explain', CENSUS, '100008', '-c', OPTIONS, '-f', 'md', '-q']);
    expect(special.stdout).toContain('| Basis | Places 120, charged for 5 of 12 months |');
    expect(special.stdout).toContain('| Rate | £4.00 per place (special) |');
    expect(special.stdout).not.toContain('per pupil (special)');
    const mainstream = await runInProcess(['explain', CENSUS, '100001', '-c', OPTIONS, '-f', 'md', '-q']);
    expect(mainstream.stdout).toContain('| Rate | £4.00 per pupil (primary) |');
  });

  it('names each phase its own basis in rates and compare, and no one basis on a total of pupils and places', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-basis-'));
    const config = JSON.parse(readFileSync(OPTIONS, 'utf8'));
    config.services = [{ name: 'Specialist Support', basis: { default: 'nor', phases: { special: 'places' } }, target: '6000', rateUnit: '0.01' }];
    writeFileSync(join(dir, 'p.json'), JSON.stringify(config));
    const rates = csvObjects((await runInProcess(['rates', CENSUS, '-c', join(dir, 'p.json'), '-f', 'csv', '-q'])).stdout);
    // 432.5 + 878.75 pupils and 50 places: the all row's 1,361.25 units are neither pupils nor places.
    expect(rates.map((r) => [r.phase, r.basis, r.units])).toEqual([
      ['primary', 'nor', '432.5'],
      ['secondary', 'nor', '878.75'],
      ['special', 'places', '50'],
      ['all', '', '1361.25'],
    ]);
    // Beside a second service (the only one's total is the Total row), its row "all" names no basis.
    config.services.push({ name: 'Licences', basis: 'school', rate: '100' });
    writeFileSync(join(dir, 'p.json'), JSON.stringify(config));
    const compare = csvObjects((await runInProcess(['compare', CENSUS, CENSUS, '-c', join(dir, 'p.json'), '--by', 'service', '-f', 'csv', '-q'])).stdout);
    expect(compare.map((r) => [r.service, r.phase, r.basis])).toEqual([
      ['Specialist Support', 'primary', 'nor'],
      ['Specialist Support', 'secondary', 'nor'],
      ['Specialist Support', 'special', 'places'],
      ['Specialist Support', 'all', ''],
      ['Licences', 'primary', 'school'],
      ['Licences', 'secondary', 'school'],
      ['Licences', 'special', 'school'],
      ['Licences', 'all', 'school'],
      ['Total', '', ''],
    ]);
  });

  it('prints an EAL-basis and a per-pupil column and the difference per school, adding up to the difference of totals', async () => {
    const run = await runInProcess(['allocate', CENSUS, '-c', OPTIONS, '-f', 'csv', '-q']);
    expect(run.code).toBe(0);
    const rows = csvObjects(run.stdout);
    const eal = footed(charged.map((s) => ({ id: s.id, n: s.eal * scaled('30.00', 2) * 5n })), D);
    const pupil = footed(charged.map((s) => ({ id: s.id, n: s.nor * scaled('2.50', 2) * 5n })), D);
    let differences = 0n;
    for (const row of rows.filter((r) => r.school !== 'Total')) {
      expect(row.ethnic_minority_eal_basis).toBe(eal.get(row.urn!)!.toString());
      expect(row.ethnic_minority_per_pupil).toBe(pupil.get(row.urn!)!.toString());
      const difference = pupil.get(row.urn!)! - eal.get(row.urn!)!;
      expect(row.ethnic_minority_per_pupil_difference).toBe(difference.toString());
      differences += difference;
    }
    const totals = rows.at(-1)!;
    expect(totals.ethnic_minority_eal_basis).toBe(total(eal).toString());
    expect(totals.ethnic_minority_per_pupil).toBe(total(pupil).toString());
    expect(totals.ethnic_minority_per_pupil_difference).toBe(differences.toString());
    expect(differences).toBe(total(pupil) - total(eal));
    // The option charged is the first: the school's total holds it, never the other.
    const ash = rows.find((r) => r.urn === '100001')!;
    expect(BigInt(ash.total!)).toBe(BigInt(ash.ethnic_minority_eal_basis!) + BigInt(ash.specialist_support!));
    const md = await runInProcess(['allocate', CENSUS, '-c', OPTIONS, '-f', 'md', '-q']);
    expect(md.stdout).toContain(`adding up to +£${differences}, the difference of the totals.`);
  });

  it('leaves the difference empty on a row no option charges (a school charged for another service), as its option cells are', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-options-'));
    const config = JSON.parse(readFileSync(OPTIONS, 'utf8'));
    // Ethnic Minority for mainstream schools only: Hazel School is charged for Specialist Support alone.
    config.services[0].charge = { phases: ['primary', 'secondary'] };
    writeFileSync(join(dir, 'p.json'), JSON.stringify(config));
    const run = await runInProcess(['allocate', CENSUS, '-c', join(dir, 'p.json'), '-f', 'csv', '-q']);
    const rows = csvObjects(run.stdout);
    const hazel = rows.find((r) => r.urn === '100008')!;
    expect([hazel.ethnic_minority_eal_basis, hazel.ethnic_minority_per_pupil, hazel.ethnic_minority_per_pupil_difference, hazel.specialist_support]).toEqual(['', '', '', '200']);
    // The others keep theirs, and still add up to the difference of the totals.
    const schools = rows.filter((r) => r.school !== 'Total' && r.urn !== '100008');
    const totals = rows.at(-1)!;
    expect(schools.reduce((a, r) => a + BigInt(r.ethnic_minority_per_pupil_difference!), 0n)).toBe(BigInt(totals.ethnic_minority_per_pupil!) - BigInt(totals.ethnic_minority_eal_basis!));
    expect(totals.ethnic_minority_per_pupil_difference).toBe('90');
    const md = await runInProcess(['allocate', CENSUS, '-c', join(dir, 'p.json'), '-f', 'md', '-q']);
    expect(md.stdout).toContain('| 100008 | Hazel School | Community | Special | 140 |  | 120 |  |  |  | 200 | 200 | 1.43 |');
  });
});

describe('every invalid proposal is an error naming the JSON path', () => {
  const cases: [string, string, Record<string, string>][] = [
    [
      'a vote on an unknown phase',
      'p.json: at services[0].decisions.primry: unknown phase "primry"',
      { 'p.json': configWith({}, [{ rate: '1', decisions: { primry: { decision: 'de-delegate', vote: { for: 6, against: 1 } } } }]) },
    ],
    [
      'a key misspelt by a letter or two, with the key meant (rates for rate)',
      'p.json: at services[0].rates: unknown key "rates"; did you mean "rate"?',
      { 'p.json': configWith({}, [{ rates: '1' }]) },
    ],
    [
      'a key in another case (buyback for buyBack), with the key meant',
      'p.json: at buyback: unknown key "buyback"; did you mean "buyBack"?',
      { 'p.json': configWith({ buyback: { statuses: ['academy'] } }, [{ rate: '1' }]) },
    ],
    [
      'a phase in a basis per phase written as a paper heads it: said to be written in lower case',
      'p.json: at services[0].basis.phases.Special: unknown key "Special": a phase is written in lower case, "special"',
      { 'p.json': configWith({}, [{ rate: '1', basis: { default: 'nor', phases: { Special: 'places' } } }]) },
    ],
    [
      'one phase given twice in a per-phase rate, once as a paper heads it',
      'p.json: at services[0].rate.Primary: phase primary is given twice, as "Primary" and "primary"; give it once',
      { 'p.json': configWith({}, [{ rate: { primary: '1', Primary: '2' } }]) },
    ],
    [
      'a decision that is not one of the three',
      'p.json: at services[0].decisions.primary.decision: value "yes"',
      { 'p.json': configWith({}, [{ rate: '1', decisions: { primary: { decision: 'yes' } } }]) },
    ],
    [
      'a vote on a pending decision',
      'p.json: at services[0].decisions.secondary.vote: a vote on a pending decision',
      { 'p.json': configWith({}, [{ rate: '1', decisions: { secondary: { decision: 'pending', vote: { for: 2, against: 2 } } } }]) },
    ],
    [
      'a vote that did not carry the decision recorded (for and against swapped): it charged the phase on a vote lost',
      'p.json: at services[0].decisions.primary.vote: the vote 1\u20136\u20130 (for, against, abstain) did not carry "de-delegate": more members voted against de-delegation; check the decision and the counts (for and against swapped?)',
      { 'p.json': configWith({}, [{ rate: '1', decisions: { primary: { decision: 'de-delegate', vote: { for: 1, against: 6 } } } }]) },
    ],
    [
      'a vote for de-delegation recorded as not de-delegated',
      'p.json: at services[0].decisions.secondary.vote: the vote 4\u20131\u20130 (for, against, abstain) did not carry "do not de-delegate": more members voted for de-delegation',
      { 'p.json': configWith({}, [{ rate: '1', decisions: { secondary: { decision: 'do not de-delegate', vote: { for: 4, against: 1 } } } }]) },
    ],
    [
      'a decision on all-through schools',
      'p.json: at services[0].decisions.all-through: all-through schools are charged through their primary and secondary parts',
      { 'p.json': configWith({}, [{ rate: '1', decisions: { 'all-through': 'de-delegate' } }]) },
    ],
    [
      'a net target below zero',
      'p.json: at services[0].less: the lines taken off ("Grant" £9,000, "Balance brought forward" £2,000) come to more than £10,000: the net amount would be -£1,000',
      {
        'p.json': configWith({}, [
          { target: '10000', less: [{ item: 'Grant', amount: '9000' }, { item: 'Balance brought forward', amount: '2000' }] },
        ]),
      },
    ],
    [
      'lines taken off a rate',
      'p.json: at services[0].less: service "De-delegation" takes lines off a target, but has a rate',
      { 'p.json': configWith({}, [{ rate: '1', less: [{ item: 'Grant', amount: '9000' }] }]) },
    ],
    [
      'a buy-back status that is also charged',
      'p.json: at buyBack.statuses[1]: status community is charged by service "De-delegation", so it cannot also buy the service back',
      { 'p.json': configWith({ buyBack: { statuses: ['academy', 'community'] } }, [{ rate: '1' }]) },
    ],
    [
      'parts that repeat a basis',
      'p.json: at services[0].parts[1].basis: the basis nor is already charged by part 0 ("Support: per pupil")',
      { 'p.json': configWith({}, [{ name: 'Support', parts: [{ basis: 'nor', rate: '1' }, { name: 'top-up', basis: 'nor', rate: '2' }] }]) },
    ],
    [
      'a part with neither rate nor target',
      'p.json: at services[0].parts[1]: service "Support: lump sum" needs a rate or a target',
      { 'p.json': configWith({}, [{ name: 'Support', parts: [{ basis: 'nor', rate: '1' }, { basis: 'school' }] }]) },
    ],
    [
      'a rate beside parts',
      'p.json: at services[0].rate: service "Support" has parts, so its rate belongs in each of them',
      { 'p.json': configWith({}, [{ name: 'Support', rate: '1', parts: [{ basis: 'nor', rate: '1' }] }]) },
    ],
    [
      'a cost plan beside parts (the plan gives one target, parts have one each)',
      'p.json: at services[0].costs: service "Support" has parts, so a cost plan cannot give its target; give each part its own target (with "less" for lines taken off)',
      { 'plan.csv': 'item,total\nVisits,5000\n', 'p.json': configWith({}, [{ name: 'Support', costs: 'plan.csv', parts: [{ basis: 'nor', target: '1' }] }]) },
    ],
    [
      "a part's lines taken off more than its target",
      'p.json: at services[0].parts[1].less: the lines taken off ("Grant" £600) come to more than £500',
      { 'p.json': configWith({}, [{ name: 'Support', parts: [{ basis: 'school', rate: '250' }, { basis: 'nor', target: '500', less: [{ item: 'Grant', amount: '600' }] }] }]) },
    ],
    [
      'two options that are the same',
      'p.json: at services[0].options[1]: this option is the same as option 0',
      { 'p.json': configWith({}, [{ name: 'EMA', options: [{ name: 'A', basis: 'nor', rate: '1' }, { name: 'B', basis: 'nor', rate: '1' }] }]) },
    ],
    [
      'a basis for an unknown phase',
      'p.json: at services[0].basis.phases.specail: unknown phase "specail"',
      { 'p.json': configWith({}, [{ rate: '1', basis: { phases: { specail: 'places' } } }]) },
    ],
    [
      'a buy-back rate for a service that does not exist',
      'p.json: at buyBack.rates.Licence: no service named "Licence"',
      { 'p.json': configWith({ buyBack: { rates: { Licence: '1' } } }, [{ rate: '1' }]) },
    ],
  ];
  for (const [what, message, files] of cases) {
    it(`refuses ${what}`, async () => {
      const dir = tempDir(files);
      const run = await runInProcess(['allocate', CENSUS, '-c', 'p.json'], { cwd: dir });
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(message);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    });
  }

  // README "Parts": a service with parts keeps its less in the parts. A part refused "less" as an
  // unknown key, and the service's own "less" was refused as belonging in the parts, so a part's
  // net target could not be given at all.
  it('solves a part from its own net target, as from the net figure given', async () => {
    const parts = (per: Record<string, unknown>) => [{ name: 'Support', parts: [{ basis: 'school', rate: '250' }, { basis: 'nor', ...per }] }];
    const net = tempDir({ 'p.json': configWith({}, parts({ target: '5000.50', less: [{ item: 'Grant', amount: '1000' }] })) });
    const given = tempDir({ 'p.json': configWith({}, parts({ target: '4000.50' })) });
    const a = await runInProcess(['allocate', CENSUS, '-c', join(net, 'p.json'), '-f', 'csv', '--foot', '-q']);
    const b = await runInProcess(['allocate', CENSUS, '-c', join(given, 'p.json'), '-f', 'csv', '--foot', '-q']);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout.trim().split('\n').pop()).toMatch(/,4001,/);
    const rates = await runInProcess(['rates', CENSUS, '-c', join(net, 'p.json'), '-q']);
    expect(rates.stdout).toContain('Net target: Target £5,000.50 less Grant £1,000 = £4,000.50.');
  });

  it('refuses a cost plan whose lines taken off exceed its costs, naming the file and lines', async () => {
    const dir = tempDir({
      'plan.csv': 'item,total\nVisits,5000\nless: grant,4000\nless: balance brought forward,2000\n',
      'p.json': configWith({}, [{ name: 'Support', costs: 'plan.csv' }]),
    });
    const run = await runInProcess(['allocate', CENSUS, '-c', 'p.json'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'plan.csv: the lines taken off ("less: grant" (line 3) £4,000, "less: balance brought forward" (line 4) £2,000) come to more than the costs (£5,000): the net amount would be -£1,000',
    );
  });
});

describe("init's example is a proposal", () => {
  it('prints its decision grid and buy-back schedule at once', async () => {
    const dir = tempDir({ 'dedel.json': INIT_CONFIG, 'census.csv': INIT_CENSUS });
    const grid = await runInProcess(['decisions', '-c', 'dedel.json', '-f', 'csv'], { cwd: dir });
    expect(grid.code).toBe(0);
    expect(grid.stderr).toBe('');
    expect(grid.stdout.split('\n')[1]).toBe('School Improvement,primary,de-delegate,6,1,0,2,');
    const buyBack = await runInProcess(['buy-back', 'census.csv', '-c', 'dedel.json', '-f', 'csv'], { cwd: dir });
    expect(buyBack.code).toBe(0);
    const rows = csvObjects(buyBack.stdout);
    expect(rows.map((r) => r.school)).toEqual(['Fir Tree Academy', 'Total']);
  });
});

describe('check reads the proposal too', () => {
  it('warns of the pending phase and counts the places of the special school', async () => {
    const pending = await runInProcess(['check', CENSUS, '-c', CONFIG, '-f', 'csv']);
    expect(pending.code).toBe(0);
    expect(pending.stderr).toContain('service "Behaviour Support": the decision for secondary is pending');
    const places = await runInProcess(['check', CENSUS, '-c', 'fixtures/proposal/options.json', '-f', 'json', '-q']);
    expect(places.code).toBe(0);
    expect(places.stdout).toContain('places');
  });

  it('counts a special school charged per place in Places charged, not in NOR charged', async () => {
    // options.json: Hazel School (special, 140 on roll, 120 places) is charged Specialist Support per
    // place and Ethnic Minority on EAL; no service charges it on NOR.
    const run = await runInProcess(['check', CENSUS, '-c', 'fixtures/proposal/options.json', '-f', 'csv', '-q']);
    expect(run.code).toBe(0);
    const rows = csvObjects(run.stdout);
    const special = rows.find((r) => r.phase === 'special')!;
    expect([special.charged, special.nor_charged, special.eal_charged, special.places_charged]).toEqual(['1', '', '5', '120']);
    // 412 + 265 + 361 + 1,179 + 930 pupils of the mainstream schools, not 3,287 with Hazel's 140.
    expect([rows.at(-1)!.nor_charged, rows.at(-1)!.places_charged]).toEqual(['3147', '120']);
    const table = await runInProcess(['check', CENSUS, '-c', 'fixtures/proposal/options.json', '-q']);
    expect(table.stdout).toMatch(/│ Special +│ Community +│ +1 │ +1 │ +0 │ +│ +5 │ +120 │/);
  });
  // decisions and paper, which take no --rate, were told to give --rate or --target.
  it('a config with no services says to add one, for commands without --rate too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-no-services-'));
    writeFileSync(join(dir, 'p.json'), '{ "services": [] }');
    const run = await runInProcess(['decisions', '-c', join(dir, 'p.json')]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('dedel: error: the config has no services; add one to its "services" list (allocate, rates and the other census commands also take --rate or --target)\n');
  });
});

describe('phase keys written as a paper heads them (README "Files dedel reads and writes")', () => {
  it('reads "Primary" and "SECONDARY" in a rate, weights, decisions and buy-back rates as the phases, as the flags do', async () => {
    // `--rate Primary=5.10` was read, and "rate": { "Primary": "5.10" } refused as an unknown key.
    const census = 'URN,School,Status,Phase,NOR\n1,Ash,Community,Primary,100\n2,Oak,Community,Secondary,500\n3,Elm,Academy,Primary,200\n';
    const written = (primary: string, secondary: string) =>
      JSON.stringify({
        services: [
          { name: 'SI', rate: { [primary]: '5.10', [secondary]: '6' }, decisions: { [primary]: { decision: 'de-delegate' }, [secondary]: { decision: 'de-delegate' } } },
          { name: 'BS', target: '3000', weights: { [primary]: '1', [secondary]: '2' } },
        ],
        buyBack: { statuses: ['academy'], rates: { SI: { [primary]: '4' } } },
      });
    const headed = tempDir({ 'census.csv': census, 'p.json': written('Primary', 'SECONDARY') });
    const plain = tempDir({ 'census.csv': census, 'p.json': written('primary', 'secondary') });
    for (const command of ['allocate', 'buy-back']) {
      const a = await runInProcess([command, 'census.csv', '-c', 'p.json', '-f', 'csv'], { cwd: headed });
      const b = await runInProcess([command, 'census.csv', '-c', 'p.json', '-f', 'csv'], { cwd: plain });
      expect(a.code, a.stderr).toBe(0);
      expect(a.stdout).toBe(b.stdout);
      expect(a.stderr).toBe(b.stderr);
    }
  });
});

describe('an all-through school charged per school where one of its phases is charged (README "All-through schools")', () => {
  const census = 'URN,School,Status,Phase,NOR,NOR primary,NOR secondary\n1,Ash,Community,Primary,100,,\n2,Oak,Community,Secondary,500,,\n3,Elm,Community,All-through,600,200,400\n';
  const proposal = (lumpSum: unknown, secondary: string) =>
    JSON.stringify({ services: [{ name: 'SI', parts: [{ basis: 'school', rate: lumpSum }, { basis: 'nor', rate: '5' }], decisions: { primary: { decision: 'de-delegate' }, secondary: { decision: secondary } } }] });

  it('charges the whole per-school amount, and says so with how to charge it otherwise', async () => {
    // Elm paid the whole £1,000 lump sum with only its primary phase de-delegated, without a word.
    const dir = tempDir({ 'census.csv': census, 'p.json': proposal('1000', 'do not de-delegate') });
    const run = await runInProcess(['allocate', 'census.csv', '-c', 'p.json', '--all-through', 'split', '-f', 'csv'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('3,Elm,community,all-through,600,1000,1000,2000,2000,3.33');
    expect(run.stderr).toContain(
      'dedel: warning: SI: lump sum: all-through school Elm (3) is charged the whole per-school amount though only primary is charged (secondary decided not to de-delegate); to charge it otherwise, give all-through schools their own rate ("all-through" in the service\'s per-phase rate) or deem them one phase (--all-through primary or secondary)\n',
    );
    const pending = await runInProcess(['allocate', 'census.csv', '-c', 'p.json', '--all-through', 'split', '-f', 'csv'], { cwd: tempDir({ 'census.csv': census, 'p.json': proposal('1000', 'pending') }) });
    expect(pending.stderr).toContain('though only primary is charged (the secondary decision is pending)');
  });

  it('says nothing where the all-through schools have a rate of their own, or are deemed one phase', async () => {
    const own = await runInProcess(['allocate', 'census.csv', '-c', 'p.json', '--all-through', 'split', '-f', 'csv'], { cwd: tempDir({ 'census.csv': census, 'p.json': proposal({ primary: '1000', secondary: '1000', 'all-through': '333.33' }, 'do not de-delegate') }) });
    expect(own.stdout).toContain('3,Elm,community,all-through,600,333,1000,1333,1333,2.22');
    expect(own.stderr).not.toContain('whole per-school amount');
    const deemed = await runInProcess(['allocate', 'census.csv', '-c', 'p.json', '--all-through', 'primary', '-f', 'csv'], { cwd: tempDir({ 'census.csv': census, 'p.json': proposal('1000', 'do not de-delegate') }) });
    expect(deemed.stderr).not.toContain('whole per-school amount');
  });
});

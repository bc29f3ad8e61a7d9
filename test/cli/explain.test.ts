import { describe, expect, it } from 'vitest';
import { expectGoldenInProcess, runCli } from '../helpers/run.js';
import { nearMatches } from '../../src/core/near-matches.js';

const SUTTON = 'fixtures/sutton/appendix-b.csv';
const ROBIN = "Robin Hood Infants' School";

describe('dedel explain', () => {
  it("shows 265 × £5.10 = £1,351.50 and why footing made Robin Hood Infants' £1,351", async () => {
    const run = await expectGoldenInProcess('explain-sutton-robin-hood-foot', ['explain', SUTTON, ROBIN, '--rate', '5.10', '--foot']);
    expect(run.code).toBe(0);
    const line = (label: string) => run.stdout.split('\n').find((l) => l.startsWith(`│ ${label} `)) ?? '';
    expect(line('Exact amount')).toContain('265 × £5.10 = £1,351.50');
    expect(line('Rate from')).toContain('given by the --rate flag');
    expect(line('Rounded on its own')).toContain('£1,351.50 → £1,352');
    expect(line('Remainder')).toContain('£0.50 (11th largest of 22)');
    expect(line('Received a unit')).toContain('no');
    expect(line('Footing adjustment')).toContain('-£1');
    expect(line('Charge')).toContain('£1,351 (rounded on its own it would be £1,352)');
  });

  // With one unit missing, the reason said "within the 1 largest".
  it('names the one unit given as the largest remainder, not "within the 1 largest"', async () => {
    const census = 'URN,School,Status,Phase,NOR\n1,Ash,Community,Primary,1\n2,Beech,Community,Primary,2\n';
    const run = await runCli(['explain', '-', '1', '--rate', '0.5', '--foot', '-f', 'md', '-q'], { input: census });
    expect(run.stdout).toContain('| Why | received £1: its remainder £0.50 ranks 1st of 2, the largest; the first row left without a unit');
    expect(run.stdout).not.toContain('within the 1 largest');
  });

  // Per-phase targets, footed: S (all-through) ranked first in both phases and would take a unit in
  // each, £802 on an exact £800.50; it gives its secondary unit to Q. The reasons
  // read the footing order alone, so S was "did not receive a unit: ... ties the cut-off, but the
  // 1st and last unit went to S (2)", itself, and Q "received £1: ... ties with Q (3)'s".
  it('says a unit was traded where per-phase footing moved it to keep an all-through school within a unit', async () => {
    const census = 'URN,School,Phase,Status,NOR,NOR primary,NOR secondary\n1,P1,Primary,Community,5000,,\n2,S,All-through,Community,8005,5003,3002\n3,Q,Secondary,Community,1001,,\n';
    const args = ['--target', 'primary=1000.3', '--target', 'secondary=400.3', '--rounding', 'up', '--foot', '--all-through', 'split', '-f', 'md', '-q'];
    const s = await runCli(['explain', '-', 'S', ...args], { input: census });
    expect(s.stdout).toContain(
      '| Why (secondary) | did not receive a unit, in a trade: its remainder £0.20 ranks 1st of 2, within the cut-off, but it received a unit in its other phase too, which put the school a whole unit or more above its exact amount; the unit went to Q (3), charged in this phase only |',
    );
    expect(s.stdout).toContain('| Charge | £801 |');
    const q = await runCli(['explain', '-', 'Q', ...args], { input: census });
    expect(q.stdout).toContain(
      '| Why (secondary) | received £1 in a trade: its remainder £0.10 ranks 2nd of 2, below the cut-off, but the all-through school S (2) received a unit in both its phases, a whole unit or more above its exact amount, and gave this one up |',
    );
  });

  // The working's divisor comes from the solve itself (the core), not added up again by the
  // renderer: Beech is charged 6 months, so its 50 pupils are 25 units.
  it('shows what a target across phases was divided by: Σ weight × units, or the units', async () => {
    const census = 'URN,School,Status,Phase,NOR,Months\n1,Ash,Community,Primary,100,\n2,Beech,Community,Primary,50,6\n3,Cedar,Community,Secondary,200,\n';
    const weighted = await runCli(['explain', '-', 'Ash', '--target', '1000', '--weight', 'primary=2', '--weight', 'secondary=3', '-f', 'md', '-q'], { input: census });
    expect(weighted.stdout).toContain('| Rate from | solved from the --target flag: the target £1,000 across phases, weights primary 2, secondary 3: 2 × £1,000 ÷ Σ(weight × units) 850 = £2.3529411764… |');
    const plain = await runCli(['explain', '-', 'Ash', '--target', '1000', '-f', 'md', '-q'], { input: census });
    expect(plain.stdout).toContain('| Rate from | solved from the --target flag: the target £1,000 across phases: £1,000 ÷ 325 units = £3.0769230769… |');
  });

  it('gives the same working in Markdown, one row per item, with the whole reason', async () => {
    const run = await runCli(['explain', SUTTON, ROBIN, '--rate', '5.10', '--foot', '-f', 'md', '-q']);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines).toContain('| Exact amount | 265 × £5.10 = £1,351.50 |');
    expect(lines).toContain(
      '| Footing | all 22 rows rounded down come to £50,827; 10 units of £1 were missing to reach £50,837, given one each to the 10 rows with the largest remainders |',
    );
    expect(lines).toContain(
      "| Why | did not receive a unit: its remainder £0.50 ties the cut-off, but the 10th and last unit went to St Dunstan's Cheam CofE Primary School on the larger exact amount (£2,116.50 against £1,351.50); this row ranks 11th of 22 |",
    );
    expect(lines).toContain('| Charge | £1,351 (rounded on its own it would be £1,352) |');
  });

  it('gives the working as key,value rows in csv with plain numbers', async () => {
    const run = await runCli(['explain', SUTTON, ROBIN.toUpperCase(), '--rate', '5.10', '--foot', '-f', 'csv', '-q']);
    expect(run.code).toBe(0);
    const rows = new Map(run.stdout.trim().split('\n').slice(1).map((l) => [l.slice(0, l.indexOf(',')), l.slice(l.indexOf(',') + 1)]));
    expect(run.stdout.split('\n')[0]).toBe('key,value');
    expect(rows.get('de_delegation.basis_count')).toBe('265');
    expect(rows.get('de_delegation.rate')).toBe('5.10');
    expect(rows.get('de_delegation.rate_source')).toBe('flag');
    expect(rows.get('de_delegation.exact')).toBe('1351.5');
    expect(rows.get('de_delegation.rounding_unit')).toBe('1');
    expect(rows.get('de_delegation.rounding_mode')).toBe('half-up');
    expect(rows.get('de_delegation.rounded')).toBe('1352');
    expect(rows.get('de_delegation.footing_missing')).toBe('10');
    expect(rows.get('de_delegation.remainder')).toBe('0.5');
    expect(rows.get('de_delegation.cutoff')).toBe('0.5');
    expect(rows.get('de_delegation.received')).toBe('false');
    expect(rows.get('de_delegation.adjustment')).toBe('-1');
    expect(rows.get('de_delegation.amount')).toBe('1351');
  });

  it('gives the working as one JSON object with every decimal a string', async () => {
    const run = await runCli(['explain', SUTTON, ROBIN, '--rate', '5.10', '--foot', '-f', 'json', '-q']);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.school).toEqual({ urn: null, school: ROBIN, status: 'community', phase: null, months: '12' });
    const service = json.services[0];
    expect(service.lines[0]).toMatchObject({ basis: 'nor', basis_count: '265', rate: '5.10', rate_source: 'flag', exact: '1351.5', amount: '1351' });
    expect(service).toMatchObject({ exact: '1351.5', rounded: '1352', amount: '1351', adjustment: '-1', received: false });
    expect(service.rounding).toEqual({ unit: '1', mode: 'half-up', foot: 'largest-remainder' });
    expect(service.footing[0]).toMatchObject({ rows: '22', floor_total: '50827', total: '50837', missing: '10', remainder: '0.5', rank: '11', cutoff: '0.5' });
    expect(service.footing[0].last_in.school).toBe("St Dunstan's Cheam CofE Primary School");
    expect(json.total).toBe('1351');
  });

  it('says a row that received a unit did so because its remainder was within the largest', async () => {
    const run = await runCli(['explain', SUTTON, "St Dunstan's Cheam CofE Primary School", '--rate', '5.10', '--foot', '-f', 'csv', '-q']);
    expect(run.stdout).toContain('de_delegation.received,true');
    expect(run.stdout).toContain('de_delegation.amount,2117');
    expect(run.stdout).toContain("ties with Robin Hood Infants' School's, the first row left without a unit; the tie went to this row on the larger exact amount");
  });

  it('shows a solved rate with its target and weights', async () => {
    const run = await runCli(['explain', 'fixtures/check/phases.csv', '100001', '--target', '1000', '--weight', 'primary=2', '--weight', 'secondary=3', '-f', 'csv', '-q']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('de_delegation.rate_source,solved');
    expect(run.stdout).toContain('de_delegation.target,1000');
    expect(run.stdout).toContain('de_delegation.weights,primary=2;secondary=3');
    // 2 × 1000 ÷ (2 × 500 + 3 × 1000) = 0.5
    expect(run.stdout).toContain('de_delegation.exact_rate,0.5\n');
    expect(run.stdout).toContain('de_delegation.exact,250\n');
  });

  it('speaks of a footed column of one row as one row', async () => {
    const run = await runCli(['explain', '-', 'Ash', '--rate', '5.01', '--foot', '-f', 'md'], { input: 'URN,School,Status,Phase,NOR\n1,Ash,Community,Primary,101\n' });
    expect(run.stdout).toContain('the one row rounded down comes to £506; no unit of £1 was missing to reach £506 |');
    expect(run.stdout).not.toContain('1 rows');
    expect(run.stdout).not.toContain('the 0 rows');
  });

  it('explains why a school is not charged', async () => {
    const run = await runCli(['explain', 'fixtures/check/phases.csv', 'fig academy', '--rate', '5', '-f', 'csv', '-q']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('charged,false\nreason,academy\n');
  });

  it('suggests near names for an unknown school and exits 1', async () => {
    const run = await expectGoldenInProcess('explain-unknown-school', ['explain', SUTTON, 'Robin Hod Infants School', '--rate', '5.10']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`did you mean "Robin Hood Infants' School"`);
  });

  it('ranks names that contain the query first, then close spellings', () => {
    const names = ["Robin Hood Infants' School", 'Robin Hood Junior School', 'Nonsuch Primary School'];
    expect(nearMatches('robin hood', names)).toEqual(["Robin Hood Infants' School", 'Robin Hood Junior School']);
    expect(nearMatches('Nonsuch Primry School', names)).toEqual(['Nonsuch Primary School']);
    expect(nearMatches('Hackbridge', names)).toEqual([]);
  });
  // explain listed --title with the plan flags and headed its working "Working for …" whatever was given.
  it('heads the working with --title where one is given', async () => {
    for (const format of ['table', 'md']) {
      const run = await runCli(['explain', SUTTON, ROBIN, '--rate', '5.10', '--title', 'Robin Hood Infants: the working', '-q', '-f', format]);
      expect(run.code).toBe(0);
      expect(run.stdout.split('\n')[0]).toBe(format === 'md' ? '**Robin Hood Infants: the working**' : 'Robin Hood Infants: the working');
      expect(run.stdout).not.toContain('Working for');
    }
  });
});

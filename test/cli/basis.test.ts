import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/run.js';

const census = 'URN,School,Phase,Status,NOR,School meals\n1,A,Primary,Community,40,40\n2,B,Primary,Community,10,10\n';

describe('the basis of a charge', () => {
  it('charges a basis named school_meals per pupil of that column, not per school', async () => {
    const { stdout, code } = await runInProcess(['allocate', '-', '--rate', '2', '--basis', 'school_meals', '--format', 'csv'], { stdin: census });
    expect(code).toBe(0);
    expect(stdout).toBe(
      ['urn,school,status,phase,nor,school_meals,de_delegation,total,per_pupil', '1,A,community,primary,40,40,80,80,2.00', '2,B,community,primary,10,10,20,20,2.00', ',Total,,,50,50,100,100,2.00', ''].join('\n'),
    );
  });

  // README "Choices": a per-school charge on an all-through school takes the all-through entry of
  // a per-phase rate. Without one, the error said to charge only primary and secondary with
  // --phases primary,secondary, which were the phases charged already: the same error again.
  it('asks for the all-through rate, or --all-through, where a per-school charge meets an all-through school', async () => {
    const run = await runInProcess(['allocate', 'fixtures/features/all-through.csv', '--rate', 'primary=100', '--rate', 'secondary=200', '--basis', 'school', '--phases', 'primary,secondary']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no rate for phase all-through');
    expect(run.stderr).not.toContain('--phases primary,secondary');
    expect(run.stderr).toContain('--rate all-through=');
    expect(run.stderr).toContain('--all-through primary, secondary or none');
  });

  it('charges basis school once per school', async () => {
    const { stdout, code } = await runInProcess(['allocate', '-', '--rate', '2', '--basis', 'school', '--format', 'csv'], { stdin: census });
    expect(code).toBe(0);
    expect(stdout.split('\n').slice(1, 3)).toEqual(['1,A,community,primary,40,2,2,0.05', '2,B,community,primary,10,2,2,0.20']);
  });

  it.each(['NOR', 'nor', 'NOR October 22', 'Number on roll'])('prints NOR once for a basis written %j, not again as a basis column', async (basis) => {
    const { stdout, code } = await runInProcess(['allocate', '-', '--rate', '2', '--basis', basis, '--format', 'csv'], { stdin: census });
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toBe('urn,school,status,phase,nor,de_delegation,total,per_pupil');
    expect(stdout.split('\n')[1]).toBe('1,A,community,primary,40,80,80,2.00');
  });

  it('reads the basis School, in any case, as per school, in a config too', async () => {
    const cli = await runInProcess(['allocate', '-', '--rate', '2', '--basis', 'School', '--format', 'csv'], { stdin: census });
    expect(cli.stdout.split('\n')[1]).toBe('1,A,community,primary,40,2,2,0.05');
    const dir = mkdtempSync(join(tmpdir(), 'dedel-basis-'));
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ services: [{ name: 'SI', basis: 'NOR', rate: '2' }] }));
    const config = await runInProcess(['allocate', '-', '-c', join(dir, 'c.json'), '--format', 'csv'], { stdin: census });
    expect(config.stdout.split('\n')[0]).toBe('urn,school,status,phase,nor,si,total,per_pupil');
  });

  it('labels a basis one way in the table, check, explain and messages (School meals, Places)', async () => {
    const md = await runInProcess(['allocate', '-', '--rate', '2', '--basis', 'school_meals', '--format', 'md'], { stdin: census });
    expect(md.stdout.split('\n')[0]).toBe('| URN | School | Status | Phase | NOR | School meals | De-delegation £ | Total £ | Per pupil £ |');
    const check = await runInProcess(['check', '-', '--rate', '2', '--basis', 'school_meals', '--format', 'csv'], { stdin: census });
    expect(check.stdout.split('\n')[0]).toContain(',school_meals_charged,');
    const checkTable = await runInProcess(['check', '-', '--rate', '2', '--basis', 'school_meals', '--format', 'md'], { stdin: census });
    expect(checkTable.stdout).toContain('| School meals charged |');
    const explain = await runInProcess(['explain', '-', '1', '--rate', '2', '--basis', 'school_meals', '--format', 'md'], { stdin: census });
    expect(explain.stdout).toContain('| Basis | School meals 40 |');
    expect(explain.stdout).toContain('per unit of School meals (primary)');
    const places = await runInProcess(['allocate', '-', '--rate', '2', '--basis', 'places'], { stdin: 'URN,School,Phase,Status,NOR,Places\n1,A,Primary,Community,40,\n' });
    expect(places.code).toBe(1);
    expect(places.stderr).toContain(': Places is blank for a school that is charged on it;');
  });

  it('names the all-through part columns a split needs by the same label', async () => {
    const run = await runInProcess(['allocate', '-', '--rate', '2', '--basis', 'fsm', '--all-through', 'split'], {
      stdin: 'URN,School,Phase,Status,NOR,FSM\n1,A,All-through,Community,40,10\n',
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('is charged per phase from FSM primary, but the census has no such column; add "FSM primary" and "FSM secondary" columns');
  });
});

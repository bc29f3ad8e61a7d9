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

  it('charges basis school once per school', async () => {
    const { stdout, code } = await runInProcess(['allocate', '-', '--rate', '2', '--basis', 'school', '--format', 'csv'], { stdin: census });
    expect(code).toBe(0);
    expect(stdout.split('\n').slice(1, 3)).toEqual(['1,A,community,primary,40,2,2,0.05', '2,B,community,primary,10,2,2,0.20']);
  });
});

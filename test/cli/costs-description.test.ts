import { describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/run.js';

describe('a cost plan as the paper prints it', () => {
  it('reads "Financial support" as the item and keeps the costings beside it', async () => {
    const run = await runInProcess(['costs', 'fixtures/sefton/commitment-2023-24-as-printed.csv', '-f', 'csv']);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').slice(0, 3)).toEqual([
      'item,description,quantity,unit_cost,times,total',
      'Professional Partner School KIT meetings,66 visits @ £250 per visit,,,,16500',
      'LA Professional Partner KIT,Facilitator at PP meetings: 6 x £450,,,,2700',
    ]);
    expect(run.stdout.trim().split('\n').at(-1)).toBe('Total,,,,,153950');
  });

  it('reads a plan headed only "Description" as its items', async () => {
    const run = await runInProcess(['costs', '-', '-f', 'csv'], { stdin: 'Description,Total\nVisits,250\n' });
    expect(run.stdout).toBe('item,quantity,unit_cost,times,total\nVisits,,,,250\nTotal,,,,250\n');
  });
});

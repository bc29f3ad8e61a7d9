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

  it.each([
    ['Item,Cost', 'a cost with no quantity beside it is the line\'s cost'],
    ['Item,Cost (\u00a3)', 'so with its pound sign'],
    ['Cost heading,\u00a3', 'a bare pound sign heads the amounts'],
    ['Expenditure,Budget', 'words of a budget table'],
  ])('reads a plan headed "%s" (%s) as lump sums: it was "no item column" or "no total column"', async (header) => {
    const run = await runInProcess(['costs', '-', '-f', 'csv'], { stdin: `${header}\nStaffing,42000\nVisits,"\u00a316,500"\n` });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('item,quantity,unit_cost,times,total\nStaffing,,,,42000\nVisits,,,,16500\nTotal,,,,58500\n');
  });

  it('still reads Cost as a unit cost where the plan has a quantity, and asks where it has a total too', async () => {
    const priced = await runInProcess(['costs', '-', '-f', 'csv'], { stdin: 'Item,Qty,Cost\nVisits,66,250\n' });
    expect(priced.stdout).toBe('item,quantity,unit_cost,times,total\nVisits,66,250,1,16500\nTotal,,,,16500\n');
    const both = await runInProcess(['costs', '-', '-f', 'csv'], { stdin: 'Item,Cost,Total\nVisits,250,16500\n' });
    expect(both.code).toBe(1);
    expect(both.stderr).toContain('"Visits" has a unit cost but no quantity (and a total)');
  });

  it('says which lines, counted as costs, the Total took off, where they explain its difference', async () => {
    // The warning said only that the Total and the lines differ; a grant counted as a cost raises the target by twice it.
    const plan = 'Item,Total\nStaffing,42000\nLess: grant,5000\nIncome - traded,1000\nUnderspend b/f,2000\nTotal,"\u00a334,000"\n';
    const run = await runInProcess(['costs', '-', '-f', 'csv'], { stdin: plan });
    expect(run.stderr).toBe(
      'dedel: warning: <stdin>:6: the Total line gives \u00a334,000 but the lines add up to \u00a340,000, as if "Income - traded" and "Underspend b/f" were each taken off: dedel counts them as costs; if they are taken off, write "less:" before each name ("less: Income - traded")\n',
    );
    // A difference they do not explain is said as before; so is one with no such line.
    const other = await runInProcess(['costs', '-', '-f', 'csv'], { stdin: 'Item,Total\nStaffing,42000\nDfE grant,5000\nTotal,"\u00a346,000"\n' });
    expect(other.stderr).toBe('dedel: warning: <stdin>:4: the Total line gives \u00a346,000 but the lines add up to \u00a347,000\n');
  });

  it('reads a plan headed only "Description" as its items', async () => {
    const run = await runInProcess(['costs', '-', '-f', 'csv'], { stdin: 'Description,Total\nVisits,250\n' });
    expect(run.stdout).toBe('item,quantity,unit_cost,times,total\nVisits,,,,250\nTotal,,,,250\n');
  });
});

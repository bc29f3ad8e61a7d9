import { describe, expect, it } from 'vitest';
import { costPlanFrom } from '../../src/io/costs.js';
import type { DedelError } from '../../src/core/errors.js';
import { messageText, problemText } from '../../src/render/message.js';
import { handWorkbook } from '../helpers/xlsx.js';

// README "costs": a cost build-up in blocks, a heading over each (`Staffing`, alone on its row)
// and a subtotal under it. A heading stopped the run ("has neither quantity × unit cost nor a
// total"), and a `Subtotal` line was priced as a lump sum, counting its block twice.
const plan = (text: string, file = 'plan.csv') => costPlanFrom(new TextEncoder().encode(text), file);
const said = (read: ReturnType<typeof plan>) => read.diagnostics.map((d) => messageText(d.message));
/** The error a plan is refused with, as printed (file and line, then what). */
function refused(text: string): string {
  try {
    plan(text);
  } catch (error) {
    return problemText(error as DedelError);
  }
  return 'read';
}
const items = (read: ReturnType<typeof plan>) => read.plan.lines.map((l) => `${l.item} ${l.total.toFixed()}`);

const BLOCKS = [
  'Item,Description,Quantity,Unit cost,Total',
  'Staffing,,,,',
  'Adviser visits,66 visits @ £250,66,250,"16,500"',
  'Network meetings,,5,475,"2,375"',
  'Subtotal,,,,"18,875"',
  'Resources,,,,',
  'Licences,,10,100,"1,000"',
  'Resources total,,,,"1,000"',
  'Total,,,,"19,875"',
].join('\n');

describe('a cost plan in blocks: headings and subtotals', () => {
  it('reads a heading as a heading (a warning naming its line) and a subtotal as checked, never counted', () => {
    const read = plan(BLOCKS);
    expect(items(read)).toEqual(['Adviser visits 16500', 'Network meetings 2375', 'Licences 1000']);
    expect(read.plan.total.toFixed()).toBe('19875');
    expect(said(read)).toEqual(['plan.csv: lines 2, 6 are headings, not cost lines, and are not read: "Staffing", "Resources"']);
  });

  it('a subtotal that differs from the lines it covers is a warning; the Total line is still checked against every line', () => {
    const read = plan(BLOCKS.replace('"18,875"', '"18,000"').replace('"19,875"', '"20,000"'));
    expect(read.plan.total.toFixed()).toBe('19875');
    expect(said(read)).toEqual([
      'plan.csv: lines 2, 6 are headings, not cost lines, and are not read: "Staffing", "Resources"',
      'plan.csv:5: the subtotal "Subtotal" gives £18,000 but the lines above it add up to £18,875; a subtotal is checked, never counted',
      'plan.csv:9: the Total line gives £20,000 but the lines add up to £19,875',
    ]);
    const second = plan(BLOCKS.replace('Resources total,,,,"1,000"', 'Subtotal resources,,,,"1,100"'));
    expect(said(second)[1]).toBe('plan.csv:8: the subtotal "Subtotal resources" gives £1,100 but the lines since the subtotal on line 5 add up to £1,000; a subtotal is checked, never counted');
  });

  it('a line with "total" in its name and no unit cost that totals no lines above it is refused, not dropped: it may be a cost of its own', () => {
    // Left out as a subtotal, "Licence total" took £5,000 off the target with a warning only.
    expect(refused('item,quantity,unit_cost,total\nVisits,4,250,1000\nLicence total,,,5000\n')).toBe(
      'plan.csv:3: "Licence total" gives £5,000 with no unit cost, as a subtotal would, but the lines above it add up to £1,000; if it is a cost, give its quantity and unit cost (1 × £5,000); if it is a subtotal, call it "Subtotal" and check its figure',
    );
    expect(refused(BLOCKS.replace('Resources total,,,,"1,000"', 'Resources total,,,,"1,100"'))).toBe(
      'plan.csv:8: "Resources total" gives £1,100 with no unit cost, as a subtotal would, but the lines since the subtotal on line 5 add up to £1,000 and every line above it to £19,875; if it is a cost, give its quantity and unit cost (1 × £1,100); if it is a subtotal, call it "Subtotal" and check its figure',
    );
    // Priced, it is a cost.
    expect(items(plan('item,quantity,unit_cost,total\nVisits,4,250,1000\nLicence total,1,5000,5000\n'))).toEqual(['Visits 1000', 'Licence total 5000']);
  });

  it('a "Total …" line may be the total of every line above it, not only of its block', () => {
    const read = plan(`${BLOCKS.replace('Total,,,,"19,875"', 'Total staffing and resources,,,,"19,875"')}\n`);
    expect(read.plan.total.toFixed()).toBe('19875');
    expect(said(read)).toHaveLength(1);
  });

  it('a line with a description and no figure is still an error', () => {
    expect(refused(BLOCKS.replace('Licences,,10,100,"1,000"', 'Licences,ten at £100,,,'))).toBe('plan.csv:7: "Licences" has neither quantity × unit cost nor a total; give one');
  });

  it('a heading with no line of figures below it (a line whose figure was left out) is still an error', () => {
    // The last line before the Total, and the last line of the file.
    expect(refused('Item,Total\nVisits,100\nConsultancy,\nTotal,100\n')).toBe('plan.csv:3: "Consultancy" has neither quantity × unit cost nor a total; give one');
    expect(refused('Item,Total\nVisits,100\nConsultancy,\n')).toMatch(/^plan\.csv:3: "Consultancy" has neither/);
    expect(refused('Item,Total\nStaffing,\nSubtotal,0\n')).toMatch(/^plan\.csv:2: "Staffing" has neither/);
    // `less:` alone is a line taken off with its figure missing, never a heading.
    expect(refused('Item,Total\nLess: grant,\nVisits,100\n')).toMatch(/^plan\.csv:2: "Less: grant" has neither/);
  });

  it('an item with the word total and a unit cost is a cost, not a subtotal', () => {
    const read = plan('Item,Quantity,Unit cost,Total\nTotal Communication training,2,250,500\nVisits,1,100,100\n');
    expect(items(read)).toEqual(['Total Communication training 500', 'Visits 100']);
    expect(read.diagnostics).toEqual([]);
  });

  it('a workbook names its heading and subtotal rows by sheet and row', () => {
    const inline = (t: string) => ` t="inlineStr"><is><t>${t}</t></is>`;
    const n = (v: string) => `><v>${v}</v>`;
    const book = handWorkbook([{ name: 'Costs', rows: [[inline('Item'), inline('Total')], [inline('Staffing')], [inline('Visits'), n('100')], [inline('Sub-total'), n('90')]] }]);
    const read = costPlanFrom(book, 'plan.xlsx');
    expect(read.plan.total.toFixed()).toBe('100');
    expect(said(read)).toEqual([
      'plan.xlsx: sheet "Costs": row 2 is a heading, not a cost line, and is not read: "Staffing"',
      'plan.xlsx: sheet "Costs" row 4: the subtotal "Sub-total" gives £90 but the rows above it add up to £100; a subtotal is checked, never counted',
    ]);
  });
});

describe('lines below the Total line', () => {
  const HEAD = 'Item,Quantity,Unit cost,Total\nVisits,10,250,\nLicences,,,"1,000"\n';

  it('a cost below a Total that is the lines above it is refused: it was counted, the Total said to be wrong', () => {
    // Read before as £3,550 with "the Total line gives £3,500 but the lines add up to £3,550".
    expect(refused(`${HEAD}Total,,,"3,500"\nCatering,1,50,\n`)).toBe(
      'plan.csv:5: "Catering" comes after the Total line (line 4), whose \u00a33,500 is the lines above it, so it is in no total the plan shows; if it is a cost, move it above the Total line and correct the Total; if it is not, delete it',
    );
  });

  it('less: lines below a gross Total make the net, with no warning that the Total differs', () => {
    const read = plan(`${HEAD}Total,,,"3,500"\nless: grant,,,500\n`);
    expect(read.plan.total.toFixed()).toBe('3000');
    expect(said(read)).toEqual([]);
  });

  it('a lump sum that is exactly the lines above it, under another name than Total (Sum, Overall), is asked about: counted, it doubled the target', () => {
    expect(refused(`${HEAD}Sum,,,"3,500"\n`)).toBe(
      'plan.csv:4: "Sum" gives \u00a33,500, exactly the lines above it: if it is their total, call it "Total" (it is then checked, never counted); if it is a cost, give its quantity and unit cost (1 \u00d7 \u00a33,500)',
    );
    // Priced as a cost (1 × £3,500), or any other figure, it is a cost.
    expect(plan(`${HEAD}Overall,1,"3,500",\n`).plan.total.toFixed()).toBe('7000');
    expect(plan(`${HEAD}Catering,,,"3,400"\n`).plan.total.toFixed()).toBe('6900');
  });

  it('a Total that is every line, those below it too, or that is neither, is checked as before', () => {
    expect(plan(`${HEAD}Total,,,"3,550"\nCatering,1,50,\n`).plan.total.toFixed()).toBe('3550');
    const wrong = plan(`${HEAD}Total,,,"3,400"\nCatering,1,50,\n`);
    expect(said(wrong)).toEqual(['plan.csv:4: the Total line gives \u00a33,400 but the lines add up to \u00a33,550']);
  });
});

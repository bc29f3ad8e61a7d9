import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../src/core/decimal.js';
import { monthsBefore } from '../../src/core/convert.js';
import { readMonth } from '../../src/io/plan.js';
import { runInProcess } from '../helpers/run.js';

// Sutton 2024/25 (fixtures/paper): £50,837 solved over 9,968 pupils, to the penny, footed.
// Devonshire Primary (638 pupils) converts on 1 January, Hackbridge Primary (709) on 1 September.
const CENSUS = 'fixtures/paper/census-2024.csv';
const PLAN = ['-c', 'fixtures/paper/proposal-2024.json', '--convert', '900104=January', '--convert', '900107=Sept'];
const csv = (text: string) => text.trim().split('\n').map((l) => l.split(','));

/** The fixture's proposal with a `convert` list, written to a folder of its own (its cost plan named absolutely): its path. */
function proposalConverting(convert: { urn: string | number; month: string | number }[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'dedel-convert-'));
  const config = JSON.parse(readFileSync('fixtures/paper/proposal-2024.json', 'utf8'));
  config.services[0].costs = resolve('fixtures/paper/costs-2024.csv');
  config.convert = convert;
  writeFileSync(join(dir, 'p.json'), JSON.stringify(config));
  return join(dir, 'p.json');
}

describe('what if schools convert', () => {
  // A target of £1,000.50 was printed as 1,001 in every format, JSON too: a figure that was not the target.
  it('--by rate gives a target in pence as it is, in every format', async () => {
    const census = ['URN,School,Status,Phase,NOR', '1,Ash,Community,Primary,200', '2,Elm,Community,Secondary,150'].join('\n');
    const plan = ['--target', '1000.50', '--convert', '2=January', '--by', 'rate', '-q'];
    const byRate = await runInProcess(['convert', '-', ...plan, '-f', 'csv'], { stdin: census });
    expect(csv(byRate.stdout).find((row) => row[1] === 'all')?.[2]).toBe('1000.50');
    const json = JSON.parse((await runInProcess(['convert', '-', ...plan, '-f', 'json'], { stdin: census })).stdout);
    expect(json.rows.find((row: { phase: string }) => row.phase === 'all').target).toBe('1000.50');
    const md = await runInProcess(['convert', '-', ...plan, '-f', 'md'], { stdin: census });
    expect(md.stdout).toMatch(/\| De-delegation \| All \| 1,000\.50 \|/);
  });

  it('gives this year where the full year after cannot be worked: the only secondary school converting left its target to no school, and convert failed where allocate did not', async () => {
    const census = ['URN,School,Status,Phase,NOR', '1,Ash,Community,Primary,200', '2,Elm,Community,Secondary,150'].join('\n');
    const plan = ['--target', 'primary=1000', '--target', 'secondary=900', '--convert', '2=January'];
    expect((await runInProcess(['allocate', '-', ...plan, '-f', 'csv', '-q'], { stdin: census })).code).toBe(0);
    const bySchool = await runInProcess(['convert', '-', ...plan, '-f', 'csv', '-q'], { stdin: census });
    expect(bySchool.code).toBe(0);
    // Elm pays £900 for its 9 months at £8.00 a pupil, the rate solved again this year.
    expect(bySchool.stdout.split('\n')[1]).toBe('2,Elm,De-delegation,January,900,9,900,3,0');
    const byRate = await runInProcess(['convert', '-', ...plan, '--by', 'rate', '-f', 'csv', '-q'], { stdin: census });
    expect(byRate.code).toBe(0);
    expect(byRate.stdout.split('\n').slice(1, 3)).toEqual(['De-delegation,primary,1000,5.00,200,5.00,200,1000,,,', 'De-delegation,secondary,900,6.00,150,8.00,112.5,900,,,']);
    const md = await runInProcess(['convert', '-', ...plan, '--by', 'rate', '-f', 'md', '-q'], { stdin: census });
    expect(md.stdout).toContain('*A full year after, without the converting schools, cannot be worked, and its columns are empty: service "De-delegation": phase secondary has a target of 900');
  });

  it('leaves a school converting on 1 April out of the charge, as a months cell of 0 is, while the buy-back schedule still prices it', async () => {
    // It was listed at £0 with its 421 pupils in the Total's NOR, so the Total's per pupil fell below the rate paid.
    const april = ['-c', 'fixtures/paper/proposal-2024.json', '--convert', '900101=April'];
    const rows = csv((await runInProcess(['allocate', CENSUS, ...april, '--all', '-f', 'csv', '-q'])).stdout);
    const school = rows.find((r) => r[0] === '900101')!;
    expect([school[5], school.at(-1)]).toEqual(['', 'converts 1 April (months 0)']);
    const total = rows.find((r) => r[1] === 'Total')!;
    expect(total[4]).toBe(String(9968 - 421));
    const schedule = csv((await runInProcess(['buy-back', CENSUS, ...april, '-f', 'csv', '-q'])).stdout);
    expect(schedule.find((r) => r[0] === '900101')?.[5]).toBe('1307');
    const converted = csv((await runInProcess(['convert', CENSUS, ...april, '-f', 'csv', '-q'])).stdout);
    expect(converted.find((r) => r[0] === '900101')!.slice(4)).toEqual(['2147', '0', '0', '12', '2147', '1307']);
    const warned = await runInProcess(['allocate', CENSUS, ...april, '-f', 'csv']);
    expect(warned.stderr).not.toMatch(/changes nothing/);
  });

  it('counts the months of the financial year before a conversion', () => {
    expect([4, 5, 9, 12, 1, 3].map(monthsBefore)).toEqual([0, 1, 5, 8, 9, 11]);
    expect(['January', 'jan', 'Sept', 'sep', '9', 'MARCH'].map(readMonth)).toEqual([1, 1, 9, 9, 9, 3]);
    expect(['ja', '13', '0', 'Smarch'].map(readMonth)).toEqual([null, null, null, null]);
  });

  // An academy order's date, as a letter or a spreadsheet writes it: each was "expects URN=MONTH".
  it('reads the date a school converts on, the 1st of its month, as that month; another day is asked about', async () => {
    expect(['1/1/2025', '01-01-2025', '2025-01-01', '1 January 2025', '1st Sept', 'January 2025', 'Jan-25', '1-Apr'].map(readMonth)).toEqual([1, 1, 1, 1, 9, 1, 1, 4]);
    expect(['15/01/2025', '2025-01-15', '31/13/2025', '1/1'].map(readMonth)).toEqual([null, null, null, null]);
    const run = await runInProcess(['convert', CENSUS, '--rate', '5.10', '--convert', '900101=15/01/2025', '-f', 'csv']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'dedel: error: --convert expects URN=MONTH, such as 100001=January (the month the school converts); got "900101=15/01/2025"; "15/01/2025" is the 15th of its month, and dedel charges whole months: give the month whose 1st the school converts on\n',
    );
  });

  it('charges two converting schools pro rata, and what is lost is what was planned less what is charged', async () => {
    const run = await runInProcess(['convert', CENSUS, ...PLAN, '-f', 'csv', '-q']);
    expect(run.code).toBe(0);
    const [header, ...rows] = csv(run.stdout);
    // The proposal's academies buy the service back: the months after are bought back, as paper's buy-back schedule prices them.
    expect(header).toEqual(['urn', 'school', 'service', 'converts', 'planned', 'months_charged', 'charged', 'months_after', 'lost', 'bought_back']);
    // As planned, at £5.10: 638 × 5.10 = £3,253.80 and 709 × 5.10 = £3,615.90, as allocate prints them
    // without the conversions. The rate the rest need this year is £5.41 (see below): 638 × 5.41 × 9/12
    // = £2,588.685 and 709 × 5.41 × 5/12 = £1,598.2042, as allocate prints them with the conversions.
    // Lost is the difference, so each row and the Total reconcile (not the months after at £5.41,
    // £863 and £2,237, which made Devonshire £3,452 against the £3,254 planned).
    const devonshire = rows.find((r) => r[0] === '900104')!;
    const hackbridge = rows.find((r) => r[0] === '900107')!;
    const total = rows.find((r) => r[1] === 'Total')!;
    expect(devonshire.slice(3)).toEqual(['January', '3254', '9', '2589', '3', '665', '863']);
    expect(hackbridge.slice(3)).toEqual(['September', '3616', '5', '1598', '7', '2018', '2237']);
    expect(total.slice(4)).toEqual(['6870', '', '4187', '', '2683', '3100']);
    for (const row of [devonshire, hackbridge, total]) expect(new Dec(row[6]!).plus(row[8]!).toFixed()).toBe(row[4]);
    const [planned, converted] = [await runInProcess(['allocate', CENSUS, '-c', 'fixtures/paper/proposal-2024.json', '-f', 'csv', '-q']), await runInProcess(['allocate', CENSUS, ...PLAN, '-f', 'csv', '-q'])];
    const amount = (out: string, urn: string) => csv(out).find((r) => r[0] === urn)!.at(-3);
    expect([amount(planned.stdout, '900104'), amount(converted.stdout, '900104')]).toEqual(['3254', '2589']);
    // A rate given: lost is the months after at that rate, footed with the charge.
    const given = await runInProcess(['convert', CENSUS, '--rate', '5.10', '--convert', '900104=January', '-f', 'csv', '-q']);
    expect(csv(given.stdout)[1]!.slice(4)).toEqual(['3254', '9', '2440', '3', '814']);
  });

  it('gives what the months after are bought back for where the proposal’s academies buy back, the figure paper prints in its buy-back schedule', async () => {
    const run = await runInProcess(['convert', CENSUS, ...PLAN, '-f', 'csv', '-q']);
    const bought = Object.fromEntries(csv(run.stdout).slice(1, -1).map((r) => [r[0], r[9]]));
    const paper = await runInProcess(['paper', 'fixtures/paper/proposal-2024.json', '--convert', '900104=January', '--convert', '900107=Sept', '-q']);
    const text = paper.stdout.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');
    expect(bought).toEqual({ '900104': '863', '900107': '2237' });
    expect(text).toContain('900104 Devonshire Primary School Academy Primary 638 863 863');
    expect(text).toContain('900107 Hackbridge Primary School Academy Primary 709 2,237 2,237');
    // explain gives the same price, with its working, after the school's own charge.
    const explain = await runInProcess(['explain', CENSUS, '900104', ...PLAN, '-f', 'json', '-q']);
    expect(JSON.parse(explain.stdout).buy_back).toMatchObject({ total: '863', months: '3' });
    // Without a buy-back schedule for academies, the months after are lost: no bought_back column.
    const lost = await runInProcess(['convert', CENSUS, '--rate', '5.10', '--convert', '900104=January', '-f', 'csv', '-q']);
    expect(csv(lost.stdout)[0]!.at(-1)).toBe('lost');
  });

  it('buys a school converting before the schedule starts back for the schedule\'s months only, as every academy', async () => {
    // The proposal buys back 7 months (September to March). Converting on 1 June leaves 10 months
    // after; it was bought back for all 10, more than an academy all year pays.
    const june = [...PLAN.slice(0, 2), '--convert', '900104=June'];
    const run = await runInProcess(['convert', CENSUS, ...june, '-f', 'csv', '-q']);
    const row = csv(run.stdout)[1]!;
    expect(row.slice(7, 8)).toEqual(['10']);
    const explain = await runInProcess(['explain', CENSUS, '900104', ...june, '-f', 'json', '-q']);
    const price = JSON.parse(explain.stdout).buy_back;
    expect(price.months).toBe('7');
    // convert's bought_back is the schedule's price, as explain works it.
    expect(price.total).toBe(row[9]);
    const schedule = await runInProcess(['buy-back', CENSUS, ...june, '-f', 'md', '-q']);
    expect(schedule.stdout).toContain('Devonshire Primary School from 1 June (7 months, the schedule\'s last 7 of its 10 months after)');
    // Converting on 1 January, its 3 months after all fall in the schedule's months.
    const january = await runInProcess(['explain', CENSUS, '900104', ...PLAN, '-f', 'json', '-q']);
    expect(JSON.parse(january.stdout).buy_back.months).toBe('3');
  });

  it('states a target solved across phases once in the footnotes, not once per phase for a reader to add up twice', async () => {
    const run = await runInProcess(['convert', CENSUS, ...PLAN, '-f', 'md', '-q']);
    expect(run.stdout).toContain('*School Improvement: to recover £50,837 the maintained schools left need £5.41 per pupil this year and £5.90 for a full year after (planned £5.10).*');
    expect(run.stdout.match(/£50,837/g)).toHaveLength(1);
    expect(run.stdout).not.toContain('share of');
    // Weighted phases have rates of their own: each in the one sentence.
    const weighted = await runInProcess(['convert', CENSUS, ...PLAN, '--weight', 'primary=1', '--weight', 'secondary=2', '-f', 'md', '-q']);
    expect(weighted.stdout).toContain(
      '*School Improvement: to recover £50,837 the maintained schools left need primary £4.42, secondary £8.84 per pupil this year and primary £4.74, secondary £9.48 for a full year after (planned primary £4.21, secondary £8.42).*',
    );
    expect(weighted.stdout.match(/£50,837/g)).toHaveLength(1);
  });

  it('gives the rate the remaining schools need, this year and a full year after, and it recovers the target within the rounding', async () => {
    const run = await runInProcess(['convert', CENSUS, ...PLAN, '--by', 'rate', '-f', 'csv', '-q']);
    expect(run.code).toBe(0);
    const [header, ...all] = csv(run.stdout);
    const at = (key: string) => header!.indexOf(key);
    // One target across the phases is stated once, on the service's All row, never once per phase to be added up.
    expect(all.map((r) => [r[0], r[1], r[at('target')], r[at('rate_planned')], r[at('rate_this_year')], r[at('rate_full_year')]])).toEqual([
      ['School Improvement', 'primary', '', '5.10', '5.41', '5.90'],
      ['School Improvement', 'secondary', '', '5.10', '5.41', '5.90'],
      ['School Improvement', 'all', '50837', '', '', ''],
    ]);
    const rows = all.filter((r) => r[1] !== 'all');
    const total = all.find((r) => r[1] === 'all')!;
    for (const key of ['units_planned', 'units_this_year', 'recovered_this_year', 'units_full_year', 'recovered_full_year']) {
      expect(rows.reduce((s, r) => s.plus(r[at(key)]!), new Dec(0)).toDecimalPlaces(4).toFixed(), key).toBe(new Dec(total[at(key)]!).toFixed());
    }
    const target = new Dec(50837);
    const half = new Dec('0.005');
    for (const [rate, units] of [
      ['rate_this_year', 'units_this_year'],
      ['rate_full_year', 'units_full_year'],
    ] as const) {
      const allUnits = rows.reduce((s, r) => s.plus(r[at(units)]!), new Dec(0));
      // This year: 9,968 − 638 × 3/12 − 709 × 7/12 = 9,394.9167 units; a full year after: 8,621.
      expect(allUnits.toDecimalPlaces(4).toFixed()).toBe(rate === 'rate_this_year' ? '9394.9167' : '8621');
      const recovered = new Dec(rows[0]![at(rate)]!).times(allUnits);
      // The rate is rounded to the penny: rate × units is within half a penny per unit of the target.
      expect(recovered.minus(target).abs().lessThanOrEqualTo(half.times(allUnits))).toBe(true);
    }
  });

  it('charges the converting schools pro rata in allocate too, and reads the list from the config', async () => {
    const run = await runInProcess(['allocate', CENSUS, ...PLAN, '-f', 'csv', '-q']);
    const rows = csv(run.stdout);
    const devonshire = rows.find((r) => r[0] === '900104')!;
    expect(Math.abs(Number(devonshire.at(-2 - 0 - 1)) - 2588.685)).toBeLessThanOrEqual(1);
    const proposal = proposalConverting([{ urn: '900104', month: 'January' }, { urn: '900107', month: 'September' }]);
    const fromConfig = await runInProcess(['convert', resolve(CENSUS), '-c', proposal, '-f', 'csv', '-q']);
    const fromFlags = await runInProcess(['convert', CENSUS, ...PLAN, '-f', 'csv', '-q']);
    expect(fromConfig.stdout).toBe(fromFlags.stdout);
  });

  it('refuses a URN not in the census, a bad month, and no conversions', async () => {
    const missing = await runInProcess(['convert', CENSUS, '-c', 'fixtures/paper/proposal-2024.json', '--convert', '999999=May']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no school with URN 999999 in the census');
    const bad = await runInProcess(['convert', CENSUS, '-c', 'fixtures/paper/proposal-2024.json', '--convert', '900104=Smarch']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--convert expects URN=MONTH');
    expect((await runInProcess(['convert', CENSUS, '-c', 'fixtures/paper/proposal-2024.json'])).code).toBe(2);
  });

  it('refuses one URN given two months by --convert, which took the last unseen; the same month twice, or a flag over the config, is one', async () => {
    const twice = await runInProcess(['allocate', CENSUS, '-c', 'fixtures/paper/proposal-2024.json', '--convert', '900104=January', '--convert', '900104=feb']);
    expect(twice.code).toBe(2);
    expect(twice.stdout).toBe('');
    expect(twice.stderr).toBe('dedel: error: --convert gives URN 900104 two months, January and February; give one\n');
    const same = await runInProcess(['allocate', CENSUS, ...PLAN, '--convert', '900104=jan', '-f', 'csv', '-q']);
    expect(same.stdout).toBe((await runInProcess(['allocate', CENSUS, ...PLAN, '-f', 'csv', '-q'])).stdout);
    const proposal = proposalConverting([{ urn: '900104', month: 'January' }]);
    expect((await runInProcess(['allocate', resolve(CENSUS), '-c', proposal, '--convert', '900104=May', '-q'])).code).toBe(0);
  });

  it('warns that converting a school the plan does not charge (already an academy) changes nothing', async () => {
    const run = await runInProcess(['convert', CENSUS, '-c', 'fixtures/paper/proposal-2024.json', '--convert', '900123=January', '-f', 'csv']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('urn,school,service,converts,planned,months_charged,charged,months_after,lost,bought_back\n,Total,,,0,,0,,0,0\n');
    expect(run.stderr).toContain('warning: Greenshaw Park Primary School (900123) is not charged as planned (academy), so converting it changes nothing; check the URN given');
    const charged = await runInProcess(['convert', CENSUS, ...PLAN, '-f', 'csv']);
    expect(charged.stderr).not.toContain('changes nothing');
  });

  it('says so once in every command that takes --convert: allocate printed an academy’s conversion without a word', async () => {
    const warning = 'Greenshaw Park Primary School (900123) is not charged as planned (academy), so converting it changes nothing';
    const plan = ['-c', 'fixtures/paper/proposal-2024.json', '--convert', '900123=January'];
    for (const args of [['allocate', CENSUS, ...plan, '-f', 'csv'], ['rates', CENSUS, ...plan, '-f', 'csv'], ['explain', CENSUS, '900101', ...plan], ['convert', CENSUS, ...plan, '-f', 'csv'], ['paper', 'fixtures/paper/proposal-2024.json', '--convert', '900123=January']]) {
      const run = await runInProcess(args);
      expect(run.code, args.join(' ')).toBe(0);
      expect(run.stderr.split(warning).length - 1, args.join(' ')).toBe(1);
    }
  });

  // Typed by hand as JSON numbers, each was "expected string, received number".
  it('reads a convert list whose URN and month are written as numbers, or the month as a date', async () => {
    const written = await runInProcess(['convert', CENSUS, '-c', proposalConverting([{ urn: '900104', month: 'January' }]), '-f', 'csv', '-q']);
    for (const convert of [[{ urn: 900104, month: 1 }], [{ urn: '900104', month: '2025-01-01' }]]) {
      const run = await runInProcess(['convert', CENSUS, '-c', proposalConverting(convert), '-f', 'csv', '-q']);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toBe(written.stdout);
    }
  });

  it("names the config file when a URN in its convert list is not in the census, as the config's other errors do", async () => {
    const proposal = proposalConverting([{ urn: '900104', month: 'January' }, { urn: '999999', month: 'May' }]);
    const run = await runInProcess(['allocate', CENSUS, '-c', proposal, '-q']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`dedel: error: ${proposal}: at convert[1]: no school with URN 999999 in the census, to convert\n`);
  });
  // convert listed --check-total among its checks and passed it by: a script's check never failed.
  it('--check-total checks the Total charged with the conversions, as allocate --convert prints it, by either view', async () => {
    const allocated = await runInProcess(['allocate', CENSUS, ...PLAN, '-f', 'csv', '-q']);
    expect(allocated.stdout.trim().split('\n').at(-1)).toBe(',Total,,,9968,50826,50826,5.10');
    for (const by of ['school', 'rate']) {
      const wrong = await runInProcess(['convert', CENSUS, ...PLAN, '--by', by, '--check-total', '50837', '-f', 'csv']);
      expect(wrong.code, by).toBe(3);
      expect(wrong.stdout, by).toBe('');
      expect(wrong.stderr, by).toBe('dedel: error: check failed: expected a Total of \u00a350,837, but the Total charged with the conversions (as allocate --convert prints it) is \u00a350,826\n');
      const right = await runInProcess(['convert', CENSUS, ...PLAN, '--by', by, '--check-total', '50826', '-f', 'csv', '-q']);
      expect(right.code, by).toBe(0);
      expect(right.stdout, by).not.toBe('');
    }
  });
});

describe('flags that shape only a table of every school’s charges', () => {
  // convert and buy-back took --months, --labels and --all (convert) and printed as if none were given.
  it('are refused by convert and buy-back, and left out of their help', async () => {
    const refused = [
      ['convert', CENSUS, ...PLAN, '--months', '5,7'],
      ['convert', CENSUS, ...PLAN, '--labels', 'De-delegated,Buy-back'],
      ['convert', CENSUS, ...PLAN, '--all'],
      ['buy-back', 'fixtures/proposal/census.csv', '-c', 'fixtures/proposal/dedel.json', '--months', '5,7'],
      ['buy-back', 'fixtures/proposal/census.csv', '-c', 'fixtures/proposal/dedel.json', '--labels', 'A,B'],
    ];
    for (const args of refused) {
      const run = await runInProcess([...args, '-f', 'csv']);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(new RegExp(`^dedel: error: ${args.at(-1) === '--all' ? '--all' : args.at(-2)} .*\\n$`));
    }
    expect((await runInProcess(['buy-back', 'fixtures/proposal/census.csv', '-c', 'fixtures/proposal/dedel.json', '--all', '-f', 'csv', '-q'])).code).toBe(0);
    const help = (await runInProcess(['convert', '--help'])).stdout;
    expect(help).not.toMatch(/--months|--labels|--all(?!-)/);
    expect((await runInProcess(['buy-back', '--help'])).stdout).not.toMatch(/--months|--labels/);
  });
});

// A date's month alone was read: `2025-04-01` in a 2024/25 paper charged a school maintained all year nothing.
describe('conversion dates written with a year', () => {
  const census = 'URN,School,Status,Phase,NOR\n1,A Pri,Community,Primary,100\n2,B Sec,Community,Secondary,500\n';

  it('are held to the proposal\'s year where it gives one', async () => {
    const outside = await runInProcess(['paper', 'fixtures/paper/proposal-2024.json', '--convert', '900104=2025-04-01', '-q']);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toBe('dedel: error: --convert: URN 900104 converts on "2025-04-01", in 2025/26, not 2024/25 (1 April 2024 to 31 March 2025): the school is maintained all of 2024/25: leave it out of the conversions\n');
    const before = await runInProcess(['paper', 'fixtures/paper/proposal-2024.json', '--convert', '900104=1/9/2023', '-q']);
    expect(before.stderr).toContain('in 2023/24, not 2024/25 (1 April 2024 to 31 March 2025): the school converted before 2024/25 began: it is an academy in this year\'s census, not converting');
    const inside = await runInProcess(['paper', 'fixtures/paper/proposal-2024.json', '--convert', '900104=2025-01-01', '-q']);
    expect(inside.code, inside.stderr).toBe(0);
  });

  it('are held to one year between them where the proposal gives none, and a month alone is taken as it is', async () => {
    const two = await runInProcess(['convert', '-', '--rate', '10', '--convert', '1=2026-04-01', '--convert', '2=2026-01-01', '-f', 'csv'], { stdin: census });
    expect(two.code).toBe(2);
    expect(two.stderr).toBe('dedel: error: conversion dates fall in two financial years: URN 1 on "2026-04-01" (2026/27), URN 2 on "2026-01-01" (2025/26); a run charges one year: give the dates of one year, or its months alone\n');
    const one = await runInProcess(['convert', '-', '--rate', '10', '--convert', '1=1 January 2026', '--convert', '2=Jan-26', '-f', 'csv', '-q'], { stdin: census });
    expect(one.code, one.stderr).toBe(0);
    const months = await runInProcess(['convert', '-', '--rate', '10', '--convert', '1=April', '--convert', '2=2026-01-01', '-f', 'csv', '-q'], { stdin: census });
    expect(months.code, months.stderr).toBe(0);
  });

  // `2026-04-01` for a run of 2025/26 read as April: the school was charged nothing, with no word.
  it('say of a dated 1 April with no proposal year that the school is charged no months of the year it begins', async () => {
    const dated = await runInProcess(['convert', '-', '--rate', '10', '--convert', '1=2026-04-01', '-f', 'csv'], { stdin: census });
    expect(dated.code, dated.stderr).toBe(0);
    expect(dated.stderr).toBe('dedel: warning: A Pri (1) converts on 1 April, the first day of 2026/27, so it is charged no months of that year; if this run is for the year before, it is maintained all of it: leave it out of the conversions\n');
    const month = await runInProcess(['convert', '-', '--rate', '10', '--convert', '1=April', '-f', 'csv'], { stdin: census });
    expect(month.stderr).toBe('');
  });
});

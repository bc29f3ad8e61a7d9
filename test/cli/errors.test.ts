import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBin } from '../helpers/bin.js';
import { runCli } from '../helpers/run.js';

const LANCS = 'fixtures/lancashire/census.csv';
const ZERO_SECONDARY = 'URN,School,Status,Phase,NOR\n1,Alpha Primary,Community,Primary,100\n2,Beta High,Community,Secondary,0\n';

function temp(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'dedel-issue3-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

interface Case {
  what: string;
  args: string[];
  input?: string;
  cwd?: () => string;
  message: string;
  /** 2 where the bad value is a flag's (README: a bad flag value is bad usage). */
  code?: number;
  /** Run through the built bin, the census on a real pipe; the rest run in process (runCli). */
  bin?: true;
}

const CASES: Case[] = [
  {
    what: 'a zero basis total for a phase with a target',
    bin: true,
    args: ['rates', '-', '--target', 'primary=100', '--target', 'secondary=50'],
    input: ZERO_SECONDARY,
    message: 'dedel: error: service "De-delegation": phase secondary has a target of 50 but the nor total of the schools it charges in that phase is 0\n',
  },
  {
    what: 'a phase with a target but no schools charged in it (missing basis total)',
    args: ['allocate', LANCS, '--target', 'primary=725000', '--target', 'secondary=435000', '--phases', 'primary'],
    message: 'phase secondary has a target of 435000 but the nor total of the schools it charges in that phase is 0',
  },
  {
    what: 'a zero basis total for one target',
    args: ['rates', '-', '--target', '1000', '--phases', 'secondary'],
    input: ZERO_SECONDARY,
    message: 'the nor total of the schools it charges is 0, so no rate recovers the target of 1000',
  },
  {
    what: 'a basis the census does not have, for a service with a target',
    args: ['rates', LANCS, '--target', '1000', '--basis', 'fsm'],
    message: 'no column for fsm, the basis of service "De-delegation"',
  },
  {
    what: 'a blank basis for a school charged towards a target',
    args: ['rates', '-', '--target', '1000'],
    input: 'URN,School,Status,Phase,NOR\n1,Alpha Primary,Community,Primary,\n',
    message: '<stdin>:2: column "NOR": value "": NOR is blank for a school that is charged on it',
  },
  {
    what: 'a charged phase with no target of its own',
    args: ['rates', LANCS, '--target', 'primary=725000'],
    message: 'no target for phase secondary, which it charges',
  },
  {
    what: 'a negative amount to split',
    args: ['split', 'School Improvement=-149600', '--months', '5,7'],
    message: 'dedel: error: amount 1, "School Improvement=-149600": a negative amount; amounts to split must be 0 or more\n',
  },
  {
    what: 'an amount to split that is not a number',
    args: ['split', 'School Improvement=lots', '--months', '5,7'],
    message: 'amount 1, "School Improvement=lots": not a number',
  },
  {
    what: 'a negative amount in a cost plan',
    args: ['costs', '-'],
    input: 'item,quantity,unit_cost\nVisits,66,-250\n',
    message: 'dedel: error: <stdin>:2: column "unit_cost": value "-250": a negative amount; expected a number of 0 or more\n',
  },
  {
    what: 'a credit typed as a negative total in a cost plan, which says how to take it off',
    args: ['costs', '-'],
    input: 'item,quantity,unit_cost,total\nVisits,66,250,\nCredit note,,,-500\n',
    message: 'dedel: error: <stdin>:3: column "total": value "-500": a negative amount; expected a number of 0 or more; to take an amount off, give it as 0 or more on a line whose item starts "less:" (less: Credit note)\n',
  },
  {
    // Spreadsheets write a deduction with a minus sign or in brackets; on a "less:" line it said only "a negative amount".
    what: 'a "less:" line with a negative amount, which is taken off already',
    args: ['costs', '-'],
    input: 'item,total\nVisits,"£10,000"\nLess: traded income,"-£5,000"\n',
    message: 'dedel: error: <stdin>:3: column "total": value "-£5,000": a negative amount; expected a number of 0 or more; a "less:" line is taken off already: give the amount taken off as 0 or more (£5,000)\n',
  },
  {
    what: 'a "less:" line with its amount in accounting brackets',
    args: ['costs', '-'],
    input: 'item,total\nVisits,"£10,000"\nLess: grant,"(£2,000)"\n',
    message: 'dedel: error: <stdin>:3: column "total": value "(£2,000)": not a number; expected a number of 0 or more; a "less:" line is taken off already: give the amount taken off as 0 or more (£2,000)\n',
  },
  {
    what: 'a rate in pence in a config, which says what it is in pounds',
    args: ['rates', LANCS, '-c', 'dedel.json'],
    cwd: () => temp({ 'dedel.json': JSON.stringify({ services: [{ name: 'SI', rate: '510p' }] }) }),
    message: 'at services[0].rate: value "510p": expected a decimal of 0 or more, such as "5.10"; amounts are in pounds: 510p is 5.1',
  },
  {
    what: 'a vote written as the minutes write it, which says it with its counts named',
    args: ['decisions', '-c', 'dedel.json'],
    cwd: () => temp({ 'dedel.json': JSON.stringify({ services: [{ name: 'SI', rate: '5', decisions: { primary: { decision: 'de-delegate', vote: '6-1-0' } } }] }) }),
    message: 'at services[0].decisions.primary.vote: value "6-1-0": a vote is written with its counts named: { "for": 6, "against": 1, "abstain": 0 }',
  },
  {
    what: 'a vote\'s count in quotes, which says to write the number',
    args: ['decisions', '-c', 'dedel.json'],
    cwd: () => temp({ 'dedel.json': JSON.stringify({ services: [{ name: 'SI', rate: '5', decisions: { primary: { decision: 'de-delegate', vote: { for: '6', against: 1 } } } }] }) }),
    message: 'at services[0].decisions.primary.vote.for: value "6": a count is a number, written without quotes: 6',
  },
  // Each was zod's own words: "Invalid input: expected array, received string" and the like.
  {
    what: 'a list written as one text in a config, which says it as a list',
    args: ['rates', LANCS, '-c', 'dedel.json'],
    cwd: () => temp({ 'dedel.json': JSON.stringify({ services: [{ name: 'SI', rate: '5' }], charge: { phases: 'primary, secondary' } }) }),
    message: 'at charge.phases: value "primary, secondary": a list, written in square brackets: ["primary", "secondary"]',
  },
  {
    what: 'one service where the list of services goes',
    args: ['rates', LANCS, '-c', 'dedel.json'],
    cwd: () => temp({ 'dedel.json': JSON.stringify({ services: { name: 'SI', rate: '5' } }) }),
    message: 'at services: one item where a list goes: write it in square brackets, [ { \u2026 } ]',
  },
  {
    what: 'a number in quotes, and text written as a number',
    args: ['rates', LANCS, '-c', 'dedel.json'],
    cwd: () => temp({ 'dedel.json': JSON.stringify({ title: 2025, services: [{ name: 'SI', rate: '5', decisions: { primary: { decision: 'de-delegate', years: '2' } } }] }) }),
    message: 'at title: value 2025: text, written in quotes: "2025"\ndedel: error: dedel.json: at services[0].decisions.primary.years: value "2": a number, written without quotes: 2',
  },
  {
    what: 'a period\'s months written as twelfths in a config, which says the months to write',
    args: ['rates', LANCS, '-c', 'dedel.json'],
    cwd: () => temp({ 'dedel.json': JSON.stringify({ services: [{ name: 'SI', rate: '5' }], periods: [{ name: 'Apr-Aug', months: '5/12' }, { name: 'Sep-Mar', months: '7' }] }) }),
    message: 'at periods[0].months: value "5/12": expected a decimal of 0 or more, such as "5.10"; 5/12 of the year is 5 months: write "5"',
  },
  {
    what: 'a target in millions in a config, which says what it is in pounds',
    args: ['rates', LANCS, '-c', 'dedel.json'],
    cwd: () => temp({ 'dedel.json': JSON.stringify({ services: [{ name: 'SI', target: '\u00a31.2m' }] }) }),
    message: 'at services[0].target: value "\u00a31.2m": expected a decimal of 0 or more, such as "5.10"; dedel reads no k or m for thousands or millions: write \u00a31.2m as 1200000',
  },
  {
    what: 'a negative target in a config',
    args: ['rates', LANCS, '-c', 'dedel.json'],
    cwd: () => temp({ 'dedel.json': JSON.stringify({ services: [{ name: 'SI', target: '-5' }] }) }),
    message: 'at services[0].target',
  },
  {
    what: 'months above 12',
    args: ['split', 'A=1200', '--months', '13,0'],
    message: 'dedel: error: --months: period "Period 1" has 13 months; each period must be 0 to 12 months\n',
    code: 2,
  },
  {
    what: 'negative months',
    args: ['split', 'A=1200', '--months=-1,13'],
    message: 'dedel: error: --months: period 1 has "-1" months; expected a number from 0 to 12\n',
    code: 2,
  },
  {
    what: 'months above 12 on allocate',
    args: ['allocate', LANCS, '--rate', '8', '--months', '14,-2'],
    message: 'period 2 has "-2" months',
    code: 2,
  },
  {
    what: 'fractions that do not make up the year',
    args: ['split', 'A=1200', '--months', '5,6', '--labels', 'De-delegated,Buy-back'],
    message: 'dedel: error: --months and --labels: the periods add up to 11 months, not 12: De-delegated 5, Buy-back 6\n',
    code: 2,
  },
  {
    what: 'fractions that do not make up the year on rates',
    args: ['rates', LANCS, '--rate', '8', '--months', '6,7'],
    message: 'dedel: error: --months: the periods add up to 13 months, not 12',
    code: 2,
  },
  {
    what: 'two periods of one name',
    args: ['split', 'A=1200', '--months', '6,6', '--labels', 'Term,term'],
    message: 'period "term" is named twice',
    code: 2,
  },
  {
    what: 'a plan line with neither quantity × unit cost nor total',
    args: ['costs', '-'],
    input: 'item,quantity,unit_cost,times,total\nVisits,66,250,,\nCPD group,,,,\n',
    message: 'dedel: error: <stdin>:3: "CPD group" has neither quantity × unit cost nor a total; give one\n',
  },
  {
    what: 'a plan line with a quantity but no unit cost',
    args: ['costs', '-'],
    input: 'item,quantity,unit_cost,total\nVisits,66,,\n',
    message: '<stdin>:2: column "unit_cost": "Visits" has a quantity but no unit cost; give both, or a total',
  },
  {
    what: 'a plan line with a quantity and a total but no unit cost (Qty 1 beside a lump sum)',
    args: ['costs', '-'],
    input: 'item,quantity,unit_cost,total\nHead teacher induction,1,,"£5,000"\n',
    message: '<stdin>:2: column "unit_cost": "Head teacher induction" has a quantity but no unit cost (and a total); give both, or leave the quantity blank for a lump sum of the total',
  },
  {
    what: 'a plan line with a unit cost and a total but no quantity',
    args: ['costs', '-'],
    input: 'item,quantity,unit_cost,total\nLicences,,35.50,852\n',
    message: '<stdin>:2: column "quantity": "Licences" has a unit cost but no quantity (and a total); give both, or leave the unit cost blank for a lump sum of the total',
  },
  {
    what: 'a plan line whose total disagrees with quantity × unit cost',
    args: ['costs', '-'],
    input: 'item,quantity,unit_cost,times,total\nSIG groups,5,475,6,14000\n',
    message: '<stdin>:2: column "total": value "14000": "SIG groups": the total £14,000 does not agree with 5 × £475 × 6 = £14,250',
  },
  {
    what: 'a plan with no item column',
    args: ['costs', '-'],
    input: 'what,cost\nVisits,250\n',
    message: '<stdin>:1: no item column; found "what", "cost"',
  },
  {
    what: 'a config service with both costs and a target',
    args: ['rates', LANCS, '-c', 'dedel.json'],
    cwd: () => temp({ 'dedel.json': JSON.stringify({ services: [{ name: 'SI', target: '5', costs: 'plan.csv' }] }), 'plan.csv': 'item,total\nA,5\n' }),
    message: 'dedel: error: dedel.json: at services[0].costs: service "SI" has costs and a target; the cost plan\'s total is the target, so give one\n',
  },
  {
    what: 'a config service whose cost plan is missing',
    args: ['rates', LANCS, '-c', 'dedel.json'],
    cwd: () => temp({ 'dedel.json': JSON.stringify({ services: [{ name: 'SI', costs: 'plan.csv' }] }) }),
    message: 'dedel: error: dedel.json: at services[0].costs: cannot read the cost plan plan.csv (relative to the config file): no such file\n',
  },
  {
    what: 'a cost plan missing beside a config read from standard input, said to be sought from the current folder (the config has none)',
    args: ['rates', LANCS, '-c', '-'],
    input: JSON.stringify({ services: [{ name: 'SI', costs: 'plan.csv' }] }),
    cwd: () => temp({}),
    message: 'dedel: error: <stdin>: at services[0].costs: cannot read the cost plan plan.csv (relative to the current folder: the config was read from standard input): no such file\n',
  },
  {
    what: 'a config service whose cost plan has a bad line',
    args: ['rates', LANCS, '-c', 'dedel.json'],
    cwd: () => temp({ 'dedel.json': JSON.stringify({ services: [{ name: 'SI', costs: 'plan.csv' }] }), 'plan.csv': 'item,total\nA,\n' }),
    message: 'dedel: error: plan.csv:2: "A" has neither quantity × unit cost nor a total; give one\n',
  },
  {
    what: 'a rateUnit of 0 in the config (it divided by zero: an internal error)',
    args: ['rates', LANCS, '-c', 'dedel.json'],
    cwd: () => temp({ 'dedel.json': JSON.stringify({ services: [{ name: 'SI', target: '5000', rateUnit: '0.00' }] }) }),
    message: 'dedel: error: dedel.json: at services[0].rateUnit: the rate unit must be more than 0, such as "0.01"\n',
  },
  {
    what: "a rateUnit of 0 on a service's part",
    args: ['rates', LANCS, '-c', 'dedel.json'],
    cwd: () => temp({ 'dedel.json': JSON.stringify({ services: [{ name: 'SI', parts: [{ basis: 'school', rate: '250' }, { basis: 'nor', target: '5000', rateUnit: '0' }] }] }) }),
    message: 'dedel: error: dedel.json: at services[0].parts[1].rateUnit: the rate unit must be more than 0, such as "0.01"\n',
  },
];

describe('bad input gives a clear one-line error, exit 1 (2 for a flag), no stack trace and no output', () => {
  for (const c of CASES) {
    it(`rejects ${c.what}`, async () => {
      const cwd = c.cwd?.();
      const args = cwd && c.args.includes(LANCS) ? c.args.map((a) => (a === LANCS ? join(process.cwd(), LANCS) : a)) : c.args;
      const options = { ...(c.input !== undefined ? { input: c.input } : {}), ...(cwd ? { cwd } : {}) };
      const run = c.bin ? runBin(args, options) : await runCli(args, options);
      expect(run.code).toBe(c.code ?? 1);
      if (c.message.endsWith('\n')) expect(run.stderr).toBe(c.message);
      else expect(run.stderr).toContain(c.message);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(run.stderr).not.toContain('internal error');
      expect(run.stdout).toBe('');
    });
  }
});

describe('bad usage of the new commands exits 2', () => {
  it('split without --months', async () => {
    const run = await runCli(['split', 'A=1']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("required option '--months <list>' not specified");
  });

  it('split with a label that would clash with the total column', async () => {
    const run = await runCli(['split', 'A=1', '--months', '12', '--labels', 'Total']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('dedel: error: --labels: "Total" would head the column total, which another column has; choose another label\n');
  });

  it('split with a rounding unit of 0', async () => {
    const run = await runCli(['split', 'A=1', '--months', '12', '--round', '0']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--round expects a unit more than 0');
  });
});

describe('solving refuses targets it cannot honour', () => {
  it('weights that are all 0', async () => {
    const run = await runCli(['rates', LANCS, '--target', '1000', '--weight', 'primary=0', '--weight', 'secondary=0']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('dedel: error: service "De-delegation": the weights of the phases it charges are all 0, so no rate recovers the target of 1000\n');
  });

  it('weights beside a target per phase', async () => {
    const run = await runCli(['rates', LANCS, '--target', 'primary=1000', '--target', 'secondary=5', '--weight', 'primary=2', '--weight', 'secondary=1']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('has a target per phase and weights; weights spread one target across phases, so give one or the other');
  });
});

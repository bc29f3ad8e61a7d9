import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBin } from '../helpers/bin.js';
import { runCli } from '../helpers/run.js';

const B = 'fixtures/bad';
const GIAS = 'fixtures/gias/establishments.csv';

interface BadInput {
  /** What is wrong, as the test's name. */
  name: string;
  args: string[];
  code: 1 | 2 | 3;
  /** Fragments that must appear on stderr: the place (file:line, column or JSON path or flag) and the value. */
  names: string[];
  /** Lines of stderr; one unless said. */
  lines?: number;
  /** Run through the built bin, one case per exit code; the rest run in process (runCli). */
  bin?: true;
}

const allocate = (census: string, ...rest: string[]) => ['allocate', census, ...rest];

const BAD: BadInput[] = [
  // Numbers a charged service needs
  { name: 'a negative NOR', bin: true, args: allocate(`${B}/negative-nor.csv`, '--rate', '5'), code: 1, names: [`${B}/negative-nor.csv:3: column "NOR": value "-12": NOR is negative`] },
  { name: 'a bracketed (negative) NOR', args: allocate(`${B}/bracketed-nor.csv`, '--rate', '5'), code: 1, names: [`${B}/bracketed-nor.csv:3: column "NOR": value "(12)": NOR is negative`] },
  { name: 'a blank NOR on a charged school', args: allocate(`${B}/blank-nor.csv`, '--rate', '5'), code: 1, names: [`${B}/blank-nor.csv:3: column "NOR": value "": NOR is blank`] },
  { name: 'a NOR that is words', args: allocate(`${B}/text-nor.csv`, '--rate', '5'), code: 1, names: [`${B}/text-nor.csv:2: column "NOR": value "about 400": NOR is not a number`] },
  { name: 'a NOR with misplaced thousands commas', args: ['check', `${B}/misgrouped-nor.csv`], code: 1, lines: 3, names: [`${B}/misgrouped-nor.csv:3: column "NOR": value "1,17": NOR is not a number`] },
  // 1.179 is 1,179 as a European region groups it: read as a decimal it charged 1.179 pupils (£6 for £6,013).
  {
    name: 'a NOR written 1.179 (a point for the thousands)',
    args: allocate(`${B}/misgrouped-nor.csv`, '--rate', '5'),
    code: 1,
    names: [`${B}/misgrouped-nor.csv:2: column "NOR": value "1.179": NOR may be 1,179 with a point for the thousands, as a European region writes it, or 1.179 pupils; dedel does not guess: write 1179 (or 1,179) for 1,179, or 1.1790 for 1.179`],
  },
  { name: 'months over 12', args: allocate(`${B}/months-over-12.csv`, '--rate', '5'), code: 1, names: [`${B}/months-over-12.csv:2: column "Months": value "13": months must be a number from 0 to 12`] },
  // Identity
  { name: 'a duplicate URN', args: allocate(`${B}/duplicate-urn.csv`, '--rate', '5'), code: 1, names: [`${B}/duplicate-urn.csv:4: column "URN": value "100001": duplicate id, first on line 2`] },
  { name: 'a duplicate name in a file without ids', args: allocate(`${B}/duplicate-name.csv`, '--rate', '5'), code: 1, names: [`${B}/duplicate-name.csv:3: column "School": value "ash primary": duplicate school name, first on line 2`] },
  // Phase and status
  { name: 'an unknown phase on a charged school', args: allocate(`${B}/unknown-phase.csv`, '--rate', '5'), code: 1, names: [`${B}/unknown-phase.csv:2: column "Phase": value "Kindergarten": unknown phase`] },
  { name: 'GIAS "Not applicable" phase on a maintained school', args: allocate(`${B}/not-applicable-charged.csv`, '--rate', '5'), code: 1, names: [`${B}/not-applicable-charged.csv:2: column "Phase": value "Not applicable": unknown phase`] },
  { name: 'an unknown status on a charged phase', args: allocate(`${B}/unknown-status.csv`, '--rate', '5'), code: 1, names: [`${B}/unknown-status.csv:2: column "Status": value "Charter school": unknown status`] },
  { name: 'a blank status on a charged phase', args: allocate(`${B}/blank-status.csv`, '--rate', '5'), code: 1, names: [`${B}/blank-status.csv:2: column "Status": value "": blank status`] },
  { name: 'an all-through school to split with no parts', args: allocate(`${B}/all-through-unsplit.csv`, '--rate', '5', '--all-through', 'split'), code: 1, names: [`${B}/all-through-unsplit.csv:3: column "Phase": value "All-through": all-through school "Oak All-through"`, 'NOR primary'] },
  // Columns
  {
    name: 'no NOR column',
    args: allocate(`${B}/missing-nor.csv`, '--rate', '5'),
    code: 1,
    names: [`${B}/missing-nor.csv:1: no column for nor`, 'found "URN", "School", "Status", "Phase", "Pupils on roll Jan"', 'accepted: "nor", "number on roll", "numberofpupils", "pupils", "no. on roll", "pupils on roll", "total nor", "totpups", "headcount of pupils", "total pupils", "pupil numbers", "no. of pupils", "headcount", "pupil headcount", "roll", "on roll", "pupil count", "number of pupils on roll", "NOR <census date>", "<census date> NOR"'],
  },
  { name: 'no name or id column', args: allocate(`${B}/missing-name.csv`, '--rate', '5'), code: 1, names: [`${B}/missing-name.csv:1: no school name or id column; found "Status", "Phase", "NOR"`, '"establishmentname"'] },
  { name: 'two headers that could both be NOR', args: allocate(`${B}/two-nor-headers.csv`, '--rate', '5'), code: 1, names: [`${B}/two-nor-headers.csv:1: columns "NOR" and "NOR October 22" could both be nor`] },
  { name: '--column naming a header that is not there', args: allocate(`${B}/missing-nor.csv`, '--rate', '5', '--column', 'nor=NOR Jan 2023'), code: 1, names: [`${B}/missing-nor.csv:1: no column "NOR Jan 2023" for nor; the headers are: "URN", "School"`] },
  { name: 'per-phase rates with no phase column', args: allocate(`${B}/no-phase.csv`, '--rate', 'primary=5'), code: 1, names: [`${B}/no-phase.csv:1: service "De-delegation" has per-phase rates`, 'found "URN", "School", "Status", "NOR"'] },
  // Shape of the file
  { name: 'a row with a cell missing', args: allocate(`${B}/ragged-short.csv`, '--rate', '5'), code: 1, names: [`${B}/ragged-short.csv:3: column "NOR": value "100002,Beech Primary,VA,Primary": this row has 4 cells but the header has 5`] },
  // A sheet's used range past the table pads the header with empty cells: 1,179 unquoted read as NOR 1.
  { name: 'an unquoted 1,179 under a padded header', args: allocate(`${B}/padded-header-unquoted.csv`, '--rate', '5'), code: 1, names: [`${B}/padded-header-unquoted.csv:3: column 6: value "179": text in a column with no header, past the header's last name ("NOR"); is "1,179" one number?`] },
  // A total under a name dedel does not know (Sum), last, with no id: charged as a school, it doubled the Total.
  { name: 'a last row with no id whose NOR is the rows above it', args: allocate(`${B}/sum-row.csv`, '--rate', '5'), code: 1, names: [`${B}/sum-row.csv:6: column "School": value "Sum": its NOR, 1056, is exactly the school rows above it`] },
  { name: 'a row with an extra cell', args: allocate(`${B}/ragged-long.csv`, '--rate', '5'), code: 1, names: [`${B}/ragged-long.csv:3: column 6: value "80": this row has 6 cells but the header has 5`] },
  { name: 'a quote never closed', args: allocate(`${B}/unclosed-quote.csv`, '--rate', '5'), code: 1, names: [`${B}/unclosed-quote.csv:3: column "School": value ""Beech Primary,VA,Primary,80": not valid CSV`] },
  { name: 'a quote inside an unquoted cell', args: allocate(`${B}/stray-quote.csv`, '--rate', '5'), code: 1, names: [`${B}/stray-quote.csv:2: column "School": value "St Mary": not valid CSV`] },
  { name: 'an empty file', args: allocate(`${B}/empty.csv`, '--rate', '5'), code: 1, names: [`${B}/empty.csv: the file is empty`] },
  { name: 'a file of a BOM and blank lines', args: allocate(`${B}/bom-only.csv`, '--rate', '5'), code: 1, names: [`${B}/bom-only.csv: the file is empty`] },
  { name: 'a header and no schools', args: allocate(`${B}/header-only.csv`, '--rate', '5'), code: 1, names: [`${B}/header-only.csv:1: the file has a header row but no schools`] },
  { name: 'Windows-1252 bytes forced as UTF-8', args: allocate('fixtures/encoding/windows-1252.csv', '--rate', '5', '--encoding', 'utf-8'), code: 1, names: ['fixtures/encoding/windows-1252.csv:1: not valid UTF-8 (byte 0xA3 at byte 47)'] },
  { name: 'a census that does not exist', args: allocate(`${B}/no-such-census.csv`, '--rate', '5'), code: 1, names: [`cannot read ${B}/no-such-census.csv: no such file`] },
  { name: 'a folder named as the census', args: allocate(B, '--rate', '5'), code: 1, names: [`cannot read ${B}: it is a folder`] },
  // Config files
  { name: 'a config key misspelt', args: allocate(GIAS, '-c', `${B}/config-unknown-key.json`), code: 1, names: [`${B}/config-unknown-key.json: at services[0].rat: unknown key "rat"`] },
  { name: 'a config rate that is not a decimal', args: allocate(GIAS, '-c', `${B}/config-bad-rate.json`), code: 1, names: [`${B}/config-bad-rate.json: at services[0].rate: value "5.1x"`] },
  { name: 'a negative config rate', args: allocate(GIAS, '-c', `${B}/config-negative-rate.json`), code: 1, names: [`${B}/config-negative-rate.json: at services[0].rate: value -5.1`] },
  { name: 'a config phase misspelt', args: allocate(GIAS, '-c', `${B}/config-bad-phase.json`), code: 1, names: [`${B}/config-bad-phase.json: at charge.phases[1]: value "secondry"`] },
  { name: 'a config that is not JSON (trailing comma)', args: allocate(GIAS, '-c', `${B}/config-not-json.json`), code: 1, names: [`${B}/config-not-json.json:2: column 65: value "]": not valid JSON`] },
  { name: 'config weights without a target', args: allocate(GIAS, '-c', `${B}/config-weights-no-target.json`), code: 1, names: [`${B}/config-weights-no-target.json: at services[0].weights: service "School Improvement" has weights but no target`] },
  // Flags
  { name: 'a rate that is not a number', args: allocate(GIAS, '--rate', 'abc'), code: 2, names: ['--rate expects a decimal of 0 or more, such as 5.10; got "abc"'] },
  { name: 'a target written in millions', args: allocate(GIAS, '--target', '£1.16m'), code: 2, names: ['--target expects a decimal of 0 or more, such as 1160000 or £1,160,000; got "£1.16m"'] },
  // Each said "such as 5.10", and no more.
  { name: 'a rate in pence', args: allocate(GIAS, '--rate', '510p'), code: 2, names: ['--rate expects a decimal of 0 or more, such as 5.10; got "510p"; amounts are in pounds: 510p is 5.1'] },
  // A paper's £1.2m and £20k: the message said only what a decimal looks like.
  { name: 'a target in millions', args: allocate(GIAS, '--target', '£1.2m'), code: 2, names: ['--target expects a decimal of 0 or more, such as 1160000 or £1,160,000; got "£1.2m"; dedel reads no k or m for thousands or millions: write £1.2m as 1200000'] },
  { name: 'a target in thousands', args: allocate(GIAS, '--target', '20k'), code: 2, names: ['got "20k"; dedel reads no k or m for thousands or millions: write 20k as 20000'] },
  { name: 'a rounding unit in pence', args: allocate(GIAS, '--rate', '5', '--round', '1p'), code: 2, names: ['--round expects a decimal of 0 or more, such as 0.01, 1 or 100 (pounds); got "1p"; amounts are in pounds: 1p is 0.01'] },
  { name: 'a rate per phase written with a colon', args: allocate(GIAS, '--rate', 'primary:5.10'), code: 2, names: ['--rate expects a decimal of 0 or more, such as 5.10; got "primary:5.10"; a value per phase is written PHASE=VALUE (--rate primary=5.10)'] },
  // 5/12ths as a paper speaks of it: the message said only "expected a number from 0 to 12".
  { name: 'months written as twelfths', args: ['split', '58811', '--months', '5/12,7/12'], code: 2, names: ['--months: period 1 has "5/12" months; expected a number from 0 to 12; 5/12 of the year is 5 months: give --months 5,7'] },
  { name: 'a rate for a phase misspelt', args: allocate(GIAS, '--rate', 'primry=5'), code: 2, names: ['--rate: unknown phase "primry"'] },
  { name: 'an unknown encoding', args: allocate(GIAS, '--rate', '5', '--encoding', 'latin9'), code: 2, names: ['--encoding expects utf-8, windows-1252 or cp850; got "latin9"'] },
  { name: 'an unknown rounding mode', args: allocate(GIAS, '--rate', '5', '--rounding', 'sideways'), code: 2, names: ["option '--rounding <mode>' argument 'sideways' is invalid"] },
  { name: 'an unknown flag', bin: true, args: allocate(GIAS, '--rat', '5'), code: 2, names: ["unknown option '--rat'"], lines: 2 },
  { name: '--column without =', args: allocate(GIAS, '--rate', '5', '--column', 'nor'), code: 2, names: ['--column expects FIELD=HEADER, such as nor="NOR October 22"; got "nor"'] },
  { name: '--out onto the census', args: allocate(GIAS, '--rate', '5', '--out', GIAS), code: 2, names: [`--out ${GIAS} is an input file`] },
  { name: '--out onto the config', args: allocate(GIAS, '-c', 'fixtures/gias/all-through-secondary.json', '--out', './fixtures/gias/all-through-secondary.json'), code: 2, names: ['--out ./fixtures/gias/all-through-secondary.json is an input file'] },
  // Checks
  { name: 'a control-total mismatch under --strict', bin: true, args: allocate(`${B}/control-total.csv`, '--rate', '5', '--strict'), code: 3, names: [`${B}/control-total.csv:4: control total for column "NOR": expected 210 (the Total row), actual 200 (the school rows)`] },
  { name: '--check-total that differs', args: allocate(`${B}/control-total.csv`, '--rate', '5', '--check-total', '999'), code: 3, names: ["expected a Total of £999, but the table's Total is £1,000"] },
  { name: '--check-total in pence that differs', args: allocate(`${B}/control-total.csv`, '--rate', '5', '--round', '0.01', '--check-total', '999.5'), code: 3, names: ["expected a Total of £999.50, but the table's Total is £1,000.00"] },
];

describe('bad inputs: exit code, a message naming the place and the value, no stack trace, nothing on stdout', () => {
  it('has at least 20 cases', () => {
    expect(BAD.length).toBeGreaterThanOrEqual(20);
  });

  it('runs one case of each exit code through the built bin', () => {
    expect(new Set(BAD.filter((c) => c.bin).map((c) => c.code))).toEqual(new Set([1, 2, 3]));
  });

  it.each(BAD)('$name → exit $code', async ({ args, code, names, lines = 1, bin }) => {
    const run = bin ? runBin(args) : await runCli(args);
    expect(run.code).toBe(code);
    expect(run.stdout).toBe('');
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stderr).not.toContain('internal error');
    for (const fragment of names) expect(run.stderr).toContain(fragment);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(lines);
  });
});

describe('--out on failure', () => {
  it('leaves an existing out file as it was and leaves no temporary file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-out-'));
    const out = join(dir, 'appendix-b.csv');
    writeFileSync(out, 'last year\n');
    for (const args of [
      allocate(`${B}/negative-nor.csv`, '--rate', '5'),
      allocate(`${B}/control-total.csv`, '--rate', '5', '--strict'),
      allocate(`${B}/control-total.csv`, '--rate', '5', '--check-total', '1'),
    ]) {
      const run = await runCli([...args, '-f', 'csv', '--out', out]);
      expect(run.code).not.toBe(0);
      expect(run.stdout).toBe('');
      expect(readFileSync(out, 'utf8')).toBe('last year\n');
      expect(readdirSync(dir)).toEqual(['appendix-b.csv']);
    }
  });

  it('writes the file when the run succeeds, warnings and all', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-out-'));
    const out = join(dir, 'appendix-b.csv');
    const run = await runCli(allocate(`${B}/control-total.csv`, '--rate', '5', '-f', 'csv', '--out', out));
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `dedel: warning: ${B}/control-total.csv:4: control total for column "NOR" does not match: the Total row states 210, the school rows add up to 200 (difference -10)\n`,
    );
    expect(readFileSync(out, 'utf8')).toBe('urn,school,status,phase,nor,de_delegation,total,per_pupil\n100001,Ash Primary,community,primary,120,600,600,5.00\n100002,Beech Primary,voluntary-aided,primary,80,400,400,5.00\n,Total,,,200,1000,1000,5.00\n');
  });
});

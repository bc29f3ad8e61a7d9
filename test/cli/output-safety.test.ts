import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../src/core/decimal.js';
import { neutralise, renderCsv, renderTsv } from '../../src/render/csv.js';
import type { TableDoc } from '../../src/render/model.js';
import { BIN, binEnv, runBin } from '../helpers/bin.js';
import { expectGoldenInProcess, runCli } from '../helpers/run.js';

const INJECTION = 'fixtures/injection/census.csv';

describe('formula injection', () => {
  it('neutralises text cells starting with =, +, -, @, tab or CR with a leading quote', () => {
    expect(['=1+2', '+44', '-2+3', '@SUM(A1)', '\t=1', '\r=1', 'Plain = text', 'St Mary', ''].map(neutralise)).toEqual([
      "'=1+2",
      "'+44",
      "'-2+3",
      "'@SUM(A1)",
      "'\t=1",
      "'\r=1",
      'Plain = text',
      'St Mary',
      '',
    ]);
  });

  const doc: TableDoc = {
    columns: [
      { key: 'school', label: 'School', kind: 'text' },
      { key: 'status', label: 'Status', kind: 'status' },
      { key: 'amount', label: 'Amount', kind: 'money', places: 2 },
      { key: 'rate', label: 'Rate', kind: 'rate' },
      { key: 'note', label: 'Note', kind: 'count' },
    ],
    rows: [
      ['-12.50', 'community', new Dec('-12.5'), new Dec('-0.4'), '-3'],
      ['=SUM(A1)', '@x', new Dec('7'), new Dec('5.1'), '=1+1'],
      ['\tTab', '\rCR', null, null, null],
    ],
    total: ['Total', null, new Dec('-5.5'), null, null],
    notes: [],
    diagnostics: [],
  };

  it('never alters numbers, negative ones included, in csv', () => {
    expect(renderCsv(doc, { color: false, bom: false })).toBe(
      ["school,status,amount,rate,note", "'-12.50,community,-12.50,-0.40,-3", "'=SUM(A1),'@x,7.00,5.10,'=1+1", `'\tTab,"'\rCR",,,`, 'Total,,-5.50,,', ''].join('\n'),
    );
  });

  it('never alters numbers, negative ones included, in tsv', () => {
    expect(renderTsv(doc, { color: false, bom: false })).toBe(
      ['school\tstatus\tamount\trate\tnote', "'-12.50\tcommunity\t-12.50\t-0.40\t-3", "'=SUM(A1)\t'@x\t7.00\t5.10\t'=1+1", `"'\tTab"\t"'\rCR"\t\t\t`, 'Total\t\t-5.50\t\t', ''].join('\n'),
    );
  });

  it('neutralises hostile school names and ids in csv (golden)', async () => {
    const run = await expectGoldenInProcess('injection-csv', ['allocate', INJECTION, '--rate', '5', '--all', '-f', 'csv']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`600001,"'=HYPERLINK(""http://example.invalid/"",""Click for refund"")",community,primary,100,500,500,5.00,\n`);
    expect(run.stdout).toContain("'=1+2,Formula URN School,voluntary-controlled,secondary,500,2500,2500,5.00,\n");
    expect(run.stdout).toContain("600008,'=cmd|' /C calc'!A0,academy,primary,,,,,academy\n");
    expect(run.stdout).toContain('600007,Plain = Primary School,');
  });

  it('neutralises hostile school names and ids in tsv (golden)', async () => {
    const run = await expectGoldenInProcess('injection-tsv', ['allocate', INJECTION, '--rate', '5', '--all', '-f', 'tsv']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("600002\t'+44 Primary School\tcommunity\tprimary\t200\t1000\t1000\t5.00\t\n");
    expect(run.stdout).toContain("600003\t'-2+3 Primary School\t");
    expect(run.stdout).toContain("600004\t'@SUM(A1:A9) Academy\t");
  });

  it.each(['csv', 'tsv'])('explain -f %s neutralises a hostile name once, as allocate does, and leaves numbers alone', async (format) => {
    const sep = format === 'csv' ? ',' : '\t';
    const plus = await runCli(['explain', INJECTION, '600002', '--rate', '5', '-f', format]);
    expect(plus.code).toBe(0);
    expect(plus.stdout).toContain(`\nschool${sep}'+44 Primary School\n`);
    const minus = await runCli(['explain', INJECTION, '600003', '--rate', '5', '-f', format]);
    expect(minus.stdout).toContain(`\nschool${sep}'-2+3 Primary School\n`);
    expect(minus.stdout).toContain(`\nde_delegation.amount${sep}1500\n`);
    // A name that really starts with ' before a formula character gets one more ', as in allocate's csv.
    const dir = mkdtempSync(join(tmpdir(), 'dedel-explain-'));
    writeFileSync(join(dir, 'census.csv'), "URN,School,Status,Phase,NOR\n1,'=Odd Name Primary,Community,Primary,100\n");
    const quoted = await runCli(['explain', join(dir, 'census.csv'), '1', '--rate', '5', '-f', format]);
    expect(quoted.stdout).toContain(`\nschool${sep}''=Odd Name Primary\n`);
    const allocated = await runCli(['allocate', join(dir, 'census.csv'), '--rate', '5', '-f', format]);
    expect(allocated.stdout).toContain(`${sep}''=Odd Name Primary${sep}`);
  });

  it.each(['csv', 'tsv'])('neutralises a header given with --header in %s, as it does a name', async (format) => {
    const sep = format === 'csv' ? ',' : '\t';
    const run = await runCli(['allocate', INJECTION, '--rate', '5', '--header', 'school==HYPERLINK("http://example.invalid/")', '--header', 'nor=-NOR', '-f', format]);
    expect(run.code).toBe(0);
    const header = ['urn', `"'=HYPERLINK(""http://example.invalid/"")"`, 'status', 'phase', "'-NOR", ''].join(sep);
    expect(run.stdout.startsWith(header), run.stdout.split('\n')[0]).toBe(true);
    expect(run.stdout.split('\n')[0]!.split(sep)).toHaveLength(8);
  });

  it('leaves JSON text as it is: JSON is not opened by spreadsheets', async () => {
    const run = await runCli(['allocate', INJECTION, '--rate', '5', '-f', 'json']);
    expect(JSON.parse(run.stdout).rows[1].school).toBe('+44 Primary School');
  });
});

describe('--bom', () => {
  it('starts csv with a byte-order mark and CRLF line ends, for Excel', () => {
    // Through the bin: the byte-order mark as written to a real stdout.
    const run = runBin(['allocate', INJECTION, '--rate', '5', '-f', 'csv', '--bom']);
    expect(run.code).toBe(0);
    expect(run.stdout.startsWith('\uFEFFurn,school,status,phase,nor,de_delegation,total,per_pupil\r\n')).toBe(true);
    expect(run.stdout.endsWith(',Total,,,1630,8150,8150,5.00\r\n')).toBe(true);
  });

  it('is absent without the flag', async () => {
    const run = await runCli(['allocate', INJECTION, '--rate', '5', '-f', 'csv']);
    expect(run.stdout.startsWith('urn,')).toBe(true);
    expect(run.stdout).not.toContain('\r');
  });
});

describe('a broken pipe', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dedel-pipe-'));
  const big = join(dir, 'big.csv');
  const lines = ['URN,School,Status,Phase,NOR'];
  // Far more than a pipe's 64 KiB buffer, and small enough for cli-table3 to draw quickly.
  for (let i = 1; i <= 5_000; i++) lines.push(`${100_000 + i},School ${i},Community,${i % 2 ? 'Primary' : 'Secondary'},${100 + (i % 900)}`);
  writeFileSync(big, `${lines.join('\n')}\n`);

  // cli-table3 is slow on long tables, so the table run reads the first 1,500 schools only.
  const small = join(dir, 'small.csv');
  writeFileSync(small, `${lines.slice(0, 1_501).join('\n')}\n`);

  it.each([
    ['csv', big],
    ['table', small],
  ])('(dedel allocate big.csv -f %s | head -1) exits 0 quietly', (format, file) => {
    const script = `"${process.execPath}" "${BIN}" allocate "${file}" --rate 5 -f ${format} | head -1; echo "status=\${PIPESTATUS[0]}" >&2`;
    const result = spawnSync('bash', ['-c', script], { encoding: 'utf8', env: binEnv() });
    expect(result.stdout.split('\n')).toHaveLength(2);
    expect(result.stderr).toBe('status=0\n');
  });
});

// A census cell is shown in a terminal table, never acted on: an escape code in a school's name
// turned the screen red (or could clear it), a line break from an Excel cell (Alt+Enter) broke
// the box, a tab misaligned it, and U+202E reversed the rest of the line.
describe('terminal tables show control characters in census cells, never send them', () => {
  const census = 'URN,School,Status,Phase,NOR\n1,Ash\u001b[31mRED School,Community,Primary,100\n2,"Two\r\nLines School",Community,Primary,50\n3,Tab\tSchool\u0007,Community,Primary,20\n4,Evil\u202eloohcS,Community,Primary,10\n';
  it.each([
    ['allocate', ['allocate', '-', '--rate', '5', '-q', '--columns', 'urn,school,nor']],
    ['explain', ['explain', '-', '1', '--rate', '5', '-q']],
  ])('%s', async (_name, args) => {
    const run = await runCli(args, { input: census, env: { NO_COLOR: '1' } });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(run.stdout).toContain('Ash\\x1b[31mRED School');
    if (args[0] === 'allocate') {
      for (const shown of ['│ Two Lines School ', '│ Tab School\\x07 ', '│ Evil\\u202eloohcS ']) expect(run.stdout).toContain(shown);
      const box = run.stdout.split('\n').filter((l) => /^[┌│├└]/.test(l));
      expect(new Set(box.map((l) => l.length)).size).toBe(1);
    }
  });
});

// Markdown and HTML show them too: a bell character in a school's name rang when the Markdown was
// printed in a terminal, a lone carriage return or a tab broke the pipe table, and U+202E
// reversed the rest of the row in a browser.
describe('Markdown and HTML show control characters in census cells, never pass them on', () => {
  const census = 'URN,School,Status,Phase,NOR\n1,Ash\u001b[31mRED School,Community,Primary,100\n2,"Two\r\nLines School",Community,Primary,50\n3,Tab\tSchool\u0007,Community,Primary,20\n4,Evil\u202eloohcS,Community,Primary,10\n5,"Lone\rCR",Community,Primary,10\n';
  it.each([
    ['md', ['| Ash\\\\x1b\\[31mRED School |', '| Two Lines School |', '| Tab School\\\\x07 |', '| Evil\\\\u202eloohcS |', '| Lone CR |', '**Bell\\\\x07 title**']],
    ['html', ['<td>Ash\\x1b[31mRED School</td>', '<td>Two Lines School</td>', '<td>Tab School\\x07</td>', '<td>Evil\\u202eloohcS</td>', '<td>Lone CR</td>', '<caption>Bell\\x07 title</caption>']],
  ])('%s', async (format, shown) => {
    const run = await runCli(['allocate', '-', '--rate', '5', '-q', '--columns', 'urn,school,nor', '--format', format, '--title', 'Bell\u0007 title'], { input: census });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    for (const text of shown) expect(run.stdout).toContain(text);
    if (format === 'md') expect(run.stdout.split('\n').filter((l) => l.startsWith('|'))).toHaveLength(2 + 5 + 1);
  });
});

describe('messages show control characters in file names, never send them', () => {
  // check's count of errors wrote the file's name raw: a name holding an escape code turned the terminal red.
  it("check's count of errors shows a file name's control characters as escapes, as every message does", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-check-name-'));
    const name = 'bad\u001b[31mname.csv';
    writeFileSync(join(dir, name), 'Title \u001b[31mred\nURN,School,Status,Phase,NOR\n1,Ash,Community,Primary,100\n2,Birch,Community,Primary,-5\n');
    const run = await runCli(['check', name], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).not.toContain('\u001b');
    expect(run.stderr.split('\n')[1]).toBe('dedel: 1 error in bad\\x1b[31mname.csv:');
    expect(run.stderr).toContain('a title, not read: "Title \\x1b[31mred"');
  });
});

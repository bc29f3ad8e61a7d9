import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { quote, safeLine, visible } from '../../src/core/errors.js';
import { runInProcess } from '../helpers/run.js';

// README "Files dedel reads and writes": every message is one line per problem, with control
// characters escaped and long values cut, whatever the file, cell or config string held.
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'dedel-msg-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('one place quotes values for messages', () => {
  it('escapes C0 and C1 controls, bidi overrides and line breaks', () => {
    expect(visible('a\nb\r\tc\u0000\u009b[2J\u202eevil\u2066\u2028')).toBe('a\\nb\\r\\tc\\x00\\x9b[2J\\u202eevil\\u2066\\u2028');
  });

  it('shows a no-break space, which looks like a space but is not one', async () => {
    expect(visible('1\u00a0120 1\u202f120 1 120')).toBe('1\\xa0120 1\\u202f120 1 120');
    // (1\u00a0120 is read as 1,120, a thousands group; two figures in one cell are not.)
    const run = await runInProcess(['allocate', '-', '--rate', '5'], { stdin: 'URN,School,Status,Phase,NOR\n1,Ash,Community,Primary,11\u00a020\n' });
    expect(run.stderr).toContain('value "11\\xa020": NOR is not a number');
  });

  it('cuts a long value and says how long it was', () => {
    expect(quote('9x'.repeat(2_621_440))).toBe(`"${'9x'.repeat(29)}9…" (5,242,880 characters)`);
    expect(quote('short')).toBe('"short"');
  });

  it('bounds a whole line as a last guard', () => {
    const line = safeLine(`x${'y'.repeat(10_000)}`);
    expect(line.length).toBeLessThan(2100);
    expect(line.endsWith('… (10,001 characters)')).toBe(true);
  });
});

describe('messages from hostile inputs', () => {
  it('a 5 MB bad value is cut, not echoed in full', async () => {
    const dir = folder({ 'census.csv': `URN,School,Status,Phase,NOR\n1,Ash,Community,Primary,${'9x'.repeat(2_621_440)}\n` });
    const run = await runInProcess(['allocate', 'census.csv', '--rate', '5'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^dedel: error: census.csv:2: column "NOR": value "${'9x'.repeat(29)}9…" \\(5,242,880 characters\\): NOR is not a number[^\n]*\n$`));
    expect(run.stderr.length).toBeLessThan(400);
  });

  it('C1 controls, U+202E and newlines in cells stay on one escaped line', async () => {
    const dir = folder({ 'census.csv': 'URN,School,Status,Phase,NOR\n1,"Ash\nPrimary",Community,Primary,"1\u009b[2J\u202e0"\n' });
    const run = await runInProcess(['allocate', 'census.csv', '--rate', '5'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^dedel: error: census.csv:2: column "NOR": value "1\\x9b\[2J\\u202e0": NOR is not a number[^\n]*\n$/);
  });

  it('a file name with a newline and U+202E is escaped', async () => {
    const run = await runInProcess(['allocate', 'no\nsuch\u202ecsv.csv', '--rate', '5']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('dedel: error: cannot read no\\nsuch\\u202ecsv.csv: no such file\n');
  });

  it('config strings are escaped (an unknown key, a bad value)', async () => {
    const dir = folder({
      'census.csv': 'URN,School,Status,Phase,NOR\n1,Ash,Community,Primary,100\n',
      'c.json': JSON.stringify({ 'ti\u202etle\n': 'x', rounding: { mode: 'up\u009bwards\u202e' }, services: [{ rate: '5' }] }),
    });
    const run = await runInProcess(['allocate', 'census.csv', '-c', 'c.json'], { cwd: dir });
    expect(run.code).toBe(1);
    const lines = run.stderr.split('\n').filter(Boolean);
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatch(/^dedel: error: c\.json: at /);
    expect(run.stderr).not.toMatch(UNSAFE);
    expect(run.stderr).toContain('\\u202e');
  });

  it('warnings are escaped too', async () => {
    const dir = folder({ 'a.csv': 'urn,school,total\n1,"A\u202eB",10\n', 'b.csv': 'urn,school,total\n2,"C\u009bD",12\n' });
    const run = await runInProcess(['compare', 'a.csv', 'b.csv', '-f', 'csv'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stderr).not.toMatch(UNSAFE);
    expect(run.stderr).toContain('A\\u202eB (1)');
  });
});

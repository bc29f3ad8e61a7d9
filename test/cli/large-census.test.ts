import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STREAM_OVER } from '../../src/cli/input-file.js';
import { runInProcess } from '../helpers/run.js';
import { unzipXml } from '../helpers/xlsx.js';

// README "Performance": a census file larger than a few megabytes is read from the disk a
// piece at a time, never held whole. What it prints is what the same census gives read whole
// (from standard input); a file that turns out not to be UTF-8 is read whole after all, with
// the same warning as a small file; a ragged row or a stray quote is the same error, at its line.
const dir = mkdtempSync(join(tmpdir(), 'dedel-large-'));
const pad = 'x'.repeat(2000);
function census(rows: number, row: (i: number) => string = (i) => `${100001 + i},School ${i} ${pad},Community,${i % 2 ? 'Primary' : 'Secondary'},${100 + (i % 37)}`): string {
  return `URN,School,Status,Phase,NOR\n${Array.from({ length: rows }, (_, i) => row(i)).join('\n')}\n`;
}
const ROWS = Math.ceil(STREAM_OVER / 2000) + 50;
// The first case reads a file over the real threshold in the real pieces; the rest read the
// same path at a smaller scale (a threshold of 64 KB, pieces of 8 KB: each row of over 2,000
// characters crosses a piece's end), so the suite does not write and read 4 MB for each.
const SMALL = { streamOver: 64 << 10, pieceBytes: 8 << 10 };
const SMALL_ROWS = Math.ceil(SMALL.streamOver / 2000) + 50;
const args = (file: string) => ['allocate', file, '--rate', 'primary=5.83', '--rate', 'secondary=7.92', '--foot', '--format', 'csv'];

describe('a large census read from the disk a piece at a time', () => {
  it('prints what the census gives read whole', async () => {
    const text = census(ROWS, (i) => `${100001 + i},"Ash, ${i} “${pad}”",Community,${i % 2 ? 'Primary' : 'Secondary'},${100 + (i % 37)}`);
    expect(text.length).toBeGreaterThan(STREAM_OVER);
    writeFileSync(join(dir, 'big.csv'), text);
    const piecewise = await runInProcess(args('big.csv'), { cwd: dir });
    const whole = await runInProcess(args('-'), { cwd: dir, stdin: text });
    expect(piecewise.code, piecewise.stderr).toBe(0);
    expect(piecewise.stdout).toBe(whole.stdout);
    expect(piecewise.stdout.split('\n')).toHaveLength(ROWS + 3);
  });

  it('reads a file whole after all where a byte late in it is not UTF-8 (Windows-1252), with the warning', async () => {
    const text = census(SMALL_ROWS);
    const bytes = Buffer.from(text.replace(`School ${SMALL_ROWS - 2} `, `School ${SMALL_ROWS - 2} \u0000`), 'utf8');
    bytes[bytes.indexOf(0)] = 0xa3;
    writeFileSync(join(dir, 'latin.csv'), bytes);
    const run = await runInProcess(args('latin.csv'), { cwd: dir, ...SMALL });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/latin\.csv: not valid UTF-8 \(first at line \d+, byte 0xA3\); read as Windows-1252/);
    expect(run.stdout).toContain(`School ${SMALL_ROWS - 2} £`);
  });

  // Excel for Mac ends lines with CR alone; such a file was read whole again by csv-parse.
  it('reads a file whose lines end in CR alone, or in CRLF and LF mixed, a piece at a time as read whole', async () => {
    const text = census(SMALL_ROWS);
    for (const [name, written] of [
      ['cr.csv', text.replaceAll('\n', '\r')],
      ['mixed.csv', text.replaceAll('\n', '\r\n').replace(/\r\n(\d+,School 7 )/, '\n$1')],
    ] as const) {
      writeFileSync(join(dir, name), written);
      const piecewise = await runInProcess(args(name), { cwd: dir, ...SMALL });
      const whole = await runInProcess(args('-'), { cwd: dir, stdin: text });
      expect(piecewise.code, piecewise.stderr).toBe(0);
      expect(piecewise.stdout).toBe(whole.stdout);
    }
  });

  it('reports a short row late in the file at its line, as for a small file', async () => {
    const short = SMALL_ROWS - 3;
    const text = census(SMALL_ROWS, (i) => `${100001 + i},School ${i} ${pad},Community,Primary${i === short ? '' : ',120'}`);
    writeFileSync(join(dir, 'ragged.csv'), text);
    const run = await runInProcess(args('ragged.csv'), { cwd: dir, ...SMALL });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`ragged\\.csv:${SMALL_ROWS - 1}: column "NOR": .*this row has 4 cells but the header has 5`));
  });

  it('is read the same way by every command that reads a census: check and costs --per-pupil print what it gives read whole', async () => {
    const text = census(SMALL_ROWS);
    writeFileSync(join(dir, 'every.csv'), text);
    writeFileSync(join(dir, 'plan.csv'), 'item,quantity,unit_cost,times,total\nAdviser,1,50000,,\n');
    for (const [piecewise, whole] of [
      [['check', 'every.csv', '--format', 'csv'], ['check', '-', '--format', 'csv']],
      [['costs', 'plan.csv', '--per-pupil', 'every.csv', '--format', 'csv'], ['costs', 'plan.csv', '--per-pupil', '-', '--format', 'csv']],
    ]) {
      const a = await runInProcess(piecewise!, { cwd: dir, ...SMALL });
      const b = await runInProcess(whole!, { cwd: dir, stdin: text });
      expect(a.code, a.stderr).toBe(0);
      expect(a.stdout.replaceAll('every.csv', '<stdin>')).toBe(b.stdout);
    }
    writeFileSync(join(dir, 'ragged-check.csv'), census(SMALL_ROWS, (i) => `${100001 + i},School ${i} ${pad},Community,Primary${i === SMALL_ROWS - 3 ? '' : ',120'}`));
    const ragged = await runInProcess(['check', 'ragged-check.csv'], { cwd: dir, ...SMALL });
    expect(ragged.code).toBe(1);
    expect(ragged.stderr).toMatch(new RegExp(`ragged-check\\.csv:${SMALL_ROWS - 1}: column "NOR"`));
  });

  it('is still an input --out may not replace, and a workbook names it with its SHA-256', async () => {
    const text = census(SMALL_ROWS);
    writeFileSync(join(dir, 'named.csv'), text);
    const over = await runInProcess([...args('named.csv'), '--out', 'named.csv'], { cwd: dir, ...SMALL });
    expect(over.code).toBe(2);
    expect(readFileSync(join(dir, 'named.csv'), 'utf8')).toBe(text);
    const book = await runInProcess(['allocate', 'named.csv', '--rate', '5', '--format', 'xlsx'], { cwd: dir, ...SMALL });
    expect(book.code, book.stderr).toBe(0);
    const xml = Object.values(unzipXml(book.stdoutBytes)).join('');
    expect(xml).toContain(createHash('sha256').update(text).digest('hex'));
  });
});

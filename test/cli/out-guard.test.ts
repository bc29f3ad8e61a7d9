import { spawnSync } from 'node:child_process';
import { chmodSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/run.js';

// README "Files dedel reads and writes": --out never replaces an input, whatever the path
// that names it, and only ever replaces a regular file, keeping its mode.
const CENSUS = 'URN,School,Status,Phase,NOR\n1,Ash Primary,Community,Primary,100\n2,Beech Primary,Community,Primary,200\n';
const PLAN = 'item,quantity,unit_cost\nVisits,4,250\n';

function folder(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'dedel-out-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** The files of a folder: no temporary file may be left behind. */
const names = (dir: string) => readdirSync(dir).sort();

describe('--out never replaces a file the run read', () => {
  it("refuses the config's cost plan (a file named inside the config)", async () => {
    const dir = folder({ 'census.csv': CENSUS, 'plan.csv': PLAN, 'c.json': JSON.stringify({ services: [{ name: 'Visits', costs: 'plan.csv' }] }) });
    const run = await runInProcess(['allocate', 'census.csv', '-c', 'c.json', '-f', 'csv', '--out', 'plan.csv'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('dedel: error: --out plan.csv is an input file; choose another file\n');
    expect(readFileSync(join(dir, 'plan.csv'), 'utf8')).toBe(PLAN);
    expect(names(dir)).toEqual(['c.json', 'census.csv', 'plan.csv']);
  });

  it('refuses the cost plan through a config in another folder, named by another path', async () => {
    const dir = folder({ 'census.csv': CENSUS });
    mkdirSync(join(dir, 'cfg'));
    writeFileSync(join(dir, 'cfg/plan.csv'), PLAN);
    writeFileSync(join(dir, 'cfg/c.json'), JSON.stringify({ services: [{ name: 'Visits', costs: 'plan.csv' }] }));
    const run = await runInProcess(['rates', 'census.csv', '-c', 'cfg/c.json', '--out', './cfg/../cfg/plan.csv'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is an input file');
    expect(readFileSync(join(dir, 'cfg/plan.csv'), 'utf8')).toBe(PLAN);
  });

  it('refuses a hard link to the census', async () => {
    const dir = folder({ 'census.csv': CENSUS });
    linkSync(join(dir, 'census.csv'), join(dir, 'copy.csv'));
    const run = await runInProcess(['allocate', 'census.csv', '--rate', '5', '--out', 'copy.csv'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('dedel: error: --out copy.csv is an input file (census.csv); choose another file\n');
    expect(readFileSync(join(dir, 'census.csv'), 'utf8')).toBe(CENSUS);
  });

  it('refuses a symbolic link to the census', async () => {
    const dir = folder({ 'census.csv': CENSUS });
    symlinkSync('census.csv', join(dir, 'link.csv'));
    const run = await runInProcess(['allocate', 'census.csv', '--rate', '5', '--out', 'link.csv'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(readFileSync(join(dir, 'census.csv'), 'utf8')).toBe(CENSUS);
  });

  it('refuses the file standard input is redirected from', async () => {
    const dir = folder({ 'census.csv': CENSUS });
    const { dev, ino } = statSync(join(dir, 'census.csv'));
    const run = await runInProcess(['allocate', '-', '--rate', '5', '--out', 'census.csv'], { cwd: dir, stdin: CENSUS, stdinIdentity: { dev, ino } });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('dedel: error: --out census.csv is an input file (read on standard input); choose another file\n');
    expect(readFileSync(join(dir, 'census.csv'), 'utf8')).toBe(CENSUS);
  });

  it('refuses the per-pupil census of costs and both files of compare', async () => {
    const dir = folder({ 'census.csv': CENSUS, 'plan.csv': PLAN });
    const costs = await runInProcess(['costs', 'plan.csv', '--per-pupil', 'census.csv', '--out', 'census.csv'], { cwd: dir });
    expect(costs.code).toBe(2);
    await runInProcess(['allocate', 'census.csv', '--rate', '5', '-f', 'csv', '--out', 'a.csv'], { cwd: dir });
    const before = readFileSync(join(dir, 'a.csv'), 'utf8');
    const compare = await runInProcess(['compare', 'a.csv', 'a.csv', '-f', 'csv', '--out', 'a.csv'], { cwd: dir });
    expect(compare.code).toBe(2);
    expect(readFileSync(join(dir, 'a.csv'), 'utf8')).toBe(before);
  });
});

describe('--out only replaces a regular file', () => {
  it('refuses a device (as root, --out /dev/null would have replaced it with a file)', async () => {
    const dir = folder({ 'census.csv': CENSUS });
    const run = await runInProcess(['allocate', 'census.csv', '--rate', '5', '--out', '/dev/null'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('dedel: error: --out /dev/null is a device, not a regular file; --out writes files only (use > to write to a device or a pipe)\n');
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('refuses a named pipe and a folder', async () => {
    const dir = folder({ 'census.csv': CENSUS });
    spawnSync('mkfifo', [join(dir, 'pipe')]);
    mkdirSync(join(dir, 'sub'));
    const pipe = await runInProcess(['allocate', 'census.csv', '--rate', '5', '--out', 'pipe'], { cwd: dir });
    expect(pipe.code).toBe(2);
    expect(pipe.stderr).toContain('--out pipe is a named pipe, not a regular file');
    expect(statSync(join(dir, 'pipe')).isFIFO()).toBe(true);
    const sub = await runInProcess(['allocate', 'census.csv', '--rate', '5', '--out', 'sub'], { cwd: dir });
    expect(sub.code).toBe(2);
    expect(sub.stderr).toContain('--out sub is a folder, not a regular file');
    expect(names(dir)).toEqual(['census.csv', 'pipe', 'sub']);
  });

  it("keeps the replaced file's mode (a 0600 file stays 0600)", async () => {
    const dir = folder({ 'census.csv': CENSUS, 'out.csv': 'old\n' });
    chmodSync(join(dir, 'out.csv'), 0o600);
    const run = await runInProcess(['allocate', 'census.csv', '--rate', '5', '-f', 'csv', '--out', 'out.csv'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toContain('1,Ash Primary,community,primary,100,500,500,5.00\n');
    expect(statSync(join(dir, 'out.csv')).mode & 0o777).toBe(0o600);
    expect(names(dir)).toEqual(['census.csv', 'out.csv']);
  });

  it('refuses a read-only file and leaves it as it was', async () => {
    const dir = folder({ 'census.csv': CENSUS, 'out.csv': 'old\n' });
    chmodSync(join(dir, 'out.csv'), 0o444);
    const run = await runInProcess(['allocate', 'census.csv', '--rate', '5', '--out', 'out.csv'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('dedel: error: --out out.csv is read-only; dedel does not replace a read-only file (make it writable, or choose another file)\n');
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toBe('old\n');
  });

  it('writes through a symbolic link to the file it names, keeping the link', async () => {
    const dir = folder({ 'census.csv': CENSUS, 'real.csv': 'old\n' });
    symlinkSync('real.csv', join(dir, 'link.csv'));
    const run = await runInProcess(['allocate', 'census.csv', '--rate', '5', '-f', 'csv', '--out', 'link.csv'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(readFileSync(join(dir, 'real.csv'), 'utf8')).toContain('Ash Primary');
    expect(names(dir)).toEqual(['census.csv', 'link.csv', 'real.csv']);
  });
});

describe('--out that names no usable file', () => {
  it("--out '' is bad usage and writes nothing", async () => {
    const dir = folder({ 'census.csv': CENSUS });
    const run = await runInProcess(['allocate', 'census.csv', '--rate', '5', '--out', ''], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("option '-o, --out <file>' argument '' is invalid. expected a file name");
    expect(names(dir)).toEqual(['census.csv']);
  });

  it('a missing folder is a data error naming the folder, not a temporary file', async () => {
    const dir = folder({ 'census.csv': CENSUS });
    const run = await runInProcess(['allocate', 'census.csv', '--rate', '5', '--out', 'nodir/x.csv'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('dedel: error: cannot write nodir/x.csv: no such folder nodir\n');
    expect(names(dir)).toEqual(['census.csv']);
  });
});

describe('--out -', () => {
  // `-` is standard input for a file read; for --out it wrote a file named "-" in the folder.
  it.each([
    [['allocate', 'census.csv', '--rate', '5', '-f', 'csv', '--out', '-'], 'urn,school,status,phase,nor,de_delegation,total,per_pupil\n'],
    [['schema', '-o', '-'], '{\n'],
  ])('%j writes to standard output and leaves no file', async (args, start) => {
    const dir = folder({ 'census.csv': CENSUS });
    const run = await runInProcess(args, { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout.startsWith(start)).toBe(true);
    expect(names(dir)).toEqual(['census.csv']);
  });

  it('is a terminal table in a terminal: folded and in colour, as without --out', async () => {
    const dir = folder({ 'census.csv': CENSUS });
    const args = ['allocate', 'census.csv', '--rate', '5', '-q'];
    const plain = await runInProcess(args, { cwd: dir, tty: true, columns: 60 });
    expect((await runInProcess([...args, '--out', '-'], { cwd: dir, tty: true, columns: 60 })).stdout).toBe(plain.stdout);
    expect(plain.stdout).toContain('\u001b[1m');
    expect(names(dir)).toEqual(['census.csv']);
  });
});

describe('a file another program holds open', () => {
  // Windows refuses to replace a file Excel or Word has open (EPERM, EBUSY); the officer was told
  // only "permission denied", or a bare EBUSY, and not that closing the workbook would do.
  it('says to close it where the old file could not be replaced, and plainly otherwise', async () => {
    const { writeProblem } = await import('../../src/cli/io.js');
    const failure = (code: string) => Object.assign(new Error(code), { code });
    for (const code of ['EPERM', 'EACCES', 'EBUSY']) {
      expect(writeProblem(failure(code), true)).toBe('the file is open in another program, or permission denied (Excel and Word lock a file they have open: close it there and run again)');
    }
    expect(writeProblem(failure('EPERM'))).toBe('permission denied');
    expect(writeProblem(failure('EBUSY'))).toBe('the file is busy (open in another program?)');
    expect(writeProblem(failure('ENOSPC'), true)).toBe('no space left on the device');
  });
});

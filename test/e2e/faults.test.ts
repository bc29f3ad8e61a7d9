import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCensus } from '../../bench/generate.js';
import { BIN, binEnv } from '../helpers/bin.js';

// README "Files dedel reads and writes": a full device, a write error on either stream, or a
// signal during the write never leaves a half-written file, a temporary file or a stack trace.
const SMALL = 'URN,School,Status,Phase,NOR\n1,Ash Primary,Community,Primary,100\n';
const env = binEnv();

function folder(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'dedel-fault-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('write errors on stdout and stderr', () => {
  it('stdout on a full device (> /dev/full): one message, exit 1, no stack', () => {
    const dir = folder({ 'census.csv': SMALL });
    const full = openSync('/dev/full', 'w');
    try {
      const run = spawnSync(process.execPath, [BIN, 'allocate', 'census.csv', '--rate', '5', '-f', 'csv'], { cwd: dir, env, stdio: ['ignore', full, 'pipe'], encoding: 'utf8' });
      expect(run.status).toBe(1);
      expect(run.stderr).toBe('dedel: error: cannot write to standard output: no space left on the device\n');
    } finally {
      closeSync(full);
    }
  });

  // Help and the version were written and left: `dedel --help > /dev/full` said nothing and exited 0.
  it('help and the version on a full device: one message, exit 1', () => {
    const full = openSync('/dev/full', 'w');
    try {
      for (const args of [['allocate', '--help'], ['-V']]) {
        const run = spawnSync(process.execPath, [BIN, ...args], { env, stdio: ['ignore', full, 'pipe'], encoding: 'utf8' });
        expect(run.status, args.join(' ')).toBe(1);
        expect(run.stderr, args.join(' ')).toBe('dedel: error: cannot write to standard output: no space left on the device\n');
      }
    } finally {
      closeSync(full);
    }
  });

  it('stderr on a full device with a warning (2> /dev/full): exit 1 and nothing on stdout', () => {
    // £0.50 each rounds to £1 on its own: the rows add up to £3 against an exact £1.50, a warning.
    const dir = folder({ 'census.csv': 'URN,School,Status,Phase,NOR\n1,A,Community,Primary,1\n2,B,Community,Primary,1\n3,C,Community,Primary,1\n' });
    const full = openSync('/dev/full', 'w');
    try {
      const run = spawnSync(process.execPath, [BIN, 'allocate', 'census.csv', '--rate', '0.5', '-f', 'csv'], { cwd: dir, env, stdio: ['ignore', 'pipe', full], encoding: 'utf8' });
      expect(run.status).toBe(1);
      expect(run.stdout).toBe('');
    } finally {
      closeSync(full);
    }
  });
});

describe('standard input redirected from the --out file', () => {
  it('is refused: dedel allocate - --out census.csv < census.csv', () => {
    const dir = folder({ 'census.csv': SMALL });
    const census = openSync(join(dir, 'census.csv'), 'r');
    try {
      const run = spawnSync(process.execPath, [BIN, 'allocate', '-', '--rate', '5', '--out', 'census.csv'], { cwd: dir, env, stdio: [census, 'pipe', 'pipe'], encoding: 'utf8' });
      expect(run.status).toBe(2);
      expect(run.stderr).toBe('dedel: error: --out census.csv is an input file (read on standard input); choose another file\n');
      expect(readFileSync(join(dir, 'census.csv'), 'utf8')).toBe(SMALL);
    } finally {
      closeSync(census);
    }
  });
});

/** Can this machine give a run a private, small tmpfs (a user and mount namespace)? */
function privateTmpfs(): boolean {
  const probe = spawnSync('unshare', ['-rm', 'sh', '-c', 'd=$(mktemp -d) && mount -t tmpfs -o size=64k tmpfs "$d" && echo ok'], { encoding: 'utf8' });
  return probe.stdout === 'ok\n';
}

describe('--out on a full file system', () => {
  it.skipIf(!privateTmpfs())('keeps the old --out and leaves no temporary file (a private 256 KB tmpfs)', () => {
    const dir = folder({ 'census.csv': generateCensus(20_000) });
    const mnt = join(dir, 'mnt');
    const script = [
      `mkdir "${mnt}" && mount -t tmpfs -o size=256k tmpfs "${mnt}"`,
      `printf 'old\\n' > "${mnt}/out.csv"`,
      `"${process.execPath}" "${BIN}" allocate census.csv --rate 5 -f csv --out "${mnt}/out.csv" 2>&1; echo "status=$?"`,
      `ls -A "${mnt}"; cat "${mnt}/out.csv"`,
    ].join('\n');
    const run = spawnSync('unshare', ['-rm', 'sh', '-c', script], { cwd: dir, env, encoding: 'utf8' });
    expect(run.stdout).toBe(`dedel: error: cannot write ${mnt}/out.csv: no space left on the device\nstatus=1\nout.csv\nold\n`);
  });
});

describe('a signal while --out is written', () => {
  const dir = folder({ 'census.csv': generateCensus(30_000) });

  // The three runs go side by side: each takes a few seconds on a busy machine.
  it.concurrent.each(['SIGTERM', 'SIGINT', 'SIGHUP'] as const)('%s: the old --out is kept and no temporary file is left', async (signal) => {
    const out = join(dir, `out-${signal}.json`);
    writeFileSync(out, 'old\n');
    const child = spawn(process.execPath, [BIN, 'allocate', 'census.csv', '--rate', '5', '-f', 'json', '--out', out], { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('exit', (code, sig) => done({ code, signal: sig })));
    const temp = (name: string) => name.startsWith(`.out-${signal}.json.`) && name.endsWith('.tmp');
    let sent = false;
    // Kill as soon as the temporary file appears: the write is then in progress.
    for (let i = 0; i < 6000 && !sent && child.exitCode === null; i++) {
      if (readdirSync(dir).some(temp)) {
        child.kill(signal);
        sent = true;
      } else await new Promise((r) => setTimeout(r, 2));
    }
    const end = await ended;
    expect(sent).toBe(true);
    expect(end.signal).toBe(signal);
    expect(stderr).toBe('');
    expect(readFileSync(out, 'utf8')).toBe('old\n');
    expect(readdirSync(dir).filter(temp)).toEqual([]);
  }, 60_000);
});

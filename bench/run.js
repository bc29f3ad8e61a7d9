// `npm run bench` (SPEC §9): times the built `dedel allocate` on seeded censuses of 600,
// 24,000 and 1,000,000 rows beside `node -e 0`, a csv-parse → csv-stringify pass-through
// and a plain Python 3 script doing the same job; prints medians, rows per second, peak
// memory, ratios to dedel and the targets. BENCH_SIZES=600,24000 runs a subset;
// BENCH_RUNS=3 overrides the number of timed runs per command.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { censusFile, DEFAULT_SEED } from './generate.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');
const RESULTS = join(HERE, 'results');
const OUT = join(RESULTS, 'out');
const BIN = join(ROOT, 'bin', 'dedel.js');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const PYTHON = spawnSync('python3', ['--version']).status === 0 ? 'python3' : null;
const RATES = ['primary=5.83', 'secondary=7.92'];
const SIZES = (process.env.BENCH_SIZES ?? '600,24000,1000000').split(',').map((s) => Number(s.trim()));
const RUNS = (rows) => Number(process.env.BENCH_RUNS ?? (rows <= 1000 ? 15 : rows <= 50000 ? 7 : 2));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** One run: wall seconds (measured here) and peak RSS in MB (from /usr/bin/time, if present). */
function once(command, args) {
  const rssFile = join(tmpdir(), `dedel-bench-${process.pid}.rss`);
  const [cmd, argv] = TIME ? [TIME, ['-f', '%M', '-o', rssFile, command, ...args]] : [command, args];
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 1 << 30, stdio: ['ignore', 'ignore', 'pipe'] });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  let mb = null;
  if (TIME) {
    const kb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
    mb = kb / 1024;
    rmSync(rssFile, { force: true });
  }
  return { seconds, mb };
}

function measure(command, args, runs, warm) {
  if (warm) once(command, args);
  const results = Array.from({ length: runs }, () => once(command, args));
  return { seconds: median(results.map((r) => r.seconds)), mb: results.some((r) => r.mb === null) ? null : Math.max(...results.map((r) => r.mb)), runs };
}

function machine() {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? 'unknown';
  const python = PYTHON ? spawnSync(PYTHON, ['--version'], { encoding: 'utf8' }).stdout.trim() : 'no python3';
  return { cpu: model.trim(), nproc: cpus().length, node: process.version, python };
}

const fmt = (s) => (s === null ? 'n/a' : s < 1 ? `${(s * 1000).toFixed(0)} ms` : `${s.toFixed(2)} s`);
const mbText = (mb) => (mb === null ? 'n/a' : `${mb.toFixed(0)} MB`);
const rate = (rows, s) => `${Math.round(rows / s).toLocaleString('en-GB')}`;

mkdirSync(OUT, { recursive: true });
const info = machine();
const started = Date.now();
const results = [];
const targets = [];
const nodeRuns = RUNS(600);
const nodeBase = measure(process.execPath, ['-e', '0'], nodeRuns, true);

for (const rows of SIZES) {
  const file = censusFile(rows, DEFAULT_SEED);
  const runs = RUNS(rows);
  const warm = rows <= 50000;
  const out = (tool) => join(OUT, `${tool}-${rows}.csv`);
  const tools = [];
  const dedel = measure(process.execPath, [BIN, 'allocate', file, ...RATES.flatMap((r) => ['--rate', r]), '--foot', '--format', 'csv', `--out=${out('dedel')}`], runs, warm);
  tools.push({ name: 'dedel allocate (csv)', ...dedel });
  if (rows <= 50000) {
    const table = measure(process.execPath, [BIN, 'allocate', file, ...RATES.flatMap((r) => ['--rate', r]), '--foot', '--format', 'table', `--out=${out('table')}`], Math.min(runs, 3), false);
    tools.push({ name: 'dedel allocate (table)', ...table });
    if (rows === 24000) targets.push({ target: '24,000-row table under 2 s', met: table.seconds < 2, detail: `${fmt(table.seconds)}` });
  }
  tools.push({ name: 'node -e 0', ...nodeBase });
  tools.push({ name: 'csv-parse → csv-stringify', ...measure(process.execPath, [join(HERE, 'passthrough.js'), file, out('passthrough')], runs, warm) });
  let identical = null;
  if (PYTHON) {
    const py = measure(PYTHON, [join(HERE, 'reference.py'), file, out('python'), ...RATES], runs, warm);
    tools.push({ name: 'Python 3 reference', ...py });
    identical = readFileSync(out('python')).equals(readFileSync(out('dedel')));
  }
  for (const t of tools) t.ratio = t.seconds / dedel.seconds;
  const python = tools.find((t) => t.name === 'Python 3 reference');
  if (rows === 600) targets.push({ target: '600 schools within 1.5 × node -e 0', met: dedel.seconds <= 1.5 * nodeBase.seconds, detail: `${fmt(dedel.seconds)} = ${(dedel.seconds / nodeBase.seconds).toFixed(2)} × ${fmt(nodeBase.seconds)}` });
  if (rows >= 24000 && python) {
    targets.push({ target: `${rows.toLocaleString('en-GB')} rows faster than Python`, met: dedel.seconds < python.seconds, detail: `${fmt(dedel.seconds)} vs ${fmt(python.seconds)} (${(python.seconds / dedel.seconds).toFixed(2)} × faster)` });
  }
  if (rows >= 1000000) targets.push({ target: '1,000,000 rows under 300 MB peak', met: dedel.mb !== null && dedel.mb < 300, detail: mbText(dedel.mb) });
  results.push({ rows, file: file.slice(ROOT.length + 1), runs, identical, tools });
}

const lines = [];
lines.push(`## dedel benchmark`, '');
lines.push(`Machine: ${info.cpu}, ${info.nproc} CPUs; Node ${info.node}; ${info.python}. Seed ${DEFAULT_SEED}. Total bench time ${((Date.now() - started) / 1000).toFixed(0)} s.`, '');
for (const r of results) {
  lines.push(`### ${r.rows.toLocaleString('en-GB')} rows (median of ${r.runs}; ${r.file})`, '');
  lines.push('| command | median | rows/s | peak memory | time ÷ dedel csv |', '|---|---:|---:|---:|---:|');
  for (const t of r.tools) lines.push(`| ${t.name} | ${fmt(t.seconds)} | ${t.name === 'node -e 0' ? '' : rate(r.rows, t.seconds)} | ${mbText(t.mb)} | ${t.ratio.toFixed(2)} |`);
  lines.push('');
  lines.push(r.identical === null ? 'Python output not compared (no python3).' : r.identical ? 'Python and dedel csv outputs are byte-identical.' : '**Python and dedel csv outputs differ.**', '');
}
lines.push('### Targets', '', '| target | result | |', '|---|---|---|');
for (const t of targets) lines.push(`| ${t.target} | ${t.met ? 'pass' : 'MISS'} | ${t.detail} |`);
const markdown = `${lines.join('\n')}\n`;
process.stdout.write(markdown);
writeFileSync(join(RESULTS, 'latest.md'), markdown);
writeFileSync(join(RESULTS, 'latest.json'), `${JSON.stringify({ machine: info, date: new Date().toISOString(), results, targets }, null, 2)}\n`);
if (results.some((r) => r.identical === false)) process.exitCode = 1;

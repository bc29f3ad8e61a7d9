// `npm run bench` (SPEC §9): times the built `dedel allocate` on seeded censuses of 600,
// 24,000 and 1,000,000 rows beside `node -e 0`, a csv-parse → csv-stringify pass-through
// and a plain Python 3 script doing the same job; prints medians, rows per second, peak
// memory, ratios to dedel and the targets. Commands are timed in interleaved rounds.
// BENCH_SIZES=600,24000 runs a subset; BENCH_RUNS=3 overrides the number of rounds;
// BENCH_RESULTS=DIR writes the results (and outputs) there instead of bench/results.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { censusFile, DEFAULT_SEED } from './generate.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');
const RESULTS = process.env.BENCH_RESULTS ?? join(HERE, 'results');
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
function once({ command, args, env }) {
  const rssFile = join(tmpdir(), `dedel-bench-${process.pid}.rss`);
  const [cmd, argv] = TIME ? [TIME, ['-f', '%M', '-o', rssFile, command, ...args]] : [command, args];
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, maxBuffer: 1 << 30, stdio: ['ignore', 'ignore', 'pipe'] });
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

/**
 * Times commands in rounds, each round running every command once, so a change in the
 * machine's load falls on all of them alike; medians of wall time, the highest peak memory.
 */
function interleaved(commands, rounds, warm) {
  if (warm) for (const c of commands) once(c);
  const samples = commands.map(() => []);
  for (let r = 0; r < rounds; r++) commands.forEach((c, i) => samples[i].push(once(c)));
  return commands.map((c, i) => ({
    name: c.name,
    seconds: median(samples[i].map((x) => x.seconds)),
    mb: samples[i].some((x) => x.mb === null) ? null : Math.max(...samples[i].map((x) => x.mb)),
    runs: rounds,
  }));
}

function machine() {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? 'unknown';
  const python = PYTHON ? spawnSync(PYTHON, ['--version'], { encoding: 'utf8' }).stdout.trim() : 'no python3';
  const load = existsSync('/proc/loadavg') ? readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ') : 'n/a';
  return { cpu: model.trim(), nproc: cpus().length, node: process.version, python, load };
}

const fmt = (s) => (s === null ? 'n/a' : s < 1 ? `${(s * 1000).toFixed(0)} ms` : `${s.toFixed(2)} s`);
const mbText = (mb) => (mb === null ? 'n/a' : `${mb.toFixed(0)} MB`);
const rate = (rows, s) => `${Math.round(rows / s).toLocaleString('en-GB')}`;

// NODE_EXTRA_CA_CERTS makes every Node process read and parse a certificate file before any
// script runs (about 50 ms here). dedel makes no network connections; where it is set, the
// small censuses are timed both as the environment is and without it.
const EXTRA_CA = process.env.NODE_EXTRA_CA_CERTS ? 'NODE_EXTRA_CA_CERTS' : null;
const WITHOUT_CA = { NODE_EXTRA_CA_CERTS: undefined };

mkdirSync(OUT, { recursive: true });
const info = machine();
const started = Date.now();
const results = [];
const targets = [];

for (const rows of SIZES) {
  const file = censusFile(rows, DEFAULT_SEED);
  const runs = RUNS(rows);
  const small = rows <= 50000;
  const out = (tool) => join(OUT, `${tool}-${rows}.csv`);
  const dedelArgs = (tool) => [BIN, 'allocate', file, ...RATES.flatMap((r) => ['--rate', r]), '--foot', '--format', 'csv', `--out=${out(tool)}`];
  const commands = [
    { name: 'dedel allocate (csv)', command: process.execPath, args: dedelArgs('dedel') },
    { name: 'node -e 0', command: process.execPath, args: ['-e', '0'] },
    { name: 'csv-parse → csv-stringify', command: process.execPath, args: [join(HERE, 'passthrough.js'), file, out('passthrough')] },
  ];
  if (PYTHON) commands.push({ name: 'Python 3 reference', command: PYTHON, args: [join(HERE, 'reference.py'), file, out('python'), ...RATES] });
  if (EXTRA_CA && small) {
    commands.push({ name: `dedel allocate (csv), ${EXTRA_CA} unset`, command: process.execPath, args: dedelArgs('dedel-noca'), env: WITHOUT_CA });
    commands.push({ name: `node -e 0, ${EXTRA_CA} unset`, command: process.execPath, args: ['-e', '0'], env: WITHOUT_CA });
  }
  const tools = interleaved(commands, runs, small);
  if (small) {
    const table = interleaved([{ name: 'dedel allocate (table)', command: process.execPath, args: [BIN, 'allocate', file, ...RATES.flatMap((r) => ['--rate', r]), '--foot', '--format', 'table', `--out=${out('table')}`] }], Math.min(runs, 3), false)[0];
    tools.splice(1, 0, table);
    if (rows === 24000) targets.push({ target: '24,000-row table under 2 s', met: table.seconds < 2, detail: `${fmt(table.seconds)}` });
  }
  const find = (name) => tools.find((t) => t.name === name);
  const dedel = find('dedel allocate (csv)');
  let identical = null;
  if (PYTHON) identical = readFileSync(out('python')).equals(readFileSync(out('dedel')));
  for (const t of tools) t.ratio = t.seconds / dedel.seconds;
  const python = find('Python 3 reference');
  const environments = [{ label: '', dedel, node: find('node -e 0') }];
  if (EXTRA_CA && small) environments.push({ label: ` (${EXTRA_CA} unset)`, dedel: find(`dedel allocate (csv), ${EXTRA_CA} unset`), node: find(`node -e 0, ${EXTRA_CA} unset`) });
  for (const { label, dedel: d, node } of environments) {
    if (rows === 600) targets.push({ target: `600 schools within 1.5 × node -e 0${label}`, met: d.seconds <= 1.5 * node.seconds, detail: `${fmt(d.seconds)} = ${(d.seconds / node.seconds).toFixed(2)} × ${fmt(node.seconds)}` });
    if (rows >= 24000 && python) {
      targets.push({ target: `${rows.toLocaleString('en-GB')} rows faster than Python${label}`, met: d.seconds < python.seconds, detail: `${fmt(d.seconds)} vs ${fmt(python.seconds)} (${(python.seconds / d.seconds).toFixed(2)} × faster)` });
    }
  }
  if (rows >= 1000000) targets.push({ target: '1,000,000 rows under 300 MB peak', met: dedel.mb !== null && dedel.mb < 300, detail: mbText(dedel.mb) });
  results.push({ rows, file: file.slice(ROOT.length + 1), runs, identical, tools });
}

const lines = [];
lines.push(`## dedel benchmark`, '');
lines.push(`Machine: ${info.cpu}, ${info.nproc} CPUs (load ${info.load} at the start); Node ${info.node}; ${info.python}. Seed ${DEFAULT_SEED}. Total bench time ${((Date.now() - started) / 1000).toFixed(0)} s.`, '');
lines.push('Each size is timed in rounds that run every command once, so changes in the machine\'s load fall on all of them alike.', '');
if (EXTRA_CA) lines.push(`${EXTRA_CA} is set here: every Node process reads and parses that certificate file before any script runs. The small censuses are also timed without it (dedel makes no network connections).`, '');
for (const r of results) {
  lines.push(`### ${r.rows.toLocaleString('en-GB')} rows (medians of ${r.runs} rounds; ${r.file})`, '');
  lines.push('| command | median | rows/s | peak memory | time ÷ dedel csv |', '|---|---:|---:|---:|---:|');
  for (const t of r.tools) lines.push(`| ${t.name} | ${fmt(t.seconds)} | ${t.name.startsWith('node -e 0') ? '' : rate(r.rows, t.seconds)} | ${mbText(t.mb)} | ${t.ratio.toFixed(2)} |`);
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

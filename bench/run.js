// `npm run bench`: times the built `dedel allocate` on seeded censuses of 24,000, 1,000,000
// and 3,000,000 rows, for each plan the README's Performance section lists, with dedel's
// output written into a pipe (as a pipeline does), beside the Python reference
// (bench/reference.py, run as the interpreter itself, not through a version-manager shim):
// each plan the reference does is paired with its run of the same plan, and their outputs
// are compared byte for byte (the bench exits 1 where they differ). Prints medians, rows per
// second, peak memory, ratios and the targets.
// BENCH_SIZES=24000,1000000 runs a subset; BENCH_RUNS=3 overrides the number of rounds;
// BENCH_PLANS=csv,target runs some plans; BENCH_PAIRS=1 sets the back-to-back pairs (solved
// target, growth; 3 by default); BENCH_RESULTS=DIR writes the results there.
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
const RATES = ['primary=5.83', 'secondary=7.92'];
const SIZES = (process.env.BENCH_SIZES ?? '24000,1000000,3000000').split(',').map((s) => Number.parseInt(s.trim(), 10));
const PAIRS = Number.parseInt(process.env.BENCH_PAIRS ?? '3', 10);
const RUNS = (rows) => Number.parseInt(process.env.BENCH_RUNS ?? (rows <= 50000 ? '5' : rows <= 1000000 ? '2' : '1'), 10);

/** Python as the interpreter itself: a shim (pyenv, asdf) would add its own start-up to every run. */
function python() {
  const found = spawnSync('python3', ['-c', 'import os, sys; print(os.path.realpath(sys.executable))'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : null;
}
const PYTHON = python();

const rates = RATES.flatMap((r) => ['--rate', r]);
const TWO_SERVICES = join(RESULTS, 'two-services.json');
/**
 * The plans, as the README's Performance section lists them. `py`: the same plan in the Python
 * reference (none for `table`): its options, and the PHASE=VALUE pairs after the census and output.
 */
const PLANS = [
  { key: 'csv', name: 'per-phase rates, csv', args: [...rates, '--foot', '--format', 'csv'], py: { options: [], values: RATES } },
  { key: 'table', name: 'per-phase rates, table', args: [...rates, '--foot', '--format', 'table'] },
  { key: 'json', name: 'per-phase rates, json', args: [...rates, '--foot', '--format', 'json'], py: { options: ['--plan', 'json'], values: RATES } },
  { key: 'md', name: 'per-phase rates, md', args: [...rates, '--foot', '--format', 'md'], py: { options: ['--plan', 'md'], values: RATES } },
  { key: 'services', name: 'two services from a config, csv', args: ['-c', TWO_SERVICES, '--format', 'csv'], py: { options: ['--plan', 'services', '--config', TWO_SERVICES], values: [] } },
  { key: 'months', name: '--months 5,7, csv', args: [...rates, '--foot', '--months', '5,7', '--format', 'csv'], py: { options: ['--plan', 'months', '--months', '5,7'], values: RATES } },
  { key: 'target', name: 'target with weights, no rateUnit, csv', args: ['--target', '1160000', '--weight', 'primary=2', '--weight', 'secondary=3', '--foot', '--format', 'csv'], py: { options: ['--plan', 'target', '--target', '1160000'], values: ['primary=2', 'secondary=3'] } },
  { key: 'all', name: '--all, csv', args: [...rates, '--foot', '--all', '--format', 'csv'], py: { options: ['--plan', 'all'], values: RATES } },
].filter((p) => !process.env.BENCH_PLANS || process.env.BENCH_PLANS.split(',').includes(p.key));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const shell = (s) => `'${s.replaceAll("'", "'\\''")}'`;
/** The Python reference's arguments for a plan: its options, the census, the output file, then PHASE=VALUE pairs. */
const pyArgs = (plan, file, out) => [join(HERE, 'reference.py'), ...plan.py.options, file, out, ...plan.py.values];
/** The floor's run of the csv plan (bench/floor.cjs), its output on stdout. */
const floorArgs = (file) => [join(HERE, 'floor.cjs'), file, ...RATES];
/** The output's file extension for the untimed comparison: its --format. */
const extension = (plan) => plan.args[plan.args.indexOf('--format') + 1];

/** One run with its stdout into a pipe (read and dropped by `cat`): wall seconds and the command's peak RSS in MB. */
function once(command, args, bare = false) {
  const rssFile = join(tmpdir(), `dedel-bench-${process.pid}.rss`);
  const timed = TIME ? `${TIME} -f %M -o ${shell(rssFile)} ` : '';
  const line = `${timed}${[command, ...args].map(shell).join(' ')} | cat > /dev/null`;
  const start = process.hrtime.bigint();
  const env = { ...process.env, NO_COLOR: '1' };
  // `bare`: without NODE_EXTRA_CA_CERTS, which makes every Node start read a certificate file.
  if (bare) delete env.NODE_EXTRA_CA_CERTS;
  const r = spawnSync('bash', ['-o', 'pipefail', '-c', line], { cwd: ROOT, encoding: 'utf8', env, stdio: ['ignore', 'ignore', 'pipe'] });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  let mb = null;
  if (TIME) {
    mb = Number.parseInt(readFileSync(rssFile, 'utf8').trim().split('\n').pop(), 10) / 1024;
    rmSync(rssFile, { force: true });
  }
  return { seconds, mb };
}

/** dedel's run of a plan on a census. */
const dedel = (file, plan) => once(process.execPath, [BIN, 'allocate', file, ...plan.args]);

/** `n` pairs of runs back to back, which goes first swapped each pair: each as [a's run, b's run]. */
function backToBack(n, a, b) {
  const pairs = [];
  for (let i = 0; i < n; i++) {
    if (i % 2 === 0) {
      const first = a();
      pairs.push([first, b()]);
    } else {
      const first = b();
      pairs.push([a(), first]);
    }
  }
  return pairs;
}

function machine() {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? 'unknown';
  const version = PYTHON ? spawnSync(PYTHON, ['--version'], { encoding: 'utf8' }).stdout.trim() : 'no python3';
  const load = existsSync('/proc/loadavg') ? readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ') : 'n/a';
  return { cpu: model.trim(), nproc: cpus().length, node: process.version, python: version, pythonPath: PYTHON, load };
}

const fmt = (s) => (s === null || s === undefined ? 'n/a' : s < 1 ? `${(s * 1000).toFixed(0)} ms` : `${s.toFixed(2)} s`);
const mbText = (mb) => (mb === null || mb === undefined ? 'n/a' : `${mb.toFixed(0)} MB`);
const rowsPerSecond = (rows, s) => `${Math.round(rows / s).toLocaleString('en-GB')}`;

mkdirSync(OUT, { recursive: true });
writeFileSync(
  TWO_SERVICES,
  `${JSON.stringify({ rounding: { foot: 'largest-remainder' }, services: [{ name: 'School Improvement', rate: { primary: '5.83', secondary: '7.92' } }, { name: 'Licences', basis: 'school', rate: '250' }] }, null, 2)}\n`,
);
const info = machine();
const started = Date.now();
const results = [];
const targets = [];

for (const rows of SIZES) {
  const file = censusFile(rows, DEFAULT_SEED);
  const runs = RUNS(rows);
  const samples = new Map(PLANS.map((p) => [p.key, []]));
  // Python's runs of each plan it does, and Python ÷ dedel per pair.
  const pythonSamples = new Map(PLANS.map((p) => [p.key, []]));
  const planPairs = new Map(PLANS.map((p) => [p.key, []]));
  // Where the machine sets NODE_EXTRA_CA_CERTS, small censuses are also paired without it.
  const barePairs = [];
  const bare = rows <= 50000 && process.env.NODE_EXTRA_CA_CERTS !== undefined;
  // On small censuses, the floor (bench/floor.cjs: the csv plan alone, no checks) is paired with
  // Python as dedel is: what any Node program does at this size, on this machine, today.
  const floorPairs = [];
  const bareFloorPairs = [];
  const floored = rows <= 50000 && PYTHON !== null && PLANS.some((p) => p.key === 'csv');
  // A warm-up of the csv plan (and Python) on the small census: the file is in the page cache for all alike.
  if (rows <= 50000) once(process.execPath, [BIN, 'allocate', file, ...PLANS[0].args]);
  for (let r = 0; r < runs; r++) {
    for (const plan of PLANS) {
      const run = once(process.execPath, [BIN, 'allocate', file, ...plan.args]);
      samples.get(plan.key).push(run);
      // Paired: Python's run of the same plan right after dedel's, under the same load.
      if (plan.py && PYTHON) {
        const py = once(PYTHON, pyArgs(plan, file, '/dev/stdout'));
        pythonSamples.get(plan.key).push(py);
        planPairs.get(plan.key).push(py.seconds / run.seconds);
        if (plan.key === 'csv' && floored) {
          const theirs = once(PYTHON, pyArgs(plan, file, '/dev/stdout'));
          floorPairs.push(theirs.seconds / once(process.execPath, floorArgs(file)).seconds);
        }
        if (plan.key === 'csv' && bare) {
          const mine = once(process.execPath, [BIN, 'allocate', file, ...plan.args], true);
          const theirs = once(PYTHON, pyArgs(plan, file, '/dev/stdout'), true);
          barePairs.push(theirs.seconds / mine.seconds);
          if (floored) bareFloorPairs.push(once(PYTHON, pyArgs(plan, file, '/dev/stdout'), true).seconds / once(process.execPath, floorArgs(file), true).seconds);
        }
      }
    }
  }
  // A solved target against given rates, back to back (the order swapped each pair), so the
  // machine's load falls on both alike: the ratio is judged on these pairs, not on two medians
  // taken minutes apart (at 3,000,000 rows a round runs every plan, and each plan once).
  const given = PLANS.find((p) => p.key === 'csv');
  const solved = PLANS.find((p) => p.key === 'target');
  const solvedPairs = given && solved ? backToBack(Math.max(PAIRS, runs), () => dedel(file, given), () => dedel(file, solved)).map(([g, t]) => t.seconds / g.seconds) : [];
  // Above a million rows, each plan's time and memory against a million rows, back to back
  // (which goes first swapped each pair): linear growth is judged on these pairs, not on a
  // single run here held against medians taken half an hour before.
  const scalePairs = new Map();
  if (rows > 1000000) {
    const base = censusFile(1000000, DEFAULT_SEED);
    for (const plan of PLANS) {
      const pairs = backToBack(PAIRS, () => dedel(base, plan), () => dedel(file, plan));
      scalePairs.set(plan.key, pairs.map(([small, large]) => ({ time: large.seconds / small.seconds, memory: large.mb !== null && small.mb !== null ? large.mb / small.mb : null })));
    }
  }
  const pythonOf = (key) => {
    const xs = pythonSamples.get(key);
    return xs.length ? { seconds: median(xs.map((x) => x.seconds)), mb: xs.some((x) => x.mb === null) ? null : Math.max(...xs.map((x) => x.mb)), runs: xs.length } : null;
  };
  // Each plan's outputs compared once, written to files (not timed); the floor's with Python's csv.
  let floorIdentical = null;
  const compare = (plan) => {
    if (!PYTHON || !plan.py) return null;
    const mine = join(OUT, `dedel-${rows}-${plan.key}.${extension(plan)}`);
    const theirs = join(OUT, `python-${rows}-${plan.key}.${extension(plan)}`);
    const a = spawnSync(process.execPath, [BIN, 'allocate', file, ...plan.args, '--quiet', `--out=${mine}`]);
    const b = spawnSync(PYTHON, pyArgs(plan, file, theirs));
    const identical = a.status === 0 && b.status === 0 && readFileSync(theirs).equals(readFileSync(mine));
    // The floor is held to the same bytes, so its time is for the same work.
    if (plan.key === 'csv' && floored) {
      const floor = spawnSync(process.execPath, floorArgs(file), { maxBuffer: 1 << 30 });
      floorIdentical = b.status === 0 && floor.status === 0 && readFileSync(theirs).equals(floor.stdout);
    }
    rmSync(mine, { force: true });
    rmSync(theirs, { force: true });
    return identical;
  };
  const summary = PLANS.map((plan) => {
    const xs = samples.get(plan.key);
    return {
      key: plan.key,
      name: plan.name,
      seconds: median(xs.map((x) => x.seconds)),
      mb: xs.some((x) => x.mb === null) ? null : Math.max(...xs.map((x) => x.mb)),
      runs: xs.length,
      python: pythonOf(plan.key),
      pairs: planPairs.get(plan.key),
      scale: scalePairs.get(plan.key) ?? null,
      identical: compare(plan),
    };
  });
  const compared = summary.filter((s) => s.identical !== null);
  // `python` and `pairs`: the csv plan's, as before; each plan's own are in `summary`.
  const csvPlan = summary.find((s) => s.key === 'csv');
  results.push({
    rows,
    file: file.slice(ROOT.length + 1),
    runs,
    summary,
    python: csvPlan?.python ?? null,
    pairs: csvPlan?.pairs ?? [],
    barePairs,
    floorPairs,
    bareFloorPairs,
    floorIdentical,
    solvedPairs,
    identical: compared.length ? compared.every((s) => s.identical) : null,
  });
}

// Targets.
const bySize = new Map(results.map((r) => [r.rows, r]));
const planOf = (r, key) => r?.summary.find((s) => s.key === key);
const at1m = bySize.get(1000000);
const at3m = bySize.get(3000000);
const at24k = bySize.get(24000);
if (at1m) {
  for (const s of at1m.summary) targets.push({ target: `1,000,000 rows, ${s.name}: under 300 MB peak`, met: s.mb !== null && s.mb < 300, detail: mbText(s.mb) });
  for (const s of at1m.summary) {
    // Python's time for the same plan where the reference does it, else its csv plan's.
    const py = s.python ?? at1m.python;
    if (!py) continue;
    const which = s.python ? "Python's run of the same plan" : "Python's csv plan, as the reference does not do this one";
    targets.push({ target: `1,000,000 rows, ${s.name}: faster than Python`, met: s.seconds < py.seconds, detail: `${fmt(s.seconds)} vs ${fmt(py.seconds)} for ${which} (${(py.seconds / s.seconds).toFixed(2)} ×)` });
  }
}
if (at3m) {
  for (const s of at3m.summary) {
    if (!s.scale) continue;
    const time = median(s.scale.map((p) => p.time));
    const memories = s.scale.map((p) => p.memory);
    const memory = memories.some((m) => m === null) ? null : median(memories);
    targets.push({
      target: `3,000,000 rows, ${s.name}: linear in time and memory (≤ 3.3 × 1,000,000 rows; median of ${s.scale.length} back-to-back pairs)`,
      met: time <= 3.3 && (memory === null || memory <= 3.3),
      detail: `time ${time.toFixed(2)} × (pairs: ${s.scale.map((p) => p.time.toFixed(2)).join(', ')}), memory ${memory === null ? 'n/a' : `${memory.toFixed(2)} ×`}`,
    });
  }
}
if (at24k && at24k.pairs.length) {
  const slowest = Math.min(...at24k.pairs);
  const floor = at24k.floorPairs.length ? `; Python ÷ bench/floor.cjs (the csv plan alone, no checks): ${at24k.floorPairs.map((p) => p.toFixed(2)).join(', ')}` : '';
  targets.push({ target: '24,000 rows faster than Python in every paired run (csv plan)', met: slowest > 1, detail: `Python ÷ dedel per pair: ${at24k.pairs.map((p) => p.toFixed(2)).join(', ')}${floor}` });
  if (at24k.barePairs.length) {
    targets.push({
      target: '24,000 rows faster than Python in every paired run (csv plan), without NODE_EXTRA_CA_CERTS',
      met: Math.min(...at24k.barePairs) > 1,
      detail: `Python ÷ dedel per pair: ${at24k.barePairs.map((p) => p.toFixed(2)).join(', ')}${at24k.bareFloorPairs.length ? `; Python ÷ bench/floor.cjs: ${at24k.bareFloorPairs.map((p) => p.toFixed(2)).join(', ')}` : ''}`,
    });
  }
}
for (const r of results) {
  if (!r.solvedPairs.length) continue;
  const middle = median(r.solvedPairs);
  targets.push({
    target: `${r.rows.toLocaleString('en-GB')} rows: a solved target within 1.2 × given rates (median of ${r.solvedPairs.length} back-to-back pairs)`,
    met: middle <= 1.2,
    detail: `${middle.toFixed(2)} × (pairs: ${r.solvedPairs.map((p) => p.toFixed(2)).join(', ')})`,
  });
}

const lines = [];
lines.push('## dedel benchmark', '');
lines.push(`Machine: ${info.cpu}, ${info.nproc} CPUs (load ${info.load} at the start); Node ${info.node}; ${info.python} (${info.pythonPath ?? 'none'}). Seed ${DEFAULT_SEED}. Total bench time ${((Date.now() - started) / 1000).toFixed(0)} s.`, '');
lines.push(
  "dedel's output goes into a pipe (`| cat > /dev/null`), as a pipeline writes it. Each round runs every plan once, with the Python reference's run of the same plan right after dedel's (a pair) where the reference does that plan, so changes in the machine's load fall on all alike. A plan the reference does not do is held against Python's csv plan (marked `(csv plan)`).",
  '',
);
for (const r of results) {
  lines.push(`### ${r.rows.toLocaleString('en-GB')} rows (medians of ${r.runs} rounds; ${r.file})`, '');
  lines.push('| plan | median | rows/s | peak memory | time ÷ csv plan | Python ÷ this |', '|---|---:|---:|---:|---:|---:|');
  const csv = planOf(r, 'csv') ?? r.summary[0];
  for (const s of r.summary) {
    // Python's time for the same plan where the reference does it, else its csv plan's.
    const py = s.python ?? r.python;
    const ratio = py ? `${(py.seconds / s.seconds).toFixed(2)}${s.python ? '' : ' (csv plan)'}` : 'n/a';
    lines.push(`| dedel allocate: ${s.name} | ${fmt(s.seconds)} | ${rowsPerSecond(r.rows, s.seconds)} | ${mbText(s.mb)} | ${(s.seconds / csv.seconds).toFixed(2)} | ${ratio} |`);
    if (s.python) lines.push(`| Python 3 reference (${s.key} plan) | ${fmt(s.python.seconds)} | ${rowsPerSecond(r.rows, s.python.seconds)} | ${mbText(s.python.mb)} | ${(s.python.seconds / csv.seconds).toFixed(2)} | 1.00 |`);
  }
  lines.push('');
  for (const s of r.summary) if (s.pairs.length) lines.push(`- Paired runs, Python ÷ dedel (${s.key} plan): ${s.pairs.map((p) => p.toFixed(2)).join(', ')}.`);
  if (r.summary.some((s) => s.pairs.length)) lines.push('');
  const scaled = r.summary.filter((s) => s.scale);
  for (const s of scaled) lines.push(`- This size ÷ 1,000,000 rows, back to back (${s.key} plan): time ${s.scale.map((p) => p.time.toFixed(2)).join(', ')}; memory ${s.scale.map((p) => (p.memory === null ? 'n/a' : p.memory.toFixed(2))).join(', ')}.`);
  if (scaled.length) lines.push('');
  if (r.solvedPairs.length) lines.push(`Solved target ÷ given rates, back to back: ${r.solvedPairs.map((p) => p.toFixed(2)).join(', ')}.`, '');
  if (r.floorPairs.length) {
    const same = r.floorIdentical ? 'the same bytes as Python' : '**its output differs from Python\'s**';
    lines.push(`The floor, bench/floor.cjs (the csv plan alone in a Node script: ${same}, no checks, no options), paired with Python as dedel is: Python ÷ floor ${r.floorPairs.map((p) => p.toFixed(2)).join(', ')}.`, '');
  }
  if (r.barePairs.length) lines.push(`The csv plan's pairs without NODE_EXTRA_CA_CERTS: ${r.barePairs.map((p) => p.toFixed(2)).join(', ')}${r.bareFloorPairs.length ? ` (the floor's: ${r.bareFloorPairs.map((p) => p.toFixed(2)).join(', ')})` : ''}.`, '');
  if (r.identical === null) lines.push('Python output not compared.', '');
  else {
    const same = r.summary.filter((s) => s.identical === true).map((s) => s.key);
    const differ = r.summary.filter((s) => s.identical === false).map((s) => s.key);
    const others = same.filter((key) => key !== 'csv');
    const text = [
      ...differ.map((key) => `**Python and dedel ${key} outputs differ.**`),
      ...(same.includes('csv') ? ['Python and dedel csv outputs are byte-identical.'] : []),
      ...(others.length ? [same.includes('csv') ? `So are their ${others.join(', ')} outputs.` : `Python and dedel ${others.join(', ')} outputs are byte-identical.`] : []),
    ];
    lines.push(text.join(' '), '');
  }
}
lines.push('### Targets', '', '| target | result | |', '|---|---|---|');
for (const t of targets) lines.push(`| ${t.target} | ${t.met ? 'pass' : 'MISS'} | ${t.detail} |`);
const markdown = `${lines.join('\n')}\n`;
process.stdout.write(markdown);
writeFileSync(join(RESULTS, 'latest.md'), markdown);
writeFileSync(join(RESULTS, 'latest.json'), `${JSON.stringify({ machine: info, date: new Date().toISOString(), results, targets }, null, 2)}\n`);
if (results.some((r) => r.identical === false || r.floorIdentical === false)) process.exitCode = 1;

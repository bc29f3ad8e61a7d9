// `npm run build`: type-checks (tsc → dist/, incrementally) and bundles the CLI into one CommonJS script,
// dist/bundle/dedel.cjs, and records V8's code cache for it (dist/bundle/dedel.cjs.cache) by
// running it once on a fixture, so that a run starts without parsing or compiling what that
// run used. bin/dedel.js loads the script with the cache, and without it where it is missing
// or V8 rejects it (another Node version). dist/bundle is cleared first: nothing stale stays.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { generateCensus } from '../bench/generate.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BUNDLE = join(ROOT, 'dist', 'bundle');

rmSync(BUNDLE, { recursive: true, force: true });
// Incremental: tsc keeps what it learnt in dist/.tsbuildinfo (removed with dist/), so a build
// after a small change (every `npm test`) type-checks again in a third of the time. It runs
// beside the bundling and the recording of the cache (one process at a time, so a second core
// is free); if it fails, the build fails and leaves no bundle.
const tsc = spawn(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.json'), '--incremental', '--tsBuildInfoFile', join(ROOT, 'dist', '.tsbuildinfo')], { stdio: 'inherit' });
const typeChecked = new Promise((done) => {
  tsc.on('error', () => done(1));
  tsc.on('exit', (code) => done(code ?? 1));
});

// commander requires node:child_process at load for executable subcommands, which dedel has
// none of; loading it (and net, dgram, stream with it) costs a few milliseconds every run. In
// the bundle it is required when first used instead.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) => (args.importer.includes(`${join('node_modules', 'commander')}`) ? { path: 'child_process', namespace: 'lazy' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, () => ({
      contents: "let m; const load = () => (m ??= require('node:child_process')); module.exports = new Proxy({}, { get: (_, key) => load()[key], has: (_, key) => key in load() });",
      loader: 'js',
    }));
  },
};

await build({
  entryPoints: [join(ROOT, 'src', 'cli', 'entry.ts')],
  outfile: join(BUNDLE, 'dedel.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // Lazily loaded modules (renderers, the config schema) become functions called on first use.
  supported: { 'dynamic-import': false },
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
  // zod (two thirds of the bundle) is needed only with a config file: required from
  // node_modules when one is read, so other runs never read or load it. docx and fflate
  // (Word output, zip and PNG) likewise, only when a paper is written as .docx.
  // fflate and saxes also read and write .xlsx workbooks, loaded only then.
  external: ['zod', 'docx', 'fflate', 'saxes'],
  define: { 'import.meta.url': '__dedelUrl' },
  plugins: [lazyChildProcess],
  banner: { js: "var __dedelUrl=require('node:url').pathToFileURL(__filename).href;" },
});

// zod on its own, for bin/dedel.js to start with its own code cache when a config is read
// (required from node_modules, it took about 0.1 s to load and compile on every such run).
await build({
  entryPoints: ['zod'],
  outfile: join(BUNDLE, 'zod.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
});

// bin/dedel.js reads the bundle as Latin-1 (a copy of its bytes, no UTF-8 to decode): it must be
// ASCII. esbuild escapes other letters in strings but not in regular expressions (write \u00a3).
const bundled = readFileSync(join(BUNDLE, 'dedel.cjs'));
const wide = bundled.findIndex((b) => b > 0x7f);
if (wide >= 0) {
  rmSync(BUNDLE, { recursive: true, force: true });
  console.error(`build: the bundle is not ASCII (byte ${wide}: ${JSON.stringify(bundled.subarray(Math.max(0, wide - 40), wide + 10).toString('utf8'))}); escape the letter in the source`);
  process.exit(1);
}

// Runs that record the cache, one after another: each starts from the cache the last one
// wrote and adds what it compiled. One with a config (so zod is in it), two services,
// footing and csv; one with per-phase rates and csv of one service (the census read a piece
// at a time); one as a table.
const census = join(mkdtempSync(join(tmpdir(), 'dedel-build-')), 'census.csv');
writeFileSync(census, generateCensus(600));
const TRAINING = [
  ['allocate', 'fixtures/two-services/census.csv', '-c', 'fixtures/two-services/dedel.json', '--foot', '--format', 'csv'],
  ['allocate', census, '--rate', 'primary=5.83', '--rate', 'secondary=7.92', '--foot', '--format', 'csv'],
  ['allocate', 'fixtures/sutton/appendix-b.csv', '--rate', '5.10', '--format', 'table'],
];
let trained = true;
for (const args of TRAINING) {
  const train = spawnSync(process.execPath, [join(ROOT, 'bin', 'dedel.js'), ...args], { cwd: ROOT, env: { ...process.env, DEDEL_CODE_CACHE: 'write' }, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (train.status !== 0) {
    trained = false;
    process.stderr.write(train.stderr);
  }
}
rmSync(dirname(census), { recursive: true, force: true });
if (!trained || !existsSync(join(BUNDLE, 'dedel.cjs.cache'))) {
  console.error('build: could not record the code cache; dedel will start without it');
}
const tscStatus = await typeChecked;
if (tscStatus !== 0) {
  rmSync(BUNDLE, { recursive: true, force: true });
  process.exit(tscStatus);
}

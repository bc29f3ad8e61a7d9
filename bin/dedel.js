#!/usr/bin/env node
// The CLI, bundled by `npm run build` into one CommonJS script, run here with V8's code cache
// recorded at build time: no parsing or compiling of what a run uses. Without the cache (or
// when this Node's V8 rejects it) the script is compiled as usual; nothing else changes.
// Built-in modules come through require (cheaper at start-up than ES module imports of them).
const require = (process.getBuiltinModule?.('node:module') ?? (await import('node:module'))).createRequire(import.meta.url);
const { readFileSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const { fileURLToPath } = require('node:url');
const { Script } = require('node:vm');

const file = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'bundle', 'dedel.cjs');
const source = readFileSync(file, 'utf8');
let cachedData;
try {
  cachedData = readFileSync(`${file}.cache`);
} catch {
  cachedData = undefined;
}
const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
const module = { exports: {} };
script.runInThisContext()(module.exports, require('node:module').createRequire(file), module, file, dirname(file));
if (process.env.DEDEL_CODE_CACHE === 'write') {
  // `npm run build` records the cache after a run, so it holds the functions that run compiled.
  process.on('beforeExit', () => writeFileSync(`${file}.cache`, script.createCachedData()));
}

#!/usr/bin/env node
// The CLI, bundled by `npm run build` into one CommonJS script, run here with V8's code cache
// recorded at build time: no parsing or compiling of what a run uses. Without the cache (or
// when this Node's V8 rejects it) the script is compiled as usual; nothing else changes.
// This file is CommonJS (bin/package.json): Node starts a CommonJS main faster than an ES module.
'use strict';
// V8 lets a heap that grows fast reach several times what is alive before a full collection;
// a census of a million schools then took 400 MB for 90 MB of live data. Growing the heap by a
// fifth at a time keeps it near its live size, at no measurable cost in time (README "Performance").
require('node:v8').setFlagsFromString('--heap-growing-percent=20');
const { readFileSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const { Script } = require('node:vm');
const { createRequire } = require('node:module');

const file = join(__dirname, '..', 'dist', 'bundle', 'dedel.cjs');
// The bundle is ASCII (`npm run build` checks): read as Latin-1, its bytes are its letters, with no UTF-8 to decode.
const source = readFileSync(file, 'latin1');
let cachedData;
try {
  cachedData = readFileSync(`${file}.cache`);
} catch {
  cachedData = undefined;
}
const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
const bundle = { exports: {} };
script.runInThisContext()(bundle.exports, createRequire(file), bundle, file, dirname(file));
if (process.env.DEDEL_CODE_CACHE === 'write') {
  // `npm run build` records the cache after a run, so it holds the functions that run compiled.
  process.on('beforeExit', () => writeFileSync(`${file}.cache`, script.createCachedData()));
}

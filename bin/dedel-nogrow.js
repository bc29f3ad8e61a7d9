#!/usr/bin/env node
// The CLI, bundled by `npm run build` into one CommonJS script, run here with V8's code cache
// recorded at build time: no parsing or compiling of what a run uses. Without the cache (or
// when this Node's V8 rejects it) the script is compiled as usual; nothing else changes. zod,
// bundled on its own, is started the same way when a run reads a config.
// This file is CommonJS (bin/package.json): Node starts a CommonJS main faster than an ES module.
'use strict';
// V8 lets a heap that grows fast reach several times what is alive before a full collection;
// a census of a million schools then took 400 MB for 90 MB of live data. Growing the heap by a
// fifth at a time keeps it near its live size, at no measurable cost in time (README "Performance").

const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const { Script } = require('node:vm');
const { createRequire } = require('node:module');

const file = join(__dirname, '..', 'dist', 'bundle', 'dedel.cjs');
const compiled = [];

/** A CommonJS script compiled with the code cache beside it (`FILE.cache`), run, and its exports. */
function load(path, encoding, requireFrom) {
  const source = readFileSync(path, encoding);
  let cachedData;
  try {
    cachedData = readFileSync(`${path}.cache`);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: path, cachedData });
  compiled.push({ path, script });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, requireFrom, module, path, dirname(path));
  return module.exports;
}

// zod (the config file's schema), which only a run with a config loads, is bundled on its own
// (dist/bundle/zod.cjs) and started with its own code cache; without that bundle it is
// required from node_modules as usual.
const zodFile = join(__dirname, '..', 'dist', 'bundle', 'zod.cjs');
const fromBundle = createRequire(file);
let zod;
function requireFor(id) {
  if (id !== 'zod') return fromBundle(id);
  return (zod ??= existsSync(zodFile) ? load(zodFile, 'utf8', fromBundle) : fromBundle('zod'));
}

// The bundle is ASCII (`npm run build` checks): read as Latin-1, its bytes are its letters, with no UTF-8 to decode.
load(file, 'latin1', requireFor);
if (process.env.DEDEL_CODE_CACHE === 'write') {
  // `npm run build` records the caches after a run, so they hold the functions that run compiled.
  process.on('beforeExit', () => {
    for (const { path, script } of compiled) writeFileSync(`${path}.cache`, script.createCachedData());
  });
}

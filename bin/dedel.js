#!/usr/bin/env node
// The CLI, bundled by `npm run build` into one CommonJS script, run here with V8's code cache
// recorded at build time: no parsing or compiling of what a run uses. Without the cache (or
// when this Node's V8 rejects it) the script is compiled as usual; nothing else changes.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const file = fileURLToPath(new URL('../dist/bundle/dedel.cjs', import.meta.url));
const source = readFileSync(file, 'utf8');
let cachedData;
try {
  cachedData = readFileSync(`${file}.cache`);
} catch {
  cachedData = undefined;
}
const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
if (process.env.DEDEL_CODE_CACHE === 'write') {
  // `npm run build` records the cache after a run, so it holds the functions that run compiled.
  process.on('beforeExit', () => writeFileSync(`${file}.cache`, script.createCachedData()));
}

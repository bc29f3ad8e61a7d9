#!/usr/bin/env node
// The CLI bundled by esbuild (npm run build): one module to load at start-up; renderers,
// the config schema (zod) and cli-table3 are separate chunks loaded only when asked for.
import '../dist/bundle/entry.js';

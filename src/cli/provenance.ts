import type { Provenance } from '../render/model.js';
import type { Io } from './io.js';
import { VERSION } from './version.js';

/** What a run read and was asked, for a workbook's Inputs sheet: kept per Io, so runs in one process stay apart. */
const runs = new WeakMap<Io, { argv: readonly string[]; files: { path: string; bytes: Uint8Array }[] }>();

function record(io: Io) {
  let run = runs.get(io);
  if (!run) runs.set(io, (run = { argv: [], files: [] }));
  return run;
}

export function noteArgv(io: Io, argv: readonly string[]): void {
  record(io).argv = argv;
}

export function noteRead(io: Io, path: string, bytes: Uint8Array): void {
  record(io).files.push({ path, bytes });
}

/** The run's provenance: dedel's version, the command line, and the SHA-256 of each file read (once each). */
export async function provenanceOf(io: Io, configPath?: string): Promise<Provenance> {
  const { createHash } = await import('node:crypto');
  const run = record(io);
  const seen = new Set<string>();
  const files = run.files.filter((f) => !seen.has(f.path) && seen.add(f.path));
  const config = configPath === undefined ? undefined : files.find((f) => f.path === configPath);
  return {
    version: VERSION,
    argv: run.argv,
    files: files.map((f) => ({ path: f.path, bytes: f.bytes.length, sha256: createHash('sha256').update(f.bytes).digest('hex') })),
    ...(config ? { config: { path: config.path, text: new TextDecoder().decode(config.bytes) } } : {}),
  };
}

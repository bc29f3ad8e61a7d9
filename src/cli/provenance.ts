import { createRequire } from 'node:module';
import type { Provenance } from '../render/model.js';
import type { Io } from './io.js';
import { VERSION } from './version.js';
import { configText } from '../io/decode.js';

/** What a run read and was asked, for a workbook's Inputs sheet: kept per Io, so runs in one process stay apart. */
const runs = new WeakMap<Io, { argv: readonly string[]; files: ReadFile[] }>();

/** A file read: its bytes where small; a large one (a census of a million rows) is hashed when read and let go. */
interface ReadFile {
  path: string;
  size: number;
  bytes?: Uint8Array;
  sha256?: string;
}

/** Files larger than this are hashed as they are read rather than held for the whole run. */
const KEEP = 4 << 20;

function record(io: Io) {
  let run = runs.get(io);
  if (!run) runs.set(io, (run = { argv: [], files: [] }));
  return run;
}

export function noteArgv(io: Io, argv: readonly string[]): void {
  record(io).argv = argv;
}

export function noteRead(io: Io, path: string, bytes: Uint8Array): void {
  if (bytes.length <= KEEP) record(io).files.push({ path, size: bytes.length, bytes });
  else record(io).files.push({ path, size: bytes.length, sha256: sha256(bytes) });
}

/** A large file read a piece at a time: its size and SHA-256, worked out as it was read. */
export function noteHashed(io: Io, path: string, size: number, sha256: string): void {
  record(io).files.push({ path, size, sha256 });
}

/** A SHA-256 worked out piece by piece, for a file read a piece at a time. */
export function pieceHash(): { update(bytes: Uint8Array): void; digest(): string } {
  const { createHash } = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  const hash = createHash('sha256');
  return { update: (bytes) => void hash.update(bytes), digest: () => hash.digest('hex') };
}

function sha256(bytes: Uint8Array): string {
  // Loaded only for a large input, whose reading costs far more than loading it.
  const { createHash } = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  return createHash('sha256').update(bytes).digest('hex');
}

/** The SHA-256 of a file this run has read (the first reading of that path), or undefined where it read none. */
export function hashOf(io: Io, path: string): string | undefined {
  const file = record(io).files.find((f) => f.path === path);
  if (file === undefined) return undefined;
  return (file.sha256 ??= sha256(file.bytes!));
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
    files: files.map((f) => ({ path: f.path, bytes: f.size, sha256: f.sha256 ?? createHash('sha256').update(f.bytes!).digest('hex') })),
    ...(config?.bytes ? { config: { path: config.path, text: configText(config.bytes, config.path) } } : {}),
  };
}

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/io.js';
import { noteArgv, noteRead, provenanceOf } from '../../src/cli/provenance.js';

// README "Excel workbooks": the Inputs sheet names each file read with its size and SHA-256.
// A small file is held until the sheet is written; a large one is hashed when read and let go.
describe('the provenance of a workbook', () => {
  it('gives the size and SHA-256 of small and large inputs alike, once each, and the config text', async () => {
    const io = {} as Io;
    const small = new TextEncoder().encode('{"title":"Draft"}');
    const large = new Uint8Array(5 << 20).map((_, i) => i % 251);
    noteArgv(io, ['allocate', 'census.csv', '-c', 'dedel.json']);
    noteRead(io, 'dedel.json', small);
    noteRead(io, 'census.csv', large);
    noteRead(io, 'census.csv', large);
    const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
    const p = await provenanceOf(io, 'dedel.json');
    expect(p.files).toEqual([
      { path: 'dedel.json', bytes: small.length, sha256: sha(small) },
      { path: 'census.csv', bytes: large.length, sha256: sha(large) },
    ]);
    expect(p.config).toEqual({ path: 'dedel.json', text: '{"title":"Draft"}' });
    expect(p.argv).toEqual(['allocate', 'census.csv', '-c', 'dedel.json']);
  });
});

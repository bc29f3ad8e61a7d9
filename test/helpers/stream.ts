import { allocate } from '../../src/core/allocate.js';
import { readSchools } from '../../src/cli/load.js';
import type { ConfigInput } from '../../src/io/config-schema.js';
import { buildSettings, type PlanFlags } from '../../src/io/plan.js';
import { streamAllocation } from '../../src/io/stream-allocation.js';
import { allocationDoc, streamedAllocationDoc } from '../../src/render/allocation-doc.js';
import { csvChunks } from '../../src/render/csv.js';

// The two readings of `allocate --format csv|tsv` side by side, for differential tests: the
// whole-file reading (the oracle) and the census read a piece at a time.

/** What the whole-file reading prints, or the error it gives. */
export function whole(
  bytes: Uint8Array,
  config: ConfigInput | null,
  flags: PlanFlags,
  format: 'csv' | 'tsv',
  bom: boolean,
): { ok: true; text: string; diagnostics: unknown; total: string } | { ok: false; error: string; kind: string } {
  try {
    const settings = buildSettings(config, flags);
    const { schools, diagnostics } = readSchools(bytes, 'census.csv', settings, [], {});
    const result = allocate(schools, settings.plan);
    const doc = allocationDoc(result, { title: settings.title });
    doc.diagnostics = [...diagnostics, ...result.diagnostics];
    return { ok: true, text: [...csvChunks(doc, { bom }, format)].join(''), diagnostics: doc.diagnostics, total: result.total.total.toFixed() };
  } catch (error) {
    return { ok: false, error: (error as Error).message, kind: (error as Error).constructor.name };
  }
}

/** What the piecewise reading prints (twice, as a caller may render twice), or null where it hands over to the whole-file reading. */
export function streamed(bytes: Uint8Array, config: ConfigInput | null, flags: PlanFlags, format: 'csv' | 'tsv', bom: boolean, pieceSize?: number, keepBytes?: number) {
  const settings = buildSettings(config, flags);
  const run = streamAllocation(bytes, 'census.csv', settings, { pieceSize, keepBytes });
  if (!run) return null;
  const doc = streamedAllocationDoc(run.allocation, run.rows, { title: settings.title });
  // The second rendering starts the rows over.
  const text = [...csvChunks(doc, { bom }, format)].join('');
  const again = [...csvChunks(doc, { bom }, format)].join('');
  return { text, again, diagnostics: run.diagnostics, total: run.allocation.total.total.toFixed() };
}

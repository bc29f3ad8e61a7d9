import type { Diagnostic } from '../core/types.js';
import { RENDERERS, type TableDoc } from '../render/index.js';
import { chooseColumns } from '../render/model.js';
import type { Io } from './io.js';
import { columnChoice, renderOptions, type OutputFlags } from './options.js';

/** What a command hands back to the entry point: text for stdout or --out, and its warnings. */
export interface CommandResult {
  /** The text, or its pieces in order (large csv output is written as it is made). */
  output: string | Iterable<string> | Uint8Array;
  diagnostics: readonly Diagnostic[];
  out?: string;
  quiet?: boolean;
  /** Files the command read: `--out` may not name one of them. */
  inputs: readonly string[];
}

/**
 * A finished table as a command's result: rendered in the format asked for, with its
 * diagnostics (plus any `extra`), for stdout or --out. Inputs left undefined are skipped.
 */
export async function tableResult(
  doc: TableDoc,
  flags: OutputFlags,
  io: Io,
  inputs: readonly (string | undefined)[],
  extra: readonly Diagnostic[] = [],
): Promise<CommandResult> {
  const render = await RENDERERS[flags.format]();
  return {
    output: render(chooseColumns(doc, columnChoice(flags)), renderOptions(flags, io)),
    diagnostics: [...doc.diagnostics, ...extra],
    out: flags.out,
    quiet: flags.quiet,
    inputs: inputs.filter((i): i is string => i !== undefined),
  };
}

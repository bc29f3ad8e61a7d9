import { UsageError } from '../core/errors.js';
import type { Diagnostic } from '../core/types.js';
import { RENDERERS, type TableDoc } from '../render/index.js';
import { chooseColumns } from '../render/model.js';
import type { Io } from './io.js';
import { columnChoice, renderOptions, type OutputFlags } from './options.js';
import { provenanceOf } from './provenance.js';

/** What a command hands back to the entry point: text for stdout or --out, and its warnings. */
export interface CommandResult {
  /** The text, or its pieces in order (large csv output is written as it is made), or a file's bytes (a workbook, a Word document). */
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
  return {
    output: await renderDoc(chooseColumns(doc, columnChoice(flags)), flags, io),
    diagnostics: [...doc.diagnostics, ...extra],
    out: flags.out,
    quiet: flags.quiet,
    inputs: inputs.filter((i): i is string => i !== undefined),
  };
}

/**
 * A table in the format asked for. xlsx is a workbook with an Inputs sheet (the command line,
 * rates, config and each input's SHA-256); its bytes go to stdout only when that is not a terminal.
 */
export async function renderDoc(doc: TableDoc, flags: OutputFlags & { config?: string }, io: Io): Promise<string | Uint8Array> {
  if (flags.format === 'xlsx') {
    if (flags.out === undefined && io.stdoutIsTTY) {
      throw new UsageError('--format xlsx writes a workbook, which a terminal cannot show; give --out FILE.xlsx or redirect stdout to a file');
    }
    const { renderXlsx } = await import('../render/xlsx.js');
    return renderXlsx([doc], await provenanceOf(io, flags.config));
  }
  const render = await RENDERERS[flags.format]();
  return render(doc, renderOptions(flags, io));
}

import type { Diagnostic } from '../core/types.js';

/** What a command hands back to the entry point: text for stdout or --out, and its warnings. */
export interface CommandResult {
  /** The text, or its pieces in order (large csv output is written as it is made). */
  output: string | Iterable<string>;
  diagnostics: readonly Diagnostic[];
  out?: string;
  quiet?: boolean;
  /** Files the command read: `--out` may not name one of them. */
  inputs: readonly string[];
}

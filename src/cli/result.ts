import type { Diagnostic } from '../core/types.js';

/** What a command hands back to the entry point: text for stdout or --out, and its warnings. */
export interface CommandResult {
  output: string;
  diagnostics: readonly Diagnostic[];
  out?: string;
  quiet?: boolean;
  /** Files the command read: `--out` may not name one of them. */
  inputs: readonly string[];
}

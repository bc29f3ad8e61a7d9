import { createRequire } from 'node:module';
import type { Diagnostic } from '../core/types.js';

// iconv-lite's tables are large: loaded only when a file is not UTF-8, not on every start.
const load = createRequire(import.meta.url);
const iconv = { decode: (buffer: Buffer, encoding: string): string => (load('iconv-lite') as typeof import('iconv-lite')).decode(buffer, encoding) };

export type Encoding = 'utf-8' | 'windows-1252';

/**
 * Decodes a file's bytes: UTF-8 with or without BOM; anything that is not valid UTF-8
 * (an Excel export where £ is byte A3) as Windows-1252, with a warning. iconv-lite, since
 * Node 20's TextDecoder maps 0x80–0x9F of Windows-1252 wrongly.
 */
export function decode(bytes: Uint8Array, file: string, forced?: Encoding): { text: string; diagnostics: Diagnostic[] } {
  if (forced === 'windows-1252') return { text: iconv.decode(Buffer.from(bytes), 'windows-1252'), diagnostics: [] };
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const body = bytes.subarray(start);
  if (forced === 'utf-8') return { text: new TextDecoder('utf-8').decode(body), diagnostics: [] };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), diagnostics: [] };
  } catch {
    return {
      text: iconv.decode(Buffer.from(bytes), 'windows-1252'),
      diagnostics: [
        {
          level: 'warning',
          code: 'encoding',
          message: `${file}: not valid UTF-8; read as Windows-1252 (use --encoding to choose)`,
        },
      ],
    };
  }
}

import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { csvField, neutralise, renderCsv, renderTsv } from '../../src/render/csv.js';
import type { TableDoc } from '../../src/render/model.js';

// The csv and tsv renderers write fields themselves (csv-stringify per record was a third of
// a 24,000-row run); their bytes must stay exactly what csv-stringify wrote.
const text = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ',', '"', '\n', '\r', '\t', '=', '-', '£', 'é', '1', '.') });

describe('the hand-written csv writer', () => {
  it('writes every field as csv-stringify does, for csv and tsv', () => {
    fc.assert(
      fc.property(fc.array(fc.array(text, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 8 }), fc.boolean(), (rows, bom) => {
        const doc: TableDoc = {
          columns: [
            { key: 'school', label: 'School', kind: 'text' },
            { key: 'status', label: 'Status', kind: 'status' },
            { key: 'note', label: 'Note', kind: 'text' },
          ],
          rows,
          notes: [],
          diagnostics: [],
        };
        const records = [doc.columns.map((c) => c.key), ...rows.map((r) => r.map(neutralise))];
        expect(renderCsv(doc, { color: false, bom })).toBe((bom ? '\uFEFF' : '') + stringify(records, { record_delimiter: bom ? 'windows' : 'unix', quoted_match: /\r/ }));
        expect(renderTsv(doc, { color: false, bom: false })).toBe(stringify(records, { delimiter: '\t', quoted_match: /\r/ }));
      }),
      { numRuns: 500 },
    );
  });

  it('quotes a field with a comma, quote, line feed or carriage return, and doubles quotes', () => {
    expect(['plain', 'a,b', 'say "hi"', 'two\nlines', 'cr\r', ''].map((t) => csvField(t, ','))).toEqual(['plain', '"a,b"', '"say ""hi"""', '"two\nlines"', '"cr\r"', '']);
    expect(csvField('a,b', '\t')).toBe('a,b');
    expect(csvField('a\tb', '\t')).toBe('"a\tb"');
    // With CRLF records csv-stringify quotes CRLF (and CR) but not a bare LF.
    expect(csvField('two\nlines', ',', false)).toBe('two\nlines');
  });
});

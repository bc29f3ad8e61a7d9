import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../src/core/decimal.js';
import { bytesOf, SchoolSet, textOf } from '../../src/core/school-set.js';
import type { School } from '../../src/core/types.js';

const TWELVE = new Dec(12);
const NOR = new Dec(100);
const school = (id: string, name: string): School => ({ id, name, status: 'community', phase: 'primary', bases: { nor: NOR }, months: TWELVE });

/** Ids and names as a census gives them, and the awkward ones a string can hold. */
const AWKWARD = ['', 'St Mary’s RC Primary', 'Ysgol Gymraeg Bro Ŵyl', 'École Élémentaire', '\uFEFFBOM first', 'emoji 🏫 school', 'lone \uD800 high', 'lone \uDC00 low', 'end \uD83C', 'é', '\u0080\u00ff\u0100\u07ff\u0800\uffff'];

describe('the schools of a census, held compactly', () => {
  it('gives back every id and name exactly, across blocks, whatever letters they hold', () => {
    const set = new SchoolSet();
    const given: [string, string][] = [];
    for (let k = 0; k < 1000; k++) {
      const odd = AWKWARD[k % AWKWARD.length]!;
      const pair: [string, string] = k % 3 === 0 ? [String(100000 + k), odd] : [`${odd}${k}`, `School ${k} ${odd}`];
      given.push(pair);
      set.add(school(...pair));
    }
    given.forEach(([id, name], k) => {
      expect(set.id(k)).toBe(id);
      expect(set.name(k)).toBe(name);
      expect(set.view(k)).toMatchObject({ id, name });
    });
  });

  it('keeps any string through its UTF-8 bytes and back', () => {
    for (const text of AWKWARD) expect(textOf(bytesOf(text))).toBe(text);
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const bytes = bytesOf(text);
        expect(/[^\x00-\xff]/.test(bytes)).toBe(false);
        expect(textOf(bytes)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('writes a letter beyond ASCII as the bytes UTF-8 gives it', () => {
    const utf8 = (text: string) => String.fromCharCode(...new TextEncoder().encode(text));
    for (const text of ['St Mary’s', 'École', '🏫', 'Ŵ']) expect(bytesOf(text)).toBe(utf8(text));
  });
});

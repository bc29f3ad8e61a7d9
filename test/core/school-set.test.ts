import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../src/core/decimal.js';
import { bytesOf, SchoolSet, textOf } from '../../src/core/school-set.js';
import type { School } from '../../src/core/types.js';
import { anyText } from '../helpers/text.js';

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

  it('gives back a text beyond ASCII that comes long after the last one', () => {
    const set = new SchoolSet();
    for (let k = 0; k < 3000; k++) set.add(school(String(100000 + k), k === 2146 ? 'School 2146 £' : k === 9 ? 'École 9' : `School ${k}`));
    expect(set.name(9)).toBe('École 9');
    expect(set.name(2146)).toBe('School 2146 £');
    expect(set.name(2147)).toBe('School 2147');
  });

  it('keeps any string through its UTF-8 bytes and back', () => {
    for (const text of AWKWARD) expect(textOf(bytesOf(text))).toBe(text);
    fc.assert(
      fc.property(anyText(), (text) => {
        const bytes = bytesOf(text);
        expect(/[^\x00-\xff]/.test(bytes)).toBe(false);
        expect(textOf(bytes)).toBe(text);
      }),
      { numRuns: 200 },
    );
  });

  it('writes a letter beyond ASCII as the bytes UTF-8 gives it', () => {
    const utf8 = (text: string) => String.fromCharCode(...new TextEncoder().encode(text));
    for (const text of ['St Mary’s', 'École', '🏫', 'Ŵ']) expect(bytesOf(text)).toBe(utf8(text));
    // Longer than one String.fromCharCode call takes at once.
    const long = `${'é'.repeat(5000)}${'🏫'.repeat(3000)}\uD800${'a'.repeat(9000)}`;
    expect(bytesOf(long.slice(0, -9001))).toBe(utf8(long.slice(0, -9001)));
    expect(textOf(bytesOf(long))).toBe(long);
  });
});

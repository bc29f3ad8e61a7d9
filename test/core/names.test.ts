import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { snake } from '../../src/core/names.js';

describe('snake: the machine column key of a name (README: Column keys)', () => {
  it('keeps the keys of names in ASCII and accented Latin as they were', () => {
    expect(snake('School Improvement')).toBe('school_improvement');
    expect(snake('De-delegated')).toBe('de_delegated');
    expect(snake('FSM Support (£)')).toBe('fsm_support');
    expect(snake('Café crèche')).toBe('cafe_creche');
    expect(snake('Gwasanaeth Cymraeg ŵ')).toBe('gwasanaeth_cymraeg_w');
    expect(snake('£££')).toBe('');
  });

  // "Wsparcie łódź" was wsparcie_odz (ł dropped), and a name in Urdu or Chinese had no key at all.
  it('spells the Latin letters with no accent to take off in ASCII, and keeps the letters of other scripts', () => {
    expect(snake('Wsparcie językowy Łódź')).toBe('wsparcie_jezykowy_lodz');
    expect(snake('Straße Ærø')).toBe('strasse_aero');
    expect(snake('Ǽ')).toBe(snake(snake('Ǽ')));
    expect(snake('اردو زبان کی خدمت')).toBe('اردو_زبان_کی_خدمت');
    expect(snake('社区语言服务')).toBe('社区语言服务');
    expect(snake('Русский язык')).toBe('русский_язык');
    expect(snake('Ελληνικά')).toBe('ελληνικά');
    expect(snake('हिंदी सेवा')).toBe('हिंदी_सेवा');
    expect(snake('서비스')).toBe('서비스');
    // Format characters (ZWNJ, a direction override) are no part of a key.
    expect(snake('می\u200cخواهم')).toBe('میخواهم');
    expect(snake('A\u202eB')).toBe('ab');
  });

  it('gives any text a key of letters, marks and digits joined by single underscores, the same when made again from the key', () => {
    const key = /^(?:[\p{L}\p{M}\p{N}]+(?:_[\p{L}\p{M}\p{N}]+)*)?$/u;
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 24 }), (name) => {
        const k = snake(name);
        expect(k).toMatch(key);
        expect(k).toBe(k.normalize('NFC'));
        expect(snake(k)).toBe(k);
      }),
      { numRuns: 2000 },
    );
  });
});

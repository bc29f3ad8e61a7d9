import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareAllocations } from '../../src/core/compare.js';
import { Dec } from '../../src/core/decimal.js';
import { idKey, snake } from '../../src/core/names.js';
import { anyText } from '../helpers/text.js';

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
      fc.property(anyText({ maxLength: 24 }), (name) => {
        const k = snake(name);
        expect(k).toMatch(key);
        expect(k).toBe(k.normalize('NFC'));
        expect(snake(k)).toBe(k);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('idKey: a LAESTAB however it is written (README: compare)', () => {
  it('reads 873/2001 and 873-2001 as 8732001, and leaves every other id as it is', () => {
    expect(idKey('873/2001')).toBe('8732001');
    expect(idKey(' 873 / 2001 ')).toBe('8732001');
    expect(idKey('873-2001')).toBe('8732001');
    expect(idKey('873\u20132001')).toBe('8732001');
    expect(idKey('873 2001')).toBe('8732001');
    expect(idKey('8732001')).toBe('8732001');
    for (const id of ['100001', '87/2001', '873/20011', 'NAT', '873/200A', '', '1,00,001', '100,01', ',100']) expect(idKey(id)).toBe(id);
    // Shown with thousands separators (Excel's Comma Style): the digits.
    expect(idKey('100,001')).toBe('100001');
    expect(idKey('8,732,001')).toBe('8732001');
  });

  it('matches two years\' allocations whose LAESTABs are written differently, rather than listing every school as gone and new', () => {
    const before = [{ urn: '8732001', school: 'Alpha', total: new Dec('2000') }, { urn: '8734003', school: 'Delta', total: new Dec('8000') }];
    const after = [{ urn: '873/2001', school: 'Alpha Primary', total: new Dec('2100') }, { urn: '873/4003', school: 'Delta High', total: new Dec('8000') }];
    const compared = compareAllocations(before, after);
    expect(compared.onlyBefore).toEqual([]);
    expect(compared.onlyAfter).toEqual([]);
    expect(compared.rows.map((r) => [r.urn, r.change.toFixed()])).toEqual([['8732001', '100'], ['8734003', '0']]);
    // One file with the same LAESTAB written both ways holds one school twice.
    expect(() => compareAllocations([...before, { urn: '873/2001', school: 'Alpha again', total: new Dec('1') }], after)).toThrow('URN 873/2001 (8732001, the same LAESTAB) appears twice');
  });
});

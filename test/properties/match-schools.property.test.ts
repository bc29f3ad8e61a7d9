import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchSchools } from '../../src/core/compare.js';
import { looseNameKey } from '../../src/core/near-matches.js';

// README "check, explain, compare": schools match on their id, else their name, then their name
// without punctuation, accents and spacing where that names one school each side; ids of
// different kinds (a table's DfE numbers, a census's URNs) leave the names to match.

interface Row {
  urn: string;
  school: string;
}

const WORDS = ['Ash', 'Oak', 'Elm', 'Beech', "St Mary's", "Infants'", 'Holy Trinity', 'Cedar', 'Hazel', 'Rowan', 'Willow', 'Primary', 'High', 'Infant', 'Junior', 'CE', 'RC', 'School', 'Academy'];
const nameArb = fc.array(fc.constantFrom(...WORDS), { minLength: 2, maxLength: 4 }).map((words) => words.join(' '));

/** The same name as a paper copied into a table might write it: curly apostrophe, doubled spaces, a full stop, another case. */
const retyped = (name: string, how: number) => {
  let out = name;
  if (how & 1) out = out.replace(/ /, '  ');
  if (how & 2) out = `${out}.`;
  if (how & 4) out = out.toUpperCase();
  if (how & 8) out = out.replace(/'/g, '\u2019');
  return out;
};

/** Schools with distinct names, even loosely (so that each names one school). */
const schoolsArb = fc.uniqueArray(nameArb, { minLength: 1, maxLength: 12, selector: (n) => looseNameKey(n) }).map((names) => names.map((school, i) => ({ urn: String(100001 + i), school })));

describe('matchSchools', () => {
  it('matches every school of a table that writes the names otherwise and gives no ids, and no school twice', () => {
    fc.assert(
      fc.property(schoolsArb, fc.array(fc.nat({ max: 15 }), { minLength: 12, maxLength: 12 }), (after, hows) => {
        const before: Row[] = after.map((s, i) => ({ urn: '', school: retyped(s.school, hows[i]!) }));
        const pairs = matchSchools(before, after);
        expect(pairs).toHaveLength(after.length);
        for (const [b, a] of pairs) {
          expect(b).toBeDefined();
          expect(a).toBeDefined();
          expect(looseNameKey(b!.school)).toBe(looseNameKey(a!.school));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('matches on names where every id is of another kind, and on ids alone where some meet', () => {
    fc.assert(
      fc.property(schoolsArb, fc.boolean(), (after, someMeet) => {
        // DfE numbers before, URNs after; or, where one id meets, the other ids are trusted and a name does not override them.
        const before: Row[] = after.map((s, i) => ({ urn: someMeet && i === 0 ? s.urn : String(3192001 + i), school: s.school }));
        const pairs = matchSchools(before, after);
        const matched = pairs.filter(([b, a]) => b && a);
        expect(matched).toHaveLength(someMeet ? 1 : after.length);
        for (const [b, a] of matched) expect(b!.school).toBe(a!.school);
        // Every school is in exactly one pair, on each side.
        expect(pairs.filter(([b]) => b).length).toBe(before.length);
        expect(pairs.filter(([, a]) => a).length).toBe(after.length);
      }),
      { numRuns: 200 },
    );
  });

  it('never matches two schools whose loose names are alike on one side: neither takes the other side\'s name', () => {
    fc.assert(
      fc.property(nameArb, (name) => {
        const before: Row[] = [{ urn: '', school: name }, { urn: '', school: `${name}.` }];
        const after: Row[] = [{ urn: '1', school: retyped(name, 8) }];
        const pairs = matchSchools(before, after);
        const matched = pairs.filter(([b, a]) => b && a);
        // An exact name still matches as written; the loose step alone never picks between two.
        for (const [b, a] of matched) expect(b!.school.toLowerCase()).toBe(a!.school.toLowerCase());
      }),
      { numRuns: 100 },
    );
  });
});

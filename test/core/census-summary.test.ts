import { describe, expect, it } from 'vitest';
import { censusSummary } from '../../src/core/census-checks.js';
import { Dec } from '../../src/core/decimal.js';
import { SchoolSet } from '../../src/core/school-set.js';
import type { Phase, School, Service } from '../../src/core/types.js';

const school = (id: string, phase: Phase, nor: number, places?: number): School => ({
  id,
  name: `School ${id}`,
  status: 'community',
  phase,
  bases: { nor: new Dec(nor), ...(places === undefined ? {} : { places: new Dec(places) }) },
  months: new Dec(12),
});
const SCHOOLS = SchoolSet.of([school('1', 'primary', 412), school('2', 'secondary', 1179), school('8', 'special', 140, 120)]);
const service = (name: string, basis: string, phases: Phase[], basisBy?: Record<string, string>): Service => ({
  name,
  basis,
  rate: new Dec('4.00'),
  charge: { phases, statuses: 'maintained', allThrough: 'split', ...(basisBy ? { basisBy: { phases: basisBy } } : {}) },
  rounding: { unit: new Dec(1), mode: 'half-up', foot: 'none' },
  source: 'config',
});
const figures = (services: Service[]) => {
  const summary = censusSummary(SCHOOLS, services);
  return {
    bases: summary.bases,
    groups: summary.groups.map((g) => [g.phase, ...summary.bases.map((b) => g.bases.get(b)?.toFixed() ?? null)]),
    total: summary.bases.map((b) => summary.total.bases.get(b)!.toFixed()),
  };
};

describe('censusSummary: each basis counts the schools charged on it (README, "check")', () => {
  it('counts a special school charged per place in the places charged, not in the NOR charged', () => {
    expect(figures([service('Specialist Support', 'nor', ['primary', 'secondary', 'special'], { special: 'places' })])).toEqual({
      bases: ['nor', 'places'],
      groups: [
        ['primary', '412', null],
        ['secondary', '1179', null],
        ['special', null, '120'],
      ],
      total: ['1591', '120'],
    });
  });

  it('counts its NOR where another service charges it on NOR, and gives no NOR column where nothing is charged on NOR', () => {
    const both = figures([service('Specialist Support', 'places', ['special']), service('Education functions', 'nor', ['primary', 'secondary', 'special'])]);
    expect(both.groups).toEqual([
      ['primary', '412', null],
      ['secondary', '1179', null],
      ['special', '140', '120'],
    ]);
    expect(figures([service('Lump sum', 'school', ['primary', 'secondary'])]).bases).toEqual([]);
  });

  it('counts the schools charged and not, per group and in all, so check prints them as they are', () => {
    const summary = censusSummary(SCHOOLS, [service('Primary only', 'nor', ['primary'])]);
    expect(summary.groups.map((g) => [g.phase, g.schools, g.charged, g.notCharged])).toEqual([
      ['primary', 1, 1, 0],
      ['secondary', 1, 0, 1],
      ['special', 1, 0, 1],
    ]);
    expect(summary.total).toMatchObject({ schools: 3, charged: 1, notCharged: 2 });
  });
});

import { describe, expect, it } from 'vitest';
import { allocate } from '../../src/core/allocate.js';
import { compareOptions } from '../../src/core/parts.js';
import { Dec } from '../../src/core/decimal.js';
import type { Phase, School, Service } from '../../src/core/types.js';

const school = (id: string, phase: Phase, nor: number, eal: number): School => ({ id, name: `School ${id}`, status: 'community', phase, bases: { nor: new Dec(nor), eal: new Dec(eal) }, months: new Dec(12) });
const service = (name: string, basis: string, rate: string, phases: Phase[], optionOf?: Service['optionOf']): Service => ({
  name,
  basis,
  rate: new Dec(rate),
  charge: { phases, statuses: 'maintained', allThrough: 'split' },
  rounding: { unit: new Dec(1), mode: 'half-up', foot: 'none' },
  source: 'config',
  ...(optionOf ? { optionOf } : {}),
});
const first = 'Ethnic Minority: EAL basis';
const EAL = service(first, 'eal', '30.00', ['primary'], { service: 'Ethnic Minority', option: 'EAL basis', index: 0, first });
const PER_PUPIL = service('Ethnic Minority: Per pupil', 'nor', '2.50', ['primary', 'secondary'], { service: 'Ethnic Minority', option: 'Per pupil', index: 1, first });
const SPECIALIST = service('Specialist Support', 'nor', '4.00', ['primary', 'secondary', 'special']);

describe('compareOptions: the difference per school (README, "Options")', () => {
  it('is empty (null) for a school no option charges, 0 for none of them, and counts a school one option charges against 0', () => {
    // Ash: £1,200 on EAL, £1,030 per pupil. Birch: 0 EAL pupils and 0 on roll, charged £0 by both.
    // Damson (secondary): the per-pupil option only, £2,948. Hazel (special): Specialist Support only.
    const schools = [school('1', 'primary', 412, 40), school('2', 'primary', 0, 0), school('4', 'secondary', 1179, 88), school('8', 'special', 140, 5)];
    const main = allocate(schools, { services: [EAL, SPECIALIST], periods: [] });
    const [option] = compareOptions(main, allocate(schools, { services: [PER_PUPIL], periods: [] }));
    expect(main.rows.map((r) => r.id)).toEqual(['1', '2', '4', '8']);
    expect(option!.amounts.map((a) => a?.toFixed() ?? null)).toEqual(['1030', '0', '2948', null]);
    expect(option!.differences.map((d) => d?.toFixed() ?? null)).toEqual(['-170', '0', '2948', null]);
    expect(option!.difference.toFixed()).toBe('2778');
    expect(option!.difference.toFixed()).toBe(option!.total.minus(main.services[0]!.total).toFixed());
  });
});

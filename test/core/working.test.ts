import { describe, expect, it } from 'vitest';
import { allocate, type Plan } from '../../src/core/allocate.js';
import { Dec } from '../../src/core/decimal.js';
import type { Phase, School, Service } from '../../src/core/types.js';
import { schoolWorking } from '../../src/core/working.js';

const school = (id: string, phase: Phase, nor: number, months = 12): School => ({ id, name: `School ${id}`, status: 'community', phase, bases: { nor: new Dec(nor) }, months: new Dec(months) });
const service = (name: string, phases: Phase[]): Service => ({
  name,
  basis: 'nor',
  rate: new Dec('5.10'),
  charge: { phases, statuses: 'maintained', allThrough: 'split' },
  rounding: { unit: new Dec(1), mode: 'half-up', foot: 'largest-remainder' },
  source: 'config',
});
const SCHOOLS = [school('1', 'primary', 101), school('2', 'secondary', 202, 9), school('3', 'special', 30)];
const PLAN: Plan = { services: [service('All', ['primary', 'secondary']), service('Primary only', ['primary'])], periods: [{ name: 'De-delegated', months: new Dec(5) }, { name: 'Buy-back', months: new Dec(7) }] };

// What explain prints is worked out here; render/explain-doc.ts only words it (README "Development").
describe('schoolWorking: one school\'s working in an allocation', () => {
  const allocation = allocate(SCHOOLS, PLAN);

  it('gives each service\'s charge and footing adjustment, or why it leaves the school out', () => {
    const working = schoolWorking(allocation, SCHOOLS[1]!);
    expect(working.row?.id).toBe('2');
    expect(working.services.map((s) => [s.result.service.name, s.charge?.amount.toFixed() ?? null, s.adjustment?.toFixed() ?? null])).toEqual([
      ['All', '773', '0'],
      ['Primary only', null, null],
    ]);
    expect(working.services[1]!.reason).toMatch(/secondary/);
  });

  it('gives the months of each period a school charged part of the year is charged in: the first, from April', () => {
    expect(schoolWorking(allocation, SCHOOLS[1]!).periodMonths.map((m) => m.toFixed())).toEqual(['5', '4']);
    expect(schoolWorking(allocation, SCHOOLS[0]!).periodMonths.map((m) => m.toFixed())).toEqual(['5', '7']);
  });

  it('says why a school with no row is not charged', () => {
    const working = schoolWorking(allocation, SCHOOLS[2]!);
    expect(working.row).toBeNull();
    expect(working.services).toEqual([]);
    expect(working.reason).toMatch(/special/);
  });
});

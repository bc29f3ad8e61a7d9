import { describe, expect, it } from 'vitest';
import { basisLabel } from '../../src/core/charge.js';

describe('basisLabel: the one label of a basis', () => {
  it.each([
    ['school', 'Per school'],
    ['nor', 'NOR'],
    ['sen', 'SEN'],
    ['fsm6', 'FSM6'],
    ['idaci', 'IDACI'],
    ['places', 'Places'],
    ['pupil', 'Pupil'],
    ['school_meals', 'School meals'],
    ['pupil_premium', 'Pupil premium'],
    ['nor_primary', 'NOR primary'],
    ['sen_secondary', 'SEN secondary'],
    ['places_primary', 'Places primary'],
  ])('%s is %s', (basis, label) => {
    expect(basisLabel(basis)).toBe(label);
  });
});

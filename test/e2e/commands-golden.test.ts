import { describe, it } from 'vitest';
import { FORMATS as ALL_FORMATS } from '../../src/render/model.js';
import { expectGolden } from '../helpers/bin.js';

// Text formats only: a workbook is bytes, checked (and shown to be reproducible) in test/cli/xlsx-out.test.ts.
const FORMATS = ALL_FORMATS.filter((f) => f !== 'xlsx');

// Golden end-to-end runs of the built bin on the seed fixtures (UPDATE_GOLDEN=1 rewrites; review the diff).
describe('golden: rates', () => {
  for (const format of FORMATS) {
    it(`Lancashire, one target weighted 2 : 3, as ${format}`, () => {
      expectGolden(`rates-lancashire-${format}`, ['rates', 'fixtures/lancashire/census.csv', '-c', 'fixtures/lancashire/dedel.json', '-f', format]);
    });
  }
  it('Wirral, per-phase targets to the penny beside a rated service, as md', () => {
    expectGolden('rates-wirral-md', ['rates', 'fixtures/wirral/census.csv', '-c', 'fixtures/wirral/dedel.json', '-f', 'md']);
  });
  it('Wirral, per-phase targets from flags, as json', () => {
    expectGolden('rates-wirral-json', [
      'rates',
      'fixtures/wirral/census.csv',
      '--service',
      'School Improvement',
      '--target',
      'primary=122909',
      '--target',
      'secondary=26691',
      '--rate-unit',
      '0.01',
      '--round',
      '0.01',
      '-f',
      'json',
    ]);
  });
});

describe('golden: split', () => {
  for (const format of FORMATS) {
    it(`Wirral 5/12 and 7/12 to £100, as ${format}`, () => {
      expectGolden(`split-wirral-${format}`, [
        'split',
        'School Improvement=149600',
        'Behaviour Support=139300',
        '--months',
        '5,7',
        '--labels',
        'De-delegated,Buy-back',
        '--round',
        '100',
        '-f',
        format,
      ]);
    });
  }
});

describe('golden: costs', () => {
  for (const format of FORMATS) {
    it(`Sefton commitment 2023-24 with --per-pupil, as ${format}`, () => {
      expectGolden(`costs-sefton-${format}`, ['costs', 'fixtures/sefton/commitment-2023-24.csv', '--per-pupil', 'fixtures/sefton/census.csv', '-f', format]);
    });
  }
  it('Sefton commitment 2023-24 without --per-pupil, as table', () => {
    expectGolden('costs-sefton-plain-table', ['costs', 'fixtures/sefton/commitment-2023-24.csv', '--title', 'School Improvement Financial Commitment 2023-24']);
  });
});

describe('golden: the proposal', () => {
  it('the decision grid, as md', () => {
    expectGolden('decisions-proposal-md', ['decisions', '-c', 'fixtures/proposal/dedel.json', '-f', 'md']);
  });
  it('Appendix B with part columns and the service total, as md', () => {
    expectGolden('allocate-proposal-md', ['allocate', 'fixtures/proposal/census.csv', '-c', 'fixtures/proposal/dedel.json', '-f', 'md']);
  });
  it('the buy-back schedule, as md', () => {
    expectGolden('buy-back-proposal-md', ['buy-back', 'fixtures/proposal/census.csv', '-c', 'fixtures/proposal/dedel.json', '-f', 'md']);
  });
  it('options side by side, as md', () => {
    expectGolden('allocate-options-md', ['allocate', 'fixtures/proposal/census.csv', '-c', 'fixtures/proposal/options.json', '-f', 'md']);
  });
});

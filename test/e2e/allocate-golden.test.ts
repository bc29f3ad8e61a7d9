import { describe, it } from 'vitest';
import { expectGolden } from '../helpers/bin.js';

const SUTTON = 'fixtures/sutton/appendix-b.csv';
const FORMATS = ['table', 'csv', 'tsv', 'md', 'html', 'json'] as const;

describe('allocate on the Sutton fixture, golden output from the built bin', () => {
  for (const format of FORMATS) {
    it(`prints the Appendix B table as ${format}`, () => {
      // The table run keeps the user's environment whole (NODE_EXTRA_CA_CERTS too, which the
      // other runs of the bin leave out to start faster): dedel must not mind it.
      expectGolden(`allocate-sutton-${format}`, ['allocate', SUTTON, '--rate', '5.10', '--title', 'Draft De-delegation 24/25', '-f', format], { userEnv: format === 'table' });
    });
    it(`prints the footed Appendix B table as ${format}`, () => {
      expectGolden(`allocate-sutton-foot-${format}`, ['allocate', SUTTON, '--rate', '5.10', '--foot', '-f', format]);
    });
  }

  it('prints two services on NOR and SEN with per-phase rates, a total column and a Total row', () => {
    expectGolden('allocate-two-services-csv', ['allocate', 'fixtures/two-services/census.csv', '-c', 'fixtures/two-services/dedel.json', '-f', 'csv']);
    expectGolden('allocate-two-services-table', ['allocate', 'fixtures/two-services/census.csv', '-c', 'fixtures/two-services/dedel.json']);
  });

  it('prints per-period columns with --months and --labels', () => {
    expectGolden('allocate-sutton-periods-csv', ['allocate', SUTTON, '--rate', '5.10', '--months', '5,7', '--labels', 'De-delegated,Buy-back', '-f', 'csv']);
  });
});

/**
 * The example files `dedel init` writes: a config using each kind of service (a flat rate
 * with the forum's decisions, per-phase rates, a net target solved with weights, a lump sum
 * per school) and a buy-back schedule for academies, and a small
 * census of made-up schools, including ones that are not charged (an academy, a special school).
 */
export const INIT_CONFIG_NAME = 'dedel.json';
export const INIT_CENSUS_NAME = 'census.csv';

export const INIT_CONFIG = `${JSON.stringify(
  {
    title: 'Example De-delegation 2025/26',
    census: { columns: { nor: 'NOR October 24' } },
    charge: { phases: ['primary', 'secondary'], statuses: 'maintained', allThrough: 'split' },
    rounding: { unit: '1', mode: 'half-up', foot: 'largest-remainder' },
    services: [
      {
        name: 'School Improvement',
        basis: 'nor',
        rate: '5.10',
        decisions: {
          primary: { decision: 'de-delegate', vote: { for: 6, against: 1, abstain: 0 }, years: 2 },
          secondary: { decision: 'de-delegate', vote: { for: 3, against: 0, abstain: 1 } },
        },
      },
      { name: 'Behaviour Support', basis: 'sen', rate: { primary: '17.35', secondary: '29.04' } },
      {
        name: 'Contingency',
        basis: 'nor',
        target: '25000',
        less: [{ item: 'Balance brought forward', amount: '5000' }],
        weights: { primary: '2', secondary: '3' },
      },
      { name: 'Licences', basis: 'school', rate: '250' },
    ],
    buyBack: { title: 'Buy-back 2025/26: academies', statuses: ['academy'] },
  },
  null,
  2,
)}\n`;

export const INIT_CENSUS = [
  'URN,School,Phase,Status,NOR October 24,SEN',
  '990001,Alder Primary School,Primary,Community,412,38',
  "990002,Beech Infants' School,Infant,Voluntary Aided,265,17",
  '990003,Cedar Junior School,Junior,Foundation,361,29',
  '990004,Damson CofE Primary School,Primary,Voluntary Controlled,198,12',
  '990005,Elm High School,Secondary,Community,"1,179",96',
  '990006,Fir Tree Academy,Secondary,Academy converter,"1,040",88',
  '990007,Hazel School,Not applicable,Community special school,120,120',
  '990008,Juniper RC High School,Secondary,Voluntary Aided,930,71',
  '',
].join('\n');

import type { Allocation, Plan, ServiceResult } from './allocate.js';
import { REASONS } from './charge.js';
import type { Converting } from './convert.js';
import type { Dec } from './decimal.js';
import type { PerPhase, Phase, School, Service, Status } from './types.js';

/** A buy-back schedule: schools the services do not charge (academies), priced for some or all months. */
export interface BuyBack {
  title?: string;
  /** Statuses priced; none of them is charged by any service. */
  statuses: readonly Status[];
  /** Months bought back (7 for September to March); null keeps each school's months in the census. */
  months: Dec | null;
  /** Own buy-back rates by service name; the others are priced at the rate the maintained schools pay. */
  rates: ReadonlyMap<string, PerPhase<Dec>>;
}

/** The rate each phase pays in the maintained table: given, or as solved (and published, with `rateUnit`). */
export function publishedRates(result: ServiceResult): PerPhase<Dec> {
  if (result.service.rate !== undefined) return result.service.rate;
  const out: Partial<Record<Phase, Dec>> = {};
  for (const rate of result.rates) {
    if (rate.phase === 'all' || rate.rate === null) continue;
    if (rate.phase === null) return rate.rate;
    out[rate.phase] = rate.rate;
  }
  return out;
}

/**
 * The plan that prices the buy-back schedule: each service charges the buy-back statuses
 * (in the phases it charges) at its own buy-back rate or the maintained schools' rate, each
 * row rounded on its own (a price list has no target to foot to). The schedule is a
 * separate allocation, so its total never mixes with the maintained total.
 */
export function buyBackPlan(maintained: Allocation, buyBack: BuyBack): Plan {
  const services: Service[] = maintained.services.map((result) => {
    const own = buyBack.rates.get(result.service.name);
    return {
      name: result.service.name,
      basis: result.service.basis,
      rate: own ?? publishedRates(result),
      charge: { ...result.service.charge, statuses: buyBack.statuses },
      rounding: { ...result.service.rounding, foot: 'none' },
      source: 'config',
      buyBackRate: own ? 'own' : 'de-delegation',
      // A rate solved without rateUnit is bought back at the rate solved, exactly (README "decisions and buy-back").
      ...(!own && result.exactRates ? { exactRates: result.exactRates } : {}),
      ...(result.service.partOf ? { partOf: result.service.partOf } : {}),
    };
  });
  return { services, periods: [] };
}

/**
 * The services as the census must be read for the buy-back schedule: each charging the
 * buy-back statuses, so their figures (NOR, places …) are read and checked like the rest.
 */
export function buyBackCharges(services: readonly Service[], buyBack: BuyBack): Service[] {
  return services.map((service) => ({ ...service, charge: { ...service.charge, statuses: buyBack.statuses } }));
}

/**
 * The schools converting during the year that the schedule buys back for: where it prices
 * academies, each school that becomes one (one not of its statuses already) with months after
 * its conversion, for those months.
 */
export function convertingBoughtBack(converting: readonly Converting[], buyBack: BuyBack): Converting[] {
  if (!buyBack.statuses.includes('academy')) return [];
  return converting.filter((c) => !c.monthsLost.isZero() && (c.school.status === null || !buyBack.statuses.includes(c.school.status)));
}

/**
 * The months a converting school is bought back for: its months after the conversion, but no
 * more than the schedule's `months`, which are the last of the year (7: September to March), so
 * a school converting in June buys back September to March, as every academy does, not June to
 * March.
 */
export function monthsBoughtBack(converting: Converting, buyBack: BuyBack): Dec {
  const months = buyBack.months;
  return months !== null && months.lessThan(converting.monthsLost) ? months : converting.monthsLost;
}

/**
 * The census as the buy-back schedule prices it: every school for the months bought back, and
 * each school converting during the year (`convertingBoughtBack`) as the academy it becomes, in
 * its place in the census, for its months after the conversion (`monthsBoughtBack`), so the schedule lists it with
 * the price the conversions table gives as bought back.
 */
export function buyBackSchools(schools: readonly School[], buyBack: BuyBack, converting: readonly Converting[] = []): readonly School[] {
  const months = buyBack.months;
  const after = new Map(convertingBoughtBack(converting, buyBack).map((c) => [c.school.id, monthsBoughtBack(c, buyBack)]));
  if (months === null && after.size === 0) return schools;
  return schools.map((school) => {
    const lost = school.id !== '' ? after.get(school.id) : undefined;
    if (lost !== undefined) {
      // A school converting on 1 April is left out of the maintained charge for it, not of the schedule.
      const { exclude, ...rest } = school;
      return { ...rest, status: 'academy', months: lost, ...(exclude !== undefined && exclude !== REASONS.convertsApril ? { exclude } : {}) };
    }
    return months === null ? school : { ...school, months };
  });
}

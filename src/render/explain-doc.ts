import type { FootingPlace, RankedItem, ServiceCharge, ServiceResult } from '../core/allocate.js';
import type { SchoolWorking } from '../core/working.js';
import { Dec, TWELVE, placesOf } from '../core/decimal.js';
import { compareIds } from '../core/footing.js';
import { grouped, pounds } from './format.js';
import { isPerPhase } from '../core/solve.js';
import { basisLabel, isPerSchool } from '../core/charge.js';
import type { Diagnostic, Period, School, Service } from '../core/types.js';
import { targetLinesJson, targetWorking } from './working.js';
import { humanCell } from './cells.js';
import { diagnosticsText } from './message.js';
import type { Cell, TableDoc } from './model.js';
import { snake } from '../core/names.js';
import { counted, ordinal } from '../core/messages.js';

/** One line of the working: a machine key and value, and the words a person reads. */
export interface ExplainItem {
  key: string;
  label: string;
  text: string;
  value: string | null;
  /** Left out of human formats where it says nothing new (units equal to the basis). */
  machineOnly?: boolean;
}

/** The working for one school, for every renderer: key–value items and a JSON object. */
export interface Explanation {
  title: string;
  items: ExplainItem[];
  json: Record<string, unknown>;
  notes: string[];
}

const STATUS = { kind: 'status' as const, key: 'status', label: '' };
const PHASE = { kind: 'phase' as const, key: 'phase', label: '' };

/** An exact amount for people: at least pence, every decimal it has (up to 10, then …: `pounds`). */
function exactPounds(value: Dec): string {
  return pounds(value, 2);
}

/** A basis in a line of working: its label, and a per-school charge's unit as `school 1`. */
function basisWords(field: string): string {
  return isPerSchool(field) ? 'school' : basisLabel(field);
}

function unitWord(basis: string): string {
  if (isPerSchool(basis)) return 'per school';
  if (basis === 'nor') return 'per pupil';
  if (basis === 'places') return 'per place';
  return `per unit of ${basisLabel(basis)}`;
}

function sayWho(row: RankedItem): string {
  return row.id !== '' ? `${row.name} (${row.id})` : row.name;
}

/** Which key broke a tie between two rows with the same remainder: the larger exact amount, then the smaller id, then the name. */
function tieBreak(winner: RankedItem, loser: RankedItem): string {
  if (!winner.exact.equals(loser.exact)) return `the larger exact amount (${exactPounds(winner.exact)} against ${exactPounds(loser.exact)})`;
  if (compareIds(winner.id, loser.id) !== 0) return `the same exact amount, then the smaller id (${winner.id} before ${loser.id})`;
  return `the same exact amount, then the name in alphabetical order`;
}

/** Why a row did or did not receive one of the units footing handed out. */
export function footingReason(place: FootingPlace, self: RankedItem): string {
  const { run, remainder, rank, received } = place;
  const unit = pounds(run.unit, placesOf(run.unit));
  const r = exactPounds(remainder);
  if (remainder.isZero()) return `its exact amount is a whole number of ${unit} units: nothing to round, so no unit to give or take`;
  if (run.missing === 0) return `no unit was missing: the rows rounded down already add up to ${pounds(run.total)}, so it was not given one`;
  if (place.traded) {
    // README "Choices where the spec is silent": per-phase targets with split all-through schools.
    const other = sayWho(place.traded.with);
    const placed = `its remainder ${r} ranks ${ordinal(rank)} of ${run.rows}`;
    if (place.traded.split) {
      return received
        ? `received ${unit} in a trade: ${placed}, below the cut-off, but it received no unit in its other phase either, which left the school a whole unit or more below its exact amount; ${other}, charged in this phase only, gave up its unit`
        : `did not receive a unit, in a trade: ${placed}, within the cut-off, but it received a unit in its other phase too, which put the school a whole unit or more above its exact amount; the unit went to ${other}, charged in this phase only`;
    }
    return received
      ? `received ${unit} in a trade: ${placed}, below the cut-off, but the all-through school ${other} received a unit in both its phases, a whole unit or more above its exact amount, and gave this one up`
      : `did not receive a unit, in a trade: ${placed}, within the cut-off, but the all-through school ${other} received a unit in neither of its phases, a whole unit or more below its exact amount, and took this one`;
  }
  if (received) {
    const out = run.firstOut;
    if (!out) return `every row received a unit (${run.missing} missing over ${run.rows} row${run.rows === 1 ? '' : 's'}), this one included`;
    if (remainder.greaterThan(out.remainder)) {
      return `received ${unit}: its remainder ${r} ranks ${ordinal(rank)} of ${run.rows}, ${run.missing === 1 ? 'the largest' : `within the ${run.missing} largest`}; the first row left without a unit, ${sayWho(out)}, has ${exactPounds(out.remainder)}`;
    }
    return `received ${unit}: its remainder ${r} ties with ${sayWho(out)}'s, the first row left without a unit; the tie went to this row on ${tieBreak(self, out)}`;
  }
  const last = run.lastIn;
  if (!last) return 'did not receive a unit';
  if (remainder.lessThan(last.remainder)) {
    return `did not receive a unit: its remainder ${r} ranks ${ordinal(rank)} of ${run.rows}, below the cut-off of ${exactPounds(last.remainder)} (the remainder of ${sayWho(last)}, ${run.missing === 1 ? 'the only row' : `the last of the ${run.missing} rows`} given one)`;
  }
  return `did not receive a unit: its remainder ${r} ties the cut-off, but the ${ordinal(run.missing)} and last unit went to ${sayWho(last)} on ${tieBreak(last, self)}; this row ranks ${ordinal(rank)} of ${run.rows}`;
}

function rateSource(result: ServiceResult, phase: School['phase']): { text: string; value: string; json: Record<string, unknown> } {
  const { service, rates } = result;
  const row = rates.find((r) => r.phase === phase);
  const given = service.source === 'flag' ? (service.target !== undefined ? 'the --target flag' : 'the --rate flag') : 'the config';
  if (service.buyBackRate) {
    const text = service.buyBackRate === 'own' ? "the service's own buy-back rate in the config" : 'the rate the maintained schools pay for the service (its de-delegation rate)';
    return { text, value: `buy-back-${service.buyBackRate}`, json: { rate_source: `buy-back-${service.buyBackRate}` } };
  }
  if (!row || row.source !== 'solved') {
    return { text: `given by ${given}`, value: service.source, json: { rate_source: service.source } };
  }
  const exact = row.exactRate ?? row.rate ?? new Dec(0);
  const publish = service.rateUnit ? `; published rounded half-up to ${pounds(service.rateUnit, placesOf(service.rateUnit))}: ${pounds(row.rate ?? exact, 2)}` : '';
  const target = service.target;
  const json: Record<string, unknown> = { rate_source: 'solved', exact_rate: exact.toFixed() };
  if (target !== undefined && isPerPhase(target)) {
    const t = row.target ?? new Dec(0);
    json.target = t.toFixed();
    return {
      text: `solved from ${given}: the ${phase} target ${pounds(t)} ÷ ${counted(grouped(row.units, row.units.decimalPlaces()), 'unit')} charged in that phase = ${exactPounds(exact)}${publish}`,
      value: 'solved',
      json,
    };
  }
  const all = rates.find((r) => r.phase === 'all');
  const t = all?.target ?? (target as Dec);
  const weights = service.weights ?? {};
  const w = (p: typeof phase) => (p !== null ? weights[p] : undefined) ?? new Dec(1);
  const denominator = all?.weightedUnits ?? new Dec(0);
  json.target = t.toFixed();
  if (service.weights) json.weights = Object.fromEntries(Object.entries(weights).map(([p, v]) => [p, v!.toFixed()]));
  const weightText = service.weights
    ? `, weights ${Object.entries(weights).map(([p, v]) => `${p} ${v!.toFixed()}`).join(', ')}: ${w(phase).toFixed()} × ${pounds(t)} ÷ Σ(weight × units) ${grouped(denominator, denominator.decimalPlaces())}`
    : `: ${pounds(t)} ÷ ${counted(grouped(denominator, denominator.decimalPlaces()), 'unit')}`;
  return { text: `solved from ${given}: the target ${pounds(t)} across phases${weightText} = ${exactPounds(exact)}${publish}`, value: 'solved', json };
}

function serviceItems(
  result: ServiceResult,
  charge: ServiceCharge,
  adjustment: Dec,
  school: School,
  periods: readonly Period[],
  within: readonly Dec[],
  prefix: string,
): { items: ExplainItem[]; json: Record<string, unknown> } {
  const { service } = result;
  const { unit, mode, foot } = service.rounding;
  const dp = placesOf(unit);
  const money = (v: Dec) => pounds(v, dp);
  const items: ExplainItem[] = [];
  const add = (key: string, label: string, text: string, value: string | null, machineOnly = false) =>
    items.push({ key: `${prefix}.${key}`, label, text, value, ...(machineOnly ? { machineOnly } : {}) });
  const months = school.months;
  const monthsText = months.equals(TWELVE) ? '' : ` × ${months.toFixed()}/12`;

  add('service', 'Service', service.name, service.name);
  const decided = decisionOf(service, school);
  if (decided) add('decision', 'Decision', decided.text, decided.value);
  if (service.targetLines) add('target_working', 'Net target', targetWorking(service.targetLines, service.target), service.target && !isPerPhase(service.target) ? service.target.toFixed() : null);
  const several = charge.lines.length > 1;
  const lines = charge.lines.map((line) => {
    const basis = isPerSchool(line.field) ? new Dec(1) : (school.bases[line.field] ?? line.units);
    const source = rateSource(result, line.phase);
    const part = several ? `${line.phase}.` : '';
    const on = several ? ` (${line.phase})` : '';
    add(`${part}basis`, `Basis${on}`, `${basisWords(line.field)} ${grouped(basis, basis.decimalPlaces())}${monthsText ? `, charged for ${months.toFixed()} of 12 months` : ''}`, line.field);
    add(`${part}basis_count`, `Basis count${on}`, grouped(basis, basis.decimalPlaces()), basis.toFixed(), true);
    add(`${part}units`, `Units${on}`, `${grouped(line.units, line.units.decimalPlaces())} (${basisWords(line.field)} × months ÷ 12)`, line.units.toFixed(), line.units.equals(basis));
    add(`${part}rate`, `Rate${on}`, `${exactPounds(line.rate)} ${unitWord(line.field)}${line.phase ? ` (${line.phase})` : ''}`, line.rate.toFixed(Math.max(2, line.rate.decimalPlaces())));
    add(`${part}rate_source`, `Rate from${on}`, source.text, source.value);
    const { exact_rate: exactRate, target, weights } = source.json as { exact_rate?: string; target?: string; weights?: Record<string, string> };
    if (exactRate !== undefined) add(`${part}exact_rate`, `Exact rate${on}`, exactRate, exactRate);
    if (target !== undefined) add(`${part}target`, `Target${on}`, pounds(new Dec(target)), target);
    if (weights !== undefined) {
      const pairs = Object.entries(weights);
      add(`${part}weights`, `Weights${on}`, pairs.map(([p, w]) => `${p} ${w}`).join(', '), pairs.map(([p, w]) => `${p}=${w}`).join(';'));
    }
    add(`${part}exact`, `Exact amount${on}`, `${grouped(basis, basis.decimalPlaces())} × ${exactPounds(line.rate)}${monthsText} = ${exactPounds(line.exact)}`, line.exact.toFixed());
    return {
      phase: line.phase,
      // As the csv's keys are (`basis` nor, `basis_count` 412), and the service's own `basis`:
      // a line's `basis` was the count, beside a service whose `basis` was the field's name.
      basis: line.field,
      basis_count: basis.toFixed(),
      units: line.units.toFixed(),
      rate: line.rate.toFixed(Math.max(2, line.rate.decimalPlaces())),
      ...source.json,
      exact: line.exact.toFixed(),
      amount: line.amount.toFixed(dp),
    };
  });
  if (several) add('exact', 'Exact amount', `${charge.lines.map((l) => exactPounds(l.exact)).join(' + ')} = ${exactPounds(charge.exact)}`, charge.exact.toFixed());
  add('months', 'Months charged', `${months.toFixed()} of 12`, months.toFixed());
  const footText = foot === 'none' ? 'each row on its own' : `footed by largest remainder so the column adds up to ${money(result.expected)}`;
  add('rounding_unit', 'Rounding', `to ${money(unit)}, ${mode}; ${footText}`, unit.toFixed());
  add('rounding_mode', 'Rounding mode', mode, mode, true);
  add('foot', 'Footing', foot, foot, true);
  add('rounded', 'Rounded on its own', `${exactPounds(charge.exact)} → ${money(charge.rounded)}`, charge.rounded.toFixed(dp));

  const footing = (charge.footing ?? []).map((place) => {
    const self: RankedItem = { exact: place.exact, id: school.id, name: school.name, remainder: place.remainder };
    const on = place.phase !== undefined ? ` (${place.phase ?? 'all'})` : '';
    const part = place.phase !== undefined ? `${place.phase ?? 'all'}.` : '';
    const { run } = place;
    add(
      `${part}footing_missing`,
      `Footing${on}`,
      `${run.rows === 1 ? 'the one row' : `all ${run.rows} rows`} rounded down come${run.rows === 1 ? 's' : ''} to ${money(run.floorTotal)}; ${
        run.missing === 0
          ? `no unit of ${money(run.unit)} was missing to reach ${money(run.total)}`
          : `${run.missing} unit${run.missing === 1 ? '' : 's'} of ${money(run.unit)} ${run.missing === 1 ? 'was' : 'were'} missing to reach ${money(run.total)}, ${run.missing === 1 ? 'given to the row with the largest remainder' : `given one each to the ${run.missing} rows with the largest remainders`}`
      }`,
      String(run.missing),
    );
    add(`${part}remainder`, `Remainder${on}`, `${exactPounds(place.remainder)} (${ordinal(place.rank)} largest of ${run.rows})`, place.remainder.toFixed());
    if (run.lastIn) add(`${part}cutoff`, `Cut-off${on}`, `${exactPounds(run.lastIn.remainder)}: the remainder of ${sayWho(run.lastIn)}, the last row given a unit`, run.lastIn.remainder.toFixed());
    const reason = footingReason(place, self);
    add(`${part}received`, `Received a unit${on}`, place.received ? 'yes' : 'no', String(place.received));
    add(`${part}reason`, `Why${on}`, reason, reason);
    // A census with no URN column gives no id: null, as allocate's rows write it, not "".
    const ranked = (r: RankedItem | null) => (r ? { urn: r.id || null, school: r.name, exact: r.exact.toFixed(), remainder: r.remainder.toFixed() } : null);
    return {
      ...(place.phase !== undefined ? { phase: place.phase } : {}),
      rows: String(run.rows),
      floor_total: run.floorTotal.toFixed(dp),
      total: run.total.toFixed(dp),
      missing: String(run.missing),
      remainder: place.remainder.toFixed(),
      rank: String(place.rank),
      received: place.received,
      cutoff: run.lastIn ? run.lastIn.remainder.toFixed() : null,
      last_in: ranked(run.lastIn),
      first_out: ranked(run.firstOut),
      reason,
    };
  });
  if (foot !== 'none') {
    const how = adjustment.isZero()
      ? 'none: the footed amount equals its own rounding'
      : adjustment.isNegative()
        ? `${money(adjustment)}: footing took off the unit its own rounding gave it`
        : `+${money(adjustment)}: footing gave it a unit its own rounding did not`;
    add('adjustment', 'Footing adjustment', how, adjustment.toFixed(dp));
  }
  add('amount', 'Charge', `${money(charge.amount)}${adjustment.isZero() ? '' : ` (rounded on its own it would be ${money(charge.rounded)})`}`, charge.amount.toFixed(dp));
  // A school charged part of the year is charged in the periods' first months (README "Arithmetic and rounding").
  const partYear = !within.every((m, k) => m.equals(periods[k]!.months));
  periods.forEach((period, k) => {
    const part = charge.periods[k];
    const of = partYear ? `${within[k]!.toFixed()} of its ${months.toFixed()} months` : `${period.months.toFixed()} of 12 months`;
    if (part) add(`period.${snake(period.name)}`, period.name, `${money(part)} (${of})${periodWhy(charge, k, period.name, money)}`, part.toFixed(dp));
  });

  return {
    items,
    json: {
      service: service.name,
      charged: true,
      ...(decided ? { decision: decided.json } : {}),
      ...(service.targetLines ? { target_lines: targetLinesJson(service.targetLines) } : {}),
      basis: service.basis,
      lines,
      months: months.toFixed(),
      exact: charge.exact.toFixed(),
      rounding: { unit: unit.toFixed(), mode, foot },
      rounded: charge.rounded.toFixed(dp),
      amount: charge.amount.toFixed(dp),
      adjustment: adjustment.toFixed(dp),
      received: charge.received,
      ...(charge.footing ? { footing } : {}),
      ...(periods.length ? { periods: Object.fromEntries(periods.map((p, k) => [snake(p.name), charge.periods[k]?.toFixed(dp) ?? null])) } : {}),
      ...(charge.periodFooting
        ? {
            period_footing: Object.fromEntries(
              periods.map((p, k) => {
                const place = charge.periodFooting![k]!;
                return [
                  snake(p.name),
                  { exact: charge.periodExact[k]!.toFixed(), remainder: place.remainder.toFixed(), rank: String(place.rank), of: String(place.ranked), received: place.received, moved: charge.periodMoved[k], reason: place.reason },
                ];
              }),
            ),
          }
        : {}),
    },
  };
}

/** The forum's decision for the phase a school is charged in, with the vote and years. */
function decisionOf(service: Service, school: School): { text: string; value: string; json: Record<string, unknown> } | null {
  if (!service.decisions || school.phase === null) return null;
  const phases = school.phase === 'all-through' ? ['primary', 'secondary'] : [school.phase];
  const found = service.decisions.filter((d) => phases.includes(d.phase));
  if (!found.length) return null;
  const text = found
    .map((d) => {
      const extra = [d.vote ? `vote ${d.vote.for}–${d.vote.against}–${d.vote.abstain}` : '', d.years ? `committed for ${d.years} year${d.years === 1 ? '' : 's'}` : ''].filter(Boolean);
      return `${found.length > 1 ? `${d.phase}: ` : ''}${d.decision}${extra.length ? ` (${extra.join(', ')})` : ''}`;
    })
    .join('; ');
  return { text, value: found.map((d) => d.decision).join(';'), json: Object.fromEntries(found.map((d) => [d.phase, { decision: d.decision, vote: d.vote ? { for: String(d.vote.for), against: String(d.vote.against), abstain: String(d.vote.abstain) } : null, years: d.years ? String(d.years) : null }])) };
}

/** What the school would pay to buy the services back: the buy-back schedule's working for its row. */
function buyBackItems(buyBack: SchoolWorking, items: ExplainItem[], json: Record<string, unknown>): void {
  const { row } = buyBack;
  if (!row) return;
  const services: Record<string, unknown>[] = [];
  for (const { result, charge, adjustment } of buyBack.services) {
    if (charge === null) continue;
    const explained = serviceItems(result, charge, adjustment, row.school, [], [], `buy_back.${snake(result.service.name) || 'service'}`);
    items.push(...explained.items.map((item) => (item.key.endsWith('.service') ? { ...item, label: 'Buy-back service' } : item)));
    services.push(explained.json);
  }
  const dp = Math.max(0, ...buyBack.services.map((w) => placesOf(w.result.service.rounding.unit)));
  items.push({ key: 'buy_back.total', label: 'Buy-back price', text: `${pounds(row.total, dp)} for ${row.school.months.toFixed()} of 12 months`, value: row.total.toFixed(dp) });
  json.buy_back = { services, total: row.total.toFixed(dp), months: row.school.months.toFixed() };
}

/**
 * The working for one school, as the core worked it out (`schoolWorking`): basis, rate and
 * where it came from, exact amount, rounding and footing; with `buyBack`, the buy-back
 * schedule's working for it.
 */
export function explainSchool(working: SchoolWorking, diagnostics: Diagnostic[] = [], buyBack?: SchoolWorking): Explanation {
  const { school, row } = working;
  const items: ExplainItem[] = [];
  const add = (key: string, label: string, text: string, value: string | null) => items.push({ key, label, text, value });
  add('school', 'School', school.name, school.name);
  add('urn', 'URN', school.id, school.id);
  add('status', 'Status', school.status === null ? 'none (the census has no status column: counted as maintained)' : humanCell(school.status, STATUS), school.status);
  add('phase', 'Phase', school.phase === null ? 'none (the census has no phase column)' : humanCell(school.phase, PHASE), school.phase);

  const json: Record<string, unknown> = {
    school: { urn: school.id || null, school: school.name, status: school.status, phase: school.phase, months: school.months.toFixed() },
    charged: row !== null,
  };
  if (!row) {
    const reason = working.reason ?? 'not charged';
    add('charged', 'Charged', 'no', 'false');
    add('reason', 'Not charged because', reason, reason);
    json.reason = reason;
    if (buyBack) buyBackItems(buyBack, items, json);
    json.diagnostics = diagnosticsText(diagnostics);
    return { title: school.name, items, json, notes: [], };
  }
  add('charged', 'Charged', 'yes', 'true');
  const services: Record<string, unknown>[] = [];
  const used = new Set<string>();
  for (const { result, charge, adjustment, reason } of working.services) {
    let prefix = snake(result.service.name) || 'service';
    while (used.has(prefix)) prefix = `${prefix}_`;
    used.add(prefix);
    if (charge === null) {
      add(`${prefix}.service`, 'Service', `${result.service.name}: not charged`, result.service.name);
      add(`${prefix}.charged`, 'Charged', 'no', 'false');
      // Why this service leaves the school out, as --all words it: the forum's decision (pending,
      // not de-delegated) for its phase, or a phase or status the service does not charge.
      if (reason !== null) add(`${prefix}.reason`, 'Not charged because', reason, reason);
      services.push({ service: result.service.name, charged: false, ...(reason !== null ? { reason } : {}) });
      continue;
    }
    const explained = serviceItems(result, charge, adjustment, school, working.periods, working.periodMonths, prefix);
    items.push(...explained.items);
    services.push(explained.json);
  }
  const dp = Math.max(0, ...working.services.map((w) => placesOf(w.result.service.rounding.unit)));
  if (working.services.length > 1) add('total', 'Total charge', pounds(row.total, dp), row.total.toFixed(dp));
  if (row.perPupil) add('per_pupil', 'Per pupil', `${pounds(row.perPupil, 2)} (exact ${exactPounds(row.exact)} ÷ NOR ${grouped(school.bases.nor!, 0)})`, row.perPupil.toFixed(2));
  // A school converting during the year: what its months after bring where academies buy back.
  if (buyBack) buyBackItems(buyBack, items, json);
  Object.assign(json, {
    services,
    total: row.total.toFixed(dp),
    exact: row.exact.toFixed(),
    per_pupil: row.perPupil?.toFixed(2) ?? null,
    diagnostics: diagnosticsText(diagnostics),
  });
  return { title: school.name, items, json, notes: [] };
}

/** Human formats: a two-column table of what and working. */
export function explainHumanDoc(explanation: Explanation, diagnostics: Diagnostic[]): TableDoc {
  return {
    title: `Working for ${explanation.title}`,
    columns: [
      { key: 'item', label: 'Item', kind: 'text' },
      { key: 'working', label: 'Working', kind: 'text' },
    ],
    rows: explanation.items.filter((i) => !i.machineOnly).map((i): Cell[] => [i.label, i.text]),
    notes: explanation.notes,
    diagnostics,
  };
}

/**
 * csv and tsv: `key,value` rows with plain values. The value column is numeric to the csv writer,
 * so a plain number ("-1") is written as it is and any other text is neutralised there, once
 * (README, "Safe output"): neutralised here as well, `=x` came out `''=x`.
 */
export function explainMachineDoc(explanation: Explanation, diagnostics: Diagnostic[]): TableDoc {
  return {
    columns: [
      { key: 'key', label: 'key', kind: 'text' },
      { key: 'value', label: 'value', kind: 'exact' },
    ],
    rows: explanation.items.map((i): Cell[] => [i.key, i.value]),
    notes: [],
    diagnostics,
  };
}

/**
 * Why a period part has its value where the periods were footed both ways: its exact share,
 * its remainder and place in the footing order, and what decided it (README, "Arithmetic and rounding").
 */
function periodWhy(charge: ServiceCharge, k: number, period: string, money: (d: Dec) => string): string {
  const place = charge.periodFooting?.[k];
  const exact = charge.periodExact[k];
  if (!place || !exact) return '';
  if (place.rank === 0) return `; exactly ${money(exact)}`;
  const where = `exact ${money(exact)}, remainder ${money(place.remainder)}, ${place.rank} of ${counted(place.ranked, 'part')} by remainder`;
  const why =
    place.reason === 'row-full'
      ? 'the school’s parts already had its charge'
      : place.reason === 'column-full'
        ? `the ${period} column already had its total from larger remainders`
        : 'a unit here would leave no way to finish the table';
  if (place.received) return `; ${where}: received a unit${place.ownReceived ? '' : ` its own split did not give it, for the ${period} column to meet split’s figure`}`;
  return `; ${where}: rounded down${place.ownReceived ? ', losing the unit its own split gave it' : ''}: ${why}`;
}

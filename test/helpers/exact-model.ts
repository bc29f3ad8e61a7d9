/**
 * A small exact model of the README's arithmetic, written for the tests from the README
 * alone (Arithmetic and rounding; the charging rules; Solved targets; Period splits): plain
 * fractions of BigInt, sorting every row, no grouping and nothing shared with src/core. The
 * engine must agree with it on every plan it covers.
 */

export type Mode = 'half-up' | 'half-even' | 'down' | 'up';

/** A fraction n/d in lowest terms, d > 0. */
export class Q {
  readonly n: bigint;
  readonly d: bigint;
  constructor(n: bigint, d = 1n) {
    if (d === 0n) throw new Error('division by zero');
    if (d < 0n) [n, d] = [-n, -d];
    const g = gcd(n < 0n ? -n : n, d) || 1n;
    this.n = n / g;
    this.d = d / g;
  }
  static of(text: string): Q {
    const [whole = '0', frac = ''] = text.split('.');
    return new Q(BigInt(whole + frac), 10n ** BigInt(frac.length));
  }
  plus(o: Q): Q {
    return new Q(this.n * o.d + o.n * this.d, this.d * o.d);
  }
  minus(o: Q): Q {
    return new Q(this.n * o.d - o.n * this.d, this.d * o.d);
  }
  times(o: Q): Q {
    return new Q(this.n * o.n, this.d * o.d);
  }
  div(o: Q): Q {
    return new Q(this.n * o.d, this.d * o.n);
  }
  cmp(o: Q): number {
    const x = this.n * o.d;
    const y = o.n * this.d;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  isZero(): boolean {
    return this.n === 0n;
  }
  /** Floor, for non-negative values. */
  floor(): bigint {
    return this.n / this.d;
  }
  /** Rounded to a whole number by a README rounding mode (values here are never negative). */
  round(mode: Mode): bigint {
    const q = this.floor();
    const rem = this.minus(new Q(q));
    if (rem.isZero() || mode === 'down') return q;
    if (mode === 'up') return q + 1n;
    const half = rem.cmp(new Q(1n, 2n));
    if (half > 0) return q + 1n;
    if (half < 0) return q;
    return mode === 'half-up' || q % 2n === 1n ? q + 1n : q;
  }
  /** Plain text with `places` decimals; only for values that have at most that many. */
  fixed(places: number): string {
    const scaled = this.times(new Q(10n ** BigInt(places)));
    if (scaled.d !== 1n) throw new Error(`${this.n}/${this.d} has more than ${places} decimals`);
    const digits = (scaled.n < 0n ? -scaled.n : scaled.n).toString().padStart(places + 1, '0');
    const text = places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
    return scaled.n < 0n ? `-${text}` : text;
  }
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

export interface ModelSchool {
  id: string;
  name: string;
  status: string;
  phase: string;
  /** Figures as text: nor, sen, nor_primary … */
  bases: Record<string, string>;
  months: string;
}

export interface ModelService {
  basis: string;
  rate?: Record<string, string>;
  target?: string | Record<string, string>;
  weights?: Record<string, string>;
  rateUnit?: string;
  unit: string;
  mode: Mode;
  foot: boolean;
}

export interface ModelResult {
  /** Per charged school (in census order): its id and per service its amount or null, and its periods. */
  rows: { id: string; amounts: (string | null)[]; periods: string[][]; total: string; perPupil: string | null }[];
  totals: string[];
}

const MAINTAINED = ['community', 'voluntary-aided', 'voluntary-controlled', 'foundation'];

/** The README's tie order: larger remainder, larger exact amount, smaller id (numerically where both are numbers), name. */
function idOrder(a: string, b: string): number {
  // A blank id first, then ids of digits (numerically), then the others as text: a total order.
  const rank = (x: string) => (x === '' ? 0 : /^\d+$/.test(x) ? 1 : 2);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (rank(a) === 1) {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Largest remainder: floors, then the missing units one each by the order. */
function foot(exacts: Q[], keys: { id: string; name: string }[], unit: Q, total: bigint): bigint[] {
  const floors = exacts.map((e) => e.div(unit).floor());
  const missing = total - floors.reduce((a, b) => a + b, 0n);
  const order = exacts
    .map((e, i) => ({ i, e, r: e.div(unit).minus(new Q(floors[i]!)) }))
    .sort((a, b) => b.r.cmp(a.r) || b.e.cmp(a.e) || idOrder(keys[a.i]!.id, keys[b.i]!.id) || (keys[a.i]!.name < keys[b.i]!.name ? -1 : keys[a.i]!.name > keys[b.i]!.name ? 1 : 0));
  const out = floors.slice();
  for (let k = 0; k < Number.parseInt(missing.toString(), 10); k++) out[order[k]!.i]! += 1n;
  return out;
}

/**
 * Two-way footing of a service's period table, in units: every cell rounded down, then the
 * cells with a remainder by the footing order (larger remainder, larger exact, smaller id,
 * name, earlier period, then census order) each take a unit unless its row or column is full
 * or taking it leaves no way to finish (Gale and Hoffman's condition over column sets).
 * Column targets: the service total split in proportion to the columns' exact sums (as `split`
 * splits it where every school is charged the whole year).
 */
function footPeriods(units: bigint[], keys: { id: string; name: string }[], shares: Q[][]): bigint[][] {
  const k = shares[0]?.length ?? 0;
  const total = units.reduce((a, b) => a + b, 0n);
  const exact = units.map((u, i) => shares[i]!.map((share) => new Q(u).times(share)));
  const columnSums = Array.from({ length: k }, (_, j) => exact.reduce((a, row) => a.plus(row[j]!), new Q(0n)));
  const targets = foot(columnSums, columnSums.map((_, j) => ({ id: String(j), name: '' })), new Q(1n), total);
  const out = exact.map((row) => row.map((e) => e.floor()));
  const rowOwed = units.map((u, i) => u - out[i]!.reduce((a, b) => a + b, 0n));
  const colOwed = targets.map((t, j) => t - out.reduce((a, row) => a + row[j]!, 0n));
  const cells: { i: number; j: number; e: Q; r: Q }[] = [];
  exact.forEach((row, i) => row.forEach((e, j) => { const r = e.minus(new Q(e.floor())); if (r.cmp(new Q(0n)) > 0) cells.push({ i, j, e, r }); }));
  cells.sort((a, b) => b.r.cmp(a.r) || b.e.cmp(a.e) || idOrder(keys[a.i]!.id, keys[b.i]!.id) || (keys[a.i]!.name < keys[b.i]!.name ? -1 : keys[a.i]!.name > keys[b.i]!.name ? 1 : 0) || a.j - b.j || a.i - b.i);
  const open = cells.map(() => true);
  const feasible = (): boolean => {
    for (let mask = 1; mask < 1 << k; mask++) {
      let need = 0n;
      for (let j = 0; j < k; j++) if (mask & (1 << j)) need += colOwed[j]!;
      let can = 0n;
      rowOwed.forEach((owed, i) => {
        let n = 0n;
        cells.forEach((c, x) => { if (open[x] && c.i === i && mask & (1 << c.j)) n++; });
        can += owed < n ? owed : n;
      });
      if (need > can) return false;
    }
    return true;
  };
  if (!feasible()) throw new Error('model: no two-way footing of this period table');
  cells.forEach((c, x) => {
    open[x] = false;
    if (rowOwed[c.i]! === 0n || colOwed[c.j]! === 0n) return;
    rowOwed[c.i]!--;
    colOwed[c.j]!--;
    if (feasible()) out[c.i]![c.j]!++;
    else { rowOwed[c.i]!++; colOwed[c.j]!++; }
  });
  return out;
}

/**
 * A school's share of each period: periods run in turn from April and a school charged m
 * months is charged for the first m, so a period's share is its months among those ÷ m; a
 * school charged none or all of the year shares by the periods' months ÷ 12.
 */
function periodShares(periods: readonly string[], months: string): Q[] {
  const twelve = new Q(12n);
  const m = Q.of(months);
  const whole = m.cmp(new Q(0n)) <= 0 || m.cmp(twelve) >= 0;
  let start = new Q(0n);
  return periods.map((p) => {
    const end = start.plus(Q.of(p));
    const share = whole ? Q.of(p).div(twelve) : (end.cmp(m) < 0 ? end : m).minus(start).cmp(new Q(0n)) > 0 ? (end.cmp(m) < 0 ? end : m).minus(start).div(m) : new Q(0n);
    start = end;
    return share;
  });
}

/** Maintained primary and secondary schools, all-through ones split by phase (the README's defaults). */
export function model(schools: readonly ModelSchool[], services: readonly ModelService[], periods: readonly string[]): ModelResult {
  const places = (text: string) => (text.split('.')[1] ?? '').length;
  const perService = services.map((service) => {
    const unit = Q.of(service.unit);
    // Parts: [school index, phase, basis × months].
    const parts: { i: number; phase: string; um: Q }[] = [];
    schools.forEach((s, i) => {
      if (!MAINTAINED.includes(s.status)) return;
      const value = (field: string) => (service.basis === 'school' ? new Q(1n) : Q.of(s.bases[field]!));
      const months = Q.of(s.months);
      if (s.phase === 'primary' || s.phase === 'secondary') parts.push({ i, phase: s.phase, um: value(service.basis).times(months) });
      else if (s.phase === 'all-through') {
        if (service.basis === 'school') parts.push({ i, phase: 'all-through', um: months });
        else for (const p of ['primary', 'secondary']) parts.push({ i, phase: p, um: value(`${service.basis}_${p}`).times(months) });
      }
    });
    const sumOf = (phase?: string) => parts.filter((p) => phase === undefined || p.phase === phase).reduce((a, p) => a.plus(p.um), new Q(0n));
    const twelve = new Q(12n);
    let factor: (phase: string) => Q;
    let footTo: Q | Map<string, Q> | null = null;
    if (service.rate) factor = (phase) => Q.of(service.rate![phase] ?? service.rate!.all!).div(twelve);
    else if (typeof service.target === 'string') {
      const t = Q.of(service.target);
      const w = (phase: string) => Q.of(service.weights?.[phase] ?? '1');
      const d = parts.reduce((a, p) => a.plus(w(p.phase).times(p.um)), new Q(0n));
      factor = (phase) => w(phase).times(t).div(d);
      footTo = t;
    } else {
      const targets = service.target!;
      factor = (phase) => Q.of(targets[phase]!).div(sumOf(phase));
      footTo = new Map(Object.entries(targets).map(([p, t]) => [p, Q.of(t)]));
    }
    if (service.rateUnit) {
      const ru = Q.of(service.rateUnit);
      const solved = factor;
      factor = (phase) => new Q(solved(phase).times(twelve).div(ru).round('half-up')).times(ru).div(twelve);
      footTo = null;
    }
    const exactOf = new Map<number, Q>();
    for (const p of parts) exactOf.set(p.i, (exactOf.get(p.i) ?? new Q(0n)).plus(p.um.times(factor(p.phase))));
    const rows = [...exactOf.keys()];
    const keys = rows.map((i) => ({ id: schools[i]!.id, name: schools[i]!.name }));
    const exacts = rows.map((i) => exactOf.get(i)!);
    let units: bigint[];
    if (!service.foot) units = exacts.map((e) => e.div(unit).round(service.mode));
    else if (footTo instanceof Map) {
      // Each phase to its own target (the generator gives no all-through school here: one part each).
      units = rows.map(() => 0n);
      for (const [phase, t] of footTo) {
        const at = rows.map((_, k) => k).filter((k) => parts.find((p) => p.i === rows[k])!.phase === phase);
        const footed = foot(at.map((k) => exacts[k]!), at.map((k) => keys[k]!), unit, t.div(unit).round(service.mode));
        at.forEach((k, j) => (units[k] = footed[j]!));
      }
    } else {
      const total = (footTo ?? exacts.reduce((a, e) => a.plus(e), new Q(0n))).div(unit).round(service.mode);
      units = foot(exacts, keys, unit, total);
    }
    // Footed: the schools × periods table foots both ways (README, "Arithmetic and rounding").
    const footedPeriods = service.foot && periods.length ? footPeriods(units, keys, rows.map((i) => periodShares(periods, schools[i]!.months))) : null;
    return { unit, rows, exacts, units, footedPeriods };
  });

  const charged = [...new Set(perService.flatMap((s) => s.rows))].sort((a, b) => a - b);
  const moneyPlaces = Math.max(0, ...services.map((s) => places(s.unit)));
  const totals = perService.map(() => new Q(0n));
  const rows = charged.map((i) => {
    let exact = new Q(0n);
    let total = new Q(0n);
    const amounts: (string | null)[] = [];
    const split: string[][] = [];
    perService.forEach((s, k) => {
      const at = s.rows.indexOf(i);
      if (at < 0) {
        amounts.push(null);
        split.push([]);
        return;
      }
      const amount = new Q(s.units[at]!).times(s.unit);
      exact = exact.plus(s.exacts[at]!);
      total = total.plus(amount);
      totals[k] = totals[k]!.plus(amount);
      amounts.push(amount.fixed(places(services[k]!.unit)));
      // Periods: amount × the school's share of each, footed to the amount; ties to the larger part, then the earlier.
      const parts = periodShares(periods, schools[i]!.months).map((share) => amount.times(share));
      const footed = s.footedPeriods ? s.footedPeriods[at]! : foot(parts, parts.map((_, j) => ({ id: String(j), name: '' })), s.unit, s.units[at]!);
      split.push(footed.map((u) => new Q(u).times(s.unit).fixed(places(services[k]!.unit))));
    });
    const nor = schools[i]!.bases.nor;
    const perPupil = nor === undefined || Q.of(nor).isZero() ? null : new Q(exact.div(Q.of(nor)).times(new Q(100n)).round('half-up'), 100n).fixed(2);
    return { id: schools[i]!.id, amounts, periods: split, total: total.fixed(moneyPlaces), perPupil };
  });
  return { rows, totals: totals.map((t, k) => t.fixed(places(services[k]!.unit))) };
}

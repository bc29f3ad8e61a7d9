import { z } from 'zod';
import { DECISIONS } from '../core/decisions.js';
import { ALL_THROUGH, FOOT_MODES, PHASES, ROUNDING_MODES, STATUSES } from '../core/types.js';

/** "5.10" or 5.1: amounts and rates are decimal strings; JSON numbers are read from their shortest decimal form. */
const decimal = z
  .union([z.string().regex(/^\s*\u00a3?(?:\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*$/, 'expected a decimal of 0 or more, such as "5.10"'), z.number().nonnegative().finite()])
  .describe('A decimal amount, preferably as a string: "5.10"');

const positive = z
  .union([z.string().regex(/^\s*\d*\.?\d+\s*$/, 'expected a positive decimal, such as "1" or "0.01"'), z.number().positive().finite()])
  .describe('A positive decimal unit: "0.01", "1", "100"');

const phase = z.enum(PHASES);
const perPhase = <T extends z.ZodType>(value: T) => z.union([value, z.partialRecord(phase, value)]);

export const chargeSchema = z
  .strictObject({
    phases: z.array(phase).min(1).optional().describe('Phases charged; default ["primary", "secondary"]'),
    statuses: z
      .union([z.enum(['maintained', 'all']), z.array(z.enum(STATUSES)).min(1)])
      .optional()
      .describe('Statuses charged; default "maintained" (community, VA, VC, foundation)'),
    allThrough: z
      .enum(ALL_THROUGH)
      .optional()
      .describe('All-through schools: "auto" (default: split where the census has nor_primary/nor_secondary), "split", deemed "primary" or "secondary", or "none" (not charged)'),
  })
  .describe('Which schools are charged');

export const roundingSchema = z
  .strictObject({
    unit: positive.optional().describe('Round to this unit; default "1"'),
    mode: z.enum(ROUNDING_MODES).optional().describe('Default "half-up"'),
    foot: z.enum(FOOT_MODES).optional().describe('"largest-remainder" makes the rows add up to the rounded exact total; default "none"'),
  })
  .describe('How amounts are rounded');

const count = z.number().int().nonnegative();

export const decisionSchema = z
  .union([
    z.enum(DECISIONS),
    z.strictObject({
      decision: z.enum(DECISIONS).describe('"de-delegate", "do not de-delegate" or "pending"'),
      vote: z
        .strictObject({ for: count, against: count, abstain: count.optional().describe('Default 0') })
        .optional()
        .describe('Maintained members\' vote for this phase, e.g. {"for": 6, "against": 1, "abstain": 0}'),
      years: z.number().int().positive().optional().describe('Years the decision commits to, e.g. 2'),
      note: z.string().optional().describe('Why, as the minutes say: "no secondary member attended"'),
    }),
  ])
  .describe('The forum\'s decision for one phase: the word alone, or with the vote and years');

export const lessSchema = z
  .strictObject({
    item: z.string().min(1).describe('What reduces the amount: "Balance brought forward", "Grant"'),
    amount: decimal,
  })
  .describe('A line taken off the target or the cost plan\'s total');

export const buyBackSchema = z
  .strictObject({
    title: z.string().optional().describe('Title line of the buy-back schedule'),
    statuses: z.array(z.enum(STATUSES)).min(1).optional().describe('Statuses priced for buy-back; default ["academy"]. None may be charged by a service'),
    months: decimal.optional().describe('Months bought back, 0–12, e.g. 7; default each school\'s months in the census (12)'),
    rates: z
      .record(z.string(), perPhase(decimal))
      .optional()
      .describe('Own buy-back rates by service name; a service not named is priced at its de-delegation rate'),
  })
  .describe('A buy-back schedule: schools that are not charged, priced from the same rates or their own');

const field = z.string().min(1);

export const basisSchema = z
  .union([
    field,
    z.strictObject({
      default: field.optional().describe('The basis of every other school; default "nor"'),
      phases: z.partialRecord(phase, field).optional().describe('A basis per phase, e.g. {"special": "places", "pru": "places"}'),
      statuses: z.partialRecord(z.enum(STATUSES), field).optional().describe('A basis per status; a status wins over a phase'),
    }),
  ])
  .describe('Census field charged on: "nor" (default), "sen", "fsm", "places" …, or "school" for a lump sum per school; or one per phase or status');

/** A service's cost plan: its path, or its path with the sheet of a workbook (and a text file's encoding), read as `dedel costs --sheet --encoding` reads it. */
export const costsSchema = z
  .union([
    z.string().min(1),
    z.strictObject({
      file: z.string().min(1).describe('The cost plan: CSV, tab-separated text or an .xlsx workbook (path relative to the config)'),
      sheet: z.string().min(1).optional().describe('A workbook\'s sheet to read, e.g. "Costs 2024-25"; default the first not hidden'),
      encoding: z.enum(['utf-8', 'windows-1252', 'cp850']).optional().describe('A text plan\'s encoding; default detected'),
    }),
  ])
  .describe('A cost plan whose total is this service\'s target (path relative to the config): "plan.csv", or {"file": "plan.xlsx", "sheet": "Costs"}');

/** What a part or an option may set: its basis and its rate or target. */
const pricing = {
  basis: basisSchema.optional(),
  rate: perPhase(decimal).optional().describe('£ per unit of the basis: one rate, or one per phase'),
  target: perPhase(decimal).optional().describe('Amount to recover: one target, or one per phase'),
  weights: z.partialRecord(phase, decimal).optional().describe('Relative rate per phase for a single target'),
  rateUnit: positive.optional().describe('Round a solved rate half-up to this unit, e.g. "0.01"'),
};

export const partSchema = z
  .strictObject({
    name: z.string().min(1).optional().describe('Column heading of the part; default from its basis: "lump sum", "per pupil", "per place" …'),
    ...pricing,
    less: z.array(lessSchema).optional().describe('Lines taken off the part\'s target: [{"item": "Grant", "amount": "5000"}]'),
  })
  .describe('One part of a service: a lump sum per school, a rate per pupil, per FSM pupil, per place …');

export const optionSchema = z
  .strictObject({ name: z.string().min(1).describe('How the paper names the option: "EAL basis", "Per pupil"'), ...pricing })
  .describe('One option of a service, compared side by side before the vote');

export const serviceSchema = z
  .strictObject({
    name: z.string().min(1).optional().describe('The budget line, e.g. "School Improvement"; default "De-delegation"'),
    basis: basisSchema.optional(),
    rate: perPhase(decimal).optional().describe('£ per unit of the basis: one rate, or one per phase'),
    target: perPhase(decimal).optional().describe('Amount to recover: one target (spread by weights), or one per phase'),
    weights: z.partialRecord(phase, decimal).optional().describe('Relative rate per phase for a single target; default all 1'),
    rateUnit: positive.optional().describe('Round a solved rate half-up to this unit, e.g. "0.01"'),
    costs: costsSchema.optional(),
    charge: chargeSchema.optional(),
    rounding: roundingSchema.optional(),
    decisions: z
      .partialRecord(phase, decisionSchema)
      .optional()
      .describe('The forum\'s decision per phase: only phases decided "de-delegate" are charged; a phase charged by the rules with no decision is pending'),
    parts: z.array(partSchema).min(1).optional().describe('A service made of parts, each with its own basis and rate or target; one column per part and the service total'),
    options: z.array(optionSchema).min(2).optional().describe('Two or more options compared side by side: the first is charged, the others print beside it with the difference per school'),
    less: z.array(lessSchema).optional().describe('Lines taken off the target or cost plan total: [{"item": "Balance brought forward", "amount": "55000"}]'),
  })
  .describe('One de-delegated service');

export const configSchema = z
  .strictObject({
    $schema: z.string().optional(),
    title: z.string().optional().describe('Title line printed above the table'),
    census: z
      .strictObject({
        columns: z.record(z.string(), z.string()).optional().describe('Field → census header, e.g. {"nor": "NOR October 22"}'),
        encoding: z.enum(['utf-8', 'windows-1252', 'cp850']).optional(),
        la: z
          .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
          .optional()
          .describe('In a census of several local authorities (a DfE school-level file), the one(s) to read, by name or code, e.g. "Cambridgeshire" or "873"'),
        phases: z.record(z.string(), phase).optional().describe('The census\'s phase words → dedel\'s, e.g. {"Lower": "primary", "Middle": "secondary"}'),
        statuses: z.record(z.string(), z.enum(STATUSES)).optional().describe('The census\'s status words → dedel\'s, e.g. {"Comm": "community", "Maintained": "community"}'),
      })
      .optional(),
    charge: chargeSchema.optional(),
    rounding: roundingSchema.optional(),
    services: z.array(serviceSchema).optional(),
    output: z
      .strictObject({
        columns: z.array(z.string().min(1)).min(1).optional().describe('Columns printed, in order, by machine name: ["school", "status", "nor", "de_delegation", "per_pupil"]'),
        headers: z.record(z.string(), z.string()).optional().describe('Column → header text, e.g. {"nor": "NOR October 22", "de_delegation": "23/24 £"}'),
        subtotals: z.enum(['phase']).optional().describe('"phase": a subtotal row after each phase\'s schools'),
      })
      .optional()
      .describe('The columns allocate prints; --columns, --header and --subtotals override'),
    periods: z
      .array(z.strictObject({ name: z.string().min(1), months: decimal }))
      .optional()
      .describe('Period split columns, months adding up to 12: 5/12ths de-delegated, 7/12ths buy-back'),
    buyBack: buyBackSchema.optional(),
    convert: z
      .array(
        z.strictObject({
          // Written as a JSON number too (100001): an id typed by hand, never a figure.
          urn: z.union([z.string().min(1), z.number().int().nonnegative()]).describe('URN of the converting school'),
          month: z.union([z.string().min(1), z.number().int().min(1).max(12)]).describe('Month it converts: "January", "jan", 1, or the date it converts on, "2025-01-01"'),
        }),
      )
      .optional()
      .describe('Schools that become academies during the year: charged for the months (from April) before they convert'),
    paper: z
      .strictObject({
        census: z.string().min(1).optional().describe("This year's census (path relative to the proposal)"),
        year: z.string().min(1).optional().describe('How this year is headed, e.g. "2024/25"'),
        lastYear: z
          .strictObject({
            census: z.string().min(1).optional().describe("Last year's census, run through last year's proposal"),
            proposal: z.string().min(1).optional().describe("Last year's proposal (default: this one)"),
            allocation: z
              .string()
              .min(1)
              .optional()
              .describe("Or last year's allocation: as dedel wrote it (csv or json), or the table of charges published (Appendix B: csv, tsv or .xlsx)"),
            columns: z
              .record(z.string(), z.string())
              .optional()
              .describe('For a published table: field → header, e.g. {"total": "23/24 £"} (fields urn, name, phase, status, nor, total)'),
            sheet: z.string().min(1).optional().describe("For a published table in a workbook: the sheet to read (default the first it shows)"),
            year: z.string().min(1).optional().describe('How last year is headed, e.g. "2023/24"'),
          })
          .optional(),
      })
      .optional()
      .describe('What `dedel paper` reads besides the proposal'),
  })
  .describe('dedel configuration');

export type ConfigInput = z.infer<typeof configSchema>;
export type ServiceInput = z.infer<typeof serviceSchema>;
export type DecimalInput = z.infer<typeof decimal>;
export type DecisionInput = z.infer<typeof decisionSchema>;
export type BuyBackInput = z.infer<typeof buyBackSchema>;
export type BasisInput = z.infer<typeof basisSchema>;
export type PartInput = z.infer<typeof partSchema>;

/**
 * A forum's decision as papers word it besides its own words (`wordKey`): without its hyphen,
 * in the past tense, or put the other way (`De-delegated`, `Not de-delegated`, `Don't de-delegate`).
 */
export const ALSO: Readonly<Partial<Record<string, readonly string[]>>> = {
  'de-delegate': ['dedelegate', 'de-delegated', 'dedelegated'],
  'do not de-delegate': ['do-not-dedelegate', "don't-de-delegate", 'don\u2019t-de-delegate', 'not-de-delegate', 'not-de-delegated', 'not-dedelegated'],
};

/** The objects keyed by phase (a rate, target, weights or decisions per phase; and a buy-back's rates per service), whose keys dedel reads as a paper heads them (`"Primary"`, `"All through"`). */
export const BY_PHASE: ReadonlySet<string> = new Set(['rate', 'target', 'weights', 'decisions']);

/**
 * A word as a pattern that matches it written any way dedel reads it: any case, with spaces,
 * underscores or (for a value) dashes for its hyphens, and spaces around it.
 */
function caseless(word: string, separator: string): string {
  const letters = (part: string) => [...part].map((c) => (/[a-z]/i.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))).join('');
  return word.trim().toLowerCase().replace(/[\s_\u2010-\u2013]+/g, '-').split('-').map(letters).join(separator);
}

/** A node's enum as dedel reads it: the words themselves (for editors to offer), or any of them written another way it takes. */
function readable(words: readonly string[], separator: string, also: (word: string) => readonly string[]): object[] {
  const forms = words.flatMap((w) => [w, ...also(w)]).map((w) => caseless(w, separator));
  return [{ enum: words }, { pattern: `^\\s*(?:${forms.join('|')})\\s*$` }];
}

/**
 * The JSON Schema as dedel reads a config, not only as zod declares it: an enum's word in
 * another case or with spaces for hyphens (`"Half up"`, `"Maintained"`, `"De-delegated"`), and a
 * phase key as a paper heads it (`"Primary"`), which dedel takes, were errors to an editor.
 */
function asRead(node: unknown, keyed: 'phase' | 'rates' | undefined = undefined): unknown {
  if (Array.isArray(node)) return node.map((n) => asRead(n, keyed));
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    // A key's words are taken only as written, but where keys are phases (below).
    if (k === 'propertyNames') {
      out[k] = v;
      continue;
    }
    // Where keys are phases (a rate, target, weights or decisions per phase, and a buy-back's
    // rates per service), through the alternatives of the value: as phaseKeys (config.ts) reads them.
    const inner = BY_PHASE.has(k) ? 'phase' : k === 'rates' ? 'rates' : k === 'anyOf' || k === 'oneOf' || k === 'allOf' ? keyed : k === 'additionalProperties' && keyed === 'rates' ? 'phase' : undefined;
    out[k] = asRead(v, inner);
  }
  const words = out.enum;
  if (Array.isArray(words) && words.every((w) => typeof w === 'string')) {
    delete out.enum;
    out.anyOf = readable(words as string[], '(?:[\\s_\\u2010-\\u2013]+|-)', (w) => ALSO[w] ?? []);
  }
  const names = out.propertyNames as { enum?: unknown } | undefined;
  if (keyed === 'phase' && Array.isArray(names?.enum)) {
    out.propertyNames = { type: 'string', anyOf: readable(names.enum as string[], '(?:[\\s_]+|-)', () => []) };
  }
  return out;
}

/** The config's JSON Schema, generated from the zod schema so the two cannot drift, and widened to the words dedel reads (`asRead`). */
export function configJsonSchema(): object {
  return asRead(z.toJSONSchema(configSchema, { io: 'input' })) as object;
}

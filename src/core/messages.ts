import type { Dec } from './decimal.js';
import { placesOf } from './decimal.js';

/**
 * A sum of money in a message, kept as its exact figure: render prints it as people read it
 * (`£50,836.80`, to `places` decimals where given), so the core never formats money.
 */
export interface Money {
  readonly pounds: Dec;
  readonly places?: number;
}

/** A message's words: its text, with the sums of money in it left for render to print. */
export type Words = readonly (string | Money)[];

/** A message: plain text, or words with sums of money in them. */
export type Message = string | Words;

/**
 * A sum in a message. Put into a plain template string by mistake (not `words`), it reads as
 * its exact figure (`50836.8`), never as `[object Object]`.
 */
class Sum implements Money {
  declare readonly places?: number;
  constructor(
    readonly pounds: Dec,
    places?: number,
  ) {
    if (places !== undefined) (this as { places?: number }).places = places;
  }
  toString(): string {
    return this.places === undefined ? this.pounds.toFixed() : this.pounds.toFixed(this.places);
  }
}

/** Texts listed as a sentence lists them: `a`, `a and b`, `a, b and c`; '' for none. */
export function listed(items: readonly string[]): string {
  return items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]!}` : (items[0] ?? '');
}

/** A count and its noun, singular for one: `counted(1, 'label')` is `1 label`, `counted(2, 'label')` `2 labels`. */
export function counted(n: number | string, noun: string, plural = `${noun}s`): string {
  return `${n} ${`${n}` === '1' ? noun : plural}`;
}

/** A count's place in words: `1st`, `2nd`, `11th`, `23rd`. */
export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}

/** A sum of money for a message. */
export function money(pounds: Dec, places?: number): Money {
  return new Sum(pounds, places);
}

/**
 * Words that read as their plain text (`plainText`) if put into a template string by mistake,
 * not as Array's comma-joined parts.
 */
function spoken(parts: (string | Money)[]): Words {
  return Object.defineProperty(parts, 'toString', { value: () => plainText(parts) });
}

/**
 * A message from a template: words`the total ${money(t)} does not agree` keeps `t` a figure.
 * A value may itself be words, which are spliced in.
 */
export function words(text: TemplateStringsArray, ...values: readonly (string | number | Money | Words)[]): Words {
  const parts: (string | Money)[] = [];
  const add = (part: string | Money) => {
    const last = parts.length - 1;
    if (typeof part === 'string' && typeof parts[last] === 'string') parts[last] += part;
    else if (part !== '') parts.push(part);
  };
  add(text[0]!);
  values.forEach((value, i) => {
    if (Array.isArray(value)) (value as Words).forEach(add);
    else add(typeof value === 'number' ? `${value}` : (value as string | Money));
    add(text[i + 1]!);
  });
  return spoken(parts);
}

/** Words joined by `separator`, as `Array.join` joins text. */
export function joinWords(list: readonly Words[], separator: string): Words {
  return spoken(list.flatMap((w, i) => (i === 0 ? w : [separator, ...w])));
}

/**
 * A message's text with each sum as its plain exact figure (`50836.8`): what an error's own
 * `message` holds for a debugger. What users see is render's `messageText`, with `£` and commas.
 */
export function plainText(message: Message): string {
  return typeof message === 'string' ? message : message.map((part) => (typeof part === 'string' ? part : part.places === undefined ? part.pounds.toFixed() : part.pounds.toFixed(part.places))).join('');
}

/**
 * The warning when rows rounded on their own do not add up to the rounded exact total. `shown`
 * says where the table prints that sum: `allocate`'s Total row, or `rates`' amount column
 * (which has no Total row).
 */
export function footingMessage(service: string, printed: Dec, exact: Dec, expected: Dec, unit: Dec, shown: 'total-row' | 'amount' = 'total-row'): Words {
  const dp = placesOf(unit);
  const where = shown === 'amount' ? words`the amount column shows ${money(printed, dp)} for ${service}` : words`the Total row shows ${money(printed, dp)}`;
  return words`${service}: the rounded rows add up to ${money(printed, dp)} but the exact total is ${money(exact)} (${money(expected, dp)} rounded); ${where}. Use --foot to make the rows add up to ${money(expected, dp)}.`;
}

import { within, type Level } from './memo.js';
import { own } from './names.js';
import type { School } from './types.js';

/**
 * The schools of a census, held compactly. A census repeats its figures: schools fall into a
 * few thousand groups of one status, phase, months and set of figures, which the allocation
 * works out once each. A school holds only its group's number, its id, its name and its line,
 * so a million schools take tens of megabytes, not a gigabyte of objects.
 */
export class SchoolSet implements Iterable<School> {
  /** Per group: the first school read into it (its figures are every member's). */
  private groups: School[] = [];
  private groupBy: Level = new Map();
  /** Per group: how many schools it has. */
  private members: number[] = [];
  private groupAt = new Uint32Array(1024);
  private lines = new Uint32Array(1024);
  private ids = new TextColumn();
  private names = new TextColumn();
  private count = 0;

  /** Schools already made, one object each, so two allocations over one set share them. */
  private made: School[] = [];

  /** A set of the given schools, in order; `school(k)` gives back the very objects. */
  static of(schools: Iterable<School>): SchoolSet {
    const set = new SchoolSet();
    for (const school of schools) {
      set.made[set.count] = school;
      set.add(school);
    }
    return set;
  }

  /** Adds a school after the others. */
  add(school: School): void {
    const g = this.groupFor(school);
    const k = this.count;
    if (k === this.groupAt.length) this.grow();
    this.groupAt[k] = g;
    this.members[g]!++;
    this.lines[k] = school.line ?? 0;
    this.ids.push(school.id);
    this.names.push(school.name);
    this.count++;
  }

  /**
   * The group of a school's figures: found through maps keyed by its status, phase,
   * exclusion, months and each basis field and value in turn. Values are compared as the
   * objects they are (a census reader gives equal texts one decimal object), so no key text
   * is made per school; equal figures read from different texts (`1,179` and `1179`) make two
   * groups, which charge alike.
   */
  private groupFor(school: School): number {
    let level = this.groupBy;
    level = within(level, school.status);
    level = within(level, school.phase);
    level = within(level, school.exclude);
    // The last figure is looked up among the groups its level ends (its GROUP map): no map is made per group.
    let last: unknown = school.months;
    for (const field in school.bases) {
      level = within(within(level, last), field);
      last = school.bases[field];
    }
    let ends = level.get(GROUP) as Map<unknown, number> | undefined;
    if (ends === undefined) level.set(GROUP, (ends = new Map()));
    let g = ends.get(last);
    if (g === undefined) {
      // Its id and name copied: a cell of a large file may be a view into a whole piece of its text.
      g = this.groups.push({ ...school, id: own(school.id), name: own(school.name) }) - 1;
      this.members.push(0);
      ends.set(last, g);
    }
    return g;
  }

  private grow(): void {
    const size = this.groupAt.length * 2;
    const groupAt = new Uint32Array(size);
    groupAt.set(this.groupAt);
    this.groupAt = groupAt;
    const lines = new Uint32Array(size);
    lines.set(this.lines);
    this.lines = lines;
  }

  /** Schools in the set. */
  get size(): number {
    return this.count;
  }

  /** Groups of schools with the same figures. */
  get groupCount(): number {
    return this.groups.length;
  }

  /** How many schools group g has. */
  membersOf(g: number): number {
    return this.members[g]!;
  }

  /** School k's group. */
  groupOf(k: number): number {
    return this.groupAt[k]!;
  }

  /** A group's figures: status, phase, months, bases (its id, name and line are one member's). */
  group(g: number): School {
    return this.groups[g]!;
  }

  id(k: number): string {
    return this.ids.at(k);
  }

  name(k: number): string {
    return this.names.at(k);
  }

  /** School k, one object however often asked for (a key for matching rows of two allocations). */
  school(k: number): School {
    return (this.made[k] ??= this.view(k));
  }

  /** School k, made from its group's figures and its own id, name and line; kept by no one (a large table written row by row). */
  view(k: number): School {
    const made = this.made[k];
    if (made) return made;
    const rep = this.groups[this.groupAt[k]!]!;
    const line = this.lines[k]!;
    const school: School = { ...rep, id: this.ids.at(k), name: this.names.at(k), line: line === 0 ? undefined : line };
    if (school.line === undefined) delete school.line;
    return school;
  }

  *[Symbol.iterator](): Iterator<School> {
    for (let k = 0; k < this.count; k++) yield this.school(k);
  }
}

/** In the nested maps of a school's figures, the map from its last figure to its group's number. */
const GROUP = Symbol('group');

/**
 * Texts kept for a long time, one per school (ids, names): joined into one string per block
 * of schools, each text found by where it starts. A million names take their characters and
 * four bytes each, not a string object each; and no text holds on to the piece of the census
 * it was read from. A text with a letter beyond ASCII is kept as its UTF-8 bytes, one
 * character each (`bytesOf`): one such name would otherwise make its whole block a string of
 * two bytes a character, and a census of accented names twice the size.
 */
class TextColumn {
  private static readonly BLOCK = 256;
  private blocks: string[] = [];
  private pending: string[] = [];
  private starts = new Uint32Array(TextColumn.BLOCK);
  /** A bit per text: set where it is kept as its UTF-8 bytes (so `at` need not look). */
  private wide = new Uint32Array(TextColumn.BLOCK / 32);
  private count = 0;

  push(text: string): void {
    const k = this.count;
    if (BEYOND_ASCII.test(text)) {
      if (k >>> 5 >= this.wide.length) {
        // Grown to hold this text's bit, however far past the last wide text it comes.
        const wide = new Uint32Array(Math.max(this.wide.length * 2, (k >>> 5) + 1));
        wide.set(this.wide);
        this.wide = wide;
      }
      this.wide[k >>> 5]! |= 1 << (k & 31);
      this.pending.push(bytesOf(text));
    } else this.pending.push(text);
    this.count++;
    if (this.pending.length === TextColumn.BLOCK) this.seal();
  }

  private seal(): void {
    const first = this.blocks.length * TextColumn.BLOCK;
    if (this.starts.length < first + TextColumn.BLOCK) {
      const starts = new Uint32Array(this.starts.length * 2);
      starts.set(this.starts);
      this.starts = starts;
    }
    let at = 0;
    const pending = this.pending;
    for (let i = 0; i < pending.length; i++) {
      this.starts[first + i] = at;
      at += pending[i]!.length;
    }
    // Made afresh from its UTF-8: a text cut from a piece of the census that has any letter
    // beyond U+00FF is held two bytes a character even where it is plain ASCII, and so is
    // what it is joined into; decoded, the block is one byte a character.
    this.blocks.push(UTF8_DECODER.decode(UTF8_ENCODER.encode(pending.join(''))));
    this.pending = [];
  }

  at(k: number): string {
    const b = Math.floor(k / TextColumn.BLOCK);
    let text: string;
    if (b === this.blocks.length) text = this.pending[k - b * TextColumn.BLOCK]!;
    else {
      const block = this.blocks[b]!;
      const end = (k + 1) % TextColumn.BLOCK === 0 ? block.length : this.starts[k + 1]!;
      text = block.slice(this.starts[k]!, end);
    }
    return k >>> 5 < this.wide.length && (this.wide[k >>> 5]! >>> (k & 31)) & 1 ? textOf(text) : text;
  }
}

const BEYOND_ASCII = /[^\x00-\x7f]/;
const UTF8_ENCODER = new TextEncoder();
const UTF8_DECODER = new TextDecoder('utf-8', { ignoreBOM: true });

/** Scratch for the character codes of one text being converted (grown as needed, never shrunk). */
const codes: number[] = [];

/** The first `n` codes of `codes` as a string, made a few thousand at a time. */
function fromCodes(n: number): string {
  codes.length = n;
  if (n <= 8192) return String.fromCharCode.apply(null, codes);
  let out = '';
  for (let i = 0; i < n; i += 8192) out += String.fromCharCode.apply(null, codes.slice(i, i + 8192));
  return out;
}

/**
 * A text as its UTF-8 bytes, one character (0–255) each, so that it is a one-byte string.
 * A lone surrogate (possible in a string, never in decoded UTF-8) takes three bytes, as
 * WTF-8 writes it, so every string comes back as it was. Worked into one array of codes and
 * made a string once (a string built a letter at a time, or through a typed array per text,
 * took several times as long).
 */
export function bytesOf(text: string): string {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) codes[n++] = c;
    else if (c < 0x800) {
      codes[n++] = 0xc0 | (c >> 6);
      codes[n++] = 0x80 | (c & 0x3f);
    } else {
      const next = text.charCodeAt(i + 1);
      if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
        codes[n++] = 0xf0 | (c >> 18);
        codes[n++] = 0x80 | ((c >> 12) & 0x3f);
      } else codes[n++] = 0xe0 | (c >> 12);
      codes[n++] = 0x80 | ((c >> 6) & 0x3f);
      codes[n++] = 0x80 | (c & 0x3f);
    }
  }
  return fromCodes(n);
}

/** The text `bytesOf` was given back from its bytes. */
export function textOf(bytes: string): string {
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes.charCodeAt(i);
    if (b < 0x80) codes[n++] = b;
    else if (b >= 0xf0) {
      const c = (((b & 0x07) << 18) | ((bytes.charCodeAt(i + 1) & 0x3f) << 12) | ((bytes.charCodeAt(i + 2) & 0x3f) << 6) | (bytes.charCodeAt(i + 3) & 0x3f)) - 0x10000;
      codes[n++] = 0xd800 + (c >> 10);
      codes[n++] = 0xdc00 + (c & 0x3ff);
      i += 3;
    } else if (b >= 0xe0) {
      codes[n++] = ((b & 0x0f) << 12) | ((bytes.charCodeAt(i + 1) & 0x3f) << 6) | (bytes.charCodeAt(i + 2) & 0x3f);
      i += 2;
    } else {
      codes[n++] = ((b & 0x1f) << 6) | (bytes.charCodeAt(i + 1) & 0x3f);
      i += 1;
    }
  }
  return fromCodes(n);
}

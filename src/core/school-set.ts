import type { Dec } from './decimal.js';
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
  private groupBy = new Map<string, number>();
  private groupAt = new Uint32Array(1024);
  private lines = new Uint32Array(1024);
  private ids: string[] = [];
  private names: string[] = [];
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
    const key = groupKey(school);
    let g = this.groupBy.get(key);
    if (g === undefined) {
      g = this.groups.push(school) - 1;
      this.groupBy.set(key, g);
    }
    const k = this.count;
    if (k === this.groupAt.length) this.grow();
    this.groupAt[k] = g;
    this.lines[k] = school.line ?? 0;
    this.ids.push(school.id);
    this.names.push(school.name);
    this.count++;
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

  /** School k's group. */
  groupOf(k: number): number {
    return this.groupAt[k]!;
  }

  /** A group's figures: status, phase, months, bases (its id, name and line are one member's). */
  group(g: number): School {
    return this.groups[g]!;
  }

  id(k: number): string {
    return this.ids[k]!;
  }

  name(k: number): string {
    return this.names[k]!;
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
    const school: School = { ...rep, id: this.ids[k]!, name: this.names[k]!, line: line === 0 ? undefined : line };
    if (school.line === undefined) delete school.line;
    return school;
  }

  *[Symbol.iterator](): Iterator<School> {
    for (let k = 0; k < this.count; k++) yield this.school(k);
  }
}

const texts = new WeakMap<Dec, string>();
function text(value: Dec): string {
  let t = texts.get(value);
  if (t === undefined) texts.set(value, (t = value.toString()));
  return t;
}

/** What makes two schools' charges the same: status, phase, exclusion, months and every figure. */
function groupKey(school: School): string {
  let key = `${school.status}|${school.phase}|${school.exclude ?? ''}|${text(school.months)}`;
  for (const field in school.bases) key += `|${field}=${text(school.bases[field]!)}`;
  return key;
}

/** Machine header of a name: "School Improvement" → "school_improvement", "De-delegated" → "de_delegated". */
export function snake(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

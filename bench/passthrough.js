// The floor a csv-parse → csv-stringify program starts from: read the census with
// `columns: true`, write it back out. `node bench/passthrough.js IN OUT`
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

const [input, output] = process.argv.slice(2);
const records = parse(readFileSync(input), { columns: true, bom: true, skip_empty_lines: true });
writeFileSync(output, stringify(records, { header: true }));

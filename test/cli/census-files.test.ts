import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCensus } from '../../src/io/census.js';
import { runInProcess } from '../helpers/run.js';

const DFE = 'fixtures/dfe/governance-codes-nat-row.csv';
const RATES = ['--rate', 'primary=5.83', '--rate', 'secondary=7.92'];

/** The first two cells and the given column of each csv line. */
const cells = (csv: string, column: number) =>
  csv
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => {
      const c = l.split(',');
      return `${c[0]} ${c[column]}`;
    });

describe('a DfE census file with governance codes and a national row', () => {
  it('charges the maintained schools by their codes and never the national row', async () => {
    const run = await runInProcess(['allocate', DFE, ...RATES, '-f', 'csv', '--all']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('De-delegation: the rounded rows add up to');
    expect(run.stderr).not.toContain('control total');
    expect(cells(run.stdout, 5)).toEqual([
      '130001 2454',
      '130002 1469',
      '130003 1049',
      '130004 8110',
      '130005 ',
      '130006 ',
      '130007 ',
      '130008 ',
      '130009 ',
      '130010 ',
      ' 13082',
    ]);
    expect(run.stdout).not.toContain('NAT');
    expect(run.stdout).toContain('130010,Greenways School,community,special,,,,,not mainstream (special school)');
    expect(run.stdout).toContain('130008,Exampleshire Studio School,academy,secondary,,,,,academy');
  });

  it('never charges the national row of a file with no status column', async () => {
    const run = await runInProcess(['allocate', '-', '--rate', '2.10', '-f', 'csv', '-q'], { stdin: 'URN,School,NOR\nNAT,England,"4,727,089"\n100001,Ash Primary,100\n' });
    expect(run.stdout).toBe('urn,school,status,phase,nor,de_delegation,total,per_pupil\n100001,Ash Primary,,,100,210,210,2.10\n,Total,,,100,210,210,2.10\n');
  });

  it('checks the national row is at least the sum of the schools', async () => {
    const run = await runInProcess(['check', '-', '-q', '--strict'], { stdin: 'URN,School,Status,Phase,NOR\nNAT,England,,,50\n1,Ash,Community,Primary,100\n' });
    expect(run.code).toBe(3);
    expect(run.stderr).toBe('dedel: error: check failed (--strict): <stdin>:2: control total for column "NOR": expected at most 50 (the national row "England"), actual 100 (the school rows)\n');
  });

  it("reads DfE's suppressed cells as blanks, and says so where a charged school needs one", async () => {
    const run = await runInProcess(['allocate', DFE, '--rate', '10', '--basis', 'sen']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `dedel: error: ${DFE}:4: column "SEN Jan 23": value "c": SEN is suppressed (a DfE mark for a figure not published) for a school that is charged on it; expected a number of 0 or more, such as 421, 1,179 or 12.5\n`,
    );
    const checked = await runInProcess(['check', DFE, '--rate', '10', '--basis', 'sen']);
    expect(checked.stderr).toContain('dedel: 1 error in');
  });
});

describe('phase totals and subtotals', () => {
  it('checks each against the schools it covers, and charges none of them', async () => {
    const run = await runInProcess(['allocate', 'fixtures/control/phase-subtotals.csv', '--rate', '1', '-f', 'csv']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(6);
    expect(run.stderr).toBe(
      'dedel: warning: fixtures/control/phase-subtotals.csv:7: control total for column "NOR" does not match: the "Secondary subtotal" row states 1500, the secondary school rows add up to 1600 (difference +100)\n',
    );
  });
});

describe('headers as authorities write them', () => {
  it.each([
    ['No. on roll', 'nor'],
    ['Pupils on roll', 'nor'],
    ['Total NOR', 'nor'],
    ['NOR 2022/23', 'nor'],
    ['TOTPUPS', 'nor'],
    ['SEN Jan 21', 'sen'],
    ['FSM Oct 2023', 'fsm'],
    ['FSM 2022-2023', 'fsm'],
    ['SCHNAME', 'name'],
    ['NFTYPE', 'status'],
    ['Governance', 'status'],
    // Headers of authorities' own Schools Forum tables.
    ['Establishment', 'name'],
    ['Sector', 'phase'],
    ['School type', 'status'],
    ['Total pupils', 'nor'],
    ['Pupil numbers', 'nor'],
    ['No of pupils', 'nor'],
    ['Headcount', 'nor'],
    ['Pupil headcount', 'nor'],
    ['On roll', 'nor'],
    ['Roll', 'nor'],
    ['Pupil count', 'nor'],
    // NOR with a note: the year groups it counts, or what it leaves out (each was "no column for nor").
    ['NOR (R-Y11)', 'nor'],
    ['NOR R-Y6', 'nor'],
    ['NOR Y7-11', 'nor'],
    ['NOR (excl. nursery)', 'nor'],
    ['NOR excl nursery', 'nor'],
    ['NOR Oct 2023 (R-Y11)', 'nor'],
    ['Pupils (R-Y11)', 'nor'],
    // NOR at the census with no date in figures, and NOR's looser words with a census date
    // before or after them (each was "no column for nor").
    ['Census NOR', 'nor'],
    ['NOR Census', 'nor'],
    ['October Census NOR', 'nor'],
    ['NOR at census', 'nor'],
    ['NOR October', 'nor'],
    ['Spring term NOR', 'nor'],
    ['Headcount Oct 2024', 'nor'],
    ['Headcount January 2024', 'nor'],
    ['Total pupils Oct 23', 'nor'],
    ['Pupil numbers Jan 24', 'nor'],
    ['On roll Oct 24', 'nor'],
    ['Roll Oct-24', 'nor'],
    ['Oct 24 Headcount', 'nor'],
    ['2023/24 Headcount', 'nor'],
    ['Oct 24 Pupils', 'nor'],
    ['Headcount Oct 24 (R-Y11)', 'nor'],
    // A status or phase with a note in brackets, as a looser word (each was no status or phase column).
    ['Status (LA/Academy)', 'status'],
    ['School status (Sept 2024)', 'status'],
    ['Phase (Primary/Secondary)', 'phase'],
    ['Phase (P/S)', 'phase'],
    ['Name of school', 'name'],
    ['School/Academy', 'name'],
    ['School or academy', 'name'],
  ])('reads "%s" as %s', (header, field) => {
    const census = readCensus(Buffer.from(`URN,${header}\n1,10\n`), 'c.csv');
    expect(census.fields.get(field)).toBe(1);
  });

  it.each(['DfE No.', 'DfE', 'School URN', 'LA Estab', 'LAESTAB No', 'Estab', 'Estab No', 'School No', 'School number', 'DfE Ref', 'URN No',
    // Each was no id column: the table's id column was blank, unsaid.
    'Unique Reference Number', 'School Code', 'Sch No', 'School ID', 'Establishment No', 'DfE Code', 'School Ref', 'URN (DfE)', 'DfE Number (LAESTAB)',
  ])('reads "%s" as the id', (header) => {
    const census = readCensus(Buffer.from(`School,${header}\nAsh,8732001\n`), 'c.csv');
    expect(census.fields.get('urn')).toBe(1);
  });

  it.each([
    ['Phase,Sector', 'phase', 0, 'sector', 1],
    ['Sector,Phase', 'phase', 1, 'sector', 0],
    ['School type,Type', 'status', 1, 'schooltype', 0],
    ['NOR,Total pupils', 'nor', 0, 'totalpupils', 1],
    ['Headcount,NOR', 'nor', 1, 'headcount', 0],
    ['NOR (Nursery),NOR', 'nor', 1, 'nornursery', 0],
    ['Headcount Oct 2024,NOR', 'nor', 1, 'headcount', 0],
    ['Census NOR,Oct 24 Headcount', 'nor', 0, 'oct24headcount', 1],
    ['Status,Status (Open/Closed)', 'status', 0, 'statusopenclosed', 1],
    ['Phase (P/S),Phase', 'phase', 1, 'phaseps', 0],
  ])('with "%s", a field\'s own name wins over a looser word, which stays a column of its own', (headers, field, at, other, otherAt) => {
    const census = readCensus(Buffer.from(`School,${headers}\nAsh,a,b\n`), 'c.csv');
    expect(census.fields.get(field)).toBe(at + 1);
    expect(census.fields.get(other)).toBe(otherAt + 1);
  });

  it.each(['Schools', 'Name of establishment', 'Name of school/academy'])('reads "%s" as the school names', (header) => {
    const census = readCensus(Buffer.from(`URN,${header}\n1,Ash\n`), 'c.csv');
    expect(census.fields.get('name')).toBe(1);
  });

  it('warns where the schools have names and no ids, naming the column that looks like their ids', async () => {
    // The table's id column came out blank with no word of it.
    const run = await runInProcess(['allocate', '-', '--rate', '1', '-f', 'csv'], { stdin: 'Sch Ref No,School,Status,Phase,NOR\n8732001,Ash,Community,Primary,10\n' });
    expect(run.stderr).toBe('dedel: warning: <stdin>: no column of school ids, so the schools are told apart by their names and the table\'s id column is blank; if column "Sch Ref No" holds their ids, give --column urn="Sch Ref No"\n');
    expect(run.stdout.split('\n')[1]).toBe(',Ash,community,primary,10,10,10,1.00');
    // A table of names alone, with no column like ids (Sutton's Appendix B), is not warned of.
    const names = await runInProcess(['allocate', '-', '--rate', '1', '-f', 'csv'], { stdin: 'School,Status,Phase,NOR,Notes\nAsh,Community,Primary,10,New head\n' });
    expect(names.stderr).toBe('');
    // Nor is one whose only id-like column is the authority's own code.
    const authority = await runInProcess(['allocate', '-', '--rate', '1', '-f', 'csv'], { stdin: 'LA code,School,Status,Phase,NOR\n873,Ash,Community,Primary,10\n' });
    expect(authority.stderr).toBe('');
  });

  // An Appendix B with a blank school column, unseen: the names were under a header dedel did not know.
  it('warns where the schools have ids and no names, naming the column that looks like their names', async () => {
    const unnamed = await runInProcess(['allocate', '-', '--rate', '1', '-f', 'csv'], { stdin: 'URN,Name of the school,Status,Phase,NOR\n1,Ash,Community,Primary,10\n' });
    expect(unnamed.code).toBe(0);
    expect(unnamed.stderr).toBe(
      'dedel: warning: <stdin>: no column of school names, so the schools are known by their ids and the table\'s school column is blank; if column "Name of the school" holds their names, give --column name="Name of the school"\n',
    );
    const named = await runInProcess(['allocate', '-', '--rate', '1', '-f', 'csv', '--column', 'name=Name of the school'], { stdin: 'URN,Name of the school,Status,Phase,NOR\n1,Ash,Community,Primary,10\n' });
    expect(named.stderr).toBe('');
    expect(named.stdout).toContain('1,Ash,community,primary,10,10,10,1.00');
  });

  it('does not read a full-time equivalent as the number on roll', () => {
    expect(readCensus(Buffer.from('URN,FTE\n1,10.5\n'), 'c.csv').fields.get('nor')).toBeUndefined();
  });

  it('refuses two looser words for one field, as two names for it', () => {
    expect(() => readCensus(Buffer.from('School,Sector,School phase\nAsh,a,b\n'), 'c.csv')).toThrow('columns "Sector" and "School phase" could both be phase; choose one with --column phase="HEADER"');
    expect(() => readCensus(Buffer.from('School,NOR (R-Y6),NOR (excl. nursery)\nAsh,1,2\n'), 'c.csv')).toThrow('columns "NOR (R-Y6)" and "NOR (excl. nursery)" could both be nor; choose one with --column nor="HEADER"');
  });

  // Any note after NOR made it the whole roll: `NOR (KS4)` was charged as the school's NOR, and `NOR (%)` 12.5 as 12.5 pupils.
  it.each(['NOR (KS4)', 'NOR (FTE)', 'Pupils (FTE)', 'Headcount (FTE)', 'NOR (nursery)', 'NOR (sixth form)', 'Pupils (SEN)', 'NOR (FSM)', 'NOR (%)', 'NOR (Primary)', 'NOR (post 16)'])('does not read %s, a part of the roll or another measure, as the NOR', (header) => {
    expect(readCensus(Buffer.from(`URN,School,${header}\n1,Ash,10\n`), 'c.csv').fields.get('nor')).toBeUndefined();
  });

  it.each(['NOR (R-Y11)', 'Pupils (excl. nursery)', 'NOR (incl. sixth form)', 'NOR Oct 23 (R-Y11)', 'NOR (Total)', 'Pupils (Autumn 2023)'])('reads %s, the whole roll with a note, as the NOR', (header) => {
    expect(readCensus(Buffer.from(`URN,School,${header}\n1,Ash,10\n`), 'c.csv').fields.get('nor')).toBe(2);
  });

  it('refuses two columns headed alike by their letters, and --column naming that header too: it took the first, unseen', async () => {
    const census = 'URN,School,Phase,Status,NOR,NOR\n1,A,Primary,Community,100,200\n';
    const plain = await runInProcess(['allocate', '-', '--rate', '5', '-f', 'csv'], { stdin: census });
    expect(plain.code).toBe(1);
    expect(plain.stderr).toBe('dedel: error: <stdin>:1: columns E and F are both headed "NOR": both could be nor; rename one in the file (--column cannot tell them apart), or both if neither is\n');
    const chosen = await runInProcess(['allocate', '-', '--rate', '5', '-f', 'csv', '--column', 'nor=NOR'], { stdin: census });
    expect(chosen.code).toBe(1);
    expect(chosen.stdout).toBe('');
    expect(chosen.stderr).toBe('dedel: error: <stdin>:1: columns E and F are both headed "NOR", so --column nor="NOR" cannot tell them apart; rename one in the file\n');
    const fsm = await runInProcess(['allocate', '-', '--rate', '5', '--basis', 'fsm', '-f', 'csv'], { stdin: 'URN,School,Phase,Status,NOR,FSM,FSM\n1,A,Primary,Community,100,1,2\n' });
    expect(fsm.stderr).toContain('2 columns are headed "FSM", each of which could be fsm, the basis of service "De-delegation"; rename one in the file (--column cannot tell them apart)');
    // Renamed, either is chosen.
    const renamed = await runInProcess(['allocate', '-', '--rate', '5', '-f', 'csv', '--column', 'nor=NOR Oct', '-q'], { stdin: census.replace('NOR,NOR', 'NOR Jan,NOR Oct') });
    expect(renamed.stdout.split('\n')[1]).toBe('1,A,community,primary,200,1000,1000,5.00');
  });

  it('refuses two URN columns, as any field headed twice: the last was taken for every id, unseen', async () => {
    const twice = await runInProcess(['allocate', '-', '--rate', '2', '-f', 'csv'], { stdin: 'URN,School,Phase,Status,NOR,URN\n1,A,Primary,Community,40,7\n' });
    expect(twice.code).toBe(1);
    expect(twice.stdout).toBe('');
    expect(twice.stderr).toBe('dedel: error: <stdin>:1: columns A and F are both headed "URN": both could be urn; rename one in the file (--column cannot tell them apart), or both if neither is\n');
    const spelt = await runInProcess(['allocate', '-', '--rate', '2', '-f', 'csv'], { stdin: 'URN,School,Phase,Status,NOR,urn\n1,A,Primary,Community,40,7\n' });
    expect(spelt.stderr).toBe('dedel: error: <stdin>:1: columns "URN" and "urn" could both be urn; choose one with --column urn="HEADER"\n');
    // URN beside LAESTAB (DfE's files) is still the id, whichever comes first.
    const dfe = await runInProcess(['allocate', '-', '--rate', '2', '-f', 'csv', '-q'], { stdin: 'LAESTAB,School,Phase,Status,NOR,URN\n3802001,A,Primary,Community,40,7\n' });
    expect(dfe.stdout.split('\n')[1]).toBe('7,A,community,primary,40,80,80,2.00');
  });

  it('charges on a basis whose header carries a census date', async () => {
    const run = await runInProcess(['allocate', '-', '--rate', '3', '--basis', 'fsm', '-f', 'csv', '-q'], { stdin: 'URN,School,Status,Phase,NOR,FSM Oct 2023\n1,Ash,Community,Primary,100,20\n' });
    expect(run.stdout.split('\n')[1]).toBe('1,Ash,community,primary,100,20,60,60,0.60');
  });

  // Excel's Data > Subtotal totals each run of alike cells: `Infant Total` was checked against every
  // primary school, `Academy converter Total` against the whole table, `Community school Total`
  // with the community special schools in it, so a sound file warned and --strict failed.
  it.each([
    ['infant and junior subtotals by phase', 'URN,School,Status,Phase,NOR\n1,Meadow Infant,Community,Infant,180\n,,,Infant Total,180\n2,Meadow Junior,Community,Junior,240\n,,,Junior Total,240\n3,Abbey Primary,Community,Primary,421\n,,,Primary Total,421\n,,,Grand Total,841\n'],
    ['GIAS types', 'URN,EstablishmentName,TypeOfEstablishment (name),PhaseOfEducation (name),NumberOfPupils\n1,Old Mill Academy,Academy converter,Primary,205\n,,Academy converter Total,,205\n2,Abbey Road,Community school,Primary,421\n,,Community school Total,,421\n3,Greenways,Community special school,Not applicable,120\n,,Community special school Total,,120\n4,Fenland,Community school,Primary,88\n,,Community school Total,,88\n,,Grand Total,,834\n'],
    ['a Total row beside its phase', 'URN,School,Status,Phase,NOR\n1,Abbey,Community,Primary,421\n2,Brook,VA,Primary,252\n,Total,,Primary,673\n3,Castle,Community,Secondary,1000\n,Total,,Secondary,1000\n,Grand Total,,,1673\n'],
    ['phase totals gathered under a table of mixed rows', 'URN,School,Status,Phase,NOR\n1,A,Community,Primary,10\n2,B,Community,Secondary,20\n3,C,Community,Primary,5\n,,,Primary Total,15\n,,,Secondary Total,20\n,,,Grand Total,35\n'],
    ['three tiers, totals in the name column', 'URN,School,Status,Phase,NOR\n1,Abbey First,Community,First,180\n,First Total,,,180\n2,Castle Middle,Community,Middle,400\n3,Dene Middle,VC,Middle,380\n,Middle Total,,,780\n4,Elm Upper,Foundation,Upper,900\n,Upper Total,,,900\n,Grand Total,,,"1,860"\n'],
  ])('checks Excel\'s Data > Subtotal rows against their own rows: %s', async (_, stdin) => {
    const run = await runInProcess(['allocate', '-', '--rate', '5', '--phase-word', 'Middle=secondary', '--strict', '-f', 'csv'], { stdin });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // And a subtotal that is wrong is said to be, against its own rows.
    if (/(Infant|First) Total/.test(stdin)) {
      const wrong = await runInProcess(['allocate', '-', '--rate', '5', '--phase-word', 'Middle=secondary', '-f', 'csv'], { stdin: stdin.replace(/(Infant|First) Total(,*)180/, '$1 Total$2181') });
      expect(wrong.stderr).toMatch(/the "(Infant|First) Total" row states 181, the school rows since line 2 whose phase is "(Infant|First)" add up to 180/);
    }
  });

  // `1,179` unquoted, with an SEN column blank on most rows beside NOR: the 179 went into SEN, the
  // row was as wide as the header, and the school was charged on 1 with no word.
  it('warns of a one-digit NOR beside three digits, an unquoted thousands comma, and not of a small NOR beside a small figure', async () => {
    const run = await runInProcess(['allocate', '-', '--rate', '5', '-f', 'csv'], { stdin: 'URN,School,Status,Phase,NOR,SEN\n100001,Abbey,Community,Primary,1,179\n100002,Brook,VA,Primary,252,\n' });
    expect(run.stderr).toBe('dedel: warning: <stdin>:2: column "NOR": NOR "1" beside "179" in column "SEN": is it 1,179? a number with a thousands comma must be quoted ("1,179"), as spreadsheets write it, or the comma splits it into two cells and the school is charged on 1\n');
    const small = await runInProcess(['allocate', '-', '--rate', '5', '-f', 'csv'], { stdin: 'URN,School,Status,Phase,NOR,SEN\n100001,Abbey,Community,Primary,7,3\n100002,Brook,VA,Primary,252,12\n' });
    expect(small.stderr).toBe('');
  });

  // Excel's Data > Subtotal with Count: each count row stopped the run as a row with neither id nor name.
  it('leaves out the counts and averages Excel\'s Data > Subtotal makes, with one warning', async () => {
    const stdin = 'URN,School,Status,Phase,NOR\n1,Abbey,Community,Primary,421\n2,Brook,VA,Primary,252\n,,,Primary Count,2\n3,Castle,Community,Secondary,1000\n,,,Secondary Average,1000\n,,,Grand Count,3\n';
    const run = await runInProcess(['allocate', '-', '--rate', '5', '-f', 'csv'], { stdin });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe(',Total,,,1673,8365,8365,5.00');
    expect(run.stderr).toBe('dedel: warning: <stdin>: lines 4, 6, 7: counts or averages, as Excel\'s Data > Subtotal makes them ("Primary Count", "Secondary Average", "Grand Count"), not schools or totals, and not read\n');
  });

  it('checks a maintained or academies total, or Excel\'s Data > Subtotal by status, against the schools of that status, not every school', async () => {
    // Read as grand totals, each was said not to match all the school rows (and --strict failed a sound file).
    const census = [
      'DfE Number,School,Phase,Status,NOR Oct 23',
      '8732001,Abbey Primary,Primary,Community,421',
      '8732002,Brook Primary,Primary,VA,252',
      ',Maintained total,,,673',
      '8732003,Cedar Academy,Primary,Academy,300',
      ',Academies total,,,300',
      ',Grand total,,,973',
      '',
    ].join('\n');
    const sound = await runInProcess(['allocate', '-', '--rate', '5.10', '--strict', '-f', 'csv'], { stdin: census });
    expect(sound.code).toBe(0);
    expect(sound.stderr).toBe('');
    const bySubtotal = await runInProcess(['allocate', '-', '--rate', '5.10', '--strict', '-f', 'csv'], {
      stdin: 'DfE Number,School,Phase,Status,NOR\n1,Ash,Primary,Community,421\n2,Dene,Primary,Community,100\n,,,Community Total,521\n3,Brook,Primary,VA,252\n,,,VA Total,250\n,,,Grand Total,773\n',
    });
    expect(bySubtotal.code).toBe(3);
    expect(bySubtotal.stderr).toContain('<stdin>:6: control total for column "NOR": expected 250 (the "VA Total" row), actual 252 (the school rows since line 5 whose status is "VA")');
    expect(bySubtotal.stderr).not.toContain(':4:');
    const reordered = await runInProcess(['allocate', '-', '--rate', '5.10', '-f', 'csv'], { stdin: census.replace(',Maintained total,,,673', ',Total maintained schools,,,673').replace(',Academies total,,,300\n', '').replace('8732003,', ',Total academies,,,301\n8732003,') });
    expect(reordered.code).toBe(0);
    expect(reordered.stderr).toBe('dedel: warning: <stdin>:5: control total for column "NOR Oct 23" does not match: the "Total academies" row states 301, the academy rows add up to 300 (difference -1)\n');
  });

  it('checks a phase total in a census with no phase column against its block of schools, as a subtotal', async () => {
    // Blocks under `Primary` and `Secondary` headings, each with its total: with no phase column
    // the schools had no phase, so each total was said to differ from 0 (and --strict failed a sound file).
    const census = ['URN,School,Status,NOR', 'Primary,,,', '1,Ash Primary,Community,100', '2,Beech Primary,Community,200', 'Primary total,,,300', 'Secondary,,,', '3,Cedar High,Community,900', 'Secondary total,,,900', 'Total,,,1200', ''].join('\n');
    const sound = await runInProcess(['allocate', '-', '--rate', '5', '--strict', '-f', 'csv'], { stdin: census });
    expect(sound.code).toBe(0);
    expect(sound.stderr).not.toContain('control total');
    const wrong = await runInProcess(['allocate', '-', '--rate', '5', '--strict', '-f', 'csv'], { stdin: census.replace('Secondary total,,,900', 'Secondary total,,,901') });
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toContain('<stdin>:8: control total for column "NOR": expected 901 (the "Secondary total" row), actual 900 (the school rows since line 6, the census having no phase column)');
    // A subtotal's block starts below the header (it said "since line 1", the header's line).
    const first = await runInProcess(['allocate', '-', '--rate', '5', '-f', 'csv'], { stdin: 'URN,School,Status,Phase,NOR\n1,Ash,Community,Primary,100\nSubtotal,,,,101\n' });
    expect(first.stderr).toContain('the "Subtotal" row states 101, the school rows since line 2 add up to 100 (difference -1)');
  });

  // It was only pointed at (the --column to give): a header with a note was no NOR.
  it('reads DfE\'s headcount of pupils (unrounded) as NOR, not its fte pupils', async () => {
    const run = await runInProcess(['allocate', '-', '--rate', '3', '-f', 'csv'], { stdin: 'URN,School,Status,Phase,fte pupils,headcount of pupils (unrounded)\n1,Ash,Community,Primary,1.5,2\n' });
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[1]).toBe('1,Ash,community,primary,2,6,6,3.00');
  });

  it('checks a total of one status in one phase (Primary maintained total) against those schools alone', async () => {
    const census = [
      'DfE Number,School,Phase,Status,NOR Oct 23',
      '8732001,Abbey Primary,Primary,Community,421',
      '8732002,Brook Primary,Primary,VA,252',
      ',Primary maintained total,,,673',
      '8732003,Cedar Academy,Primary,Academy,300',
      ',Primary academies total,,,299',
      '8734001,Castle High,Secondary,Foundation,1000',
      ',Secondary maintained total,,,1000',
      ',Grand total,,,1973',
      '',
    ].join('\n');
    const run = await runInProcess(['allocate', '-', '--rate', '5.10', '-f', 'csv'], { stdin: census });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('dedel: warning: <stdin>:6: control total for column "NOR Oct 23" does not match: the "Primary academies total" row states 299, the academy primary rows add up to 300 (difference +1)\n');
  });

  it.each(['Census NOR', 'Oct 23 NOR', 'Headcount Oct 2024', 'Oct 24 Headcount'])('charges a --basis written as the census heads NOR (%j) on that column', async (header) => {
    // A header read as NOR by a date or the word census was keyed nor alone, and the same
    // words given as the basis were looked up as a column of their own: "no column for Census NOR".
    const run = await runInProcess(['allocate', '-', '--basis', header, '--rate', '2', '-f', 'csv'], { stdin: `URN,School,Phase,Status,${header}\n1,A,Primary,Community,100\n` });
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n')[1]).toMatch(/^1,A,community,primary,100,(?:100,)?200,200,2\.00$/);
  });

  it('charges by a status column headed with a note (Status (LA/Academy)): an academy is not charged', async () => {
    // The column was no status column: every school counted as maintained, and the academy's row was refused.
    const run = await runInProcess(['allocate', '-', '--rate', '5', '-f', 'csv'], { stdin: 'URN,School,Phase,Status (LA/Academy),NOR\n1,A,Primary,Community,100\n2,B,Primary,Academy,100\n' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('urn,school,status,phase,nor,de_delegation,total,per_pupil\n1,A,community,primary,100,500,500,5.00\n,Total,,,100,500,500,5.00\n');
  });

  it.each(['NOR Marked', 'Nursery NOR', 'FTE Oct 24', 'Oct 24 FTE', 'Pupil No'])('does not read %j as NOR', (header) => {
    const census = readCensus(Buffer.from(`URN,${header}\n1,10\n`), 'c.csv');
    expect(census.fields.get('nor')).toBeUndefined();
  });

  it.each(['Oct 23 NOR', 'October 2023 NOR', '2023/24 NOR', 'Jan-24 NOR'])('reads NOR after its census date (%j) as NOR', async (header) => {
    // It was no NOR column: the run stopped, asking for --column nor=.
    const run = await runInProcess(['allocate', '-', '--rate', '1', '-f', 'csv'], { stdin: `URN,School,Phase,Status,${header}\n1,A,Primary,Community,100\n` });
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n')[1]).toBe('1,A,community,primary,100,100,100,1.00');
    const two = await runInProcess(['allocate', '-', '--rate', '1'], { stdin: `URN,School,Phase,Status,Oct 22 NOR,${header}\n1,A,Primary,Community,90,100\n` });
    expect(two.stderr).toContain(`columns "Oct 22 NOR" and "${header}" could both be nor; choose one with --column nor="HEADER"`);
  });

  it('keeps the advice of a header error on a census as wide as a GIAS download (some 140 columns)', async () => {
    // Listed whole, 140 headers passed the longest line a message prints, and the names
    // accepted and the --column to give were cut off the end.
    const wide = [...Array.from({ length: 130 }, (_, i) => `ReasonEstablishmentClosed${i} (name)`), 'SENStat', 'SENNoStat'];
    const header = `URN,EstablishmentName,TypeOfEstablishment (name),PhaseOfEducation (name),NumberOfPupils,${wide.join(',')}`;
    const row = `100001,Abbey Primary School,Community school,Primary,421${',1'.repeat(wide.length)}`;
    const basis = await runInProcess(['allocate', '-', '--rate', '3', '--basis', 'sen'], { stdin: `${header}\n${row}\n` });
    expect(basis.code).toBe(1);
    expect(basis.stderr).toMatch(/; found "URN", "EstablishmentName", .* \u2026 and \d+ more columns; accepted: "sen" \(or --column sen="SENStat" or --column sen="SENNoStat"\)\n$/);
    const column = await runInProcess(['allocate', '-', '--rate', '3', '--basis', 'sen', '--column', 'sen=SEN pupils'], { stdin: `${header}\n${row}\n` });
    expect(column.stderr).toMatch(/no column "SEN pupils" for sen; the headers are: "URN", .* \u2026 and \d+ more columns\n$/);
    expect(column.stderr.length).toBeLessThan(1000);
  });

  // DfE's school-level files spell a basis inside a longer header, or write it out; GIAS runs
  // words together. A percentage is never offered: charged per unit, it charges per point.
  const percentage = (h: string) => `; "${h}" is a percentage, not a count: a rate per unit of it would charge per percentage point`;
  it.each([
    ['number_of_fsm_eligible_pupils,percent_of_eligible_free_school_meals', 'fsm', `--column fsm="number_of_fsm_eligible_pupils"${percentage('percent_of_eligible_free_school_meals')}`],
    ['Absentees,PercentageFSM', 'fsm', `--column fsm="HEADER"${percentage('PercentageFSM')}`],
    ['Absentees,PercentageFSM', 'sen', '--column sen="HEADER"'],
    ['FSM eligible,FSM percent,FSM ever 6', 'fsm', `--column fsm="FSM eligible" or --column fsm="FSM ever 6"${percentage('FSM percent')}`],
    ['FSM %,Absentees', 'fsm', `--column fsm="HEADER"${percentage('FSM %')}`],
    [
      'number of pupils known to be eligible for free school meals,% of pupils known to be eligible for free school meals',
      'fsm',
      `--column fsm="number of pupils known to be eligible for free school meals"${percentage('% of pupils known to be eligible for free school meals')}`,
    ],
    ['SENStat,SENNoStat,SEN1 (name)', 'sen', '--column sen="SENStat" or --column sen="SENNoStat"'],
    ['Total pupils,SEN support,EHC plan', 'sen', '--column sen="SEN support" or --column sen="EHC plan"'],
  ])('a basis with no column of its own (headers %s, basis %s) suggests %s', async (extra, basis, hint) => {
    const run = await runInProcess(['allocate', '-', '--rate', '3', '--basis', basis], { stdin: `URN,School,Status,Phase,NOR,${extra}\n1,Ash,Community,Primary,100,1,2,3\n`.replace(',1,2,3', `,${extra.split(',').map((_, i) => i + 1).join(',')}`) });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`no column for ${basis}, the basis of service "De-delegation"`);
    expect(run.stderr).toContain(`(or ${hint})`);
  });
});

describe('titles above the header and notes below the Total row (README: Census files dedel reads)', () => {
  const SCHOOLS = 'URN,School,Status,Phase,NOR\n1,Ash Primary,Community,Primary,120\n2,Beech High,VA,Secondary,900\n';

  it('looks past an Excel sheet\'s titles saved as CSV, padded or not, and says so', async () => {
    const plain = await runInProcess(['allocate', '-', '--rate', '5', '-f', 'csv'], { stdin: SCHOOLS });
    for (const titles of ['Exampleshire Schools Forum,,,,\nOctober 2023 census,,,,\n,,,,\n', 'Exampleshire Schools Forum\nOctober 2023 census\n\n']) {
      const run = await runInProcess(['allocate', '-', '--rate', '5', '-f', 'csv'], { stdin: titles + SCHOOLS });
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(plain.stdout);
      expect(run.stderr).toBe('dedel: warning: <stdin>: the header is on line 4; lines 1 to 2 above it are titles, not read: "Exampleshire Schools Forum", "October 2023 census"\n');
    }
  });

  it('gives every message the file\'s own line numbers', async () => {
    const run = await runInProcess(['allocate', '-', '--rate', '5'], { stdin: `Appendix B\n${SCHOOLS}3,Cedar Infants,Community,Infant,x\n` });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('dedel: error: <stdin>:5: column "NOR": value "x": NOR is suppressed');
  });

  it.each([
    ['a row above with as many cells as a title may not have', 'Provider,NOR\nSchool,100\n'],
    ['more rows above than titles may be', `${'Note\n'.repeat(11)}${SCHOOLS}`],
  ])('reads the first row as the header where %s', async (_, stdin) => {
    const run = await runInProcess(['allocate', '-', '--rate', '5'], { stdin });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('dedel: error: <stdin>:1: no school name or id column');
  });

  it('refuses a CSV whose cells are separated by semicolons (a European-locale Excel), below titles too, saying how to save it', async () => {
    const semi = 'URN;School;Status;Phase;NOR;SEN\r\n1;Ash Primary;Community;Primary;1.179;12,5\r\n2;Beech, Ely;VA;Primary;250;3\r\n';
    for (const [stdin, line] of [[semi, 1], [`Exampleshire;;;;;\r\n${semi}`, 2]] as const) {
      const run = await runInProcess(['allocate', '-', '--rate', '5'], { stdin });
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(
        `dedel: error: <stdin>:${line}: value "URN;School;Status;Phase;NOR;SEN": the header's cells are separated by semicolons, as Excel saves CSV on a computer set to a European region, where numbers are written that region's way too (1.179 for 1,179); dedel reads commas or tabs: save the table as an Excel workbook (.xlsx), which dedel reads as it is, or as CSV with a comma as the list separator\n`,
      );
    }
  });

  // Blocks by kind of school: each heading was read as a school with a blank status, an error.
  it('passes over headings of a kind of school (Community Schools, VA/VC Schools, Free Schools), and says so', async () => {
    const stdin = 'URN,School,Status,Phase,NOR\nCommunity Schools,,,,\n1,Abbey,Community,Primary,421\nVA/VC Schools,,,,\n2,Brook,VA,Primary,252\nFree Schools,,,,\n3,Cedar,Free school,Primary,100\nFoundation schools,,,,\n4,Dene,Foundation,Secondary,500\n';
    const run = await runInProcess(['allocate', '-', '--rate', '5', '-f', 'csv'], { stdin });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe(',Total,,,1173,5865,5865,5.00');
    expect(run.stderr).toBe('dedel: warning: <stdin>: lines 2, 4, 6, 8 are headings, not schools, and are not read: "Community Schools", "VA/VC Schools", "Free Schools" and 1 more\n');
  });

  it('passes over headings between blocks of schools (a phase alone on its row), and says so', async () => {
    const plain = await runInProcess(['allocate', '-', '--rate', '5', '-f', 'csv'], { stdin: SCHOOLS });
    const stdin = 'URN,School,Status,Phase,NOR\n,PRIMARY SCHOOLS,,,\n1,Ash Primary,Community,Primary,120\nMaintained secondary schools,,,,\n2,Beech High,VA,Secondary,900\n';
    const run = await runInProcess(['allocate', '-', '--rate', '5', '-f', 'csv'], { stdin });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(plain.stdout);
    expect(run.stderr).toBe('dedel: warning: <stdin>: lines 2, 4 are headings, not schools, and are not read: "PRIMARY SCHOOLS", "Maintained secondary schools"\n');
    // Headings worded as authorities word them: a word after the phase, a plural, the deemed phase in brackets.
    // Each was read as a school with its cells missing (an error), or its bracket passed by.
    const worded = 'URN,School,Status,Phase,NOR\n,PRIMARY SECTOR,,,\n1,Ash Primary,Community,Primary,120\n,Middle Schools (Deemed Secondary),,,\n,Secondary - maintained,,,\n,Primary Academies,,,\n,Pupil Referral Units,,,\n,NURSERY SCHOOLS AND UNITS,,,\n,Special Schools & PRUs,,,\n2,Beech High,VA,Secondary,900\n';
    const headed = await runInProcess(['allocate', '-', '--rate', '5', '-f', 'csv'], { stdin: worded });
    expect(headed.code).toBe(0);
    expect(headed.stdout).toBe(plain.stdout);
    expect(headed.stderr).toContain('lines 2, 4, 5, 6, 7, 8, 9 are headings, not schools, and are not read');
    // A school's name alone on its row is still a school with its cells missing.
    const named = await runInProcess(['allocate', '-', '--rate', '5'], { stdin: `${SCHOOLS},Cedar Primary,,,\n` });
    expect(named.code).toBe(1);
    expect(named.stderr).toContain('<stdin>:4: column "Status": value "": blank status');
  });

  it('reads notes below the Total row as notes, padded or not, and says so', async () => {
    const plain = await runInProcess(['allocate', '-', '--rate', '5', '-f', 'csv'], { stdin: SCHOOLS });
    for (const notes of [',,,,\nSource: October 2023 school census,,,,\n* NOR excludes nursery,,,,\n', 'Source: October 2023 school census\n* NOR excludes nursery\n']) {
      const run = await runInProcess(['allocate', '-', '--rate', '5', '-f', 'csv'], { stdin: `${SCHOOLS},Total,,,1020\n${notes}` });
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(plain.stdout);
      expect(run.stderr).toMatch(/^dedel: warning: <stdin>: lines [56] to [67] below the Total row are notes, not read: "Source: October 2023 school census", "\* NOR excludes nursery"\n$/);
    }
  });

  it('reads notes typed in the first column as notes where that column is the phase or status', async () => {
    const table = 'Phase,URN,School,Status,NOR\nPrimary,1,Ash Primary,Community,120\nSecondary,2,Beech High,VA,900\n,,Total,,1020\n';
    const run = await runInProcess(['allocate', '-', '--rate', '5', '-f', 'csv'], { stdin: `${table}Source: October 2023 school census,,,,\n* NOR excludes nursery\n` });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('\n,Total,,,1020,5100,5100,5.00\n');
    expect(run.stderr).toBe('dedel: warning: <stdin>: lines 5 to 6 below the Total row are notes, not read: "Source: October 2023 school census", "* NOR excludes nursery"\n');
    // A figure alone, or a phase with a figure, under the Total row is not a note.
    for (const row of [',,,,250\n', 'Primary,,,,250\n']) {
      const figure = await runInProcess(['allocate', '-', '--rate', '5'], { stdin: `${table}${row}` });
      expect(figure.code).toBe(1);
      expect(figure.stderr).toContain('<stdin>:5: column "URN": this row has neither an id nor a school name');
    }
  });

  it('reads half-empty school rows under a Total row at the top as schools, to the end of the file', async () => {
    const run = await runInProcess(['allocate', '-', '--rate', '5', '-f', 'csv'], { stdin: 'URN,School,Status,Phase,NOR,A,B,C,D,E\n,Total,,,170,,,,,\n1,Ash,Community,Primary,120,,,,,\n2,Beech,Community,Primary,50,,,,,\n' });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('\n,Total,,,170,');
    expect(run.stderr).not.toContain('note');
  });

  it('reads note-like rows that a fuller row follows as rows', async () => {
    // Ten columns, schools with five filled: as little text as a title, but not at the end of the file.
    const head = 'URN,School,Status,Phase,NOR,A,B,C,D,E\n,Total,,,170,,,,,\n';
    const run = await runInProcess(['allocate', '-', '--rate', '5', '-f', 'csv', '-q'], { stdin: `${head}1,Ash,Community,Primary,120,,,,,\n2,Beech,Community,Primary,50,,,,,\nCedar total is below,,,,,,,,,\n3,Cedar,Community,Primary,10,1,2,3,4,5\n` });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('<stdin>:5: column "Status": value "": blank status');
    const fine = await runInProcess(['allocate', '-', '--rate', '5', '-f', 'csv'], { stdin: `${head}1,Ash,Community,Primary,120,,,,,\n2,Beech,Community,Primary,50,,,,,\n3,Cedar,Community,Primary,10,1,2,3,4,5\n` });
    expect(fine.stdout).toContain('1,Ash,community,primary,120,');
    expect(fine.stdout).toContain('2,Beech,community,primary,50,');
    expect(fine.stderr).not.toContain('note');
  });

  it('reads a row with more text below the Total row as a school, and one with as little but no Total row above it', async () => {
    const after = await runInProcess(['allocate', '-', '--rate', '5', '-f', 'csv', '-q'], { stdin: `${SCHOOLS},Total,,,1020\n3,Cedar Infants,Community,Infant,50\n` });
    expect(after.stdout).toContain('3,Cedar Infants,community,primary,50,250,250,5.00');
    const noTotal = await runInProcess(['allocate', '-', '--rate', '5'], { stdin: `${SCHOOLS}Source: October 2023 school census,,,,\n` });
    expect(noTotal.code).toBe(1);
    expect(noTotal.stderr).toContain('dedel: error: <stdin>:4: column "Status": value "": blank status');
    // Said with what to do, where the row has text in one cell only: a note or a school?
    expect(noTotal.stderr).toContain("give the school's status; the row has text in one cell only: if it is a note, not a school, delete it (notes are passed over below a Total row)\n");
    const halfEmpty = await runInProcess(['allocate', '-', '--rate', '5'], { stdin: `${SCHOOLS}3,Cedar,,,\n` });
    expect(halfEmpty.stderr).not.toContain('one cell only');
  });

  it('finds a header named by --column', async () => {
    const run = await runInProcess(['allocate', '-', '--rate', '5', '-f', 'csv', '-q', '--column', 'name=Establishment'], { stdin: 'Schools Forum,,\nEstablishment,Phase,NOR\nAsh Primary,Primary,120\n' });
    expect(run.stdout).toBe('urn,school,status,phase,nor,de_delegation,total,per_pupil\n,Ash Primary,,primary,120,600,600,5.00\n,Total,,,120,600,600,5.00\n');
  });
});

describe('a census of several local authorities (README: Census files dedel reads)', () => {
  // A DfE school-level file: every school in England, with national and LA rows.
  const DFE_ALL = [
    'time_period,geographic_level,old_la_code,la_name,urn,school_name,phase_type_grouping,type_of_establishment,headcount_of_pupils',
    '202324,National,,,,,,,9092072',
    '202324,Local authority,873,Cambridgeshire,,,,,1500',
    '202324,School,873,Cambridgeshire,110001,Abbey Primary,State-funded primary,Community school,300',
    '202324,School,873,Cambridgeshire,110002,Bede Secondary,State-funded secondary,Foundation school,1200',
    '202324,Local authority,926,Norfolk,,,,,400',
    '202324,School,926,Norfolk,120001,Cromer Primary,State-funded primary,Community school,400',
  ].join('\n') + '\n';

  it('refuses a DfE file of several years, where each school appears once a year, naming both years', async () => {
    const year = (period: string) => `${period},National,,,England,,,5000\n${period},Local authority,873,E10000003,Cambridgeshire,,,320\n${period},School,873,E10000003,Cambridgeshire,110001,Ash Primary,120\n${period},School,873,E10000003,Cambridgeshire,110002,Birch Primary,200\n`;
    const head = 'time_period,geographic_level,old_la_code,new_la_code,la_name,urn,school_name,headcount_of_pupils\n';
    const run = await runInProcess(['allocate', '-', '--rate', '5'], { stdin: head + year('202223') + year('202324') });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('dedel: error: <stdin>:6: column "time_period": value "202324": the census holds more than one year ("202223" on line 2, "202324" here), each school once a year; save a copy with one year\'s rows (filter its "time_period" column) and read that\n');
    const one = await runInProcess(['allocate', '-', '--rate', '5', '-f', 'csv', '-q'], { stdin: head + year('202324') });
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('\n,Total,,,320,1600,1600,5.00\n');
  });

  it('refuses to charge every authority\'s schools, naming two and how to choose', async () => {
    const run = await runInProcess(['allocate', '-', '--rate', '5'], { stdin: DFE_ALL });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('dedel: error: <stdin>:6: column "la_name": value "Norfolk": the census holds the schools of more than one local authority (column "la_name": "Cambridgeshire" on line 3, "Norfolk" on line 6); choose yours with --la, such as --la "Cambridgeshire" (census.la in the config)\n');
  });

  it.each([['--la', 'cambridgeshire'], ['--la', '873'], ['--la', 'Suffolk,873']])('reads the chosen authority\'s rows (%s %s), with the national row, and counts the rest', async (flag, la) => {
    const run = await runInProcess(['allocate', '-', '--rate', '5', '-f', 'csv', flag, la], { stdin: DFE_ALL });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('urn,school,status,phase,nor,de_delegation,total,per_pupil\n110001,Abbey Primary,community,primary,300,1500,1500,5.00\n110002,Bede Secondary,foundation,secondary,1200,6000,6000,5.00\n,Total,,,1500,7500,7500,5.00\n');
    expect(run.stderr).toBe(`dedel: warning: <stdin>: 2 rows of other local authorities left out (--la ${la.split(',').map((l) => `"${l}"`).join(', ')})\n`);
  });

  // `--la` is split at its commas: "Bristol, City of", as DfE and GIAS name it, read no row, and
  // neither did "Bristol".
  it.each(['Bristol, City of', 'Bristol', 'City of Bristol'])('reads an authority whose name has a comma or a "City of" (--la %j)', async (la) => {
    const census = DFE_ALL.replaceAll('Norfolk', '"Bristol, City of"');
    const run = await runInProcess(['allocate', '-', '--rate', '5', '-f', 'csv', '-q', '--la', la], { stdin: census });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('urn,school,status,phase,nor,de_delegation,total,per_pupil\n120001,Cromer Primary,community,primary,400,2000,2000,5.00\n,Total,,,400,2000,2000,5.00\n');
  });

  it('checks the chosen authority\'s schools, one school said as one', async () => {
    const run = await runInProcess(['check', '-', '--rate', '5', '--la', 'Norfolk'], { stdin: DFE_ALL });
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n').at(-1)).toBe('1 school; 1 charged by "De-delegation", 0 not. No errors; 1 warning (on stderr).');
  });

  it('reads census.la from the config', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-la-'));
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ census: { la: ['Norfolk'] }, services: [{ name: 'SI', rate: '5' }] }));
    const run = await runInProcess(['allocate', '-', '-c', join(dir, 'c.json'), '-f', 'csv', '-q'], { stdin: DFE_ALL });
    expect(run.stdout).toContain('120001,Cromer Primary,community,primary,400,2000,2000,5.00');
    expect(run.stdout).not.toContain('Abbey');
  });

  it.each([
    [DFE_ALL, 'Suffolk', '<stdin>: --la "Suffolk": no row of the census is of that local authority; column "la_name" has "Cambridgeshire", "Norfolk"'],
    ['URN,School,Status,Phase,NOR\n1,Ash,Community,Primary,100\n', 'Sutton', '<stdin>: --la Sutton: the census has no local authority column (such as "LA (name)", "la_name" or "old_la_code") to choose its rows by'],
  ])('says what is wrong with a choice that reads no row', async (stdin, la, message) => {
    const run = await runInProcess(['allocate', '-', '--rate', '5', '--la', la], { stdin });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`dedel: error: ${message}\n`);
  });

  it('reads a census of one authority with its LA columns as before', async () => {
    const run = await runInProcess(['allocate', 'fixtures/gias/every-kind-all-through-no-parts.csv', '--rate', '5', '-f', 'csv', '-q']);
    expect(run.code).toBe(0);
  });
});

describe('a second row of headers', () => {
  it('is asked about where the row under the header has text and no school', async () => {
    const run = await runInProcess(['allocate', '-', '--rate', '5'], { stdin: 'URN,School,Status,Phase,Pupils\n,,,,Oct 2023\n1,Ash,Community,Primary,100\n' });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('dedel: error: <stdin>:2: column "URN": this row has neither an id nor a school name; is it a second row of headers ("Oct 2023")? dedel reads one: put each column\'s name in one cell of the header row\n');
    const later = await runInProcess(['allocate', '-', '--rate', '5'], { stdin: 'URN,School,Status,Phase,Pupils\n1,Ash,Community,Primary,100\n,,Community,Primary,100\n' });
    expect(later.stderr).toBe('dedel: error: <stdin>:3: column "URN": this row has neither an id nor a school name\n');
  });
});

describe('figures as spreadsheets write them', () => {
  it.each([' - ', '-', '\u2013', ' \u00a3-   ', ' \u00a3 -   '])('asks whether a lone dash (%j, Excel Accounting\'s 0) means 0, never reading it as 0', async (dash) => {
    const run = await runInProcess(['allocate', '-', '--rate', '5', '--basis', 'sen'], { stdin: `URN,School,Status,Phase,NOR,SEN\n1,Ash,Community,Primary,120,${dash}\n` });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`<stdin>:2: column "SEN": value "${dash.trim()}": SEN is not a number for a school that is charged on it; a lone dash is how Excel's Accounting format shows 0: write 0 if it means 0; expected`);
  });
});

describe('a problem is said once', () => {
  const rows = (n: number, nor: string) => Array.from({ length: n }, (_, i) => `${100000 + i},School ${i},Community,Primary,${nor}`).join('\n');

  it('check on 20,000 rows with one missing column prints under 30 lines', async () => {
    const run = await runInProcess(['check', '-', '--rate', '5', '--basis', 'sen'], { stdin: `URN,School,Status,Phase,NOR\n${rows(20000, '100')}\n` });
    expect(run.code).toBe(1);
    const lines = (run.stdout + run.stderr).trim().split('\n');
    expect(lines.length).toBeLessThan(30);
    expect(run.stderr).toContain('no column for sen, the basis of service "De-delegation"');
  });

  it('folds a problem repeated on many rows into its first rows and a count', async () => {
    const run = await runInProcess(['check', '-'], { stdin: `URN,School,Status,Phase,NOR\n${rows(20000, '')}\n` });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      'dedel: 20000 errors in <stdin>:',
      'dedel: error: <stdin>:2: column "NOR": value "": NOR is blank for a school that is charged on it; expected a number of 0 or more, such as 421, 1,179 or 12.5',
      'dedel: error: <stdin>:3: column "NOR": value "": NOR is blank for a school that is charged on it; expected a number of 0 or more, such as 421, 1,179 or 12.5',
      'dedel: error: <stdin>:4: column "NOR": value "": NOR is blank for a school that is charged on it; expected a number of 0 or more, such as 421, 1,179 or 12.5',
      'dedel: error: <stdin>: column "NOR": the same on 19997 more rows (lines 5 to 20001): NOR is blank for a school that is charged on it; expected a number of 0 or more, such as 421, 1,179 or 12.5',
    ]);
  });
});

describe('a months column as authorities head it', () => {
  const census = (header: string) => `URN,School,Phase,Status,NOR,${header}\n1,Ash,Primary,Community,120,5\n`;

  it.each(['Months', 'No. of months', 'Number of months', 'Months charged', 'Months maintained', 'Months (maintained)', 'Maintained months', 'Months to charge'])('charges %j as the months of the year charged (5 of 12)', async (header) => {
    // Under any header but Months the column was not read, and the school was charged 12 months.
    const run = await runInProcess(['allocate', '-', '--rate', '1', '-f', 'csv'], { stdin: census(header) });
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n')[1]).toBe('1,Ash,community,primary,120,50,50,0.42');
  });

  it('says where a column about months is not read as the months charged, and how to read it', async () => {
    const run = await runInProcess(['allocate', '-', '--rate', '1', '-f', 'csv'], { stdin: census('Months in year') });
    expect(run.stdout.split('\n')[1]).toBe('1,Ash,community,primary,120,120,120,1.00');
    expect(run.stderr).toBe(
      'dedel: warning: <stdin>: column "Months in year" is not read as the months charged, so every school is charged 12 months; if it holds the months of the year each school is charged, give --column months="Months in year"\n',
    );
    const named = await runInProcess(['allocate', '-', '--rate', '1', '-f', 'csv', '--column', 'months=Months in year'], { stdin: census('Months in year') });
    expect(named.stdout.split('\n')[1]).toBe('1,Ash,community,primary,120,50,50,0.42');
  });
});

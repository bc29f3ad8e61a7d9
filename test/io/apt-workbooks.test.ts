import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { sniff } from '../../src/io/sniff.js';
import { runInProcess } from '../helpers/run.js';
import { handWorkbook } from '../helpers/xlsx.js';

// The files an authority's finance officer has beside GIAS and DfE's: the Authority Proforma
// Tool (a macro-enabled workbook, password-protected as it comes), its census sheets, and
// finance-system exports (README: Census workbooks).

const dir = mkdtempSync(join(tmpdir(), 'dedel-apt-'));
function save(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}
const enc = (t: string) => new TextEncoder().encode(t);
const n = (v: string) => `><v>${v}</v>`;
const t = (text: string) => ` t="inlineStr"><is><t>${text.replace(/&/g, '&amp;')}</t></is>`;

/** A workbook as Excel saves it macro-enabled (.xlsm): its workbook part's content type, and a VBA project beside the sheets. */
function macroEnabled(bytes: Uint8Array): Uint8Array {
  const files = unzipSync(bytes);
  files['[Content_Types].xml'] = enc(
    `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>`,
  );
  // A VBA project is itself a compound file (D0 CF 11 E0 ...): never read.
  files['xl/vbaProject.bin'] = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
  return zipSync(files);
}

const CENSUS = [
  [t('LAESTAB'), t('School Name'), t('Phase'), t('Academy / Maintained'), t('NOR')],
  [n('8732001'), t('Alpha Primary School'), t('Primary'), t('Maintained'), n('210')],
  [n('8734001'), t('Beta Academy'), t('Secondary'), t('Academy'), n('900')],
  [n('8734003'), t('Delta High'), t('Secondary'), t('Maintained'), n('800')],
];

describe('an Authority Proforma Tool and other workbooks an authority keeps', () => {
  it('reads a macro-enabled workbook (.xlsm) as the .xlsx it is, its macros left alone', async () => {
    const plain = handWorkbook([{ name: 'Inputs &amp; Adjustments', rows: CENSUS }]);
    const xlsx = await runInProcess(['allocate', save('apt.xlsx', plain), '--rate', '10', '--format', 'csv', '--quiet']);
    const xlsm = await runInProcess(['allocate', save('apt.xlsm', macroEnabled(plain)), '--rate', '10', '--format', 'csv', '--quiet']);
    expect(xlsm.stderr).toBe("");
    expect(xlsm.code).toBe(0);
    expect(xlsm.stdout).toBe(xlsx.stdout);
    expect(xlsm.stdout).toBe('urn,school,status,phase,nor,de_delegation,total,per_pupil\n8732001,Alpha Primary School,maintained,primary,210,2100,2100,10.00\n8734003,Delta High,maintained,secondary,800,8000,8000,10.00\n,Total,,,1010,10100,10100,10.00\n');
  });

  it('refuses a workbook with a password to open it as one, not as an .xls, saying how to take the password off', async () => {
    // Excel stores an encrypted .xlsm inside a compound file, its streams named in UTF-16.
    const name = [...'EncryptedPackage'].flatMap((ch) => [ch.charCodeAt(0), 0]);
    const bytes = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array<number>(600).fill(0), ...name, 0, 0]);
    expect(sniff(bytes)).toBe('encrypted');
    const path = save('apt-protected.xlsm', bytes);
    const run = await runInProcess(['allocate', path, '--rate', '1']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `dedel: error: ${path}: a workbook with a password to open it (encrypted), which dedel cannot read; open it in Excel with its password, then File > Info > Protect Workbook > Encrypt with Password, clear the password, and save (as .xlsx or .xlsm, or save the sheet as CSV)\n`,
    );
    // A cost plan so protected is told the same.
    const plan = await runInProcess(['costs', path]);
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain('a workbook with a password to open it (encrypted)');
  });

  it('refuses an Excel binary workbook (.xlsb) by name, and a file named .xlsm or .xlsb that is no workbook', async () => {
    const xlsb = save('apt.xlsb', zipSync({ '[Content_Types].xml': enc('<Types/>'), 'xl/workbook.bin': new Uint8Array([0x83, 0x01, 0x00]) }));
    const run = await runInProcess(['allocate', xlsb, '--rate', '1']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`dedel: error: ${xlsb}: an Excel binary workbook (.xlsb), which dedel does not read; in Excel, File > Save As, and choose Excel Workbook (.xlsx), Excel Macro-Enabled Workbook (.xlsm) or CSV UTF-8\n`);
    for (const ext of ['xlsm', 'xlsb']) {
      const fake = save(`fake.${ext}`, enc('School,NOR\nA,1\n'));
      const bad = await runInProcess(['allocate', fake, '--rate', '1']);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toBe(`dedel: error: ${fake}: named .${ext} but not an .${ext} workbook (no zip signature); save it again from Excel as .xlsx, or as CSV\n`);
    }
  });

  it('says what to do where the census gives a basis as percentages only (the APT\'s "FSM % Primary"): a count, headed for the basis', async () => {
    const styles = '<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="10"/></cellXfs></styleSheet>';
    const pct = (v: string) => ` s="1"><v>${v}</v>`;
    const rows = [
      [t('Authority Proforma Tool 2024-25')],
      [t('Inputs &amp; Adjustments')],
      [t('LAESTAB'), t('School Name'), t('Phase'), t('Academy / Maintained'), t('NOR'), t('FSM % Primary'), t('FSM % Secondary')],
      [n('8732001'), t('Alpha Primary School'), t('Primary'), t('Maintained'), n('210'), pct('0.125'), ''],
    ];
    const path = save('apt-pct.xlsm', macroEnabled(handWorkbook([{ name: 'Local Factors', rows }], [], { styles })));
    const run = await runInProcess(['allocate', path, '--rate', '10', '--basis', 'fsm']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      '(or --column fsm="HEADER"; "FSM % Primary" and "FSM % Secondary" are percentages, not counts: a rate per unit of one would charge per percentage point); dedel does not work a count out from a percentage: add a column of the number of pupils (the census\'s count, not a percentage of NOR) headed fsm\n',
    );
  });

  it('never offers a phase\'s or key stage\'s part (`FSM Primary`, `KS3 NOR`) as the whole school\'s figure', async () => {
    // Offered before, `--column fsm="FSM Primary"` charged a secondary school on its FSM Primary, 0: nothing, unseen.
    const parts = await runInProcess(['allocate', '-', '--rate', '10', '--basis', 'fsm'], { stdin: 'LAESTAB,School,Phase,Status,NOR,FSM Primary,FSM Secondary\n8732001,Alpha,Primary,Community,210,30,0\n8734003,Delta,Secondary,Community,800,0,120\n' });
    expect(parts.code).toBe(1);
    expect(parts.stderr).toContain('accepted: "fsm" (or --column fsm="HEADER"); "FSM Primary" and "FSM Secondary" are fsm in one phase or key stage only, not the whole school\'s, so not offered: add a column of each school\'s whole figure (its parts added up) headed fsm\n');
    const nor = await runInProcess(['allocate', '-', '--rate', '10'], { stdin: 'LAESTAB,School,Phase,Status,Primary NOR,KS3 NOR,KS4 NOR\n8732001,Alpha,Primary,Community,210,0,0\n' });
    expect(nor.code).toBe(1);
    expect(nor.stderr).toContain('(or --column nor="HEADER"); "Primary NOR" and "KS3 NOR" and 1 more are nor in one phase or key stage only');
    // A whole figure beside them is offered as before.
    const whole = await runInProcess(['allocate', '-', '--rate', '10', '--basis', 'fsm'], { stdin: 'LAESTAB,School,Phase,Status,NOR,FSM Primary,FSM eligible\n8732001,Alpha,Primary,Community,210,30,30\n' });
    expect(whole.stderr).toContain('(or --column fsm="FSM eligible"); "FSM Primary" is fsm in one phase or key stage only');
  });

  it('says what an all-through school lacks to be split where the census has one part, or key stages (the APT\'s "KS3 NOR", "KS4 NOR")', async () => {
    const rows = [
      [t('LAESTAB'), t('School Name'), t('Phase'), t('Academy / Maintained'), t('NOR'), t('Primary NOR'), t('KS3 NOR'), t('KS4 NOR')],
      [n('8732001'), t('Alpha Primary School'), t('Primary'), t('Maintained'), n('210'), n('210'), n('0'), n('0')],
      [n('8734002'), t('Gamma School'), t('All-through'), t('Maintained'), n('1000'), n('400'), n('360'), n('240')],
    ];
    const path = save('apt-ks.xlsm', macroEnabled(handWorkbook([{ name: 'Census', rows }])));
    const auto = await runInProcess(['allocate', path, '--rate', '10', '--format', 'csv']);
    expect(auto.code).toBe(0);
    // It said the census had neither "NOR primary" nor "NOR secondary", beside its "Primary NOR".
    expect(auto.stderr).toBe(
      `dedel: warning: ${path}: sheet "Census" row 3: all-through school "Gamma School" is not charged: the census has "Primary NOR" and no "NOR secondary" column to split it by; add a "NOR secondary" column: KS3 and KS4 added up (dedel does not add up "KS3 NOR" and "KS4 NOR" itself), or choose with --all-through primary, secondary or none (charge.allThrough in the config)\n`,
    );
    const split = await runInProcess(['allocate', path, '--rate', '10', '--all-through', 'split']);
    expect(split.code).toBe(1);
    expect(split.stderr).toBe(
      `dedel: error: ${path}: sheet "Census" cell C3: value "All-through": all-through school "Gamma School" is charged per phase from NOR secondary, but the census has "Primary NOR" and no "NOR secondary" column; add a "NOR secondary" column: KS3 and KS4 added up (dedel does not add up "KS3 NOR" and "KS4 NOR" itself), or choose --all-through primary, secondary or none (charge.allThrough in the config)\n`,
    );
    // With the column added, the school is split: 400 primary and 600 secondary pupils, at each phase's rate.
    rows[0]!.push(t('NOR secondary'));
    rows[1]!.push(n('0'));
    rows[2]!.push(n('600'));
    const added = save('apt-ks-added.xlsm', macroEnabled(handWorkbook([{ name: 'Census', rows }])));
    const charged = await runInProcess(['allocate', added, '--rate', 'primary=10', '--rate', 'secondary=20', '--format', 'csv', '--quiet']);
    expect(charged.stdout).toBe('urn,school,status,phase,nor,de_delegation,total,per_pupil\n8732001,Alpha Primary School,maintained,primary,210,2100,2100,10.00\n8734002,Gamma School,maintained,all-through,1000,16000,16000,16.00\n,Total,,,1210,18100,18100,14.96\n');
  });

  it('asks whether the row under the header is a second row of headers, as an APT-like sheet has them (a name merged over its columns)', async () => {
    const titles = [[t('Authority Proforma Tool 2024-25')], []];
    const names = [t('LAESTAB'), t('School Name'), t('Phase'), t('Academy / Maintained'), t('NOR'), '', '', '', t('FSM %')];
    const under = ['', '', '', '', t('Total'), t('Primary'), t('KS3'), t('KS4'), t('Primary'), t('Secondary')];
    const school = [n('8732001'), t('Alpha Primary School'), t('Primary'), t('Maintained'), n('210'), n('210'), n('0'), n('0'), n('12.5'), n('0')];
    // "FSM %" merged over I3:J3: its name is in I3 only, so "Secondary" in J4 was past the header's end,
    // said as a CSV's missing comma.
    const end = save('two-rows.xlsm', macroEnabled(handWorkbook([{ name: 'Census', rows: [...titles, names, under, school], merges: ['E3:H3', 'I3:J3'] }])));
    const run = await runInProcess(['allocate', end, '--rate', '10']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `dedel: error: ${end}: sheet "Census" cell J4: value "Secondary": text right of the header's last name ("FSM %"), on a row with no school's id or name: is it a second row of headers ("Total", "Primary", "KS3")? dedel reads one header row: unmerge a name merged across columns, and put each column's whole name in one cell of the header row ("NOR primary", not "NOR" above "Primary")\n`,
    );
    // The id, name and other names merged down over both rows are read on the second as their headers: it was read as a school, its status "Academy / Maintained".
    const down = save('merged-down.xlsm', macroEnabled(handWorkbook([{ name: 'Census', rows: [...titles, [...names, t('Notes')], [...under.slice(0, 9), ''], [...school.slice(0, 9), t('x')]], merges: ['A3:A4', 'B3:B4', 'C3:C4', 'D3:D4', 'E3:H3', 'J3:J4'] }])));
    const merged = await runInProcess(['allocate', down, '--rate', '10']);
    expect(merged.code).toBe(1);
    expect(merged.stderr).toBe(
      `dedel: error: ${down}: sheet "Census" cell A4: value "LAESTAB": this row has the header's names "LAESTAB" and "School Name" for its school's id and name; is it a second row of headers ("Total", "Primary", "KS3"), the header's names merged down over it? dedel reads one header row: unmerge the names, and put each column's whole name in one cell of the header row ("NOR primary", not "NOR" above "Primary")\n`,
    );
    // A row past the header's end elsewhere is said in a sheet's terms too.
    const wide = save('wide-row.xlsx', handWorkbook([{ name: 'Census', rows: [[t('URN'), t('School'), t('NOR')], [n('1'), t('Ash'), n('10')], [n('2'), t('Beech'), n('20'), t('see note')]] }]));
    const past = await runInProcess(['allocate', wide, '--rate', '10']);
    expect(past.stderr).toBe(`dedel: error: ${wide}: sheet "Census" cell D3: value "see note": text in a column with no header, right of the header's last name ("NOR"); give the column a header, or delete the text\n`);
  });

  it('refuses a header repeated within a table as a row, rather than reading it as a school', async () => {
    const run = await runInProcess(['allocate', '-', '--rate', '1'], { stdin: 'URN,School,Phase,Status,NOR\n1,Ash,Primary,Community,10\nURN,School,Phase,Status,NOR\n2,Beech,Primary,Community,10\n' });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('dedel: error: <stdin>:3: column "URN": value "URN": this row has the header\'s names "URN" and "School" for its school\'s id and name; a header repeated within the table is not a school: delete the row\n');
  });

  it('says where a LAESTAB asked for is written the other way in the census (873/2001 for 8732001), rather than that no school has it', async () => {
    const census = 'LAESTAB,School,Phase,Status,NOR\n873/2001,Alpha Primary School,Primary,Community,210\n873/4003,Delta High,Secondary,Foundation,800\n';
    const explain = await runInProcess(['explain', '-', '8732001', '--rate', '10'], { stdin: census });
    expect(explain.code).toBe(1);
    expect(explain.stderr).toBe('dedel: error: no school with the id or name "8732001" in <stdin>; the census writes that LAESTAB "873/2001": give it as the census has it\n');
    const convert = await runInProcess(['convert', '-', '--rate', '10', '--convert', '8732001=April'], { stdin: census });
    expect(convert.code).toBe(1);
    expect(convert.stderr).toBe('dedel: error: at --convert: no school with URN 8732001 in the census, to convert; the census writes it "873/2001": give the id as the census has it\n');
  });

  it('says of a basis cell shown as a percentage (the APT keeps FSM as 0.125 shown 12.5%) that it is no count, and what to give', async () => {
    const styles = '<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="10"/></cellXfs></styleSheet>';
    const rows = [[t('LAESTAB'), t('School Name'), t('Phase'), t('Academy / Maintained'), t('NOR'), t('FSM')], [n('8732001'), t('Alpha'), t('Primary'), t('Maintained'), n('210'), ' s="1"><v>0.125</v>']];
    const path = save('fsm-shown-pct.xlsm', macroEnabled(handWorkbook([{ name: 'Census', rows }], [], { styles })));
    const run = await runInProcess(['allocate', path, '--rate', '10', '--basis', 'fsm']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `dedel: error: ${path}: sheet "Census" cell F2: value "12.5%": FSM is not a number for a school that is charged on it; expected a number of 0 or more, such as 421, 1,179 or 12.5; a percentage is not a count (a rate per unit of it would charge per percentage point): give the number of pupils, the census's count, which dedel does not work out from a percentage\n`,
    );
    // So is one typed with its sign in a CSV.
    const csv = await runInProcess(['allocate', '-', '--rate', '10', '--basis', 'fsm'], { stdin: 'URN,School,Phase,Status,NOR,FSM\n1,Ash,Primary,Community,100,12.5%\n' });
    expect(csv.stderr).toContain('value "12.5%": FSM is not a number for a school that is charged on it; expected a number of 0 or more, such as 421, 1,179 or 12.5; a percentage is not a count');
  });
});

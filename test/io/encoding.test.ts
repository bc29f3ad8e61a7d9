import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCensus } from '../../src/io/census.js';
import { decode } from '../../src/io/decode.js';
import { encodingFixtures } from '../../fixtures/encoding/make.mjs';
import { ROOT, runBin } from '../helpers/bin.js';
import { expectGoldenInProcess, runCli } from '../helpers/run.js';

const DIR = 'fixtures/encoding';
const bytes = (name: string) => readFileSync(join(ROOT, DIR, name));

describe('encoding fixtures', () => {
  it('are committed exactly as fixtures/encoding/make.mjs writes them', () => {
    for (const [name, expected] of Object.entries(encodingFixtures() as Record<string, Buffer>)) {
      expect(bytes(name).equals(expected), name).toBe(true);
    }
  });
});

describe('a Windows-1252 export from Excel', () => {
  it('is decoded with iconv-lite: £ from byte A3, ’ from byte 92, accents, with one warning naming the line', () => {
    const census = readCensus(bytes('windows-1252.csv'), 'w.csv');
    expect(census.headers.at(-1)).toBe('Budget £');
    expect(census.rows.map((r) => r.cells[1])).toEqual([
      'St Thérèse’s Catholic Primary School',
      'Noël Park Primary School',
      'Brontë – Anglo-French Secondary School',
    ]);
    expect(census.rows.map((r) => r.cells[5])).toEqual(['£2,147', '£950', '£5,310']);
    expect(census.diagnostics).toEqual([
      { level: 'warning', code: 'encoding', message: 'w.csv: not valid UTF-8 (first at line 1, byte 0xA3); read as Windows-1252 (use --encoding to choose: windows-1252, or cp850 for Excel\'s "CSV (MS-DOS)")' },
    ]);
  });

  it('reads £-prefixed amounts exactly as a basis (golden)', async () => {
    const run = await expectGoldenInProcess('encoding-windows-1252', ['allocate', `${DIR}/windows-1252.csv`, '--basis', 'budget', '--rate', '0.10', '--round', '0.01', '-f', 'csv']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('200001,St Thérèse’s Catholic Primary School,voluntary-aided,primary,1179,2147,214.70,214.70,0.18');
  });

  it('is read without a warning when --encoding windows-1252 says so', async () => {
    const run = await runCli(['allocate', `${DIR}/windows-1252.csv`, '--rate', '5', '--encoding', 'windows-1252', '-f', 'csv']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('200002,Noël Park Primary School,community,primary,421,2105,2105,5.00');
  });

  it('is refused with the line and byte under --encoding utf-8', async () => {
    const run = await runCli(['allocate', `${DIR}/windows-1252.csv`, '--rate', '5', '--encoding', 'utf-8']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`dedel: error: ${DIR}/windows-1252.csv:1: not valid UTF-8 (byte 0xA3 at byte 47); if the file came from Excel, try --encoding windows-1252 (or cp850 for Excel's "CSV (MS-DOS)")\n`);
  });
});

describe("Excel for Mac's CSV: Mac Roman, lines ended by CR alone", () => {
  // St Thérèse’s, Noël, £2,147: é 8E, è 8F, ’ D5, ë 91, £ A3 in Mac Roman.
  const mac = Buffer.from('URN,School,Status,Phase,NOR,Budget \xa3\r200001,St Th\x8er\x8fse\xd5s Primary,VA,Primary,179,"\xa32,147"\r200002,No\x91l Park Primary,Community,Primary,421,\xa3950\r', 'latin1');

  it('is decoded as Mac Roman, with a warning naming the first line that is not UTF-8 by its CR line ends', () => {
    const census = readCensus(mac, 'm.csv');
    expect(census.rows.map((r) => r.cells[1])).toEqual(['St Thérèse’s Primary', 'Noël Park Primary']);
    expect(census.headers.at(-1)).toBe('Budget £');
    expect(census.rows.map((r) => r.cells[5])).toEqual(['£2,147', '£950']);
    expect(census.diagnostics).toEqual([
      {
        level: 'warning',
        code: 'encoding',
        message: 'm.csv: not valid UTF-8 (first at line 1, byte 0xA3); read as Mac Roman, as Excel for Mac saves CSV with lines ended by CR alone (--encoding windows-1252 reads it as Windows-1252)',
      },
    ]);
    const later = Buffer.from('URN,School,NOR\r1,Ash,10\r2,St Mary\xd5s,20\r', 'latin1');
    expect(readCensus(later, 'm.csv').diagnostics[0]?.message).toContain('(first at line 3, byte 0xD5)');
  });

  it('is read as Windows-1252 where --encoding says so, or where a line ends in LF', () => {
    // Byte 8F is no letter in Windows-1252.
    expect(readCensus(mac, 'm.csv', { encoding: 'windows-1252' }).rows[0]?.cells[1]).toMatch(/^St ThŽr.seÕs Primary$/u);
    const crlf = Buffer.from(mac.toString('latin1').replaceAll('\r', '\r\n'), 'latin1');
    expect(readCensus(crlf, 'w.csv').diagnostics[0]?.message).toContain('read as Windows-1252');
  });
});

describe('Excel\'s "CSV (MS-DOS)": code page 850', () => {
  // Café, St Thérèse, £1,000: é 82, è 8A, £ 9C in code page 850; Windows-1252 reads them ‚ Š œ.
  const dos = Buffer.from('School,Status,Phase,NOR,Budget\r\nCaf\x82 Primary,Community,Primary,10,"\x9c1,000"\r\nSt Th\x82r\x8ase,VA,Primary,20,\x9c950\r\n', 'latin1');

  it('is decoded as code page 850 where its bytes show it, with a warning saying why', () => {
    const census = readCensus(dos, 'd.csv');
    expect(census.rows.map((r) => r.cells[0])).toEqual(['Café Primary', 'St Thérèse']);
    expect(census.rows.map((r) => r.cells[4])).toEqual(['£1,000', '£950']);
    expect(census.diagnostics).toEqual([
      {
        level: 'warning',
        code: 'encoding',
        message: 'd.csv: not valid UTF-8 (first at line 2, byte 0x82); read as code page 850, as Excel saves "CSV (MS-DOS)": byte 0x82 inside a word at line 2 (--encoding windows-1252 reads it as Windows-1252)',
      },
    ]);
    // £ before a figure alone says so too.
    expect(readCensus(Buffer.from('School,NOR,Budget\nAsh,10,\x9c1\n', 'latin1'), 'd.csv').rows[0]?.cells[2]).toBe('£1');
  });

  it('is read as Windows-1252 where any byte shows it to be, and where nothing shows either', () => {
    // é as 82 beside £ as A3 (Windows-1252's £), or ’ as 92 inside a word: not read as 850.
    for (const text of ['School,NOR,Budget\nCaf\x82,10,\xa31\n', 'School,NOR,Budget\nSt Mary\x92s Caf\x82,10,\x9c1\n', 'School,NOR\nAsh \x96 Beech,10\n']) {
      const census = readCensus(Buffer.from(text, 'latin1'), 'w.csv');
      expect(census.diagnostics[0]?.message, text).toContain('read as Windows-1252 (use --encoding to choose: windows-1252, or cp850');
    }
  });

  it('is read as code page 850 where --encoding cp850 says so, without a warning', async () => {
    const mixed = Buffer.from('School,Status,Phase,NOR\r\nCaf\x82 \x96 Ely,Community,Primary,10\r\n', 'latin1');
    expect(readCensus(mixed, 'd.csv', { encoding: 'cp850' }).rows[0]?.cells[0]).toBe('Café û Ely');
    const run = await runCli(['allocate', '-', '--rate', '1', '--encoding', 'CP850', '-f', 'csv'], { input: mixed });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(',Café û Ely,community,primary,10,');
    expect(readCensus(dos, 'd.csv', { encoding: 'windows-1252' }).rows[0]?.cells[0]).toBe('Caf‚ Primary');
  });

  // á í ó ñ are bytes A0 A1 A2 A4 in code page 850, which Windows-1252 reads as a no-break space,
  // ¡ ¢ ¤: a file whose only accents were these was read as Windows-1252 (`Br¡d`, `Ni¤o`).
  it('is decoded as code page 850 where its only accented bytes are in A0–FF and read as words only there', () => {
    const census = readCensus(Buffer.from('School,Phase,NOR\r\nSt Br\xa1d\'s,Primary,10\r\nNi\xa4o Lane,Primary,20\r\nSe\xa0n Ross,Primary,30\r\n', 'latin1'), 'd.csv');
    expect(census.rows.map((r) => r.cells[0])).toEqual(["St Bríd's", 'Niño Lane', 'Seán Ross']);
    expect(census.diagnostics).toEqual([
      {
        level: 'warning',
        code: 'encoding',
        message: 'd.csv: not valid UTF-8 (first at line 2, byte 0xA1); read as code page 850, as Excel saves "CSV (MS-DOS)": byte 0xA1 reads as a letter there ("Bríd"; Windows-1252 reads "Br¡d") at line 2 (--encoding windows-1252 reads it as Windows-1252)',
      },
    ]);
    // Names in capitals: Á is B5, which Windows-1252 reads as µ, a small letter before capitals.
    expect(readCensus(Buffer.from('School,NOR\n\xb5LVAREZ ACADEMY,10\n', 'latin1'), 'd.csv').rows[0]?.cells[0]).toBe('ÁLVAREZ ACADEMY');
    // Two names whose á (A0) leaves a letter alone in Windows-1252 (`Se n`, `Siobh n`).
    expect(readCensus(Buffer.from('School,NOR\nSe\xa0n and Siobh\xa0n,10\n', 'latin1'), 'd.csv').rows[0]?.cells[0]).toBe('Seán and Siobhán');
  });

  it('stays Windows-1252 unless code page 850 clearly reads better: words in both, in neither, or one doubtful byte', () => {
    const windows = (text: string) => {
      const census = readCensus(Buffer.from(text, 'latin1'), 'w.csv');
      expect(census.diagnostics[0]?.message, text).toContain('read as Windows-1252 (use --encoding to choose');
      return census.rows[0]?.cells[0];
    };
    // é è ë as Windows-1252 writes them (E9 E8 EB) are capitals after small letters in code page 850: CafÚ, ThÚrÞse, NoÙl.
    expect(windows('School,NOR\nCaf\xe9 Th\xe9r\xe8se,10\nNo\xebl Park,20\n')).toBe('Café Thérèse');
    // ä (E4) reads as õ in code page 850, a word in both: the choice stays as it was.
    expect(windows('School,NOR\nGr\xe4fin Lane,10\n')).toBe('Gräfin Lane');
    // No-break spaces between words, and in a figure (code page 850 would make it 1á179).
    expect(windows('School,NOR\nHill\xa0view\xa0school,10\n')).toBe('Hill\u00a0view\u00a0school');
    expect(windows('School,NOR,Budget\nR\xa1os,10,"1\xa0179"\n')).toBe('R¡os');
    // One no-break space that leaves a letter alone is not enough: `Seán` alone needs --encoding cp850.
    expect(windows('School,NOR\nSe\xa0n Primary,10\n')).toBe('Se\u00a0n Primary');
    // UTF-8 beside a byte that is not was read as Windows-1252 (CafÃ©, box drawing in code page 850): now refused, below.
    expect(() => readCensus(Buffer.from('School,NOR\nCaf\xc3\xa9 Lane,10\n\xff,1\n', 'latin1'), 'w.csv')).toThrow(/mixes two encodings/);
  });
});

// A UTF-8 file with one line saved by another program in Windows-1252, or cut short in the
// middle of a letter, was read whole as Windows-1252: every other line's é became Ã© and ’
// became â€™ in the published table, under a warning that named only the line that was not UTF-8.
describe('a file in two encodings', () => {
  const mixed = Buffer.concat([Buffer.from("URN,School,Status,Phase,NOR\n1,Café Primary,Community,Primary,100\n"), Buffer.from('2,St Mary\x92s,Community,Primary,200\n', 'latin1')]);

  it('is refused, naming the line that is UTF-8 and the line that is not', () => {
    expect(() => readCensus(mixed, 'm.csv')).toThrow(
      'm.csv:3: the file mixes two encodings: line 2 is UTF-8 ("é") and line 3 is not (byte 0x92), as a file pasted together from two sources, or cut short, is; read either way, some of its text would be misread: save it again as CSV UTF-8 (or give --encoding windows-1252 if it is all Windows-1252)',
    );
  });

  it('is refused where the file ends in the middle of a letter', () => {
    const cut = Buffer.from("URN,School,Status,Phase,NOR\n1,Café Primary,Community,Primary,100\n2,St Mary’s,Community,Primary,200\n3,St Ann’s").subarray(0, -3);
    expect(() => readCensus(cut, 'c.csv')).toThrow(/^c\.csv:4: the file mixes two encodings: line 2 is UTF-8 \("é"\) and line 4 is not \(byte 0xE2, the first of a letter the file ends in the middle of\)/);
  });

  it('is read as --encoding windows-1252 says, and a file of Windows-1252 alone as before', () => {
    expect(readCensus(mixed, 'm.csv', { encoding: 'windows-1252' }).rows.map((r) => r.cells[1])).toEqual(['CafÃ© Primary', 'St Mary’s']);
    expect(readCensus(Buffer.from('URN,School,NOR\n1,Caf\xe9,1\n2,St Mary\x92s,2\n', 'latin1'), 'w.csv').rows.map((r) => r.cells[1])).toEqual(['Café', 'St Mary’s']);
  });
});

describe("Excel's CSV UTF-8: BOM, CRLF, quoted headers", () => {
  it('drops the BOM, maps the quoted headers and keeps commas, quotes and line breaks inside cells', () => {
    const census = readCensus(bytes('bom-crlf-quoted.csv'), 'b.csv');
    expect(census.headers).toEqual(['URN', 'School Name', 'Category', 'Phase', 'NOR October 22']);
    expect([...census.fields]).toEqual([
      ['urn', 0],
      ['name', 1],
      ['status', 2],
      ['phase', 3],
      ['nor', 4],
    ]);
    expect(census.rows.map((r) => [r.line, r.cells[1]])).toEqual([
      [2, 'Hill View, Infant School'],
      [3, 'St Mary’s "Star" Primary'],
      [4, 'The Grange\r\nSecondary School'],
      [6, 'Café Lane Junior School'],
    ]);
    expect(census.diagnostics).toEqual([]);
  });

  it('charges every school with its exact NOR (golden)', async () => {
    const run = await expectGoldenInProcess('encoding-bom-crlf-quoted', ['allocate', `${DIR}/bom-crlf-quoted.csv`, '--rate', '5', '-f', 'csv']);
    expect(run.stdout.trim().split('\n').at(-1)).toBe(',Total,,,2020,10100,10100,5.00');
  });

  it('names the right line after a line break inside quotes', () => {
    const text = bytes('bom-crlf-quoted.csv').toString('utf8').replace('"£240"', '"-240"');
    // Through the bin: the census comes on a real pipe, in whatever pieces it arrives.
    const run = runBin(['allocate', '-', '--rate', '5'], { input: text });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('dedel: error: <stdin>:6: column "NOR October 22": value "-240": NOR is negative for a school that is charged on it; expected a number of 0 or more, such as 421, 1,179 or 12.5\n');
  });
});

describe('blank lines', () => {
  it('are skipped, before the header, between schools and at the end, and lines keep their numbers', () => {
    const census = readCensus(bytes('blank-lines.csv'), 'l.csv');
    expect(census.headers).toEqual(['URN', 'School', 'Status', 'Phase', 'NOR']);
    expect(census.rows.map((r) => [r.line, r.cells[0]])).toEqual([
      [3, '400001'],
      [6, '400002'],
      [9, '400003'],
    ]);
  });

  it('leave the table as if they were not there (golden)', async () => {
    const run = await expectGoldenInProcess('encoding-blank-lines', ['allocate', `${DIR}/blank-lines.csv`, '--rate', '5', '-f', 'csv']);
    expect(run.stdout.trim().split('\n').at(-1)).toBe(',Total,,,600,3000,3000,5.00');
  });
});

describe('other encodings', () => {
  it('reads tab-separated text, as Excel saves "Unicode Text" (UTF-16, tabs, CRLF) and "Text (Tab delimited)"', async () => {
    const tsv = 'URN\tSchool\tStatus\tPhase\tNOR\r\n1\t"Ash, ""the"" Primary"\tCommunity\tPrimary\t"1,120"\r\n2\tBeech High\tVA\tSecondary\t900\r\n';
    const csv = 'URN,School,Status,Phase,NOR\n1,"Ash, ""the"" Primary",Community,Primary,"1,120"\n2,Beech High,VA,Secondary,900\n';
    const want = await runCli(['allocate', '-', '--rate', '5', '-f', 'csv'], { input: csv });
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(tsv, 'utf16le')]);
    for (const stdin of [tsv, utf16]) {
      const run = await runCli(['allocate', '-', '--rate', '5', '-f', 'csv'], { input: stdin });
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(want.stdout);
    }
    const bad = await runCli(['allocate', '-', '--rate', '5'], { input: tsv.replace('900', 'x') });
    expect(bad.stderr).toContain('<stdin>:3: column "NOR": value "x"');
  });

  it('reads a CSV with a tab in a name as CSV', () => {
    const census = readCensus(Buffer.from('URN,School,NOR\n1,Ash\tPrimary,100\n'), 'c.csv');
    expect(census.rows[0]?.cells).toEqual(['1', 'Ash\tPrimary', '100']);
  });

  it('reads tab-separated text whose names and figures have more commas than it has tabs, by its header', () => {
    const tsv = 'Schools Forum\r\nURN\tSchool\tNOR\tBudget\r\n1\tSt Mary, Ely, Cambs\t1,179\t"£1,234,567"\r\n2\tAsh, Ely, Cambs\t1,200\t"£2,234,567"\r\n';
    const census = readCensus(Buffer.from(tsv), 't.txt');
    expect(census.headers).toEqual(['URN', 'School', 'NOR', 'Budget']);
    expect(census.rows.map((r) => r.cells)).toEqual([
      ['1', 'St Mary, Ely, Cambs', '1,179', '£1,234,567'],
      ['2', 'Ash, Ely, Cambs', '1,200', '£2,234,567'],
    ]);
    // A CSV with a tab in a later name is still CSV.
    expect(readCensus(Buffer.from('URN,School\n1,Ash\tPrimary\tSchool\n'), 'c.csv').rows[0]?.cells).toEqual(['1', 'Ash\tPrimary\tSchool']);
  });

  it('reads tab-separated text below a title with commas in it, by the header below the title', () => {
    const tsv = 'Appendix B, De-delegation\nURN\tSchool\tNOR\n1\tAsh, Ely, Cambs, UK\t1,234\n2\tBeech, Ely, Cambs\t2,345\n';
    const census = readCensus(Buffer.from(tsv), 't.txt');
    expect(census.headerLine).toBe(2);
    expect(census.rows.map((r) => r.cells)).toEqual([
      ['1', 'Ash, Ely, Cambs, UK', '1,234'],
      ['2', 'Beech, Ely, Cambs', '2,345'],
    ]);
    // A CSV below a title with a tab in it is still CSV, and so is one with tabs in its names.
    expect(readCensus(Buffer.from('Forum\tpaper\tB\nURN,School,NOR\n1,Ash\tPrimary\tSchool,100\n'), 'c.csv').rows[0]?.cells).toEqual(['1', 'Ash\tPrimary\tSchool', '100']);
    // A header that names a school column split either way is split the way that gives more cells.
    expect(readCensus(Buffer.from('School Name\t,URN,NOR\nAsh\t\t,1,100\n'), 'c.csv').headers).toEqual(['School Name', 'URN', 'NOR']);
  });

  it('reads UTF-16 with a BOM (Excel "Unicode text")', () => {
    const census = readCensus(bytes('utf-16le.csv'), 'u.csv');
    expect(census.rows[0]?.cells[1]).toBe('Élan Primary £');
    expect(census.diagnostics).toEqual([]);
  });

  it('reads UTF-8 without a BOM with no warning', () => {
    expect(decode(Buffer.from('a,£b\n', 'utf8'), 'x.csv')).toEqual({ text: 'a,£b\n', diagnostics: [] });
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/run.js';
import { byUrn } from '../helpers/by-urn.js';

const GIAS = 'fixtures/gias/every-kind-all-through-no-parts.csv';
const RATES = ['--rate', 'primary=5.83', '--rate', 'secondary=7.92'];

const charged = (csv: string, column: string) => Object.fromEntries([...byUrn(csv)].filter(([, r]) => r[column]).map(([urn, r]) => [urn, r[column]]));

describe('a GIAS download with every kind of establishment, run with no flags but the rates', () => {
  it('charges the maintained mainstream schools and names the all-through school once, with the flag that decides it', async () => {
    const run = await runInProcess(['allocate', GIAS, ...RATES, '-f', 'csv']);
    expect(run.code).toBe(0);
    expect(charged(run.stdout, 'de_delegation')).toEqual({ '110001': '2454', '110002': '1469', '110003': '8110' });
    const warnings = run.stderr.split('\n').filter((l) => l.includes('all-through'));
    expect(warnings).toEqual([
      `dedel: warning: ${GIAS}:5: all-through school "St Joseph's Catholic All-through School" is not charged: the census has no "NOR primary" and "NOR secondary" columns to split it by; choose with --all-through primary, secondary or none (charge.allThrough in the config)`,
    ]);
  });

  it('says the first three all-through schools left out in full, and the rest in one warning that names them', async () => {
    // An authority's GIAS download has no primary and secondary NOR: each of its all-through schools made a warning alike.
    const rows = Array.from({ length: 6 }, (_, i) => `${i + 1},Through ${i + 1},All-through,Community,${100 + i}`);
    const run = await runInProcess(['allocate', '-', ...RATES, '-f', 'csv'], { stdin: `URN,School,Phase,Status,NOR\n1000,Ash,Primary,Community,50\n${rows.join('\n')}\n` });
    expect(run.code).toBe(0);
    const warnings = run.stderr.trimEnd().split('\n');
    expect(warnings.slice(0, 3).map((w) => w.slice(0, 73))).toEqual([
      'dedel: warning: <stdin>:3: all-through school "Through 1" is not charged:',
      'dedel: warning: <stdin>:4: all-through school "Through 2" is not charged:',
      'dedel: warning: <stdin>:5: all-through school "Through 3" is not charged:',
    ]);
    expect(warnings.slice(3)).toEqual([
      'dedel: warning: <stdin>: 3 more all-through schools are not charged, as above: "Through 4" (line 6), "Through 5" (line 7), "Through 6" (line 8); the census has no "NOR primary" and "NOR secondary" columns to split them by; choose with --all-through primary, secondary or none (charge.allThrough in the config)',
    ]);
    // --strict fails on them as on one.
    const strict = await runInProcess(['allocate', '-', ...RATES, '-f', 'csv', '--strict'], { stdin: `URN,School,Phase,Status,NOR\n1000,Ash,Primary,Community,50\n${rows.join('\n')}\n` });
    expect(strict.code).toBe(3);
  });

  it('gives each school left out its reason in an officer\'s words under --all', async () => {
    const run = await runInProcess(['allocate', GIAS, ...RATES, '-f', 'csv', '--all', '-q']);
    expect(run.code).toBe(0);
    expect(charged(run.stdout, 'not_charged')).toEqual({
      '110004': 'all-through: no primary and secondary figures to split by (choose --all-through)',
      '110005': 'not mainstream (special school)',
      '110006': 'not mainstream (special school)',
      '110007': 'not maintained (non-maintained special school)',
      '110008': 'not mainstream (PRU)',
      '110009': 'not mainstream (nursery school)',
      '110010': 'closed',
      '110011': 'academy',
      '110012': 'academy',
      '110013': 'academy',
    });
  });

  it('reads the kind of establishment from the GIAS type where the phase is "Not applicable"', async () => {
    const run = await runInProcess(['allocate', GIAS, ...RATES, '-f', 'csv', '--all', '-q']);
    const kinds = Object.fromEntries([...byUrn(run.stdout)].map(([urn, r]) => [urn, `${r.status} ${r.phase}`]));
    expect(kinds['110005']).toBe('community special');
    expect(kinds['110006']).toBe('foundation special');
    expect(kinds['110007']).toBe('non-maintained-special special');
    expect(kinds['110008']).toBe('pru pru');
    expect(kinds['110009']).toBe('nursery nursery');
  });

  it.each([
    ['primary', '8745'], // 1,500 × 5.83 = 8,745
    ['secondary', '11880'], // 1,500 × 7.92
  ])('charges the all-through school deemed %s with --all-through', async (rule, amount) => {
    const run = await runInProcess(['allocate', GIAS, ...RATES, '-f', 'csv', '--all-through', rule, '-q']);
    expect(run.code).toBe(0);
    expect(byUrn(run.stdout).get('110004')?.de_delegation).toBe(amount);
  });

  it('leaves the all-through school out, without a warning, with --all-through none', async () => {
    const run = await runInProcess(['allocate', GIAS, ...RATES, '-f', 'csv', '--all', '--all-through', 'none', '--foot']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(byUrn(run.stdout).get('110004')?.not_charged).toBe('all-through: not charged (--all-through none)');
  });

  it('with one config, charges education functions to every maintained school, special, PRU and nursery too, and not the non-maintained special school', async () => {
    const run = await runInProcess(['allocate', GIAS, '-c', 'fixtures/gias/education-functions.json', '-f', 'csv', '-q']);
    expect(run.code).toBe(0);
    expect(charged(run.stdout, 'education_functions')).toEqual({
      '110001': '8420',
      '110002': '5040',
      '110003': '20480',
      '110004': '30000',
      '110005': '2400',
      '110006': '1900',
      '110008': '900',
      '110009': '1800',
    });
    // De-delegation stays with the mainstream primary and secondary schools.
    expect(Object.keys(charged(run.stdout, 'trade_union_facilities'))).toEqual(['110001', '110002', '110003', '110004']);
  });

  it('counts the reasons in check, and explains one in explain', async () => {
    const check = await runInProcess(['check', GIAS, '-f', 'csv', '-q']);
    expect(check.code).toBe(0);
    const reasons = new Set(check.stdout.trim().split('\n').slice(1).map((l) => l.split(',').at(-1)));
    for (const r of ['academy', 'closed', 'not mainstream (special school)', 'not mainstream (PRU)', 'not mainstream (nursery school)', 'not maintained (non-maintained special school)']) expect(reasons).toContain(r);
    const explain = await runInProcess(['explain', GIAS, 'Beacon Pupil Referral Unit', ...RATES, '-f', 'csv', '-q']);
    expect(explain.stdout).toContain('charged,false\nreason,not mainstream (PRU)\n');
  });
});

describe('reasons for the rest', () => {
  const census = 'URN,School,Status,Phase,NOR,Months\n1,Ash,Community,Primary,100,12\n2,Oak,Community,16 plus,80,12\n3,Elm,Community,Primary,90,0\n4,Yew,Other independent school,Primary,50,12\n';

  it('says phase not charged, months 0 and not maintained in --all, check and explain', async () => {
    const all = await runInProcess(['allocate', '-', '--rate', '5', '--all', '-f', 'csv', '-q'], { stdin: census });
    expect(charged(all.stdout, 'not_charged')).toEqual({ '2': 'phase 16-plus not charged', '3': 'months 0', '4': 'not maintained' });
    const check = await runInProcess(['check', '-', '-f', 'csv', '-q'], { stdin: census });
    expect(check.stdout).toContain('phase 16-plus not charged');
    expect(check.stdout).toContain('months 0');
    const explain = await runInProcess(['explain', '-', 'Elm', '--rate', '5', '-f', 'csv', '-q'], { stdin: census });
    expect(explain.stdout).toContain('reason,months 0\n');
  });
});

describe('a three-tier census', () => {
  const CENSUS = 'fixtures/three-tier/census.csv';

  it("charges its middle schools by the authority's mapping in the config", async () => {
    const run = await runInProcess(['allocate', CENSUS, '-c', 'fixtures/three-tier/dedel.json', '-f', 'csv', '-q']);
    expect(run.code).toBe(0);
    expect(Object.fromEntries([...byUrn(run.stdout)].map(([urn, r]) => [urn, `${r.status} ${r.phase} ${r.behaviour_support}`]))).toEqual({
      '120001': 'community primary 960',
      '120002': 'voluntary-aided primary 720',
      '120003': 'community secondary 2460',
      '120004': 'voluntary-controlled secondary 2280',
      '120005': 'foundation secondary 6900',
    });
  });

  it('charges them as primary with --phase-word for a one-off run', async () => {
    const run = await runInProcess(['allocate', CENSUS, '--rate', 'primary=4', '--rate', 'secondary=6', '--phase-word', 'Middle=primary', '-f', 'csv', '-q']);
    expect(byUrn(run.stdout).get('120003')?.de_delegation).toBe('1640');
  });

  it('refuses one word given two meanings, by two flags or two config keys alike but for case: the last was taken unseen', async () => {
    const flags = await runInProcess(['allocate', CENSUS, '--rate', '5', '--phase-word', 'Middle=primary', '--phase-word', 'middle=secondary']);
    expect(flags.code).toBe(2);
    expect(flags.stdout).toBe('');
    expect(flags.stderr).toBe('dedel: error: --phase-word gives "Middle" two meanings, primary and secondary; give one\n');
    const statuses = await runInProcess(['allocate', CENSUS, '--rate', '5', '--status-word', 'Church=community', '--status-word', 'church=academy']);
    expect(statuses.stderr).toBe('dedel: error: --status-word gives "Church" two meanings, community and academy; give one\n');
    // The same meaning twice is one; a flag still wins over the config.
    const same = await runInProcess(['allocate', CENSUS, '--rate', 'primary=4', '--rate', 'secondary=6', '--phase-word', 'Middle=primary', '--phase-word', 'MIDDLE=Primary', '-f', 'csv', '-q']);
    expect(byUrn(same.stdout).get('120003')?.de_delegation).toBe('1640');
    const config = JSON.stringify({ census: { phases: { Middle: 'primary', MIDDLE: 'secondary' } }, services: [{ name: 'A', rate: '5' }] });
    const keys = await runInProcess(['allocate', CENSUS, '-c', '-'], { stdin: config });
    expect(keys.code).toBe(1);
    expect(keys.stderr).toBe('dedel: error: <stdin>: at census.phases.MIDDLE: "MIDDLE" and "Middle" are one word to dedel (case and punctuation aside), mapped to primary and secondary; give one\n');
  });

  it('without a mapping, refuses a middle school and names the mapping that would accept it', async () => {
    const run = await runInProcess(['allocate', CENSUS, '--rate', '5']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `dedel: error: ${CENSUS}:4: column "Phase": value "Middle": phase "Middle" is primary or secondary as the authority deems it; to read it as one of dedel's phases, map it in the config: "census": { "phases": { "Middle": "PHASE" } }, or with --phase-word "Middle=PHASE", PHASE primary or secondary, as the authority deems it\n`,
    );
  });

  // A C/VA/VC/F list writes F for foundation, and DfE's codes F for a free school: read as DfE's,
  // a maintained foundation school was left out with no word.
  it('warns where F is read as a free school in a census with none of DfE\'s codes for maintained schools, and takes the mapping', async () => {
    const stdin = 'URN,School,Category,Phase,NOR\n1,Abbey,CY,Primary,421\n3,Castle High,F,Secondary,1000\n';
    const dfe = await runInProcess(['allocate', '-', '--rate', '5', '-f', 'csv'], { stdin });
    expect(dfe.stderr).toBe('');
    const local = 'URN,School,Category,Phase,NOR\n1,Abbey,VA,Primary,421\n3,Castle High,F,Secondary,1000\n4,Dene,FS,Primary,200\n';
    const warned = await runInProcess(['allocate', '-', '--rate', '5', '-f', 'csv'], { stdin: local });
    expect(warned.stderr).toBe(
      'dedel: warning: <stdin>: status "F" is read as DfE\'s code for a free school, an academy, and not charged (2 schools: lines 3, 4); the census has none of DfE\'s codes for maintained schools (CY, FD) beside it: if "F" means foundation here, as a C/VA/VC/F list writes it, give --status-word "F=foundation" (or "F=academy" to say it is a free school)\n',
    );
    const mapped = await runInProcess(['allocate', '-', '--rate', '5', '--status-word', 'F=foundation', '-f', 'csv'], { stdin: local });
    expect(mapped.stdout).toContain('3,Castle High,foundation,secondary,1000,5000,5000,5.00');
    // FS is still read as DfE's: warned of, and a failed check under --strict.
    expect(mapped.stderr).toContain('status "FS" is read as DfE\'s code for a free school');
    expect((await runInProcess(['allocate', '-', '--rate', '5', '--status-word', 'F=foundation', '-f', 'csv', '--strict'], { stdin: local })).code).toBe(3);
    const both = await runInProcess(['allocate', '-', '--rate', '5', '--status-word', 'F=foundation', '--status-word', 'FS=academy', '-f', 'csv', '--strict'], { stdin: local });
    expect(both.code, both.stderr).toBe(0);
  });

  it('says a status cell of Closed is whether the school is open, and names the column to read it from', async () => {
    const stdin = 'URN,School,Type,Status,Phase,NOR\n1,Abbey,Community,Open,Primary,421\n2,Brook,VA,Closed,Primary,252\n';
    const clash = await runInProcess(['allocate', '-', '--rate', '5'], { stdin });
    expect(clash.stderr).toBe('dedel: error: <stdin>:1: columns "Type" and "Status" could both be status; choose one with --column status="HEADER" (and where the other says whether each school is open or closed, give it as --column open="HEADER": a closed school is then not charged)\n');
    const run = await runInProcess(['allocate', '-', '--rate', '5', '--column', 'status=Status'], { stdin });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('value "Open": "Open" says whether the school is open, not its status: if column "Status" tells open schools from closed ones, give --column open="Status" (a closed school is then not charged), and name the schools\' category column with --column status="HEADER"');
    // The type chosen as the status, and the Open/Closed column left unread: Brook, closed, was charged with no word.
    const typeOnly = await runInProcess(['allocate', '-', '--rate', '5', '--column', 'status=Type'], { stdin });
    expect(typeOnly.code).toBe(1);
    expect(typeOnly.stderr).toBe('dedel: error: <stdin>:3: column "Status": value "Closed": the column says this school is closed, but no column is read as whether each school is open, so it would be charged; if "Status" tells open schools from closed ones, give --column open="Status" (a closed school is then not charged); if the school is open, correct the cell\n');
    const notes = await runInProcess(['allocate', '-', '--rate', '5'], { stdin: 'URN,School,Status,Phase,NOR,Notes\n1,Abbey,Community,Primary,421,Closed 31/08/2023\n2,Brook,VA,Primary,252,closure proposed\n' });
    expect(notes.stderr).toContain('<stdin>:2: column "Notes": value "Closed 31/08/2023": the column says this school is closed');
    const read = await runInProcess(['allocate', '-', '--rate', '5', '--column', 'open=Status', '--column', 'status=Type', '-f', 'csv', '-q'], { stdin });
    expect(read.stdout).toBe('urn,school,status,phase,nor,de_delegation,total,per_pupil\n1,Abbey,community,primary,421,2105,2105,5.00\n,Total,,,421,2105,2105,5.00\n');
  });

  // The status said Community and an `Academy Y/N` column beside it said Y: charged with no word.
  it('refuses a maintained status beside a yes in an academy column, naming both', async () => {
    const stdin = 'URN,School,Status,Phase,NOR,Academy Y/N\n1,Abbey,Community,Primary,421,Y\n2,Brook,VA,Primary,252,N\n3,Cedar,Academy,Primary,100,Y\n';
    const run = await runInProcess(['allocate', '-', '--rate', '5', '-f', 'csv'], { stdin });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('dedel: error: <stdin>:2: column "Academy Y/N": value "Y": the column "Academy Y/N" says this school is an academy ("Y"), but its status, "Community", is maintained, so it would be charged; correct the one that is wrong (a school that converts during the year is maintained until it does: dedel convert charges it for those months)\n');
    const agreed = await runInProcess(['allocate', '-', '--rate', '5', '-f', 'csv', '-q'], { stdin: stdin.replace('421,Y', '421,N') });
    expect(agreed.code, agreed.stderr).toBe(0);
  });

  it('maps a status word from the config, and names the mapping for one it does not know', async () => {
    const stdin = 'URN,School,Status,Phase,NOR\n1,Ash,Church,Primary,100\n';
    const refused = await runInProcess(['allocate', '-', '--rate', '5'], { stdin });
    // A placeholder to fill in, not a ready-made `=community` that would charge it as one unseen.
    expect(refused.stderr).toContain(`"census": { "statuses": { "Church": "STATUS" } }, or with --status-word "Church=STATUS", STATUS the one it stands for (community, voluntary-aided,`);
    const mapped = await runInProcess(['allocate', '-', '--rate', '5', '--status-word', 'Church=voluntary-aided', '-f', 'csv'], { stdin });
    expect(mapped.stdout).toContain('1,Ash,voluntary-aided,primary,100,500,500,5.00');
  });
});

describe('all-through schools split by phase', () => {
  const census = (secondary: number) => `URN,School,Status,Phase,NOR,NOR primary,NOR secondary\n1,Meadow,Community,All-through,1500,600,${secondary}\n2,Brook,VC,Primary,200,,\n`;

  it('charges the parts quietly when they add up to NOR', async () => {
    const run = await runInProcess(['allocate', '-', '--rate', '1', '-f', 'csv'], { stdin: census(900) });
    expect(run.stderr).toBe('');
  });

  it('warns, naming both figures, when the parts do not add up to NOR, and fails under --strict', async () => {
    const run = await runInProcess(['allocate', '-', '--rate', '1', '-f', 'csv'], { stdin: census(880) });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('dedel: warning: <stdin>:2: all-through school "Meadow": "NOR primary" 600 + "NOR secondary" 880 = 1480, but "NOR" is 1500; charged on the parts\n');
    const strict = await runInProcess(['allocate', '-', '--rate', '1', '-f', 'csv', '--strict'], { stdin: census(880) });
    expect(strict.code).toBe(3);
    expect(strict.stdout).toBe('');
    expect(strict.stderr).toContain('dedel: error: check failed (--strict): <stdin>:2: all-through school "Meadow"');
  });
});

describe('a run that charges no school', () => {
  const stdin = 'URN,School,Status,Phase,NOR\n1,Ash,Academy converter,Primary,100\n2,Oak,Academy sponsor led,Secondary,200\n';

  it.each(['csv', 'table'])('warns (%s), and fails under --strict', async (format) => {
    const run = await runInProcess(['allocate', '-', '--rate', '5', '-f', format], { stdin });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('dedel: warning: <stdin>: no school is charged: every school is left out by the charge rules (--all, or dedel check, lists why)');
    const strict = await runInProcess(['allocate', '-', '--rate', '5', '-f', format, '--strict'], { stdin });
    expect(strict.code).toBe(3);
  });

  it('warns in check too', async () => {
    const run = await runInProcess(['check', '-'], { stdin });
    expect(run.stderr).toContain('no school is charged');
  });
});

describe("a census whose academies are told apart by a column dedel did not know as status", () => {
  // An authority's table heads the column Academy/Maintained, School Status or Funding; with no
  // status column every row counted as maintained, and the academies were charged, with only
  // the warning that the census has no status column.
  const table = (header: string) => `DfE Number,School,Phase,${header},NOR Oct 23\n8732001,Abbey Primary,Primary,Maintained,421\n8732002,Brook Primary,Primary,Academy,252\n8734001,Castle High,Secondary,Maintained,"1,024"\n`;

  it.each(['Academy/Maintained', 'Maintained / Academy', 'School Status', 'Academy status', 'Establishment type', 'Maintained or Academy'])('reads a column headed %j as status: the academy is not charged', async (header) => {
    const run = await runInProcess(['allocate', '-', '--rate', '5.10', '-f', 'csv', '--all'], { stdin: table(header) });
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('no status column');
    expect(run.stdout.split('\n').slice(1, 4)).toEqual(['8732001,Abbey Primary,maintained,primary,421,2147,2147,5.10,', '8734001,Castle High,maintained,secondary,1024,5222,5222,5.10,', '8732002,Brook Primary,academy,primary,,,,,academy']);
  });

  it('refuses to charge as maintained a school that another column calls an academy, naming the column and the --column to give', async () => {
    const run = await runInProcess(['check', '-', '--rate', '5.10'], { stdin: table('Funding').replace('Academy,252', 'Academy converter,252') + '8734002,Dene High,Secondary,Free school,980\n' });
    expect(run.code).toBe(1);
    const errors = run.stderr.split('\n').filter((l) => l.startsWith('dedel: error:'));
    expect(errors).toEqual([
      `dedel: error: <stdin>:3: column "Funding": value "Academy converter": the column says this school is not maintained, but the census has no status column, so it would be charged as maintained; if "Funding" is the schools' status, give --column status="Funding"; if not, and the school is maintained, correct the cell`,
      `dedel: error: <stdin>:5: column "Funding": value "Free school": the column says this school is not maintained, but the census has no status column, so it would be charged as maintained; if "Funding" is the schools' status, give --column status="Funding"; if not, and the school is maintained, correct the cell`,
    ]);
    const named = await runInProcess(['allocate', '-', '--rate', '5.10', '-f', 'csv', '-q', '--column', 'status=Funding'], { stdin: table('Funding') });
    expect(named.stdout.split('\n').map((l) => l.split(',')[1])).toEqual(['school', 'Abbey Primary', 'Castle High', 'Total', undefined]);
  });

  // A yes under `Academy Y/N` was no word dedel read there: the academy was charged as maintained.
  it.each(['Academy Y/N', 'Academy?', 'Is academy', 'Academy'])('refuses to charge as maintained a school a yes-or-no column headed %j calls an academy, and says how to read the column', async (header) => {
    const census = `URN,School,Phase,${header},NOR\n1,Ash,Primary,N,10\n2,Beech,Primary,Yes,20\n`;
    const run = await runInProcess(['allocate', '-', '--rate', '1', '-f', 'csv'], { stdin: census });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `dedel: error: <stdin>:3: column "${header}": value "Yes": the column says this school is an academy ("Yes"), but the census has no status column, so it would be charged as maintained; to read the column as the schools' status, give --column status="${header}" --status-word Yes=academy and the word for the others (--status-word N=maintained)`,
    );
    const read = await runInProcess(['allocate', '-', '--rate', '1', '-f', 'csv', '-q', '--column', `status=${header}`, '--status-word', 'Yes=academy', '--status-word', 'N=maintained'], { stdin: census });
    expect(read.stdout).toBe('urn,school,status,phase,nor,de_delegation,total,per_pupil\n1,Ash,maintained,primary,10,10,10,1.00\n,Total,,,10,10,10,1.00\n');
  });

  it('still charges every row of a census with no status column where no column says otherwise (codes and the word Other are not read)', async () => {
    const run = await runInProcess(['allocate', '-', '--rate', '1', '-f', 'csv'], { stdin: 'URN,School,Phase,Gender,Religion,NOR\n1,A,Primary,F,Other,10\n2,B,Primary,M,Does not apply,20\n' });
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[3]).toBe(',Total,,,30,30,30,1.00');
  });
});

describe('an all-through school on a census with no parts, under services that decide it differently', () => {
  it('is charged by the service that deems it a phase, and left out, with a warning naming them, by the one that would split it', async () => {
    // Left out by the whole school, it was charged by neither: the £200 Trade union line was lost.
    const config = JSON.stringify({ services: [{ name: 'SI', rate: '5' }, { name: 'TU', rate: '2', charge: { allThrough: 'secondary' } }] });
    const file = join(mkdtempSync(join(tmpdir(), 'dedel-at-')), 'dedel.json');
    writeFileSync(file, config);
    const run = await runInProcess(['allocate', '-', '-c', file, '-f', 'csv'], { stdin: 'URN,School,Phase,Status,NOR\n1,A,All-through,Community,100\n2,B,Primary,Community,50\n' });
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').slice(1, 4)).toEqual(['1,A,community,all-through,100,,200,200,2.00', '2,B,community,primary,50,250,100,350,7.00', ',Total,,,150,250,300,550,3.67']);
    expect(run.stderr).toContain('dedel: warning: <stdin>:2: all-through school "A" is not charged by "SI": the census has no "NOR primary" and "NOR secondary" columns to split it by;');
  });
});

describe("a census whose phases are told apart by a column dedel did not know as phase", () => {
  // Headed Stage or Phase of School, the column was not phase: every school was charged whatever
  // its phase, special and nursery schools too, with only the warning that there was no phase column.
  const table = (header: string) => `URN,School,Status,${header},NOR\n1,A,Community,Primary,100\n2,B,Community,Special,50\n3,C,Community,Nursery,30\n`;

  it.each(['Stage', 'Phase of School', 'Establishment Phase', 'School level'])('reads a column headed %j as phase: the special and nursery schools are not charged', async (header) => {
    const run = await runInProcess(['allocate', '-', '--rate', '1', '-f', 'csv'], { stdin: table(header) });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n').slice(1, 3)).toEqual(['1,A,community,primary,100,100,100,1.00', ',Total,,,100,100,100,1.00']);
  });

  it('refuses to charge whatever its phase a school that another column calls special, naming the column and the --column to give', async () => {
    const run = await runInProcess(['check', '-', '--rate', '1'], { stdin: table('Setting') });
    expect(run.code).toBe(1);
    expect(run.stderr.split('\n').filter((l) => l.startsWith('dedel: error:'))).toEqual([
      `dedel: error: <stdin>:3: column "Setting": value "Special": the column says this school's phase is special, but the census has no phase column, so it would be charged whatever its phase; if "Setting" is the schools' phase, give --column phase="Setting"; if not, correct the cell`,
      `dedel: error: <stdin>:4: column "Setting": value "Nursery": the column says this school's phase is nursery, but the census has no phase column, so it would be charged whatever its phase; if "Setting" is the schools' phase, give --column phase="Setting"; if not, correct the cell`,
    ]);
    const named = await runInProcess(['allocate', '-', '--rate', '1', '-f', 'csv', '--column', 'phase=Setting'], { stdin: table('Setting') });
    expect(named.stdout.split('\n')[1]).toBe('1,A,community,primary,100,100,100,1.00');
  });
});

describe('a Sector column of maintained and academy, read as phase for want of a phase column', () => {
  it('says the word is a status and how to read the column as one, not to map Maintained as a phase', async () => {
    // The advice was to map "Maintained" to the phase primary.
    const run = await runInProcess(['allocate', '-', '--rate', '1'], { stdin: 'URN,School,Sector,NOR\n1,A,Maintained,100\n2,B,Academy,50\n' });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'dedel: error: <stdin>:2: column "Sector": value "Maintained": "Maintained" is a status, not a phase: if column "Sector" holds the schools\' status, give --column status="Sector" and name their phase column with --column phase="HEADER" (a table with no phase column is charged whatever its phase)\n',
    );
  });
});

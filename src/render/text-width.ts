// How wide text prints, for laying out Word tables (src/render/docx.ts): advance widths in
// thousandths of an em of DejaVu Sans and DejaVu Sans Bold, the font LibreOffice shows in place
// of Arial where Arial is not installed. Arial's letters are narrower, so a column wide enough
// here is wide enough in Word too.

/** U+0020–U+007E, then U+00A0–U+00FF, regular. */
const REGULAR: readonly number[] = [
  318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636, 636, 636, 636, 636,
  636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787,
  603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635, 615, 352, 635,
  634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838, 318,
  401, 636, 636, 636, 636, 337, 500, 500, 1000, 471, 612, 838, 361, 1000, 500, 500, 838, 401, 401, 500, 636, 636, 318, 500,
  401, 471, 612, 969, 969, 969, 531, 684, 684, 684, 684, 684, 684, 974, 698, 632, 632, 632, 632, 295, 295, 295, 295, 775,
  748, 787, 787, 787, 787, 787, 838, 787, 732, 732, 732, 732, 611, 605, 630, 613, 613, 613, 613, 613, 613, 982, 550, 615,
  615, 615, 615, 278, 278, 278, 278, 612, 634, 612, 612, 612, 612, 612, 838, 612, 634, 634, 634, 634, 592, 635, 592,
];

/** The same letters, bold. */
const BOLD: readonly number[] = [
  348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696, 696, 696, 696, 696, 696,
  696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734, 830, 683, 683, 821, 837, 372, 372, 775, 637, 995, 837, 850,
  733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457, 365, 457, 838, 500, 500, 675, 716, 593, 716, 678, 435, 716,
  712, 343, 343, 665, 343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838, 348,
  456, 696, 696, 636, 696, 365, 500, 500, 1000, 564, 646, 838, 415, 1000, 500, 500, 838, 438, 438, 500, 736, 636, 380, 500,
  438, 564, 646, 1035, 1035, 1035, 580, 774, 774, 774, 774, 774, 774, 1085, 734, 683, 683, 683, 683, 372, 372, 372, 372, 838,
  837, 850, 850, 850, 850, 850, 838, 850, 812, 812, 812, 812, 724, 738, 719, 675, 675, 675, 675, 675, 675, 1048, 593, 678,
  678, 678, 678, 343, 343, 343, 343, 687, 712, 687, 687, 687, 687, 687, 838, 687, 712, 712, 712, 712, 652, 716, 652,
];

/** Dashes, curly quotes, the minus sign, the euro and the ellipsis. */
const OTHER_REGULAR: Readonly<Record<number, number>> = { 0x2013: 500, 0x2014: 1000, 0x2018: 318, 0x2019: 318, 0x201c: 518, 0x201d: 518, 0x2212: 838, 0x20ac: 636, 0x2026: 1000 };
const OTHER_BOLD: Readonly<Record<number, number>> = { 0x2013: 500, 0x2014: 1000, 0x2018: 380, 0x2019: 380, 0x201c: 657, 0x201d: 657, 0x2212: 838, 0x20ac: 696, 0x2026: 1000 };

/** Any other letter (CJK, scripts Arial may lack) is given a whole em: wide rather than cut. */
const WIDE = 1000;

function advance(code: number, bold: boolean): number {
  const table = bold ? BOLD : REGULAR;
  if (code >= 0x20 && code <= 0x7e) return table[code - 0x20]!;
  if (code >= 0xa0 && code <= 0xff) return table[code - 0xa0 + 95]!;
  return (bold ? OTHER_BOLD : OTHER_REGULAR)[code] ?? WIDE;
}

/** The width of `text` in thousandths of an em: at 10 pt, 1000 is 10 pt. */
export function textWidth(text: string, bold = false): number {
  let width = 0;
  for (const letter of text) width += advance(letter.codePointAt(0)!, bold);
  return width;
}

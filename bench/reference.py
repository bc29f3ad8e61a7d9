#!/usr/bin/env python3
"""Reference for the dedel benchmark: what an analyst would write with the standard library.

    python3 bench/reference.py CENSUS.csv OUT.csv primary=5.83 secondary=7.92

Same job as `dedel allocate CENSUS --rate primary=5.83 --rate secondary=7.92 --foot --format csv`:
maintained schools (community, VA, VC, foundation) in the primary and secondary phases are
charged NOR x rate(phase), exactly (decimal, 50 digits); rows are footed to £1 by largest
remainder so they add up to the rounded exact total (ROUND_HALF_UP); ties go to the larger
exact amount, then the smaller URN. Output columns and text are dedel's csv.
"""
import csv
import re
import sys
from decimal import Decimal, ROUND_FLOOR, ROUND_HALF_UP, getcontext

getcontext().prec = 50

PHASES = {
    "primary": "primary", "infant": "primary", "infants": "primary", "junior": "primary",
    "juniors": "primary", "first": "primary", "firstschool": "primary", "infantandjunior": "primary",
    "middledeemedprimary": "primary", "secondary": "secondary", "middledeemedsecondary": "secondary",
    "upper": "secondary", "high": "secondary", "allthrough": "all-through", "through": "all-through",
    "nursery": "nursery", "special": "special", "pru": "pru", "pupilreferralunit": "pru",
    "alternativeprovision": "pru", "16plus": "16-plus", "16+": "16-plus", "post16": "16-plus",
    "sixthform": "16-plus",
}
STATUSES = {
    "community": "community", "communityschool": "community", "va": "voluntary-aided",
    "voluntaryaided": "voluntary-aided", "voluntaryaidedschool": "voluntary-aided",
    "vc": "voluntary-controlled", "voluntarycontrolled": "voluntary-controlled",
    "voluntarycontrolledschool": "voluntary-controlled", "foundation": "foundation",
    "foundationschool": "foundation", "academy": "academy", "special": "special", "pru": "pru",
    "pupilreferralunit": "pru", "nursery": "nursery", "localauthoritynurseryschool": "nursery",
    "nurseryschool": "nursery", "maintainednurseryschool": "nursery", "other": "other",
}
ACADEMY = re.compile(r"academy|freeschool|universitytechnicalcollege|^utc|studioschool|citytechnologycollege")
OTHER = re.compile(r"independent|furthereducation|sixthformcentre|secureunit|welshestablishment|servicechildren|offshore|otherstatefunded|governmentdepartment|britishschooloverseas|onlineprovider|miscellaneous|highereducation|post16institution")
MAINTAINED = {"community", "voluntary-aided", "voluntary-controlled", "foundation"}
NOT_COMPACT = re.compile(r"[^a-z0-9+]")
NUMBER = re.compile(r"^£?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
FORMULA = re.compile(r"^[=+\-@\t\r]")
ONE = Decimal(1)
CENT = Decimal("0.01")


def compact(text):
    return NOT_COMPACT.sub("", text.lower())


def phase_of(text):
    c = compact(text)
    if c in ("notapplicable", "na"):
        return None
    return PHASES.get(c) or PHASES.get(c[:-6] if c.endswith("school") else c)


def status_of(text):
    c = compact(text)
    if c in STATUSES:
        return STATUSES[c]
    if not c:
        return None
    if ACADEMY.search(c):
        return "academy"
    if OTHER.search(c):
        return "other"
    if "special" in c:
        return "special"
    if re.search(r"pupilreferralunit|^pru$|localauthorityalternativeprovision", c):
        return "pru"
    if "nursery" in c:
        return "nursery"
    return None


def number(text, line):
    t = text.strip()
    if not NUMBER.match(t):
        sys.exit(f"{line}: NOR {text!r} is not a number")
    return Decimal(t.replace("£", "").replace(",", ""))


def plain(d):
    """dedel prints numbers without exponent or trailing zeros (decimal.js toFixed())."""
    s = format(d.normalize(), "f")
    return s


def urn_key(urn):
    u = urn.lstrip("0")
    return (0, len(u), u) if urn.isdigit() else (1, 0, urn)


def main(census, out, *rate_args):
    rates = {}
    for arg in rate_args:
        phase, value = arg.split("=")
        rates[phase] = Decimal(value)
    rows = []
    with open(census, encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        header = [h.strip() for h in next(reader)]
        at = {h: i for i, h in enumerate(header)}
        i_urn, i_name, i_status, i_phase, i_nor = (at[k] for k in ("URN", "School name", "Status", "Phase", "NOR"))
        for record in reader:
            if not any(c.strip() for c in record):
                continue
            status = status_of(record[i_status])
            phase = phase_of(record[i_phase])
            if status not in MAINTAINED or phase not in rates:
                continue
            nor = number(record[i_nor], reader.line_num)
            exact = nor * rates[phase]
            rows.append([record[i_urn].strip(), record[i_name].strip(), status, phase, nor, exact])

    exact_total = sum((r[5] for r in rows), Decimal(0))
    expected = exact_total.quantize(ONE, rounding=ROUND_HALF_UP)
    floors = [r[5].to_integral_value(rounding=ROUND_FLOOR) for r in rows]
    missing = int(expected - sum(floors, Decimal(0)))
    order = sorted(range(len(rows)), key=lambda i: (-(rows[i][5] - floors[i]), -rows[i][5], urn_key(rows[i][0]), rows[i][1]))
    amounts = floors
    for i in order[:missing]:
        amounts[i] += 1

    total_nor = Decimal(0)
    with open(out, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["urn", "school", "status", "phase", "nor", "de_delegation", "total", "per_pupil"])
        for (urn, name, status, phase, nor, exact), amount in zip(rows, amounts):
            total_nor += nor
            per_pupil = "" if nor == 0 else str((exact / nor).quantize(CENT, rounding=ROUND_HALF_UP))
            name = "'" + name if FORMULA.match(name) else name
            urn = "'" + urn if FORMULA.match(urn) else urn
            writer.writerow([urn, name, status, phase, plain(nor), plain(amount), plain(amount), per_pupil])
        grand = sum(amounts, Decimal(0))
        per_pupil = "" if total_nor == 0 else str((grand / total_nor).quantize(CENT, rounding=ROUND_HALF_UP))
        writer.writerow(["", "Total", "", "", plain(total_nor), plain(grand), plain(grand), per_pupil])


if __name__ == "__main__":
    main(*sys.argv[1:])

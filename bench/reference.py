#!/usr/bin/env python3
"""Reference for the dedel benchmark: what an analyst would write with the standard library.

    python3 bench/reference.py CENSUS.csv OUT.csv primary=5.83 secondary=7.92
    python3 bench/reference.py --plan md CENSUS.csv OUT.md primary=5.83 secondary=7.92
    python3 bench/reference.py --plan json CENSUS.csv OUT.json primary=5.83 secondary=7.92
    python3 bench/reference.py --plan all CENSUS.csv OUT.csv primary=5.83 secondary=7.92
    python3 bench/reference.py --plan months --months 5,7 CENSUS.csv OUT.csv primary=5.83 secondary=7.92
    python3 bench/reference.py --plan services --config two-services.json CENSUS.csv OUT.csv
    python3 bench/reference.py --plan target --target 1160000 CENSUS.csv OUT.csv primary=2 secondary=3

Each plan gives the same bytes as `dedel allocate CENSUS --foot` with the same arguments:
csv (the default), md, json, --all and --months with `--rate primary=5.83 --rate
secondary=7.92`; two services from a config; a target with weights (the PHASE=VALUE
arguments), no rateUnit.

Maintained schools (community, VA, VC, foundation) in the primary and secondary phases are
charged basis x rate(phase), exactly (decimal, 50 digits), where the basis is NOR, or 1 for a
per-school service. A target T with weights w is shared as T x w(phase) x NOR / S, with
S = sum of w(phase) x NOR: kept as the numerator over S, so floors and remainders are exact.
Rows are footed to £1 by largest remainder so they add up to the rounded exact total
(ROUND_HALF_UP), or to the target; ties go to the larger exact amount, then the smaller URN,
then the name. With --months, each school's charge is split by months / 12 and footed both
ways: every school's parts add up to its charge and every period column to the total split
as `dedel split` splits it. Output columns and text are dedel's.

Not done: a months column in the census, all-through schools, rateUnit, rounding other than
£1 footed, more than two periods, and dedel's checks and warnings (control totals and so on).
"""
import argparse
import csv
import json
import re
import sys
import unicodedata
from collections import namedtuple
from decimal import Decimal, ROUND_HALF_UP, getcontext

getcontext().prec = 50

PHASES = {
    "primary": "primary", "infant": "primary", "infants": "primary", "junior": "primary",
    "juniors": "primary", "first": "primary", "lower": "primary", "infantandjunior": "primary",
    "middledeemedprimary": "primary", "secondary": "secondary", "middledeemedsecondary": "secondary",
    "upper": "secondary", "high": "secondary", "allthrough": "all-through", "through": "all-through",
    "nursery": "nursery", "special": "special", "pru": "pru", "pupilreferralunit": "pru",
    "alternativeprovision": "pru", "ap": "pru", "16plus": "16-plus", "16+": "16-plus",
    "post16": "16-plus", "sixthform": "16-plus",
}
PHASE_ORDER = ["primary", "secondary", "all-through", "nursery", "special", "pru", "16-plus"]
STATUSES = {
    "community": "community", "comm": "community", "communityschool": "community",
    "va": "voluntary-aided", "voluntaryaided": "voluntary-aided", "voluntaryaidedschool": "voluntary-aided",
    "vc": "voluntary-controlled", "voluntarycontrolled": "voluntary-controlled",
    "voluntarycontrolledschool": "voluntary-controlled", "foundation": "foundation",
    "foundationschool": "foundation", "maintained": "maintained", "academy": "academy",
    "special": "special", "specialschool": "special", "pru": "pru", "pupilreferralunit": "pru",
    "nursery": "nursery", "localauthoritynurseryschool": "nursery", "nurseryschool": "nursery",
    "maintainednurseryschool": "nursery", "nonmaintainedspecial": "non-maintained-special",
    "independent": "other", "other": "other",
}
ACADEMY = re.compile(r"academy|freeschool|universitytechnicalcollege|^utc|studioschool|citytechnologycollege")
OTHER = re.compile(r"independent|furthereducation|sixthformcentre|secureunit|welshestablishment|servicechildren|offshore|otherstatefunded|governmentdepartment|britishschooloverseas|onlineprovider|miscellaneous|highereducation|post16institution")
# Special schools, PRUs and nursery schools are in that phase whatever the phase cell says.
PHASE_OF_STATUS = {"special": "special", "pru": "pru", "nursery": "nursery", "non-maintained-special": "special"}
MAINTAINED = {"community", "voluntary-aided", "voluntary-controlled", "foundation", "maintained", "special", "pru", "nursery"}
CHARGED_PHASES = ("primary", "secondary")
NOT_MAINSTREAM = {"special": "special school", "pru": "PRU", "nursery": "nursery school"}
NOT_COMPACT = re.compile(r"[^a-z0-9+]")
NUMBER = re.compile(r"^£?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
FORMULA = re.compile(r"^'?[=+\-@\t\r]")
ONE = Decimal(1)
CENT = Decimal("0.01")
TWELVE = Decimal(12)

# One service's column: exact amounts as numerators over den, and the amounts once footed.
Column = namedtuple("Column", "name nums den exact_total expected amounts")

# How dedel's Markdown prints statuses and phases.
STATUS_LABELS = {
    "community": "Community", "voluntary-aided": "VA", "voluntary-controlled": "VC", "foundation": "Foundation",
    "maintained": "Maintained", "academy": "Academy", "non-maintained-special": "Non-maintained special",
    "special": "Special", "pru": "PRU", "nursery": "Nursery", "other": "Other",
}
PHASE_LABELS = {"primary": "Primary", "secondary": "Secondary", "all-through": "All-through", "nursery": "Nursery",
                "special": "Special", "pru": "PRU", "16-plus": "16-plus"}


def compact(text):
    return NOT_COMPACT.sub("", text.lower())


def phase_of(text):
    c = compact(text)
    if c in ("notapplicable", "na"):
        return None
    return PHASES.get(c) or PHASES.get(re.sub(r"(schools?|phase)$", "", re.sub(r"^statefunded", "", c)))


def status_of(text):
    """(status, phase the status implies or None); (None, None) when unknown."""
    c = compact(text)
    if c in STATUSES:
        status = STATUSES[c]
        return status, PHASE_OF_STATUS.get(status)
    if not c:
        return None, None
    special = "special" if "special" in c else None
    if ACADEMY.search(c):
        return "academy", special
    if c.startswith("nonmaintainedspecial"):
        return "non-maintained-special", "special"
    if OTHER.search(c):
        return "other", None
    m = re.match(r"(community|foundation)special", c)
    if m:
        return m.group(1), "special"
    if special:
        return "special", "special"
    if re.search(r"pupilreferralunit|^pru$|localauthorityalternativeprovision", c):
        return "pru", "pru"
    if "nursery" in c:
        return "nursery", "nursery"
    return None, None


def reason_not_charged(status, phase):
    """Why a school is not charged, in dedel's words."""
    if status == "academy":
        return "academy"
    if status == "other":
        return "not maintained"
    if status == "non-maintained-special":
        return "not maintained (non-maintained special school)"
    if status not in MAINTAINED:
        return f"status {status} not charged"
    if phase in NOT_MAINSTREAM:
        return f"not mainstream ({NOT_MAINSTREAM[phase]})"
    return f"phase {phase} not charged"


def number(text, line):
    t = text.strip()
    if not NUMBER.match(t):
        sys.exit(f"{line}: NOR {text!r} is not a number")
    return Decimal(t.replace("£", "").replace(",", ""))


def plain(d):
    """dedel prints numbers without exponent or trailing zeros (decimal.js toFixed())."""
    return format(d.normalize(), "f")


def grouped(d, places=0):
    """Thousands grouped with commas, to `places` decimals (half-up): 6296469 -> 6,296,469."""
    return f"{d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):,.{places}f}"


def pounds(d):
    """Money for people, as dedel's footnotes print it: whole pounds bare, else at least pence."""
    places = 0 if d == d.to_integral_value() else max(2, min(-d.normalize().as_tuple().exponent, 10))
    return "£" + grouped(d, places)


def per_pupil(amount, nor):
    return "" if nor == 0 else str((amount / nor).quantize(CENT, rounding=ROUND_HALF_UP))


def snake(name):
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not "\u0300" <= ch <= "\u036f").lower()
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def safe(text):
    """A cell a spreadsheet would run as a formula gets a leading ' (csv only)."""
    return "'" + text if FORMULA.match(text) else text


def urn_key(urn):
    u = urn.lstrip("0")
    return (0, len(u), u) if urn.isdigit() else (1, 0, urn)


def read_census(census, keep_uncharged=False):
    """The schools charged (and with keep_uncharged, the rest too, after them):
    [urn, name, status, phase, nor or None, reason or None]; NOR read only where charged."""
    uncharged = []
    schools = []
    with open(census, encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        header = [h.strip() for h in next(reader)]
        at = {h: i for i, h in enumerate(header)}
        i_urn, i_name, i_status, i_phase, i_nor = (at[k] for k in ("URN", "School name", "Status", "Phase", "NOR"))
        for record in reader:
            if not any(c.strip() for c in record):
                continue
            status, implied = status_of(record[i_status])
            phase = implied or phase_of(record[i_phase])
            if status is None:
                sys.exit(f"{reader.line_num}: unknown status {record[i_status]!r}")
            if status in MAINTAINED and phase in CHARGED_PHASES:
                nor = number(record[i_nor], reader.line_num)
                schools.append([record[i_urn].strip(), record[i_name].strip(), status, phase, nor, None])
            elif keep_uncharged:
                reason = reason_not_charged(status, phase)
                uncharged.append([record[i_urn].strip(), record[i_name].strip(), status, phase, None, reason])
    return schools, uncharged


def foot(nums, den, expected, rows):
    """Largest remainder: amounts num / den rounded down, then the units missing from `expected`
    one each to the largest remainders; ties to the larger exact amount, then smaller URN, then name."""
    floors = [n // den for n in nums]
    missing = int(expected - sum(floors, Decimal(0)))
    order = sorted(range(len(nums)), key=lambda i: (floors[i] * den - nums[i], -nums[i], urn_key(rows[i][0]), rows[i][1]))
    for i in order[:missing]:
        floors[i] += 1
    return floors


def split_total(units, months):
    """`dedel split`: units x months / 12 rounded down, the rest by largest remainder (ties: larger part, earlier period)."""
    exact = [units * m for m in months]
    parts = [e // TWELVE for e in exact]
    order = sorted(range(len(months)), key=lambda j: (-(exact[j] - parts[j] * TWELVE), -exact[j], j))
    for j in order[: int(units - sum(parts))]:
        parts[j] += 1
    return parts


def foot_periods(charges, months, rows):
    """Each school's charge split by months / 12, footed both ways: every school's parts add up to
    its charge, every period column to the total's split. Parts rounded down; then in order of
    remainder (ties: larger exact part, smaller URN, name, earlier period) each part gets a unit
    unless its school or its column already has what it needs. Always works with two periods."""
    targets = split_total(sum(charges, Decimal(0)), months)
    parts, owed, cells = [], [], []
    for i, charge in enumerate(charges):
        row = []
        for j, m in enumerate(months):
            exact = charge * m
            part = exact // TWELVE
            row.append(part)
            if part * TWELVE != exact:
                cells.append((-(exact - part * TWELVE), -exact, urn_key(rows[i][0]), rows[i][1], j, i))
        parts.append(row)
        owed.append(charge - sum(row))
    have = [sum(row[j] for row in parts) for j in range(len(months))]
    cells.sort()
    for *_, j, i in cells:
        if owed[i] > 0 and have[j] < targets[j]:
            parts[i][j] += 1
            owed[i] -= 1
            have[j] += 1
    return parts, have


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--plan", default="csv", choices=["csv", "md", "json", "all", "months", "services", "target"])
    ap.add_argument("--months", default="5,7", help="periods for --plan months (two, adding up to 12)")
    ap.add_argument("--config", help="dedel config with the services, for --plan services")
    ap.add_argument("--target", help="the target to solve rates from, for --plan target")
    ap.add_argument("census")
    ap.add_argument("out")
    ap.add_argument("values", nargs="*", help="PHASE=VALUE: rates, or weights for --plan target")
    args = ap.parse_args()
    values = {}
    for arg in args.values:
        phase, value = arg.split("=")
        values[phase] = Decimal(value)

    rows, uncharged = read_census(args.census, keep_uncharged=args.plan == "all")
    nors = [s[4] for s in rows]

    # The services: name, exact amounts (as numerators over den), what the rows are footed to.
    services = []
    if args.plan == "services":
        with open(args.config, encoding="utf-8") as f:
            config = json.load(f)
        if config.get("rounding", {}).get("foot") != "largest-remainder":
            sys.exit("the reference foots every service: give rounding.foot largest-remainder")
        for service in config["services"]:
            rate = service["rate"]
            rate_of = (lambda p, r=rate: Decimal(r[p])) if isinstance(rate, dict) else (lambda p, r=rate: Decimal(r))
            per_school = service.get("basis", "nor") == "school"
            services.append((service["name"], [(ONE if per_school else s[4]) * rate_of(s[3]) for s in rows], ONE, None))
    elif args.plan == "target":
        target = Decimal(args.target)
        den = sum((values[s[3]] * s[4] for s in rows), Decimal(0))
        services.append(("De-delegation", [target * values[s[3]] * s[4] for s in rows], den, target))
    else:
        services.append(("De-delegation", [s[4] * values[s[3]] for s in rows], ONE, None))

    footed = []
    for name, nums, den, target in services:
        exact_total = sum(nums, Decimal(0)) / den
        expected = target if target is not None else exact_total.quantize(ONE, rounding=ROUND_HALF_UP)
        footed.append(Column(name, nums, den, exact_total, expected, foot(nums, den, expected, rows)))
    # Per row: the exact amount of all services (for per pupil) and the total charged.
    if len(footed) == 1 and footed[0].den == ONE:
        exact_row, row_totals = footed[0].nums, footed[0].amounts
    else:
        exact_row = [sum(c.nums[i] / c.den for c in footed) for i in range(len(rows))]
        row_totals = [sum(c.amounts[i] for c in footed) for i in range(len(rows))]
    totals = [sum(c.amounts, Decimal(0)) for c in footed]
    total_nor = sum(nors, Decimal(0))
    grand = sum(totals, Decimal(0))

    if args.plan == "md":
        write_md(args.out, rows, footed[0], total_nor)
    elif args.plan == "json":
        write_json(args.out, rows, footed[0], values, total_nor)
    else:
        periods = []
        if args.plan == "months":
            months = [Decimal(m) for m in args.months.split(",")]
            if len(months) != 2 or sum(months) != 12:
                sys.exit("--months: the reference foots two periods that add up to 12")
            periods = foot_periods(footed[0].amounts, months, rows)
        with open(args.out, "w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f, lineterminator="\n")
            columns = [snake(c.name) for c in footed]
            if periods:
                columns[0:1] = [columns[0]] + [f"{columns[0]}_period_{k + 1}" for k in range(2)]
            writer.writerow(["urn", "school", "status", "phase", "nor", *columns, "total", "per_pupil"] + (["not_charged"] if args.plan == "all" else []))
            extra = [""] if args.plan == "all" else []
            for i, (urn, name, status, phase, nor, _) in enumerate(rows):
                amounts = [plain(c.amounts[i]) for c in footed]
                if periods:
                    amounts[1:1] = [plain(p) for p in periods[0][i]]
                writer.writerow([safe(urn), safe(name), status, phase, plain(nor), *amounts, plain(row_totals[i]), per_pupil(exact_row[i], nor), *extra])
            if args.plan == "all":
                for urn, name, status, phase, _, reason in uncharged:
                    writer.writerow([safe(urn), safe(name), status, phase or "", "", *[""] * len(columns), "", "", reason])
            amounts = [plain(t) for t in totals]
            if periods:
                amounts[1:1] = [plain(p) for p in periods[1]]
            writer.writerow(["", "Total", "", "", plain(total_nor), *amounts, plain(grand), per_pupil(grand, total_nor), *extra])


def md_escape(text):
    return re.sub(r"[\\`*_\[\]<>|]", lambda m: "\\" + m.group(0), text).replace("\r\n", " ").replace("\n", " ")


def write_md(out, rows, service, total_nor):
    name, nums, _, exact_total, expected, amounts = service
    total = sum(amounts, Decimal(0))
    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write(f"| URN | School | Status | Phase | NOR | {md_escape(name)} £ | Total £ | Per pupil £ |\n")
        f.write("|:---|:---|:---|:---|---:|---:|---:|---:|\n")
        for (urn, school, status, phase, nor, _), exact, amount in zip(rows, nums, amounts):
            a = grouped(amount)
            pp = per_pupil(exact, nor)
            f.write(f"| {md_escape(urn)} | {md_escape(school)} | {STATUS_LABELS[status]} | {PHASE_LABELS[phase]} | {grouped(nor)} | {a} | {a} | {pp and grouped(Decimal(pp), 2)} |\n")
        pp = per_pupil(total, total_nor)
        f.write(f"|  | **Total** |  |  | **{grouped(total_nor)}** | **{grouped(total)}** | **{grouped(total)}** | {pp and f'**{grouped(Decimal(pp), 2)}**'} |\n")
        rounded = "" if exact_total == expected else f" ({pounds(expected)} rounded)"
        f.write(f"\n*{md_escape(f'{name}: rounded to £1 by largest remainder so the rows add up to {pounds(expected)}. Exact total {pounds(exact_total)}{rounded}.')}*\n")


def rate_text(rate):
    """A rate as dedel's JSON prints it: 2 to 12 decimals."""
    places = max(2, min(12, -rate.normalize().as_tuple().exponent))
    return str(rate.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def write_json(out, rows, service, rates, total_nor):
    name, nums, _, exact_total, expected, amounts = service
    rounding = {"unit": "1", "mode": "half-up", "foot": "largest-remainder"}
    charged = {s[3] for s in rows}
    column = snake(name)
    total = sum(amounts, Decimal(0))
    doc = {
        "rounding": rounding,
        "services": [{
            "name": name, "column": column, "basis": "nor", "rounding": rounding,
            "rates": [{"phase": p, "rate": rate_text(rates[p])} for p in PHASE_ORDER if p in charged],
        }],
        "rows": [
            {
                "urn": urn or None, "school": school, "status": status, "phase": phase, "nor": plain(nor),
                column: plain(amount), "total": plain(amount), "per_pupil": per_pupil(exact, nor) or None,
                "exact": {column: plain(exact)},
                "adjusted": amount != exact.quantize(ONE, rounding=ROUND_HALF_UP),
            }
            for (urn, school, status, phase, nor, _), exact, amount in zip(rows, nums, amounts)
        ],
        "total": {
            "urn": None, "school": "Total", "status": None, "phase": None, "nor": plain(total_nor),
            column: plain(total), "total": plain(total), "per_pupil": per_pupil(total, total_nor) or None,
            "exact": {column: plain(exact_total), "total": plain(exact_total)},
        },
        "diagnostics": [],
    }
    with open(out, "w", encoding="utf-8", newline="") as f:
        json.dump(doc, f, indent=2, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()

"""Checks that kpilot, DuckDB and pandas computed the same KPIs.

    python3 compare.py KPILOT.csv ENGINE=WIDE.csv [ENGINE=WIDE.csv ...]

KPILOT.csv is `kpilot compute --format csv` output (long form: one row per KPI and
group); each WIDE.csv has channel, month and one column per KPI. Every
(kpi, channel, month) must be in every file, and each value must match kpilot's
within 1e-9 relative: the engines sum in different orders (DuckDB in parallel), so
the last bits of a double may differ, but nothing more.

A division by zero is spelled differently by each engine: kpilot gives an empty
value with the error #DIV/0!, DuckDB and pandas give inf, NaN or NULL. Those are the
same answer. Any other kpilot error is a disagreement, since the other engines have
no such rule to match it.

Exits 1, listing the disagreements, when anything differs.
"""
import csv
import math
import sys

RELATIVE_TOLERANCE = 1e-9
SHOWN = 20
DIV0 = "#DIV/0!"
# How an engine writes a zero denominator: empty (NULL, or NaN in pandas' CSV), NaN or infinity.
NOT_A_NUMBER = {"", "nan", "-nan", "inf", "-inf", "+inf", "infinity", "-infinity"}


def kpilot_values(path):
    values, problems = {}, []
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            if row["level"] != "detail":
                continue
            key = (row["kpi"], row["channel"], row["period"])
            if row["error"] == DIV0 and row["value"] == "":
                values[key] = DIV0
            elif row["error"]:
                problems.append(f"kpilot {key}: {row['error']} {row['error_message']}")
            else:
                values[key] = float(row["value"])
    return values, problems


def wide_values(path):
    values = {}
    with open(path, newline="") as f:
        reader = csv.DictReader(f)
        kpis = [c for c in reader.fieldnames if c not in ("channel", "month")]
        for row in reader:
            for kpi in kpis:
                text = row[kpi].strip().lower()
                number = DIV0 if text in NOT_A_NUMBER else float(text)
                if number != DIV0 and math.isnan(number):
                    number = DIV0
                values[(kpi, row["channel"], row["month"])] = number
    return values


def same(a, b):
    if a == DIV0 or b == DIV0:
        return a == b
    return math.isclose(a, b, rel_tol=RELATIVE_TOLERANCE, abs_tol=0.0)


def relative_difference(a, b):
    if a == b:
        return 0.0
    return abs(a - b) / max(abs(a), abs(b))


def main(argv):
    if len(argv) < 3 or any("=" not in a for a in argv[2:]):
        sys.exit(__doc__.split("\n\n")[1])
    reference, problems = kpilot_values(argv[1])
    if not reference:
        problems.append(f"{argv[1]}: no detail rows")
    div0 = sum(1 for v in reference.values() if v == DIV0)
    for spec in argv[2:]:
        engine, path = spec.split("=", 1)
        theirs = wide_values(path)
        for key in sorted(reference.keys() - theirs.keys()):
            problems.append(f"{engine}: no value for {key}")
        for key in sorted(theirs.keys() - reference.keys()):
            problems.append(f"{engine}: {key} is not in kpilot's output")
        worst = 0.0
        for key in sorted(reference.keys() & theirs.keys()):
            ours, other = reference[key], theirs[key]
            if not same(ours, other):
                problems.append(f"{engine} {key}: kpilot {ours!r}, {engine} {other!r}")
            elif ours != DIV0:
                worst = max(worst, relative_difference(ours, other))
        print(f"agreement kpilot vs {engine}: {len(theirs)} values, "
              f"largest relative difference {worst:.1e}")
    if problems:
        print(f"DISAGREEMENT: {len(problems)} problems", file=sys.stderr)
        for p in problems[:SHOWN]:
            print("  " + p, file=sys.stderr)
        if len(problems) > SHOWN:
            print(f"  ... and {len(problems) - SHOWN} more", file=sys.stderr)
        return 1
    print(f"agreement: all engines match kpilot on {len(reference)} values "
          f"({div0} of them #DIV/0!) within {RELATIVE_TOLERANCE:g} relative")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

"""Checks that the engines agree: kpilot's long CSV against DuckDB's rule-based
models and pandas' Markov model, every (model, channel) within 1e-9 relative.

    python3 compare.py KPILOT.csv DUCKDB.csv PANDAS.csv
"""
import csv
import sys

TOLERANCE = 1e-9


def close(a, b):
    return abs(a - b) <= TOLERANCE * max(1.0, abs(a), abs(b))


def read_kpilot(path):
    rows = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            if row["error"]:
                sys.exit(f"kpilot: {row['model']} failed: {row['error']} {row['error_message']}")
            rows[(row["model"], row["channel"])] = row
    return rows


def main(kpilot_csv, duckdb_csv, pandas_csv):
    kpilot = read_kpilot(kpilot_csv)
    problems = []
    compared = 0
    with open(duckdb_csv, newline="") as f:
        duckdb = list(csv.DictReader(f))
    with open(pandas_csv, newline="") as f:
        pandas = [dict(r, model="markov") for r in csv.DictReader(f)]
    for engine, rows, fields in (("duckdb", duckdb, ("attributed_conversions", "attributed_value")),
                                 ("pandas", pandas, ("attributed_conversions", "attributed_value", "removal_effect"))):
        models = {r["model"] for r in rows}
        expected = {k for k in kpilot if k[0] in models}
        seen = set()
        for r in rows:
            key = (r["model"], r["channel"])
            seen.add(key)
            if key not in kpilot:
                problems.append(f"{engine} has {key}, kpilot does not")
                continue
            for field in fields:
                compared += 1
                a, b = float(kpilot[key][field]), float(r[field])
                if not close(a, b):
                    problems.append(f"{key} {field}: kpilot {a!r}, {engine} {b!r}")
        for key in sorted(expected - seen):
            # A channel no converting path touches earns nothing under a rule; DuckDB has no row for it.
            if all(float(kpilot[key][f]) == 0.0 for f in fields):
                continue
            problems.append(f"kpilot has {key}, {engine} does not")
    for p in problems[:20]:
        print(p, file=sys.stderr)
    if problems:
        sys.exit(f"{len(problems)} disagreements")
    print(f"agree: {compared} values within {TOLERANCE:g} relative")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("usage: compare.py KPILOT.csv DUCKDB.csv PANDAS.csv")
    main(*sys.argv[1:])

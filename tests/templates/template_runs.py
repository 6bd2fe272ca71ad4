"""What the template tests share: the sample kinds, the kpilot runs they
compare with, and a list of failures that ends the test."""

import json
import os
import subprocess
import sys

# The sample kinds and the column their model's first grouping is by.
KINDS = {"marketing": "channel", "sales": "source", "satisfaction": "touchpoint"}


def targets_file(samples, kind):
    own = os.path.join(samples, kind, "targets.csv")
    return own if os.path.exists(own) else os.path.join(samples, "templates", f"{kind}-targets.csv")


def make_template(kpilot, samples, kind, out, *extra):
    sample = os.path.join(samples, kind)
    return subprocess.run([kpilot, "template", "--kind", kind, "--model", f"{sample}/model.json", "--data",
                           f"{sample}/data.csv", "--targets", targets_file(samples, kind), "-o", out, *extra],
                          capture_output=True, text=True)


def compute_json(kpilot, samples, kind, *extra):
    """kpilot compute on the same sample, in long-form JSON, with the same targets."""
    sample = os.path.join(samples, kind)
    run = subprocess.run([kpilot, "compute", "--model", f"{sample}/model.json", "--data", f"{sample}/data.csv",
                          "--by", KINDS[kind], "--targets", targets_file(samples, kind), "--format", "json", *extra],
                         capture_output=True, text=True)
    if run.returncode not in (0, 3):
        raise RuntimeError(f"{kind}: kpilot compute exited {run.returncode}: {run.stderr}")
    return json.loads(run.stdout)


def core_rows(kpilot, samples, kind):
    """(period label or 'All periods', group value or 'Total', kpi) -> compute's JSON row, by month and over
    all months (compute rolls up period first, so the groups over all months come from a run without a grain)."""
    group = KINDS[kind]
    monthly = compute_json(kpilot, samples, kind, "--grain", "month")
    rows = {}
    for r in monthly["results"]:
        period = "All periods" if r["period"] == "all" else r["period"]
        rows[(period, r[group] if r[group] is not None else "Total", r["kpi"])] = r
    for r in compute_json(kpilot, samples, kind)["results"]:
        if r["level"] == "detail":
            rows[("All periods", r[group], r["kpi"])] = r
    return rows, monthly


def close(a, b, relative):
    return abs(a - b) <= relative * max(1.0, abs(b))


class Checks:
    def __init__(self):
        self.failures = []

    def __call__(self, condition, message):
        if not condition:
            self.failures.append(message)
        return condition

    def finish(self):
        for f in self.failures:
            print("FAIL:", f)
        print(f"{len(self.failures)} failures")
        sys.exit(1 if self.failures else 0)

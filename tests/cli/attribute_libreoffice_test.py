"""The attribution workbook as a user opens it: LibreOffice (a real spreadsheet
engine) reads kpilot attribute's xlsx, every sheet is exported back to CSV,
and each number must be the one kpilot's own CSV output gives.

    attribute_libreoffice_test.py KPILOT SAMPLES_DIR WORK_DIR
"""
import csv
import glob
import os
import shutil
import subprocess
import sys

kpilot, samples, work = sys.argv[1:4]
soffice = shutil.which("soffice") or shutil.which("libreoffice")
if not soffice:
    print("SKIP: LibreOffice (libreoffice-calc-nogui) is not installed")
    sys.exit(77)
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
touchpoints = os.path.join(samples, "attribution", "touchpoints.csv")
book = os.path.join(work, "attribution.xlsx")
long_csv = os.path.join(work, "attribution.csv")
for fmt, out in (("xlsx", book), ("csv", long_csv)):
    subprocess.run([kpilot, "attribute", "--touchpoints", touchpoints, "--format", fmt, "-o", out],
                   check=True, capture_output=True)

# Every sheet to its own CSV (the -1), numbers as stored ("false" for formatted text), UTF-8.
subprocess.run([soffice, f"-env:UserInstallation=file://{work}/profile", "--headless", "--norestore",
                "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
                "--outdir", work, book], check=True, capture_output=True, timeout=300)
sheets = {os.path.basename(p)[len("attribution-"):-len(".csv")]: list(csv.reader(open(p, encoding="utf-8")))
          for p in glob.glob(os.path.join(work, "attribution-*.csv"))}
failures = []


def number(cell):
    """A number as LibreOffice writes it: 15 significant digits, a share with its % sign."""
    return float(cell[:-1]) / 100 if cell.endswith("%") else float(cell)


if sorted(sheets) != ["Conversions", "Details", "Value"]:
    sys.exit(f"LibreOffice saw the sheets {sorted(sheets)}, expected Conversions, Value and Details")

expected = {(r["model"], r["channel"]): r for r in csv.DictReader(open(long_csv, encoding="utf-8"))}
checked = 0
for sheet, field in (("Conversions", "attributed_conversions"), ("Value", "attributed_value")):
    header, *rows = sheets[sheet]
    if header[0] != "channel" or len(header) != 10:
        failures.append(f"{sheet}: header {header}")
    for row in rows:
        for model, cell in zip(header[1:], row[1:]):
            want = float(expected[(model, row[0])][field])
            if abs(number(cell) - want) > 1e-12 * max(1.0, abs(want)):
                failures.append(f"{sheet} {row[0]} {model}: LibreOffice shows {cell}, kpilot computed {want}")
            checked += 1
header, *rows = sheets["Details"]
if header[:6] != ["model", "channel", "attributed_conversions", "attributed_value", "share", "removal_effect"]:
    failures.append(f"Details header {header}")
if len(rows) != len(expected):
    failures.append(f"Details has {len(rows)} rows, kpilot's CSV {len(expected)}")
for row in rows:
    want = expected[(row[0], row[1])]
    for i, field in ((2, "attributed_conversions"), (4, "share")):
        if abs(number(row[i]) - float(want[field])) > 1e-12 * max(1.0, abs(float(want[field]))):
            failures.append(f"Details {row[0]} {row[1]} {field}: {row[i]} vs {want[field]}")
        checked += 1
for f in failures[:20]:
    print("FAIL:", f)
print(f"{checked} values read back by LibreOffice, {len(failures)} differ")
sys.exit(1 if failures or checked < 100 else 0)

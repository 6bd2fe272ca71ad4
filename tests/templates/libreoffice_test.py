"""The template workbooks opened by a real spreadsheet engine, LibreOffice
(headless, with profiles of its own):

1. As saved: the values LibreOffice shows on every KPIs cell equal kpilot
   compute's for the same data. An error is cached as an error (t="e"), and
   LibreOffice recalculates a formula whose cached result is an error: where
   that formula calls the add-in it shows #NAME? (it has no KPI.* functions),
   so those cells are counted apart; structure_test.py checks their cache.
2. Recalculated on load (OOXMLRecalcMode 0), from copies whose cached values
   of every non-add-in formula were overwritten with 0: the SUMIFS, COUNTIFS,
   AVERAGEIFS... of the Measures sheet, the month_key column and the KPIs that
   are plain arithmetic are computed again by LibreOffice and must equal
   kpilot's. KPI.* cells become #NAME? there (LibreOffice has no add-in),
   which also shows the recalculation happened.
3. A picture: the KPIs sheet rendered to PNG (PDF, then pdftoppm) into
   WORK_DIR, for a person to look at.

usage: libreoffice_test.py KPILOT SAMPLES_DIR WORK_DIR
Exit 77 (skipped) when LibreOffice or pdftoppm is not installed."""

import os
import re
import shutil
import subprocess
import sys
import zipfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from template_runs import KINDS, Checks, close, core_rows, make_template  # noqa: E402
from xlsx_parts import Workbook  # noqa: E402

kpilot, samples, work = sys.argv[1:4]
soffice = shutil.which("soffice") or shutil.which("libreoffice")
if not soffice or not shutil.which("pdftoppm"):
    print("SKIP: LibreOffice (libreoffice-calc-nogui) or pdftoppm (poppler-utils) is not installed")
    sys.exit(77)
try:
    import openpyxl
except ImportError:
    print("SKIP: python3-openpyxl is not installed")
    sys.exit(77)

shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
check = Checks()


def same(got, want):
    # LibreOffice writes 15 significant digits.
    if isinstance(want, float):
        return isinstance(got, (int, float)) and not isinstance(got, bool) and close(float(got), want, 1e-12)
    return got == want


def profile(name, recalculate):
    """A LibreOffice user profile of our own, so nothing depends on the machine's."""
    path = os.path.join(work, f"profile-{name}")
    os.makedirs(os.path.join(path, "user"), exist_ok=True)
    if recalculate:
        with open(os.path.join(path, "user", "registrymodifications.xcu"), "w") as f:
            f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                    '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
                    'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
                    '<item oor:path="/org.openoffice.Office.Calc/Formula/Load">'
                    '<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>\n'
                    '</oor:items>\n')
    return "file://" + path


def convert(user_profile, target, outdir, files):
    os.makedirs(outdir, exist_ok=True)
    run = subprocess.run([soffice, f"-env:UserInstallation={user_profile}", "--headless", "--norestore",
                          "--convert-to", target, "--outdir", outdir, *files],
                         capture_output=True, text=True, timeout=300)
    for f in files:
        out = os.path.join(outdir, os.path.splitext(os.path.basename(f))[0] + "." + target.split(":")[0])
        check(os.path.exists(out), f"LibreOffice did not convert {f} to {target}: {run.stdout} {run.stderr}")


def core_values(kind):
    rows, _ = core_rows(kpilot, samples, kind)
    return {key: r["error"] or r["value"] for key, r in rows.items()}


def kpi_rows(sheet):
    """{row: (period, group)} and {column: kpi name} of a KPIs sheet read by openpyxl."""
    names = {c.column: c.value for c in sheet[4] if c.value}
    rows = {}
    for r in range(5, sheet.max_row + 1):
        a, b = sheet.cell(r, 1).value, sheet.cell(r, 2).value
        if a is None or b is None:
            continue
        period = a.strftime("%Y-%m") if hasattr(a, "strftime") else a
        if period == "All periods" or re.fullmatch(r"\d{4}-\d\d", str(period)):
            rows[r] = (period, b)
    return rows, names


def poisoned_copy(source, destination, book):
    """The workbook with the cached value of every formula LibreOffice can compute set to 0."""
    parts = {book.sheet_parts[s]: s for s in ("Measures", "KPIs", "Data")}
    cell = re.compile(r'(<c r="[A-Z]+\d+"(?: s="\d+")?><f>)([^<]*)(</f><v>)([^<]*)(</v></c>)')
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(destination, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename in parts:
                text = data.decode("utf-8")
                text = cell.sub(lambda m: m.group(0) if "KPI." in m.group(2) else
                                m.group(1) + m.group(2) + m.group(3) + "0" + m.group(5), text)
                data = text.encode("utf-8")
            zout.writestr(item, data)


made = []
for kind in KINDS:
    out = os.path.join(work, f"{kind}.xlsx")
    run = make_template(kpilot, samples, kind, out)
    check(run.returncode in (0, 3), f"{kind}: kpilot template exited {run.returncode}: {run.stderr}")
    made.append(out)

# 1. As saved.
convert(profile("as-saved", False), "xlsx", os.path.join(work, "as-saved"), made)
for kind in KINDS:
    expected = core_values(kind)
    shown = openpyxl.load_workbook(os.path.join(work, "as-saved", f"{kind}.xlsx"), data_only=True)["KPIs"]
    rows, names = kpi_rows(shown)
    ours = Workbook(os.path.join(work, f"{kind}.xlsx")).cells("KPIs")
    checked = recalculated_errors = 0
    for r, (period, group_value) in rows.items():
        for column, kpi in names.items():
            if kpi not in {k for _, _, k in expected}:
                continue
            want = expected.get((period, group_value, kpi))
            got = shown.cell(r, column).value
            formula = ours[(r, column)].formula or ""
            if isinstance(want, str) and want.startswith("#") and got == "#NAME?" and "KPI." in formula:
                recalculated_errors += 1
            else:
                check(want is not None and same(got, want), f"{kind}: LibreOffice shows {got!r} for {kpi} at "
                      f"{period}/{group_value}; kpilot compute says {want!r}")
            checked += 1
    check(checked == len(expected) and checked > 0, f"{kind}: checked {checked} of {len(expected)} KPI values")
    print(f"{kind}: LibreOffice shows kpilot's value in {checked - recalculated_errors} of {checked} KPI cells; "
          f"the other {recalculated_errors} are cached errors of KPI.* calls, which it recalculates to #NAME?")

# 2. Recalculated on load by LibreOffice, from poisoned caches.
poisoned = []
for path in made:
    copy = os.path.join(work, "poisoned", os.path.basename(path))
    os.makedirs(os.path.dirname(copy), exist_ok=True)
    poisoned_copy(path, copy, Workbook(path))
    poisoned.append(copy)
convert(profile("recalculating", True), "xlsx", os.path.join(work, "recalculated"), poisoned)
for kind in KINDS:
    ours = Workbook(os.path.join(work, f"{kind}.xlsx"))
    theirs = openpyxl.load_workbook(os.path.join(work, "recalculated", f"{kind}.xlsx"), data_only=True)
    counts = {}
    for sheet in ("Measures", "KPIs", "Data"):
        checked = 0
        for (r, c), cell in ours.cells(sheet).items():
            if cell.formula is None:
                continue
            got = theirs[sheet].cell(r, c).value
            if "KPI." in cell.formula:
                check(got == "#NAME?", f"{kind}: {sheet}!{r},{c} should be #NAME? in LibreOffice, which has no add-in: {got!r}")
                continue
            want = cell.value
            if sheet == "Data" and hasattr(got, "toordinal"):
                got = got.toordinal() - 693594  # the serial of the date (1899-12-30 is 0)
            check(same(got, want), f"{kind}: {sheet} row {r} column {c} ({cell.formula[:60]}): LibreOffice computes "
                  f"{got!r}, kpilot wrote {want!r}")
            checked += 1
        counts[sheet] = checked
    check(counts["Measures"] > 50 and counts["Data"] > 500, f"{kind}: too few recalculated cells checked: {counts}")
    print(f"{kind}: LibreOffice, recalculating, agrees with kpilot on {counts['Measures']} measure cells, "
          f"{counts['KPIs']} plain-formula KPI cells and {counts['Data']} month_key cells")

# 3. The KPIs sheet as a picture.
convert(profile("as-saved", False), "pdf", os.path.join(work, "pdf"), made)
for kind in KINDS:
    pdf = os.path.join(work, "pdf", f"{kind}.pdf")
    if not os.path.exists(pdf):
        continue
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout).group(1)) \
        if shutil.which("pdfinfo") else 3
    kpi_pages = [p for p in range(1, pages + 1)
                 if ": KPIs by" in subprocess.run(["pdftotext", "-f", str(p), "-l", str(p), pdf, "-"],
                                                 capture_output=True, text=True).stdout]
    if not check(kpi_pages, f"{kind}: no page of the PDF shows the KPIs sheet"):
        continue
    stem = os.path.join(work, f"{kind}-kpis")
    subprocess.run(["pdftoppm", "-png", "-r", "110", "-f", str(kpi_pages[0]), "-l", str(kpi_pages[-1]), pdf, stem], check=True)
    pictures = sorted(f for f in os.listdir(work) if f.startswith(f"{kind}-kpis") and f.endswith(".png"))
    check(pictures and os.path.getsize(os.path.join(work, pictures[0])) > 20000, f"{kind}: the KPIs picture is missing or blank")
    for p in pictures:
        print(f"{kind}: KPIs sheet rendered to {os.path.join(work, p)}")

check.finish()

"""kpilot template, checked from the file's XML: the sheets, the Data table,
the formulas, the cached values (against `kpilot compute` on the same data),
the charts, the conditional formats, the validation, names, panes and print
setup; then the same workbook in constant-memory mode.

usage: structure_test.py KPILOT SAMPLES_DIR WORK_DIR"""

import collections
import csv
import datetime
import json
import os
import re
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from template_runs import KINDS, Checks, close, core_rows, make_template  # noqa: E402
from xlsx_parts import Workbook  # noqa: E402

kpilot, samples, work = sys.argv[1:4]
os.makedirs(work, exist_ok=True)
check = Checks()


def same_number(a, b):
    return close(a, b, 1e-14)


def month_label(serial):
    return (datetime.date(1899, 12, 30) + datetime.timedelta(days=int(serial))).strftime("%Y-%m")


def sheet_rows(book, sheet, header_row=4):
    """The KPI-sheet-shaped rows: {(period, group): {name: Cell}} with the header's names."""
    cells = book.cells(sheet)
    header = {col: cell.value for (r, col), cell in cells.items() if r == header_row}
    rows = {}
    last = max(r for r, _ in cells)
    for r in range(header_row + 1, last + 1):
        a, b = cells.get((r, 1)), cells.get((r, 2))
        if a is None or b is None or a.value is None:
            continue
        period = month_label(a.value) if isinstance(a.value, float) else a.value
        if period != "All periods" and not re.fullmatch(r"\d{4}-\d\d", period):
            continue
        rows[(period, b.value)] = {"row": r, **{header[c]: cells.get((r, c)) for c in header}}
    return rows, header


def compare_kpis(kind, book, expected, model):
    rows, _ = sheet_rows(book, "KPIs")
    compared = 0
    for (period, group), cells in rows.items():
        for kpi in model["kpis"]:
            want = expected.get((period, group, kpi))
            got = cells.get(kpi)
            if not check(want is not None and got is not None, f"{kind}: no value for {kpi} at {period} / {group}"):
                continue
            if want["error"]:
                # Cached as Excel caches an error result: t="e".
                check(got.value == want["error"] and got.kind == "e",
                      f"{kind}: {kpi} at {period}/{group}: cached {got.value!r} ({got.kind}), core says {want['error']}")
            else:
                check(isinstance(got.value, float) and same_number(got.value, want["value"]),
                      f"{kind}: {kpi} at {period}/{group}: cached {got.value!r}, core says {want['value']!r}")
            compared += 1
    check(compared == len(rows) * len(model["kpis"]) and compared > 0, f"{kind}: compared {compared} KPI values")
    print(f"{kind}: {compared} cached KPI values equal kpilot compute's ({len(rows)} rows)")
    check(len(rows) == len({(p, g) for p, g, _ in expected}), f"{kind}: {len(rows)} KPI rows, core has "
          f"{len({(p, g) for p, g, _ in expected})} groups")
    return rows


def check_structure(kind, group, book, model, monthly):
    names = book.sheet_names
    wanted = ["Read me", "KPIs", "Targets", "Measures", "Data"] + (["Rejected rows"] if monthly["rejected"] else [])
    check(names == wanted, f"{kind}: sheets {names}, expected {wanted}")

    # The Data table: the file's columns and a calculated month column.
    table = book.part("xl/tables/table1.xml")
    with open(os.path.join(samples, kind, "data.csv"), newline="") as f:
        header = next(csv.reader(f))
    columns = re.findall(r'<tableColumn id="\d+" name="([^"]+)"', table)
    check('name="Data"' in table and columns == header + ["month_key"], f"{kind}: Data table columns {columns}")
    check("<calculatedColumnFormula>DATE(YEAR(Data[[#This Row]," in table, f"{kind}: month_key is not a calculated column")
    data = book.cells("Data")
    data_rows = max(r for r, _ in data) - 1
    check(data_rows == monthly["rows_used"], f"{kind}: {data_rows} Data rows, compute used {monthly['rows_used']}")
    month_key = data[(2, len(header) + 1)]
    check(month_key.formula is not None and month_key.formula.startswith("DATE(YEAR(Data[[#This Row],"),
          f"{kind}: month_key formula {month_key.formula}")

    # Frozen panes and print setup.
    kpis_xml = book.sheet_xml("KPIs")
    check('xSplit="2" ySplit="4"' in kpis_xml and 'state="frozen"' in kpis_xml, f"{kind}: KPIs panes not frozen")
    check('ySplit="1"' in book.sheet_xml("Data"), f"{kind}: Data header not frozen")
    for sheet in ["KPIs", "Targets", "Measures", "Data"]:
        xml = book.sheet_xml(sheet)
        # fitToWidth is 1 by default, so only fitToHeight="0" (as many pages tall as it takes) is written.
        check('orientation="landscape"' in xml and '<pageSetUpPr fitToPage="1"/>' in xml and 'fitToHeight="0"' in xml,
              f"{kind}: {sheet} is not set to print landscape, one page wide")

    # Defined names the Targets formulas read.
    for name in ["KpiNames", "KpiDirections", "KpiHeader", "KpiValues", "KpiKeys", "GroupValues"]:
        check(name in book.defined_names, f"{kind}: no defined name {name}")

    # Charts: a line by month and a column by group, titled, with the KPI's number format.
    check("xl/charts/chart1.xml" in book.names and "xl/charts/chart2.xml" in book.names, f"{kind}: charts missing")
    first = next(iter(model["kpis"]))
    line = book.part("xl/charts/chart1.xml")
    bars = book.part("xl/charts/chart2.xml")
    check("<c:lineChart>" in line and " by month" in line, f"{kind}: chart1 is not a titled line chart by month")
    check("<c:barChart>" in bars and '<c:barDir val="col"/>' in bars and f" by {group}" in bars,
          f"{kind}: chart2 is not a titled column chart by {group}")
    check("drawing" in book.sheet_rels("KPIs"), f"{kind}: the charts are not on the KPIs sheet")
    unit_format = {"ratio": "0.0%", "multiple": '0.00&quot;x&quot;', "currency": "#,##0.00", "score": "0.0"}
    unit = model_units[kind][first]
    if unit in unit_format:
        check(f'formatCode="{unit_format[unit]}"' in line, f"{kind}: chart1's value axis lacks format {unit_format[unit]}")

    # Conditional formats: colour scales on the KPIs, red/amber/green on the targets.
    check(kpis_xml.count("<colorScale>") >= len(model["kpis"]) - 1, f"{kind}: KPIs colour scales missing")
    targets_xml = book.sheet_xml("Targets")
    for word in ["on track", "at risk", "off track"]:
        check(f'="{word}"</formula>' in targets_xml and 'type="expression"' in targets_xml,
              f"{kind}: no conditional format for '{word}' on Targets")

    # No recalculation on load: Excel shows the cached values, even without the add-in.
    check(book.calc is not None and book.calc.get("fullCalcOnLoad") is None and book.calc.get("calcId") == "191029",
          f"{kind}: calcPr {book.calc.attrib if book.calc is not None else None}")

    # Creation date fixed, so the file is the same from run to run.
    check("<dcterms:created xsi:type=\"dcterms:W3CDTF\">2026-01-01T00:00:00Z</dcterms:created>" in book.part("docProps/core.xml"),
          f"{kind}: creation date is not the fixed one")

    # The Read me explains each KPI from the model and the registry.
    readme = " ".join(str(c.value) for c in book.cells("Read me").values() if c.value is not None)
    for kpi in model["kpis"]:
        check(kpi in readme, f"{kind}: Read me does not explain {kpi}")
    check("kpilot-x64.xll" in readme and "paste" in readme, f"{kind}: Read me lacks the add-in or where to paste")


def check_targets(kind, group, book, expected):
    cells = book.cells("Targets")
    header = {cell.value: col for (r, col), cell in cells.items() if r == 6}
    checked = 0
    for r in range(7, max(row for row, _ in cells) + 1):
        kpi = cells.get((r, header["kpi"]))
        if kpi is None or kpi.value is None:
            continue
        period = cells.get((r, header["period"]))
        group_value = cells.get((r, header[group]))
        key = (month_label(period.value) if period and period.value is not None else "All periods",
               group_value.value if group_value and group_value.value is not None else "Total", kpi.value)
        want = expected.get(key)
        if not check(want is not None, f"{kind}: Targets row {r}: no core row for {key}"):
            continue
        target = cells[(r, header["target"])].value
        check(want["target"] == target, f"{kind}: Targets row {r}: core matched target {want['target']}, row says {target}")
        attainment = cells[(r, header["attainment"])]
        status = cells[(r, header["status"])]
        check(attainment.formula is not None and status.formula is not None, f"{kind}: Targets row {r}: no formulas")
        if want["attainment"] is None:
            check(attainment.value == want["error"], f"{kind}: Targets row {r}: attainment {attainment.value!r}")
        else:
            check(isinstance(attainment.value, float) and same_number(attainment.value, want["attainment"]),
                  f"{kind}: Targets row {r}: attainment {attainment.value!r}, core says {want['attainment']}")
            check(status.value == want["status"], f"{kind}: Targets row {r}: status {status.value!r}, core says {want['status']}")
        checked += 1
    check(checked > 0, f"{kind}: no targets checked")
    print(f"{kind}: {checked} targets' attainment and status equal kpilot compute --targets'")


def check_formulas(kind, group, book, rows, model):
    # A built-in KPI is the add-in's function over SUMIFS / COUNTIFS of the Data table.
    some = next(cells for (p, g), cells in rows.items() if p != "All periods" and g != "Total")
    r = some["row"]
    builtins = {k: f for k, f in model["kpis"].items() if isinstance(f, str) and f.startswith("KPI.")}
    for kpi, formula in builtins.items():
        cell = some[kpi]
        name = formula.split("(")[0]
        check(cell.formula is not None and cell.formula.startswith(name + "("), f"{kind}: {kpi} formula {cell.formula}")
        check(f"Data[{group}],$B{r}" in cell.formula and f"Data[month_key],$A{r}" in cell.formula,
              f"{kind}: {kpi} formula {cell.formula} lacks its row's criteria")
    if kind == "marketing":
        ctr = some["click_through_rate"].formula
        check(ctr == f"KPI.CTR(SUMIFS(Data[clicks],Data[channel],$B{r},Data[month_key],$A{r}),"
                     f"SUMIFS(Data[impressions],Data[channel],$B{r},Data[month_key],$A{r}))", f"marketing: CTR formula {ctr}")
        check(some["romi"].formula == f"(Measures!$K{r}*0.6-Measures!$C{r})/Measures!$C{r}",
              f"marketing: romi formula {some['romi'].formula}")
        check(some["spend_per_active_day"].formula is None, "marketing: spend_per_active_day should be a value only")
        notes = [c.value for c in book.cells("KPIs").values() if isinstance(c.value, str) and "spend_per_active_day" in c.value]
        check(any("distinct" in n for n in notes), "marketing: no note says why spend_per_active_day has no formula")
    if kind == "sales":
        check(some["win_rate"].formula.startswith(f'KPI.WINRATE(COUNTIFS(Data[source],$B{r},Data[month_key],$A{r},Data[stage],"=won")'),
              f"sales: win_rate formula {some['win_rate'].formula}")


def check_measures_independently(book):
    """Marketing's sums by channel and month, straight from the CSV (rejected lines left out)."""
    sums = collections.defaultdict(float)
    with open(os.path.join(samples, "marketing", "data.csv"), newline="") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            if line == 139:
                continue
            for measure in ["spend", "clicks", "revenue"]:
                sums[(row["date"][:7], row["channel"], measure)] += float(row[measure] or 0)
                sums[(row["date"][:7], "Total", measure)] += float(row[measure] or 0)
    rows, _ = sheet_rows(book, "Measures")
    checked = 0
    for (period, group), cells in rows.items():
        for measure in ["spend", "clicks", "revenue"]:
            if period == "All periods":
                continue
            got = cells[measure].value
            want = sums[(period, group, measure)]
            check(abs(got - want) <= 1e-9 * max(1, abs(want)), f"marketing: Measures {measure} {period}/{group}: {got} vs {want}")
            checked += 1
    check(checked >= 90, f"marketing: only {checked} measure cells checked against the CSV")


model_units = {}
for kind, group in KINDS.items():
    with open(os.path.join(samples, kind, "model.json")) as f:
        model = json.load(f)
    out = os.path.join(work, f"{kind}.xlsx")
    run = make_template(kpilot, samples, kind, out)
    expected, monthly = core_rows(kpilot, samples, kind)
    check(run.returncode == (3 if monthly["rejected"] else 0), f"{kind}: kpilot template exited {run.returncode}: {run.stderr}")
    for r in monthly["rejected"]:
        check(f"line {r['line']}, column {r['column']}: {r['reason']} (row rejected)" in run.stderr,
              f"{kind}: rejected line {r['line']} not reported: {run.stderr}")
    check(f"read {monthly['rows_read']} rows, used {monthly['rows_used']}, rejected {len(monthly['rejected'])}" in run.stderr,
          f"{kind}: no row count report: {run.stderr}")
    model_units[kind] = {r["kpi"]: r["unit"] for r in monthly["results"]}
    book = Workbook(out)
    rows = compare_kpis(kind, book, expected, model)
    check_structure(kind, group, book, model, monthly)
    check_formulas(kind, group, book, rows, model)
    check_targets(kind, group, book, expected)
    if kind == "marketing":
        check_measures_independently(book)
        rejected = book.cells("Rejected rows")
        check(rejected.get((5, 1)) and rejected[(5, 1)].value == 139.0 and rejected[(5, 2)].value == "spend",
              "marketing: the Rejected rows sheet does not list line 139, column spend")
        spend_rule = re.search(r'<dataValidation type="decimal" operator="greaterThanOrEqual"[^>]*sqref="D2:D1048576"><formula1>0<',
                               book.sheet_xml("Data"))
        check(spend_rule is not None, "marketing: spend has no '>= 0' validation")
    if kind == "satisfaction":
        nps_rule = re.search(r'<dataValidation type="whole"[^>]*sqref="C2:C1048576"><formula1>0</formula1><formula2>10<',
                             book.sheet_xml("Data"))
        check(nps_rule is not None, "satisfaction: nps_score is not held to whole numbers 0 to 10")

    if kind == "marketing":
        # The same workbook written in bounded memory: no table, defined names, the same values.
        big = os.path.join(work, "marketing-constant-memory.xlsx")
        run = make_template(kpilot, samples, kind, big, "--constant-memory")
        check(run.returncode == 3 and "constant-memory mode" in run.stderr, f"constant memory: {run.returncode} {run.stderr}")
        streamed = Workbook(big)
        check(not any(n.startswith("xl/tables/") for n in streamed.names), "constant memory: there should be no table")
        check(streamed.defined_names.get("Data_spend") == "Data!$D$2:$D$1282", f"constant memory: Data_spend is "
              f"{streamed.defined_names.get('Data_spend')}")
        compare_kpis("marketing (constant memory)", streamed, expected, model)
        r = next(cells for (p, g), cells in sheet_rows(streamed, "KPIs")[0].items() if g == "Display" and p != "All periods")
        check(r["click_through_rate"].formula.startswith("KPI.CTR(SUMIFS(Data_clicks,Data_channel,$B"),
              f"constant memory: CTR formula {r['click_through_rate'].formula}")
        check(streamed.cells("Data")[(2, 13)].formula == "DATE(YEAR(A2),MONTH(A2),1)", "constant memory: month_key formula")

# A row with a bad date is rejected by month; the groups over all months must leave it out too
# (kpilot compute without a grain reads no dates, so the template reads a copy without the row).
bad_dates = os.path.join(work, "bad-date.csv")
with open(os.path.join(samples, "marketing", "data.csv")) as source, open(bad_dates, "w") as out:
    for number, line in enumerate(source, start=1):
        out.write(line.replace("2026-05-", "2026-13-", 1) if number == 400 else line)
bad_book = os.path.join(work, "bad-date.xlsx")
model_path = os.path.join(samples, "marketing", "model.json")
run = subprocess.run([kpilot, "template", "--kind", "marketing", "--model", model_path, "--data", bad_dates, "-o", bad_book],
                     capture_output=True, text=True)
check(run.returncode == 3 and "line 400, column date" in run.stderr, f"bad date: {run.returncode} {run.stderr}")
measures, _ = sheet_rows(Workbook(bad_book), "Measures")
for channel in ("Display", "Email", "Paid Search", "Paid Social"):
    by_month = sum(cells["spend"].value for (p, g), cells in measures.items() if g == channel and p != "All periods")
    overall = measures[("All periods", channel)]["spend"].value
    check(close(overall, by_month, 1e-9), f"bad date: {channel}'s spend over all months is {overall}, its months add to {by_month}")

# Exit codes as kpilot compute's: 2 for a wrong command line, 1 when the work cannot be done.
for args, code in ((["--kind", "finance", "--model", model_path, "-o", bad_book], 2),
                   (["--kind", "custom", "--model", os.path.join(work, "no-such-model.json"), "-o", bad_book], 1),
                   (["--kind", "custom", "--model", model_path, "--data", os.path.join(work, "no-such.csv"), "-o", bad_book], 1)):
    run = subprocess.run([kpilot, "template", *args], capture_output=True, text=True)
    check(run.returncode == code and run.stderr.startswith("kpilot template: "), f"{args}: exit {run.returncode}, {run.stderr}")

check.finish()

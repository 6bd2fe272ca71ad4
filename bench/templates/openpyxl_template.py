"""openpyxl (write-only mode, its fastest) writing the cells kpilot's marketing
template holds: the Data sheet from the CSV (dates as dates, numbers as
numbers, the month_key formula on every row, number formats on the formatted
columns), then the other sheets' cells from dump_sheets.py's JSON.

usage: openpyxl_template.py DATA.csv SHEETS.json OUT.xlsx [--plain]
--plain: no number formats (plain values, openpyxl's cheapest cells)."""

import csv
import datetime
import json
import sys

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

data, sheets_json, out = sys.argv[1:4]
plain = "--plain" in sys.argv
with open(sheets_json) as f:
    sheets = json.load(f)

book = Workbook(write_only=True)
# The formats kpilot gives the Data columns: dates, money, counts.
formats = {"date": "yyyy-mm-dd", "spend": "#,##0.00", "revenue": "#,##0.00", "impressions": "#,##0", "clicks": "#,##0",
           "leads": "#,##0", "mqls": "#,##0", "sqls": "#,##0", "opportunities": "#,##0", "customers": "#,##0",
           "month_key": "yyyy-mm"}
for sheet in sheets:
    ws = book.create_sheet(sheet["name"])
    if sheet["cells"] is not None:
        rows = {}
        for r, c, value in sheet["cells"]:
            rows.setdefault(r, {})[c] = value
        for r in range(1, max(rows) + 1 if rows else 1):
            cells = rows.get(r, {})
            ws.append([cells.get(c) for c in range(1, max(cells) + 1)] if cells else [])
        continue
    with open(data, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        ws.append(header + ["month_key"])
        kinds = ["date" if h == "date" else ("text" if h in ("channel", "campaign") else "number") for h in header]
        styles = [formats.get(h) for h in header] + [formats["month_key"]]
        for n, record in enumerate(reader, start=2):
            values = []
            for kind, text in zip(kinds, record):
                if kind == "date":
                    values.append(datetime.date.fromisoformat(text))
                elif kind == "number":
                    values.append(float(text) if text else None)
                else:
                    values.append(text or None)
            values.append(f"=DATE(YEAR(A{n}),MONTH(A{n}),1)")
            if plain:
                ws.append(values)
                continue
            row = []
            for value, style in zip(values, styles):
                if style is None or value is None:
                    row.append(value)
                else:
                    cell = WriteOnlyCell(ws, value=value)
                    cell.number_format = style
                    row.append(cell)
            ws.append(row)
book.save(out)

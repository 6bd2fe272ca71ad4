"""The cells of a kpilot template workbook other than the Data sheet's (the
KPIs, Measures, Targets, Read me sheets: a few thousand cells), as JSON, so
the openpyxl writer can write the same cells. Run before the timing.

usage: dump_sheets.py WORKBOOK.xlsx OUT.json"""

import json
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "templates"))
from xlsx_parts import Workbook  # noqa: E402

book = Workbook(sys.argv[1])
sheets = []
for name in book.sheet_names:
    if name == "Data":
        sheets.append({"name": name, "cells": None})
        continue
    cells = [[r, c, ("=" + cell.formula) if cell.formula is not None else cell.value]
             for (r, c), cell in sorted(book.cells(name).items()) if cell.formula is not None or cell.value is not None]
    sheets.append({"name": name, "cells": cells})
with open(sys.argv[2], "w") as f:
    json.dump(sheets, f)

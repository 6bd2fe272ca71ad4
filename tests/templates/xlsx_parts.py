"""An .xlsx file read as the XML parts it is made of: sheets by name, each
cell's formula and cached value, defined names. Standard library only, so it
reads exactly what is in the file, not what a spreadsheet library makes of it."""

import re
import zipfile
import xml.etree.ElementTree as ET

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
NS = {"m": MAIN, "r": RELS}


def column_number(letters):
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - ord("A") + 1)
    return n


def split_ref(ref):
    m = re.fullmatch(r"\$?([A-Z]+)\$?(\d+)", ref)
    return int(m.group(2)), column_number(m.group(1))


class Cell:
    def __init__(self, formula, value, kind, style):
        self.formula = formula  # without '=', or None
        self.value = value      # float for numbers, str otherwise, None when empty
        self.kind = kind        # n, s (shared), str (formula text), inlineStr, b, e
        self.style = style

    def __repr__(self):
        return f"Cell(formula={self.formula!r}, value={self.value!r}, kind={self.kind})"


class Workbook:
    def __init__(self, path):
        self.path = path
        self.zip = zipfile.ZipFile(path)
        self.names = set(self.zip.namelist())
        book = ET.fromstring(self.zip.read("xl/workbook.xml"))
        rels = ET.fromstring(self.zip.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels.findall(f"{{{PACKAGE_RELS}}}Relationship")}
        self.sheet_parts = {}
        self.sheet_names = []
        for sheet in book.find("m:sheets", NS):
            name = sheet.get("name")
            self.sheet_names.append(name)
            self.sheet_parts[name] = "xl/" + targets[sheet.get(f"{{{RELS}}}id")]
        self.defined_names = {}
        names = book.find("m:definedNames", NS)
        for d in names if names is not None else []:
            key = d.get("name") if d.get("localSheetId") is None else (d.get("name"), int(d.get("localSheetId")))
            self.defined_names[key] = d.text
        self.calc = book.find("m:calcPr", NS)
        self.shared = []
        if "xl/sharedStrings.xml" in self.names:
            for si in ET.fromstring(self.zip.read("xl/sharedStrings.xml")).findall("m:si", NS):
                self.shared.append("".join(t.text or "" for t in si.iter(f"{{{MAIN}}}t")))
        self._cells = {}

    def part(self, name):
        return self.zip.read(name).decode("utf-8")

    def sheet_xml(self, sheet):
        return self.part(self.sheet_parts[sheet])

    def sheet_rels(self, sheet):
        part = self.sheet_parts[sheet]
        rels = part.replace("worksheets/", "worksheets/_rels/") + ".rels"
        return self.part(rels) if rels in self.names else ""

    def cells(self, sheet):
        """{(row, column): Cell}, both 1-based."""
        if sheet in self._cells:
            return self._cells[sheet]
        out = {}
        root = ET.fromstring(self.zip.read(self.sheet_parts[sheet]))
        for c in root.iter(f"{{{MAIN}}}c"):
            kind = c.get("t", "n")
            f = c.find("m:f", NS)
            v = c.find("m:v", NS)
            value = None
            if kind == "inlineStr":
                value = "".join(t.text or "" for t in c.iter(f"{{{MAIN}}}t"))
            elif v is not None and v.text is not None:
                value = self.shared[int(v.text)] if kind == "s" else (float(v.text) if kind == "n" else v.text)
            elif kind == "str":
                value = ""
            out[split_ref(c.get("r"))] = Cell(f.text if f is not None else None, value, kind, c.get("s"))
        self._cells[sheet] = out
        return out

    def row(self, sheet, row):
        cells = self.cells(sheet)
        return {col: cell for (r, col), cell in cells.items() if r == row}

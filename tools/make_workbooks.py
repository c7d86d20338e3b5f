#!/usr/bin/env python3
"""Writes the workbook fixtures in tests/fixtures/ (committed, small,
synthetic): the same table of made-up people as .xlsx (two sheets), .xls
and .ods, from `privscan generate`'s CSV. Needs xlsxwriter, xlwt, odfpy
(pip); the tests only read the files.

    python3 tools/make_workbooks.py PATH/TO/privscan
"""
import csv
import io
import pathlib
import subprocess
import sys

root = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures"
root.mkdir(parents=True, exist_ok=True)
text = subprocess.run([sys.argv[1], "generate", "--profile", "mixed", "--headers", "zh", "--rows", "60", "--seed", "51"],
                      check=True, capture_output=True).stdout.decode()
rows = list(csv.reader(io.StringIO(text)))
orders = [["订单号", "金额"]] + [[str(10000 + i), f"{i * 3.5:.2f}"] for i in range(20)]

def typed(v):
    # Phone numbers and order numbers as Excel stores them: numbers.
    return int(v) if v.isdigit() and len(v) <= 15 else v

import xlsxwriter
wb = xlsxwriter.Workbook(str(root / "people.xlsx"))
for name, table in [("客户", rows), ("订单", orders)]:
    ws = wb.add_worksheet(name)
    for r, row in enumerate(table):
        for c, v in enumerate(row):
            ws.write(r, c, typed(v) if r else v)
wb.close()

import xlwt
wb = xlwt.Workbook(encoding="utf-8")
ws = wb.add_sheet("客户")
for r, row in enumerate(rows):
    for c, v in enumerate(row):
        ws.write(r, c, typed(v) if r else v)
wb.save(str(root / "people.xls"))

from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableRow, TableCell
from odf.text import P
doc = OpenDocumentSpreadsheet()
t = Table(name="客户")
for row in rows:
    tr = TableRow()
    for v in row:
        cell = TableCell(valuetype="string")
        cell.addElement(P(text=v))
        tr.addElement(cell)
    t.addElement(tr)
doc.spreadsheet.addElement(t)
doc.save(str(root / "people.ods"))
(root / "people.csv").write_text(text)
print("tests/fixtures: people.xlsx, people.xls, people.ods, people.csv")

"""CSV downloads of the portal's own pages (the statistics, the quality
dashboard): UTF-8 with a byte-order mark (Excel reads it as UTF-8), and no
cell that a spreadsheet would run as a formula."""
from __future__ import annotations

import csv
import io

from flask import make_response

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value):
    """A text starting like a formula (= + - @, tab, carriage return) is
    kept as text with a leading apostrophe (OWASP's advice on CSV injection);
    numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_response(header: list, rows, filename: str):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([cell(h) for h in header])
    writer.writerows([cell(v) for v in row] for row in rows)
    response = make_response("\ufeff" + out.getvalue())
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

"""The crawler reads inside zipped answers (an XLSX catalogue), where a
canary would hide from a plain search."""
import io

import openpyxl
import pytest

from ckanext.thanhhoa.testing import crawler

pytestmark = pytest.mark.unit


def test_a_canary_in_a_workbook_is_found():
    book = openpyxl.Workbook()
    book.active.append(["Tên tập dữ liệu", "zqkdrtitle"])
    out = io.BytesIO()
    book.save(out)
    assert "zqkdrtitle" in crawler._text_of(out.getvalue())
    assert "zqkdrtitle" not in out.getvalue().decode("utf-8", "replace")     # the plain search missed it


def test_text_stays_text():
    assert crawler._text_of("Sở Y tế".encode()) == "Sở Y tế"
    assert crawler._text_of(b"PK\x03\x04 not a zip") == "PK\x03\x04 not a zip"

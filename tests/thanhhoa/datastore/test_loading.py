"""Every fixture loads with the exact Vietnamese text and column types it
was written from, and what was done is recorded for the resource's page."""
import csv
import io
import pathlib

import pytest

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index", "clean_queues",
                                     "with_test_worker")

DATA_DIR = pathlib.Path(__file__).parents[2] / "data" / "datastore"
FIXTURES = ["schools-utf8.csv", "schools-utf8-nfd.csv", "schools-cp1258.csv", "schools-viscii.csv",
            "schools-tcvn3.csv", "schools-vni.csv", "report-legacy-fonts.xlsx", "schools-legacy-fonts.xls"]


def as_text(value):
    return None if value is None else str(value)


@pytest.mark.parametrize("name", FIXTURES)
def test_a_fixture_loads_with_its_exact_text_and_types(name, load, table, report, expected):
    want = expected[name]
    resource = load(name)

    fields, loaded = table(resource["id"])
    assert [f["id"] for f in fields] == want["columns"]
    assert [f["type"] for f in fields] == want["types"]
    assert [[as_text(v) for v in row] for row in loaded] == [[as_text(v) for v in row] for row in want["rows"]]
    assert resource["datastore_active"]

    done = report(resource["id"])
    assert done["ok"] and done["encoding"] == want["encoding"]
    assert done["rows"] == len(want["rows"]) and done["columns"] == len(want["columns"])
    assert done["dropped"] == want["dropped"]
    for key in ("header_row", "header_rows", "numbering_row"):
        if key in want:
            assert done[key] == want[key], key


def test_a_report_names_the_legacy_fonts_it_converted(load, report):
    resource = load("report-legacy-fonts.xlsx")
    done = report(resource["id"])
    assert set(done["fonts"]) == {".VnTime", ".VnTimeH", "VNI-Times"}
    assert done["converted_cells"] >= 6 and done["merged"] >= 1


@pytest.mark.parametrize("late, column_type, values", [
    ("1.234,5", "numeric", ["1234", "5", "1234.5"]),
    ("không rõ", "text", ["1.234", "5", "không rõ"]),
])
def test_a_late_value_widens_its_columns_type(late, column_type, values, load, table, report, monkeypatch):
    """The types are guessed from the first rows; a value after them that
    does not fit widens its column (an integer to numeric, else text)."""
    from ckanext.thanhhoa.datastore import loader
    monkeypatch.setattr(loader, "SAMPLE_ROWS", 2)
    data = f"mã;số\n1;1.234\n2;5\n3;{late}\n".encode()
    resource = load("late.csv", data=data)
    fields, loaded = table(resource["id"])
    assert [f["type"] for f in fields] == ["int8", column_type]
    assert [str(r[1]) for r in loaded] == values
    assert report(resource["id"])["as_text"] == (["số"] if column_type == "text" else [])


def test_excels_unicode_text_loads(load, table, report, expected):
    """Excel's "Unicode Text" export: UTF-16 with a BOM, tab-separated."""
    text = (DATA_DIR / "schools-utf8.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    data = "\r\n".join("\t".join(row) for row in rows).encode("utf-16")
    resource = load("schools.txt", data=data, fmt="TSV")
    fields, loaded = table(resource["id"])
    want = expected["schools-utf8.csv"]
    assert [f["id"] for f in fields] == want["columns"]
    assert [[as_text(v) for v in row] for row in loaded] == [[as_text(v) for v in row] for row in want["rows"]]
    assert report(resource["id"])["encoding"] == "utf-16"

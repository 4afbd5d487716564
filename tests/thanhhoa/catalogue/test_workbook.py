"""The catalogue workbook written and read back (pure): text that looks
like a formula stays text; what is no workbook is refused, never a 500."""
import io
import json
import zipfile

import pytest

from ckanext.thanhhoa.catalogue import columns, workbook

pytestmark = pytest.mark.unit


@pytest.fixture
def dataset(data_dir):
    found = json.loads((data_dir / "dataset_full.json").read_text("utf-8"))
    found["id"] = "0f3c"
    found["title_translated"] = {"vi": "=HYPERLINK(\"http://x.example\",\"Bấm\")", "en": "=1+1"}
    return found


def test_a_title_like_a_formula_comes_back_as_text(dataset):
    rows = workbook.read(workbook.write([dataset], "Sở Y tế"))
    assert len(rows) == 1
    fields, errors = columns.from_row(rows[0][1])
    assert errors == {}
    assert fields["title_translated"] == dataset["title_translated"]
    assert columns.changes(fields, dataset) == {}


def zipped(members: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize("data", [
    b"ma,ten\n1,a\n",
    zipped({"[Content_Types].xml": "<Types", "xl/workbook.xml": "<not xml"}),
    zipped({"xl/styles.xml": "<a>" + " " * (6 * 1024 * 1024) + "</a>"}),
])
def test_what_is_no_workbook_is_refused(data):
    with pytest.raises(workbook.Unreadable):
        workbook.read(data)

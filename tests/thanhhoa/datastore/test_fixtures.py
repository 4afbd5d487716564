"""The fixtures are what their script writes from the known text: its
CSVs byte for byte (glibc's iconv and the published VNI table encode them)
and what each file must load as (expected.json)."""
import importlib.util
import json
import pathlib

import pytest

pytestmark = pytest.mark.unit
DATA = pathlib.Path(__file__).parents[2] / "data" / "datastore"


def test_the_csv_fixtures_and_their_expected_rows_are_current(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("make_fixtures", DATA / "make_fixtures.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    (tmp_path / "vni-table.json").write_bytes((DATA / "vni-table.json").read_bytes())
    monkeypatch.setattr(script, "HERE", tmp_path)
    expected = {}
    script.write_csvs(expected)
    for name in expected:
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name
    committed = json.loads((DATA / "expected.json").read_text(encoding="utf-8"))
    assert {k: v for k, v in committed.items() if k in expected} == json.loads(json.dumps(expected))
    assert set(committed) == set(expected) | {"report-legacy-fonts.xlsx", "schools-legacy-fonts.xls"}

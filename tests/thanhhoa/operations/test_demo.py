"""The demo catalogue of `make run`: loaded through CKAN's actions, idempotent."""
import unicodedata

import pytest

from ckanext.thanhhoa.operations.cli import thanhhoa
from ckan.tests import helpers

from ckanext.thanhhoa.metadata import vocab
from ckanext.thanhhoa.operations import demo

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")


def test_demo_loads_agencies_and_datasets_once():
    first = demo.load()
    second = demo.load()

    catalogue = demo.catalogue()
    expected = len(vocab.agencies()) + len(catalogue["datasets"])
    assert len(first.created) == expected and first.existing == []
    assert second.created == [] and len(second.existing) == expected
    found = helpers.call_action("package_search", q="lúa")
    assert [d["name"] for d in found["results"]] == ["san-luong-lua-theo-vu"]
    resource = found["results"][0]["resources"][0]
    assert resource["url_type"] == "upload"
    assert resource["url"].endswith("/download/san-luong-lua.csv")


def test_demo_catalogue_text_is_nfc():
    text = str(demo.catalogue())
    assert text == unicodedata.normalize("NFC", text)


def test_demo_catalogue_uses_the_whole_schema():
    datasets = demo.catalogue()["datasets"]
    assert {s for d in datasets for s in d["sectors"]} == set(vocab.get("sectors"))
    assert {d["access_level"] for d in datasets} == set(vocab.get("access_levels"))
    units = [vocab.admin_units()[c] for d in datasets for c in d["admin_units"]]
    assert any(u.current for u in units) and any(not u.current for u in units)


def test_demo_command_reports_what_it_created(cli):
    total = len(vocab.agencies()) + len(demo.catalogue()["datasets"])
    result = cli.invoke(thanhhoa, ["demo"])
    assert result.exit_code == 0, result.output
    assert f"demo catalogue: {total} created, 0 already there" in result.output
    again = cli.invoke(thanhhoa, ["demo"])
    assert f"demo catalogue: 0 created, {total} already there" in again.output


def test_demo_admin_is_a_sysadmin_whose_token_is_kept(cli, tmp_path):
    token_file = tmp_path / "token"
    args = ["demo-admin", "--password", "mat-khau-rat-dai", "--token-file", str(token_file)]

    assert cli.invoke(thanhhoa, args).exit_code == 0
    token = token_file.read_text().strip()
    assert cli.invoke(thanhhoa, args).exit_code == 0

    assert token_file.read_text().strip() == token
    user = helpers.call_action("user_show", id="admin")
    assert user["sysadmin"] is True
    assert helpers.call_action("api_token_list", {"user": "admin"}, user_id="admin")[0]["name"] == "xloader"


def test_demo_admin_replaces_a_token_that_no_longer_works(cli, tmp_path):
    token_file = tmp_path / "token"
    token_file.write_text("not-a-token\n")
    args = ["demo-admin", "--password", "mat-khau-rat-dai", "--token-file", str(token_file)]
    assert cli.invoke(thanhhoa, args).exit_code == 0
    assert token_file.read_text().strip() != "not-a-token"


@pytest.mark.usefixtures("clean_harvest_queues")
def test_demo_sets_up_the_lgsp_harvest_source(cli):
    args = ["demo", "--lgsp-url", "http://127.0.0.1:8190"]
    first = cli.invoke(thanhhoa, args)
    again = cli.invoke(thanhhoa, args)
    assert "LGSP harvest source lgsp-thanh-hoa created" in first.output, first.output
    assert "already there" in again.output
    source = helpers.call_action("harvest_source_show", id="lgsp-thanh-hoa")
    assert source["source_type"] == "lgsp"
    assert len(helpers.call_action("harvest_job_list", source_id=source["id"])) == 1

"""Search over the metadata model: facets with Vietnamese names, coverage
found by current and pre-2025 unit names, spatial search without drawing."""
import pytest

from ckan.tests import helpers

from ckanext.thanhhoa.metadata import vocab

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")


def make(sysadmin, dataset_dict, agency, name, **fields):
    return helpers.call_action("package_create", {"user": sysadmin["name"]},
                               **dataset_dict(agency["id"], name=name, **fields))


def test_sector_facet_counts_with_vietnamese_names(sysadmin, agency, dataset_dict):
    make(sysadmin, dataset_dict, agency, "ds-a", sectors=["giao-duc"])
    make(sysadmin, dataset_dict, agency, "ds-b", sectors=["giao-duc", "y-te"])

    result = helpers.call_action("package_search", **{"facet.field": '["vocab_sectors", "frequency"]'})

    sectors = {i["name"]: (i["count"], i["display_name"]) for i in result["search_facets"]["vocab_sectors"]["items"]}
    assert sectors == {"giao-duc": (2, "Giáo dục và đào tạo"), "y-te": (1, "Y tế")}
    assert result["search_facets"]["frequency"]["items"][0]["display_name"] == "Hằng năm"
    only_health = helpers.call_action("package_search", fq="vocab_sectors:y-te")
    assert [d["name"] for d in only_health["results"]] == ["ds-b"]


def test_a_pre_2025_name_finds_the_units_it_became(sysadmin, agency, dataset_dict):
    hoang_hoa = vocab.legacy_units()["399"]          # Huyện Hoằng Hóa, pre-2025
    current = hoang_hoa.becomes[0]
    make(sysadmin, dataset_dict, agency, "current-commune", admin_units=[current])
    make(sysadmin, dataset_dict, agency, "elsewhere", admin_units=["14797"])

    found = helpers.call_action("package_search", q='"Huyện Hoằng Hóa"')
    by_code = helpers.call_action("package_search", fq=f"vocab_admin_units:{current}")

    assert [d["name"] for d in found["results"]] == ["current-commune"]
    assert [d["name"] for d in by_code["results"]] == ["current-commune"]


def test_a_legacy_code_is_kept_and_searchable_as_the_current_units(sysadmin, agency, dataset_dict):
    created = make(sysadmin, dataset_dict, agency, "legacy", admin_units=["399"])
    assert created["admin_units"] == ["399"]
    some_current = vocab.legacy_units()["399"].becomes[-1]
    result = helpers.call_action("package_search", fq=f"vocab_admin_units:{some_current}")
    assert [d["name"] for d in result["results"]] == ["legacy"]


def test_spatial_search_finds_coverage_derived_from_units(sysadmin, agency, dataset_dict):
    make(sysadmin, dataset_dict, agency, "hac-thanh", admin_units=["14797"])
    west, south, east, north = vocab.bbox(["14797"])
    around = f"{west - 0.01},{south - 0.01},{east + 0.01},{north + 0.01}"

    inside = helpers.call_action("package_search", extras={"ext_bbox": around})
    hanoi = helpers.call_action("package_search", extras={"ext_bbox": "105.7,20.9,105.9,21.1"})

    assert [d["name"] for d in inside["results"]] == ["hac-thanh"]
    assert hanoi["count"] == 0

"""The vocabularies shipped as data: complete, consistent, sourced, and
asked for the same way (the registry)."""
import unicodedata

import pytest

from ckanext.thanhhoa.metadata import vocab

pytestmark = pytest.mark.unit


def test_current_units_of_decision_19_2025():
    current = [u for u in vocab.admin_units().values() if u.current]
    communes = [u for u in current if u.level == "xa"]
    assert len(communes) == 166
    assert sum(u.name.startswith("Phường") for u in communes) == 19
    assert sum(u.name.startswith("Xã") for u in communes) == 147
    assert vocab.admin_units()["38"].name == "Tỉnh Thanh Hóa"
    assert all(u.bbox for u in current)


def test_every_pre_2025_unit_maps_to_current_units():
    legacy = vocab.legacy_units()
    assert sum(u.level == "xa" for u in legacy.values()) == 547
    assert legacy["399"].name == "Huyện Hoằng Hóa"
    for unit in legacy.values():
        assert unit.becomes, unit
        assert all(vocab.admin_units()[code].current for code in unit.becomes)


def test_legacy_codes_are_mapped_and_current_codes_kept():
    assert vocab.current_codes(["399"]) == list(vocab.legacy_units()["399"].becomes)
    assert vocab.current_codes(["14797", "nope"]) == ["14797"]
    names = vocab.unit_names(["14797"])
    assert names[0] == "Phường Hạc Thành"
    assert "Phường Điện Biên" in names  # a pre-2025 ward of Hạc Thành


def test_bbox_of_units_is_inside_the_province():
    west, south, east, north = vocab.bbox(["38"])
    for code in ("14797", "399"):
        w, s, e, n = vocab.bbox(vocab.current_codes([code]))
        assert west <= w <= e <= east and south <= s <= n <= north


def test_vocabularies_are_nfc_and_sourced():
    for name in ("sectors", "frequencies", "access_levels", "agency_levels", "agencies", "file_types",
                 "admin_units", "lgsp_code_lists"):
        data = vocab.load(name)
        assert data["source"]
        dumped = str(data)
        assert dumped == unicodedata.normalize("NFC", dumped)
    assert len(vocab.get("sectors")) == 16
    assert vocab.get("sectors")["thong-ke"]["themes"] == ["ECON", "SOCI"]
    assert list(vocab.get("access_levels")) == ["mo", "dung-chung", "dung-rieng"]


@pytest.mark.parametrize("name", sorted(vocab.UNKNOWN))
def test_every_vocabulary_has_labels_choices_and_an_unknown_message(name):
    codes = vocab.get(name)
    assert len(codes) > 0
    for code in codes:
        assert codes.label(code, "vi") and codes.label(code, "en")
    offered = [c["value"] for c in codes.choices()]
    assert offered and set(offered) <= set(codes)
    assert all(c["label"]["vi"] and c["label"]["en"] for c in codes.choices())
    assert "%s" in codes.unknown_message
    assert "khong-co" not in codes and codes.label("khong-co") is None


def test_labels_in_each_language():
    sectors = vocab.get("sectors")
    assert sectors.label("y-te", "vi") == "Y tế"
    assert sectors.label("y-te", "en") == "Health"
    assert sectors.label("y-te", "fr") == "Y tế"        # a language it lacks: Vietnamese
    assert vocab.get("agency_levels").label("xa", "en") == "Commune"


def test_forms_offer_current_units_only():
    offered = {c["value"] for c in vocab.get("admin_units").choices()}
    assert "14797" in offered and "399" not in offered      # 399: a district until 2025
    assert "399" in vocab.get("admin_units")                # still accepted as given


def test_an_unknown_vocabulary_is_an_error():
    with pytest.raises(KeyError):
        vocab.get("colours")


def test_the_lgsp_crosswalk_maps_into_the_portals_codes():
    crosswalk = vocab.crosswalk("lgsp")
    assert crosswalk["default_sector"] in vocab.get("sectors")
    for name, table in crosswalk["tables"].items():
        target = vocab.get(table["vocabulary"])
        assert table["codes"], name
        assert set(table["codes"].values()) <= set(target), name
    sectors = crosswalk["tables"]["sectors"]["codes"]
    assert len(sectors) == 16 and set(sectors.values()) == set(vocab.get("sectors"))

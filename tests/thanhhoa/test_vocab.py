"""The vocabularies shipped as data: complete, consistent, sourced."""
import unicodedata

from ckanext.thanhhoa import text, vocab


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
    for name in ("sectors", "frequencies", "access_levels", "agencies", "admin_units"):
        data = vocab.load(name)
        assert data["source"]
        dumped = str(data)
        assert dumped == unicodedata.normalize("NFC", dumped)
    assert len(vocab.sectors()) == 16
    assert vocab.sectors()["thong-ke"]["themes"] == ["ECON", "SOCI"]
    assert list(vocab.access_levels()) == ["mo", "dung-chung", "dung-rieng"]


def test_slugs_of_vietnamese_titles():
    assert text.slugify("Thanh Hóa") == "thanh-hoa"
    assert text.slugify("đường") == "duong"
    assert text.slugify("  Đất đai – Quy hoạch (2025)! ") == "dat-dai-quy-hoach-2025"
    assert text.slugify(unicodedata.normalize("NFD", "Hoằng Hóa")) == "hoang-hoa"


def test_nfc_reaches_nested_values_and_leaves_others():
    nfd = unicodedata.normalize("NFD", "Thanh Hóa")
    upload = object()
    result = text.nfc({"a": [nfd, {"b": nfd}], "n": 3, "f": upload})
    assert result == {"a": ["Thanh Hóa", {"b": "Thanh Hóa"}], "n": 3, "f": upload}

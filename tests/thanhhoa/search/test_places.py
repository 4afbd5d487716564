"""Places suggested for what is typed (pure): current units before pre-2025
ones, with or without diacritics, words in order at the start of words."""
import pytest

from ckanext.thanhhoa.search import places

pytestmark = pytest.mark.unit


def names(typed):
    return [(p["name"], p["current"], p["field"]) for p in places.suggest(typed)]


def test_a_current_ward_is_found_without_diacritics():
    assert names("hac thanh") == [("Phường Hạc Thành", True, "vocab_admin_units")]


def test_a_pre_2025_district_is_found_and_filters_the_old_units_field():
    assert ("Huyện Hoằng Hóa", False, "vocab_admin_units_old") in names("Hoằng Hóa")
    assert names("thanh pho thanh hoa") == [("Thành phố Thanh Hóa", False, "vocab_admin_units_old")]


def test_words_match_in_order_at_word_starts():
    assert ("Xã Hoằng Châu", True, "vocab_admin_units") not in names("hoang hoa")
    assert names("hoang h")[0][0] == "Xã Hoằng Hóa"
    assert names("") == [] and names("zzz") == []

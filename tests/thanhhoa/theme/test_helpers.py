"""Template helpers that need no request: outside one, the page's language
is Vietnamese."""
import jinja2
import pytest

from ckanext.thanhhoa.theme import helpers

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("value, expected", [
    ("", False), ("  ", False), (None, False), (jinja2.Undefined(), False), ([], False), ({}, False), ("[]", False),
    ('{"vi": "", "en": ""}', False), ('[{"name": "", "email": null}]', False),
    ("x", True), (0, True), (["a"], True), ('{"vi": "Tên"}', True),
    ('[{"name": "Phòng Y tế"}]', True), ("[not json", True),
])
def test_a_field_has_a_value(value, expected):
    assert helpers.has_value(value) is expected


def test_dates_and_labels_in_vietnamese_outside_a_request():
    assert helpers.format_date("2026-11-27") == "27/11/2026"
    assert helpers.format_date("2026-11-27T10:00:00") == "27/11/2026"
    assert helpers.format_date("hôm qua") == "hôm qua"
    assert helpers.format_date(None) == ""
    assert helpers.language_name("vi") == "Tiếng Việt"
    assert helpers.language_name("en") == "Tiếng Anh"
    assert helpers.language_name("zz-bad") == "zz-bad"
    assert helpers.vocab_label("frequencies", "ANNUAL") == "Hằng năm"
    assert helpers.vocab_label("frequencies", "NOPE") == "NOPE"
    assert helpers.access_badge({"access_level": "dung-rieng"})["css"] == "thanhhoa-access-dung-rieng"

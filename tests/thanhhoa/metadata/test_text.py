"""Text as the portal stores it: NFC, no control characters, Vietnamese
slugs; and the stored list and translated values read back."""
import unicodedata

import pytest

from ckanext.thanhhoa.metadata import stored, text

pytestmark = pytest.mark.unit


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


def test_control_characters_are_dropped_but_line_breaks_kept():
    assert text.nfc("a\x00b\x07c\td\ne\rf") == "abc\td\ne\rf"


def test_diacritics_are_stripped_for_slugs_only():
    assert text.strip_diacritics("Đường Hồ Chí Minh") == "Duong Ho Chi Minh"
    assert len(text.slugify("Lễ hội " * 40, max_length=90)) <= 90
    assert not text.slugify("Lễ hội " * 40, max_length=90).endswith("-")


@pytest.mark.parametrize("value, expected", [
    (["a", "b"], ["a", "b"]),
    ('["a", "b"]', ["a", "b"]),
    ('"a"', ['"a"']),
    ("a", ["a"]),
    ("", []),
    (None, []),
    ("[not json", ["[not json"]),
])
def test_stored_lists(value, expected):
    assert stored.as_list(value) == expected


@pytest.mark.parametrize("value, expected", [
    ({"vi": "Trường", "en": "Schools"}, {"vi": "Trường", "en": "Schools"}),
    ('{"vi": "Trường"}', {"vi": "Trường"}),
    ("Trường học", {"vi": "Trường học"}),
    ("", {}),
    (None, {}),
    ("{not json", {"vi": "{not json"}),
])
def test_stored_translations(value, expected):
    assert stored.translated(value) == expected


def test_characters_no_text_keeps():
    dropped = "\x7f\x85\x9f\ud800\udfff\ufdd0\ufffe\uffff\u200b\u200e\u202a\u202e\u2066\u2069\ufeff"
    assert text.nfc(f"a{dropped}b") == "ab"
    assert text.nfc("Thanh Hóa\tx\ny") == "Thanh Hóa\tx\ny"


def test_input_nested_too_deeply_is_refused_without_recursing():
    deep = node = []
    for _ in range(5000):
        node.append([])
        node = node[0]
    with pytest.raises(text.TooDeep):
        text.nfc(deep)
    assert text.nfc({"a": [{"b": ["c"]}]}) == {"a": [{"b": ["c"]}]}

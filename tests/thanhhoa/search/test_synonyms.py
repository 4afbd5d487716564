"""The abbreviations, the glossary and the related terms as Solr synonyms:
the configset's files are what the data gives, written as the query chains
write their tokens, and no abbreviation that is also a Vietnamese syllable."""
import json
import pathlib
import re

import pytest

from ckanext.thanhhoa.search import synonyms

pytestmark = pytest.mark.unit
CONFIGSET = pathlib.Path(__file__).parents[3] / "solr" / "configsets" / "ckan" / "conf"


@pytest.mark.parametrize("name", ["search-synonyms.txt", "search-related.txt", "search-related-exact.txt",
                                  "vi-compounds.txt"])
def test_the_configsets_files_are_made_from_the_data(name):
    assert (CONFIGSET / name).read_text(encoding="utf-8") == synonyms.files()[name]


def test_abbreviations_have_sources():
    data = json.loads(synonyms.DATA.read_text(encoding="utf-8"))
    assert len(data["entries"]) >= 50 and all(e["source"] for e in data["entries"])


def test_the_exact_forms_use_the_configsets_tone_placement():
    pairs = re.findall(r'^"(.+)" => "(.+)"$', (CONFIGSET / "vi-tone-placement.txt").read_text(encoding="utf-8"), re.M)
    assert sorted(pairs) == sorted(synonyms.TONE_PLACEMENT)
    assert synonyms.exact("Hoá chất, Thuỷ-sản") == "hóa chất thủy sản"
    assert synonyms.fold("Văn bản quy phạm, bác sỹ") == "van ban qui pham bac si"


RELATED = {"entries": [
    {"terms": ["thủy sản"], "related": ["tàu cá", "hải sản"]},
    {"terms": ["lúa"], "related": ["gạo"]},
    {"terms": ["lửa", "cháy"], "related": ["cháy rừng"]},
]}


def test_related_terms_are_folded_only_past_one_syllable():
    abbreviations = {"entries": [{"abbr": "NTTS", "forms": ["nuôi trồng thủy sản", "thủy sản"], "source": "x"}]}
    glossary = {"entries": [{"en": "rice", "vi": ["lúa"]}, {"en": "fire", "vi": ["lửa"]}]}
    assert synonyms.related_lines(RELATED, abbreviations, glossary) == [
        "thuy san => thuy san, tau ca, hai san",
        "ntts => ntts, tau ca, hai san",
        "rice => rice, gao", "rices => rices, rice, gao",
        "fire => fire, chay rung", "fires => fires, fire, chay rung"]


def test_every_related_term_keeps_its_diacritics_in_the_exact_file():
    assert synonyms.related_exact_lines(RELATED) == [
        "thủy sản => thủy sản, tàu cá, hải sản", "lúa => lúa, gạo",
        "lửa => lửa, cháy rừng", "cháy => cháy, cháy rừng"]


def test_english_finds_vietnamese_one_way_and_no_syllable_is_taken():
    lines = synonyms.glossary_lines([
        {"en": "rice", "vi": ["lúa", "gạo"]}, {"en": "poor household", "vi": ["hộ nghèo"]},
        {"en": "than", "vi": ["than đá"]},
    ])
    assert lines == ["rice, rices => rice, lua, gao",
                     "poor household, poor households => poor household, ho ngheo"]


def test_forms_are_folded_both_ways_and_syllables_left_out():
    lines = synonyms.lines([
        {"abbr": "THPT", "forms": ["trung học phổ thông"], "source": "x"},
        {"abbr": "GD&ĐT", "forms": ["giáo dục và đào tạo"], "source": "x"},
        {"abbr": "VAT", "forms": ["thuế giá trị gia tăng"], "source": "x"},
    ])
    assert lines == ["thpt, trung hoc pho thong", "gd dt, gddt, giao duc va dao tao"]


def test_compounds_are_joined_in_the_exact_chains_form():
    assert synonyms.compound_lines({"entries": [
        {"syllable": "hồ", "words": ["hồ sơ"]}, {"syllable": "nước", "words": ["nhà nước", "Hoà nhập"]},
        {"syllable": "nhà", "words": ["nhà nước"]}]}) == [
        "hồ sơ => hồ_sơ", "nhà nước => nhà_nước", "hòa nhập => hòa_nhập"]

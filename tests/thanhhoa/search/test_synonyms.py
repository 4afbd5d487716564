"""The abbreviations as Solr synonyms: the configset's file is what the data
gives, folded as the query chain folds, and no abbreviation that is also a
Vietnamese syllable."""
import json
import pathlib

import pytest

from ckanext.thanhhoa.search import query, synonyms

pytestmark = pytest.mark.unit
CONFIGSET = pathlib.Path(__file__).parents[3] / "solr" / "configsets" / "ckan" / "conf"


def test_the_configsets_file_is_made_from_the_data():
    data = json.loads(synonyms.DATA.read_text(encoding="utf-8"))
    glossary = json.loads(synonyms.GLOSSARY.read_text(encoding="utf-8"))
    made = synonyms.build(data, glossary)
    assert (CONFIGSET / "search-synonyms.txt").read_text(encoding="utf-8") == made
    assert len(data["entries"]) >= 50 and all(e["source"] for e in data["entries"])


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


def test_the_portal_asks_edismax_unless_the_caller_chose():
    assert query.search_params({"q": "thủy lợi"})["defType"] == "edismax"
    assert "title_exact" in query.search_params({"q": "lúa"})["qf"]
    assert query.search_params({"q": "x", "qf": "title"})["qf"] == "title"
    assert "defType" not in query.search_params({"q": "*:*"})
    assert query.search_params({"q": "x", "defType": "lucene"})["defType"] == "lucene"

"""The configset's Vietnamese analysis, asked of the real Solr (its field
analysis handler): CKAN's `text` stemmed Vietnamese as English ("Thủy" →
"thui", "thuy" → "thuy"), kept both tone placements apart and knew no
abbreviation."""
import unicodedata

import pytest
import requests

import ckan.plugins.toolkit as tk

pytestmark = pytest.mark.usefixtures("with_plugins")


def tokens(fieldtype, value, stage="index"):
    """The tokens the last step of the field type's analyzer gives."""
    param = "analysis.fieldvalue" if stage == "index" else "analysis.query"
    answer = requests.get(f"{tk.config['solr_url']}/analysis/field", timeout=10, params={
        "analysis.fieldtype": fieldtype, param: value, "wt": "json"}).json()
    steps = answer["analysis"]["field_types"][fieldtype][stage]
    return [token["text"] for token in steps[-1]]


@pytest.mark.parametrize("written", ["Thủy lợi", "Thuỷ lợi", "thuy loi", "THỦY LỢI",
                                     unicodedata.normalize("NFD", "Thủy lợi")])
def test_every_way_of_writing_thuy_loi_is_one_folded_text(written):
    assert tokens("text_vi", written) == ["thuy", "loi"]


@pytest.mark.parametrize("old, new", [("Hoá chất", "Hóa chất"), ("khoẻ", "khỏe"),
                                      ("Uỷ ban", "Ủy ban"), ("tuỳ", "tùy")])
def test_both_tone_placements_are_one_exact_text(old, new):
    assert tokens("text_vi_exact", old) == tokens("text_vi_exact", new)
    assert tokens("text_vi_exact", unicodedata.normalize("NFD", old)) == tokens("text_vi_exact", new)


def test_exact_text_keeps_what_folding_merges():
    assert tokens("text_vi", "lúa") == tokens("text_vi", "lửa")
    assert tokens("text_vi_exact", "lúa") != tokens("text_vi_exact", "lửa")


def test_two_syllables_are_one_unit_in_the_bigram_field():
    assert tokens("text_vi_bigram", "Dữ liệu thành phố") == ["du lieu", "lieu thanh", "thanh pho"]


def test_an_abbreviation_finds_its_spelled_out_form_and_back():
    assert {"trung", "hoc", "pho", "thong"} <= set(tokens("text_vi", "THPT", "query"))
    assert "pccc" in tokens("text_vi", "phòng cháy chữa cháy", "query")


def test_english_texts_are_stemmed_as_english():
    assert tokens("text_en", "Schools of Thanh Hóa") == ["school", "of", "thanh", "hoa"]


@pytest.mark.parametrize("i, y", [("bác sĩ", "bác sỹ"), ("liệt sĩ", "liệt sỹ"), ("kĩ thuật", "kỹ thuật"),
                                  ("quí", "quý")])
def test_i_and_y_written_for_one_vowel_are_one_folded_text(i, y):
    assert tokens("text_vi", i) == tokens("text_vi", y)
    assert tokens("text_vi", "tay") != tokens("text_vi", "tai")   # y after a vowel stays


def test_an_english_word_finds_the_vietnamese_term_one_way():
    assert {"lua", "gao"} <= set(tokens("text_vi", "rice", "query"))
    assert "rice" not in tokens("text_vi", "lúa", "query")


def test_a_rule_with_y_for_i_matches_what_the_chain_makes():
    # "quy phạm" folds to "qui pham": a rule written "quy pham" never matched
    assert {"vbqppl"} <= set(tokens("text_vi", "văn bản quy phạm pháp luật", "query"))


def test_related_terms_widen_the_related_fields_only():
    related = set(tokens("text_vi_related", "thủy sản", "query"))
    assert {"tau", "ca", "hai", "san"} <= related
    assert "tau" not in tokens("text_vi", "thủy sản", "query")
    assert "tau" in tokens("text_vi_related", "GPMB tái định cư", "query") or \
        "dinh" in tokens("text_vi_related", "GPMB", "query")


def test_rice_and_fire_keep_their_own_related_terms():
    rice = set(tokens("text_vi_related_exact", "lúa", "query"))
    fire = set(tokens("text_vi_related_exact", "lửa", "query"))
    assert "gạo" in rice and "gạo" not in fire
    assert "cháy" in fire and "cháy" not in rice
    assert "gao" not in tokens("text_vi_related", "lửa", "query")   # no folded single syllable


def test_a_compound_is_one_exact_token_so_its_syllable_does_not_find_it():
    assert tokens("text_vi_exact", "Hồ sơ hồ chứa") == ["hồ_sơ", "hồ", "chứa"]
    assert tokens("text_vi_exact", "nhà nước", "query") == ["nhà_nước"]
    assert tokens("text_vi", "Hồ sơ") == ["ho", "so"]            # folded: as before

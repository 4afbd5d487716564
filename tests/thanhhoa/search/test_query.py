"""How the portal asks Solr (pure): edismax through local parameters at the
head of q, weights by whether the query has diacritics, a caller's own local
parameters kept out."""
import pytest

from ckanext.thanhhoa.search import query

pytestmark = pytest.mark.unit


def test_the_portal_asks_edismax_with_its_own_minimum_match():
    params = query.search_params({"q": "thủy lợi"})
    assert params["defType"] == "lucene"
    assert params["q"].startswith("{!edismax q.op=OR mm='3<-1 6<70%'}")
    assert params["q"].endswith("}thủy lợi")


def test_a_callers_choice_is_kept():
    assert query.search_params({"q": "x", "qf": "title"})["qf"] == "title"
    assert "defType" not in query.search_params({"q": "*:*"})
    assert query.search_params({"q": "x", "defType": "dismax"}) == {"q": "x", "defType": "dismax"}
    # ... but not local parameters of their own, whatever parses q
    assert query.search_params({"q": "{!edismax bq='\\{!join}x'}*:*", "defType": "lucene"})["q"] == \
        "\\{!edismax bq='\\{!join}x'}*:*"


def test_a_query_with_diacritics_weighs_folded_matches_less():
    marked, bare = query.search_params({"q": "lúa"})["qf"], query.search_params({"q": "lua"})["qf"]
    assert "title^1.5" in marked and "title^5" in bare
    assert "title_exact^7" in marked and "title_exact^7" in bare
    assert query.has_diacritics("Đông Sơn") and query.has_diacritics("đ")
    assert not query.has_diacritics("Dong Son")


@pytest.mark.parametrize("typed, searched", [
    ("{!lucene}*:*", "\\{!lucene}*:*"),
    ("a {!frange l=0}x", "a \\{!frange l=0}x"),
    ("\\{!already}", "\\{!already}"),
    ("\\\\{!two}", "\\\\\\{!two}"),
])
def test_a_callers_local_parameters_in_q_are_searched_as_text(typed, searched):
    assert query.search_params({"q": typed})["q"].split("}", 1)[1] == searched


def test_a_callers_edismax_in_a_filter_is_refused():
    assert query.refused_filter({"fq": "{!edismax qf=name}x"})
    assert query.refused_filter({"fq_list": ["tags:x", "{! type=edismax}y"]})
    assert not query.refused_filter({"fq": '+tags:"x" {!frange l=0 u=1}y'})


def test_edismax_is_added_to_the_allowed_parsers():
    assert query.allowed_parsers("frange") == ["frange", "edismax"]
    assert query.allowed_parsers(["frange", "edismax"]) == ["frange", "edismax"]
    assert query.allowed_parsers(None) == ["edismax"]


@pytest.mark.parametrize("q, english", [
    ("flood warning", True), ("GPMB", True), ("thuy loi", False), ("thủy lợi", False),
    ("dan so 2024", False), ("rice 2024", True), ("", False),
])
def test_an_english_query_lets_a_word_the_glossary_lacks_go(q, english):
    assert query.is_english(q) is english
    if q:
        mm = "1<-1 6<70%" if english else "3<-1 6<70%"
        assert f"mm='{mm}'" in query.search_params({"q": q})["q"]


@pytest.mark.parametrize("typed, asked", [
    ("số liệu dân số tại xã Hoằng Tiến", "dân số xã Hoằng Tiến"),
    ("so lieu dan so", "dan so"),
    ("tai nạn giao thông", "tai nạn giao thông"),        # "tại" only as written
    ("chó mèo", "chó mèo"),
    ("dữ liệu mở", "dữ liệu mở"),                       # a term, not noise
    ("số liệu", "số liệu"),                             # nothing else asked
    ("poverty rate by commune", "poverty rate commune"),
    ('"các trường" học', '"các trường" học'),            # syntax of the caller's own
])
def test_words_that_ask_for_nothing_are_left_out(typed, asked):
    assert query.significant(typed) == asked

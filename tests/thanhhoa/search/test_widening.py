"""A search that finds less than a page asks again with fewer words
required; what matched every word stays first, a search that fills its
page is asked once, and a later page is the same search's."""
import pytest

from ckan.tests import helpers

from ckanext.thanhhoa.search import widening

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")


@pytest.fixture
def titled(sysadmin, agency, dataset_dict):
    def make(name, title):
        return helpers.call_action("package_create", {"user": sysadmin["name"]}, **dataset_dict(
            agency["id"], name=name, title_translated={"vi": title}, notes_translated={"vi": title}))
    return make


def search(q, **params):
    found = helpers.call_action("package_search", {"user": ""}, q=q, **params)
    return found["count"], [d["name"] for d in found["results"]]


def test_what_matched_every_word_stays_first(titled):
    titled("ca-nuoc-ngot", "Sản lượng nuôi cá nước ngọt")
    titled("tom", "Sản lượng nuôi tôm")
    titled("ngot", "Nước ngọt sinh hoạt")
    titled("khac", "Danh mục giống cây trồng")
    count, names = search("nuôi cá nước ngọt")
    assert names[0] == "ca-nuoc-ngot"                      # all four words
    assert set(names[1:]) == {"tom", "ngot"} and count == 3  # any of them
    assert search("nuôi cá nước ngọt", defType="edismax")[1] == ["ca-nuoc-ngot"]   # a caller's parser: asked as is


def test_a_later_page_is_the_widened_search(titled):
    for number in range(3):
        titled(f"tom-{number}", f"Sản lượng nuôi tôm đợt {number}")
    titled("ca", "Sản lượng nuôi cá nước ngọt")
    count, first = search("nuôi cá nước ngọt", rows=2)
    _, second = search("nuôi cá nước ngọt", rows=2, start=2)
    assert count == 4 and first[0] == "ca"
    assert set(first + second) == {"ca", "tom-0", "tom-1", "tom-2"}


def test_a_full_page_is_asked_once(titled, monkeypatch):
    titled("lua-a", "Sản lượng lúa")
    titled("lua-b", "Sản lượng lúa vụ mùa")
    asked = []
    real = widening.search

    def counting(ask, data_dict):
        return real(lambda params: asked.append(params) or ask(params), data_dict)

    monkeypatch.setattr(widening, "search", counting)
    assert search("sản lượng lúa", rows=2)[0] == 2
    assert len(asked) == 1
    asked.clear()
    assert search("sản lượng lúa gạo ngô", rows=2)[0] == 2   # 5 words: not 4, not all but one; any
    assert len(asked) == 3


def test_the_boost_keeps_each_stricter_tier_above_the_next():
    stage = widening.Stage("1", [["a"], ["a", "b-c"]])
    assert stage.boost() == ("product(if(or(termfreq(id,'a')),1000,1),"
                             "if(or(termfreq(id,'a'),termfreq(id,'b-c')),1000,1))")
    assert widening.Stage().boost() is None
    assert not widening.widenable({"q": "x", "qf": "title"})
    assert not widening.widenable({"q": "x", "fl": ["name"]})
    assert widening.widenable({"q": "x", "fl": ["id", "name"]})


@pytest.mark.parametrize("rows, start", [("abc", 0), (10, "x"), (-1, 0), (5000, 0), (10, -3)])
def test_a_page_that_is_no_number_is_left_to_ckans_validation(app, rows, start):
    assert not widening.widenable({"q": "x", "rows": rows, "start": start})
    answer = app.get("/api/3/action/package_search", params={"q": "lúa", "rows": rows, "start": start},
                     expect_errors=True)
    assert answer.status_code in (200, 409)

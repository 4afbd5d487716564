"""The portal's queries against the real Solr: a word too many does not
empty the results, related terms come after the words typed, and a caller
cannot bring local parameters of their own through the portal's edismax."""
import pytest

from ckan.tests import helpers

from ckanext.thanhhoa.search import widening

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")


@pytest.fixture
def titled(sysadmin, agency, dataset_dict):
    def make(name, title, **fields):
        return helpers.call_action("package_create", {"user": sysadmin["name"]}, **dataset_dict(
            agency["id"], name=name, title_translated={"vi": title}, notes_translated={"vi": title}, **fields))
    return make


def names(q, **params):
    return [d["name"] for d in helpers.call_action("package_search", {"user": ""}, q=q, **params)["results"]]


@pytest.fixture
def strict(monkeypatch):
    """The first asking only (widening.py asks again wider)."""
    monkeypatch.setattr(widening, "STAGES", (None,))


def test_one_word_the_catalogue_lacks_does_not_empty_the_results(titled, strict):
    titled("wifi", "Điểm truy cập wifi công cộng")
    assert names("truy cập wifi miễn") == ["wifi"]                  # 4 words: all but one
    assert names("wifi công cộng") == ["wifi"]
    assert names("wifi miễn phí") == []                               # up to 3 words: all
    assert names("số liệu về wifi công cộng") == ["wifi"]            # "số liệu", "về" are no condition


def test_related_terms_are_found_after_the_words_typed(titled):
    titled("tau-ca", "Tàu cá đã đăng ký")
    titled("san-luong-thuy-san", "Sản lượng thủy sản")
    titled("giay-phep", "Giấy phép xây dựng")
    assert names("thủy sản") == ["san-luong-thuy-san", "tau-ca"]
    assert names("thuy san") == ["san-luong-thuy-san", "tau-ca"]
    assert names("fisheries")[-1] == "tau-ca"


def test_rice_does_not_bring_the_related_terms_of_fire(titled):
    titled("chay-rung", "Cấp dự báo cháy rừng")
    titled("giong-lua", "Cơ cấu giống lúa vụ Xuân")
    assert names("lúa") == ["giong-lua"]
    assert "chay-rung" in names("lửa")


def test_a_callers_local_parameters_search_as_text(app, titled, strict):
    titled("truong-hoc", "Danh sách trường học")
    lucene = app.get("/api/3/action/package_search", params={"q": "{!lucene}name:truong-hoc"})
    assert lucene.status_code == 200 and lucene.json["result"]["count"] == 0
    words = app.get("/api/3/action/package_search", params={"q": "danh sách trường học {!lucene}"})
    assert words.json["result"]["count"] == 1
    refused = app.get("/api/3/action/package_search", params={"fq": "{!edismax qf=name}truong-hoc"},
                      status=409).json
    assert refused["error"]["fq"] == ["Bộ lọc không được chứa tham số cục bộ {!edismax}."]
    assert app.get("/api/3/action/package_search", params={"fq": "{!lucene}name:x"}, status=409)


def test_a_caller_cannot_nest_a_parser_in_the_portals_edismax(app, titled):
    # "{!edismax bq='\{!join …}' v='*:*'}" passes CKAN's check (one "{!", of
    # an allowed parser) and Solr runs the escaped join: a score oracle on
    # data the caller may not read. The portal makes it text.
    titled("truong-hoc", "Danh sách trường học")
    titled("benh-vien", "Danh sách bệnh viện")
    attack = "{!edismax bq='\\{!join from=owner_org to=owner_org}text:truong' v='*:*'}"
    answer = app.get("/api/3/action/package_search", params={"q": attack, "defType": "lucene"},
                     expect_errors=True)
    assert answer.status_code in (200, 409)
    assert answer.status_code == 409 or answer.json["result"]["count"] < 2

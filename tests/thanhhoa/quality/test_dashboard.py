"""The quality dashboard (/chat-luong, its CSV, thanhhoa_quality_summary):
open datasets for everyone, a steward's own agency's shared and internal
ones too, a sysadmin's all; the agency filter; what to fix, broken links
and overdue datasets; errors in the page's language."""
import csv
import io

import pytest

from ckan.tests import factories, helpers

from ckanext.thanhhoa.quality import jobs as quality_jobs

pytestmark = pytest.mark.usefixtures("with_plugins")


@pytest.fixture(scope="module")
def world(_loaded_plugins, data_dir):
    """Agency A (a steward) with an open, a shared and an internal dataset;
    agency B with an open and a shared one. A's open dataset is monthly and
    last updated in 2024 (overdue) with a link the outbound rules refuse
    (broken); B's open dataset lacks keywords."""
    import json

    from ckanext.thanhhoa.testing.portal import empty_portal

    empty_portal()
    template = json.loads((data_dir / "dataset_full.json").read_text(encoding="utf-8"))
    steward = factories.UserWithToken()
    admin = factories.SysadminWithToken()
    a = factories.Organization(name="so-y-te", title="Sở Y tế",
                               users=[{"name": steward["name"], "capacity": "editor"}])
    b = factories.Organization(name="so-tai-chinh", title="Sở Tài chính")
    datasets = {}
    for agency, level, name, extra in (
            (a, "mo", "a-mo", {"frequency": "MONTHLY", "modified": "2024-01-15",
                               "resources": [{"name": "Bảng", "url": "http://127.0.0.1:8983/solr/", "format": "CSV"}]}),
            (a, "dung-chung", "a-dung-chung", {}), (a, "dung-rieng", "a-dung-rieng", {}),
            (b, "mo", "b-mo", {"tag_string": ""}), (b, "dung-chung", "b-dung-chung", {})):
        data = dict(template, owner_org=agency["id"], name=name, access_level=level,
                    title_translated={"vi": f"Dữ liệu {name}"}, **extra)
        datasets[name] = helpers.call_action("package_create", {"user": admin["name"]}, **data)
    quality_jobs.check_dataset(datasets["a-mo"]["id"])
    return {"datasets": datasets, "steward": steward, "admin": admin, "a": a, "b": b}


def names(summary):
    return sorted(d["name"] for d in summary["datasets"])


@pytest.mark.parametrize("who, expected", [
    ("anonymous", ["a-mo", "b-mo"]),
    ("steward", ["a-dung-chung", "a-dung-rieng", "a-mo", "b-mo"]),
    ("admin", ["a-dung-chung", "a-dung-rieng", "a-mo", "b-dung-chung", "b-mo"]),
])
def test_each_sees_the_open_datasets_and_their_own_agencys(api, world, who, expected):
    token = world[who]["token"] if who != "anonymous" else None
    summary = api("thanhhoa_quality_summary", token=token)["result"]
    assert names(summary) == expected
    assert summary["total"] == len(expected) == sum(summary["ratings"].values())
    assert sum(a["datasets"] for a in summary["agencies"].values()) == len(expected)


def test_the_agency_filter(api, world):
    summary = api("thanhhoa_quality_summary", token=world["steward"]["token"], organization="so-tai-chinh")["result"]
    assert names(summary) == ["b-mo"]
    assert list(summary["agencies"]) == [world["b"]["id"]]
    unknown = api("thanhhoa_quality_summary", status=409, organization="khong-co")
    assert unknown["error"]["organization"] == ["Không có cơ quan nào mang tên này."]
    for bad in (["so-y-te"], {"id": "so-y-te"}, 7, "so-y-te\x00", "x" * 500):
        refused = api("thanhhoa_quality_summary", status=409, organization=bad)
        assert refused["error"]["organization"] == ["Hãy ghi một tên hoặc một mã, dạng văn bản."]
    refused = api("thanhhoa_resource_link_check", status=409, resource_id="a\x00b")
    assert refused["error"]["resource_id"] == ["Hãy ghi một tên hoặc một mã, dạng văn bản."]


def test_what_to_fix_broken_links_and_overdue(api, world):
    summary = api("thanhhoa_quality_summary")["result"]
    by_name = {d["name"]: d for d in summary["datasets"]}
    assert "Thêm từ khóa." in by_name["b-mo"]["missing"]
    assert [(b["dataset"]["name"], b["error"]) for b in summary["broken"]] == [("a-mo", "blocked")]
    assert [d["name"] for d in summary["overdue"]] == ["a-mo"]
    assert by_name["a-mo"]["due"] == "2024-02-22"   # 15 Jan + 31 days + 7 days' grace
    agency = summary["agencies"][world["a"]["id"]]
    assert (agency["broken_links"], agency["overdue"], agency["datasets"]) == (1, 1, 1)


def test_the_page_in_vietnamese_and_english(app, world):
    page = app.get("/chat-luong").body
    assert "Chất lượng siêu dữ liệu" in page
    assert "Dữ liệu a-mo" in page and "Dữ liệu b-mo" in page
    assert "a-dung-chung" not in page and "b-dung-chung" not in page
    assert "Thêm từ khóa." in page
    assert "http://127.0.0.1:8983/solr/" in page        # the broken link, as text
    english = app.get("/en/chat-luong").body
    assert "Metadata quality" in english and "Add keywords." in english
    refused = app.get("/chat-luong?agency=%3Cscript%3E", status=400).body
    assert "Không có cơ quan nào mang tên này." in refused and "<script>" not in refused


def test_the_csv_as_a_steward(app, world):
    response = app.get("/chat-luong.csv?agency=so-y-te",
                       headers={"Authorization": world["steward"]["token"]})
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="chat-luong-so-y-te.csv"' in response.headers["Content-Disposition"]
    text = response.body
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0][:5] == ["Cơ quan", "Tập dữ liệu", "Tiêu đề", "Mức độ chia sẻ", "Điểm"]
    assert sorted(r[1] for r in rows[1:]) == ["a-dung-chung", "a-dung-rieng", "a-mo"]
    overdue = next(r for r in rows[1:] if r[1] == "a-mo")
    assert overdue[0] == "Sở Y tế" and overdue[7] == "1" and int(overdue[10]) > 0
    anonymous = app.get("/chat-luong.csv?agency=so-y-te").body
    assert "a-mo" in anonymous and "dung-chung" not in anonymous and "dung-rieng" not in anonymous

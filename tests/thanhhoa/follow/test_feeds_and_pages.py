"""Atom feeds of an agency's and a sector's open data (whoever asks), the
sector's follow button, /theo-doi and the actions behind it."""
import xml.etree.ElementTree as ET

import pytest

from ckan.tests import factories, helpers

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def agency(dataset_dict):
    steward = factories.UserWithToken()
    agency = factories.Organization(name="so-giao-duc-nguon", title="Sở Giáo dục", image_url="",
                                    users=[{"name": steward["name"], "capacity": "editor"}])
    for name, title, level in (("mo", "Điểm trường <b>mầm non</b>", "mo"),
                               ("chung", "Hồ sơ giáo viên", "dung-chung"),
                               ("rieng", "Ghi chú nội bộ", "dung-rieng")):
        helpers.call_action("package_create", {"user": steward["name"]}, **dataset_dict(
            agency["id"], name=f"nguon-{name}", title_translated={"vi": title, "en": f"{name} in English"},
            access_level=level, sectors=["giao-duc"]))
    return dict(agency, steward=steward)


def entries(response):
    assert response.headers["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.body.encode("utf-8"))
    return feed, [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")]


@pytest.mark.parametrize("path", ["/feeds/co-quan/so-giao-duc-nguon.atom", "/feeds/linh-vuc/giao-duc.atom"])
def test_a_feed_carries_open_data_only_whoever_asks(app, agency, path):
    for headers in ({}, {"Authorization": agency["steward"]["token"]}):
        feed, titles = entries(app.get(path, headers=headers))
        assert titles == ["Điểm trường <b>mầm non</b>"]
    assert feed.find(f"{ATOM}title").text.startswith("Cổng dữ liệu mở tỉnh Thanh Hóa: dữ liệu mở")
    link = feed.find(f"{ATOM}entry/{ATOM}link").get("href")
    assert link.endswith("/dataset/nguon-mo")
    assert "<b>" not in app.get(path).body.replace("&lt;b&gt;", "")


def test_feeds_in_english_and_unknown_names(app, agency):
    feed, titles = entries(app.get("/en/feeds/linh-vuc/giao-duc.atom"))
    assert titles == ["mo in English"] and "open data" in feed.find(f"{ATOM}title").text
    for path in ("/feeds/co-quan/khong-co.atom", "/feeds/linh-vuc/khong-co.atom"):
        app.get(path, status=404)
    group = factories.Group(image_url="")
    app.get(f"/feeds/co-quan/{group['name']}.atom", status=404)


def test_following_a_sector_from_its_search_page_and_the_follow_page(app, agency):
    citizen = factories.UserWithToken()
    headers = {"Authorization": citizen["token"]}
    anonymous = app.get("/dataset/?vocab_sectors=giao-duc").body
    assert "Đăng nhập để theo dõi lĩnh vực này" in anonymous and "/feeds/linh-vuc/giao-duc.atom" in anonymous
    page = app.get("/dataset/?vocab_sectors=giao-duc", headers=headers).body
    assert "Theo dõi Giáo dục" in page and "Thư đang tắt" in page
    helpers.call_action("thanhhoa_sector_follow", {"user": citizen["name"]}, sector="giao-duc")
    page = app.get("/dataset/?vocab_sectors=giao-duc", headers=headers).body
    assert "Bỏ theo dõi Giáo dục" in page
    mine = app.get("/theo-doi", headers=headers).body
    assert "Bỏ theo dõi Giáo dục" in mine and "Bật thư thông báo" in mine
    assert app.get("/theo-doi", follow_redirects=False).status_code == 302
    assert "What you follow" in app.get("/en/theo-doi", headers=headers).body


def test_the_follow_actions(api, agency):
    citizen = factories.UserWithToken()
    token = citizen["token"]
    assert api("thanhhoa_sector_follow", status=403, sector="giao-duc")["success"] is False
    assert api("thanhhoa_followee_list", status=403)["success"] is False
    unknown = api("thanhhoa_sector_follow", token=token, status=409, sector="khong-co")
    assert unknown["error"]["sector"] == ["Không có lĩnh vực nào mang mã này."]
    followed = api("thanhhoa_sector_follow", token=token, sector="giao-duc")["result"]
    assert followed == {"sector": "giao-duc", "title": "Giáo dục và đào tạo"}
    api("thanhhoa_sector_follow", token=token, sector="giao-duc")       # twice is once
    api("follow_dataset", token=token, id="nguon-chung", status=404)    # not readable: not found
    api("follow_dataset", token=token, id="nguon-mo")
    listed = api("thanhhoa_followee_list", token=token)["result"]
    assert listed["sectors"] == [followed] and [d["name"] for d in listed["datasets"]] == ["nguon-mo"]
    assert listed["email_notifications"] is False
    assert api("thanhhoa_email_notifications_update", token=token, on=True)["result"] == {"email_notifications": True}
    assert api("thanhhoa_email_notifications_update", token=token, status=409, on="có")["error"]["on"]
    api("thanhhoa_sector_unfollow", token=token, sector="giao-duc")
    again = api("thanhhoa_sector_unfollow", token=token, status=409, sector="giao-duc")
    assert again["error"]["sector"] == ["Bạn không theo dõi lĩnh vực này."]


def test_a_dataset_followed_while_open_and_made_internal_leaves_every_list(api, agency):
    citizen = factories.UserWithToken()
    token = citizen["token"]
    api("follow_dataset", token=token, id="nguon-mo")
    helpers.call_action("package_patch", {"user": agency["steward"]["name"]}, id="nguon-mo",
                        access_level="dung-rieng")
    assert api("followee_list", token=token, id=citizen["id"])["result"] == []
    assert api("dataset_followee_list", token=token, id=citizen["id"])["result"] == []
    assert api("thanhhoa_followee_list", token=token)["result"]["datasets"] == []


def test_another_agency_following_internal_data_does_not_see_it_listed(api, agency):
    from ckan import model

    colleague = factories.UserWithToken()
    factories.Organization(image_url="", users=[{"name": colleague["name"], "capacity": "member"}])
    for name in ("nguon-chung", "nguon-rieng"):       # followed while open
        model.Session.add(model.UserFollowingDataset(colleague["id"], model.Package.get(name).id))
    model.Session.commit()
    api("follow_group", token=colleague["token"], id=agency["id"])
    listed = api("followee_list", token=colleague["token"], id=colleague["id"])["result"]
    assert sorted(f["dict"]["name"] for f in listed) == ["nguon-chung", "so-giao-duc-nguon"]
    # CKAN's record of a followed agency carried its every dataset (ignore_auth)
    assert "Ghi chú nội bộ" not in str(listed) and "nguon-rieng" not in str(listed)
    assert [d["name"] for d in api("dataset_followee_list", token=colleague["token"],
                                   id=colleague["id"])["result"]] == ["nguon-chung"]


def test_following_tells_nothing_of_a_dataset_one_may_not_read(api, agency):
    citizen = factories.UserWithToken()
    for name in ("nguon-rieng", "khong-co-dau"):     # internal and missing answer alike
        assert api("follow_dataset", token=citizen["token"], status=404, id=name)["success"] is False
        assert api("dataset_follower_count", status=404, id=name)["success"] is False
        assert api("am_following_dataset", token=citizen["token"], status=404, id=name)["success"] is False
    assert api("dataset_follower_count", id="nguon-mo")["result"] == 0
    api("follow_group", token=citizen["token"], id=agency["id"])
    (followed,) = api("followee_list", token=citizen["token"], id=citizen["id"])["result"]
    assert "package_count" not in followed["dict"]      # counted shared and internal data


def test_the_client_address_behind_nginx(ckan_config, monkeypatch):
    import flask

    from ckanext.thanhhoa.access import proxy

    for hops, seen in ((0, "10.0.0.5"), (1, "203.0.113.9")):
        monkeypatch.setitem(ckan_config, "ckanext.thanhhoa.proxy_hops", hops)
        app = flask.Flask("t")
        app.add_url_rule("/", view_func=lambda: flask.request.remote_addr)
        proxy.register(app)
        answer = app.test_client().get("/", headers={"X-Forwarded-For": "1.2.3.4, 203.0.113.9"},
                                       environ_base={"REMOTE_ADDR": "10.0.0.5"})
        assert answer.get_data(as_text=True) == seen

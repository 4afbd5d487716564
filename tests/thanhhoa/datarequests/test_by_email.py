"""A data request without an account: asked with an e-mail address, sent to
the agency only once the link mailed there is confirmed (a GET of the link
changes nothing), answered to that address; bounded per address, account
and client."""
import datetime
import re

import pytest

from ckan.tests import factories

from ckanext.thanhhoa.datarequests import model as store

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
ASK = {"title": "Lịch thu gom rác", "description": "Theo phường, theo ngày.", "organization": "so-xay-dung-yc"}


@pytest.fixture
def steward():
    steward = factories.UserWithToken()
    factories.Organization(name="so-xay-dung-yc", title="Sở Xây dựng", image_url="",
                           users=[{"name": steward["name"], "capacity": "editor"}])
    return steward


def link_in(message) -> str:
    body = message.get_body(("plain",)).get_content()
    return re.search(r"http://\S+/yeu-cau-du-lieu/xac-nhan/(\S+)", body).group(1)


def test_asked_by_email_confirmed_by_its_link_and_answered_there(app, api, steward, mailbox):
    asked = api("thanhhoa_data_request_create", email="nguoi-dan@example.vn", **ASK)["result"]
    assert asked == {"state": "unconfirmed", "email": "nguoi-dan@example.vn"}
    (message,) = mailbox.wait_for(1)
    assert message["Subject"] == "Xác nhận yêu cầu dữ liệu"      # nothing typed by the sender
    assert "Lịch thu gom rác" not in message.get_body(("plain",)).get_content()
    assert "<nguoi-dan@example.vn>" in message["To"]
    key = link_in(message)
    for who in (None, steward["token"]):           # nobody sees it before it is confirmed
        assert api("thanhhoa_data_request_list", token=who)["result"]["count"] == 0
    page = app.get(f"/yeu-cau-du-lieu/xac-nhan/{key}").body
    assert "Xác nhận yêu cầu của tôi" in page
    assert api("thanhhoa_data_request_list")["result"]["count"] == 0     # a GET confirmed nothing

    mailbox.clear()
    confirmed = api("thanhhoa_data_request_confirm", key=key)["result"]
    assert confirmed["state"] == "open" and confirmed["title"] == "Lịch thu gom rác" and "requester" not in confirmed
    seen = api("thanhhoa_data_request_show", token=steward["token"], id=confirmed["id"])["result"]
    assert seen["requester"] == {"name": None, "display_name": "Không có tài khoản",
                                 "email": "nguoi-dan@example.vn"}
    again = api("thanhhoa_data_request_confirm", status=409, key=key)
    assert again["error"]["key"] == ["Đường dẫn này không hợp lệ, đã được dùng hoặc đã hết hạn."]

    api("thanhhoa_data_request_answer", token=steward["token"], id=confirmed["id"], state="refused",
        answer="Lịch do từng phường công bố.")
    (answer,) = mailbox.wait_for(1)
    assert "<nguoi-dan@example.vn>" in answer["To"]
    assert "Lịch do từng phường công bố." in answer.get_body(("plain",)).get_content()


def test_the_form_without_an_account(app, steward, mailbox):
    page = app.get("/yeu-cau-du-lieu/moi").body
    assert 'name="email"' in page and "Đăng nhập" in page
    sent = app.post("/yeu-cau-du-lieu/moi", data=dict(ASK, email="ban-doc@example.vn", public="on")).body
    assert "Chúng tôi đã gửi một đường dẫn tới ban-doc@example.vn" in sent
    key = link_in(mailbox.wait_for(1)[0])
    confirmed = app.post(f"/yeu-cau-du-lieu/xac-nhan/{key}", follow_redirects=False)
    assert confirmed.status_code == 302 and "/yeu-cau-du-lieu/" in confirmed.headers["Location"]
    assert app.post(f"/yeu-cau-du-lieu/xac-nhan/{key}", status=400)
    assert app.post("/yeu-cau-du-lieu/xac-nhan/" + "x" * 32, status=400)


def test_an_expired_link_confirms_nothing(api, steward, mailbox):
    api("thanhhoa_data_request_create", email="tre@example.vn", **ASK)
    key = link_in(mailbox.wait_for(1)[0])
    (request,) = store.select(store.data_request.c.requester_email == "tre@example.vn")
    store.update(request["id"], {"confirm_by": store.now() - datetime.timedelta(seconds=1)})
    assert api("thanhhoa_data_request_confirm", status=409, key=key)["error"]["key"]


def test_requests_are_bounded_per_inbox_per_client_and_per_account(
        api, steward, mailbox, ckan_config, monkeypatch):
    for address in ("nhieu@example.vn", "Nhieu+1@example.vn", " NHIEU+hai@example.vn"):     # one inbox
        api("thanhhoa_data_request_create", email=address, **ASK)
    refused = api("thanhhoa_data_request_create", status=409, email="nhieu+3@example.vn", **ASK)
    assert refused["error"]["message"] == "Quá nhiều yêu cầu trong lúc này: hãy thử lại sau."
    assert len(mailbox.wait_for(3)) == 3

    monkeypatch.setitem(ckan_config, "ckanext.thanhhoa.data_requests.per_day", 5)
    api("thanhhoa_data_request_create", email="khac@example.vn", **ASK)      # the client's 5th
    api("thanhhoa_data_request_create", status=409, email="khac-nua@example.vn", **ASK)

    monkeypatch.setitem(ckan_config, "ckanext.thanhhoa.data_requests.per_day", 2)
    citizen = factories.UserWithToken()       # an account counts its own, not the client's
    for status in (200, 200, 409):
        api("thanhhoa_data_request_create", status=status, token=citizen["token"], **ASK)


def test_expired_unconfirmed_requests_are_forgotten(api, steward, mailbox):
    api("thanhhoa_data_request_create", email="quen@example.vn", **ASK)
    (request,) = store.select(store.data_request.c.requester_email == "quen@example.vn")
    store.update(request["id"], {"confirm_by": store.now() - datetime.timedelta(seconds=1)})
    api("thanhhoa_data_request_create", email="moi@example.vn", **ASK)
    assert store.select(store.data_request.c.requester_email == "quen@example.vn") == []


def test_an_inbox_is_counted_once_whatever_its_spelling():
    from ckanext.thanhhoa.datarequests.limits import address

    assert address(" A.B+x@Gmail.com ") == "ab@gmail.com"
    assert address("A.B+x@example.vn") == "a.b@example.vn"

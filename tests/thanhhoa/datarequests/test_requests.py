"""Citizens' data requests: asked signed in, public without the requester
unless private, answered by the agency asked (accepted with a date, refused
with the reason, done with the dataset), the requester told by e-mail in
Vietnamese; deadlines for a first answer; nobody else sees a private one
or answers for the agency."""
import datetime

import pytest

from ckan.tests import factories, helpers

from ckanext.thanhhoa.datarequests import model as store

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")


@pytest.fixture
def people():
    citizen, steward, outsider = (factories.UserWithToken(email=f"{n}@example.vn")
                                  for n in ("cong-dan", "can-bo", "nguoi-khac"))
    agency = factories.Organization(name="so-y-te", title="Sở Y tế",
                                    users=[{"name": steward["name"], "capacity": "editor"}])
    factories.Organization(name="so-tai-chinh", users=[{"name": outsider["name"], "capacity": "editor"}])
    return {"citizen": citizen, "steward": steward, "outsider": outsider, "agency": agency}


def ask(api, people, **extra):
    return api("thanhhoa_data_request_create", token=people["citizen"]["token"], **dict(
        {"title": "Danh sách nhà thuốc", "description": "Tên, địa chỉ, giờ mở cửa.",
         "purpose": "Ứng dụng tìm nhà thuốc", "organization": "so-y-te"}, **extra))["result"]


def test_a_public_request_shows_without_its_requester(api, people):
    request = ask(api, people)
    assert request["state"] == "open" and request["organization"]["title"] == "Sở Y tế"
    anonymous = api("thanhhoa_data_request_show", id=request["id"])["result"]
    assert anonymous["title"] == "Danh sách nhà thuốc" and "requester" not in anonymous
    listed = api("thanhhoa_data_request_list")["result"]
    assert [r["id"] for r in listed["results"]] == [request["id"]] and listed["overdue"] == 0
    steward = api("thanhhoa_data_request_show", token=people["steward"]["token"], id=request["id"])["result"]
    assert steward["requester"]["email"] == "cong-dan@example.vn"


def test_a_private_request_is_for_its_requester_and_the_agency_only(api, people):
    request = ask(api, people, title="Hồ sơ bệnh án của tôi", public=False)
    for token in (None, people["outsider"]["token"]):
        assert api("thanhhoa_data_request_show", token=token, status=404, id=request["id"])["success"] is False
        assert api("thanhhoa_data_request_list", token=token)["result"]["count"] == 0
    for who in ("citizen", "steward"):
        found = api("thanhhoa_data_request_list", token=people[who]["token"])["result"]
        assert [r["title"] for r in found["results"]] == ["Hồ sơ bệnh án của tôi"]


def test_asking_needs_an_account_or_an_address_and_what_is_asked(api, people):
    refused = api("thanhhoa_data_request_create", status=409, title="x", description="y")
    assert refused["error"]["email"] == ["Hãy đăng nhập, hoặc ghi địa chỉ thư điện tử để xác nhận yêu cầu."]
    for bad in ("khong-phai-thu", "a@b", "x@y.vn\nBcc: z@w.vn", ["a@b.vn"]):
        wrong = api("thanhhoa_data_request_create", status=409, title="x", description="y", email=bad)
        assert wrong["error"]["email"] == ["Đây không phải địa chỉ thư điện tử."]
    missing = api("thanhhoa_data_request_create", token=people["citizen"]["token"], status=409,
                  title=" ", description="y", organization="khong-co")
    assert missing["error"]["title"] == ["Thiếu giá trị"]
    assert missing["error"]["organization"] == ["Không có cơ quan nào mang tên này."]


def test_the_agency_answers_and_the_requester_is_told(api, people, mailbox, sysadmin, dataset_dict):
    request = ask(api, people)
    token = people["steward"]["token"]
    no_date = api("thanhhoa_data_request_answer", token=token, status=409, id=request["id"], state="accepted")
    assert no_date["error"]["planned_date"] == ["Hãy ghi ngày dự kiến (YYYY-MM-DD)."]
    no_reason = api("thanhhoa_data_request_answer", token=token, status=409, id=request["id"], state="refused")
    assert no_reason["error"]["answer"] == ["Thiếu giá trị"]
    api("thanhhoa_data_request_answer", token=people["outsider"]["token"], status=403, id=request["id"],
        state="refused", answer="Không")
    assert mailbox.messages == []

    dataset = helpers.call_action("package_create", {"user": sysadmin["name"]}, **dataset_dict(
        people["agency"]["id"], name="nha-thuoc", title_translated={"vi": "Danh sách nhà thuốc đạt chuẩn"}))
    done = api("thanhhoa_data_request_answer", token=token, id=request["id"], state="done",
               dataset="nha-thuoc", answer="Đã công bố.")["result"]
    assert done["state"] == "done" and done["dataset"]["name"] == dataset["name"]
    (message,) = mailbox.wait_for(1)
    assert message["To"].endswith("<cong-dan@example.vn>") or message["To"] == "cong-dan@example.vn"
    assert message["Subject"] == "Trả lời yêu cầu dữ liệu của bạn: Danh sách nhà thuốc"
    body = message.get_body(("plain",)).get_content()
    assert "Dữ liệu bạn yêu cầu đã được công bố: Danh sách nhà thuốc đạt chuẩn" in body
    assert "/dataset/nha-thuoc" in body and "Đã công bố." in body


def test_a_request_unanswered_past_its_deadline_is_overdue(api, people, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckanext.thanhhoa.data_requests.answer_days", 10)
    late, recent = ask(api, people, title="Cũ"), ask(api, people, title="Mới")
    store.update(late["id"], {"created": store.now() - datetime.timedelta(days=11)})
    found = api("thanhhoa_data_request_list")["result"]
    assert found["overdue"] == 1
    assert {r["title"]: r["overdue"] for r in found["results"]} == {"Cũ": True, "Mới": False}
    assert api("thanhhoa_data_request_show", id=recent["id"])["result"]["deadline"] == \
        (datetime.date.today() + datetime.timedelta(days=10)).isoformat()


def test_the_pages(app, api, people):
    request = ask(api, people, title="<script>alert(1)</script> Nhà thuốc")
    page = app.get("/yeu-cau-du-lieu").body
    assert "Yêu cầu dữ liệu" in page and "&lt;script&gt;alert(1)&lt;/script&gt; Nhà thuốc" in page
    assert "<script>alert(1)" not in page
    assert 'name="email"' in app.get("/yeu-cau-du-lieu/moi").body     # without an account: an address
    citizen = app.get(f"/yeu-cau-du-lieu/{request['id']}", headers={"Authorization": people["citizen"]["token"]}).body
    assert "Gửi trả lời" not in citizen
    steward = app.get(f"/yeu-cau-du-lieu/{request['id']}", headers={"Authorization": people["steward"]["token"]}).body
    assert "Gửi trả lời" in steward and "cong-dan@example.vn" in steward
    app.get("/yeu-cau-du-lieu/khong-co", status=404)
    english = app.get("/en/yeu-cau-du-lieu").body
    assert "Data requests" in english


def test_an_answer_names_open_data_only_and_a_title_stays_one_line(api, people, mailbox, sysadmin, dataset_dict):
    request = ask(api, people, title="Danh sách\x0bnhà thuốc\u2028mới")
    assert request["title"] == "Danh sách nhà thuốc mới"
    helpers.call_action("package_create", {"user": sysadmin["name"]}, **dataset_dict(
        people["agency"]["id"], name="noi-bo", access_level="dung-rieng", title_translated={"vi": "Bí mật"}))
    refused = api("thanhhoa_data_request_answer", token=people["steward"]["token"], status=409,
                  id=request["id"], state="done", dataset="noi-bo")
    assert refused["error"]["dataset"] == ["Hãy ghi tập dữ liệu mở đáp ứng yêu cầu."]
    assert "Bí mật" not in str(api("thanhhoa_data_request_show", id=request["id"]))
    odd = api("thanhhoa_data_request_create", token=people["citizen"]["token"], status=409,
              title="x", description="y", public="co le")
    assert odd["error"]["public"] == ["Hãy ghi true hoặc false."]


def test_the_forms_say_what_is_missing_beside_the_field(app, api, people):
    citizen = {"Authorization": people["citizen"]["token"]}
    page = app.post("/yeu-cau-du-lieu/moi", headers=citizen, status=400,
                    data={"title": " ", "description": "Tên, địa chỉ.", "public": "on"}).body
    assert 'id="error-title">Thiếu giá trị</div>' in page and 'aria-describedby="error-title"' in page
    request = ask(api, people)
    steward = {"Authorization": people["steward"]["token"]}
    page = app.post(f"/yeu-cau-du-lieu/{request['id']}", headers=steward, status=400,
                    data={"state": "accepted"}).body
    assert 'id="error-planned_date">Hãy ghi ngày dự kiến (YYYY-MM-DD).</div>' in page
    app.post(f"/yeu-cau-du-lieu/{request['id']}", headers=citizen, status=403, data={"state": "refused"})

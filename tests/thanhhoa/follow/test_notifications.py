"""Follow and be told: `ckan notify send_emails` (CKAN's command) sends the
portal's Vietnamese e-mail naming each dataset published or updated in what
the user follows (an agency, a dataset, a sector), open data only for a
citizen, never one's own edits, once."""
import pytest

from ckan.cli.cli import ckan
from ckan.tests import factories, helpers

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")


@pytest.fixture
def people():
    citizen, steward, colleague = (factories.UserWithToken(email=f"{n}@example.vn", fullname=f"Người {n}")
                                   for n in ("cong-dan", "can-bo", "dong-nghiep"))
    agency = factories.Organization(name="so-giao-duc-theo-doi", title="Sở Giáo dục và Đào tạo", image_url="",
                                    users=[{"name": steward["name"], "capacity": "editor"}])
    other = factories.Organization(name="so-y-te-theo-doi", title="Sở Y tế", image_url="",
                                   users=[{"name": colleague["name"], "capacity": "editor"}])
    for who in (citizen, steward, colleague):
        helpers.call_action("thanhhoa_email_notifications_update", {"user": who["name"]}, on=True)
    return {"citizen": citizen, "steward": steward, "colleague": colleague, "agency": agency, "other": other}


def publish(who, agency, dataset_dict, name, title, **extra):
    return helpers.call_action("package_create", {"user": who["name"]}, **dataset_dict(
        agency["id"], name=name, title_translated={"vi": title}, **extra))


def send(cli):
    result = cli.invoke(ckan, ["notify", "send_emails"])
    assert result.exit_code == 0, result.output


def mails(mailbox, count):
    return {m["To"].split("<")[-1].rstrip(">"): (m["Subject"], m.get_body(("plain",)).get_content())
            for m in mailbox.wait_for(count)}


def test_following_an_agency_tells_a_citizen_of_its_open_data_in_vietnamese(
        cli, people, mailbox, dataset_dict):
    helpers.call_action("follow_group", {"user": people["citizen"]["name"]}, id=people["agency"]["id"])
    publish(people["steward"], people["agency"], dataset_dict, "diem-truong", "Danh sách điểm trường mầm non")
    publish(people["steward"], people["agency"], dataset_dict, "ho-so-giao-vien", "Hồ sơ giáo viên",
            access_level="dung-chung")
    send(cli)
    subject, body = mails(mailbox, 1)["cong-dan@example.vn"]
    assert subject == "Cổng dữ liệu mở tỉnh Thanh Hóa: 1 tập dữ liệu bạn theo dõi mới hoặc được cập nhật"
    assert "Chào Người cong-dan," in body
    assert "- [Mới] Danh sách điểm trường mầm non (Sở Giáo dục và Đào tạo)" in body
    assert "/dataset/diem-truong" in body
    assert "Bạn theo dõi: cơ quan Sở Giáo dục và Đào tạo" in body
    assert "Hồ sơ giáo viên" not in body and "/theo-doi" in body
    mailbox.clear()
    send(cli)      # told once
    assert mailbox.messages == []


def test_another_agency_is_told_of_shared_data_and_a_steward_not_of_their_own(
        cli, people, mailbox, dataset_dict):
    for who in ("colleague", "steward"):
        helpers.call_action("follow_group", {"user": people[who]["name"]}, id=people["agency"]["id"])
    publish(people["steward"], people["agency"], dataset_dict, "ho-so-giao-vien", "Hồ sơ giáo viên",
            access_level="dung-chung")
    publish(people["steward"], people["agency"], dataset_dict, "noi-bo", "Ghi chú nội bộ",
            access_level="dung-rieng")
    send(cli)
    told = mails(mailbox, 1)
    assert set(told) == {"dong-nghiep@example.vn"}
    subject, body = told["dong-nghiep@example.vn"]
    assert "Hồ sơ giáo viên" in body and "Ghi chú nội bộ" not in body


def test_a_sector_and_a_dataset_followed_and_an_update_named_as_such(cli, people, mailbox, dataset_dict):
    old = publish(people["colleague"], people["other"], dataset_dict, "co-so-y-te", "Cơ sở y tế",
                  sectors=["y-te"])
    helpers.call_action("thanhhoa_sector_follow", {"user": people["citizen"]["name"]}, sector="giao-duc")
    helpers.call_action("follow_dataset", {"user": people["citizen"]["name"]}, id=old["id"])
    send(cli)      # told of the new dataset followed; what follows is since this e-mail
    assert "- [Mới] Cơ sở y tế (Sở Y tế)" in mails(mailbox, 1)["cong-dan@example.vn"][1]
    mailbox.clear()
    publish(people["colleague"], people["other"], dataset_dict, "y-te-hoc-duong", "Y tế học đường",
            sectors=["giao-duc", "y-te"])
    helpers.call_action("package_patch", {"user": people["colleague"]["name"]}, id=old["id"],
                        title_translated={"vi": "Cơ sở y tế công lập"})
    send(cli)
    subject, body = mails(mailbox, 1)["cong-dan@example.vn"]
    assert subject.endswith(": 2 tập dữ liệu bạn theo dõi mới hoặc được cập nhật")
    assert "- [Mới] Y tế học đường (Sở Y tế)" in body and "Bạn theo dõi: lĩnh vực Giáo dục" in body
    assert "- [Cập nhật] Cơ sở y tế công lập (Sở Y tế)" in body and "Bạn theo dõi: tập dữ liệu này" in body


def test_nothing_is_sent_with_the_emails_off_or_nothing_followed(cli, people, mailbox, dataset_dict):
    helpers.call_action("follow_group", {"user": people["citizen"]["name"]}, id=people["agency"]["id"])
    helpers.call_action("thanhhoa_email_notifications_update", {"user": people["citizen"]["name"]}, on=False)
    publish(people["steward"], people["agency"], dataset_dict, "diem-truong", "Danh sách điểm trường")
    send(cli)
    assert mailbox.wait_for(1, timeout=1) == []


def test_one_users_failure_stops_nobody_and_the_dashboard_viewed_hides_nothing(
        cli, people, mailbox, dataset_dict):
    from ckan import model

    odd = model.User.get(people["colleague"]["id"])
    odd.fullname = "0\nBcc: ke-xau@example.vn"      # CKAN's mailer raised on it, before its own try
    model.Session.commit()
    for who in ("citizen", "colleague"):
        helpers.call_action("thanhhoa_sector_follow", {"user": people[who]["name"]}, sector="giao-duc")
    publish(people["steward"], people["agency"], dataset_dict, "diem-truong", "Danh sách điểm trường",
            sectors=["giao-duc"])
    # the dashboard viewed after the change: CKAN counted from then, and a
    # sector followed is not on the dashboard
    helpers.call_action("dashboard_mark_activities_old", {"user": people["citizen"]["name"]})
    send(cli)
    told = mails(mailbox, 2)
    assert set(told) == {"cong-dan@example.vn", "dong-nghiep@example.vn"}
    from email.utils import getaddresses

    for message in mailbox.messages:      # the name stays a name: one recipient, no header of its own
        assert message["Bcc"] is None and len(getaddresses([message["To"]])) == 1

"""The dataset page's table of the model's fields reads as the rest of the
page: only fields that hold a value, languages by name, dates in the page's
language, a number after a group's name only when there are several. The
sidebar is made once, with the agency read without its members."""
import html
import re

import pytest
import sqlalchemy

from ckan import model
from ckan.tests import factories, helpers

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")


def table(app, name, lang=""):
    """(label, text) of each row of the page's "Thông tin khác" table."""
    body = app.get(f"{lang}/dataset/{name}").get_data(as_text=True)
    section = body[body.index("additional-info"):]
    section = section[:section.index("</table>")]
    rows = re.findall(r'<th scope="row" class="dataset-label">(.*?)</th>\s*<td[^>]*>(.*?)</td>',
                      section, re.S)
    text = lambda s: " ".join(html.unescape(re.sub(r"<[^>]+>", " ", s)).split())  # noqa: E731
    return [(text(label), text(value)) for label, value in rows], section


def test_only_fields_with_values_are_listed(app, sysadmin, agency, dataset_dict):
    dataset = dataset_dict(agency["id"], name="chi-co-ten")
    for key in ("version", "version_notes", "conforms_to", "documentation", "provenance"):
        dataset.pop(key)
    dataset["contact"] = [{"name": "Phòng Kế hoạch", "email": "khtc@thanhhoa.edu.vn", "phone": ""}]
    helpers.call_action("package_create", {"user": sysadmin["name"]}, **dataset)

    rows, section = table(app, "chi-co-ten")
    labels = [label for label, _ in rows]
    assert "Phiên bản" not in labels and "Nguồn gốc" not in labels and "Tài liệu" not in labels
    assert all(value for _, value in rows), rows
    assert "Điện thoại" not in section                  # the contact's empty subfield


def test_languages_dates_and_groups_read_as_the_page(app, sysadmin, agency, dataset_dict):
    helpers.call_action("package_create", {"user": sysadmin["name"]}, **dataset_dict(
        agency["id"], name="hai-nam-hoc", issued="2025-06-15",
        temporal_coverage=[{"start": "2023-09-01", "end": "2024-05-31"},
                           {"start": "2024-09-01", "end": "2025-05-31"}]))

    rows, section = table(app, "hai-nam-hoc")
    shown = dict(rows)
    assert shown["Ngôn ngữ"] == "Tiếng Việt, Tiếng Anh"
    assert shown["Ngày ban hành"] == "15/06/2025"
    assert "2025-06-15" not in shown["Ngày ban hành"]
    assert "01/09/2023" in shown["Thời gian dữ liệu"] and "31/05/2025" in shown["Thời gian dữ liệu"]
    assert "Khoảng thời gian 1" in section and "Khoảng thời gian 2" in section   # two periods
    assert "Đầu mối liên hệ 1" not in section and "Đầu mối liên hệ" in section   # one contact

    english = dict(table(app, "hai-nam-hoc", lang="/en")[0])
    assert english["Language"] == "Vietnamese, English"
    assert english["Issued"] == "Jun 15, 2025"


def test_the_sidebar_is_made_once_and_reads_the_agency_without_its_members(app, sysadmin, dataset_dict):
    steward = factories.User()
    agency = factories.Organization(title="Sở Tài chính", users=[{"name": steward["name"], "capacity": "editor"}])
    helpers.call_action("package_create", {"user": sysadmin["name"]}, **dataset_dict(agency["id"], name="ngan-sach"))
    statements = []

    def seen(conn, cursor, statement, *args):
        statements.append(statement)
    sqlalchemy.event.listen(model.meta.engine, "before_cursor_execute", seen)
    try:
        body = app.get("/dataset/ngan-sach").get_data(as_text=True)
    finally:
        sqlalchemy.event.remove(model.meta.engine, "before_cursor_execute", seen)

    assert body.count('id="organization-info"') == 1 and "Sở Tài chính" in body
    # the follower count of the sidebar's info box: CKAN's page.html made it twice
    assert sum("user_following_dataset" in s for s in statements) == 1
    # the agency's members (each with a count of their datasets) are not read
    assert not any("JOIN member" in s and '"user"' in s for s in statements)
    assert len(statements) <= 25, len(statements)        # 23 when this test was written

"""Agencies: the organization schema's rules and `ckan thanhhoa seed`."""
import pytest

from ckanext.thanhhoa.operations.cli import thanhhoa
from ckan.tests import factories, helpers

from ckanext.thanhhoa.metadata import vocab

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")


def test_an_agency_keeps_its_fields(sysadmin):
    agency = helpers.call_action(
        "organization_create", {"user": sysadmin["name"]}, name="so-y-te", title="Sở Y tế",
        title_en="Department of Health", agency_code="000.00.12.h56", agency_level="tinh",
        phone="0237 3852 333", email="syt@thanhhoa.gov.vn", website="https://soyte.thanhhoa.gov.vn")
    assert agency["agency_code"] == "000.00.12.H56"
    assert agency["title_en"] == "Department of Health"


@pytest.mark.parametrize("field, value, message", [
    ("agency_code", "H56-12", "Mã định danh điện tử phải có dạng 000.00.00.H56"),
    ("email", "syt@", "Địa chỉ thư điện tử không hợp lệ"),
    ("phone", "123", "Số điện thoại không hợp lệ"),
    ("website", "soyte.thanhhoa.gov.vn", "Không phải đường dẫn http(s) hợp lệ"),
    ("title", "", "Thiếu giá trị"),
])
def test_agency_rejections_in_vietnamese(app, sysadmin, field, value, message):
    data = {"name": "so-y-te", "title": "Sở Y tế", field: value}
    response = app.post("/api/3/action/organization_create", json=data,
                        headers={"Authorization": sysadmin["token"]}, status=409)
    assert response.json["error"][field] == [message]
    assert helpers.call_action("organization_list") == []


def test_electronic_codes_are_unique(app, sysadmin):
    factories.Organization(name="so-y-te", agency_code="000.00.12.H56")
    response = app.post("/api/3/action/organization_create", status=409,
                        json={"name": "so-khac", "title": "Sở khác", "agency_code": "000.00.12.H56"},
                        headers={"Authorization": sysadmin["token"]})
    assert response.json["error"]["agency_code"] == ["Đã có cơ quan khác dùng mã định danh điện tử này"]


def test_seed_creates_the_agencies_once(cli):
    first = cli.invoke(thanhhoa, ["seed"])
    second = cli.invoke(thanhhoa, ["seed"])

    count = len(vocab.agencies())
    assert f"agencies: {count} created, 0 already there" in first.output
    assert f"agencies: 0 created, {count} already there" in second.output
    ubnd = helpers.call_action("organization_show", id="ubnd-tinh-thanh-hoa")
    assert ubnd["agency_code"] == "000.00.00.H56"
    assert ubnd["title"] == "Ủy ban nhân dân tỉnh Thanh Hóa"


def test_the_publisher_of_a_dataset_is_its_agency(sysadmin, dataset_dict):
    agency = helpers.call_action(
        "organization_create", {"user": sysadmin["name"]}, name="so-y-te", title="Sở Y tế",
        agency_code="000.00.12.H56", agency_level="tinh")
    dataset = helpers.call_action("package_create", {"user": sysadmin["name"]},
                                  **dataset_dict(agency["id"], publisher={"title": "typed by hand"}))
    assert helpers.call_action("package_show", id=dataset["id"])["publisher"] == {
        "name": "so-y-te", "title": "Sở Y tế", "agency_code": "000.00.12.H56", "agency_level": "tinh"}

"""An agency and a dataset created through the Action API are found by
package_search: PostgreSQL and Solr for real."""
import pytest

from ckan.tests import factories, helpers

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")


def test_dataset_created_through_the_api_is_found_in_solr():
    sysadmin = factories.Sysadmin()
    context = {"user": sysadmin["name"]}
    agency = helpers.call_action(
        "organization_create", context, name="so-y-te", title="Sở Y tế tỉnh Thanh Hóa"
    )
    helpers.call_action(
        "package_create", context,
        name="co-so-kham-chua-benh", title="Cơ sở khám chữa bệnh",
        notes="Bệnh viện công lập", owner_org=agency["id"],
    )

    result = helpers.call_action("package_search", q="bệnh viện")

    assert result["count"] == 1
    assert result["results"][0]["name"] == "co-so-kham-chua-benh"
    assert result["results"][0]["organization"]["name"] == "so-y-te"
    by_agency = helpers.call_action(
        "package_search", fq='organization:"so-y-te"', **{"facet.field": '["organization"]'}
    )
    assert by_agency["count"] == 1
    assert by_agency["search_facets"]["organization"]["items"][0]["count"] == 1


def test_search_finds_nothing_for_a_word_that_is_not_there():
    factories.Dataset(title="Danh sách trường học", owner_org=factories.Organization()["id"])
    assert helpers.call_action("package_search", q="thủy sản")["count"] == 0
    assert helpers.call_action("package_search", q="trường")["count"] == 1

"""An agency and a dataset created through the Action API are found by
package_search: PostgreSQL and Solr for real."""
import pytest

from ckan.tests import factories, helpers

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")


def test_dataset_created_through_the_api_is_found_in_solr(dataset_dict):
    sysadmin = factories.Sysadmin()
    context = {"user": sysadmin["name"]}
    agency = helpers.call_action(
        "organization_create", context, name="so-y-te", title="Sở Y tế tỉnh Thanh Hóa"
    )
    helpers.call_action("package_create", context, **dataset_dict(
        agency["id"], name="co-so-kham-chua-benh",
        title_translated={"vi": "Cơ sở khám chữa bệnh"},
        notes_translated={"vi": "Bệnh viện công lập"}))

    result = helpers.call_action("package_search", q="bệnh viện")

    assert result["count"] == 1
    assert result["results"][0]["name"] == "co-so-kham-chua-benh"
    assert result["results"][0]["organization"]["name"] == "so-y-te"
    by_agency = helpers.call_action(
        "package_search", fq='organization:"so-y-te"', **{"facet.field": '["organization"]'}
    )
    assert by_agency["count"] == 1
    assert by_agency["search_facets"]["organization"]["items"][0]["count"] == 1


def test_search_finds_nothing_for_a_word_that_is_not_there(sysadmin, agency, dataset_dict):
    helpers.call_action("package_create", {"user": sysadmin["name"]}, **dataset_dict(agency["id"]))
    assert helpers.call_action("package_search", q="thủy sản")["count"] == 0
    assert helpers.call_action("package_search", q="trường")["count"] == 1

"""The portal on SolrCloud (solr/launcher's CloudLauncher: 2 nodes, an
embedded ZooKeeper, a collection of 2 shards x 2 replicas from the same
configset as the single core): Vietnamese search (the ICU analysis is on
the cluster's classpath) and the access levels answer as on one core; each
shard's replicas sit on different nodes; with one node stopped, search
still finds every dataset. `make test-cloud` runs the search and access
tests on such a cluster too (--solrcloud, testing/fixtures.py)."""
import json
import time
import urllib.request

import pytest

import ckan.lib.search as search
from ckan.tests import factories, helpers

from ckanext.thanhhoa.testing import solrcloud

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")
TITLES = {"mo": "Danh sách trường học mầm non", "dung-chung": "Hồ sơ trường học chia sẻ",
          "dung-rieng": "Ghi chú nội bộ trường học"}


@pytest.fixture(scope="module")
def cloud():
    with solrcloud.running() as cluster:
        yield cluster


@pytest.fixture
def on_cloud(cloud, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "solr_url", cloud.url)
    search.clear_all()
    yield cloud
    search.clear_all()


def test_the_session_searches_where_it_was_asked(pytestconfig):
    """`make test-cloud` (--solrcloud) points CKAN at a cluster for the whole
    session, so that every search and access test runs there."""
    from ckan.common import config

    assert (f"/{solrcloud.COLLECTION}" in config["solr_url"]) == pytestconfig.getoption("solrcloud")


def titles(api, token=None, **params):
    found = api("package_search", token=token, include_private=True, rows=50, **params)["result"]
    return sorted(d["title"] for d in found["results"])


def test_search_and_access_on_solrcloud_and_with_a_node_down(api, on_cloud, dataset_dict, sysadmin):
    own, other = factories.UserWithToken(), factories.UserWithToken()
    agency = factories.Organization(image_url="", users=[{"name": own["name"], "capacity": "editor"}])
    factories.Organization(image_url="", users=[{"name": other["name"], "capacity": "member"}])
    for level, title in TITLES.items():
        helpers.call_action("package_create", {"user": sysadmin["name"]}, **dataset_dict(
            agency["id"], name=f"cloud-{level}", access_level=level, title_translated={"vi": title}))

    def check():
        assert titles(api, q="truong hoc") == [TITLES["mo"]]        # without diacritics, as citizens type
        assert titles(api, other["token"], q="trường học") == sorted([TITLES["mo"], TITLES["dung-chung"]])
        assert titles(api, own["token"], q="*:*") == sorted(TITLES.values())

    check()
    with urllib.request.urlopen(f"{on_cloud.url}/select?q=*:*&rows=0&wt=json") as answer:
        assert json.load(answer)["response"]["numFound"] == 3       # the cloud holds them, not the core
    with urllib.request.urlopen(f"{on_cloud.nodes[0]}/admin/collections?action=CLUSTERSTATUS&wt=json") as answer:
        shards = json.load(answer)["cluster"]["collections"][solrcloud.COLLECTION]["shards"]
    assert len(shards) == 2
    for shard in shards.values():
        nodes = [replica["node_name"] for replica in shard["replicas"].values()]
        assert len(nodes) == 2 and len(set(nodes)) == 2, shards

    on_cloud.stop_node(1)
    deadline = time.monotonic() + 60
    while True:      # until the cluster has marked the stopped node's replicas down
        try:
            check()
            break
        except Exception:      # a search routed to a replica still marked live
            if time.monotonic() > deadline:
                raise
            time.sleep(1)
    with urllib.request.urlopen(f"{on_cloud.nodes[0]}/admin/collections?action=CLUSTERSTATUS&wt=json") as answer:
        live = json.load(answer)["cluster"]["live_nodes"]
    assert len(live) == 1

"""Another portal of this kind, harvested with ckanext-dcat's RDF harvester
(`dcat_rdf` source, profiles `euro_dcat_ap_3 thanhhoa`): its catalogue,
served over a real socket on 127.0.0.1, becomes the same datasets here, in
agencies found (or created) by their electronic code."""
import pytest
from ckan import model
from ckan.tests import factories, helpers

from ckanext.thanhhoa.testing.dcat import comparable
from ckanext.thanhhoa.testing.harvest import run_job
from ckanext.thanhhoa.testing.http import serve

# the fixture `catalogue` empties the portal before it loads
pytestmark = pytest.mark.usefixtures("with_plugins", "clean_harvest_queues")


@pytest.fixture
def other_portal(app, catalogue):
    """The catalogue of the fixture datasets as another portal serves it;
    the datasets (and one of the two agencies) are then purged here."""
    body = app.get("/catalog.ttl").get_data()
    admin = factories.Sysadmin()
    for dataset in catalogue.values():
        helpers.call_action("dataset_purge", {"user": admin["name"]}, id=dataset["id"])
    helpers.call_action("organization_purge", {"user": admin["name"]},
                        id="ubnd-phuong-hac-thanh")

    server = serve(body, "text/turtle; charset=utf-8")
    yield {"url": f"http://127.0.0.1:{server.server_port}/catalog.ttl", "catalogue": catalogue,
           "admin": admin}
    server.shutdown()


def harvested():
    model.Session.remove()
    names = [p.name for p in model.Session.query(model.Package)
             .filter(model.Package.type == "dataset", model.Package.state == "active")]
    return {name: helpers.call_action("package_show", {"ignore_auth": True}, id=name) for name in names}


def test_another_portal_of_this_kind_is_harvested_into_the_same_datasets(other_portal):
    admin = other_portal["admin"]["name"]
    source = helpers.call_action(
        "harvest_source_create", {"user": admin}, name="cong-du-lieu-khac", title="Cổng khác",
        url=other_portal["url"], source_type="dcat_rdf", frequency="MANUAL",
        owner_org=factories.Organization(name="nguon-thu-thap")["id"])

    job = run_job(source["id"], admin)
    assert job["stats"].get("errored", 0) == 0, job
    datasets = harvested()
    originals = {k: d for k, d in other_portal["catalogue"].items() if d["access_level"] == "mo"}
    assert set(datasets) == set(originals)
    for name, original in originals.items():
        assert comparable(datasets[name]) == comparable(original), name
    recreated = helpers.call_action("organization_show", {"ignore_auth": True},
                                    id=datasets["ngan-sach-xa"]["owner_org"])
    assert (recreated["agency_code"], recreated["title"]) == (
        "000.21.30.H56", "Ủy ban nhân dân phường Hạc Thành")

    again = run_job(source["id"], admin)         # nothing new: no duplicate
    assert again["stats"].get("errored", 0) == 0, again
    assert set(harvested()) == set(originals)


def test_a_catalogue_on_solrs_port_is_not_fetched(clean_db, clean_index):
    """ckanext-dcat's harvester fetches through the outbound rules: Solr's
    select handler, on an address of the machine the allowlist does not
    name, would otherwise be read as a catalogue."""
    admin = factories.Sysadmin()["name"]
    source = helpers.call_action(
        "harvest_source_create", {"user": admin}, name="cong-gia", title="Cổng giả",
        url="http://127.0.0.1:8983/solr/ckan_test/select?q=*:*&wt=json", source_type="dcat_rdf",
        frequency="MANUAL", owner_org=factories.Organization(name="nguon-thu-thap")["id"])

    job = run_job(source["id"], admin)

    message = helpers.call_action("harvest_job_report", id=job["id"])["gather_errors"][0]["message"]
    assert "127.0.0.1:8983" in message and "outside the allowlist" in message
    assert harvested() == {}

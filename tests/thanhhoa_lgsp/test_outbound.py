"""A harvest source pointed at an address of the machine that the allowlist
does not name (Solr, here) fails its gather with the reason; no request
carrying the portal's gateway credentials leaves."""
import pytest

from ckanext.thanhhoa.testing.harvest import run_job

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index",
                                     "clean_harvest_queues")


def test_a_source_on_solrs_port_is_refused(admin, make_source):
    from ckan.tests import helpers

    source = make_source(admin, "http://127.0.0.1:8983/solr")
    job = run_job(source["id"], admin["name"])

    report = helpers.call_action("harvest_job_report", id=job["id"])
    message = report["gather_errors"][0]["message"]
    assert "127.0.0.1:8983" in message and "outside the allowlist" in message

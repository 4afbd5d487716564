"""Routes that changed state on a GET, or answered 500 to a well-formed URL
(ckanext/thanhhoa/access/routes.py). Each of these failed before the fix:
a GET deleted or cleared the source, or started a job."""
import pytest

from ckan.tests import factories, helpers
from ckanext.harvest.model import HarvestJob, HarvestSource

pytestmark = pytest.mark.usefixtures(
    "with_plugins", "clean_db", "clean_index", "clean_harvest_queues")


@pytest.fixture
def source(sysadmin):
    agency = factories.Organization()
    return helpers.call_action(
        "harvest_source_create", {"user": sysadmin["name"]}, name="lgsp-thanh-hoa",
        title="LGSP", url="http://127.0.0.1:40000/", source_type="lgsp",
        owner_org=agency["id"], frequency="MANUAL")


def as_admin(sysadmin):
    return {"Authorization": sysadmin["token"]}


def test_a_get_of_delete_asks_for_confirmation_and_deletes_nothing(app, sysadmin, source):
    response = app.get(f"/harvest/delete/{source['name']}", headers=as_admin(sysadmin))

    assert response.status_code == 200
    assert 'method="post"' in response.get_data(as_text=True).lower()
    assert HarvestSource.get(source["id"]).active
    assert helpers.call_action("package_show", id=source["id"])["state"] == "active"


@pytest.mark.parametrize("path", ["/harvest/clear/{id}", "/harvest/refresh/{id}"])
def test_a_get_of_clear_or_refresh_is_refused_in_vietnamese(app, sysadmin, source, path):
    response = app.get(path.format(id=source["id"]), headers=as_admin(sysadmin))

    assert response.status_code == 405
    assert "Thao tác này làm thay đổi dữ liệu" in response.get_data(as_text=True)
    assert HarvestJob.filter(source_id=source["id"]).count() == 0
    assert HarvestSource.get(source["id"]).active


def test_a_job_is_aborted_by_a_post_not_a_get(app, sysadmin, source):
    job = helpers.call_action("harvest_job_create", {"user": sysadmin["name"]},
                              source_id=source["id"])
    url = f"/harvest/{source['name']}/job/{job['id']}/abort"

    assert app.get(url, headers=as_admin(sysadmin)).status_code == 405
    assert HarvestJob.get(job["id"]).status == "Running"

    response = app.post(url, headers=as_admin(sysadmin), follow_redirects=False)
    assert response.status_code == 302
    assert HarvestJob.get(job["id"]).status == "Finished"


def test_a_resources_history_at_a_view_activity_is_not_found(app, sysadmin, agency, dataset_dict):
    from ckanext.activity.model import Activity
    from ckan import model

    dataset = helpers.call_action("package_create", {"user": sysadmin["name"]},
                                  **dataset_dict(agency["id"], name="du-lieu"))
    resource = dataset["resources"][0]
    helpers.call_action("datastore_create", {"user": sysadmin["name"]}, force=True,
                        resource_id=resource["id"], records=[{"ma": 1}])
    helpers.call_action("resource_view_create", {"user": sysadmin["name"]},
                        resource_id=resource["id"], view_type="datatables_view", title="Bảng")
    view_activity = model.Session.query(Activity).filter_by(
        object_id=dataset["id"], activity_type="new resource view").one()

    response = app.get(f"/dataset/{dataset['id']}/resources/{resource['id']}/history/"
                       f"{view_activity.id}", headers=as_admin(sysadmin))

    assert response.status_code == 404

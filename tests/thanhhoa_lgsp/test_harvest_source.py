"""ckanext-harvest is wired: its tables exist, a harvest source can be
created, and its job reaches the gather queue in Redis."""
import pytest

from ckan.tests import factories, helpers
from ckanext.harvest import queue

pytestmark = pytest.mark.usefixtures(
    "with_plugins", "clean_db", "clean_index", "clean_harvest_queues"
)


def test_harvest_source_is_created_and_a_job_can_be_queued():
    sysadmin = factories.Sysadmin()
    agency = factories.Organization()
    context = {"user": sysadmin["name"]}

    source = helpers.call_action(
        "harvest_source_create", context,
        name="cong-du-lieu-mau", title="Cổng dữ liệu mẫu",
        url="http://127.0.0.1:5055/catalog.ttl", source_type="dcat_rdf",
        owner_org=agency["id"], frequency="MANUAL",
    )
    job = helpers.call_action("harvest_job_create", context, source_id=source["id"])

    shown = helpers.call_action("harvest_source_show", id="cong-du-lieu-mau")
    assert shown["source_type"] == "dcat_rdf"
    assert shown["title"] == "Cổng dữ liệu mẫu"
    # harvest_job_create publishes the job on the gather queue in Redis
    assert job["status"] == "Running"
    assert queue.get_connection().llen(queue.get_gather_routing_key()) == 1
    assert [j["id"] for j in helpers.call_action("harvest_job_list", source_id=source["id"])] == [job["id"]]


def test_thanhhoa_lgsp_plugin_is_loaded():
    import ckan.plugins as p

    assert p.plugin_loaded("thanhhoa_lgsp")
    assert p.plugin_loaded("harvest")


def test_idle_harvest_consumers_do_not_time_out():
    # redis-py 8's default 5 s read timeout killed idle BLPOP consumers
    connection = queue.get_connection()
    assert connection.connection_pool.connection_kwargs["socket_timeout"] is None
    assert connection.ping()


def test_a_source_is_edited_through_the_api_after_a_harvest(app, gateway, make_source):
    """ckanext-harvest reindexed a source after each job in its database form,
    and every patch or update of it then failed (409)."""
    from ckanext.thanhhoa.testing.harvest import run_job

    admin = factories.SysadminWithToken()
    source = make_source(admin, gateway.url)
    run_job(source["id"], admin["name"])
    headers = {"Authorization": admin["token"]}

    patched = app.post("/api/3/action/harvest_source_patch", headers=headers,
                       json={"id": source["id"], "title": "LGSP Thanh Hóa (mới)"})
    shown = app.get("/api/3/action/harvest_source_show", query_string={"id": source["id"]},
                    headers=headers).json["result"]
    updated = app.post("/api/3/action/harvest_source_update", headers=headers,
                       json=dict(shown, config='{"page_size": 9}'))
    form = app.get(f"/harvest/edit/{source['name']}", headers=headers)

    assert patched.status_code == 200, patched.json
    assert updated.status_code == 200, updated.json
    assert helpers.call_action("harvest_source_show", id=source["id"])["config"] == '{"page_size": 9}'
    assert shown["source_type"] == "lgsp" and shown["title"] == "LGSP Thanh Hóa (mới)"
    assert form.status_code == 200 and 'value="lgsp"' in form.get_data(as_text=True)


ENGLISH = ("There are no datasets associated", "Profile settings", "Started", "Edit harvest source",
           "No organization", "Last Updated", "Frequency", "MANUAL", "Type", "harvest found",
           "Create Harvest Source", "Harvest sources allow", "Source type", "Generic DCAT",
           "Manual", "Weekly")


def test_the_harvest_pages_read_in_vietnamese(app, gateway, make_source):
    import re

    from ckanext.thanhhoa.testing.harvest import run_job

    admin = factories.SysadminWithToken()
    source = make_source(admin, gateway.url)
    headers = {"Authorization": admin["token"]}
    pages = {"empty": app.get(f"/harvest/{source['name']}", headers=headers)}
    run_job(source["id"], admin["name"])
    for path in ("/harvest/admin/{}", "/harvest/{}/job/last", "/harvest/edit/{}", "/harvest/about/{}",
                 "/harvest", "/harvest/new"):
        pages[path] = app.get(path.format(source["name"]), headers=headers)

    english = {name: [w for w in ENGLISH if re.search(rf">[^<]*{w}", page.get_data(as_text=True))]
               for name, page in pages.items()}
    assert {name: words for name, words in english.items() if words} == {}
    assert "Chưa có tập dữ liệu nào thu thập từ nguồn này." in pages["empty"].get_data(as_text=True)

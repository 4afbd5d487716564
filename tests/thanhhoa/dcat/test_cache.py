"""Pages of the DCAT catalogue kept in Redis (dcat/cache.py): made once and
served to everyone, made again as soon as the open data changes (and
replaced), apart by format, address, paging and language, only the
catalogue's own pages at its own addresses (not what a client's
parameters would make), and served without Redis too."""
import datetime

import pytest
import rdflib
import redis
from dateutil.parser import isoparse
from rdflib.namespace import RDF

from ckan.lib.redis import connect_to_redis
from ckan.tests import factories, helpers

from ckanext.dcat.processors import RDFSerializer
from ckanext.dcat.profiles import DCAT, DCT

from ckanext.thanhhoa.dcat import cache

pytestmark = [pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index"),
              pytest.mark.ckan_config("ckanext.thanhhoa.catalog.cache_seconds", "300")]


@pytest.fixture
def made(monkeypatch):
    """How many catalogue pages rdflib has made."""
    calls = []
    original = RDFSerializer.serialize_catalog

    def counting(self, *args, **kwargs):
        calls.append(1)
        return original(self, *args, **kwargs)
    monkeypatch.setattr(RDFSerializer, "serialize_catalog", counting)
    return calls


@pytest.fixture
def publish(dataset_dict, sysadmin):
    agency = factories.Organization(title="Sở Giáo dục và Đào tạo")

    def make(name, level="mo", **fields):
        return helpers.call_action("package_create", {"user": sysadmin["name"]}, **dataset_dict(
            agency["id"], name=name, access_level=level, title_translated={"vi": f"Tập {name}"}, **fields))
    make.agency = agency
    return make


def titles(body, fmt="turtle"):
    graph = rdflib.Graph().parse(data=body, format=fmt)
    return sorted(str(graph.value(d, DCT.title)) for d in graph.subjects(RDF.type, DCAT.Dataset))


def test_a_page_is_made_once_and_served_to_everyone_as_open_data(app, publish, made):
    publish("mo-1")
    publish("chia-se", level="dung-chung")
    publish("noi-bo", level="dung-rieng")
    token = factories.SysadminWithToken()["token"]
    first = app.get("/catalog.ttl", headers={"Authorization": token}).get_data(as_text=True)
    second = app.get("/catalog.ttl").get_data(as_text=True)
    assert first == second
    assert titles(second) == ["Tập mo-1"]
    assert len(made) == 1


def test_the_page_is_made_again_when_the_open_data_changes(app, publish, made, sysadmin):
    publish("mo-1")
    assert titles(app.get("/catalog.ttl").body) == ["Tập mo-1"]
    second = publish("mo-2")
    assert titles(app.get("/catalog.ttl").body) == ["Tập mo-1", "Tập mo-2"]
    as_admin = {"user": sysadmin["name"]}
    helpers.call_action("package_patch", as_admin, id=second["id"], title_translated={"vi": "Tập đổi tên"})
    assert titles(app.get("/catalog.ttl").body) == ["Tập mo-1", "Tập đổi tên"]
    helpers.call_action("package_patch", as_admin, id=second["id"], access_level="dung-rieng")
    assert titles(app.get("/catalog.ttl").body) == ["Tập mo-1"]
    helpers.call_action("package_delete", as_admin, id="mo-1")
    assert titles(app.get("/catalog.ttl").body) == []
    assert len(made) == 5
    # each new version replaced the page: one key
    assert len(list(connect_to_redis().scan_iter(cache.prefix() + "*"))) == 1


def test_what_the_version_does_not_see_lasts_the_cache_time(app, publish, sysadmin, ckan_config, monkeypatch):
    publish("mo-1")
    assert "Sở Giáo dục và Đào tạo" in app.get("/catalog.ttl").get_data(as_text=True)
    helpers.call_action("organization_patch", {"user": sysadmin["name"]}, id=publish.agency["id"],
                        title="Sở Giáo dục")
    kept = app.get("/catalog.ttl").get_data(as_text=True)
    assert "Sở Giáo dục và Đào tạo" in kept            # the agency's new name is not in the key
    keys = list(connect_to_redis().scan_iter(cache.prefix() + "*"))
    assert keys and all(0 < connect_to_redis().ttl(k) <= 300 for k in keys)
    monkeypatch.setitem(ckan_config, "ckanext.thanhhoa.catalog.cache_seconds", 0)
    assert "Sở Giáo dục và Đào tạo" not in app.get("/catalog.ttl").get_data(as_text=True)


@pytest.mark.ckan_config("ckanext.dcat.datasets_per_page", "1")
def test_pages_are_apart_by_format_paging_and_language(app, publish, made):
    publish("mo-1")
    publish("mo-2")
    turtle = app.get("/catalog.ttl").get_data(as_text=True)
    xml = app.get("/catalog.xml").get_data(as_text=True)
    assert "/catalog.ttl?page=2" in turtle and "/catalog.xml?page=2" in xml
    assert titles(app.get("/catalog.ttl?page=2").body) != titles(turtle)
    app.get("/en/catalog.ttl")
    negotiated = app.get("/catalog", headers={"Accept": "text/turtle"}).get_data(as_text=True)
    assert "/catalog?page=2" in negotiated
    assert len(made) == 5
    for url in ("/catalog.ttl?page=2", "/en/catalog.ttl", "/catalog.xml"):
        app.get(url)
    app.get("/catalog", headers={"Accept": "text/turtle"})
    assert len(made) == 5


@pytest.mark.ckan_config("ckanext.dcat.datasets_per_page", "1")
def test_only_the_catalogues_own_pages_are_kept(app, publish, made):
    publish("mo-1")
    publish("mo-2")
    kept = lambda: len(list(connect_to_redis().scan_iter(cache.prefix() + "*")))  # noqa: E731
    unkept = ["/catalog.ttl?q=mo", "/catalog.ttl?fq=name:mo-1", "/catalog.ttl?modified_since=2020-01-01",
              "/catalog.ttl?profiles=euro_dcat_ap_3,thanhhoa", "/catalog.ttl?page=3",
              "/catalog.ttl?q=&q=mo", "/catalog.ttl?page=1&page=2", "/catalog.ttl?page=1&khac=1",
              "/api/3/action/dcat_catalog_show?format=ttl", "/api/03/action/dcat_catalog_show?format=ttl",
              "/api/3/action/dcat_catalog_search?format=ttl"]
    for url in unkept:
        app.get(url)
        app.get(url)
    assert kept() == 0 and len(made) == 2 * len(unkept)     # what a client sends does not fill Redis
    for url in ("/catalog.ttl?page=2", "/catalog.ttl?page=02", "/catalog.ttl?page=%202"):
        app.get(url)
    assert kept() == 1 and len(made) == 2 * len(unkept) + 1


def test_a_kept_page_that_cannot_be_read_is_made_again(app, publish, made):
    publish("mo-1")
    app.get("/catalog.ttl")
    for kept in connect_to_redis().scan_iter(cache.prefix() + "*"):
        connect_to_redis().set(kept, b"not a page")
    assert titles(app.get("/catalog.ttl").body) == ["Tập mo-1"]
    assert len(made) == 2


def test_the_catalogues_date_is_the_newest_change_of_open_data(app, publish):
    opened = publish("mo-1")
    internal = publish("noi-bo", level="dung-rieng")       # changed after the open one
    graph = rdflib.Graph().parse(data=app.get("/catalog.ttl").body, format="turtle")
    catalog = next(graph.subjects(RDF.type, DCAT.Catalog))
    [modified] = [isoparse(str(d)).replace(tzinfo=None) for d in graph.objects(catalog, DCT.modified)]
    assert abs(modified - isoparse(opened["metadata_modified"])) < datetime.timedelta(milliseconds=1)
    assert modified < isoparse(internal["metadata_modified"]) - datetime.timedelta(milliseconds=1)


def test_without_redis_the_page_is_still_served(app, publish, monkeypatch):
    publish("mo-1")

    class Down:
        def get(self, *args, **kwargs):
            raise redis.ConnectionError("down")
        set = get
    monkeypatch.setattr("ckan.lib.redis.connect_to_redis", lambda: Down())
    assert titles(app.get("/catalog.ttl").body) == ["Tập mo-1"]

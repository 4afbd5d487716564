"""The portal's DCAT endpoints: the paged catalogue (each page conforms to
DCAT-AP 3.0.0), content negotiation, the URIs of the portal's own concepts,
schema.org on dataset pages, and clear errors for bad parameters."""
import json

import pytest
import rdflib
from rdflib.namespace import RDF, SKOS

from ckanext.dcat.profiles import DCAT, DCT, LOCN


pytestmark = [pytest.mark.usefixtures("with_plugins", "catalogue"),
              pytest.mark.ckan_config("ckanext.dcat.datasets_per_page", "5")]

HYDRA = rdflib.Namespace("http://www.w3.org/ns/hydra/core#")


def test_every_catalogue_page_conforms_and_the_pages_hold_the_open_data(app, catalogue, violations):
    seen, url = set(), "/catalog.ttl"
    for _ in range(5):
        response = app.get(url)
        assert response.headers["Content-Type"].startswith("text/turtle")
        body = response.get_data(as_text=True)
        assert violations(body) == "", url
        g = rdflib.Graph().parse(data=body, format="turtle")
        seen |= {str(g.value(ref, DCT.identifier)) for ref in g.subjects(RDF.type, DCAT.Dataset)}
        following = next(g.objects(None, HYDRA.next), None)
        if following is None:
            break
        url = str(following).replace("http://127.0.0.1:5055", "")
    expected = {d["id"] for d in catalogue.values() if d["access_level"] == "mo"}
    assert seen == expected and len(expected) == 8


def test_the_pages_merged_into_one_graph_still_conform(app, catalogue, violations):
    """Aggregators load a paged catalogue into one triple store: the
    catalogue's publisher and each place's geometry are named, so the pages
    add up to one of each, not one blank node per page."""
    merged, url, pages = rdflib.Graph(), "/catalog.ttl", 0
    while url:
        page = rdflib.Graph().parse(data=app.get(url).get_data(as_text=True), format="turtle")
        merged += page
        pages += 1
        following = next(page.objects(None, HYDRA.next), None)
        url = str(following).replace("http://127.0.0.1:5055", "") if following else None
    assert pages == 2
    assert violations(merged) == ""
    catalog = next(merged.subjects(RDF.type, DCAT.Catalog))
    assert len(list(merged.objects(catalog, DCT.publisher))) == 1
    province = rdflib.URIRef("http://127.0.0.1:5055/dia-ban/38")
    assert len(list(merged.objects(province, LOCN.geometry))) == 1


def test_modified_since_filters_the_catalogue(app, catalogue):
    everything = app.get("/catalog.ttl", query_string={"modified_since": "2000-01-01"})
    nothing = app.get("/catalog.ttl", query_string={"modified_since": "2999-01-01"})
    assert "dcat:Dataset" in everything.get_data(as_text=True)
    assert "dcat:Dataset" not in nothing.get_data(as_text=True)


@pytest.mark.parametrize("params, message", [
    ({"page": "hai"}, "Số trang phải là số nguyên từ 1 trở lên"),
    ({"page": "0"}, "Số trang phải là số nguyên từ 1 trở lên"),
    ({"modified_since": "hôm qua"}, "Không phải ngày tháng: dùng ISO 8601, vd. 2025-07-01"),
])
def test_bad_catalogue_parameters_get_a_vietnamese_error(app, params, message):
    response = app.get("/catalog.ttl", query_string=params, status=409)
    body = response.get_data(as_text=True)
    assert message in body and "Traceback" not in body


@pytest.mark.parametrize("fmt", ["nt", "turtle", "trig", "khong-co"])
def test_formats_the_catalogue_does_not_serve_get_a_vietnamese_error(app, fmt):
    # rdflib writes nt, turtle and trig, but ckanext-dcat's page then failed
    body = app.get(f"/catalog.{fmt}", status=409).get_data(as_text=True)
    assert f"Định dạng không hỗ trợ: {fmt}" in body and "Traceback" not in body


@pytest.mark.parametrize("body, field, message", [
    ('{"page": 1e400, "format": "ttl"}', "page", "Số trang phải là số nguyên từ 1 trở lên"),
    ('{"page": 99999999999, "format": "ttl"}', "page", "Số trang phải là số nguyên từ 1 đến 429496729"),
    ('{"format": ["ttl", "xml"]}', "format", "Định dạng không hỗ trợ: ['ttl', 'xml']"),
])
def test_impossible_pages_and_formats_through_the_api_get_a_vietnamese_error(app, body, field, message):
    # an infinite page, one past Solr's 32-bit start, a format given twice: 500s before
    answer = app.post("/api/3/action/dcat_catalog_show", data=body, content_type="application/json",
                      status=409).json
    assert answer["error"][field] == [message]


@pytest.mark.parametrize("accept, content_type", [
    ("text/turtle", "text/turtle"),
    ("application/ld+json", "application/ld+json"),
    ("application/rdf+xml", "application/rdf+xml"),
])
def test_catalogue_and_datasets_negotiate_their_format(app, catalogue, accept, content_type):
    for url in ("/catalog", "/dataset/truong-hoc"):
        response = app.get(url, headers={"Accept": accept})
        assert response.headers["Content-Type"].startswith(content_type), url
        g = rdflib.Graph().parse(data=response.get_data(as_text=True), format=content_type)
        assert (None, RDF.type, DCAT.Dataset) in g, url
    g = rdflib.Graph().parse(data=response.get_data(as_text=True), format=content_type)
    assert str(next(g.subjects(RDF.type, DCAT.Dataset))).endswith(catalogue["truong-hoc"]["id"])


def test_people_get_pages_not_rdf(app, catalogue):
    assert app.get("/catalog", headers={"Accept": "text/html"}, follow_redirects=False) \
        .headers["Location"].endswith("/dataset/")
    page = app.get("/dataset/truong-hoc", headers={"Accept": "text/html"})
    assert page.headers["Content-Type"].startswith("text/html")


def test_dataset_pages_carry_schema_org_for_dataset_search(app, catalogue):
    html = app.get("/dataset/truong-hoc").get_data(as_text=True)
    script = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    graph = json.loads(script)["@graph"]
    of_type = lambda t: [n for n in graph if t in json.dumps(n.get("@type"))]  # noqa: E731
    (dataset,) = of_type('"schema:Dataset"')
    names = dataset["schema:name"]
    assert {"@language": "vi", "@value": "Danh sách trường học"} in names
    assert dataset["schema:license"] == {"@id": "https://creativecommons.org/licenses/by/4.0/"}
    (place,) = of_type("schema:Place")
    assert place["schema:name"]["@value"] == "Tỉnh Thanh Hóa"
    (agency,) = of_type("schema:GovernmentOrganization")
    assert agency["schema:identifier"] == "000.00.12.H56"


def test_the_portals_own_uris_dereference(app, catalogue):
    """Every URI of the portal in a dataset's graph answers: RDF for machines."""
    g = rdflib.Graph().parse(data=app.get("/dataset/truong-hoc.ttl").get_data(as_text=True),
                             format="turtle")
    uris = {str(n) for triple in g for n in triple
            if isinstance(n, rdflib.URIRef) and str(n).startswith("http://127.0.0.1:5055/")}
    assert any("/dia-ban/" in u for u in uris) and any("/linh-vuc/" in u for u in uris)
    for uri in uris:
        path = uri.replace("http://127.0.0.1:5055", "")
        response = app.get(path, headers={"Accept": "text/turtle"}, follow_redirects=False)
        assert response.status_code in (200, 302), (uri, response.status_code)


def test_administrative_units_have_names_and_geometry(app, violations):
    body = app.get("/dia-ban/14797.ttl").get_data(as_text=True)
    assert violations(body) == ""
    g = rdflib.Graph().parse(data=body, format="turtle")
    unit = rdflib.URIRef("http://127.0.0.1:5055/dia-ban/14797")
    assert str(g.value(unit, SKOS.prefLabel)) == "Phường Hạc Thành"
    assert str(g.value(unit, DCAT.centroid)).startswith("POINT(105.789 19.8028")
    legacy = rdflib.Graph().parse(data=app.get("/dia-ban/399", headers={"Accept": "text/turtle"})
                                  .get_data(as_text=True), format="turtle")
    assert len(set(legacy.objects(None, DCT.isReplacedBy))) == 8     # Hoằng Hóa district
    assert app.get("/dia-ban/14797", follow_redirects=False).headers["Location"] \
        .endswith("/dataset/?vocab_admin_units=14797")


def test_the_sector_scheme_lists_every_sector(app, violations):
    g = rdflib.Graph().parse(data=app.get("/linh-vuc.jsonld").get_data(as_text=True), format="json-ld")
    scheme = rdflib.URIRef("http://127.0.0.1:5055/linh-vuc")
    assert len(set(g.objects(scheme, SKOS.hasTopConcept))) == 16
    assert violations(g) == ""


@pytest.mark.parametrize("url", ["/dia-ban/99999", "/dia-ban/14797.exe", "/linh-vuc/khong-co",
                                 "/dataset/khong-co-tap-nay.ttl"])
def test_unknown_things_are_404(app, url):
    body = app.get(url, status=404).get_data(as_text=True)
    assert "Traceback" not in body

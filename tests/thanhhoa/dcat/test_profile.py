"""The `thanhhoa` DCAT profile on real datasets (CKAN, PostgreSQL, Solr):
every open dataset of the fixture catalogue conforms to the official DCAT-AP
3.0.0 shapes, carries every field of the model, and parses back into the
same dataset."""
import pytest
import rdflib
from rdflib.namespace import RDF, SKOS

from ckanext.dcat.processors import RDFParser, RDFSerializer
from ckanext.dcat.profiles import DCAT, DCT, FOAF, LOCN, VCARD
from ckanext.thanhhoa.dcat.profiles.base import TH
from ckanext.thanhhoa.testing.dcat import comparable

pytestmark = pytest.mark.usefixtures("with_plugins", "catalogue")

EU = "http://publications.europa.eu/resource/authority/"


def open_data(catalogue):
    return {key: d for key, d in catalogue.items() if d["access_level"] == "mo"}


def graph_of(dataset, profiles=None):
    return RDFSerializer(profiles=profiles).serialize_dataset(dataset, _format="turtle")


def test_every_open_dataset_conforms_to_dcat_ap_3(catalogue, violations):
    reports = {key: violations(graph_of(d)) for key, d in open_data(catalogue).items()}
    assert len(reports) == 8
    assert {key: r for key, r in reports.items() if r} == {}


def test_the_stock_profile_alone_does_not_conform(catalogue, violations):
    """What the suite's profile fixes (and so what the test above would catch)."""
    report = violations(graph_of(catalogue["truong-hoc"], ["euro_dcat_ap_3"]))
    for path in ("accrualPeriodicity", "language", "applicableLegislation", "format"):
        assert path in report


def test_the_graph_carries_the_model(catalogue):
    dataset = catalogue["truong-hoc"]
    g = rdflib.Graph().parse(data=graph_of(dataset), format="turtle")
    ref = next(g.subjects(RDF.type, DCAT.Dataset))
    objects = lambda p, s=ref: {str(o) for o in g.objects(s, p)}  # noqa: E731

    assert objects(DCT.title) == {"Danh sách trường học", "Schools"}
    assert {o.language for o in g.objects(ref, DCT.title)} == {"vi", "en"}
    assert objects(DCAT.theme) >= {EU + "data-theme/EDUC", EU + "data-theme/ECON",
                                   "http://127.0.0.1:5055/linh-vuc/giao-duc"}
    assert objects(DCT.accrualPeriodicity) == {EU + "frequency/ANNUAL"}
    assert objects(DCT.accessRights) == {EU + "access-right/PUBLIC"}
    assert objects(DCT.language) == {EU + "language/VIE", EU + "language/ENG"}
    assert objects(DCAT.landingPage) == {"http://127.0.0.1:5055/dataset/truong-hoc"}

    publisher = next(g.objects(ref, DCT.publisher))
    assert objects(DCT.identifier, publisher) == {"000.00.12.H56"}
    assert objects(FOAF.name, publisher) == {"Sở Giáo dục và Đào tạo",
                                             "Department of Education and Training"}
    assert objects(DCT.type, publisher) == {"http://purl.org/adms/publishertype/RegionalAuthority"}

    phones = {str(o) for c in g.objects(ref, DCAT.contactPoint) for o in g.objects(c, VCARD.hasTelephone)}
    assert phones == {"tel:+84237-3852-333"}

    province = rdflib.URIRef("http://127.0.0.1:5055/dia-ban/38")
    assert province in set(g.objects(ref, DCT.spatial))
    assert str(g.value(province, SKOS.prefLabel)) == "Tỉnh Thanh Hóa"
    assert (province, RDF.type, TH.AdministrativeUnit) in g
    assert (TH.AdministrativeUnit, rdflib.RDFS.subClassOf, DCT.Location) in g
    assert g.value(province, DCAT.bbox) is not None and g.value(province, LOCN.geometry) is not None

    periods = {(str(g.value(p, DCAT.startDate)), str(g.value(p, DCAT.endDate)))
               for p in g.objects(ref, DCT.temporal)}
    assert periods == {("2024-09-01", "2025-05-31"), ("2023-09-01", "2024-05-31")}

    csv = next(d for d in g.objects(ref, DCAT.distribution) if str(g.value(d, DCT.title)).endswith("(CSV)"))
    assert str(g.value(csv, DCT["format"])) == EU + "file-type/CSV"
    assert str(g.value(csv, DCAT.mediaType)) == "https://www.iana.org/assignments/media-types/text/csv"
    assert int(g.value(csv, DCAT.byteSize)) == 20480
    assert str(g.value(csv, DCT.license)) == "https://creativecommons.org/licenses/by/4.0/"
    assert str(g.value(csv, DCAT.downloadURL)) == "https://thanhhoa.edu.vn/du-lieu/truong-hoc.csv"
    service = g.value(csv, DCAT.accessService)      # its rows are in the DataStore
    assert (service, RDF.type, DCAT.DataService) in g
    assert "datastore_search?resource_id=" in str(g.value(service, DCAT.endpointURL))
    # described by the table's OpenAPI document, which an API manager imports
    assert str(g.value(service, DCAT.endpointDescription)).endswith("/openapi.json")
    assert g.value(service, DCAT.servesDataset) == ref

    api = next(d for d in g.objects(ref, DCAT.distribution) if str(g.value(d, DCT.title)) == "API tra cứu trường")
    assert g.value(api, DCAT.downloadURL) is None and g.value(api, DCAT.accessURL) is not None
    assert g.value(api, DCAT.accessService) is None


def test_a_steward_drawn_coverage_is_kept_as_geojson(catalogue):
    dataset = catalogue["quan-trac-moi-truong"]
    g = rdflib.Graph().parse(data=graph_of(dataset), format="turtle")
    areas = list(g.subjects(RDF.type, TH.Coverage))
    assert len(areas) == 1
    assert str(g.value(areas[0], DCAT.bbox)).startswith("POLYGON((105.7 19.7,105.9 19.7")


def test_round_trip_gives_the_same_datasets(catalogue):
    for key, dataset in open_data(catalogue).items():
        parser = RDFParser()
        parser.parse(graph_of(dataset), _format="turtle")
        parsed = list(parser.datasets())
        assert len(parsed) == 1, key
        assert comparable(parsed[0]) == comparable(dataset), key


def test_a_graph_without_the_portals_own_concepts_still_parses():
    """Another publisher's DCAT-AP: EU themes only, a location by identifier."""
    turtle = """
    @prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
    <https://example.org/ds/1> a dcat:Dataset ;
        dct:title "Trạm y tế"@vi ; dct:description "Danh sách trạm y tế." ;
        dcat:theme <http://publications.europa.eu/resource/authority/data-theme/HEAL> ;
        dct:accrualPeriodicity <http://publications.europa.eu/resource/authority/frequency/ANNUAL> ;
        dct:spatial [ a dct:Location ; dct:identifier "14797" ] .
    """
    parser = RDFParser()
    parser.parse(turtle, _format="turtle")
    (dataset,) = list(parser.datasets())
    assert dataset["title_translated"] == {"vi": "Trạm y tế"}
    assert dataset["notes_translated"] == {"vi": "Danh sách trạm y tế."}
    assert dataset["sectors"] == ["y-te"]
    assert dataset["frequency"] == "ANNUAL"
    assert dataset["admin_units"] == ["14797"]
    assert dataset["resources"] == []


def test_a_stock_ckanext_dcat_can_read_the_portals_graphs(catalogue):
    """Another CKAN with ckanext-dcat's stock profile harvesting the portal:
    it gets every dataset, with its title and units, and does not fail on
    the DCAT-AP 3 geometries (see TH in dcat/profiles/base.py)."""
    for key, dataset in open_data(catalogue).items():
        parser = RDFParser(profiles=["euro_dcat_ap_3"])
        parser.parse(graph_of(dataset), _format="turtle")
        (parsed,) = list(parser.datasets())
        assert parsed["title"] == dataset["title"], key
        extras = {e["key"]: e["value"] for e in parsed.get("extras", [])}
        assert "/dia-ban/" in extras.get("spatial_uri", "") or not dataset.get("admin_units"), key

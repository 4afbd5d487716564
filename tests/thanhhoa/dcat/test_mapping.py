"""The DCAT-AP mapping of the model (pure): every code of the portal has its
URI and every URI reads back to the same code; other publishers' URIs map
where they can, and nothing else is guessed."""
import pytest

from ckanext.thanhhoa.dcat import mapping
from ckanext.thanhhoa.metadata import vocab

pytestmark = pytest.mark.unit

BASE = "https://opendata.thanhhoa.gov.vn"
EU = "http://publications.europa.eu/resource/authority/"


def test_the_portals_own_concepts_round_trip_from_any_host():
    for code in vocab.get("sectors"):
        uri = mapping.sector_uri(BASE, code)
        assert uri == f"{BASE}/linh-vuc/{code}"
        assert mapping.sector_code(uri.replace(BASE, "http://other.portal")) == code
    assert mapping.admin_unit_code(mapping.admin_unit_uri(BASE + "/", "14797")) == "14797"
    assert mapping.sector_code(f"{BASE}/linh-vuc/khong-co") is None
    assert mapping.admin_unit_code(f"{BASE}/dia-ban/99999") is None


@pytest.mark.parametrize("vocabulary, to_uri, from_uri", [
    ("frequencies", mapping.frequency_uri, mapping.frequency_code),
    ("access_levels", mapping.access_right_uri, mapping.access_level),
    ("agency_levels", lambda c: mapping.publisher_type(c)[0], mapping.agency_level),
])
def test_codes_and_eu_uris_round_trip(vocabulary, to_uri, from_uri):
    for code in vocab.get(vocabulary):
        uri = to_uri(code)
        assert uri.startswith(("http://publications.europa.eu/", "http://purl.org/adms/"))
        assert from_uri(uri) == code


def test_access_levels_are_eu_access_rights():
    assert mapping.access_right_uri("mo") == EU + "access-right/PUBLIC"
    assert mapping.access_right_uri("dung-rieng") == EU + "access-right/NON_PUBLIC"
    assert mapping.access_right_uri("khong-co") is None


def test_sectors_and_eu_themes():
    assert mapping.theme_uris(["thong-ke"]) == [EU + "data-theme/ECON", EU + "data-theme/SOCI"]
    assert mapping.theme_label(EU + "data-theme/HEAL") == "Health"
    # another publisher's themes: the first sector of each theme
    assert mapping.sectors_of_themes([EU + "data-theme/HEAL", EU + "data-theme/XXXX"]) == ["y-te"]


def test_languages():
    assert mapping.language_uri("vi") == EU + "language/VIE"
    assert mapping.language_code(EU + "language/ENG") == "en"
    assert mapping.language_uri("sw") == "http://id.loc.gov/vocabulary/iso639-1/sw"
    assert mapping.language_code("http://id.loc.gov/vocabulary/iso639-1/sw") == "sw"
    assert mapping.language_code("http://example.org/vi") is None


def test_file_types_and_downloads():
    assert mapping.file_type("csv") == (EU + "file-type/CSV", mapping.IANA + "text/csv")
    assert mapping.file_type("SHP") == (EU + "file-type/SHP", None)
    assert mapping.file_type("unknown") == (None, None)
    assert mapping.format_of(EU + "file-type/GEOJSON") == "GeoJSON"
    assert mapping.is_download("CSV") and not mapping.is_download("wms") and not mapping.is_download("")


def test_licences():
    own = {"https://creativecommons.org/licenses/by/4.0/": "cc-by-4.0"}
    assert mapping.eu_licence_uri("cc-by-4.0") == EU + "licence/CC_BY_4_0"
    assert mapping.license_id_of("https://creativecommons.org/licenses/by/4.0/", own) == "cc-by-4.0"
    assert mapping.license_id_of(EU + "licence/ODC_ODBL", own) == "odc-odbl"
    assert mapping.license_id_of("http://example.org/licence", own) is None


def test_geometry_literals():
    assert mapping.wkt_polygon((1, 2, 3, 4)) == "POLYGON((1 2,3 2,3 4,1 4,1 2))"
    assert mapping.wkt_point(105.8, 19.8) == "POINT(105.8 19.8)"

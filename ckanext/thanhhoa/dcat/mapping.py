"""The DCAT-AP mapping of the metadata model as data and pure functions: the
URIs of the portal's own concepts (sectors, administrative units) and of the
EU vocabularies that DCAT-AP uses, in both directions. The RDF profiles
(profiles/) build and read graphs with these; nothing here touches CKAN."""
from __future__ import annotations

import re

from ckanext.thanhhoa.metadata import vocab

EU = "http://publications.europa.eu/resource/authority/"
EU_LANGUAGE = EU + "language/"
EU_FILE_TYPE = EU + "file-type/"
EU_LICENCE = EU + "licence/"
LOC_ISO639_1 = "http://id.loc.gov/vocabulary/iso639-1/"
IANA = "https://www.iana.org/assignments/media-types/"
ADMS_PUBLISHER_TYPE = "http://purl.org/adms/publishertype/"

# Paths under the portal's base URI where its own concepts live (served by
# the endpoints of views.py, so every URI dereferences).
SECTOR_SCHEME_PATH = "/linh-vuc"
ADMIN_UNIT_PATH = "/dia-ban"

# ISO 639-1 → EU language authority code; other codes get the Library of
# Congress ISO 639-1 URI, which exists for every two-letter code.
EU_LANGUAGES = {
    "vi": "VIE", "en": "ENG", "fr": "FRA", "de": "DEU", "zh": "ZHO", "ja": "JPN",
    "ko": "KOR", "ru": "RUS", "lo": "LAO", "km": "KHM", "th": "THA", "es": "SPA",
}

# The EU data themes that sectors map to, with their English labels (a
# skos:Concept needs a skos:prefLabel in DCAT-AP 3).
EU_THEMES = {
    "AGRI": "Agriculture, fisheries, forestry and food",
    "ECON": "Economy and finance",
    "EDUC": "Education, culture and sport",
    "ENER": "Energy",
    "ENVI": "Environment",
    "GOVE": "Government and public sector",
    "HEAL": "Health",
    "INTR": "International issues",
    "JUST": "Justice, legal system and public safety",
    "REGI": "Regions and cities",
    "SOCI": "Population and society",
    "TECH": "Science and technology",
    "TRAN": "Transport",
}

# Resource format (CKAN's canonical label) → (EU file type code, IANA media
# type), from the registry's data file `file_types`.
FILE_TYPES = {item["format"]: (item["eu_file_type"], item["media_type"])
              for item in vocab.load("file_types")["items"]}
_FORMAT_OF_FILE_TYPE = {code: fmt for fmt, (code, _media) in FILE_TYPES.items()}
_FILE_TYPES_BY_UPPER = {fmt.upper(): types for fmt, types in FILE_TYPES.items()}
# Formats that name a service or a page, not a file one downloads.
NOT_DOWNLOADS = {"API", "WMS", "WFS", "HTML"}

# Licence id → EU licence authority code (kept beside the licence's own URL).
EU_LICENCES = {
    "cc-by-4.0": "CC_BY_4_0", "cc-by-sa-4.0": "CC_BYSA_4_0", "cc-zero": "CC0",
    "odc-by": "ODC_BY", "odc-odbl": "ODC_ODBL",
}


def _tail(uri: str, base: str) -> str | None:
    return uri[len(base):] if uri and uri.startswith(base) and len(uri) > len(base) else None


# --- the portal's own concepts ----------------------------------------------

def sector_scheme_uri(base: str) -> str:
    return base.rstrip("/") + SECTOR_SCHEME_PATH


def sector_uri(base: str, code: str) -> str:
    return f"{sector_scheme_uri(base)}/{code}"


def admin_unit_uri(base: str, code: str) -> str:
    return f"{base.rstrip('/')}{ADMIN_UNIT_PATH}/{code}"


_SECTOR_PATH = re.compile(re.escape(SECTOR_SCHEME_PATH) + r"/([a-z-]+)$")
_UNIT_PATH = re.compile(re.escape(ADMIN_UNIT_PATH) + r"/(\d{2,5})$")


def sector_code(uri: str) -> str | None:
    """The sector of a concept URI of a portal of this kind (any host)."""
    match = _SECTOR_PATH.search(uri or "")
    return match.group(1) if match and match.group(1) in vocab.get("sectors") else None


def admin_unit_code(uri: str) -> str | None:
    match = _UNIT_PATH.search(uri or "")
    return match.group(1) if match and match.group(1) in vocab.admin_units() else None


def sectors_of_themes(theme_uris: list[str]) -> list[str]:
    """Sectors for EU themes, for graphs that do not carry the portal's own
    sectors: the first sector of each theme, in the vocabulary's order."""
    codes = {_tail(uri, vocab.EU_THEME_BASE) for uri in theme_uris}
    found: dict[str, None] = {}
    for code in codes:
        for sector in vocab.get("sectors").values():
            if code in sector["themes"]:
                found.setdefault(sector["code"], None)
                break
    return [code for code in vocab.get("sectors") if code in found]


# --- EU vocabularies ---------------------------------------------------------

def theme_uris(sectors: list[str]) -> list[str]:
    themes: dict[str, None] = {}
    for code in sectors:
        for theme in vocab.get("sectors").get(code, {}).get("themes", ()):
            themes.setdefault(vocab.EU_THEME_BASE + theme, None)
    return list(themes)


def theme_label(uri: str) -> str | None:
    return EU_THEMES.get(_tail(uri, vocab.EU_THEME_BASE) or "")


def frequency_uri(code: str) -> str | None:
    return vocab.EU_FREQUENCY_BASE + code if code in vocab.get("frequencies") else None


def frequency_code(uri: str) -> str | None:
    code = _tail(uri, vocab.EU_FREQUENCY_BASE)
    return code if code in vocab.get("frequencies") else None


def access_right_uri(level: str) -> str | None:
    item = vocab.get("access_levels").get(level)
    return vocab.EU_ACCESS_RIGHT_BASE + item["access_right"] if item else None


def access_level(uri: str) -> str | None:
    right = _tail(uri, vocab.EU_ACCESS_RIGHT_BASE)
    for item in vocab.get("access_levels").values():
        if item["access_right"] == right:
            return item["code"]
    return None


def language_uri(code: str) -> str:
    eu = EU_LANGUAGES.get(code)
    return EU_LANGUAGE + eu if eu else LOC_ISO639_1 + code


def language_code(uri: str) -> str | None:
    eu = _tail(uri, EU_LANGUAGE)
    if eu:
        return next((two for two, three in EU_LANGUAGES.items() if three == eu), None)
    code = _tail(uri, LOC_ISO639_1)
    return code if code and re.fullmatch(r"[a-z]{2}", code) else None


def file_type(fmt: str | None) -> tuple[str | None, str | None]:
    """(EU file type URI, IANA media type URI) of a resource format."""
    code, media = _FILE_TYPES_BY_UPPER.get((fmt or "").strip().upper(), (None, None))
    return (EU_FILE_TYPE + code if code else None, IANA + media if media else None)


def format_of(file_type_uri: str) -> str | None:
    return _FORMAT_OF_FILE_TYPE.get(_tail(file_type_uri, EU_FILE_TYPE) or "")


def is_download(fmt: str | None) -> bool:
    return bool(fmt) and fmt.strip().upper() not in NOT_DOWNLOADS


def publisher_type(level: str | None) -> tuple[str, str] | None:
    """(ADMS publisher type URI, its English label) of an agency level."""
    item = vocab.get("agency_levels").get(level or "")
    return (ADMS_PUBLISHER_TYPE + item["publisher_type"], item["publisher_type_label"]) if item else None


def agency_level(publisher_type_uri: str) -> str | None:
    kind = _tail(publisher_type_uri, ADMS_PUBLISHER_TYPE)
    return next((code for code, item in vocab.get("agency_levels").items()
                 if item["publisher_type"] == kind), None)


def eu_licence_uri(license_id: str | None) -> str | None:
    code = EU_LICENCES.get(license_id or "")
    return EU_LICENCE + code if code else None


def license_id_of(uri: str, licenses: dict[str, str]) -> str | None:
    """The licence id of a licence URI: the licence's own URL (`licenses`
    maps URL → id) or its EU authority URI."""
    if uri in licenses:
        return licenses[uri]
    code = _tail(uri, EU_LICENCE)
    return next((lid for lid, eu in EU_LICENCES.items() if eu == code), None)


# --- geometry ----------------------------------------------------------------

def wkt_polygon(box: tuple[float, float, float, float]) -> str:
    west, south, east, north = box
    return (f"POLYGON(({west} {south},{east} {south},{east} {north},"
            f"{west} {north},{west} {south}))")


def wkt_point(lon: float, lat: float) -> str:
    return f"POINT({lon} {lat})"

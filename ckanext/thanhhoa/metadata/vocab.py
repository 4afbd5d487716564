"""The registry of the model's controlled vocabularies.

Every code list is a data file in `vocabularies/` that names its source and
version; nothing here hard-codes a code. `get(name)` returns a `Vocabulary`:
a mapping code → item (`{"code", "vi", "en", …}`) in the file's order, with
the label of a code in a language, the choices of a form and the message
that names an unknown code. Everyone asks it the same way: validators,
template helpers, facets, the DCAT mapping, the harvesters' code lists.

Administrative units are also geography (`admin_units()`: boxes, centroids,
what a pre-2025 unit became). Loaded once per process; pure."""
from __future__ import annotations

import functools
import importlib.resources
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

from ckanext.thanhhoa.language import DEFAULT, N_

FILES = importlib.resources.files("ckanext.thanhhoa.metadata") / "vocabularies"
PROVINCE_CODE = "38"
EU_THEME_BASE = "http://publications.europa.eu/resource/authority/data-theme/"
EU_FREQUENCY_BASE = "http://publications.europa.eu/resource/authority/frequency/"
EU_ACCESS_RIGHT_BASE = "http://publications.europa.eu/resource/authority/access-right/"

# The error for a code the vocabulary lacks (translated when shown).
UNKNOWN = {
    "sectors": N_("Unknown sector code: %s"),
    "frequencies": N_("Unknown update frequency: %s"),
    "access_levels": N_("Unknown access level: %s"),
    "agency_levels": N_("Unknown agency level: %s"),
    "admin_units": N_("Unknown administrative unit code: %s"),
    "licenses": N_("Unknown licence: %s"),
}


class Vocabulary(Mapping):
    """code → item, in the order of the data file."""

    def __init__(self, name: str, items: dict[str, dict], offered: Iterable[str] | None = None):
        self.name = name
        self._items = items
        self._offered = list(offered) if offered is not None else list(items)

    def __getitem__(self, code: str) -> dict:
        return self._items[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def label(self, code: str, lang: str = DEFAULT) -> str | None:
        item = self._items.get(code)
        return (item.get(lang) or item.get(DEFAULT)) if item else None

    def choices(self) -> list[dict]:
        """ckanext-scheming's choices: the codes a steward may choose, with
        their Vietnamese and English labels."""
        return [{"value": code, "label": {"vi": self._items[code]["vi"],
                                          "en": self._items[code].get("en") or self._items[code]["vi"]}}
                for code in self._offered]

    @property
    def unknown_message(self) -> str:
        return UNKNOWN[self.name]


@functools.lru_cache(maxsize=None)
def load(name: str) -> Any:
    """The parsed data file `vocabularies/{name}.json`."""
    return json.loads((FILES / f"{name}.json").read_text("utf-8"))


def _by_code(name: str) -> dict[str, dict]:
    return {item["code"]: item for item in load(name)["items"]}


def _licenses() -> Vocabulary:
    # CKAN's licence-list format (also read by CKAN through licenses_group_url)
    items = {lic["id"]: {"code": lic["id"], "vi": lic["title"], "url": lic.get("url") or ""}
             for lic in load("licenses")}
    return Vocabulary("licenses", items)


def _admin_units() -> Vocabulary:
    units = admin_units()
    items = {code: {"code": code, "vi": u.name, "en": u.name, "current": u.current}
             for code, u in units.items()}
    return Vocabulary("admin_units", items, offered=[c for c, u in units.items() if u.current])


@functools.lru_cache(maxsize=None)
def get(name: str) -> Vocabulary:
    """The vocabulary of this name (KeyError for a name the model lacks)."""
    if name not in UNKNOWN:
        raise KeyError(name)
    if name == "licenses":
        return _licenses()
    if name == "admin_units":
        return _admin_units()
    return Vocabulary(name, _by_code(name))


@functools.lru_cache(maxsize=None)
def crosswalk(name: str) -> dict:
    """Another system's code lists mapped to the portal's vocabularies
    (`vocabularies/{name}_code_lists.json`): {"default_sector",
    "tables": {table: {"vocabulary", "field", "codes": {theirs: ours}}}}."""
    return load(f"{name}_code_lists")


def agencies() -> list[dict]:
    """The provincial agencies that `ckan thanhhoa seed` creates."""
    return load("agencies")["items"]


# --- administrative units: geography ------------------------------------------

@dataclass(frozen=True)
class AdminUnit:
    code: str
    name: str
    level: str                      # tinh, huyen (pre-2025 only) or xa
    current: bool                   # in the list in force since 2025-07-01
    bbox: tuple[float, float, float, float] | None
    becomes: tuple[str, ...] = ()   # pre-2025 unit: the current units it became
    centroid: tuple[float, float] | None = None


def _unit(item: dict, current: bool) -> AdminUnit:
    return AdminUnit(item["code"], item["name"], item["level"], current,
                     tuple(item["bbox"]) if item.get("bbox") else None,
                     tuple(item.get("becomes", ())),
                     tuple(item["centroid"]) if item.get("centroid") else None)


@functools.lru_cache(maxsize=None)
def legacy_units() -> dict[str, AdminUnit]:
    """The pre-2025 list (districts and communes)."""
    return {item["code"]: _unit(item, False) for item in load("admin_units")["legacy"]}


@functools.lru_cache(maxsize=None)
def admin_units() -> dict[str, AdminUnit]:
    """Every accepted code. Most current communes kept the code of one of the
    communes they were made of: such a code means the current unit."""
    current = {item["code"]: _unit(item, True) for item in load("admin_units")["current"]}
    return {**legacy_units(), **current}


@functools.lru_cache(maxsize=None)
def made_of() -> dict[str, tuple[str, ...]]:
    """Current unit code → the pre-2025 units (communes and districts) it came from."""
    result: dict[str, list[str]] = {}
    for unit in legacy_units().values():
        for code in unit.becomes:
            result.setdefault(code, []).append(unit.code)
    return {code: tuple(sorted(old)) for code, old in result.items()}


def current_codes(codes: Iterable[str]) -> list[str]:
    """The current units that the given codes cover (pre-2025 codes mapped),
    in first-seen order; unknown codes are left out."""
    units = admin_units()
    seen: dict[str, None] = {}
    for code in codes:
        unit = units.get(code)
        if unit is None:
            continue
        for current in (unit.code,) if unit.current else unit.becomes:
            seen.setdefault(current, None)
    return list(seen)


def bbox(codes: Iterable[str]) -> tuple[float, float, float, float] | None:
    """Bounding box [min_lon, min_lat, max_lon, max_lat] of the given units."""
    units = admin_units()
    boxes = [units[c].bbox for c in codes if c in units and units[c].bbox]
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def bbox_geojson(box: tuple[float, float, float, float]) -> dict:
    west, south, east, north = box
    return {"type": "Polygon", "coordinates": [[
        [west, south], [east, south], [east, north], [west, north], [west, south]]]}


def unit_names(codes: Iterable[str]) -> list[str]:
    """Names under which a search should find these units: their own, and
    those of the pre-2025 units they were made of."""
    units = admin_units()
    names: dict[str, None] = {}
    codes = list(codes)
    for code in current_codes(codes):
        names.setdefault(units[code].name, None)
        for old in made_of().get(code, ()):
            names.setdefault(legacy_units()[old].name, None)
    for code in codes:
        if code in units:
            names.setdefault(units[code].name, None)
    return list(names)

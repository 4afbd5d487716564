"""The controlled vocabularies of the metadata model, shipped as data files in
ckanext/thanhhoa/vocab/ (each names its source and version). Loaded once per
process; every function here is pure."""
from __future__ import annotations

import functools
import importlib.resources
import json
from dataclasses import dataclass
from typing import Any, Iterable

VOCAB = importlib.resources.files("ckanext.thanhhoa") / "vocab"
PROVINCE_CODE = "38"
EU_THEME_BASE = "http://publications.europa.eu/resource/authority/data-theme/"
EU_FREQUENCY_BASE = "http://publications.europa.eu/resource/authority/frequency/"
EU_ACCESS_RIGHT_BASE = "http://publications.europa.eu/resource/authority/access-right/"


@functools.lru_cache(maxsize=None)
def load(name: str) -> Any:
    return json.loads((VOCAB / f"{name}.json").read_text("utf-8"))


def _by_code(name: str) -> dict[str, dict]:
    return {item["code"]: item for item in load(name)["items"]}


@functools.lru_cache(maxsize=None)
def sectors() -> dict[str, dict]:
    return _by_code("sectors")


@functools.lru_cache(maxsize=None)
def frequencies() -> dict[str, dict]:
    return _by_code("frequencies")


@functools.lru_cache(maxsize=None)
def access_levels() -> dict[str, dict]:
    return _by_code("access_levels")


@functools.lru_cache(maxsize=None)
def agencies() -> list[dict]:
    return load("agencies")["items"]


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
    boxes = [admin_units()[c].bbox for c in codes if c in admin_units() and admin_units()[c].bbox]
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
    for code in current_codes(codes):
        names.setdefault(units[code].name, None)
        for old in made_of().get(code, ()):
            names.setdefault(legacy_units()[old].name, None)
    for code in codes:
        if code in units:
            names.setdefault(units[code].name, None)
    return list(names)

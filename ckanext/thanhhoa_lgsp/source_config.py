"""The harvest source's configuration (JSON in the harvest UI): what to
harvest and how this gateway speaks. Credentials never live here: they come
from CKAN's config or the environment, since the harvest UI shows this text.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from ckanext.thanhhoa.metadata import vocab
from ckanext.thanhhoa_lgsp.client import Envelope, Paging


def default_mappings() -> dict[str, dict[str, str]]:
    """The gateway's code lists → the portal's codes (the LGSP crosswalk of
    the vocabulary registry, docs/lgsp/code-lists.md)."""
    tables = vocab.crosswalk("lgsp")["tables"]
    return {name: dict(table["codes"]) for name, table in tables.items()}


DEFAULT_PATHS = {
    "token": "/token",
    "agencies": "/danhmucdulieu/1.0/donvi",
    "datasets": "/danhmucdulieu/1.0/tapdulieu",
}


# "/token", "/danhmucdulieu/1.0/tapdulieu": no scheme, host, user, "//" or
# "..", nothing a URL join could take elsewhere
RELATIVE_PATH = re.compile(r"^/(?!/)(?!.*/\.\.(?:/|$))[A-Za-z0-9._~!$&'()*+,;=:%/-]*$")


class ConfigError(ValueError):
    """A source configuration that cannot be used; the message says why."""


@dataclass
class SourceConfig:
    page_size: int = 100
    agencies: list[str] = field(default_factory=list)
    mode: str = "incremental"                    # or "full"
    full_every_days: int = 7                     # an incremental source's complete listing
    max_pages: int = 10_000                      # of one listing: past it the listing ends
    auth_method: str = "basic"
    mappings: dict[str, dict[str, str]] = field(default_factory=default_mappings)
    default_sector: str = field(default_factory=lambda: vocab.crosswalk("lgsp")["default_sector"])
    paths: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_PATHS))
    envelope: Envelope = field(default_factory=Envelope)
    paging: Paging = field(default_factory=Paging)


_KEYS = {"page_size", "agencies", "mode", "auth_method", "mappings", "default_sector",
         "paths", "envelope", "paging", "full_every_days", "max_pages"}


def parse(text: str | None) -> SourceConfig:
    """Parse and check a source configuration; raise ConfigError with a
    Vietnamese message naming the key at fault."""
    if not text or not text.strip():
        return SourceConfig()
    try:
        raw = json.loads(text)
    except ValueError as error:
        raise ConfigError(f"Cấu hình không phải JSON hợp lệ: {error}")
    if not isinstance(raw, dict):
        raise ConfigError("Cấu hình phải là một đối tượng JSON {…}")
    unknown = sorted(set(raw) - _KEYS)
    if unknown:
        raise ConfigError(f"Khóa cấu hình không được hỗ trợ: {', '.join(unknown)}")
    config = SourceConfig()
    if "page_size" in raw:
        size = raw["page_size"]
        if not isinstance(size, int) or isinstance(size, bool) or not 1 <= size <= 100:
            raise ConfigError("page_size phải là số nguyên từ 1 đến 100")
        config.page_size = size
    for key, low, high in (("full_every_days", 1, 366), ("max_pages", 1, 1_000_000)):
        if key in raw:
            value = raw[key]
            if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
                raise ConfigError(f"{key} phải là số nguyên từ {low} đến {high}")
            setattr(config, key, value)
    if "agencies" in raw:
        agencies = raw["agencies"]
        if not isinstance(agencies, list) or not all(isinstance(a, str) and a for a in agencies):
            raise ConfigError("agencies phải là danh sách mã định danh điện tử, vd. [\"000.00.12.H56\"]")
        config.agencies = agencies
    if "mode" in raw:
        if raw["mode"] not in ("incremental", "full"):
            raise ConfigError("mode phải là \"incremental\" hoặc \"full\"")
        config.mode = raw["mode"]
    if "auth_method" in raw:
        if raw["auth_method"] not in ("basic", "form"):
            raise ConfigError("auth_method phải là \"basic\" hoặc \"form\"")
        config.auth_method = raw["auth_method"]
    if "mappings" in raw:
        _merge_mappings(config, raw["mappings"])
    if "default_sector" in raw:
        config.default_sector = _text(raw, "default_sector")
    paths = _string_dict(raw, "paths", set(DEFAULT_PATHS))
    for key, path in paths.items():
        # a path on the source's own gateway: the client sends the portal's
        # credentials to the token path
        if not RELATIVE_PATH.match(path):
            raise ConfigError(f"paths.{key} phải là đường dẫn trên cổng LGSP của nguồn, "
                              f"bắt đầu bằng /, vd. /token")
    config.paths.update(paths)
    if "envelope" in raw:
        config.envelope = Envelope(**_string_dict(raw, "envelope", {"data", "total", "error"}))
    if "paging" in raw:
        paging = raw["paging"]
        if not isinstance(paging, dict):
            raise ConfigError("paging phải là một đối tượng JSON")
        allowed = {"style", "page", "size", "first_page", "offset", "limit"}
        unknown = sorted(set(paging) - allowed)
        if unknown:
            raise ConfigError(f"paging: khóa không được hỗ trợ: {', '.join(unknown)}")
        if paging.get("style", "page") not in ("page", "offset"):
            raise ConfigError("paging.style phải là \"page\" hoặc \"offset\"")
        first_page = paging.get("first_page", 1)
        if not isinstance(first_page, int) or isinstance(first_page, bool) or first_page < 0:
            raise ConfigError("paging.first_page phải là số nguyên không âm")
        names = [v for k, v in paging.items() if k not in ("style", "first_page")]
        if not all(isinstance(v, str) and v for v in names):
            raise ConfigError("paging: tên tham số phải là chuỗi khác rỗng")
        config.paging = Paging(**paging)
    return config


def _merge_mappings(config: SourceConfig, mappings: Any) -> None:
    tables = vocab.crosswalk("lgsp")["tables"]
    if not isinstance(mappings, dict):
        raise ConfigError("mappings phải là một đối tượng JSON")
    for name, table in mappings.items():
        if name not in tables:
            raise ConfigError(f"mappings: bảng mã không được hỗ trợ: {name}")
        if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
            raise ConfigError(f"mappings.{name} phải ánh xạ mã LGSP sang mã của cổng")
        if name == "access_level":
            # the Law on Data's levels are the gateway's, one to one: a source
            # may not publish what an agency shares or keeps as open data
            raise ConfigError("mappings.access_level không thể thay đổi: mức độ chia sẻ của "
                              "LGSP ánh xạ cố định sang mức độ của cổng")
        known = vocab.get(tables[name]["vocabulary"])
        bad = sorted(v for v in table.values() if v not in known)
        if bad:
            raise ConfigError(f"mappings.{name}: mã không tồn tại trong danh mục của cổng: {', '.join(bad)}")
        config.mappings[name].update(table)


def _text(raw: dict, key: str) -> str:
    if not isinstance(raw[key], str) or not raw[key]:
        raise ConfigError(f"{key} phải là một chuỗi")
    return raw[key]


def _string_dict(raw: dict, key: str, allowed: set[str]) -> dict[str, str]:
    value = raw.get(key, {})
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise ConfigError(f"{key} phải là một đối tượng JSON gồm các chuỗi")
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise ConfigError(f"{key}: khóa không được hỗ trợ: {', '.join(unknown)}")
    return value

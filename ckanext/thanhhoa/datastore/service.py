"""Every DataStore table is a data service: its Frictionless Table Schema
and its OpenAPI 3 document, pure functions of the resource, its dataset and
its DataStore fields (``datastore_info``), so that the province's API
manager can import it and publish it on the LGSP.

The document describes what CKAN serves for the table, no more:
``datastore_search`` (the columns as filters, full-text ``q``, paging,
sorting, the choice of columns) and the dump endpoint (CSV, TSV, JSON, XML).
A table of shared data answers only to the API tokens of state agencies'
staff (access/auth.py): its document says so and requires the token.
"""
from __future__ import annotations

import json
from typing import Any

TABLE_SCHEMA_TYPES = {
    "int": "integer", "int4": "integer", "int8": "integer", "integer": "integer", "bigint": "integer",
    "numeric": "number", "float8": "number", "float4": "number",
    "date": "date", "timestamp": "datetime", "time": "time", "bool": "boolean",
    "json": "object", "text": "string",
}
OPENAPI_TYPES = {
    "integer": {"type": "integer"}, "number": {"type": "number"}, "date": {"type": "string", "format": "date"},
    "datetime": {"type": "string", "format": "date-time"}, "time": {"type": "string"},
    "boolean": {"type": "boolean"}, "object": {"type": "object"}, "string": {"type": "string"},
}
MAX_LIMIT = 32000  # CKAN's ckan.datastore.search.rows_max default


def _columns(fields: list[dict]) -> list[dict]:
    return [f for f in fields if not f["id"].startswith("_")]


def _kind(field: dict) -> str:
    return TABLE_SCHEMA_TYPES.get(str(field.get("type", "text")).lower().rstrip("[]"), "string")


def table_schema(fields: list[dict]) -> dict[str, Any]:
    """The Frictionless Table Schema of a DataStore table: each column's
    name, type, and the steward's label (title), description and unit from
    the data dictionary."""
    out = []
    for field in _columns(fields):
        info = field.get("info") or {}
        column: dict[str, Any] = {"name": field["id"], "type": _kind(field)}
        if info.get("label"):
            column["title"] = info["label"]
        if info.get("notes"):
            column["description"] = info["notes"]
        if info.get("unit"):
            column["unit"] = info["unit"]  # a custom property: Table Schema has none for units
        if column["type"] == "date":
            column["format"] = "%Y-%m-%d"
        out.append(column)
    return {
        "$schema": "https://specs.frictionlessdata.io/schemas/table-schema.json",
        "fields": out,
        "missingValues": [""],
    }


def _describe(field: dict) -> str:
    info = field.get("info") or {}
    parts = [info.get("label") or "", f"({info['unit']})" if info.get("unit") else "", info.get("notes") or ""]
    return " ".join(p for p in parts if p).strip()


def _record_schema(fields: list[dict]) -> dict[str, Any]:
    properties: dict[str, Any] = {"_id": {"type": "integer", "description": "Số thứ tự dòng"}}
    for field in _columns(fields):
        schema = dict(OPENAPI_TYPES[_kind(field)], nullable=True)
        description = _describe(field)
        if description:
            schema["description"] = description
        properties[field["id"]] = schema
    return {"type": "object", "properties": properties}


def _filters_schema(fields: list[dict]) -> dict[str, Any]:
    properties = {}
    for field in _columns(fields):
        value = OPENAPI_TYPES[_kind(field)]
        properties[field["id"]] = {"oneOf": [value, {"type": "array", "items": value}],
                                   "description": _describe(field) or field["id"]}
    return {"type": "object", "properties": properties, "additionalProperties": False}


def openapi(*, site_url: str, dataset: dict, resource: dict, fields: list[dict],
            example: dict | None, restricted: bool) -> dict[str, Any]:
    """The OpenAPI 3.0 document of a resource's table. ``example`` is one
    row (its values make the examples, which return it); ``restricted``
    when the table is not open data (a token is required)."""
    rid = resource["id"]
    columns = _columns(fields)
    # the examples are the first row's values for open data, so that they
    # return it; a shared table's document gives no value of its rows
    example = {} if restricted else (example or {})
    text_column = next((f["id"] for f in columns
                        if _kind(f) == "string" and str(example.get(f["id"]) or "").split()), None)
    word = str(example[text_column]).split()[0] if text_column else ""
    filters = {text_column: example[text_column]} if text_column else {}
    sort = f'"{columns[0]["id"]}" asc' if columns else "_id asc"
    title = resource.get("name") or rid
    security = [{"apiToken": []}] if restricted else []
    common = [
        {"name": "q", "in": "query", "required": False,
         "description": "Tìm toàn văn trong mọi cột (full-text search)",
         "schema": {"type": "string"}, **({"example": word} if word else {})},
        {"name": "filters", "in": "query", "required": False,
         "description": "Lọc theo giá trị của cột: đối tượng JSON {\"tên cột\": giá trị hoặc [giá trị, …]}",
         "content": {"application/json": {"schema": _filters_schema(fields),
                                          **({"example": filters} if filters else {})}}},
        {"name": "sort", "in": "query", "required": False,
         "description": "Sắp xếp: \"tên cột [asc|desc]\", nhiều cột cách nhau bằng dấu phẩy",
         "schema": {"type": "string"}, "example": sort},
        {"name": "limit", "in": "query", "required": False, "description": "Số dòng tối đa trả về",
         "schema": {"type": "integer", "minimum": 0, "maximum": MAX_LIMIT, "default": 100}, "example": 10},
        {"name": "offset", "in": "query", "required": False, "description": "Bỏ qua bao nhiêu dòng đầu (phân trang)",
         "schema": {"type": "integer", "minimum": 0, "default": 0}, "example": 0},
    ]
    examples = code_samples(site_url, rid, restricted)
    record = _record_schema(fields)
    return {
        "openapi": "3.0.3",
        "info": {
            "title": f"{title} — {dataset.get('title') or dataset.get('name')}",
            "version": str(resource.get("last_modified") or resource.get("metadata_modified") or "1"),
            "description": (
                f"Dịch vụ dữ liệu của bảng “{title}” trên Cổng dữ liệu mở tỉnh Thanh Hóa "
                f"({site_url}/dataset/{dataset.get('name')}/resource/{rid}). "
                + ("Dữ liệu dùng chung: chỉ trả lời khóa API (API token) của cán bộ cơ quan nhà nước."
                   if restricted else "Dữ liệu mở: không cần khóa API.")),
            **({"license": {"name": dataset["license_title"], **(
                {"url": dataset["license_url"]} if dataset.get("license_url") else {})}}
               if dataset.get("license_title") else {}),
        },
        "servers": [{"url": site_url}],
        "security": security,
        "paths": {
            "/api/3/action/datastore_search": {"get": {
                "operationId": "timKiem",
                "summary": "Tra cứu các dòng của bảng (JSON)",
                "parameters": [{"name": "resource_id", "in": "query", "required": True,
                                "description": "Mã của bảng", "schema": {"type": "string", "enum": [rid]},
                                "example": rid}] + common + [
                    {"name": "fields", "in": "query", "required": False,
                     "description": "Các cột trả về, cách nhau bằng dấu phẩy",
                     "schema": {"type": "string"}},
                    {"name": "include_total", "in": "query", "required": False,
                     "schema": {"type": "boolean", "default": True}},
                ],
                "responses": {
                    "200": {"description": "Các dòng tìm được", "content": {"application/json": {"schema": {
                        "type": "object", "properties": {
                            "success": {"type": "boolean"},
                            "result": {"type": "object", "properties": {
                                "records": {"type": "array", "items": {"$ref": "#/components/schemas/Dong"}},
                                "total": {"type": "integer"},
                                "limit": {"type": "integer"}, "offset": {"type": "integer"}}}}}}}},
                    "403": {"description": "Không có quyền đọc bảng này"},
                    "409": {"description": "Tham số không hợp lệ"},
                },
                "x-codeSamples": examples["search"],
            }},
            f"/datastore/dump/{rid}": {"get": {
                "operationId": "taiVe",
                "summary": "Tải các dòng của bảng (CSV, TSV, JSON, XML)",
                "parameters": [
                    {"name": "format", "in": "query", "required": False,
                     "schema": {"type": "string", "enum": ["csv", "tsv", "json", "xml"], "default": "csv"},
                     "example": "csv"},
                    {"name": "bom", "in": "query", "required": False,
                     "description": "Thêm BOM để Excel đọc đúng tiếng Việt", "schema": {"type": "boolean"}},
                ] + common,
                "responses": {
                    "200": {"description": "Tệp dữ liệu", "content": {
                        "text/csv": {"schema": {"type": "string"}},
                        "text/tab-separated-values": {"schema": {"type": "string"}},
                        "application/json": {"schema": {"type": "object"}},
                        "application/xml": {"schema": {"type": "string"}}}},
                    "403": {"description": "Không có quyền đọc bảng này"},
                },
                "x-codeSamples": examples["dump"],
            }},
        },
        "components": {
            "schemas": {"Dong": record},
            "securitySchemes": {"apiToken": {"type": "apiKey", "in": "header", "name": "Authorization",
                                             "description": "Khóa API của tài khoản trên cổng"}},
        },
    }


def endpoints(site_url: str, resource_id: str) -> tuple[str, str]:
    """The table's two endpoints: datastore_search (JSON) and the dump."""
    return (f"{site_url}/api/3/action/datastore_search?resource_id={resource_id}",
            f"{site_url}/datastore/dump/{resource_id}")


def code_samples(site_url: str, resource_id: str, restricted: bool) -> dict[str, list[dict]]:
    """curl and Python for the two endpoints, as the OpenAPI document
    (x-codeSamples) and the resource's page show them."""
    search, dump = endpoints(site_url, resource_id)
    search_url = f"{search}&limit=10"
    dump_url = f"{dump}?format=csv&limit=10"
    auth = ' -H "Authorization: $TOKEN"' if restricted else ""
    python_auth = ', headers={"Authorization": TOKEN}' if restricted else ""
    token = 'TOKEN = "…"  # khóa API của bạn\n' if restricted else ""
    return {
        "search": [
            {"lang": "Shell", "label": "curl", "source": f'curl{auth} "{search_url}"'},
            {"lang": "Python", "label": "Python",
             "source": (f"import requests\n{token}\nrows = requests.get(\"{search_url}\"{python_auth}"
                        ", timeout=30).json()[\"result\"][\"records\"]\n")},
        ],
        "dump": [
            {"lang": "Shell", "label": "curl", "source": f'curl{auth} -o bang.csv "{dump_url}"'},
            {"lang": "Python", "label": "Python",
             "source": (f"import csv, io, requests\n{token}\ntext = requests.get(\"{dump_url}\"{python_auth}"
                        ", timeout=60).text\nrows = list(csv.DictReader(io.StringIO(text)))\n")},
        ],
    }


def example_requests(document: dict) -> list[tuple[str, dict[str, str]]]:
    """(path, query) of each GET of a document, with every parameter that
    has an example set to it (JSON for ``content`` parameters)."""
    requests = []
    for path, item in document["paths"].items():
        query = {}
        for parameter in item["get"]["parameters"]:
            if "example" in parameter:
                query[parameter["name"]] = str(parameter["example"])
            for media in parameter.get("content", {}).values():
                if "example" in media:
                    query[parameter["name"]] = json.dumps(media["example"], ensure_ascii=False)
        requests.append((path, query))
    return requests

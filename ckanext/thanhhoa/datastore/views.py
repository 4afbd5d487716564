"""The data service of a DataStore table, at URLs that stay as long as the
resource does: its OpenAPI document and its Frictionless Table Schema.
Whoever may read the resource may read them (CKAN's resource_show, under
the access levels); the rows themselves are served by CKAN's
datastore_search and dump endpoint, under the same rules."""
from __future__ import annotations

import json

from flask import Blueprint, make_response

import ckan.plugins.toolkit as tk

from ckanext.thanhhoa.access.citizen import is_open_data
from ckanext.thanhhoa.datastore import service

data_services = Blueprint("thanhhoa_data_services", __name__)


def _context() -> dict:
    user = tk.current_user
    return {"user": getattr(user, "name", "") or "", "auth_user_obj": user}


def _table(resource_id: str):
    """(dataset, resource, fields) of a resource the viewer may read and
    that has a table; 404 otherwise (403 when it exists but is not theirs)."""
    context = _context()
    try:
        resource = tk.get_action("resource_show")(dict(context), {"id": resource_id})
        dataset = tk.get_action("package_show")(dict(context), {"id": resource["package_id"]})
        info = tk.get_action("datastore_info")(dict(context), {"id": resource_id})
    except tk.NotAuthorized:
        tk.abort(403, tk._("You may not read this table."))
    except (tk.ObjectNotFound, tk.ValidationError):
        tk.abort(404, tk._("This resource has no data table."))
    return dataset, resource, info["fields"]


def _json(document: dict):
    response = make_response(json.dumps(document, ensure_ascii=False, indent=1))
    response.headers["Content-Type"] = "application/json; charset=utf-8"
    return response


def openapi(resource_id: str):
    dataset, resource, fields = _table(resource_id)
    first = tk.get_action("datastore_search")(_context(), {"resource_id": resource_id, "limit": 1,
                                                           "sort": "_id", "include_total": False})
    return _json(service.openapi(site_url=tk.config.get("ckan.site_url").rstrip("/"), dataset=dataset,
                                 resource=resource, fields=fields,
                                 example=(first["records"] or [None])[0],
                                 restricted=not is_open_data(dataset)))


def table_schema(resource_id: str):
    _dataset, _resource, fields = _table(resource_id)
    return _json(service.table_schema(fields))


data_services.add_url_rule("/dich-vu-du-lieu/<resource_id>/openapi.json", view_func=openapi)
data_services.add_url_rule("/dich-vu-du-lieu/<resource_id>/table-schema.json", view_func=table_schema)

"""The demo catalogue that `make run` loads: the provincial agencies and
datasets with CSV resources (illustrative figures, marked as such) that use
the whole schema: every sector, the three access levels, current and
pre-2025 coverage codes.

Loading is idempotent: what exists is left as it is, what is missing is
created, so `make run` can be run again at no cost.
"""
from __future__ import annotations

import importlib.resources
import json
import logging
import time
from dataclasses import dataclass, field
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from werkzeug.datastructures import FileStorage

from ckanext.thanhhoa.operations import seed

log = logging.getLogger(__name__)

DEMO_FILES = importlib.resources.files("ckanext.thanhhoa.operations") / "demo"


@dataclass
class DemoReport:
    created: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)


def catalogue() -> dict[str, Any]:
    """The demo catalogue as shipped with the package."""
    return json.loads((DEMO_FILES / "catalogue.json").read_text("utf-8"))


def _site_context() -> dict[str, Any]:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": site_user["name"], "ignore_auth": True}


def ensure_sysadmin(name: str, email: str, password: str) -> dict[str, Any]:
    """Create the sysadmin, or reset its password; return the user dict."""
    context = _site_context()
    try:
        user = tk.get_action("user_show")(context, {"id": name})
        tk.get_action("user_patch")(
            _site_context(), {"id": user["id"], "password": password}
        )
    except tk.ObjectNotFound:
        user = tk.get_action("user_create")(
            context, {"name": name, "email": email, "password": password}
        )
    user_obj = model.User.get(user["id"])
    if not user_obj.sysadmin:
        user_obj.sysadmin = True
        model.repo.commit()
    return user


def ensure_api_token(user_name: str, token: str | None) -> str:
    """Return `token` if it still authenticates `user_name`, else a new one."""
    from ckan.lib.api_token import get_user_from_token

    if token:
        user = get_user_from_token(token, update_access_time=False)
        if user is not None and user.name == user_name:
            return token
    result = tk.get_action("api_token_create")(
        _site_context(), {"user": user_name, "name": "xloader"}
    )
    return result["token"]


def load(catalogue_dict: dict[str, Any] | None = None) -> DemoReport:
    """Create the agencies (`ckan thanhhoa seed`) and the datasets of the
    catalogue that do not exist."""
    data = catalogue_dict or catalogue()
    created, existing = seed.seed_agencies()
    report = DemoReport(created=created, existing=existing)
    for dataset in data["datasets"]:
        _ensure(report, "package", dataset, _create_dataset)
    return report


def _ensure(report: DemoReport, kind: str, item: dict[str, Any], create) -> None:
    try:
        tk.get_action(f"{kind}_show")(_site_context(), {"id": item["name"]})
        report.existing.append(item["name"])
    except tk.ObjectNotFound:
        create(item)
        report.created.append(item["name"])
        log.info("demo: created %s %s", kind, item["name"])


def _create_dataset(dataset: dict[str, Any]) -> None:
    resources = dataset.get("resources", [])
    package = tk.get_action("package_create")(
        _site_context(), {k: v for k, v in dataset.items() if k != "resources"}
    )
    for resource in resources:
        resource = dict(resource, package_id=package["id"])
        upload_name = resource.pop("upload", None)
        if upload_name:
            stream = (DEMO_FILES / upload_name).open("rb")
            with stream:
                resource["upload"] = FileStorage(stream, upload_name)
                resource.setdefault("url", upload_name)
                tk.get_action("resource_create")(_site_context(), resource)
        else:
            tk.get_action("resource_create")(_site_context(), resource)


LGSP_SOURCE = "lgsp-thanh-hoa"


def ensure_lgsp_source(url: str) -> bool:
    """The harvest source of the province's LGSP (here the fake gateway at
    `url`); its first job is queued when it has none. True when created."""
    context = _site_context()
    try:
        source = tk.get_action("harvest_source_show")(context, {"id": LGSP_SOURCE})
        created = False
    except tk.ObjectNotFound:
        source = tk.get_action("harvest_source_create")(_site_context(), {
            "name": LGSP_SOURCE, "title": "LGSP tỉnh Thanh Hóa", "url": url,
            "source_type": "lgsp", "frequency": "DAILY", "owner_org": "so-khoa-hoc-va-cong-nghe",
            "notes": "Danh mục dữ liệu các cơ quan chia sẻ qua nền tảng LGSP của tỉnh.",
            "config": json.dumps({"page_size": 50})})
        created = True
    if not tk.get_action("harvest_job_list")(_site_context(), {"source_id": source["id"]}):
        tk.get_action("harvest_job_create")(_site_context(), {"source_id": source["id"]})
    return created


def datastore_pending(dataset_names: list[str]) -> list[str]:
    """Names of the CSV resources of these datasets not yet in the DataStore."""
    pending = []
    for name in dataset_names:
        package = tk.get_action("package_show")(_site_context(), {"id": name})
        for resource in package["resources"]:
            if resource.get("format", "").upper() == "CSV" and not resource.get(
                "datastore_active"
            ):
                pending.append(f"{name}/{resource['name']}")
    return pending


def wait_for_datastore(dataset_names: list[str], timeout: float) -> list[str]:
    """Poll until every CSV resource is in the DataStore; return what is not."""
    deadline = time.monotonic() + timeout
    while True:
        model.Session.remove()
        pending = datastore_pending(dataset_names)
        if not pending or time.monotonic() > deadline:
            return pending
        time.sleep(1)

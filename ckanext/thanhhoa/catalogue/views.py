"""The catalogue page of an agency (/danh-muc-du-lieu/<agency>): download
the catalogue as XLSX, upload it edited, see the preview, confirm, see what
was done. For those who may create datasets in the agency (its editors and
admins, sysadmins). The uploaded file waits in the portal's storage under a
random token, for its uploader and agency only, until confirmed."""
from __future__ import annotations

import datetime
import json
import os
import pathlib
import re
import secrets

from flask import Blueprint, make_response

import ckan.plugins.toolkit as tk

from ckanext.thanhhoa.catalogue import plan, workbook

catalogue = Blueprint("thanhhoa_catalogue", __name__)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _agency(id: str) -> dict:
    """The agency, when the user may create datasets in it (else 403/404)."""
    try:
        agency = tk.get_action("organization_show")({}, {"id": id, "include_datasets": False,
                                                          "include_users": False})
        if not agency.get("is_organization"):
            raise tk.ObjectNotFound()
        tk.check_access("package_create", {}, {"owner_org": agency["id"]})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Agency not found"))
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only the agency's stewards may edit its catalogue."))
    return agency


TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")
WAIT = datetime.timedelta(hours=24)


def _folder() -> pathlib.Path:
    folder = pathlib.Path(tk.config["ckan.storage_path"]) / "thanhhoa-catalogue"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _waiting(token: str) -> pathlib.Path:
    return _folder() / f"{token}.xlsx"


def _forget_abandoned() -> None:
    """Uploads never confirmed are deleted after a day."""
    limit = (datetime.datetime.now() - WAIT).timestamp()
    for path in _folder().glob("*"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            pass


def page(id: str):
    agency = _agency(id)
    return tk.render("thanhhoa/catalogue/page.html", {"title": tk._("Data catalogue"), "agency": agency,
                                                      "errors": []})


def export(id: str):
    agency = _agency(id)
    datasets = sorted(plan.agency_datasets(agency["id"]).values(), key=lambda d: d["name"])
    response = make_response(workbook.write(datasets, agency["title"]))
    response.headers["Content-Type"] = XLSX
    stamp = datetime.date.today().isoformat()
    response.headers["Content-Disposition"] = f'attachment; filename="danh-muc-{agency["name"]}-{stamp}.xlsx"'
    return response


def _read(data: bytes):
    try:
        return workbook.read(data), []
    except workbook.Unreadable as error:
        return None, [error.message(tk._)]


def upload(id: str):
    agency = _agency(id)
    upload = tk.request.files.get("catalogue")
    data = upload.read(workbook.MAX_BYTES + 1) if upload else b""
    rows, errors = _read(data) if data else (None, [tk._("Choose the catalogue file (.xlsx) to upload.")])
    if errors:
        return tk.render("thanhhoa/catalogue/page.html", {"title": tk._("Data catalogue"), "agency": agency,
                                                          "errors": errors}), 400
    planned = plan.preview(rows, agency, tk.g.user)
    token = None
    if any(row.action in ("create", "update") for row in planned):    # something to confirm
        _forget_abandoned()
        token = secrets.token_urlsafe(24)
        _waiting(token).write_bytes(data)
        _waiting(token).with_suffix(".json").write_text(json.dumps({"user": tk.g.user, "agency": agency["id"]}))
    return tk.render("thanhhoa/catalogue/preview.html", {
        "title": tk._("Data catalogue"), "agency": agency, "rows": planned, "token": token, "applied": False})


def confirm(id: str):
    agency = _agency(id)
    token = tk.request.form.get("token") or ""
    gone = tk._("This upload is no longer waiting: upload the file again.")
    if not TOKEN.fullmatch(token):
        return tk.abort(404, gone)
    path = _waiting(token)
    try:
        owner = json.loads(path.with_suffix(".json").read_text())
        if owner != {"user": tk.g.user, "agency": agency["id"]}:
            return tk.abort(404, gone)
        claimed = path.with_suffix(".claimed")
        os.rename(path, claimed)          # one confirm only, even on a double click
    except (OSError, ValueError):
        return tk.abort(404, gone)
    rows, _ = _read(claimed.read_bytes())
    for waiting in (claimed, path.with_suffix(".json")):
        os.unlink(waiting)
    planned = plan.apply(plan.preview(rows or [], agency, tk.g.user), tk.g.user)
    return tk.render("thanhhoa/catalogue/preview.html", {
        "title": tk._("Data catalogue"), "agency": agency, "rows": planned, "token": None, "applied": True})


catalogue.add_url_rule("/danh-muc-du-lieu/<id>", view_func=page)
catalogue.add_url_rule("/danh-muc-du-lieu/<id>", view_func=upload, methods=["POST"], endpoint="upload")
catalogue.add_url_rule("/danh-muc-du-lieu/<id>/xlsx", view_func=export)
catalogue.add_url_rule("/danh-muc-du-lieu/<id>/ap-dung", view_func=confirm, methods=["POST"])

"""The data requests' pages: /yeu-cau-du-lieu (the list and its counts),
/yeu-cau-du-lieu/moi (ask, signed in), /yeu-cau-du-lieu/<id> (a request,
with the answer form for the agency asked)."""
from __future__ import annotations

from flask import Blueprint

import ckan.plugins.toolkit as tk

from ckanext.thanhhoa.datarequests import actions
from ckanext.thanhhoa.metadata import agencies

data_requests = Blueprint("thanhhoa_data_requests", __name__)


def index():
    params = {k: v for k, v in (("organization", tk.request.args.get("agency")),
                                 ("state", tk.request.args.get("state"))) if v}
    try:
        found = tk.get_action("thanhhoa_data_request_list")({}, params)
    except tk.ValidationError:
        found = tk.get_action("thanhhoa_data_request_list")({}, {})
    return tk.render("thanhhoa/datarequests/index.html", {
        "title": tk._("Data requests"), "found": found, "agencies": agencies.choices(),
        "agency": params.get("organization"), "state": params.get("state")})


def new():
    """Signed in, or with an e-mail address confirmed by a link."""
    form, errors = dict(tk.request.form), {}
    if tk.request.method == "POST":
        form["public"] = form.get("public") == "on"
        if tk.g.user:
            form.pop("email", None)
        try:
            created = tk.get_action("thanhhoa_data_request_create")({}, form)
            if created["state"] == "unconfirmed":
                return tk.render("thanhhoa/datarequests/sent.html", {
                    "title": tk._("Check your e-mail"), "email": created["email"]})
            return tk.redirect_to("thanhhoa_data_requests.read", id=created["id"])
        except tk.ValidationError as error:
            errors = error.error_dict
    return tk.render("thanhhoa/datarequests/new.html", {
        "title": tk._("Ask for data"), "form": form, "errors": errors, "agencies": agencies.choices()}), \
        400 if errors else 200


def read(id: str):
    try:
        request = tk.get_action("thanhhoa_data_request_show")({}, {"id": id})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Data request not found"))
    errors, form = {}, {}
    user = actions._user({"user": tk.g.user})
    stored = actions.store.get(id)
    may_answer = actions._may_answer(user, stored["organization_id"])
    if tk.request.method == "POST":
        if not may_answer:
            return tk.abort(403, tk._("Only the agency asked may answer this request."))
        form = dict(tk.request.form)
        try:
            tk.get_action("thanhhoa_data_request_answer")({}, dict(form, id=id))
            return tk.redirect_to("thanhhoa_data_requests.read", id=id)
        except tk.ValidationError as error:
            errors = error.error_dict
    return tk.render("thanhhoa/datarequests/read.html", {
        "title": request["title"], "data_request": request, "may_answer": may_answer, "errors": errors,
        "form": form}), 400 if errors else 200


def confirm(key: str):
    """The link of the confirmation e-mail: a page with a button (a GET
    changes nothing: mail scanners open links), its POST confirms."""
    if tk.request.method == "POST":
        try:
            request = tk.get_action("thanhhoa_data_request_confirm")({}, {"key": key})
        except tk.ValidationError as error:
            return tk.render("thanhhoa/datarequests/confirm.html", {
                "title": tk._("Confirm your data request"), "error": error.error_dict["key"][0]}), 400
        tk.h.flash_success(tk._("Your request is sent to the agency. You will be told of the answer by e-mail."))
        if request["public"]:
            return tk.redirect_to("thanhhoa_data_requests.read", id=request["id"])
        return tk.redirect_to("thanhhoa_data_requests.index")
    return tk.render("thanhhoa/datarequests/confirm.html", {"title": tk._("Confirm your data request"),
                                                             "error": None})


data_requests.add_url_rule("/yeu-cau-du-lieu", view_func=index)
data_requests.add_url_rule("/yeu-cau-du-lieu/xac-nhan/<key>", view_func=confirm, methods=["GET", "POST"])
data_requests.add_url_rule("/yeu-cau-du-lieu/moi", view_func=new, methods=["GET", "POST"])
data_requests.add_url_rule("/yeu-cau-du-lieu/<id>", view_func=read, methods=["GET", "POST"])

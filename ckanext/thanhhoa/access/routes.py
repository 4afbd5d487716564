"""Routes of CKAN and its extensions that misbehave on a GET, answered
before their view runs.

State changed by a GET: ckanext-harvest deletes a source, clears it,
starts a job or aborts one on a plain GET (`/harvest/delete/<id>`,
`/harvest/clear/<id>`, `/harvest/refresh/<id>`,
`/harvest/<source>/job/<id>/abort`): any page a signed-in sysadmin opens
could do it with an image tag, and CKAN's CSRF protection guards POST only.
Here a GET of the delete route shows CKAN's own confirmation page (whose
form posts to CKAN's delete), the others answer 405; their buttons post a
form with its CSRF token (CKAN's `confirm-action` module), and aborting a
job gets the POST route it lacked.

Views that answer 500 to a well-formed URL: a resource's history at an
activity that is not a dataset change (a new view, say), and the bulk page
of a group (organizations only)."""
from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk
from flask import Blueprint, current_app, request
from werkzeug.exceptions import MethodNotAllowed

from ckanext.thanhhoa.language import N_

CONFIRM_INSTEAD = {"harvester.delete": ("harvest.delete", {"package_type": "harvest"})}
POST_ONLY = frozenset({"harvester.clear", "harvester.refresh", "harvester.job_abort"})
MESSAGE = N_("This changes data: use the button on the harvest source's page")

harvest_posts = Blueprint("thanhhoa_harvest_posts", __name__)


@harvest_posts.route("/harvest/<source>/job/<id>/abort", methods=["POST"])
def job_abort(source: str, id: str):
    from ckanext.harvest import utils

    return utils.job_abort_view(source, id)


def _a_dataset_change(activity_id: str) -> bool:
    from ckanext.activity.model import Activity

    activity = model.Session.get(Activity, activity_id)
    return activity is not None and "package" in (activity.data or {})


# endpoint → (whether its URL can be answered, what to say when not)
ANSWERABLE = {
    "activity.resource_history": (lambda args: _a_dataset_change(args["activity_id"]),
                                  N_("Activity not found")),
    "group.bulk_process": (lambda args: False, N_("Page not found")),
}


def guard():
    if request.method not in ("GET", "HEAD"):
        return None
    if request.endpoint in CONFIRM_INSTEAD:
        endpoint, defaults = CONFIRM_INSTEAD[request.endpoint]
        return current_app.view_functions[endpoint](**defaults, **request.view_args)
    if request.endpoint in POST_ONLY:
        # not tk.abort: werkzeug takes its detail as the allowed methods
        raise MethodNotAllowed(valid_methods=["POST"], description=tk._(MESSAGE))
    if request.endpoint in ANSWERABLE:
        answerable, message = ANSWERABLE[request.endpoint]
        if not answerable(request.view_args or {}):
            return tk.abort(404, tk._(message))
    return None


def register(app) -> None:
    app.before_request(guard)

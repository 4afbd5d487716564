"""The e-mail that tells a requester the agency's answer, in Vietnamese
(the portal's language, whatever the steward's page was in), through
CKAN's mailer (smtp.* of the config; a local SMTP server in development
and tests). A mail that cannot be sent is logged: the answer stands."""
from __future__ import annotations

import logging

import ckan.plugins.toolkit as tk

log = logging.getLogger(__name__)


def _body(request: dict, url: str) -> tuple[str, str]:
    import ckan.model as model

    title = request["title"]
    if request["state"] == "accepted":
        what = tk._("The agency has accepted your request and plans to publish the data by {date}.").format(
            date=request["planned_date"].strftime("%d/%m/%Y"))
    elif request["state"] == "refused":
        what = tk._("The agency cannot publish the data you asked for.")
    else:
        dataset = model.Package.get(request["dataset_id"])
        what = tk._("The data you asked for is published: {title}, {url}").format(
            title=dataset.title, url=tk.url_for("dataset.read", id=dataset.name, _external=True))
    lines = [tk._("Your data request: {title}").format(title=title), "", what]
    if request["answer"]:
        lines += ["", tk._("The agency's answer:"), request["answer"]]
    lines += ["", tk._("The request on the portal: {url}").format(url=url)]
    return tk._("Answer to your data request: {title}").format(title=title), "\n".join(lines)


def tell_requester(request: dict) -> bool:
    import ckan.model as model
    from ckan.lib import mailer
    from ckanext.thanhhoa.language import portal_locale

    requester = model.User.get(request["requester_id"])
    if requester is None or not requester.email:
        return False
    url = tk.url_for("thanhhoa_data_requests.read", id=request["id"], _external=True)
    with portal_locale():
        subject, body = _body(request, url)
    try:
        mailer.mail_user(requester, subject, body)
    except Exception:   # the answer is saved: a mail that cannot go is logged
        log.exception("Could not tell %s the answer to data request %s", requester.name, request["id"])
        return False
    return True

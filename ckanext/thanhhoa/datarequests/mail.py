"""The e-mails of data requests: the link that confirms a request asked
without an account, and the agency's answer to the requester, in Vietnamese
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
    if url:
        lines += ["", tk._("The request on the portal: {url}").format(url=url)]
    return tk._("Answer to your data request: {title}").format(title=title), "\n".join(lines)


def _send(name: str, address: str, subject: str, body: str, what: str) -> bool:
    from ckan.lib import mailer

    try:
        mailer.mail_recipient(name, address, subject, body)
    except Exception:   # what was saved stands: a mail that cannot go is logged
        log.exception("Could not send %s", what)
        return False
    return True


def tell_requester(request: dict) -> bool:
    import ckan.model as model
    from ckanext.thanhhoa.language import portal_locale

    requester = model.User.get(request["requester_id"]) if request["requester_id"] else None
    name, address = ((requester.display_name, requester.email) if requester is not None
                     else (request["requester_email"], request["requester_email"]))
    if not address:
        return False
    # a private request has no page for someone without an account
    url = (tk.url_for("thanhhoa_data_requests.read", id=request["id"], _external=True)
           if requester is not None or request["public"] else None)
    with portal_locale():
        subject, body = _body(request, url)
    return _send(name, address, subject, body, f"the answer to data request {request['id']}")


def ask_to_confirm(request: dict, key: str) -> bool:
    """The link that confirms a request asked without an account."""
    from ckanext.thanhhoa.language import portal_locale

    url = tk.url_for("thanhhoa_data_requests.confirm", key=key, _external=True)
    # nothing the sender typed goes into this mail: it reaches any address
    # typed, from the government's domain
    with portal_locale():
        subject = tk._("Confirm your data request")
        body = "\n".join([
            tk._("A request for data was made on the portal with this e-mail address."), "",
            tk._("To send the request to the agency, open this link and confirm, within {days} days:").format(
                days=tk.config.get("ckanext.thanhhoa.data_requests.confirm_days")),
            url, "",
            tk._("If you did not ask, do nothing: the request will not be sent."),
        ])
    return _send(request["requester_email"], request["requester_email"], subject, body,
                 f"the confirmation of data request {request['id']}")

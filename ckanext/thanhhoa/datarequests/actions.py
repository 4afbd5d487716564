"""Actions of the data requests: anyone signed in asks; the request is
public (without its requester) unless they ask otherwise; the agency it is
addressed to (the portal's operators when none) answers, and the requester
is told by e-mail.

Who sees a request: everyone when it is public; else its requester, the
addressed agency's members and sysadmins. Who sees the requester: the same
three, never the public."""
from __future__ import annotations

import datetime
import logging

import sqlalchemy as sa

import ckan.plugins.toolkit as tk

from ckanext.thanhhoa.datarequests import model as store

log = logging.getLogger(__name__)
ANSWERS = ("accepted", "refused", "done")
MAX_TEXT = {"title": 200, "description": 5000, "purpose": 2000, "answer": 5000}


def _user(context):
    import ckan.model as model

    name = context.get("user")
    return model.User.get(name) if name else None


def _member_of(user, organization_id: str | None) -> bool:
    import ckan.authz as authz

    if user is None:
        return False
    if authz.is_sysadmin(user.name):
        return True
    return bool(organization_id) and authz.has_user_permission_for_group_or_org(organization_id, user.name, "read")


def _may_answer(user, organization_id: str | None) -> bool:
    import ckan.authz as authz

    if user is None:
        return False
    if authz.is_sysadmin(user.name):
        return True
    return bool(organization_id) and authz.has_user_permission_for_group_or_org(
        organization_id, user.name, "create_dataset")


def _insider(user, request: dict) -> bool:
    return user is not None and (user.id == request["requester_id"] or _member_of(user, request["organization_id"]))


def _visible(user, request: dict | None) -> bool:
    """Whether the caller may read this request at all (one asked by e-mail
    and not confirmed yet: nobody)."""
    return (request is not None and request["state"] != store.UNCONFIRMED
            and (request["public"] or _insider(user, request)))


def _text(data_dict: dict, key: str, errors: dict, required: bool = True) -> str:
    import unicodedata

    value = data_dict.get(key)
    value = unicodedata.normalize("NFC", value).strip() if isinstance(value, str) else value
    if key == "title" and isinstance(value, str):
        value = " ".join(value.split())      # one line: line breaks (\x0b, U+2028…) would break the e-mail's subject
    if value in (None, ""):
        if required:
            errors[key] = [tk._("Missing value")]
        return ""
    if not isinstance(value, str) or "\x00" in value:
        errors[key] = [tk._("Give a name or an id, as text.")]
    elif len(value) > MAX_TEXT.get(key, 200):
        errors[key] = [tk._("At most {n} characters.").format(n=MAX_TEXT.get(key, 200))]
    return value if isinstance(value, str) else ""


def is_open(dataset) -> bool:
    """A published open dataset (what a public answer may name)."""
    return (dataset is not None and dataset.state == "active" and dataset.type == "dataset"
            and not dataset.private and (dataset.extras or {}).get("access_level", "mo") == "mo")


def deadline(request: dict) -> datetime.date:
    days = tk.config.get("ckanext.thanhhoa.data_requests.answer_days")
    return (request["created"] + datetime.timedelta(days=days)).date()


def shown(request: dict, user, today: datetime.date | None = None) -> dict:
    """A request as the caller may see it."""
    import ckan.model as model

    today = today or datetime.date.today()
    out = {k: request[k] for k in ("id", "title", "description", "purpose", "state", "answer", "public")}
    out.update(created=request["created"].isoformat(timespec="seconds"),
               answered=request["answered"].isoformat(timespec="seconds") if request["answered"] else None,
               planned_date=request["planned_date"].isoformat() if request["planned_date"] else None,
               deadline=deadline(request).isoformat(),
               overdue=request["state"] == "open" and today > deadline(request))
    organization = model.Group.get(request["organization_id"]) if request["organization_id"] else None
    out["organization"] = {"name": organization.name, "title": organization.title} if organization else None
    dataset = model.Package.get(request["dataset_id"]) if request["dataset_id"] else None
    out["dataset"] = {"name": dataset.name, "title": dataset.title} if is_open(dataset) else None
    if _insider(user, request):
        requester = model.User.get(request["requester_id"]) if request["requester_id"] else None
        if requester is not None:
            out["requester"] = {"name": requester.name, "display_name": requester.display_name,
                                "email": requester.email if _member_of(user, request["organization_id"])
                                or user.id == requester.id else None}
        else:       # asked by e-mail, without an account: the agency sees the address
            out["requester"] = {"name": None, "display_name": tk._("Without an account"),
                                "email": request["requester_email"]}
    return out


def thanhhoa_data_request_create(context, data_dict):
    """Ask for data.

    :param title: what data (one line)
    :type title: string
    :param description: what it should hold
    :type description: string
    :param purpose: why (optional)
    :type purpose: string
    :param organization: the agency asked (name or id; optional)
    :type organization: string
    :param public: whether everyone may read the request (default true; never its requester)
    :type public: bool
    :param email: without an account: the address the request is confirmed
        from (a link is sent there) and the answer is sent to
    :type email: string
    :rtype: dictionary
    """
    tk.check_access("thanhhoa_data_request_create", context, data_dict)
    user = _user(context)
    errors: dict = {}
    email = None if user is not None else _email(data_dict, errors)
    values = {key: _text(data_dict, key, errors, required=key != "purpose") for key in ("title", "description",
                                                                                      "purpose")}
    organization_id = None
    if data_dict.get("organization"):
        name = _text(data_dict, "organization", errors)
        import ckan.model as model

        group = model.Group.get(name) if "organization" not in errors else None
        if group is None or not group.is_organization or group.state != "active":
            errors["organization"] = [tk._("No agency has this name.")]
        else:
            organization_id = group.id
    try:
        public = tk.asbool(data_dict.get("public", True))
    except ValueError:
        errors["public"] = [tk._("Give true or false.")]
    if errors:
        raise tk.ValidationError(errors)
    _within_limits(user, email)
    store.purge_unconfirmed()
    if user is not None:
        request = store.insert(dict(values, organization_id=organization_id, requester_id=user.id,
                                    public=public))
        return shown(request, user)
    import hashlib
    import secrets

    key = secrets.token_urlsafe(24)
    request = store.insert(dict(values, organization_id=organization_id, requester_email=email, public=public,
                                state=store.UNCONFIRMED, confirm_hash=hashlib.sha256(key.encode()).hexdigest(),
                                confirm_by=store.now() + datetime.timedelta(
                                    days=tk.config.get("ckanext.thanhhoa.data_requests.confirm_days"))))
    from ckanext.thanhhoa.datarequests import mail

    if not mail.ask_to_confirm(request, key):
        store.delete(request["id"])
        raise tk.ValidationError({"email": [tk._("The confirmation e-mail could not be sent; try again later.")]})
    # nothing of the request is shown until its link is followed
    return {"state": store.UNCONFIRMED, "email": email}


def _email(data_dict: dict, errors: dict) -> str | None:
    import re

    value = data_dict.get("email")
    value = value.strip() if isinstance(value, str) else value
    if not value:
        errors["email"] = [tk._("Sign in, or give your e-mail address to confirm the request.")]
    elif (not isinstance(value, str) or len(value) > 254
          or not re.fullmatch(r"[^@\s<>,;\"]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+", value)):
        errors["email"] = [tk._("This is not an e-mail address.")]
    else:
        return value
    return None


def _within_limits(user, email: str | None) -> None:
    """A day's requests per account; without one, per client address and
    per inbox, 3 confirmation e-mails an hour per inbox and a ceiling for
    the whole portal (the form must not mail-bomb anyone's inbox)."""
    from ckanext.thanhhoa.datarequests import limits

    per_day = tk.config.get("ckanext.thanhhoa.data_requests.per_day")
    if user is not None:
        checks = [("account", user.id, per_day, limits.DAY)]
    else:
        checks = [("client", limits.client_address() or "-", per_day, limits.DAY),
                  ("confirm", limits.address(email), 3, limits.HOUR),
                  ("email", limits.address(email), per_day, limits.DAY),
                  ("portal", "confirmations", tk.config.get("ckanext.thanhhoa.data_requests.confirmations_per_hour"),
                   limits.HOUR)]
    if not limits.within(checks):
        raise tk.ValidationError({"message": tk._("Too many requests for now: try again later.")})


def thanhhoa_data_request_confirm(context, data_dict):
    """Confirm a request asked by e-mail, with the token of the link sent
    there. The request counts (and its deadline runs) from now.

    :param key: the key of the link
    :type key: string
    :rtype: dictionary
    """
    import hashlib

    tk.check_access("thanhhoa_data_request_confirm", context, data_dict)
    key = data_dict.get("key")
    request = None
    if isinstance(key, str) and 20 <= len(key) <= 64:
        request = store.by_confirm_hash(hashlib.sha256(key.encode()).hexdigest())
    if request is None or not store.confirm(request["id"]):
        raise tk.ValidationError({"key": [tk._("This link is not valid, was used already or has expired.")]})
    return shown(store.get(request["id"]), _user(context))


@tk.side_effect_free
def thanhhoa_data_request_show(context, data_dict):
    """A data request, as the caller may see it (a private one: its
    requester, the agency asked and sysadmins only).

    :param id: the request
    :type id: string
    :rtype: dictionary
    """
    tk.check_access("thanhhoa_data_request_show", context, data_dict)
    request = store.get(str(data_dict.get("id") or "")) if isinstance(data_dict.get("id"), str) else None
    user = _user(context)
    if not _visible(user, request):
        raise tk.ObjectNotFound(tk._("Data request not found"))
    return shown(request, user)


@tk.side_effect_free
def thanhhoa_data_request_list(context, data_dict):
    """The data requests the caller may see, newest first, with counts.

    :param organization: only those addressed to this agency (name or id; optional)
    :type organization: string
    :param state: only those in this state (open, accepted, refused, done; optional)
    :type state: string
    :rtype: dictionary
    """
    import ckan.authz as authz
    import ckan.model as model

    tk.check_access("thanhhoa_data_request_list", context, data_dict)
    table, user = store.data_request, _user(context)
    where = [table.c.public.is_(True)]
    if user is not None:
        where.append(table.c.requester_id == user.id)
        if authz.is_sysadmin(user.name):
            where.append(sa.true())
        else:
            own = [g.id for g in user.get_groups("organization") if g.state == "active"]
            if own:
                where.append(table.c.organization_id.in_(own))
    condition = sa.and_(sa.or_(*where), table.c.state != store.UNCONFIRMED)
    organization = data_dict.get("organization")
    if organization:
        group = model.Group.get(organization) if isinstance(organization, str) else None
        if group is None or not group.is_organization:
            raise tk.ValidationError({"organization": [tk._("No agency has this name.")]})
        condition = sa.and_(condition, table.c.organization_id == group.id)
    state = data_dict.get("state")
    if state:
        if state not in store.STATES:
            raise tk.ValidationError({"state": [tk._("Give a name or an id, as text.")]})
        condition = sa.and_(condition, table.c.state == state)
    requests = [shown(r, user) for r in store.select(condition)]
    return {"count": len(requests), "overdue": sum(r["overdue"] for r in requests), "results": requests}


def thanhhoa_data_request_answer(context, data_dict):
    """The agency's answer to a request: accepted (with the planned date),
    refused (with the reason), or done (with the dataset). The requester is
    told by e-mail.

    :param id: the request
    :type id: string
    :param state: accepted, refused or done
    :type state: string
    :param answer: the answer's text (the reason, for a refusal)
    :type answer: string
    :param planned_date: when the data is planned (YYYY-MM-DD; for accepted)
    :type planned_date: string
    :param dataset: the dataset that answers it (name or id; for done)
    :type dataset: string
    :rtype: dictionary
    """
    import ckan.model as model

    request = store.get(data_dict.get("id")) if isinstance(data_dict.get("id"), str) else None
    user = _user(context)
    if not _visible(user, request):
        raise tk.ObjectNotFound(tk._("Data request not found"))
    if not _may_answer(user, request["organization_id"]):
        raise tk.NotAuthorized(tk._("Only the agency asked may answer this request."))
    errors: dict = {}
    state = data_dict.get("state")
    if state not in ANSWERS:
        errors["state"] = [tk._("Choose accepted, refused or done.")]
    answer = _text(data_dict, "answer", errors, required=state == "refused")
    values = {"state": state, "answer": answer, "answered_by": user.id, "answered": store.now(),
              "planned_date": None, "dataset_id": None}
    if state == "accepted":
        try:
            values["planned_date"] = datetime.date.fromisoformat(str(data_dict.get("planned_date") or ""))
        except ValueError:
            errors["planned_date"] = [tk._("Give the planned date (YYYY-MM-DD).")]
    if state == "done":
        dataset = model.Package.get(data_dict.get("dataset")) if isinstance(data_dict.get("dataset"), str) else None
        if not is_open(dataset):
            # a request's answer is read by the public and mailed: open data only
            errors["dataset"] = [tk._("Name the open dataset that answers the request.")]
        else:
            values["dataset_id"] = dataset.id
    if errors:
        raise tk.ValidationError(errors)
    request = store.update(request["id"], values)
    from ckanext.thanhhoa.datarequests import mail

    mail.tell_requester(request)
    return shown(request, user)


def get_actions() -> dict:
    return {name: fn for name, fn in globals().items() if name.startswith("thanhhoa_data_request_")}


def get_auth_functions() -> dict:
    def signed_in(context, data_dict):
        if not context.get("user") or _user(context) is None:
            return {"success": False, "msg": tk._("Sign in to ask for data.")}
        return {"success": True}

    anyone = tk.auth_allow_anonymous_access(lambda context, data_dict: {"success": True})
    # without an account, a request is asked with an e-mail address it is confirmed from
    return {"thanhhoa_data_request_create": anyone, "thanhhoa_data_request_confirm": anyone,
            # what each may see is decided in the action (a private request is not found)
            "thanhhoa_data_request_show": anyone, "thanhhoa_data_request_list": anyone,
            "thanhhoa_data_request_answer": signed_in}

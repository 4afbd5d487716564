"""The e-mail about what a user follows, sent by CKAN's own command
(`ckan notify send_emails`, the `send_email_notifications` action): CKAN's
mechanism (the per-user opt-in, `ckan.email_notifications_since`, the last
e-mail sent and the dashboard last viewed) with the portal's content in
place of CKAN's one-line English digest.

A user is told of each dataset published or updated, since the last e-mail,
in what they follow: a dataset, an agency, a group (CKAN's followers) or a
sector (model.py), by someone else, that they may read now (search applies
their permission labels: a citizen is told of open data only), with why they
are told. `message` is pure: the tests read its text."""
from __future__ import annotations

import datetime
import logging

import ckan.plugins.toolkit as tk

from ckanext.thanhhoa.follow import model as store
from ckanext.thanhhoa.language import N_, current_lang, portal_locale

log = logging.getLogger(__name__)
MAX_DATASETS = 50
FIELDS = "id name title owner_org organization metadata_created metadata_modified vocab_sectors groups"


def followed(user_id: str) -> dict[str, list[str]]:
    """{datasets: [id], agencies: [id], groups: [id], sectors: [code]}."""
    import ckan.model as model

    datasets = [row.object_id for row in model.Session.query(model.UserFollowingDataset.object_id)
                .filter(model.UserFollowingDataset.follower_id == user_id)]
    groups = (model.Session.query(model.Group.id, model.Group.is_organization)
              .join(model.UserFollowingGroup, model.UserFollowingGroup.object_id == model.Group.id)
              .filter(model.UserFollowingGroup.follower_id == user_id))
    agencies, plain = [], []
    for group_id, is_organization in groups:
        (agencies if is_organization else plain).append(group_id)
    return {"datasets": datasets, "agencies": agencies, "groups": plain, "sectors": store.sectors_of(user_id)}


def _quoted(values) -> str:
    return " OR ".join('"{}"'.format(str(v).replace("\\", "\\\\").replace('"', '\\"')) for v in values)


def changed_since(user, follows: dict, since: datetime.datetime) -> list[dict]:
    """The datasets of what is followed changed since `since` that `user`
    may read, newest first (package_search under the user's labels)."""
    import ckan.model as model

    names = {"groups": [g.name for g in model.Session.query(model.Group.name)
                        .filter(model.Group.id.in_(follows["groups"]))] if follows["groups"] else []}
    clauses = [f"{field}:({_quoted(values)})" for field, values in (
        ("id", follows["datasets"]), ("owner_org", follows["agencies"]),
        ("groups", names["groups"]), ("vocab_sectors", follows["sectors"])) if values]
    if not clauses:
        return []
    stamp = since.replace(tzinfo=None).isoformat(timespec="milliseconds") + "Z"
    found = tk.get_action("package_search")({"user": user.name, "auth_user_obj": user}, {
        "fq": f"+dataset_type:dataset +metadata_modified:[{stamp} TO *] +({' OR '.join(clauses)})",
        "fl": FIELDS, "rows": MAX_DATASETS, "sort": "metadata_modified desc", "include_private": False})
    return found["results"]


def changed_by_others(dataset_ids: list[str], user_id: str, since: datetime.datetime) -> set[str]:
    """The datasets among these that someone other than the user created or
    changed since `since` (the activity stream; one's own edits tell nothing)."""
    import ckan.model as model
    from ckanext.activity.model import Activity

    if not dataset_ids:
        return set()
    rows = (model.Session.query(Activity.object_id).distinct()
            .filter(Activity.object_id.in_(dataset_ids), Activity.timestamp > since.replace(tzinfo=None),
                    Activity.activity_type.in_(("new package", "changed package")),
                    Activity.user_id != user_id))
    return {row.object_id for row in rows}


def entries(datasets: list[dict], follows: dict, since: datetime.datetime, lang: str) -> list[dict]:
    """What the e-mail says of each dataset: title, agency, new or updated,
    link, and why the user is told."""
    import ckan.model as model
    from ckanext.thanhhoa.metadata import vocab

    sectors = vocab.get("sectors")
    titles = {g.id: g.title for g in model.Session.query(model.Group.id, model.Group.title).filter(
        model.Group.id.in_({d.get("owner_org") for d in datasets if d.get("owner_org")} or {""}))}
    told = []
    for dataset in datasets:
        reasons = []
        if dataset["id"] in follows["datasets"]:
            reasons.append(("dataset", dataset["title"]))
        if dataset.get("owner_org") in follows["agencies"]:
            reasons.append(("agency", titles.get(dataset["owner_org"], "")))
        for code in dataset.get("vocab_sectors") or []:
            if code in follows["sectors"]:
                reasons.append(("sector", sectors.label(code, lang) or code))
        told.append({"title": dataset["title"], "agency": titles.get(dataset.get("owner_org"), ""),
                     "new": _when(dataset.get("metadata_created")) > since.replace(tzinfo=None),
                     "url": tk.url_for("dataset.read", id=dataset["name"], _external=True),
                     "reasons": reasons})
    return told


def _when(value: str | None) -> datetime.datetime:
    try:
        return datetime.datetime.fromisoformat(str(value)).replace(tzinfo=None)
    except ValueError:
        return datetime.datetime.min


REASONS = {"dataset": N_("the dataset"), "agency": N_("the agency {name}"), "sector": N_("the sector {name}")}


def message(told: list[dict], *, site_title: str, name: str, manage_url: str) -> tuple[str, str]:
    """The subject and text of the e-mail (pure; in the current locale)."""
    subject = tk.ungettext("{site}: {n} dataset you follow is new or updated",
                           "{site}: {n} datasets you follow are new or updated", len(told)).format(
        site=site_title, n=len(told))
    lines = [tk._("Hello {name},").format(name=name), "",
             tk._("Since our last e-mail, these datasets were published or updated in what you follow:"), ""]
    for entry in told:
        kind = tk._("New") if entry["new"] else tk._("Updated dataset")
        head = f"- [{kind}] {entry['title']}"
        lines.append(f"{head} ({entry['agency']})" if entry["agency"] else head)
        lines.append(f"  {entry['url']}")
        why = [tk._(REASONS[kind_]).format(name=value) for kind_, value in entry["reasons"]]
        if why:
            lines.append("  " + tk._("You follow: {what}").format(what="; ".join(why)))
    lines += ["", tk._("What you follow, and these e-mails on or off: {url}").format(url=manage_url)]
    return subject, "\n".join(lines)


def digest(user_dict: dict, since: datetime.datetime) -> list[dict]:
    """CKAN's notification function: [{subject, body}] for one user."""
    import ckan.model as model

    if not user_dict.get("activity_streams_email_notifications"):
        return []
    user = model.User.get(user_dict["id"])
    if user is None or user.state != "active":
        return []
    follows = followed(user.id)
    datasets = changed_since(user, follows, since)
    others = changed_by_others([d["id"] for d in datasets], user.id, since)
    datasets = [d for d in datasets if d["id"] in others]
    if not datasets:
        return []
    with portal_locale():
        told = entries(datasets, follows, since, current_lang())
        subject, body = message(told, site_title=tk.config.get("ckan.site_title"),
                                name=user.fullname or user.name,
                                manage_url=tk.url_for("thanhhoa_follow.index", _external=True))
    log.info("Telling %s of %s datasets", user.name, len(told))
    return [{"subject": subject, "body": body}]


def install() -> None:
    """The portal's message in place of CKAN's digest, for `ckan notify
    send_emails` (CKAN's list of notification sources)."""
    from ckanext.activity import email_notifications

    email_notifications._notifications_functions[:] = [digest]

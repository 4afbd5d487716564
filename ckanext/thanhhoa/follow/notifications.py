"""The e-mail about what a user follows, sent by CKAN's own command
(`ckan notify send_emails`, the `send_email_notifications` action, chained
here): CKAN's per-user opt-in and `ckan.email_notifications_since`, with
the portal's content in place of CKAN's one-line English digest.

CKAN's loop stops at the first user whose mail fails (a line break in a
full name made the mailer raise before its own `try`: one user stopped
everyone's e-mails), and starts from the dashboard last viewed (a sector
followed is not on the dashboard: its changes were never told). The
portal's loop goes on past a failure, cleans the name, and starts each
user from the moment of their last e-mail's search.

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
SEARCHED = 100     # the search reads more: one's own edits are left out after it
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

    group_names = [g.name for g in model.Session.query(model.Group.name)
                   .filter(model.Group.id.in_(follows["groups"]))] if follows["groups"] else []
    clauses = [f"{field}:({_quoted(values)})" for field, values in (
        ("id", follows["datasets"]), ("owner_org", follows["agencies"]),
        ("groups", group_names), ("vocab_sectors", follows["sectors"])) if values]
    if not clauses:
        return []
    stamp = since.replace(tzinfo=None).isoformat(timespec="milliseconds") + "Z"
    found = tk.get_action("package_search")({"user": user.name, "auth_user_obj": user}, {
        "fq": f"+dataset_type:dataset +metadata_modified:[{stamp} TO *] +({' OR '.join(clauses)})",
        "fl": FIELDS, "rows": SEARCHED, "sort": "metadata_modified desc", "include_private": False})
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
    group_titles = {g.name: g.title for g in model.Session.query(model.Group.name, model.Group.title).filter(
        model.Group.id.in_(follows["groups"] or [""]))}
    told = []
    for dataset in datasets:
        reasons = []
        if dataset["id"] in follows["datasets"]:
            reasons.append(("dataset", dataset["title"]))
        if dataset.get("owner_org") in follows["agencies"]:
            reasons.append(("agency", titles.get(dataset["owner_org"], "")))
        for name in dataset.get("groups") or []:
            if name in group_titles:
                reasons.append(("group", group_titles[name]))
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


REASONS = {"dataset": N_("the dataset"), "agency": N_("the agency {name}"), "group": N_("the group {name}"),
           "sector": N_("the sector {name}")}


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


def digest(user, since: datetime.datetime) -> list[dict]:
    """The e-mails for one user (a model.User): [{subject, body}]."""
    follows = followed(user.id)
    datasets = changed_since(user, follows, since)
    others = changed_by_others([d["id"] for d in datasets], user.id, since)
    datasets = [d for d in datasets if d["id"] in others][:MAX_DATASETS]
    if not datasets:
        return []
    with portal_locale():
        told = entries(datasets, follows, since, current_lang())
        subject, body = message(told, site_title=tk.config.get("ckan.site_title"),
                                name=user.fullname or user.name,
                                manage_url=tk.url_for("thanhhoa_follow.index", _external=True))
    log.info("Telling %s of %s datasets", user.name, len(told))
    return [{"subject": subject, "body": body}]


def _one_line(text: str) -> str:
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text or "").split())


def send_all() -> dict[str, int]:
    """Tell every user who opted in; a failure for one is logged and the
    others are told. {"sent", "failed"}."""
    import ckan.model as model
    from ckan.lib import mailer
    from ckanext.activity.email_notifications import string_to_timedelta

    window = string_to_timedelta(tk.config.get("ckan.email_notifications_since"))
    counts = {"sent": 0, "failed": 0}
    users = (model.Session.query(model.User.id, model.User.name).filter(      # opted in
        model.User.state == "active", model.User.activity_streams_email_notifications.is_(True),
        model.User.email.isnot(None), model.User.email != "").order_by(model.User.name).all())
    for user_id, name in users:
        try:
            dashboard = model.Dashboard.get(user_id)
            if dashboard is None:       # a user made outside user_create
                dashboard = model.Dashboard(user_id)
                model.Session.add(dashboard)
            moment = datetime.datetime.utcnow()
            since = max(moment - window, dashboard.email_last_sent)
            user = model.User.get(user_id)
            for note in digest(user, since):
                mailer.mail_recipient(_one_line(user.display_name), user.email, note["subject"], note["body"])
                counts["sent"] += 1
            dashboard.email_last_sent = moment     # the search's moment: nothing falls between
            model.Session.commit()
        except Exception:
            model.Session.rollback()
            counts["failed"] += 1
            log.exception("Could not tell %s of what they follow", name)
    log.info("Notifications: %(sent)s sent, %(failed)s failed", counts)
    return counts


@tk.chained_action
def send_email_notifications(original, context, data_dict):
    """CKAN's action (`ckan notify send_emails`), with the portal's loop."""
    tk.check_access("send_email_notifications", context, data_dict)
    if not tk.config.get("ckan.activity_streams_email_notifications"):
        return original(context, data_dict)       # CKAN's refusal, as CKAN words it
    return send_all()

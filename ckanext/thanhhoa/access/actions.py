"""CKAN actions that list what exists without asking who may see it, chained
to answer with what the requesting user may see (package_show's rule, the
access levels' permission labels): dataset names, tags, resources.

CKAN lists the names of every public dataset (`package_list`) and the tags
of every public dataset (`tag_list`, `tag_autocomplete`, `tag_search`,
`tag_show`) straight from the database, and `resource_search` searches the
resources of every public dataset: "public" in CKAN's sense, which shared
and internal data are (the access levels are labels, not CKAN's private
flag).

CKAN counts a user's datasets (`user_show`, `user_list`: the profile page's
"Datasets") straight from the database, shared and internal ones included:
the counts are taken from the search as the requesting user.

CKAN's follow actions (`follow_dataset`, `am_following_dataset`,
`dataset_follower_count`, `_list`) only ask whether a dataset exists: they
answer for a dataset the caller may read only.

CKAN lists what a user follows (`followee_list`) with ignore_auth: a
followed agency's record carried every dataset of the agency, internal ones
included, and a dataset followed while open and made internal since kept
its title there.

CKAN's activity streams filter by labels only the activities whose type
ends in "package": a "new resource view" activity of internal data (its
title, its resource) reaches everyone. The lists are chained to keep the
activities whose labels the user holds."""
from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib.plugins import get_permission_labels

ROWS = 1000      # Solr's page; a portal of more datasets is read page by page


def _visible(context: dict, **search) -> dict:
    """package_search as the requesting user (a copy of the context: an
    action's context is not to be reused)."""
    own = {k: v for k, v in context.items() if k in ("user", "auth_user_obj", "ignore_auth")}
    return tk.get_action("package_search")(own, dict(search, include_private=True))


def visible_names(context: dict) -> list[str]:
    names, start = [], 0
    while True:
        page = _visible(context, q="*:*", fl="name", rows=ROWS, start=start, sort="name asc")
        names += [d["name"] for d in page["results"]]
        start += ROWS
        if start >= page["count"]:
            return names


def visible_tags(context: dict) -> set[str]:
    found = _visible(context, rows=0, **{"facet.field": '["tags"]', "facet.limit": -1})
    return {item["name"] for item in found["search_facets"].get("tags", {}).get("items", [])}


def _page(items: list, data_dict: dict) -> list:
    offset = int(data_dict.get("offset") or 0)
    limit = data_dict.get("limit")
    return items[offset:offset + int(limit)] if limit not in (None, "") else items[offset:]


@tk.chained_action
@tk.side_effect_free
def package_list(original, context, data_dict):
    """package_list: the names of the datasets the requesting user may see."""
    tk.check_access("package_list", context, data_dict)
    return _page(visible_names(context), data_dict)


@tk.chained_action
@tk.side_effect_free
def tag_list(original, context, data_dict):
    """tag_list: the tags of the datasets the requesting user may see."""
    tags = visible_tags(context)
    result = original(context, data_dict)
    return [t for t in result if (t["name"] if isinstance(t, dict) else t) in tags]


@tk.chained_action
@tk.side_effect_free
def tag_autocomplete(original, context, data_dict):
    tags = visible_tags(context)
    return [t for t in original(context, dict(data_dict, limit=None)) if t in tags][
        :int(data_dict.get("limit") or 10)]


@tk.chained_action
@tk.side_effect_free
def tag_search(original, context, data_dict):
    tags = visible_tags(context)
    found = original(context, dict(data_dict, limit=None, offset=None))
    results = [t for t in found["results"] if t["name"] in tags]
    return {"count": len(results), "results": _page(results, data_dict)}


@tk.chained_action
@tk.side_effect_free
def tag_show(original, context, data_dict):
    """tag_show of a tag the requesting user may see, with those datasets."""
    tag = original(context, dict(data_dict, include_datasets=False))
    if tag["name"] not in visible_tags(context):
        raise tk.ObjectNotFound(tk._("Tag not found"))
    if tk.asbool(data_dict.get("include_datasets")):
        tag["packages"] = _visible(context, fq=f'tags:"{tag["name"]}"', rows=ROWS)["results"]
    return tag


@tk.chained_action
@tk.side_effect_free
def resource_search(original, context, data_dict):
    """resource_search over the datasets the requesting user may see."""
    found = original(context, dict(data_dict, limit=None, offset=None))
    allowed: dict[str, bool] = {}

    def may_see(package_id: str) -> bool:
        if package_id not in allowed:
            try:
                tk.check_access("package_show", dict(context), {"id": package_id})
                allowed[package_id] = True
            except (tk.NotAuthorized, tk.ObjectNotFound):
                allowed[package_id] = False
        return allowed[package_id]

    results = [r for r in found["results"] if may_see(r["package_id"])]
    return {"count": len(results), "results": _page(results, data_dict)}


# --- counts ----------------------------------------------------------------

def created_counts(context: dict) -> dict[str, int]:
    """user id → how many datasets it created that the requester may see."""
    found = _visible(context, rows=0, **{"facet.field": '["creator_user_id"]', "facet.limit": -1})
    items = found["search_facets"].get("creator_user_id", {}).get("items", [])
    return {item["name"]: item["count"] for item in items}


@tk.chained_action
@tk.side_effect_free
def user_show(original, context, data_dict):
    user = original(context, data_dict)
    if isinstance(user, dict) and "number_created_packages" in user:
        user["number_created_packages"] = created_counts(context).get(user["id"], 0)
    return user


@tk.chained_action
@tk.side_effect_free
def user_list(original, context, data_dict):
    users = original(context, data_dict)
    if users and isinstance(users[0], dict) and "number_created_packages" in users[0]:
        counts = created_counts(context)
        for user in users:
            user["number_created_packages"] = counts.get(user["id"], 0)
    return users


# --- activity streams ------------------------------------------------------

ACTIVITY_LISTS = ("package_activity_list", "organization_activity_list", "group_activity_list",
                  "user_activity_list", "dashboard_activity_list",
                  "recently_changed_packages_activity_list")


def _user(context: dict):
    return context.get("auth_user_obj") or (model.User.get(context["user"])
                                            if context.get("user") else None)


def readable_activities(context: dict, activities: list[dict]) -> list[dict]:
    """The activities the user may read: those of a dataset when its labels
    now (an activity may carry none: CKAN labels no resource-view activity)
    meet the user's, the others when their own labels do or they have none.
    A sysadmin reads all. A page may come out shorter than its limit."""
    user = _user(context)
    if context.get("ignore_auth") or getattr(user, "sysadmin", False):
        return activities
    labeller = get_permission_labels()
    held = set(labeller.get_user_dataset_labels(user))
    datasets = {p.id: p for p in model.Session.query(model.Package).filter(
        model.Package.id.in_({a.get("object_id") for a in activities}))}

    def readable(activity: dict) -> bool:
        dataset = datasets.get(activity.get("object_id"))
        labels = (labeller.get_dataset_labels(dataset) if dataset is not None
                  else activity.get("permission_labels"))
        return labels is None or bool(held & set(labels))

    return [a for a in activities if readable(a)]


def _activity_list(name: str):
    @tk.chained_action
    @tk.side_effect_free
    def chained(original, context, data_dict):
        return readable_activities(context, original(context, data_dict))
    chained.__name__ = name
    chained.__doc__ = f"{name}, without the activities of data the user may not read."
    return chained


# --- what a user follows -------------------------------------------------------

def readable_dataset_ids(context: dict, dataset_ids) -> set[str]:
    """The datasets among these whose labels now meet the user's."""
    user = _user(context)
    datasets = model.Session.query(model.Package).filter(model.Package.id.in_(set(dataset_ids)))
    if getattr(user, "sysadmin", False):
        return {d.id for d in datasets}
    labeller = get_permission_labels()
    held = set(labeller.get_user_dataset_labels(user))
    return {d.id for d in datasets if held & set(labeller.get_dataset_labels(d))}


@tk.chained_action
@tk.side_effect_free
def followee_list(original, context, data_dict):
    """followee_list, without the datasets the user may no longer read (one
    followed when open, since made shared or internal) and without the
    datasets inside a followed agency's or group's record: CKAN lists both
    with ignore_auth, so following an agency showed its internal datasets."""
    user = context.get("user")
    followees = original(context, data_dict)
    ids = [f["dict"]["id"] for f in followees if f["type"] == "dataset"]
    readable = readable_dataset_ids({"user": user}, ids)
    for followee in followees:
        if followee["type"] in ("group", "organization"):
            followee["dict"].pop("packages", None)
            followee["dict"].pop("package_count", None)     # counted with ignore_auth too
    return [f for f in followees if f["type"] != "dataset" or f["dict"]["id"] in readable]


@tk.chained_action
@tk.side_effect_free
def dataset_followee_list(original, context, data_dict):
    """dataset_followee_list, by the labels now (as followee_list)."""
    user = context.get("user")
    datasets = original(context, data_dict)
    readable = readable_dataset_ids({"user": user}, [d["id"] for d in datasets])
    return [d for d in datasets if d["id"] in readable]


def _readable_dataset(context: dict, data_dict: dict) -> None:
    """Not found unless the caller may read the dataset: CKAN's follow
    actions only ask whether it exists, so they told the names of shared and
    internal datasets apart from names that exist nowhere."""
    try:      # package_show's rule (the labels), without making the dataset's dict: these are on every page
        tk.check_access("package_show", {"user": context.get("user"), "auth_user_obj": context.get("auth_user_obj")},
                        {"id": data_dict.get("id")})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        raise tk.ObjectNotFound(tk._("Dataset not found"))


def _after_read_check(name: str, side_effect_free: bool):
    def chained(original, context, data_dict):
        _readable_dataset(context, data_dict)
        return original(context, data_dict)
    chained.__name__ = name
    chained.__doc__ = f"{name}, for a dataset the caller may read only."
    if side_effect_free:
        chained = tk.side_effect_free(chained)
    return tk.chained_action(chained)


FOLLOW_ACTIONS = {"follow_dataset": False, "am_following_dataset": True, "dataset_follower_count": True,
                  "dataset_follower_list": True}


# --- reads that CKAN answers with a 500 when a parameter is missing ---------

def required(data_dict: dict, *keys: str) -> None:
    missing = {key: [tk._("Missing value")] for key in keys if data_dict.get(key) in (None, "")}
    if missing:
        raise tk.ValidationError(missing)


@tk.chained_action
@tk.side_effect_free
def group_autocomplete(original, context, data_dict):
    required(data_dict, "q")
    return original(context, data_dict)


@tk.chained_action
@tk.side_effect_free
def organization_autocomplete(original, context, data_dict):
    required(data_dict, "q")
    return original(context, data_dict)


@tk.chained_action
@tk.side_effect_free
def activity_show(original, context, data_dict):
    """activity_show: its auth function reads `include_data` unchecked; an
    activity of data the user may not read is not found."""
    activity = original(context, dict(data_dict, include_data=data_dict.get("include_data", False)))
    if not readable_activities(context, [activity]):
        raise tk.ObjectNotFound(tk._("Activity not found"))
    return activity


@tk.chained_action
@tk.side_effect_free
def package_collaborator_list(original, context, data_dict):
    """package_collaborator_list: for signed-in users (CKAN fails on an
    anonymous one)."""
    if not context.get("user"):
        raise tk.NotAuthorized(tk._("Sign in to list a dataset's collaborators"))
    return original(context, data_dict)


def get_actions() -> dict:
    actions = {fn.__name__: fn for fn in (user_show, user_list,
        package_list, tag_list, tag_autocomplete, tag_search, tag_show, resource_search,
        group_autocomplete, organization_autocomplete, activity_show, package_collaborator_list,
        followee_list, dataset_followee_list)}
    actions.update({name: _activity_list(name) for name in ACTIVITY_LISTS})
    actions.update({name: _after_read_check(name, free) for name, free in FOLLOW_ACTIONS.items()})
    return actions

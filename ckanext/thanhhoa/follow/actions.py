"""Actions of following: a signed-in user follows and unfollows sectors
(CKAN's follow_dataset / follow_group hold datasets, agencies and groups),
lists what they follow, and turns the e-mails on or off. Each acts on the
caller's own account only."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.thanhhoa.follow import model as store
from ckanext.thanhhoa.metadata import vocab


def _user(context):
    import ckan.model as model

    user = model.User.get(context.get("user") or "") if context.get("user") else None
    if user is None:
        raise tk.NotAuthorized(tk._("Sign in to follow."))
    return user


def _sector(data_dict: dict) -> str:
    code = data_dict.get("sector")
    if not isinstance(code, str) or code not in vocab.get("sectors"):
        raise tk.ValidationError({"sector": [tk._("No sector has this code.")]})
    return code


def _shown(code: str) -> dict:
    from ckanext.thanhhoa.language import current_lang

    return {"sector": code, "title": vocab.get("sectors").label(code, current_lang())}


def thanhhoa_sector_follow(context, data_dict):
    """Follow a sector: `sector` (its code). Answers the sector and its title."""
    tk.check_access("thanhhoa_sector_follow", context, data_dict)
    user, code = _user(context), _sector(data_dict)
    store.follow(user.id, code)
    return _shown(code)


def thanhhoa_sector_unfollow(context, data_dict):
    """Stop following a sector: `sector` (its code)."""
    tk.check_access("thanhhoa_sector_unfollow", context, data_dict)
    user, code = _user(context), _sector(data_dict)
    if not store.unfollow(user.id, code):
        raise tk.ValidationError({"sector": [tk._("You do not follow this sector.")]})
    return _shown(code)


@tk.side_effect_free
def thanhhoa_followee_list(context, data_dict):
    """What the caller follows and whether they are told by e-mail:
    {email_notifications, datasets, agencies, groups, sectors}; datasets
    they may no longer read are left out."""
    import ckan.model as model

    tk.check_access("thanhhoa_followee_list", context, data_dict)
    user = _user(context)
    from ckanext.thanhhoa.follow import notifications

    from ckanext.thanhhoa.access.actions import readable_dataset_ids

    followed = notifications.followed(user.id)
    readable = readable_dataset_ids({"user": user.name}, followed["datasets"])
    datasets = [{"id": d.id, "name": d.name, "title": d.title} for d in model.Session.query(model.Package).filter(
        model.Package.id.in_(readable), model.Package.state == "active").order_by(model.Package.title)]
    groups = {"agencies": [], "groups": []}
    for group_id in followed["agencies"] + followed["groups"]:
        group = model.Group.get(group_id)
        if group is not None and group.state == "active":
            groups["agencies" if group.is_organization else "groups"].append(
                {"id": group.id, "name": group.name, "title": group.title})
    return {"email_notifications": bool(user.activity_streams_email_notifications),
            "datasets": datasets, **groups, "sectors": [_shown(code) for code in followed["sectors"]]}


def thanhhoa_email_notifications_update(context, data_dict):
    """Turn the caller's e-mails about what they follow on or off:
    `on` (true/false)."""
    import ckan.model as model

    tk.check_access("thanhhoa_email_notifications_update", context, data_dict)
    user = _user(context)
    on = data_dict.get("on")
    if isinstance(on, str) and on.lower() in ("true", "false", "1", "0", "on", "off"):
        on = on.lower() in ("true", "1", "on")
    if not isinstance(on, bool):
        raise tk.ValidationError({"on": [tk._("Say true or false.")]})
    user.activity_streams_email_notifications = on
    model.Session.commit()
    return {"email_notifications": on}


def get_actions() -> dict:
    from ckanext.thanhhoa.follow import notifications

    return {**{name: fn for name, fn in globals().items() if name.startswith("thanhhoa_") and callable(fn)},
            "send_email_notifications": notifications.send_email_notifications}


def get_auth_functions() -> dict:
    def signed_in(context, data_dict):
        import ckan.model as model

        if not context.get("user") or model.User.get(context["user"]) is None:
            return {"success": False, "msg": tk._("Sign in to follow.")}
        return {"success": True}

    return {name: signed_in for name in get_actions() if name.startswith("thanhhoa_")}

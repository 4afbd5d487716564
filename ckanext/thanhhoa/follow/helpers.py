"""Template helpers of following (prefixed thanhhoa_)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


def thanhhoa_email_notifications_on() -> bool:
    """Whether the signed-in user is told by e-mail of what they follow."""
    user = tk.current_user
    return bool(getattr(user, "is_authenticated", False) and user.activity_streams_email_notifications)


def thanhhoa_follows_sector(code: str) -> bool:
    from ckanext.thanhhoa.follow import model

    user = tk.current_user
    return bool(getattr(user, "is_authenticated", False)) and code in model.sectors_of(user.id)


def thanhhoa_sector_followers(code: str) -> int:
    from ckanext.thanhhoa.follow import model

    return model.follower_count(code)


HELPERS = {name: fn for name, fn in globals().items() if name.startswith("thanhhoa_")}

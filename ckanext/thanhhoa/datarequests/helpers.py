"""Template helpers of the data requests (prefixed thanhhoa_)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


def thanhhoa_data_request_state_label(state: str) -> str:
    return {"open": tk._("Waiting for an answer"), "accepted": tk._("Accepted"), "refused": tk._("Refused"),
            "done": tk._("Published")}.get(state, state)


def thanhhoa_data_request_days() -> int:
    return tk.config.get("ckanext.thanhhoa.data_requests.answer_days")


HELPERS = {name: fn for name, fn in globals().items() if name.startswith("thanhhoa_")}

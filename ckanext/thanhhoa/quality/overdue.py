"""Whether a dataset is overdue: its declared frequency (the EU frequency
codes of the metadata model) says when it should have been updated next;
past that day and a grace period, it is overdue. A pure function of the
dataset and today's date.

The last update is the latest of the dataset's ``modified`` (the steward's
date, else CKAN's last change of the metadata) and its resources'
``last_modified`` (a new file). The grace period is a quarter of the
interval, at least ``min_grace_days`` (a monthly dataset published on the
5th of the next month is on time).
"""
from __future__ import annotations

import dataclasses
import datetime

# days between two updates, for the frequencies that promise one
INTERVALS = {"UPDATE_CONT": 1, "DAILY": 1, "WEEKLY": 7, "MONTHLY": 31, "QUARTERLY": 92,
             "ANNUAL_2": 183, "ANNUAL": 366}


@dataclasses.dataclass(frozen=True)
class Due:
    last_update: datetime.date
    due: datetime.date          # the next update's day, grace included
    overdue: bool
    days_late: int


def _date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value or "")[:10])
    except ValueError:
        return None


def last_update(dataset: dict) -> datetime.date | None:
    dates = [_date(dataset.get("modified") or dataset.get("metadata_modified"))]
    dates += [_date(r.get("last_modified")) for r in dataset.get("resources") or [] if isinstance(r, dict)]
    dates = [d for d in dates if d]
    return max(dates) if dates else None


def due(dataset: dict, today: datetime.date, min_grace_days: int = 3) -> Due | None:
    """When the dataset's next update is due, and whether it is late; None
    for a dataset that promises none (irregular, never, no frequency) or
    has no date."""
    interval = INTERVALS.get(str(dataset.get("frequency") or ""))
    last = last_update(dataset)
    if interval is None or last is None:
        return None
    grace = max(min_grace_days, interval // 4)
    deadline = last + datetime.timedelta(days=interval + grace)
    late = (today - deadline).days
    return Due(last_update=last, due=deadline, overdue=late > 0, days_late=max(0, late))

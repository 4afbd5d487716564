"""The access levels of the Law on Data 2024 as permission labels (pure):
which labels a dataset carries and which a user holds."""
import types

import pytest

from ckanext.thanhhoa.access.labels import (AGENCY_STAFF, PUBLIC, agency_ids, is_staff, labels_for,
                                            labels_of_user)

pytestmark = pytest.mark.unit

ORG, OTHER = "org-1", "org-2"


@pytest.mark.parametrize("level, private, expected", [
    ("mo", False, [PUBLIC]),
    (None, False, [PUBLIC]),
    ("dung-chung", False, [AGENCY_STAFF, f"member-{ORG}"]),
    ("dung-rieng", False, [f"member-{ORG}"]),
    ("mo", True, [f"member-{ORG}"]),          # a draft: its agency only
    ("dung-chung", True, [f"member-{ORG}"]),
])
def test_dataset_labels(level, private, expected):
    assert labels_for(level, ORG, private) == expected


def test_user_labels():
    assert labels_of_user([], None) == [PUBLIC]
    assert labels_of_user([], "u1") == [PUBLIC, "creator-u1"]
    assert labels_of_user([ORG], "u1") == [PUBLIC, "creator-u1", f"member-{ORG}", AGENCY_STAFF]


@pytest.mark.parametrize("level, anonymous, other_agency, own_agency", [
    ("mo", True, True, True),
    ("dung-chung", False, True, True),
    ("dung-rieng", False, False, True),
])
def test_who_sees_what(level, anonymous, other_agency, own_agency):
    dataset = set(labels_for(level, ORG, False))
    assert bool(dataset & set(labels_of_user([], None))) is anonymous
    assert bool(dataset & set(labels_of_user([OTHER], "u2"))) is other_agency
    assert bool(dataset & set(labels_of_user([ORG], "u3"))) is own_agency


class User:
    def __init__(self, authenticated=True, sysadmin=False, agencies=()):
        self.is_authenticated, self.sysadmin = authenticated, sysadmin
        self._agencies = [types.SimpleNamespace(id=i, state=s) for i, s in agencies]

    def get_groups(self, group_type):
        return list(self._agencies)


@pytest.mark.parametrize("user, staff", [
    (None, False), (User(authenticated=False), False), (User(), False),
    (User(agencies=[("so-y-te", "active")]), True), (User(sysadmin=True), True),
    (User(agencies=[("so-cu", "deleted")]), False),          # a deleted agency's member
])
def test_who_may_filter_by_access_level(user, staff):
    assert is_staff(user) is staff


def test_a_deleted_agency_gives_no_labels():
    user = User(agencies=[("so-y-te", "active"), ("so-cu", "deleted")])
    assert agency_ids(user) == ["so-y-te"]

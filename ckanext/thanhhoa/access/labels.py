"""Access levels of the Law on Data 2024 as CKAN permission labels
(IPermissionLabels): CKAN filters search, counts, facets, package_show (and
so dataset pages, resource downloads, DataStore queries and DCAT output) and
activity streams by these labels.

| access_level | dataset labels                 | who holds them                      |
|--------------|--------------------------------|-------------------------------------|
| mo           | public                         | everyone                            |
| dung-chung   | agency-staff, member-<org id>  | members of any agency; the owner's  |
| dung-rieng   | member-<org id>                | members of the owning agency        |

A harvest source (a dataset of type harvest: its gateway URL and
configuration) is labelled as internal data of its agency. Members of a
deleted agency hold none of its labels.

A private (draft) dataset keeps CKAN's own rule: members of its agency only.
Sysadmins see everything, as everywhere in CKAN.
"""
from __future__ import annotations

import ckan.model as model
from ckan.lib.plugins import DefaultPermissionLabels

PUBLIC = "public"
AGENCY_STAFF = "agency-staff"


def labels_for(access_level: str | None, owner_org: str | None, private: bool) -> list[str]:
    """The permission labels of a dataset (pure)."""
    member = [f"member-{owner_org}"] if owner_org else []
    if private:
        return member
    if access_level == "dung-rieng":
        return member
    if access_level == "dung-chung":
        return [AGENCY_STAFF] + member
    return [PUBLIC]


def labels_of_user(org_ids: list[str], user_id: str | None) -> list[str]:
    """The labels a user holds (pure): member of each of its agencies, agency
    staff when it belongs to at least one."""
    labels = [PUBLIC]
    if user_id:
        labels.append(f"creator-{user_id}")
    labels.extend(f"member-{org_id}" for org_id in org_ids)
    if org_ids:
        labels.append(AGENCY_STAFF)
    return labels


class AccessLevelLabels(DefaultPermissionLabels):
    def get_dataset_labels(self, dataset_obj: model.Package) -> list[str]:
        if dataset_obj.type == "harvest":      # a harvest source: its configuration and URL
            return labels_for("dung-rieng", dataset_obj.owner_org, False)
        labels = labels_for(dataset_obj.extras.get("access_level"), dataset_obj.owner_org,
                            dataset_obj.private)
        if dataset_obj.private and not dataset_obj.owner_org and dataset_obj.creator_user_id:
            labels.append(f"creator-{dataset_obj.creator_user_id}")
        return labels

    def get_user_dataset_labels(self, user_obj: model.User | None) -> list[str]:
        if user_obj is None or user_obj.is_anonymous:
            return [PUBLIC]
        return labels_of_user(agency_ids(user_obj), user_obj.id)


def agency_ids(user) -> list[str]:
    """The agencies a user is a member of: active ones only (a deleted
    agency's members are no longer anyone's staff)."""
    return [org.id for org in user.get_groups("organization") if org.state == "active"]


def is_staff(user) -> bool:
    """A signed-in member of an agency, or a sysadmin (who may filter by
    access level)."""
    return bool(user and user.is_authenticated and (user.sysadmin or agency_ids(user)))


def relabel_activities(package_id: str) -> None:
    """Activities carry the labels their dataset had when they were made:
    when its access level changes, its history must follow."""
    from ckan.lib.plugins import get_permission_labels
    from ckanext.activity.model import Activity

    package = model.Package.get(package_id)
    if package is None:
        return
    labels = get_permission_labels().get_dataset_labels(package)
    (model.Session.query(Activity)
     .filter(Activity.object_id == package.id)
     .update({"permission_labels": labels}, synchronize_session=False))

"""What an uploaded catalogue would do, row by row (the preview), and doing
it (applying): a row without the portal's id creates a dataset of the
agency, a row with one updates the fields it changes, a row that cannot be
read or does not validate is left out with its errors, each naming the row
and the column. Nothing is written before the steward confirms; then each
row is one CKAN action, as the steward: it is applied whole or not at all,
and the agency and the steward's rights bound what it may touch."""
from __future__ import annotations

import dataclasses
import logging

import ckan.plugins.toolkit as tk

from ckanext.thanhhoa.catalogue import columns

log = logging.getLogger(__name__)
ID = columns.COLUMNS[0].header


@dataclasses.dataclass
class Row:
    number: int
    action: str                      # create, update, unchanged, error
    title: str = ""
    id: str | None = None
    name: str | None = None
    fields: dict = dataclasses.field(default_factory=dict)   # a new dataset's, or the patch
    errors: list = dataclasses.field(default_factory=list)   # (header, message)
    done: str | None = None          # after applying: created, updated, failed

    @property
    def changed(self) -> list[str]:
        return [h for field in self.fields for h in columns.headers_of(field)]


def agency_datasets(agency_id: str) -> dict[str, dict]:
    """The agency's active datasets, whole, by id."""
    import ckan.model as model

    ids = [row.id for row in model.Session.query(model.Package.id).filter(
        model.Package.owner_org == agency_id, model.Package.state == "active",
        model.Package.type == "dataset")]
    show = tk.get_action("package_show")
    return {i: show({"ignore_auth": True, "for_edit": True}, {"id": i}) for i in ids}


def _messages(errors, field: str | None = None) -> list[tuple[str, str]]:
    """A ValidationError's error dict as (header, message) pairs."""
    out = []
    if isinstance(errors, dict):
        for key, value in errors.items():
            out += _messages(value, field or key)
    elif isinstance(errors, list):
        for value in errors:
            out += _messages(value, field)
    elif errors:
        headers = columns.headers_of(field or "") or [field or ""]
        out.append((headers[0], str(errors)))
    return out


def _validate(action: str, data: dict, user: str, package=None) -> list[tuple[str, str]]:
    """The errors CKAN's validation of `action` finds, writing nothing."""
    import ckan.lib.plugins as lib_plugins
    import ckan.model as model

    plugin = lib_plugins.lookup_package_plugin("dataset")
    schema = plugin.create_package_schema() if action == "package_create" else plugin.update_package_schema()
    context = {"model": model, "session": model.Session, "user": user, "package": package}
    _, errors = lib_plugins.plugin_validate(plugin, context, dict(data), schema, action)
    return _messages(errors)


def preview(rows: list[tuple[int, dict]], agency: dict, user: str) -> list[Row]:
    import ckan.model as model

    existing = agency_datasets(agency["id"])
    planned, new_names, seen_ids = [], {}, {}
    for number, cells in rows:
        fields, unread = columns.from_row(cells)
        dataset_id = fields.pop("id", "") or None
        title = (fields.get("title_translated") or {}).get("vi") or ""
        row = Row(number, "error", title=title, id=dataset_id)
        row.errors = [(header, tk._(msgid) % value) for header, (msgid, value) in unread.items()]
        if dataset_id in seen_ids:
            row.errors.append((ID, tk._("Row {row} has the same dataset: a copied row keeps the hidden id; "
                                        "empty that column for a new dataset.").format(row=seen_ids[dataset_id])))
        elif dataset_id:
            seen_ids[dataset_id] = number
        if dataset_id and dataset_id not in existing:
            row.errors.append((ID, tk._("This is not a dataset of this agency (or it was deleted): "
                                        "leave the column as it was exported, empty for a new dataset.")))
        if row.errors:
            planned.append(row)
            continue
        if dataset_id:
            dataset = existing[dataset_id]
            row.name = dataset["name"]
            row.fields = columns.changes(fields, dataset)
            if "tag_string" in row.fields:
                row.fields["tags"] = []      # else CKAN adds the new keywords to the old ones
            if not row.fields:
                row.action = "unchanged"
            else:
                row.errors = _validate("package_update", dict(dataset, **row.fields), user,
                                       model.Package.get(dataset_id))
                row.action = "error" if row.errors else "update"
        else:
            row.fields = dict(columns.new_dataset(fields), owner_org=agency["id"], type="dataset")
            row.errors = _validate("package_create", row.fields, user)
            slug = columns.slug(title)
            if not row.errors and slug in new_names:
                row.errors.append((columns.COLUMNS[1].header, tk._(
                    "Row {row} has the same title: the two datasets would have the same address.").format(
                        row=new_names[slug])))
            new_names.setdefault(slug, number)
            row.action = "error" if row.errors else "create"
        planned.append(row)
    return planned


def apply(planned: list[Row], user: str) -> list[Row]:
    """Each row's action as the steward; a row that fails is rolled back
    and says why."""
    import ckan.model as model

    for row in planned:
        if row.action not in ("create", "update"):
            continue
        context = {"user": user}
        try:
            if row.action == "create":
                created = tk.get_action("package_create")(context, dict(row.fields))
                row.id, row.name = created["id"], created["name"]
            else:
                tk.get_action("package_patch")(context, dict(row.fields, id=row.id))
            row.done = row.action + "d"
        except tk.ValidationError as error:
            model.Session.rollback()
            row.done, row.errors = "failed", _messages(error.error_dict)
        except tk.NotAuthorized:
            model.Session.rollback()
            row.done, row.errors = "failed", [(ID, tk._("You may not change this dataset."))]
        except Exception:
            model.Session.rollback()
            log.exception("Catalogue row %s could not be applied", row.number)
            row.done, row.errors = "failed", [(ID, tk._("The portal could not save this row; nothing of it was kept."))]
    return planned

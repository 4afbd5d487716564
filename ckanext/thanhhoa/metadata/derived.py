"""Values derived from others when the steward gave none (pure, but for
`agencies`, which reads them)."""
from __future__ import annotations

from typing import Iterable


def agencies(org_ids: Iterable[str | None]) -> dict[str, dict]:
    """The agencies (organization fields and extras) of these ids, in one query."""
    import ckan.model as model

    ids = [i for i in set(org_ids) if i]
    if not ids:
        return {}
    groups = model.Session.query(model.Group).filter(model.Group.id.in_(ids)).all()
    return {g.id: dict(g.extras, name=g.name, title=g.title) for g in groups}


def publisher(agency: dict | None) -> dict | None:
    """The publisher of a dataset: its agency, with the agency's electronic
    code (the model says the publisher is never typed by hand)."""
    if not agency:
        return None
    keys = ("name", "title", "title_en", "agency_code", "agency_level", "email", "website")
    return {key: agency[key] for key in keys if agency.get(key)}


def fill_defaults(dataset: dict, agency: dict | None = None) -> dict:
    """identifier ← id; issued ← the day the dataset was published on the
    portal; modified ← the day the metadata last changed; publisher ← the
    owning agency."""
    if agency is not None:
        dataset["publisher"] = publisher(agency)
    if not dataset.get("identifier"):
        dataset["identifier"] = dataset.get("id")
    if not dataset.get("issued") and dataset.get("metadata_created"):
        dataset["issued"] = str(dataset["metadata_created"])[:10]
    if not dataset.get("modified") and dataset.get("metadata_modified"):
        dataset["modified"] = str(dataset["metadata_modified"])[:10]
    return dataset


def fill_all(datasets: list) -> None:
    """fill_defaults on each dataset dict of a list (package_show's, search
    results), reading their agencies in one query."""
    datasets = [d for d in datasets if isinstance(d, dict) and "id" in d]
    found = agencies({d.get("owner_org") for d in datasets})
    for dataset in datasets:
        fill_defaults(dataset, found.get(dataset.get("owner_org")))

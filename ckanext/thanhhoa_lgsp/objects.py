"""The gather's bookkeeping of harvest objects, a batch of records at a time
in a few SQL statements: no record or harvest object is held in memory
beyond its batch, and a record that has not changed is settled here (a
complete object, "not modified") instead of costing the fetch queue a
round of six commits.

ckanext-harvest's columns keep their meaning: `current` marks the object
behind the guid's published dataset, `report_status` feeds the job's
statistics, `state` COMPLETE or ERROR closes the object for
`harvest_jobs_run`.
"""
from __future__ import annotations

import dataclasses
import datetime
import json
import uuid

import sqlalchemy as sa

import ckan.model as model
from ckanext.harvest.model import HarvestObject

objects = HarvestObject.__table__
packages = model.Package.__table__


@dataclasses.dataclass
class Current:
    """The guid's current harvest object and the state of its dataset."""
    id: str
    content: str | None
    package_id: str | None
    package_state: str | None

    def record(self):
        return json.loads(self.content or "{}").get("record")


def current(source_id: str, guids: list[str]) -> dict[str, Current]:
    rows = model.Session.execute(
        sa.select(objects.c.guid, objects.c.id, objects.c.content, objects.c.package_id,
                  packages.c.state)
        .select_from(objects.outerjoin(packages, packages.c.id == objects.c.package_id))
        .where(objects.c.harvest_source_id == source_id, objects.c.current.is_(True),
               objects.c.guid.in_(guids)))
    return {guid: Current(*rest) for guid, *rest in rows}


def in_job(job_id: str, guids: list[str]) -> set[str]:
    """The guids of these that the job already has an object for."""
    return set(model.Session.scalars(
        sa.select(objects.c.guid).where(objects.c.harvest_job_id == job_id,
                                        objects.c.guid.in_(guids))))


def linked(source_id: str, guids: list[str]) -> set[str]:
    """The guids of these for which the source made a dataset (published or
    withdrawn)."""
    return set(model.Session.scalars(
        sa.select(objects.c.guid).distinct().where(
            objects.c.harvest_source_id == source_id, objects.c.guid.in_(guids),
            objects.c.package_id.isnot(None))))


def orphans(guids: list[str]) -> dict[str, str]:
    """lgsp_id → id of a dataset with that `lgsp_id` that no harvest object
    claims: written by an import that died before linking it."""
    if not guids:
        return {}
    lgsp_id = packages.c.extras["lgsp_id"].astext
    claimed = sa.exists().where(objects.c.package_id == packages.c.id)
    rows = model.Session.execute(
        sa.select(lgsp_id, packages.c.id).where(lgsp_id.in_(guids), ~claimed))
    return dict(rows.all())


def insert(job, rows: list[dict]) -> None:
    """New objects of the job: each row has guid and content, and may have
    package_id, current, state, report_status."""
    if not rows:
        return
    now = datetime.datetime.utcnow()
    model.Session.execute(objects.insert(), [
        {"id": row["id"], "guid": row["guid"], "content": row["content"],
         "package_id": row.get("package_id"), "current": row.get("current", False),
         "state": row.get("state", "WAITING"), "report_status": row.get("report_status"),
         "import_finished": now if row.get("state") == "COMPLETE" else None,
         "gathered": now, "retry_times": 0, "harvest_job_id": job.id,
         "harvest_source_id": job.source_id}
        for row in rows])


def retire(ids: list[str]) -> None:
    """These objects are no longer their guid's current one."""
    if ids:
        model.Session.execute(objects.update().where(objects.c.id.in_(ids)).values(current=False))


def new_id() -> str:
    return str(uuid.uuid4())


def published(source_id: str):
    """The source's current objects that point at a dataset."""
    return sa.select(objects.c.guid, objects.c.package_id).where(
        objects.c.harvest_source_id == source_id, objects.c.current.is_(True),
        objects.c.package_id.isnot(None))


def published_count(source_id: str) -> int:
    return model.Session.scalar(sa.select(sa.func.count()).select_from(published(source_id).subquery()))


def missing_from_job(source_id: str, job_id: str) -> list[tuple[str, str]]:
    """(guid, dataset id) of the source's published datasets for which the
    job has no object: what its complete listing lacked."""
    listed = sa.select(objects.c.guid).where(objects.c.harvest_job_id == job_id)
    return [tuple(row) for row in model.Session.execute(
        published(source_id).where(objects.c.guid.notin_(listed)))]

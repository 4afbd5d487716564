"""What a harvest job did, as an operator needs to know it: whether it was
clean (no error reading the list, every object imported) and, if not, how
many errors of which kind. ckanext-harvest's pages count object errors
alone: a job whose listing failed half-way said "0 errors". The LGSP
harvester's next incremental run starts from the last clean job."""
from __future__ import annotations

import datetime

import sqlalchemy as sa

import ckan.model as model
from ckanext.harvest.model import HarvestGatherError, HarvestJob, HarvestObject


def health(job_id: str) -> dict:
    """{"gather_errors", "errored", "unfinished": counts, "clean": bool}."""
    objects = model.Session.query(HarvestObject).filter(HarvestObject.harvest_job_id == job_id)
    counts = {
        "gather_errors": model.Session.query(HarvestGatherError)
        .filter(HarvestGatherError.harvest_job_id == job_id).count(),
        "errored": objects.filter(HarvestObject.state == "ERROR").count(),
        "unfinished": objects.filter(HarvestObject.state.notin_(["COMPLETE", "ERROR"])).count(),
    }
    return dict(counts, clean=not any(counts.values()))


def job_health_helper(job: dict) -> dict:
    """thanhhoa_harvest_job_health(job): `health` of a job dict."""
    return health(job["id"])


def last_clean(source_id: str, exclude: str = "") -> datetime.datetime | None:
    """When the source's last finished clean job started (one query)."""
    errors = sa.exists().where(HarvestGatherError.harvest_job_id == HarvestJob.id)
    unclean = sa.exists().where(HarvestObject.harvest_job_id == HarvestJob.id,
                                HarvestObject.state != "COMPLETE")
    return model.Session.scalar(
        sa.select(HarvestJob.gather_started)
        .where(HarvestJob.source_id == source_id, HarvestJob.id != exclude,
               HarvestJob.status == "Finished", HarvestJob.gather_started.isnot(None),
               ~errors, ~unclean)
        .order_by(HarvestJob.gather_started.desc()).limit(1))

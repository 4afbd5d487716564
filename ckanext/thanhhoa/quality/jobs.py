"""The quality checks as background jobs of CKAN's job queue (RQ on the
portal's Redis), on their own queue so that a slow server's timeouts never
hold up xloader's loads: `ckan jobs worker thanhhoa-quality` (`make run`
starts one worker on both queues).

A dataset's write enqueues one job for it (deduplicated while queued): it
checks the links that have no check for their current URL, then the
dataset's DCAT-AP 3 conformance. The CLI (quality/cli.py) checks every link
of an agency or of the portal again. Requests to one host take turns (a
Redis lock per host, whatever the number of workers), through the outbound
session, so the outbound-address rules apply. When a link's state or the
verdict changes, the dataset is indexed again: its score is in the index
(sort=quality_score) and its dict.
"""
from __future__ import annotations

import logging
import os
from urllib.parse import urlsplit

import ckan.plugins.toolkit as tk

from ckanext.thanhhoa.quality import conformance, links, store

log = logging.getLogger(__name__)

QUEUE = "thanhhoa-quality"


def _job_id(package_id: str) -> str:
    return f"thanhhoa-quality-{package_id}"


def enqueue(package_id: str, recheck: bool = False) -> None:
    """Queue the checks of a dataset, unless they are queued already."""
    from ckan.lib import jobs
    from rq.job import Job, JobStatus, NoSuchJobError

    try:
        queued = Job.fetch(_job_id(package_id), connection=jobs.get_queue(QUEUE).connection)
        if queued.get_status() == JobStatus.QUEUED and queued.kwargs.get("recheck", False) >= recheck:
            return
    except NoSuchJobError:
        pass
    tk.enqueue_job(check_dataset, [package_id], {"recheck": recheck}, title=f"quality {package_id}",
                   queue=QUEUE, rq_kwargs={"job_id": _job_id(package_id)})


def check_dataset(package_id: str, recheck: bool = False) -> dict:
    """The job: the dataset's links (all with `recheck`, else the unchecked
    ones), then its conformance; indexed again when a state changed.
    Returns what changed (for the CLI)."""
    try:
        dataset = tk.get_action("package_show")({"ignore_auth": True}, {"id": package_id})
    except tk.ObjectNotFound:
        return {}
    if dataset.get("state") != "active":
        return {}
    checks = store.links([package_id])[package_id]
    changed = {"links": 0, "conformance": False}
    for resource in dataset.get("resources") or []:
        previous = checks.get(resource["id"])
        if recheck or not previous or previous["url"] != resource.get("url"):
            result = check_resource(resource)
            changed["links"] += store.save_link(resource["id"], package_id, result)
    violations = conformance.violations(dataset)
    changed["conformance"] = store.save_verdict(package_id, not violations, violations)
    if changed["links"] or changed["conformance"]:
        from ckan.lib import search

        search.rebuild(package_id)
    return changed


def check_resource(resource: dict) -> dict:
    """A file kept by the portal is checked in its storage; a link, on the web."""
    if resource.get("url_type") == "upload":
        return _stored_file(resource)
    if resource.get("url_type") == "datastore":
        ok = bool(resource.get("datastore_active"))
        return {"url": resource.get("url") or "", "ok": ok, "status": 200 if ok else 404,
                "error": None if ok else "missing_file"}
    url = resource.get("url") or ""
    with _host_turn(urlsplit(url).hostname or ""):
        result = links.check(url, _session(), timeout=tk.config.get("ckanext.thanhhoa.quality.link_timeout"),
                             max_redirects=tk.config.get("ckanext.thanhhoa.quality.link_max_redirects"))
    return result.as_dict()


def _session():
    from ckanext.thanhhoa.outbound import session

    return session.session()


def _stored_file(resource: dict) -> dict:
    from ckan.lib.uploader import get_resource_uploader

    result = {"url": resource.get("url") or "", "ok": False, "status": 404, "error": "missing_file",
              "content_type": resource.get("mimetype")}
    try:
        path = get_resource_uploader(resource).get_path(resource["id"])
        size = os.path.getsize(path)
    except (OSError, TypeError, tk.ValidationError):
        return result
    return dict(result, ok=True, status=200, error=None, size=size)


class _host_turn:
    """One request at a time per host, across workers (a Redis lock that
    expires should a worker die holding it)."""

    def __init__(self, host: str):
        from ckan.lib.redis import connect_to_redis

        budget = tk.config.get("ckanext.thanhhoa.quality.link_timeout") * (
            tk.config.get("ckanext.thanhhoa.quality.link_max_redirects") + 2)
        self.lock = connect_to_redis().lock(f"thanhhoa:link-host:{host.lower()}", timeout=budget + 5,
                                            blocking_timeout=600)

    def __enter__(self):
        if not self.lock.acquire():
            log.warning("Link check waited 600 s for its host's turn; checking anyway")
        return self

    def __exit__(self, *exc):
        try:
            self.lock.release()
        except Exception:  # expired or never acquired
            pass

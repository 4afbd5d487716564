"""The quality checks as background jobs of CKAN's job queue (RQ on the
portal's Redis), on their own queue so that a slow server's timeouts never
hold up xloader's loads: `ckan jobs worker thanhhoa-quality` (`make run`
starts one worker on both queues).

A dataset's write asks for one job for it, queued when the write's
transaction commits (CKAN's after_dataset_create/update hooks run before:
a job started at once would find no dataset, a draft, or the old links);
while one waits, another is not queued (a key per dataset in Redis, taken
by the job when it starts). The job checks the dataset's DCAT-AP 3
conformance, then the links that have no check for their current URL. The
CLI (quality/cli.py) checks every link of an agency or of the portal again.
Requests to one host take turns (a Redis lock per host, whatever the
number of workers); link checks reach public addresses only (plus
`ckanext.thanhhoa.quality.link_allow`, for tests), never the LGSP
gateway's allowlist. When a link's state or the verdict changes, the
dataset is indexed again: its score is in the index (sort=quality_score).
"""
from __future__ import annotations

import logging
import os
from urllib.parse import urlsplit

from sqlalchemy import event

import ckan.plugins.toolkit as tk
from ckan.model import meta

from ckanext.thanhhoa.quality import conformance, links, store

log = logging.getLogger(__name__)

QUEUE = "thanhhoa-quality"
PENDING_SECONDS = 24 * 3600         # a waiting job's key: outlives the weekly backlog of --all
JOB_TIMEOUT = 3600                  # RQ's default 180 s is three dead links
HOST_TURN_WAIT = 120
_AFTER_COMMIT = "thanhhoa_quality_after_commit"


def after_commit(package_id: str) -> None:
    """Queue the dataset's checks when the current transaction commits."""
    meta.Session().info.setdefault(_AFTER_COMMIT, set()).add(package_id)


@event.listens_for(meta.Session, "after_commit")
def _queue_committed(session) -> None:
    for package_id in sorted(session.info.pop(_AFTER_COMMIT, ())):
        try:
            enqueue(package_id)
        except Exception:   # Redis down: the weekly recheck catches up; the write stands
            log.exception("Could not queue the quality checks of %s", package_id)


@event.listens_for(meta.Session, "after_rollback")
def _forget_rolled_back(session) -> None:
    session.info.pop(_AFTER_COMMIT, None)


def _pending_key(package_id: str, recheck: bool) -> str:
    return f"thanhhoa:quality:pending:{package_id}:{int(recheck)}"


def enqueue(package_id: str, recheck: bool = False) -> bool:
    """Queue the checks of a dataset unless the same (or a recheck) waits."""
    from ckan.lib.redis import connect_to_redis

    redis = connect_to_redis()
    if redis.exists(_pending_key(package_id, True)):
        return False
    if not redis.set(_pending_key(package_id, recheck), "1", nx=True, ex=PENDING_SECONDS):
        return False
    tk.enqueue_job(check_dataset, [package_id], {"recheck": recheck}, title=f"quality {package_id}",
                   queue=QUEUE, rq_kwargs={"timeout": JOB_TIMEOUT})
    return True


def clear() -> None:
    """Empty the queue and forget what waited in it (tests; an operator
    who emptied the queue by hand: else its datasets wait a day)."""
    from ckan.lib import jobs
    from ckan.lib.redis import connect_to_redis

    jobs.get_queue(QUEUE).empty()
    redis = connect_to_redis()
    for key in redis.scan_iter(match="thanhhoa:quality:pending:*", count=1000):
        redis.delete(key)


def check_dataset(package_id: str, recheck: bool = False) -> dict:
    """The job: the dataset's conformance, then its links (all with
    `recheck`, else the unchecked ones); indexed again when a state
    changed. Returns what changed (for the CLI)."""
    from ckan.lib.redis import connect_to_redis

    connect_to_redis().delete(_pending_key(package_id, recheck))
    try:
        dataset = tk.get_action("package_show")({"ignore_auth": True}, {"id": package_id})
    except tk.ObjectNotFound:
        return {}
    if dataset.get("state") != "active":
        return {}
    violations = conformance.violations(dataset)
    changed = {"links": 0, "conformance": store.save_verdict(package_id, not violations, violations)}
    checks = store.links([package_id])[package_id]
    for resource in dataset.get("resources") or []:
        previous = checks.get(resource["id"])
        if recheck or not previous or previous["url"] != resource.get("url"):
            result = check_resource(resource)
            if result is not None:
                changed["links"] += store.save_link(resource["id"], package_id, result)
    if changed["links"] or changed["conformance"]:
        from ckan.lib import search

        search.rebuild(package_id)
    return changed


def check_resource(resource: dict) -> dict | None:
    """A file kept by the portal is checked in its storage; a link, on the
    web (None: its host's turn did not come; the next run checks it)."""
    if resource.get("url_type") == "upload":
        return _stored_file(resource)
    if resource.get("url_type") == "datastore":
        ok = bool(resource.get("datastore_active"))
        return {"url": resource.get("url") or "", "ok": ok, "status": 200 if ok else 404,
                "error": None if ok else "missing_file"}
    url = resource.get("url") or ""
    with _HostTurn(urlsplit(url).hostname or "") as turn:
        if not turn.granted:
            log.warning("Link check of %s skipped: its host was busy for %s s", url, HOST_TURN_WAIT)
            return None
        result = links.check(url, _session(), timeout=tk.config.get("ckanext.thanhhoa.quality.link_timeout"),
                             max_redirects=tk.config.get("ckanext.thanhhoa.quality.link_max_redirects"))
    return result.as_dict()


def _session():
    from ckanext.thanhhoa.outbound import rules, session

    return session.session(rules.parse_allowlist(tk.config.get("ckanext.thanhhoa.quality.link_allow") or []))


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


class _HostTurn:
    """One request at a time per host, across workers (a Redis lock that
    expires should a worker die holding it: the check's deadline and more)."""

    def __init__(self, host: str):
        from ckan.lib.redis import connect_to_redis

        budget = 3 * tk.config.get("ckanext.thanhhoa.quality.link_timeout")
        self.lock = connect_to_redis().lock(f"thanhhoa:link-host:{host.lower()}", timeout=budget + 10,
                                            blocking_timeout=HOST_TURN_WAIT)
        self.granted = False

    def __enter__(self):
        self.granted = bool(self.lock.acquire())
        return self

    def __exit__(self, *exc):
        if self.granted:
            try:
                self.lock.release()
            except Exception:  # expired: another check has the host now
                pass

"""Three repairs of ckanext-harvest 1.6.3's Redis queues, applied when the
plugin is configured (`apply`):

- redis-py 8 (pinned by CKAN 2.12) defaults to a 5-second socket timeout,
  so an idle gather or fetch consumer, waiting on a blocking BLPOP, died
  with "Timeout reading from socket" after 5 s. The consumers' connection
  is made here without a read timeout (connecting keeps its 5 s limit).
- `harvester run` (cron, every few minutes) resubmitted every waiting
  object that was not in the fetch queue at that instant, which includes
  the objects a consumer had just taken and those the gather consumer was
  still publishing: they were imported twice, the job's statistics counted
  the second import ("not modified" instead of "added"), and a copy
  delivered after the job finished turned a completed object into an
  error. Only objects of a job whose gather finished `RESUBMIT_AFTER` ago
  are resubmitted now: those are lost, not on their way.
- A fetch consumer leaves alone an object delivered again after it was
  done (COMPLETE or ERROR), whatever delivered it.
"""
from __future__ import annotations

import datetime
import json
import logging

import redis
from ckanext.harvest import queue
from ckanext.harvest.logic.action import update as harvest_update
from ckanext.harvest.model import HarvestJob, HarvestObject

import ckan.model as model
import ckan.plugins.toolkit as tk

log = logging.getLogger(__name__)
RESUBMIT_AFTER = datetime.timedelta(minutes=5)

_connection_redis = queue.get_connection_redis
_fetch_callback = queue.fetch_callback


def get_connection_redis():
    connection = _connection_redis()
    kwargs = dict(connection.connection_pool.connection_kwargs)
    for key in list(kwargs):
        if key.startswith("orig_"):
            kwargs.pop(key)
    kwargs["socket_timeout"] = None
    pool = redis.ConnectionPool(connection_class=connection.connection_pool.connection_class, **kwargs)
    return redis.Redis(connection_pool=pool)


def resubmit_objects() -> None:
    """Send again to the fetch queue the waiting objects that are not in it,
    of jobs whose gather finished RESUBMIT_AFTER ago."""
    if tk.config.get("ckan.harvest.mq.type") != "redis":
        return
    connection = queue.get_connection()
    in_queue = {json.loads(message)["harvest_object_id"]
                for message in connection.lrange(queue.get_fetch_routing_key(), 0, -1)}
    settled = datetime.datetime.utcnow() - RESUBMIT_AFTER
    waiting = (model.Session.query(HarvestObject.id)
               .join(HarvestJob, HarvestJob.id == HarvestObject.harvest_job_id)
               .filter(HarvestObject.state == "WAITING", HarvestJob.gather_finished < settled))
    publisher = queue.get_fetch_publisher()
    for (object_id,) in waiting:
        if object_id not in in_queue:
            log.info("harvest object %s was lost on its way: sent to the fetch queue again", object_id)
            publisher.send({"harvest_object_id": object_id})
    publisher.close()


def fetch_callback(channel, method, header, body):
    """ckanext-harvest's, except for an object already done."""
    try:
        obj = HarvestObject.get(json.loads(body)["harvest_object_id"])
    except Exception:  # noqa: BLE001 — ckanext-harvest's own callback says what is wrong
        obj = None
    if obj is not None and obj.state in ("COMPLETE", "ERROR"):
        log.info("harvest object %s delivered again after it was done: left alone", obj.id)
        model.Session.remove()
        channel.basic_ack(method.delivery_tag)
        return False
    return _fetch_callback(channel, method, header, body)


def apply() -> None:
    queue.get_connection_redis = get_connection_redis
    queue.resubmit_objects = harvest_update.resubmit_objects = resubmit_objects
    queue.fetch_callback = fetch_callback

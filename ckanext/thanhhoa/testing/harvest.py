"""Running harvest jobs in the test process through the real Redis queues
(gather and fetch consumers of ckanext-harvest), against a fake gateway
served on loopback."""
import json
import threading
import unicodedata

import ckan.model as model
from ckan.tests import helpers
from ckanext.harvest import queue


def drain(consumer, callback, routing_key):
    connection = queue.get_connection()
    messages = consumer.consume(queue=routing_key)
    while connection.llen(routing_key):
        method, header, body = next(messages)
        callback(consumer, method, header, body)


def consume_in_threads(count):
    """The fetch queue read by `count` consumers at once, each in a thread
    (and database session) of its own, as `count` fetch-consumer processes
    would; returns once the queue is empty, raising what a consumer raised."""
    key = queue.get_fetch_routing_key()
    stop = json.dumps({"harvest_object_id": "stop"})
    for _ in range(count):       # one each, after the work
        queue.get_connection().rpush(key, stop)
    raised = []

    def consume():
        consumer = queue.get_fetch_consumer()
        try:
            for method, header, body in consumer.consume(queue=key):
                if json.loads(body)["harvest_object_id"] == "stop":
                    consumer.basic_ack(body)
                    return
                queue.fetch_callback(consumer, method, header, body)
        except BaseException as error:  # noqa: BLE001 — said in the test's thread
            raised.append(error)
        finally:
            model.Session.remove()

    threads = [threading.Thread(target=consume, name=f"fetch-consumer-{n}") for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    if raised:
        raise raised[0]


def run_job(source_id, user):
    """harvest_job_create → gather consumer → fetch consumer → harvest_jobs_run."""
    job = helpers.call_action("harvest_job_create", {"user": user}, source_id=source_id)
    drain(queue.get_gather_consumer(), queue.gather_callback, queue.get_gather_routing_key())
    drain(queue.get_fetch_consumer(), queue.fetch_callback, queue.get_fetch_routing_key())
    helpers.call_action("harvest_jobs_run", {"user": user}, source_id=source_id)
    return helpers.call_action("harvest_job_show", {"user": user}, id=job["id"])


def catalogue():
    """lgsp_id → (state, title) of every harvested dataset, withdrawn included."""
    model.Session.remove()
    result = {}
    for package in model.Session.query(model.Package):
        lgsp_id = package.extras.get("lgsp_id")
        if lgsp_id:
            assert lgsp_id not in result, f"duplicate dataset for {lgsp_id}"
            result[lgsp_id] = (package.state, package.title)
    return result


def active(catalogue_):
    return {k: title for k, (state, title) in catalogue_.items() if state == "active"}


def gateway_titles(gateway):
    return {k: unicodedata.normalize("NFC", r["tenTapDuLieu"]).strip()
            for k, r in gateway.published().items()}

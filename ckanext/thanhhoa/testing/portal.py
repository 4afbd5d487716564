"""The test portal's state: emptying its databases and Solr core outside a
test's `clean_db`, serving it for real with `ckan run` on loopback, and
loading the demo catalogue of `make run` with xloader's jobs run."""
from __future__ import annotations

import contextlib
import os
import pathlib
import subprocess
import sys
import time
from typing import Iterator
from urllib.parse import urlsplit

import requests


def reset_database() -> None:
    """Empty CKAN's database. CKAN deletes the rows of every table it knows
    (the activity, harvest and tracking tables included) when they exist,
    and drops every table the first time: only then must the plugins'
    migrations run again. The data requests' rate counts and the DCAT
    pages kept in Redis are emptied too. They leave the model on an engine without a pool
    (a new PostgreSQL connection per transaction): it gets its engine back."""
    import ckan.model as model
    from ckan.cli.db import _run_migrations
    from ckan.tests import factories, helpers

    engine = model.meta.engine
    dropped = not model.repo.tables_created_and_initialised
    factories.fake.unique.clear()
    helpers.reset_db()
    if dropped:
        for plugin in ("activity", "harvest", "tracking", "thanhhoa"):
            _run_migrations(plugin)
        model.init_model(engine)
    # the data requests' counts per account and address (Redis) go with the
    # accounts, and the DCAT pages kept (Redis) with the datasets
    from ckanext.thanhhoa.datarequests import limits
    from ckanext.thanhhoa.dcat import cache

    limits.clear()
    cache.clear()


def empty_portal() -> None:
    """Empty databases and Solr core."""
    import ckan.lib.search as search

    reset_database()
    search.clear_all()


class ServerDidNotStart(RuntimeError):
    pass


@contextlib.contextmanager
def served(ini: pathlib.Path, site_url: str, log_path: pathlib.Path,
           timeout: float = 90) -> Iterator[str]:
    """`ckan run` of this config on the host and port of `site_url`, until the
    block ends; yields the URL once status_show answers."""
    parts = urlsplit(site_url)
    log_path.parent.mkdir(parents=True, exist_ok=True)
    ckan = pathlib.Path(sys.executable).with_name("ckan")
    with open(log_path, "ab") as log:
        server = subprocess.Popen(
            [str(ckan), "-c", str(ini), "run", "--disable-reloader", "--threaded",
             "-H", parts.hostname, "-p", str(parts.port)],
            stdout=log, stderr=subprocess.STDOUT, env=dict(os.environ))
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                if requests.get(f"{site_url}/api/3/action/status_show", timeout=2).ok:
                    break
            except requests.ConnectionError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise ServerDidNotStart(f"the portal did not start; see {log_path}")
            time.sleep(0.3)
        yield site_url
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def load_demo() -> dict:
    """Empty the portal, load the demo catalogue, run xloader's and the
    quality checks' jobs in this process; returns the sysadmin (with its API
    token) that loaded it."""
    import rq

    import ckan.plugins as plugins
    import ckan.plugins.toolkit as tk
    from ckan.lib import jobs
    from ckan.tests import factories

    from ckanext.thanhhoa.operations import demo
    from ckanext.thanhhoa.quality.jobs import QUEUE, clear

    plugins.load_all()
    empty_portal()
    jobs.get_queue().empty()
    clear()
    admin = factories.SysadminWithToken()
    token = tk.config.get("ckanext.xloader.api_token")
    tk.config["ckanext.xloader.api_token"] = admin["token"]   # xloader submits with it
    patched = {name: getattr(rq.Worker, name) for name in ("main_work_horse", "execute_job")}
    try:
        demo.load()
        # in this process, not in forks sharing its database connections
        # (what CKAN's with_test_worker does for one test)
        for name in patched:
            setattr(rq.Worker, name, getattr(rq.SimpleWorker, name))
        jobs.Worker(["default", QUEUE]).work(burst=True)
    finally:
        for name, original in patched.items():
            setattr(rq.Worker, name, original)
        tk.config["ckanext.xloader.api_token"] = token
    pending = demo.datastore_pending([d["name"] for d in demo.catalogue()["datasets"]])
    if pending:
        raise AssertionError(f"xloader did not load {pending}")
    return admin

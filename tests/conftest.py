"""Fixtures shared by the whole suite: CKAN's pytest plugin provides the rest
(`--ckan-ini=test.ini` is set in pyproject.toml)."""
from __future__ import annotations

import copy
import json
import os
import pathlib
import subprocess
import sys
import time
from urllib.parse import urlsplit

import pytest
import requests

from ckan.tests import factories

from paths import DATA, ROOT


@pytest.fixture(scope="session")
def pooled_engine():
    """The engine CKAN made from test.ini, before any migration ran."""
    from ckan import model

    return model.meta.engine


@pytest.fixture
def clean_db(pooled_engine, reset_db, migrate_db_for):
    """CKAN's `clean_db` recreates core tables only: with `harvest` and
    `activity` and `tracking` loaded, their tables must come back too. CKAN's migrations
    leave the model on an engine without a pool (a new PostgreSQL connection
    per transaction, as no deployment runs): give it back its engine."""
    from ckan import model

    reset_db()
    migrate_db_for("activity")
    migrate_db_for("harvest")
    migrate_db_for("tracking")
    if model.meta.engine is not pooled_engine:
        model.init_model(pooled_engine)


@pytest.fixture(scope="session")
def portal_url():
    """The portal served for real by `ckan run` on ckan.site_url of test.ini,
    against the test databases, Solr core and Redis database."""
    from ckan.common import config

    site_url = config["ckan.site_url"]
    parts = urlsplit(site_url)
    log_path = ROOT / ".run" / "logs" / "test-server.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    ckan = pathlib.Path(sys.executable).with_name("ckan")
    with open(log_path, "ab") as log:
        server = subprocess.Popen(
            [str(ckan), "-c", str(ROOT / "test.ini"), "run", "--disable-reloader",
             "-H", parts.hostname, "-p", str(parts.port)],
            stdout=log, stderr=subprocess.STDOUT, env=dict(os.environ),
        )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if requests.get(f"{site_url}/api/3/action/status_show", timeout=2).ok:
                    break
            except requests.ConnectionError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the test portal did not start; see {log_path}")
            time.sleep(0.3)
        yield site_url
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


@pytest.fixture
def clean_harvest_queues():
    """Empty ckanext-harvest's gather and fetch queues (Redis), which CKAN's
    `clean_queues` does not know."""
    from ckanext.harvest import queue

    queue.purge_queues()


@pytest.fixture
def dataset_dict():
    """A complete, valid dataset of the portal's schema (API shape), without
    owner_org: call it with the agency's id."""
    template = json.loads((DATA / "dataset_full.json").read_text(encoding="utf-8"))

    def make(owner_org, **overrides):
        data = copy.deepcopy(template)
        data["owner_org"] = owner_org
        data.update(overrides)
        return data

    return make


@pytest.fixture
def agency():
    return factories.Organization(name="so-giao-duc-va-dao-tao", title="Sở Giáo dục và Đào tạo")


@pytest.fixture
def sysadmin():
    return factories.SysadminWithToken()


@pytest.fixture
def api(app):
    """Call an action over CKAN's HTTP API (as a citizen's or a system's
    request is served: the portal's default language, Vietnamese)."""
    def call(action, token=None, status=200, **data):
        """status="*" accepts any status and returns it as "_status"."""
        headers = {"Authorization": token} if token else {}
        if status == "*":
            response = app.post(f"/api/3/action/{action}", json=data, headers=headers,
                                expect_errors=True)
            body = response.json if response.is_json else {}
            return dict(body or {}, _status=response.status_code)
        response = app.post(f"/api/3/action/{action}", json=data, headers=headers, status=status)
        return response.json

    return call

"""The suite's pytest fixtures (a plugin loaded by tests/conftest.py); CKAN's
own pytest plugin provides the rest (`--ckan-ini=test.ini`). CKAN is
imported inside the fixtures, so that the unit tests run without it
(`make test-unit`, CKAN's plugin off)."""
from __future__ import annotations

import contextlib
import copy
import json
import os
import pathlib

import pytest

_CLOUD = pytest.StashKey[contextlib.ExitStack]()


def pytest_addoption(parser):
    parser.addoption("--solrcloud", action="store_true",
                     help="run against a 2-node SolrCloud (solr/launcher's CloudLauncher, 2 shards x 2 "
                          "replicas) instead of test.ini's Solr core: `make test-cloud`")


def pytest_configure(config):
    # Before CKAN's plugin loads test.ini (pytest_sessionstart): CKAN takes
    # solr_url from CKAN_SOLR_URL, and so does every `ckan run` the tests
    # start (the crawler's portal), since they inherit the environment.
    if config.getoption("solrcloud", default=False) and not config.option.collectonly:
        from ckanext.thanhhoa.testing import solrcloud

        stack = contextlib.ExitStack()
        cluster = stack.enter_context(solrcloud.running())
        environment = pytest.MonkeyPatch()
        environment.setenv("CKAN_SOLR_URL", cluster.url)
        stack.callback(environment.undo)
        config.stash[_CLOUD] = stack


def pytest_report_header(config):
    if _CLOUD in config.stash:
        return f"SolrCloud: {os.environ['CKAN_SOLR_URL']} (2 nodes, 2 shards x 2 replicas)"


def pytest_unconfigure(config):
    stack = config.stash.get(_CLOUD, None)
    if stack is not None:
        stack.close()


@pytest.fixture(scope="session")
def root(pytestconfig) -> pathlib.Path:
    """The repository's top folder."""
    return pytestconfig.rootpath


@pytest.fixture(scope="session")
def data_dir(root) -> pathlib.Path:
    """tests/data: the suite's fixture files."""
    return root / "tests" / "data"


@pytest.fixture
def clean_db():
    """CKAN's `clean_db`, with the activity, harvest and tracking tables
    (ckanext.thanhhoa.testing.portal.reset_database)."""
    from ckanext.thanhhoa.testing.portal import reset_database

    reset_database()


@pytest.fixture(scope="session")
def _loaded_plugins():
    import ckan.plugins as plugins

    plugins.load_all()
    yield
    plugins.unload_all()


@pytest.fixture
def with_plugins(_loaded_plugins):
    """The plugins of test.ini, loaded once for the session. CKAN's
    `with_plugins` loads and unloads them around every test (1.1 s a test
    here) so that a test may name its own `ckan.plugins`; this suite has one
    set of plugins, and every option its tests change is read at run time."""


@pytest.fixture(scope="session")
def _wsgi_app(_loaded_plugins):
    from ckan.common import config
    from ckan.config.middleware import make_app

    return make_app(config)


@pytest.fixture
def app(_wsgi_app):
    """CKAN's `app`, a test client with its own cookies, over one WSGI app
    for the session (CKAN builds a new one for each test: 1 s, plugins
    reloaded)."""
    from ckan.lib.app_globals import _CONFIG_CACHE
    from ckan.tests.helpers import CKANTestApp

    _CONFIG_CACHE.clear()
    return CKANTestApp(_wsgi_app)


@pytest.fixture(scope="session")
def outbound_proxy(root):
    """The outbound proxy of test.ini's `ckan.download_proxy`, which xloader
    downloads through (ckanext.thanhhoa.outbound.proxy), in a thread."""
    import threading
    from urllib.parse import urlsplit

    from ckanext.thanhhoa.operations.preflight import read_config
    from ckanext.thanhhoa.outbound import proxy

    options = read_config(str(root / "test.ini"))
    address = urlsplit(options["ckan.download_proxy"])
    server = proxy.serve(address.hostname, address.port, proxy.allowed_for(options))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield options["ckan.download_proxy"]
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def portal_url(root, outbound_proxy):
    """The portal served for real by `ckan run` on ckan.site_url of test.ini,
    against the test databases, Solr core and Redis database; one server for
    the whole session (xloader's downloads go through the outbound proxy)."""
    from ckan.common import config

    from ckanext.thanhhoa.testing.portal import ServerDidNotStart, served

    log = root / ".run" / "logs" / "test-server.log"
    try:
        with served(root / "test.ini", config["ckan.site_url"], log) as url:
            yield url
    except ServerDidNotStart as error:
        pytest.fail(str(error))


@pytest.fixture(scope="session")
def _mailbox_server():
    from urllib.parse import urlsplit

    from ckan.common import config

    from ckanext.thanhhoa.testing import mailbox

    address = urlsplit("//" + config["smtp.server"])
    with mailbox.serving(address.hostname, address.port) as box:
        yield box


@pytest.fixture
def mailbox(_mailbox_server):
    """The suite's local SMTP server (smtp.server of test.ini), emptied:
    `.messages`, `.wait_for(n)`."""
    _mailbox_server.clear()
    return _mailbox_server


@pytest.fixture
def clean_harvest_queues():
    """Empty ckanext-harvest's gather and fetch queues (Redis), which CKAN's
    `clean_queues` does not know."""
    from ckanext.harvest import queue

    queue.purge_queues()


@pytest.fixture
def dataset_dict(data_dir):
    """A complete, valid dataset of the portal's schema (API shape), without
    owner_org: call it with the agency's id."""
    template = json.loads((data_dir / "dataset_full.json").read_text(encoding="utf-8"))

    def make(owner_org, **overrides):
        data = copy.deepcopy(template)
        data["owner_org"] = owner_org
        data.update(overrides)
        return data

    return make


@pytest.fixture
def agency():
    from ckan.tests import factories

    return factories.Organization(name="so-giao-duc-va-dao-tao", title="Sở Giáo dục và Đào tạo")


@pytest.fixture
def sysadmin():
    from ckan.tests import factories

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

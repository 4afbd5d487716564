import copy
import json

import pytest

from ckan.tests import factories

from paths import DATA


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
        headers = {"Authorization": token} if token else {}
        response = app.post(f"/api/3/action/{action}", json=data, headers=headers, status=status)
        return response.json

    return call

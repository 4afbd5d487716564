"""The harvest source's configuration: defaults from the LGSP crosswalk,
overrides checked against the portal's vocabularies, every mistake named in
Vietnamese."""
import json

import pytest

from ckanext.thanhhoa.metadata import vocab
from ckanext.thanhhoa_lgsp import mapping, source_config

pytestmark = pytest.mark.unit


def test_defaults_are_the_crosswalk_of_the_registry():
    config = source_config.parse("")
    tables = vocab.crosswalk("lgsp")["tables"]
    assert config.mappings == {name: table["codes"] for name, table in tables.items()}
    assert config.default_sector == "chinh-quyen"
    config.mappings["sectors"]["LV99"] = "y-te"                    # each config has its own copy
    assert "LV99" not in source_config.parse("").mappings["sectors"]


def test_mappings_are_configuration():
    config = json.dumps({"mappings": {"sectors": {"LV99": "khoa-hoc"}}})
    record = {"maTapDuLieu": "X", "tenTapDuLieu": "Tên", "linhVuc": ["LV99"]}
    mapped = mapping.record_to_dataset(record, source_config.parse(config), "org-1")
    assert mapped.dataset["sectors"] == ["khoa-hoc"]


@pytest.mark.parametrize("text, message", [
    ("{", "Cấu hình không phải JSON hợp lệ"),
    ("[]", "Cấu hình phải là một đối tượng JSON"),
    ('{"page_size": 500}', "page_size phải là số nguyên từ 1 đến 100"),
    ('{"mode": "sometimes"}', 'mode phải là "incremental" hoặc "full"'),
    ('{"mappings": {"sectors": {"LV01": "nope"}}}', "mã không tồn tại trong danh mục của cổng: nope"),
    ('{"mappings": {"license": {"X": "nope"}}}', "mappings.license: mã không tồn tại"),
    ('{"mappings": {"colours": {}}}', "bảng mã không được hỗ trợ: colours"),
    # the portal's gateway credentials go to the token path: it stays on the source's host
    ('{"paths": {"token": "@other.host/token"}}', "paths.token phải là đường dẫn trên cổng LGSP"),
    ('{"paths": {"token": "//other.host/token"}}', "paths.token phải là đường dẫn trên cổng LGSP"),
    ('{"paths": {"token": "https://other.host/token"}}', "paths.token phải là đường dẫn trên cổng LGSP"),
    ('{"paths": {"datasets": "/a/../../x"}}', "paths.datasets phải là đường dẫn trên cổng LGSP"),
    # internal data never published as open by a source's mapping
    ('{"mappings": {"access_level": {"DUNG_RIENG": "mo"}}}', "mappings.access_level không thể thay đổi"),
    ('{"client_secret": "x"}', "Khóa cấu hình không được hỗ trợ: client_secret"),
    ('{"paging": {"style": "cursor"}}', 'paging.style phải là "page" hoặc "offset"'),
    # a gather once crashed on these, and the job counted as clean
    ('{"paging": {"first_page": "1"}}', "paging.first_page phải là số nguyên không âm"),
    ('{"paging": {"page": 7}}', "paging: tên tham số phải là chuỗi khác rỗng"),
    ('{"full_every_days": 0}', "full_every_days phải là số nguyên từ 1 đến 366"),
    ('{"max_pages": "10"}', "max_pages phải là số nguyên từ 1 đến 1000000"),
])
def test_bad_configurations_are_named(text, message):
    with pytest.raises(source_config.ConfigError, match=message.replace("(", r"\(")):
        source_config.parse(text)


def test_another_gateway_is_a_configuration_change():
    config = source_config.parse(json.dumps({
        "envelope": {"data": "items", "total": "count"},
        "paging": {"style": "offset", "offset": "skip", "limit": "take"},
        "paths": {"datasets": "/api/v2/datasets"}, "page_size": 50, "agencies": ["000.00.12.H56"]}))
    assert (config.envelope.data, config.paging.style, config.paging.offset) == ("items", "offset", "skip")
    assert config.paths["datasets"] == "/api/v2/datasets"
    assert config.paths["token"] == "/token"

"""The pure record → dataset mapping, the HTML → Markdown step and the
source configuration."""
import json
import unicodedata

import pytest

from ckanext.thanhhoa_lgsp import mapping, markup, source_config

from paths import DATA

RECORD = json.loads((DATA / "lgsp" / "record.json").read_text(encoding="utf-8"))


def mapped(record=None, config=""):
    return mapping.record_to_dataset(record or RECORD, source_config.parse(config), "org-1")


def test_the_example_record_of_the_contract():
    result = mapped()
    d = result.dataset
    assert result.warnings == []
    assert d["title_translated"] == {"vi": "Danh sách trường trung học phổ thông năm học 2025-2026",
                                     "en": "Upper secondary schools, school year 2025-2026"}
    assert d["notes_translated"] == {"vi": "Danh sách các trường THPT công lập và tư thục trên địa bàn tỉnh."}
    assert (d["sectors"], d["access_level"], d["frequency"], d["license_id"]) == (
        ["giao-duc"], "mo", "ANNUAL", "cc-by-4.0")
    assert d["temporal_coverage"] == [{"start": "2025-09-05", "end": "2026-05-31"}]
    assert d["contact"] == [{"name": "Phòng Kế hoạch - Tài chính", "email": "khtc.sgddt@thanhhoa.gov.vn",
                             "phone": "0237 3852 000"}]
    assert d["lgsp_id"] == "SGDDT-2025-0007"
    assert d["owner_org"] == "org-1"
    assert d["resources"][0]["lgsp_resource_id"] == "SGDDT-2025-0007-R1"
    assert d["resources"][0]["size"] == 48213


def test_unknown_sector_is_reported_and_the_default_used():
    result = mapped(dict(RECORD, linhVuc=["LV99"]))
    assert result.dataset["sectors"] == ["chinh-quyen"]
    assert result.warnings == ["Bản ghi SGDDT-2025-0007: lĩnh vực 'LV99' không có trong bảng ánh xạ, bỏ qua"]


def test_nfd_text_becomes_nfc():
    nfd = {k: unicodedata.normalize("NFD", v) if isinstance(v, str) else v for k, v in RECORD.items()}
    assert mapped(nfd).dataset["title_translated"] == mapped().dataset["title_translated"]


def test_html_becomes_safe_markdown():
    html = ('<p>Dữ liệu <b>mở</b>.</p><script>alert(1)</script><ul><li>Một</li><li>Hai &lt;x&gt;</li>'
            '</ul><a href="javascript:alert(1)">xấu</a> <a href="https://thanhhoa.gov.vn">tốt</a>'
            '<img src=x onerror=alert(1)>')
    assert markup.to_markdown(html) == (
        "Dữ liệu **mở**.\n\n- Một\n- Hai &lt;x&gt;\n\nxấu [tốt](https://thanhhoa.gov.vn)")


def test_mappings_are_configuration():
    config = json.dumps({"mappings": {"sectors": {"LV99": "khoa-hoc"}}})
    assert mapped(dict(RECORD, linhVuc=["LV99"]), config).dataset["sectors"] == ["khoa-hoc"]


@pytest.mark.parametrize("text, message", [
    ("{", "Cấu hình không phải JSON hợp lệ"),
    ("[]", "Cấu hình phải là một đối tượng JSON"),
    ('{"page_size": 500}', "page_size phải là số nguyên từ 1 đến 100"),
    ('{"mode": "sometimes"}', 'mode phải là "incremental" hoặc "full"'),
    ('{"mappings": {"sectors": {"LV01": "nope"}}}', "mã không tồn tại trong danh mục của cổng: nope"),
    ('{"client_secret": "x"}', "Khóa cấu hình không được hỗ trợ: client_secret"),
    ('{"paging": {"style": "cursor"}}', 'paging.style phải là "page" hoặc "offset"'),
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

"""The pure record → dataset mapping and the HTML → Markdown step."""
import json
import pathlib
import unicodedata

import pytest

from ckanext.thanhhoa_lgsp import mapping, markup, source_config

pytestmark = pytest.mark.unit

ROOT = pathlib.Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"

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


def test_a_gateway_agency_becomes_the_portals_agency_fields():
    agency = {"ten": "Ủy ban nhân dân phường Hạc Thành", "cap": "XA", "email": "ubnd@thanhhoa.gov.vn"}
    fields = mapping.agency_to_organization("000.01.01.H56", agency, source_config.parse(""))
    assert fields["title"] == "Ủy ban nhân dân phường Hạc Thành"
    assert (fields["agency_code"], fields["agency_level"]) == ("000.01.01.H56", "xa")
    assert mapping.agency_to_organization("000.01.02.H56", {}, source_config.parse(""))["title"] == "000.01.02.H56"


def test_a_record_without_an_access_level_is_internal_data():
    record = {k: v for k, v in RECORD.items() if k != "mucDoChiaSe"}
    result = mapped(record)
    assert result.dataset["access_level"] == "dung-rieng"
    assert any("mucDoChiaSe" in w for w in result.warnings)
    assert mapped(dict(RECORD, mucDoChiaSe="BI_MAT")).dataset["access_level"] == "BI_MAT"   # refused later


def test_a_markdown_image_from_the_gateway_stays_text():
    notes = markup.to_markdown("<p>Xem ![ảnh](http://tracker.example/p.gif)</p><img src='http://x/y.gif'>")
    assert "![" not in notes.replace("!\\[", "") and "<img" not in notes
    assert "tracker.example" in notes                    # shown as text, never fetched

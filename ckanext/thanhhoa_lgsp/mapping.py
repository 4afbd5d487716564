"""A gateway record (TapDuLieu) → a dataset dict of the portal's schema
(pure: no CKAN, no I/O). Unknown codes are reported, not fatal; the
portal's validators judge the rest when the dataset is written."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ckanext.thanhhoa.metadata.text import nfc
from ckanext.thanhhoa_lgsp.markup import to_markdown
from ckanext.thanhhoa_lgsp.source_config import SourceConfig

# Portal field → the gateway's field, to name the record's field in errors.
GATEWAY_FIELDS = {
    "title_translated": "tenTapDuLieu", "title": "tenTapDuLieu", "name": "tenTapDuLieu",
    "notes_translated": "moTa", "owner_org": "maDonVi", "sectors": "linhVuc",
    "tag_string": "tuKhoa", "tags": "tuKhoa", "access_level": "mucDoChiaSe",
    "frequency": "tanSuatCapNhat", "admin_units": "phamViDiaLy",
    "temporal_coverage": "thoiGianBatDau/thoiGianKetThuc", "issued": "ngayBanHanh",
    "modified": "ngayCapNhat", "license_id": "giayPhep", "contact": "nguoiLienHe",
    "language": "ngonNgu", "version": "phienBan", "applicable_legislation": "canCuPhapLy",
    "resources": "taiNguyen", "url": "duongDan", "format": "dinhDang", "size": "kichThuoc",
    "encoding": "bangMa", "description": "moTa", "spatial": "phamViDiaLy",
}


@dataclass
class Mapped:
    dataset: dict[str, Any]
    warnings: list[str] = field(default_factory=list)


def _date(value: Any) -> str | None:
    return value[:10] if isinstance(value, str) and len(value) >= 10 else None


def _code(table: dict[str, str], value: Any, what: str, record_id: str,
          warnings: list[str]) -> str | None:
    if value in (None, ""):
        return None
    if value in table:
        return table[value]
    warnings.append(f"Bản ghi {record_id}: {what} '{value}' không có trong bảng ánh xạ")
    return str(value)   # kept: the portal's validator names it in the object error


def _access_level(table: dict[str, str], value: Any, record_id: str,
                  warnings: list[str]) -> str:
    """The record's access level; none given is internal data (never open
    by default); an unknown code stays, for the schema to refuse the record."""
    if value in (None, ""):
        warnings.append(f"Bản ghi {record_id}: thiếu mức độ chia sẻ (mucDoChiaSe), "
                        f"coi là dữ liệu dùng riêng")
        return "dung-rieng"
    return _code(table, value, "mức độ chia sẻ", record_id, warnings)


def record_to_dataset(record: dict, config: SourceConfig, owner_org: str) -> Mapped:
    record = nfc(record)
    record_id = record.get("maTapDuLieu", "?")
    warnings: list[str] = []
    maps = config.mappings

    sectors = []
    for code in record.get("linhVuc") or []:
        if code in maps["sectors"]:
            sectors.append(maps["sectors"][code])
        else:
            warnings.append(f"Bản ghi {record_id}: lĩnh vực '{code}' không có trong bảng ánh xạ, bỏ qua")
    if not sectors:
        sectors = [config.default_sector]

    title = {"vi": record.get("tenTapDuLieu") or ""}
    if record.get("tenTiengAnh"):
        title["en"] = record["tenTiengAnh"]
    notes = {"vi": to_markdown(record.get("moTa")) or record.get("tenTapDuLieu") or ""}
    if record.get("moTaTiengAnh"):
        notes["en"] = to_markdown(record["moTaTiengAnh"])

    dataset: dict[str, Any] = {
        "title_translated": title,
        "notes_translated": notes,
        "owner_org": owner_org,
        "sectors": list(dict.fromkeys(sectors)),
        "tag_string": ",".join(t.replace(",", " ") for t in record.get("tuKhoa") or [] if t),
        "access_level": _access_level(maps["access_level"], record.get("mucDoChiaSe"),
                                      record_id, warnings),
        "frequency": _code(maps["frequency"], record.get("tanSuatCapNhat"),
                           "tần suất cập nhật", record_id, warnings),
        "license_id": _code(maps["license"], record.get("giayPhep"), "giấy phép",
                            record_id, warnings),
        "admin_units": record.get("phamViDiaLy") or None,
        "issued": _date(record.get("ngayBanHanh")),
        "modified": _date(record.get("ngayCapNhat")),
        "language": [record["ngonNgu"]] if record.get("ngonNgu") else None,
        "version": record.get("phienBan"),
        "applicable_legislation": record.get("canCuPhapLy") or None,
        "lgsp_id": record_id,
    }
    if record.get("thoiGianBatDau") or record.get("thoiGianKetThuc"):
        dataset["temporal_coverage"] = [{"start": _date(record.get("thoiGianBatDau")),
                                         "end": _date(record.get("thoiGianKetThuc"))}]
    contact = record.get("nguoiLienHe")
    if isinstance(contact, dict) and any(contact.values()):
        dataset["contact"] = [{"name": contact.get("hoTen"), "email": contact.get("email"),
                               "phone": contact.get("soDienThoai")}]
    dataset["resources"] = [
        {
            "name": r.get("ten"),
            "description": to_markdown(r.get("moTa")),
            "format": r.get("dinhDang"),
            "url": r.get("duongDan"),
            "size": r.get("kichThuoc"),
            "encoding": r.get("bangMa"),
            "lgsp_resource_id": r.get("maTaiNguyen"),
        }
        for r in record.get("taiNguyen") or [] if isinstance(r, dict)
    ]
    return Mapped({k: v for k, v in dataset.items() if v not in (None, "", [])}, warnings)


def agency_to_organization(code: str, agency: dict, config: SourceConfig) -> dict:
    """A gateway agency (DonVi) → the fields of the portal's agency."""
    agency = nfc(agency)
    return {
        "title": agency.get("ten") or code, "title_en": agency.get("tenTiengAnh"),
        "agency_code": code, "agency_level": config.mappings["agency_level"].get(agency.get("cap")),
        "address": agency.get("diaChi"), "email": agency.get("email"),
        "website": agency.get("website"),
    }


def gateway_field(error_key: str) -> str:
    """The gateway's name for a portal field, for error messages."""
    return GATEWAY_FIELDS.get(error_key, error_key)

"""Build ckanext/thanhhoa/vocab/admin_units.json: Thanh Hóa's administrative
units, current (Decision 19/2025/QĐ-TTg) and pre-2025 (Decision
124/2004/QĐ-TTg), with the 2025 mapping and bounding boxes.

Source: the PyPI package `vietnamadminunits` (its SQLite dataset and its 2025
conversion tables). Run it in a throwaway venv, not in the portal's:

    python3 -m venv /tmp/au && /tmp/au/bin/pip install vietnamadminunits==1.0.4
    /tmp/au/bin/python tools/build_admin_units.py > ckanext/thanhhoa/vocab/admin_units.json

Bounding boxes: a pre-2025 unit has the bounds the package gives; a current
commune has the union of the bounds of the pre-2025 communes it was made of
(the package gives current units a centroid and an area only).
"""
import json
import sqlite3
import sys
import unicodedata
from importlib import metadata
from importlib.resources import files

PROVINCE = "38"


def ascii_key(key: str) -> str:
    key = key.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", key) if not unicodedata.combining(c))


def bounds(text: str | None) -> list[float] | None:
    """'lat1,lon1 – lat2,lon2' → [min_lon, min_lat, max_lon, max_lat]."""
    if not text:
        return None
    (lat1, lon1), (lat2, lon2) = (map(float, p.split(",")) for p in text.split("–"))
    return [min(lon1, lon2), min(lat1, lat2), max(lon1, lon2), max(lat1, lat2)]


def union(boxes):
    boxes = [b for b in boxes if b]
    if not boxes:
        return None
    return [min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes)]


def main():
    package = files("vietnamadminunits")
    db = sqlite3.connect(str(package / "data" / "dataset.db"))
    db.row_factory = sqlite3.Row
    converter = json.loads((package / "data" / "converter_2025.json").read_text("utf-8"))

    legacy_rows = db.execute(
        "SELECT * FROM admin_units_legacy WHERE provinceCode = ? ORDER BY wardCode", (PROVINCE,)
    ).fetchall()
    current_rows = db.execute(
        "SELECT * FROM admin_units WHERE provinceCode = ? ORDER BY wardCode", (PROVINCE,)
    ).fetchall()
    province = legacy_rows[0]

    # The package's keys are ASCII, except where two communes of a district
    # differ only by their diacritics (Vĩnh Hùng, Vĩnh Hưng): match exactly
    # first, then without diacritics.
    legacy_exact = {f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}": r for r in legacy_rows}
    legacy_ascii = {ascii_key(k): r for k, r in legacy_exact.items()}

    def legacy_by_key(key):
        return legacy_exact.get(key) or legacy_ascii[ascii_key(key)]

    current_by_key = {r["wardKey"]: r for r in current_rows}
    province_key = province["provinceKey"]

    # legacy commune code -> current commune codes (the first is the default)
    becomes: dict[str, list[str]] = {}
    for new_key, old_keys in converter["DICT_PROVINCE_WARD_NO_DIVIDED"][province_key].items():
        for old_key in old_keys:
            old = legacy_by_key(old_key)
            becomes.setdefault(old["wardCode"], []).append(current_by_key[new_key]["wardCode"])
    for old_key, new_wards in converter["DICT_PROVINCE_WARD_DIVIDED"].get(province_key, {}).items():
        old = legacy_by_key(old_key)
        ordered = sorted(new_wards, key=lambda w: not w["isDefaultNewWard"])
        for ward in ordered:
            code = current_by_key[ward["newWardKey"]]["wardCode"]
            if code not in becomes.setdefault(old["wardCode"], []):
                becomes[old["wardCode"]].append(code)

    made_of: dict[str, list[str]] = {}
    for old_code, new_codes in becomes.items():
        for code in new_codes:
            made_of.setdefault(code, []).append(old_code)
    legacy_bounds = {r["wardCode"]: bounds(r["wardBounds"]) for r in legacy_rows}

    current = [{
        "code": PROVINCE, "name": province["province"], "level": "tinh",
        "bbox": bounds(province["provinceBounds"]),
    }]
    for r in current_rows:
        current.append({
            "code": r["wardCode"], "name": r["ward"], "level": "xa",
            "type": r["wardType"], "centroid": [r["wardLon"], r["wardLat"]],
            "area_km2": r["wardAreaKm2"],
            "bbox": union(legacy_bounds.get(c) for c in made_of.get(r["wardCode"], [])),
        })

    districts = {}
    for r in legacy_rows:
        districts.setdefault(r["districtCode"], {
            "code": r["districtCode"], "name": r["district"], "level": "huyen",
            "bbox": bounds(r["districtBounds"]), "becomes": set(),
        })["becomes"].update(becomes.get(r["wardCode"], []))
    legacy = [dict(d, becomes=sorted(d["becomes"])) for d in districts.values()]
    legacy += [{
        "code": r["wardCode"], "name": r["ward"], "level": "xa",
        "district": r["districtCode"], "bbox": legacy_bounds[r["wardCode"]],
        "becomes": becomes.get(r["wardCode"], []),
    } for r in legacy_rows]

    json.dump({
        "source": {
            "package": "vietnamadminunits",
            "version": metadata.version("vietnamadminunits"),
            "current": "Decision 19/2025/QĐ-TTg (in force 2025-07-01): province 38 and its communes",
            "legacy": "Decision 124/2004/QĐ-TTg and amendments until 2025-06-30: districts and communes",
            "bbox": "[min_lon, min_lat, max_lon, max_lat], WGS 84; a current commune's box is "
                    "the union of the boxes of the pre-2025 communes it was made of",
        },
        "current": current,
        "legacy": legacy,
    }, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

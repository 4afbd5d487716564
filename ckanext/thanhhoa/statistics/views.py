"""The public statistics page (/thong-ke), and the same numbers as CSV and
JSON."""
from __future__ import annotations

from flask import Blueprint, jsonify

import ckan.plugins.toolkit as tk

from ckanext.thanhhoa.language import current_lang
from ckanext.thanhhoa.statistics import charts, export

statistics = Blueprint("thanhhoa_statistics", __name__)


def _headings() -> dict:
    return {"vocab_sectors": tk._("Datasets by sector"), "owner_org": tk._("Datasets by agency"),
            "access_level": tk._("Datasets by access level"), "res_format": tk._("Datasets by format"),
            "license_id": tk._("Datasets by licence")}


def page():
    numbers = tk.get_action("thanhhoa_statistics")({}, {})
    lang = current_lang()
    empty = tk._("No data yet")
    headings = _headings()
    charts_by = {
        field: charts.bar_chart([(r["label"], r["count"]) for r in rows], headings[field],
                                tk._("Number of datasets"), chart_id=f"chart-{field}",
                                other_label=tk._("Other"), empty_text=empty, lang=lang)
        for field, rows in numbers["by"].items()}
    growth = charts.line_chart([(g["month"], g["total"]) for g in numbers["growth"]],
                               tk._("Datasets over time"), tk._("Number of datasets at the end of each month"),
                               chart_id="chart-growth", empty_text=empty, lang=lang)
    return tk.render("thanhhoa/statistics/page.html", {
        "title": tk._("Statistics"), "numbers": numbers, "headings": headings,
        "charts": charts_by, "growth_chart": growth})


def rows(numbers: dict) -> list[list]:
    """The numbers as (section, code, label, value) rows."""
    out = [["totals", key, key, value] for key, value in numbers["totals"].items()]
    out += [["downloads_by_kind", kind, kind, value] for kind, value in numbers["downloads_by_kind"].items()]
    for field, items in numbers["by"].items():
        out += [[field, r["code"], r["label"], r["count"]] for r in items]
    for g in numbers["growth"]:
        out += [["growth_total", g["month"], g["month"], g["total"]],
                ["growth_total_open", g["month"], g["month"], g["total_open"]]]
    out += [["most_viewed", r["name"], r["title"], r["views"]] for r in numbers["most_viewed"]]
    out += [["most_downloaded", r["name"], r["title"], r["downloads"]] for r in numbers["most_downloaded"]]
    return out


def csv_export():
    numbers = tk.get_action("thanhhoa_statistics")({}, {})
    return export.csv_response(["section", "code", "label", "value"], rows(numbers),
                               f"thong-ke-{numbers['date']}.csv")


def json_export():
    response = jsonify(tk.get_action("thanhhoa_statistics")({}, {}))
    response.headers["Content-Disposition"] = 'inline; filename="thong-ke.json"'
    return response


statistics.add_url_rule("/thong-ke", view_func=page)
statistics.add_url_rule("/thong-ke.csv", view_func=csv_export)
statistics.add_url_rule("/thong-ke.json", view_func=json_export)

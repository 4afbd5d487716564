"""The quality dashboard for stewards (/chat-luong) and its CSV."""
from __future__ import annotations

from flask import Blueprint

import ckan.plugins.toolkit as tk

from ckanext.thanhhoa.metadata import agencies
from ckanext.thanhhoa.quality import helpers
from ckanext.thanhhoa.statistics import export
from ckanext.thanhhoa.theme.helpers import vocab_label

dashboard = Blueprint("thanhhoa_quality", __name__)


def _summary() -> tuple[dict | None, dict]:
    """The summary for the agency asked (?agency=), or the errors."""
    agency = (tk.request.args.get("agency") or "").strip()
    try:
        return tk.get_action("thanhhoa_quality_summary")({}, {"organization": agency} if agency else {}), {}
    except tk.ValidationError as error:
        return None, error.error_dict


def page():
    summary, errors = _summary()
    if summary is None:
        summary = tk.get_action("thanhhoa_quality_summary")({}, {})
    worst = tk.config.get("ckanext.thanhhoa.quality.worst_first")
    return tk.render("thanhhoa/quality/dashboard.html", {
        "title": tk._("Metadata quality"), "summary": summary, "errors": errors,
        "to_fix": [d for d in summary["datasets"] if d["missing"]][:worst],
        "agencies": helpers.agency_titles(summary["agencies"]),
        "choices": agencies.choices(),
    }), 400 if errors else 200


def csv_export():
    summary, errors = _summary()
    if summary is None:
        return tk.abort(400, "; ".join(m for messages in errors.values() for m in messages))
    titles = helpers.agency_titles(summary["agencies"])
    header = [tk._("Agency"), tk._("Dataset"), tk._("Title"), tk._("Access level"), tk._("Score"),
              tk._("Rating"), tk._("What to fix"), tk._("Broken links"), tk._("Last update"),
              tk._("Next update due"), tk._("Days late")]
    rows = ([titles.get(d["owner_org"], ""), d["name"], d["title"],
             vocab_label("access_levels", d["access_level"] or "mo"), d["score"],
             helpers.thanhhoa_quality_rating_label(d["rating"]), "; ".join(d["missing"]),
             d["broken_links"], d["last_update"] or "", d["due"] or "", d["days_late"]]
            for d in summary["datasets"])
    name = f"chat-luong-{summary['organization']}.csv" if summary["organization"] else "chat-luong.csv"
    return export.csv_response(header, rows, name)


dashboard.add_url_rule("/chat-luong", view_func=page)
dashboard.add_url_rule("/chat-luong.csv", view_func=csv_export)

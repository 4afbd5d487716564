"""Template helpers of the DataStore capability: the load report, worded."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

ENCODINGS = {
    "utf-8": "UTF-8", "utf-16": "UTF-16 (Excel, Unicode Text)", "windows-1258": "Windows-1258", "viscii": "VISCII",
    "tcvn3": "TCVN3 (ABC)", "vni": "VNI", "xlsx": "Excel (XLSX)", "xls": "Excel 97–2003 (XLS)",
}


def _errors() -> dict:
    return {
        "unreadable": tk._("The file could not be read as a table (a spreadsheet or a CSV file)."),
        "no_header": tk._("No header row was found: the file has no row naming its columns."),
        "empty": tk._("The file has a header but no data rows."),
        "database": tk._("The rows could not be written to the database."),
        "types": tk._("The columns' types could not be settled."),
        "html": tk._("The file is a web page (HTML) saved under a spreadsheet's name, as some systems "
                     "export: open it in Excel and save it as .xlsx or .csv."),
        "internal": tk._("The portal could not finish loading the file; its operators have the details."),
    }


def thanhhoa_load_report(resource_id: str) -> dict | None:
    """The last load of a resource's file, for its page (None when the
    viewer may not read it or it was never loaded)."""
    try:
        return tk.get_action("thanhhoa_datastore_report")({}, {"resource_id": resource_id})
    except (tk.NotAuthorized, tk.ObjectNotFound, tk.ValidationError):
        return None


def thanhhoa_load_error(report: dict) -> str:
    return _errors().get(report.get("error"), _errors()["unreadable"])


def thanhhoa_encoding_label(encoding: str) -> str:
    return ENCODINGS.get(encoding, encoding)


def thanhhoa_column_type_label(column_type: str) -> str:
    return {"int8": tk._("whole number"), "numeric": tk._("number"), "date": tk._("date"),
            "timestamp": tk._("date and time"), "text": tk._("text")}.get(column_type, column_type)


def thanhhoa_number(value: int) -> str:
    """1.234.567 in Vietnamese, 1,234,567 in English."""
    from ckanext.thanhhoa.language import current_lang
    written = f"{int(value):,}"
    return written.replace(",", ".") if current_lang() == "vi" else written


def thanhhoa_data_service(dataset: dict, resource: dict) -> dict | None:
    """The data service section of a resource's page: its OpenAPI document,
    Table Schema and API endpoints, with curl and Python (None without a
    DataStore table)."""
    from ckanext.thanhhoa.access.citizen import is_open_data
    from ckanext.thanhhoa.datastore import service

    if not resource.get("datastore_active"):
        return None
    site_url = tk.config.get("ckan.site_url").rstrip("/")
    restricted = not is_open_data(dataset)
    return {
        "openapi": tk.h.url_for("thanhhoa_data_services.openapi", resource_id=resource["id"], qualified=True),
        "table_schema": tk.h.url_for("thanhhoa_data_services.table_schema", resource_id=resource["id"],
                                     qualified=True),
        **dict(zip(("search", "dump"), service.endpoints(site_url, resource["id"]))),
        "restricted": restricted,
        "samples": service.code_samples(site_url, resource["id"], restricted),
    }


HELPERS = {
    "thanhhoa_data_service": thanhhoa_data_service,
    "thanhhoa_column_type_label": thanhhoa_column_type_label,
    "thanhhoa_number": thanhhoa_number,
    "thanhhoa_load_report": thanhhoa_load_report,
    "thanhhoa_load_error": thanhhoa_load_error,
    "thanhhoa_encoding_label": thanhhoa_encoding_label,
}

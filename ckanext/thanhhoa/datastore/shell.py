"""xloader's job stays the shell stewards and operators know (its queue,
status page, logs, retries and hooks); the portal's loader runs inside it.

xloader has no interface to replace its loader (IXloader offers can_upload,
after_upload and datastore_before_update), and its job calls
``ckanext.xloader.loader.load_csv`` (and ``load_table`` on its fallback path)
by module attribute: ``install`` points both at ``loader.load``. A format
the portal does not read (ODS) goes to xloader's own functions.
tests/thanhhoa/datastore/test_shell.py runs xloader's job and checks that
these names are still what it calls.
"""
from __future__ import annotations

import logging

from ckanext.xloader import loader as xloader_loader
from ckanext.xloader.job_exceptions import FileCouldNotBeLoadedError

from ckanext.thanhhoa.datastore import loader

log = logging.getLogger(__name__)
_ORIGINAL: dict = {}


def _load(original, path, resource_id, mimetype, logger, **kwargs):
    try:
        fields = loader.load(path, resource_id, mimetype, logger or log)
    except loader.LoadFailed as failure:
        # not a LoaderError: xloader would try tabulator on the same file
        raise FileCouldNotBeLoadedError(str(failure)) from failure
    if fields is None:
        return original(path, resource_id, mimetype=mimetype, logger=logger, **kwargs)
    return fields


def load_csv(csv_filepath, resource_id, mimetype="text/csv", allow_type_guessing=False, logger=None):
    return _load(_ORIGINAL["load_csv"], csv_filepath, resource_id, mimetype, logger,
                 allow_type_guessing=allow_type_guessing)


def load_table(table_filepath, resource_id, mimetype="text/csv", logger=None):
    return _load(_ORIGINAL["load_table"], table_filepath, resource_id, mimetype, logger)


def install() -> None:
    """Once per process (the plugin's configure); again is a no-op."""
    if _ORIGINAL:
        return
    _ORIGINAL["load_csv"] = xloader_loader.load_csv
    _ORIGINAL["load_table"] = xloader_loader.load_table
    xloader_loader.load_csv = load_csv
    xloader_loader.load_table = load_table

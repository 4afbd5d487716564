"""Agencies' files into the DataStore: decode, reshape, type, COPY into a
staging table, index it, then swap it for the served one in one short
transaction, so that a file that fails leaves the rows already served.

Runs inside xloader's job (``shell.py``): xloader downloads the file, keeps
the job's status and logs and calls this in place of its own loader.
"""
from __future__ import annotations

import contextlib
import csv
import io
import itertools
import json
import logging
import re
import time
from typing import Any

import psycopg2
import sqlalchemy as sa

import ckan.plugins.toolkit as tk
from ckanext.datastore.backend import postgres as datastore_db

from ckanext.thanhhoa.datastore import readers, shape

log = logging.getLogger(__name__)

HEAD_ROWS = 60          # rows read to find the header
SAMPLE_ROWS = 20_000    # data rows the column types are guessed from
COPY_ROWS = 5_000       # rows made at a time for COPY
REPORTS = "_thanhhoa_load_report"


class LoadFailed(Exception):
    """A file that could not be loaded; ``code`` and ``detail`` say why
    (the resource page words it in the reader's language)."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


def _ident(name: str) -> str:
    return datastore_db.identifier(name)


def _execute(conn, sql: str, params: dict | None = None):
    """A statement with identifiers in it: their ":" are not bind
    parameters (a column may be called "Thời gian: năm")."""
    return conn.execute(sa.text(sql.replace(":", "\\:")), params or {})


def staging_name(resource_id: str) -> str:
    # a leading "_": none of CKAN's listings of tables shows it
    return f"_staging_{resource_id}"


# ---------------------------------------------------------------------------
# Reading the file


class Table:
    """A file read as a table: its header, its data rows and what was done."""

    def __init__(self, source, reading: readers.Reading):
        self.source = source
        self.reading = reading
        head = list(itertools.islice(self._read(), HEAD_ROWS))
        header = shape.find_header(head)
        if header is None or not header.columns:
            raise LoadFailed("no_header")
        self.header = header
        self.columns = header.columns
        self.dropped: dict[str, int] = {}
        self.outside = 0

    def _read(self):
        """The file's rows; a file that breaks while read (a cut ZIP, a CSV
        field past 16 MB) is unreadable, said so."""
        try:
            yield from self.source
        except Exception as error:  # noqa: BLE001 - whatever the reader's library raises
            raise LoadFailed("unreadable", f"{type(error).__name__}: {error}"[:300]) from error

    def rows(self):
        """The data rows, cells in the header's columns; counts what it drops."""
        positions = self.header.positions
        self.outside = 0
        width = len(positions)
        plain = positions == list(range(width))
        row_filter = shape.RowFilter(width)
        for row in itertools.islice(self._read(), self.header.body_start, None):
            if plain:
                if len(row) < width:
                    row = row + [""] * (width - len(row))
                elif len(row) > width:
                    if any(row[width:]):
                        self.outside += 1  # cells right of the header: no column names them
                    row = row[:width]
                cells = row
            else:
                cells = [row[p] if p < len(row) else "" for p in positions]
                if len(row) - row.count("") > len(cells) - cells.count(""):
                    self.outside += 1  # cells in a column with nothing in the rows read first
            yield from row_filter.push(cells)
        row_filter.finish()
        self.dropped = row_filter.dropped


def read_table(path: str, declared_format: str | None) -> Table | None:
    reading = readers.Reading()
    try:
        source = readers.open_table(path, declared_format, reading)
    except readers.Unreadable as error:
        if str(error) == "html":  # a web page named as a spreadsheet: its own message
            raise LoadFailed("html") from error
        raise LoadFailed("unreadable", str(error)[:300]) from error
    if source is None:
        return None
    return Table(source, reading)


# ---------------------------------------------------------------------------
# Writing the staging table


def _existing_fields(resource_id: str) -> list[dict] | None:
    try:
        info = tk.get_action("datastore_info")({"ignore_auth": True}, {"id": resource_id})
    except tk.ObjectNotFound:
        return None
    return [f for f in info.get("fields", []) if not f["id"].startswith("_")]


class _CsvStream:
    """Rows as the text of a COPY … FROM STDIN (FORMAT csv), made as
    PostgreSQL reads it: psycopg2 asks for the next piece while the server
    is still writing the last, so the two work at once."""

    def __init__(self, rows):
        self.rows = rows
        self.count = 0
        self.misfit: _Misfit | None = None

    def read(self, size: int = -1) -> str:
        try:
            chunk = list(itertools.islice(self.rows, COPY_ROWS))
        except _Misfit as misfit:
            self.misfit = misfit  # psycopg2 reports it as a failed COPY
            raise
        if not chunk:
            return ""
        self.count += len(chunk)
        buffer = io.StringIO()
        csv.writer(buffer).writerows(chunk)
        return buffer.getvalue()

    readline = read


def _copy(conn, table: str, columns: list[str], rows) -> int:
    sql = "COPY {} ({}) FROM STDIN WITH (FORMAT csv)".format(
        _ident(table), ", ".join(_ident(c) for c in columns))
    stream = _CsvStream(rows)
    cursor = conn.connection.cursor()
    try:
        cursor.copy_expert(sql, stream, size=1 << 20)
    except psycopg2.Error as error:
        if stream.misfit is not None:
            raise stream.misfit from None
        raise LoadFailed("database", str(error).splitlines()[0][:300]) from error
    finally:
        cursor.close()
    return stream.count


def _typed(rows, converters):
    typed = [(j, fn) for j, fn in enumerate(converters) if fn is not None]
    for row in rows:
        for j, fn in typed:
            try:
                row[j] = fn(row[j])
            except shape.BadValue:
                raise _Misfit(j, row[j]) from None
        yield row


class _Misfit(Exception):
    def __init__(self, column: int, value: str):
        super().__init__(column, value)
        self.column = column
        self.value = value


def _fulltext(fields: list[dict]) -> str:
    # the text CKAN's trigger and xloader index: every column, as text
    return "to_tsvector({})".format(" || ' ' || ".join(
        "coalesce({}{}, '')".format(_ident(f["id"]), "::text" if f["type"] != "text" else "")
        for f in fields))


_INDEX_NAME = re.compile(r'INDEX "([^"]+)"')


def _index_statements(table: str, resource_id: str, fields: list[dict]):
    """CKAN's full-text indexes for the staging table, with the name each
    takes after the swap (CKAN names an index by its table and expression)."""
    template = 'CREATE {unique} INDEX "{name}" ON "{res_id}" USING {method}({fields})'
    staged, _ = datastore_db._build_fts_indexes({"resource_id": table}, template, fields)
    final, _ = datastore_db._build_fts_indexes({"resource_id": resource_id}, template, fields)
    return [(sql, _INDEX_NAME.search(sql).group(1), _INDEX_NAME.search(end).group(1))
            for sql, end in zip(staged, final)]


def load(path: str, resource_id: str, declared_format: str | None, logger=log) -> list[dict] | None:
    """Load a file into the resource's DataStore table; the fields written,
    or None for a format this loader leaves to xloader. LoadFailed when the
    file cannot be loaded: the table served before stays as it was."""
    started = time.monotonic()
    try:
        table = read_table(path, declared_format)
        if table is None:
            return None
        with _one_load_at_a_time(resource_id):
            fields, report = _load(table, resource_id, logger)
    except Exception as error:
        failure = error if isinstance(error, LoadFailed) else LoadFailed("internal", type(error).__name__)
        previous = get_report(resource_id) or {}
        if not previous.get("ok"):
            previous = previous.get("previous")
        save_report(resource_id, {"ok": False, "error": failure.code, "detail": failure.detail,
                                  "previous": previous})
        raise
    report["seconds"] = round(time.monotonic() - started, 2)
    save_report(resource_id, report)
    return fields


@contextlib.contextmanager
def _one_load_at_a_time(resource_id: str):
    """Two jobs loading the same resource (a file replaced while the last
    one loads) take turns: they share a staging table's name."""
    engine = datastore_db.get_write_engine()
    with engine.connect() as conn:
        key = conn.execute(sa.text("SELECT hashtext(:id)"), {"id": "thanhhoa-load:" + resource_id}).scalar()
        conn.execute(sa.text("SELECT pg_advisory_lock(:key)"), {"key": key})
        conn.commit()
        try:
            yield
        finally:
            conn.execute(sa.text("SELECT pg_advisory_unlock(:key)"), {"key": key})
            conn.commit()


_OVERRIDES = {"text": "text", "numeric": "numeric", "int8": "int8", "int": "int8",
              "integer": "int8", "timestamp": "timestamp", "date": "date"}


def _column(kind: tuple[str, str], info: dict) -> tuple[str, str]:
    """(DataStore type, how to read) of a column: the guess, unless the
    data dictionary overrides the type (``type_override``)."""
    field_type, how = kind
    override = _OVERRIDES.get(str(info.get("type_override") or ""))
    if override is None or override == field_type:
        return field_type, how
    if override == "text":
        return "text", "text"
    if override == "int8":
        return override, how if how in ("int", "vn", "en") else "vn"
    if override == "numeric":
        return override, how if how in ("vn", "en") else "vn"
    return override, how if how in ("dmy", "iso") else "dmy"


def _load(table: Table, resource_id: str, logger) -> tuple[list[dict], dict]:
    existing = _existing_fields(resource_id) or []
    infos = {f["id"]: f.get("info") or {} for f in existing}
    guess = shape.ColumnTypes(len(table.columns))
    for row in itertools.islice(table.rows(), SAMPLE_ROWS):
        guess.feed(row)
    columns = [_column(kind, infos.get(name, {})) for kind, name in zip(guess.types(), table.columns)]
    as_text: list[str] = []
    engine = datastore_db.get_write_engine()
    staging = staging_name(resource_id)

    def typed_fields():
        fields, converters = [], []
        for name, (field_type, how) in zip(table.columns, columns):
            field = {"id": name, "type": field_type}
            if infos.get(name):
                field["info"] = infos[name]
            fields.append(field)
            converters.append(None if how == "text" else shape.converter(how, field_type == "int8"))
        return fields, converters

    fields, converters = typed_fields()
    try:
        count = _write_staging(engine, staging, resource_id, table, fields, converters, logger)
    except _Misfit:
        # a value after the rows the types were guessed from: read the whole
        # file once to settle every column's type, then load it
        as_text = _settle(table, columns, logger)
        fields, converters = typed_fields()
        try:
            count = _write_staging(engine, staging, resource_id, table, fields, converters, logger)
        except _Misfit as misfit:  # pragma: no cover - _settle read the same values
            raise LoadFailed("types", table.columns[misfit.column]) from misfit
    _swap(engine, staging, resource_id, fields)
    reading = table.reading
    report = {
        "ok": True, "format": reading.format, "encoding": reading.encoding,
        "converted_cells": reading.converted_cells, "fonts": reading.fonts,
        "sheet": reading.sheet, "merged": reading.merged,
        "header_row": table.header.start + 1, "header_rows": table.header.rows,
        "numbering_row": table.header.numbering,
        "rows": count, "columns": len(fields),
        "dropped": {k: v for k, v in table.dropped.items() if v},
        "cells_outside": table.outside,
        "types": {f["id"]: f["type"] for f in fields},
        "as_text": as_text,
    }
    return fields, report


def _settle(table: Table, columns: list[tuple[str, str]], logger) -> list[str]:
    """Widen the columns whose values do not all fit their guessed type, in
    one reading of the file: an integer column to numeric when the value is
    a number of its style, any column to text otherwise. Returns the
    columns made text."""
    readers_ = {j: shape.converter(how, field_type == "int8")
                for j, (field_type, how) in enumerate(columns) if how != "text"}
    as_text = []
    for row in table.rows():
        for j in list(readers_):
            try:
                readers_[j](row[j])
            except shape.BadValue:
                field_type, how = columns[j]
                if field_type == "int8" and shape.fits_number(row[j], how):
                    columns[j] = ("numeric", how)
                    readers_[j] = shape.converter(how)
                else:
                    columns[j] = ("text", "text")
                    as_text.append(table.columns[j])
                    del readers_[j]
                logger.info("Column %s holds %r: loaded as %s", table.columns[j], row[j], columns[j][0])
        if not readers_:
            break
    return as_text


def _drop(engine, table: str) -> None:
    with engine.begin() as conn:
        _execute(conn, "DROP TABLE IF EXISTS {}".format(_ident(table)))


def _create_table(conn, name: str, fields: list[dict]) -> None:
    """The table CKAN's datastore_create makes (``_id``, ``_full_text``, the
    columns, each column's data dictionary in its comment, as CKAN writes
    it), through ``_execute``: CKAN's own leaves ":" in a column name to
    SQLAlchemy as a bind parameter."""
    columns = ", ".join(f"{_ident(f['id'])} {f['type']}" for f in fields)
    _execute(conn, "CREATE TABLE {} (_id serial PRIMARY KEY, _full_text tsvector, {})".format(
        _ident(name), columns))
    for field in fields:
        if isinstance(field.get("info"), dict):
            comment = " " + json.dumps({"_info": field["info"]}, ensure_ascii=False, separators=(",", ":"))
            _execute(conn, "COMMENT ON COLUMN {}.{} IS {}".format(
                _ident(name), _ident(field["id"]), datastore_db.literal_string(comment)))


def _write_staging(engine, staging, resource_id, table, fields, converters, logger) -> int:
    _drop(engine, staging)
    try:
        with engine.begin() as conn:
            _create_table(conn, staging, fields)
            # COPY into a temporary table (no WAL), then each row written once
            # with its full text (an UPDATE after COPY writes every row twice)
            columns = ", ".join(_ident(f["id"]) for f in fields)
            _execute(conn, "CREATE TEMPORARY TABLE _load ({}) ON COMMIT DROP".format(
                ", ".join(f"{_ident(f['id'])} {f['type']}" for f in fields)))
            logger.info("Copying rows into %s", staging)
            count = _copy(conn, "_load", [f["id"] for f in fields], _typed(table.rows(), converters))
            if not count:
                raise LoadFailed("empty")
            _execute(conn, "INSERT INTO {} ({}, _full_text) SELECT {}, {} FROM _load".format(
                _ident(staging), columns, columns, _fulltext(fields)))
            for sql, _name, _final in _index_statements(staging, resource_id, fields):
                _execute(conn, sql)
            logger.info("Copied %s rows", count)
        return count
    except (_Misfit, LoadFailed):
        _drop(engine, staging)
        raise
    except sa.exc.DBAPIError as error:
        _drop(engine, staging)
        raise LoadFailed("database", str(getattr(error, "orig", error)).splitlines()[0][:300]) from error


def _swap(engine, staging: str, resource_id: str, fields: list[dict]) -> None:
    """The staging table becomes the resource's table, with its indexes,
    sequence and trigger named as CKAN names them, and the aliases (views)
    of the old one made again."""
    with engine.begin() as conn:
        conn.execute(sa.text("SET LOCAL lock_timeout = '30s'"))
        aliases = [r[0] for r in conn.execute(sa.text(
            "SELECT name FROM _table_metadata WHERE alias_of = :id"), {"id": resource_id})]
        _execute(conn, "DROP TABLE IF EXISTS {} CASCADE".format(_ident(resource_id)))
        _execute(conn, "ALTER TABLE {} RENAME TO {}".format(_ident(staging), _ident(resource_id)))
        _execute(conn, "ALTER INDEX {} RENAME TO {}".format(
            _ident(staging + "_pkey"), _ident(resource_id + "_pkey")))
        _execute(conn, "ALTER SEQUENCE {} RENAME TO {}".format(
            _ident(staging + "__id_seq"), _ident(resource_id + "__id_seq")))
        for _sql, name, final in _index_statements(staging, resource_id, fields):
            _execute(conn, "ALTER INDEX {} RENAME TO {}".format(_ident(name), _ident(final)))
        datastore_db._create_fulltext_trigger(conn, resource_id)
        for alias in aliases:
            _execute(conn, "CREATE VIEW {} AS SELECT * FROM {}".format(_ident(alias), _ident(resource_id)))
        conn.execute(sa.text(
            "DELETE FROM _table_stats WHERE resource_id = :id"), {"id": resource_id})


# ---------------------------------------------------------------------------
# What was done, per resource


def _reports_table(conn) -> None:
    conn.execute(sa.text(
        f"CREATE TABLE IF NOT EXISTS {REPORTS} (resource_id text PRIMARY KEY, "
        "report jsonb NOT NULL, updated timestamptz NOT NULL DEFAULT now())"))


def save_report(resource_id: str, report: dict[str, Any]) -> None:
    engine = datastore_db.get_write_engine()
    with engine.begin() as conn:
        _reports_table(conn)
        conn.execute(sa.text(
            f"INSERT INTO {REPORTS} (resource_id, report) VALUES (:id, CAST(:report AS jsonb)) "
            "ON CONFLICT (resource_id) DO UPDATE SET report = EXCLUDED.report, updated = now()"),
            {"id": resource_id, "report": json.dumps(report, ensure_ascii=False)})


def get_report(resource_id: str) -> dict[str, Any] | None:
    engine = datastore_db.get_write_engine()
    try:
        with engine.begin() as conn:
            row = conn.execute(sa.text(
                f"SELECT report, updated FROM {REPORTS} WHERE resource_id = :id"),
                {"id": resource_id}).first()
    except sa.exc.ProgrammingError:  # no file loaded yet on this portal: no table
        return None
    if row is None:
        return None
    report = json.loads(row[0]) if isinstance(row[0], str) else row[0]
    return dict(report, updated=row[1].isoformat())

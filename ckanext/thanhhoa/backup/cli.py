"""`ckan thanhhoa backup DIR` and `ckan thanhhoa restore DIR`."""
from __future__ import annotations

import datetime
import pathlib
import time

import click
import sqlalchemy as sa

import ckan.plugins.toolkit as tk

from ckanext.thanhhoa.backup import files, manifest, postgres

COUNTS = {
    "datasets": ("ckan", "SELECT count(*) FROM package WHERE state = 'active' AND type = 'dataset'"),
    "resources": ("ckan", "SELECT count(*) FROM resource WHERE state = 'active'"),
    "users": ("ckan", "SELECT count(*) FROM \"user\" WHERE state = 'active'"),
    "datastore_tables": ("datastore", "SELECT count(*) FROM _table_metadata WHERE alias_of IS NULL"),
}


def _urls() -> dict[str, str]:
    return {"ckan": tk.config.get("sqlalchemy.url"), "datastore": tk.config.get("ckan.datastore.write_url")}


def _storage() -> pathlib.Path:
    return pathlib.Path(tk.config.get("ckan.storage_path"))


def _counts(urls: dict[str, str]) -> dict[str, int | None]:
    return {name: postgres.count(urls[db], query) for name, (db, query) in COUNTS.items()}


def _versions() -> dict:
    import ckan

    heads = {}
    for table in ("alembic_version", "alembic_version_thanhhoa"):
        found = postgres.count(_urls()["ckan"], f"SELECT string_agg(version_num, ',') FROM {table}")
        heads[table] = found
    return {"ckan": ckan.__version__, "migrations": heads}


@click.command("backup")
@click.argument("folder", type=click.Path(file_okay=False, path_type=pathlib.Path))
def backup(folder: pathlib.Path):
    """Write both databases and the file store to FOLDER (new or empty)."""
    if folder.exists() and any(folder.iterdir()):
        raise click.ClickException(f"{folder} is not empty: a backup goes to a new folder")
    folder.mkdir(parents=True, exist_ok=True)
    urls, started = _urls(), time.monotonic()
    facts = {"taken": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
             "site_url": tk.config.get("ckan.site_url"), **_versions(), "counts": _counts(urls)}
    for kind in ("ckan", "datastore"):
        postgres.dump(urls[kind], folder / manifest.FILES[kind])
    stored = files.pack(_storage(), folder / manifest.FILES["files"])
    written = manifest.write(folder, dict(facts, stored_files=stored))
    size = sum(entry["bytes"] for entry in written["files"].values())
    click.echo(f"backup of {facts['counts']['datasets']} datasets, {facts['counts']['datastore_tables']} "
               f"DataStore tables and {stored} files: {size / 1e6:.1f} MB in {folder} "
               f"({time.monotonic() - started:.1f} s)")


@click.command("restore")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=pathlib.Path))
@click.option("--replace", is_flag=True, help="Replace a portal that holds data (else refused).")
def restore(folder: pathlib.Path, replace: bool):
    """Bring back the portal backed up in FOLDER, then run
    `ckan search-index rebuild`."""
    started = time.monotonic()
    try:
        found = manifest.check(folder)
    except manifest.Damaged as error:
        raise click.ClickException(f"nothing restored: {error}")
    urls = _urls()
    held = _counts(urls)
    if not replace and (held["datasets"] or not files.is_empty(_storage())):
        raise click.ClickException(
            f"nothing restored: this portal holds data ({held['datasets'] or 0} datasets, "
            f"{'some' if not files.is_empty(_storage()) else 'no'} stored files); restore into empty "
            "services, or say --replace")
    read_url = tk.config.get("ckan.datastore.read_url")
    role = read_url and sa.engine.make_url(read_url).username
    if role and not postgres.has_role(urls["datastore"], role):
        raise click.ClickException(
            f"nothing restored: the DataStore's read-only role {role!r} does not exist on this server "
            "(roles are not in a database dump): create it first, as `make services` or the docker "
            "database's first start do")
    import ckan.model as model

    model.Session.remove()
    model.meta.engine.dispose()
    for kind in ("ckan", "datastore"):
        postgres.empty(urls[kind])
        postgres.restore(urls[kind], folder / manifest.FILES[kind])
    restored = files.unpack(folder / manifest.FILES["files"], _storage())
    now = _counts(urls)
    if {k: now[k] for k in COUNTS} != {k: found["counts"][k] for k in COUNTS}:
        raise click.ClickException(f"restored, but the counts differ from the backup's: {now} "
                                   f"instead of {found['counts']}")
    click.echo(f"restored {now['datasets']} datasets, {now['datastore_tables']} DataStore tables and "
               f"{restored} files from {folder} (taken {found['taken']}) in {time.monotonic() - started:.1f} s; "
               "now run `ckan search-index rebuild` to make search whole")

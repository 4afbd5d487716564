"""`ckan thanhhoa catalogue export|import`: an agency's catalogue as XLSX
from the command line, for operators; an import previews unless --apply."""
from __future__ import annotations

import pathlib

import click

import ckan.plugins.toolkit as tk

from ckanext.thanhhoa.catalogue import plan, workbook


@click.group(short_help="An agency's data catalogue as a spreadsheet.")
def catalogue():
    """An agency's data catalogue as a spreadsheet (XLSX)."""


def _agency(name: str) -> dict:
    try:
        return tk.get_action("organization_show")({"ignore_auth": True}, {"id": name, "include_datasets": False})
    except tk.ObjectNotFound:
        raise click.BadParameter(f"no agency {name!r}", param_hint="AGENCY")


def _user(name: str | None) -> str:
    return name or tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]


@catalogue.command("export")
@click.argument("agency")
@click.argument("path", type=click.Path(dir_okay=False, path_type=pathlib.Path))
def export(agency: str, path: pathlib.Path):
    """Write AGENCY's catalogue to PATH (.xlsx)."""
    found = _agency(agency)
    datasets = sorted(plan.agency_datasets(found["id"]).values(), key=lambda d: d["name"])
    path.write_bytes(workbook.write(datasets, found["title"]))
    click.echo(f"{len(datasets)} datasets written to {path}")


@catalogue.command("import")
@click.argument("agency")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=pathlib.Path))
@click.option("--apply", "apply_", is_flag=True, help="Apply the rows without errors (else only preview).")
@click.option("--user", help="Act as this user (default: the site user).")
def import_(agency: str, path: pathlib.Path, apply_: bool, user: str | None):
    """Preview (or --apply) the catalogue in PATH for AGENCY."""
    found = _agency(agency)
    try:
        rows = workbook.read(path.read_bytes())
    except workbook.Unreadable as error:
        raise click.ClickException(error.message(tk._))
    acting = _user(user)
    planned = plan.preview(rows, found, acting)
    if apply_:
        planned = plan.apply(planned, acting)
    for row in planned:
        status = row.done or row.action
        click.echo(f"row {row.number}: {status} {row.title}")
        for header, message in row.errors:
            click.echo(f"    {header}: {message}")
    counts = {}
    for row in planned:
        counts[row.done or row.action] = counts.get(row.done or row.action, 0) + 1
    click.echo(", ".join(f"{k}: {v}" for k, v in sorted(counts.items())))
    if any(row.errors for row in planned):
        raise SystemExit(1)

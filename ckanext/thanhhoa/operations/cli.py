"""`ckan thanhhoa …` commands."""
from __future__ import annotations

import pathlib

import click
import ckan.plugins.toolkit as tk

from ckanext.thanhhoa.backup.cli import backup, restore
from ckanext.thanhhoa.catalogue.cli import catalogue
from ckanext.thanhhoa.operations import demo, seed
from ckanext.thanhhoa.quality.cli import quality


@click.group(short_help="Thanh Hóa open data portal commands.")
def thanhhoa():
    """Commands of the Thanh Hóa open data portal."""


@thanhhoa.command("seed")
def seed_command():
    """Create the provincial agencies that are missing (idempotent)."""
    created, existing = seed.seed_agencies()
    click.echo(f"agencies: {len(created)} created, {len(existing)} already there")


@thanhhoa.command("demo-admin")
@click.option("--password", required=True, envvar="THANHHOA_ADMIN_PASSWORD",
              help="Password to set for the demo sysadmin.")
@click.option("--token-file", type=click.Path(dir_okay=False, path_type=pathlib.Path),
              required=True,
              help="File that keeps the sysadmin's API token for xloader; a token "
                   "in it that still works is reused, otherwise a new one is written.")
def demo_admin(password: str, token_file: pathlib.Path):
    """Create or update the demo sysadmin and its API token for xloader."""
    name = tk.config.get("ckanext.thanhhoa.demo.admin_name")
    email = tk.config.get("ckanext.thanhhoa.demo.admin_email")
    demo.ensure_sysadmin(name, email, password)
    old = token_file.read_text().strip() if token_file.exists() else None
    token = demo.ensure_api_token(name, old)
    if token != old:
        token_file.write_text(token + "\n")
        token_file.chmod(0o600)
    click.echo(f"sysadmin {name} ready")


@thanhhoa.command("demo")
@click.option("--wait", "wait_seconds", type=float, default=0,
              help="Wait up to this many seconds for xloader to load every CSV "
                   "resource into the DataStore (needs the worker and the web server).")
@click.option("--lgsp-url", default=None,
              help="Also create the LGSP harvest source against this gateway "
                   "(the fake one in development) and queue its first job.")
def demo_load(wait_seconds: float, lgsp_url: str | None):
    """Load the demo catalogue (idempotent: creates only what is missing)."""
    report = demo.load()
    click.echo(
        f"demo catalogue: {len(report.created)} created, "
        f"{len(report.existing)} already there"
    )
    if lgsp_url:
        created = demo.ensure_lgsp_source(lgsp_url)
        click.echo(f"LGSP harvest source {demo.LGSP_SOURCE} "
                   f"{'created' if created else 'already there'} ({lgsp_url})")
    if wait_seconds > 0:
        names = [d["name"] for d in demo.catalogue()["datasets"]]
        pending = demo.wait_for_datastore(names, wait_seconds)
        if pending:
            raise click.ClickException(
                "not in the DataStore after {:.0f} s: {}".format(
                    wait_seconds, ", ".join(pending))
            )
        click.echo("every demo CSV resource is in the DataStore")


thanhhoa.add_command(quality)
thanhhoa.add_command(catalogue)
thanhhoa.add_command(backup)
thanhhoa.add_command(restore)

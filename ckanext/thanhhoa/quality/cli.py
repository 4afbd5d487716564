"""`ckan thanhhoa quality …`: the link checks and conformance of an agency
or of the whole portal, queued for the quality worker or run at once."""
from __future__ import annotations

import click

import ckan.plugins.toolkit as tk

from ckanext.thanhhoa.quality import jobs


@click.group(short_help="Metadata quality: link checks and DCAT-AP conformance.")
def quality():
    """Metadata quality of the portal's datasets."""


def _dataset_ids(agency: str | None) -> list[str]:
    import ckan.model as model

    query = model.Session.query(model.Package.id).filter(
        model.Package.state == "active", model.Package.type == "dataset")
    if agency:
        group = model.Group.get(agency)
        if group is None or not group.is_organization:
            raise click.BadParameter(f"no agency {agency!r}", param_hint="--agency")
        query = query.filter(model.Package.owner_org == group.id)
    return [row.id for row in query.order_by(model.Package.name)]


@quality.command("check")
@click.option("--agency", help="Only this agency's datasets (name or id).")
@click.option("--all", "everything", is_flag=True, help="Every dataset of the portal.")
@click.option("--now", is_flag=True, help="Check here and now instead of queueing jobs for the worker.")
def check(agency: str | None, everything: bool, now: bool):
    """Check every link (again) and the DCAT-AP conformance of an agency's
    datasets or of the whole portal."""
    if not agency and not everything:
        raise click.UsageError("say which datasets: --agency NAME or --all")
    ids = _dataset_ids(agency)
    if not now:
        for package_id in ids:
            jobs.enqueue(package_id, recheck=True)
        click.echo(f"{len(ids)} datasets queued on {jobs.QUEUE}")
        return
    changed = 0
    with click.progressbar(ids, label="checking") as bar:
        for package_id in bar:
            result = jobs.check_dataset(package_id, recheck=True)
            changed += bool(result.get("links") or result.get("conformance"))
    click.echo(f"{len(ids)} datasets checked, {changed} changed state")
    broken = tk.get_action("package_search")({"ignore_auth": True}, {
        "fq": "quality_broken_links:[1 TO *]", "rows": 0, "include_private": True})["count"]
    click.echo(f"datasets with a broken link: {broken}")

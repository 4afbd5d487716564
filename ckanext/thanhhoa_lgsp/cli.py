"""`ckan thanhhoa-lgsp …` commands for operators."""
from __future__ import annotations

import click


@click.group("thanhhoa-lgsp", short_help="LGSP harvester commands.")
def thanhhoa_lgsp():
    """Commands of the LGSP harvester."""


def _lgsp_source(source: str):
    """The `lgsp` harvest source of that name or id."""
    import ckan.model as model
    from ckanext.harvest.model import HarvestSource

    package = model.Package.get(source)
    harvest_source = HarvestSource.get(package.id) if package else None
    if harvest_source is None:
        raise click.ClickException(f"no harvest source {source!r}")
    if harvest_source.type != "lgsp":
        raise click.ClickException(f"{source!r} is a {harvest_source.type} source, not lgsp")
    return harvest_source


@thanhhoa_lgsp.command("withdraw-missing")
@click.argument("source")
@click.option("--yes", is_flag=True, help="Withdraw without asking.")
def withdraw_missing(source: str, yes: bool):
    """Withdraw SOURCE's datasets that its gateway's complete listing no
    longer holds, past the share a run may withdraw by itself (the listing
    must be provably complete)."""
    from ckanext.thanhhoa_lgsp import harvester
    from ckanext.thanhhoa_lgsp.client import LgspError

    harvest_source = _lgsp_source(source)
    try:
        missing = harvester.missing_datasets(harvest_source)
    except LgspError as error:
        raise click.ClickException(str(error))
    if not missing:
        click.echo("nothing to withdraw: the gateway lists every published dataset")
        return
    click.echo(f"{len(missing)} datasets are missing from the gateway's complete listing")
    if not yes:
        click.confirm("Withdraw them?", abort=True)
    for name in harvester.withdraw(harvest_source.id, missing):
        click.echo(f"withdrawn: {name}")


@thanhhoa_lgsp.command("check")
@click.argument("source")
def check(source: str):
    """Test credentials and reachability of SOURCE's gateway and say what a
    run would do, without changing anything."""
    from ckanext.thanhhoa_lgsp import harvester, source_config
    from ckanext.thanhhoa_lgsp import objects as harvest_objects
    from ckanext.thanhhoa_lgsp.client import LgspError

    harvest_source = _lgsp_source(source)
    found = {"id": harvest_source.id, "url": harvest_source.url, "config": harvest_source.config}
    try:
        config = source_config.parse(found.get("config"))
        client = harvester.make_client(found["url"], config)
        client.token()
        click.echo(f"gateway {found['url']}: credentials accepted")
        params = harvester.listing_params(found["id"], "", config)
        body = client.get(config.paths["datasets"], dict(params, **client.page_params(0, 0, 1)))
        total = body.get(config.envelope.total) if isinstance(body, dict) else None
        agencies = sum(1 for _ in client.iter_records(config.paths["agencies"],
                                                      page_size=config.page_size))
    except (source_config.ConfigError, LgspError) as error:
        raise click.ClickException(str(error))
    current = harvest_objects.published_count(found["id"])
    click.echo(f"agencies on the gateway: {agencies}")
    if params:
        click.echo(f"a run would be incremental from {params['capNhatTu']}: "
                   f"{total} records changed or withdrawn since")
    else:
        click.echo(f"a run would read the complete listing: {total} records; "
                   f"{current} datasets of this source now, those missing from it would be withdrawn")

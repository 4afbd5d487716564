"""Emptying the portal's databases and Solr core outside a test's `clean_db`
(module-wide fixtures, the benchmarks)."""


def empty_portal() -> None:
    """Empty databases (with the activity, harvest and tracking tables) and Solr core."""
    import ckan.lib.search as search
    import ckan.model as model
    from ckan.cli.db import _run_migrations
    from ckan.tests import helpers

    engine = model.meta.engine
    helpers.reset_db()
    for plugin in ("activity", "harvest", "tracking"):
        _run_migrations(plugin)
    model.init_model(engine)   # CKAN's migrations leave the model without a pool
    search.clear_all()

"""What the benchmarks share: the portal of a CKAN ini file as a Flask app,
and emptying its databases and Solr core (the test ones of test.ini)."""
from __future__ import annotations


def flask_app(config_path: str, **options):
    """The portal's Flask app, with some options overridden."""
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    config = load_config(config_path)
    config.update(options)
    app = make_app(config)
    return app._wsgi_app if hasattr(app, "_wsgi_app") else app.apps["flask_app"]._wsgi_app


def empty_portal() -> None:
    """Empty databases (with the activity and harvest tables) and Solr core."""
    import ckan.lib.search as search
    import ckan.model as model
    from ckan.cli.db import _run_migrations
    from ckan.tests import helpers

    engine = model.meta.engine
    helpers.reset_db()
    for plugin in ("activity", "harvest"):
        _run_migrations(plugin)
    model.init_model(engine)   # CKAN's migrations leave the model without a pool
    search.clear_all()

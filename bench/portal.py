"""What the benchmarks share: the portal of a CKAN ini file as a Flask app,
and emptying its databases and Solr core (the test ones of test.ini, as the
tests do: ckanext.thanhhoa.testing.portal)."""
from __future__ import annotations

from ckanext.thanhhoa.testing.portal import empty_portal  # noqa: F401

# the fake LGSP gateway's credentials (ckanext/thanhhoa/testing/lgsp_gateway.py)
LGSP_CREDENTIALS = {"ckanext.thanhhoa_lgsp.client_id": "portal",
                    "ckanext.thanhhoa_lgsp.client_secret": "bi-mat"}


def flask_app(config_path: str, **options):
    """The portal's Flask app, with some options overridden."""
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    config = load_config(config_path)
    config.update(options)
    app = make_app(config)
    return app._wsgi_app if hasattr(app, "_wsgi_app") else app.apps["flask_app"]._wsgi_app

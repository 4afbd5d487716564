"""The portal as a WSGI application, for a production server:

    CKAN_INI=/etc/ckan/ckan.ini gunicorn --workers 4 ckanext.thanhhoa.operations.wsgi:application

(`make serve` runs it so; CKAN's `ckan run` is a development server.) The
application is made when first asked for, so that importing this module
(the packaging test imports every module) needs no configuration."""
from __future__ import annotations

import functools
import os


@functools.lru_cache(maxsize=None)
def _application():
    from ckan.cli import CKANConfigLoader
    from ckan.config.middleware import make_app

    return make_app(CKANConfigLoader(os.environ["CKAN_INI"]).get_config())


def __getattr__(name: str):
    if name == "application":
        return _application()
    raise AttributeError(name)

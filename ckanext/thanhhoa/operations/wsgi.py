"""The portal as a WSGI application, for a production server:

    CKAN_INI=/etc/ckan/ckan.ini gunicorn --workers 4 ckanext.thanhhoa.operations.wsgi:application

(`make serve` runs it so; CKAN's `ckan run` is a development server.)"""
from __future__ import annotations

import os

from ckan.cli import CKANConfigLoader
from ckan.config.middleware import make_app

application = make_app(CKANConfigLoader(os.environ["CKAN_INI"]).get_config())

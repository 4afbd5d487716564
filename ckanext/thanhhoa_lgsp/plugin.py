"""The LGSP plugin: the `lgsp` harvester and its CLI."""
from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from ckanext.thanhhoa_lgsp import cli, harvester, queue_fix
from ckanext.thanhhoa_lgsp.harvester import LgspHarvester
from ckanext.harvest.interfaces import IHarvester


@tk.blanket.config_declarations
class ThanhHoaLgspPlugin(LgspHarvester, p.SingletonPlugin):
    p.implements(IHarvester)
    p.implements(p.IClick)
    p.implements(p.IMiddleware, inherit=True)
    p.implements(p.IConfigurable, inherit=True)

    def configure(self, config):
        queue_fix.apply()

    def get_commands(self):
        return [cli.thanhhoa_lgsp]

    def make_middleware(self, app, config):
        # the harvester translates its messages in a request of this app
        harvester.flask_app = app
        return app

"""The portal plugin: wires CKAN's interfaces; the logic lives in modules named
for what they do."""
from __future__ import annotations

import importlib.resources

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultTranslation

from ckanext.thanhhoa import cli


@tk.blanket.config_declarations
class ThanhHoaPlugin(DefaultTranslation, p.SingletonPlugin):
    p.implements(p.ITranslation)
    p.implements(p.IClick)

    # ITranslation: the catalogues are the top-level i18n/ folder, packaged
    # as ckanext.thanhhoa.i18n (not a folder beside this module).

    def i18n_directory(self):
        return str(importlib.resources.files("ckanext.thanhhoa.i18n"))

    def i18n_domain(self):
        return "ckanext-thanhhoa"

    # IClick

    def get_commands(self):
        return [cli.thanhhoa]

"""The LGSP plugin, loaded beside `harvest`.

It registers the suite's second CKAN plugin so that deployments list it from
day one; the LGSP harvester (client, mapping, gather/fetch/import stages) and
its configuration are built on it by the harvester issue.
"""
from __future__ import annotations

import ckan.plugins as p


class ThanhHoaLgspPlugin(p.SingletonPlugin):
    """No interfaces yet: see the module docstring."""

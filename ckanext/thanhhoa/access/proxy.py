"""The client's address behind nginx: werkzeug's ProxyFix, trusting as many
proxies as `ckanext.thanhhoa.proxy_hops` says (none by default: a header
the client sends is not believed)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


def register(app) -> None:
    hops = tk.config.get("ckanext.thanhhoa.proxy_hops")
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

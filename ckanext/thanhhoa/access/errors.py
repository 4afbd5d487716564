"""Views of CKAN and its extensions that let `NotAuthorized` or
`ObjectNotFound` escape (xloader's data and delete-datastore pages, CKAN's
resource views and new-resource pages, the changes pages) answer 403 and
404 with the portal's error page instead of a 500."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from werkzeug.exceptions import Forbidden, NotFound


def register(app) -> None:
    """Error handlers on the Flask app: the HTTP error CKAN would have
    answered had the view caught it."""
    def forbidden(error):
        return app.handle_http_exception(Forbidden(str(error) or None))

    def not_found(error):
        return app.handle_http_exception(NotFound(str(error) or None))

    app.register_error_handler(tk.NotAuthorized, forbidden)
    app.register_error_handler(tk.ObjectNotFound, not_found)

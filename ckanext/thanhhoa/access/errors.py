"""Views of CKAN and its extensions that let `NotAuthorized`,
`ObjectNotFound` or `ValidationError` escape (xloader's data and
delete-datastore pages, CKAN's resource views and new-resource pages, the
changes pages given a bad range) answer 403, 404 and 400 with the portal's
error page instead of a 500."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from werkzeug.exceptions import BadRequest, Forbidden, NotFound


def register(app) -> None:
    """Error handlers on the Flask app: the HTTP error CKAN would have
    answered had the view caught it."""
    def forbidden(error):
        return app.handle_http_exception(Forbidden(str(error) or None))

    def not_found(error):
        return app.handle_http_exception(NotFound(str(error) or None))

    def bad_request(error):
        summary = "; ".join(f"{key}: {value}" for key, value in error.error_summary.items())
        return app.handle_http_exception(BadRequest(summary or None))

    app.register_error_handler(tk.NotAuthorized, forbidden)
    app.register_error_handler(tk.ObjectNotFound, not_found)
    app.register_error_handler(tk.ValidationError, bad_request)

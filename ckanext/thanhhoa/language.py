"""The page's language and the marks of messages translated elsewhere.

`current_lang` is the language a request is served in (Vietnamese outside a
request: CLI, jobs, harvests). `N_` marks a message for extraction into
i18n/ without translating it where it stands: the text is translated when
it is shown (`tk._(message)`), or by CKAN's catalogue merge when the
message is CKAN's or an extension's own."""
from __future__ import annotations

import contextlib

DEFAULT = "vi"


def N_(message: str) -> str:
    return message


def ungettext(singular: str, plural: str, n: int = 1) -> str:
    """The mark of a plural message (extracted as one entry with its plural)."""
    return singular


def current_lang() -> str:
    import ckan.plugins.toolkit as tk

    try:
        return tk.h.lang() or DEFAULT
    except RuntimeError:     # no request, no application context
        return DEFAULT
    except AttributeError:   # CKAN's helpers not loaded (no config: unit tests, tools)
        return DEFAULT


@contextlib.contextmanager
def portal_locale():
    """Messages in the portal's default language (`ckan.locale_default`), in
    a request or outside one (the CLI's `ckan notify send_emails`, jobs):
    Flask-Babel's force_locale does nothing without a context, so CKAN's own
    test request context (the one its url_for uses there) is pushed."""
    import ckan.plugins.toolkit as tk
    from ckan.lib.helpers import _get_auto_flask_context
    from flask_babel import force_locale

    context = _get_auto_flask_context() or contextlib.nullcontext()
    with context, force_locale(tk.config.get("ckan.locale_default") or DEFAULT):
        yield

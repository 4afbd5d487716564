"""The page's language and the marks of messages translated elsewhere.

`current_lang` is the language a request is served in (Vietnamese outside a
request: CLI, jobs, harvests). `N_` marks a message for extraction into
i18n/ without translating it where it stands: the text is translated when
it is shown (`tk._(message)`), or by CKAN's catalogue merge when the
message is CKAN's or an extension's own."""
from __future__ import annotations

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

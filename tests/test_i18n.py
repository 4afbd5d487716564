"""Every message of the suite has its Vietnamese translation, and the
committed template is what the sources say."""
import pathlib

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

pytestmark = pytest.mark.unit

ROOT = pathlib.Path(__file__).resolve().parents[1]

METHODS = [("**.py", "python"), ("**/templates/**.html", "ckan")]


def source_messages() -> set[str]:
    found = extract_from_dir(str(ROOT / "ckanext"), method_map=METHODS,
                             keywords={"_": None, "N_": None, "gettext": None, "ngettext": (1, 2),
                                       "ungettext": (1, 2)})
    return {message if isinstance(message, str) else message[0]
            for _, _, message, _, _ in found}


def catalogue(path):
    with open(path, "rb") as po:
        return read_po(po)


def _msgid(message) -> str:
    return message.id[0] if isinstance(message.id, tuple) else message.id


def _translated(message) -> bool:
    return any(message.string) if isinstance(message.string, tuple) else bool(message.string)


def test_every_message_has_a_vietnamese_translation():
    vi = catalogue(ROOT / "i18n" / "vi" / "LC_MESSAGES" / "ckanext-thanhhoa.po")
    translated = {_msgid(m) for m in vi if m.id and _translated(m) and "fuzzy" not in m.flags}
    missing = sorted(source_messages() - translated)
    assert missing == []


def test_the_template_lists_the_messages_of_the_sources():
    template = catalogue(ROOT / "i18n" / "ckanext-thanhhoa.pot")
    assert {_msgid(m) for m in template if m.id} == source_messages()


def test_the_catalogues_hold_the_templates_messages():
    """What `make i18n` (extract, update) would change is already committed."""
    template = {_msgid(m) for m in catalogue(ROOT / "i18n" / "ckanext-thanhhoa.pot") if m.id}
    for lang in ("vi", "en"):
        po = catalogue(ROOT / "i18n" / lang / "LC_MESSAGES" / "ckanext-thanhhoa.po")
        assert {_msgid(m) for m in po if m.id} == template, lang

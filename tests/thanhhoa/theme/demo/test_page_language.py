"""The pages citizens see read in Vietnamese: no text on the main pages is
a message (of CKAN, its extensions or the suite) that lacks a Vietnamese
translation, once the suite's catalogue has filled CKAN's gaps."""
import html.parser
import importlib.resources

import re

import pytest
from babel.messages.pofile import read_po

pytestmark = pytest.mark.usefixtures("with_plugins", "demo_portal")

# names written the same in Vietnamese: formats, brands
NAMES = {"CSV", "Facebook", "X", "English"}   # + a language in its own tongue
PAGES = ["/", "/dataset/", "/dataset/?q=tr%C6%B0%E1%BB%9Dng", "/dataset/danh-sach-truong-trung-hoc-pho-thong",
         "/organization/", "/organization/so-giao-duc-va-dao-tao", "/user/login",
         "/dieu-khoan-su-dung", "/thong-bao-phap-ly"]


def _catalogue(path):
    with open(path, "rb") as po:
        return read_po(po)


def messages(root):
    """English message → its Vietnamese translation (CKAN's or the suite's,
    "" when none)."""
    ckan_vi = importlib.resources.files("ckan") / "i18n" / "vi" / "LC_MESSAGES" / "ckan.po"
    sources = [_catalogue(ckan_vi), _catalogue(root / "i18n" / "vi" / "LC_MESSAGES" / "ckanext-thanhhoa.po")]
    for ext in ("harvest", "dcat"):
        pot = importlib.resources.files(f"ckanext.{ext}") / "i18n" / f"ckanext-{ext}.pot"
        sources.append(_catalogue(pot))
    known: dict[str, str] = {}
    for cat in sources:
        for m in cat:
            ids = m.id if isinstance(m.id, tuple) else (m.id,)
            strings = m.string if isinstance(m.string, tuple) else (m.string,)
            for msgid in ids:
                if msgid:
                    known[msgid] = known.get(msgid) or next((s for s in strings if s), "")
    return known


class Texts(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.texts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in ("placeholder", "aria-label", "title", "alt") and value:
                self.texts.append(value.strip())

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.texts.append(" ".join(data.split()))


def test_main_pages_have_no_untranslated_message(app, root):
    known = messages(root)
    untranslated = {}
    for url in PAGES:
        parser = Texts()
        parser.feed(app.get(url).get_data(as_text=True))
        # a message shown as its English text, unless Vietnamese writes it the same
        missing = sorted({t for t in parser.texts
                          if t in known and known[t] != t and t not in NAMES})
        if missing:
            untranslated[url] = missing
    assert untranslated == {}, "\n".join(f"{u}: {m}" for u, m in untranslated.items())


def test_ckans_wrong_vietnamese_is_overridden(app):
    page = app.get("/dataset/").get_data(as_text=True)
    assert "Lọc kết quả" in page and "Kết quả lọc" not in page
    # the wording, whatever number of datasets other tests of the folder added
    found = re.search(r"Tìm thấy (\d+) tập dữ liệu", page)
    assert found and int(found.group(1)) >= 4 and "số bộ dữ liệu tìm thấy" not in page

"""The Atom document and the notification's search filter, as pure functions."""
import xml.etree.ElementTree as ET

import pytest

from ckanext.thanhhoa.follow import feeds, notifications

pytestmark = pytest.mark.unit
ATOM = "{http://www.w3.org/2005/Atom}"


def dataset(n, **extra):
    return dict({"id": f"00000000-0000-0000-0000-00000000000{n}", "title": f"Tập {n}",
                 "url": f"https://example.vn/dataset/tap-{n}", "summary": "", "agency": "Sở Y tế",
                 "created": "2026-11-0{}T08:00:00".format(n), "modified": "2026-11-1{}T08:00:00".format(n),
                 "categories": [("y-te", "Y tế")]}, **extra)


def parse(datasets):
    return ET.fromstring(feeds.atom(datasets, title="Nguồn <tin>", subtitle="Mô tả", feed_id="urn:uuid:1",
                                    self_url="https://example.vn/feeds/x.atom", page_url="https://example.vn/x",
                                    lang="vi", author="Cổng"))


def test_entries_keep_the_order_given_newest_first_with_their_links_and_times():
    feed = parse([dataset(2), dataset(1)])
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["Tập 2", "Tập 1"]
    assert entries[0].find(f"{ATOM}id").text == "urn:uuid:00000000-0000-0000-0000-000000000002"
    assert entries[0].find(f"{ATOM}link").get("href") == "https://example.vn/dataset/tap-2"
    assert entries[0].find(f"{ATOM}updated").text == "2026-11-12T08:00:00+00:00"
    assert entries[0].find(f"{ATOM}category").get("label") == "Y tế"
    assert feed.find(f"{ATOM}updated").text == "2026-11-12T08:00:00+00:00"
    assert feed.find(f"{ATOM}title").text == "Nguồn <tin>"


def test_text_from_outside_is_escaped_and_an_empty_feed_is_valid():
    raw = feeds.atom([dataset(1, title="<script>x</script>", summary="a & b <i>")], title="t", subtitle="s",
                     feed_id="urn:uuid:1", self_url="https://e/x.atom", page_url="https://e/", lang="vi",
                     author="c")
    assert b"<script>" not in raw and b"&lt;script&gt;" in raw
    assert parse([]).findall(f"{ATOM}entry") == []


def test_a_summary_is_cut_at_a_word_without_control_characters():
    text = ("từ " * 600) + "\x00\x1b"
    summary = feeds._plain(text)
    assert len(summary) <= feeds.SUMMARY + 2 and summary.endswith(" …") and "\x00" not in summary
    assert feeds._plain("hai\ndòng\x07") == "hai\ndòng"


def test_followed_values_are_quoted_for_solr():
    assert notifications._quoted(['a"b', "c\\d"]) == '"a\\"b" OR "c\\\\d"'

"""Atom feeds of an agency's and a sector's open data, newest change first.

A feed is read by programs that carry no session, and copied and shared: it
holds open data only, whoever asks (search as an anonymous caller, and
`access_level:mo`). `atom` is pure: datasets in, the document out."""
from __future__ import annotations

import datetime

import ckan.plugins.toolkit as tk

ROWS = 50
SUMMARY = 1000


def _when(value: str | None) -> datetime.datetime:
    moment = datetime.datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.timezone.utc)


def atom(datasets: list[dict], *, title: str, subtitle: str, feed_id: str, self_url: str, page_url: str,
         lang: str, author: str) -> bytes:
    """The Atom document: one entry per dataset ({id, title, url, summary,
    created, modified, agency, categories})."""
    from feedgen.feed import FeedGenerator

    feed = FeedGenerator()
    feed.id(feed_id)
    feed.title(title)
    feed.subtitle(subtitle)
    feed.language(lang)
    feed.author({"name": author})
    feed.link(href=self_url, rel="self", type="application/atom+xml")
    feed.link(href=page_url, rel="alternate", type="text/html")
    feed.updated(max((_when(d["modified"]) for d in datasets),
                     default=datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc)))
    for dataset in reversed(datasets):      # feedgen puts the last added first
        entry = feed.add_entry()
        entry.id(f"urn:uuid:{dataset['id']}")
        entry.title(dataset["title"])
        entry.link(href=dataset["url"], rel="alternate", type="text/html")
        entry.updated(_when(dataset["modified"]))
        entry.published(_when(dataset["created"]))
        if dataset.get("summary"):
            entry.summary(dataset["summary"])
        if dataset.get("agency"):
            entry.author({"name": dataset["agency"]})
        for term, label in dataset.get("categories", []):
            entry.category(term=term, label=label)
    return feed.atom_str(pretty=True)


def _plain(text: str) -> str:
    """A summary: the description without control characters, cut at a word."""
    import unicodedata

    text = "".join(ch for ch in (text or "") if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    return text if len(text) <= SUMMARY else text[:SUMMARY].rsplit(" ", 1)[0] + " …"


def open_datasets(fq: str, lang: str) -> list[dict]:
    """The newest open datasets matching `fq`, as anonymous search gives them."""
    from ckanext.thanhhoa.metadata import vocab

    found = tk.get_action("package_search")({"user": "", "auth_user_obj": None, "ignore_auth": False}, {
        "fq": f"+dataset_type:dataset +access_level:mo +capacity:public {fq}",
        "rows": ROWS, "sort": "metadata_modified desc", "include_private": False})
    sectors = vocab.get("sectors")
    shown = []
    for dataset in found["results"]:
        title = (dataset.get("title_translated") or {}).get(lang) or dataset["title"]
        notes = (dataset.get("notes_translated") or {}).get(lang) or dataset.get("notes") or ""
        shown.append({
            "id": dataset["id"], "title": title, "summary": _plain(notes),
            "url": tk.url_for("dataset.read", id=dataset["name"], _external=True),
            "created": dataset["metadata_created"], "modified": dataset["metadata_modified"],
            "agency": (dataset.get("organization") or {}).get("title", ""),
            "categories": [(code, sectors.label(code, lang) or code) for code in dataset.get("sectors") or []],
        })
    return shown

"""How the portal asks Solr (pure): edismax over the Vietnamese fields of
the configset (solr/configsets/ckan: folded, exact, syllable pairs) and the
English ones, weighted so that exact diacritics and whole titles rank
first; phrase boosts are in the configset's /select defaults. A caller's
own qf or defType is kept."""
from __future__ import annotations

QUERY_FIELDS = " ".join((
    "title^5", "title_exact^7", "title_bigram^4",
    "text^1", "text_exact^2", "text_bigram^2",
    "extras_admin_unit_names^3", "extras_sector_names^2", "extras_sector_names_en^1",
    "extras_title_translated_en^4", "extras_notes_translated_en^1",
    "name^2",
))


def search_params(params: dict) -> dict:
    """package_search's parameters with the portal's query parser."""
    q = params.get("q")
    if not q or q in ("*:*", '""', "''") or "defType" in params:
        return params
    params["defType"] = "edismax"
    params.setdefault("qf", QUERY_FIELDS)
    return params

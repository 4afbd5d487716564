"""How the portal asks Solr (pure): edismax over the Vietnamese fields of
the configset (solr/configsets/ckan: folded, exact, syllable pairs, related
terms) and the English ones, weighted so that exact diacritics and whole
phrases rank first. A caller's own qf or defType is kept.

CKAN's package_search refuses most edismax parameters (pf, pf2, ps, q.op)
and sends q.op=AND, under which edismax requires every word and ignores
mm. The phrase boosts (pf, ps) are the configset's /select defaults;
q.op and mm travel as local parameters at the head of q,
`{!edismax q.op=OR mm=…}words`, read by Solr's standard
parser (defType=lucene); CKAN lets through local parameters only of the
parsers in `ckan.search.solr_allowed_query_parsers` (the plugin adds
edismax there). A caller's own local parameters are escaped in q (they
search as text) and refused in fq. A search that finds less than a page is
asked again wider (widening.py), which sets the minimum match and a boost."""
from __future__ import annotations

import re
import unicodedata

from ckanext.thanhhoa.metadata import text
from ckanext.thanhhoa.search import widening
from ckanext.thanhhoa.search.synonyms import SYLLABLE

# folded fields (diacritics, tone placement and case do not count); the
# names of the sectors and places are in text: as fields of their own they,
# and the texts' syllable pairs, changed no judged result and cost Solr time
FOLDED = ("title^5", "title_bigram^4", "text^1")
# the words as typed, with their diacritics
EXACT = ("title_exact^7", "text_exact^2")
ENGLISH = ("extras_title_translated_en^4", "extras_notes_translated_en^1")
# related terms ("thủy sản" → "tàu cá"): found, ranked after the words typed
RELATED = ("text_related^0.3", "text_related_exact^0.3")
# a query typed with diacritics means them: matches that ignore them weigh less
FOLDED_WHEN_MARKED = 0.3
# up to 3 words all, up to 6 all but one, then 70 %
MIN_MATCH = "3<-1 6<70%"
# English: a word the glossary does not know ("warning" in "flood warning")
# must not veto what the others find in Vietnamese
MIN_MATCH_ENGLISH = "1<-1 6<70%"

# words a query to a data portal carries without meaning them as a
# condition ("số liệu dân số", "poverty rate by commune"): left out when
# something else is asked; a Vietnamese single syllable only as written
# ("tại" goes, "tai nạn" stays; "cho" goes, "chó" stays). Not "dữ liệu" nor
# "thông tin": they make terms ("dữ liệu mở", "công nghệ thông tin").
NOISE_VI = ("bộ dữ liệu", "số liệu", "danh sách", "trên địa bàn", "tỉnh thanh hóa",
            "các", "những", "của", "về", "tại", "ở", "cho", "và", "theo")
NOISE_EN = ("a", "an", "the", "of", "in", "on", "at", "by", "for", "to", "and", "or", "with",
            "from", "per", "about", "data", "dataset", "datasets", "list", "information")

_LOCAL_PARAMS = re.compile(r"(?<!\\)((?:\\\\)*)\{!")


def search_params(params: dict) -> dict:
    """package_search's parameters with the portal's query parser."""
    q = params.get("q")
    if isinstance(q, str):
        # a caller's own local parameters are text, whoever parses q: with
        # edismax allowed, "{!edismax bq='\\{!join …}'}" would nest any parser
        q = params["q"] = _LOCAL_PARAMS.sub(r"\1\\{!", q)
    if not q or q in ("*:*", '""', "''") or "defType" in params:
        return params
    params["defType"] = "lucene"      # reads the edismax local parameters below
    q = significant(q)
    params.setdefault("qf", query_fields(q))
    stage = widening.current()
    mm = stage.mm or (MIN_MATCH_ENGLISH if is_english(q) else MIN_MATCH)
    boost = stage.boost()
    if boost:
        params["boost"] = boost
    params["q"] = f"{{!edismax q.op=OR mm='{mm}'}}{q}"
    return params


def significant(q: str) -> str:
    """The query without NOISE_VI / NOISE_EN words, unless nothing else is
    asked or the query has syntax of its own (quotes, fields, operators)."""
    if re.search(r'["():+\-*?~^\[\]{}\\]|\b(AND|OR|NOT)\b', q):
        return q
    words = unicodedata.normalize("NFC", q).split()
    folded = [text.strip_diacritics(word.lower()) for word in words]
    noise = NOISE_EN if is_english(q) else NOISE_VI
    keep = [True] * len(words)
    for phrase in sorted(noise, key=len, reverse=True):
        parts = phrase.split()
        single = len(parts) == 1                  # a syllable: as written
        for at in range(len(words) - len(parts) + 1):
            span = [w.lower() for w in words[at:at + len(parts)]] if single else folded[at:at + len(parts)]
            wanted = parts if single else [text.strip_diacritics(part) for part in parts]
            if span == wanted and all(keep[at:at + len(parts)]):
                keep[at:at + len(parts)] = [False] * len(parts)
    rest = [word for word, kept in zip(words, keep) if kept]
    return " ".join(rest) if rest else q


def query_fields(q: str) -> str:
    weight = FOLDED_WHEN_MARKED if has_diacritics(q) else 1
    return " ".join([_scaled(field, weight) for field in FOLDED] + list(EXACT + ENGLISH + RELATED))


def has_diacritics(q: str) -> bool:
    decomposed = unicodedata.normalize("NFD", q)
    return "đ" in q.lower() or any(unicodedata.combining(c) for c in decomposed)


def is_english(q: str) -> bool:
    """Words without diacritics, one at least not a Vietnamese syllable
    ("flood warning"; not "thuy loi")."""
    words = re.findall(r"\w+", q.lower())
    return bool(words) and all(word.isascii() for word in words) and \
        any(not SYLLABLE.match(word) for word in words if not word.isdigit())


def whole_datasets(params: dict) -> bool:
    """Whether a search returns whole datasets (CKAN's default field list),
    not the fields a caller named in `fl`."""
    fields = re.split(r"[\s,]+", str(params.get("fl") or ""))
    return "data_dict" in fields or "validated_data_dict" in fields


def refused_filter(params: dict) -> str | None:
    """The filter parameter that carries a caller's edismax local parameters
    (the portal's own use of edismax must not open it to callers)."""
    fqs = [params.get("fq")] + list(params.get("fq_list") or [])
    for fq in fqs:
        if isinstance(fq, str) and re.search(r"\{!\s*(type\s*=\s*)?edismax", fq, re.I):
            return fq
    return None


def allowed_parsers(value) -> list[str]:
    """`ckan.search.solr_allowed_query_parsers` with edismax."""
    parsers = value.split() if isinstance(value, str) else list(value or [])
    return parsers + (["edismax"] if "edismax" not in parsers else [])


def _scaled(field: str, weight: float) -> str:
    name, boost = field.split("^")
    return f"{name}^{float(boost) * weight:g}"

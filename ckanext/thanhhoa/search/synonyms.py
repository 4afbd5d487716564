"""The Solr synonyms of the folded Vietnamese fields, made from data with
its sources:

- search-synonyms.txt (every folded field): the abbreviations agencies and
  citizens use (abbreviations.json: "THPT" finds "trung học phổ thông" and
  the other way round) and an English-Vietnamese glossary
  (glossary_en_vi.json, one way: "rice" also finds "lúa", a Vietnamese
  query is not widened to English);
- search-related.txt and search-related-exact.txt (only the low-weight
  fields text_related and text_related_exact): related terms
  (related_terms.json, one way: "thủy sản" also finds "tàu cá", ranked
  after what matches the words typed), folded for terms of two syllables
  or more, abbreviations and English words, with diacritics for every term
  (folded, "lúa" and "lửa" would share their related terms);
- vi-compounds.txt (the exact fields, index and query): compound words
  whose syllable is also a word people search (compounds.json: "hồ sơ" is
  one token, so "hồ", lake, does not find every dossier).

Pure; the files in the configset are made by

    python -m ckanext.thanhhoa.search.synonyms solr/configsets/ckan/conf

and a unit test checks that they are up to date.

Entries are folded as the query chain folds (no diacritics, đ → d, lower
case, i for a syllable's only vowel y; "&" and "-" as spaces, as the
tokenizer splits them): Solr reads a synonym file with a whitespace
tokenizer and lower case only, so a rule matches only if it is written as
the chain's tokens. An abbreviation
whose folded form is also a Vietnamese syllable is left out: "VAT" would
turn every "vật" (thing) into value-added tax; so is an English glossary
word that could be a Vietnamese syllable written without diacritics."""
from __future__ import annotations

import json
import pathlib
import re
import unicodedata

from ckanext.thanhhoa.metadata import text

DATA = pathlib.Path(__file__).with_name("abbreviations.json")
GLOSSARY = pathlib.Path(__file__).with_name("glossary_en_vi.json")
RELATED = pathlib.Path(__file__).with_name("related_terms.json")
COMPOUNDS = pathlib.Path(__file__).with_name("compounds.json")
SYLLABLES = {"vat"}     # folded abbreviations that are also Vietnamese syllables
# a Vietnamese syllable without its diacritics (initial, rhyme, final)
SYLLABLE = re.compile(
    r"^(b|c|ch|d|g|gh|gi|h|k|kh|l|m|n|ng|ngh|nh|p|ph|qu|r|s|t|th|tr|v|x)?"
    r"(a|e|i|o|u|y|ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oai|oay|oe|oi|ua|uay|ue|ui|uo|uoi|uou|uy"
    r"|uya|uye|uyu|ye|yeu|ieu|uu)(c|ch|m|n|ng|nh|p|t)?$")
_SEPARATORS = re.compile(r"[\s&\-/,.;:()]+")
# the configset's PatternReplaceFilter: sĩ/sỹ, lí/lý are one token
_ONLY_VOWEL_Y = re.compile(r"^([bcdghklmnprstvx]|ch|gh|kh|nh|ph|th|tr|qu)y$")


def fold(value: str) -> str:
    words = _SEPARATORS.sub(" ", text.strip_diacritics(text.nfc(value)).lower()).split()
    return " ".join(_ONLY_VOWEL_Y.sub(r"\1i", word) for word in words)


def lines(entries: list[dict]) -> list[str]:
    """One line of equivalent forms per abbreviation."""
    out = []
    for entry in entries:
        abbreviation = fold(entry["abbr"])
        if not abbreviation or abbreviation in SYLLABLES:
            continue
        forms = [abbreviation, fold(entry["abbr"].replace("&", "").replace("-", ""))]
        forms += [fold(form) for form in entry["forms"]]
        forms = [form for form in dict.fromkeys(forms) if form]
        if len(forms) > 1:
            out.append(", ".join(forms))
    return out


def glossary_lines(entries: list[dict]) -> list[str]:
    """One way, English (singular and plural) to English and Vietnamese."""
    out = []
    for entry in entries:
        english = fold(entry["en"])
        if not english or any(SYLLABLE.match(word) for word in english.split()):
            continue
        plural = _plural(english)
        forms = [english] + [fold(form) for form in entry["vi"]]
        out.append(f"{english}, {plural} => " + ", ".join(f for f in dict.fromkeys(forms) if f))
    return out


def exact(value: str) -> str:
    """A term as the configset's exact chain writes it: NFC, lower case,
    the new tone placement (vi-tone-placement.txt), punctuation as spaces."""
    value = text.nfc(value).lower()
    for old, new in TONE_PLACEMENT:
        value = value.replace(old, new)
    return " ".join(_SEPARATORS.sub(" ", value).split())


def _tone_placement() -> list[tuple[str, str]]:
    """oà → òa, khoẻ → khỏe, uỷ → ủy: the tone from the second vowel to the first."""
    tones = "\u0300\u0301\u0309\u0303\u0323"
    return [(unicodedata.normalize("NFC", first + second + tone),
             unicodedata.normalize("NFC", first + tone + second))
            for first, second in ("oa", "oe", "uy") for tone in tones]


TONE_PLACEMENT = _tone_placement()


def related_lines(related: dict, data: dict, glossary: dict) -> list[str]:
    """One way, folded, for text_related: a term of two syllables or more to
    itself and its related terms (a single folded syllable is ambiguous:
    "lua" is rice and fire; those rules are in the exact file); an
    abbreviation or an English word to the related terms of what it
    stands for."""
    of = _related_of(related)
    out = []
    for entry in related["entries"]:
        for term in entry["terms"]:
            if len(fold(term).split()) > 1:
                out.append(_rule(fold(term), [fold(r) for r in of[exact(term)]]))
    for entry in data["entries"]:
        abbreviation = fold(entry["abbr"])
        wider = [fold(r) for form in entry["forms"] for r in of.get(exact(form), [])]
        if wider and abbreviation not in SYLLABLES:
            out.append(_rule(abbreviation, wider))
    for entry in glossary["entries"]:
        english = fold(entry["en"])
        wider = [fold(r) for form in entry["vi"] for r in of.get(exact(form), [])]
        if wider and not any(SYLLABLE.match(word) for word in english.split()):
            out += [_rule(english, wider), _rule(_plural(english), [english] + wider)]
    return out


def related_exact_lines(related: dict) -> list[str]:
    """One way, with diacritics, for text_related_exact: every term."""
    of = _related_of(related)
    return [_rule(exact(term), of[exact(term)])
            for entry in related["entries"] for term in entry["terms"]]


def compound_lines(compounds: dict) -> list[str]:
    """Each compound word one token of the exact fields ("hồ sơ" → hồ_sơ),
    so that "hồ" (lake) does not find every dossier."""
    words = dict.fromkeys(exact(word) for entry in compounds["entries"] for word in entry["words"])
    return [f"{word} => {word.replace(' ', '_')}" for word in words]


def _related_of(related: dict) -> dict[str, list[str]]:
    of: dict[str, list[str]] = {}
    for entry in related["entries"]:
        for term in entry["terms"]:
            of.setdefault(exact(term), []).extend(exact(r) for r in entry["related"])
    return of


def _plural(english: str) -> str:
    return english[:-1] + "ies" if english.endswith("y") else english + "s"


def _rule(term: str, forms: list[str]) -> str:
    return f"{term} => " + ", ".join(f for f in dict.fromkeys([term] + forms) if f)


def _header(names: str, source: str) -> list[str]:
    return ([f"# Generated by ckanext/thanhhoa/search/synonyms.py from {names}:",
             "# do not edit here. Source:"]
            + ["#   " + line for line in _wrap(source, 76)] + [""])


def build(data: dict, glossary: dict) -> str:
    header = ["# Generated by ckanext/thanhhoa/search/synonyms.py from abbreviations.json",
              "# and glossary_en_vi.json: do not edit here. Sources:"]
    header += ["#   " + line for line in _wrap(data["source"], 76)]
    header += ["#   " + line for line in _wrap(glossary["source"], 76)]
    return "\n".join(header + [""] + lines(data["entries"]) + [""]
                     + glossary_lines(glossary["entries"])) + "\n"


def _wrap(value: str, width: int) -> list[str]:
    words, out, line = value.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return out + ([line] if line else [])


def files() -> dict[str, str]:
    """The configset's synonym files by name, made from the data."""
    def read(path: pathlib.Path) -> dict:
        return json.loads(path.read_text(encoding="utf-8"))

    data, glossary, related, compounds = read(DATA), read(GLOSSARY), read(RELATED), read(COMPOUNDS)
    names = "related_terms.json, abbreviations.json and glossary_en_vi.json"
    return {"search-synonyms.txt": build(data, glossary),
            "search-related.txt": "\n".join(
                _header(names, related["source"]) + related_lines(related, data, glossary)) + "\n",
            "search-related-exact.txt": "\n".join(
                _header("related_terms.json", related["source"]) + related_exact_lines(related)) + "\n",
            "vi-compounds.txt": "\n".join(
                _header("compounds.json", compounds["source"]) + compound_lines(compounds)) + "\n"}


def main(conf: str) -> None:
    for name, content in files().items():
        (pathlib.Path(conf) / name).write_text(content, encoding="utf-8")


if __name__ == "__main__":
    import sys

    main(sys.argv[1])

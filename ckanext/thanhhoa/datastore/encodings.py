"""Vietnamese legacy encodings to NFC Unicode: pure functions, no CKAN.

What agencies' files hold, and how each is read:

- Windows-1258: Python's ``cp1258`` codec; tones come as combining marks,
  so every decoded line is NFC-normalised.
- VISCII (RFC 1456) and TCVN3 (VN3 of TCVN 5712:1993, the ``.VnTime`` fonts):
  one byte per letter; decoded with ``codecs.charmap_decode`` over the tables
  in ``charsets/*.json`` (each names the published table it was written from).
  VN1 (glibc's TCVN5712-1) puts capitals with tones and five combining marks
  where VN3 has nothing: the table's ``vn1`` part reads them, so that a
  file written in VN1 reads back.
- VNI (the ``VNI-Times`` fonts): a letter is a base letter and one or two
  mark characters, read here by composition (``vni_to_unicode``), not by a
  table of whole letters, so that the tests' fixtures, written with a
  published table of whole letters, check it independently.

No byte-level detector tells these apart reliably (chardet 5.2 reads cp1258
as ISO-8859-9 and TCVN3 as ISO-8859-1): ``detect`` decodes a sample with
each candidate and keeps the one whose words are Vietnamese syllables.
Inside an XLSX file the text is Unicode already, and a cell typed in a legacy
font holds Latin-1 look-alikes ("thµnh phè"): the cell's font names the
encoding (``font_encoding``), and ``repair_cell`` converts it.
"""
from __future__ import annotations

import codecs
import functools
import importlib.resources
import json
import re
import unicodedata

# combining marks
ACUTE, GRAVE, HOOK, TILDE, DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
CIRCUMFLEX, BREVE, HORN = "\u0302", "\u0306", "\u031b"
TONES = frozenset((ACUTE, GRAVE, HOOK, TILDE, DOT))

# ---------------------------------------------------------------------------
# Vietnamese syllables: the judge of a decoding

_ONSET = "(?:ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdđghklmnprstvx])?"
# rimes without tone: the vowel groups of Vietnamese spelling (longest
# first), then a final consonant
_VOWELS = sorted("""a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi
    ua uâ uê ui uô uơ uy ưa ưi ươ ưu yê iêu oai oay oeo uây uôi ươi ươu uya uyê yêu uyu""".split(),
                 key=len, reverse=True)
_RIME = "(?:" + "|".join(_VOWELS) + ")(?:ch|ng|nh|[cmnpt])?"
_SYLLABLE = re.compile(_ONSET + _RIME)
_WORD = re.compile(r"[^\W\d_]+")


def _strip_tone(word: str) -> tuple[str, int]:
    decomposed = unicodedata.normalize("NFD", word)
    tones = sum(1 for c in decomposed if c in TONES)
    bare = "".join(c for c in decomposed if c not in TONES)
    return unicodedata.normalize("NFC", bare), tones


@functools.lru_cache(maxsize=65536)
def is_vietnamese_word(word: str) -> bool:
    """Whether a word (one syllable, any case) is spelled as Vietnamese:
    an onset, a rime of Vietnamese vowels and a final, at most one tone."""
    bare, tones = _strip_tone(word.lower())
    return tones <= 1 and _SYLLABLE.fullmatch(bare) is not None


def vietnamese_score(text: str) -> int:
    """Words with a Vietnamese letter beyond ASCII that are Vietnamese
    syllables, less those that are not: positive for Vietnamese text,
    negative for mojibake, 0 for ASCII."""
    score = 0
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        score += 1 if is_vietnamese_word(word) else -1
    return score


# ---------------------------------------------------------------------------
# Single-byte tables: VISCII and TCVN3


@functools.lru_cache(maxsize=None)
def charset_table(name: str) -> dict:
    """The published table ``charsets/<name>.json``: {"source": …, "map": {"A1": "ă", …}}."""
    path = importlib.resources.files("ckanext.thanhhoa.datastore") / "charsets" / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=None)
def _decoding_table(name: str) -> str:
    """256 characters for ``codecs.charmap_decode``: Latin-1 where the
    table is silent (ASCII and the bytes the encoding leaves alone)."""
    chars = [chr(i) for i in range(256)]
    table = charset_table(name)
    for byte, char in {**table.get("vn1", {}), **table["map"]}.items():
        chars[int(byte, 16)] = unicodedata.normalize("NFC", char)
    return "".join(chars)


def _charmap_codec(name: str) -> codecs.CodecInfo:
    table = _decoding_table(name)
    encoding_table = codecs.charmap_build(table)

    def decode(data, errors="strict"):
        return codecs.charmap_decode(data, errors, table)

    def encode(text, errors="strict"):
        return codecs.charmap_encode(text, errors, encoding_table)

    class IncrementalDecoder(codecs.IncrementalDecoder):
        def decode(self, data, final=False):
            return codecs.charmap_decode(data, self.errors, table)[0]

    class IncrementalEncoder(codecs.IncrementalEncoder):
        def encode(self, text, final=False):
            return codecs.charmap_encode(text, self.errors, encoding_table)[0]

    class StreamReader(codecs.StreamReader):
        def decode(self, data, errors="strict"):
            return codecs.charmap_decode(data, errors, table)

    return codecs.CodecInfo(
        name=f"thanhhoa-{name}", encode=encode, decode=decode,
        incrementaldecoder=IncrementalDecoder, incrementalencoder=IncrementalEncoder,
        streamreader=StreamReader)


def _search(name: str):
    if name in ("thanhhoa_viscii", "thanhhoa_tcvn3"):
        return _charmap_codec(name.split("_", 1)[1])
    return None


codecs.register(_search)

# Python codec names of the encodings detect() returns
CODECS = {
    "utf-8": "utf-8-sig",
    "utf-16": "utf-16",
    "windows-1258": "cp1258",
    "viscii": "thanhhoa_viscii",
    "tcvn3": "thanhhoa_tcvn3",
    "vni": "cp1252",  # then vni_to_unicode
}


# ---------------------------------------------------------------------------
# VNI: base letter + mark characters (as Windows-1252 reads them)

_VNI_BASES = {"ô": "ơ", "ö": "ư", "Ô": "Ơ", "Ö": "Ư"}
_VNI_MARKS = {
    "ù": ACUTE, "ø": GRAVE, "û": HOOK, "õ": TILDE, "ï": DOT,
    "â": CIRCUMFLEX, "á": CIRCUMFLEX + ACUTE, "à": CIRCUMFLEX + GRAVE,
    "å": CIRCUMFLEX + HOOK, "ã": CIRCUMFLEX + TILDE, "ä": CIRCUMFLEX + DOT,
    "ê": BREVE, "é": BREVE + ACUTE, "è": BREVE + GRAVE,
    "ú": BREVE + HOOK, "ü": BREVE + TILDE, "ë": BREVE + DOT,
}
_VNI_MARKS.update({k.upper(): v for k, v in list(_VNI_MARKS.items())})
# letters VNI writes as one character of their own
_VNI_LETTERS = {
    "ñ": "đ", "Ñ": "Đ",
    "æ": "i" + HOOK, "Æ": "I" + HOOK, "ó": "i" + TILDE, "Ó": "I" + TILDE,
    "ò": "i" + DOT, "Ò": "I" + DOT,
}
_VNI_SEQUENCE = re.compile(
    "([aeiouyAEIOUYôöÔÖ])([" + "".join(_VNI_MARKS) + "]?)|([" + "".join(_VNI_LETTERS) + "])")


def _vni_letter(match: re.Match) -> str:
    base, mark, letter = match.groups()
    if letter:
        return _VNI_LETTERS[letter]
    return _VNI_BASES.get(base, base) + _VNI_MARKS.get(mark, "")


def vni_to_unicode(text: str) -> str:
    """Text typed in a VNI font (as Windows-1252 characters) to NFC Unicode:
    "Tröôøng THPT Haøm Roàng" → "Trường THPT Hàm Rồng"."""
    return unicodedata.normalize("NFC", _VNI_SEQUENCE.sub(_vni_letter, text))


def _latin1_bytes(text: str) -> bytes | None:
    """The bytes behind a cell's look-alike characters: Windows-1252 first
    (Excel stores 0x80–0x9F as the characters of Windows-1252), else
    Latin-1; None if the text holds anything else."""
    try:
        return text.encode("cp1252")
    except UnicodeEncodeError:
        try:
            return text.encode("latin-1")
        except UnicodeEncodeError:
            return None


def tcvn3_to_unicode(text: str, capitals: bool = False) -> str | None:
    """Text typed in a TCVN3 font (.VnTime: "thµnh phè") to NFC Unicode; in
    the capital fonts (.VnTimeH) the lowercase codes draw capitals, so
    ``capitals`` upper-cases the result. None if the text cannot be TCVN3."""
    data = _latin1_bytes(text)
    if data is None:
        return None
    decoded = unicodedata.normalize("NFC", data.decode("thanhhoa_tcvn3"))
    return decoded.upper() if capitals else decoded


def viscii_to_unicode(text: str) -> str | None:
    data = _latin1_bytes(text)
    if data is None:
        return None
    return unicodedata.normalize("NFC", data.decode("thanhhoa_viscii"))


# ---------------------------------------------------------------------------
# Which encoding a file is in


def decode(data: bytes, encoding: str) -> str:
    """Bytes in one of the encodings of CODECS to NFC text."""
    text = data.decode(CODECS[encoding], errors="replace")
    if encoding == "vni":
        return vni_to_unicode(text)
    return unicodedata.normalize("NFC", text)


def detect(sample: bytes) -> tuple[str, int]:
    """(encoding, score) of a file's first bytes: UTF-8 when they decode as
    UTF-8 (an ASCII file is UTF-8), else the legacy encoding whose decoding
    has the most Vietnamese words. ``sample`` may end inside a character."""
    try:
        text = sample.decode("utf-8")
        return "utf-8", vietnamese_score(text)
    except UnicodeDecodeError as error:
        # a sample cut inside a multi-byte character is still UTF-8
        if error.start >= len(sample) - 3 and error.reason == "unexpected end of data":
            return "utf-8", vietnamese_score(sample[:error.start].decode("utf-8"))
    scores = {name: vietnamese_score(decode(sample, name))
              for name in ("windows-1258", "viscii", "tcvn3", "vni")}
    best = max(scores, key=lambda name: scores[name])
    return best, scores[best]


# ---------------------------------------------------------------------------
# Cells: XLSX fonts, and legacy text saved as Unicode

def font_encoding(font_name: str | None) -> tuple[str, bool] | None:
    """(encoding, capitals) for a legacy Vietnamese font name, or None:
    ".VnTime", ".VnArial", ".VnTimeH" (capitals) → TCVN3; "VNI-Times",
    "VNI-Helve" → VNI; "VISCII …" fonts → VISCII."""
    if not font_name:
        return None
    name = font_name.strip()
    if name.startswith(".Vn") or name.startswith("Vn") and name[2:3].isupper():
        return "tcvn3", name.endswith("H")
    if name.upper().startswith("VNI"):
        return "vni", False
    if name.upper().startswith("VISCII") or name.upper().startswith("VI "):
        return "viscii", False
    return None


def convert_cell(text: str, encoding: str, capitals: bool = False) -> str | None:
    """A cell's text typed in a legacy font to NFC Unicode (None if it
    cannot be in that encoding)."""
    if encoding == "tcvn3":
        return tcvn3_to_unicode(text, capitals)
    if encoding == "vni":
        return vni_to_unicode(text)
    if encoding == "viscii":
        return viscii_to_unicode(text)
    return None


def _all_vietnamese(text: str) -> bool:
    words = [w for w in _WORD.findall(text) if not w.isascii()]
    return bool(words) and all(is_vietnamese_word(w) for w in words)


def repair_cell(text: str, font_name: str | None = None) -> str:
    """A cell's NFC text: converted from the legacy encoding its font names;
    without such a font, converted only when a legacy reading turns
    non-Vietnamese words into Vietnamese ones ("thµnh phè" → "thành phố",
    but "Café" stays). Text that is Unicode Vietnamese already stays, even
    in a legacy font (a file converted to Unicode whose font was left):
    what holds a letter beyond Windows-1252, or only Vietnamese words."""
    font = font_encoding(font_name)
    if text.isascii():
        # only the capital fonts change ASCII: their lowercase codes draw capitals
        return text.upper() if font is not None and font[1] else text
    text = unicodedata.normalize("NFC", text)
    if _latin1_bytes(text) is None or _all_vietnamese(text):
        return text
    if font is not None:
        converted = convert_cell(text, *font)
        if converted is not None:
            return converted
    best, best_score = text, vietnamese_score(text)
    for encoding in ("tcvn3", "vni", "viscii"):
        converted = convert_cell(text, encoding)
        if converted is not None:
            score = vietnamese_score(converted)
            if score > best_score:
                best, best_score = converted, score
    return best

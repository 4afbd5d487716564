"""Legacy Vietnamese encodings: the file's encoding found from its bytes,
every cell of a spreadsheet typed in a legacy font converted by its font,
and text that is no legacy encoding left alone."""
import json
import pathlib
import subprocess
import unicodedata

import pytest

from ckanext.thanhhoa.datastore import encodings

pytestmark = pytest.mark.unit
DATA = pathlib.Path(__file__).parents[2] / "data" / "datastore"
TEXT = ("Trường THPT Hàm Rồng, phường Đông Thọ, thành phố Thanh Hóa; ủy ban nhân dân tỉnh; "
        "Sở Tài nguyên và Môi trường; khuỷu tay, nghiêng, quyết định, người, giường, tuyển, chuyện")


def iconv(text, encoding):
    return subprocess.run(["iconv", "-f", "UTF-8", "-t", encoding], input=text.encode(),
                          capture_output=True, check=True).stdout


def vni(text):
    table = json.loads((DATA / "vni-table.json").read_text(encoding="utf-8"))["map"]
    return "".join(table.get(c, c) for c in text)


@pytest.mark.parametrize("iconv_name, encoding", [
    ("CP1258", "windows-1258"), ("VISCII", "viscii"), ("TCVN5712-1", "tcvn3")])
def test_a_legacy_file_is_found_and_decoded_to_nfc(iconv_name, encoding):
    data = iconv(TEXT, iconv_name)
    assert encodings.detect(data)[0] == encoding
    decoded = encodings.decode(data, encoding)
    assert decoded == TEXT and unicodedata.is_normalized("NFC", decoded)


def test_a_vni_file_is_found_and_decoded():
    data = vni(TEXT).encode("cp1252")
    assert encodings.detect(data)[0] == "vni"
    assert encodings.decode(data, "vni") == TEXT


def test_every_letter_of_the_published_vni_table_composes_back():
    table = json.loads((DATA / "vni-table.json").read_text(encoding="utf-8"))["map"]
    assert len(table) == 134
    wrong = {letter: typed for letter, typed in table.items() if encodings.vni_to_unicode(typed) != letter}
    assert not wrong


@pytest.mark.parametrize("name, iconv_name", [("viscii", "VISCII"), ("tcvn3", "TCVN5712-1")])
def test_the_shipped_tables_agree_with_glibc_where_they_define_a_byte(name, iconv_name):
    """The tables were written from the published ones (RFC 1456; TCVN 5712
    VN3), not from iconv: iconv is the independent check."""
    table = encodings.charset_table(name)["map"]
    for byte, char in table.items():
        done = subprocess.run(["iconv", "-f", iconv_name, "-t", "UTF-8"], input=bytes([int(byte, 16)]),
                              capture_output=True)
        assert unicodedata.normalize("NFC", done.stdout.decode()) == char, byte


def test_utf8_and_ascii_are_utf8():
    assert encodings.detect(TEXT.encode())[0] == "utf-8"
    assert encodings.detect(b"ma,ten\n1,abc\n")[0] == "utf-8"
    # a sample cut inside a character is still UTF-8
    assert encodings.detect("Thanh Hóa".encode()[:-1])[0] == "utf-8"


@pytest.mark.parametrize("font, typed, expected", [
    (".VnTime", "thµnh phè Thanh Hãa", "thành phố Thanh Hóa"),
    (".VnTimeH", "ubnd tØnh thanh hãa", "UBND TỈNH THANH HÓA"),
    (".VnArialH", "b¸o c¸o", "BÁO CÁO"),
    ("VNI-Times", "Tröôøng THPT Haøm Roàng", "Trường THPT Hàm Rồng"),
    ("VNI-Helve", "ÑÖÔØNG QUOÁC LOÄ 1A", "ĐƯỜNG QUỐC LỘ 1A"),
    ("Times New Roman", "Trường THPT Hàm Rồng", "Trường THPT Hàm Rồng"),
    (None, "Café crème", "Café crème"),
    (None, "São Paulo", "São Paulo"),
    # Unicode text left in a legacy font (a file converted, its font kept) stays
    ("VNI-Times", "Nguyễn Thị Hoàng Oanh", "Nguyễn Thị Hoàng Oanh"),
    ("VNI-Times", "Thanh Hoá", "Thanh Hoá"),
    (".VnTime", "Tân Hòa", "Tân Hòa"),
    (".VnTimeH", "ubnd tinh", "UBND TINH"),
])
def test_a_cell_is_converted_by_its_font(font, typed, expected):
    assert encodings.repair_cell(typed, font) == expected


def test_legacy_text_saved_as_unicode_is_repaired_without_its_font():
    assert encodings.repair_cell("thµnh phè Thanh Hãa") == "thành phố Thanh Hóa"
    assert encodings.repair_cell("Tröôøng THPT Haøm Roàng") == "Trường THPT Hàm Rồng"
    # Vietnamese already: nothing to do, even with a word that is not
    assert encodings.repair_cell("Trường THPT Hàm Rồng – Café") == "Trường THPT Hàm Rồng – Café"


@pytest.mark.parametrize("word, vietnamese", [
    ("Trường", True), ("nghiêng", True), ("khuỷu", True), ("quyết", True), ("giường", True),
    ("TrýõÌng", False), ("thµnh", False), ("Tröôøng", False), ("Café", False), ("ñoäi", False), ("phè", True),
])
def test_vietnamese_syllables(word, vietnamese):
    assert encodings.is_vietnamese_word(word) is vietnamese

"""Server-side SVG charts: valid XML, escaped and NFC text, Vietnamese
numbers, the "Khác" bucket, empty data, the nice maximum of the y axis,
accessible names, bar lengths in proportion, and nothing external."""
import unicodedata
import xml.etree.ElementTree as ET

import pytest
from markupsafe import Markup

from ckanext.thanhhoa.statistics import charts

pytestmark = pytest.mark.unit
NS = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert(1)</script> & "x"'


def parse(svg):
    assert isinstance(svg, Markup)
    return ET.fromstring(str(svg))


def bars(root):
    """(title, drawn label, rect width, drawn value) of each bar."""
    return [(g.find(NS + "title").text, g.findall(NS + "text")[0].text,
             float(g.find(NS + "rect").get("width")), g.findall(NS + "text")[1].text)
            for g in root.iter(NS + "g")]


def y_labels(root):
    return [t.text for t in root.iter(NS + "text") if t.get("text-anchor") == "end"]


def x_labels(root):
    return [t.text for t in root.iter(NS + "text") if t.get("text-anchor") == "middle"]


SAMPLES = [
    charts.bar_chart([("Sở Y tế", 12345), ("Sở Tài chính", 2.5)], "Bộ dữ liệu"),
    charts.bar_chart([(f"Đơn vị {i}", i) for i in range(30)], "Nhiều", chart_id="c2"),
    charts.bar_chart([], "Trống"),
    charts.bar_chart([(HOSTILE, 3)], HOSTILE, HOSTILE, chart_id="c3"),
    charts.line_chart([(f"2026-{m:02}", m * 7) for m in range(1, 13)], "Tăng trưởng"),
    charts.line_chart([("2026-01", 5)], "Một điểm"),
    charts.line_chart([("2026-01", 0), ("2026-02", 0)], "Số 0"),
    charts.line_chart([], "Trống"),
]


@pytest.mark.parametrize("value, written", [
    (0, "0"), (999, "999"), (12345, "12.345"), (1234567, "1.234.567"),
    (2.5, "2,5"), (1234.56, "1.234,56"), (3.0, "3"), (0.125, "0,12"),
])
def test_numbers_are_written_the_vietnamese_way(value, written):
    assert charts.format_number(value) == written


@pytest.mark.parametrize("value, top", [
    (0, 1), (-4, 1), (1, 1), (7, 10), (10, 10), (11, 20), (23, 50),
    (100, 100), (101, 200), (450, 500), (0.3, 0.5),
])
def test_the_y_axis_ends_at_1_2_or_5_times_a_power_of_ten(value, top):
    assert charts.nice_max(value) == top


@pytest.mark.parametrize("svg", SAMPLES)
def test_every_chart_is_valid_xml_with_its_accessible_name(svg):
    root = parse(svg)
    name = root.get("aria-labelledby").split()
    assert root.tag == NS + "svg" and root.get("role") == "img"
    assert root.get("width") == "100%" and root.get("height") is None
    assert root.get("viewBox").startswith("0 0 ") and root.get("preserveAspectRatio")
    assert root.find(NS + "title").get("id") == name[0] and name[0].endswith("-title")
    assert root.find(NS + "desc").get("id") == name[1] and name[1].endswith("-desc")


@pytest.mark.parametrize("svg", SAMPLES)
def test_nothing_external_nor_active_and_text_is_readable(svg):
    root = parse(svg)
    for element in root.iter():
        assert element.tag.removeprefix(NS) not in ("script", "image", "foreignObject", "use", "a")
        for attribute, value in element.attrib.items():
            assert "href" not in attribute and not attribute.startswith("on")
            assert "url(" not in value and attribute != "style"
        if element.get("font-size"):
            assert float(element.get("font-size")) >= 12
    assert str(svg).count("http") == 1  # the xmlns
    assert root.get("fill") == "#1f2937"


def test_the_same_input_gives_the_same_string():
    items = [("a", 1), ("b", 2.75)]
    assert charts.bar_chart(items, "t") == charts.bar_chart(items, "t")
    assert charts.line_chart(items, "t") == charts.line_chart(items, "t")


def test_the_callers_text_is_escaped():
    svg = charts.bar_chart([(HOSTILE, 1)], HOSTILE, HOSTILE, chart_id='x"y')
    assert "<script" not in str(svg) and "&lt;script&gt;" in str(svg)
    root = parse(svg)
    assert root.find(NS + "title").text == HOSTILE
    assert root.find(NS + "desc").text == HOSTILE
    assert root.find(NS + "title").get("id") == 'x"y-title'
    assert bars(root)[0][0] == HOSTILE + ": 1"
    line = parse(charts.line_chart([(HOSTILE, 1)], HOSTILE))
    assert "<script" not in str(line) and x_labels(line) == [HOSTILE]


def test_text_is_nfc():
    decomposed = unicodedata.normalize("NFD", "Sở Giáo dục và Đào tạo")
    svg = str(charts.bar_chart([(decomposed, 1)], decomposed, decomposed))
    assert svg == unicodedata.normalize("NFC", svg) and "Sở Giáo dục và Đào tạo" in svg


def test_a_long_label_is_cut_in_the_drawing_and_whole_in_its_title():
    label = "Sở Nông nghiệp và Phát triển nông thôn tỉnh Thanh Hóa"
    [(title, drawn, _, _)] = bars(parse(charts.bar_chart([(label, 4)], "t")))
    assert title == label + ": 4"
    assert len(drawn) <= 28 and drawn.endswith("…") and label.startswith(drawn[:-1])


def test_bars_are_as_long_as_their_values_and_show_them():
    found = bars(parse(charts.bar_chart([("a", 1000), ("b", 500), ("c", 250.5)], "t")))
    widths = [width for _, _, width, _ in found]
    assert widths[0] == 640 - charts.LABEL_WIDTH - charts.VALUE_WIDTH
    assert widths[0] / widths[1] == pytest.approx(2, abs=0.01)
    assert widths[0] / widths[2] == pytest.approx(1000 / 250.5, abs=0.01)
    assert [value for *_, value in found] == ["1.000", "500", "250,5"]


def test_negative_values_count_as_zero():
    found = bars(parse(charts.bar_chart([("a", 10), ("b", -5)], "t")))
    assert [(width, value) for _, _, width, value in found][1] == (0, "0")


def test_items_beyond_max_bars_are_summed_into_khac():
    items = [(f"Đơn vị {i}", 100 - i) for i in range(1, 26)]  # 99 … 75
    found = bars(parse(charts.bar_chart(items, "t", max_bars=20)))
    assert len(found) == 20
    assert [drawn for _, drawn, _, _ in found[:19]] == [label for label, _ in items[:19]]
    assert found[19][1] == "Khác"
    assert found[19][3] == str(sum(100 - i for i in range(20, 26))) == "465"
    other = bars(parse(charts.bar_chart(items, "t", max_bars=20, other_label="Other")))
    assert other[19][0] == "Other: 465"


def test_as_many_items_as_max_bars_need_no_khac():
    items = [(f"{i}", i + 1) for i in range(20)]
    found = bars(parse(charts.bar_chart(items, "t", max_bars=20)))
    assert len(found) == 20 and found[19][1] == "19"


@pytest.mark.parametrize("items", [[], [("a", 0), ("b", -3)]])
def test_no_data_says_so(items):
    root = parse(charts.bar_chart(items, "t"))
    assert [t.text for t in root.iter(NS + "text")] == ["Chưa có dữ liệu"]
    assert root.find(NS + "rect") is None
    custom = parse(charts.bar_chart(items, "t", empty_text="Không có"))
    assert [t.text for t in custom.iter(NS + "text")] == ["Không có"]


def test_a_line_chart_without_points_says_so():
    root = parse(charts.line_chart([], "t"))
    assert [t.text for t in root.iter(NS + "text")] == ["Chưa có dữ liệu"]


def test_one_point_sits_in_the_middle():
    root = parse(charts.line_chart([("2026-01", 7)], "t"))
    [dot] = root.iter(NS + "circle")
    assert float(dot.get("cx")) == 72 + (640 - 72 - 28) / 2
    assert dot.find(NS + "title").text == "2026-01: 7"
    assert y_labels(root) == ["0", "2", "4", "6", "8", "10"]
    assert x_labels(root) == ["2026-01"]


def test_all_zeros_draw_a_flat_line_on_the_axis():
    root = parse(charts.line_chart([("2026-01", 0), ("2026-02", 0)], "t"))
    ys = {dot.get("cy") for dot in root.iter(NS + "circle")}
    assert ys == {str(240 - 36)}
    assert y_labels(root)[-1] == "1"


def test_the_grid_has_four_or_five_steps():
    assert y_labels(parse(charts.line_chart([("a", 23)], "t"))) == ["0", "10", "20", "30", "40", "50"]
    assert y_labels(parse(charts.line_chart([("a", 11)], "t"))) == ["0", "5", "10", "15", "20"]
    assert y_labels(parse(charts.line_chart([("a", 12000)], "t")))[-1] == "20.000"


def test_points_are_placed_by_value():
    root = parse(charts.line_chart([("a", 0), ("b", 25), ("c", 50)], "t"))
    cys = [float(dot.get("cy")) for dot in root.iter(NS + "circle")]
    assert cys == [204, 108, 12]  # bottom, middle, top of the plot
    assert len(root.find(NS + "polyline").get("points").split()) == 3


@pytest.mark.parametrize("count, shown", [(12, 12), (13, 7), (24, 12), (25, 9), (60, 12)])
def test_at_most_twelve_labels_on_the_x_axis(count, shown):
    points = [(f"{2020 + i // 12}-{i % 12 + 1:02}", i) for i in range(count)]
    labels = x_labels(parse(charts.line_chart(points, "t")))
    assert len(labels) == shown and labels[0] == "2020-01"
    assert len(list(parse(charts.line_chart(points, "t")).iter(NS + "circle"))) == count


def test_english_numbers():
    assert charts.format_number(12345, "en") == "12,345"
    assert charts.format_number(2.5, "en") == "2.5"
    svg = str(charts.bar_chart([("a", 12345)], "T", lang="en"))
    assert "12,345" in svg and "12.345" not in svg

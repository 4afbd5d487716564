"""Charts for the public statistics page (/thong-ke), drawn on the server as
inline SVG.

Why server-side SVG: the portal loads nothing from a CDN, the page works
without JavaScript, and the chart scales with the page (width="100%" and a
viewBox, so it shrinks on a phone) and prints. A chart is only a picture of
numbers: the page pairs each one with a table of the same numbers, which is
what a screen reader reads. The SVG still names itself (role="img", a
<title> and a <desc>), and every bar and point carries a <title> that shows
its full label and value on hover.

Pure functions, standard library and markupsafe only: the same input gives
the same string; every text from the caller is NFC-normalised and
XML-escaped; the result is a Markup that Jinja2 outputs as it is. Colours
pass WCAG AA on white; text is 12 or 13 units high in a 640-unit viewBox.
"""
from __future__ import annotations

import math
import unicodedata

from markupsafe import Markup, escape

TEXT = "#1f2937"    # 14.7:1 on white
BAR = "#1d4ed8"     # 6.7:1 on white
AXIS = "#4b5563"    # 7.6:1 on white
GRID = "#e5e7eb"    # decorative
FONT = 13           # viewBox units
SMALL = 12          # the line chart's axes
LABEL_CHARS = 28    # a bar's label in the drawing, "…" included
LABEL_WIDTH = 210   # the bar chart's label column
VALUE_WIDTH = 80    # room after the longest bar for its value
EMPTY = "Chưa có dữ liệu"


def format_number(value: float | int, lang: str = "vi") -> str:
    """Vietnamese style: 12345 → "12.345", 2.5 → "2,5", 1234.56 → "1.234,56"
    (English: "12,345", "2.5"); at most two decimals; a float without a
    fraction is written as an integer."""
    if isinstance(value, float) and not value.is_integer():
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
    else:
        text = f"{int(value):,}"
    return text.translate(str.maketrans(",.", ".,")) if lang == "vi" else text


def nice_max(value: float | int) -> int | float:
    """The smallest 1, 2 or 5 × 10ⁿ at least value (1 when value ≤ 0):
    7 → 10, 23 → 50, 100 → 100, 101 → 200, 0.3 → 0.5."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= value)


def bar_chart(items: list[tuple[str, float | int]], title: str, description: str = "",
              width: int = 640, bar_height: int = 22, max_bars: int = 20,
              chart_id: str = "chart", other_label: str = "Khác",
              empty_text: str = EMPTY, lang: str = "vi") -> Markup:
    """Horizontal bars, one per (label, value), in the order given (pass them
    largest first), each as long as its value over the largest value.

    More items than max_bars: the first max_bars − 1 are drawn as they are,
    and the rest (items max_bars to the last, counting from 1) are summed
    into one last bar labelled other_label; 25 items with max_bars=20 give
    20 bars: items 1–19, then "Khác" with the sum of items 20–25.
    Negative values count as 0; no value above 0 draws empty_text."""
    rows = [(_nfc(label), _clean(value)) for label, value in items]
    max_bars = max(1, max_bars)
    if len(rows) > max_bars:
        rest = sum(value for _, value in rows[max_bars - 1:])
        rows = rows[:max_bars - 1] + [(_nfc(other_label), rest)]
    top = max((value for _, value in rows), default=0)
    width = max(width, LABEL_WIDTH + VALUE_WIDTH + 40)
    if top <= 0:
        return _empty(chart_id, title, description, width, empty_text)
    span, pitch = width - LABEL_WIDTH - VALUE_WIDTH, bar_height + 8
    body = [_bar(8 + i * pitch, label, value, value / top * span, bar_height, lang)
            for i, (label, value) in enumerate(rows)]
    return _svg(chart_id, title, description, width, 8 + len(rows) * pitch, body)


def line_chart(points: list[tuple[str, float | int]], title: str, description: str = "",
               width: int = 640, height: int = 240, chart_id: str = "chart",
               empty_text: str = EMPTY, lang: str = "vi") -> Markup:
    """A time series, e.g. the cumulative number of datasets per month
    ("2026-01", …): a polyline with a dot per point; the y axis from 0 to
    nice_max of the largest value, with a labelled grid line every fifth of
    it (every quarter when the maximum starts with a 2); at most 12 labels on
    the x axis, every k-th point from the first (k = ⌈points / 12⌉).
    Negative values count as 0; no point at all draws empty_text."""
    if not points:
        return _empty(chart_id, title, description, width, empty_text)
    labels = [_nfc(label) for label, _ in points]
    values = [_clean(value) for _, value in points]
    top, count = nice_max(max(values)), len(points)
    width, height = max(width, 200), max(height, 120)
    left, right, upper, lower = 72, 28, 12, 36
    plot_w, plot_h = width - left - right, height - upper - lower

    def x(i):
        return left + (plot_w / 2 if count == 1 else i * plot_w / (count - 1))

    def y(value):
        return upper + plot_h * (1 - value / top)

    body = [_grid_line(left, width - right, y(tick), tick, lang) for tick in _ticks(top)]
    step = math.ceil(count / 12)
    body += [f'<text x="{_n(x(i))}" y="{_n(height - lower + 20)}" text-anchor="middle"'
             f' font-size="{SMALL}">{escape(labels[i])}</text>' for i in range(0, count, step)]
    line = " ".join(f"{_n(x(i))},{_n(y(v))}" for i, v in enumerate(values))
    body.append(f'<polyline points="{line}" fill="none" stroke="{BAR}" stroke-width="2"'
                ' stroke-linejoin="round"/>')
    body += [f'<circle cx="{_n(x(i))}" cy="{_n(y(v))}" r="3.5" fill="{BAR}"><title>'
             f'{escape(labels[i])}: {format_number(v, lang)}</title></circle>'
             for i, v in enumerate(values)]
    return _svg(chart_id, title, description, width, height, body)


def _bar(y, label, value, length, height, lang):
    middle = _n(y + height / 2)
    short = label if len(label) <= LABEL_CHARS else label[:LABEL_CHARS - 1].rstrip() + "…"
    return (f"<g><title>{escape(label)}: {format_number(value, lang)}</title>"
            f'<text x="{LABEL_WIDTH - 8}" y="{middle}" dy="0.35em" text-anchor="end">'
            f"{escape(short)}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{_n(y)}" width="{_n(length)}" height="{_n(height)}"'
            f' fill="{BAR}"/>'
            f'<text x="{_n(LABEL_WIDTH + length + 6)}" y="{middle}" dy="0.35em">'
            f"{format_number(value, lang)}</text></g>")


def _grid_line(start, end, y, tick, lang):
    colour = AXIS if tick == 0 else GRID
    return (f'<line x1="{start}" y1="{_n(y)}" x2="{end}" y2="{_n(y)}" stroke="{colour}"/>'
            f'<text x="{start - 8}" y="{_n(y)}" dy="0.35em" text-anchor="end"'
            f' font-size="{SMALL}">{format_number(tick, lang)}</text>')


def _ticks(top):
    """0 to top in five steps, or four when top starts with a 2 (0, 5, …, 20)."""
    lead = round(top / 10 ** math.floor(math.log10(top)))
    count = 4 if lead == 2 else 5
    return [round(top * i / count, 10) for i in range(count + 1)]


def _empty(chart_id, title, description, width, empty_text):
    text = (f'<text x="{_n(width / 2)}" y="32" dy="0.35em" text-anchor="middle">'
            f"{escape(_nfc(empty_text))}</text>")
    return _svg(chart_id, title, description, width, 64, [text])


def _svg(chart_id, title, description, width, height, body):
    name = escape(_nfc(chart_id))
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(width)} {_n(height)}"'
        f' width="100%" preserveAspectRatio="xMidYMid meet" role="img"'
        f' aria-labelledby="{name}-title {name}-desc" font-family="sans-serif"'
        f' font-size="{FONT}" fill="{TEXT}">'
        f'<title id="{name}-title">{escape(_nfc(title))}</title>'
        f'<desc id="{name}-desc">{escape(_nfc(description))}</desc>'
        + "".join(body) + "</svg>")


def _nfc(text):
    return unicodedata.normalize("NFC", str(text))


def _clean(value):
    """A number above 0 as it is; anything else (negative, NaN, ∞, None) 0."""
    if isinstance(value, (int, float)) and math.isfinite(value) and value > 0:
        return value
    return 0


def _n(number):
    """A coordinate with at most two decimals: 360.0 → "360", 7.125 → "7.12"."""
    return f"{number:.2f}".rstrip("0").rstrip(".")

"""Server-rendered inline SVG charts: bars, stacked bars and a line for months.

No script and no style attribute (the CSP forbids inline styles): geometry is in SVG attributes,
colours in CSS classes (`static/stats/stats.css`). Every chart is `role="img"` named by its heading
(`aria-labelledby`); each bar or point is focusable and carries its value in a `<title>` (hover)
and in a text shown on focus/hover; the template shows the same numbers as a table in <details>.

The charts have no viewBox: horizontal positions are percentages of the chart's own width and
vertical ones pixels, so a chart fills its container at every width while its text keeps the size
the stylesheet gives it (a viewBox would scale the text with the chart: 30 px labels on a desktop).
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe

ROW = 34
BAR_H = 12
BAR_SPAN = 78.0  # per cent of the width the longest bar takes: the rest holds its value


def _fmt(value):
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{value:,}".replace(",", ".")


LABEL_CHARS = 40  # what a 360 px screen holds on one line; the whole label is in the bar's <title>


def _clip(label):
    """A long label cut in the middle: its start and its end (an OPD's city) both stay legible."""
    label = str(label)
    if len(label) <= LABEL_CHARS:
        return label
    words, head, tail = label.split(), [], []
    half = (LABEL_CHARS - 2) // 2
    while words and len(" ".join(head + words[:1])) <= half:
        head.append(words.pop(0))
    while words and len(" ".join(words[-1:] + tail)) <= half:
        tail.insert(0, words.pop())
    if not head or not tail:  # one very long word: cut it
        return label[:LABEL_CHARS - 1] + "…"
    return f"{' '.join(head)} … {' '.join(tail)}"


def _pct(value):
    return f"{round(value, 2)}%"


def _svg(chart_id, title_id, height, body, css="chart"):
    return mark_safe(
        f'<svg class="{css}" id="{chart_id}" role="img" aria-labelledby="{title_id}"'
        f' width="100%" height="{height}" focusable="false">{body}</svg>'
    )


def bars(chart_id, title_id, items, *, unit=""):
    """Horizontal bars: items are dicts with label and value (None counts as 0); each value is written
    after its bar."""
    items = list(items)
    top = max([i["value"] or 0 for i in items] + [1])
    parts = []
    for n, item in enumerate(items):
        y = n * ROW
        value = item["value"] or 0
        width = BAR_SPAN * value / top
        shown = _fmt(item["value"]) + (escape(unit) if item["value"] is not None else "")
        text = f'{escape(item["label"])}: {shown}'
        parts.append(
            f'<g class="bar c{n % 6}" tabindex="0"><title>{text}</title>'
            f'<text class="lbl" x="0" y="{y + 11}">{escape(_clip(item["label"]))}</text>'
            f'<rect x="0" y="{y + 15}" width="{_pct(width) if value else 0}" height="{BAR_H}" rx="2"></rect>'
            f'<text class="val" x="{_pct(width)}" dx="{4 if value else 0}" y="{y + 25}">{shown}</text></g>'
        )
    return _svg(chart_id, title_id, max(len(items), 1) * ROW + 4, "".join(parts))


def stacked(chart_id, title_id, items, segments):
    """Horizontal stacked bars: `segments` is [(key, label, css class)], each item has those keys.
    The figures stand beside the label, above the bar."""
    items = list(items)
    top = max([sum(i[k] or 0 for k, _l, _c in segments) for i in items] + [1])
    parts = []
    for n, item in enumerate(items):
        y = n * ROW
        x = 0.0
        summary = ", ".join(f"{label} {_fmt(item[k])}" for k, label, _c in segments)
        parts.append(f'<g class="bar" tabindex="0"><title>{escape(item["label"])}: {escape(summary)}</title>'
                     f'<text class="lbl" x="0" y="{y + 11}">{escape(item["label"])}'
                     f'<tspan class="sum" dx="8">{escape(summary)}</tspan></text>')
        for key, _label, css in segments:
            width = 100.0 * (item[key] or 0) / top
            if width:
                parts.append(f'<rect class="{css}" x="{_pct(x)}" y="{y + 15}" width="{_pct(width)}"'
                             f' height="{BAR_H}"></rect>')
            x += width
        parts.append("</g>")
    return _svg(chart_id, title_id, max(len(items), 1) * ROW + 4, "".join(parts))


def line(chart_id, title_id, items, *, unit=""):
    """A line over months: items are dicts with label and value; points are focusable."""
    items = list(items)
    height, pad_x, pad_top, pad_bottom = 150, 3.0, 22, 24
    top = max([i["value"] or 0 for i in items] + [1])
    step = (100 - 2 * pad_x) / max(len(items) - 1, 1)
    points = []
    for n, item in enumerate(items):
        x = pad_x + n * step
        y = round(height - pad_bottom - (height - pad_top - pad_bottom) * (item["value"] or 0) / top, 1)
        points.append((x, y, item))
    parts = [f'<line class="axis" x1="{_pct(pad_x)}" y1="{height - pad_bottom}" x2="{_pct(100 - pad_x)}"'
             f' y2="{height - pad_bottom}"></line>']
    for (x1, y1, _a), (x2, y2, _b) in zip(points, points[1:]):
        parts.append(f'<line class="trend" x1="{_pct(x1)}" y1="{y1}" x2="{_pct(x2)}" y2="{y2}"></line>')
    for n, (x, y, item) in enumerate(points):
        text = f'{escape(item["label"])}: {_fmt(item["value"])}{escape(unit)}'
        anchor = "end" if x > 70 else "start"
        parts.append(
            f'<g class="point" tabindex="0"><title>{text}</title><circle cx="{_pct(x)}" cy="{y}" r="4"></circle>'
            f'<text class="val" x="{_pct(x)}" y="{max(y - 8, 10)}" text-anchor="{anchor}">{text}</text></g>'
        )
        if n in (0, len(points) - 1) or (len(points) > 6 and n == len(points) // 2):
            edge = "start" if n == 0 else ("end" if n == len(points) - 1 else "middle")
            parts.append(f'<text class="tick" x="{_pct(x)}" y="{height - 8}" text-anchor="{edge}">'
                         f'{escape(item["label"])}</text>')
    return _svg(chart_id, title_id, height, "".join(parts))

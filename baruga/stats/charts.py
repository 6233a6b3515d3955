"""Server-rendered inline SVG charts: bars, stacked bars and a line for months.

No script and no style attribute (the CSP forbids inline styles): geometry is in SVG attributes,
colours in CSS classes (`static/stats/stats.css`). Every chart is `role="img"` named by its heading
(`aria-labelledby`); each bar or point is focusable and carries its value in a `<title>` (hover)
and in a text shown on focus/hover; the template shows the same numbers as a table in <details>.
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe

WIDTH = 320
ROW = 34
BAR_H = 12
LABEL_W = 0  # labels stand above their bar, so bars get the full width on a phone


def _fmt(value):
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{value:,}".replace(",", ".")


def _svg(chart_id, title_id, height, body, desc=""):
    return mark_safe(
        f'<svg class="chart" id="{chart_id}" role="img" aria-labelledby="{title_id}"'
        f' viewBox="0 0 {WIDTH} {height}" width="100%" height="{height}" preserveAspectRatio="xMinYMin meet"'
        f' focusable="false">{desc}{body}</svg>'
    )


def bars(chart_id, title_id, items, *, unit=""):
    """Horizontal bars: items are dicts with label and value (None counts as 0)."""
    items = list(items)
    top = max([i["value"] or 0 for i in items] + [1])
    parts = []
    usable = WIDTH - 56
    for n, item in enumerate(items):
        y = n * ROW
        value = item["value"] or 0
        width = max(round(usable * value / top, 1), 1 if value else 0)
        text = f'{escape(item["label"])}: {_fmt(item["value"])}{escape(unit)}'
        parts.append(
            f'<g class="bar c{n % 6}" tabindex="0"><title>{text}</title>'
            f'<text class="lbl" x="0" y="{y + 11}">{escape(item["label"])}</text>'
            f'<rect x="0" y="{y + 15}" width="{width}" height="{BAR_H}" rx="2"></rect>'
            f'<text class="val" x="{width + 4}" y="{y + 25}">{_fmt(item["value"])}{escape(unit)}</text></g>'
        )
    return _svg(chart_id, title_id, max(len(items), 1) * ROW + 4, "".join(parts))


def stacked(chart_id, title_id, items, segments):
    """Horizontal stacked bars: `segments` is [(key, label, css class)], each item has those keys."""
    items = list(items)
    top = max([sum(i[k] or 0 for k, _l, _c in segments) for i in items] + [1])
    usable = WIDTH - 56
    parts = []
    for n, item in enumerate(items):
        y = n * ROW
        x = 0.0
        total = sum(item[k] or 0 for k, _l, _c in segments)
        summary = ", ".join(f"{label} {_fmt(item[k])}" for k, label, _c in segments)
        parts.append(f'<g class="bar" tabindex="0"><title>{escape(item["label"])}: {escape(summary)}</title>'
                     f'<text class="lbl" x="0" y="{y + 11}">{escape(item["label"])}</text>')
        for key, label, css in segments:
            width = round(usable * (item[key] or 0) / top, 1)
            if width:
                parts.append(f'<rect class="{css}" x="{x}" y="{y + 15}" width="{width}" height="{BAR_H}"></rect>')
            x += width
        parts.append(f'<text class="val" x="{round(x, 1) + 4}" y="{y + 25}">{escape(summary)}</text></g>')
        del total
    return _svg(chart_id, title_id, max(len(items), 1) * ROW + 4, "".join(parts))


def line(chart_id, title_id, items, *, unit=""):
    """A line over months: items are dicts with label and value; points are focusable."""
    items = list(items)
    height, pad_x, pad_top, pad_bottom = 150, 14, 18, 24
    top = max([i["value"] or 0 for i in items] + [1])
    step = (WIDTH - 2 * pad_x) / max(len(items) - 1, 1)
    points = []
    for n, item in enumerate(items):
        x = round(pad_x + n * step, 1)
        y = round(height - pad_bottom - (height - pad_top - pad_bottom) * (item["value"] or 0) / top, 1)
        points.append((x, y, item))
    path = " ".join(f"{x},{y}" for x, y, _i in points)
    parts = [f'<line class="axis" x1="{pad_x}" y1="{height - pad_bottom}" x2="{WIDTH - pad_x}"'
             f' y2="{height - pad_bottom}"></line>']
    if len(points) > 1:
        parts.append(f'<polyline class="trend" points="{path}"></polyline>')
    for n, (x, y, item) in enumerate(points):
        text = f'{escape(item["label"])}: {_fmt(item["value"])}{escape(unit)}'
        anchor = "end" if x > WIDTH * 0.7 else "start"
        parts.append(
            f'<g class="point" tabindex="0"><title>{text}</title><circle cx="{x}" cy="{y}" r="5"></circle>'
            f'<text class="val" x="{x}" y="{max(y - 8, 10)}" text-anchor="{anchor}">{text}</text></g>'
        )
        if n in (0, len(points) - 1) or (len(points) > 6 and n == len(points) // 2):
            parts.append(f'<text class="tick" x="{x}" y="{height - 8}" text-anchor="middle">'
                         f'{escape(item["label"])}</text>')
    return _svg(chart_id, title_id, height, "".join(parts))

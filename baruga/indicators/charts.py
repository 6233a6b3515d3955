"""SVG bar charts of one indicator across jurisdictions, with the target marked.

Widths are percentages of the chart, so one drawing reads at 360 px and at 1280 px; a label is
clipped to what a phone line holds and the full text is in each bar's <title>. Drawn here rather
than with `stats.charts` because stats sits above the domain apps.
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe

ROW = 34
BAR_H = 12
SPAN = 76.0  # per cent of the width the largest value (or target) takes; the rest holds the value
LABEL_CHARS = 38


def _fmt(number):
    if number is None:
        return "—"
    text = f"{number:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", "\u2009")


def _clip(label):
    return label if len(label) <= LABEL_CHARS else label[:LABEL_CHARS - 1] + "…"


def bars(chart_id, title_id, items, *, unit="", target_label=""):
    """items: dicts with label, value (None: no value), target (or None), light ("green"/"amber"/"red"/"")."""
    items = list(items)
    top = max([float(i["value"] or 0) for i in items] + [float(i.get("target") or 0) for i in items] + [1.0])
    suffix = "%" if unit == "persen" else ""
    parts = []
    for n, item in enumerate(items):
        y = n * ROW
        value = float(item["value"] or 0)
        width = SPAN * value / top
        shown = _fmt(item["value"]) + (suffix if item["value"] is not None else "")
        title = f'{item["label"]}: {shown}'
        if item.get("target") is not None:
            title += f' ({target_label} {_fmt(item["target"])}{suffix})'
        target_x = None if item.get("target") is None else round(SPAN * float(item["target"]) / top, 2)
        # The value is written after the bar or after the target mark, whichever is further right.
        text_x = max(width, target_x or 0)
        parts.append(
            f'<g class="bar {escape(item.get("light") or "none")}" tabindex="0"><title>{escape(title)}</title>'
            f'<text class="lbl" x="0" y="{y + 11}">{escape(_clip(item["label"]))}</text>'
            f'<rect x="0" y="{y + 15}" width="{round(width, 2)}%" height="{BAR_H}" rx="2"></rect>'
            f'<text class="val" x="{round(text_x, 2)}%" dx="5" y="{y + 25}">{escape(shown)}</text>'
        )
        if target_x is not None:
            parts.append(f'<line class="target" x1="{target_x}%" x2="{target_x}%" y1="{y + 12}" y2="{y + 30}"></line>')
        parts.append("</g>")
    height = max(len(items), 1) * ROW + 4
    return mark_safe(f'<svg class="ind-chart" id="{chart_id}" role="img" aria-labelledby="{title_id}" '
                     f'width="100%" height="{height}" focusable="false">{"".join(parts)}</svg>')

"""Index bars on the fixed 0–5 scale (an index of 3 is always 60 % of the track), drawn like
`baruga.stats.charts` (no viewBox, no inline style, colours from stats.css, a <title> per bar)."""

from django.utils.html import escape

from baruga.stats.charts import BAR_H, ROW, _clip, _pct, _svg

SCALE = 5
# The track takes 55 % of the width: the value and its predikat ("3,50 · Sangat Baik") fit after it at 360 px.
BAR_SPAN = 55.0


def _shown(value):
    return "—" if value is None else f"{value:.2f}".replace(".", ",")


def index_bars(chart_id, title_id, items):
    """items: dicts with label, value (Decimal or None) and optional note (e.g. the predikat)."""
    items = list(items)
    parts = []
    for n, item in enumerate(items):
        y = n * ROW
        value = item["value"]
        width = BAR_SPAN * float(value or 0) / SCALE
        note = f' · {escape(item["note"])}' if item.get("note") else ""
        shown = _shown(value) + note
        text = f'{escape(item["label"])}: {shown}'
        parts.append(
            f'<g class="bar c{n % 6}" tabindex="0"><title>{text}</title>'
            f'<text class="lbl" x="0" y="{y + 11}">{escape(_clip(item["label"]))}</text>'
            f'<rect class="track" x="0" y="{y + 15}" width="{_pct(BAR_SPAN)}" height="{BAR_H}" rx="2"></rect>'
            f'<rect x="0" y="{y + 15}" width="{_pct(width) if value else 0}" height="{BAR_H}" rx="2"></rect>'
            f'<text class="val" x="{_pct(BAR_SPAN)}" dx="4" y="{y + 25}">{_shown(value)}<tspan class="sum">{note}</tspan></text></g>'
        )
    return _svg(chart_id, title_id, max(len(items), 1) * ROW + 4, "".join(parts))

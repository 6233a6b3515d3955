from html import escape as _html_escape

from django import template
from django.utils import formats
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from baruga.stats.charts import _fmt

register = template.Library()


@register.filter
def num(value):
    """A figure as shown everywhere in the statistics: up to two decimals, decimal comma, "—" for none."""
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")
    return _fmt(value)


# Long lists rendered in Python: a template loop costs ~10 µs a node, and the province dashboard has
# hundreds of OPDs (filter options, ranking rows) and up to 200 map rows. Same output as the template
# loops they replace: values localised as {{ value }} does, everything escaped as conditional_escape
# does (`_e`: the same escaping without format_html's per-argument checks for lazy strings, which cost
# more than the rows themselves at a thousand cells a page).


def _e(value):
    """conditional_escape(value) as a plain str: safe strings as they are, anything else HTML-escaped."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return _html_escape(str(value))


def _sep():
    return formats.get_format("DECIMAL_SEPARATOR")


def _cell(value, sep="."):
    """What {{ value }} shows for an int or a float (no thousand separators in this project), "—" for None."""
    if value is None:
        return "—"
    return str(value) if isinstance(value, int) else str(value).replace(".", sep)


def _fixed(value, places, sep):
    """floatformat:places (places > 0), or floatformat:"-places" when negative (no decimals for a whole number)."""
    text = f"{value:.{abs(places)}f}"
    if places < 0 and float(text) == int(float(text)):
        text = str(int(float(text)))
    return text.replace(".", sep)


@register.simple_tag
def options(items, selected, value="pk", label="name", indent=None):
    """<option>s for `items` (objects or dicts), the one whose value equals `selected` (a GET string) selected;
    `indent` names the attribute holding each item's depth in a tree (a dash per level)."""
    def get(item, attr):
        return item[attr] if isinstance(item, dict) else getattr(item, attr)

    selected = "" if selected is None else str(selected)
    html = []
    for i in items:
        key = get(i, value)
        html.append(f"<option value=\"{_e(key)}\"{' selected' if str(key) == selected else ''}>"
                    f"{'— ' * (get(i, indent) or 0) if indent else ''}{_e(get(i, label))}</option>")
    return mark_safe("".join(html))


def _share(value, sep):
    return "—" if value is None else f"{_fixed(value, -1, sep)}%"


@register.simple_tag
def ranking_rows(rows):
    sep = _sep()
    if not rows:
        return format_html("<tr><td colspan=\"6\">{}</td></tr>", _("Tidak ada data."))
    html = []
    for r in rows:
        rated = f" <small>({_e(r['rated'])})</small>" if r["rated"] else ""
        html.append(f"<tr><td class=\"num\">{_e(r['rank'])}</td><th scope=\"row\">{_e(r['label'])}</th>"
                    f"<td class=\"num\">{_e(r['volume'])}</td><td class=\"num\">{_e(r['done'])}</td>"
                    f"<td class=\"num\">{_e(_share(r['share_on_time'], sep))}</td>"
                    f"<td class=\"num\">{_e(_cell(r['satisfaction'], sep))}{rated}</td></tr>")
    return mark_safe("".join(html))


@register.simple_tag
def map_rows(points, limit=200):
    sep = _sep()
    if not points:
        return format_html("<tr><td colspan=\"3\">{}</td></tr>", _("Tidak ada laporan bertitik peta."))
    return mark_safe("".join(
        f"<tr><td>{_e(_fixed(p['lat'], 2, sep))}</td><td>{_e(_fixed(p['lon'], 2, sep))}</td>"
        f"<td class=\"num\">{_e(p['value'])}</td></tr>" for p in points[:limit]))


@register.simple_tag
def trend(change, before, unit=""):
    """The line under a headline figure: the previous period's value and the change, with an arrow
    that is also said in words for screen readers ("naik", "turun", "tetap")."""
    sep = _sep()
    if before is None:
        return format_html('<small class="trend">{}: —</small>', _("Periode sebelumnya"))
    shown_before = _cell(before, sep) if not isinstance(before, float) else _fixed(before, -2, sep)
    before_unit = "%" if unit == "%" else ""
    if change is None:
        return format_html('<small class="trend">{}: {}{}</small>', _("Periode sebelumnya"), shown_before, before_unit)
    if change > 0:
        arrow, word = "▲", _("naik")
    elif change < 0:
        arrow, word = "▼", _("turun")
    else:
        arrow, word = "=", _("tetap")
    amount = _fixed(abs(change), -1, sep) if isinstance(change, float) else str(abs(change))
    change_unit = {"%": _(" poin"), "pct": "%"}.get(unit, "")
    return format_html(
        '<small class="trend"><span aria-hidden="true">{}</span> {} {}{} · {}: {}{}</small>',
        arrow, word, amount, change_unit, _("periode sebelumnya"), shown_before, before_unit)

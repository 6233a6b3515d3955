from django import template
from django.utils import formats
from django.utils.html import format_html, format_html_join
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
# loops they replace: values localised as {{ value }} does, everything escaped by format_html.


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
    """<option>s for `items` (objects or dicts), the one whose value equals `selected` (a GET string) selected."""
    def get(item, attr):
        return item[attr] if isinstance(item, dict) else getattr(item, attr)

    selected = "" if selected is None else str(selected)
    return format_html_join("", "<option value=\"{}\"{}>{}{}</option>", (
        (get(i, value), mark_safe(" selected") if str(get(i, value)) == selected else "",
         "— " if indent and get(i, indent) else "", get(i, label)) for i in items))


def _share(value, sep):
    return "—" if value is None else f"{_fixed(value, -1, sep)}%"


@register.simple_tag
def ranking_rows(rows):
    sep = _sep()
    if not rows:
        return format_html("<tr><td colspan=\"6\">{}</td></tr>", _("Tidak ada data."))
    return format_html_join("", "<tr><td class=\"num\">{}</td><th scope=\"row\">{}</th><td class=\"num\">{}</td>"
                                "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}{}</td></tr>", (
        (r["rank"], r["label"], r["volume"], r["done"], _share(r["share_on_time"], sep),
         _cell(r["satisfaction"], sep), format_html(" <small>({})</small>", r["rated"]) if r["rated"] else "")
        for r in rows))


@register.simple_tag
def map_rows(points, limit=200):
    sep = _sep()
    if not points:
        return format_html("<tr><td colspan=\"3\">{}</td></tr>", _("Tidak ada laporan bertitik peta."))
    return format_html_join("", "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>", (
        (_fixed(p["lat"], 2, sep), _fixed(p["lon"], 2, sep), p["value"]) for p in points[:limit]))

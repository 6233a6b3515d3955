from django import template

register = template.Library()


@register.filter
def index_format(value):
    """An index as shown in Indonesian: two places, a decimal comma ("3,00"); "—" for none."""
    if value is None or value == "":
        return "—"
    return f"{value:.2f}".replace(".", ",")


@register.filter
def signed_index(value):
    if value is None:
        return "—"
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    return sign + f"{abs(value):.2f}".replace(".", ",")


@register.filter
def weight_format(value):
    text = f"{value.normalize():f}" if hasattr(value, "normalize") else str(value)
    return text.replace(".", ",")


@register.filter
def lookup(mapping, key):
    return mapping.get(key, key) if mapping else key

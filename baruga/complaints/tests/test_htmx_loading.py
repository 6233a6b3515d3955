"""htmx (52 KB) is loaded only by the pages that use it: the home page and the filing form go without."""

import pytest
from django.urls import reverse

HTMX = "vendor/htmx/htmx.min.js"


@pytest.mark.parametrize("url", ["home", "complaints:file", "complaints:track_lookup", "ppid:file"])
def test_pages_without_htmx_attributes_do_not_load_it(client, cast, url):
    page = client.get(reverse(url)).text
    assert HTMX not in page and "htmx-config" not in page


def test_the_public_list_which_filters_with_htmx_loads_it(client, cast):
    page = client.get(reverse("complaints:public_list")).text
    assert HTMX in page and '"allowEval": false' in page


def test_the_staff_inbox_loads_it(client, cast):
    client.force_login(cast.citra)
    assert HTMX in client.get(reverse("complaints:inbox")).text


def test_every_page_template_with_htmx_attributes_loads_htmx():
    """A template that extends base.html and uses hx-get/hx-post/… fills the htmx block (includes/htmx.html)."""
    import re
    from pathlib import Path

    import baruga

    root = Path(baruga.__file__).parent
    missing = []
    for path in root.rglob("templates/**/*.html"):
        text = path.read_text()
        if '{% extends "base.html" %}' in text and re.search(r"\bhx-(get|post|put|delete|patch|boost)=", text):
            if '{% include "includes/htmx.html" %}' not in text:
                missing.append(str(path.relative_to(root)))
    assert not missing, f"these pages use htmx without loading it: {missing}"

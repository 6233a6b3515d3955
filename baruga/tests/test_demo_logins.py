"""Every login of the demo data (`manage.py seed_demo`, what `make run` loads) lands on a page that works,
and every page of its menu, every staff list page and every list of the API answers it without a server
error: roles whose complaints scope is empty (the PPID and atasan PPID) included.

The demo is seeded once for the module (a few seconds) inside a transaction rolled back at the end; each
test runs in a savepoint of it.
"""

import re

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from baruga.accounts.models import User
from baruga.api import api
from baruga.complaints import demo

USERNAMES = [user.username for user in demo.USERS]
PPID_ONLY = ["ppid.sulsel", "atasan.ppid.sulsel"]

# Staff list pages, whether or not the caller's menu links them (a user may type the address).
STAFF_PAGES = [
    ("complaints:inbox", ""), ("complaints:inbox", "?status=new&sort=due"), ("complaints:inbox_export", "?format=csv"),
    ("ppid:inbox", ""), ("ppid:inbox_export", "?format=csv"), ("ppid:annual_report", ""),
    ("stats:index", ""), ("stats:performance", ""), ("notifications:centre", ""),
    ("headapp:home", ""), ("headapp:escalated", ""), ("headapp:overdue", ""), ("headapp:today", ""),
]


def _api_lists():
    """Every GET operation of the API without a path parameter: the lists (and the caller's own data)."""
    paths = api.get_openapi_schema()["paths"]
    return sorted(path for path, operations in paths.items() if "get" in operations and "{" not in path)


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker, tmp_path_factory):
    immediate = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with (django_db_blocker.unblock(),
          override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"), TASKS=immediate,
                            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
          transaction.atomic()):
        demo.seed()
        yield
        transaction.set_rollback(True)


def _get(client, url):
    try:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    except Exception as exc:
        raise AssertionError(f"GET {url} raised {exc!r}") from exc
    return response


def _menu_links(page):
    nav = re.search(r'<nav aria-label="[^"]*">(.*?)</nav>', page.text, re.S).group(1)
    return re.findall(r'<a href="(/[^"]*)"', nav)


@pytest.mark.django_db
@pytest.mark.parametrize("username", USERNAMES)
def test_every_demo_login_lands_on_a_page_and_opens_every_page_of_its_menu(client, demo_data, username):
    client.force_login(User.objects.get(username=username))
    landing = client.get(reverse("accounts:after_login"), follow=True)
    assert landing.status_code == 200
    links = _menu_links(landing)
    assert links
    for url in links:
        assert _get(client, url).status_code == 200, url


@pytest.mark.django_db
@pytest.mark.parametrize("username", USERNAMES)
def test_every_demo_login_gets_an_answer_from_every_staff_page_and_api_list(client, demo_data, username):
    client.force_login(User.objects.get(username=username))
    pages = [reverse(name) + query for name, query in STAFF_PAGES]
    for url in pages + _api_lists() + ["/api/v1/staff/reports?q=jalan", "/api/v1/staff/reports?status=new"]:
        assert _get(client, url).status_code < 500, url
    dashboards = client.get("/api/v1/stats/dashboards")
    for dashboard in dashboards.json() if dashboards.status_code == 200 else []:
        for url in (dashboard["url"], dashboard["api_url"]):
            assert _get(client, url).status_code == 200, url


@pytest.mark.django_db
@pytest.mark.parametrize("username", PPID_ONLY)
def test_a_ppid_officer_lands_in_the_ppid_inbox_and_sees_an_empty_complaints_list(client, demo_data, username):
    client.force_login(User.objects.get(username=username))
    landing = client.get(reverse("accounts:after_login"))
    assert landing.status_code == 302 and landing.url == reverse("ppid:inbox")
    assert reverse("ppid:inbox") in _menu_links(client.get(landing.url))

    response = client.get("/api/v1/staff/reports")
    assert response.status_code == 200 and response.json()["items"] == []
    counts = client.get("/api/v1/staff/inbox/counts")
    assert counts.status_code == 200
    assert client.get(reverse("complaints:inbox")).status_code == 200


@pytest.mark.django_db
def test_a_complaints_officer_still_lands_in_the_complaints_inbox(client, demo_data):
    client.force_login(User.objects.get(username="admin.makassar"))
    landing = client.get(reverse("accounts:after_login"))
    assert landing.url == reverse("complaints:inbox")

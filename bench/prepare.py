#!/usr/bin/env python
"""What the load scenarios need from a bench database, as JSON on stdout (called by bench/run.py).

Staff sessions are created directly in the session store, marked as having passed the second factor
the way `django_otp.login` does (the user's confirmed TOTP device in the session), so the staff
pages are measured behind the real 2FA middleware without typing codes.
"""

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baruga_bench_settings")


def session_for(user):
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.backends import ModelBackend
    from django.utils.module_loading import import_string
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from baruga.accounts import twofactor

    device = TOTPDevice.objects.get(user=user, confirmed=True)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    # The backend that signs staff in (a ModelBackend); a path not in AUTHENTICATION_BACKENDS is no session.
    store[BACKEND_SESSION_KEY] = next(path for path in settings.AUTHENTICATION_BACKENDS
                                      if issubclass(import_string(path), ModelBackend))
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store[twofactor.LAST_ACTIVITY_KEY] = int(time.time())
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def dashboard_paths():
    """Pages of the stats app (and the deadline performance page) that take no URL argument."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found = []

    def walk(patterns, prefix):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                module = getattr(p.callback, "__module__", "")
                route = prefix + str(p.pattern)
                if module.startswith("baruga.stats") and "<" not in route and "(?P" not in route:
                    found.append("/" + route.lstrip("^").rstrip("$"))

    walk(get_resolver().url_patterns, "")
    return sorted(set(found))


def staff_dashboards(province, makassar, agency, roads):
    """The staff dashboards run.py requests, each with the user who opens it: the province-wide one (its
    leader), Makassar's (its admin), Makassar's Dinas PUPR (its sub-admin), and the province-wide one
    filtered by a category (which reads the fine rollups)."""
    from django.urls import reverse

    def page(kind, key):
        return reverse("stats:dashboard", kwargs={"kind": kind, "key": key})

    return {"province": page("provinsi", province.code), "region": page("wilayah", makassar.code),
            "opd": page("opd", agency.pk), "province_category": f"{page('provinsi', province.code)}?category={roads}"}


def inbox_cursors(users, roads):
    """Cursors (`?after=…`) at the start of the inbox's deep pages that run.py requests: page 200 for
    admin_mks and opd_mks, page 100 of admin_mks's "finished roads" (the last row of the page before)."""
    from baruga.complaints import selectors

    def start_of(user, page, **filters):
        rows = selectors.staff_inbox(user, **filters)
        page = min(page, max(1, -(-rows.count() // 25)))  # past the end: the last page, as ?page=N served it
        if page == 1:
            return ""
        return selectors.inbox_keyset(filters.get("sort", "")).encode(rows[(page - 1) * 25 - 1])

    return {"admin_page_200": start_of(users["admin_mks"], 200),
            "admin_filtered_page_100": start_of(users["admin_mks"], 100, bucket="finished", category_id=roads),
            "opd_page_200": start_of(users["opd_mks"], 200)}


def main():
    import django

    django.setup()
    from django.db import connection

    from baruga.accounts.models import User
    from baruga.directory.models import Agency, Category, District, Jurisdiction

    makassar = Jurisdiction.objects.get(code="73.71")
    pupr = Agency.objects.get(jurisdiction=makassar, short_name="Dinas PUPR")
    users = {"admin_mks": User.objects.get(username="admin1.73.71"),
             "admin_prov": User.objects.get(username="admin1.73"),
             "opd_mks": User.objects.get(username=f"staff.{pupr.pk}"),
             "leader_prov": User.objects.get(username="leader.73")}
    with connection.cursor() as cursor:
        cursor.execute("SELECT tracking_id FROM complaints_report WHERE id % 97 = 0 ORDER BY id LIMIT 3000")
        tracking = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT reports, seconds, generated_at::text, rows, states FROM bench_meta")
        meta = dict(zip(("reports", "seconds", "generated_at", "rows", "states"), cursor.fetchone(), strict=True))
    leaves = Category.objects.filter(children__isnull=True, is_active=True)
    districts = {}
    for d in District.objects.all():
        districts.setdefault(d.jurisdiction_id, []).append(d.pk)
    print(json.dumps({
        "cookies": {name: session_for(user) for name, user in users.items()},
        "tracking_ids": tracking,
        "locations": [{"id": j.pk, "code": j.code, "districts": districts.get(j.pk, [])}
                      for j in Jurisdiction.objects.filter(level__in=["regency", "city"])],
        "categories": [{"id": c.pk, "slug": c.slug} for c in leaves],
        "roads_category": Category.objects.get(slug="jalan-kabupaten-kota").pk,
        "inbox_cursors": inbox_cursors(users, Category.objects.get(slug="jalan-kabupaten-kota").pk),
        "dashboards": dashboard_paths(),
        "staff_dashboards": staff_dashboards(Jurisdiction.objects.get(code="73"), makassar, pupr,
                                             Category.objects.get(slug="jalan-kabupaten-kota").pk),
        "meta": meta,
    }))


if __name__ == "__main__":
    main()

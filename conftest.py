"""The shared test cast. Permission tests read as a story: "eko cannot see gita's report".

- ayu: a citizen with an account
- budi: admin of the province;   indah: leader of the province (governor)
- citra: admin of Kota Makassar; hadi: leader of Kota Makassar (mayor)
- dewi: admin of Kabupaten Gowa
- eko: sub-admin of Makassar's Dinas PUPR; fajar: its head
- gita: sub-admin of Makassar's Dinas Pendidikan
- joko: sub-admin of Gowa's Dinas PUPR
"""

import os
import time
import types

import pytest

from baruga.accounts.models import Membership, Role, User
from baruga.complaints import actions
from baruga.complaints.models import Kind
from baruga.directory.models import Agency, Category, CategoryRoute, District, Jurisdiction, Level

PASSWORD = "rahasia-sekali-123"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """Concurrent runs against one PostgreSQL server must not share (and drop) one test database."""
    from django.conf import settings

    for db in settings.DATABASES.values():
        if db["ENGINE"].endswith("postgresql"):
            db.setdefault("TEST", {})["NAME"] = f"test_{db['NAME']}_{os.getpid()}"


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _default_language():
    """A request in English leaves English active in the thread (LocaleMiddleware activates, nothing
    deactivates): every test starts in the default language, whatever ran before it."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _second_factor(request, monkeypatch):
    """A force_login-ed staff member counts as having given the second factor, as after a real sign-in;
    tests marked `real_2fa` go through the real steps (baruga.accounts.twofactor)."""
    if request.node.get_closest_marker("real_2fa") is None:
        from baruga.accounts import twofactor

        monkeypatch.setattr(twofactor, "session_is_verified", lambda request: True)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit and detection counters live in the cache: every test starts from zero."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _steady_rate_windows(monkeypatch):
    """django-ratelimit counts in fixed windows (a minute, an hour): a test that happened to cross a
    window's edge would get a fresh budget halfway and fail now and then. Its clock stands still
    during each test, so every request of a test falls in the same window."""
    import django_ratelimit.core

    now = time.time()
    monkeypatch.setattr(django_ratelimit.core, "time", types.SimpleNamespace(time=lambda: now))


def _user(username, first_name, **extra):
    return User.objects.create_user(
        username=username, password=PASSWORD, first_name=first_name, email=f"{username}@contoh.id", **extra
    )


@pytest.fixture
def cast(db):
    c = types.SimpleNamespace()
    c.national = Jurisdiction.objects.create(code="00", name="Pemerintah Pusat", level=Level.NATIONAL, is_external=True)
    c.province = Jurisdiction.objects.create(code="73", name="Provinsi Sulawesi Selatan", level=Level.PROVINCE,
                                             parent=c.national)
    c.makassar = Jurisdiction.objects.create(code="73.71", name="Kota Makassar", level=Level.CITY, parent=c.province)
    c.gowa = Jurisdiction.objects.create(code="73.06", name="Kabupaten Gowa", level=Level.REGENCY, parent=c.province)
    c.tamalate = District.objects.create(jurisdiction=c.makassar, name="Tamalate")
    c.somba_opu = District.objects.create(jurisdiction=c.gowa, name="Somba Opu")

    c.bina_marga = Agency.objects.create(jurisdiction=c.province, name="Dinas Bina Marga dan Bina Konstruksi",
                                         short_name="Dinas BMBK")
    c.pupr = Agency.objects.create(jurisdiction=c.makassar, name="Dinas PUPR Makassar", short_name="Dinas PUPR")
    c.disdik = Agency.objects.create(jurisdiction=c.makassar, name="Dinas Pendidikan Makassar", short_name="Disdik")
    c.pupr_gowa = Agency.objects.create(jurisdiction=c.gowa, name="Dinas PUPR Gowa", short_name="Dinas PUPR")

    c.roads = Category.objects.create(slug="jalan", name="Jalan dan Jembatan")
    c.city_road = Category.objects.create(slug="jalan-kota", name="Jalan kabupaten/kota", parent=c.roads,
                                          authority="regency")
    c.province_road = Category.objects.create(slug="jalan-provinsi", name="Jalan provinsi", parent=c.roads,
                                              authority="province")
    CategoryRoute.objects.create(category=c.city_road, jurisdiction=c.makassar, agency=c.pupr)
    CategoryRoute.objects.create(category=c.city_road, jurisdiction=c.gowa, agency=c.pupr_gowa)
    CategoryRoute.objects.create(category=c.province_road, jurisdiction=c.province, agency=c.bina_marga)

    c.ayu = _user("ayu", "Ayu")
    for name, first, role, scope in [
        ("budi", "Budi", Role.ADMIN, c.province),
        ("indah", "Indah", Role.LEADER, c.province),
        ("citra", "Citra", Role.ADMIN, c.makassar),
        ("hadi", "Hadi", Role.LEADER, c.makassar),
        ("dewi", "Dewi", Role.ADMIN, c.gowa),
        ("eko", "Eko", Role.SUBADMIN, c.pupr),
        ("fajar", "Fajar", Role.HEAD, c.pupr),
        ("gita", "Gita", Role.SUBADMIN, c.disdik),
        ("joko", "Joko", Role.SUBADMIN, c.pupr_gowa),
    ]:
        user = _user(name, first)
        field = "jurisdiction" if role in (Role.ADMIN, Role.LEADER) else "agency"
        Membership.objects.create(user=user, role=role, **{field: scope})
        setattr(c, name, user)
    return c


@pytest.fixture
def file_report(cast):
    """File a report as ayu (or a guest) about a Makassar road; returns the report (and the guest secret)."""

    def _file(reporter=None, *, guest=False, **overrides):
        fields = dict(
            kind=Kind.COMPLAINT, title="Jalan berlubang di Jl. Daeng Tata",
            body="Lubang besar di depan sekolah, sudah dua minggu belum diperbaiki dan membahayakan pengendara.",
            location=cast.makassar, district=cast.tamalate, category=None,
            contact_name="Ayu Lestari", contact_email="ayu.lestari@contoh.id", contact_phone="081234567890",
        )
        fields.update(overrides)
        report, secret = actions.submit_report(reporter=None if guest else (reporter or cast.ayu), **fields)
        return (report, secret) if guest else report

    return _file


@pytest.fixture
def dispatched_report(cast, file_report):
    """A Makassar road report verified by citra and dispatched to Dinas PUPR (eko, fajar)."""
    report = file_report(category=cast.city_road)
    actions.verify(actor=cast.citra, report=report, title=report.title, category=cast.city_road)
    actions.dispatch(actor=cast.citra, report=report, agency=cast.pupr)
    report.refresh_from_db()
    return report

"""`manage.py seed_demo` on an empty database: logins per role, reports in every state, honest histories.

Each test loads the full South Sulawesi reference data, so each takes a few seconds.
"""

import datetime as dt
import io
import re
import sys
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from baruga.accounts.models import Membership, Role, User
from baruga.complaints import demo, permissions
from baruga.complaints.models import Kind, Report, ReportEvent, Response, State
from baruga.directory.models import Agency, Jurisdiction

pytestmark = pytest.mark.django_db

EXPECTED_MEMBERSHIPS = {
    "admin.sulsel": {(Role.ADMIN, "Provinsi Sulawesi Selatan", True)},
    "admin.makassar": {(Role.ADMIN, "Kota Makassar", False)},
    "admin.gowa": {(Role.ADMIN, "Kabupaten Gowa", False)},
    "opd.binamarga": {(Role.SUBADMIN, "Dinas Bina Marga dan Bina Konstruksi", False)},
    "kepala.binamarga": {(Role.HEAD, "Dinas Bina Marga dan Bina Konstruksi", False)},
    "opd.pupr.makassar": {(Role.SUBADMIN, "Dinas Pekerjaan Umum dan Penataan Ruang Makassar", False)},
    "kepala.pupr.makassar": {(Role.HEAD, "Dinas Pekerjaan Umum dan Penataan Ruang Makassar", False)},
    "opd.disdik.makassar": {(Role.SUBADMIN, "Dinas Pendidikan Makassar", False)},
    "gubernur": {(Role.LEADER, "Provinsi Sulawesi Selatan", False)},
    "walikota.makassar": {(Role.LEADER, "Kota Makassar", False)},
    "ppid.sulsel": {(Role.PPID, "Provinsi Sulawesi Selatan", False)},
    "atasan.ppid.sulsel": {(Role.PPID_SUPERIOR, "Provinsi Sulawesi Selatan", False)},
    "warga": set(),
    "admin": set(),
}


def seed_demo(*args):
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (User, Membership, Report, ReportEvent, Response, Jurisdiction, Agency)
    }


def assert_histories_are_consistent(*, spread_over_days):
    now = timezone.now()
    for report in Report.objects.prefetch_related("events"):
        events = list(report.events.all())
        assert events[0].action == "submit", report.tracking_id
        assert events[-1].to_state == report.state, report.tracking_id
        times = [event.created_at for event in events]
        assert times == sorted(times) and times[-1] <= now, report.tracking_id
        assert report.created_at >= now - dt.timedelta(days=spread_over_days), report.tracking_id


def test_it_seeds_logins_and_reports_in_every_state():
    output = seed_demo()

    users = {u.username: u for u in User.objects.prefetch_related("memberships__jurisdiction", "memberships__agency")}
    # The complaints demo's logins; the apps above it (dissemination, Satu Data) add their own, each with a role.
    assert set(EXPECTED_MEMBERSHIPS) <= set(users)
    for username in set(users) - set(EXPECTED_MEMBERSHIPS):
        assert users[username].memberships.exists() and users[username].check_password(demo.PASSWORD), username
    for username, expected in EXPECTED_MEMBERSHIPS.items():
        actual = {(m.role, str(m.jurisdiction.name if m.jurisdiction else m.agency.name), m.is_lead)
                  for m in users[username].memberships.all()}
        assert actual == expected, username
        assert users[username].check_password(demo.PASSWORD), username
        assert users[username].first_name and users[username].last_name, username
    assert users["admin"].is_superuser and users["admin"].is_staff
    assert users["warga"].get_full_name() == "Andi Pratiwi" and users["warga"].email and users["warga"].phone
    assert Agency.objects.get(name="Dinas Bina Marga dan Bina Konstruksi").requires_response_approval

    states = set(Report.objects.values_list("state", flat=True))
    assert len(states) >= 8
    assert states == set(State.values)
    assert Report.objects.count() >= 35
    assert Report.objects.filter(reporter=users["warga"]).exists()
    assert Report.objects.filter(reporter=None).count() > Report.objects.exclude(reporter=None).count()
    assert set(Report.objects.values_list("kind", flat=True)) == set(Kind.values)
    assert Report.objects.filter(is_anonymous=True).exists() and Report.objects.filter(is_confidential=True).exists()
    assert any(permissions.is_public(r) for r in Report.objects.filter(body__contains="0812-3456-7890"))
    assert Report.objects.filter(duplicate_of__isnull=False).count() == 1
    assert Response.objects.filter(status=Response.Status.PENDING, agency__name__startswith="Dinas Bina Marga").count() == 1
    assert_histories_are_consistent(spread_over_days=demo.DAYS_BACK)
    assert Report.objects.filter(created_at__lt=timezone.now() - dt.timedelta(days=30)).exists()

    # Every report has a spot near its place, so the dashboards' map has points to show.
    assert not Report.objects.filter(latitude=None).exists()
    makassar = Report.objects.filter(location__code="73.71").values_list("latitude", "longitude")
    assert all(abs(lat - Decimal("-5.14")) <= Decimal("0.03") and abs(lon - Decimal("119.42")) <= Decimal("0.03")
               for lat, lon in makassar)

    assert demo.PASSWORD in output and "http://127.0.0.1:8000/" in output
    assert "kepala.binamarga" in output and "/lacak/" in output and "?k=" in output


def test_a_second_run_changes_nothing():
    seed_demo()
    before = counts()

    output = seed_demo()

    assert "already" in output
    assert counts() == before


def test_without_time_machine_every_report_still_walks_its_lifecycle(monkeypatch):
    monkeypatch.setitem(sys.modules, "time_machine", None)  # `import time_machine` now fails
    started = timezone.now()

    output = seed_demo()

    assert "time-machine is not installed" in output
    assert len(set(Report.objects.values_list("state", flat=True))) == len(State.values)
    assert_histories_are_consistent(spread_over_days=1)
    assert not ReportEvent.objects.filter(created_at__lt=started).exists()


def test_it_refuses_a_database_that_is_in_use():
    User.objects.create_user(username="budi")

    with pytest.raises(CommandError, match="--force"):
        seed_demo()
    assert not Report.objects.exists()


@pytest.mark.real_2fa
def test_it_prints_an_enrolment_code_for_each_staff_login_that_opens_the_app_set_up(client):
    output = seed_demo()
    codes = dict(re.findall(r"^ +(\S+) +([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})$", output, re.M))
    assert set(codes) == set(EXPECTED_MEMBERSHIPS) - {"warga"}
    client.post("/akun/masuk/", {"username": "opd.pupr.makassar", "password": demo.PASSWORD})
    assert client.post("/akun/dua-langkah/pasang/",
                       {"enrolment_code": codes["opd.pupr.makassar"]}).status_code == 302
    assert "data:image/svg" in client.get("/akun/dua-langkah/pasang/").text

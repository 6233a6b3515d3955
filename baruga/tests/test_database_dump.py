"""A copy of the database shows no personal value in clear: not the account holders' names, e-mails
and phone numbers, not the reporters' contacts, not a NIK — in any table (README, "Personal data at
rest"; docs/architecture.md, "Personal data").

The demo is seeded, then a citizen signs up, mistypes her password once while signing in with her
e-mail (django-axes keeps the attempt), signs in, asks for a password reset (a queued task), sets an
SMS number, files one open and one anonymous report; a guest files one with a NIK. Tasks go to the
database queue, as in production. Then every column of every row of every table is read through the
database connection (and, on PostgreSQL, the whole database through `pg_dump` if it is installed), and
none of the personal values may appear.

What stays in clear by design (not checked here): the username, a sign-in name the citizen chooses
(the sign-up form refuses an e-mail address as username and says not to use one's name); the words of
a report (the reporter writes them for the agency; a public report is published).
"""

import os
import shutil
import subprocess

import pytest
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from baruga.accounts.models import User
from baruga.complaints import actions, demo
from baruga.complaints.models import Kind, Report
from baruga.directory.models import Category, Jurisdiction
from baruga.notifications.models import Preference

PASSWORD = "kata-sandi-panjang-sekali-7"
CITIZEN = {"username": "wtenri", "first_name": "Wahyuni Tenriangke", "email": "wahyuni.tenriangke@contoh.id",
           "phone": "081377889911"}
GUEST = {"contact_name": "Baso Lolo Pakkanna", "contact_email": "baso.pakkanna@contoh.id",
         "contact_phone": "085266778899"}
GUEST_NIK = "7371014404920005"
SMS_NUMBER = "082199887766"

# What must not be found (compared without regard to case): names, e-mails (whole and the local part),
# phone numbers (the digits after the prefix, so +62 and 0 forms are both caught), the NIK; the demo
# citizen's e-mail and number, and demo staff members' names (staff are account holders too).
SECRETS = ["Wahyuni", "Tenriangke", "wahyuni.tenriangke", "77889911", "Baso Lolo", "Pakkanna", "baso.pakkanna",
           "66778899", GUEST_NIK, "99887766", "andi.pratiwi@example.org", "34567890",
           "Kamaruddin", "Mappiasse", "Pananrangi", "Haerul"]


def every_row_of_every_table():
    """All columns of all rows of all tables, read through the connection, as one text."""
    lines = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                values = [bytes(v).decode("utf-8", "replace") if isinstance(v, (bytes, memoryview)) else str(v)
                          for v in row]
                lines.append(f"{table}: " + " | ".join(values))
    return "\n".join(lines)


def pg_dump():
    """The database as `pg_dump` writes it (PostgreSQL only, if pg_dump is installed and fits the server)."""
    executable = shutil.which("pg_dump")
    if connection.vendor != "postgresql" or executable is None:
        return None
    s = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": s.get("PASSWORD") or ""}
    result = subprocess.run([executable, "--no-owner", "-h", s.get("HOST") or "localhost", "-p",
                             str(s.get("PORT") or 5432), "-U", s.get("USER") or "postgres", s["NAME"]],
                            capture_output=True, text=True, env=env, timeout=300)
    if result.returncode != 0 and "version mismatch" in result.stderr:
        return None
    assert result.returncode == 0, result.stderr
    return result.stdout


def found_in(text, secrets):
    low = text.lower()
    return [secret for secret in secrets if secret.lower() in low]


def lines_with(text, secrets):
    return [line[:300] for line in text.splitlines() if found_in(line, secrets)][:15]


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}})
def test_a_copy_of_the_database_shows_no_personal_value_of_any_account_or_reporter(client):
    demo.seed()

    # A citizen signs up, signs out, mistypes her password signing in with her e-mail, signs in.
    response = client.post(reverse("accounts:signup"), {**CITIZEN, "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:2000]
    client.post(reverse("accounts:logout"))
    client.post(reverse("accounts:login"), {"username": CITIZEN["email"], "password": "salah-ketik-1234"})
    response = client.post(reverse("accounts:login"), {"username": CITIZEN["email"], "password": PASSWORD})
    assert response.status_code == 302
    citizen = User.objects.get(email=CITIZEN["email"])
    assert client.session["_auth_user_id"] == str(citizen.pk)
    Preference.objects.create(user=citizen, gateway_enabled=True, gateway_phone=SMS_NUMBER)
    client.post(reverse("accounts:password_reset"), {"email": CITIZEN["email"]})

    makassar = Jurisdiction.objects.get(code="73.71")
    road = Category.objects.filter(authority="regency").first()
    common = dict(kind=Kind.COMPLAINT, body="Lampu jalan padam sejak sepekan, gelap dan rawan di malam hari.",
                  location=makassar, category=road)
    open_report, _ = actions.submit_report(reporter=citizen, title="Lampu jalan padam di Jl. Hertasning",
                                           contact_name=CITIZEN["first_name"], contact_email=CITIZEN["email"],
                                           contact_phone=CITIZEN["phone"], **common)
    anonymous, _ = actions.submit_report(reporter=citizen, title="Pungutan liar di loket kelurahan",
                                         is_anonymous=True, **common)
    guest_report, _ = actions.submit_report(reporter=None, title="Saluran air tersumbat di Jl. Veteran",
                                            **GUEST, **common)
    contact = guest_report.contact
    contact.nik = GUEST_NIK
    contact.save()
    assert Report.objects.count() > 3
    assert client.post(reverse("accounts:my_data_export")).status_code == 200  # audited with its references

    dump = every_row_of_every_table()
    assert open_report.tracking_id in dump and anonymous.tracking_id in dump  # the dump is real and complete
    assert "wtenri" in dump  # the username is a chosen sign-in name, kept in clear (see the docstring)
    assert not found_in(dump, SECRETS), "\n".join(lines_with(dump, SECRETS))
    # Nor which account filed the anonymous report: no row names both (its username or its id as the
    # audit details write it), and the report's own row names no account.
    linked = [line[:300] for line in dump.splitlines() if anonymous.tracking_id in line
              and ("wtenri" in line or f'"user_id": {citizen.pk}' in line)]
    assert not linked, "\n".join(linked)
    assert Report.objects.filter(pk=anonymous.pk, reporter__isnull=True).exists()
    assert open_report.tracking_id in "\n".join(line for line in dump.splitlines() if "privacy.export" in line)

    dumped = pg_dump()
    if dumped is not None:
        assert guest_report.tracking_id in dumped
        assert not found_in(dumped, SECRETS), "\n".join(lines_with(dumped, SECRETS))

"""Incidents and the UU 27/2022 3×24-hour notification clock of a personal-data breach."""

import datetime as dt
import re

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from baruga.accounts.models import User
from baruga.security.models import Incident, IncidentEntry, SecurityEvent
from baruga.security.tests.officers import make_officer

WITA = dt.timezone(dt.timedelta(hours=8))
DETECTED = dt.datetime(2026, 3, 2, 9, 0, tzinfo=WITA)


def _breach(**extra):
    return Incident.objects.create(title="Ekspor data pelapor bocor", personal_data_breach=True,
                                   detected_at=DETECTED, **extra)


def _local(value):
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def test_a_breach_must_be_notified_within_72_hours_of_detection(db):
    incident = _breach()
    assert incident.notify_deadline == DETECTED + dt.timedelta(hours=72)
    assert incident.remaining(DETECTED + dt.timedelta(hours=30)) == dt.timedelta(hours=42)
    assert not incident.is_overdue(DETECTED + dt.timedelta(hours=71, minutes=59))
    assert incident.is_overdue(DETECTED + dt.timedelta(hours=72, minutes=1))


def test_an_incident_without_personal_data_has_no_clock(db):
    incident = Incident.objects.create(title="Pemindaian port", detected_at=DETECTED)
    assert incident.notify_deadline is None and incident.remaining() is None and not incident.is_overdue()


def test_the_clock_stops_when_both_subjects_and_authority_are_notified(db):
    incident = _breach(subjects_notified_at=DETECTED + dt.timedelta(hours=20))
    assert incident.is_overdue(DETECTED + dt.timedelta(hours=80))  # the authority is still missing
    incident.authority_notified_at = DETECTED + dt.timedelta(hours=30)
    incident.save()
    assert incident.remaining() is None and not incident.is_overdue(DETECTED + dt.timedelta(hours=80))
    assert not incident.notified_late


def test_a_notice_after_the_deadline_stays_flagged_as_late(db):
    incident = _breach(subjects_notified_at=DETECTED + dt.timedelta(hours=20),
                       authority_notified_at=DETECTED + dt.timedelta(hours=75))
    assert incident.notified_late


def test_a_notice_cannot_predate_the_detection(db):
    incident = Incident(title="x", personal_data_breach=True, detected_at=DETECTED,
                        authority_notified_at=DETECTED - dt.timedelta(hours=1))
    with pytest.raises(ValidationError) as refused:
        incident.full_clean()
    assert "tidak boleh sebelum insiden terdeteksi" in refused.value.message_dict["authority_notified_at"][0]


def test_the_database_refuses_a_notice_before_the_detection_too(db):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Incident.objects.create(title="x", detected_at=DETECTED, subjects_notified_at=DETECTED - dt.timedelta(days=1))


def test_a_breach_cannot_be_closed_before_the_notices(db):
    incident = _breach(status=Incident.Status.CLOSED)
    with pytest.raises(ValidationError) as refused:
        incident.full_clean()
    assert "baru dapat ditutup setelah subjek data dan lembaga diberi tahu" in refused.value.message_dict["status"][0]


def test_the_dashboard_shows_the_remaining_time_and_flags_overdue_notices(client, db):
    running = _breach()
    Incident.objects.create(title="Akun admin dibobol", personal_data_breach=True,
                            detected_at=DETECTED - dt.timedelta(days=5))
    client.force_login(make_officer())
    with time_machine.travel(DETECTED + dt.timedelta(hours=30, minutes=15), tick=False):
        page = client.get("/keamanan/").text
    assert "sisa 41 jam 45 menit" in page
    assert "TERLAMBAT" in page and "1 insiden kebocoran data pribadi melewati batas" in page
    assert f'href="/keamanan/insiden/{running.pk}/"' in page


def test_the_officer_records_an_incident_from_an_event(client, db):
    event = SecurityEvent.objects.create(kind="mass_download", severity="high", ip="192.0.2.0/24")
    sari = make_officer()
    client.force_login(sari)
    form = client.get(f"/keamanan/insiden/baru/?peristiwa={event.pk}")
    assert re.search(rf'name="events" value="{event.pk}"[^>]* checked', form.text)
    now = timezone.localtime().replace(second=0, microsecond=0)
    response = client.post("/keamanan/insiden/baru/", {
        "title": "Unduhan massal lampiran", "description": "Akun OPD mengunduh 100 lampiran.", "severity": "high",
        "status": "open", "detected_at": _local(now), "personal_data_breach": "on", "events": [event.pk],
        "note": "Akun dibekukan sementara."})
    incident = Incident.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/keamanan/insiden/{incident.pk}/"
    assert incident.created_by == sari and list(incident.events.all()) == [event]
    assert incident.notify_deadline == now + dt.timedelta(hours=72)
    assert IncidentEntry.objects.get(incident=incident).text == "Akun dibekukan sementara."


def test_an_update_writes_the_timeline_and_refuses_an_early_notice_time(client, db):
    incident = Incident.objects.create(title="Unduhan massal", personal_data_breach=True,
                                       detected_at=timezone.now() - dt.timedelta(hours=5))
    client.force_login(make_officer())
    base = {"title": incident.title, "description": "", "severity": "high", "detected_at": _local(
        incident.detected_at), "personal_data_breach": "on"}
    refused = client.post(f"/keamanan/insiden/{incident.pk}/", {
        **base, "status": "contained", "authority_notified_at": _local(incident.detected_at - dt.timedelta(hours=2))})
    assert refused.status_code == 400
    assert "Waktu pemberitahuan kepada lembaga tidak boleh sebelum insiden terdeteksi" in refused.text
    incident.refresh_from_db()
    assert incident.status == "open"

    done = client.post(f"/keamanan/insiden/{incident.pk}/", {
        **base, "status": "contained", "subjects_notified_at": _local(timezone.now() - dt.timedelta(hours=1)),
        "note": "Server diisolasi dari jaringan."})
    assert done.status_code == 302
    entry = IncidentEntry.objects.get(incident=incident)
    assert "Tahap: Terdeteksi → Terisolasi." in entry.text and "Subjek data diberi tahu pada" in entry.text
    assert "Server diisolasi dari jaringan." in entry.text
    page = client.get(f"/keamanan/insiden/{incident.pk}/").text
    assert "lembaga belum diberi tahu" in page


def test_the_admin_gives_the_same_message(client, db):
    root = User.objects.create_superuser("root", "root@contoh.id", "x")
    client.force_login(root)
    response = client.post("/admin/security/incident/add/", {
        "title": "x", "description": "", "severity": "medium", "status": "open",
        "detected_at_0": "2026-03-02", "detected_at_1": "09:00:00", "personal_data_breach": "on",
        "subjects_notified_at_0": "2026-03-01", "subjects_notified_at_1": "09:00:00",
        "entries-TOTAL_FORMS": "0", "entries-INITIAL_FORMS": "0"})
    assert response.status_code == 200
    assert "Waktu pemberitahuan kepada subjek data tidak boleh sebelum insiden terdeteksi" in response.text
    assert not Incident.objects.exists()

"""A year's SKB of national holidays and cuti bersama, loaded from a CSV file in one step.

The `holidays` package estimates the Islamic holidays of a coming year ("perkiraan"). The lists
below are test data for an SKB that decides otherwise than the estimate, not an official list.
"""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from baruga.audit.models import AuditEntry
from baruga.clocks import calendar, decrees
from baruga.clocks.checks import next_year_decree_loaded
from baruga.clocks.models import CalendarDay

WITA = ZoneInfo("Asia/Makassar")
REFERENCE = "SKB uji Nomor 1/2/3 Tahun 2026"

# Idul Fitri a day before the package's estimate (10–11 March 2027), and shorter cuti bersama.
DIFFERING_SKB = """date,name,kind
2027-01-01,Tahun Baru 2027 Masehi,libur nasional
2027-03-08,Hari Suci Nyepi,libur nasional
2027-03-09,Hari Raya Idul Fitri 1448 H,libur nasional
2027-03-10,Hari Raya Idul Fitri 1448 H,libur nasional
2027-03-11,Cuti Bersama Idul Fitri,cuti bersama
2027-03-12,Cuti Bersama Idul Fitri,cuti bersama
2027-05-17,Hari Raya Idul Adha 1448 H,libur nasional
"""


def _admin(django_user_model, client):
    boss = django_user_model.objects.create_superuser("kalender", "k@contoh.id", "sandi-panjang-123")
    client.force_login(boss)
    return boss


def _upload(client, text, *, year=2027, reference=REFERENCE):
    return client.post(reverse("admin:clocks_calendarday_load_decree"), {
        "year": year, "reference": reference,
        "file": SimpleUploadedFile("skb.csv", text.encode(), content_type="text/csv"),
    }, follow=True)


def test_an_skb_that_differs_from_the_estimate_moves_a_running_deadline(client, django_user_model, cast, file_report):
    with time_machine.travel(dt.datetime(2027, 3, 4, 9, 0, tzinfo=WITA), tick=False):  # a Thursday
        report = file_report(category=cast.city_road)
        # Fri 5 counts; 8–15 March are Nyepi, estimated Idul Fitri and cuti bersama; Tue 16, Wed 17 count.
        assert report.due_at == dt.datetime(2027, 3, 17, 16, 0, tzinfo=WITA)
        _admin(django_user_model, client)
        response = _upload(client, DIFFERING_SKB)
        assert response.status_code == 200
        assert "SKB tahun 2027 dimuat: 5 libur nasional, 2 cuti bersama" in response.text
        report.refresh_from_db()
        # Under the SKB, Monday 15 March is a working day: Fri 5, Mon 15, Tue 16.
        assert report.due_at == dt.datetime(2027, 3, 16, 16, 0, tzinfo=WITA)
        fifteenth = CalendarDay.objects.get(date=dt.date(2027, 3, 15))
        assert fifteenth.kind == CalendarDay.Kind.WORKDAY and fifteenth.decree == REFERENCE
        assert CalendarDay.objects.get(date=dt.date(2027, 3, 11)).kind == CalendarDay.Kind.COLLECTIVE_LEAVE


def test_loading_an_skb_is_audited_with_who_and_what(client, django_user_model, cast):
    boss = _admin(django_user_model, client)
    _upload(client, DIFFERING_SKB)
    entry = AuditEntry.objects.get(action="calendar.load_decree")
    assert entry.actor == boss
    assert entry.details["year"] == 2027 and entry.details["reference"] == REFERENCE
    assert entry.details["holidays"] == 5 and entry.details["collective_leave"] == 2


def test_a_file_with_any_bad_row_is_refused_row_by_row_and_changes_nothing(
    client, django_user_model, cast, file_report
):
    bad = """tanggal;nama;jenis
2027-01-01;Tahun Baru 2027 Masehi;libur nasional
2027-02-30;Tanggal mustahil;libur nasional
2026-12-25;Natal tahun lalu;libur nasional
2027-03-09;;libur nasional
2027-03-10;Idul Fitri;libur daerah
01-01-2027;Tahun Baru lagi;libur nasional
"""
    with time_machine.travel(dt.datetime(2027, 3, 4, 9, 0, tzinfo=WITA), tick=False):
        report = file_report(category=cast.city_road)
        due = report.due_at
        _admin(django_user_model, client)
        response = _upload(client, bad)
    text = response.text
    assert "tidak ada yang diubah" in text
    assert "Baris 3: tanggal “2027-02-30” tidak dikenali" in text
    assert "Baris 4: tanggal 25-12-2026 bukan di tahun 2027" in text
    assert "Baris 5: nama hari libur kosong" in text
    assert "Baris 6: jenis “libur daerah” tidak dikenal" in text
    assert "Baris 7: tanggal 01-01-2027 sudah ada di baris 2" in text
    assert "Baris 2" not in text.replace("baris 2.", "")  # the good row is not blamed
    assert CalendarDay.objects.count() == 0
    assert not AuditEntry.objects.filter(action="calendar.load_decree").exists()
    report.refresh_from_db()
    assert report.due_at == due


@pytest.mark.parametrize("content, message", [
    ("", "Berkas kosong."),
    ("when,what\n2027-01-01,Tahun Baru\n", "tidak ditemukan: date, name, kind"),
    ("date,name,kind\n", "tidak berisi satu hari pun"),
    ("date,name,kind\n2027-01-01,Tahun Baru,libur nasional\n".encode("utf-16"), "bukan teks UTF-8"),
])
def test_files_that_are_not_an_skb_list_are_refused_with_a_reason(content, message):
    data = content if isinstance(content, bytes) else content.encode()
    days, errors = decrees.read_decree_csv(data, year=2027)
    assert days == [] and message in " ".join(errors)


def test_a_corrected_skb_replaces_the_earlier_one_and_keeps_the_administrators_own_entries(
    client, django_user_model, cast
):
    CalendarDay.objects.create(date=dt.date(2027, 4, 12), name="Hari jadi instansi (keputusan daerah)")
    CalendarDay.objects.create(date=dt.date(2027, 3, 9), name="Perkiraan admin")
    _admin(django_user_model, client)
    _upload(client, DIFFERING_SKB)
    assert CalendarDay.objects.get(date=dt.date(2027, 3, 9)).decree == REFERENCE  # taken over
    corrected = DIFFERING_SKB.replace("2027-03-12,Cuti Bersama Idul Fitri,cuti bersama\n", "")
    _upload(client, corrected, reference="SKB uji perubahan")
    assert not CalendarDay.objects.filter(date=dt.date(2027, 3, 12), kind="leave").exists()
    assert CalendarDay.objects.get(date=dt.date(2027, 3, 9)).decree == "SKB uji perubahan"
    assert CalendarDay.objects.get(date=dt.date(2027, 4, 12)).decree == ""  # not from an SKB: kept
    assert calendar.calendar_status(dt.date(2026, 12, 7)).decrees[2027].collective_leave == 1


def test_the_calendar_admin_shows_estimated_days_and_whether_next_years_skb_is_in(client, django_user_model, cast):
    with time_machine.travel(dt.datetime(2026, 12, 7, 9, 0, tzinfo=WITA), tick=False):
        _admin(django_user_model, client)
        page = client.get(reverse("admin:clocks_calendarday_changelist")).text
        assert "SKB hari libur nasional dan cuti bersama tahun 2027 belum dimuat" in page
        assert "10-03-2027" in page and "Hari Raya Idul Fitri (perkiraan)" in page
        assert reverse("admin:clocks_calendarday_load_decree") in page
        _upload(client, DIFFERING_SKB)
        page = client.get(reverse("admin:clocks_calendarday_changelist")).text
        assert "belum dimuat" not in page
        assert f"SKB tahun 2027 sudah dimuat ({REFERENCE}): 5 libur nasional, 2 cuti bersama" in page
        assert "(perkiraan)" not in page  # every estimated day is settled by the SKB


def test_the_inbox_tells_administrators_not_opd_staff(client, cast):
    with time_machine.travel(dt.datetime(2026, 12, 7, 9, 0, tzinfo=WITA), tick=False):
        client.force_login(cast.citra)  # admin of Makassar
        page = client.get(reverse("complaints:inbox")).text
        assert "SKB hari libur nasional dan cuti bersama tahun 2027 belum dimuat" in page
        client.force_login(cast.eko)  # OPD sub-admin
        assert "belum dimuat" not in client.get(reverse("complaints:inbox")).text
    with time_machine.travel(dt.datetime(2026, 6, 1, 9, 0, tzinfo=WITA), tick=False):
        client.force_login(cast.citra)  # June: no SKB due yet, no estimated day within 90 days
        assert "calendar-notice" not in client.get(reverse("complaints:inbox")).text
    with time_machine.travel(dt.datetime(2027, 2, 1, 9, 0, tzinfo=WITA), tick=False):
        client.force_login(cast.citra)  # Idul Fitri 2027 is an estimate and five weeks away
        page = client.get(reverse("complaints:inbox")).text
        assert "masih perkiraan" in page and "10-03-2027" in page


def test_the_deploy_check_warns_from_october_until_next_years_skb_is_loaded(cast):
    with time_machine.travel(dt.datetime(2026, 9, 30, 12, 0, tzinfo=WITA), tick=False):
        assert next_year_decree_loaded(None) == []
    with time_machine.travel(dt.datetime(2026, 10, 1, 12, 0, tzinfo=WITA), tick=False):
        [warning] = next_year_decree_loaded(None)
        assert warning.id == "clocks.W001" and warning.is_serious() is False
        assert "tahun 2027 belum dimuat" in warning.msg and "10-03-2027" in warning.msg
        days, _errors = decrees.read_decree_csv(DIFFERING_SKB.encode(), year=2027)
        from baruga.clocks.services import load_holiday_decree

        load_holiday_decree(actor=None, year=2027, reference=REFERENCE, days=days)
        assert next_year_decree_loaded(None) == []


def test_the_deploy_check_runs_only_with_deploy():
    from django.core.checks import registry

    assert next_year_decree_loaded in registry.registry.get_checks(include_deployment_checks=True)
    assert next_year_decree_loaded not in registry.registry.get_checks(include_deployment_checks=False)


def test_the_command_loads_a_file_and_refuses_a_bad_one(cast, tmp_path):
    good, bad = tmp_path / "skb.csv", tmp_path / "salah.csv"
    good.write_text(DIFFERING_SKB)
    bad.write_text("date,name,kind\n2027-13-01,Bulan ketiga belas,libur nasional\n")
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 masalah; tidak ada yang diubah"):
        call_command("load_holiday_decree", str(bad), year=2027, reference=REFERENCE, stderr=err)
    assert "Baris 2: tanggal “2027-13-01” tidak dikenali" in err.getvalue()
    assert CalendarDay.objects.count() == 0
    out = io.StringIO()
    call_command("load_holiday_decree", str(good), year=2027, reference=REFERENCE, stdout=out)
    assert "SKB tahun 2027 dimuat: 5 libur nasional, 2 cuti bersama" in out.getvalue()
    assert AuditEntry.objects.get(action="calendar.load_decree").actor is None

"""An administrator's new calendar entry moves the deadlines that are already running."""

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse

from baruga.clocks.models import CalendarDay

WITA = ZoneInfo("Asia/Makassar")


def _admin(django_user_model, client):
    boss = django_user_model.objects.create_superuser("kalender", "k@contoh.id", "sandi-panjang-123")
    client.force_login(boss)


def test_a_cuti_bersama_added_in_the_admin_moves_a_running_deadline(client, django_user_model, cast, file_report):
    with time_machine.travel(dt.datetime(2026, 10, 5, 9, 0, tzinfo=WITA), tick=False):  # a Monday
        report = file_report(category=cast.city_road)
        assert report.due_at == dt.datetime(2026, 10, 8, 16, 0, tzinfo=WITA)  # Thursday
        _admin(django_user_model, client)
        response = client.post(reverse("admin:clocks_calendarday_add"),
                               {"date": "2026-10-07", "kind": "holiday", "name": "Cuti bersama (SKB)"}, follow=True)
        assert response.status_code == 200 and CalendarDay.objects.count() == 1
        assert "disesuaikan dengan kalender baru" in response.text
        report.refresh_from_db()
        assert report.due_at == dt.datetime(2026, 10, 9, 16, 0, tzinfo=WITA)  # one day later

        day = CalendarDay.objects.get()
        client.post(reverse("admin:clocks_calendarday_delete", args=[day.pk]), {"post": "yes"})
        report.refresh_from_db()
        assert report.due_at == dt.datetime(2026, 10, 8, 16, 0, tzinfo=WITA)


def test_a_regional_holiday_moves_only_that_jurisdictions_deadlines(client, django_user_model, cast, file_report):
    with time_machine.travel(dt.datetime(2026, 10, 5, 9, 0, tzinfo=WITA), tick=False):
        makassar = file_report(category=cast.city_road)
        gowa = file_report(category=cast.city_road, location=cast.gowa, district=None)
        _admin(django_user_model, client)
        client.post(reverse("admin:clocks_calendarday_add"), {
            "date": "2026-10-07", "kind": "holiday", "name": "Hari jadi Kota Makassar", "jurisdiction": cast.makassar.pk,
        })
        makassar.refresh_from_db()
        gowa.refresh_from_db()
        assert makassar.due_at == dt.datetime(2026, 10, 9, 16, 0, tzinfo=WITA)
        assert gowa.due_at == dt.datetime(2026, 10, 8, 16, 0, tzinfo=WITA)

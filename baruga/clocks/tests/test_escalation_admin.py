"""The admin for the calendar, durations and escalation chains: bad configuration gets a clear message.

The cast's Makassar has a head only at Dinas PUPR (fajar); Disdik (gita) and Gowa's PUPR (joko)
have no head, and Gowa has no leader.
"""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from baruga.clocks.models import CalendarDay, ClockPolicy, EscalationStep


def add(client, model, data):
    return client.post(reverse(f"admin:clocks_{model}_add"), data)


def errors_of(response):
    form = response.context["adminform"].form
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- calendar ---------------------------------------------------------------------------------------

def test_a_duplicate_instance_holiday_is_refused_with_a_clear_message(admin_client, cast):
    CalendarDay.objects.create(date=dt.date(2026, 10, 20), name="Cuti bersama tambahan")

    response = add(admin_client, "calendarday", {"date": "2026-10-20", "kind": "holiday", "name": "Libur lagi"})

    assert response.status_code == 200
    assert "sudah" in errors_of(response) and "Cuti bersama tambahan" in errors_of(response)
    assert CalendarDay.objects.count() == 1


def test_a_duplicate_regional_holiday_is_refused(admin_client, cast):
    CalendarDay.objects.create(date=dt.date(2026, 11, 9), name="Hari Jadi Kota Makassar", jurisdiction=cast.makassar)

    response = add(admin_client, "calendarday", {"date": "2026-11-09", "kind": "holiday", "name": "HUT Makassar",
                                                 "jurisdiction": cast.makassar.pk})

    assert response.status_code == 200
    assert "sudah" in errors_of(response)
    assert CalendarDay.objects.count() == 1


def test_a_regional_entry_over_an_instance_entry_is_saved_with_a_warning(admin_client, cast):
    CalendarDay.objects.create(date=dt.date(2026, 11, 9), name="Cuti bersama")

    response = add(admin_client, "calendarday", {"date": "2026-11-09", "kind": "workday", "name": "Tetap masuk",
                                                 "jurisdiction": cast.makassar.pk})

    assert response.status_code == 302
    assert any("kalender instansi" in m for m in messages_of(response))


def test_a_holiday_on_a_national_holiday_or_weekend_is_flagged_as_having_no_effect(admin_client, cast):
    response = add(admin_client, "calendarday", {"date": "2026-08-17", "kind": "holiday", "name": "HUT RI"})
    assert any("sudah libur nasional" in m for m in messages_of(response))
    response = add(admin_client, "calendarday", {"date": "2026-10-10", "kind": "holiday", "name": "Sabtu"})
    assert any("akhir pekan" in m for m in messages_of(response))


def test_the_calendar_lists_by_year(admin_client, cast):
    CalendarDay.objects.create(date=dt.date(2026, 10, 20), name="Libur daerah 2026")
    CalendarDay.objects.create(date=dt.date(2027, 1, 4), name="Libur daerah 2027")

    response = admin_client.get(reverse("admin:clocks_calendarday_changelist"), {"tahun": "2027"})

    assert response.status_code == 200
    assert "Libur daerah 2027" in response.text and "Libur daerah 2026" not in response.text


# --- durations --------------------------------------------------------------------------------------

@pytest.mark.parametrize("days", ["0", "-3", "61"])
def test_a_duration_outside_one_to_sixty_working_days_is_refused(admin_client, cast, days):
    response = add(admin_client, "clockpolicy", {"clock": "follow_up", "jurisdiction": cast.makassar.pk,
                                                 "working_days": days})

    assert response.status_code == 200
    assert "Durasi harus antara 1 dan 60 hari kerja." in errors_of(response)
    assert not ClockPolicy.objects.exists()


def test_a_second_policy_for_the_same_stage_and_place_is_refused(admin_client, cast):
    ClockPolicy.objects.create(clock="follow_up", jurisdiction=cast.makassar, working_days=7)
    response = add(admin_client, "clockpolicy", {"clock": "follow_up", "jurisdiction": cast.makassar.pk,
                                                 "working_days": "9"})
    assert "sudah ada" in errors_of(response)
    assert ClockPolicy.objects.count() == 1


# --- escalation chains ------------------------------------------------------------------------------

def step(clock="follow_up", level=1, after="0", target="agency_head", jurisdiction=None):
    data = {"clock": clock, "level": str(level), "after_working_days": after, "target": target}
    if jurisdiction is not None:
        data["jurisdiction"] = jurisdiction.pk
    return data


def test_a_step_that_reaches_nobody_somewhere_is_saved_with_a_warning(admin_client, cast):
    response = add(admin_client, "escalationstep", step(jurisdiction=cast.makassar))

    assert response.status_code == 302
    assert EscalationStep.objects.count() == 1
    warning = next(m for m in messages_of(response) if "belum punya penerima" in m)
    assert "Disdik" in warning and "Dinas PUPR" not in warning  # fajar heads Makassar's PUPR


def test_a_step_everyone_is_reached_by_saves_without_a_warning(admin_client, cast):
    response = add(admin_client, "escalationstep", step(target="leaders", level=2, after="2",
                                                        jurisdiction=cast.makassar))
    assert response.status_code == 302
    assert not any("belum punya penerima" in m for m in messages_of(response))


def test_the_step_list_shows_where_nobody_would_be_reached(admin_client, cast):
    EscalationStep.objects.create(clock="follow_up", level=1, after_working_days=0, target="agency_head")
    EscalationStep.objects.create(clock="follow_up", level=2, after_working_days=2, target="leaders")

    response = admin_client.get(reverse("admin:clocks_escalationstep_changelist"))

    assert response.status_code == 200
    assert "tanpa penerima di:" in response.text
    assert "Kabupaten Gowa" in response.text  # Gowa has no leader
    assert "Disdik" in response.text
    assert "memakai rantai bawaan" in response.text  # verification still runs on the chain in code


def test_the_step_list_costs_the_same_for_many_steps(admin_client, cast, django_assert_max_num_queries):
    url = reverse("admin:clocks_escalationstep_changelist")
    EscalationStep.objects.create(clock="follow_up", level=1, after_working_days=0, target="agency_head")
    with django_assert_max_num_queries(40) as few:
        admin_client.get(url)
    for jurisdiction in (cast.makassar, cast.gowa, cast.province):
        for level, target in enumerate(["agency_head", "agency_staff", "admins", "leaders", "admin_lead"], 1):
            EscalationStep.objects.create(clock="follow_up", level=level, after_working_days=level,
                                          target=target, jurisdiction=jurisdiction)
    with django_assert_max_num_queries(len(few.captured_queries) + 5):
        admin_client.get(url)


def test_a_verification_step_cannot_target_the_opd(admin_client, cast):
    response = add(admin_client, "escalationstep", step(clock="verification", target="agency_head"))
    assert response.status_code == 200
    assert "belum punya OPD" in errors_of(response)


@pytest.mark.parametrize("level,after,message", [
    ("0", "0", "Tingkat eskalasi harus antara 1 dan 5."),
    ("6", "0", "Tingkat eskalasi harus antara 1 dan 5."),
    ("1", "-1", "Jeda eskalasi harus antara 0 dan 60 hari kerja."),
    ("1", "61", "Jeda eskalasi harus antara 0 dan 60 hari kerja."),
])
def test_levels_and_delays_out_of_range_are_refused(admin_client, cast, level, after, message):
    response = add(admin_client, "escalationstep", step(level=level, after=after))
    assert response.status_code == 200
    assert message in errors_of(response)
    assert not EscalationStep.objects.exists()


def test_a_level_twice_in_one_chain_is_refused(admin_client, cast):
    EscalationStep.objects.create(clock="follow_up", level=1, after_working_days=0, target="agency_head")
    response = add(admin_client, "escalationstep", step(target="leaders"))
    assert response.status_code == 200
    assert "sudah ada" in errors_of(response)


def test_a_jurisdictions_first_step_says_it_replaces_the_default_chain(admin_client, cast):
    response = add(admin_client, "escalationstep", step(target="leaders", jurisdiction=cast.makassar))
    assert any("rantai bawaan tidak berlaku lagi" in m for m in messages_of(response))


def test_escalations_are_listed_read_only(admin_client, cast):
    response = admin_client.get(reverse("admin:clocks_escalation_changelist"))
    assert response.status_code == 200
    assert admin_client.get(reverse("admin:clocks_escalation_add")).status_code == 403

""""Dukung laporan ini": a citizen supports a public report instead of filing the same matter again.

Counted once per account and once per guest browser (a signed cookie); only the count is shown.
"""

import pytest
from django.test import Client
from django.urls import reverse

from baruga.complaints import actions
from baruga.complaints.models import ReportEvent, Support
from baruga.complaints.tests.builders import fresh


@pytest.fixture
def public_report(cast, file_report):
    report = file_report(category=cast.city_road)
    actions.verify(actor=cast.citra, report=report, title=report.title, category=cast.city_road)
    return fresh(report)


@pytest.fixture
def rudi(cast):
    from baruga.accounts.models import User

    return User.objects.create_user(username="rudi", password="rahasia-sekali-123", first_name="Rudi")


def _support_url(report):
    return reverse("complaints:support", args=[report.tracking_id])


def test_an_account_is_counted_once(public_report, rudi):
    assert actions.support_report(actor=rudi, report=public_report) == (True, 1)
    assert actions.support_report(actor=rudi, report=public_report) == (False, 1)
    assert Support.objects.filter(report=public_report).count() == 1


def test_a_support_writes_no_history_entry(public_report, rudi):
    before = ReportEvent.objects.filter(report=public_report).count()
    actions.support_report(actor=rudi, report=public_report)
    assert ReportEvent.objects.filter(report=public_report).count() == before


def test_a_guest_browser_is_counted_once_and_another_browser_again(public_report):
    guest = Client()
    assert guest.post(_support_url(public_report)).status_code == 302
    guest.post(_support_url(public_report))
    assert Support.objects.filter(report=public_report).count() == 1
    assert Client().post(_support_url(public_report)).status_code == 302
    assert Support.objects.filter(report=public_report).count() == 2
    # Only the cookie token's hash is kept.
    token = guest.cookies["baruga_dukung"].value
    assert not Support.objects.filter(guest_key__contains=token.split(":")[0]).exists()


def test_the_public_page_shows_the_count_and_who_already_supported(client, public_report, rudi):
    page = client.get(reverse("complaints:public_detail", args=[public_report.tracking_id])).text
    assert "Didukung 0 warga" in page and "Dukung laporan ini" in page
    client.force_login(rudi)
    response = client.post(_support_url(public_report), follow=True)
    assert "Terima kasih, dukungan Anda tercatat." in response.text
    assert "Didukung 1 warga" in response.text and "Anda sudah mendukung laporan ini." in response.text
    assert "rudi" not in response.text.lower().split("didukung 1 warga")[1][:300]


def test_staff_see_the_count(client, cast, public_report, rudi):
    actions.support_report(actor=rudi, report=public_report)
    client.force_login(cast.citra)
    page = client.get(reverse("complaints:staff_detail", args=[public_report.tracking_id])).text
    assert "Didukung 1 warga" in page


def test_the_reporter_cannot_support_their_own_report(cast, public_report):
    with pytest.raises(actions.ActionError) as refused:
        actions.support_report(actor=cast.ayu, report=public_report)
    assert "Ini laporan Anda sendiri" in refused.value.messages[0]
    assert not Support.objects.exists()


def test_confidential_or_unverified_reports_cannot_be_supported(client, cast, file_report, rudi):
    submitted = file_report(category=cast.city_road)
    with pytest.raises(actions.ActionError) as refused:
        actions.support_report(actor=rudi, report=submitted)
    assert "hanya laporan publik yang masih ditangani" in refused.value.messages[0]
    # Over the web the same report is simply not there, as its public page is not.
    assert client.post(_support_url(submitted)).status_code == 404
    assert client.post(reverse("complaints:support", args=["BRG-XXXX-XXXX"])).status_code == 404
    assert not Support.objects.exists()


def test_a_finished_report_shows_its_count_but_takes_no_more_support(client, public_report, rudi):
    actions.support_report(actor=rudi, report=public_report)
    public_report.__class__.objects.filter(pk=public_report.pk).update(state="finished")
    response = client.post(_support_url(public_report), follow=True)
    assert "hanya laporan publik yang masih ditangani" in response.text
    assert "Didukung 1 warga" in response.text
    assert Support.objects.count() == 1


def test_a_guest_without_a_token_is_refused(public_report):
    with pytest.raises(actions.ActionError):
        actions.support_report(actor=None, report=public_report, guest_token="")


def test_support_is_post_only(client, public_report):
    assert client.get(_support_url(public_report)).status_code == 405


def test_the_api_counts_a_signed_in_citizen_once(client, public_report, rudi):
    from baruga.complaints.tests.api_helpers import post

    path = f"/reports/{public_report.tracking_id}/support"
    assert post(client, path).status_code == 401
    client.force_login(rudi)
    first = post(client, path)
    assert first.status_code == 201 and first.json() == {
        "tracking_id": public_report.tracking_id, "supported": True, "support_count": 1}
    again = post(client, path)
    assert again.status_code == 200 and again.json()["supported"] is False and again.json()["support_count"] == 1


def test_the_api_refuses_the_reporter_and_hides_what_is_not_public(client, cast, file_report, public_report):
    from baruga.complaints.tests.api_helpers import post

    client.force_login(cast.ayu)
    refused = post(client, f"/reports/{public_report.tracking_id}/support")
    assert refused.status_code == 409 and "Ini laporan Anda sendiri" in refused.json()["detail"]
    hidden = file_report(category=cast.city_road)
    assert post(client, f"/reports/{hidden.tracking_id}/support").status_code == 404
    assert not Support.objects.exists()


def test_supports_from_one_address_are_rate_limited(settings, cast, file_report):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "support": "2/h"}
    reports = []
    for _n in range(3):
        report = file_report(category=cast.city_road)
        actions.verify(actor=cast.citra, report=report, title=report.title, category=cast.city_road)
        reports.append(report)
    # A guest clearing cookies between supports: a new browser each time, the same address.
    statuses = [Client().post(_support_url(r)).status_code for r in reports]
    assert statuses == [302, 302, 429]
    assert Support.objects.count() == 2


def test_the_opd_sees_the_count_too(client, cast, dispatched_report, rudi):
    actions.support_report(actor=rudi, report=dispatched_report)
    client.force_login(cast.eko)
    page = client.get(reverse("complaints:staff_detail", args=[dispatched_report.tracking_id])).text
    assert "Didukung 1 warga" in page and "rudi" not in page.lower()

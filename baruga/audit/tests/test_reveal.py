"""An anonim reporter's identity: hidden even from the admin until revealed with a written reason, and audited."""

import pytest
from django.urls import reverse

from baruga.audit.models import AuditEntry
from baruga.complaints import actions
from baruga.complaints.tests.api_helpers import get, post
from baruga.complaints.tests.builders import bring_to
from baruga.complaints.models import State

IDENTITY = ("Ayu Lestari", "ayu.lestari@contoh.id", "081234567890")
REASON = "Klarifikasi lokasi kejadian langsung dengan pelapor."


@pytest.fixture
def anonim_report(cast, file_report):
    return bring_to(file_report(category=cast.city_road, is_anonymous=True), State.DISPATCHED, agency=cast.pupr)


def _detail(client, report):
    return client.get(reverse("complaints:staff_detail", args=[report.tracking_id]))


def _reveal(client, report, reason):
    return client.post(reverse("complaints:reveal_identity", args=[report.tracking_id]), {"reason": reason})


def _reveals():
    return AuditEntry.objects.filter(action="report.reveal_identity")


def test_citra_sees_an_anonim_identity_only_after_giving_a_reason(client, cast, anonim_report):
    client.force_login(cast.citra)
    page = _detail(client, anonim_report)
    assert "Identitas disembunyikan (anonim)" in page.text and "Tampilkan identitas" in page.text
    assert not any(secret in page.text for secret in IDENTITY)

    revealed = _reveal(client, anonim_report, REASON)
    assert revealed.status_code == 200
    assert all(secret in revealed.text for secret in IDENTITY)
    assert "no-store" in revealed["Cache-Control"]
    entry = _reveals().get()
    assert (entry.actor, entry.actor_label, entry.reason, entry.report_ref) == (
        cast.citra, "citra", REASON, anonim_report.tracking_id)
    assert entry.details == {"fields": ["name", "email", "phone"]} and entry.ip == "127.0.0.0/24"
    assert not any(secret in str(entry.details) for secret in IDENTITY)

    again = _detail(client, anonim_report)  # for that response only: nothing kept in the session
    assert not any(secret in again.text for secret in IDENTITY)


@pytest.mark.parametrize("reason", ["", "    ", "penting", "  123456789  "])
def test_a_missing_or_short_reason_reveals_and_records_nothing(client, cast, anonim_report, reason):
    client.force_login(cast.citra)
    refused = _reveal(client, anonim_report, reason)
    assert refused.status_code == 400
    assert not any(secret in refused.text for secret in IDENTITY)
    assert "Identitas disembunyikan (anonim)" in refused.text
    assert not _reveals().exists()


@pytest.mark.parametrize("who", ["eko", "fajar", "hadi", "indah", "gita", "dewi", "budi", "ayu"])
def test_no_one_but_the_admin_can_reveal(client, cast, anonim_report, who):
    client.force_login(getattr(cast, who))
    refused = _reveal(client, anonim_report, REASON)
    assert refused.status_code == 404
    assert not any(secret in refused.text for secret in IDENTITY)
    assert not _reveals().exists()


def test_the_action_refuses_opd_staff_and_leaders(cast, anonim_report):
    for user in (cast.eko, cast.hadi):
        with pytest.raises(actions.ActionError):
            actions.reveal_identity(actor=user, report=anonim_report, reason=REASON)
    assert not _reveals().exists()


def test_the_reveal_form_is_only_offered_to_the_admin(client, cast, anonim_report):
    for who in ("eko", "hadi"):
        client.force_login(getattr(cast, who))
        page = _detail(client, anonim_report)
        assert "Disembunyikan (anonim)" in page.text and "Tampilkan identitas" not in page.text


def test_a_named_reporter_is_shown_to_staff_as_before_and_views_are_not_audited(client, cast, dispatched_report):
    for who in ("citra", "eko", "fajar", "hadi"):
        client.force_login(getattr(cast, who))
        page = _detail(client, dispatched_report)
        assert "Ayu Lestari" in page.text and "Tampilkan identitas" not in page.text, who
    client.force_login(cast.citra)
    assert _reveal(client, dispatched_report, REASON).status_code == 302  # nothing to reveal
    assert not _reveals().exists()


def test_the_api_reveals_with_a_reason_and_records_it(client, cast, anonim_report):
    client.force_login(cast.citra)
    url = f"/staff/reports/{anonim_report.tracking_id}"
    assert get(client, url).json()["identity"] is None
    short = post(client, f"{url}/reveal-identity", {"reason": "singkat"})
    assert short.status_code == 422 and not _reveals().exists()  # too short for the schema
    revealed = post(client, f"{url}/reveal-identity", {"reason": REASON})
    assert revealed.json()["identity"]["name"] == "Ayu Lestari"
    assert _reveals().get().reason == REASON
    client.force_login(cast.eko)
    assert post(client, f"{url}/reveal-identity", {"reason": REASON}).status_code == 403
    assert _reveals().count() == 1


def test_an_anonim_reporters_file_names_are_not_shown_to_the_admin_in_the_api(client, cast, file_report):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, "PNG")
    report = file_report(category=cast.city_road, is_anonymous=True,
                         attachments=[SimpleUploadedFile("KTP_Ayu_Lestari.png", buffer.getvalue())])
    client.force_login(cast.citra)
    body = get(client, f"/staff/reports/{report.tracking_id}").json()
    assert "Ayu" not in str(body["attachments"])

"""Staff pages: scoped inboxes, the report file, transitions through forms, attachments, query counts."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from baruga.complaints import actions
from baruga.complaints.models import InternalNote, State


def _png():
    out = io.BytesIO()
    Image.new("RGB", (10, 10), "blue").save(out, format="PNG")
    return SimpleUploadedFile("bukti.png", out.getvalue(), content_type="image/png")


def test_citizens_and_strangers_never_reach_the_staff_inbox(client, cast):
    assert client.get(reverse("complaints:inbox")).status_code == 302  # to login
    client.force_login(cast.ayu)
    assert client.get(reverse("complaints:inbox")).status_code == 404


def test_the_inbox_shows_only_the_users_scope(client, cast, file_report, dispatched_report):
    gowa = file_report(location=cast.gowa, district=None, category=cast.city_road, title="Jalan rusak di Gowa")
    client.force_login(cast.citra)
    page = client.get(reverse("complaints:inbox"))
    assert dispatched_report.tracking_id in page.text and gowa.tracking_id not in page.text
    client.force_login(cast.dewi)
    page = client.get(reverse("complaints:inbox"))
    assert gowa.tracking_id in page.text and dispatched_report.tracking_id not in page.text
    client.force_login(cast.gita)
    assert dispatched_report.tracking_id not in client.get(reverse("complaints:inbox")).text


@pytest.mark.parametrize("who", ["gita", "dewi", "joko", "budi", "ayu"])
def test_staff_outside_the_scope_get_404_on_the_report_and_its_actions(client, cast, dispatched_report, who):
    client.force_login(getattr(cast, who))
    url = reverse("complaints:staff_detail", args=[dispatched_report.tracking_id])
    assert client.get(url).status_code == 404
    response = client.post(reverse("complaints:transition", args=[dispatched_report.tracking_id, "accept"]))
    assert response.status_code == 404
    dispatched_report.refresh_from_db()
    assert dispatched_report.state == State.DISPATCHED


def test_an_admin_verifies_and_dispatches_through_the_forms(client, cast, file_report):
    report = file_report(category=cast.city_road)
    client.force_login(cast.citra)
    detail = client.get(reverse("complaints:staff_detail", args=[report.tracking_id]))
    assert "Verifikasi" in detail.text and "Ayu Lestari" in detail.text
    client.post(reverse("complaints:transition", args=[report.tracking_id, "verify"]), {
        "title": "Jalan berlubang Jl. Daeng Tata", "category": cast.city_road.pk, "tags": "jalan, darurat",
    })
    response = client.post(reverse("complaints:transition", args=[report.tracking_id, "dispatch"]),
                           {"agency": cast.pupr.pk, "note": "Mohon segera"}, follow=True)
    assert "Berhasil" in response.text
    report.refresh_from_db()
    assert report.state == State.DISPATCHED and report.agency == cast.pupr
    assert sorted(report.tags.values_list("name", flat=True)) == ["darurat", "jalan"]


def test_dispatch_suggests_the_agency_routed_for_the_category(client, cast, file_report):
    report = file_report(category=cast.city_road)
    actions.verify(actor=cast.citra, report=report, title=report.title, category=cast.city_road)
    client.force_login(cast.citra)
    page = client.get(reverse("complaints:staff_detail", args=[report.tracking_id]))
    assert f'<option value="{cast.pupr.pk}" selected>' in page.text


def test_dispatch_to_an_agency_of_another_jurisdiction_is_refused(client, cast, file_report):
    report = file_report(category=cast.city_road)
    actions.verify(actor=cast.citra, report=report, title=report.title, category=cast.city_road)
    client.force_login(cast.citra)
    response = client.post(reverse("complaints:transition", args=[report.tracking_id, "dispatch"]),
                           {"agency": cast.pupr_gowa.pk}, follow=True)
    assert "pilihan yang valid" in response.text
    report.refresh_from_db()
    assert report.state == State.VERIFIED and report.agency is None


def test_an_illegal_transition_gets_a_clear_message_and_changes_nothing(client, cast, file_report):
    report = file_report(category=cast.city_road)
    client.force_login(cast.citra)
    response = client.post(reverse("complaints:transition", args=[report.tracking_id, "finish"]), follow=True)
    assert "tidak dapat dilakukan pada laporan berstatus" in response.text
    report.refresh_from_db()
    assert report.state == State.SUBMITTED and report.events.count() == 1


def test_an_unknown_action_is_404(client, cast, file_report):
    report = file_report(category=cast.city_road)
    client.force_login(cast.citra)
    assert client.post(reverse("complaints:transition", args=[report.tracking_id, "hapus"])).status_code == 404


def test_staff_actions_refuse_get(client, cast, dispatched_report):
    client.force_login(cast.eko)
    response = client.get(reverse("complaints:transition", args=[dispatched_report.tracking_id, "accept"]))
    assert response.status_code == 405


def test_the_opd_responds_with_an_attachment_and_keeps_internal_notes(client, cast, dispatched_report):
    client.force_login(cast.eko)
    tid = dispatched_report.tracking_id
    client.post(reverse("complaints:transition", args=[tid, "note"]), {"body": "Cek lokasi hari Senin"})
    client.post(reverse("complaints:transition", args=[tid, "respond"]),
                {"body": "Jalan sudah ditambal.", "attachments": [_png()]})
    dispatched_report.refresh_from_db()
    assert dispatched_report.state == State.RESPONDED
    assert InternalNote.objects.get().body == "Cek lokasi hari Senin"
    # The reporter never sees internal notes.
    client.force_login(cast.ayu)
    page = client.get(reverse("complaints:track", args=[tid]))
    assert "Jalan sudah ditambal." in page.text and "Cek lokasi hari Senin" not in page.text


def test_the_head_approves_a_response_where_the_opd_requires_it(client, cast, dispatched_report):
    cast.pupr.requires_response_approval = True
    cast.pupr.save()
    tid = dispatched_report.tracking_id
    client.force_login(cast.eko)
    client.post(reverse("complaints:transition", args=[tid, "respond"]), {"body": "Draf jawaban"})
    client.force_login(cast.ayu)
    assert "Draf jawaban" not in client.get(reverse("complaints:track", args=[tid])).text
    client.force_login(cast.fajar)
    page = client.get(reverse("complaints:staff_detail", args=[tid]))
    assert "Setujui tindak lanjut" in page.text
    client.post(reverse("complaints:transition", args=[tid, "approve_response"]))
    client.force_login(cast.ayu)
    assert "Draf jawaban" in client.get(reverse("complaints:track", args=[tid])).text


def test_opd_staff_never_see_an_anonymous_reporters_identity(client, cast, file_report):
    report = file_report(category=cast.city_road, is_anonymous=True)
    actions.verify(actor=cast.citra, report=report, title=report.title, category=cast.city_road)
    actions.dispatch(actor=cast.citra, report=report, agency=cast.pupr)
    for who in ("eko", "fajar", "hadi", "indah"):
        client.force_login(getattr(cast, who))
        page = client.get(reverse("complaints:staff_detail", args=[report.tracking_id]))
        assert page.status_code == 200
        for secret in ("Ayu Lestari", "ayu.lestari@contoh.id", "081234567890", "Ayu"):
            assert secret not in page.text, (who, secret)
    client.force_login(cast.citra)  # the admin sees it only through a reveal with a reason (audited)
    page = client.get(reverse("complaints:staff_detail", args=[report.tracking_id]))
    assert "Ayu Lestari" not in page.text and "Identitas disembunyikan (anonim)" in page.text
    revealed = client.post(reverse("complaints:reveal_identity", args=[report.tracking_id]),
                           {"reason": "Klarifikasi lokasi langsung dengan pelapor."})
    assert "Ayu Lestari" in revealed.text


def test_attachments_are_served_only_to_those_who_may_see_them(client, cast, file_report):
    report = file_report(category=cast.city_road, is_confidential=True, attachments=[_png()])
    attachment = report.attachments.get()
    url = reverse("complaints:attachment", args=[attachment.pk])
    assert client.get(url).status_code == 404  # public, confidential report
    client.force_login(cast.gita)
    assert client.get(url).status_code == 404  # another OPD
    client.force_login(cast.citra)
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_a_pdf_is_always_served_as_a_download(client, cast, file_report):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    out = io.BytesIO()
    writer.write(out)
    report = file_report(category=cast.city_road, attachments=[SimpleUploadedFile("a.pdf", out.getvalue())])
    client.force_login(cast.citra)
    response = client.get(reverse("complaints:attachment", args=[report.attachments.get().pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/pdf"


def _make_reports(cast, file_report, n):
    for i in range(n):
        report = file_report(category=cast.city_road, title=f"Laporan nomor {i}")
        actions.verify(actor=cast.citra, report=report, title=report.title, category=cast.city_road,
                       tags=["jalan"])
        actions.dispatch(actor=cast.citra, report=report, agency=cast.pupr)


@pytest.mark.parametrize("who", ["citra", "eko", "hadi"])
def test_the_inbox_query_count_does_not_grow_with_the_number_of_reports(client, cast, file_report, who,
                                                                         django_assert_max_num_queries):
    client.force_login(getattr(cast, who))
    _make_reports(cast, file_report, 2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("complaints:inbox"))
    _make_reports(cast, file_report, 8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("complaints:inbox"))
    assert page.text.count("report-item") == 10


def test_the_public_list_query_count_is_fixed(client, cast, file_report, django_assert_num_queries):
    _make_reports(cast, file_report, 12)
    with django_assert_num_queries(4):  # count, page, session-free categories and locations of the form
        client.get(reverse("complaints:public_list"))

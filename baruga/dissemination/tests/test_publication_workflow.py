"""Publications: draft → review → approved by the head of the communications unit → published."""

import datetime as dt

import pytest
from django.utils import timezone

from baruga.audit.models import AuditEntry
from baruga.complaints.permissions import SYSTEM
from baruga.dissemination import actions, permissions, sweep
from baruga.dissemination.models import PublicationState as S
from baruga.notifications.models import Notification

from .conftest import RELEASE, exe_upload, png_upload, wita


def test_an_opd_sub_admin_drafts_for_their_opd_and_the_head_of_the_unit_approves(humas, draft):
    publication = draft()
    assert publication.state == S.DRAFT and publication.author == humas.eko
    actions.submit(actor=humas.eko, publication=publication)
    assert Notification.objects.filter(recipient=humas.oki, kind="approval").exists()
    actions.approve(actor=humas.oki, publication=publication)
    actions.publish(actor=humas.nanda, publication=publication)
    publication.refresh_from_db()
    assert publication.state == S.PUBLISHED and publication.approved_by == humas.oki
    assert publication.published_at is not None
    codes = list(AuditEntry.objects.filter(target_id=str(publication.pk), target_type="dissemination.publication").order_by("id").values_list("action", flat=True))
    assert codes == ["dissemination.publication_create", "dissemination.submit", "dissemination.approve",
                     "dissemination.publish"]


def test_nothing_is_published_before_the_head_of_the_unit_approves(humas, draft):
    publication = draft()
    with pytest.raises(actions.ActionError, match="tidak dapat dilakukan pada publikasi berstatus “Draf”"):
        actions.publish(actor=humas.nanda, publication=publication)
    actions.submit(actor=humas.eko, publication=publication)
    with pytest.raises(actions.ActionError, match="tidak dapat dilakukan pada publikasi berstatus “Ditinjau”"):
        actions.publish(actor=humas.oki, publication=publication)
    publication.refresh_from_db()
    assert publication.state == S.REVIEW and publication.published_at is None


@pytest.mark.parametrize("who", ["nanda", "eko", "fajar", "lina", "made", "hadi", "citra"])
def test_only_the_head_of_the_unit_of_the_jurisdiction_approves(humas, draft, who):
    publication = draft()
    actions.submit(actor=humas.eko, publication=publication)
    with pytest.raises(actions.ActionError, match="tidak berwenang"):
        actions.approve(actor=getattr(humas, who), publication=publication)
    publication.refresh_from_db()
    assert publication.state == S.REVIEW and publication.approved_at is None


def test_the_head_does_not_approve_a_draft_they_wrote(humas, draft):
    publication = draft(actor=humas.oki, agency=None)
    actions.submit(actor=humas.oki, publication=publication)
    with pytest.raises(actions.ActionError, match="penulisnya sendiri"):
        actions.approve(actor=humas.oki, publication=publication)


def test_an_opd_writes_only_for_itself(humas, draft):
    with pytest.raises(actions.ActionError, match="tidak berwenang menulis"):
        draft(actor=humas.gita, agency="pupr")
    with pytest.raises(actions.ActionError, match="tidak berwenang menulis"):
        draft(actor=humas.eko, agency=None)  # the unit's own publications are humas'
    with pytest.raises(actions.ActionError, match="tidak berwenang menulis"):
        draft(actor=humas.ayu)


def test_other_opds_and_other_jurisdictions_do_not_see_a_draft(humas, draft):
    publication = draft()
    assert permissions.visible_publications(humas.eko).filter(pk=publication.pk).exists()
    assert permissions.visible_publications(humas.nanda).filter(pk=publication.pk).exists()
    for outsider in (humas.gita, humas.joko, humas.lina, humas.ayu, humas.citra):
        assert not permissions.visible_publications(outsider).filter(pk=publication.pk).exists()


def test_a_returned_publication_goes_back_to_draft_with_the_reason_and_loses_its_approval(humas, draft):
    publication = draft()
    actions.submit(actor=humas.eko, publication=publication)
    actions.approve(actor=humas.oki, publication=publication)
    with pytest.raises(actions.ActionError, match="Catatan perbaikan"):
        actions.return_to_draft(actor=humas.oki, publication=publication, reason="")
    actions.return_to_draft(actor=humas.oki, publication=publication, reason="Tambahkan kutipan kepala dinas.")
    publication.refresh_from_db()
    assert publication.state == S.DRAFT and publication.approved_at is None
    assert publication.events.last().reason == "Tambahkan kutipan kepala dinas."


def test_only_a_draft_can_be_edited(humas, draft):
    publication = draft()
    data = actions.PublicationInput(**{**RELEASE, "title": "Perbaikan Jalan Daeng Tata dimulai Senin"}, agency=humas.pupr)
    actions.update_publication(actor=humas.eko, publication=publication, data=data)
    actions.submit(actor=humas.eko, publication=publication)
    with pytest.raises(actions.ActionError, match="selama masih draf"):
        actions.update_publication(actor=humas.eko, publication=publication, data=data)
    publication.refresh_from_db()
    assert publication.title == "Perbaikan Jalan Daeng Tata dimulai Senin"


def test_a_scheduled_publication_is_published_by_the_sweep_when_its_time_comes(humas, draft, travel):
    publication = draft(scheduled_at=wita(2026, 3, 12, 8))
    actions.submit(actor=humas.eko, publication=publication)
    actions.approve(actor=humas.oki, publication=publication)
    with pytest.raises(actions.ActionError, match="dijadwalkan terbit"):
        actions.publish(actor=humas.nanda, publication=publication)
    assert sweep.run(wita(2026, 3, 11, 8))["dissemination_published"] == 0
    travel.move_to(wita(2026, 3, 12, 8, 1))
    assert sweep.run()["dissemination_published"] == 1
    publication.refresh_from_db()
    assert publication.state == S.PUBLISHED and publication.published_at == wita(2026, 3, 12, 8, 1)
    assert publication.events.last().action == "publish_scheduled" and publication.events.last().actor is None
    assert sweep.run()["dissemination_published"] == 0  # once


def test_the_sweep_does_not_publish_what_is_not_approved(humas, draft, travel):
    publication = draft(scheduled_at=wita(2026, 3, 11, 8))
    actions.submit(actor=humas.eko, publication=publication)
    travel.move_to(wita(2026, 3, 12))
    assert sweep.run()["dissemination_published"] == 0
    with pytest.raises(actions.ActionError):
        actions.publish(actor=SYSTEM, publication=publication)


def test_a_schedule_in_the_past_is_refused(humas, draft):
    with pytest.raises(actions.ActionError, match="Jadwal terbit harus di masa depan"):
        draft(scheduled_at=timezone.now() - dt.timedelta(hours=1))


def test_attachments_are_cleaned_and_forbidden_types_refused_without_a_trace(humas, draft):
    publication = draft(files=[png_upload("infografis.png")])
    stored = publication.attachments.get()
    assert stored.content_type == "image/png" and b"Pegawai Humas" not in stored.file.read()
    before = humas.makassar.publications.count()
    with pytest.raises(actions.ActionError):
        draft(title="Infografis capaian perbaikan jalan 2026", files=[exe_upload("infografis.png")])
    assert humas.makassar.publications.count() == before


def test_only_the_head_withdraws_a_published_item(humas, published):
    with pytest.raises(actions.ActionError, match="tidak berwenang"):
        actions.withdraw(actor=humas.nanda, publication=published, reason="Data anggaran keliru, diralat.")
    actions.withdraw(actor=humas.oki, publication=published, reason="Data anggaran keliru, diralat.")
    published.refresh_from_db()
    assert published.state == S.WITHDRAWN


def test_a_dip_link_must_be_open_information_of_the_same_jurisdiction(humas, draft):
    from baruga.ppid.models import PublicInformation

    exempt = PublicInformation.objects.create(jurisdiction=humas.makassar, title="Dokumen tender", category="dikecualikan",
                                              exemption_ground="b", consequence_test="Membuka dokumen mengganggu persaingan usaha.", last_updated_on=dt.date(2026, 1, 5))
    other = PublicInformation.objects.create(jurisdiction=humas.gowa, title="RKPD Gowa", category="berkala",
                                             last_updated_on=dt.date(2026, 1, 5))
    for item in (exempt, other):
        with pytest.raises(actions.ActionError, match="bukan informasi terbuka"):
            draft(public_information=item)
    fine = PublicInformation.objects.create(jurisdiction=humas.makassar, title="Rencana perbaikan jalan 2026",
                                            category="berkala", last_updated_on=dt.date(2026, 1, 5))
    assert draft(public_information=fine, category=humas.city_road).public_information == fine

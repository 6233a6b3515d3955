"""The review workflow and who may NOT do what."""

import datetime as dt

import pytest
from django.utils import timezone

from baruga.audit.models import AuditEntry
from baruga.notifications.models import Notification
from baruga.satudata import actions, permissions
from baruga.satudata.models import Comment, Dataset, State
from baruga.satudata.tests.conftest import CHECKLIST, upload

pytestmark = pytest.mark.django_db
ActionError = actions.ActionError


def test_produsen_drafts_submits_and_walidata_publishes_with_history_and_audit(data, make_dataset):
    dataset = make_dataset()
    assert dataset.state == State.DRAFT and dataset.jurisdiction == data.makassar
    actions.submit(data.pita, dataset, note="Mohon diperiksa")
    dataset.refresh_from_db()
    assert dataset.state == State.SUBMITTED and dataset.review_due is not None
    assert Notification.objects.filter(recipient=data.wulan, title__contains=dataset.title).exists()
    actions.publish(data.wulan, dataset, checklist=CHECKLIST, note="Sesuai")
    dataset.refresh_from_db()
    assert dataset.state == State.PUBLISHED and dataset.published_at and dataset.is_public
    assert [e.action for e in dataset.events.all()] == ["create", "add_resource", "submit", "publish"]
    codes = set(AuditEntry.objects.filter(target_id=str(dataset.pk)).values_list("action", flat=True))
    assert {"satudata.create", "satudata.submit", "satudata.publish"} <= codes
    assert Notification.objects.filter(recipient=data.pita, title__contains="diterbitkan").exists()


def test_review_due_counts_working_days(data, make_dataset):
    dataset = make_dataset()
    actions.submit(data.pita, dataset)
    dataset.refresh_from_db()
    today = timezone.localdate()
    assert dataset.review_due - today >= dt.timedelta(days=10)  # 10 working days: at least 2 weekends more
    assert dataset.review_due.weekday() < 5


def test_walidata_returns_with_notes_and_produsen_resubmits(data, make_dataset):
    dataset = make_dataset()
    actions.submit(data.pita, dataset)
    with pytest.raises(ActionError, match="Catatan perbaikan"):
        actions.return_dataset(data.wulan, dataset, note="")
    actions.return_dataset(data.wawan, dataset, note="Satuan belum sesuai standar BPS.",
                           checklist={"standard": False, "metadata": True})
    dataset.refresh_from_db()
    assert dataset.state == State.RETURNED
    assert Notification.objects.filter(recipient=data.pita, title__contains="dikembalikan").exists()
    actions.update_dataset(data.pita, dataset, data={"satuan": "Jiwa (orang)"}, partial=True)
    actions.submit(data.pita, dataset)
    dataset.refresh_from_db()
    assert dataset.state == State.SUBMITTED and dataset.satuan == "Jiwa (orang)"


def test_publish_needs_all_four_principles(data, make_dataset):
    dataset = make_dataset()
    actions.submit(data.pita, dataset)
    with pytest.raises(ActionError, match="keempat prinsip"):
        actions.publish(data.wulan, dataset, checklist={**CHECKLIST, "reference_codes": False})
    dataset.refresh_from_db()
    assert dataset.state == State.SUBMITTED


def test_submission_needs_the_data_standard_and_a_resource(data, make_dataset):
    dataset = make_dataset(csv=None, konsep="", license_id="")
    with pytest.raises(ActionError) as e:
        actions.submit(data.pita, dataset)
    message = " ".join(e.value.messages)
    assert "Konsep" in message and "Lisensi" in message and "sumber daya" in message


def test_priority_data_needs_the_pembina_recommendation(data, make_dataset):
    dataset = make_dataset(priority_year=2025)
    actions.submit(data.pita, dataset)
    assert Notification.objects.filter(recipient=data.bima, title__contains="prioritas").exists()
    with pytest.raises(ActionError, match="rekomendasi pembina"):
        actions.publish(data.wulan, dataset, checklist=CHECKLIST)
    with pytest.raises(ActionError, match="tidak berwenang"):
        actions.recommend(data.wulan, dataset, body="Saya bukan pembina data.")
    actions.recommend(data.bima, dataset, body="Gunakan klasifikasi kecamatan Permendagri 72/2019.")
    actions.publish(data.wulan, dataset, checklist=CHECKLIST)
    assert Comment.objects.filter(dataset=dataset, kind="recommendation").count() == 1


class TestWhoMayNot:
    def test_a_produsen_of_another_opd_cannot_touch_the_dataset(self, data, make_dataset):
        dataset = make_dataset()
        for act in (lambda: actions.update_dataset(data.dani, dataset, data={"title": "Diubah"}, partial=True),
                    lambda: actions.submit(data.dani, dataset),
                    lambda: actions.add_resource(data.dani, dataset, name="x", url="https://contoh.id/x.csv"),
                    lambda: actions.delete_dataset(data.dani, dataset)):
            with pytest.raises(ActionError, match="tidak berwenang"):
                act()
        with pytest.raises(ActionError, match="tidak berwenang"):
            actions.create_dataset(data.dani, agency=data.pupr, data={"name": "milik-orang", "title": "X"})
        assert not permissions.staff_datasets(data.dani).filter(pk=dataset.pk).exists()
        assert not permissions.visible_datasets(data.dani).filter(pk=dataset.pk).exists()

    def test_a_walidata_of_another_jurisdiction_cannot_review(self, data, make_dataset):
        dataset = make_dataset()
        actions.submit(data.pita, dataset)
        with pytest.raises(ActionError, match="tidak berwenang"):
            actions.publish(data.gilang, dataset, checklist=CHECKLIST)
        with pytest.raises(ActionError, match="tidak berwenang"):
            actions.return_dataset(data.gilang, dataset, note="Bukan wilayah saya tetapi coba.")
        assert not permissions.staff_datasets(data.gilang).filter(pk=dataset.pk).exists()

    def test_the_walidata_pendukung_returns_but_does_not_publish(self, data, make_dataset):
        dataset = make_dataset()
        actions.submit(data.pita, dataset)
        with pytest.raises(ActionError, match="tidak berwenang"):
            actions.publish(data.wawan, dataset, checklist=CHECKLIST)

    def test_the_pembina_data_reads_and_comments_only(self, data, make_dataset):
        dataset = make_dataset()
        assert not permissions.staff_datasets(data.bima).filter(pk=dataset.pk).exists()  # drafts are the OPD's
        actions.submit(data.pita, dataset)
        assert permissions.staff_datasets(data.bima).filter(pk=dataset.pk).exists()
        actions.add_comment(data.bima, dataset, body="Perlu rincian jenis kelamin.")
        for act in (lambda: actions.publish(data.bima, dataset, checklist=CHECKLIST),
                    lambda: actions.update_dataset(data.bima, dataset, data={"title": "X"}, partial=True)):
            with pytest.raises(ActionError, match="tidak berwenang"):
                act()

    def test_the_produsen_cannot_edit_or_publish_while_under_review(self, data, make_dataset):
        dataset = make_dataset()
        actions.submit(data.pita, dataset)
        with pytest.raises(ActionError, match="sedang diperiksa"):
            actions.update_dataset(data.pita, dataset, data={"title": "Diam-diam"}, partial=True)
        with pytest.raises(ActionError, match="tidak berwenang"):
            actions.publish(data.pita, dataset, checklist=CHECKLIST)

    def test_a_complaints_officer_has_no_data_role(self, data, make_dataset):
        dataset = make_dataset()
        with pytest.raises(ActionError, match="tidak berwenang"):
            actions.submit(data.eko, dataset)
        assert not permissions.is_data_staff(data.eko)

    def test_anonymous_sees_only_published_open_datasets(self, data, make_dataset, published):
        from django.contrib.auth.models import AnonymousUser

        draft = make_dataset("draf-saja")
        restricted = make_dataset("terbatas-saja", access_level="restricted")
        actions.submit(data.pita, restricted)
        actions.publish(data.wulan, restricted, checklist=CHECKLIST)
        visible = set(permissions.visible_datasets(AnonymousUser()).values_list("name", flat=True))
        assert visible == {published.name}
        # terbatas: staff of the same jurisdiction may read it, other jurisdictions may not
        assert permissions.visible_datasets(data.citra).filter(pk=restricted.pk).exists()
        assert not permissions.visible_datasets(data.dewi).filter(pk=restricted.pk).exists()
        assert not permissions.visible_datasets(data.dewi).filter(pk=draft.pk).exists()


def test_field_errors_name_their_fields_and_change_nothing(data, make_dataset):
    dataset = make_dataset()
    with pytest.raises(ActionError) as e:
        actions.update_dataset(data.pita, dataset, data={"name": "Nama Salah!", "license_id": "tidak-ada",
                                                         "frequency": "kadang", "period_start": "2025-13-01",
                                                         "groups": ["bukan-topik"], "region_code": "Makassar"},
                               partial=True)
    assert set(e.value.message_dict) == {"name", "license_id", "frequency", "period_start", "groups", "region_code"}
    dataset.refresh_from_db()
    assert dataset.name == "penduduk-kecamatan"


def test_names_are_unique(data, make_dataset):
    make_dataset("sama")
    with pytest.raises(ActionError) as e:
        make_dataset("sama")
    assert "name" in e.value.message_dict


def test_full_update_clears_missing_fields_like_ckan(data, make_dataset):
    dataset = make_dataset()
    actions.update_dataset(data.pita, dataset, data={"name": dataset.name, "title": "Judul baru"})
    dataset.refresh_from_db()
    assert dataset.title == "Judul baru" and dataset.konsep == "" and not dataset.tags.exists()


def test_withdraw_republish_and_delete(data, published):
    with pytest.raises(ActionError, match="tidak berwenang"):
        actions.delete_dataset(data.pita, published)
    actions.withdraw(data.wulan, published, note="Ada kesalahan angka Kecamatan Tallo.")
    published.refresh_from_db()
    assert published.state == State.WITHDRAWN and not published.is_public
    actions.republish(data.wulan, published)
    actions.delete_dataset(data.wulan, published)
    published.refresh_from_db()
    assert published.state == State.DELETED and published.resources.get().versions.count() == 1


def test_produsen_refreshes_published_data_with_a_new_version(data, published):
    before = published.data_updated
    resource = published.resources.get()
    actions.update_resource(data.pita, resource, upload=upload("kecamatan;tahun;jumlah\nMariso;2025;61.000\n"))
    published.refresh_from_db()
    assert published.state == State.PUBLISHED and published.data_updated > before


def test_harvested_datasets_only_by_the_system(data):
    from baruga.satudata.models import HarvestSource

    source = HarvestSource.objects.create(title="Portal Gowa", url="https://data.gowakab.go.id",
                                          jurisdiction=data.province)
    harvest = {"source": source, "remote_id": "abc", "source_url": "https://data.gowakab.go.id/dataset/x"}
    with pytest.raises(ActionError):
        actions.create_dataset(data.wulan, agency=data.pupr, data={"name": "panen", "title": "Panen"},
                               harvest=harvest)
    ds = actions.create_dataset(permissions.SYSTEM, agency=data.bina_marga,
                                data={"name": "panen", "title": "Panen"}, harvest=harvest)
    assert ds.state == State.PUBLISHED and Dataset.objects.get(pk=ds.pk).harvest_source == source

"""The portal at /data/ and the staff pages: what each visitor sees, and what they may not."""

import datetime as dt

import pytest
from django.urls import reverse

from baruga.satudata import actions
from baruga.satudata.models import State
from baruga.satudata.tests.conftest import CHECKLIST, STANDARD, upload

pytestmark = pytest.mark.django_db


def publish(data, dataset):
    actions.submit(data.pita, dataset)
    actions.publish(data.wulan, dataset, checklist=CHECKLIST)
    dataset.refresh_from_db()
    return dataset


class TestPortal:
    def test_search_lists_published_open_datasets_with_facets(self, client, data, published, make_dataset):
        make_dataset("masih-draf", title="Draf Rahasia Sekali")
        page = client.get(reverse("satudata:search"))
        assert page.status_code == 200
        html = page.content.decode()
        assert published.title in html and "Draf Rahasia" not in html
        for facet in ("OPD", "Topik", "Format", "Wilayah", "Lisensi"):
            assert f"<summary>{facet}</summary>" in html
        assert "Dinas PUPR Makassar" in html and "CSV" in html

    def test_text_search_and_facet_filter(self, client, data, published, make_dataset):
        other = publish(data, make_dataset("sekolah", title="Jumlah Sekolah Dasar", notes="Sekolah dasar negeri.",
                                           groups=["pendidikan"], tags=["sekolah"]))
        html = client.get(reverse("satudata:search"), {"q": "sekolah"}).content.decode()
        assert other.title in html and published.title not in html
        html = client.get(reverse("satudata:search"), {"topik": "administrasi-kependudukan"}).content.decode()
        assert published.title in html and other.title not in html
        html = client.get(reverse("satudata:search"), {"format": "CSV", "wilayah": "73.71"}).content.decode()
        assert published.title in html and other.title in html
        html = client.get(reverse("satudata:search"), {"wilayah": "73.06"}).content.decode()
        assert "Tidak ada dataset yang cocok" in html

    def test_facets_fold_after_the_results_and_a_chosen_opd_is_a_chip_with_its_name(self, client, data, published):
        html = client.get(reverse("satudata:search"), {"organisasi": str(data.pupr.pk)}).content.decode()
        folded = html.index('<details class="sd-filter">')
        assert "<summary>Saring hasil (1)</summary>" in html and "<details class=\"sd-filter\" open" not in html
        assert folded < html.index("sd-chosen") < html.index(published.title)
        assert f"OPD: {data.pupr.name} ✕" in html and f"OPD: {data.pupr.pk} ✕" not in html
        chip = html[html.index('<ul class="sd-chosen">'):]
        assert 'href="?"' in chip[:chip.index("</ul>")]  # removing the only filter: the whole portal again

    @pytest.mark.parametrize("params", [{"tahun": "abc"}, {"organisasi": "x'; drop"}, {"urut": "??"},
                                        {"page": "999"}, {"q": "a" * 500}])
    def test_odd_parameters_never_fail(self, client, published, params):
        assert client.get(reverse("satudata:search"), params).status_code == 200

    def test_dataset_page_shows_metadata_and_resources(self, client, published):
        html = client.get(reverse("satudata:dataset", args=[published.name])).content.decode()
        for text in ("Jiwa", "Kecamatan (Kemendagri)", "Creative Commons Attribution 4.0", "73.71", "Tahunan"):
            assert text in html

    def test_relevance_is_offered_only_when_there_are_search_words(self, client, data, published, make_dataset):
        publish(data, make_dataset("sekolah", title="Jumlah Sekolah Dasar"))
        html = client.get(reverse("satudata:search")).content.decode()
        assert "Paling relevan" not in html and "<strong>Terbaru</strong>" in html
        assert html.index("Jumlah Sekolah Dasar") < html.index(published.title)  # the newest first
        html = client.get(reverse("satudata:search"), {"urut": "relevan"}).content.decode()
        assert "Paling relevan" not in html and "<strong>Terbaru</strong>" in html
        html = client.get(reverse("satudata:search"), {"q": "penduduk"}).content.decode()
        assert "<strong>Paling relevan</strong>" in html
        html = client.get(reverse("satudata:search"), {"q": "jumlah", "urut": "judul"}).content.decode()
        assert "<strong>Judul</strong>" in html and html.index("Jumlah Penduduk") < html.index("Jumlah Sekolah")

    def test_a_missing_period_is_one_dash_and_a_description_keeps_its_lines(self, client, data, published):
        resource = published.resources.get()
        resource.description = "Satu baris per kecamatan.\nKolom:\n- jumlah: Jumlah penduduk"
        resource.save(update_fields=["description"])
        html = client.get(reverse("satudata:dataset", args=[published.name])).content.decode()
        assert "<dd>—</dd>" in html and "— – —" not in html
        assert "Kolom:<br>- jumlah: Jumlah penduduk" in html
        published.period_start = dt.date(2020, 1, 1)
        published.save(update_fields=["period_start"])
        html = client.get(reverse("satudata:dataset", args=[published.name])).content.decode()
        assert "1 Jan 2020 – …" in html

    def test_resource_page_previews_the_table_and_draws_a_chart(self, client, published):
        resource = published.resources.get()
        html = client.get(reverse("satudata:resource", args=[published.name, resource.pk])).content.decode()
        assert "<table>" in html and "Mariso" in html and "<svg" in html
        html = client.get(reverse("satudata:resource", args=[published.name, resource.pk]),
                          {"kolom": "jumlah", "menurut": "kecamatan"}).content.decode()
        assert 'role="img"' in html

    def test_download_is_the_original_file_as_an_attachment(self, client, published):
        resource = published.resources.get()
        response = client.get(reverse("satudata:download", args=[published.name, resource.pk]))
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content).startswith(b"kecamatan;tahun;jumlah")

    def test_exports_neutralise_formulas(self, client, data, make_dataset):
        dataset = publish(data, make_dataset("rumus", csv="nama,nilai\n=1+1,5\n"))
        resource = dataset.resources.get()
        response = client.get(reverse("satudata:export", args=[dataset.name, resource.pk, "csv"]))
        assert "'=1+1" in b"".join(response.streaming_content).decode("utf-8-sig")
        assert client.get(reverse("satudata:export", args=[dataset.name, resource.pk, "pdf"])).status_code == 400

    def test_drafts_terbatas_and_tertutup_are_404_for_the_public(self, client, data, make_dataset):
        draft = make_dataset("draf")
        closed = publish(data, make_dataset("tertutup", access_level="closed"))
        restricted = publish(data, make_dataset("terbatas", access_level="restricted"))
        for dataset in (draft, closed, restricted):
            resource = dataset.resources.get()
            for url in (reverse("satudata:dataset", args=[dataset.name]),
                        reverse("satudata:resource", args=[dataset.name, resource.pk]),
                        reverse("satudata:download", args=[dataset.name, resource.pk]),
                        reverse("satudata:export", args=[dataset.name, resource.pk, "csv"])):
                assert client.get(url).status_code == 404, url
        # Gowa's admin is staff elsewhere: terbatas data of Makassar stays closed to them
        client.force_login(data.dewi)
        assert client.get(reverse("satudata:dataset", args=[restricted.name])).status_code == 404
        client.force_login(data.citra)  # Makassar's complaints admin: terbatas data of the own city is readable
        assert client.get(reverse("satudata:dataset", args=[restricted.name])).status_code == 200
        assert client.get(reverse("satudata:dataset", args=[closed.name])).status_code == 404

    def test_a_resource_of_another_dataset_is_404(self, client, data, published, make_dataset):
        other = publish(data, make_dataset("lain"))
        resource = other.resources.get()
        assert client.get(reverse("satudata:resource", args=[published.name, resource.pk])).status_code == 404

    def test_a_load_failure_is_explained_and_the_file_still_downloads(self, client, data, make_dataset):
        dataset = make_dataset("rusak", csv=None)
        actions.add_resource(data.pita, dataset, name="Berkas", upload=upload(b"\x00\x01binary", "data.csv"))
        dataset = publish(data, dataset)
        resource = dataset.resources.get()
        html = client.get(reverse("satudata:resource", args=[dataset.name, resource.pk])).content.decode()
        assert "Tabel tidak dapat ditampilkan" in html and "bukan teks" in html
        assert client.get(reverse("satudata:download", args=[dataset.name, resource.pk])).status_code == 200


class TestStaffPages:
    def test_anonymous_and_citizens_and_complaints_staff_get_no_staff_pages(self, client, data, published):
        url = reverse("satudata:staff_detail", args=[published.pk])
        assert client.get(url).status_code == 302
        for user in (data.ayu, data.eko):
            client.force_login(user)
            assert client.get(reverse("satudata:staff_inbox")).status_code == 404
            assert client.get(url).status_code == 404

    def test_a_produsen_of_another_opd_gets_404(self, client, data, make_dataset):
        dataset = make_dataset()
        client.force_login(data.dani)
        assert client.get(reverse("satudata:staff_detail", args=[dataset.pk])).status_code == 404
        assert client.post(reverse("satudata:staff_act", args=[dataset.pk, "submit"])).status_code == 404
        dataset.refresh_from_db()
        assert dataset.state == State.DRAFT

    def test_produsen_creates_uploads_and_submits_through_the_pages(self, client, data):
        client.force_login(data.pita)
        assert "Dataset" in client.get(reverse("satudata:staff_inbox")).content.decode()
        form = {k: v for k, v in STANDARD.items() if k not in ("tags", "groups")}
        form.update(agency=data.pupr.pk, name="jalan-rusak", tags="jalan, infrastruktur",
                    groups=["pekerjaan-umum-penataan-ruang"], frequency="annual", access_level="open")
        response = client.post(reverse("satudata:staff_create"), form)
        assert response.status_code == 302
        from baruga.satudata.models import Dataset

        dataset = Dataset.objects.get(name="jalan-rusak")
        assert sorted(t.name for t in dataset.tags.all()) == ["infrastruktur", "jalan"]
        response = client.post(reverse("satudata:staff_add_resource", args=[dataset.pk]),
                               {"name": "", "upload": upload("ruas;panjang_km\nJl. Perintis;3,5\n", "ruas.csv")})
        assert response.status_code == 302
        resource = dataset.resources.get()
        assert resource.name == "ruas.csv" and resource.datastore_active
        client.get(reverse("satudata:staff_resource", args=[dataset.pk, resource.pk]))
        response = client.post(reverse("satudata:staff_act", args=[dataset.pk, "submit"]), {"note": ""})
        dataset.refresh_from_db()
        assert dataset.state == State.SUBMITTED

    def test_create_form_shows_field_errors(self, client, data, published):
        client.force_login(data.pita)
        response = client.post(reverse("satudata:staff_create"), {
            "agency": data.pupr.pk, "title": "Dobel", "name": published.name, "frequency": "annual",
            "access_level": "open", "region_code": "Makassar"})
        html = response.content.decode()
        assert response.status_code == 200 and "sudah dipakai" in html and "Kode wilayah Kemendagri" in html

    def test_produsen_cannot_create_for_another_opd_through_the_form(self, client, data):
        client.force_login(data.pita)
        response = client.post(reverse("satudata:staff_create"), {
            "agency": data.disdik.pk, "title": "Milik Disdik", "name": "milik-disdik", "frequency": "annual",
            "access_level": "open"})
        assert response.status_code == 200  # the form offers Dinas PUPR only: Disdik is not a valid choice
        from baruga.satudata.models import Dataset

        assert not Dataset.objects.filter(name="milik-disdik").exists()

    def test_walidata_reviews_with_the_checklist(self, client, data, make_dataset):
        dataset = make_dataset()
        actions.submit(data.pita, dataset)
        client.force_login(data.wulan)
        html = client.get(reverse("satudata:staff_detail", args=[dataset.pk])).content.decode()
        assert "empat prinsip" in html and "Terbitkan" in html
        inbox = client.get(reverse("satudata:staff_inbox")).content.decode()
        assert "Menunggu pemeriksaan" in inbox and dataset.title in inbox
        client.post(reverse("satudata:staff_act", args=[dataset.pk, "publish"]), {"standard": "on"})
        dataset.refresh_from_db()
        assert dataset.state == State.SUBMITTED
        client.post(reverse("satudata:staff_act", args=[dataset.pk, "publish"]),
                    {k: "on" for k in CHECKLIST})
        dataset.refresh_from_db()
        assert dataset.state == State.PUBLISHED

    def test_walidata_of_another_jurisdiction_cannot_publish_through_the_page(self, client, data, make_dataset):
        dataset = make_dataset()
        actions.submit(data.pita, dataset)
        client.force_login(data.gilang)
        response = client.post(reverse("satudata:staff_act", args=[dataset.pk, "publish"]),
                               {k: "on" for k in CHECKLIST})
        assert response.status_code == 404
        dataset.refresh_from_db()
        assert dataset.state == State.SUBMITTED

    def test_indicator_dashboard(self, client, data, published):
        client.force_login(data.wulan)
        html = client.get(reverse("satudata:staff_indicator")).content.decode()
        assert "Kota Makassar" in html and "1/2" in html
        client.force_login(data.pita)
        assert client.get(reverse("satudata:staff_indicator")).status_code == 404


def test_data_staff_land_on_their_dataset_list_after_sign_in(client, data):
    client.force_login(data.wulan)
    assert client.get(reverse("accounts:after_login"))["Location"] == reverse("satudata:staff_inbox")


def test_the_history_reads_in_indonesian(client, data, make_dataset):
    dataset = make_dataset()
    actions.update_dataset(data.pita, dataset, data={"title": "Judul baru"}, partial=True)
    actions.submit(data.pita, dataset)
    client.force_login(data.wulan)
    html = client.get(reverse("satudata:staff_detail", args=[dataset.pk])).content.decode()
    assert "Metadata dataset diubah" in html and "(Draf → Diajukan, menunggu pemeriksaan walidata)" in html

"""Duplicate suggestions: "Sudah dilaporkan?" while filing, "Kemungkinan duplikat" while verifying.

Both come from baruga/complaints/similar.py; the citizen sees only open public reports of the regency
or city, the admin only reports of the jurisdiction in their scope.
"""

from datetime import timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from baruga.complaints import actions, similar
from baruga.complaints.models import Report

LAT, LON = Decimal("-5.147665"), Decimal("119.432732")
# 0.00135° of latitude is 150 m; 0.027° is 3 km.
NEAR_LAT, FAR_LAT = LAT + Decimal("0.001350"), LAT + Decimal("0.027000")

TITLE = "Jalan berlubang di Jl. Daeng Tata"
BODY = "Lubang besar di depan sekolah, sudah dua minggu belum diperbaiki dan membahayakan pengendara."


def _public(cast, file_report, **fields):
    report = file_report(category=cast.city_road, **fields)
    admin = cast.dewi if report.jurisdiction_id == cast.gowa.pk else cast.citra
    actions.verify(actor=admin, report=report, title=report.title, category=cast.city_road)
    report.refresh_from_db()
    return report


def _suggest(cast, **fields):
    args = dict(title="Jln berlubang Daeng Tata", body="lubang besar depan sekolah, udh 2 minggu gak diperbaiki",
                location=cast.makassar, latitude=LAT, longitude=LON)
    args.update(fields)
    return similar.for_citizen(**args)


def test_a_near_duplicate_is_suggested_with_its_reasons(cast, file_report):
    near = _public(cast, file_report, latitude=NEAR_LAT, longitude=LON)
    matches = _suggest(cast, category_id=cast.city_road.pk)
    assert [m.report.pk for m in matches] == [near.pk]
    reasons = matches[0].reasons
    assert any(r.startswith("judul mirip ") and r.endswith("%") for r in reasons), reasons
    assert "jarak 150 m" in reasons and "kategori sama" in reasons


def test_a_far_report_with_the_same_words_is_not_suggested(cast, file_report):
    _public(cast, file_report, latitude=FAR_LAT, longitude=LON)
    assert _suggest(cast) == []


def test_a_report_about_something_else_is_not_suggested(cast, file_report):
    _public(cast, file_report, title="Lampu penerangan padam", body="Lampu jalan mati sejak kemarin malam, gelap.",
            latitude=NEAR_LAT, longitude=LON)
    assert _suggest(cast) == []


def test_without_points_the_words_decide(cast, file_report):
    same = _public(cast, file_report)
    assert [m.report.pk for m in _suggest(cast, latitude=None, longitude=None)] == [same.pk]


def test_citizens_never_see_confidential_unverified_old_finished_or_other_regency_reports(cast, file_report):
    _public(cast, file_report, is_confidential=True)
    file_report()  # submitted, not yet verified: not public
    _public(cast, file_report, location=cast.gowa, district=None)
    old = _public(cast, file_report)
    Report.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=similar.WINDOW_DAYS + 1))
    finished = _public(cast, file_report)
    Report.objects.filter(pk=finished.pk).update(state="finished")
    assert _suggest(cast) == []


def test_a_few_words_are_not_enough_to_compare(cast, file_report):
    _public(cast, file_report)
    assert _suggest(cast, title="jalan", body="") == []


def test_the_filing_page_box_shows_masked_titles_and_the_support_link(client, cast, file_report):
    report = _public(cast, file_report, title="Jalan berlubang Daeng Tata, hubungi 081234567890")
    response = client.get(reverse("complaints:similar"), {
        "title": "jln berlubang daeng tata", "body": "lubang besar depan sekolah", "location": cast.makassar.pk})
    assert response.status_code == 200
    text = response.text
    assert "Sudah dilaporkan? Dukung laporan ini" in text
    assert f"/laporan/{report.tracking_id}/#dukung" in text
    assert "081234567890" not in text


def test_the_filing_page_box_is_empty_when_nothing_is_alike(client, cast, file_report):
    _public(cast, file_report)
    response = client.get(reverse("complaints:similar"), {
        "title": "Lampu padam", "body": "Lampu jalan mati", "location": cast.makassar.pk})
    assert response.status_code == 200 and "Sudah dilaporkan?" not in response.text


def test_bad_input_to_the_box_gets_a_clear_message(client, cast):
    url = reverse("complaints:similar")
    response = client.get(url, {"title": "Jalan rusak", "body": "x"})
    assert response.status_code == 400 and "Pilih kabupaten/kota lebih dulu." in response.text
    response = client.get(url, {"title": "Jalan rusak", "location": "abc"})
    assert response.status_code == 400 and "Kabupaten/kota tidak dikenal." in response.text
    response = client.get(url, {"title": "Jalan rusak", "location": cast.makassar.pk, "latitude": "91",
                                "longitude": "119"})
    assert response.status_code == 400 and "Lintang: Pastikan nilai ini lebih kecil dari atau sama dengan 90." in response.text
    response = client.get(url, {"title": "Jalan rusak", "location": cast.makassar.pk, "latitude": "-5.1"})
    assert response.status_code == 400 and "Titik peta harus berisi lintang dan bujur." in response.text


def test_the_filing_page_asks_for_suggestions_from_its_static_script(client, cast):
    page = client.get(reverse("complaints:file")).text
    assert f'id="similar-reports" aria-live="polite" data-url="{reverse("complaints:similar")}"' in page
    assert "js/file.js" in page


# --- the admin verifying ---------------------------------------------------------------------------

def test_the_admin_sees_likely_duplicates_with_reasons_and_a_merge_button(client, cast, file_report):
    earlier = _public(cast, file_report, latitude=NEAR_LAT, longitude=LON, is_confidential=True)
    far = _public(cast, file_report, latitude=FAR_LAT, longitude=LON)
    new = file_report(latitude=LAT, longitude=LON, category=cast.city_road)
    assert new.jurisdiction == cast.makassar
    matches = similar.for_verify(cast.citra, new)
    assert [m.report.pk for m in matches] == [earlier.pk]
    assert "jarak 150 m" in matches[0].reasons and any(r.startswith("judul mirip") for r in matches[0].reasons)

    client.force_login(cast.citra)
    page = client.get(reverse("complaints:staff_detail", args=[new.tracking_id])).text
    section = page.split('id="kemungkinan-duplikat"')[1].split("</section>")[0]
    assert earlier.tracking_id in section and far.tracking_id not in section
    assert "jarak 150 m" in section
    assert f'action="{reverse("complaints:transition", args=[new.tracking_id, "merge"])}"' in section
    assert f'name="into" value="{earlier.tracking_id}"' in section


def test_reports_outside_the_admins_scope_are_never_listed(cast, file_report):
    _public(cast, file_report)  # Makassar
    gowa = file_report(location=cast.gowa, district=None, category=cast.city_road)
    assert gowa.jurisdiction == cast.gowa
    assert similar.for_verify(cast.dewi, gowa) == []
    # Dewi is no admin of Makassar: a Makassar report compared in her name finds nothing either.
    makassar_new = file_report(category=cast.city_road)
    assert similar.for_verify(cast.dewi, makassar_new) == []
    assert len(similar.for_verify(cast.citra, makassar_new)) == 1


def test_haversine_and_jaccard():
    assert round(similar.haversine_m(LAT, LON, NEAR_LAT, LON)) == 150
    assert similar.jaccard({"a", "b"}, {"b", "c"}) == 1 / 3
    assert similar.jaccard(set(), {"a"}) == 0


# --- the API ---------------------------------------------------------------------------------------

def test_the_api_suggests_a_near_duplicate_with_reasons(client, cast, file_report):
    from baruga.complaints.tests.api_helpers import get

    near = _public(cast, file_report, latitude=NEAR_LAT, longitude=LON, title="Jalan berlubang Daeng Tata 081234567890")
    _public(cast, file_report, latitude=FAR_LAT, longitude=LON)
    response = get(client, f"/public/reports/similar?title=jln+berlubang+daeng+tata&body=lubang+besar+depan+sekolah"
                           f"&location_code=73.71&lat={LAT}&lon={LON}&category_slug=jalan-kota")
    assert response.status_code == 200, response.content
    items = response.json()["items"]
    assert [i["tracking_id"] for i in items] == [near.tracking_id]
    item = items[0]
    assert item["distance_m"] == 150 and item["same_category"] and item["support_count"] == 0
    assert "jarak 150 m" in item["reasons"] and "081234567890" not in item["title"]
    assert item["title_similarity"] > 50


def test_the_api_names_an_unknown_code(client, cast):
    from baruga.complaints.tests.api_helpers import get

    response = get(client, "/public/reports/similar?title=jalan+rusak&location_code=99.99")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "location_code"
    assert get(client, "/public/reports/similar?title=jalan&location_code=abc").status_code == 422
    assert get(client, "/public/reports/similar?title=jalan&location_code=73.71&lat=95").status_code == 422


def test_the_box_reads_a_fixed_number_of_queries(client, cast, file_report, django_assert_num_queries):
    params = {"title": "jln berlubang daeng tata", "body": "lubang besar depan sekolah", "location": cast.makassar.pk,
              "category": cast.city_road.pk}
    _public(cast, file_report)
    client.get(reverse("complaints:similar"), params)  # the session and reference look-ups settle
    with django_assert_num_queries(5) as one:
        assert client.get(reverse("complaints:similar"), params).text.count('class="report-item"') == 1
    for _n in range(3):
        _public(cast, file_report)
    with django_assert_num_queries(len(one.captured_queries)):
        assert client.get(reverse("complaints:similar"), params).text.count('class="report-item"') == 4

"""Search over normalised Indonesian terms: the public list, the staff inbox and the API.

Runs on SQLite and PostgreSQL alike (baruga/lib/textsearch.py has a path for each).
"""

import importlib
import io
import re

from django.apps import apps
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from baruga.complaints import actions, selectors
from baruga.complaints.models import Report
from baruga.complaints.tests.api_helpers import get
from baruga.complaints.tests.test_api_staff import _inbox_ids


def _public(cast, file_report, **fields):
    report = file_report(category=cast.city_road, **fields)
    actions.verify(actor=cast.citra, report=report, title=report.title, category=cast.city_road)
    return report


def _listed(response):
    """Tracking IDs in the order the page lists them."""
    return re.findall(r'href="/laporan/([A-Z0-9-]+)/"', response.text) or re.findall(
        r"/laporan/([^/\"]+)/\"", response.text)


def _public_search(client, q):
    response = client.get(reverse("complaints:public_list"), {"q": q})
    assert response.status_code == 200
    return response


def test_jln_rusak_finds_jalan_rusak_and_the_other_way_round(client, cast, file_report):
    road = _public(cast, file_report, title="Jalan rusak di Tamalate", body="Aspal mengelupas sepanjang 200 meter.")
    other = _public(cast, file_report, title="Lampu padam", body="Lampu penerangan mati sejak kemarin.")
    found = _public_search(client, "jln rusak").text
    assert road.tracking_id in found and other.tracking_id not in found

    slangy = _public(cast, file_report, title="Jln rsk", body="jln rusak parah depan SDN 5, udh 3 bln gak diperbaiki")
    found = _public_search(client, "jalan rusak sudah diperbaiki").text
    assert slangy.tracking_id in found and road.tracking_id not in found


def test_gak_finds_tidak_in_the_staff_inbox(client, cast, file_report):
    hit = file_report(title="Sampah tidak diangkut", body="Sudah seminggu tidak ada petugas yang datang.",
                      category=cast.city_road)
    miss = file_report(title="Sampah diangkut terlambat", body="Petugas datang siang, baunya sampai ke rumah.",
                       category=cast.city_road)
    client.force_login(cast.citra)
    page = client.get(reverse("complaints:inbox"), {"q": "sampah gak diangkut"}).text
    assert hit.tracking_id in page and miss.tracking_id not in page


def test_every_term_must_match(client, cast, file_report):
    road = _public(cast, file_report, title="Jalan rusak", body="Berlubang besar di tengah jalan.")
    assert road.tracking_id not in _public_search(client, "jalan banjir").text
    assert road.tracking_id in _public_search(client, "jalan berlubang").text


def test_a_query_of_stop_words_only_finds_nothing(client, cast, file_report):
    report = _public(cast, file_report, title="Jalan yang rusak di depan pasar", body="Mohon dan segera diperbaiki.")
    assert list(selectors.search(Report.objects.all(), "yang dan di")) == []
    response = _public_search(client, "yang dan di")
    assert report.tracking_id not in response.text and "0 laporan" in response.text
    # The tracking ID is still found as it was.
    assert report.tracking_id in _public_search(client, report.tracking_id).text


def test_the_most_relevant_reports_come_first(client, cast, file_report):
    most = _public(cast, file_report, title="Banjir di Jalan Veteran", body="Banjir setinggi lutut, banjir tiap hujan.")
    twice = _public(cast, file_report, title="Air meluap", body="Banjir di gang, banjir lagi di pasar.")
    # the newest
    once = _public(cast, file_report, title="Genangan di pasar", body="Ada banjir kecil setelah hujan deras.")
    listed = [t for t in _listed(_public_search(client, "banjir")) if t in {most.tracking_id, twice.tracking_id,
                                                                            once.tracking_id}]
    assert listed == [most.tracking_id, twice.tracking_id, once.tracking_id]
    # Without a query the list stays newest first.
    plain = [t for t in _listed(client.get(reverse("complaints:public_list"))) if t in set(listed)]
    assert plain == [once.tracking_id, twice.tracking_id, most.tracking_id]


def test_snippets_mark_the_matches_and_escape_the_report_text(client, cast, file_report):
    report = _public(cast, file_report, title="Sampah <b>menumpuk</b>",
                     body="<script>alert('x')</script> Sampah menumpuk di pasar, hubungi 0812-3456-7890.")
    page = _public_search(client, "sampah").text
    assert report.tracking_id in page
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "<mark>Sampah</mark> menumpuk di pasar" in page and "<b>menumpuk" not in page
    assert "0812-3456-7890" not in page  # the public snippet is masked like the detail page
    client.force_login(cast.citra)
    inbox = client.get(reverse("complaints:inbox"), {"q": "sampah"}).text
    assert "<script>alert" not in inbox and "<mark>Sampah</mark> &lt;b&gt;menumpuk&lt;/b&gt;" in inbox


def test_search_never_reaches_outside_the_users_scope(client, cast, file_report):
    makassar = file_report(title="Jalan rusak di Tamalate", category=cast.city_road)
    gowa = file_report(title="Jalan rusak di Somba Opu", category=cast.city_road, location=cast.gowa,
                       district=cast.somba_opu)
    secret = file_report(title="Jalan rusak dan pungli", category=cast.city_road, is_confidential=True)
    actions.verify(actor=cast.citra, report=secret, title=secret.title, category=cast.city_road)

    client.force_login(cast.dewi)  # admin of Gowa
    page = client.get(reverse("complaints:inbox"), {"q": "jln rusak"}).text
    assert gowa.tracking_id in page and makassar.tracking_id not in page and secret.tracking_id not in page
    assert _inbox_ids(Client(), cast.dewi, "?q=jln%20rusak") == {gowa.tracking_id}
    # The public sees neither the unverified reports nor the confidential one.
    public = _public_search(Client(), "jln rusak")
    assert not {makassar.tracking_id, gowa.tracking_id, secret.tracking_id} & set(_listed(public))
    assert get(Client(), "/public/reports?q=jln%20rusak").json()["items"] == []


def test_the_api_searches_the_same_terms(client, cast, file_report):
    hit = _public(cast, file_report, title="Air PDAM gak ngalir", body="Sudah 3 hari air tidak mengalir ke rumah.")
    _public(cast, file_report, title="Air PDAM keruh", body="Warnanya coklat dan berbau sejak minggu lalu.")
    items = get(Client(), "/public/reports?q=pdam%20tidak").json()["items"]
    assert [i["tracking_id"] for i in items] == [hit.tracking_id]
    assert _inbox_ids(Client(), cast.citra, "?q=pdam%20tidak") == {hit.tracking_id}


def test_the_search_text_follows_a_new_title_and_a_completion(cast, file_report):
    report = file_report(title="Lampu padam", body="Sejak kemarin malam gelap gulita sepanjang gang.",
                         category=cast.city_road)
    actions.verify(actor=cast.citra, report=report, title="Penerangan jalan umum mati", category=cast.city_road)
    assert list(selectors.search(Report.objects.all(), "penerangan mati")) == [report]
    assert list(selectors.search(Report.objects.all(), "lampu padam")) == []

    other = file_report(title="Drainase", body="Tersumbat sampah, air meluap ke jalan saat hujan.",
                        category=cast.city_road)
    actions.request_info(actor=cast.citra, report=other, reason="Mohon sertakan lokasi.")
    actions.complete(actor=cast.ayu, report=other, text="Lokasinya dekat SDN 7 Tamalate.")
    assert list(selectors.search(Report.objects.all(), "sdn 7 tamalate drainase")) == [other]


def test_the_migration_fills_the_search_text_of_existing_reports(cast, file_report):
    report = file_report(title="Jembatan retak", body="Retak besar di tengah, gak aman dilalui.")
    Report.objects.filter(pk=report.pk).update(search_text="")
    assert list(selectors.search(Report.objects.all(), "jembatan")) == []
    migration = importlib.import_module("baruga.complaints.migrations.0011_report_search_text")
    migration.backfill(apps, None)
    assert list(selectors.search(Report.objects.all(), "jembatan tidak aman")) == [report]


def test_the_rebuild_command_rewrites_only_stale_rows(cast, file_report):
    fresh = file_report(title="Lampu padam", body="Sudah tiga malam gelap di gang kami.")
    stale = file_report(title="Jembatan retak", body="Retak besar di tengah, gak aman dilalui.")
    Report.objects.filter(pk=stale.pk).update(search_text="jembatan lama")
    out = io.StringIO()
    call_command("rebuild_search_text", "--batch-size", "1", stdout=out)
    assert "complaints.Report: 1" in out.getvalue()
    assert list(selectors.search(Report.objects.all(), "jembatan tidak aman")) == [stale]
    assert list(selectors.search(Report.objects.all(), "lampu")) == [fresh]


def test_the_staff_api_lists_the_most_relevant_first_unless_sorted_by_deadline(cast, file_report):
    most = file_report(title="Banjir di Jalan Veteran", body="Banjir setinggi lutut, banjir tiap hujan turun.",
                       category=cast.city_road)
    once = file_report(title="Genangan di pasar", body="Ada banjir kecil setelah hujan deras.",
                       category=cast.city_road)
    client = Client()
    client.force_login(cast.citra)
    items = get(client, "/staff/reports?q=banjir").json()["items"]
    assert [i["tracking_id"] for i in items] == [most.tracking_id, once.tracking_id]
    newest = get(client, "/staff/reports").json()["items"]
    assert [i["tracking_id"] for i in newest] == [once.tracking_id, most.tracking_id]

"""GeoReport v2 to the letter: list parameters, optional description, address_id, the 90-day window, URLs."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from baruga.apikeys import services as keys
from baruga.complaints import actions
from baruga.complaints.models import Report, State
from baruga.directory.models import Category, CategoryRoute
from baruga.open311.models import Submission
from baruga.open311.tests.test_open311 import BASE, _error, _form, _json, _post, _xml

FORMATS = ["json", "xml"]


@pytest.fixture
def key(cast):
    return keys.create_key(owner=cast.citra, name="Aplikasi 311", scopes=["open311:write"])[1]


@pytest.fixture
def client():
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def school(cast):
    """A second service in Makassar: schools, routed to Disdik."""
    education = Category.objects.create(slug="pendidikan", name="Pendidikan")
    leaf = Category.objects.create(slug="sekolah", name="Sekolah", parent=education, authority="regency")
    CategoryRoute.objects.create(category=leaf, jurisdiction=cast.makassar, agency=cast.disdik)
    return leaf


@pytest.fixture
def public(cast, file_report):
    """A verified (public) Makassar report in the given category."""
    def verified(category=None, **fields):
        category = category or cast.city_road
        report = file_report(category=category, **fields)
        actions.verify(actor=cast.citra, report=report, title=report.title, category=category)
        report.refresh_from_db()
        return report
    return verified


def _closed(cast, report):
    actions.dispatch(actor=cast.citra, report=report, agency=cast.pupr)
    actions.respond(actor=cast.fajar, report=report, body="Sudah diperbaiki.")
    actions.finish(actor=cast.citra, report=report)
    report.refresh_from_db()
    assert report.state == State.FINISHED
    return report


def _ids(client, fmt, resource, query):
    """The service_request_id of every row of a read, in either format."""
    response = client.get(f"{BASE}/{resource}.{fmt}{query}")
    if fmt == "json":
        return {row["service_request_id"] for row in _json(response)}
    return {e.text for e in _xml(response).iter("service_request_id")}


# 1 and 6: list parameters of GET requests (comma lists and repeated parameters)

@pytest.mark.parametrize("fmt", FORMATS)
def test_service_code_may_be_a_comma_list_or_repeated(cast, client, school, public, fmt):
    road, classroom = public(), public(category=school, title="Atap kelas bocor")
    assert _ids(client, fmt, "requests", "?service_code=jalan-kota") == {road.tracking_id}
    both = {road.tracking_id, classroom.tracking_id}
    assert _ids(client, fmt, "requests", "?service_code=jalan-kota,sekolah") == both
    assert _ids(client, fmt, "requests", "?service_code=sekolah&service_code=jalan-kota") == both
    assert "tidak-ada" in _error(client.get(f"{BASE}/requests.{fmt}?service_code=jalan-kota,tidak-ada"), 404, fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_status_may_be_repeated(cast, client, public, fmt):
    open_one, closed = public(), _closed(cast, public(title="Sudah selesai"))
    assert _ids(client, fmt, "requests", "?status=closed") == {closed.tracking_id}
    assert _ids(client, fmt, "requests", "?status=open&status=closed") == {open_one.tracking_id, closed.tracking_id}
    assert _ids(client, fmt, "requests", "?status=closed&status=open") == {open_one.tracking_id, closed.tracking_id}
    assert "status" in _error(client.get(f"{BASE}/requests.{fmt}?status=open&status=pending"), 400, fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_service_request_id_may_be_repeated(cast, client, public, fmt):
    one, two, three = public(title="Satu"), public(title="Dua"), public(title="Tiga")
    query = f"?service_request_id={one.tracking_id}&service_request_id={two.tracking_id},{three.tracking_id}"
    assert _ids(client, fmt, "requests", query) == {one.tracking_id, two.tracking_id, three.tracking_id}
    assert {u for u in _ids(client, fmt, "servicerequestupdates", query)} == {
        one.tracking_id, two.tracking_id, three.tracking_id}
    only = f"?service_request_id={one.tracking_id}&service_request_id={two.tracking_id}"
    assert _ids(client, fmt, "servicerequestupdates", only) == {one.tracking_id, two.tracking_id}


# 2: a POST without service_code is a missing argument (400), an unknown one is 404

@pytest.mark.parametrize("fmt", FORMATS)
def test_a_post_without_service_code_is_400(cast, key, client, fmt):
    assert "service_code" in _error(_post(client, fmt, _form(key, service_code=None)), 400, fmt)
    assert "service_code" in _error(_post(client, fmt, _form(key, service_code="  ")), 400, fmt)
    assert "service_code" in _error(_post(client, fmt, _form(key, service_code="tidak-ada")), 404, fmt)
    assert not Report.objects.exists() and not Submission.objects.exists()


# 3: description is optional (at most 4,000 characters)

def _filed(response, fmt):
    if fmt == "json":
        tracking_id = _json(response)[0]["service_request_id"]
    else:
        tracking_id = _xml(response).find("request/service_request_id").text
    return Report.objects.get(tracking_id=tracking_id)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_report_without_description_is_accepted_for_the_admin_to_complete(cast, key, client, fmt):
    report = _filed(_post(client, fmt, _form(key, description=None)), fmt)
    assert report.title == "Jalan kabupaten/kota"
    assert report.body == "Laporan Jalan kabupaten/kota melalui Open311, tanpa uraian."
    assert report.state == State.SUBMITTED and report.channel == "api"
    # The verifying admin asks the reporter for more, as for any incomplete report.
    actions.request_info(actor=cast.citra, report=report, reason="Mohon jelaskan kerusakan jalannya.")
    report.refresh_from_db()
    assert report.state == State.NEEDS_INFO


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_short_description_is_kept_with_the_service_name(cast, key, client, fmt):
    report = _filed(_post(client, fmt, _form(key, description="Lubang", media_url="https://contoh.id/1.jpg")), fmt)
    assert report.title == "Jalan kabupaten/kota: Lubang"
    assert report.body == "Laporan Jalan kabupaten/kota melalui Open311: Lubang\n\nMedia: https://contoh.id/1.jpg"


@pytest.mark.parametrize("fmt", FORMATS)
def test_description_is_limited_to_4000_characters(cast, key, client, fmt):
    report = _filed(_post(client, fmt, _form(key, description="x" * 4000)), fmt)
    assert report.body == "x" * 4000
    assert "4000" in _error(_post(client, fmt, _form(key, description="x" * 4001)), 400, fmt)
    assert Report.objects.count() == 1


# 4: address_id is one of the location options; Baruga keeps it as text in the report's address

@pytest.mark.parametrize("fmt", FORMATS)
def test_address_id_alone_is_a_location(cast, key, client, fmt):
    report = _filed(_post(client, fmt, _form(key, lat="", long="", address_id="MKS-000123")), fmt)
    assert report.address == "ID alamat: MKS-000123"
    assert report.latitude is None and report.district is None


@pytest.mark.parametrize("fmt", FORMATS)
def test_address_id_is_kept_beside_the_other_location(cast, key, client, fmt):
    report = _filed(_post(client, fmt, _form(key, address_string="Jl. Daeng Tata No. 5", address_id="MKS-7")), fmt)
    assert report.address == "Jl. Daeng Tata No. 5 (ID alamat: MKS-7)"
    assert str(report.latitude) == "-5.147665"
    assert "address_id" in _error(_post(client, fmt, _form(key, address_id="x" * 101)), 400, fmt)
    assert Report.objects.count() == 1


# 5: at most 90 days between start_date and end_date

@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("resource", ["requests", "servicerequestupdates"])
def test_a_window_wider_than_90_days_is_refused(cast, client, public, fmt, resource):
    report = public()
    start = timezone.localtime() - timedelta(days=10)
    wide = f"?start_date={start:%Y-%m-%d}&end_date={start + timedelta(days=91):%Y-%m-%d}"
    assert "90 hari" in _error(client.get(f"{BASE}/{resource}.{fmt}{wide}"), 400, fmt)
    exactly = f"?start_date={start:%Y-%m-%d}&end_date={start + timedelta(days=90):%Y-%m-%d}"
    assert _ids(client, fmt, resource, exactly) == {report.tracking_id}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("resource", ["requests", "servicerequestupdates"])
def test_the_default_window_is_90_days(cast, client, public, fmt, resource):
    recent, old = public(title="Baru"), public(title="Lama")
    long_ago = timezone.localtime() - timedelta(days=120)
    Report.objects.filter(pk=old.pk).update(created_at=long_ago)
    old.events.update(created_at=long_ago)
    assert _ids(client, fmt, resource, "") == {recent.tracking_id}  # no dates: the last 90 days
    since = f"?start_date={long_ago - timedelta(days=1):%Y-%m-%d}"  # start only: 90 days from it
    assert _ids(client, fmt, resource, since) == {old.tracking_id}
    until = f"?end_date={long_ago + timedelta(days=2):%Y-%m-%d}"  # end only: 90 days up to it
    assert _ids(client, fmt, resource, until) == {old.tracking_id}


# Absolute URLs: SITE_URL when set, else the host the client asked

@pytest.fixture
def site_unset(settings):
    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "pengaduan.makassarkota.go.id"]
    return settings


def test_discovery_takes_the_request_host_when_site_url_is_unset(cast, client, site_unset):
    host = {"HTTP_HOST": "pengaduan.makassarkota.go.id"}
    body = _json(client.get(f"{BASE}/discovery.json", **host))
    assert body["contact"] == "Kota Makassar, melalui http://pengaduan.makassarkota.go.id"
    assert body["endpoints"][0]["url"] == "http://pengaduan.makassarkota.go.id/open311/73.71/v2/"
    root = _xml(client.get(f"{BASE}/discovery.xml", secure=True, **host))
    assert root.find("contact").text == "Kota Makassar, melalui https://pengaduan.makassarkota.go.id"
    assert root.find("endpoints/endpoint/url").text == "https://pengaduan.makassarkota.go.id/open311/73.71/v2/"


def test_the_private_link_takes_the_request_host_when_site_url_is_unset(cast, key, client, site_unset):
    response = client.post(f"{BASE}/requests.json", _form(key), HTTP_HOST="pengaduan.makassarkota.go.id")
    notice = _json(response)[0]["service_notice"]
    report = Report.objects.get()
    track = reverse("complaints:track", args=[report.tracking_id])
    assert f"http://pengaduan.makassarkota.go.id{track}?k=" in notice


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_configured_site_url_wins_over_the_request_host(cast, key, client, settings, fmt):
    settings.SITE_URL = "https://lapor.sulselprov.go.id"
    body = client.get(f"{BASE}/discovery.{fmt}")
    if fmt == "json":
        body = _json(body)
        contact, url = body["contact"], body["endpoints"][0]["url"]
    else:
        root = _xml(body)
        contact, url = root.find("contact").text, root.find("endpoints/endpoint/url").text
    assert contact == "Kota Makassar, melalui https://lapor.sulselprov.go.id"
    assert url == "https://lapor.sulselprov.go.id/open311/73.71/v2/"
    notice = _json(_post(client, "json", _form(key)))[0]["service_notice"]
    track = reverse("complaints:track", args=[Report.objects.get().tracking_id])
    assert f"https://lapor.sulselprov.go.id{track}?k=" in notice


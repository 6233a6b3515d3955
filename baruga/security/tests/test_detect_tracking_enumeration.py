"""Guessing tracking IDs: many look-ups of IDs that do not exist, from one address, raise one event."""

from baruga.security.models import SecurityEvent


def _events():
    return SecurityEvent.objects.filter(kind="tracking_enumeration")


def _guess(client, n, start=0, ip="203.0.113.9", how="page"):
    for i in range(start, start + n):
        tracking_id = f"LAP-2026-{i:06d}"
        if how == "page":
            assert client.get(f"/lacak/?tracking_id={tracking_id}", REMOTE_ADDR=ip).status_code == 404
        elif how == "path":
            assert client.get(f"/lacak/{tracking_id}/", REMOTE_ADDR=ip).status_code == 404
        else:
            assert client.get(f"/api/v1/reports/{tracking_id}", REMOTE_ADDR=ip).status_code == 404


def test_twenty_misses_raise_one_medium_event(client, db, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "track": "1000/m"}
    _guess(client, 25)
    event = _events().get()
    assert event.severity == "medium" and event.ip == "203.0.113.0/24" and event.details["misses"] == 20


def test_nineteen_misses_raise_nothing(client, db, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "track": "1000/m"}
    _guess(client, 19)
    assert not _events().exists()


def test_the_page_the_link_and_the_api_count_together(client, db, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "track": "1000/m"}
    _guess(client, 7, how="page")
    _guess(client, 7, start=100, how="path")
    _guess(client, 6, start=200, how="api")
    assert _events().count() == 1


def test_found_reports_do_not_count(client, cast, file_report, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "track": "1000/m"}
    report = file_report()
    for _ in range(25):
        client.get(f"/lacak/{report.tracking_id}/")
    assert not _events().exists()


def test_unknown_ids_on_the_public_report_page_count_as_misses(client, db, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "public_report": "1000/m"}
    for i in range(20):
        assert client.get(f"/laporan/LAP-2026-{i:06d}/", REMOTE_ADDR="203.0.113.9").status_code == 404
    event = _events().get()
    assert event.ip == "203.0.113.0/24" and event.details["misses"] == 20


def test_the_public_report_page_and_tracking_count_together(client, db, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "track": "1000/m", "public_report": "1000/m"}
    _guess(client, 10, how="path")
    for i in range(10):
        assert client.get(f"/laporan/LAP-2026-{300 + i:06d}/", REMOTE_ADDR="203.0.113.9").status_code == 404
    assert _events().count() == 1


def test_a_report_that_is_not_public_is_a_miss_like_an_unknown_id(client, cast, file_report, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "public_report": "1000/m"}
    settings.SECURITY_DETECTION = {**settings.SECURITY_DETECTION, "tracking_misses": 3}
    unverified = file_report()  # submitted, not yet public
    for _ in range(3):
        assert client.get(f"/laporan/{unverified.tracking_id}/").status_code == 404
    assert _events().count() == 1


def test_opening_public_reports_does_not_count(client, cast, file_report, settings):
    from baruga.complaints import actions

    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "public_report": "1000/m"}
    report = file_report(category=cast.city_road)
    actions.verify(actor=cast.citra, report=report, title=report.title, category=cast.city_road)
    for _ in range(25):
        assert client.get(f"/laporan/{report.tracking_id}/").status_code == 200
    assert not _events().exists()

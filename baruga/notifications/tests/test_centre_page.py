"""The notification centre: unread first, marked read without JavaScript, each user's own only."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from baruga.notifications import inbox, staff
from baruga.notifications.models import Notification

CENTRE = reverse("notifications:centre")


def _notify(user, title, report=None, key=None):
    notification, = staff.notify_staff(recipients=[user], kind=Notification.Kind.REMINDER, report=report,
                                          title=title, body="Isi pengingat", dedupe_key=key or f"uji:{title}")
    return notification


def test_unread_notifications_come_first(client, cast):
    older = _notify(cast.eko, "Pengingat lama")
    read = _notify(cast.eko, "Pengingat sudah dibaca")
    inbox.mark_read(user=cast.eko, notification=read)
    newest = _notify(cast.eko, "Pengingat terbaru")
    client.force_login(cast.eko)
    text = client.get(CENTRE).text
    assert text.index(newest.title) < text.index(older.title) < text.index(read.title)


def test_marking_one_read_works_without_javascript(client, cast):
    notification = _notify(cast.eko, "Pengingat batas waktu")
    client.force_login(cast.eko)
    response = client.post(reverse("notifications:mark_read", args=[notification.pk]))
    assert response.status_code == 302 and response["Location"] == CENTRE
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_marking_one_read_with_htmx_swaps_only_that_item(client, cast):
    notification = _notify(cast.eko, "Pengingat batas waktu")
    client.force_login(cast.eko)
    response = client.post(reverse("notifications:mark_read", args=[notification.pk]), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert f'id="notification-{notification.pk}"' in response.text and "<html" not in response.text
    assert "Tandai sudah dibaca" not in response.text


def test_marking_all_read(client, cast):
    for i in range(3):
        _notify(cast.eko, f"Pengingat {i}")
    mine_elsewhere = _notify(cast.gita, "Pengingat Gita")
    client.force_login(cast.eko)
    response = client.post(reverse("notifications:mark_all_read"), follow=True)
    assert "3 notifikasi ditandai sudah dibaca" in response.text
    assert inbox.unread_count(cast.eko) == 0
    mine_elsewhere.refresh_from_db()
    assert mine_elsewhere.read_at is None


def test_opening_a_notification_marks_it_read_and_leads_to_the_report(client, cast, dispatched_report):
    notification = Notification.objects.get(recipient=cast.eko, kind=Notification.Kind.DISPATCHED)
    client.force_login(cast.eko)
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == reverse("complaints:staff_detail", args=[dispatched_report.tracking_id])
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_eko_cannot_read_or_mark_gitas_notifications(client, cast):
    gitas = _notify(cast.gita, "Pengingat untuk Gita")
    client.force_login(cast.eko)
    assert client.get(reverse("notifications:open", args=[gitas.pk])).status_code == 404
    assert client.post(reverse("notifications:mark_read", args=[gitas.pk])).status_code == 404
    assert "Pengingat untuk Gita" not in client.get(CENTRE).text
    gitas.refresh_from_db()
    assert gitas.read_at is None


def test_citizens_and_strangers_never_reach_the_centre(client, cast):
    assert client.get(CENTRE).status_code == 302
    client.force_login(cast.ayu)
    assert client.get(CENTRE).status_code == 404


def test_marking_read_needs_a_post(client, cast):
    notification = _notify(cast.eko, "Pengingat")
    client.force_login(cast.eko)
    assert client.get(reverse("notifications:mark_read", args=[notification.pk])).status_code == 405


def test_the_nav_shows_staff_their_unread_count(client, cast):
    for i in range(3):
        _notify(cast.eko, f"Pengingat {i}")
    client.force_login(cast.eko)
    page = client.get(reverse("complaints:inbox")).text
    assert '(<span class="count">3</span><span class="sr-only"> belum dibaca</span>)' in page


def _queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(CENTRE).status_code == 200
    return len(queries)


def test_the_centre_query_count_does_not_grow_with_the_notifications(client, cast, file_report,
                                                                      django_assert_num_queries):
    client.force_login(cast.eko)
    for i in range(2):
        _notify(cast.eko, f"Pengingat {i}", report=file_report(category=cast.city_road))
    few = _queries(client)
    for i in range(2, 20):
        _notify(cast.eko, f"Pengingat {i}", report=file_report(category=cast.city_road))
    # session, user, memberships, the nav's unread COUNT, the page's COUNT and the page itself
    with django_assert_num_queries(few):
        page = client.get(CENTRE)
    assert page.text.count('class="report-item"') == 20
    assert few == 6

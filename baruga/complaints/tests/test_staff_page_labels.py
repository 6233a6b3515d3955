"""Staff pages: selects open on an Indonesian empty choice, never Django's "---------"; the status,
"Anonim" and "Rahasia" badges sit in one wrapping row; the staff menu waits for the second factor."""

import pytest

from baruga.complaints import actions


def test_the_verify_dispatch_and_transfer_selects_have_an_indonesian_empty_choice(client, cast, file_report):
    report = file_report(category=cast.city_road)
    client.force_login(cast.citra)
    submitted = client.get(f"/petugas/laporan/{report.tracking_id}/").content.decode()
    actions.verify(actor=cast.citra, report=report, title=report.title, category=cast.city_road)
    verified = client.get(f"/petugas/laporan/{report.tracking_id}/").content.decode()
    for text in (submitted, verified):
        assert "---------" not in text
    assert '<option value="">— pilih —</option>' in verified


def test_the_badges_of_an_anonymous_confidential_report_share_one_row(client, cast, file_report):
    report = file_report(category=cast.city_road, is_anonymous=True, is_confidential=True)
    client.force_login(cast.citra)
    text = client.get("/petugas/").content.decode()
    row = text[text.index('<span class="badges">'):]
    row = row[:row.index("</li>")]
    assert "Anonim" in row and "Rahasia" in row and f"state-{report.state}" in row


@pytest.mark.real_2fa
def test_the_staff_menu_waits_for_the_second_factor(client, cast):
    from baruga.accounts.tests.helpers import full_login, password_login

    password_login(client, "citra")
    waiting = client.get("/akun/dua-langkah/pasang/").content.decode()
    for link in ('href="/petugas/"', 'href="/petugas/notifikasi/"', "Laporan saya"):
        assert link not in waiting
    assert "Keluar" in waiting
    client.logout()
    full_login(client, cast.citra)
    assert 'href="/petugas/"' in client.get("/petugas/").content.decode()

"""Forgotten password: a link by e-mail, the same answer for unknown addresses, rate-limited, and staff
still give their second factor when they sign in with the new password."""

import re

import pytest
from django.core import mail

from baruga.accounts.tests.helpers import authenticator, code, password_login

NEW_PASSWORD = "kata-sandi-baru-yang-panjang-77"
SENT = "Bila alamat itu terdaftar di Baruga"


def _ask(client, email, **extra):
    return client.post("/akun/kata-sandi/lupa/", {"email": email}, **extra)


def _link(message):
    return re.search(r"http://\S+/akun/kata-sandi/atur/\S+/", message.body).group(0)


def _set_new_password(client, link, password=NEW_PASSWORD):
    form = client.get(link)  # Django swaps the token for one kept in the session, then redirects
    assert form.status_code == 302
    return client.post(form["Location"], {"new_password1": password, "new_password2": password})


def test_the_login_page_offers_a_reset(client, db):
    assert 'href="/akun/kata-sandi/lupa/"' in client.get("/akun/masuk/").content.decode()


def test_ayu_gets_a_link_by_email_and_signs_in_with_her_new_password(client, cast):
    response = _ask(client, "ayu@contoh.id")
    assert response.status_code == 302 and response["Location"] == "/akun/kata-sandi/lupa/terkirim/"
    assert SENT in client.get(response["Location"]).content.decode()
    [message] = mail.outbox
    assert message.to == ["ayu@contoh.id"] and "kata sandi baru" in message.subject
    done = _set_new_password(client, _link(message))
    assert done["Location"] == "/akun/kata-sandi/atur/selesai/"
    assert "_auth_user_id" not in client.session  # not signed in by the reset itself
    assert password_login(client, "ayu", password=NEW_PASSWORD).status_code == 302


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, cast):
    known = _ask(client, "ayu@contoh.id")
    unknown = _ask(client, "tidak-terdaftar@contoh.id")
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert [m.to for m in mail.outbox] == [["ayu@contoh.id"]]


def test_a_link_works_once(client, cast):
    _ask(client, "ayu@contoh.id")
    link = _link(mail.outbox[0])
    _set_new_password(client, link)
    again = client.get(link, follow=True)
    assert "Tautan ini tidak berlaku lagi" in again.content.decode()


@pytest.mark.real_2fa
def test_eko_resets_his_password_and_still_gives_his_second_factor(client, cast):
    device = authenticator(cast.eko)
    _ask(client, "eko@contoh.id")
    _set_new_password(client, _link(mail.outbox[0]))
    signed_in = password_login(client, "eko", password=NEW_PASSWORD)
    assert signed_in.status_code == 302
    assert client.get(signed_in["Location"])["Location"].startswith("/akun/dua-langkah/")
    assert client.get("/petugas/")["Location"].startswith("/akun/dua-langkah/")
    assert client.post("/akun/dua-langkah/", {"code": code(device)}).status_code == 302
    assert client.get("/petugas/").status_code == 200


def test_a_staff_password_still_needs_twelve_characters(client, cast):
    _ask(client, "eko@contoh.id")
    refused = _set_new_password(client, _link(mail.outbox[0]), password="pendek-123")
    assert refused.status_code == 200 and "12" in refused.content.decode()


def test_reset_requests_are_rate_limited_per_address(client, cast, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "password_reset": "2/h"}
    assert [_ask(client, "ayu@contoh.id").status_code for _ in range(3)] == [302, 302, 429]
    assert len(mail.outbox) == 2


def test_a_new_password_lifts_the_lock_out_of_the_account(client, cast):
    for _ in range(5):
        password_login(client, "ayu", password="salah-sekali-99", REMOTE_ADDR="198.51.100.7")
    assert password_login(client, "ayu", REMOTE_ADDR="192.0.2.44").status_code == 429
    _ask(client, "ayu@contoh.id")
    _set_new_password(client, _link(mail.outbox[0]))
    assert password_login(client, "ayu", password=NEW_PASSWORD, REMOTE_ADDR="192.0.2.44").status_code == 302

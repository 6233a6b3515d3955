"""A lock-out tells the account's owner (one e-mail, through the outbox) and the security officers; the web
answer is the same whether the username exists or not."""

import re

from baruga.accounts.tests.helpers import password_login
from baruga.notifications.models import Notification, OutboxMessage
from baruga.security.models import SecurityEvent
from baruga.security.tests.officers import make_officer

WRONG = "bukan-kata-sandinya-9"


def _fail(client, username, times, ip="198.51.100.7"):
    return [password_login(client, username, password=WRONG, REMOTE_ADDR=ip) for _ in range(times)][-1]


def _mails_to(address):
    return [m for m in OutboxMessage.objects.all() if m.to_address == address]


def test_the_owner_of_a_locked_account_gets_one_email_saying_what_to_do(client, cast):
    _fail(client, "ayu", 8)
    [mail] = _mails_to(cast.ayu.email)
    assert mail.channel == "email" and mail.subject == "Akun Baruga Anda dikunci sementara"
    assert "dikunci selama 15 menit setelah 5 kali gagal masuk" in mail.body
    assert "dari alamat 198.51.100.7 pada " in mail.body
    assert "Lupa kata sandi" in mail.body and mail.body.count("/akun/masuk/\n") == 1
    assert re.search(r"pada \d\d-\d\d-\d{4} \d\d:\d\d\.", mail.body)


def test_four_failures_send_nothing(client, cast):
    _fail(client, "ayu", 4)
    assert not _mails_to(cast.ayu.email)


def test_the_same_lock_out_tried_from_another_address_sends_no_second_email(client, cast):
    _fail(client, "ayu", 6, ip="198.51.100.7")
    _fail(client, "ayu", 3, ip="203.0.113.50")
    assert SecurityEvent.objects.filter(kind="account_locked").count() == 2  # one per address, as before
    assert len(_mails_to(cast.ayu.email)) == 1


def test_a_locked_staff_account_is_told_too(client, cast):
    _fail(client, "eko", 5)
    assert len(_mails_to(cast.eko.email)) == 1


def test_an_account_without_an_email_address_gets_nothing_and_the_answer_is_the_same(client, cast):
    with_mail = _fail(client, "ayu", 5, ip="198.51.100.7")
    cast.citra.email = ""
    cast.citra.save(update_fields=["email"])
    without = _fail(client, "citra", 5, ip="203.0.113.50")
    assert len(OutboxMessage.objects.filter(channel="email")) == 1
    assert (without.status_code, without["Retry-After"]) == (with_mail.status_code, with_mail["Retry-After"]) == (
        429, "900")


def _page(response):
    return re.sub(r'value="[^"]*"|content="[^"]*"|nonce="[^"]*"|CSRFToken": "[^"]*"', "", response.text)


def test_an_unknown_username_gets_the_same_answer_and_nobody_is_written_to(client, cast):
    known = _fail(client, "ayu", 5, ip="198.51.100.7")
    OutboxMessage.objects.all().delete()
    unknown = _fail(client, "tidak-ada-orangnya", 5, ip="203.0.113.50")
    assert unknown.status_code == known.status_code == 429
    assert unknown["Retry-After"] == known["Retry-After"]
    assert _page(unknown) == _page(known)
    assert not OutboxMessage.objects.exists()


def test_an_address_locked_for_trying_many_usernames_locks_no_account_so_tells_no_owner(client, cast):
    for username in ("andi", "budi", "cici", "dodi"):
        password_login(client, username, password=WRONG, REMOTE_ADDR="198.51.100.7")
    assert password_login(client, "ayu", password=WRONG, REMOTE_ADDR="198.51.100.7").status_code == 429
    assert SecurityEvent.objects.filter(kind="account_locked").exists()
    assert not _mails_to(cast.ayu.email)


def test_the_security_officers_hear_of_a_citizen_lock_out_once(client, cast):
    sari = make_officer()
    _fail(client, "ayu", 9)
    notification = Notification.objects.get(recipient=sari)
    assert "dikunci setelah gagal masuk" in notification.title and "198.51.100.0/24" in notification.body
    assert len(_mails_to(sari.email)) == 1


def test_the_security_officers_hear_of_a_staff_lock_out_once(client, cast):
    sari = make_officer()
    _fail(client, "eko", 9)
    assert Notification.objects.filter(recipient=sari).count() == 1


def test_an_account_locked_from_two_addresses_is_one_notice_to_the_officers(client, cast):
    sari = make_officer()
    _fail(client, "ayu", 6, ip="198.51.100.7")
    _fail(client, "ayu", 3, ip="203.0.113.50")
    assert Notification.objects.filter(recipient=sari).count() == 1


def test_a_locked_address_trying_more_usernames_is_one_notice_to_the_officers(client, cast):
    sari = make_officer()
    for n in range(12):
        password_login(client, f"orang-{n}", password=WRONG, REMOTE_ADDR="198.51.100.7")
    password_login(client, "ayu", password=WRONG, REMOTE_ADDR="198.51.100.7")
    assert SecurityEvent.objects.filter(kind="account_locked").count() > 1
    locked = Notification.objects.filter(recipient=sari, title__contains="dikunci")
    assert locked.count() == 1


def test_an_account_locked_while_its_address_already_was_is_told(client, cast):
    for username in ("andi", "budi", "cici", "dodi"):
        password_login(client, username, password=WRONG, REMOTE_ADDR="198.51.100.7")
    _fail(client, "ayu", 1)  # the address is locked: ayu's account is not yet
    assert not _mails_to(cast.ayu.email)
    _fail(client, "ayu", 4)  # refused by the address lock, but counted against ayu's username too
    assert len(_mails_to(cast.ayu.email)) == 1

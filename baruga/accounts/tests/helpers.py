"""Signing in through the real pages, second factor included (for tests marked `real_2fa`)."""

import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD


def password_login(client, username, password=PASSWORD, **extra):
    return client.post("/akun/masuk/", {"username": username, "password": password}, **extra)


def authenticator(user):
    """A confirmed TOTP device for `user`, as if they had set up the app earlier."""
    return TOTPDevice.objects.create(user=user, name="Aplikasi autentikator", confirmed=True)


def code(device, *, steps_ahead=0):
    """The code the app shows now (or `steps_ahead` periods later: within the accepted drift)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def full_login(client, user, **extra):
    """Password, then a code: a staff member completely signed in."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or authenticator(user)
    password_login(client, user.username, **extra)
    response = client.post("/akun/dua-langkah/", {"code": code(device)}, **extra)
    assert response.status_code == 302, response.content
    return device


def enrolment_code(user):
    """A fresh enrolment code for `user`, as a superuser would issue it (`manage.py issue_enrolment_code`)."""
    from baruga.accounts import enrolment

    return enrolment.issue(actor=None, user=user, command_line=True)


def give_enrolment_code(client, user):
    """Signed in with the password: type a fresh enrolment code on the set-up page (the QR code comes next)."""
    response = client.post("/akun/dua-langkah/pasang/", {"enrolment_code": enrolment_code(user)})
    assert response.status_code == 302, response.content
    return response

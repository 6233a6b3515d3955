"""Staff passwords are at least 12 characters; citizens keep the general minimum of 10."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from baruga.accounts.models import User


def test_an_eleven_character_password_is_refused_for_staff(cast):
    with pytest.raises(ValidationError) as refused:
        validate_password("kopi-susu-7", cast.eko)
    assert "Kata sandi petugas minimal 12 karakter." in refused.value.messages


def test_an_is_staff_account_without_a_role_is_staff_too(db):
    admin = User(username="operator", is_staff=True)
    with pytest.raises(ValidationError):
        validate_password("kopi-susu-7", admin)


def test_the_same_password_is_fine_for_a_citizen(cast):
    validate_password("kopi-susu-7", cast.ayu)


def test_twelve_characters_are_enough_for_staff(cast):
    validate_password("kopi-susu-77", cast.eko)


def test_the_password_page_applies_the_staff_rule(client, cast):
    from conftest import PASSWORD

    client.force_login(cast.eko)
    response = client.post("/akun/kata-sandi/", {"old_password": PASSWORD, "new_password1": "kopi-susu-7",
                                                 "new_password2": "kopi-susu-7"})
    assert response.status_code == 200
    assert "Kata sandi petugas minimal 12 karakter." in response.text
    response = client.post("/akun/kata-sandi/", {"old_password": PASSWORD, "new_password1": "kopi-susu-pahit-77",
                                                 "new_password2": "kopi-susu-pahit-77"})
    assert response.status_code == 302
    cast.eko.refresh_from_db()
    assert cast.eko.check_password("kopi-susu-pahit-77")

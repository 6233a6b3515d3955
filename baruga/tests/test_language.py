"""Bahasa Indonesia by default, whatever the browser asks for; English only when chosen with the switch."""

from django.conf import settings

HOME_ID = "Sampaikan pengaduan, aspirasi, atau permintaan informasi"


def test_a_phone_set_to_english_still_gets_indonesian(client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="id">' in response.content.decode()
    assert HOME_ID in response.content.decode()
    assert response["Content-Language"] == "id"
    assert "Accept-Language" not in response.get("Vary", "")


def test_the_language_switch_chooses_english_and_is_remembered(client, db):
    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert switched.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="id")
    assert '<html lang="en">' in response.content.decode()
    assert HOME_ID not in response.content.decode()


def test_switching_back_to_indonesian_wins_over_an_english_browser(client, db):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    client.post("/i18n/setlang/", {"language": "id", "next": "/"})
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="id">' in response.content.decode()


def test_an_unknown_language_in_the_cookie_falls_back_to_indonesian(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert '<html lang="id">' in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_the_switch_names_each_language_in_its_own_language(client, db):
    text = client.get("/").content.decode()
    assert ">English</option>" in text and ">Bahasa Indonesia</option>" in text


def test_english_staff_messages_read_as_english():
    from django.utils import translation
    from django.utils.translation import gettext

    with translation.override("en"):
        assert gettext("Disposisi ke OPD") == "Dispatch to OPD"
        assert gettext("Berhasil: %(action)s.") % {"action": gettext("Verifikasi")} == "Action completed: Verify."

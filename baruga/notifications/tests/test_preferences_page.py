"""Anyone logged in sets their own notification preferences at /akun/notifikasi/."""

from django.urls import reverse

from baruga.notifications.models import Preference

URL = reverse("notifications:preferences")


def test_an_officer_switches_to_a_daily_digest_in_english(client, cast):
    client.force_login(cast.eko)
    assert 'name="digest_daily"' in client.get(URL).text
    response = client.post(URL, {"email_enabled": "on", "digest_daily": "on", "language": "en"})
    assert response.status_code == 302
    preference = Preference.objects.get(user=cast.eko)
    assert preference.email_enabled and preference.digest_daily and preference.language == "en"


def test_a_citizen_chooses_only_email_and_language(client, cast):
    client.force_login(cast.ayu)
    page = client.get(URL).text
    assert 'name="email_enabled"' in page and 'name="digest_daily"' not in page and 'name="gateway_phone"' not in page
    client.post(URL, {"language": "id"})
    preference = Preference.objects.get(user=cast.ayu)
    assert not preference.email_enabled and not preference.digest_daily


def test_the_sms_choice_appears_only_when_a_gateway_is_configured(client, cast, settings):
    settings.NOTIFY_GATEWAY_URL = ""
    client.force_login(cast.eko)
    assert 'name="gateway_phone"' not in client.get(URL).text
    settings.NOTIFY_GATEWAY_URL, settings.NOTIFY_GATEWAY_SECRET = "https://gateway.contoh.id/kirim", "rahasia"
    assert 'name="gateway_phone"' in client.get(URL).text


def test_a_phone_number_is_normalised_and_a_wrong_one_refused(client, cast, settings):
    settings.NOTIFY_GATEWAY_URL, settings.NOTIFY_GATEWAY_SECRET = "https://gateway.contoh.id/kirim", "rahasia"
    client.force_login(cast.eko)
    refused = client.post(URL, {"email_enabled": "on", "gateway_enabled": "on", "gateway_phone": "nomor saya",
                                "language": "id"})
    assert refused.status_code == 200 and "Nomor telepon tidak sah" in refused.text
    assert not Preference.objects.exists()
    client.post(URL, {"gateway_enabled": "on", "gateway_phone": "0812-3456 7890", "language": "id"})
    preference = Preference.objects.get(user=cast.eko)
    assert preference.gateway_enabled and preference.gateway_phone == "+6281234567890"


def test_sms_needs_a_number(client, cast, settings):
    settings.NOTIFY_GATEWAY_URL, settings.NOTIFY_GATEWAY_SECRET = "https://gateway.contoh.id/kirim", "rahasia"
    cast.eko.phone = ""
    cast.eko.save()
    client.force_login(cast.eko)
    response = client.post(URL, {"gateway_enabled": "on", "gateway_phone": "", "language": "id"})
    assert response.status_code == 200 and not Preference.objects.exists()


def test_strangers_are_sent_to_log_in(client, db):
    assert client.get(URL).status_code == 302

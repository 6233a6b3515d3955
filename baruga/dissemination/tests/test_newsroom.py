"""The public newsroom: pages, feeds parsed back, schema.org data, and the journalists' subscription."""

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.urls import reverse

from baruga.dissemination import actions
from baruga.dissemination.models import Subscriber, SubscriberState
from baruga.notifications.models import OutboxMessage

from .conftest import png_upload

ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_list_shows_published_items_only(client, humas, published, draft):
    waiting = draft(title="Jadwal pemeliharaan lampu jalan bulan April")
    page = client.get(reverse("dissemination:list")).text
    assert published.title in page and waiting.title not in page
    assert client.get(reverse("dissemination:detail", args=[waiting.slug])).status_code == 404


def test_a_withdrawn_item_leaves_the_newsroom(client, humas, published):
    actions.withdraw(actor=humas.oki, publication=published, reason="Data anggaran keliru, diralat.")
    assert client.get(reverse("dissemination:detail", args=[published.slug])).status_code == 404
    assert published.title not in client.get(reverse("dissemination:rss")).content.decode()


def test_the_page_carries_schema_org_news_article_data(client, humas, published):
    page = client.get(reverse("dissemination:detail", args=[published.slug])).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    data = json.loads(block)
    assert data["@type"] == "NewsArticle" and data["headline"] == published.title
    assert data["datePublished"].startswith("2026-03-10") and data["author"]["name"] == "Dinas PUPR Makassar"
    assert data["url"].endswith(f"/siaran-pers/{published.slug}/")


def test_a_script_closing_tag_in_the_text_cannot_break_out_of_the_json_ld(client, humas, draft):
    publication = draft(body="Kutipan berbahaya </script><script>alert(1)</script> " + "isi siaran pers " * 5)
    actions.submit(actor=humas.eko, publication=publication)
    actions.approve(actor=humas.oki, publication=publication)
    actions.publish(actor=humas.nanda, publication=publication)
    page = client.get(reverse("dissemination:detail", args=[publication.slug])).content.decode()
    assert "<script>alert(1)" not in page


def test_rss_2_parses_back(client, humas, published):
    response = client.get(reverse("dissemination:rss"))
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    items = root.findall("./channel/item")
    assert [i.findtext("title") for i in items] == [published.title]
    assert items[0].findtext("link").endswith(f"/siaran-pers/{published.slug}/")
    assert items[0].findtext("description") == published.summary and items[0].findtext("pubDate")


def test_atom_parses_back(client, humas, published):
    root = ET.fromstring(client.get(reverse("dissemination:atom")).content)
    assert root.tag == f"{ATOM}feed"
    entry = root.find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == published.title
    assert entry.find(f"{ATOM}link").get("href").endswith(f"/siaran-pers/{published.slug}/")
    assert entry.findtext(f"{ATOM}published").startswith("2026-03-10")


def test_json_feed_parses_back(client, humas, published):
    response = client.get(reverse("dissemination:json_feed"))
    assert response["Content-Type"].startswith("application/feed+json")
    data = json.loads(response.content)
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert [i["title"] for i in data["items"]] == [published.title]
    assert data["items"][0]["url"] == data["items"][0]["id"]


def test_feeds_narrow_to_one_kind(client, humas, published):
    assert json.loads(client.get(reverse("dissemination:json_feed") + "?jenis=video").content)["items"] == []
    assert ET.fromstring(client.get(reverse("dissemination:rss") + "?jenis=video").content).findall(
        "./channel/item") == []


def test_attachments_of_published_items_are_served_images_inline(client, humas, draft):
    publication = draft(files=[png_upload("infografis.png")])
    item = publication.attachments.get()
    assert client.get(reverse("dissemination:attachment", args=[item.pk])).status_code == 404  # still a draft
    actions.submit(actor=humas.eko, publication=publication)
    actions.approve(actor=humas.oki, publication=publication)
    actions.publish(actor=humas.nanda, publication=publication)
    response = client.get(reverse("dissemination:attachment", args=[item.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"


# --- subscription --------------------------------------------------------------------------------

def _link(message, name):
    return re.search(rf"(/siaran-pers/langganan/{name}/[^/\s]+/)", message.body).group(1)


def test_double_opt_in_then_releases_then_unsubscribe(client, humas, draft):
    response = client.post(reverse("dissemination:subscribe"), {"email": "Wartawan@Contoh.id", "outlet": "Tribun"})
    assert response.status_code == 302
    subscriber = Subscriber.objects.get()
    assert subscriber.state == SubscriberState.PENDING
    confirmation = OutboxMessage.objects.get(dedupe_key__startswith="dissemination:confirm:")
    assert confirmation.to_address == "wartawan@contoh.id"

    publication = draft()
    actions.submit(actor=humas.eko, publication=publication)
    actions.approve(actor=humas.oki, publication=publication)
    actions.publish(actor=humas.nanda, publication=publication)
    assert not OutboxMessage.objects.filter(dedupe_key__startswith="dissemination:release:").exists()  # pending

    assert client.get(_link(confirmation, "konfirmasi")).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.state == SubscriberState.CONFIRMED

    second = draft(title="Pendaftaran beasiswa pendidikan dibuka", agency="pupr")
    actions.submit(actor=humas.eko, publication=second)
    actions.approve(actor=humas.oki, publication=second)
    actions.publish(actor=humas.nanda, publication=second)
    release = OutboxMessage.objects.get(dedupe_key__startswith="dissemination:release:")
    assert release.subject == second.title and "Berhenti berlangganan" in release.body
    leave = _link(release, "berhenti")
    assert client.get(leave).status_code == 200  # a mail scanner's GET changes nothing
    subscriber.refresh_from_db()
    assert subscriber.state == SubscriberState.CONFIRMED
    client.post(leave)
    subscriber.refresh_from_db()
    assert subscriber.state == SubscriberState.UNSUBSCRIBED


def test_the_address_is_encrypted_at_rest_and_found_by_its_blind_index(humas):
    actions.subscribe(email="redaksi@kabar.example.id")
    with connection.cursor() as cursor:
        cursor.execute("SELECT email FROM dissemination_subscriber")
        stored = cursor.fetchone()[0]
    assert "redaksi" not in stored
    assert Subscriber.objects.filter(email="REDAKSI@kabar.example.id").exists()


def test_a_forged_or_expired_confirmation_link_is_refused(client, humas, travel):
    subscriber = actions.subscribe(email="redaksi@kabar.example.id")
    token = actions.confirm_token(subscriber)
    assert client.get(reverse("dissemination:confirm", args=[token + "x"])).status_code == 400
    travel.shift(dt.timedelta(days=8))
    response = client.get(reverse("dissemination:confirm", args=[token]))
    assert response.status_code == 400 and "kedaluwarsa" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.state == SubscriberState.PENDING


def test_a_bad_address_gets_a_clear_message(client, humas):
    response = client.post(reverse("dissemination:subscribe"), {"email": "bukan-email"})
    assert response.status_code == 200 and "Kesalahan:" in response.content.decode()
    assert not Subscriber.objects.exists()


def test_subscribing_twice_does_not_tell_whether_the_address_is_known(client, humas):
    for _ in range(2):
        assert client.post(reverse("dissemination:subscribe"), {"email": "a@contoh.id"}).status_code == 302
    assert Subscriber.objects.count() == 1


def test_personal_data_export_and_erasure_include_the_subscription(humas):
    from baruga.accounts import privacy

    actions.subscribe(email="redaksi@kabar.example.id", outlet="Kabar")
    subject = privacy.find_subject(email="redaksi@kabar.example.id")
    from baruga.dissemination import personal_data

    assert personal_data.export(subject)["newsroom_subscriptions"][0]["email"] == "redaksi@kabar.example.id"
    personal_data.erase(subject, actor=None)
    assert not Subscriber.objects.exists()


def test_the_list_and_the_feeds_take_a_constant_number_of_queries(client, humas, published, draft,
                                                                  django_assert_max_num_queries):
    for n in range(3):
        item = draft(title=f"Pengumuman layanan publik nomor {n + 1} tahun ini")
        actions.submit(actor=humas.eko, publication=item)
        actions.approve(actor=humas.oki, publication=item)
        actions.publish(actor=humas.nanda, publication=item)
    with django_assert_max_num_queries(2):
        client.get(reverse("dissemination:list"))
    for name in ("rss", "atom", "json_feed"):
        with django_assert_max_num_queries(1):
            client.get(reverse(f"dissemination:{name}"))

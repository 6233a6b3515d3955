"""Each recipient's notifications are rendered in the language of their preference.

The English catalogue (locale/en) is produced by makemessages later; these tests prove the
recipient's language is active while their texts are rendered, and is stored on the message.
"""

from django.utils import translation
from django.utils.functional import lazy

from baruga.complaints import actions, notices
from baruga.notifications import staff, texts
from baruga.notifications.models import Notification, OutboxMessage

active_language = lazy(translation.get_language, str)


def test_each_recipient_reads_a_notification_in_their_own_language(cast, prefer):
    prefer(cast.eko, language="en")
    staff.notify_staff(recipients=[cast.eko, cast.fajar], kind=Notification.Kind.REMINDER, report=None,
                          title=active_language(), body=active_language(), dedupe_key="uji:bahasa")
    rendered = dict(Notification.objects.values_list("recipient__username", "title"))
    assert rendered == {"eko": "en", "fajar": "id"}
    languages = dict(OutboxMessage.objects.values_list("to_address", "language"))
    assert languages == {"eko@contoh.id": "en", "fajar@contoh.id": "id"}


def test_staff_and_citizen_emails_are_rendered_under_the_readers_language(cast, prefer, file_report, monkeypatch):
    prefer(cast.eko, language="en")
    prefer(cast.ayu, language="en")
    seen = {}
    for module, name in ((texts, "staff_email"), (notices, "citizen_email")):
        original = getattr(module, name)

        def spy(*args, _original=original, _name=name):
            subject, body = _original(*args)
            seen.setdefault(_name, []).append(translation.get_language())
            return subject, body

        monkeypatch.setattr(module, name, spy)
    report = file_report(category=cast.city_road)
    actions.verify(actor=cast.citra, report=report, title=report.title, category=cast.city_road)
    seen.clear()
    actions.dispatch(actor=cast.citra, report=report, agency=cast.pupr)
    assert sorted(seen["staff_email"]) == ["en", "id"]  # eko in English, fajar in Indonesian
    assert seen["citizen_email"] == ["en"]
    assert OutboxMessage.objects.get(to_address="eko@contoh.id").language == "en"
    assert translation.get_language() == "id"  # the override does not leak into the caller

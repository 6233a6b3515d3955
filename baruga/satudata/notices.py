"""Who hears of a dataset's step, and what they read: staff notifications through the notification
app (`notify_staff`, once per recipient and cause, written inside the action's transaction)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from baruga.accounts.models import Role
from baruga.lib.siteurl import absolute_url
from baruga.notifications import staff as notifications
from baruga.notifications.models import Notification
from baruga.notifications.texts import Lines, Text

Kind = Notification.Kind


def staff_url(dataset):
    return absolute_url(reverse("satudata:staff_detail", args=[dataset.pk]))


def producers(dataset):
    return notifications.members(roles=[Role.DATA_PRODUCER], agency_id=dataset.agency_id)


def stewards(dataset):
    return notifications.members(roles=[Role.DATA_STEWARD, Role.DATA_ASSISTANT], jurisdiction_id=dataset.jurisdiction_id)


def advisors(dataset):
    users = notifications.members(roles=[Role.DATA_ADVISOR], jurisdiction_id=dataset.jurisdiction_id)
    parent = dataset.jurisdiction.parent_id
    if parent:
        users += notifications.members(roles=[Role.DATA_ADVISOR], jurisdiction_id=parent)
    return users


def notify(users, *, kind, dataset, title, body="", dedupe_key, exclude=None):
    users = [u for u in users if exclude is None or u.pk != exclude]
    return notifications.notify_staff(
        recipients=users, kind=kind, report=None, title=title,
        body=Lines(body, Text(gettext_lazy("Buka dataset: %(url)s"), url=staff_url(dataset))),
        dedupe_key=dedupe_key[:120])


def on_event(dataset, event):
    """Notify the people the step concerns (not the actor)."""
    key = f"satudata:{event.action}:{event.pk}"
    actor = event.actor_id
    title_params = {"title": dataset.title[:120]}
    if event.action == "submit":
        notify(stewards(dataset), kind=Kind.APPROVAL, dataset=dataset, dedupe_key=key, exclude=actor,
               title=Text(gettext_lazy("Dataset diajukan untuk diperiksa: %(title)s"), **title_params),
               body=Text(gettext_lazy("Batas pemeriksaan: %(due)s."), due=dataset.review_due or "-"))
        if dataset.priority_year:
            notify(advisors(dataset), kind=Kind.APPROVAL, dataset=dataset, dedupe_key=key + ":advisor", exclude=actor,
                   title=Text(gettext_lazy("Data prioritas %(year)s menunggu rekomendasi: %(title)s"),
                              year=dataset.priority_year, **title_params))
    elif event.action == "return":
        notify(producers(dataset), kind=Kind.HANDED_BACK, dataset=dataset, dedupe_key=key, exclude=actor,
               title=Text(gettext_lazy("Dataset dikembalikan walidata: %(title)s"), **title_params),
               body=event.note)
    elif event.action in ("publish", "withdraw", "republish"):
        titles = {"publish": gettext_lazy("Dataset diterbitkan: %(title)s"),
                  "withdraw": gettext_lazy("Dataset ditarik dari publikasi: %(title)s"),
                  "republish": gettext_lazy("Dataset diterbitkan kembali: %(title)s")}
        notify(producers(dataset), kind=Kind.REMINDER, dataset=dataset, dedupe_key=key, exclude=actor,
               title=Text(titles[event.action], **title_params), body=event.note)
    elif event.action == "recommend":
        notify(stewards(dataset) + producers(dataset), kind=Kind.REMINDER, dataset=dataset, dedupe_key=key,
               exclude=actor, title=Text(gettext_lazy("Rekomendasi pembina data: %(title)s"), **title_params),
               body=event.note)

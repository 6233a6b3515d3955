"""The personal data of the dissemination app, for the data-subject rights (`baruga.accounts.privacy`).

Journalists' subscriptions to the newsroom: an e-mail address (encrypted, found by its blind index)
and the name of their medium. Nothing blocks erasure: it deletes the subscription (the release
e-mails already sent are the notifications app's outbox rows, found by `message_keys`).
Media partners' contact persons are business contacts of a contract, kept with the contract.
"""

from baruga.accounts.privacy import iso
from baruga.dissemination.models import Subscriber


def _addresses(subject):
    values = [subject.email] if subject.email else []
    if subject.user is not None and subject.user.email:
        values.append(subject.user.email)
    return values


def find(subject):
    """`newsroom_subscriptions`: the subscriptions of the e-mail typed or of the account's address."""
    addresses = _addresses(subject)
    return {"newsroom_subscriptions": list(Subscriber.objects.filter(email__in=addresses)) if addresses else []}


def export(subject):
    return {"newsroom_subscriptions": [
        {"email": s.email, "outlet": s.outlet, "state": s.state, "created_at": iso(s.created_at),
         "confirmed_at": iso(s.confirmed_at), "unsubscribed_at": iso(s.unsubscribed_at)}
        for s in subject.newsroom_subscriptions]}


def open_matters(subject, *, now, period):
    return []


def erase(subject, *, actor):
    Subscriber.objects.filter(pk__in=[s.pk for s in subject.newsroom_subscriptions]).delete()
    return {}

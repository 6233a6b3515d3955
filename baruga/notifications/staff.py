"""Staff notifications: `notify_staff` is the one entry point (and `notify_staff_bulk` the same for a
sweep's batch); who they go to (`members`, `agency_staff`, `jurisdiction_admins` …).

Every function writes rows in the caller's transaction: the in-app `Notification`, and an
`OutboxMessage` per e-mail or gateway message, handed to the worker by `outbox.hand_over`. Each
(recipient, dedupe_key) notification is stored once (unique constraint), so a sweep that runs twice,
or on two workers at once, notifies once per cause.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from baruga.accounts.models import Membership, Role
from baruga.notifications import channels, texts
from baruga.notifications.models import ChannelName, Notification, OutboxMessage, Preference
from baruga.notifications.outbox import hand_over, queue_message

Kind = Notification.Kind


def notify_staff(*, recipients, kind, report, title, body="", dedupe_key):
    """Create one notification per recipient for this cause; returns the ones newly created.

    `title` and `body` may be plain strings or lazy texts (`texts.Text`, gettext_lazy): these are
    rendered in each recipient's language. A new notification also queues an e-mail (unless the
    recipient turned e-mail off or reads a daily digest) and a gateway message (if chosen).
    """
    users = {u.pk: u for u in recipients}
    preferences = preferences_for(users.values())
    created = []
    for user in users.values():
        preference = preferences[user.pk]
        with translation.override(preference.language):
            title_text, body_text = str(title)[:200], str(body)
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    recipient=user, kind=kind, report=report, title=title_text, body=body_text, dedupe_key=dedupe_key,
                )
                _queue_for_staff(notification, user, preference)
        except IntegrityError:
            continue  # this person was already notified of this cause
        created.append(notification)
    return created


def _queue_for_staff(notification, user, preference):
    for message in _staff_messages(notification, user, preference):
        queue_message(**message)


def _staff_messages(notification, user, preference):
    """The outbox messages (as `queue_message` arguments) a new staff notification causes."""
    base = f"n{notification.pk}"
    messages = []
    with translation.override(preference.language):
        if preference.email_enabled and not preference.digest_daily and user.email:
            subject, body = texts.staff_email(notification)
            messages.append(dict(channel=ChannelName.EMAIL, to_address=user.email, subject=subject, body=body,
                                 language=preference.language, dedupe_key=f"{base}:email",
                                 notification=notification))
        if preference.gateway_enabled and preference.gateway_phone and channels.get("gateway").is_configured():
            messages.append(dict(channel=ChannelName.GATEWAY, to_address=preference.gateway_phone,
                                 body=texts.gateway_text(notification), language=preference.language,
                                 dedupe_key=f"{base}:gateway", notification=notification))
    return messages


def notify_staff_bulk(causes, *, fresh=False, messages=()):
    """`notify_staff` for many causes at once, in a fixed number of queries; returns the new notifications.

    `causes`: dicts with the arguments of `notify_staff`. The rows are the same as calling
    `notify_staff` for each cause (a (recipient, dedupe_key) already notified is skipped), written with
    one INSERT for the notifications and one for their outbox messages; each message is still handed
    to the worker after commit. For the deadline sweep's large batches (baruga/clocks/sweep.py).

    `fresh`: the dedupe keys are new (they name a history entry written in this transaction), so the
    check for earlier notifications is skipped. `messages`: further outbox rows (`queue_message`
    arguments, e.g. the reporter's e-mail) written with the same INSERT and handed over together.

    Call it inside the caller's transaction. Unlike `notify_staff`, a notification inserted by someone
    else between the check and the INSERT raises IntegrityError for the whole batch, so the caller's
    transaction rolls back and it can go cause by cause instead. Without RETURNING from bulk inserts
    (old SQLite), it simply calls `notify_staff` per cause.
    """
    from django.db import connection  # noqa: PLC0415 (read once per call: tests switch databases)

    causes = [cause for cause in causes if cause["recipients"]]
    if not causes and not messages:
        return []
    if not connection.features.can_return_rows_from_bulk_insert:  # pragma: no cover - every supported database can
        for message in messages:
            queue_message(**message)
        return [n for cause in causes for n in notify_staff(**cause)]
    users = {u.pk: u for cause in causes for u in cause["recipients"]}
    preferences = preferences_for(users.values()) if users else {}
    seen = set() if fresh or not users else set(
        Notification.objects.filter(dedupe_key__in={c["dedupe_key"] for c in causes}, recipient_id__in=list(users))
        .values_list("recipient_id", "dedupe_key"))
    pending = []
    for cause in causes:
        for user in {u.pk: u for u in cause["recipients"]}.values():
            if (user.pk, cause["dedupe_key"]) in seen:
                continue
            seen.add((user.pk, cause["dedupe_key"]))
            preference = preferences[user.pk]
            with translation.override(preference.language):
                title_text, body_text = str(cause["title"])[:200], str(cause["body"])
            pending.append((Notification(recipient=user, kind=cause["kind"], report=cause["report"], title=title_text,
                                         body=body_text, dedupe_key=cause["dedupe_key"]), user, preference))
    if pending:
        Notification.objects.bulk_create([notification for notification, _user, _preference in pending])
    rows = [dict(message) for message in messages]
    for notification, user, preference in pending:
        rows.extend(_staff_messages(notification, user, preference))
    outbox = []
    now = timezone.now()
    for message in rows:
        message["subject"] = message.get("subject", "")[:255]
        message["dedupe_key"] = message["dedupe_key"][:200]
        message.setdefault("next_attempt_at", now)
        outbox.append(OutboxMessage(**message, queued_for=message["next_attempt_at"]))  # hand_over queues it
    if outbox:
        OutboxMessage.objects.bulk_create(outbox)
        hand_over([message.pk for message in outbox])
    return [notification for notification, _user, _preference in pending]


def preferences_for(users):
    """Each user's preference in one query; users without a row get the defaults (unsaved)."""
    users = list(users)
    result, missing = {}, []
    for user in users:
        descriptor = getattr(type(user), "notification_preference", None)
        if descriptor is not None and descriptor.is_cached(user):  # fetched along (see `members`)
            try:
                result[user.pk] = user.notification_preference
            except Preference.DoesNotExist:
                result[user.pk] = Preference(user=user)
        else:
            missing.append(user)
    if missing:
        stored = {p.user_id: p for p in Preference.objects.filter(user__in=[u.pk for u in missing])}
        result.update({u.pk: stored.get(u.pk) or Preference(user=u) for u in missing})
    return result


# Recipients

def members(*, roles, jurisdiction_id=None, agency_id=None, lead_only=False):
    """Active users holding one of `roles` over the given jurisdiction or agency."""
    qs = Membership.objects.filter(role__in=roles, user__is_active=True).select_related(
        "user", "user__notification_preference")
    if jurisdiction_id is not None:
        qs = qs.filter(jurisdiction_id=jurisdiction_id)
    if agency_id is not None:
        qs = qs.filter(agency_id=agency_id)
    if lead_only:
        qs = qs.filter(is_lead=True)
    return [m.user for m in qs]


# A missing scope (a report with no OPD yet) means nobody, never everybody.

def agency_staff(agency_id):
    return members(roles=[Role.SUBADMIN, Role.HEAD], agency_id=agency_id) if agency_id else []


def agency_heads(agency_id):
    return members(roles=[Role.HEAD], agency_id=agency_id) if agency_id else []


def jurisdiction_admins(jurisdiction_id, *, lead_only=False):
    if not jurisdiction_id:
        return []
    return members(roles=[Role.ADMIN], jurisdiction_id=jurisdiction_id, lead_only=lead_only)


def jurisdiction_leaders(jurisdiction_id):
    return members(roles=[Role.LEADER], jurisdiction_id=jurisdiction_id) if jurisdiction_id else []


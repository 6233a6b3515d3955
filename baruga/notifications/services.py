"""Notifying people. `notify_staff` is the one entry point for staff notifications;
`on_report_event` turns one history entry of a report into everything it should cause.

Every function writes rows in the caller's transaction: the in-app `Notification`, and an
`OutboxMessage` per e-mail or gateway message. A message is handed to the worker only after
commit (`transaction.on_commit`), so a rolled-back cause sends nothing, and a crash after commit
loses nothing: `retry_due_messages` finds what is still due.

Each (recipient, dedupe_key) notification and each outbox dedupe_key is stored once (unique
constraints), so a sweep that runs twice, or on two workers at once, notifies once per cause.
"""

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baruga.accounts.models import Membership, Role
from baruga.complaints import workflow
from baruga.complaints.models import ReporterContact, State
from baruga.lib.oncommit import after_commit
from baruga.lib.phones import normalise_phone
from baruga.notifications import channels, delivery, tasks, texts
from baruga.notifications.models import ChannelName, DigestLog, Language, Notification, OutboxMessage, Preference
from baruga.notifications.texts import Lines, Text

logger = logging.getLogger("baruga.notifications")

Kind = Notification.Kind
DEFAULT_DIGEST_HOUR = 7  # local time; staff read the digest at the start of the working day


# Staff notifications

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
    from django.db import connection

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


def _database_backend():
    """The task backend when it is django-tasks-db's (task rows in our database), else None."""
    backend = tasks.deliver_outbox_message.get_backend()
    try:
        from django_tasks_db.backend import DatabaseBackend
    except ImportError:  # pragma: no cover - another backend is installed instead
        return None
    return backend if isinstance(backend, DatabaseBackend) and hasattr(backend, "_get_id") else None


def hand_over(message_ids):
    """Give these new outbox messages to the worker. With the database task backend the task rows
    are written now, in the caller's transaction: they commit (or roll back) with the messages, and
    the filing costs no second commit. With any other backend (a broker outside the database, the
    immediate backend of the tests) they are enqueued after commit."""
    if message_ids and connection.in_atomic_block and _database_backend() is not None:
        enqueue_many(message_ids)
    elif message_ids:
        after_commit(enqueue_many, list(message_ids))


def enqueue_many(message_ids):
    """`enqueue` for many messages: with the database task backend (django-tasks-db, the default)
    one INSERT of the task rows that `enqueue` would write one by one; with any other backend, one
    `enqueue` each."""
    task = tasks.deliver_outbox_message
    backend = _database_backend()
    if backend is not None:
        from django_tasks.signals import task_enqueued
        from django_tasks.utils import normalize_json
        from django_tasks_db.models import DBTaskResult, get_date_max
    if backend is None:
        for message_id in message_ids:
            try:
                enqueue(message_id)
            except Exception:  # like on_commit(robust=True) per message: the others still go
                logger.exception("Could not enqueue outbox message %s; retry_due_messages will", message_id)
                _not_queued(message_id)
        return
    backend.validate_task(task)
    rows = DBTaskResult.objects.bulk_create([
        DBTaskResult(id=backend._get_id(), args_kwargs=normalize_json({"args": [message_id], "kwargs": {}}),
                     priority=task.priority, task_path=task.module_path, queue_name=task.queue_name,
                     # bulk_create skips the pre_save signal that stands in "no run_after" by the maximum.
                     run_after=task.run_after or get_date_max(), backend_name=backend.alias)
        for message_id in message_ids])
    for row in rows:
        task_enqueued.send(type(backend), task_result=row.task_result)


def _not_queued(message_id):
    """The queue refused this message: the next sweep's `retry_due_messages` queues it again."""
    try:
        OutboxMessage.objects.filter(pk=message_id).update(queued_for=None)
    except Exception:  # the database is away too; after STUCK_AFTER the sweep queues it anyway
        logger.warning("Could not mark outbox message %s as not queued", message_id)


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


def preference_of(user):
    return Preference.objects.filter(user=user).first() or Preference(user=user)


# What a report's history entry causes

def on_report_event(report, event):
    """Notify staff and the reporter of one history entry (a `ReportEvent` just written).

    Called by `baruga.complaints.actions` inside the transaction that wrote the event. Staff whose
    work the entry concerns get a notification (never the actor for their own act); the reporter gets
    an e-mail for every entry the public history shows (not `workflow.INTERNAL_EVENTS`).
    """
    notice = _staff_notice(report, event)
    if getattr(report, "_just_filed", False):
        # A report filed in this transaction: its first entry's keys are new; one INSERT per table.
        causes = []
        if notice is not None:
            kind, recipients, title, body = notice
            causes.append(dict(recipients=[u for u in recipients if u.pk != event.actor_id], kind=kind,
                               report=report, title=title, body=body, dedupe_key=f"{event.action}:{event.pk}"))
        citizen = _reporter_message(report, event)
        notify_staff_bulk(causes, fresh=True, messages=[citizen] if citizen else [])
        return
    if notice is not None:
        kind, recipients, title, body = notice
        notify_staff(recipients=[u for u in recipients if u.pk != event.actor_id], kind=kind, report=report,
                     title=title, body=body, dedupe_key=f"{event.action}:{event.pk}")
    if event.action not in workflow.INTERNAL_EVENTS:
        notify_reporter(report, event)


def _staff_notice(report, event):
    """(kind, recipients, title, body) for the staff, or None when the entry concerns no one."""
    action, agency = event.action, report.agency or event.agency
    v = {"id": report.tracking_id, "title": report.title, "due": texts.local(report.due_at),
         "reason": event.reason, "agency": agency.name if agency else "-",
         "jurisdiction": report.jurisdiction.name}
    t = gettext_lazy
    if action == "submit":
        return (Kind.NEW_REPORT, jurisdiction_admins(report.jurisdiction_id),
                Text(t("Laporan baru %(id)s: %(title)s"), **v),
                Text(t("Laporan baru masuk ke %(jurisdiction)s dan menunggu verifikasi paling lambat %(due)s."), **v))
    if action == "transfer" and report.state == State.SUBMITTED:
        return (Kind.NEW_REPORT, jurisdiction_admins(report.jurisdiction_id),
                Text(t("Laporan dialihkan ke instansi Anda %(id)s: %(title)s"), **v),
                Lines(Text(t("Laporan dialihkan ke %(jurisdiction)s sebagai bukan wewenang instansi asal dan "
                             "menunggu verifikasi paling lambat %(due)s."), **v),
                      Text(t("Alasan pengalihan: %(reason)s"), **v)))
    if action == "dispatch":
        return (Kind.DISPATCHED, agency_staff(report.agency_id),
                Text(t("Disposisi baru %(id)s: %(title)s"), **v),
                Lines(Text(t("Laporan didisposisikan ke %(agency)s. Batas tindak lanjut: %(due)s."), **v),
                      event.reason and Text(t("Catatan admin: %(reason)s"), **v)))
    if action == "hand_back":
        return (Kind.HANDED_BACK, jurisdiction_admins(report.jurisdiction_id),
                Text(t("Laporan %(id)s dikembalikan OPD: %(title)s"), **v),
                Text(t("%(agency)s mengembalikan laporan untuk disposisi ulang. Alasan: %(reason)s"), **v))
    if action == "draft_response":
        return (Kind.APPROVAL, agency_heads(report.agency_id),
                Text(t("Tindak lanjut %(id)s menunggu persetujuan"), **v),
                Text(t("Tindak lanjut untuk “%(title)s” menunggu persetujuan Anda sebelum terbit; "
                       "setujui atau kembalikan dengan alasan."), **v))
    if action == "reopen":
        return (Kind.REOPENED, agency_staff(report.agency_id),
                Text(t("Pelapor belum puas %(id)s: %(title)s"), **v),
                Lines(Text(t("Laporan kembali ke %(agency)s. Batas tindak lanjut baru: %(due)s."), **v),
                      Text(t("Tanggapan pelapor: %(reason)s"), **v)))
    if action == "request_extension":
        return (Kind.EXTENSION,
                agency_heads(report.agency_id) + jurisdiction_admins(report.jurisdiction_id),
                Text(t("Permintaan perpanjangan waktu %(id)s"), **v),
                Text(t("%(agency)s meminta perpanjangan waktu tindak lanjut (%(reason)s)."), **v))
    if action in ("approve_extension", "reject_extension"):
        approved = action == "approve_extension"
        return (Kind.EXTENSION, agency_staff(report.agency_id),
                Text(t("Perpanjangan waktu %(id)s disetujui") if approved else t("Perpanjangan waktu %(id)s ditolak"),
                     **v),
                Text(t("Batas tindak lanjut sekarang: %(due)s."), **v) if approved
                else Text(t("Alasan: %(reason)s"), **v))
    return None


# The reporter

def notify_reporter(report, event):
    """Queue the reporter's e-mail about a public history entry, if they gave an address."""
    message = _reporter_message(report, event)
    return queue_message(**message) if message else None


def _reporter_message(report, event):
    """The reporter's e-mail about a public history entry (`queue_message` arguments), or None."""
    if event.action in workflow.INTERNAL_EVENTS:
        return None
    contact = getattr(report, "_filed_contact", None) or ReporterContact.objects.filter(
        report_id=report.pk).only("email", "name").first()
    if contact is None or not contact.email:
        return None
    language = settings.LANGUAGE_CODE
    if report.filer_id:
        preference = Preference.objects.filter(user_id=report.filer_id).first()
        if preference is not None:
            if not preference.email_enabled:
                return None
            language = preference.language
    with translation.override(language):
        subject, body = texts.citizen_email(report, event, contact)
    return dict(channel=ChannelName.EMAIL, to_address=contact.email, subject=subject, body=body,
                language=language, dedupe_key=citizen_message_key(event.pk))


def citizen_message_key(event_pk):
    """The dedupe key of the reporter's e-mail about one history entry (found again for their data export)."""
    return f"citizen:{event_pk}:email"


# The outbox

def queue_message(*, channel, to_address, body, language, dedupe_key, subject="", notification=None):
    """Write one outbox row in the current transaction, delivered after commit; None if already queued."""
    now = timezone.now()
    try:
        with transaction.atomic():
            message = OutboxMessage.objects.create(
                channel=channel, to_address=to_address, subject=subject[:255], body=body, language=language,
                dedupe_key=dedupe_key[:200], notification=notification,
                next_attempt_at=now, queued_for=now,  # queued for its first attempt by hand_over, below
            )
    except IntegrityError:
        return None
    hand_over([message.pk])
    return message


def enqueue(message_id):
    tasks.deliver_outbox_message.enqueue(message_id)


def retry_due_messages(now=None, *, limit=1000):
    """Hand the worker the due messages no task was queued for (failed ones past their backoff, ones
    the queue refused), oldest first: each message once per attempt, not once per sweep.

    Also returns rows stuck in "sending" (their worker died) to the queue, and queues again a message
    whose task was not run within STUCK_AFTER of its due moment (a lost task). The deadline sweep
    calls this on each run. Returns the number of messages enqueued (at most `limit`; the next run
    takes the rest).
    """
    now = now or timezone.now()
    delivery.release_stuck(now)
    delivery.release_lost(now)
    ids = delivery.mark_queued(now, limit=limit)
    if ids:
        after_commit(enqueue_many, ids)
    return len(ids)


def deliver_due_messages(now=None):
    """Deliver every due message in this process (the `deliver_outbox` command); {status: count}."""
    now = now or timezone.now()
    delivery.release_stuck(now)
    outcome = {}
    for message_id in delivery.due_ids(now):
        status = delivery.deliver(message_id, now)
        if status:
            outcome[status] = outcome.get(status, 0) + 1
    return outcome


def retry_now(messages, now=None):
    """An operator's "kirim ulang": failed or dead messages get a fresh set of attempts, due now."""
    now = now or timezone.now()
    ids = list(messages.filter(status__in=[OutboxMessage.Status.FAILED, OutboxMessage.Status.DEAD])
               .values_list("pk", flat=True))
    OutboxMessage.objects.filter(pk__in=ids).update(status=OutboxMessage.Status.PENDING, next_attempt_at=now,
                                                    attempts=0, queued_for=now)
    for message_id in ids:
        after_commit(enqueue, message_id)
    return len(ids)


# The daily digest

def send_daily_digests(now=None):
    """Queue one digest e-mail per digest reader with notifications since their last digest.

    Runs from the first call after NOTIFY_DIGEST_HOUR (local time) each day; idempotent: the unique
    (user, date) `DigestLog` lets one digest a day through, however often and wherever it runs.
    Returns the number of digests queued.
    """
    now = now or timezone.now()
    moment = timezone.localtime(now)
    if moment.hour < getattr(settings, "NOTIFY_DIGEST_HOUR", DEFAULT_DIGEST_HOUR):
        return 0
    readers = (Preference.objects.filter(digest_daily=True, email_enabled=True, user__is_active=True)
               .exclude(user__email="").exclude(user__notification_digests__date=moment.date())
               .select_related("user"))
    return sum(_send_digest(preference, moment.date(), now) for preference in readers)


def _send_digest(preference, date, now):
    user = preference.user
    last = DigestLog.objects.filter(user=user).order_by("-covered_until").first()
    since = last.covered_until if last else now - dt.timedelta(days=7)
    # Only what was not e-mailed on its own (it arrived while the digest was on, or e-mail was off).
    pending = (Notification.objects.filter(recipient=user, created_at__gt=since, created_at__lte=now)
               .exclude(outbox_messages__channel=ChannelName.EMAIL).select_related("report")
               .order_by("created_at", "id"))
    items = list(pending[: texts.DIGEST_MAX_ITEMS + 1])
    total = pending.count() if len(items) > texts.DIGEST_MAX_ITEMS else len(items)
    items = items[: texts.DIGEST_MAX_ITEMS]
    try:
        with transaction.atomic():
            log = DigestLog.objects.create(user=user, date=date, covered_until=now, count=total)
            if items:
                with translation.override(preference.language):
                    subject, body = texts.digest_email(items, total, date)
                log.message = queue_message(channel=ChannelName.EMAIL, to_address=user.email, subject=subject,
                                            body=body, language=preference.language,
                                            dedupe_key=f"digest:{user.pk}:{date.isoformat()}")
                log.save(update_fields=["message"])
    except IntegrityError:
        return 0  # another run sent today's digest
    return 1 if items else 0


# The notification centre and preferences

def mark_read(*, user, notification):
    """Mark one of the user's own notifications read (callers look it up scoped to the user)."""
    if notification.recipient_id != user.pk:
        raise Notification.DoesNotExist
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


def mark_all_read(*, user):
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


class GatewayUnavailable(ValidationError):
    """The instance has no SMS/WhatsApp gateway to turn on (its configuration, not the caller's input)."""


def save_preferences(*, user, email_enabled, digest_daily, gateway_enabled, gateway_phone, language):
    """Store the user's choices; raises ValidationError (messages for the user) and changes nothing."""
    if language not in Language.values:
        raise ValidationError(_("Pilihan bahasa tidak sah."))
    phone = (gateway_phone or "").strip()
    if phone:
        phone = normalise_phone(phone)
    existing = Preference.objects.filter(user=user).first()
    turning_on = gateway_enabled and not (existing and existing.gateway_enabled)
    if turning_on and not channels.get("gateway").is_configured():
        raise GatewayUnavailable(_("SMS/WhatsApp belum tersedia di instansi ini."))
    if gateway_enabled and not phone:
        raise ValidationError(_("Isi nomor SMS/WhatsApp untuk menerima notifikasi lewat SMS/WhatsApp."))
    preference, _created = Preference.objects.update_or_create(user=user, defaults={
        "email_enabled": bool(email_enabled), "digest_daily": bool(digest_daily),
        "gateway_enabled": bool(gateway_enabled), "gateway_phone": phone, "language": language,
    })
    return preference


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


def unread_count(user):
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()

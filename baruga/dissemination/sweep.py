"""The dissemination part of the periodic sweep (called by `baruga.clocks.sweep.run_sweep` every run).

- a partner's Dewan Pers verification ending within REMINDER_DAYS (or ended): one reminder to the
  jurisdiction's communications staff and head per expiry date;
- a contract ending within REMINDER_DAYS: one reminder per contract end;
- approved publications whose schedule has come are published (`actions.publish_due`).

Each reminder is claimed with a conditional UPDATE (`..._reminded_for` still unset for that date) in
its own small transaction, and only the worker whose UPDATE changed the row notifies, so two
workers or two runs never remind twice.
"""

import datetime as dt
import logging
from collections import Counter

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from baruga.accounts.models import Role
from baruga.dissemination import actions
from baruga.dissemination.models import Contract, MediaPartner, Verification
from baruga.notifications import outbox, staff
from baruga.notifications.models import Notification
from baruga.notifications.texts import Text

logger = logging.getLogger(__name__)

REMINDER_DAYS = 30
t = gettext_lazy


def _staff(jurisdiction_id):
    return staff.members(roles=[Role.HUMAS, Role.HUMAS_HEAD], jurisdiction_id=jurisdiction_id)


def run(now=None):
    now = now or timezone.now()
    counts = Counter()
    with translation.override(settings.LANGUAGE_CODE):
        for name, step in (("verification", _verifications), ("contract", _contracts)):
            try:
                step(now, counts)
            except Exception:
                counts["dissemination_errors"] += 1
                logger.exception("dissemination sweep: %s phase failed", name)
        try:
            counts["dissemination_published"] += actions.publish_due(now)
        except Exception:
            counts["dissemination_errors"] += 1
            logger.exception("dissemination sweep: scheduled publishing failed")
    return counts


def _verifications(now, counts):
    today = timezone.localdate(now)
    horizon = today + dt.timedelta(days=REMINDER_DAYS)
    due = (MediaPartner.objects.filter(is_active=True, verification_valid_until__lte=horizon)
           .exclude(verification=Verification.NONE)
           .filter(Q(verification_reminded_for__isnull=True)
                   | ~Q(verification_reminded_for=F("verification_valid_until"))))
    for partner in due[:500]:
        with transaction.atomic():
            claimed = MediaPartner.objects.filter(pk=partner.pk, verification_valid_until=partner.verification_valid_until) \
                .exclude(verification_reminded_for=partner.verification_valid_until) \
                .update(verification_reminded_for=partner.verification_valid_until)
            if claimed != 1:
                continue
            ended = partner.verification_valid_until < today
            values = {"name": partner.name, "date": f"{partner.verification_valid_until:%d-%m-%Y}"}
            title = (t("Verifikasi Dewan Pers %(name)s sudah berakhir (%(date)s)") if ended
                     else t("Verifikasi Dewan Pers %(name)s berakhir %(date)s"))
            staff.notify_staff(
                recipients=_staff(partner.jurisdiction_id), kind=Notification.Kind.REMINDER, report=None,
                title=Text(title, **values),
                body=Text(t("Perbarui data verifikasi %(name)s; mitra tanpa verifikasi yang berlaku tidak dihitung "
                            "sebagai mitra terverifikasi."), **values),
                dedupe_key=f"dissemination-verification:{partner.pk}:{partner.verification_valid_until.isoformat()}")
        counts["dissemination_verification_reminders"] += 1


def _contracts(now, counts):
    today = timezone.localdate(now)
    horizon = today + dt.timedelta(days=REMINDER_DAYS)
    due = (Contract.objects.filter(ends_on__gte=today, ends_on__lte=horizon, partner__is_active=True)
           .filter(Q(reminded_for__isnull=True) | ~Q(reminded_for=F("ends_on"))).select_related("partner"))
    for contract in due[:500]:
        with transaction.atomic():
            claimed = Contract.objects.filter(pk=contract.pk, ends_on=contract.ends_on).exclude(
                reminded_for=contract.ends_on).update(reminded_for=contract.ends_on)
            if claimed != 1:
                continue
            values = {"name": contract.partner.name, "number": contract.number, "date": f"{contract.ends_on:%d-%m-%Y}"}
            staff.notify_staff(
                recipients=_staff(contract.partner.jurisdiction_id), kind=Notification.Kind.REMINDER, report=None,
                title=Text(t("Kontrak %(name)s berakhir %(date)s"), **values),
                body=Text(t("Kontrak %(number)s dengan %(name)s berakhir %(date)s; penayangan sesudahnya tidak dapat "
                            "dicatat tanpa kontrak baru."), **values),
                dedupe_key=f"dissemination-contract:{contract.pk}:{contract.ends_on.isoformat()}")
        counts["dissemination_contract_reminders"] += 1

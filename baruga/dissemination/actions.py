"""Every change in dissemination: one function per business action.

Each action locks what it changes, checks the actor's capacity (`permissions`) and its input, applies
the change, writes the history entry (publications) and the audit entry, in one transaction. A
refusal raises `ActionError` with a message in Bahasa Indonesia and changes nothing. Pages, the API,
the sweep and the management commands call these functions; nothing else writes these models.
"""

import csv
import datetime as dt
import io
import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import EmailValidator
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baruga.audit import services as audit
from baruga.complaints.permissions import SYSTEM
from baruga.dissemination import permissions, workflow
from baruga.dissemination.models import (
    Contract,
    MediaKind,
    MediaPartner,
    Placement,
    Publication,
    PublicationAttachment,
    PublicationEvent,
    PublicationKind,
    PublicationState,
    Subscriber,
    SubscriberState,
    Verification,
)
from baruga.lib.crypto import normalise_email
from baruga.lib.lifecycle import ActionError, require, text
from baruga.lib.siteurl import absolute_url
from baruga.lib.uploads import clean_upload
from baruga.notifications import outbox, staff
from baruga.notifications.models import ChannelName, Notification
from baruga.notifications.texts import Text

__all__ = ["ActionError"]

MAX_BODY = 20_000
MAX_ATTACHMENTS = 10
# Reach figures above this are refused as absurd (about three times Indonesia's population).
REACH_MAX = 1_000_000_000
CSV_MAX_BYTES = 2 * 1024 * 1024
CSV_MAX_ROWS = 5000
CONFIRM_SALT = "baruga.dissemination.subscribe"
UNSUBSCRIBE_SALT = "baruga.dissemination.unsubscribe"
CONFIRM_DAYS = 7


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _audit(actor, action, target, jurisdiction, **details):
    audit.record(actor=actor, action=f"dissemination.{action}", target=target, jurisdiction=jurisdiction,
                 details=details)


def _choice(value, choices, message):
    require(value in choices.values, message)
    return value


def _date(value, label):
    require(isinstance(value, dt.date) and not isinstance(value, dt.datetime),
            _("%(field)s wajib diisi dengan tanggal yang sah.") % {"field": label})
    return value


def _clean_file(upload):
    try:
        return clean_upload(upload)
    except ValidationError as exc:
        raise ActionError(exc.messages) from None


def _store(row, field_name, cleaned):
    getattr(row, field_name).save("upload", ContentFile(cleaned.content), save=False)


# --- media partners and contracts ------------------------------------------------------------------

@dataclass
class PartnerInput:
    name: str
    kind: str
    legal_entity: str
    registration_number: str
    website: str = ""
    verification: str = Verification.NONE
    verified_on: dt.date | None = None
    verification_valid_until: dt.date | None = None
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    is_active: bool = True
    evidence: object = None  # an uploaded file (image/PDF), optional


def _check_partner(data, *, jurisdiction, partner=None):
    values = {
        "name": text(data.name, _("Nama media"), max_length=160, min_length=2),
        "kind": _choice(data.kind, MediaKind, _("Pilih jenis media.")),
        "legal_entity": text(data.legal_entity, _("Badan hukum"), max_length=200, min_length=3),
        "registration_number": text(data.registration_number, _("Nomor induk berusaha / akta"), max_length=80),
        "website": check_url(data.website, _("Situs"), required=False),
        "verification": _choice(data.verification, Verification, _("Pilih status verifikasi Dewan Pers.")),
        "contact_name": text(data.contact_name, _("Nama kontak"), max_length=120, required=False),
        "contact_email": text(data.contact_email, _("E-mail kontak"), max_length=254, required=False),
        "contact_phone": text(data.contact_phone, _("Telepon kontak"), max_length=20, required=False),
        "is_active": bool(data.is_active),
        "verified_on": data.verified_on or None,
        "verification_valid_until": data.verification_valid_until or None,
    }
    if values["contact_email"]:
        try:
            EmailValidator()(values["contact_email"])
        except ValidationError:
            raise ActionError(_("E-mail kontak tidak sah.")) from None
    today = timezone.localdate()
    if values["verification"] != Verification.NONE:
        require(values["verified_on"] is not None, _("Isi tanggal verifikasi Dewan Pers."))
        require(values["verified_on"] <= today, _("Tanggal verifikasi tidak boleh di masa depan."))
        require(values["verification_valid_until"] is None
                or values["verification_valid_until"] >= values["verified_on"],
                _("Masa berlaku verifikasi harus sesudah tanggal verifikasi."))
        require(data.evidence is not None or (partner is not None and partner.verification_evidence),
                _("Unggah bukti verifikasi Dewan Pers (tangkapan layar atau PDF)."))
    else:
        values["verified_on"] = values["verification_valid_until"] = None
    duplicate = MediaPartner.objects.filter(jurisdiction=jurisdiction,
                                            registration_number=values["registration_number"])
    if partner is not None:
        duplicate = duplicate.exclude(pk=partner.pk)
    require(not duplicate.exists(), _("Mitra media dengan nomor induk berusaha/akta ini sudah terdaftar."))
    return values


@transaction.atomic
def create_partner(*, actor, jurisdiction, data):
    require(permissions.can_manage_partners(actor, jurisdiction.pk),
            _("Anda tidak berwenang mengelola mitra media wilayah ini."))
    values = _check_partner(data, jurisdiction=jurisdiction)
    evidence = _clean_file(data.evidence) if data.evidence is not None else None
    partner = MediaPartner(jurisdiction=jurisdiction, **values)
    if evidence is not None:
        partner.verification_evidence_type = evidence.content_type
        _store(partner, "verification_evidence", evidence)
    partner.save()
    _audit(actor, "partner_create", partner, jurisdiction, partner_id=partner.pk, verification=partner.verification)
    return partner


@transaction.atomic
def update_partner(*, actor, partner, data):
    partner = MediaPartner.objects.select_for_update().get(pk=partner.pk)
    require(permissions.can_manage_partners(actor, partner.jurisdiction_id),
            _("Anda tidak berwenang mengelola mitra media wilayah ini."))
    values = _check_partner(data, jurisdiction=partner.jurisdiction, partner=partner)
    evidence = _clean_file(data.evidence) if data.evidence is not None else None
    if values["verification_valid_until"] != partner.verification_valid_until:
        partner.verification_reminded_for = None
    for key, value in values.items():
        setattr(partner, key, value)
    if evidence is not None:
        partner.verification_evidence_type = evidence.content_type
        _store(partner, "verification_evidence", evidence)
    partner.save()
    _audit(actor, "partner_update", partner, partner.jurisdiction, partner_id=partner.pk,
           verification=partner.verification)
    return partner


@transaction.atomic
def add_contract(*, actor, partner, year, number, starts_on, ends_on, value, quota):
    partner = MediaPartner.objects.select_for_update().get(pk=partner.pk)
    require(permissions.can_manage_partners(actor, partner.jurisdiction_id),
            _("Anda tidak berwenang mengelola mitra media wilayah ini."))
    require(isinstance(year, int) and 2000 <= year <= 2100, _("Tahun anggaran tidak sah."))
    number = text(number, _("Nomor kontrak"), max_length=80)
    starts_on = _date(starts_on, _("Tanggal mulai"))
    ends_on = _date(ends_on, _("Tanggal berakhir"))
    require(starts_on <= ends_on, _("Tanggal berakhir kontrak harus sesudah tanggal mulai."))
    require(starts_on.year == year and ends_on.year == year,
            _("Masa kontrak harus berada dalam tahun anggaran %(year)d.") % {"year": year})
    try:
        value = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ActionError(_("Nilai kontrak harus berupa angka rupiah.")) from None
    require(value.is_finite() and value >= 0 and value == value.to_integral_value(),
            _("Nilai kontrak harus berupa bilangan bulat rupiah, tidak negatif."))
    require(value < Decimal(10) ** 15, _("Nilai kontrak terlalu besar."))
    require(isinstance(quota, int) and 1 <= quota <= 100_000,
            _("Kuota penayangan harus antara 1 dan 100.000."))
    require(partner.is_active, _("Mitra media ini tidak aktif."))
    require(not Contract.objects.filter(partner=partner, year=year).exists(),
            _("Mitra media ini sudah punya kontrak untuk tahun %(year)d.") % {"year": year})
    contract = Contract.objects.create(partner=partner, year=year, number=number, starts_on=starts_on,
                                       ends_on=ends_on, value=value, quota=quota)
    _audit(actor, "contract_add", contract, partner.jurisdiction, partner_id=partner.pk, contract_id=contract.pk,
           year=year, quota=quota)
    return contract


# --- publications ----------------------------------------------------------------------------------

@dataclass
class PublicationInput:
    kind: str
    title: str
    summary: str
    body: str
    agency: object = None  # directory.Agency or None (the communications unit itself)
    scheduled_at: dt.datetime | None = None
    public_information: object = None  # ppid.PublicInformation or None
    category: object = None  # directory.Category or None
    files: list = field(default_factory=list)


def _check_publication(data, jurisdiction):
    values = {
        "kind": _choice(data.kind, PublicationKind, _("Pilih jenis publikasi.")),
        "title": text(data.title, _("Judul"), max_length=200, min_length=10),
        "summary": text(data.summary, _("Ringkasan"), max_length=600, min_length=20),
        "body": text(data.body, _("Isi"), max_length=MAX_BODY, min_length=50),
        "agency": data.agency,
        "scheduled_at": data.scheduled_at or None,
        "public_information": data.public_information,
        "category": data.category,
    }
    require(data.agency is None or data.agency.jurisdiction_id == jurisdiction.pk,
            _("OPD yang dipilih bukan bagian dari wilayah ini."))
    info = data.public_information
    require(info is None or (info.jurisdiction_id == jurisdiction.pk and info.is_published
                             and not info.is_exempt),
            _("Informasi DIP yang dipilih tidak ada atau bukan informasi terbuka wilayah ini."))
    require(values["scheduled_at"] is None or values["scheduled_at"] > timezone.now(),
            _("Jadwal terbit harus di masa depan."))
    return values


def _clean_files(files, existing=0):
    files = list(files or [])
    require(existing + len(files) <= MAX_ATTACHMENTS,
            _("Paling banyak %(max)d lampiran per publikasi.") % {"max": MAX_ATTACHMENTS})
    return [_clean_file(f) for f in files]


def _store_attachments(publication, cleaned, now):
    for item in cleaned:
        row = PublicationAttachment(publication=publication, original_name=item.original_name,
                                    content_type=item.content_type, size=len(item.content), sha256=item.sha256,
                                    created_at=now)
        _store(row, "file", item)
        row.save()


def _event(publication, *, actor, action, from_state, reason="", now=None):
    event = PublicationEvent.objects.create(
        publication=publication, actor=_user(actor), action=action, from_state=from_state,
        to_state=publication.state, reason=reason, created_at=now or timezone.now())
    _audit(actor, action if action in ("submit", "approve", "publish", "withdraw", "return_to_draft")
           else f"publication_{action}", publication, publication.jurisdiction, publication_id=publication.pk,
           event_id=event.pk, from_state=from_state, to_state=publication.state)
    _notify(publication, event)
    return event


def _new_slug(title):
    return f"{slugify(title)[:70].strip('-') or 'publikasi'}-{uuid.uuid4().hex[:6]}"


@transaction.atomic
def create_publication(*, actor, jurisdiction, data):
    require(permissions.may_write_for(actor, jurisdiction, data.agency),
            _("Anda tidak berwenang menulis publikasi untuk OPD atau wilayah ini."))
    values = _check_publication(data, jurisdiction)
    cleaned = _clean_files(data.files)
    now = timezone.now()
    publication = Publication.objects.create(jurisdiction=jurisdiction, author=actor, slug=_new_slug(values["title"]),
                                             **values)
    _store_attachments(publication, cleaned, now)
    _event(publication, actor=actor, action="create", from_state="", now=now)
    return publication


def _lock(publication):
    return Publication.objects.select_for_update(of=("self",)).select_related("jurisdiction", "agency").get(
        pk=publication.pk)


@transaction.atomic
def update_publication(*, actor, publication, data):
    publication = _lock(publication)
    require(permissions.can_edit(actor, publication),
            _("Publikasi hanya dapat diubah penulisnya atau humas selama masih draf."))
    require(data.agency == publication.agency
            or permissions.may_write_for(actor, publication.jurisdiction, data.agency),
            _("Anda tidak berwenang menulis publikasi untuk OPD ini."))
    values = _check_publication(data, publication.jurisdiction)
    cleaned = _clean_files(data.files, publication.attachments.count())
    for key, value in values.items():
        setattr(publication, key, value)
    publication.save()
    _store_attachments(publication, cleaned, timezone.now())
    _event(publication, actor=actor, action="update", from_state=publication.state)
    return publication


def _transition(actor, publication, name, *, reason="", now=None):
    t = workflow.WORKFLOW.check(name, publication.state, permissions.capacities(actor, publication),
                                state_label=publication.get_state_display(), noun=_("publikasi"))
    from_state = publication.state
    publication.state = t.target
    return from_state


@transaction.atomic
def submit(*, actor, publication):
    publication = _lock(publication)
    from_state = _transition(actor, publication, "submit")
    publication.save()
    return _event(publication, actor=actor, action="submit", from_state=from_state)


@transaction.atomic
def return_to_draft(*, actor, publication, reason):
    publication = _lock(publication)
    reason = text(reason, _("Catatan perbaikan"), max_length=2000, min_length=10)
    from_state = _transition(actor, publication, "return_to_draft")
    publication.approved_at = None
    publication.approved_by = None
    publication.save()
    return _event(publication, actor=actor, action="return_to_draft", from_state=from_state, reason=reason)


@transaction.atomic
def approve(*, actor, publication, scheduled_at=None):
    """The head of the communications unit approves; never a draft they wrote themselves."""
    publication = _lock(publication)
    from_state = _transition(actor, publication, "approve")
    require(publication.author_id != getattr(actor, "pk", None),
            _("Publikasi tidak dapat disetujui oleh penulisnya sendiri."))
    if scheduled_at is not None:
        require(scheduled_at > timezone.now(), _("Jadwal terbit harus di masa depan."))
        publication.scheduled_at = scheduled_at
    publication.approved_at = timezone.now()
    publication.approved_by = actor
    publication.save()
    return _event(publication, actor=actor, action="approve", from_state=from_state)


@transaction.atomic
def publish(*, actor, publication, now=None):
    """Publish an approved publication now (humas or the head), or at its schedule (the sweep)."""
    publication = _lock(publication)
    now = now or timezone.now()
    from_state = _transition(actor, publication, "publish")
    require(publication.approved_at is not None, _("Publikasi harus disetujui kepala unit sebelum terbit."))
    if actor is not SYSTEM:
        require(publication.scheduled_at is None or publication.scheduled_at <= now,
                _("Publikasi ini dijadwalkan terbit %(when)s; sistem akan menerbitkannya otomatis.")
                % {"when": _local(publication.scheduled_at)})
    publication.published_at = now
    publication.save()
    event = _event(publication, actor=actor, action="publish_scheduled" if actor is SYSTEM else "publish",
                   from_state=from_state, now=now)
    _mail_subscribers(publication)
    return event


@transaction.atomic
def withdraw(*, actor, publication, reason):
    publication = _lock(publication)
    reason = text(reason, _("Alasan penarikan"), max_length=2000, min_length=10)
    from_state = _transition(actor, publication, "withdraw")
    publication.save()
    return _event(publication, actor=actor, action="withdraw", from_state=from_state, reason=reason)


def publish_due(now=None):
    """The sweep's part: publish every approved publication whose schedule has come. Returns the count."""
    now = now or timezone.now()
    done = 0
    due = Publication.objects.filter(state=PublicationState.APPROVED, scheduled_at__lte=now).values_list("pk",
                                                                                                          flat=True)
    for pk in list(due[:500]):
        try:
            publish(actor=SYSTEM, publication=Publication(pk=pk), now=now)
            done += 1
        except ActionError:
            continue  # published or returned meanwhile
    return done


def _local(moment):
    return f"{timezone.localtime(moment):%d-%m-%Y %H:%M}" if moment else "—"


# Notices to staff (rows now, delivery after commit)

def _notify(publication, event):
    t = gettext_lazy
    values = {"title": publication.title[:120]}
    url = absolute_url(reverse("dissemination:publication", args=[publication.pk]))
    if event.action == "submit":
        users = staff.members(roles=["humas_head"], jurisdiction_id=publication.jurisdiction_id)
        title = Text(t("Publikasi menunggu persetujuan: %(title)s"), **values)
        kind = Notification.Kind.APPROVAL
    elif event.action in ("approve", "return_to_draft", "publish", "publish_scheduled", "withdraw"):
        users = [publication.author]
        title = Text(t("Publikasi Anda: %(title)s — %(state)s"), title=values["title"],
                     state=publication.get_state_display())
        kind = Notification.Kind.APPROVAL
    else:
        return
    users = [u for u in users if u.pk != getattr(event.actor, "pk", None) and u.is_active]
    if users:
        staff.notify_staff(recipients=users, kind=kind, report=None, title=title,
                                   body=Text(t("Buka publikasi: %(url)s"), url=url),
                                   dedupe_key=f"dissemination:{event.action}:{event.pk}")


# --- placements ------------------------------------------------------------------------------------

def check_url(value, label, *, required=True):
    value = text(value, label, max_length=500, required=required)
    if not value:
        return ""
    parts = urlsplit(value)
    require(parts.scheme.lower() in ("http", "https") and parts.hostname and "." in parts.hostname,
            _("%(field)s harus berupa alamat web yang diawali http:// atau https://.") % {"field": label})
    return value


def url_key(value):
    parts = urlsplit(value.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    port = f":{parts.port}" if parts.port and parts.port not in (80, 443) else ""
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{port}{path}{query}"[:500]


def check_reach(value, label):
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = value.strip().replace(".", "").replace(",", "")
        require(value.lstrip("-").isdigit(), _("%(field)s harus berupa bilangan bulat.") % {"field": label})
        value = int(value)
    require(isinstance(value, int) and not isinstance(value, bool),
            _("%(field)s harus berupa bilangan bulat.") % {"field": label})
    require(value >= 0, _("%(field)s tidak boleh negatif.") % {"field": label})
    require(value <= REACH_MAX, _("%(field)s tidak masuk akal (lebih dari %(max)s).")
            % {"field": label, "max": f"{REACH_MAX:,}".replace(",", ".")})
    return value


def _check_reach_set(views, impressions, engagement):
    views = check_reach(views, _("Jumlah dilihat"))
    impressions = check_reach(impressions, _("Jumlah impresi"))
    engagement = check_reach(engagement, _("Jumlah interaksi"))
    seen = max(v for v in (views, impressions, 0) if v is not None)
    require(engagement is None or (views is None and impressions is None) or engagement <= seen,
            _("Jumlah interaksi tidak mungkin lebih besar dari jumlah dilihat/impresi."))
    return views, impressions, engagement


def contract_for(partner, day, *, lock=False):
    qs = Contract.objects.filter(partner=partner, starts_on__lte=day, ends_on__gte=day)
    if lock:
        qs = qs.select_for_update()
    return qs.first()


@transaction.atomic
def record_placement(*, actor, publication, partner=None, own_channel="", url, placed_on, proof=None,
                     views=None, impressions=None, engagement=None):
    """A publication shown in a partner medium (inside a contract, within its quota) or an own channel."""
    publication = _lock(publication)
    require(permissions.can_record_placement(actor, publication),
            _("Anda tidak berwenang mencatat penayangan publikasi ini."))
    require(publication.state == PublicationState.PUBLISHED,
            _("Penayangan hanya dapat dicatat untuk publikasi yang sudah terbit."))
    url = check_url(url, _("Tautan tayang"))
    placed_on = _date(placed_on, _("Tanggal tayang"))
    require(placed_on <= timezone.localdate(), _("Tanggal tayang tidak boleh di masa depan."))
    require(placed_on >= timezone.localtime(publication.published_at).date(),
            _("Tanggal tayang tidak boleh sebelum publikasi terbit (%(date)s).")
            % {"date": f"{timezone.localtime(publication.published_at):%d-%m-%Y}"})
    views, impressions, engagement = _check_reach_set(views, impressions, engagement)
    own_channel = text(own_channel, _("Kanal sendiri"), max_length=120, required=False)
    require(partner is not None or own_channel, _("Pilih mitra media atau isi nama kanal sendiri."))
    require(partner is None or not own_channel, _("Pilih mitra media atau isi kanal sendiri, salah satu saja."))
    contract = None
    if partner is not None:
        partner = MediaPartner.objects.select_for_update().get(pk=partner.pk)
        require(partner.jurisdiction_id == publication.jurisdiction_id,
                _("Mitra media ini bukan mitra wilayah publikasi."))
        require(partner.is_active, _("Mitra media ini tidak aktif."))
        contract = contract_for(partner, placed_on, lock=True)
        require(contract is not None,
                _("Tanggal tayang %(date)s di luar masa kontrak %(partner)s; penayangan di luar kontrak tidak dapat "
                  "dibayar.") % {"date": f"{placed_on:%d-%m-%Y}", "partner": partner.name})
        used = contract.placements.count()
        require(used < contract.quota,
                _("Kuota penayangan kontrak %(number)s sudah habis (%(used)d dari %(quota)d).")
                % {"number": contract.number, "used": used, "quota": contract.quota})
        require(proof is not None, _("Unggah bukti tayang (tangkapan layar atau PDF) untuk penayangan di mitra media."))
    key = url_key(url)
    require(not Placement.objects.filter(url_key=key).exists(),
            _("Tautan ini sudah tercatat sebagai penayangan; satu tautan hanya dicatat sekali."))
    cleaned = _clean_file(proof) if proof is not None else None
    placement = Placement(publication=publication, partner=partner, contract=contract, own_channel=own_channel,
                          url=url, url_key=key, placed_on=placed_on, views=views, impressions=impressions,
                          engagement=engagement, recorded_by=actor)
    if cleaned is not None:
        placement.proof_content_type = cleaned.content_type
        placement.proof_name = cleaned.original_name
        _store(placement, "proof", cleaned)
    try:
        with transaction.atomic():
            placement.save()
    except IntegrityError:
        raise ActionError(
            _("Tautan ini sudah tercatat sebagai penayangan; satu tautan hanya dicatat sekali.")) from None
    _audit(actor, "placement_record", placement, publication.jurisdiction, placement_id=placement.pk,
           publication_id=publication.pk, partner_id=getattr(partner, "pk", None),
           contract_id=getattr(contract, "pk", None))
    return placement


@transaction.atomic
def update_reach(*, actor, placement, views=None, impressions=None, engagement=None):
    placement = Placement.objects.select_for_update(of=("self",)).select_related("publication").get(pk=placement.pk)
    require(permissions.can_record_placement(actor, placement.publication),
            _("Anda tidak berwenang mengubah penayangan ini."))
    placement.views, placement.impressions, placement.engagement = _check_reach_set(views, impressions, engagement)
    placement.save()
    _audit(actor, "reach_update", placement, placement.publication.jurisdiction, placement_id=placement.pk)
    return placement


@dataclass
class ImportResult:
    updated: int = 0
    errors: list = field(default_factory=list)  # [(row number, message)]


CSV_COLUMNS = ("url", "dilihat", "impresi", "interaksi")


@transaction.atomic
def import_reach_csv(*, actor, upload):
    """Reach figures from a CSV (columns url, dilihat, impresi, interaksi), matched to placements by URL.

    Every row is checked first; with any error nothing is changed and every bad row is named."""
    require(upload is not None, _("Pilih berkas CSV."))
    require(upload.size <= CSV_MAX_BYTES, _("Berkas CSV terlalu besar (maksimal 2 MB)."))
    raw = b"".join(upload.chunks())
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ActionError(_("Berkas CSV harus berkode UTF-8.")) from None
    require("\x00" not in content, _("Berkas ini bukan CSV."))
    try:
        dialect = csv.Sniffer().sniff(content[:2048], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(content), dialect=dialect)
    header = [(h or "").strip().lower() for h in (reader.fieldnames or [])]
    require("url" in header and any(c in header for c in CSV_COLUMNS[1:]),
            _("Baris pertama CSV harus memuat kolom: url, dilihat, impresi, interaksi."))
    reader.fieldnames = header
    result = ImportResult()
    planned = {}
    allowed = permissions.humas_jurisdiction_ids(actor)
    for number, row in enumerate(reader, start=2):
        if number > CSV_MAX_ROWS + 1:
            result.errors.append((number, _("Terlalu banyak baris (maksimal %(max)d).") % {"max": CSV_MAX_ROWS}))
            break
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        try:
            url = check_url(row.get("url"), _("Tautan"))
            placement = Placement.objects.select_related("publication").filter(url_key=url_key(url)).first()
            require(placement is not None and placement.publication.jurisdiction_id in allowed,
                    _("Tidak ada penayangan tercatat dengan tautan ini."))
            require(placement.pk not in planned, _("Tautan ini muncul lebih dari sekali dalam berkas."))
            figures = _check_reach_set(row.get("dilihat"), row.get("impresi"), row.get("interaksi"))
        except ActionError as exc:
            result.errors.append((number, " ".join(exc.messages)))
            continue
        planned[placement.pk] = (placement, figures)
    if not result.errors and not planned:
        result.errors.append((1, _("Berkas CSV tidak memuat baris data.")))
    if result.errors:
        return result
    for placement, (views, impressions, engagement) in planned.values():
        Placement.objects.filter(pk=placement.pk).update(views=views, impressions=impressions,
                                                         engagement=engagement, updated_at=timezone.now())
        _audit(actor, "reach_import", placement, placement.publication.jurisdiction, placement_id=placement.pk)
    result.updated = len(planned)
    return result


def record_export(*, actor, partner, start, end, fmt):
    _audit(actor, "report_export", partner, partner.jurisdiction, partner_id=partner.pk, start=start.isoformat(),
           end=end.isoformat(), format=fmt)


# --- subscriptions ---------------------------------------------------------------------------------

def confirm_token(subscriber):
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(str(subscriber.pk))


def unsubscribe_token(subscriber):
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(subscriber.pk))


def _token_id(token, *, confirm):
    try:
        if confirm:
            value = signing.TimestampSigner(salt=CONFIRM_SALT).unsign(token, max_age=dt.timedelta(days=CONFIRM_DAYS))
        else:
            value = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return int(value) if value.isdigit() else None


@transaction.atomic
def subscribe(*, email, outlet=""):
    """Start a subscription: one confirmation e-mail; the address gets releases only once confirmed.

    The answer is the same whether the address was new, pending or already active, so the form tells
    nobody who subscribes."""
    email = text(email, _("E-mail"), max_length=254)
    try:
        EmailValidator()(email)
    except ValidationError:
        raise ActionError(_("Alamat e-mail tidak sah.")) from None
    outlet = text(outlet, _("Nama media"), max_length=120, required=False)
    email = normalise_email(email)
    subscriber = Subscriber.objects.select_for_update().filter(email=email).first()
    now = timezone.now()
    if subscriber is None:
        try:
            with transaction.atomic():
                subscriber = Subscriber.objects.create(email=email, outlet=outlet, created_at=now)
        except IntegrityError:
            return None  # subscribed at the same moment by another request
    elif subscriber.state == SubscriberState.CONFIRMED:
        return subscriber
    else:
        subscriber.state = SubscriberState.PENDING
        subscriber.outlet = outlet or subscriber.outlet
        subscriber.save()
    link = absolute_url(reverse("dissemination:confirm", args=[confirm_token(subscriber)]))
    body = "\n\n".join([
        _("Seseorang (semoga Anda) meminta siaran pers Baruga dikirim ke alamat ini."),
        _("Untuk memulai langganan, buka tautan berikut dalam %(days)d hari:") % {"days": CONFIRM_DAYS} + f"\n{link}",
        _("Bila Anda tidak memintanya, abaikan e-mail ini; alamat Anda tidak akan menerima apa pun."),
    ])
    outbox.queue_message(channel=ChannelName.EMAIL, to_address=email,
                                subject=_("Konfirmasi langganan siaran pers"),
                                body=body, language="id",
                                dedupe_key=f"dissemination:confirm:{subscriber.pk}:{int(now.timestamp())}")
    return subscriber


@transaction.atomic
def confirm(*, token):
    pk = _token_id(token, confirm=True)
    subscriber = Subscriber.objects.select_for_update().filter(pk=pk).first() if pk else None
    require(subscriber is not None and subscriber.state != SubscriberState.UNSUBSCRIBED,
            _("Tautan konfirmasi tidak sah atau sudah kedaluwarsa. Silakan daftar lagi."))
    if subscriber.state == SubscriberState.PENDING:
        subscriber.state = SubscriberState.CONFIRMED
        subscriber.confirmed_at = timezone.now()
        subscriber.save()
    return subscriber


@transaction.atomic
def unsubscribe(*, token):
    pk = _token_id(token, confirm=False)
    subscriber = Subscriber.objects.select_for_update().filter(pk=pk).first() if pk else None
    require(subscriber is not None, _("Tautan berhenti berlangganan tidak sah."))
    if subscriber.state != SubscriberState.UNSUBSCRIBED:
        subscriber.state = SubscriberState.UNSUBSCRIBED
        subscriber.unsubscribed_at = timezone.now()
        subscriber.save()
    return subscriber


def _mail_subscribers(publication):
    """One outbox e-mail per confirmed subscriber, each with its own unsubscribe link (sent after commit)."""
    url = absolute_url(reverse("dissemination:detail", args=[publication.slug]))
    for subscriber in Subscriber.objects.filter(state=SubscriberState.CONFIRMED).iterator():
        leave = absolute_url(reverse("dissemination:unsubscribe", args=[unsubscribe_token(subscriber)]))
        body = "\n\n".join([
            f"{publication.get_kind_display()} — {publication.publisher_name}",
            publication.title, publication.summary, _("Selengkapnya: %(url)s") % {"url": url},
            _("Berhenti berlangganan: %(url)s") % {"url": leave},
        ])
        outbox.queue_message(channel=ChannelName.EMAIL, to_address=subscriber.email,
                                    subject=publication.title[:200], body=body, language="id",
                                    dedupe_key=f"dissemination:release:{publication.pk}:{subscriber.pk}")


def placement_counts(contract_ids):
    return dict(Placement.objects.filter(contract_id__in=contract_ids).values("contract_id")
                .annotate(n=Count("id")).values_list("contract_id", "n"))

"""One function per lifecycle transition, plus filing a report and the few changes that are not transitions.

Every function: takes the acting user (or GuestAccess / SYSTEM) and keyword arguments,
runs in one transaction with the report row locked, checks the transition table and the
actor's capacity, applies the change, records a ReportEvent through `events.record` (which runs
everything the change causes, in a fixed order: see events.py) and returns the report.
A refused action raises ActionError with a message for the user and changes nothing.
"""

import base64
import hashlib
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, validate_email
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils import translation
from django.utils.translation import gettext as _

from baruga.audit import services as audit
from baruga.clocks import services as clocks
from baruga.complaints import events, permissions, searchtext, workflow
from baruga.complaints.models import (
    ArchiveReason,
    Attachment,
    Channel,
    InternalNote,
    Kind,
    Report,
    ReportEvent,
    ReporterContact,
    Response,
    Source,
    StaffRecording,
    State,
    Support,
    Tag,
)
from baruga.clocks.models import ClockKind, Extension
from baruga.directory.models import Agency, Jurisdiction
from baruga.lib import lifecycle
from baruga.lib.phones import normalise_phone
from baruga.lib.tracking import hash_secret, new_secret, new_tracking_id
from baruga.lib.uploads import clean_upload
from baruga.notifications import outbox as notifications
from baruga.notifications import texts as notification_texts
from baruga.notifications.models import ChannelName

MAX_TITLE = 150
MAX_BODY = 5000
MAX_REASON = 2000


# One refusal class for every lifecycle (complaints, PPID, Satu Data …): the API maps it to HTTP once.
ActionError = lifecycle.ActionError
require = lifecycle.require


def _actor_user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


# The account a history entry or an attachment names (none for the anonim reporter's own steps).
_event_actor = events.named_actor


def _lock(report):
    """Re-read the report under a row lock so two clicks cannot both pass the state check."""
    return Report.objects.select_for_update(of=("self",)).select_related("jurisdiction", "agency").get(pk=report.pk)


def _allowed(actor, report, name):
    """The actor's capacities towards the (locked) report, or a refusal: `name` is not theirs to take
    from the report's state (the table in `workflow.py`)."""
    caps = permissions.capacities(actor, report)
    workflow.WORKFLOW.check(name, report.state, caps, state_label=report.get_state_display(), noun=_("laporan"))
    return caps


def _move(report, *, actor, action, to_state, reason="", agency=None, jurisdiction=None, now=None):
    now = now or timezone.now()
    from_state = report.state
    report.state = to_state
    report.state_changed_at = now
    clocks.on_transition(report, action, now)
    report.save()
    jurisdiction = jurisdiction or report.jurisdiction
    return events.record(
        report, action=action, actor=actor, from_state=from_state, to_state=to_state, jurisdiction=jurisdiction,
        agency=agency, reason=reason,
        audit=events.Audited(reason=reason, jurisdiction=jurisdiction, details={
            "from_state": from_state, "to_state": to_state, "agency_id": agency.pk if agency else None,
            "is_anonymous": report.is_anonymous, "is_confidential": report.is_confidential}),
    )


def _clean_attachments(files, *, limit=True):
    files = list(files or [])
    require(
        not limit or len(files) <= settings.UPLOAD_MAX_FILES,
        _("Maksimal %(max)d lampiran sekali kirim.") % {"max": settings.UPLOAD_MAX_FILES},
    )
    cleaned = []
    for upload in files:
        try:
            cleaned.append(clean_upload(upload))
        except ValidationError as exc:
            raise ActionError(exc.messages) from None
    return cleaned


def _store_attachments(report, cleaned, *, uploaded_by=None, response=None):
    now = timezone.now()
    stored = []
    for item in cleaned:
        attachment = Attachment(
            report=report, response=response, original_name=item.original_name, content_type=item.content_type,
            size=len(item.content), sha256=item.sha256, uploaded_by=uploaded_by, created_at=now,
        )
        attachment.file.save("upload", ContentFile(item.content), save=False)
        attachment.save()
        stored.append(attachment)
    return stored


def guest_secret_for_token(token):
    """The guest secret of a submission, derived from its token with the server key.

    Deriving it (instead of drawing it at random) lets a repeated submit answer with the same
    private link; the token itself is random and only the submitting browser or client knows it.
    """
    digest = salted_hmac("baruga.complaints.guest-secret", str(token), algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest[:24]).decode()


def _replay(existing, *, user, title, body, token):
    same_sender = existing.filer_id == (user.pk if user else None)
    # The admin may retitle it and completions are appended to the body, so compare the opening text.
    same_content = existing.body.startswith((body or "").strip())
    require(same_sender and same_content,
             _("Formulir ini sudah pernah dipakai untuk laporan lain. Muat ulang halaman, lalu kirim lagi."))
    return existing, (None if user else guest_secret_for_token(token))


def suggest_receiver(*, category, location):
    """The jurisdiction that receives a new report, by the category's authority level (UU 23/2014).

    Regency/city matters go to the regency/city where it happened; everything else, and
    anything not yet classified, goes to the province, whose admin routes it.
    """
    province = location.parent or location
    if category is not None and category.authority == "regency" and location.parent_id:
        return location
    return province


# A handed-over report's body carries the completions appended where it was filed (see `complete`).
MAX_RECEIVED_BODY = MAX_BODY * 2


@dataclass(frozen=True)
class Received:
    """Where a report handed over by another installation comes from (`submit_report(received=...)`)."""

    jurisdiction: Jurisdiction  # the receiving jurisdiction here, named by the sender
    instance: str  # the sending installation, as it names itself
    tracking_id: str  # the report's number there
    reason: str = ""  # why it was handed over


@dataclass(frozen=True)
class Recorded:
    """A report staff record for a citizen who came by phone, letter, the desk or the media
    (`submit_report(recorded=...)`, through `record_report`, which checks who may)."""

    by: object  # the recording staff member
    jurisdiction: Jurisdiction  # the receiving jurisdiction: the recorder's own
    source: str  # Source
    received_on: object  # date
    source_url: str = ""


def submit_report(
    *, reporter, kind, title, body, location, category=None, district=None, address="", latitude=None,
    longitude=None, event_date=None, is_anonymous=False, is_confidential=False, contact_name="",
    contact_email="", contact_phone="", contact_address="", attachments=(), submission_token=None, channel="web",
    received=None, recorded=None,
):
    """File a report. Returns (report, guest_secret) — the secret is None for account holders.

    A repeated submission token with the same content returns the report already filed for it
    (double submit), with the same guest secret, so the second response is as good as the first.

    `received` (a `Received`): another installation hands the report over (channel "federation").
    The citizen's input was checked where it was filed, so it is taken as sent: at the jurisdiction
    the sender named, with the body and location it kept and every attachment it carries (the
    federation inbox bounds their number). It gets no private link here (the reporter follows it
    where they filed it), and instead of a receipt to the reporter the admins are told where it
    comes from. The federation link, the imported history and the answer to the sender are the
    caller's, in this same transaction.

    `recorded` (a `Recorded`): a staff member records it for a citizen (channel "staff"). It is
    received by the recorder's jurisdiction, its first history entry names the recorder, and it gets
    no private link (the citizen follows it by its tracking number); where it came from is kept in a
    `StaffRecording` beside it.
    """
    user = _actor_user(reporter)
    # A repeat is otherwise caught by the token's unique index when the row is written (no query on
    # the way); with attachments it is caught here, before their files are cleaned and stored.
    if submission_token and attachments:
        existing = Report.objects.filter(submission_token=submission_token).first()
        if existing is not None:
            return _replay(existing, user=user, title=title, body=body, token=submission_token)
    title = lifecycle.text(title, _("Judul"), max_length=MAX_TITLE)
    body = lifecycle.text(body, _("Isi laporan"), max_length=MAX_BODY if received is None else MAX_RECEIVED_BODY)
    if received is None:
        require(len(body) >= 20, _("Isi laporan terlalu pendek; ceritakan minimal 20 karakter."))
        require(location is not None and location.level in ("regency", "city"),
                 _("Pilih kabupaten/kota tempat kejadian."))
    else:
        require(location is not None, _("Pilih kabupaten/kota tempat kejadian."))
        require(isinstance(received.jurisdiction, Jurisdiction) and received.jurisdiction.is_active
                 and not received.jurisdiction.is_external, _("Instansi tujuan tidak dilayani di sini."))
    require(district is None or district.jurisdiction_id == location.pk,
             _("Kecamatan tidak berada di kabupaten/kota yang dipilih."))
    require(event_date is None or event_date <= timezone.localdate(), _("Tanggal kejadian tidak boleh di masa depan."))
    require((latitude is None) == (longitude is None), _("Titik peta harus berisi lintang dan bujur."))
    cleaned = _clean_attachments(attachments, limit=received is None)

    now = timezone.now()
    if user or received or recorded:
        secret = None  # a handed-over report is followed where it was filed; a recorded one by its number
    else:
        secret = guest_secret_for_token(submission_token) if submission_token else new_secret()
    if received or recorded:
        receiver = (received or recorded).jurisdiction
    else:
        receiver = suggest_receiver(category=category, location=location)
    for _attempt in range(5):
        report = Report(
            kind=kind, title=title, body=body, location=location, category=category, district=district,
            address=(address or "").strip()[:255], latitude=latitude, longitude=longitude, event_date=event_date,
            jurisdiction=receiver, is_anonymous=is_anonymous, is_confidential=is_confidential,
            guest_secret_hash=hash_secret(secret) if secret else "", submission_token=submission_token,
            state=State.SUBMITTED, state_changed_at=now, channel=channel, tracking_id=new_tracking_id(),
        )
        report.set_filer(user.pk if user else None)
        searchtext.refresh(report)
        try:
            with transaction.atomic():
                # The deadline is known before the row is written, so the report is written once.
                planned = clocks.plan_filing(report, "submit", now)
                report.save(force_insert=True)
                contact = ReporterContact.objects.create(
                    report=report,
                    name=(contact_name or (user.get_full_name() if user else ""))[:120],
                    email=(contact_email or (user.email if user else ""))[:254],
                    phone=(contact_phone or (user.phone if user else ""))[:20],
                    address=(contact_address or "")[:255],
                )
                _store_attachments(report, cleaned, uploaded_by=_event_actor(user, report))
                clocks.save_planned(report, planned)
                if recorded is not None:
                    StaffRecording.objects.create(
                        report=report, source=recorded.source, source_url=recorded.source_url,
                        received_on=recorded.received_on, recorded_by=recorded.by,
                    )
                # Not audited: the reporter filed it (a recorded one is audited by `record_report`).
                events.record(
                    report, action="submit", actor=recorded.by if recorded else user, from_state="",
                    reason=_received_reason(received) if received else (_recorded_reason(recorded) if recorded else ""),
                    filing=events.Filing(contact=contact, received=received),
                )
        except IntegrityError:
            existing = Report.objects.filter(submission_token=submission_token).first() if submission_token else None
            if existing is not None:  # the same form sent twice at once: the other request filed it
                return _replay(existing, user=user, title=title, body=body, token=submission_token)
            if not Report.objects.filter(tracking_id=report.tracking_id).exists():
                raise
            continue  # the tracking id was drawn before: draw another (a 1 in 6.6e11 chance)
        return report, secret
    raise ActionError(_("Gagal membuat nomor pelacakan; silakan kirim ulang."))  # pragma: no cover


def _recorded_reason(recorded):
    return _("Dicatat petugas dari %(source)s, diterima %(date)s.") % {
        "source": Source(recorded.source).label, "date": recorded.received_on.isoformat()}


SOURCES_WITH_URL = (Source.SOCIAL_MEDIA, Source.MASS_MEDIA)
MAX_SOURCE_URL = 500
# A web address as staff copy it from a post or an article: http(s), then printable ASCII without
# spaces (a link shown to staff, never fetched). The API's schema states the same pattern.
SOURCE_URL_PATTERN = r"^https?://[!-~]+$"


def _source_url(source, url):
    url = (url or "").strip()
    if source not in SOURCES_WITH_URL:
        require(not url, _("Tautan sumber hanya diisi untuk laporan dari media sosial atau media massa."))
        return ""
    require(url or source != Source.SOCIAL_MEDIA, _("Tautan sumber wajib diisi untuk laporan dari media sosial."))
    if url:
        try:
            require(len(url) <= MAX_SOURCE_URL, _("Tautan sumber terlalu panjang."))
            RegexValidator(SOURCE_URL_PATTERN)(url)
        except ValidationError:
            raise ActionError(_("Tautan sumber tidak sah; tulis alamat lengkap yang diawali https://.")) from None
    return url


def _recorded_contact(name, email, phone):
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ActionError(_("Alamat e-mail tidak sah.")) from None
    phone = (phone or "").strip()
    if phone:
        try:
            phone = normalise_phone(phone)
        except ValidationError as exc:
            raise ActionError(exc.messages) from None
    return lifecycle.text(name, _("Nama"), max_length=120, required=False), email, phone


def record_report(
    *, actor, jurisdiction, source, received_on, kind, title, body, location, source_url="", category=None,
    district=None, address="", latitude=None, longitude=None, event_date=None, is_anonymous=False, is_confidential=False, contact_name="",
    contact_email="", contact_phone="", attachments=(), submission_token=None,
):
    """Record a report a citizen made by phone, letter, at the desk or in the media (channel "staff").

    An admin records it for their jurisdiction, an OPD's sub-admin or head for their OPD's
    jurisdiction; it is then a submitted report like any other. The citizen's contact is optional;
    the original (a scan of the letter, a screenshot) goes in as an attachment. Returns the report.
    """
    require(permissions.can_record_for(actor, jurisdiction),
             _("Anda tidak berwenang mencatat laporan untuk instansi ini."))
    require(jurisdiction.is_active and not jurisdiction.is_external, _("Instansi tujuan tidak dilayani di sini."))
    require(source in Source.values, _("Pilih sumber laporan."))
    url = _source_url(source, source_url)
    require(received_on is not None, _("Tanggal diterima wajib diisi."))
    require(received_on <= timezone.localdate(), _("Tanggal diterima tidak boleh di masa depan."))
    name, email, phone = _recorded_contact(contact_name, contact_email, contact_phone)
    with transaction.atomic():
        report, _secret = submit_report(
            reporter=None, kind=kind, title=title, body=body, location=location, category=category,
            district=district, address=address, latitude=latitude, longitude=longitude, event_date=event_date,
            is_anonymous=is_anonymous, is_confidential=is_confidential, contact_name=name, contact_email=email, contact_phone=phone,
            attachments=attachments, submission_token=submission_token, channel=Channel.STAFF,
            recorded=Recorded(by=actor, jurisdiction=jurisdiction, source=source, received_on=received_on,
                              source_url=url),
        )
        audit.record(actor=actor, action="report.record", report=report, jurisdiction=jurisdiction,
                     details={"source": source, "received_on": received_on.isoformat()})
    return report


def _received_reason(received):
    return _("Dialihkan dari %(instance)s (nomor %(id)s): %(reason)s") % {
        "instance": received.instance, "id": received.tracking_id, "reason": received.reason}


@transaction.atomic
def verify(*, actor, report, title, category=None, tags=(), is_anonymous=None, is_confidential=None):
    report = _lock(report)
    _allowed(actor, report, "verify")
    report.title = lifecycle.text(title, _("Judul"), max_length=MAX_TITLE)
    searchtext.refresh(report)
    report.category = category
    if is_anonymous is not None and is_anonymous != report.is_anonymous:
        filer_id = report.filer_id
        report.is_anonymous = is_anonymous
        report.set_filer(filer_id)  # sealed when it becomes anonim, named again when it stops being
        if is_anonymous and filer_id is not None:
            ReportEvent.objects.filter(report=report, actor_id=filer_id).update(actor=None)
            Attachment.objects.filter(report=report, uploaded_by_id=filer_id).update(uploaded_by=None)
    if is_confidential is not None:
        report.is_confidential = is_confidential
    report.verified_at = timezone.now()
    _move(report, actor=actor, action="verify", to_state=State.VERIFIED)
    report.tags.set([Tag.objects.get_or_create(name=name.strip()[:40])[0] for name in tags if name.strip()])
    return report


@transaction.atomic
def request_info(*, actor, report, reason):
    report = _lock(report)
    _allowed(actor, report, "request_info")
    reason = lifecycle.text(reason, _("Kelengkapan yang diminta"), max_length=MAX_REASON)
    _move(report, actor=actor, action="request_info", to_state=State.NEEDS_INFO, reason=reason)
    return report


@transaction.atomic
def complete(*, actor, report, text, attachments=()):
    report = _lock(report)
    _allowed(actor, report, "complete")
    text = lifecycle.text(text, _("Keterangan tambahan"), max_length=MAX_BODY)
    cleaned = _clean_attachments(attachments)
    report.body = f"{report.body}\n\n{_('Tambahan dari pelapor')}:\n{text}"[: MAX_BODY * 2]
    searchtext.refresh(report)
    _move(report, actor=actor, action="complete", to_state=State.SUBMITTED, reason=text)
    _store_attachments(report, cleaned, uploaded_by=_event_actor(actor, report))
    return report


@transaction.atomic
def add_attachments(*, actor, report, files):
    """The reporter adds photos or PDFs while the report awaits verification or completion; not a
    transition. Returns the stored attachments. The history entry is for staff (the reporter sees the
    files themselves); the audit entry lists the attachments, never their names."""
    report = _lock(report)
    require(workflow.REPORTER in permissions.capacities(actor, report),
             _("Hanya pelapor yang dapat menambah lampiran pada laporan ini."))
    require(report.state in workflow.ATTACHMENT_STATES,
             _("Lampiran hanya dapat ditambahkan sebelum laporan diverifikasi."))
    files = list(files or [])
    require(files, _("Pilih minimal satu berkas."))
    stored = _store_attachments(report, _clean_attachments(files), uploaded_by=_event_actor(actor, report))
    _same_state_event(report, actor=actor, action=workflow.ADD_ATTACHMENTS,
                      audit=events.Audited(details={"attachment_ids": [a.pk for a in stored]}))
    return stored


MAX_REPLY = MAX_BODY


@transaction.atomic
def reporter_reply(*, actor, report, text, attachments=()):
    """The reporter writes to their report while it is open (an e-mail reply outside a request for
    information); not a transition. Returns the history entry, which holds the text: shown to the
    reporter and staff, never to the public. Attachments only while the reporter may add them."""
    report = _lock(report)
    require(workflow.REPORTER in permissions.capacities(actor, report),
            _("Hanya pelapor yang dapat menanggapi laporan ini."))
    require(report.state in workflow.OPEN_STATES,
            _("Laporan ini sudah ditutup; tanggapan tidak dapat ditambahkan. Kirim laporan baru bila perlu."))
    text = lifecycle.text(text, _("Tanggapan"), max_length=MAX_REPLY)
    files = list(attachments or [])
    require(not files or report.state in workflow.ATTACHMENT_STATES,
            _("Lampiran hanya dapat ditambahkan sebelum laporan diverifikasi."))
    stored = _store_attachments(report, _clean_attachments(files), uploaded_by=_event_actor(actor, report))
    return _same_state_event(report, actor=actor, action=workflow.REPORTER_REPLY, reason=text,
                             audit=events.Audited(details={"attachment_ids": [a.pk for a in stored]}))


@transaction.atomic
def dispatch(*, actor, report, agency, note=""):
    report = _lock(report)
    _allowed(actor, report, "dispatch")
    require(isinstance(agency, Agency), _("Pilih OPD tujuan disposisi."))
    require(agency.jurisdiction_id == report.jurisdiction_id and agency.is_active,
             _("OPD tujuan harus OPD aktif di wilayah instansi ini."))
    report.agency = agency
    report.dispatched_at = timezone.now()
    _move(report, actor=actor, action="dispatch", to_state=State.DISPATCHED, agency=agency,
          reason=lifecycle.text(note, _("Catatan"), max_length=MAX_REASON, required=False))
    return report


@transaction.atomic
def transfer(*, actor, report, to_jurisdiction, reason):
    """Bukan wewenang: hand the report to the jurisdiction that holds authority."""
    report = _lock(report)
    _allowed(actor, report, "transfer")
    reason = lifecycle.text(reason, _("Alasan pengalihan"), max_length=MAX_REASON)
    require(isinstance(to_jurisdiction, Jurisdiction) and to_jurisdiction.is_active,
             _("Pilih instansi tujuan pengalihan."))
    require(to_jurisdiction.pk != report.jurisdiction_id, _("Instansi tujuan sama dengan instansi sekarang."))
    events.check(report, "transfer", to_jurisdiction=to_jurisdiction)  # e.g. the national connector is down
    from_jurisdiction = report.jurisdiction
    report.jurisdiction = to_jurisdiction
    report.agency = None
    report.verified_at = None  # the receiving jurisdiction verifies it anew
    target = State.TRANSFERRED if to_jurisdiction.is_external else State.SUBMITTED
    _move(report, actor=actor, action="transfer", to_state=target, reason=reason, jurisdiction=from_jurisdiction)
    return report


@transaction.atomic
def record_remote_update(*, actor, report, handler, state, response=""):
    """Progress at the installation a report was transferred to: a history entry on the report, which
    stays TRANSFERRED here, telling the reporter where it stands (and the latest follow-up once there is
    one). `actor` is SYSTEM (the federation inbox); `handler` names who handles it there, `state` is the
    report's state there. Not audited: no one here acted."""
    report = _lock(report)
    require(workflow.SYSTEM in permissions.capacities(actor, report),
             _("Anda tidak berwenang melakukan tindakan ini pada laporan ini."))
    require(report.state == State.TRANSFERRED, _("Laporan ini tidak dialihkan ke instansi lain."))
    require(state in State.values, _("Status laporan tidak dikenal."))
    reason = _("Status di %(peer)s: %(state)s") % {"peer": handler, "state": State(state).label}
    if response and state in (State.RESPONDED, State.FINISHED):
        reason += "\n" + _("Tindak lanjut: %(body)s") % {"body": response[:1500]}
    _same_state_event(report, actor=actor, action=workflow.REMOTE_UPDATE, reason=reason)
    return report


@transaction.atomic
def defer(*, actor, report, reason):
    report = _lock(report)
    _allowed(actor, report, "defer")
    reason = lifecycle.text(reason, _("Alasan penundaan"), max_length=MAX_REASON)
    _move(report, actor=actor, action="defer", to_state=State.DEFERRED, reason=reason)
    return report


@transaction.atomic
def resume(*, actor, report, note=""):
    report = _lock(report)
    _allowed(actor, report, "resume")
    target = State.VERIFIED if report.verified_at else State.SUBMITTED
    _move(report, actor=actor, action="resume", to_state=target,
          reason=lifecycle.text(note, _("Catatan"), max_length=MAX_REASON, required=False))
    return report


@transaction.atomic
def archive(*, actor, report, reason, note=""):
    report = _lock(report)
    _allowed(actor, report, "archive")
    require(reason in ArchiveReason.values and reason != ArchiveReason.DUPLICATE,
             _("Pilih alasan pengarsipan (untuk duplikat gunakan “Gabungkan”)."))
    report.archive_reason = reason
    note = lifecycle.text(note, _("Catatan"), max_length=MAX_REASON, required=False)
    _move(report, actor=actor, action="archive", to_state=State.ARCHIVED,
          reason=f"{ArchiveReason(reason).label}" + (f": {note}" if note else ""))
    return report


@transaction.atomic
def merge(*, actor, report, into):
    """Archive a duplicate, pointing at the report that carries on."""
    report = _lock(report)
    _allowed(actor, report, "merge")
    require(isinstance(into, Report), _("Nomor laporan tujuan tidak ditemukan."))
    into = Report.objects.select_for_update(of=("self",)).get(pk=into.pk)
    require(into.pk != report.pk, _("Laporan tidak dapat digabungkan ke dirinya sendiri."))
    require(into.jurisdiction_id == report.jurisdiction_id,
             _("Laporan tujuan harus ditangani instansi yang sama."))
    require(into.state not in (State.ARCHIVED, State.TRANSFERRED),
             _("Laporan tujuan sudah diarsipkan atau dialihkan."))
    report.duplicate_of = into
    report.archive_reason = ArchiveReason.DUPLICATE
    _move(report, actor=actor, action="merge", to_state=State.ARCHIVED,
          reason=_("Duplikat dari %(id)s") % {"id": into.tracking_id})
    return report


@transaction.atomic
def archive_converted(*, actor, report, registration_number):
    """Archive a "permintaan informasi" that the PPID now handles as a formal information request
    (UU 14/2008), its history pointing to the request's registration number. Called by
    `baruga.ppid.actions.convert_report_to_request` in its transaction, after it registered the request.
    Recorded as an archive; the PPID of the jurisdiction may do it as well as the admin."""
    report = _lock(report)
    require(permissions.can_convert_to_request(actor, report),
             _("Hanya admin instansi atau PPID yang dapat menjadikan laporan ini permohonan informasi."))
    require(report.kind == Kind.INFORMATION,
             _("Hanya laporan berjenis permintaan informasi yang dapat dijadikan permohonan informasi publik."))
    require(workflow.is_allowed_from("archive", report.state),
             _("Laporan berstatus “%(state)s” tidak dapat dijadikan permohonan informasi.")
             % {"state": report.get_state_display()})
    _move(report, actor=actor, action="archive", to_state=State.ARCHIVED, reason=_(
        "Diproses sebagai permohonan informasi publik (UU 14/2008) dengan nomor registrasi %(no)s. Pantau di "
        "halaman PPID Baruga dengan kode rahasia yang sama dari tautan pribadi laporan ini.")
        % {"no": registration_number})
    return report


@transaction.atomic
def accept(*, actor, report):
    report = _lock(report)
    _allowed(actor, report, "accept")
    _move(report, actor=actor, action="accept", to_state=State.IN_PROGRESS, agency=report.agency)
    return report


@transaction.atomic
def hand_back(*, actor, report, reason):
    """The OPD returns a wrongly dispatched report to the jurisdiction admin."""
    report = _lock(report)
    _allowed(actor, report, "hand_back")
    reason = lifecycle.text(reason, _("Alasan pengembalian"), max_length=MAX_REASON)
    agency = report.agency
    report.agency = None
    report.responses.filter(status=Response.Status.PENDING).update(status=Response.Status.REJECTED)
    _move(report, actor=actor, action="hand_back", to_state=State.VERIFIED, agency=agency, reason=reason)
    return report


@transaction.atomic
def respond(*, actor, report, body, attachments=()):
    """Post a follow-up. Where the OPD requires it, the head approves before the reporter sees it."""
    report = _lock(report)
    caps = _allowed(actor, report, "respond")
    body = lifecycle.text(body, _("Isi tindak lanjut"), max_length=MAX_BODY)
    require(not report.responses.filter(status=Response.Status.PENDING).exists(),
             _("Masih ada tindak lanjut yang menunggu persetujuan kepala OPD."))
    cleaned = _clean_attachments(attachments)
    needs_approval = report.agency.requires_response_approval and workflow.HEAD not in caps
    now = timezone.now()
    response = Response.objects.create(
        report=report, agency=report.agency, author=_actor_user(actor), body=body,
        status=Response.Status.PENDING if needs_approval else Response.Status.PUBLISHED,
        published_at=None if needs_approval else now,
    )
    _store_attachments(report, cleaned, uploaded_by=_event_actor(actor, report), response=response)
    if needs_approval:
        if report.state == State.DISPATCHED:
            _move(report, actor=actor, action="accept", to_state=State.IN_PROGRESS, agency=report.agency, now=now)
        events.record(report, action="draft_response", actor=actor, agency=report.agency,
                      audit=events.Audited(target=response))
    else:
        report.responded_at = now
        _move(report, actor=actor, action="respond", to_state=State.RESPONDED, agency=report.agency, now=now)
    return report


@transaction.atomic
def approve_response(*, actor, report):
    report = _lock(report)
    _allowed(actor, report, "approve_response")
    response = report.responses.filter(status=Response.Status.PENDING).first()
    require(response is not None, _("Tidak ada tindak lanjut yang menunggu persetujuan."))
    now = timezone.now()
    response.status = Response.Status.PUBLISHED
    response.published_at = now
    response.reviewed_by = _actor_user(actor)
    response.save()
    report.responded_at = now
    _move(report, actor=actor, action="approve_response", to_state=State.RESPONDED, agency=report.agency, now=now)
    return report


@transaction.atomic
def reject_response(*, actor, report, reason):
    report = _lock(report)
    _allowed(actor, report, "reject_response")
    reason = lifecycle.text(reason, _("Alasan pengembalian"), max_length=MAX_REASON)
    response = report.responses.filter(status=Response.Status.PENDING).first()
    require(response is not None, _("Tidak ada tindak lanjut yang menunggu persetujuan."))
    response.status = Response.Status.REJECTED
    response.reviewed_by = _actor_user(actor)
    response.review_reason = reason
    response.save()
    events.record(report, action="reject_response", actor=actor, agency=report.agency, reason=reason,
                  audit=events.Audited(target=response, reason=reason))
    return report


@transaction.atomic
def reopen(*, actor, report, text):
    """The reporter is not satisfied: back to the OPD with a new clock."""
    report = _lock(report)
    _allowed(actor, report, "reopen")
    text = lifecycle.text(text, _("Tanggapan Anda"), max_length=MAX_BODY)
    _move(report, actor=actor, action="reopen", to_state=State.IN_PROGRESS, agency=report.agency, reason=text)
    return report


@transaction.atomic
def rate(*, actor, report, rating, comment=""):
    report = _lock(report)
    _allowed(actor, report, "rate")
    require(report.rating is None, _("Laporan ini sudah dinilai."))
    try:
        rating = int(str(rating).strip())  # "4.7" and 4.7 are refused, not rounded
    except (TypeError, ValueError):
        rating = 0
    require(1 <= rating <= 5, _("Penilaian harus bilangan bulat antara 1 dan 5."))
    report.rating = rating
    report.rating_comment = lifecycle.text(comment, _("Komentar"), max_length=MAX_REASON, required=False)
    if report.state == State.FINISHED:
        report.save()
        # A rating after the admin finished the report: recorded and audited, no one is told.
        events.record(report, action="rate", actor=actor, audit=events.Audited(), notify=False)
    else:
        report.finished_at = timezone.now()
        _move(report, actor=actor, action="rate", to_state=State.FINISHED)
    return report


@transaction.atomic
def finish(*, actor, report, note=""):
    report = _lock(report)
    _allowed(actor, report, "finish")
    report.finished_at = timezone.now()
    _move(report, actor=actor, action="finish", to_state=State.FINISHED,
          reason=lifecycle.text(note, _("Catatan"), max_length=MAX_REASON, required=False))
    return report


@transaction.atomic
def add_note(*, actor, report, body):
    """An internal note between staff; not a transition."""
    report = _lock(report)
    caps = permissions.capacities(actor, report)
    require(caps & {workflow.ADMIN, workflow.AGENCY},
             _("Anda tidak berwenang menulis catatan internal pada laporan ini."))
    body = lifecycle.text(body, _("Catatan"), max_length=MAX_REASON)
    note = InternalNote.objects.create(
        report=report, author=_actor_user(actor), body=body,
        agency=report.agency if workflow.AGENCY in caps else None,
    )
    audit.record(actor=actor, action="report.add_note", report=report, target=note)  # the text stays in the note
    return note


MIN_REVEAL_REASON = 10


@transaction.atomic
def reveal_identity(*, actor, report, reason, request=None):
    """Open an anonim reporter's identity to the admin, for one response, for a written reason.

    Returns the ReporterContact (or None when the reporter left none). Every reveal is audited with
    its reason; nothing is kept in the session, so the next page hides the identity again.
    """
    require(permissions.can_reveal_identity(actor, report),
             _("Anda tidak berwenang membuka identitas pelapor laporan ini."))
    require(report.is_anonymous, _("Identitas pelapor laporan ini tidak disembunyikan."))
    reason = lifecycle.text(reason, _("Alasan membuka identitas"), max_length=MAX_REASON)
    require(len(reason) >= MIN_REVEAL_REASON,
             _("Tuliskan alasan membuka identitas (minimal %(n)d karakter).") % {"n": MIN_REVEAL_REASON})
    contact = ReporterContact.objects.filter(report=report).first()
    shown = [name for name in ("name", "email", "phone") if contact is not None and getattr(contact, name)]
    audit.record(actor=actor, action="report.reveal_identity", report=report, reason=reason, request=request,
                 details={"fields": shown})
    return contact


def new_submission_token():
    return uuid.uuid4()


def _same_state_event(report, *, actor, action, reason="", audit=None):
    return events.record(report, action=action, actor=actor, agency=report.agency, reason=reason, audit=audit)


@transaction.atomic
def request_extension(*, actor, report, working_days, reason):
    """The OPD asks for more time on its follow-up; the head or the admin decides."""
    report = _lock(report)
    caps = permissions.capacities(actor, report)
    require(workflow.AGENCY in caps, _("Hanya OPD penanggung jawab yang dapat meminta perpanjangan."))
    require(report.state in (State.DISPATCHED, State.IN_PROGRESS),
             _("Perpanjangan hanya dapat diminta selama laporan ditangani OPD."))
    reason = lifecycle.text(reason, _("Alasan perpanjangan"), max_length=MAX_REASON)
    try:
        working_days = int(working_days)
    except (TypeError, ValueError):
        working_days = 0
    require(working_days >= 1, _("Perpanjangan minimal 1 hari kerja."))
    clock = report.clocks.filter(kind=ClockKind.FOLLOW_UP, stopped_at__isnull=True).first()
    require(clock is not None, _("Tidak ada batas waktu tindak lanjut yang berjalan."))
    require(not clock.extensions.filter(status=Extension.Status.PENDING).exists(),
             _("Masih ada permintaan perpanjangan yang menunggu keputusan."))
    allowed = clocks.max_extension(clock, report.ceiling_at)
    require(working_days <= allowed,
             _("Perpanjangan melewati batas akhir 60 hari (Perpres 76/2013); paling banyak %(n)d hari kerja lagi.")
             % {"n": allowed})
    extension = Extension.objects.create(clock=clock, working_days=working_days, reason=reason,
                                         requested_by=_actor_user(actor))
    _same_state_event(report, actor=actor, action="request_extension",
                      reason=_("%(n)d hari kerja: %(reason)s") % {"n": working_days, "reason": reason},
                      audit=events.Audited(target=extension, reason=reason, details={"working_days": working_days},
                                           with_event=False))
    return extension


@transaction.atomic
def decide_extension(*, actor, report, approve, reason=""):
    report = _lock(report)
    caps = permissions.capacities(actor, report)
    require(caps & {workflow.HEAD, workflow.ADMIN},
             _("Hanya kepala OPD atau admin instansi yang dapat memutuskan perpanjangan."))
    extension = Extension.objects.select_related("clock").filter(
        clock__report=report, status=Extension.Status.PENDING
    ).first()
    require(extension is not None, _("Tidak ada permintaan perpanjangan yang menunggu keputusan."))
    reason = lifecycle.text(reason, _("Alasan"), max_length=MAX_REASON, required=not approve)
    now = timezone.now()
    clock = extension.clock
    if approve:
        require(clock.stopped_at is None, _("Batas waktu ini sudah berhenti; perpanjangan tidak berlaku lagi."))
        allowed = clocks.max_extension(clock, report.ceiling_at)
        require(extension.working_days <= allowed,
                 _("Perpanjangan melewati batas akhir 60 hari (Perpres 76/2013); paling banyak %(n)d hari kerja lagi.")
                 % {"n": allowed})
        clocks.extend(clock, extension.working_days)
        report.due_at = clocks.current_due(report)
        report.save(update_fields=["due_at", "updated_at"])
    extension.status = Extension.Status.APPROVED if approve else Extension.Status.REJECTED
    extension.decided_by = _actor_user(actor)
    extension.decided_at = now
    extension.decision_reason = reason
    extension.save()
    _same_state_event(report, actor=actor, action="approve_extension" if approve else "reject_extension",
                      reason=reason, audit=events.Audited(target=extension, reason=reason,
                                                          details={"working_days": extension.working_days},
                                                          with_event=False))
    return extension


def send_private_link(*, report, secret, email, follow_url):
    """Queue the guest's private link to an address they give on the receipt page (the link is shown only
    there, once). Through the outbox, like every e-mail; one message per report and address.

    Returns True if queued now, False if the same address already has it."""
    require(report.filer_id is None and permissions.guest_access(report, secret),
             _("Tautan pribadi hanya dapat dikirim dari tanda terima laporan tamu."))
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ActionError(_("Alamat e-mail tidak valid.")) from None
    digest = salted_hmac("baruga.private-link", f"{report.pk}:{email.lower()}").hexdigest()[:32]
    with transaction.atomic():
        subject, body = notification_texts.private_link_email(report, follow_url)
        message = notifications.queue_message(
            channel=ChannelName.EMAIL, to_address=email, subject=subject, body=body,
            language=translation.get_language() or settings.LANGUAGE_CODE,
            dedupe_key=f"private-link:{report.pk}:{digest}", report=report)
    return message is not None


# --- support ("dukung") ------------------------------------------------------------------------------

SUPPORTABLE_STATES = workflow.PUBLIC_STATES & workflow.OPEN_STATES


def guest_support_key(token):
    """The stored key of a guest's browser: a hash of the random token in its signed cookie."""
    return hashlib.sha256(f"support:{token}".encode()).hexdigest()


@transaction.atomic
def support_report(*, actor, report, guest_token=""):
    """Count `actor` (a signed-in user) or a guest's browser (`guest_token`, from its signed cookie) as
    supporting a public report that is still being handled. Once per account or browser: a second
    support changes nothing. Returns `(created, count)`.

    No history entry: the history is the report's public timeline of handling, and a support is not a
    step of it; the Support row (who for an account, when) is the record. The reporter cannot support
    their own report (it is theirs already)."""
    user = _actor_user(actor)
    report = Report.objects.select_for_update(of=("self",)).get(pk=report.pk)
    require(not report.is_confidential and report.state in SUPPORTABLE_STATES,
             _("Laporan ini tidak dapat didukung: hanya laporan publik yang masih ditangani yang dapat didukung."))
    if user is not None:
        require(report.filer_id != user.pk,
                 _("Ini laporan Anda sendiri; dukungan dihitung dari warga lain."))
        lookup_args = {"user": user}
    else:
        require(bool(guest_token), _("Dukungan tamu memerlukan cookie peramban. Aktifkan cookie, lalu coba lagi."))
        lookup_args = {"guest_key": guest_support_key(guest_token)}
    created = False
    if not Support.objects.filter(report=report, **lookup_args).exists():
        try:
            with transaction.atomic():
                Support.objects.create(report=report, **lookup_args)
            created = True
        except IntegrityError:  # the same browser or account, a moment earlier
            created = False
    return created, Support.objects.filter(report=report).count()

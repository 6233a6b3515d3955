"""One function per request transition, plus registering a request and converting a report.

Every function takes the acting user (or a `RequesterAccess` / SYSTEM) and keyword arguments,
runs in one transaction with the request row locked, checks the transition table and the actor's
capacity, validates its input, applies the change, records a `RequestEvent` (and an audit entry)
and returns the request. A refused action raises `ActionError` (the same class as the complaint
actions, so pages and the API treat both alike) with a message in Bahasa Indonesia and changes nothing.
"""

import base64
import datetime as dt
import re
import uuid

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from baruga.audit import services as audit
from baruga.complaints import actions as complaint_actions
from baruga.complaints import workflow as complaint_workflow
from baruga.complaints.models import Kind, Report, ReporterContact
from baruga.directory.models import Agency, Jurisdiction
from baruga.lib import lifecycle, phones
from baruga.lib.lifecycle import ActionError, require
from baruga.lib.tracking import hash_secret, new_secret
from baruga.lib.uploads import clean_upload
from baruga.ppid import deadlines, notices, permissions, workflow
from baruga.ppid.documents import store
from baruga.ppid.models import (
    EXEMPTING_OUTCOMES,
    GRANTING_OUTCOMES,
    Channel,
    CopyFormat,
    DeliveryMethod,
    Dispute,
    DisputeOutcome,
    ExemptionGround,
    InformationRequest,
    ObjectionAnswer,
    ObjectionGround,
    Objection,
    ObtainMethod,
    Outcome,
    RegistrationCounter,
    RequestDocument,
    RequestEvent,
    RequesterIdentity,
    RequesterType,
    RequestState,
)

MAX_TEXT = 5000
MAX_REASON = 2000
MAX_DOCUMENTS = 10
NIK = re.compile(r"^\d{16}$")

__all__ = ["ActionError"]


def _choice(value, choices, message):
    require(value in choices.values, message)
    return choices(value)


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _lock(info_request):
    return (InformationRequest.objects.select_for_update(of=("self",))
            .select_related("jurisdiction", "agency").get(pk=info_request.pk))


def _allowed(actor, info_request, name):
    """The actor's capacities towards the (locked) request, or a refusal (the table in `workflow.py`)."""
    caps = permissions.capacities(actor, info_request)
    workflow.WORKFLOW.check(name, info_request.state, caps, state_label=info_request.get_state_display(),
                            noun=_("permohonan"))
    return caps


def _event(info_request, *, actor, action, from_state, reason="", now=None, document_links=()):
    event = RequestEvent.objects.create(
        request=info_request, action=action, from_state=from_state, to_state=info_request.state,
        actor=_user(actor), reason=reason, created_at=now or timezone.now(),
    )
    audit.record(actor=actor, action=f"ppid.{action}", target=info_request, jurisdiction=info_request.jurisdiction,
                 reason="" if workflow.REQUESTER in permissions.capacities(actor, info_request) else reason,
                 details={"event_id": event.pk, "registration_number": info_request.registration_number,
                          "from_state": from_state, "to_state": info_request.state})
    notices.on_event(info_request, event, document_links=document_links)  # rows now, delivery after commit
    return event


def _move(info_request, *, actor, action, to_state, reason="", now=None, document_links=()):
    from_state = info_request.state
    info_request.state = to_state
    info_request.save()
    return _event(info_request, actor=actor, action=action, from_state=from_state, reason=reason, now=now,
                  document_links=document_links)


def _clean_documents(files):
    files = list(files or [])
    require(len(files) <= MAX_DOCUMENTS, _("Maksimal %(max)d dokumen sekali unggah.") % {"max": MAX_DOCUMENTS})
    cleaned = []
    for upload in files:
        try:
            cleaned.append(clean_upload(upload))
        except ValidationError as exc:
            raise ActionError(exc.messages) from None
    return cleaned


# --- registering -----------------------------------------------------------------------------------

def new_submission_token():
    return uuid.uuid4()


def guest_secret_for_token(token):
    """A guest's secret derived from the form's submission token, so a double submit answers alike."""
    digest = salted_hmac("baruga.ppid.guest-secret", str(token), algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest[:24]).decode()


def _clean_identity(*, requester_type, name, address, identity_number, email, phone):
    requester_type = _choice(requester_type, RequesterType, _("Pilih jenis pemohon."))
    name = lifecycle.text(name, _("Nama pemohon"), max_length=120)
    address = lifecycle.text(address, _("Alamat pemohon"), max_length=500)
    email = (email or "").strip()
    phone = phones.compact(phone)
    require(email or phone, _("Isi e-mail atau nomor telepon agar PPID dapat menghubungi Anda."))
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ActionError(_("Alamat e-mail tidak sah.")) from None
    require(not phone or phones.is_phone_number(phone), _("Nomor telepon tidak sah; tulis misalnya 081234567890."))
    if requester_type == RequesterType.LEGAL_ENTITY:
        identity_number = lifecycle.text(identity_number, _("Nomor pengesahan badan hukum"), max_length=64)
    else:
        identity_number = re.sub(r"[\s.-]", "", identity_number or "")
        require(identity_number, _("NIK (nomor KTP) pemohon wajib diisi, sesuai UU 14/2008 dan PerKI 1/2021."))
        require(NIK.match(identity_number), _("NIK harus terdiri dari 16 angka."))
    return {"requester_type": requester_type, "name": name, "address": address, "email": email[:254],
            "phone": phone[:20], "identity_number": identity_number}


def _clean_request(*, jurisdiction, agency, information_wanted, purpose, obtain_method, copy_format,
                   delivery_method, email):
    require(isinstance(jurisdiction, Jurisdiction) and jurisdiction.is_active and not jurisdiction.is_external,
             _("Pilih badan publik (pemerintah daerah) tujuan permohonan."))
    require(agency is None or (isinstance(agency, Agency) and agency.jurisdiction_id == jurisdiction.pk
                                and agency.is_active),
             _("OPD yang dipilih tidak berada di bawah badan publik tujuan."))
    information_wanted = lifecycle.text(information_wanted, _("Rincian informasi yang dibutuhkan"), max_length=MAX_TEXT,
                               min_length=10)
    purpose = lifecycle.text(purpose, _("Tujuan penggunaan informasi"), max_length=MAX_REASON)
    obtain_method = _choice(obtain_method, ObtainMethod, _("Pilih cara memperoleh informasi."))
    if obtain_method == ObtainMethod.COPY:
        copy_format = _choice(copy_format, CopyFormat, _("Pilih bentuk salinan: elektronik atau cetak."))
    else:
        copy_format = ""
    delivery_method = _choice(delivery_method, DeliveryMethod, _("Pilih cara mendapatkan salinan informasi."))
    require(not (copy_format == CopyFormat.PRINTED and delivery_method in (DeliveryMethod.EMAIL,
                                                                             DeliveryMethod.ONLINE)),
             _("Salinan cetak tidak dapat dikirim lewat e-mail atau diunduh; pilih ambil langsung atau pos."))
    require(delivery_method != DeliveryMethod.EMAIL or email,
             _("Isi alamat e-mail untuk menerima informasi lewat e-mail."))
    return {"information_wanted": information_wanted, "purpose": purpose, "obtain_method": obtain_method,
            "copy_format": copy_format, "delivery_method": delivery_method}


def _next_number(jurisdiction, year):
    """PPID-<jurisdiction code>-<year>-<sequence>: a counter per jurisdiction and year, taken under a row lock."""
    try:
        with transaction.atomic():
            RegistrationCounter.objects.get_or_create(jurisdiction=jurisdiction, year=year)
    except IntegrityError:
        pass  # created by a concurrent registration; the UPDATE below serialises us behind it
    RegistrationCounter.objects.filter(jurisdiction=jurisdiction, year=year).update(last=F("last") + 1)
    last = RegistrationCounter.objects.get(jurisdiction=jurisdiction, year=year).last
    return f"PPID-{jurisdiction.code.replace('.', '')}-{year}-{last:06d}"


def _replay(existing, *, user, token):
    require(existing.requester_id == (user.pk if user else None),
             _("Formulir ini sudah pernah dipakai untuk permohonan lain. Muat ulang halaman, lalu kirim lagi."))
    return existing, (None if user else guest_secret_for_token(token))


def register_request(
    *, requester, jurisdiction, agency=None, requester_type=RequesterType.PERSON, name="", address="",
    identity_number="", email="", phone="", information_wanted="", purpose="", obtain_method="",
    copy_format="", delivery_method="", submission_token=None, channel=Channel.WEB,
):
    """Register a request. Returns (request, guest_secret); the secret is None for account holders.

    A repeated `submission_token` returns the request already registered for it, with the same secret.
    """
    user = _user(requester)
    if submission_token:
        existing = InformationRequest.objects.filter(submission_token=submission_token).first()
        if existing is not None:
            return _replay(existing, user=user, token=submission_token)
    identity = _clean_identity(requester_type=requester_type, name=name, address=address,
                               identity_number=identity_number, email=email, phone=phone)
    fields = _clean_request(jurisdiction=jurisdiction, agency=agency, information_wanted=information_wanted,
                            purpose=purpose, obtain_method=obtain_method, copy_format=copy_format,
                            delivery_method=delivery_method, email=identity["email"])
    secret = None if user else (guest_secret_for_token(submission_token) if submission_token else new_secret())
    try:
        with transaction.atomic():
            info_request = _create(jurisdiction=jurisdiction, agency=agency, requester=user, identity=identity,
                                   fields=fields, guest_secret_hash=hash_secret(secret) if secret else "",
                                   submission_token=submission_token, channel=channel, actor=requester)
    except IntegrityError:
        existing = (InformationRequest.objects.filter(submission_token=submission_token).first()
                    if submission_token else None)
        if existing is None:
            raise
        return _replay(existing, user=user, token=submission_token)
    return info_request, secret


def _create(*, jurisdiction, agency, requester, identity, fields, guest_secret_hash, submission_token, channel,
            actor, source_report=None, action="register", reason=""):
    now = timezone.now()
    working_days = deadlines.days("PPID_DECISION_DAYS")
    info_request = InformationRequest.objects.create(
        registration_number=_next_number(jurisdiction, timezone.localtime(now).year),
        jurisdiction=jurisdiction, agency=agency, requester=requester, guest_secret_hash=guest_secret_hash,
        submission_token=submission_token, source_report=source_report, channel=channel, state=RequestState.REGISTERED,
        registered_at=now, working_days=working_days,
        due_at=deadlines.after(now, working_days, jurisdiction.pk), **fields,
    )
    RequesterIdentity.objects.create(request=info_request, **identity)
    _event(info_request, actor=actor, action=action, from_state="", reason=reason, now=now)
    return info_request


@transaction.atomic
def convert_report_to_request(
    *, actor, report, purpose, address=None, identity_number=None, requester_type=RequesterType.PERSON,
    obtain_method=ObtainMethod.COPY, copy_format=CopyFormat.ELECTRONIC, delivery_method=DeliveryMethod.ONLINE,
    agency=None, name=None, email=None, phone=None, information_wanted=None,
):
    """Turn a citizen's "permintaan informasi" filed with the complaint service into a formal request.

    The report is archived, its history pointing to the new registration number; the request keeps a
    link to the report (and so its history) and the reporter's identity and private secret, so the
    same private link opens both.
    """
    report = Report.objects.select_for_update(of=("self",)).select_related("jurisdiction", "agency").get(pk=report.pk)
    require(permissions.can_convert_report(actor, report),
             _("Hanya admin instansi atau PPID yang dapat menjadikan laporan ini permohonan informasi."))
    require(report.kind == Kind.INFORMATION,
             _("Hanya laporan berjenis permintaan informasi yang dapat dijadikan permohonan informasi publik."))
    existing = InformationRequest.objects.filter(source_report=report).first()
    require(existing is None, _("Laporan ini sudah dijadikan permohonan %(no)s.") % {
        "no": existing.registration_number if existing else ""})
    require(report.state in complaint_workflow.transition("archive").sources,
             _("Laporan berstatus “%(state)s” tidak dapat dijadikan permohonan informasi.")
             % {"state": report.get_state_display()})
    require(not report.is_anonymous,
             _("Laporan anonim tidak dapat dijadikan permohonan resmi: UU 14/2008 mensyaratkan identitas pemohon."))
    contact = ReporterContact.objects.filter(report=report).first()
    identity = _clean_identity(
        requester_type=requester_type, name=name if name is not None else getattr(contact, "name", ""),
        address=address if address is not None else getattr(contact, "address", ""),
        identity_number=identity_number if identity_number is not None else getattr(contact, "nik", ""),
        email=email if email is not None else getattr(contact, "email", ""),
        phone=phone if phone is not None else getattr(contact, "phone", ""),
    )
    fields = _clean_request(
        jurisdiction=report.jurisdiction, agency=agency if agency is not None else report.agency,
        information_wanted=information_wanted if information_wanted is not None else f"{report.title}\n\n{report.body}",
        purpose=purpose, obtain_method=obtain_method, copy_format=copy_format, delivery_method=delivery_method,
        email=identity["email"],
    )
    info_request = _create(
        jurisdiction=report.jurisdiction, agency=agency if agency is not None else report.agency,
        requester=report.filer, identity=identity, fields=fields, guest_secret_hash=report.guest_secret_hash,
        submission_token=None, channel=Channel.REPORT, actor=actor, source_report=report, action="convert",
        reason=_("Dari laporan %(id)s yang diterima %(date)s.") % {
            "id": report.tracking_id, "date": deadlines.local(report.created_at)},
    )
    complaint_actions.archive_converted(actor=actor, report=report,
                                        registration_number=info_request.registration_number)
    return info_request


# --- the PPID's decision -----------------------------------------------------------------------------

@transaction.atomic
def extend(*, actor, info_request, reason):
    """Extend the decision period once, by 7 working days, with a written notice to the requester."""
    info_request = _lock(info_request)
    _allowed(actor, info_request, "extend")
    reason = lifecycle.text(reason, _("Alasan perpanjangan"), min_length=10, max_length=MAX_REASON)
    now = timezone.now()
    require(now <= info_request.due_at,
             _("Perpanjangan harus diberitahukan sebelum jangka waktu 10 hari kerja berakhir (%(due)s).")
             % {"due": deadlines.local(info_request.due_at)})
    info_request.extension_days = deadlines.days("PPID_EXTENSION_DAYS")
    info_request.due_at = deadlines.after(info_request.registered_at,
                                          info_request.working_days + info_request.extension_days,
                                          info_request.jurisdiction_id)
    info_request.extended_at = now
    info_request.extension_reason = reason
    info_request.overdue_at = None
    info_request.extension_notice = _(
        "Pemberitahuan tertulis perpanjangan jangka waktu. Jangka waktu keputusan atas permohonan informasi "
        "nomor %(no)s diperpanjang %(n)d hari kerja (UU 14/2008 Pasal 22 ayat (8)) dengan alasan: %(reason)s. "
        "Keputusan disampaikan paling lambat %(due)s."
    ) % {"no": info_request.registration_number, "n": info_request.extension_days, "reason": reason,
         "due": deadlines.local(info_request.due_at)}
    _move(info_request, actor=actor, action="extend", to_state=RequestState.EXTENDED,
          reason=info_request.extension_notice, now=now)
    return info_request


@transaction.atomic
def decide(*, actor, info_request, outcome, decision_text, exemption_ground="", consequence_test="", documents=()):
    """The PPID's written decision: granted, partly granted, refused (Pasal 17), not held, not yet documented."""
    info_request = _lock(info_request)
    _allowed(actor, info_request, "decide")
    outcome = _choice(outcome, Outcome, _("Pilih keputusan atas permohonan."))
    decision_text = lifecycle.text(decision_text, _("Isi pemberitahuan tertulis"), max_length=MAX_TEXT)
    if outcome in EXEMPTING_OUTCOMES:
        exemption_ground = _choice(exemption_ground, ExemptionGround,
                                   _("Pilih alasan pengecualian menurut Pasal 17 (huruf a–j)."))
        consequence_test = lifecycle.text(consequence_test, _("Uji konsekuensi"), max_length=MAX_TEXT, min_length=20)
    else:
        exemption_ground, consequence_test = "", ""
    cleaned = _clean_documents(documents)
    require(not cleaned or outcome in GRANTING_OUTCOMES,
             _("Dokumen hanya diserahkan bila permohonan dikabulkan (seluruhnya atau sebagian)."))
    wants_file = (info_request.obtain_method == ObtainMethod.COPY and info_request.copy_format == CopyFormat.ELECTRONIC
                  and info_request.delivery_method in (DeliveryMethod.ONLINE, DeliveryMethod.EMAIL))
    require(not (outcome in GRANTING_OUTCOMES and wants_file and not cleaned
                  and not info_request.documents.exists()),
             _("Pemohon meminta salinan elektronik; unggah dokumen yang diserahkan."))
    now = timezone.now()
    info_request.outcome = outcome
    info_request.exemption_ground = exemption_ground
    info_request.consequence_test = consequence_test
    info_request.decision_text = decision_text
    info_request.decided_at = now
    info_request.decided_by = _user(actor)
    stored = [store(RequestDocument, item, request=info_request, uploaded_by=_user(actor)) for item in cleaned]
    reason = str(outcome.label)
    if exemption_ground:
        reason += " — " + _("Pasal 17 huruf %(ground)s") % {"ground": ExemptionGround(exemption_ground).label}
    reason += "\n\n" + decision_text
    _move(info_request, actor=actor, action="decide", to_state=RequestState.DECIDED, reason=reason, now=now,
          document_links=notices.absolute_document_links(stored or list(info_request.documents.all())))
    return info_request


@transaction.atomic
def add_documents(*, actor, info_request, documents):
    """Upload documents the PPID hands over.

    While the request awaits its decision they are only kept (the decision delivers them); after a
    grant, or after the atasan PPID upheld an objection, they are delivered at once.
    """
    info_request = _lock(info_request)
    caps = permissions.capacities(actor, info_request)
    require(caps & workflow.OFFICERS, _("Anda tidak berwenang melakukan tindakan ini pada permohonan ini."))
    objection = Objection.objects.filter(request=info_request).first()
    upheld = objection is not None and objection.answer == ObjectionAnswer.UPHELD
    require(info_request.is_open or info_request.outcome in GRANTING_OUTCOMES or upheld,
             _("Dokumen hanya diserahkan bila permohonan dikabulkan atau keberatan diterima atasan PPID."))
    cleaned = _clean_documents(documents)
    require(cleaned, _("Pilih dokumen yang akan diserahkan."))
    stored = [store(RequestDocument, item, request=info_request, uploaded_by=_user(actor)) for item in cleaned]
    if info_request.is_open:
        audit.record(actor=actor, action="ppid.stage_documents", target=info_request,
                     jurisdiction=info_request.jurisdiction,
                     details={"registration_number": info_request.registration_number, "documents": len(stored)})
        return stored
    _event(info_request, actor=actor, action="add_documents", from_state=info_request.state,
           reason=_("%(n)d dokumen diserahkan.") % {"n": len(stored)},
           document_links=notices.absolute_document_links(stored))
    return stored


def delivers_documents(info_request, objection=None):
    """Whether the requester may receive the request's documents (links are made only then)."""
    if info_request.outcome in GRANTING_OUTCOMES:
        return True
    return objection is not None and objection.answer == ObjectionAnswer.UPHELD


# --- objections and disputes -----------------------------------------------------------------------

def objection_open(info_request, now=None):
    """Whether some ground of objection exists yet: a decision was given, or its deadline passed."""
    return info_request.decided_at is not None or (now or timezone.now()) > info_request.due_at


def objection_ground_moment(info_request, ground, now):
    """When the objection's ground arose; raises ActionError when the ground does not apply (yet)."""
    g = ObjectionGround
    if info_request.decided_at is None:
        require(ground == g.NO_RESPONSE,
                 _("Permohonan belum diputuskan; alasan keberatan yang dapat dipilih hanya "
                   "“%(label)s”.") % {"label": g.NO_RESPONSE.label})
        require(now > info_request.due_at,
                 _("Keberatan karena permohonan tidak ditanggapi baru dapat diajukan setelah batas keputusan "
                   "%(due)s lewat.") % {"due": deadlines.local(info_request.due_at)})
        return info_request.due_at
    require(ground != g.NO_RESPONSE, _("Permohonan sudah ditanggapi PPID; pilih alasan keberatan yang lain."))
    require(ground != g.REFUSED or info_request.outcome in EXEMPTING_OUTCOMES,
             _("Alasan a hanya berlaku bila permohonan ditolak atau dikabulkan sebagian berdasarkan Pasal 17."))
    require(ground != g.LATE or info_request.decided_at > info_request.due_at,
             _("Keputusan disampaikan dalam jangka waktu; alasan g tidak berlaku."))
    return info_request.decided_at


@transaction.atomic
def file_objection(*, actor, info_request, ground, reason):
    """A keberatan to the atasan PPID, within 30 working days of its ground (UU 14/2008 Pasal 35-36)."""
    info_request = _lock(info_request)
    _allowed(actor, info_request, "file_objection")
    ground = _choice(ground, ObjectionGround, _("Pilih alasan keberatan (Pasal 35 huruf a–g)."))
    reason = lifecycle.text(reason, _("Uraian keberatan"), max_length=MAX_TEXT, min_length=10)
    now = timezone.now()
    ground_at = objection_ground_moment(info_request, ground, now)
    calendar = deadlines.calendar_for(info_request.jurisdiction_id)
    closes = deadlines.after(ground_at, deadlines.days("PPID_OBJECTION_WINDOW_DAYS"), None, calendar)
    require(now <= closes,
             _("Batas waktu pengajuan keberatan sudah lewat: 30 hari kerja sejak %(start)s berakhir pada %(due)s.")
             % {"start": deadlines.local(ground_at), "due": deadlines.local(closes)})
    objection = Objection.objects.create(
        request=info_request, ground=ground, ground_at=ground_at, window_closes_at=closes, reason=reason,
        filed_at=now, filed_by=_user(actor),
        answer_due_at=deadlines.after(now, deadlines.days("PPID_OBJECTION_ANSWER_DAYS"), None, calendar),
    )
    info_request.objection = objection
    _move(info_request, actor=actor, action="file_objection", to_state=RequestState.OBJECTED, now=now,
          reason=_("%(ground)s. Atasan PPID menanggapi paling lambat %(due)s.\n\n%(reason)s") % {
              "ground": ObjectionGround(ground).label, "due": deadlines.local(objection.answer_due_at),
              "reason": reason})
    return objection


@transaction.atomic
def answer_objection(*, actor, info_request, answer, text):
    info_request = _lock(info_request)
    _allowed(actor, info_request, "answer_objection")
    answer = _choice(answer, ObjectionAnswer, _("Pilih tanggapan atas keberatan."))
    text = lifecycle.text(text, _("Isi tanggapan"), max_length=MAX_TEXT, min_length=10)
    objection = Objection.objects.select_for_update().get(request=info_request)
    now = timezone.now()
    objection.answer = answer
    objection.answer_text = text
    objection.answered_at = now
    objection.answered_by = _user(actor)
    objection.save()
    info_request.objection = objection
    dispute_until = deadlines.after(now, deadlines.days("PPID_DISPUTE_WINDOW_DAYS"), info_request.jurisdiction_id)
    _move(info_request, actor=actor, action="answer_objection", to_state=RequestState.OBJECTION_ANSWERED, now=now,
          reason=_("%(answer)s.\n\n%(text)s\n\nBila belum puas, pemohon dapat mengajukan sengketa informasi ke "
                   "Komisi Informasi paling lambat %(due)s (14 hari kerja).") % {
              "answer": ObjectionAnswer(answer).label, "text": text, "due": deadlines.local(dispute_until)})
    return objection


def _date(value, label):
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    require(isinstance(value, dt.date), _("%(field)s wajib diisi.") % {"field": label})
    return value


@transaction.atomic
def record_dispute(*, actor, info_request, filed_on, registration_number, outcome=DisputeOutcome.PENDING,
                   decided_on=None, notes=""):
    """Record (or update) the dispute the requester took to the Komisi Informasi. A record only: the
    Komisi decides; a late filing is recorded and marked, not refused."""
    info_request = _lock(info_request)
    _allowed(actor, info_request, "record_dispute")
    objection = Objection.objects.select_for_update().get(request=info_request)
    now = timezone.now()
    start = deadlines.dispute_window_start(objection, now)
    require(start is not None,
             _("Atasan PPID masih dalam jangka waktu menanggapi keberatan (sampai %(due)s); sengketa belum dapat "
               "dicatat.") % {"due": deadlines.local(objection.answer_due_at)})
    filed_on = _date(filed_on, _("Tanggal pendaftaran sengketa"))
    today = timezone.localdate(now)
    require(filed_on <= today, _("Tanggal pendaftaran sengketa tidak boleh di masa depan."))
    require(filed_on >= timezone.localtime(start).date(),
             _("Sengketa tidak mungkin didaftarkan sebelum %(date)s.") % {"date": deadlines.local(start)})
    registration_number = lifecycle.text(registration_number, _("Nomor register sengketa"), max_length=80)
    outcome = _choice(outcome, DisputeOutcome, _("Pilih hasil sengketa."))
    if decided_on:
        decided_on = _date(decided_on, _("Tanggal putusan"))
        require(filed_on <= decided_on <= today,
                 _("Tanggal putusan harus di antara tanggal pendaftaran dan hari ini."))
    require(outcome == DisputeOutcome.PENDING or decided_on,
             _("Isi tanggal putusan atau penyelesaian sengketa."))
    notes = lifecycle.text(notes, _("Catatan"), required=False, max_length=MAX_REASON)
    closes = deadlines.after(start, deadlines.days("PPID_DISPUTE_WINDOW_DAYS"), info_request.jurisdiction_id)
    dispute, _created = Dispute.objects.update_or_create(objection=objection, defaults={
        "filed_on": filed_on, "registration_number": registration_number, "window_closes_at": closes,
        "filed_in_time": filed_on <= timezone.localtime(closes).date(), "outcome": outcome,
        "decided_on": decided_on or None, "notes": notes, "recorded_by": _user(actor), "recorded_at": now,
    })
    reason = _("Nomor register %(number)s, didaftarkan %(date)s%(late)s. Hasil: %(outcome)s.") % {
        "number": registration_number, "date": filed_on.strftime("%d-%m-%Y"),
        "late": "" if dispute.filed_in_time else " " + _("(melewati 14 hari kerja)"),
        "outcome": DisputeOutcome(outcome).label}
    _event(info_request, actor=actor, action="record_dispute", from_state=info_request.state, reason=reason, now=now)
    return dispute

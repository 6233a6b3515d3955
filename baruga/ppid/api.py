"""The PPID API, mounted at /api/v1/ppid (see `baruga.api` for the error shape and status codes).

- requesters: file a request (guest or session), follow it with the ``X-Request-Secret`` header
  (the secret from the receipt) or the owner's session, file an objection;
- the public: the Daftar Informasi Publik;
- staff (session): the scoped list, a request's file, extend, decide, upload documents, answer an
  objection, record a dispute.
Views parse input, look the request up through `selectors`/`permissions`, and call the same
functions in `baruga.ppid.actions` as the pages.
"""

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja import Field
from ninja.security import APIKeyHeader

from baruga.api_auth import optional_session, session_auth
from baruga.api_errors import ApiError, forbidden, invalid, not_found, responses, unauthenticated
from baruga.directory.models import Agency, Jurisdiction
from baruga.lib.api_fields import (
    NIK, NOT_BLANK, PHONE, EmailOrBlank, Input, Integer, IsoDate, KemendagriCode, Upload, text, upload_files,
)
from baruga.ppid import actions, deadlines, documents, permissions, selectors, workflow
from baruga.ppid.models import (
    CopyFormat,
    DeliveryMethod,
    DisputeOutcome,
    ExemptionGround,
    InfoCategory,
    InformationRequest,
    ObjectionAnswer,
    ObjectionGround,
    ObtainMethod,
    Outcome,
    RequesterType,
)

router = Router(tags=["ppid"])

TEXT = 5000
REASON = 2000
PAGE_SIZE = 25
ACTION_ERRORS = (400, 401, 403, 404, 409, 422)


class RequestSecret(str):
    """The secret a guest requester presented; whether it matches is decided per request."""


class RequestSecretAuth(APIKeyHeader):
    param_name = "X-Request-Secret"

    def authenticate(self, request, key):
        return RequestSecret(key) if key else None


request_secret = RequestSecretAuth()
REQUESTER_AUTH = [request_secret, optional_session]


# --- schemas ---------------------------------------------------------------------------------------

class RequestIn(Input):
    jurisdiction_code: KemendagriCode = Field(description="Kemendagri code of the public body, e.g. 73.71")
    agency_id: Integer | None = Field(None, description="the OPD holding the information, if known")
    requester_type: RequesterType = RequesterType.PERSON
    name: str = text(120)
    address: str = text(500)
    identity_number: str = Field(max_length=64, description="NIK (16 digits); a legal entity's registration")
    email: EmailOrBlank = ""
    phone: str = Field("", max_length=20, pattern=PHONE)
    information_wanted: str = text(TEXT, min_length=10)
    purpose: str = text(REASON)
    obtain_method: ObtainMethod
    copy_format: CopyFormat | None = None
    delivery_method: DeliveryMethod
    submission_token: UUID | None = Field(None, description="One per filled-in form: a repeat files nothing new")

    # The rules of actions.register_request between fields, stated for clients (the action refuses with 400).
    model_config = {"json_schema_extra": {"allOf": [
        {"description": "an e-mail address or a phone number",
         "anyOf": [{"required": ["email"], "properties": {"email": {"minLength": 1}}},
                   {"required": ["phone"], "properties": {"phone": {"minLength": 1}}}]},
        {"description": "a NIK for a person or a group, the registration of a legal entity",
         "if": {"required": ["requester_type"], "properties": {"requester_type": {"const": "legal_entity"}}},
         "then": {"properties": {"identity_number": {"pattern": NOT_BLANK}}},
         "else": {"properties": {"identity_number": {"pattern": NIK}}}},
        {"description": "a copy needs its format",
         "if": {"required": ["obtain_method"], "properties": {"obtain_method": {"const": "copy"}}},
         "then": {"required": ["copy_format"], "properties": {"copy_format": {"enum": CopyFormat.values}}}},
        {"description": "a printed copy is picked up or posted",
         "if": {"required": ["obtain_method", "copy_format"],
                "properties": {"obtain_method": {"const": "copy"}, "copy_format": {"const": "printed"}}},
         "then": {"properties": {"delivery_method": {"enum": ["pickup", "post"]}}}},
        {"description": "delivery by e-mail needs the address",
         "if": {"properties": {"delivery_method": {"const": "email"}}},
         "then": {"required": ["email"], "properties": {"email": {"minLength": 1}}}},
    ]}}


class RequestCreated(Schema):
    registration_number: str
    state: str
    due_at: datetime
    secret: str | None = Field(None, description="the guest's secret: shown once, send it as X-Request-Secret")
    follow_url: str | None = None


class ObjectionIn(Input):
    ground: ObjectionGround
    reason: str = text(TEXT, min_length=10)


class ExtendIn(Input):
    reason: str = text(REASON, min_length=10)


class DecideIn(Input):
    outcome: Outcome
    decision_text: str = text(TEXT)
    exemption_ground: ExemptionGround | None = None
    consequence_test: str = Field("", max_length=TEXT)


class AnswerIn(Input):
    answer: ObjectionAnswer
    text: str = text(TEXT, min_length=10)


class DisputeIn(Input):
    filed_on: IsoDate
    registration_number: str = text(80)
    outcome: DisputeOutcome = DisputeOutcome.PENDING
    decided_on: IsoDate | None = None
    notes: str = Field("", max_length=REASON)


class StaffFilters(Schema):
    status: Literal["open", "decided", "objected", "answered"] | None = None
    overdue: bool = False
    q: str = Field("", max_length=100)
    page: int = Field(1, ge=1, le=100000)


class DipFilters(Schema):
    q: str = Field("", max_length=100)
    category: InfoCategory | None = None
    jurisdiction: KemendagriCode | None = Field(None, description="Kemendagri code")
    page: int = Field(1, ge=1, le=100000)


# --- rendering -------------------------------------------------------------------------------------

def _ref(obj):
    return {"code": obj.code, "name": obj.name} if obj is not None else None


def _agency(obj):
    return {"id": obj.pk, "name": obj.name} if obj is not None else None


def _history(info_request, *, reasons):
    return [{"action": e.action, "label": str(workflow.HISTORY_LABELS.get(e.action, e.action)),
             "at": e.created_at, **({"reason": e.reason} if reasons else {})} for e in info_request.history]


def _deadlines(info_request):
    return [{"label": str(d["label"]), "start": d["start"], "working_days": d["working_days"], "due": d["due"],
             "skipped_days": [{"date": s["date"].isoformat(), "reason": str(s["reason"])} for s in d["skipped"]],
             "summary": d["summary"]} for d in deadlines.request_explanations(info_request)]


def _status(info_request):
    selectors.with_details(info_request)
    return {"registration_number": info_request.registration_number, "state": info_request.state,
            "state_label": str(info_request.get_state_display()), "jurisdiction": _ref(info_request.jurisdiction),
            "agency": _agency(info_request.agency), "registered_at": info_request.registered_at,
            "due_at": info_request.due_at, "history": _history(info_request, reasons=False)}


def _full(request, info_request, actor):
    data = _status(info_request)
    objection, dispute = info_request.objection_or_none, info_request.dispute_or_none
    data.update({
        "information_wanted": info_request.information_wanted, "purpose": info_request.purpose,
        "obtain_method": info_request.obtain_method, "copy_format": info_request.copy_format,
        "delivery_method": info_request.delivery_method, "extension_notice": info_request.extension_notice,
        "history": _history(info_request, reasons=True), "deadlines": _deadlines(info_request),
        "decision": None if info_request.decided_at is None else {
            "outcome": info_request.outcome, "label": str(info_request.get_outcome_display()),
            "exemption_ground": info_request.exemption_ground or None,
            "consequence_test": info_request.consequence_test, "text": info_request.decision_text,
            "decided_at": info_request.decided_at, "late": info_request.decided_at > info_request.due_at},
        "objection": None if objection is None else {
            "ground": objection.ground, "label": str(objection.get_ground_display()), "reason": objection.reason,
            "filed_at": objection.filed_at, "answer_due_at": objection.answer_due_at,
            "answer": objection.answer or None, "answer_text": objection.answer_text,
            "answered_at": objection.answered_at},
        "dispute": None if dispute is None else {
            "filed_on": dispute.filed_on, "registration_number": dispute.registration_number,
            "filed_in_time": dispute.filed_in_time, "outcome": dispute.outcome, "decided_on": dispute.decided_on},
        "allowed_actions": permissions.allowed_transitions(actor, info_request),
        "identity": None,
        "documents": [],
    })
    if permissions.can_see_identity(actor, info_request):
        identity = info_request.identity
        data["identity"] = {"requester_type": identity.requester_type, "name": identity.name,
                            "address": identity.address, "email": identity.email, "phone": identity.phone,
                            "identity_number": identity.identity_number}
    caps = permissions.capacities(actor, info_request)
    if workflow.REQUESTER in caps and actions.delivers_documents(info_request, objection):
        data["documents"] = [{"name": d.original_name, "url": request.build_absolute_uri(url), "expires_at": expires}
                             for d, url, expires in documents.links(info_request.document_list)]
    elif caps & (workflow.OFFICERS | {workflow.SUPERIOR}):
        data["documents"] = [{"name": d.original_name, "size": d.size} for d in info_request.document_list]
    return data


def _staff_item(info_request):
    return {"registration_number": info_request.registration_number, "state": info_request.state,
            "state_label": str(info_request.get_state_display()), "jurisdiction": _ref(info_request.jurisdiction),
            "agency": _agency(info_request.agency), "registered_at": info_request.registered_at,
            "due_at": info_request.due_at, "outcome": info_request.outcome or None,
            "objection_answer_due_at": info_request.objection.answer_due_at
            if _has_objection(info_request) else None}


def _has_objection(info_request):
    try:
        return info_request.objection is not None
    except ObjectDoesNotExist:  # select_related found none
        return False


# --- lookups and refusals --------------------------------------------------------------------------

def _request_or_404(number, queryset=None):
    info_request = selectors.get_by_number(number, queryset)
    if info_request is None:
        raise not_found()
    return info_request


def _requester_or_user(auth, info_request):
    if isinstance(auth, RequestSecret):
        guest = permissions.guest_access(info_request, auth)
        if guest is None:
            raise forbidden(_("Kode rahasia tidak cocok dengan permohonan ini."))
        return guest
    if getattr(auth, "is_authenticated", False):
        return auth
    raise unauthenticated(_("Sertakan kode rahasia permohonan (header X-Request-Secret) atau masuk dengan akun."))


def _staff(request):
    if not permissions.is_ppid_staff(request.auth):
        raise forbidden(_("Akun ini bukan akun petugas PPID."))
    return request.auth


def _run(actor, info_request, name, call):
    """Run an action; a refusal is 403 without the capacity, 409 when the state forbids it, else 400."""
    try:
        return call()
    except actions.ActionError as exc:
        detail = " ".join(exc.messages)
        fresh = selectors.get_by_number(info_request.registration_number)
        transition = workflow.TRANSITIONS.get(name)
        needed = transition.who if transition else workflow.OFFICERS
        if not permissions.capacities(actor, fresh) & needed:
            raise ApiError(403, "forbidden", detail) from None
        if transition and fresh.state not in transition.sources:
            raise ApiError(409, "refused", detail) from None
        raise ApiError(400, "invalid", detail) from None


def _jurisdiction(code):
    jurisdiction = Jurisdiction.objects.filter(code=code, is_active=True, is_external=False).first()
    if jurisdiction is None:
        raise invalid(_("Kode badan publik tidak dikenal."), "jurisdiction_code")
    return jurisdiction


def _agency_by_id(pk, jurisdiction):
    if pk is None:
        return None
    agency = Agency.objects.filter(pk=pk).first()
    if agency is None:
        raise invalid(_("OPD tidak ditemukan."), "agency_id")
    if agency.jurisdiction_id != jurisdiction.pk or not agency.is_active:
        raise invalid(_("OPD yang dipilih tidak berada di bawah badan publik tujuan."), "agency_id")
    return agency


# --- requesters and the public ---------------------------------------------------------------------

@router.post("/requests", response=responses({200: RequestCreated, 201: RequestCreated}, 400, 409, 422),
             auth=optional_session)
def file_request(request, payload: RequestIn):
    """Register a request as a guest (no session) or as the logged-in citizen.

    201 with the guest's secret; 200 with the same answer for a repeated `submission_token`."""
    token = payload.submission_token
    repeat = token is not None and InformationRequest.objects.filter(submission_token=token).exists()
    jurisdiction = _jurisdiction(payload.jurisdiction_code)
    agency = _agency_by_id(payload.agency_id, jurisdiction)
    try:
        info_request, secret = actions.register_request(
            requester=request.auth, jurisdiction=jurisdiction,
            agency=agency, requester_type=payload.requester_type, name=payload.name,
            address=payload.address, identity_number=payload.identity_number, email=payload.email,
            phone=payload.phone, information_wanted=payload.information_wanted, purpose=payload.purpose,
            obtain_method=payload.obtain_method, copy_format=payload.copy_format or "",
            delivery_method=payload.delivery_method, submission_token=token, channel="api",
        )
    except actions.ActionError as exc:
        raise ApiError(409 if repeat else 400, "refused" if repeat else "invalid", " ".join(exc.messages)) from None
    follow = reverse("ppid:track", args=[info_request.registration_number])
    return Status(200 if repeat else 201, {
        "registration_number": info_request.registration_number, "state": info_request.state,
        "due_at": timezone.localtime(info_request.due_at), "secret": secret,
        "follow_url": request.build_absolute_uri(follow + (f"?k={secret}" if secret else ""))})


@router.get("/requests/{number}", response=responses(dict, 404), auth=REQUESTER_AUTH)
def request_status(request, number: str):
    """The requester's full view with proof (X-Request-Secret or the owner's session), the officers'
    with their session; anyone else gets the status and history alone."""
    info_request = _request_or_404(number)
    auth = request.auth
    actor = None
    if isinstance(auth, RequestSecret):
        actor = permissions.guest_access(info_request, auth)
    elif getattr(auth, "is_authenticated", False) and permissions.can_view(auth, info_request):
        actor = auth
    if actor is None:
        return _status(info_request)
    return _full(request, info_request, actor)


@router.post("/requests/{number}/objection", response=responses(dict, *ACTION_ERRORS), auth=REQUESTER_AUTH)
def file_objection(request, number: str, payload: ObjectionIn):
    """A keberatan (UU 14/2008 Pasal 35), within 30 working days of its ground; the PPID may record one too."""
    info_request = _request_or_404(number)
    actor = _requester_or_user(request.auth, info_request)
    if not permissions.can_view(actor, info_request):
        raise not_found()
    _run(actor, info_request, "file_objection", lambda: actions.file_objection(
        actor=actor, info_request=info_request, ground=payload.ground, reason=payload.reason))
    return _full(request, selectors.get_by_number(number), actor)


@router.get("/dip", response=responses(dict, 400, 422), auth=None)
def public_register(request, filters: Query[DipFilters]):
    """The Daftar Informasi Publik; exempt entries carry their Pasal 17 ground and no documents."""
    jurisdiction = _jurisdiction(filters.jurisdiction) if filters.jurisdiction else None
    qs = selectors.public_register(q=filters.q, category=filters.category or "",
                                   jurisdiction_id=jurisdiction and jurisdiction.pk)
    page = Paginator(qs, PAGE_SIZE).get_page(filters.page)
    items = []
    for item in page.object_list:
        entry = {"id": item.pk, "title": item.title, "summary": item.summary, "category": item.category,
                 "category_label": str(item.get_category_display()), "jurisdiction": _ref(item.jurisdiction),
                 "agency": _agency(item.agency), "last_updated_on": item.last_updated_on,
                 "next_review_on": item.next_review_on, "stale": item.is_stale, "documents": []}
        if item.is_exempt:
            entry.update(exemption_ground=item.exemption_ground, consequence_test=item.consequence_test,
                         exempt_until=item.exempt_until)
        else:
            entry["documents"] = [
                {"name": d.original_name, "url": request.build_absolute_uri(reverse("ppid:dip_document",
                                                                                    args=[d.pk]))
                 if d.file else d.url} for d in item.documents.all()]
        items.append(entry)
    return {"count": page.paginator.count, "page": page.number, "pages": page.paginator.num_pages, "items": items}


# --- staff -----------------------------------------------------------------------------------------

@router.get("/staff/requests", response=responses(dict, 401, 403, 422), auth=session_auth)
def staff_list(request, filters: Query[StaffFilters]):
    """The caller's requests (their scope), newest first; no identities."""
    user = _staff(request)
    qs = selectors.staff_inbox(user, bucket=filters.status or "", overdue=filters.overdue, q=filters.q)
    page = Paginator(qs, PAGE_SIZE).get_page(filters.page)
    return {"count": page.paginator.count, "page": page.number, "pages": page.paginator.num_pages,
            "items": [_staff_item(r) for r in page.object_list]}


def _visible(request, number):
    user = _staff(request)
    return user, _request_or_404(number, permissions.visible_requests(user))


@router.get("/staff/requests/{number}", response=responses(dict, 401, 403, 404), auth=session_auth)
def staff_detail(request, number: str):
    user, info_request = _visible(request, number)
    return _full(request, info_request, user)


def _staff_action(request, number, name, call):
    user, info_request = _visible(request, number)
    _run(user, info_request, name, lambda: call(user, info_request))
    return _full(request, selectors.get_by_number(number), user)


@router.post("/staff/requests/{number}/extend", response=responses(dict, *ACTION_ERRORS), auth=session_auth)
def extend(request, number: str, payload: ExtendIn):
    """Extend once by 7 working days, before the 10 run out; the written notice goes to the requester."""
    return _staff_action(request, number, "extend",
                         lambda u, r: actions.extend(actor=u, info_request=r, reason=payload.reason))


@router.post("/staff/requests/{number}/decide", response=responses(dict, *ACTION_ERRORS), auth=session_auth)
def decide(request, number: str, payload: DecideIn):
    """Decide. Upload the documents to hand over first (`/documents`) when the request wants an
    electronic copy; refusals and partial grants cite a Pasal 17 ground and the consequence test."""
    return _staff_action(request, number, "decide", lambda u, r: actions.decide(
        actor=u, info_request=r, outcome=payload.outcome, decision_text=payload.decision_text,
        exemption_ground=payload.exemption_ground or "", consequence_test=payload.consequence_test))


@router.post("/staff/requests/{number}/documents", response=responses(dict, *ACTION_ERRORS), auth=session_auth)
def upload_documents(request, number: str,
                     files: list[Upload] = upload_files(required=True, most=actions.MAX_DOCUMENTS)):
    """PDF or image documents: kept for the decision while it is pending, delivered at once after a grant."""
    return _staff_action(request, number, "add_documents",
                         lambda u, r: actions.add_documents(actor=u, info_request=r, documents=files))


@router.post("/staff/requests/{number}/objection/answer", response=responses(dict, *ACTION_ERRORS),
             auth=session_auth)
def answer_objection(request, number: str, payload: AnswerIn):
    return _staff_action(request, number, "answer_objection", lambda u, r: actions.answer_objection(
        actor=u, info_request=r, answer=payload.answer, text=payload.text))


@router.post("/staff/requests/{number}/dispute", response=responses(dict, *ACTION_ERRORS), auth=session_auth)
def record_dispute(request, number: str, payload: DisputeIn):
    """Record the dispute before the Komisi Informasi (and later its outcome)."""
    return _staff_action(request, number, "record_dispute", lambda u, r: actions.record_dispute(
        actor=u, info_request=r, filed_on=payload.filed_on, registration_number=payload.registration_number,
        outcome=payload.outcome, decided_on=payload.decided_on, notes=payload.notes))

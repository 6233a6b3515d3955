"""What the complaints API needs besides the actions.

Who the caller is towards a report, turning refusals into HTTP errors, rendering reports
for each audience (reporter, public, status only, staff), and attachments sent after filing.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from baruga.api_auth import GuestSecret
from baruga.api_errors import ApiError, forbidden, invalid, not_found, unauthenticated
from baruga.clocks import selectors as clock_selectors
from baruga.complaints import actions, permissions, selectors, workflow
from baruga.complaints.models import Response
from baruga.directory.models import Agency, Category, District, Jurisdiction, Level
from baruga.lib.keyset import CursorError
from baruga.lib.masking import mask_personal_data

# Callers and reports

def report_or_404(tracking_id, queryset=None):
    report = selectors.get_by_tracking_id(tracking_id, queryset)
    if report is None:
        raise not_found()
    return report


def reporter_actor(auth, report):
    """The reporter (guest proving the secret, or the owning account), else None."""
    if isinstance(auth, GuestSecret):
        return permissions.guest_access(report, auth)
    if getattr(auth, "is_authenticated", False) and report.filer_id == auth.pk:
        return auth
    return None


def require_reporter(auth, report):
    actor = reporter_actor(auth, report)
    if actor is not None:
        return actor
    if not isinstance(auth, GuestSecret) and not getattr(auth, "is_authenticated", False):
        raise unauthenticated(
            _("Sertakan kode rahasia laporan (header X-Report-Secret) atau masuk dengan akun pelapor.")
        )
    raise forbidden(_("Hanya pelapor yang dapat melakukan tindakan ini pada laporan ini."))


def require_staff(user):
    if not permissions.is_staff_member(user):
        raise forbidden(_("Akun ini bukan akun petugas."))
    return user


def visible_report(user, tracking_id):
    """A report the staff user may open; 404 otherwise, so existence is never revealed."""
    return report_or_404(tracking_id, permissions.visible_reports(user))


def reload(report):
    return report_or_404(report.tracking_id)


# Refusals

# Refusals that are about the report's current state beyond its status (so 409, not 400).
_CONFLICTS = {
    "rate": lambda r: r.rating is not None,
    "respond": lambda r: r.responses.filter(status=Response.Status.PENDING).exists(),
    "approve_response": lambda r: not r.responses.filter(status=Response.Status.PENDING).exists(),
    "reject_response": lambda r: not r.responses.filter(status=Response.Status.PENDING).exists(),
}
NOTE_CAPACITIES = frozenset({workflow.ADMIN, workflow.AGENCY})
# Staff actions that are not transitions, and who may take them.
EXTRA_CAPACITIES = {
    "request_extension": frozenset({workflow.AGENCY}),
    "decide_extension": frozenset({workflow.HEAD, workflow.ADMIN}),
}


# Actions besides transitions whose input the schema checks in full: once the capacity is there, what they
# refuse is the report's current state (no running deadline, an extension pending or not), so 409.
_STATE_REFUSALS = frozenset({"request_extension", "decide_extension"})


def _no_conflict(report):
    return False


def refusal(actor, report, name, exc):
    """Classify a refused action: 403 without the capacity, 409 when the state forbids it, else 400."""
    detail = " ".join(exc.messages)
    fresh = reload(report)
    caps = permissions.capacities(actor, fresh)
    transition = workflow.TRANSITIONS.get(name)
    needed = transition.who if transition else EXTRA_CAPACITIES.get(name, NOTE_CAPACITIES)
    if not caps & needed:
        return ApiError(403, "forbidden", detail)
    if name in _STATE_REFUSALS:
        return ApiError(409, "refused", detail)
    if transition and (fresh.state not in transition.sources or _CONFLICTS.get(name, _no_conflict)(fresh)):
        return ApiError(409, "refused", detail)
    return ApiError(400, "invalid", detail)


def run_action(actor, report, name, call):
    try:
        return call()
    except actions.ActionError as exc:
        raise refusal(actor, report, name, exc) from None


# Lookups of referenced objects (400 with the field when unknown)

def regency(code, field="location_code"):
    found = Jurisdiction.objects.filter(code=code, is_active=True, level__in=(Level.REGENCY, Level.CITY)).first()
    if found is None:
        raise invalid(_("Kabupaten/kota dengan kode “%(code)s” tidak ditemukan.") % {"code": code}, field)
    return found


def jurisdiction(code, field="jurisdiction_code"):
    found = Jurisdiction.objects.filter(code=code).first()
    if found is None:
        raise invalid(_("Instansi dengan kode “%(code)s” tidak ditemukan.") % {"code": code}, field)
    return found


def category(slug, field="category_slug", *, leaf=True):
    if not slug:
        return None
    categories = Category.objects.filter(slug=slug, is_active=True)
    found = (categories.filter(children__isnull=True) if leaf else categories).first()
    if found is None:
        raise invalid(_("Kategori “%(slug)s” tidak ditemukan.") % {"slug": slug}, field)
    return found


def district(pk, location):
    if pk is None:
        return None
    found = District.objects.filter(pk=pk).first()
    if found is None or found.jurisdiction_id != location.pk:
        raise invalid(_("Kecamatan tidak berada di kabupaten/kota yang dipilih."), "district_id")
    return found


def agency(pk):
    found = Agency.objects.filter(pk=pk).first()
    if found is None:
        raise invalid(_("OPD tidak ditemukan."), "agency_id")
    return found


# Rendering

def _ref(obj):
    return {"code": obj.code, "name": obj.name} if obj else None


def _agency_ref(obj):
    return {"id": obj.pk, "name": obj.name} if obj else None


def _category_ref(obj):
    return {"slug": obj.slug, "name": obj.name} if obj else None


def _state(report):
    return {"tracking_id": report.tracking_id, "state": report.state, "state_label": str(report.get_state_display())}


def _unit(event):
    if event.agency_id:
        return event.agency.name
    return event.jurisdiction.name if event.jurisdiction_id else ""


def _event(event, *, reason=None, actor=None):
    return {
        "action": event.action, "label": str(workflow.HISTORY_LABELS.get(event.action, event.action)),
        "from_state": event.from_state, "to_state": event.to_state, "created_at": event.created_at,
        "unit": _unit(event), "reason": reason, "actor": actor,
    }


def citizen_history(report, *, reasons):
    """History as the reporter (reasons they may read) or the public (none) sees it: units, never officers."""
    return [
        _event(e, reason=e.reason if reasons and e.action in workflow.REASONS_SHOWN_TO_REPORTER else None)
        for e in report.history if e.action not in workflow.INTERNAL_EVENTS
    ]


def _attachment(item, *, show_name=False):
    return {
        "id": item.pk, "content_type": item.content_type, "size": item.size,
        "url": reverse("complaints:attachment", args=[item.pk]), "name": item.original_name if show_name else None,
    }


def _response(resp, *, mask=False, staff=False):
    return {
        "agency": resp.agency.name, "body": mask_personal_data(resp.body) if mask else resp.body,
        "published_at": resp.published_at, "status": resp.status if staff else None,
        "attachments": [_attachment(a) for a in resp.attachments.all()],
    }


def status_view(report):
    selectors.with_details(report)
    return {"access": "status", **_state(report), "created_at": report.created_at,
            "history": citizen_history(report, reasons=False)}


def _summary(report, *, mask):
    text = mask_personal_data if mask else (lambda value: value)
    return {
        "kind": report.kind, "title": text(report.title), "body": text(report.body),
        "category": _category_ref(report.category), "location": _ref(report.location),
        "jurisdiction": _ref(report.jurisdiction), "agency": _agency_ref(report.agency),
        "responses": [_response(r, mask=mask) for r in report.visible_responses],
        "attachments": [_attachment(a, show_name=not mask) for a in report.report_attachments],
    }


def public_view(report):
    view = status_view(report)
    return {**view, "access": "public", **_summary(report, mask=True)}


def reporter_view(report, actor):
    selectors.with_details(report)
    allowed = [a for a in permissions.allowed_transitions(actor, report) if a != "rate" or report.rating is None]
    return {
        "access": "reporter", **_state(report), "created_at": report.created_at,
        "history": citizen_history(report, reasons=True), **_summary(report, mask=False),
        "is_anonymous": report.is_anonymous, "is_confidential": report.is_confidential, "due_at": report.due_at,
        "rating": report.rating, "rating_comment": report.rating_comment, "allowed_actions": allowed,
        "deadlines": _deadlines(report, staff=False),
    }


def _deadlines(report, *, staff):
    internal = {"clock", "calendar", "pending_extension"}
    return [{k: v for k, v in d.items() if k not in internal}
            for d in clock_selectors.report_deadlines(report, for_staff=staff)]


def report_view(report, actor):
    if actor is not None:
        view = reporter_view(report, actor)
    else:
        view = public_view(report) if permissions.is_public(report) else status_view(report)
    view["remote_progress"] = selectors.remote_progress(report, with_responses=actor is not None)
    return view


def staff_item(report):
    return {
        **_state(report), "title": report.title, "kind": report.kind, "jurisdiction": _ref(report.jurisdiction),
        "location": _ref(report.location), "agency": _agency_ref(report.agency),
        "category": _category_ref(report.category), "created_at": report.created_at, "due_at": report.due_at,
        "is_anonymous": report.is_anonymous, "is_confidential": report.is_confidential,
    }


def _identity(report, user):
    if not permissions.shows_identity(user, report):
        return None
    return identity_of(getattr(report, "contact", None))


def identity_of(contact):
    return {"name": contact.name, "email": contact.email, "phone": contact.phone} if contact else None


def _notes(report, user):
    if not permissions.can_see_internal_notes(user, report):
        return None
    return [
        {"author": n.author.display_name if n.author else None, "agency": n.agency.name if n.agency else None,
         "body": n.body, "created_at": n.created_at}
        for n in report.notes.select_related("author", "agency")
    ]


def _staff_history(report):
    # The reporter may be an account holder: never name them, the report may be anonim.
    return [
        _event(e, reason=e.reason, actor=e.actor.display_name if e.actor_id and e.actor_id != report.filer_id
               else None)
        for e in report.history
    ]


def staff_detail(report, user):
    selectors.with_details(report, include_pending_responses=True)
    show_names = permissions.shows_identity(user, report)  # file names may name an anonim reporter
    return {
        **staff_item(report), "body": report.body, "district": report.district.name if report.district else None,
        "address": report.address, "latitude": report.latitude, "longitude": report.longitude,
        "event_date": report.event_date, "channel": report.channel, "tags": [t.name for t in report.tags.all()],
        "archive_reason": report.archive_reason,
        "duplicate_of": report.duplicate_of.tracking_id if report.duplicate_of_id else None,
        "rating": report.rating, "rating_comment": report.rating_comment,
        "identity": _identity(report, user), "notes": _notes(report, user), "history": _staff_history(report),
        "identity_revealable": report.is_anonymous and not show_names and permissions.can_reveal_identity(user, report),
        "responses": [_response(r, staff=True) for r in report.visible_responses],
        "attachments": [_attachment(a, show_name=show_names) for a in report.report_attachments],
        "capacities": sorted(permissions.capacities(user, report)),
        "allowed_transitions": permissions.allowed_transitions(user, report),
        "deadlines": _deadlines(report, staff=True),
        "related": [_related(r) for r in selectors.related_for_verify(report)]
        if workflow.ADMIN in permissions.capacities(user, report) else [],
    }


def _related(report):
    return {**_state(report), "title": report.title, "category": _category_ref(report.category),
            "created_at": report.created_at}


def created(request, report, secret):
    follow_url = None
    if secret:
        follow_url = request.build_absolute_uri(reverse("complaints:track", args=[report.tracking_id]) + f"?k={secret}")
    return {**_state(report), "secret": secret, "follow_url": follow_url}


def public_item(report):
    body = mask_personal_data(report.body)
    return {
        **_state(report), "kind": report.kind, "title": mask_personal_data(report.title),
        "excerpt": body[:280] + ("…" if len(body) > 280 else ""),
        "category": _category_ref(report.category), "location": _ref(report.location),
        "agency": _agency_ref(report.agency), "created_at": report.created_at,
    }


def similar_item(match):
    """One suggestion of `similar.for_citizen`, shaped like the public list's items (masked)."""
    report = match.report
    return {
        **_state(report), "title": mask_personal_data(report.title), "location": _ref(report.location),
        "created_at": report.created_at, "support_count": report.support_count,
        "title_similarity": round(match.title_similarity * 100), "text_similarity": round(match.text_similarity * 100),
        "distance_m": None if match.distance_m is None else round(match.distance_m),
        "same_category": match.same_category, "reasons": match.reasons,
    }


# Keyset pagination of the public list (ordered by -created_at, -id; baruga/lib/keyset.py)

def encode_cursor(report):
    return selectors.NEWEST.encode(report)


def after_cursor(queryset, cursor):
    if not cursor:
        return queryset
    try:
        return selectors.NEWEST.after(queryset, selectors.NEWEST.decode(cursor))
    except CursorError:
        raise invalid(_("Penanda halaman (cursor) tidak sah."), "cursor") from None


# Guest uploads

def add_attachments(*, actor, report, files):
    """Attach photos/PDFs the reporter sends after filing (`actions.add_attachments`): 403 without the
    reporter's capacity, 409 once the report is past verification, 400 (on `files`) for the files."""
    try:
        stored = actions.add_attachments(actor=actor, report=report, files=files)
    except actions.ActionError as exc:
        detail = " ".join(exc.messages)
        fresh = reload(report)
        if workflow.REPORTER not in permissions.capacities(actor, fresh):
            raise forbidden(detail) from None
        if fresh.state not in workflow.ATTACHMENT_STATES:
            raise ApiError(409, "refused", detail) from None
        raise invalid(detail, "files") from None
    return [_attachment(attachment, show_name=True) for attachment in stored]

"""Typed input and output of the complaints API (they make the OpenAPI document)."""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal
from uuid import UUID

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import model_validator

from baruga.complaints.models import ArchiveReason, Kind, Source, State
from baruga.lib import phones
from baruga.lib.api_fields import (
    EmailOrBlank, Flag, Input, Integer, IsoDate, KemendagriCode, Slug, coordinate, optional_text, text, visible_pattern,
)

TEXT = 5000
REASON = 2000
# A point on the map has both coordinates or none (actions.submit_report refuses half a point with 400).
WHOLE_POINT = [
    {"if": {"required": [one], "properties": {one: {"not": {"type": "null"}}}},
     "then": {"required": [other], "properties": {other: {"not": {"type": "null"}}}}}
    for one, other in (("latitude", "longitude"), ("longitude", "latitude"))
]

# A recorded report's source link: required (http/https) for social media, empty unless the source is
# social or mass media (the same rule `actions.record_report` keeps).
RECORDED_SOURCE_URL = [
    {"if": {"properties": {"source": {"const": "social_media"}}, "required": ["source"]},
     "then": {"required": ["source_url"], "properties": {"source_url": {"minLength": 1}}}},
    {"if": {"properties": {"source": {"enum": ["phone", "letter", "walk_in"]}}, "required": ["source"]},
     "then": {"properties": {"source_url": {"maxLength": 0}}}},
]


# Input: citizens
class ReportIn(Input):
    kind: Kind = Field(Kind.COMPLAINT, description=(
        "complaint or aspiration. `information` is still accepted for existing clients; a formal public "
        "information request (UU 14/2008 periods and objections) is filed with POST /api/v1/ppid/requests, "
        "and an admin or PPID can convert an `information` report into one."))
    title: str = text(150)
    body: str = text(TEXT, min_length=20)
    location_code: KemendagriCode = Field(description="Kemendagri code of the regency/city, e.g. 73.71")
    district_id: Integer | None = None
    category_slug: Slug | None = None
    address: str = Field("", max_length=255)
    latitude: coordinate(90) | None = None
    longitude: coordinate(180) | None = None
    event_date: IsoDate | None = None
    is_anonymous: Flag = False
    is_confidential: Flag = False
    contact_name: str = Field("", max_length=120)
    contact_email: EmailOrBlank = ""
    contact_phone: str = Field("", max_length=phones.MAX_LENGTH, pattern=phones.PATTERN)
    submission_token: UUID | None = Field(None, description="One per filled-in form: a repeat files nothing new")

    model_config = {"json_schema_extra": {"allOf": WHOLE_POINT}}


class ReportFormIn(ReportIn):
    """ReportIn as multipart/form-data: every value is text on the wire and there is no null, a field
    left out is absent."""

    district_id: int = Field(None, json_schema_extra=lambda schema: schema.pop("default", None))
    category_slug: Slug = Field(None, json_schema_extra=lambda schema: schema.pop("default", None))
    latitude: coordinate(90, form=True) = Field(None, json_schema_extra=lambda schema: schema.pop("default", None))
    longitude: coordinate(180, form=True) = Field(None, json_schema_extra=lambda schema: schema.pop("default", None))
    event_date: IsoDate = Field(None, json_schema_extra=lambda schema: schema.pop("default", None))
    is_anonymous: bool = False
    is_confidential: bool = False
    submission_token: UUID = Field(None, description="One per filled-in form: a repeat files nothing new",
                                   json_schema_extra=lambda schema: schema.pop("default", None))

    # django-ninja flattens a form into its fields: the rule between fields goes on the operation (api.py).
    model_config = {"json_schema_extra": None}


class RecordedReportIn(ReportIn):
    """A report received by phone, letter, at the desk or in the media, recorded by staff."""

    jurisdiction_code: KemendagriCode = Field(description="the receiving jurisdiction: the recorder's own")
    source: Source
    source_url: str = Field("", max_length=500, pattern=r"^$|^https?://[!-~]+$",
                            description="required for social media, allowed for mass media, empty otherwise")
    received_on: IsoDate = Field(description="the day the office received it (not after today)")
    is_anonymous: Flag = False

    model_config = {"json_schema_extra": {"allOf": [*WHOLE_POINT, *RECORDED_SOURCE_URL]}}


class RecordedReportFormIn(ReportFormIn):
    """RecordedReportIn as multipart/form-data (see ReportFormIn); the rules between fields are on the
    operation (api.py)."""

    jurisdiction_code: KemendagriCode = Field(description="the receiving jurisdiction: the recorder's own")
    source: Source
    source_url: str = Field("", max_length=500, pattern=r"^$|^https?://[!-~]+$",
                            description="required for social media, allowed for mass media, empty otherwise")
    received_on: IsoDate = Field(description="the day the office received it (not after today)")


class TextIn(Input):
    text: str = text(TEXT)


class RateIn(Input):
    rating: Integer = Field(ge=1, le=5)
    comment: str = Field("", max_length=REASON)


class ContactCorrectionIn(Input):
    field: Literal["name", "email", "phone", "nik", "address"]
    value: str = Field("", max_length=255, description="the correct value; empty clears the field")


class ContactOut(Schema):
    name: str
    email: str
    phone: str
    nik: str
    address: str


class MyReportsFilters(Schema):
    page: int = Field(1, ge=1, le=100000)


class PublicFilters(Schema):
    q: str = Field("", max_length=100, description=(
        "words, all required; abbreviations, slang and word forms are normalised (\"jln\" finds \"jalan\"); "
        "newest first, like the cursor; or a tracking ID"))
    category: Slug | None = Field(None, description="category slug (a group or a leaf)")
    location: KemendagriCode | None = Field(None, description="Kemendagri code of the regency/city")
    cursor: str | None = Field(None, max_length=200)


class SimilarFilters(Schema):
    title: str = Field("", max_length=150, description="the title being written")
    body: str = Field("", max_length=5000, description="the text being written")
    location_code: KemendagriCode = Field(description="Kemendagri code of the regency/city, e.g. 73.71")
    category_slug: Slug | None = Field(None, description="the chosen category (a leaf), if any")
    lat: coordinate(90, form=True) | None = Field(None, description="latitude; used only with `lon`")
    lon: coordinate(180, form=True) | None = Field(None, description="longitude; used only with `lat`")


# Input: staff
class InboxFilters(Schema):
    state: State | None = None
    bucket: Literal["unverified", "needs_info", "to_dispatch", "dispatched", "in_progress", "responded", "finished",
                    "deferred", "archived"] | None = Field(
        None, description="the inbox page's buckets (GET /staff/inbox/counts gives their labels and counts)")
    view: Literal["due_soon", "overdue", "escalated"] | None = Field(
        None, description="due_soon: due within 2 working days; overdue: past due; escalated: escalated to me")
    sort: Literal["due"] | None = Field(None, description="due: soonest deadline first (no deadline last)")
    agency: int | None = Field(None, description="agency id")
    category: Slug | None = Field(None, description="category slug (a group or a leaf)")
    q: str = Field("", max_length=100, description=(
        "words, all required; abbreviations, slang and word forms are normalised (\"jln\" finds \"jalan\"); "
        "without sort, most relevant first; or a tracking ID"))
    page: int = Field(1, ge=1, le=100000)


class VerifyIn(Input):
    title: str | None = optional_text(150, description="defaults to the current title")
    category_slug: Slug | None = None
    tags: list[str] = Field(default_factory=list, max_length=10)
    is_anonymous: Flag | None = None
    is_confidential: Flag | None = None


class ReasonIn(Input):
    reason: str = text(REASON)


class RevealIn(Input):
    reason: str = text(REASON, min_length=10)


class NoteIn(Input):
    note: str = Field("", max_length=REASON)


class DispatchIn(NoteIn):
    agency_id: Integer


class TransferIn(ReasonIn):
    jurisdiction_code: KemendagriCode


class ArchiveIn(NoteIn):
    reason: ArchiveReason


class MergeIn(Input):
    into: str = text(20, description="tracking id of the report that carries on")


class RespondIn(Input):
    text: str = text(TEXT)


class InternalNoteIn(Input):
    body: str = text(REASON)


# Output
class Ref(Schema):
    code: str
    name: str


class AgencyRef(Schema):
    id: int
    name: str


class CategoryRef(Schema):
    slug: str
    name: str


class HistoryEntry(Schema):
    action: str
    label: str
    from_state: str
    to_state: str
    created_at: datetime
    unit: str = Field(description="the jurisdiction or agency that acted, never the officer")
    reason: str | None = None
    actor: str | None = Field(None, description="staff view only: the officer who acted")


class AttachmentOut(Schema):
    id: int
    content_type: str
    size: int
    url: str = Field(description="download; guests append ?k=<secret>, others use their session")
    name: str | None = Field(None, description="original file name, where the caller may see it")


class ResponseOut(Schema):
    agency: str
    body: str
    published_at: datetime | None
    status: str | None = Field(None, description="staff view only: pending, published or rejected")
    attachments: list[AttachmentOut] = []


class ReportCreated(Schema):
    tracking_id: str
    state: State
    state_label: str
    secret: str | None = Field(None, description="guests only: keep it, send it as X-Report-Secret")
    follow_url: str | None = Field(None, description="guests only: the private page of the report")


class SkippedDayOut(Schema):
    date: date
    reason: str


class ClockPauseOut(Schema):
    started_at: datetime
    ended_at: datetime | None
    reason: str
    label: str


class ExtensionOut(Schema):
    working_days: int
    status: str
    status_label: str
    reason: str = Field(description="empty for the reporter")
    decision_reason: str = Field(description="empty for the reporter")
    created_at: datetime
    decided_at: datetime | None


class DeadlineOut(Schema):
    """One clock (stage deadline) and how its due moment was counted (clocks.services.explain)."""

    kind: str
    label: str
    started_at: datetime
    working_days: int
    extension_days: int
    due_at: datetime | None = Field(description="null while paused")
    due_local: str | None = Field(description="dd-mm-yyyy HH:MM in the instance's timezone")
    timezone: str
    timezone_abbr: str
    running: bool
    paused: bool
    overdue: bool
    remaining_working_days: int | None = Field(description="while paused: working days left to count")
    stopped_at: datetime | None
    outcome: str = Field(description="on_time, late, cancelled; empty while open")
    outcome_label: str
    skipped_days: list[SkippedDayOut]
    pauses: list[ClockPauseOut]
    extensions: list[ExtensionOut] = Field(description="the reporter sees approved extensions only")
    summary: str


class RemoteResponse(Schema):
    agency: str
    body: str
    published_at: str | None = None


class RemoteProgress(Schema):
    """A report transferred to another Baruga instance (federation): its progress there."""

    peer: str
    handler: str
    remote_tracking_id: str | None = None
    state: State | None = Field(None, description="null until the receiving instance has answered")
    state_label: str | None = None
    finished_at: datetime | None = None
    updated_at: datetime
    responses: list[RemoteResponse] | None = Field(None, description="for the reporter and staff only")


class ReportView(Schema):
    access: Literal["reporter", "public", "status"] = Field(
        description="reporter: full view; public: masked public summary; status: status and history only"
    )
    tracking_id: str
    state: State
    state_label: str
    created_at: datetime
    history: list[HistoryEntry]
    kind: Kind | None = None
    title: str | None = None
    body: str | None = None
    category: CategoryRef | None = None
    location: Ref | None = None
    jurisdiction: Ref | None = None
    agency: AgencyRef | None = None
    responses: list[ResponseOut] | None = None
    attachments: list[AttachmentOut] | None = None
    is_anonymous: bool | None = None
    is_confidential: bool | None = None
    due_at: datetime | None = None
    rating: int | None = None
    rating_comment: str | None = None
    allowed_actions: list[str] | None = None
    deadlines: list[DeadlineOut] | None = None
    remote_progress: list[RemoteProgress] = []


class PublicReportItem(Schema):
    tracking_id: str
    kind: Kind
    title: str
    excerpt: str
    state: State
    state_label: str
    category: CategoryRef | None
    location: Ref
    agency: AgencyRef | None
    created_at: datetime


class SimilarReportItem(Schema):
    tracking_id: str
    title: str = Field(description="personal data masked, as in the public list")
    state: State
    state_label: str
    location: Ref
    created_at: datetime
    support_count: int
    title_similarity: int = Field(ge=0, le=100, description="Jaccard similarity of the titles' terms, in percent")
    text_similarity: int = Field(ge=0, le=100, description="the same over title and body, in percent")
    distance_m: int | None = Field(description="metres between the two points, when both have one")
    same_category: bool
    reasons: list[str] = Field(description="why it is suggested, for people (\"judul mirip 72%\", \"jarak 150 m\")")


class SimilarReports(Schema):
    items: list[SimilarReportItem]


class SupportOut(Schema):
    tracking_id: str
    supported: bool = Field(description="true when this call counted a new support, false when already counted")
    support_count: int


class PublicReportPage(Schema):
    items: list[PublicReportItem]
    next_cursor: str | None


class StaffReportItem(Schema):
    tracking_id: str
    title: str
    state: State
    state_label: str
    kind: Kind
    jurisdiction: Ref
    location: Ref
    agency: AgencyRef | None
    category: CategoryRef | None
    created_at: datetime
    due_at: datetime | None
    is_anonymous: bool
    is_confidential: bool


class MyReportsPage(Schema):
    items: list[StaffReportItem]
    count: int
    page: int
    pages: int


class CountOut(Schema):
    key: str
    label: str
    count: int


class InboxCounts(Schema):
    buckets: list[CountOut] = Field(description="reports per bucket (the `bucket` filter of GET /staff/reports)")
    views: list[CountOut] = Field(description="reports per deadline view (the `view` filter)")


class RelatedReport(Schema):
    tracking_id: str
    title: str
    state: State
    state_label: str
    category: CategoryRef | None
    created_at: datetime


class StaffInboxPage(Schema):
    items: list[StaffReportItem]
    count: int
    page: int
    pages: int


class Identity(Schema):
    name: str
    email: str
    phone: str


class IdentityRevealed(Schema):
    tracking_id: str
    identity: Identity | None = Field(description="null when the reporter left no contact details")


class InternalNoteOut(Schema):
    author: str | None
    agency: str | None
    body: str
    created_at: datetime


class StaffReportDetail(StaffReportItem):
    body: str
    district: str | None
    address: str
    latitude: Decimal | None
    longitude: Decimal | None
    event_date: date | None
    channel: str
    tags: list[str]
    archive_reason: str
    duplicate_of: str | None
    rating: int | None
    rating_comment: str
    identity: Identity | None = Field(description="null where the caller may not see who reported")
    identity_revealable: bool = Field(False, description="an anonim reporter's identity, null here, may be revealed "
                                                         "with a reason: POST .../reveal-identity (audited)")
    notes: list[InternalNoteOut] | None = Field(description="null where the caller may not read internal notes")
    history: list[HistoryEntry]
    responses: list[ResponseOut]
    attachments: list[AttachmentOut]
    capacities: list[str]
    allowed_transitions: list[str]
    deadlines: list[DeadlineOut] = []
    related: list[RelatedReport] = Field([], description="admin only: open reports of the same place, for spotting "
                                                         "duplicates before verifying (merge)")


class ActionResult(Schema):
    message: str
    tracking_id: str
    state: State
    state_label: str
    report: StaffReportDetail | None = Field(description="null when the action moved the report out of your view")


class ExtensionIn(Input):
    working_days: Integer = Field(..., ge=1, le=60)
    reason: str = text(REASON)


class ExtensionDecisionIn(Input):
    approve: Flag
    reason: str = Field("", max_length=REASON, description="required when refusing")

    model_config = {"json_schema_extra": {
        "if": {"properties": {"approve": {"const": False}}},
        "then": {"required": ["reason"], "properties": {"reason": {"pattern": visible_pattern()}}},
    }}

    @model_validator(mode="after")
    def _reason_when_refusing(self):
        if not self.approve and not self.reason.strip():
            raise ValueError(_("Alasan wajib diisi saat menolak perpanjangan."))
        return self


class SuggestionItem(Schema):
    id: int = Field(description="id of the category (GET /api/v1/categories) or of the OPD (agency)")
    name: str
    confidence: float = Field(ge=0, le=1, description="the model's probability for this choice")
    words: list[str] = Field(description="the normalised terms of the report that weighed most for it")


class SuggestionsOut(Schema):
    target: Literal["category", "agency"] | None = Field(
        description="category while the report awaits verification, agency while it awaits dispatch")
    items: list[SuggestionItem]

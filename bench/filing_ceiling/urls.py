"""One view: file a report the least way that is still durable (see settings.py).

The same JSON body as `POST /api/v1/reports`; the location and category are looked up once per
process (a dictionary), the deadline is planned by the product's own `plan_filing` (no query), and
the four rows are written in one transaction with the product's models, so the contact is
encrypted with its blind indexes and the report carries its search text, tracking ID and guest
secret hash. No validation beyond what a KeyError gives, no steps (audit, notifications, outbox,
rollups), no middleware beyond Django's defaults: what is left is the durable write itself.
"""

import json

from django.db import transaction
from django.http import JsonResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from baruga.clocks.services import plan_filing, save_planned
from baruga.complaints import searchtext
from baruga.complaints.models import Report, ReportEvent, ReporterContact, State
from baruga.directory.models import Category, Jurisdiction
from baruga.lib.tracking import hash_secret, new_secret, new_tracking_id

_reference = {}


def reference():
    """{location code: id} and {category slug: id}, read once per worker process."""
    if not _reference:
        _reference["locations"] = dict(Jurisdiction.objects.filter(level__in=("regency", "city"))
                                       .values_list("code", "pk"))
        _reference["categories"] = dict(Category.objects.values_list("slug", "pk"))
    return _reference["locations"], _reference["categories"]


@csrf_exempt
@require_POST
def file_report(request):
    data = json.loads(request.body)
    locations, categories = reference()
    location_id = locations[data["location_code"]]
    now = timezone.now()
    secret = new_secret()
    report = Report(kind=data.get("kind", "complaint"), title=data["title"][:150], body=data["body"],
                    location_id=location_id, category_id=categories[data["category_slug"]],
                    jurisdiction_id=location_id, state=State.SUBMITTED, state_changed_at=now, channel="api",
                    tracking_id=new_tracking_id(), guest_secret_hash=hash_secret(secret))
    searchtext.refresh(report)
    with transaction.atomic():
        planned = plan_filing(report, "submit", now)
        report.save(force_insert=True)
        ReporterContact.objects.create(report=report, name=data.get("contact_name", "")[:120],
                                       email=data.get("contact_email", "")[:254])
        save_planned(report, planned)
        ReportEvent.objects.create(report=report, action="submit", from_state="", to_state=State.SUBMITTED,
                                   jurisdiction_id=location_id)
    return JsonResponse({"tracking_id": report.tracking_id, "secret": secret}, status=201)


urlpatterns = [path("file/", file_report)]

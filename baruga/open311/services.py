"""Open311 GeoReport v2 over Baruga's reports: services, their attributes, filing, and the public reads.

Privacy: reads show only what the public list shows (`permissions.public_reports`: verified and
not confidential, text masked by `baruga.lib.masking`, no reporter identity, no reasons). A report
asked for by its id that is not public yet (just filed, not verified) is answered with its status
alone, as tracking by number does on the pages; a confidential report does not exist here (404).
"""

import uuid
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from baruga.complaints import actions, permissions, workflow
from baruga.complaints.models import Kind, Report, ReportEvent
from baruga.directory.models import Category, District, Jurisdiction, Level
from baruga.lib import phones
from baruga.lib.masking import mask_personal_data
from baruga.lib.siteurl import absolute_url, site_url
from baruga.lib.tracking import normalise_tracking_id
from baruga.open311.formats import Open311Error, w3c
from baruga.open311.models import Submission

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-12-06T00:00:00+00:00"  # when this implementation's document last changed
# GeoReport v2: the default "a span of 90 days or first 1000 requests, whichever is smallest", and
# start_date/end_date "may not span more than 90 days" (servicerequestupdates keeps the same window).
SPAN = timedelta(days=90)
MAX_RESULTS = 1000
MAX_IDS = 100
MAX_DESCRIPTION = 4000  # GeoReport v2 limits description to 4,000 characters (it is optional)
MIN_BODY = 20  # submit_report's minimum for a report's text; a shorter description gets the service name around it
MAX_ADDRESS_ID = 100
BOOLEAN_VALUES = [{"key": "true", "name": "Ya"}, {"key": "false", "name": "Tidak"}]


def status_of(state):
    return "closed" if state in workflow.CLOSED_STATES else "open"


# Jurisdictions and services

def jurisdiction(code):
    found = Jurisdiction.objects.filter(code=code, is_active=True, is_external=False,
                                        level__in=[Level.PROVINCE, Level.REGENCY, Level.CITY]).first()
    if found is None:
        raise Open311Error(404, _("Yurisdiksi “%(code)s” tidak ditemukan.") % {"code": code})
    return found


def check_jurisdiction_id(params, j):
    given = params.get("jurisdiction_id")
    if given not in (None, "", j.code):
        raise Open311Error(400, _("jurisdiction_id “%(id)s” tidak ditemukan di alamat ini; gunakan “%(code)s”.")
                           % {"id": given[:20], "code": j.code})


def services(j):
    """Leaf categories this jurisdiction handles (it has a route to an OPD for them)."""
    return list(
        Category.objects.filter(routes__jurisdiction=j, is_active=True, children__isnull=True)
        .select_related("parent").distinct().order_by("parent__position", "parent__name", "position", "name")
    )


def service(j, code):
    if not code:
        raise Open311Error(400, _("service_code wajib diisi."))
    return services_by_code(j, [code])[0]


def services_by_code(j, codes):
    """The services named by `codes`, in that order; an unknown one is the spec's 404."""
    known = {c.slug: c for c in services(j)}
    for code in codes:
        if code not in known:
            raise Open311Error(404, _("service_code “%(code)s” tidak ditemukan.") % {"code": code[:50]})
    return [known[code] for code in codes]


def values(params, name):
    """A list argument: repeated (`status=open&status=closed`) and/or comma-separated, as GeoReport v2 allows."""
    return [part.strip() for given in params.getlist(name) for part in given.split(",") if part.strip()]


def service_row(category):
    group = category.parent.name if category.parent_id else ""
    return {
        "service_code": category.slug, "service_name": category.name,
        "description": _("Laporan tentang %(name)s (kelompok %(group)s).") % {"name": category.name,
                                                                             "group": group or "-"},
        "metadata": True, "type": "realtime", "keywords": ", ".join(k for k in [group, category.name] if k),
        "group": group,
    }


def _regencies(j):
    return list(Jurisdiction.objects.filter(parent=j, is_active=True, level__in=[Level.REGENCY, Level.CITY]))


def _districts(j):
    if j.level == Level.PROVINCE:
        return list(District.objects.filter(jurisdiction__parent=j).select_related("jurisdiction"))
    return list(District.objects.filter(jurisdiction=j))


def attributes(j):
    """The service definition's attributes, the same for every service of a jurisdiction."""
    province = j.level == Level.PROVINCE
    rows = []
    if province:
        rows.append(_attribute("kabupaten_kota", "singlevaluelist", True,
                               _("Kabupaten/kota tempat kejadian"),
                               [{"key": r.code, "name": r.name} for r in _regencies(j)]))
    rows.append(_attribute(
        "kecamatan", "singlevaluelist", False, _("Kecamatan tempat kejadian"),
        [{"key": str(d.pk), "name": f"{d.jurisdiction.name} — {d.name}" if province else d.name}
         for d in _districts(j)]))
    rows.append(_attribute("tanggal_kejadian", "datetime", False,
                           _("Tanggal kejadian (ISO 8601, mis. 2026-11-20); tidak boleh di masa depan")))
    rows.append(_attribute("jenis", "singlevaluelist", False, _("Jenis laporan (bawaan: pengaduan)"),
                           [{"key": value, "name": str(label)} for value, label in Kind.choices]))
    rows.append(_attribute("anonim", "singlevaluelist", False,
                           _("Anonim: identitas pelapor tidak ditampilkan kepada OPD dan publik"), BOOLEAN_VALUES))
    rows.append(_attribute("rahasia", "singlevaluelist", False,
                           _("Rahasia: laporan tidak ditampilkan kepada publik (juga tidak lewat Open311)"),
                           BOOLEAN_VALUES))
    for order, row in enumerate(rows, start=1):
        row["order"] = order
    return rows


def _attribute(code, datatype, required, description, values=None):
    row = {"variable": True, "code": code, "datatype": datatype, "required": required,
           "datatype_description": "", "order": 0, "description": str(description)}
    if values is not None:
        row["values"] = values
    return row


# Filing

def _field(params, name, max_length, *, label=None):
    value = (params.get(name) or "").strip()
    if len(value) > max_length:
        raise Open311Error(400, _("%(field)s terlalu panjang (maksimal %(n)d karakter).")
                           % {"field": label or name, "n": max_length})
    return value


def _coordinates(params):
    lat, lon = (params.get("lat") or "").strip(), (params.get("long") or "").strip()
    if not lat and not lon:
        return None, None
    if not lat or not lon:
        raise Open311Error(400, _("lat dan long harus dikirim bersama."))
    try:
        lat_d, lon_d = Decimal(lat), Decimal(lon)
    except InvalidOperation:
        raise Open311Error(400, _("lat dan long harus berupa angka desimal (WGS84).")) from None
    if not lat_d.is_finite() or not lon_d.is_finite() or not (-90 <= lat_d <= 90) or not (-180 <= lon_d <= 180):
        raise Open311Error(400, _("lat harus di antara -90 dan 90, long di antara -180 dan 180."))
    quantum = Decimal("0.000001")
    return lat_d.quantize(quantum), lon_d.quantize(quantum)


def _attribute_values(params, definition):
    """attribute[code] from the form; unknown codes, values outside a list and missing required ones refused."""
    known = {row["code"]: row for row in definition}
    given = {}
    for name in params:
        if not name.startswith("attribute["):
            continue
        code = name[len("attribute["):].split("]", 1)[0]
        if code not in known:
            raise Open311Error(400, _("Atribut “%(code)s” tidak dikenal untuk layanan ini.") % {"code": code[:40]})
        given[code] = (params.get(name) or "").strip()
    for code, row in known.items():
        value = given.get(code, "")
        if row["required"] and not value:
            raise Open311Error(400, _("Atribut “%(code)s” wajib diisi.") % {"code": code})
        if value and "values" in row and value not in {v["key"] for v in row["values"]}:
            raise Open311Error(400, _("Nilai atribut “%(code)s” tidak sah; gunakan salah satu key dari definisi "
                                      "layanan.") % {"code": code})
    return given


def _event_date(value):
    if not value:
        return None
    parsed = parse_datetime(value)
    if parsed is not None:
        return timezone.localtime(parsed).date() if timezone.is_aware(parsed) else parsed.date()
    try:
        parsed_date = parse_date(value)
    except ValueError:
        parsed_date = None
    if parsed_date is None:
        raise Open311Error(400, _("Atribut “tanggal_kejadian” harus berupa tanggal ISO 8601."))
    return parsed_date


def _location(j, given):
    if j.level != Level.PROVINCE:
        return j
    return Jurisdiction.objects.get(code=given["kabupaten_kota"], parent=j)


def _title(category, description):
    first_line = description.splitlines()[0].strip() if description else ""
    title = f"{category.name}: {first_line}" if first_line else category.name
    return title if len(title) <= 150 else title[:149].rstrip() + "…"


def _body(category, description, media_url):
    """The report's text. GeoReport v2 makes description optional, Baruga wants 20 characters: a short or
    missing one is said so with the service's name, and the verifying admin asks the reporter for more
    (`request_info`) if it is not enough. Written in the site's language, whatever the client's."""
    with translation.override(settings.LANGUAGE_CODE):
        if not description:
            text = _("Laporan %(service)s melalui Open311, tanpa uraian.") % {"service": category.name}
        elif len(description) < MIN_BODY:
            text = _("Laporan %(service)s melalui Open311: %(description)s") % {"service": category.name,
                                                                              "description": description}
        else:
            text = description
    return f"{text}\n\nMedia: {media_url}" if media_url else text


def _address(params):
    """address_string, with address_id (an id in the jurisdiction's own address register, which Baruga does
    not hold) kept beside it as text, so the admin can look it up."""
    address = _field(params, "address_string", 255, label="address_string")
    address_id = _field(params, "address_id", MAX_ADDRESS_ID, label="address_id")
    if not address_id:
        return address
    with translation.override(settings.LANGUAGE_CODE):
        labelled = _("ID alamat: %(id)s") % {"id": address_id}
    combined = f"{address} ({labelled})" if address else labelled
    if len(combined) > 255:
        raise Open311Error(400, _("address_string dan address_id bersama terlalu panjang (maksimal 255 karakter)."))
    return combined


def _contact(params):
    email = _field(params, "email", 254)
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise Open311Error(400, _("email tidak sah.")) from None
    phone = _field(params, "phone", 20)
    if phone and not phones.is_phone_number(phone):
        raise Open311Error(400, _("phone tidak sah; gunakan angka, mis. 081234567890."))
    name = " ".join(p for p in [_field(params, "first_name", 60), _field(params, "last_name", 60)] if p)
    return {"contact_name": name, "contact_email": email, "contact_phone": phone}


def _media_url(params):
    url = _field(params, "media_url", 500)
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise Open311Error(400, _("media_url harus berupa URL http(s) yang sah.")) from None
    return url


def file_request(*, j, key, params, request):
    """POST requests: validate everything first, then one submit_report; returns the spec's answer row."""
    check_jurisdiction_id(params, j)
    category = service(j, (params.get("service_code") or "").strip())
    lat, lon = _coordinates(params)
    address = _address(params)
    if lat is None and not address:
        raise Open311Error(400, _("Lokasi wajib diisi: kirim lat dan long, address_string, atau address_id."))
    description = (params.get("description") or "").strip()
    if len(description) > MAX_DESCRIPTION:
        raise Open311Error(400, _("description terlalu panjang (maksimal %(n)d karakter).") % {"n": MAX_DESCRIPTION})
    media_url = _media_url(params)
    given = _attribute_values(params, attributes(j))
    location = _location(j, given)
    district = District.objects.filter(pk=given["kecamatan"]).first() if given.get("kecamatan") else None
    if district is not None and district.jurisdiction_id != location.pk:
        raise Open311Error(400, _("Kecamatan tidak berada di kabupaten/kota yang dipilih."))
    fields = {
        "kind": given.get("jenis") or Kind.COMPLAINT, "title": _title(category, description),
        "body": _body(category, description, media_url), "location": location, "category": category,
        "district": district,
        "address": address, "latitude": lat, "longitude": lon, "event_date": _event_date(given.get("tanggal_kejadian")),
        "is_anonymous": given.get("anonim") == "true", "is_confidential": given.get("rahasia") == "true",
        **_contact(params),
    }
    account_id, device_id = _field(params, "account_id", 100), _field(params, "device_id", 100)
    try:
        with transaction.atomic():
            report, secret = actions.submit_report(reporter=None, channel="api", **fields)
            submission = Submission.objects.create(report=report, api_key=key, token=str(uuid.uuid4()),
                                                   service_code=category.slug, account_id=account_id,
                                                   device_id=device_id)
    except actions.ActionError as exc:
        raise Open311Error(400, " ".join(exc.messages)) from None
    link = absolute_url(reverse("complaints:track", args=[report.tracking_id]) + f"?k={secret}", request)
    notice = _("Laporan diterima dengan nomor %(id)s dan diverifikasi dalam 3 hari kerja. Tautan pribadi pelapor "
               "(simpan, jangan dibagikan): %(link)s") % {"id": report.tracking_id, "link": link}
    return {"service_request_id": report.tracking_id, "token": submission.token, "service_notice": notice,
            "account_id": account_id or None}


def token_row(j, token):
    submission = (Submission.objects.select_related("report").filter(token=token[:36]).first()
                  if token else None)
    if submission is None or not _in_jurisdiction(j, submission.report):
        raise Open311Error(404, _("Token tidak ditemukan."))
    return {"service_request_id": submission.report.tracking_id, "token": submission.token}


# Reads

def _scope(j):
    if j.level == Level.PROVINCE:
        return Q(jurisdiction=j) | Q(location__parent=j)
    return Q(jurisdiction=j) | Q(location=j)


def _in_jurisdiction(j, report):
    if j.level == Level.PROVINCE:
        return report.jurisdiction_id == j.pk or report.location.parent_id == j.pk
    return j.pk in (report.jurisdiction_id, report.location_id)


def parse_when(params, name):
    value = (params.get(name) or "").strip()
    if not value:
        return None
    parsed = parse_datetime(value) if len(value) > 10 else None
    if parsed is None:
        try:
            day = parse_date(value)
        except ValueError:
            day = None
        if day is None:
            raise Open311Error(400, _("%(name)s harus berupa tanggal/waktu ISO 8601 (w3c), mis. "
                                      "2026-11-01T00:00:00+08:00.") % {"name": name})
        parsed = timezone.datetime.combine(day, timezone.datetime.min.time())
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def window(params):
    """start_date/end_date, at most 90 days apart; a missing end is 90 days from the start (and the other
    way round), neither is the last 90 days."""
    start, end = parse_when(params, "start_date"), parse_when(params, "end_date")
    if start and end and start > end:
        raise Open311Error(400, _("start_date harus sebelum end_date."))
    if start and end and end - start > SPAN:
        raise Open311Error(400, _("Rentang start_date sampai end_date paling lama %(n)d hari (GeoReport v2); "
                                  "bagi permintaan menjadi beberapa rentang.") % {"n": SPAN.days})
    if start is None and end is None:
        end = timezone.now()
    if start is None:
        start = end - SPAN
    if end is None:
        end = start + SPAN
    return start, end


def _ids(raw):
    if len(raw) > MAX_IDS:
        raise Open311Error(400, _("Maksimal %(n)d service_request_id sekali minta.") % {"n": MAX_IDS})
    return [tid for tid in (normalise_tracking_id(part) for part in raw) if tid]


def _reports():
    return Report.objects.select_related("category", "agency", "jurisdiction", "location")


def request_rows(j, params):
    """GET requests: the spec's filters over the public reports of this jurisdiction."""
    check_jurisdiction_id(params, j)
    ids = values(params, "service_request_id")
    if ids:  # "overrides all other arguments"
        rows = [row for row in (_by_id(j, tid) for tid in dict.fromkeys(_ids(ids))) if row]
        if not rows:
            raise Open311Error(404, _("service_request_id tidak ditemukan."))
        return rows
    qs = permissions.public_reports(_reports()).filter(_scope(j))
    codes = values(params, "service_code")
    if codes:
        qs = qs.filter(category__in=services_by_code(j, list(dict.fromkeys(codes))))
    statuses = set(values(params, "status"))
    if statuses - {"open", "closed"}:
        raise Open311Error(400, _("status harus open atau closed."))
    if statuses == {"open"}:
        qs = qs.exclude(state__in=workflow.CLOSED_STATES)
    elif statuses == {"closed"}:
        qs = qs.filter(state__in=workflow.CLOSED_STATES)
    start, end = window(params)
    qs = qs.filter(created_at__gte=start, created_at__lte=end).order_by("-created_at", "-id")
    return [public_row(r) for r in qs[:MAX_RESULTS]]


def request_row(j, tracking_id):
    row = _by_id(j, normalise_tracking_id(tracking_id))
    if row is None:
        raise Open311Error(404, _("service_request_id tidak ditemukan."))
    return [row]


def _by_id(j, tracking_id):
    report = _reports().filter(tracking_id=tracking_id).first() if tracking_id else None
    if report is None or report.is_confidential or not _in_jurisdiction(j, report):
        return None
    return public_row(report) if permissions.is_public(report) else status_row(report)


def status_row(report):
    """A report not public (yet): its status alone, as tracking by number shows it."""
    return {
        "service_request_id": report.tracking_id, "status": status_of(report.state),
        "status_notes": str(report.get_state_display()), "service_name": "", "service_code": "",
        "description": "", "agency_responsible": "", "service_notice": "",
        "requested_datetime": w3c(report.created_at), "updated_datetime": w3c(report.state_changed_at),
        "expected_datetime": None, "address": "", "address_id": "", "zipcode": "", "lat": None, "long": None,
        "media_url": "",
    }


def public_row(report):
    category = report.category
    return {
        "service_request_id": report.tracking_id, "status": status_of(report.state),
        "status_notes": str(report.get_state_display()),
        "service_name": category.name if category else "", "service_code": category.slug if category else "",
        "description": mask_personal_data(report.body), "agency_responsible": (
            report.agency.name if report.agency_id else report.jurisdiction.name),
        "service_notice": "", "requested_datetime": w3c(report.created_at),
        "updated_datetime": w3c(report.state_changed_at), "expected_datetime": w3c(report.due_at),
        "address": mask_personal_data(report.address), "address_id": "", "zipcode": "",
        "lat": float(report.latitude) if report.latitude is not None else None,
        "long": float(report.longitude) if report.longitude is not None else None, "media_url": "",
    }


def update_rows(j, params):
    """Request updates (the "servicerequestupdates" extension): public history entries, oldest first."""
    check_jurisdiction_id(params, j)
    start, end = window(params)
    reports = permissions.public_reports(Report.objects.filter(_scope(j)))
    qs = (ReportEvent.objects.filter(report__in=reports, created_at__gte=start, created_at__lte=end)
          .exclude(action__in=workflow.INTERNAL_EVENTS).select_related("report").order_by("created_at", "id"))
    ids = values(params, "service_request_id")
    if ids:
        qs = qs.filter(report__tracking_id__in=_ids(ids))
    return [{
        "update_id": str(e.pk), "service_request_id": e.report.tracking_id, "status": status_of(e.to_state),
        "updated_datetime": w3c(e.created_at),
        "description": str(workflow.HISTORY_LABELS.get(e.action, e.action)), "media_url": "",
    } for e in qs[:MAX_RESULTS]]


def discovery(j, request, base):
    return {
        "changeset": CHANGESET,
        "contact": _("%(name)s, melalui %(site)s") % {"name": j.name, "site": site_url(request)},
        "key_service": _("Kunci API (cakupan open311:write) diterbitkan oleh administrator Baruga."),
        "endpoints": [{"specification": SPECIFICATION, "url": absolute_url(base, request),
                       "changeset": CHANGESET, "type": "production", "formats": ["text/xml", "application/json"]}],
    }

"""`/api/3/action/<name>` and `/api/action/<name>`: CKAN's action API dispatcher.

GET takes the parameters from the query string, POST from a JSON body or a multipart form (uploads).
The caller is anonymous unless it sends an API key (`Authorization: <key>`, `Authorization: Bearer
<key>` or `X-CKAN-API-Key: <key>`): the session is never consulted, so the view is CSRF-exempt (a
cross-site form cannot send those headers). Answers use CKAN's envelope `{"help", "success", "result"}`
or `{"help", "success": false, "error": {"__type", "message", …}}` with CKAN's status codes.
"""

import json
import logging

import orjson
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from baruga.apikeys import services as keys
from baruga.apikeys.models import Scope
from baruga.satudata.ckan import actions
from baruga.satudata.ckan.errors import BadRequest, CkanError, NotAuthorized

logger = logging.getLogger("baruga.satudata.ckan")
FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


# orjson writes the answer: a 1,000-dataset package_search page (2.7 MB) took 17 ms with the standard
# encoder and 1 ms with orjson (docs/satudata.md, "Performance"). What orjson does not write itself, or writes
# differently (datetimes, dates and times, Decimal, lazy translations), goes through DjangoJSONEncoder as
# before, so the bytes mean the same; keys that are not strings are written as strings, as json.dumps does.
_ENCODER = DjangoJSONEncoder()
_ORJSON_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS


def _json(payload, status=200):
    return HttpResponse(orjson.dumps(payload, default=_ENCODER.default, option=_ORJSON_OPTIONS),
                        content_type="application/json;charset=utf-8", status=status)


def presented_key(request):
    raw = request.headers.get("X-CKAN-API-Key") or request.headers.get("Authorization") or ""
    raw = raw.strip()
    if raw[:7].lower() == "bearer ":
        raw = raw[7:].strip()
    return raw or None


def key_owner(request):
    """The owner of a valid key with the satudata:write scope; None without a key (anonymous)."""
    raw = presented_key(request)
    if raw is None:
        return None
    try:
        key = keys.authenticate(raw)
    except keys.KeyRefused:
        raise NotAuthorized(_("Kunci API tidak dikenal, sudah dicabut atau sudah kedaluwarsa.")) from None
    if keys.over_limit(request, key) is not None:
        raise NotAuthorized(_("Terlalu banyak permintaan dengan kunci API ini; coba lagi sebentar lagi."))
    if not key.has_scope(Scope.SATUDATA_WRITE):
        return None  # a key for other parts of the API reads like anyone here
    return key.owner


def _params(request):
    if request.method == "GET":
        return {k: (v[0] if len(v) == 1 else v) for k, v in request.GET.lists()}, {}
    if request.content_type in FORM_TYPES:
        return {k: (v[0] if len(v) == 1 else v) for k, v in request.POST.lists()}, dict(request.FILES.items())
    body = request.body
    if not body.strip():
        return {}, {}
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise BadRequest(_("Bad request - JSON Error: badan permintaan bukan JSON yang sah.")) from None
    if not isinstance(data, dict):
        raise BadRequest(_("Bad request - JSON Error: badan permintaan harus objek JSON."))
    return data, {}


@csrf_exempt
def action(request, name):
    help_url = request.build_absolute_uri(reverse("satudata_ckan:action", kwargs={"name": "help_show"})
                                          + f"?name={name}")
    try:
        if request.method not in ("GET", "POST"):
            raise BadRequest(_("Bad request - gunakan GET atau POST."))
        fn = actions.ACTIONS.get(name)
        if fn is None:
            raise BadRequest(_("Bad request - Action name not known: %(name)s") % {"name": name[:100]})
        data, files = _params(request)
        ctx = actions.Context(request=request, user=key_owner(request), files=files)
        result = fn(ctx, data)
    except CkanError as e:
        return _json({"help": help_url, "success": False, "error": e.body()}, status=e.status)
    except DatabaseError:
        logger.exception("CKAN action %s failed", name)
        return _json({"help": help_url, "success": False,
                      "error": {"__type": "Internal Server Error", "message": _("Kesalahan basis data.")}},
                     status=500)
    return _json({"help": help_url, "success": True, "result": result})

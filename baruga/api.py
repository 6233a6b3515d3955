"""Baruga's JSON API, version 1, served at /api/v1/ (OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs).

Authentication (see `baruga.api_auth`): the Django session for staff and citizens with an
account (unsafe methods need the CSRF token in ``X-CSRFToken``); guests prove a report with
the ``X-Report-Secret`` header; filing a report and reading public data need nothing.

Every error has one shape: ``{"detail": "<message>", "code": "<machine code>", "errors": [...]}``,
``detail`` and each error's ``message`` in Bahasa Indonesia (or the caller's language), each item
of ``errors`` ``{"field": ..., "message": ...}``. Status and code:

===  ==================  ==========================================================================
400  ``invalid``         well-formed but unacceptable: an unknown reference (location code, category
                         slug, agency id, tracking id to merge into), an upload that is not an image/PDF,
                         a date after today (each naming the field); a rule between fields the schema
                         states but the action layer checks (half a map point, PPID delivery);
                         unparsable JSON, a bad page cursor
401  ``unauthenticated`` no session (staff endpoints), or neither session nor secret (reporter actions)
403  ``forbidden``       the caller may see the report but lacks the capacity for this action (a leader
                         verifying, a sub-admin approving, a wrong guest secret); a non-staff account on
                         staff endpoints
403  ``csrf_failed``     a session caller sent an unsafe request without a valid CSRF token
404  ``not_found``       no such report or directory entry, or the caller may not see it (staff are
                         never told that a report outside their scope exists)
409  ``refused``         the report's state does not allow the action (the transition table in
                         `baruga.complaints.workflow`), or a pending response / an existing rating
                         conflicts with it, or what the action needs is not there (an extension to
                         decide, a hidden identity to reveal, an SMS gateway); nothing was changed
422  ``invalid``         the request does not match the schema (missing field, wrong type, blank or too
                         short or too long text, a code or date in the wrong format, a body that is not
                         an object; `baruga.lib.api_fields`); ``errors`` names each field
429  ``throttled``       over a rate limit (filing a report, tracking look-ups: ``settings.RATE_LIMITS``);
                         try again after the number of seconds named in ``detail``
500  ``server_error``    a bug; logged to ``baruga.api``
===  ==================  ==========================================================================

API keys (`baruga.apikeys`): ``Authorization: Bearer <key>`` or ``X-API-Key`` replaces the session on
every operation that takes one (no CSRF token, no second factor); the key acts as its owner, its
scopes (`baruga.api_auth.SCOPE_RULES`) decide which operations it may call: 401 ``unauthenticated``
for an unknown, revoked or expired key, 403 ``forbidden`` without the scope, 429 ``throttled`` over
the key's rate.

A staff session that has not given its second factor yet gets 401 ``second_factor_required`` from
every endpoint (`baruga.accounts.middleware.SecondFactorMiddleware`); finish the sign-in at
/akun/dua-langkah/ first.

`actions.ActionError` carries no kind, so the views classify it after the fact
(`baruga.complaints.api_support.refusal`): the capacity is checked first (403), then the state
(409); whatever else the action refused was the input (400).
"""

from django.db import DatabaseError
from ninja import NinjaAPI, Schema

from baruga import api_auth, api_errors
from baruga.complaints.api import citizen_router, staff_router
from baruga.directory.api import router as directory_router
from baruga.dissemination.api import router as dissemination_router
from baruga.federation import selectors as federation_selectors
from baruga.headapp.api import router as headapp_router
from baruga.indicators.api import router as indicators_router
from baruga.notifications.api import router as notifications_router
from baruga.ppid.api import router as ppid_router
from baruga.spbe.api import router as spbe_router
from baruga.stats.api import router as stats_router
from baruga.stats.api import staff_router as stats_staff_router

api = NinjaAPI(
    version="1",
    urls_namespace="api-v1",
    title="Baruga API",
    description=(
        "Public complaints (pengaduan, aspirasi, permintaan informasi) of Baruga: filing and following "
        "reports, the public list, the staff inbox and every lifecycle transition, and the directory. "
        "Errors: `{detail, code, errors}`; see the module docstring of `baruga.api` for the mapping."
    ),
)
api_errors.register(api)
api.get_openapi_schema = api_auth.document_api_keys(api.get_openapi_schema)  # API keys (baruga.apikeys)
api.add_router("/", citizen_router)
api.add_router("/staff", staff_router)
api.add_router("/staff", stats_staff_router)
api.add_router("/", directory_router)
api.add_router("/", notifications_router)
api.add_router("/ppid", ppid_router)
api.add_router("/stats", stats_router)
api.add_router("/pimpinan", headapp_router)
api.add_router("/spbe", spbe_router)
api.add_router("/indikator", indicators_router)
api.add_router("/dissemination", dissemination_router)


# Health: for load balancers, monitoring and bench/run.py's "stack floor" (the whole middleware stack
# and the API layer around one small query: the federation backlog, on a partial index of the
# undelivered messages only, which also proves the database answers).


class PeerBacklog(Schema):
    peer: str
    messages: int
    oldest_age_seconds: int
    stuck: bool


class Health(Schema):
    status: str
    database: bool
    federation: list[PeerBacklog] = []


@api.get("/health", response={200: Health, 503: Health}, tags=["health"])
def health(request):
    """Whether this instance answers, reaches its database and delivers to its federation peers.

    200 `{"status": "ok"}`; 503 `unavailable` without the database, 503 `federation_backlog` when a
    peer's oldest undelivered message is older than FEDERATION_BACKLOG_MAX_AGE. `federation` lists
    the peers with undelivered messages. One query (the backlog's, on a small partial index).
    """
    try:
        peers = federation_selectors.backlog()
    except DatabaseError:
        return 503, {"status": "unavailable", "database": False}
    federation = [{key: peer[key] for key in ("peer", "messages", "oldest_age_seconds", "stuck")} for peer in peers]
    if any(peer["stuck"] for peer in peers):
        return 503, {"status": "federation_backlog", "database": True, "federation": federation}
    return 200, {"status": "ok", "database": True, "federation": federation}

"""What a change to a report causes, in one place: `record(...)` writes the history entry and runs the steps.

Every public function of `actions.py` ends its change with `record(...)` (through `_move` for the
transitions). `record` writes the `ReportEvent` and then runs, in this fixed order, the steps named
in `settings.REPORT_EVENT_STEPS`:

1. audit          `baruga.audit.services.ReportStep`: the audit entry, when the action asked for one
                  (`audit=Audited(...)`); the reporter's own acts and the system's are audited too.
2. notifications  `baruga.complaints.notices.ReportStep`: staff notifications and the reporter's
                  e-mail (rows now; handed to the worker after commit).
3. federation     `baruga.federation.outbox.ReportStep`: signed messages to the peers that hold a link to
                  the report, a hand-over on a transfer out (rows now; delivered after commit).
4. stats          `baruga.stats.steps.ReportStep`: the rollups (upserts of rows many reports share,
                  so late in the transaction: their row locks are held until COMMIT).

Each step writes its rows in the action's transaction, so a rolled-back action leaves nothing behind;
what can wait (deliveries) is queued with `lib.oncommit.after_commit`. No
`post_save` receiver and no flag on the report object takes part: a reader of an action sees all it
causes here and in that one list.

Why a list in settings: complaints sits below stats and federation (and must not import them), so
the higher layers are named in the project's settings, the one place that knows every layer. The
list is read with `import_string` once (and again if the setting changes, as in tests).

A step is a class with `run(change)` and, optionally, `check(report, action, **context)`: a check
runs before the action changes anything (`check(...)` below) and refuses with `ActionError`, e.g.
a transfer to the national level when the national connector cannot take it.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.module_loading import import_string

from baruga.complaints.models import ReportEvent


@dataclass(frozen=True)
class Audited:
    """The audit entry an action asks for: `report.<action>`, with these extras. `event_id` is
    added to `details` unless `with_event` is False."""

    target: object = None
    reason: str = ""
    jurisdiction: object = None
    details: dict = field(default_factory=dict)
    with_event: bool = True


@dataclass(frozen=True)
class Filing:
    """The report was filed in this transaction (`submit_report`): nothing derived from it exists yet."""

    contact: object  # its ReporterContact, just written
    received: object = None  # actions.Received, when another installation handed it over


@dataclass(frozen=True)
class Change:
    """One history entry just written, with what its steps need to know."""

    report: object
    event: ReportEvent
    actor: object
    audit: Audited | None = None
    notify: bool = True
    filing: Filing | None = None


_loaded = (None, [])


def steps():
    """The step objects of `settings.REPORT_EVENT_STEPS`, in order (imported once per setting value)."""
    global _loaded
    paths = tuple(settings.REPORT_EVENT_STEPS)
    if _loaded[0] != paths:
        _loaded = (paths, [import_string(path)() for path in paths])
    return _loaded[1]


def check(report, action, **context):
    """Ask every step that can refuse whether `action` may go ahead (before anything changed)."""
    for step in steps():
        if hasattr(step, "check"):
            step.check(report, action, **context)


def named_actor(actor, report):
    """The account a history entry (or an attachment) names: none for the reporter's own steps on an anonim
    report, whose account is sealed (`Report.sealed_reporter`): no row ties the report to the account."""
    if not getattr(actor, "is_authenticated", False):
        return None
    if report.sealed_reporter and actor.pk == report.filer_id:
        return None
    return actor


def record(report, *, action, actor, from_state=None, to_state=None, jurisdiction=None, agency=None,
           reason="", audit=None, notify=True, filing=None):
    """Write the history entry of a change to `report` (already saved) and run every step, in order.

    `from_state`/`to_state` default to the report's state (an entry that is not a move); `actor` is a
    user, a GuestAccess or SYSTEM; `audit`: an `Audited`, or None when the caller audits (or nobody
    acted); `notify=False` for entries that tell no one; `filing` for the first entry of a new report.
    Returns the event."""
    event = ReportEvent.objects.create(
        report=report, action=action,
        from_state=report.state if from_state is None else from_state,
        to_state=report.state if to_state is None else to_state,
        actor=named_actor(actor, report),
        jurisdiction=jurisdiction or report.jurisdiction, agency=agency, reason=reason,
    )
    change = Change(report=report, event=event, actor=actor, audit=audit, notify=notify, filing=filing)
    for step in steps():
        step.run(change)
    return event

"""Which clock runs after each transition, and when it is due.

Regulatory defaults (PermenPANRB 62/2018, Perpres 76/2013): verification (and dispatch)
within 3 working days of receipt; OPD follow-up within 5 working days of dispatch;
10 working days for the reporter to answer a response before the report is finished.
While the report waits for the reporter's completion, no clock runs.
"""

from django.conf import settings

from baruga.clocks.calendar import add_working_days

DEFAULT_DURATIONS = {"verification": 3, "follow_up": 5, "reporter_reply": 10}

# action -> which clock starts ("keep" leaves the running clock alone, None stops it)
CLOCK_AFTER = {
    "submit": "verification",
    "complete": "verification",
    "resume": "verification",
    "transfer": "verification",
    "hand_back": "verification",
    "verify": "keep",
    "request_info": None,
    "defer": None,
    "archive": None,
    "merge": None,
    "dispatch": "follow_up",
    "accept": "keep",
    "reopen": "follow_up",
    "reject_response": "keep",
    "respond": "reporter_reply",
    "approve_response": "reporter_reply",
    "rate": None,
    "finish": None,
}


def duration(clock):
    return getattr(settings, "CLOCK_DURATIONS", {}).get(clock, DEFAULT_DURATIONS[clock])


# A report transferred out of the installation is the other system's work: no clock runs here.
STATES_WITHOUT_CLOCK = {"transferred"}


def due_after(action, report, now):
    """The new `due_at` of `report`, whose state the action has just set."""
    clock = CLOCK_AFTER[action]
    if report.state in STATES_WITHOUT_CLOCK:
        return None
    if clock == "keep":
        return report.due_at
    if clock is None:
        return None
    due, _skipped = add_working_days(now, duration(clock))
    return due

"""Signals of the complaint service.

`report_filed(sender=Report, report=...)` is sent by `actions.submit_report` as the LAST step inside the
filing's transaction, after every row of the report itself. Receivers that write rows shared by many
filings (the rollups: one row per jurisdiction and month, per category, ...) belong here, not on the
first history entry's `post_save`: a row lock taken by an upsert is held until COMMIT, so taking it
last keeps concurrent filings of one jurisdiction from queueing behind each other's whole transaction.
"""

from django.dispatch import Signal

report_filed = Signal()

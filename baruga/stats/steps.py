"""The stats step of every report change (`complaints.events`, fourth of REPORT_EVENT_STEPS).

In the action's transaction: the report's contribution to the rollups is brought up to date, and the
dashboards' kept figures of the report's month are stale (`figcache`). Late in the order on purpose:
the upserts lock rows that every report of that jurisdiction and month shares, until COMMIT, so
taking them last keeps concurrent filings from queueing behind each other's whole transaction.
A report filed in this transaction has nothing derived from it yet: its whole contribution is added
without reading anything back (`rollups.sync_new_report`).
"""

from baruga.stats import figcache, rollups


class ReportStep:
    def run(self, change):
        if change.filing is not None:
            rollups.sync_new_report(change.report)
        else:
            rollups.sync_report(change.report.pk)
        figcache.report_changed(change.report)

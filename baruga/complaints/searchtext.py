"""The one place that keeps `Report.search_text` in step with the report's title and body.

Every action that changes the title or the body calls `refresh` before it saves the report (submit,
verify's retitling, the reporter's completion). The title's terms are stored twice, so that a match in
the title counts double in the rank on both databases (baruga/lib/textsearch.py, `stored_text`).
"""

from baruga.lib.textsearch import stored_text


def refresh(report):
    """Set `report.search_text` from its current title and body (the caller saves the report)."""
    report.search_text = stored_text(report.title, report.body)

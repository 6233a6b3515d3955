from baruga.complaints import actions
from baruga.complaints.models import State


def test_a_report_goes_from_filing_to_finished(cast, file_report):
    report = file_report(category=cast.city_road)
    assert report.jurisdiction == cast.makassar
    assert report.state == State.SUBMITTED and report.due_at is not None
    actions.verify(actor=cast.citra, report=report, title="Jalan berlubang", category=cast.city_road, tags=["jalan"])
    actions.dispatch(actor=cast.citra, report=report, agency=cast.pupr)
    actions.accept(actor=cast.eko, report=report)
    actions.respond(actor=cast.eko, report=report, body="Sudah kami tambal pada hari Senin.")
    report.refresh_from_db()
    assert report.state == State.RESPONDED
    actions.rate(actor=cast.ayu, report=report, rating=5, comment="Terima kasih")
    report.refresh_from_db()
    assert report.state == State.FINISHED and report.rating == 5
    assert [e.action for e in report.events.all()] == ["submit", "verify", "dispatch", "accept", "respond", "rate"]

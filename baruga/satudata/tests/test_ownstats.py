"""Baruga's own complaint statistics, published as a dataset of the walidata's OPD and refreshed daily."""

import pytest

from baruga.directory.models import Agency
from baruga.satudata import ownstats, sweep
from baruga.satudata.models import Dataset, State

pytestmark = pytest.mark.django_db


def test_complaint_statistics_are_published_and_refreshed_only_when_changed(data, file_report):
    report = file_report()
    place = report.jurisdiction
    Agency.objects.create(jurisdiction=place, name="Dinas Komunikasi dan Informatika", short_name="Diskominfo")
    dataset = ownstats.publish_complaint_statistics(place)
    assert dataset.state == State.PUBLISHED and dataset.is_public
    resource = dataset.resources.get()
    assert resource.datastore_active and resource.datastore.row_count == 1
    ownstats.publish_complaint_statistics(place)
    assert resource.versions.count() == 1  # unchanged table: nothing written
    file_report()
    ownstats.publish_complaint_statistics(place)
    assert resource.versions.count() == 2
    # jurisdictions without a Diskominfo get none; the daily sweep does not repeat itself
    assert ownstats.publish_complaint_statistics(data.gowa) is None
    assert sweep.run()["satudata_own_data"] == 0
    assert Dataset.objects.filter(name__startswith="statistik-pengaduan-").count() == 1


def test_a_settled_sweep_takes_a_constant_number_of_queries(data, file_report, django_assert_max_num_queries):
    report = file_report()
    Agency.objects.create(jurisdiction=report.jurisdiction, name="Dinas Komunikasi dan Informatika",
                          short_name="Diskominfo")
    assert sweep.run()["satudata_own_data"] == 1
    with django_assert_max_num_queries(4):
        assert sweep.run() == {"satudata_review_reminders": 0, "satudata_overdue_reminders": 0,
                               "satudata_own_data": 0}

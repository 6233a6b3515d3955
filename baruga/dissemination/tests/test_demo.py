"""The demo seeds partners, contracts, published releases and placements once."""

from baruga.directory.reference import load_reference_data
from baruga.dissemination import demo
from baruga.dissemination.models import Contract, MediaPartner, Placement, Publication


def test_the_demo_seeds_once(db):
    load_reference_data()
    result = demo.seed()
    assert result["partners"] == 4 and Contract.objects.count() == 4
    assert Publication.objects.filter(state="published").count() == 6
    assert Publication.objects.filter(state="review").count() == 1
    assert Publication.objects.filter(state="approved", scheduled_at__isnull=False).count() == 1
    assert Placement.objects.filter(partner__isnull=False).exclude(proof="").count() >= 12
    assert demo.seed() is None and MediaPartner.objects.count() == 4

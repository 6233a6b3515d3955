"""The sweeps read their work in keyset batches: every row once, in pk order, while rows change under them."""

from baruga.directory.models import Jurisdiction, Level
from baruga.lib.batches import keyset_batches


def test_every_row_comes_once_in_batches_of_the_given_size(db):
    rows = [Jurisdiction.objects.create(code=f"9{i}", name=f"Kota {i}", level=Level.CITY) for i in range(5)]
    batches = list(keyset_batches(Jurisdiction.objects.filter(code__startswith="9"), 2))
    assert [len(b) for b in batches] == [2, 2, 1]
    assert [j.pk for b in batches for j in b] == [j.pk for j in rows]


def test_a_row_leaving_the_queryset_mid_sweep_skips_no_other(db):
    rows = [Jurisdiction.objects.create(code=f"9{i}", name=f"Kota {i}", level=Level.CITY) for i in range(4)]
    seen = []
    for batch in keyset_batches(Jurisdiction.objects.filter(code__startswith="9", is_active=True), 2):
        for jurisdiction in batch:
            seen.append(jurisdiction.pk)
            Jurisdiction.objects.filter(pk=jurisdiction.pk).update(is_active=False)  # handled: leaves the queryset
    assert seen == [j.pk for j in rows]

"""`keyset_batches(queryset, size)`: the rows of a queryset in lists of at most `size`, by primary key.

Each batch is a fresh query (`pk > last seen`), so the sweeps (clocks/sweep.py, ppid/sweep.py) never hold
100,000 rows in memory and stay safe while the rows they change move in or out of the queryset.
"""


def keyset_batches(queryset, size):
    last = 0
    while True:
        batch = list(queryset.filter(pk__gt=last).order_by("pk")[:size])
        if not batch:
            return
        yield batch
        if len(batch) < size:
            return
        last = batch[-1].pk

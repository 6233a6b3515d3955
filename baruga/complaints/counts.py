"""Cached totals for the report lists: the inbox's and the public list's counts.

Counting every report an admin of a large city or the province sees costs a scan of its index at
each page view (tens of milliseconds at a million reports; bench/README.md). The lists themselves are
always read fresh; only their totals (the paginator's count and the inbox's counts per status) are
cached, for at most COUNT_SECONDS, under a key that includes a version of the data they count.

Versions: one per jurisdiction, one per OPD and one for everything. Every `ReportEvent` written (the
last step of `events.record`) moves the versions of the report's jurisdiction and OPD, of the unit that
acted, and the global one, at once and again after commit, so a count that could have changed is
recounted on the next view. Versions and counts live in the default cache: with several worker
processes that must be the shared Redis cache (REDIS_URL), as the rate limits already require;
with the per-process cache of the embedded server a worker may show a count up to COUNT_SECONDS old.
"""

import hashlib
import time

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import transaction
from django.utils.functional import cached_property

COUNT_SECONDS = 60
PREFIX = "baruga:reports"
EVERYTHING = f"{PREFIX}:v:all"


def jurisdiction_key(pk):
    return f"{PREFIX}:v:j{pk}"


def agency_key(pk):
    return f"{PREFIX}:v:a{pk}"


def scope_keys(*, jurisdiction_ids=(), agency_ids=(), everything=False):
    """The version keys of a scope; `everything` for scopes that reach across jurisdictions."""
    if everything:
        return [EVERYTHING]
    return sorted([jurisdiction_key(pk) for pk in jurisdiction_ids] + [agency_key(pk) for pk in agency_ids])


def bump(keys):
    cache.set_many({key: time.time_ns() for key in keys}, None)


class ReportStep:
    """The counts step of every report change (`complaints.events`, last of REPORT_EVENT_STEPS)."""

    def run(self, change):
        report_changed(change.event)


def report_changed(instance):
    """A history entry was written: every count that may include the report is stale."""
    report = instance.report
    keys = {EVERYTHING}
    for pk in (report.jurisdiction_id, instance.jurisdiction_id):
        if pk:
            keys.add(jurisdiction_key(pk))
    for pk in (report.agency_id, instance.agency_id):
        if pk:
            keys.add(agency_key(pk))
    bump(keys)
    # Again after commit: a reader between the first bump and the commit may have cached the old total.
    transaction.on_commit(lambda: bump(keys), robust=True)


def cached(keys, name, compute, *parts):
    """`compute()`, cached under `name`, the parts and the current versions of `keys`."""
    versions = cache.get_many(keys)
    raw = repr((name, parts, [(key, versions.get(key, 0)) for key in keys]))
    key = f"{PREFIX}:count:{hashlib.sha256(raw.encode()).hexdigest()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, COUNT_SECONDS)
    return value


def cached_count(queryset, keys):
    """`queryset.count()`, cached; its SQL is part of the key. A queryset that can match nothing
    (`.none()`, the scope of a staff member without a complaints role, `pk__in=[]`) has no SQL: 0."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return 0
    return cached(keys, "count", queryset.count, sql, params)


class CachedCountPaginator(Paginator):
    """A Paginator whose total comes from `cached_count` (the page itself is read fresh).

    `count_queryset`: count these rows instead of `object_list` (the same rows, in a form that counts
    faster). `cap`: count at most this many (`capped` then says there are more): a search matching a
    hundred thousand reports costs a visit to each of them to be counted exactly.
    """

    def __init__(self, object_list, per_page, *, version_keys, count_queryset=None, cap=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.version_keys = version_keys
        self.count_queryset = count_queryset
        self.cap = cap
        self.capped = False

    @cached_property
    def count(self):
        source = self.object_list if self.count_queryset is None else self.count_queryset
        if self.cap is None:
            return cached_count(source, self.version_keys)
        # Unordered and without joins: PostgreSQL can stop at cap + 1 rows instead of sorting every match.
        found = cached_count(source.order_by().values("pk")[: self.cap + 1], self.version_keys)
        self.capped = found > self.cap
        return min(found, self.cap)

    def page(self, number):
        """As Paginator.page, but a capped count never cuts the last page short (there are more rows)."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if not self.capped and top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self.object_list[bottom:top], number, self)

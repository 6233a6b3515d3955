"""Reports that look like the same matter: suggested to a citizen before filing, listed to the admin who verifies.

One scoring for both uses. A candidate is compared on
- text: Jaccard similarity of the normalised terms (baruga/lib/textnorm.py) of the titles, and of the
  whole texts (`Report.search_text` on the stored side, `textsearch.stored_text` on the new side);
- place: the haversine distance in metres when both have a point on the map; a candidate farther than
  MAX_DISTANCE_M is never similar, however alike the words ("jalan berlubang" in two villages);
- category: the same category adds a little and is given as a reason.

The candidates come from SQL, bounded: same regency/city (citizens) or jurisdiction (staff), created in
the WINDOW_DAYS before, open, newest first, at most CANDIDATE_LIMIT rows; the scoring is Python over
those (300 candidates of ~40 words: about 9 ms on the shared 2-core development machine, most of it
the titles' terms). Who may see what comes from the scoped
querysets (`permissions.public_reports`, `selectors.staff_scope`), never from here.
"""

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from baruga.complaints import permissions, selectors, workflow
from baruga.complaints.models import Report, State, Support
from baruga.lib import textnorm, textsearch

WINDOW_DAYS = 90
CANDIDATE_LIMIT = 300
SUGGESTION_LIMIT = 5
# Beyond this distance two reports are about different places.
MAX_DISTANCE_M = 1000
# Within this distance the place itself is a reason to look.
NEAR_DISTANCE_M = 300
# The least text similarity for a candidate to be shown; a near point lowers it (see `_score`).
MIN_TEXT_SIMILARITY = 0.5
NEAR_TEXT_SIMILARITY = 0.2
# Fewer distinct terms than this (title and body together) say too little to compare.
MIN_TERMS = 2
EARTH_RADIUS_M = 6_371_000
# Citizens see open reports that are public: verified and not yet finished.
CITIZEN_STATES = sorted(workflow.PUBLIC_STATES & workflow.OPEN_STATES)
# The admin sees any open report of the jurisdiction (a merge target cannot be archived or transferred).
STAFF_STATES = sorted(workflow.OPEN_STATES | {State.FINISHED})


def haversine_m(lat1, lon1, lat2, lon2):
    """The great-circle distance between two points in metres."""
    p1, p2 = math.radians(float(lat1)), math.radians(float(lat2))
    dp, dl = p2 - p1, math.radians(float(lon2) - float(lon1))
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def jaccard(a, b, weight=None):
    """|a ∩ b| / |a ∪ b| of two sets of terms, each term counted with its `weight` (1 without); 0 when
    either is empty."""
    if not a or not b:
        return 0.0
    if weight is None:
        return len(a & b) / len(a | b)
    union = sum(weight(t) for t in a | b)
    return sum(weight(t) for t in a & b) / union if union else 0.0


class Rarity:
    """How much a shared term says, from how many of the compared reports use it (inverse document
    frequency, smoothed: ln((1 + n) / (1 + df)) + 1). Words nearly every complaint uses ("mohon",
    "warga", "segera", "tindak lanjut") weigh about 1; the words of the matter itself ("lubang",
    "pettarani") weigh several times more. With a handful of candidates every weight is close to 1 and
    the similarity is plain Jaccard. bench/suggest_eval.py measured the change (docs/search.md)."""

    def __init__(self, term_sets):
        self.n = len(term_sets)
        self.df = Counter()
        for terms in term_sets:
            self.df.update(terms)
        self._cache = {}

    def __call__(self, term):
        weight = self._cache.get(term)
        if weight is None:
            weight = self._cache[term] = math.log((1 + self.n) / (1 + self.df[term])) + 1
        return weight


@dataclass
class Probe:
    """What a report (new or stored) is compared by."""

    title_terms: set
    terms: set
    latitude: object = None
    longitude: object = None
    category_id: int | None = None

    @classmethod
    def from_text(cls, *, title, body, latitude=None, longitude=None, category_id=None):
        return cls(set(textnorm.terms(title)), set(textsearch.stored_text(title, body).split()),
                   latitude, longitude, category_id)

    @classmethod
    def from_report(cls, report):
        return cls(set(textnorm.terms(report.title)), set(report.search_text.split()),
                   report.latitude, report.longitude, report.category_id)

    @property
    def has_point(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def is_enough(self):
        return len(self.terms) >= MIN_TERMS


@dataclass
class Match:
    report: Report
    score: float
    title_similarity: float
    text_similarity: float
    distance_m: float | None
    same_category: bool
    reasons: list = field(default_factory=list)


def _reasons(title_similarity, text_similarity, distance_m, same_category):
    reasons = []
    if title_similarity >= MIN_TEXT_SIMILARITY:
        reasons.append(_("judul mirip %(n)s%%") % {"n": round(title_similarity * 100)})
    if text_similarity >= NEAR_TEXT_SIMILARITY:
        reasons.append(_("isi mirip %(n)s%%") % {"n": round(text_similarity * 100)})
    if distance_m is not None:
        reasons.append(_("jarak %(n)s m") % {"n": _round_distance(distance_m)})
    if same_category:
        reasons.append(_("kategori sama"))
    return reasons


def _round_distance(metres):
    return int(round(metres, -1)) if metres >= 10 else int(round(metres))


def _score(probe, report, other=None, rarity=None):
    """A Match for `report`, or None when it is not similar enough (or too far)."""
    other = other or Probe.from_report(report)
    distance = None
    if probe.has_point and other.has_point:
        distance = haversine_m(probe.latitude, probe.longitude, other.latitude, other.longitude)
        if distance > MAX_DISTANCE_M:
            return None
    title_similarity = jaccard(probe.title_terms, other.title_terms, rarity)
    text_similarity = jaccard(probe.terms, other.terms, rarity)
    similarity = max(title_similarity, text_similarity)
    near = distance is not None and distance <= NEAR_DISTANCE_M
    if similarity < (NEAR_TEXT_SIMILARITY if near else MIN_TEXT_SIMILARITY):
        return None
    same_category = probe.category_id is not None and probe.category_id == report.category_id
    score = similarity + (0.2 * (1 - distance / MAX_DISTANCE_M) if distance is not None else 0) \
        + (0.1 if same_category else 0)
    return Match(report, score, title_similarity, text_similarity, distance, same_category,
                 _reasons(title_similarity, text_similarity, distance, same_category))


def _ranked(probe, candidates, limit):
    others = [(r, Probe.from_report(r)) for r in candidates]
    rarity = Rarity([probe.terms, *(o.terms for _, o in others)])
    matches = [m for m in (_score(probe, r, o, rarity) for r, o in others) if m is not None]
    matches.sort(key=lambda m: (-m.score, -m.report.created_at.timestamp(), -m.report.pk))
    return matches[:limit]


def _bounded(queryset, since):
    return (queryset.filter(created_at__gte=since)
            .only("id", "title", "search_text", "latitude", "longitude", "category_id", "created_at")
            .order_by("-created_at", "-id")[:CANDIDATE_LIMIT])


def _completed(matches):
    """The matched reports read again with what the lists show (one query), and their support counts
    (one more)."""
    if not matches:
        return matches
    pks = [m.report.pk for m in matches]
    full = Report.objects.select_related(*selectors.LIST_RELATED).in_bulk(pks)
    counts = dict(Support.objects.filter(report__in=pks).values_list("report").annotate(n=Count("*")).order_by())
    for m in matches:
        m.report = full[m.report.pk]
        m.report.support_count = counts.get(m.report.pk, 0)
    return matches


def for_citizen(*, title, body, location, latitude=None, longitude=None, category_id=None, now=None,
                limit=SUGGESTION_LIMIT):
    """Open public reports of `location` from the last WINDOW_DAYS that look like the text being filed.

    Never a confidential report or one not yet verified (`permissions.public_reports`); the caller shows
    the masked title, as the public list does."""
    probe = Probe.from_text(title=title, body=body, latitude=latitude, longitude=longitude,
                            category_id=category_id)
    if not probe.is_enough or location is None:
        return []
    since = (now or timezone.now()) - timedelta(days=WINDOW_DAYS)
    candidates = _bounded(permissions.public_reports().filter(location=location, state__in=CITIZEN_STATES), since)
    return _completed(_ranked(probe, candidates, limit))


def for_verify(user, report, *, limit=10):
    """Likely duplicates of `report` for its admin: reports of the same jurisdiction that `user` sees
    (`selectors.staff_scope`), from the WINDOW_DAYS before it to now, open (or finished), with reasons."""
    probe = Probe.from_report(report)
    if not probe.is_enough:
        return []
    scope = selectors.staff_scope(user).filter(jurisdiction_id=report.jurisdiction_id, state__in=STAFF_STATES)
    since = report.created_at - timedelta(days=WINDOW_DAYS)
    candidates = _bounded(scope.exclude(pk=report.pk), since)
    return _completed(_ranked(probe, candidates, limit))

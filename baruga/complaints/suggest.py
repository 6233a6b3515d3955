"""Category and OPD suggestions for the verifying admin, learnt from the jurisdiction's own reports.

For each jurisdiction and each target (the category an admin gives at verification, the OPD a report
is dispatched to) a small multinomial naive Bayes model is trained on that jurisdiction's own
decisions: the normalised terms of each report (`Report.search_text`, see `baruga.lib.textnorm`)
against the category it was verified with, or the OPD it was dispatched to. Naive Bayes because it
is explainable term by term (the words that weighed most are the terms whose likelihood under the
suggested class most exceeds their likelihood under all other classes), trains in one pass over the
data, and its model is a table of counts.

The model is stored as plain JSON counts in `SuggestionModel.params`, never as a pickle: a database
writer must not be able to make the worker run code by planting a model (docs/audit.md's attacker),
and a reader can see what the model learnt. No model is downloaded; nothing leaves the instance.

Nothing is applied automatically. The admin sees at most three suggestions with their confidence and
the words behind them, and only when the best one reaches `SUGGESTION_MIN_CONFIDENCE`; the first
suggestions shown for a report are kept (`SuggestionShown`), so the accuracy as the admins met it
(the final category among the shown ones) is counted per jurisdiction (`accuracy()`).

Retraining: `retrain_due()` runs in the clock sweep and retrains a model older than
`SUGGESTION_RETRAIN_HOURS` when the jurisdiction has at least `SUGGESTION_MIN_TRAINING` decided
reports; `manage.py train_suggestions` does it on demand. Each training holds out the newest 20% to
measure top-1/top-3 accuracy before training the kept model on everything. Quality and latency:
`bench/suggest_eval.py`, figures in docs/search.md.
"""

import math
from collections import Counter, OrderedDict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from baruga.complaints.models import Report, State, SuggestionModel, SuggestionShown, SuggestionTarget
from baruga.directory.models import Agency, Category, Jurisdiction

CATEGORY = SuggestionTarget.CATEGORY
AGENCY = SuggestionTarget.AGENCY
ALPHA = 0.5  # additive smoothing of the term likelihoods
MAX_VOCABULARY = 3000  # the most frequent terms (by documents) kept in a model
MAX_TRAINING = 5000  # the newest decided reports a model learns from
MIN_DOCUMENT_FREQUENCY = 2  # a term seen in one report only says nothing about a class
HOLDOUT_SHARE = 0.2
MAX_SUGGESTIONS = 3
MIN_SHOWN_CONFIDENCE = 0.05  # a second or third suggestion below this is noise, not shown
EXPLAIN_WORDS = 3
TEMPER_TERMS = 8


def min_confidence():
    return getattr(settings, "SUGGESTION_MIN_CONFIDENCE", 0.3)


def min_training():
    return getattr(settings, "SUGGESTION_MIN_TRAINING", 30)


# --- training ------------------------------------------------------------------------------------

def _decided(jurisdiction, target):
    """(terms, label id) of the jurisdiction's decided reports, newest first."""
    reports = Report.objects.filter(jurisdiction=jurisdiction).exclude(search_text="")
    if target == CATEGORY:
        reports = reports.filter(verified_at__isnull=False, category__isnull=False)
        label = "category_id"
    else:
        # The OPD a report was dispatched to and still has: a report handed back lost its OPD.
        reports = reports.filter(dispatched_at__isnull=False, agency__isnull=False)
        label = "agency_id"
    rows = reports.order_by("-created_at", "-id").values_list("search_text", label)[:MAX_TRAINING]
    return [(text.split(), label_id) for text, label_id in rows]


def fit(examples):
    """The model's counts (a JSON-ready dict) from (terms, label) pairs; None with fewer than two labels."""
    labels = Counter(label for _, label in examples)
    if len(labels) < 2:
        return None
    document_frequency = Counter()
    for terms, _ in examples:
        document_frequency.update(set(terms))
    vocabulary = {term for term, n in document_frequency.most_common(MAX_VOCABULARY) if n >= MIN_DOCUMENT_FREQUENCY}
    classes = {}
    for terms, label in examples:
        entry = classes.setdefault(str(label), {"documents": 0, "terms": Counter()})
        entry["documents"] += 1
        # Each term once per report: a term repeated (the title is stored twice) counts as one vote.
        entry["terms"].update(set(terms) & vocabulary)
    return {
        "documents": len(examples),
        "vocabulary": len(vocabulary),
        "alpha": ALPHA,
        "classes": {label: {"documents": c["documents"], "terms": dict(c["terms"])} for label, c in classes.items()},
    }


class Model:
    """A trained model over its stored counts; log-probabilities are computed for the terms asked about only."""

    def __init__(self, params):
        self.alpha = params["alpha"]
        self.size = max(params["vocabulary"], 1)
        self.counts = {label: c["terms"] for label, c in params["classes"].items()}
        self.classes = list(self.counts)
        self.totals = {label: sum(terms.values()) for label, terms in self.counts.items()}
        self.grand_total = sum(self.totals.values())
        documents = params["documents"]
        self.prior = {label: math.log((c["documents"] + 1) / (documents + len(self.classes)))
                      for label, c in params["classes"].items()}

    def _known(self, terms):
        return {t for t in set(terms) if any(t in counts for counts in self.counts.values())}

    def _likelihood(self, label, term):
        return math.log((self.counts[label].get(term, 0) + self.alpha) / (self.totals[label] + self.alpha * self.size))

    def _rest_likelihood(self, label, term):
        rest = sum(counts.get(term, 0) for other, counts in self.counts.items() if other != label)
        return math.log((rest + self.alpha) / (self.grand_total - self.totals[label] + self.alpha * self.size))

    def rank(self, terms):
        """[(label, probability)] best first, for the given terms (unknown terms are ignored)."""
        present = self._known(terms)
        scores = {label: self.prior[label] + sum(self._likelihood(label, t) for t in present)
                  for label in self.classes}
        top = max(scores.values())
        # Naive Bayes counts every term as independent evidence, so with many terms its probabilities
        # are near 0 or 1 whatever the truth. Tempered (scores divided by 1 per TEMPER_TERMS terms) the
        # confidence tracks the accuracy: bench/suggest_eval.py, docs/search.md.
        temperature = max(1.0, len(present) / TEMPER_TERMS)
        weights = {label: math.exp((score - top) / temperature) for label, score in scores.items()}
        total = sum(weights.values())
        return sorted(((label, w / total) for label, w in weights.items()), key=lambda item: (-item[1], item[0]))

    def best(self, terms, threshold):
        """[(label, probability, words)] to show: at most MAX_SUGGESTIONS, each with the words that speak
        for it (a choice no word speaks for is the prior, not a suggestion); [] when the first is below
        `threshold`."""
        chosen = []
        for label, p in self.rank(terms)[:MAX_SUGGESTIONS]:
            words = self.words(label, terms)
            if p >= MIN_SHOWN_CONFIDENCE and words:
                chosen.append((label, p, words))
        if not chosen or chosen[0][1] < threshold:
            return []
        return chosen

    def words(self, label, terms, limit=EXPLAIN_WORDS):
        """The terms that weighed most for `label`: likelihood under it against all other classes."""
        weights = []
        for term in self._known(terms):
            weight = self._likelihood(label, term) - self._rest_likelihood(label, term)
            if weight > 0:
                weights.append((weight, term))
        return [term for _, term in sorted(weights, key=lambda item: (-item[0], item[1]))[:limit]]


def evaluate(examples):
    """(top-1, top-3, size) of a model trained on the older reports, tested on the newest share."""
    if len(examples) < 50:
        return None, None, 0
    held = max(1, int(len(examples) * HOLDOUT_SHARE))
    test, train = examples[:held], examples[held:]  # examples are newest first
    params = fit(train)
    if params is None:
        return None, None, 0
    model = Model(params)
    top1 = top3 = 0
    for terms, label in test:
        ranked = [int(lbl) for lbl, _ in model.rank(terms)[:3]]
        top1 += ranked[:1] == [label]
        top3 += label in ranked
    return top1 / held, top3 / held, held


def train(jurisdiction, target, *, now=None):
    """Train (or retrain) and keep the jurisdiction's model for `target`; None when there is too little to learn."""
    now = now or timezone.now()
    examples = _decided(jurisdiction, target)
    if len(examples) < min_training():
        return None
    params = fit(examples)
    if params is None:
        return None
    top1, top3, held = evaluate(examples)
    with transaction.atomic():
        model, _ = SuggestionModel.objects.update_or_create(
            jurisdiction=jurisdiction, target=target,
            defaults={"params": params, "trained_at": now, "documents": len(examples),
                      "classes": len(params["classes"]), "holdout_top1": top1, "holdout_top3": top3,
                      "holdout_size": held},
        )
    _loaded.pop(model.pk, None)
    return model


def retrain_due(now=None):
    """Retrain every model older than SUGGESTION_RETRAIN_HOURS, and train missing ones where there is enough
    to learn from. Called by the clock sweep; returns the number of models trained."""
    now = now or timezone.now()
    hours = getattr(settings, "SUGGESTION_RETRAIN_HOURS", 24)
    stale_before = now - timezone.timedelta(hours=hours)
    fresh = set(SuggestionModel.objects.filter(trained_at__gte=stale_before).values_list("jurisdiction_id", "target"))
    # A jurisdiction with no report verified since the last check is not worth a pass over its reports.
    active = set(Report.objects.filter(verified_at__isnull=False).values_list("jurisdiction_id", flat=True).distinct())
    trained = 0
    for jurisdiction in Jurisdiction.objects.filter(pk__in=active).order_by("pk"):
        for target in (CATEGORY, AGENCY):
            if (jurisdiction.pk, target) in fresh:
                continue
            if train(jurisdiction, target, now=now) is not None:
                trained += 1
            else:
                # Too little to learn from: an empty model notes the attempt, so the next pass waits a period.
                SuggestionModel.objects.update_or_create(
                    jurisdiction=jurisdiction, target=target,
                    defaults={"params": {}, "trained_at": now, "documents": 0, "classes": 0,
                              "holdout_top1": None, "holdout_top3": None, "holdout_size": 0})
    return trained


def periodic(now):
    """The clock sweep's job (settings.PERIODIC_JOBS)."""
    return {"suggestion_models": retrain_due(now)}


# --- suggesting ----------------------------------------------------------------------------------

# The last models used, by primary key and training time: a model's stored counts are read and parsed
# once per process and training, not on every page view. A model at its vocabulary cap (3,000 terms,
# 31 categories) is 1.0 MB of JSON that takes 18 ms to parse, plus reading the row, against a page
# budget of 100 ms; a suggestion from a parsed model takes 0.2-5 ms (bench/suggest_eval.py, docs/search.md).
# Bounded, so a worker serving every jurisdiction keeps at most MODELS_KEPT models in memory.
MODELS_KEPT = 8
_loaded = OrderedDict()


def _model(pk, trained_at):
    cached = _loaded.get(pk)
    if cached is None or cached[0] != trained_at:
        params = SuggestionModel.objects.filter(pk=pk).values_list("params", flat=True).first()
        if not params:
            return None
        cached = (trained_at, Model(params))
        _loaded[pk] = cached
        while len(_loaded) > MODELS_KEPT:
            _loaded.popitem(last=False)
    _loaded.move_to_end(pk)
    return cached[1]


@dataclass
class Suggestion:
    target: str
    id: int
    label: str
    confidence: float
    words: list = field(default_factory=list)

    @property
    def percent(self):
        return round(self.confidence * 100)


def _labels(target, ids):
    if target == CATEGORY:
        rows = Category.objects.filter(pk__in=ids, children__isnull=True)
    else:
        rows = Agency.objects.filter(pk__in=ids, is_active=True)
    return {row.pk: row.name for row in rows}


def suggest_terms(jurisdiction, target, terms):
    """Up to three suggestions for these terms, or [] when there is no model or the best is below the threshold."""
    row = (SuggestionModel.objects.filter(jurisdiction=jurisdiction, target=target, documents__gt=0)
           .values_list("pk", "trained_at").first())
    model = _model(*row) if row else None
    if model is None:
        return []
    chosen = model.best(terms, min_confidence())
    # A category made a parent since, or an OPD closed since: not offered.
    names = _labels(target, [int(label) for label, _, _ in chosen])
    return [Suggestion(target, int(label), names[int(label)], p, words)
            for label, p, words in chosen if int(label) in names]


def for_report(report, target, *, shown_to=None):
    """The suggestions for this report (first ones shown are kept for the accuracy figure)."""
    suggestions = suggest_terms(report.jurisdiction, target, report.search_text.split())
    if suggestions:
        SuggestionShown.objects.get_or_create(
            report=report, target=target,
            defaults={"items": [{"id": s.id, "confidence": round(s.confidence, 4)} for s in suggestions],
                      "shown_to": shown_to if getattr(shown_to, "is_authenticated", False) else None},
        )
    return suggestions


def for_verification(report, user):
    """What the admin sees: categories while the report waits for verification, OPDs while it waits for dispatch."""
    if report.state == State.SUBMITTED:
        return for_report(report, CATEGORY, shown_to=user)
    if report.state == State.VERIFIED:
        return for_report(report, AGENCY, shown_to=user)
    return []


# --- accuracy as the admins met it ----------------------------------------------------------------

@dataclass
class Accuracy:
    jurisdiction: object
    target: str
    model: object
    decided: int = 0
    top1: int = 0
    top3: int = 0

    @property
    def top1_share(self):
        return self.top1 / self.decided if self.decided else None

    @property
    def top3_share(self):
        return self.top3 / self.decided if self.decided else None


def accuracy(jurisdictions, *, since=None):
    """Per jurisdiction and target: of the reports whose suggestions were shown and that were then decided,
    how often the decision was the first suggestion (top-1) or one of those shown (top-3)."""
    jurisdictions = list(jurisdictions)
    models = {(m.jurisdiction_id, m.target): m for m in SuggestionModel.objects.filter(jurisdiction__in=jurisdictions)}
    figures = {(j.pk, t): Accuracy(j, t, models.get((j.pk, t))) for j in jurisdictions for t in (CATEGORY, AGENCY)}
    shown = SuggestionShown.objects.filter(report__jurisdiction__in=jurisdictions).filter(
        Q(target=CATEGORY, report__verified_at__isnull=False, report__category__isnull=False)
        | Q(target=AGENCY, report__dispatched_at__isnull=False, report__agency__isnull=False))
    if since is not None:
        shown = shown.filter(shown_at__gte=since)
    for target, items, jurisdiction_id, category_id, agency_id in shown.values_list(
            "target", "items", "report__jurisdiction_id", "report__category_id", "report__agency_id").iterator():
        figure = figures[(jurisdiction_id, target)]
        decided = category_id if target == CATEGORY else agency_id
        ids = [item["id"] for item in items]
        figure.decided += 1
        figure.top1 += ids[:1] == [decided]
        figure.top3 += decided in ids
    return [figures[(j.pk, t)] for j in jurisdictions for t in (CATEGORY, AGENCY)]

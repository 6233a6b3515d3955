#!/usr/bin/env python
"""Measure the text assistance: category suggestion accuracy, duplicate detection, and their latency.

    .venv/bin/python bench/suggest_eval.py [--train 3000] [--test 600] [--seed 2026]

No database: the labelled reports are generated from the varied Indonesian templates of
bench/generate.py (31 leaf categories, weighted as real traffic: roads first) and the demo's topics
(baruga/complaints/demo.py), turned into terms exactly as the product does (`textsearch.stored_text`),
and fed to the functions the product runs (`suggest.fit`/`Model`, `similar._score`).

Category suggestion, three test sets of unseen reports:
- "new texts": new reports from the training templates (other streets, districts, details);
- "as people write": the same, rewritten the way citizens type ("jln", "gak", "udh", no capitals);
- "unseen wording": reports whose subject phrase never occurs in training (one phrase of every
  category with two or more is held out), also rewritten half of the time.
For each: top-1 and top-3 accuracy, the share of reports for which a suggestion is shown at the
product's threshold (SUGGESTION_MIN_CONFIDENCE) and the top-1 accuracy of those shown.

Duplicates: a jurisdiction's last 90 days (300 reports, 70% with a point on the map) and 300 new
reports, of which 100 are the same matter as one of them (same category and street, re-worded, within
200 m when both have a point) and 200 are not (same subject elsewhere, or another matter). A
duplicate is found when its original is among the admin's list (`similar._ranked`, 10 at most);
precision counts the listed pairs that are true duplicates.

Latency: p50/p95 of one category suggestion (rank + explanation) over the test reports, of one
duplicate scoring over 300 candidates, and what a model at the vocabulary cap costs to read.
Figures are written to docs/search.md by hand.
"""

import argparse
import datetime
import math
import os
import random
import sys
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baruga.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

import generate  # noqa: E402  (bench/generate.py: the templates)
from baruga.complaints import similar, suggest  # noqa: E402
from baruga.complaints.demo import TOPICS  # noqa: E402
from baruga.lib.textnorm_words import ABBREVIATIONS  # noqa: E402
from baruga.lib.textsearch import stored_text  # noqa: E402

DISTRICTS = ["Tamalate", "Rappocini", "Panakkukang", "Manggala", "Biringkanaya", "Tallo", "Mariso", "Ujung Pandang"]
PLACES = ["Kota Makassar", "Kabupaten Gowa", "Kabupaten Maros"]
# How citizens shorten words: the reverse of the normaliser's map, one spelling picked at random.
SHORT = {}
for short, full in ABBREVIATIONS.items():
    if " " not in full and len(short) < len(full):
        SHORT.setdefault(full, []).append(short)


def casual(text, rng):
    """The text as typed on a phone: lower case, shortened words, some punctuation gone."""
    words = []
    for word in text.lower().replace(",", "").split():
        core = word.strip(".()")
        if core in SHORT and rng.random() < 0.7:
            word = word.replace(core, rng.choice(SHORT[core]))
        words.append(word)
    return " ".join(words)


class Writer:
    def __init__(self, rng, held_out):
        self.rng = rng
        self.held_out = held_out  # category -> the subject phrase kept out of training
        self.topics = {}
        for topic in TOPICS.values():
            if topic.get("category") and topic["titles"][0]:
                self.topics.setdefault(topic["category"], []).append(topic)

    def subjects(self, slug, unseen):
        phrases = generate.SUBJECTS.get(slug, generate.SUBJECTS["lainnya"])
        if unseen:
            return [self.held_out[slug]]
        return [p for p in phrases if p != self.held_out.get(slug)]

    def report(self, slug, *, unseen=False, street=None, subject=None):
        """(title, body) of a new report; with `subject` (as returned by `matter`), about that matter."""
        title, body, _ = self.matter(slug, unseen=unseen, street=street, subject=subject)
        return title, body

    def matter(self, slug, *, unseen=False, street=None, subject=None):
        rng = self.rng
        fill = {"street": street or rng.choice(generate.STREETS), "district": rng.choice(DISTRICTS),
                "place": rng.choice(PLACES), "weeks": rng.randint(1, 8), "agency": "dinas terkait"}
        topics = self.topics.get(slug)
        if isinstance(subject, dict) or (subject is None and topics and not unseen and rng.random() < 0.35):
            topic = subject or rng.choice(topics)
            return rng.choice(topic["titles"]).format(**fill), rng.choice(topic["bodies"]).format(**fill), topic
        subject = subject or rng.choice(self.subjects(slug, unseen))
        fill["subject"] = subject
        title = f"{subject[0].upper()}{subject[1:]} di {fill['street'] if rng.random() < 0.6 else fill['district']}"
        body = " ".join([rng.choice(generate.OPENINGS).format(**fill),
                         *rng.sample(generate.DETAILS, rng.randint(1, 3)), rng.choice(generate.REQUESTS)])
        return title[:150], body, subject


def pick(rng, weights):
    slugs = list(weights)
    return rng.choices(slugs, weights=[weights[s] for s in slugs])[0]


def percentile(values, share):
    values = sorted(values)
    return values[min(len(values) - 1, math.ceil(share * len(values)) - 1)]


def category_quality(args, rng):
    held_out = {slug: phrases[-1] for slug, phrases in generate.SUBJECTS.items() if len(phrases) >= 2}
    writer = Writer(rng, held_out)
    weights = generate.CATEGORY_WEIGHTS

    def example(slug, *, unseen=False, typed=False):
        title, body = writer.report(slug, unseen=unseen)
        if typed:
            title, body = casual(title, rng), casual(body, rng)
        return stored_text(title, body).split(), slug

    training = [example(pick(rng, weights)) for _ in range(args.train)]
    started = time.perf_counter()
    params = suggest.fit(training)
    fit_seconds = time.perf_counter() - started
    model = suggest.Model(params)

    sets = {
        "new texts": [example(pick(rng, weights)) for _ in range(args.test)],
        "as people write": [example(pick(rng, weights), typed=True) for _ in range(args.test)],
        "unseen wording": [example(pick(rng, {s: w for s, w in weights.items() if s in held_out}),
                                   unseen=True, typed=rng.random() < 0.5) for _ in range(args.test)],
    }
    threshold = settings.SUGGESTION_MIN_CONFIDENCE
    latencies = []
    print(f"category suggestion: {len(training)} training reports, {len(params['classes'])} categories, "
          f"{params['vocabulary']} terms; fit {fit_seconds * 1000:.0f} ms")
    print(f"{'test set':<18} {'n':>5} {'top-1':>7} {'top-3':>7} {'shown':>7} {'top-1 when shown':>17}")
    for name, examples in sets.items():
        top1 = top3 = shown = shown_right = 0
        for terms, slug in examples:
            started = time.perf_counter()
            shown_now = model.best(terms, threshold)  # what the admin is shown (the product's function)
            latencies.append(time.perf_counter() - started)
            labels = [label for label, _ in model.rank(terms)[:3]]
            top1 += labels[0] == slug
            top3 += slug in labels
            if shown_now:
                shown += 1
                shown_right += shown_now[0][0] == slug
        n = len(examples)
        print(f"{name:<18} {n:>5} {top1 / n:>7.1%} {top3 / n:>7.1%} {shown / n:>7.1%} "
              f"{(shown_right / shown if shown else 0):>17.1%}")
    print(f"suggestion latency (rank, tempered probabilities, words; {len(latencies)} reports): "
          f"p50 {percentile(latencies, 0.5) * 1000:.2f} ms, p95 {percentile(latencies, 0.95) * 1000:.2f} ms")


def duplicate_quality(args, rng):
    writer = Writer(rng, {})
    weights = generate.CATEGORY_WEIGHTS
    centre = (-5.147665, 119.432732)  # Makassar
    now = datetime.datetime.now(datetime.timezone.utc)

    def point(near=None, metres=0):
        if near is None:
            return (centre[0] + rng.uniform(-0.05, 0.05), centre[1] + rng.uniform(-0.05, 0.05))
        bearing, distance = rng.uniform(0, 2 * math.pi), rng.uniform(0, metres)
        return (near[0] + distance * math.cos(bearing) / 111_320,
                near[1] + distance * math.sin(bearing) / (111_320 * math.cos(math.radians(near[0]))))

    def stored(pk, slug, title, body, where):
        return types.SimpleNamespace(pk=pk, title=title, search_text=stored_text(title, body), created_at=now,
                                     latitude=where[0] if where else None, longitude=where[1] if where else None,
                                     category_id=slug)

    pool = []
    for pk in range(300):
        slug = pick(rng, weights)
        street = rng.choice(generate.STREETS)
        title, body, subject = writer.matter(slug, street=street)
        item = stored(pk, slug, title, body, point() if rng.random() < 0.7 else None)
        item.street, item.subject = street, subject
        pool.append(item)

    probes = []  # (probe, id of the original or None)
    for _ in range(100):
        original = rng.choice(pool)
        # The same matter (subject and street), told again in other words by someone else.
        title, body = writer.report(original.category_id, street=original.street, subject=original.subject)
        if rng.random() < 0.5:
            title, body = casual(title, rng), casual(body, rng)
        where = point((original.latitude, original.longitude), 200) if original.latitude is not None \
            and rng.random() < 0.8 else None
        probes.append((similar.Probe.from_text(title=title, body=body, latitude=where and where[0],
                                               longitude=where and where[1], category_id=original.category_id),
                       original.pk))
    for i in range(200):
        if i % 2 == 0:  # the same kind of matter, somewhere else
            original = rng.choice(pool)
            slug = original.category_id
            street = rng.choice([s for s in generate.STREETS if s != original.street])
        else:  # another matter
            slug, street = pick(rng, weights), rng.choice(generate.STREETS)
        title, body = writer.report(slug, street=street)
        where = point() if rng.random() < 0.7 else None
        probes.append((similar.Probe.from_text(title=title, body=body, latitude=where and where[0],
                                               longitude=where and where[1], category_id=slug), None))

    global LAST
    LAST = (pool, probes)  # for exploring other rules from a shell
    listed = true_listed = found = found_first = 0
    latencies = []
    for probe, original in probes:
        started = time.perf_counter()
        matches = similar._ranked(probe, pool, 10)
        latencies.append(time.perf_counter() - started)
        ids = [m.report.pk for m in matches]
        listed += len(ids)
        if original is not None:
            true_listed += original in ids
            found += original in ids
            found_first += ids[:1] == [original]
    duplicates = sum(1 for _, original in probes if original is not None)
    print(f"duplicates: {len(pool)} recent reports, {len(probes)} new ({duplicates} duplicates)")
    print(f"  recall (original listed): {found / duplicates:.1%}; listed first: {found_first / duplicates:.1%}")
    print(f"  precision (listed pairs that are duplicates): {true_listed / listed if listed else 0:.1%} "
          f"of {listed} listed; non-duplicates with a list: "
          f"{sum(1 for (p, o) in probes if o is None and similar._ranked(p, pool, 1))} of "
          f"{len(probes) - duplicates}")
    print(f"  scoring latency over {len(pool)} candidates: p50 {percentile(latencies, 0.5) * 1000:.1f} ms, "
          f"p95 {percentile(latencies, 0.95) * 1000:.1f} ms")


LAST = None


def model_at_cap(rng):
    """What a model at the vocabulary cap costs: stored size, read + parse, and one suggestion."""
    import json

    vocabulary = [f"kata{i}" for i in range(suggest.MAX_VOCABULARY * 2)]
    examples = [([rng.choice(vocabulary) for _ in range(40)], rng.randrange(31)) for _ in range(suggest.MAX_TRAINING)]
    params = suggest.fit(examples)
    stored = json.dumps(params)
    started = time.perf_counter()
    model = suggest.Model(json.loads(stored))
    parsed = time.perf_counter() - started
    latencies = []
    for terms, _ in examples[:300]:
        started = time.perf_counter()
        model.best(terms, 0.3)
        latencies.append(time.perf_counter() - started)
    print(f"model at the cap: {params['vocabulary']} terms, 31 classes, {len(stored) / 1e6:.1f} MB of JSON, "
          f"parsed and built in {parsed * 1000:.0f} ms; a suggestion p95 {percentile(latencies, 0.95) * 1000:.2f} ms")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--train", type=int, default=3000)
    parser.add_argument("--test", type=int, default=600)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    category_quality(args, rng)
    duplicate_quality(args, rng)
    model_at_cap(rng)


if __name__ == "__main__":
    main()

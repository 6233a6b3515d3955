"""How long `textnorm.normalise` takes on typical report texts: cold (fresh process) and warm caches.

    python bench/textnorm_speed.py [N]

Texts come from the bench generator's phrases and the demo topics (bench/generate.py `Texts`), a third
of them with an everyday slang sentence added. Prints the time of: building the stemmer (loading the
Sastrawi dictionary), N texts with empty word caches, the same N again, and N new texts once warm.
No database is needed.
"""

import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baruga.settings")

import django  # noqa: E402

django.setup()

from bench.generate import SUBJECTS, Texts  # noqa: E402
from baruga.lib import textnorm  # noqa: E402

SLANG = ["udh {n} bln gak diperbaiki", "tlg segera ditangani krn sdh bahaya", "jln dpn SDN {n} rusak parah",
         "hub sy di 0812-3456-78{n:02d}", "sdh lapor ke kec tp blm ada respon"]


def texts(rng, n):
    source, slugs = Texts(rng), list(SUBJECTS)
    out = []
    for _i in range(n):
        title, body = source.report(rng.choice(slugs), "Kota Makassar", rng.choice(["Tamalate", "Rappocini"]))
        if rng.random() < 1 / 3:
            body += " " + rng.choice(SLANG).format(n=rng.randint(1, 40))
        out.append(f"{title}\n{body}")
    return out


def timed(label, call):
    start = time.perf_counter()
    call()
    elapsed = time.perf_counter() - start
    print(f"{label}: {elapsed * 1000:.0f} ms")
    return elapsed


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    rng = random.Random(2026)
    first, second = texts(rng, n), texts(rng, n)
    print(f"{n} texts, {sum(len(t) for t in first) // n} characters on average")
    timed("building the stemmer", textnorm._stemmer)
    cold = timed(f"{n} texts, empty word cache", lambda: [textnorm.normalise(t) for t in first])
    timed(f"the same {n} again", lambda: [textnorm.normalise(t) for t in first])
    warm = timed(f"{n} new texts, warm cache", lambda: [textnorm.normalise(t) for t in second])
    info = textnorm._stem.cache_info()
    print(f"per text: {cold / n * 1e3:.2f} ms cold, {warm / n * 1e3:.2f} ms warm; "
          f"{info.currsize} words cached, {info.hits} hits, {info.misses} misses")


if __name__ == "__main__":
    main()

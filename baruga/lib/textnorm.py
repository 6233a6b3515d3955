"""Normalise everyday Indonesian text into search terms: the same function for stored text and queries.

"jln rusak parah depan SDN 5, udh 3 bln gak diperbaiki" -> "jalan rusak parah depan sdn 5 sudah 3 bulan
tidak baik". In order:

1. Personal data and links are taken out: URLs, e-mail addresses, NIK and phone numbers (the rules of
   `baruga.lib.masking`), so that the stored search text never holds them and a phone number's digits
   are not search terms.
2. Lower-cased (after Unicode NFKC, so full-width or styled letters become plain ones) and split into
   tokens of letters and digits; "jalan-jalan" is two tokens.
3. Abbreviations and slang are expanded (`textnorm_words.ABBREVIATIONS`: jln -> jalan, gak -> tidak).
4. Stop words are dropped (`textnorm_words.STOP_WORDS`; negations stay).
5. Words are stemmed with Sastrawi (Nazief-Adriani with the Sastrawi dictionary): "diperbaiki" ->
   "baik", "pelayanan" -> "layan". Numbers are kept as they are.

Stemming is the slow part, so the stemmer is built once (`_stemmer`) and every word's stem is cached
(`_stem`): complaint texts reuse a small vocabulary. Measured with bench/textnorm_speed.py (1,000
generated report texts of ~300 characters): 153 ms with empty caches, 116 ms warm (0.12 ms a text, of
which the personal-data rules take about 0.07 ms); 355 ms without the word cache (docs/search.md).
"""

import re
import unicodedata
from functools import cache, lru_cache

from baruga.lib import masking
from baruga.lib.textnorm_words import ABBREVIATIONS, STOP_WORDS

URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
TOKEN = re.compile(r"[a-z0-9]+")
# A "word" longer than this is a hash, a run of letters or a pasted blob: not stemmed, not a term.
MAX_TERM_LENGTH = 40


def strip_personal_data(text):
    """`text` without URLs, e-mail addresses, NIK and phone numbers (each replaced by a space)."""
    text = URL.sub(" ", text)
    for rule in (masking.EMAIL, masking.NIK, masking.LANDLINE, masking.PHONE):
        text = rule.sub(" ", text)
    return text


@cache
def _stemmer():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=200_000)
def _stem(word):
    if word.isdigit() or len(word) <= 3:
        return word
    return _stemmer().stem(word) or word


def _words(text):
    text = unicodedata.normalize("NFKC", strip_personal_data(str(text or ""))).lower()
    for token in TOKEN.findall(text):
        if len(token) > MAX_TERM_LENGTH:
            continue
        yield from ABBREVIATIONS.get(token, token).split()


def terms(text):
    """The search terms of `text`, in order, repeats kept (they count towards the rank)."""
    return [_stem(word) for word in _words(text) if word not in STOP_WORDS]


def normalise(text):
    """The search terms of `text` as one space-separated string (see the module's docstring)."""
    return " ".join(terms(text))

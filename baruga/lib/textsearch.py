"""Search over a stored column of normalised terms (`textnorm`): matching, ranking, highlighted snippets.

A model that is searched keeps its text's terms in a `search_text` column (`textnorm.normalise` of the
text, refreshed by whatever writes the text). A query goes through the same normalisation, so "jln
rusak" and "jalan rusak" are both the terms "jalan rusak", and every term must be present (AND).

- PostgreSQL: `to_tsvector('simple', search_text)` (the terms are already normalised, so the 'simple'
  configuration only splits them) against a `to_tsquery` of the terms joined by `&`; a GIN index on
  the same expression (`GIN_INDEX_SQL`, created by the migrations) serves it. Rank: `ts_rank`.
- SQLite (and anything else): each term must occur as a whole word in " " || search_text || " ",
  a LIKE per term, no index (a full scan, fine for the small installations and the tests that run on
  it). Rank: how many times the query's terms occur, so the order follows the same idea (term
  frequency) as `ts_rank`, without its length normalisation; the two may order close ties differently.

A query left with no terms (only stop words or punctuation) matches nothing rather than everything.
"""

import re

from django.db import connection
from django.db.models import BooleanField, FloatField
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe

from baruga.lib import textnorm

MAX_QUERY_LENGTH = 100
MAX_QUERY_TERMS = 8
TSVECTOR_SQL = "to_tsvector('simple'::regconfig, {column})"
GIN_INDEX_SQL = ("CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ("
                 + TSVECTOR_SQL.format(column="search_text") + ")")


def stored_text(title, body):
    """The `search_text` of a title and body: the title's terms twice (a title match ranks higher), then
    the body's."""
    title = textnorm.normalise(title)
    return " ".join(part for part in (title, title, textnorm.normalise(body)) if part)


# The searched models and the fields their `search_text` is made of (title first), for the backfill and
# `manage.py rebuild_search_text`. Named, not imported: lib stays below the apps.
SEARCHABLE = {"complaints.Report": ("title", "body"), "ppid.PublicInformation": ("title", "summary")}


def rebuild(model, fields, *, batch=2000):
    """Recompute `search_text` of every row of `model` (`fields`: title, body) in primary-key batches;
    only changed rows are written. Returns how many changed. Used by the migrations and the command."""
    title, body = fields
    last, changed = 0, 0
    while True:
        rows = list(model.objects.filter(pk__gt=last).order_by("pk").only("pk", title, body, "search_text")[:batch])
        if not rows:
            return changed
        stale = []
        for row in rows:
            text = stored_text(getattr(row, title), getattr(row, body))
            if text != row.search_text:
                row.search_text = text
                stale.append(row)
        model.objects.bulk_update(stale, ["search_text"], batch_size=500)
        changed += len(stale)
        last = rows[-1].pk


def query_terms(q):
    """The distinct terms of a query, in order, at most MAX_QUERY_TERMS (terms are [a-z0-9]+)."""
    found = []
    for term in textnorm.terms((q or "")[:MAX_QUERY_LENGTH]):
        if term not in found:
            found.append(term)
    return found[:MAX_QUERY_TERMS]


def _column(model):
    return f'"{model._meta.db_table}"."search_text"'


def match_sql(model, terms):
    """`(sql, params)`: the condition "every term is in the row's search_text" for `model`'s table."""
    column = _column(model)
    if connection.vendor == "postgresql":
        return (f"{TSVECTOR_SQL.format(column=column)} @@ to_tsquery('simple'::regconfig, %s)",
                [" & ".join(terms)])
    padded = f"(' ' || {column} || ' ')"
    return " AND ".join(f"{padded} LIKE %s" for _term in terms), [f"% {term} %" for term in terms]


def matches(model, terms):
    sql, params = match_sql(model, terms)
    return RawSQL(sql, params, output_field=BooleanField())


def rank(model, terms):
    """A relevance figure for each matching row: higher first (see the module's docstring)."""
    column = _column(model)
    if connection.vendor == "postgresql":
        return RawSQL(f"ts_rank({TSVECTOR_SQL.format(column=column)}, to_tsquery('simple'::regconfig, %s))",
                      [" & ".join(terms)], output_field=FloatField())
    padded = f"(' ' || {column} || ' ')"
    parts = [f"(length({padded}) - length(replace({padded}, %s, ''))) / length(%s)" for _term in terms]
    params = [value for term in terms for value in (f" {term} ", f" {term} ")]
    return RawSQL("(" + " + ".join(parts) + ")", params, output_field=FloatField())


# --- snippets --------------------------------------------------------------------------------------

WORD = re.compile(r"[^\W_]+")
SNIPPET_LENGTH = 180


def snippet(text, q, *, length=SNIPPET_LENGTH):
    """An escaped excerpt of `text` around its first word matching a term of `q`, matches in <mark>.

    A word matches when its own terms (abbreviation expanded, stemmed) include one of the query's, so
    "diperbaiki" is marked for the query "perbaikan". Without a match: the start of the text. Every
    piece of `text` is escaped; only the <mark> tags are markup.
    """
    text = str(text or "")
    wanted = set(query_terms(q))
    words = [m for m in WORD.finditer(text) if wanted and wanted.intersection(textnorm.terms(m.group()))]
    start = 0
    if words:
        start = max(0, words[0].start() - length // 3)
        # Begin at a word boundary.
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < words[0].start() else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    out, cursor = [], start
    for m in words:
        if m.start() < start or m.end() > end:
            continue
        out.append(escape(text[cursor:m.start()]))
        out.append(f"<mark>{escape(m.group())}</mark>")
        cursor = m.end()
    out.append(escape(text[cursor:end]))
    return mark_safe(("…" if start else "") + "".join(out).strip() + ("…" if end < len(text) else ""))

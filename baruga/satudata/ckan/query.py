"""package_search's Solr syntax, the subset CKAN clients and harvesters send, turned into Django `Q`s.

Grammar (default operator AND, as CKAN's Solr schema sets it):

    expr   := term ((AND | OR | && | ||)? term)*
    term   := (+ | - | ! | NOT)? atom
    atom   := "(" expr ")" | field ":" value | field ":" "(" values ")" | field ":" range | text
    range  := ("[" | "{") bound TO bound ("]" | "}")      bound: * | ISO date-time | NOW[-n UNIT] | number
    value  := "quoted" | bare (a trailing * is a prefix match, a lone * "has any value")

Anything else — an unknown field, an unbalanced bracket, a bad date — raises `QueryError` (a 400
"Search Query Error"), never an empty result.
"""

import datetime as dt
import re
import uuid

from dateutil.relativedelta import relativedelta
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from baruga.directory.models import Agency
from baruga.lib import textsearch
from baruga.satudata.ckan.dicts import org_id, org_name
from baruga.satudata.models import AccessLevel, Dataset, Resource, State


class QueryError(Exception):
    pass


TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<quoted>"(?:[^"\\]|\\.)*")
  | (?P<op>&&|\|\||[()\[\]{}])
  | (?P<word>(?:[^\s()\[\]{}"\\:]|\\.)+)
  | (?P<colon>:)
""", re.X)


RANGE_WORD = re.compile(r"\s+|[^\s\[\]{}]+|[\[\]{}]")


def tokenize(text):
    """(kind, value) tokens; inside a [range] a bound may hold colons (2024-01-01T00:00:00Z)."""
    tokens, pos, in_range = [], 0, False
    while pos < len(text):
        if in_range:
            m = RANGE_WORD.match(text, pos)
            pos = m.end()
            value = m.group()
            if value.isspace():
                continue
            if value in "]}":
                in_range = False
                tokens.append(("op", value))
            elif value in "[{":
                raise QueryError(_("Rentang di dalam rentang tidak didukung."))
            else:
                tokens.append(("word", value))
            continue
        m = TOKEN.match(text, pos)
        if m is None:
            raise QueryError(_("Kueri tidak dapat dibaca di posisi %(pos)d.") % {"pos": pos})
        pos = m.end()
        kind = m.lastgroup
        if kind == "ws":
            continue
        value = m.group()
        if kind == "op" and value in "[{":
            in_range = True
        if kind == "quoted":
            value = re.sub(r"\\(.)", r"\1", value[1:-1])
        elif kind == "word":
            value = re.sub(r"\\(.)", r"\1", value)
        tokens.append((kind, value))
    return tokens


def _parse_when(raw, *, end=False):
    """An ISO date/date-time (Z or offset, or naive = UTC) or Solr's NOW[-/+n UNIT][/DAY]; None for *."""
    if raw == "*":
        return None
    m = re.fullmatch(r"NOW((?:[+-]\d+(?:YEARS?|MONTHS?|DAYS?|HOURS?|MINUTES?))*)(/DAY)?", raw)
    if m:
        value = timezone.now()
        for sign, n, unit in re.findall(r"([+-])(\d+)([A-Z]+?)S?(?=[+-]|$)", m.group(1)):
            n = int(n) * (1 if sign == "+" else -1)
            key = {"YEAR": "years", "MONTH": "months", "DAY": "days", "HOUR": "hours", "MINUTE": "minutes"}[unit]
            value += relativedelta(**{key: n})
        if m.group(2):
            value = value.replace(hour=0, minute=0, second=0, microsecond=0)
        return value
    text = raw.replace("Z", "+00:00") if raw.endswith("Z") else raw
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            value = dt.datetime.fromisoformat(text)
        else:
            value = dt.datetime.fromisoformat(text)
    except ValueError as e:
        raise QueryError(_("Tanggal tidak sah: “%(value)s” (gunakan mis. 2024-01-31T00:00:00Z).") % {"value": raw[:40]}) from e
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value


def _number(raw):
    if raw == "*":
        return None
    try:
        return int(raw)
    except ValueError as e:
        raise QueryError(_("Bukan bilangan: “%(value)s”.") % {"value": raw[:40]}) from e


def _org_lookup():
    table = {}
    for agency in Agency.objects.select_related("jurisdiction"):
        table[org_name(agency)] = agency.pk
        table[org_id(agency)] = agency.pk
    return table


def _text_field(path):
    def build(value, prefix):
        if value == "*":
            return ~Q(**{path: ""})
        if prefix:
            return Q(**{f"{path}__istartswith": value})
        return Q(**{f"{path}__icontains": value})
    return build


def _exact_field(path, *, lower=False, convert=None):
    def build(value, prefix):
        if value == "*":
            return Q(**{f"{path}__isnull": False}) & ~Q(**{path: ""})
        if prefix:
            return Q(**{f"{path}__istartswith": value})
        if convert is not None:
            value = convert(value)
        return Q(**{f"{path}__iexact" if lower else path: value})
    return build


def _uuid(value):
    try:
        return uuid.UUID(value)
    except ValueError as e:
        raise QueryError(_("Bukan id yang sah: “%(value)s”.") % {"value": value[:40]}) from e


def _in_sub(model, field, q):
    """Datasets with a related row matching q (EXISTS, so no duplicate rows)."""
    return Q(Exists(model.objects.filter(q, **{field: OuterRef("pk")})))


def _tags(value, prefix):
    through = Dataset.tags.through
    if value == "*":
        return _in_sub(through, "dataset_id", Q())
    return _in_sub(through, "dataset_id", Q(**{"tag__name__istartswith" if prefix else "tag__name": value}))


def _groups(value, prefix):
    through = Dataset.groups.through
    if value == "*":
        return _in_sub(through, "dataset_id", Q())
    return _in_sub(through, "dataset_id", Q(**{"group__name__istartswith" if prefix else "group__name": value}))


def _res_format(value, prefix):
    base = Q(is_deleted=False)
    if value != "*":
        base &= Q(**{"format__istartswith" if prefix else "format__iexact": value})
    return _in_sub(Resource, "dataset_id", base)


def _res_name(value, prefix):
    base = Q(is_deleted=False)
    if value != "*":
        base &= Q(name__icontains=value)
    return _in_sub(Resource, "dataset_id", base)


class Context:
    def __init__(self):
        self._orgs = None

    def org(self, value):
        if self._orgs is None:
            self._orgs = _org_lookup()
        return self._orgs.get(value)


def _organization(ctx):
    def build(value, prefix):
        if value == "*":
            return Q()
        pk = ctx.org(value)
        if pk is None:
            return Q(pk__in=[])  # an organization that does not exist: no datasets (as CKAN)
        return Q(agency_id=pk)
    return build


def _state(value, prefix):
    mapping = {"active": Q(state=State.PUBLISHED), "draft": ~Q(state__in=[State.PUBLISHED, State.DELETED]),
               "deleted": Q(state=State.DELETED), "*": Q()}
    if value not in mapping:
        raise QueryError(_("state tidak dikenal: “%(value)s”.") % {"value": value[:40]})
    return mapping[value]


def _bool(field_true):
    def build(value, prefix):
        value = value.lower()
        if value == "*":
            return Q()
        if value not in ("true", "false"):
            raise QueryError(_("Nilai harus true atau false: “%(value)s”.") % {"value": value[:40]})
        return field_true if value == "true" else ~field_true
    return build


def _dataset_type(value, prefix):
    return Q() if value in ("dataset", "*") else Q(pk__in=[])


def _capacity(value, prefix):
    return {"public": Q(access_level=AccessLevel.OPEN), "private": ~Q(access_level=AccessLevel.OPEN),
            "*": Q()}.get(value, Q(pk__in=[]))


def _text(value, prefix):
    terms = textsearch.query_terms(value)
    if not terms:
        return Q() if value == "*" else Q(pk__in=[])
    return Q(textsearch.matches(Dataset, terms))


DATE_FIELDS = {"metadata_modified": "metadata_modified", "metadata_created": "created",
               "data_updated": "data_updated", "period_start": "period_start", "period_end": "period_end"}
NUMBER_FIELDS = {"priority_year": "priority_year"}


def field_builders(ctx):
    return {
        "id": _exact_field("pk", convert=_uuid),
        "name": _exact_field("name"),
        "title": _text_field("title"),
        "notes": _text_field("notes"),
        "text": _text,
        "tags": _tags,
        "groups": _groups,
        "organization": _organization(ctx),
        "owner_org": _organization(ctx),
        "license_id": _exact_field("license_id"),
        "license": _exact_field("license_id"),
        "res_format": _res_format,
        "res_name": _res_name,
        "state": _state,
        "private": _bool(~Q(access_level=AccessLevel.OPEN)),
        "isopen": _bool(Q(license__is_open=True)),
        "dataset_type": _dataset_type,
        "type": _dataset_type,
        "capacity": _capacity,
        "frequency": _exact_field("frequency"),
        "access_level": _exact_field("access_level"),
        "region_code": _exact_field("region_code"),
        "collection_method": _exact_field("collection_method"),
        "maintainer": _text_field("maintainer"),
        "source": _text_field("source"),
        "konsep": _text_field("konsep"),
        "definisi": _text_field("definisi"),
        "jurisdiction_code": _exact_field("jurisdiction__code"),
        "priority_year": _exact_field("priority_year", convert=_number),
        "metadata_modified": _exact_field("metadata_modified", convert=_parse_when),
        "metadata_created": _exact_field("created", convert=_parse_when),
        "site_id": lambda value, prefix: Q(),
    }


class Parser:
    def __init__(self, text, *, free_text=True):
        self.text = text
        self.tokens = tokenize(text)
        self.pos = 0
        self.free_text = free_text
        self.ctx = Context()
        self.builders = field_builders(self.ctx)

    def peek(self, offset=0):
        i = self.pos + offset
        return self.tokens[i] if i < len(self.tokens) else (None, None)

    def take(self):
        token = self.peek()
        self.pos += 1
        return token

    def parse(self):
        if not self.tokens:
            return Q()
        q = self.expr()
        if self.pos < len(self.tokens):
            raise QueryError(_("Kueri tidak dapat dibaca dekat “%(value)s”.") % {"value": str(self.peek()[1])[:40]})
        return q

    def expr(self):
        """Terms joined by AND (default) and OR; AND binds tighter than OR."""
        alternatives = [[]]
        while True:
            kind, value = self.peek()
            if kind is None or (kind == "op" and value == ")"):
                break
            if (kind == "word" and value in ("AND", "OR")) or (kind == "op" and value in ("&&", "||")):
                self.take()
                if value in ("OR", "||"):
                    alternatives.append([])
                continue
            alternatives[-1].append(self.term())
        if any(not group for group in alternatives):
            raise QueryError(_("Operator AND/OR tanpa ruas di sisinya."))
        out = None
        for group in alternatives:
            conj = Q()
            must_not = []
            for negate, q in group:
                if negate:
                    must_not.append(q)
                else:
                    conj &= q
            for q in must_not:
                conj &= ~q
            out = conj if out is None else (out | conj)
        return out

    def term(self):
        kind, value = self.peek()
        negate = False
        if kind == "word" and value == "NOT":
            self.take()
            negate = True
        elif kind == "word" and value[0] in "+-!" and len(value) >= 1:
            sign = value[0]
            rest = value[1:]
            if rest:
                self.tokens[self.pos] = ("word", rest)
            else:
                self.take()
            negate = sign in "-!"
        return negate, self.atom()

    def atom(self):
        kind, value = self.take()
        if kind == "op" and value == "(":
            q = self.expr()
            self.expect(")")
            return q
        if kind in ("word", "quoted") and self.peek()[0] == "colon":
            if kind == "quoted":
                raise QueryError(_("Nama ruas tidak boleh diberi tanda kutip."))
            self.take()
            return self.field(value)
        if kind in ("word", "quoted"):
            if not self.free_text:
                raise QueryError(_("fq memerlukan ruas:nilai, bukan “%(value)s”.") % {"value": str(value)[:40]})
            return _text(value, False)
        raise QueryError(_("Kueri tidak dapat dibaca dekat “%(value)s”.") % {"value": str(value)[:40]})

    def expect(self, symbol):
        kind, value = self.take()
        if kind != "op" or value != symbol:
            raise QueryError(_("Tanda “%(symbol)s” tidak ada dalam kueri.") % {"symbol": symbol})

    def builder(self, field):
        if field.startswith("extras_"):
            key = field[len("extras_"):]

            def build(value, prefix):
                if value == "*":
                    return Q(**{"extras__has_key": key})
                return Q(**{f"extras__{key}": value})
            if not re.fullmatch(r"[A-Za-z0-9_]{1,100}", key):
                raise QueryError(_("Ruas tidak dikenal: “%(field)s”.") % {"field": field[:60]})
            return build
        try:
            return self.builders[field]
        except KeyError:
            raise QueryError(_("Ruas tidak dikenal: “%(field)s”.") % {"field": field[:60]}) from None

    def field(self, name):
        build = self.builder(name)
        kind, value = self.peek()
        if kind == "op" and value in "[{":
            return self.range(name)
        if kind == "op" and value == "(":
            self.take()
            q = self.values(build)
            self.expect(")")
            return q
        kind, value = self.take()
        if kind not in ("word", "quoted"):
            raise QueryError(_("Nilai untuk ruas “%(field)s” tidak ada.") % {"field": name[:60]})
        return self.value(build, kind, value)

    def value(self, build, kind, value):
        if kind == "word" and value != "*" and value.endswith("*"):
            return build(value[:-1], True)
        return build(value, False)

    def values(self, build):
        """field:(a OR b), field:(a b) (AND), with negation."""
        alternatives = [[]]
        while True:
            kind, value = self.peek()
            if kind is None:
                raise QueryError(_("Tanda kurung tidak ditutup."))
            if kind == "op" and value == ")":
                break
            self.take()
            if kind == "word" and value in ("AND", "&&"):
                continue
            if value in ("OR", "||"):
                alternatives.append([])
                continue
            negate = False
            if kind == "word" and value[0] in "-!" and len(value) > 1:
                negate, value = True, value[1:]
            if kind not in ("word", "quoted"):
                raise QueryError(_("Nilai tidak dapat dibaca: “%(value)s”.") % {"value": str(value)[:40]})
            q = self.value(build, kind, value)
            alternatives[-1].append(~q if negate else q)
        out = None
        for group in alternatives:
            if not group:
                raise QueryError(_("OR tanpa nilai di sisinya."))
            conj = Q()
            for q in group:
                conj &= q
            out = conj if out is None else out | conj
        return out

    def range(self, name):
        _kind, opener = self.take()
        low = self.take()
        to = self.take()
        high = self.take()
        closer = self.take()
        if low[0] != "word" or to != ("word", "TO") or high[0] != "word" or closer[0] != "op" \
                or closer[1] not in "]}":
            raise QueryError(_("Rentang untuk ruas “%(field)s” harus [awal TO akhir].") % {"field": name[:60]})
        if name in DATE_FIELDS:
            path = DATE_FIELDS[name]
            lo, hi = _parse_when(low[1]), _parse_when(high[1], end=True)
            if name in ("period_start", "period_end"):
                lo, hi = (lo.date() if lo else None), (hi.date() if hi else None)
        elif name in NUMBER_FIELDS:
            path = NUMBER_FIELDS[name]
            lo, hi = _number(low[1]), _number(high[1])
        else:
            raise QueryError(_("Rentang tidak didukung untuk ruas “%(field)s”.") % {"field": name[:60]})
        q = Q()
        if lo is not None:
            q &= Q(**{f"{path}__gte" if opener == "[" else f"{path}__gt": lo})
        if hi is not None:
            q &= Q(**{f"{path}__lte" if closer[1] == "]" else f"{path}__lt": hi})
        return q


def parse(text, *, free_text=True):
    return Parser(text or "", free_text=free_text).parse()


SORT_FIELDS = {"id": "id", "name": "name", "title": "title", "title_string": "title",
               "metadata_modified": "metadata_modified", "metadata_created": "created",
               "score": None, "views_recent": None, "num_resources": "num_resources_", "num_tags": None}


def parse_sort(sort, *, ranked):
    """CKAN's sort ("score desc, metadata_modified desc") → order_by terms, id last for stable pages."""
    order = []
    for part in (sort or "").split(","):
        part = part.strip()
        if not part:
            continue
        bits = part.split()
        if len(bits) != 2 or bits[1].lower() not in ("asc", "desc") or bits[0] not in SORT_FIELDS:
            raise QueryError(_("Urutan tidak dikenal: “%(sort)s” (gunakan mis. “metadata_modified desc”).") % {"sort": part[:60]})
        field = SORT_FIELDS[bits[0]]
        if bits[0] == "score":
            if ranked:
                order.append("search_rank" if bits[1].lower() == "asc" else "-search_rank")
            continue
        if field is None:
            continue
        order.append(field if bits[1].lower() == "asc" else "-" + field)
    if not any(o.lstrip("-") == "id" for o in order):
        order.append("id")
    return order

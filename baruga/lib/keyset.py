"""Keyset ("cursor") pagination: a page starts right after, or ends right before, the row a cursor names.

An OFFSET page reads and throws away every row before it (page 200 of the inbox: 4,975 rows); a
keyset page starts where the previous one stopped, through the index of its order, so a deep page
costs what the first one does. A cursor is the sort key of one row, opaque to the user (url-safe
base64 of the values joined by "|", datetimes in ISO 8601, nulls as ""), e.g. for newest first
(`created_at` desc, `id` desc) "2026-03-01T08:00:00.123456+00:00|4711" — the format of the public
API's `next_cursor`, which uses this module. A cursor is a position in an order, never a permission:
it only narrows the queryset it is applied to, so a forged one can at worst show an odd page of rows
the caller may see anyway.
"""

import base64
import binascii
import datetime as dt
from dataclasses import dataclass

from django.db.models import F, Q

INT_MIN, INT_MAX = -(2**63), 2**63 - 1


class CursorError(ValueError):
    """A cursor that is not one of ours (bad base64, wrong number of values, unparsable value)."""


@dataclass(frozen=True)
class Column:
    """One key of an order. `kind`: "datetime" or "int". A nullable column sorts its nulls last or
    first (`nulls_last`); the last column must be unique and non-null (the primary key)."""

    name: str
    descending: bool = False
    kind: str = "int"
    nullable: bool = False
    nulls_last: bool = True

    def reversed(self):
        return Column(self.name, not self.descending, self.kind, self.nullable, not self.nulls_last)

    def order(self):
        expression = F(self.name)
        if not self.nullable:
            return expression.desc() if self.descending else expression.asc()
        nulls = {"nulls_last": True} if self.nulls_last else {"nulls_first": True}
        return expression.desc(**nulls) if self.descending else expression.asc(**nulls)

    def dump(self, value):
        if value is None:
            return ""
        return value.isoformat() if self.kind == "datetime" else str(int(value))

    def load(self, text):
        if text == "":
            if not self.nullable:
                raise CursorError(self.name)
            return None
        if self.kind == "datetime":
            value = dt.datetime.fromisoformat(text)
            return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        value = int(text)
        if not INT_MIN <= value <= INT_MAX:
            raise CursorError(self.name)
        return value


class Keyset:
    """An order over unique keys, and the conditions "after" / "before" a position in it."""

    def __init__(self, *columns):
        self.columns = tuple(columns)

    def order_by(self, *, reverse=False):
        return [(c.reversed() if reverse else c).order() for c in self.columns]

    def values(self, obj):
        return tuple(getattr(obj, "pk" if c.name == "id" else c.name) for c in self.columns)

    def encode(self, obj):
        raw = "|".join(c.dump(v) for c, v in zip(self.columns, self.values(obj), strict=True))
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    def decode(self, cursor):
        """The position a cursor names; CursorError if it is not a cursor of this order."""
        try:
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
            parts = raw.split("|")
            if len(parts) != len(self.columns):
                raise CursorError(cursor)
            return tuple(c.load(p) for c, p in zip(self.columns, parts, strict=True))
        except (binascii.Error, UnicodeDecodeError, ValueError, TypeError, OverflowError):
            raise CursorError(cursor) from None

    def after(self, queryset, position):
        """The rows that come after `position` in this order."""
        return queryset.filter(_beyond(self.columns, position))

    def before(self, queryset, position):
        """The rows that come before `position` in this order (the order reversed: after it)."""
        return queryset.filter(_beyond(tuple(c.reversed() for c in self.columns), position))


def _beyond(columns, values):
    """Rows strictly after `values` in the order `columns`: (c1 beyond v1) OR (c1 = v1 AND the rest beyond).

    For a non-null leading column the condition also carries the bound `c1 <= v1` (descending) or
    `c1 >= v1`, which an index on the order can start its walk at; the OR alone it could only filter.
    """
    column, value, rest = columns[0], values[0], columns[1:]
    name = column.name
    if value is None:
        same = Q(**{f"{name}__isnull": True})
        # Nulls last: nothing but nulls comes after a null. Nulls first: every non-null does.
        past = None if column.nulls_last else Q(**{f"{name}__isnull": False})
    else:
        same = Q(**{name: value})
        past = Q(**{f"{name}__{'lt' if column.descending else 'gt'}": value})
        if column.nullable and column.nulls_last:
            past |= Q(**{f"{name}__isnull": True})
    if rest:
        same &= _beyond(rest, values[1:])
    else:
        same = None  # the last column is unique: the row itself is not beyond itself
    condition = same if past is None else past if same is None else past | same
    if condition is None:
        return Q(pk__in=[])
    if value is not None and not column.nullable:
        condition = Q(**{f"{name}__{'lte' if column.descending else 'gte'}": value}) & condition
    return condition


class KeysetPage:
    """One page of rows, with the cursors of its neighbours (None when there is none)."""

    def __init__(self, rows, *, keyset, has_next, has_previous):
        self.object_list = rows
        self.has_next = has_next
        self.has_previous = has_previous
        self.next_cursor = keyset.encode(rows[-1]) if has_next and rows else None
        self.previous_cursor = keyset.encode(rows[0]) if has_previous and rows else None

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    @property
    def has_other_pages(self):
        return self.has_next or self.has_previous


def keyset_page(queryset, keyset, per_page, *, after=None, before=None):
    """The page after the cursor `after`, or before the cursor `before`, or the first page.

    One query (two when `before` reaches the start of the list: then the first page is served, full).
    CursorError for a cursor that is not one of this keyset's.
    """
    if after:
        position = keyset.decode(after)
        rows = list(keyset.after(queryset, position).order_by(*keyset.order_by())[: per_page + 1])
        return KeysetPage(rows[:per_page], keyset=keyset, has_next=len(rows) > per_page, has_previous=True)
    if before:
        position = keyset.decode(before)
        rows = list(keyset.before(queryset, position).order_by(*keyset.order_by(reverse=True))[: per_page + 1])
        if len(rows) > per_page:
            return KeysetPage(rows[:per_page][::-1], keyset=keyset, has_next=True, has_previous=True)
    rows = list(queryset.order_by(*keyset.order_by())[: per_page + 1])
    return KeysetPage(rows[:per_page], keyset=keyset, has_next=len(rows) > per_page, has_previous=False)

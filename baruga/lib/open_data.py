"""The contract between an app that publishes its own figures as open data and Satu Data, which publishes them.

An app with figures to publish has `baruga/<app>/open_data.py` with a module-level list
`DATASETS = [OpenDataset(...)]`. Satu Data finds these modules through the app registry
(`satudata.ownstats`), so the providing apps never import Satu Data and Satu Data never imports them:
both only import this module. Each `OpenDataset` becomes, per jurisdiction with a walidata OPD, the
dataset `<key>-<jurisdiction code>`; each of its `Table`s one CSV resource loaded into the datastore.

`Table.rows(jurisdiction)` returns the rows (sequences in `columns` order) of that jurisdiction, using the
providing app's own selectors, so the published figures are the ones its pages and reports show. Values:
int, float/Decimal, date, str or None. Only what may be public: never drafts or unverified figures.
"""

from dataclasses import dataclass, field
from typing import Callable

COLUMN_TYPES = ("int", "numeric", "date", "text")


@dataclass(frozen=True)
class Column:
    id: str  # the CSV header and the datastore column id: lowercase, digits and underscores
    label: str  # what it means, in Indonesian (the resource's data dictionary)
    type: str = "text"  # one of COLUMN_TYPES

    def __post_init__(self):
        if self.type not in COLUMN_TYPES:
            raise ValueError(f"column {self.id!r}: type {self.type!r} is not one of {COLUMN_TYPES}")


@dataclass(frozen=True)
class Table:
    key: str  # stable within its dataset: the resource is found again by it
    title: str  # the resource's name
    description: str
    columns: tuple
    rows: Callable  # rows(jurisdiction) -> iterable of sequences in `columns` order
    # The column that says when a row's figures are from: a date, or an int year. The dataset's period
    # (its metadata, the portal's year facet, DCAT's temporal coverage) is the span of its values.
    period: str = ""


@dataclass(frozen=True)
class OpenDataset:
    key: str  # the dataset's name is f"{key}-{jurisdiction code with dashes}"
    title: str  # with "%(jurisdiction)s" for the jurisdiction's name
    notes: str
    konsep: str
    definisi: str
    klasifikasi: str
    ukuran: str
    satuan: str
    frequency: str = "annual"
    groups: tuple = ("komunikasi-informatika",)
    tags: tuple = ()
    tables: tuple = field(default_factory=tuple)

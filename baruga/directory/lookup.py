"""The directory as every filing reads it, from the per-process reference cache (`baruga.lib.refcache`).

Lookups return copies, so a caller may attach them to a report or change them without touching the
cached rows. The parent of a jurisdiction comes attached (no query for `location.parent`).
"""

import copy

from baruga.directory.models import Category, District, Jurisdiction, Level
from baruga.directory.places import CENTRES
from baruga.lib import refcache


def _jurisdictions():
    def build():
        rows = {j.pk: j for j in Jurisdiction.objects.order_by("pk")}
        for row in rows.values():
            row.parent = rows.get(row.parent_id) if row.parent_id else None
        return {"by_pk": rows, "by_code": {j.code: j for j in rows.values()}}

    return refcache.get("directory.jurisdictions", build)


def _categories():
    def build():
        rows = list(Category.objects.order_by("pk"))
        parents = {row.parent_id for row in rows if row.parent_id}
        return {"by_pk": {c.pk: c for c in rows}, "by_slug": {c.slug: c for c in rows},
                "leaves": {c.pk for c in rows if c.pk not in parents}}

    return refcache.get("directory.categories", build)


def _districts():
    return refcache.get("directory.districts", lambda: {d.pk: d for d in District.objects.order_by("pk")})


def jurisdiction(pk):
    found = _jurisdictions()["by_pk"].get(pk)
    return copy.copy(found) if found is not None else None


def jurisdiction_by_code(code):
    found = _jurisdictions()["by_code"].get(code)
    return copy.copy(found) if found is not None else None


def regency(pk):
    """The active regency/city with this primary key, or None."""
    found = _jurisdictions()["by_pk"].get(pk)
    if found is None or not found.is_active or found.level not in (Level.REGENCY, Level.CITY):
        return None
    return copy.copy(found)


def leaf_category(pk):
    """The active leaf category with this primary key, or None."""
    data = _categories()
    found = data["by_pk"].get(pk)
    if found is None or not found.is_active or found.pk not in data["leaves"]:
        return None
    return copy.copy(found)


def district(pk):
    """The kecamatan with this primary key, its regency/city attached, or None."""
    found = _districts().get(pk)
    if found is None:
        return None
    found = copy.copy(found)
    found.jurisdiction = jurisdiction(found.jurisdiction_id)
    return found


def regency_by_code(code):
    """The active regency/city with this Kemendagri code, or None."""
    found = _jurisdictions()["by_code"].get(code)
    if found is None or not found.is_active or found.level not in (Level.REGENCY, Level.CITY):
        return None
    return copy.copy(found)


def category_by_slug(slug, *, leaf=True):
    """The active category with this slug (a leaf of the tree unless `leaf` is False), or None."""
    data = _categories()
    found = data["by_slug"].get(slug)
    if found is None or not found.is_active or (leaf and found.pk not in data["leaves"]):
        return None
    return copy.copy(found)


def parent_of(jurisdiction_obj):
    """The jurisdiction's parent (None at the top), without a query when it is cached."""
    if not jurisdiction_obj.parent_id:
        return None
    return jurisdiction(jurisdiction_obj.parent_id)


def map_places():
    """The active regencies/cities with a known centre, for the filing form's map: name, id, lat, lon."""
    def build():
        rows = _jurisdictions()["by_pk"].values()
        return sorted(({"id": j.pk, "name": j.short_name or j.name, "lat": CENTRES[j.code][0],
                        "lon": CENTRES[j.code][1]}
                       for j in rows if j.is_active and j.level in (Level.REGENCY, Level.CITY) and j.code in CENTRES),
                      key=lambda place: place["name"])

    return refcache.get("directory.map_places", build)

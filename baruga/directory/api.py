"""The directory, read-only and public: jurisdictions, their agencies and districts, categories."""

from ninja import Router, Schema

from baruga.api_errors import not_found, responses
from baruga.directory.models import Category, Jurisdiction

router = Router(tags=["directory"])


class JurisdictionOut(Schema):
    code: str
    name: str
    short_name: str
    level: str
    parent_code: str | None
    is_external: bool


class AgencyOut(Schema):
    id: int
    name: str
    short_name: str


class DistrictOut(Schema):
    id: int
    name: str


class CategoryNode(Schema):
    slug: str
    name: str
    authority: str
    children: list["CategoryNode"]


def _jurisdiction_or_404(code):
    found = Jurisdiction.objects.filter(code=code, is_active=True).first()
    if found is None:
        raise not_found()
    return found


@router.get("/jurisdictions", response=list[JurisdictionOut])
def jurisdictions(request):
    return [
        {"code": j.code, "name": j.name, "short_name": j.short_name, "level": j.level,
         "parent_code": j.parent.code if j.parent else None, "is_external": j.is_external}
        for j in Jurisdiction.objects.filter(is_active=True).select_related("parent")
    ]


@router.get("/jurisdictions/{code}/agencies", response=responses(list[AgencyOut], 404))
def agencies(request, code: str):
    return _jurisdiction_or_404(code).agencies.filter(is_active=True)


@router.get("/jurisdictions/{code}/districts", response=responses(list[DistrictOut], 404))
def districts(request, code: str):
    return _jurisdiction_or_404(code).districts.all()


@router.get("/categories", response=list[CategoryNode])
def categories(request):
    """The active category tree in one query; leaves carry the authority level (UU 23/2014)."""
    nodes = list(Category.objects.filter(is_active=True))
    children = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)

    def build(parent_id):
        return [{"slug": c.slug, "name": c.name, "authority": c.authority, "children": build(c.pk)}
                for c in children.get(parent_id, [])]

    return build(None)

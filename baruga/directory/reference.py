"""Loading the South Sulawesi reference data into the directory (idempotent)."""

from django.db import transaction

from baruga.directory.data import categories as category_data
from baruga.directory.data import sulsel
from baruga.directory.models import Agency, Category, CategoryRoute, District, Jurisdiction, Level

NATIONAL = {"code": "00", "name": "Pemerintah Pusat (SP4N-LAPOR!)", "short_name": "Pusat"}


@transaction.atomic
def load_reference_data():
    national, _ = Jurisdiction.objects.update_or_create(
        code=NATIONAL["code"],
        defaults={"name": NATIONAL["name"], "short_name": NATIONAL["short_name"], "level": Level.NATIONAL,
                  "is_external": True},
    )
    province, _ = Jurisdiction.objects.update_or_create(
        code=sulsel.PROVINCE["code"],
        defaults={"name": sulsel.PROVINCE["name"], "short_name": sulsel.PROVINCE["short_name"],
                  "level": Level.PROVINCE, "parent": national},
    )
    province_agencies = {}
    for item in sulsel.PROVINCE_AGENCIES:
        agency, _ = Agency.objects.update_or_create(
            jurisdiction=province, name=item["name"], defaults={"short_name": item["short_name"]}
        )
        province_agencies[item["name"]] = agency

    regencies = []
    regency_agencies = {}  # (regency pk, short_name) -> Agency
    for item in sulsel.REGENCIES:
        place = sulsel.place_name(item["name"])
        regency, _ = Jurisdiction.objects.update_or_create(
            code=item["code"],
            defaults={"name": item["name"], "short_name": place, "level": item["level"], "parent": province},
        )
        regencies.append(regency)
        for template in sulsel.REGENCY_AGENCY_TEMPLATES:
            agency, _ = Agency.objects.update_or_create(
                jurisdiction=regency, name=template["name"].format(place=place),
                defaults={"short_name": template["short_name"]},
            )
            regency_agencies[regency.pk, template["short_name"]] = agency
        for name in sulsel.DISTRICTS.get(item["code"], []):
            District.objects.get_or_create(jurisdiction=regency, name=name)

    def walk(nodes, parent):
        for position, node in enumerate(nodes):
            category, _ = Category.objects.update_or_create(
                slug=node["slug"],
                defaults={"name": node["name"], "authority": node["authority"] or "", "parent": parent,
                          "position": position},
            )
            if "province_agency" in node:
                CategoryRoute.objects.update_or_create(
                    category=category, jurisdiction=province,
                    defaults={"agency": province_agencies[node["province_agency"]]},
                )
            if "regency_agency" in node:
                for regency in regencies:
                    CategoryRoute.objects.update_or_create(
                        category=category, jurisdiction=regency,
                        defaults={"agency": regency_agencies[regency.pk, node["regency_agency"]]},
                    )
            walk(node["children"], category)

    walk(category_data.CATEGORIES, None)
    return province

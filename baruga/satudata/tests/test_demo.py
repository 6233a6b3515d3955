import io

import pytest
from django.core.management import call_command

from baruga.satudata.models import Dataset, State

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_a_dozen_marked_datasets_once():
    out = io.StringIO()
    call_command("seed_satudata_demo", stdout=out)
    assert Dataset.objects.count() == 12 and not Dataset.objects.filter(is_demo=False).exists()
    states = set(Dataset.objects.values_list("state", flat=True))
    assert {State.PUBLISHED, State.SUBMITTED, State.RETURNED, State.DRAFT} <= states
    assert Dataset.objects.filter(state=State.PUBLISHED, resources__datastore_active=True).count() >= 8
    assert Dataset.objects.values("agency").distinct().count() >= 6
    call_command("seed_satudata_demo", stdout=out)
    assert Dataset.objects.count() == 12 and "nothing changed" in out.getvalue()


def test_demo_tables_are_typed():
    call_command("seed_satudata_demo", stdout=io.StringIO())
    types = {name: {f["id"]: f["type"] for f in Dataset.objects.get(name=name).resources.get().datastore.fields}
             for name in ("jumlah-penduduk-kecamatan-makassar", "prevalensi-stunting-balita-kabkota",
                          "timbulan-sampah-bulanan-makassar")}
    assert types["jumlah-penduduk-kecamatan-makassar"] == {"kecamatan": "text", "laki_laki": "int",
                                                           "perempuan": "int", "jumlah": "int"}
    assert types["prevalensi-stunting-balita-kabkota"]["prevalensi_persen"] == "numeric"
    assert types["prevalensi-stunting-balita-kabkota"]["kode_wilayah"] == "text"
    assert types["timbulan-sampah-bulanan-makassar"]["bulan"] == "date"

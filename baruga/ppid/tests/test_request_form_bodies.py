"""The request form's public bodies and OPDs: the province first, then the regencies/cities by name (as on
/lapor/); each OPD names its body so the page can show only the chosen body's OPDs; the server refuses an
OPD of another body."""

import re

from baruga.directory.models import Agency
from baruga.ppid.models import InformationRequest
from baruga.ppid.tests.conftest import REQUEST


def _options(page, select_id):
    select = re.search(rf'<select name="\w+"[^>]*id="{select_id}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return re.findall(r'<option value="(\d*)"([^>]*)>([^<]*)</option>', select)


def test_the_province_comes_first_then_regencies_and_cities_by_name(client, ppid):
    page = client.get("/ppid/mohon/").text
    names = [label for value, _attrs, label in _options(page, "id_jurisdiction") if value]
    assert names == ["Provinsi Sulawesi Selatan", "Kabupaten Gowa", "Kota Makassar"]


def test_each_opd_names_its_public_body_for_the_page_script(client, ppid):
    page = client.get("/ppid/mohon/").text
    options = {int(value): attrs for value, attrs, _label in _options(page, "id_agency") if value}
    assert set(options) == set(Agency.objects.values_list("pk", flat=True))
    for agency in Agency.objects.all():
        assert f'data-jurisdiction="{agency.jurisdiction_id}"' in options[agency.pk]
    assert "ppid/request.js" in page and "js/error-summary.js" in page


def test_an_opd_of_another_public_body_is_refused_with_a_message(client, ppid):
    data = dict(REQUEST, jurisdiction=ppid.province.pk, agency=ppid.pupr.pk,
                submission_token="6f1f9a8e-0d2b-4d6a-9f5e-2f0c1c7a1b12")
    page = client.post("/ppid/mohon/", data).text
    assert "OPD yang dipilih tidak berada di bawah badan publik tujuan." in page
    assert 'href="#id_agency"' in page  # listed in the error summary
    assert not InformationRequest.objects.exists()


def test_the_receipt_offers_to_copy_the_private_link(client, ppid):
    data = dict(REQUEST, jurisdiction=ppid.makassar.pk, agency=ppid.pupr.pk,
                submission_token="6f1f9a8e-0d2b-4d6a-9f5e-2f0c1c7a1b13")
    receipt = client.get(client.post("/ppid/mohon/", data).url).text
    assert 'id="copy-row"' in receipt and "js/receipt.js" in receipt

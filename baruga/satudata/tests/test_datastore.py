"""Tabular files into the datastore: bad input gets a clear message or warning, the file is always kept."""

import pytest
from django.test import override_settings

from baruga.satudata import actions, datastore
from baruga.satudata.models import Resource, ResourceVersion
from baruga.satudata.tests.conftest import upload, xlsx_bytes

Status = Resource.DatastoreStatus


def parse_csv(text, encoding="utf-8"):
    return datastore.parse(text.encode(encoding), "CSV")


def test_indonesian_thousands_and_decimal_comma_with_semicolons():
    p = parse_csv("wilayah;jumlah;rasio\nMariso;1.234;12,5\nTallo;987.654;3,25\n")
    assert p.delimiter == ";"
    assert [f["type"] for f in p.fields] == ["text", "int", "numeric"]
    assert p.rows == [["Mariso", 1234, 12.5], ["Tallo", 987654, 3.25]]


def test_english_numbers_are_read_as_english():
    p = parse_csv("wilayah,jumlah,rasio\nA,\"1,234\",12.5\nB,\"2,000,000\",0.75\n")
    assert p.rows == [["A", 1234, 12.5], ["B", 2000000, 0.75]]


def test_mixed_indonesian_number_1_234_5():
    p = parse_csv("a;b\nx;1.234,5\ny;10\n")
    assert p.rows[0][1] == 1234.5 and p.fields[1]["type"] == "numeric"


def test_windows_1252_file_is_read_with_a_warning():
    p = parse_csv("nama;nilai\nCafé Pantai Losari;5\n", encoding="cp1252")
    assert p.rows[0][0] == "Café Pantai Losari"
    assert p.encoding == "windows-1252"
    assert any("bukan UTF-8" in w for w in p.warnings)


def test_utf8_bom_and_tabs():
    p = datastore.parse("\ufeffkolom a\tkolom b\n1\t2\n".encode(), "CSV")
    assert p.delimiter == "\t"
    assert [f["id"] for f in p.fields] == ["kolom_a", "kolom_b"]
    assert [f["label"] for f in p.fields] == ["kolom a", "kolom b"]


def test_ragged_rows_are_padded_and_widened_with_warnings():
    p = parse_csv("a,b,c\n1,2\n3,4,5,6\n")
    assert [f["id"] for f in p.fields] == ["a", "b", "c", "kolom_4"]
    assert p.rows == [[1, 2, None, None], [3, 4, 5, 6]]
    assert len(p.warnings) == 2


def test_codes_with_leading_zeros_and_kode_columns_stay_text():
    p = parse_csv("kode_wilayah,no_urut,jumlah\n73.71,007,5\n73.72,010,6\n")
    assert [f["type"] for f in p.fields] == ["text", "text", "int"]
    assert p.rows[0][:2] == ["73.71", "007"]


def test_dates_are_iso():
    p = parse_csv("tanggal,n\n31/12/2024,1\n2025-01-15,2\n")
    assert p.fields[0]["type"] == "date" and [r[0] for r in p.rows] == ["2024-12-31", "2025-01-15"]


def test_duplicate_and_empty_headers_get_distinct_ids():
    p = parse_csv("Jumlah,Jumlah,,2024\n1,2,3,4\n")
    assert [f["id"] for f in p.fields] == ["jumlah", "jumlah_2", "kolom_3", "k_2024"]


@pytest.mark.parametrize("raw, message", [
    (b"", "kosong"), (b"\n\n ,\n", "kosong"), (b"a,b\x00\x01\x02", "bukan teks"),
])
def test_unreadable_csv_is_a_clear_error(raw, message):
    with pytest.raises(datastore.LoadError, match=message):
        datastore.parse(raw, "CSV")


def test_xlsx_first_sheet_with_a_warning_or_the_chosen_one():
    raw = xlsx_bytes({"Ringkasan": [["tahun", "nilai"], [2023, 1.5], [2024, 2]],
                      "Rinci": [["kecamatan", "n"], ["Mariso", 5]]})
    first = datastore.parse(raw, "XLSX")
    assert first.sheet == "Ringkasan" and first.rows == [[2023, 1.5], [2024, 2]]
    assert any("2 lembar" in w for w in first.warnings)
    chosen = datastore.parse(raw, "XLSX", sheet="Rinci")
    assert chosen.rows == [["Mariso", 5]] and not chosen.warnings
    with pytest.raises(datastore.LoadError, match="Ringkasan, Rinci"):
        datastore.parse(raw, "XLSX", sheet="Tidak ada")


def test_corrupt_xlsx_is_a_clear_error():
    with pytest.raises(datastore.LoadError, match="XLSX rusak"):
        datastore.parse(b"PK\x03\x04 not really a zip", "XLSX")


@pytest.mark.django_db
def test_a_file_that_cannot_be_loaded_is_kept_as_a_download(data, make_dataset):
    dataset = make_dataset(csv=None)
    resource = actions.add_resource(data.pita, dataset, name="Rusak", upload=upload(b"a,b\x00\x00\x00", "x.csv"))
    assert resource.datastore_status == Status.FAILED and not resource.datastore_active
    assert "bukan teks" in resource.datastore_messages[0]
    version = ResourceVersion.objects.get(resource=resource)
    assert version.file.read() == b"a,b\x00\x00\x00"


@pytest.mark.django_db
def test_size_and_row_limits_are_configurable(data, make_dataset):
    dataset = make_dataset(csv=None)
    with override_settings(SATUDATA_DATASTORE_MAX_BYTES=10):
        big = actions.add_resource(data.pita, dataset, name="Besar", upload=upload("a,b\n1,2\n3,4\n"))
    assert big.datastore_status == Status.TOO_LARGE and "melebihi batas" in big.datastore_messages[0]
    with override_settings(SATUDATA_DATASTORE_MAX_ROWS=2):
        many = actions.add_resource(data.pita, dataset, name="Banyak", upload=upload("a\n1\n2\n3\n"))
    assert many.datastore_status == Status.TOO_LARGE
    with override_settings(SATUDATA_UPLOAD_MAX_BYTES=5):
        with pytest.raises(actions.ActionError, match="terlalu besar"):
            actions.add_resource(data.pita, dataset, name="Tolak", upload=upload("a,b\n1,2\n"))
    assert dataset.resources.count() == 2


@pytest.mark.django_db
def test_formula_cells_are_neutralised_in_the_preview_and_flagged(data, make_dataset):
    dataset = make_dataset(csv="nama,nilai\n=HYPERLINK(\"http://x\"),1\n@SUM(A1),2\n")
    resource = dataset.resources.get()
    assert resource.datastore_status == Status.WARNINGS
    fields, rows = datastore.preview(resource)
    assert rows[0][0] == "'=HYPERLINK(\"http://x\")" and rows[1][0] == "'@SUM(A1)"
    # the datastore itself keeps the value as it was
    assert datastore.search(resource)["records"][0]["nama"] == "=HYPERLINK(\"http://x\")"


@pytest.mark.django_db
def test_a_new_upload_is_a_new_version_never_overwriting(data, make_dataset):
    dataset = make_dataset()
    resource = dataset.resources.get()
    first = resource.current_version
    actions.update_resource(data.pita, resource, upload=upload("kecamatan;jumlah\nMariso;1\n", "v2.csv"))
    resource.refresh_from_db()
    assert resource.versions.count() == 2 and resource.current_version.number == 2
    assert first.file.read().startswith(b"kecamatan;tahun")
    assert resource.datastore.row_count == 1 and resource.hash == resource.current_version.sha256


@pytest.mark.django_db
class TestSearch:
    @pytest.fixture
    def resource(self, make_dataset):
        csv = "kecamatan;tahun;jumlah\n" + "".join(f"Kec {i};{2020 + i % 3};{i * 10}\n" for i in range(1, 11))
        return make_dataset(csv=csv).resources.get()

    def test_limit_offset_total_sort_fields(self, resource):
        r = datastore.search(resource, sort="jumlah desc", limit=3, offset=1, fields=["kecamatan", "jumlah"])
        assert r["total"] == 10
        assert [x["jumlah"] for x in r["records"]] == [90, 80, 70]
        assert [f["id"] for f in r["fields"]] == ["_id", "kecamatan", "jumlah"]

    def test_filters_and_q(self, resource):
        assert datastore.search(resource, filters={"tahun": 2021})["total"] == 4
        assert datastore.search(resource, filters={"tahun": ["2021", "2022"]})["total"] == 7
        assert [x["kecamatan"] for x in datastore.search(resource, q="kec 7")["records"]] == ["Kec 7"]

    @pytest.mark.parametrize("kwargs, field", [
        ({"sort": "tidak_ada asc"}, "sort"), ({"sort": "jumlah sideways"}, "sort"),
        ({"filters": {"tidak_ada": 1}}, "filters"), ({"filters": {"jumlah": "banyak"}}, "filters"),
        ({"fields": ["x"]}, "fields"), ({"limit": -1}, "limit"), ({"limit": "abc"}, "limit"),
        ({"offset": -5}, "offset"),
    ])
    def test_bad_queries_name_the_parameter(self, resource, kwargs, field):
        with pytest.raises(datastore.QueryError) as e:
            datastore.search(resource, **kwargs)
        assert e.value.field == field


def test_an_ambiguous_1_234_is_read_as_thousands_with_a_warning_unless_the_file_settles_it():
    p = parse_csv("a,b\nx,1.234\ny,2.500\n")
    assert [r[1] for r in p.rows] == [1234, 2500] and any("ribuan" in w for w in p.warnings)
    settled = parse_csv("a;b\nx;1.234\ny;2.500\n")
    assert [r[1] for r in settled.rows] == [1234, 2500] and not settled.warnings
    english = parse_csv("a,b,c\nx,1.234,0.5\ny,2.500,1.75\n")  # the other column says: decimal points
    assert [r[1] for r in english.rows] == [1.234, 2.5] and not english.warnings


def _storage_tables():
    from django.db import connection

    return {name for name in connection.introspection.table_names() if name.startswith(datastore.TABLE_PREFIX)}


@pytest.mark.django_db
def test_each_load_is_a_typed_table_replaced_on_reload_and_dropped_with_the_resource_table(data, make_dataset):
    csv = "kecamatan;tanggal;jumlah;rasio\nMariso;31/12/2024;5;1,5\nTallo;;7;\nWajo;15/01/2025;;2\n"
    dataset = make_dataset(csv=csv)
    resource = dataset.resources.get()
    first = resource.datastore
    assert first.storage["table"] in _storage_tables()
    assert first.storage["nulls"] == ["tanggal", "jumlah", "rasio"]
    r = datastore.search(resource, filters={"tanggal": "2024-12-31"})
    assert r["total"] == 1 and r["records"] == [{"_id": 1, "kecamatan": "Mariso", "tanggal": "2024-12-31",
                                                 "jumlah": 5, "rasio": 1.5}]
    # nulls last both ways, as before
    assert [x["_id"] for x in datastore.search(resource, sort="jumlah desc")["records"]] == [2, 1, 3]
    assert [x["_id"] for x in datastore.search(resource, sort="tanggal asc")["records"]] == [1, 3, 2]
    assert [x["_id"] for x in datastore.search(resource, sort="rasio desc")["records"]] == [3, 1, 2]
    assert datastore.search(resource, filters={"jumlah": None})["total"] == 1
    # values that no cell of the column can equal match nothing (never an error)
    assert datastore.search(resource, filters={"tanggal": "bukan tanggal"})["total"] == 0
    assert datastore.search(resource, filters={"jumlah": "5.5"})["total"] == 0
    assert datastore.search(resource, filters={"kecamatan": []})["total"] == 3  # no value: no condition
    with pytest.raises(datastore.QueryError):
        datastore.search(resource, filters={"kecamatan": {"x": 1}})
    actions.update_resource(data.pita, resource, upload=upload("kecamatan;jumlah\nMamajang;9\n", "v2.csv"))
    resource = Resource.objects.get(pk=resource.pk)
    second = resource.datastore
    assert second.pk != first.pk and first.storage["table"] not in _storage_tables()
    assert datastore.search(resource)["records"] == [{"_id": 1, "kecamatan": "Mamajang", "jumlah": 9}]
    second.delete()
    assert second.storage["table"] not in _storage_tables()


@pytest.mark.django_db
def test_plain_pages_read_by_row_number_and_totals_stay_exact(make_dataset):
    csv = "kecamatan;tahun\n" + "".join(f"Kec {i};{2020 + i % 3}\n" for i in range(1, 26))
    resource = make_dataset(csv=csv).resources.get()
    page = datastore.search(resource, limit=5, offset=20)
    assert [x["_id"] for x in page["records"]] == [21, 22, 23, 24, 25] and page["total"] == 25
    assert datastore.search(resource, limit=5, offset=30)["records"] == []
    assert [x["_id"] for x in datastore.search(resource, sort="_id desc", limit=2)["records"]] == [25, 24]
    filtered = datastore.search(resource, filters={"tahun": 2021}, limit=2, offset=1)
    assert filtered["total"] == 9 and [x["_id"] for x in filtered["records"]] == [4, 7]
    assert datastore.search(resource, q="kec 2", include_total=False)["total"] is None


def test_numbers_too_long_for_a_whole_number_column_are_kept_as_text():
    p = parse_csv("a,b\nx,12345678901234567890\ny,2\n")
    assert p.fields[1]["type"] == "text" and p.rows[0][1] == "12345678901234567890"

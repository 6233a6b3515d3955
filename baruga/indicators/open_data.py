"""The program indicators' values published as open data by Satu Data (contract: `baruga.lib.open_data`).

Only what the public indicator pages show: indicators marked for publication, values verified by the
province or computed by the system (`selectors.PUBLIC`); values waiting for verification or returned
never leave Baruga.
"""

from baruga.indicators.models import Target, Value, ValueStatus
from baruga.indicators.selectors import PUBLIC
from baruga.lib.open_data import Column, OpenDataset, Table


def value_rows(jurisdiction):
    values = list(Value.objects.filter(jurisdiction=jurisdiction, status__in=PUBLIC, value__isnull=False,
                                       indicator__is_published=True, indicator__is_active=True)
                  .select_related("indicator__program").order_by("indicator__program__position", "indicator__position",
                                                                 "indicator__code", "year", "semester"))
    indicator_ids = {v.indicator_id for v in values}
    targets = {(t.indicator_id, t.year, t.semester): t.value
               for t in Target.objects.filter(jurisdiction=jurisdiction, indicator_id__in=indicator_ids)}
    rows = []
    for v in values:
        # The period's own target, else the year's (as the indicator matrix reads it).
        target = targets.get((v.indicator_id, v.year, v.semester), targets.get((v.indicator_id, v.year, 0)))
        rows.append([v.indicator.program.name, v.indicator.code, v.indicator.name, v.year, v.semester,
                     v.period_label, v.value, target, v.indicator.get_unit_display(), v.source or "",
                     str(v.get_status_display()), "ya" if v.status == ValueStatus.VERIFIED else "tidak",
                     v.verified_at.date() if v.verified_at else None])
    return rows


DATASETS = [
    OpenDataset(
        key="indikator-program",
        title="Capaian Indikator Program %(jurisdiction)s",
        notes="Nilai indikator program (per indikator dan periode) beserta target, satuan dan sumber data, seperti "
              "yang tampil di halaman publik indikator Baruga: hanya nilai terverifikasi atau dihitung sistem. "
              "Diperbarui otomatis setiap hari.",
        konsep="Indikator kinerja program pemerintah daerah yang dipantau provinsi.",
        definisi="Nilai capaian indikator pada periode itu (tahun, atau semester I/II); target: target periode itu, "
                 "atau target tahunan bila tidak ada.",
        klasifikasi="Program; indikator; periode", ukuran="Nilai capaian; target", satuan="Menurut indikator",
        frequency="semiannual", groups=("statistik",), tags=("indikator", "kinerja"),
        tables=(Table(
            key="nilai", title="Nilai indikator program per periode",
            description="Satu baris per indikator dan periode.",
            columns=(
                Column("program", "Program"),
                Column("kode_indikator", "Kode indikator"),
                Column("indikator", "Indikator"),
                Column("tahun", "Tahun", "int"),
                Column("semester", "Semester (0: setahun)", "int"),
                Column("periode", "Periode"),
                Column("nilai", "Nilai capaian", "numeric"),
                Column("target", "Target", "numeric"),
                Column("satuan", "Satuan"),
                Column("sumber", "Sumber data"),
                Column("status", "Status nilai"),
                Column("terverifikasi", "Diverifikasi provinsi (ya/tidak)"),
                Column("tanggal_verifikasi", "Tanggal verifikasi", "date"),
            ),
            rows=value_rows,
            period="tahun",
        ),),
    ),
]

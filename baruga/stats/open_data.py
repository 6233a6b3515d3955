"""The complaint statistics published as open data by Satu Data (contract: `baruga.lib.open_data`).

Read from the rollups the dashboards and the public statistics read (`stats.models`), so the dataset
shows the same figures: per month received, regency/city where it happened, OPD, category, kind and
channel, the reports received, those now finished, and the OPD follow-up stages completed on time / late.
"""

from collections import defaultdict

from baruga.clocks.models import Clock, ClockKind
from baruga.complaints.models import Channel, Kind, State
from baruga.directory.models import Agency, Category, Jurisdiction
from baruga.lib.open_data import Column, OpenDataset, Table
from baruga.stats.models import StageCount, StateCount

DIMENSIONS = ("month", "location_id", "agency_id", "category_id", "kind", "channel")


def _names(model, ids):
    return dict(model.objects.filter(pk__in=[i for i in ids if i]).values_list("pk", "name"))


def complaint_rows(jurisdiction):
    figures = defaultdict(lambda: [0, 0, 0, 0])  # received, finished, follow-up on time, late
    for row in StateCount.objects.filter(jurisdiction_id=jurisdiction.pk).values(*DIMENSIONS, "state", "n"):
        cell = figures[tuple(row[d] for d in DIMENSIONS)]
        cell[0] += row["n"]
        if row["state"] == State.FINISHED:
            cell[1] += row["n"]
    for row in StageCount.objects.filter(jurisdiction_id=jurisdiction.pk, stage=ClockKind.FOLLOW_UP,
                                         outcome__in=[Clock.Outcome.ON_TIME, Clock.Outcome.LATE]
                                         ).values(*DIMENSIONS, "outcome", "n"):
        figures[tuple(row[d] for d in DIMENSIONS)][2 if row["outcome"] == Clock.Outcome.ON_TIME else 3] += row["n"]
    places = _names(Jurisdiction, {key[1] for key in figures})
    agencies = _names(Agency, {key[2] for key in figures})
    categories = _names(Category, {key[3] for key in figures})
    kinds, channels = dict(Kind.choices), dict(Channel.choices)
    rows = []
    for key, (received, finished, on_time, late) in figures.items():
        month, place, agency, category, kind, channel = key
        rows.append([month, places.get(place, ""), agencies.get(agency, ""), categories.get(category, ""),
                     str(kinds.get(kind, kind)), str(channels.get(channel, channel)), received, finished, on_time,
                     late, round(100 * on_time / (on_time + late), 1) if on_time + late else None])
    rows.sort(key=lambda r: (r[0], *[str(v) for v in r[1:6]]))
    return rows


DATASETS = [
    OpenDataset(
        key="statistik-pengaduan",
        title="Statistik Pengaduan Masyarakat %(jurisdiction)s",
        notes="Laporan pengaduan dan aspirasi yang diterima lewat Baruga per bulan, wilayah kejadian, OPD, "
              "kategori, jenis dan kanal, beserta jumlah yang selesai dan ketepatan waktu tindak lanjut OPD. "
              "Diperbarui otomatis setiap hari.",
        konsep="Pengaduan: laporan masyarakat tentang pelayanan publik (Perpres 76/2013).",
        definisi="Jumlah laporan yang diterima pada bulan itu; selesai: yang kini berstatus selesai; tindak lanjut "
                 "tepat waktu/terlambat: tahap tindak lanjut OPD yang sudah selesai menurut batas waktunya "
                 "(hari kerja).",
        klasifikasi="Wilayah kejadian (kabupaten/kota); OPD penanggung jawab; kategori pengaduan Baruga; jenis; kanal",
        ukuran="Jumlah; persen", satuan="Laporan", frequency="monthly", tags=("pengaduan", "pelayanan publik"),
        tables=(Table(
            key="laporan",
            title="Laporan per bulan, kategori, kanal dan OPD",
            description="Satu baris per bulan diterima, wilayah kejadian, OPD, kategori, jenis dan kanal.",
            columns=(
                Column("bulan", "Bulan laporan diterima (tanggal 1)", "date"),
                Column("wilayah_kejadian", "Kabupaten/kota tempat kejadian"),
                Column("opd", "OPD penanggung jawab"),
                Column("kategori", "Kategori"),
                Column("jenis", "Jenis laporan"),
                Column("kanal", "Kanal"),
                Column("jumlah_laporan", "Laporan diterima", "int"),
                Column("selesai", "Laporan yang kini selesai", "int"),
                Column("tindak_lanjut_tepat_waktu", "Tahap tindak lanjut OPD selesai tepat waktu", "int"),
                Column("tindak_lanjut_terlambat", "Tahap tindak lanjut OPD selesai terlambat", "int"),
                Column("persen_tepat_waktu", "Persen tindak lanjut tepat waktu", "numeric"),
            ),
            rows=complaint_rows,
            period="bulan",
        ),),
    ),
]

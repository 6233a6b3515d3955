"""The PPID annual figures published as open data by Satu Data (contract: `baruga.lib.open_data`).

Every year with requests, the figures of the annual public report (`selectors.annual_report`) in the rows
the report's page, spreadsheet and PDF show (`exports.summary_rows`, `ground_rows`, `objection_rows`): the
published numbers can never disagree with the report. No requester appears anywhere.
"""

from django.db.models.functions import ExtractYear

from baruga.lib.open_data import Column, OpenDataset, Table
from baruga.ppid import exports, selectors
from baruga.ppid.models import InformationRequest


def _years(jurisdiction):
    return sorted(set(InformationRequest.objects.filter(jurisdiction=jurisdiction)
                      .annotate(y=ExtractYear("registered_at")).values_list("y", flat=True)))


def _reports(jurisdiction):
    return [selectors.annual_report(year, [jurisdiction.pk]) for year in _years(jurisdiction)]


def summary_rows(jurisdiction):
    return [[report.year, *row] for report in _reports(jurisdiction) for row in exports.summary_rows(report)]


def ground_rows(jurisdiction):
    return [[report.year, *row] for report in _reports(jurisdiction) for row in exports.ground_rows(report)]


def objection_rows(jurisdiction):
    return [[report.year, *row] for report in _reports(jurisdiction) for row in exports.objection_rows(report)]


DATASETS = [
    OpenDataset(
        key="statistik-ppid",
        title="Statistik Layanan Informasi Publik (PPID) %(jurisdiction)s",
        notes="Angka laporan tahunan layanan informasi publik (UU 14/2008, PerKI 1/2021) per tahun dan per PPID: "
              "permohonan diterima, diputuskan, ditolak beserta alasannya, keberatan, sengketa dan waktu layanan "
              "dalam hari kerja. Sama dengan laporan tahunan PPID di Baruga; diperbarui otomatis setiap hari.",
        konsep="Permohonan informasi publik yang didaftarkan PPID dan PPID pembantu (UU 14/2008).",
        definisi="Permohonan yang didaftarkan pada tahun itu; waktu layanan: hari kerja dari pendaftaran sampai "
                 "keputusan menurut kalender kerja daerah; dilayani: permohonan yang sudah diputuskan.",
        klasifikasi="Tahun; PPID atau PPID pembantu (OPD); hasil keputusan; alasan pengecualian Pasal 17; "
                    "alasan keberatan Pasal 35",
        ukuran="Jumlah; hari kerja; rasio", satuan="Permohonan", frequency="annual",
        tags=("ppid", "informasi publik", "keterbukaan informasi"),
        tables=(
            Table(
                key="ringkasan", title="Ringkasan layanan informasi publik per tahun dan PPID",
                description="Satu baris per tahun dan PPID (PPID utama dan PPID pembantu di OPD).",
                columns=(
                    Column("tahun", "Tahun permohonan didaftarkan", "int"),
                    Column("ppid", "PPID (wilayah) atau PPID pembantu (OPD)"),
                    Column("jenis", "PPID atau PPID pembantu"),
                    Column("diterima", "Permohonan diterima", "int"),
                    Column("diputuskan", "Permohonan diputuskan (dilayani)", "int"),
                    Column("belum_diputuskan", "Permohonan belum diputuskan", "int"),
                    Column("diperpanjang", "Jangka waktu diperpanjang", "int"),
                    Column("tepat_waktu", "Diputuskan tepat waktu", "int"),
                    Column("rata_rata_hari_kerja", "Rata-rata waktu layanan (hari kerja)", "numeric"),
                    Column("waktu_terlama_hari_kerja", "Waktu layanan terlama (hari kerja)", "int"),
                    Column("dikabulkan", "Dikabulkan seluruhnya", "int"),
                    Column("dikabulkan_sebagian", "Dikabulkan sebagian", "int"),
                    Column("ditolak", "Ditolak (informasi dikecualikan)", "int"),
                    Column("tidak_dikuasai", "Informasi tidak dikuasai", "int"),
                    Column("belum_didokumentasikan", "Informasi belum didokumentasikan", "int"),
                    Column("keberatan", "Keberatan diajukan", "int"),
                    Column("sengketa", "Sengketa di Komisi Informasi", "int"),
                    Column("rasio_dilayani", "Indikator: dilayani dibagi diterima (0–1)", "numeric"),
                ),
                rows=summary_rows,
                period="tahun",
            ),
            Table(
                key="alasan-penolakan", title="Penolakan menurut alasan pengecualian (Pasal 17)",
                description="Permohonan ditolak atau dikabulkan sebagian per tahun dan alasan pengecualian.",
                columns=(
                    Column("tahun", "Tahun permohonan didaftarkan", "int"),
                    Column("ppid", "PPID"),
                    Column("alasan_pengecualian", "Alasan pengecualian (UU 14/2008 Pasal 17)"),
                    Column("jumlah", "Jumlah permohonan", "int"),
                ),
                rows=ground_rows,
                period="tahun",
            ),
            Table(
                key="keberatan", title="Keberatan dan sengketa informasi",
                description="Keberatan per alasan (Pasal 35), tanggapan atasan PPID dan sengketa di Komisi Informasi.",
                columns=(
                    Column("tahun", "Tahun permohonan didaftarkan", "int"),
                    Column("ppid", "PPID"),
                    Column("bagian", "Keberatan, tanggapan atasan PPID atau sengketa"),
                    Column("uraian", "Alasan, tanggapan atau putusan"),
                    Column("jumlah", "Jumlah", "int"),
                ),
                rows=objection_rows,
                period="tahun",
            ),
        ),
    ),
]

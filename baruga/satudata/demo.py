"""Satu Data demo: a dozen realistic datasets of the province's and Kota Makassar's OPDs with small
generated tables, every one marked `is_demo` (the portal shows "Data contoh"), walked through the real
actions (draft → submitted → published, one returned, one priority dataset waiting for the pembina
data, one monthly dataset overdue), plus one login per Satu Data role. Seeded by `manage.py
seed_satudata_demo` (or by `seed_demo`, which finds `seed()` through the app registry); running it again changes nothing.

The numbers are generated (seeded random, plausible magnitudes), not official statistics.
"""

import datetime as dt
import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from baruga.accounts.models import Role, User
from baruga.complaints.demo import issue_enrolment_codes
from baruga.directory.models import Agency, District, Jurisdiction
from baruga.directory.reference import load_reference_data
from baruga.satudata import actions
from baruga.satudata.models import Dataset
from baruga.satudata.workflow import PRINCIPLE_KEYS

PASSWORD = "baruga-demo-2026"  # the same as complaints.demo
PROVINCE, MAKASSAR = "73", "73.71"
CHECKLIST = {key: True for key in PRINCIPLE_KEYS}
DEMO_NOTE = "Data contoh untuk demonstrasi Baruga; angka dibangkitkan, bukan statistik resmi."


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str
    jurisdiction: str
    agency: str = ""


USERS = [
    DemoUser("walidata.sulsel", "Rosmiati", "Amir", Role.DATA_STEWARD, PROVINCE),
    DemoUser("walidata.makassar", "Fadli", "Rahman", Role.DATA_STEWARD, MAKASSAR),
    DemoUser("pendukung.makassar", "Nurhayati", "Sudirman", Role.DATA_ASSISTANT, MAKASSAR),
    DemoUser("pembina.bps.sulsel", "Agus", "Salim", Role.DATA_ADVISOR, PROVINCE),
    DemoUser("produsen.dinkes.sulsel", "Sri", "Wulandari", Role.DATA_PRODUCER, PROVINCE, "Dinkes"),
    DemoUser("produsen.disdik.sulsel", "Baharuddin", "Lallo", Role.DATA_PRODUCER, PROVINCE, "Disdik"),
    DemoUser("produsen.pangan.sulsel", "Herman", "Tahir", Role.DATA_PRODUCER, PROVINCE, "DKPTPH"),
    DemoUser("produsen.disbudpar.sulsel", "Andi", "Nurlela", Role.DATA_PRODUCER, PROVINCE, "Disbudpar"),
    DemoUser("produsen.dukcapil.makassar", "Irma", "Sari", Role.DATA_PRODUCER, MAKASSAR, "Disdukcapil"),
    DemoUser("produsen.pupr.makassar", "Asriadi", "Hamzah", Role.DATA_PRODUCER, MAKASSAR, "Dinas PUPR"),
    DemoUser("produsen.dlh.makassar", "Mardiana", "Kadir", Role.DATA_PRODUCER, MAKASSAR, "DLH"),
    DemoUser("produsen.dinkes.makassar", "Ahmad", "Yani", Role.DATA_PRODUCER, MAKASSAR, "Dinkes"),
]
MARKER = "walidata.sulsel"


@dataclass
class Spec:
    name: str
    title: str
    notes: str
    place: str  # jurisdiction code
    agency: str  # short name
    producer: str
    groups: list
    tags: list
    konsep: str
    definisi: str
    klasifikasi: str
    ukuran: str
    satuan: str
    frequency: str
    years: tuple
    table: str  # key of TABLES
    outcome: str = "published"  # published / submitted / returned / draft / overdue
    priority_year: int | None = None
    license_id: str = "cc-by-4.0"
    extra: dict = field(default_factory=dict)


SPECS = [
    Spec("jumlah-fasilitas-kesehatan-kabkota", "Jumlah Fasilitas Kesehatan menurut Kabupaten/Kota",
         "Jumlah rumah sakit, puskesmas dan klinik pratama di 24 kabupaten/kota Sulawesi Selatan.", PROVINCE,
         "Dinkes", "produsen.dinkes.sulsel", ["kesehatan"], ["fasilitas kesehatan", "puskesmas", "rumah sakit"],
         "Fasilitas pelayanan kesehatan yang memiliki izin operasional.",
         "Jumlah unit fasilitas kesehatan per jenis pada akhir tahun.", "Kabupaten/kota (kode Kemendagri)",
         "Jumlah", "Unit", "annual", (2024, 2024), "faskes"),
    Spec("prevalensi-stunting-balita-kabkota", "Prevalensi Stunting Balita menurut Kabupaten/Kota",
         "Persentase balita dengan tinggi badan menurut umur di bawah −2 SD, hasil penimbangan Agustus.",
         PROVINCE, "Dinkes", "produsen.dinkes.sulsel", ["kesehatan"], ["stunting", "balita", "gizi"],
         "Stunting: kondisi gagal tumbuh pada anak balita akibat kekurangan gizi kronis.",
         "Persentase balita stunting terhadap balita yang diukur.", "Kabupaten/kota", "Persentase", "Persen",
         "annual", (2022, 2024), "stunting", outcome="submitted", priority_year=2025),
    Spec("angka-partisipasi-sekolah-kabkota", "Angka Partisipasi Murni SMA/SMK menurut Kabupaten/Kota",
         "APM jenjang SMA/SMK sederajat, kewenangan pemerintah provinsi.", PROVINCE, "Disdik",
         "produsen.disdik.sulsel", ["pendidikan"], ["apm", "sma", "smk"],
         "Angka Partisipasi Murni (APM) jenjang menengah.",
         "Perbandingan murid usia 16–18 tahun yang bersekolah di SMA/SMK dengan penduduk usia 16–18 tahun.",
         "Kabupaten/kota", "Rasio", "Persen", "annual", (2024, 2024), "apm"),
    Spec("produksi-padi-kabkota", "Produksi Padi menurut Kabupaten/Kota",
         "Luas panen dan produksi gabah kering giling per kabupaten/kota.", PROVINCE, "DKPTPH",
         "produsen.pangan.sulsel", ["pangan", "pertanian"], ["padi", "gabah", "produksi"],
         "Produksi padi dalam bentuk gabah kering giling (GKG).",
         "Hasil perkalian luas panen dengan produktivitas.", "Kabupaten/kota", "Berat", "Ton GKG", "annual",
         (2021, 2024), "padi"),
    Spec("kunjungan-wisatawan-bulanan", "Kunjungan Wisatawan Nusantara dan Mancanegara per Bulan",
         "Jumlah kunjungan wisatawan ke Sulawesi Selatan menurut bulan.", PROVINCE, "Disbudpar",
         "produsen.disbudpar.sulsel", ["pariwisata"], ["wisatawan", "pariwisata"],
         "Wisatawan: orang yang melakukan perjalanan ke luar lingkungan tempat tinggalnya kurang dari satu tahun.",
         "Jumlah kunjungan yang tercatat di akomodasi dan destinasi.", "Asal wisatawan (nusantara, mancanegara)",
         "Jumlah", "Kunjungan", "monthly", (2024, 2024), "wisata", outcome="overdue"),
    Spec("jumlah-penduduk-kecamatan-makassar", "Jumlah Penduduk menurut Kecamatan dan Jenis Kelamin",
         "Penduduk Kota Makassar hasil pendataan administrasi kependudukan semester II.", MAKASSAR,
         "Disdukcapil", "produsen.dukcapil.makassar", ["administrasi-kependudukan"],
         ["penduduk", "kecamatan", "jenis kelamin"],
         "Penduduk: WNI dan WNA yang bertempat tinggal di Kota Makassar.",
         "Jumlah penduduk yang terdaftar dalam database kependudukan.", "Kecamatan (Permendagri 72/2019)",
         "Jumlah", "Jiwa", "semiannual", (2024, 2024), "penduduk"),
    Spec("panjang-jalan-kondisi-makassar", "Panjang Jalan Kota menurut Kondisi",
         "Panjang jalan kewenangan Kota Makassar menurut kondisi permukaan per kecamatan.", MAKASSAR,
         "Dinas PUPR", "produsen.pupr.makassar", ["pekerjaan-umum-penataan-ruang"], ["jalan", "infrastruktur"],
         "Jalan kota sesuai SK penetapan ruas jalan.", "Panjang ruas jalan menurut kondisi baik, sedang, rusak.",
         "Kecamatan; kondisi jalan (baik, sedang, rusak ringan, rusak berat)", "Panjang", "Kilometer", "annual",
         (2024, 2024), "jalan", outcome="returned"),
    Spec("timbulan-sampah-bulanan-makassar", "Timbulan Sampah yang Masuk TPA Antang per Bulan",
         "Volume sampah yang ditimbang di TPA Antang setiap bulan.", MAKASSAR, "DLH", "produsen.dlh.makassar",
         ["lingkungan-hidup"], ["sampah", "tpa"],
         "Timbulan sampah: volume sampah yang dihasilkan dan diangkut ke TPA.",
         "Berat sampah tercatat di jembatan timbang TPA.", "Bulan", "Berat", "Ton", "monthly", (2025, 2025),
         "sampah"),
    Spec("puskesmas-kecamatan-makassar", "Jumlah Puskesmas dan Tenaga Kesehatan menurut Kecamatan",
         "Puskesmas, dokter dan bidan per kecamatan di Kota Makassar.", MAKASSAR, "Dinkes",
         "produsen.dinkes.makassar", ["kesehatan"], ["puskesmas", "tenaga kesehatan"],
         "Puskesmas: fasilitas kesehatan tingkat pertama milik pemerintah daerah.",
         "Jumlah unit puskesmas dan tenaga kesehatan yang bertugas pada akhir tahun.", "Kecamatan",
         "Jumlah", "Unit; orang", "annual", (2024, 2024), "puskesmas"),
    Spec("kasus-dbd-bulanan-makassar", "Kasus Demam Berdarah Dengue per Bulan",
         "Kasus DBD yang dilaporkan puskesmas dan rumah sakit di Kota Makassar.", MAKASSAR, "Dinkes",
         "produsen.dinkes.makassar", ["kesehatan"], ["dbd", "penyakit menular"],
         "Kasus DBD: penderita dengan diagnosis klinis dan laboratorium DBD.",
         "Jumlah kasus baru yang dilaporkan pada bulan berjalan.", "Bulan", "Jumlah", "Kasus", "monthly",
         (2025, 2025), "dbd"),
    Spec("rumah-tidak-layak-huni-kecamatan", "Rumah Tidak Layak Huni menurut Kecamatan",
         "Rumah tidak layak huni hasil verifikasi lapangan, dasar program bedah rumah.", MAKASSAR,
         "Dinas PUPR", "produsen.pupr.makassar", ["perumahan-kawasan-permukiman"], ["rtlh", "perumahan"],
         "Rumah tidak layak huni: rumah yang tidak memenuhi persyaratan keselamatan, kecukupan luas dan kesehatan.",
         "Jumlah unit rumah yang dinyatakan tidak layak huni setelah verifikasi.", "Kecamatan", "Jumlah", "Unit",
         "annual", (2024, 2024), "rtlh", outcome="draft"),
    Spec("sekolah-dasar-kabkota", "Jumlah SD Negeri dan Swasta menurut Kabupaten/Kota",
         "Sekolah dasar menurut status, dari Dapodik.", PROVINCE, "Disdik", "produsen.disdik.sulsel",
         ["pendidikan"], ["sekolah dasar", "dapodik"], "Sekolah dasar: satuan pendidikan formal jenjang dasar.",
         "Jumlah satuan pendidikan SD yang aktif di Dapodik.", "Kabupaten/kota; status sekolah", "Jumlah", "Sekolah",
         "annual", (2024, 2024), "sd"),
]

MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember"]


def _fmt_id(value):
    """A number written the Indonesian way (1.234,5), as OPD spreadsheets export it."""
    if isinstance(value, float):
        whole, frac = f"{value:.1f}".split(".")
        return f"{int(whole):,}".replace(",", ".") + "," + frac
    return f"{value:,}".replace(",", ".")


def tables(rng, regencies, kecamatan):
    """CSV texts (semicolon, Indonesian numbers) keyed by Spec.table."""
    def csv(header, rows):
        return "\n".join([";".join(header), *(";".join(_fmt_id(c) if isinstance(c, int | float) else str(c)
                                                      for c in row) for row in rows)]) + "\n"

    out = {}
    out["faskes"] = csv(["kode_wilayah", "kabupaten_kota", "rumah_sakit", "puskesmas", "klinik_pratama"],
                        [(j.code, j.name, rng.randint(2, 25), rng.randint(10, 47), rng.randint(5, 140))
                         for j in regencies])
    out["stunting"] = csv(["tahun", "kode_wilayah", "kabupaten_kota", "prevalensi_persen"],
                          [(y, j.code, j.name, round(rng.uniform(12, 38), 1)) for y in (2022, 2023, 2024)
                           for j in regencies])
    out["apm"] = csv(["kode_wilayah", "kabupaten_kota", "apm_sma_smk"],
                     [(j.code, j.name, round(rng.uniform(58, 82), 1)) for j in regencies])
    out["padi"] = csv(["tahun", "kode_wilayah", "kabupaten_kota", "luas_panen_ha", "produksi_ton"],
                      [(y, j.code, j.name, a, int(a * rng.uniform(4.6, 5.9))) for y in range(2021, 2025)
                       for j in regencies for a in [rng.randint(1500, 120000)]])
    out["wisata"] = csv(["tahun", "bulan", "nusantara", "mancanegara"],
                        [(2024, m, rng.randint(650000, 1100000), rng.randint(2000, 9000)) for m in MONTHS])
    out["penduduk"] = csv(["kecamatan", "laki_laki", "perempuan", "jumlah"],
                          [(k, lk, pr, lk + pr) for k in kecamatan for lk, pr in
                           [(rng.randint(14000, 105000), rng.randint(14000, 105000))]])
    out["jalan"] = csv(["kecamatan", "baik_km", "sedang_km", "rusak_ringan_km", "rusak_berat_km"],
                       [(k, round(rng.uniform(20, 90), 1), round(rng.uniform(5, 30), 1), round(rng.uniform(1, 12), 1),
                         round(rng.uniform(0, 6), 1)) for k in kecamatan])
    out["sampah"] = csv(["bulan", "sampah_ton", "truk_masuk"],
                        [(f"2025-{m:02d}-01", round(rng.uniform(25000, 31000), 1), rng.randint(5800, 7400))
                         for m in range(1, 10)])
    out["puskesmas"] = csv(["kecamatan", "puskesmas", "dokter", "bidan"],
                           [(k, rng.randint(1, 4), rng.randint(3, 14), rng.randint(6, 30)) for k in kecamatan])
    out["dbd"] = csv(["bulan", "kasus", "meninggal"],
                     [(f"2025-{m:02d}-01", rng.randint(20, 190), rng.randint(0, 3)) for m in range(1, 10)])
    out["rtlh"] = csv(["kecamatan", "rtlh_unit"], [(k, rng.randint(40, 900)) for k in kecamatan])
    out["sd"] = csv(["kode_wilayah", "kabupaten_kota", "sd_negeri", "sd_swasta"],
                    [(j.code, j.name, rng.randint(90, 480), rng.randint(3, 60)) for j in regencies])
    return out


def already_seeded():
    return Dataset.objects.filter(is_demo=True).exists() or User.objects.filter(username=MARKER).exists()


def _agency(code, short):
    return Agency.objects.get(Q(short_name=short) | Q(name=short), jurisdiction__code=code)


def seed():
    """For `manage.py seed_demo` (found through the app registry): the demo once, with the enrolment codes
    of its logins for the summary."""
    if already_seeded():
        return None
    _summary, _datasets, users = seed_datasets()
    return {"enrolment_codes": issue_enrolment_codes(users.values())}


def seed_datasets(random_seed=2026):
    """Create the users and the datasets; returns (users [(username, role, scope)], datasets)."""
    rng = random.Random(random_seed)
    with transaction.atomic():
        province = Jurisdiction.objects.get(code=PROVINCE)
        regencies = list(Jurisdiction.objects.filter(parent=province).order_by("code"))
        kecamatan = list(District.objects.filter(jurisdiction__code=MAKASSAR).order_by("name")
                         .values_list("name", flat=True))
        password = make_password(PASSWORD)
        users, summary = {}, []
        for spec in USERS:
            user = User.objects.create(username=spec.username, password=password, first_name=spec.first_name,
                                       last_name=spec.last_name, email=f"{spec.username}@example.org")
            if spec.agency:
                agency = _agency(spec.jurisdiction, spec.agency)
                user.memberships.create(role=spec.role, agency=agency)
                summary.append((spec.username, Role(spec.role).label, agency.name))
            else:
                jurisdiction = Jurisdiction.objects.get(code=spec.jurisdiction)
                user.memberships.create(role=spec.role, jurisdiction=jurisdiction)
                summary.append((spec.username, Role(spec.role).label, jurisdiction.name))
            users[spec.username] = user
        texts = tables(rng, regencies, kecamatan)
        datasets = []
        for spec in SPECS:
            datasets.append(_dataset(spec, users, texts[spec.table]))
    return summary, datasets, users


def _dataset(spec, users, csv_text):
    producer = users[spec.producer]
    steward = users["walidata.sulsel" if spec.place == PROVINCE else "walidata.makassar"]
    agency = _agency(spec.place, spec.agency)
    data = {
        "name": spec.name, "title": spec.title, "notes": spec.notes + "\n\n" + DEMO_NOTE, "groups": spec.groups,
        "tags": spec.tags, "konsep": spec.konsep, "definisi": spec.definisi, "klasifikasi": spec.klasifikasi,
        "ukuran": spec.ukuran, "satuan": spec.satuan, "frequency": spec.frequency, "license_id": spec.license_id,
        "period_start": dt.date(spec.years[0], 1, 1), "period_end": dt.date(spec.years[1], 12, 31),
        "region_code": spec.place, "source": agency.name, "collection_method": "administrative",
        "access_level": "open", "priority_year": spec.priority_year,
        "maintainer": f"{producer.first_name} {producer.last_name}", "maintainer_email": producer.email,
    }
    dataset = actions.create_dataset(producer, agency=agency, data=data)
    Dataset.objects.filter(pk=dataset.pk).update(is_demo=True)
    actions.add_resource(producer, dataset, name=f"Tabel {spec.title}", description="CSV, pemisah titik koma.",
                         upload=SimpleUploadedFile(f"{spec.name}.csv", csv_text.encode("utf-8")))
    if spec.outcome == "draft":
        return dataset
    actions.submit(producer, dataset, note="Mohon diperiksa.")
    if spec.outcome == "submitted":
        return dataset
    if spec.outcome == "returned":
        actions.return_dataset(steward, dataset, checklist={**CHECKLIST, "reference_codes": False},
                               note="Tambahkan kolom kode kecamatan Kemendagri agar dapat digabung dengan data lain.")
        return dataset
    actions.publish(steward, dataset, checklist=CHECKLIST, note="Empat prinsip terpenuhi.")
    if spec.outcome == "overdue":
        Dataset.objects.filter(pk=dataset.pk).update(data_updated=timezone.now() - dt.timedelta(days=75))
    return dataset


def run_as_command(stdout):
    if already_seeded():
        stdout.write("Satu Data demo already present; nothing changed.")
        return
    if not Jurisdiction.objects.filter(code=MAKASSAR).exists():
        load_reference_data()
    summary, datasets, users = seed_datasets()
    codes = issue_enrolment_codes(users.values())
    stdout.write(f"Satu Data demo: {len(datasets)} datasets (portal /data/), logins (password {PASSWORD}):")
    width = max(len(u) for u, _r, _s in summary)
    for username, role, scope in summary:
        stdout.write(f"  {username:<{width}}  {role}  {scope}")
    stdout.write("Enrolment codes for the authenticator app:")
    for username, code in codes:
        stdout.write(f"  {username:<{width}}  {code}")


"""A ready-to-try demo: reference data, one login per role and about forty reports in every state.

Used by `manage.py seed_demo` on an empty database. Every report is filed and moved through
`baruga.complaints.actions` by the staff member who would really act (never by setting a state),
so histories, clocks, responses and approvals are exactly what the product itself produces.

Dates. time-machine is pinned only in requirements-test.txt, so a production-style install
(requirements.txt) does not have it. The decision:

- When time-machine can be imported (any checkout that runs the tests), each step runs "travelled"
  to a planned moment: reports are filed over the last 60 days, staff act on working days in office
  hours, the auto-finish sweep acts when the reporter's 10 working days run out. Timestamps, clocks
  and overdue reports then look like a real installation's.
- Otherwise (or with `seed_demo --now`), every timestamp is "now": the reports still go through the
  same actions and end in the same varied states, only their histories are compressed into the
  moment of seeding. The command prints a note saying so.

Either way the runtime never depends on a test library: it is imported lazily and only here.
"""

import contextlib
import datetime as dt
import random
import time
from decimal import Decimal
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from baruga.accounts import enrolment
from baruga.accounts.models import Role, User
from baruga.accounts.twofactor import requires_second_factor
from baruga.clocks.calendar import is_working_day
from baruga.complaints import actions, permissions
from baruga.complaints.models import ArchiveReason, Kind, Report, State
from baruga.directory.models import Agency, Category, CategoryRoute, District, Jurisdiction
from baruga.directory.reference import load_reference_data

PASSWORD = "baruga-demo-2026"
DAYS_BACK = 60
PROVINCE, MAKASSAR, GOWA, NATIONAL = "73", "73.71", "73.06", "00"
BINA_MARGA = "Dinas Bina Marga dan Bina Konstruksi"
# Approximate centres (latitude, longitude) of the places the demo reports come from, so that the
# dashboards' map has points: each report gets a spot near its place's centre.
PLACE_CENTRES = {
    "73.71": (-5.14, 119.42), "73.06": (-5.21, 119.46), "73.02": (-5.55, 120.19), "73.04": (-5.68, 119.74),
    "73.05": (-5.43, 119.45), "73.07": (-5.13, 120.25), "73.08": (-4.54, 120.33), "73.09": (-5.01, 119.58),
    "73.10": (-4.83, 119.55), "73.13": (-4.13, 120.03), "73.72": (-4.01, 119.62), "73.73": (-2.99, 120.20),
}
CITY_SPREAD, REGENCY_SPREAD = 0.03, 0.12  # degrees around the centre


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str = ""  # a Role; empty for the superuser and the citizen
    jurisdiction: str = ""  # Kemendagri code, for admins and leaders, and the agency's jurisdiction
    agency: str = ""  # name or short name of an agency of `jurisdiction`, for sub-admins and heads
    is_lead: bool = False
    is_superuser: bool = False
    email: str = ""
    phone: str = ""


USERS = [
    DemoUser("admin", "Syamsul", "Bahri", is_superuser=True),
    DemoUser("admin.sulsel", "Nurul", "Hidayah", Role.ADMIN, PROVINCE, is_lead=True),
    DemoUser("admin.makassar", "Ilham", "Saputra", Role.ADMIN, MAKASSAR),
    DemoUser("admin.gowa", "Sitti", "Rahmawati", Role.ADMIN, GOWA),
    DemoUser("opd.binamarga", "Muhammad", "Arfah", Role.SUBADMIN, PROVINCE, BINA_MARGA),
    DemoUser("kepala.binamarga", "Andi", "Yusran Mappiasse", Role.HEAD, PROVINCE, BINA_MARGA),
    DemoUser("opd.pupr.makassar", "Haerul", "Anwar", Role.SUBADMIN, MAKASSAR, "Dinas PUPR"),
    DemoUser("kepala.pupr.makassar", "Kamaruddin", "Tahir", Role.HEAD, MAKASSAR, "Dinas PUPR"),
    DemoUser("opd.disdik.makassar", "Fitriani", "Syam", Role.SUBADMIN, MAKASSAR, "Disdik"),
    DemoUser("gubernur", "Ridwan", "Pananrangi", Role.LEADER, PROVINCE),
    DemoUser("walikota.makassar", "Irwan", "Syarifuddin", Role.LEADER, MAKASSAR),
    DemoUser("ppid.sulsel", "Rahmat", "Hidayat", Role.PPID, PROVINCE),
    DemoUser("atasan.ppid.sulsel", "Hasnah", "Syam", Role.PPID_SUPERIOR, PROVINCE),
    DemoUser("warga", "Andi", "Pratiwi", email="andi.pratiwi@example.org", phone="081234567890"),
]
# The marker of a seeded database. `admin` is left out: a developer may have made one already.
MARKER_USERNAMES = [u.username for u in USERS if u.username != "admin"]

GUEST_NAMES = [
    "Muhammad Fadli", "Nur Aisyah", "Rahmat Hidayat", "Sri Wahyuni", "Haeruddin", "Andi Tenri Ola",
    "Rudi Daeng Sikki", "Hasnah", "Syahrul Ramadhan", "Wahyuni Said", "Jumriah", "Ahmad Fauzi",
]


# --- Texts -------------------------------------------------------------------------------------
# Placeholders: {street}, {district} (kecamatan or the regency), {place} (regency/city), {agency}.

TOPICS = {
    "jalan_kota": {
        "category": "jalan-kabupaten-kota",
        "titles": ["Jalan berlubang di {street}", "Lubang besar di {street} membahayakan pengendara",
                   "Aspal {street} rusak parah"],
        "bodies": [
            "Ada lubang cukup dalam di {street}, Kecamatan {district}, tepat di depan deretan ruko. Kalau "
            "hujan lubangnya tertutup genangan sehingga tidak kelihatan. Minggu lalu dua pengendara motor "
            "jatuh di situ. Mohon segera ditambal sebelum ada korban.",
            "Sudah hampir sebulan aspal di {street} mengelupas dan berlubang di beberapa titik sepanjang "
            "kurang lebih 200 meter. Setiap pagi macet karena kendaraan bergantian menghindari lubang. "
            "Anak-anak sekolah yang naik sepeda terpaksa turun ke bahu jalan.",
            "Lubang di {street} makin lebar setelah hujan deras beberapa hari ini. Warga sudah menimbun "
            "dengan batu dan pasir seadanya tetapi cepat terbongkar lagi oleh truk. Mohon perhatian dinas.",
        ],
        "admin_title": "Jalan berlubang di {street}, {district}",
        "tags": ["jalan berlubang"],
        "responses": [
            "Terima kasih atas laporannya. Tim reaksi cepat {agency} telah meninjau lokasi dan menambal "
            "lubang dengan aspal dingin sepanjang kurang lebih 15 meter. Pelapisan ulang ruas ini "
            "dijadwalkan dalam paket pemeliharaan berkala triwulan ini. Silakan laporkan kembali bila "
            "masih ada kerusakan.",
            "Laporan telah kami tindak lanjuti. Petugas {agency} sudah menambal titik yang dilaporkan dan "
            "memasang rambu peringatan selama aspal mengering. Terima kasih atas kepedulian Bapak/Ibu.",
        ],
        "request_info": "Mohon lengkapi patokan lokasi yang lebih tepat (bangunan terdekat atau titik peta) "
                        "dan, bila ada, foto kondisi jalan agar petugas mudah menemukan lokasinya.",
        "completion": "Lokasinya sekitar 50 meter dari masjid, di sisi kiri jika datang dari arah kota.",
        "reopen": "Lubang memang sudah ditambal, tetapi tambalannya terkelupas lagi setelah tiga hari hujan. "
                  "Mohon diperbaiki secara permanen.",
    },
    "jalan_provinsi": {
        "category": "jalan-provinsi",
        "titles": ["Ruas jalan provinsi {street} rusak", "Jalan poros {street} berlubang dan bergelombang"],
        "bodies": [
            "Ruas jalan provinsi {street} di wilayah {district} rusak berat sepanjang kurang lebih 3 km. "
            "Banyak lubang sedalam 20 cm dan aspal bergelombang karena sering dilewati truk bermuatan "
            "berat. Waktu tempuh yang biasanya 30 menit sekarang lebih dari satu jam.",
            "Jalan poros {street} ({place}) belum diperbaiki sejak musim hujan lalu. Beberapa titik "
            "tinggal tanah dan batu, licin saat hujan. Bus sekolah dan mobil pengangkut hasil kebun "
            "sering terperosok.",
        ],
        "admin_title": "Kerusakan ruas jalan provinsi {street}",
        "tags": ["jalan provinsi", "jalan berlubang"],
        "responses": [
            "Terima kasih atas laporan Bapak/Ibu. UPT Pengelolaan Jalan {agency} telah menyurvei ruas "
            "tersebut. Penambalan (patching) di titik terparah dikerjakan minggu ini oleh tim swakelola; "
            "rekonstruksi ruas sepanjang 2,8 km diusulkan dalam APBD Perubahan tahun ini.",
            "Ruas yang dilaporkan telah ditangani: lubang ditambal dan bahu jalan diratakan sepanjang "
            "1,2 km. Penanganan lanjutan berupa pelapisan ulang masuk paket pemeliharaan rutin {agency}.",
        ],
        "reject": "Mohon lengkapi tindak lanjut dengan jadwal dan volume pekerjaan agar jelas bagi pelapor.",
        "reopen": "Yang ditambal hanya beberapa titik di dekat kota; ruas ke arah desa kami masih rusak "
                  "berat. Mohon ditinjau kembali.",
    },
    "lampu_jalan": {
        "category": "jalan-kabupaten-kota",
        "titles": ["Lampu jalan mati di {street}", "PJU padam sepanjang {street}"],
        "bodies": [
            "Lampu penerangan jalan umum (PJU) di {street} sudah padam sekitar dua minggu, kurang lebih "
            "enam tiang berturut-turut. Malam hari jalan gelap gulita dan warga khawatir terjadi begal. "
            "Mohon segera diperbaiki.",
            "Sejak hujan angin minggu lalu lampu jalan di {street}, Kecamatan {district}, mati semua. "
            "Ibu-ibu yang pulang kerja malam terpaksa lewat jalan lain yang lebih jauh.",
        ],
        "admin_title": "Lampu penerangan jalan umum padam di {street}",
        "tags": ["lampu jalan"],
    },
    "sampah": {
        "category": "sampah-kebersihan",
        "titles": ["Sampah menumpuk di {street}", "TPS di {street} tidak diangkut berhari-hari"],
        "bodies": [
            "TPS di {street} tidak diangkut sejak lima hari. Sampah meluber ke badan jalan, baunya sampai "
            "ke rumah warga dan mulai banyak lalat. Anak-anak di sekitar sini sudah ada yang diare.",
            "Tumpukan sampah di pinggir {street}, Kecamatan {district}, makin tinggi karena truk "
            "pengangkut jarang lewat. Kalau hujan, air lindinya mengalir ke selokan depan rumah.",
        ],
        "admin_title": "Sampah tidak terangkut di {street}, {district}",
        "tags": ["sampah"],
    },
    "ktp": {
        "category": "ktp-el",
        "titles": ["KTP-el belum jadi sejak perekaman", "Blangko KTP-el selalu dibilang habis"],
        "bodies": [
            "Saya sudah melakukan perekaman KTP-el di kantor Kecamatan {district} tiga bulan lalu. Setiap "
            "kali saya tanya, jawabannya blangko habis. Saya butuh KTP untuk melamar kerja dan membuka "
            "rekening bank.",
            "Anak saya baru 17 tahun dan sudah rekam KTP-el di Disdukcapil {place}. Sudah dua kali "
            "bolak-balik tetapi belum dicetak juga, padahal untuk pendaftaran kuliah harus ada KTP.",
        ],
        "admin_title": "KTP-el belum tercetak setelah perekaman ({district})",
        "tags": ["KTP-el", "adminduk"],
        "request_info": "Mohon sebutkan tanggal perekaman dan nomor tanda terima perekaman KTP-el agar dapat "
                        "kami telusuri. Jangan kirim foto KTP atau KK.",
        "completion": "Perekaman dilakukan tanggal 12 bulan lalu di kantor kecamatan; nomor tanda terimanya "
                      "REK-0415.",
    },
    "pungutan_sd": {
        "category": "pendidikan-sd-smp-paud",
        "titles": ["Pungutan uang seragam dan buku di SD negeri", "Iuran wajib di SMP negeri tanpa kuitansi"],
        "bodies": [
            "Di sekolah anak saya, sebuah SD negeri di Kecamatan {district}, orang tua diminta membayar "
            "Rp350.000 untuk seragam batik dan buku LKS. Katanya wajib, dibayar ke wali kelas tanpa "
            "kuitansi. Bukankah sekolah negeri dilarang memungut biaya? Saya tidak berani menyebut nama "
            "karena khawatir anak saya dipersulit.",
            "SMP negeri di {district} meminta iuran Rp200.000 per bulan untuk les tambahan yang diwajibkan "
            "bagi semua siswa kelas 9. Yang belum bayar diumumkan di grup kelas. Mohon ditertibkan.",
        ],
        "admin_title": "Dugaan pungutan di sekolah negeri ({district})",
        "tags": ["pungutan", "sekolah"],
        "responses": [
            "Terima kasih atas laporannya. {agency} telah memanggil kepala sekolah yang bersangkutan. "
            "Pungutan untuk seragam dan LKS dihentikan; dana yang terlanjur dibayarkan dikembalikan "
            "melalui komite sekolah paling lambat akhir bulan ini. Identitas pelapor tidak kami "
            "sampaikan kepada pihak sekolah.",
        ],
    },
    "pungutan_sma": {
        "category": "pendidikan-sma-smk-slb",
        "titles": ["Uang komite SMA negeri memberatkan"],
        "bodies": [
            "SMA negeri di {place} menetapkan uang komite Rp1.500.000 untuk siswa baru, ditambah iuran "
            "bulanan. Orang tua tidak pernah diajak rapat, hanya diberi surat pernyataan untuk "
            "ditandatangani. Kami mohon kejelasan aturannya.",
        ],
        "admin_title": "Sumbangan komite di SMA negeri ({place})",
        "tags": ["pungutan", "sekolah"],
    },
    "puskesmas": {
        "category": "puskesmas",
        "titles": ["Antrean di puskesmas sangat lama", "Pelayanan pendaftaran puskesmas lambat"],
        "bodies": [
            "Antrean di Puskesmas {district} sangat panjang. Saya datang pukul 07.00 untuk berobat dengan "
            "BPJS, baru dilayani pukul 12.30. Nomor antrean dibagikan manual dan banyak yang titip nomor. "
            "Loket pendaftaran hanya satu yang buka.",
            "Ibu saya yang sudah lansia harus menunggu lebih dari empat jam di puskesmas dekat rumah "
            "({district}). Tidak ada loket khusus lansia dan kursi ruang tunggu kurang.",
        ],
        "admin_title": "Antrean panjang di puskesmas ({district})",
        "tags": ["puskesmas", "antrean"],
    },
    "terminal_a": {
        "category": "terminal-tipe-a",
        "titles": ["Fasilitas Terminal Regional Daya tidak terawat"],
        "bodies": [
            "Toilet di Terminal Regional Daya kotor dan airnya mati, ruang tunggu bocor kalau hujan, dan "
            "calo masih bebas menawarkan tiket di dalam terminal dengan harga lebih mahal.",
        ],
        "transfer": "Terminal Regional Daya adalah terminal penumpang tipe A yang dikelola Kementerian "
                    "Perhubungan; laporan diteruskan ke SP4N-LAPOR! sesuai kewenangan.",
    },
    "jalan_nasional": {
        "category": "jalan-nasional",
        "titles": ["Jalan poros {street} rusak dan sering kecelakaan"],
        "bodies": [
            "Jalan poros {street} di {place} banyak lubang dan marka jalannya sudah hilang. Bulan ini "
            "sudah tiga kali kecelakaan di tikungan dekat jembatan.",
        ],
        "transfer": "Ruas ini berstatus jalan nasional (kewenangan BBPJN Sulawesi Selatan, Kementerian PU); "
                    "laporan diteruskan ke SP4N-LAPOR!.",
    },
    "drainase": {
        "category": "jalan-kabupaten-kota",
        "titles": ["Drainase tersumbat, {street} banjir setiap hujan", "Selokan meluap di {street}"],
        "bodies": [
            "Saluran drainase di {street} tersumbat sedimen dan sampah. Setiap hujan lebih dari satu jam, "
            "air meluap setinggi lutut dan masuk ke rumah warga. Sudah bertahun-tahun tidak pernah dikeruk.",
            "Selokan di sepanjang {street}, Kecamatan {district}, meluap setiap hujan deras sehingga jalan "
            "tergenang dan motor mogok. Tolong dinormalisasi sebelum puncak musim hujan.",
        ],
        "admin_title": "Drainase tersumbat dan genangan di {street}",
        "tags": ["drainase", "banjir"],
    },
    "apresiasi": {
        "category": "jalan-kabupaten-kota",
        "kind": Kind.ASPIRATION,
        "titles": ["Terima kasih, {street} sudah mulus"],
        "bodies": [
            "Saya ingin menyampaikan terima kasih kepada petugas yang memperbaiki {street}. Jalan yang "
            "bertahun-tahun rusak sekarang sudah mulus dan drainasenya juga diperbaiki. Semoga "
            "pemeliharaannya terus dijaga.",
        ],
        "admin_title": "Apresiasi perbaikan {street}",
        "tags": ["apresiasi"],
        "responses": [
            "Terima kasih atas apresiasi Bapak/Ibu. Masukan warga membantu kami menentukan prioritas "
            "perbaikan. Mari bersama menjaga jalan dengan tidak membuang sampah ke saluran drainase.",
        ],
    },
    "saran_ktp": {
        "category": "ktp-el",
        "kind": Kind.ASPIRATION,
        "titles": ["Saran: layanan KTP-el keliling ke desa-desa"],
        "bodies": [
            "Pelayanan jemput bola perekaman KTP-el di kantor desa bulan lalu sangat membantu, terutama "
            "bagi lansia dan penyandang disabilitas di {district}. Saran saya, jadwalnya diumumkan lebih "
            "awal dan dibuat rutin setiap triwulan.",
        ],
        "admin_title": "Saran layanan KTP-el keliling di {district}",
        "tags": ["KTP-el", "saran"],
    },
    "usulan_jalan": {
        "category": "jalan-provinsi",
        "kind": Kind.ASPIRATION,
        "titles": ["Usulan pelebaran jalan provinsi {street}"],
        "bodies": [
            "Kami warga {district} mengusulkan pelebaran ruas jalan provinsi {street}. Lebar jalan hanya "
            "4,5 meter sementara truk pengangkut gabah dan semen makin banyak, sehingga sering macet di "
            "jembatan.",
        ],
        "admin_title": "Usulan pelebaran ruas jalan provinsi {street}",
        "tags": ["jalan provinsi", "usulan"],
    },
    "info_jalan": {
        "category": "jalan-kabupaten-kota",
        "kind": Kind.INFORMATION,
        "titles": ["Kapan perbaikan {street} dilaksanakan?"],
        "bodies": [
            "Mohon informasi jadwal perbaikan {street}. Tahun lalu ruas ini sudah diukur petugas tetapi "
            "sampai sekarang belum dikerjakan. Apakah ruas ini masuk rencana perbaikan tahun ini?",
        ],
        "admin_title": "Permintaan informasi jadwal perbaikan {street}",
        "tags": ["jalan", "informasi"],
        "responses": [
            "Ruas {street} masuk paket rehabilitasi jalan tahun anggaran berjalan. Tender dijadwalkan bulan "
            "depan dan pekerjaan fisik diperkirakan dimulai dua bulan setelahnya, selama kurang lebih 90 hari "
            "kalender. Informasi paket dapat dipantau di LPSE Kota Makassar.",
        ],
    },
    "info_anggaran": {
        "category": "jalan-provinsi",
        "kind": Kind.INFORMATION,
        "titles": ["Informasi anggaran pemeliharaan ruas jalan provinsi {street}"],
        "bodies": [
            "Saya mahasiswa yang sedang meneliti kondisi jalan di {place}. Mohon informasi berapa anggaran "
            "pemeliharaan rutin ruas jalan provinsi {street} tahun ini dan kapan terakhir dilapisi ulang.",
        ],
        "admin_title": "Permintaan informasi anggaran pemeliharaan ruas {street}",
        "tags": ["jalan provinsi", "informasi"],
        "responses": [
            "Anggaran pemeliharaan rutin ruas {street} tahun ini sebesar Rp1,2 miliar (swakelola UPT). "
            "Pelapisan ulang terakhir dilakukan tiga tahun lalu sepanjang 4 km. Dokumen DPA dapat diminta "
            "melalui PPID {agency}.",
        ],
    },
    "lain": {"category": None, "titles": [""], "bodies": [""]},
}

MASKED_CONTACT = (" Kalau petugas perlu ditunjukkan lokasinya, silakan hubungi saya di 0812-3456-7890 atau "
                  "e-mail daeng.rudi@example.org.")


# --- Scenarios ---------------------------------------------------------------------------------

def step(name, **options):
    return name, options


@dataclass(frozen=True)
class Scenario:
    key: str
    topic: str
    place: str  # Kemendagri code of the regency/city where it happened
    age: float  # days ago the report was filed
    steps: tuple = ()
    district: str = ""  # kecamatan; must exist in the reference data
    street: str = ""
    reporter: str = "guest"  # "guest" or "warga"
    variant: int = 0
    anonymous: bool = False
    confidential: bool = False
    filed_category: str = "topic"  # the citizen's pick: "topic" (the topic's), a slug, or "" (none)
    kind: str = ""  # overrides the topic's kind
    title: str = ""
    body: str = ""


V, D, A, R = step("verify"), step("dispatch"), step("accept"), step("respond")
APPROVE, FINISH = step("approve_response"), step("finish")
SC = Scenario
SCENARIOS = [
    # Kota Makassar
    SC("mks-lubang-selesai", "jalan_kota", MAKASSAR, 55, (V, D, A, R, step("rate", rating=5, comment="Cepat "
       "ditangani, terima kasih Dinas PUPR.")), "Rappocini", "Jl. Rappocini Raya"),
    SC("mks-lubang-otomatis", "jalan_kota", MAKASSAR, 50, (V, D, A, R, FINISH), "Tamalate", "Jl. Daeng Tata Raya",
       variant=1),
    SC("mks-lubang-warga", "jalan_kota", MAKASSAR, 10, (V, D, A, R), "Panakkukang", "Jl. Abdullah Daeng Sirua",
       reporter="warga", variant=2),
    SC("mks-pju", "lampu_jalan", MAKASSAR, 14, (V, step("dispatch", agency="Dishub")), "Manggala",
       "Jl. Antang Raya", anonymous=True),
    SC("mks-banjir", "drainase", MAKASSAR, 20, (V, D, A), "Biringkanaya", "Jl. Paccerakkang"),
    SC("mks-banjir-duplikat", "drainase", MAKASSAR, 18, (step("merge", into="mks-banjir"),), "Biringkanaya",
       "Jl. Paccerakkang", variant=1),
    SC("mks-sampah-kontak", "sampah", MAKASSAR, 4, (V, D), "Mariso", "Jl. Rajawali"),
    SC("mks-ktp-warga", "ktp", MAKASSAR, 3, (step("request_info"),), "Tallo", reporter="warga"),
    SC("mks-ktp-lengkap", "ktp", MAKASSAR, 12, (step("request_info"), step("complete"), V, D), "Ujung Tanah",
       variant=1),
    SC("mks-pungutan", "pungutan_sd", MAKASSAR, 16, (V, D, A, R), "Tamalate", anonymous=True, confidential=True),
    SC("mks-salah-disposisi", "jalan_kota", MAKASSAR, 25, (
        V, step("dispatch", agency="Disdik"),
        step("hand_back", reason="Jalan di depan sekolah adalah jalan kota, bukan aset Dinas Pendidikan. "
                                 "Mohon didisposisikan ke Dinas PUPR."),
        step("dispatch", note="Disposisi ulang setelah dikembalikan Disdik."), A,
    ), "Makassar", "Jl. Sunu", title="Jalan rusak di depan SD Inpres Sunu",
       body="Jalan di depan SD Inpres Sunu rusak dan berlubang, anak-anak yang diantar orang tua sering hampir "
            "jatuh dari motor saat jam masuk sekolah. Mohon diperbaiki."),
    SC("mks-puskesmas", "puskesmas", MAKASSAR, 7, (V, D), "Tamalate"),
    SC("mks-apresiasi", "apresiasi", MAKASSAR, 35, (
        V, D, step("respond", by="head"), step("rate", rating=5, comment="Mantap, pertahankan."),
    ), "Rappocini", "Jl. Talasalapang", reporter="warga"),
    SC("mks-info-jalan", "info_jalan", MAKASSAR, 9, (V, D, step("respond", by="head")), "Manggala",
       "Jl. Antang Raya"),
    SC("mks-baru", "jalan_kota", MAKASSAR, 0.2, (), "Bontoala", "Jl. Tinumbu", variant=1),
    SC("mks-ke-gowa", "jalan_kota", MAKASSAR, 13, (
        step("transfer", to=GOWA, reason="Titik yang dilaporkan berada di Jl. Tun Abdul Razak setelah "
                                         "gapura perbatasan, wilayah Kabupaten Gowa."),
        step("verify", title="Jalan berlubang di Jl. Tun Abdul Razak, Kabupaten Gowa"), D,
    ), "", "Jl. Tun Abdul Razak dekat perbatasan Makassar–Gowa", variant=2),
    SC("mks-ke-provinsi", "jalan_provinsi", MAKASSAR, 30, (
        step("transfer", to=PROVINCE, reason="Ruas ini berstatus jalan provinsi; kewenangan Pemprov Sulsel."),
        step("verify", category="jalan-provinsi"), D, R, APPROVE,
    ), "Biringkanaya", "Jl. Poros Bandara Lama", filed_category="jalan-kabupaten-kota"),
    SC("mks-terminal", "terminal_a", MAKASSAR, 21, (step("transfer", to=NATIONAL),), "Biringkanaya"),
    SC("mks-tes", "lain", MAKASSAR, 30, (
        step("archive", reason=ArchiveReason.UNCLEAR, note="Isi laporan hanya uji coba."),
    ), filed_category="", title="tes", body="tes tes, coba aplikasi laporan ini bisa atau tidak ya"),
    SC("mks-warisan", "lain", MAKASSAR, 40, (
        step("archive", reason=ArchiveReason.NOT_PUBLIC_SERVICE,
             note="Sengketa perdata antarwarga; disarankan mediasi di kelurahan atau jalur pengadilan."),
    ), "Wajo", filed_category="", title="Minta bantuan pembagian tanah warisan",
       body="Tanah warisan almarhum orang tua kami dikuasai sepupu dan tidak mau dibagi. Saya minta pemerintah "
            "membantu menyelesaikan pembagian warisan ini."),
    # Kabupaten Gowa
    SC("gowa-lubang", "jalan_kota", GOWA, 24, (V, D), "Somba Opu", "Jl. Syekh Yusuf"),
    SC("gowa-malino-menunggu-kepala", "jalan_provinsi", GOWA, 8, (V, D, R), "Tinggimoncong",
       "Sungguminasa–Malino"),
    SC("gowa-malino-selesai", "jalan_provinsi", GOWA, 45, (
        V, D, R, step("reject_response"), step("respond", variant=1), APPROVE,
        step("rate", rating=4, comment="Sudah ditambal, semoga rekonstruksinya jadi dikerjakan."),
    ), "Parangloe", "Sungguminasa–Malino", reporter="warga", variant=1),
    SC("gowa-pju", "lampu_jalan", GOWA, 9, (), "Pallangga", "Jl. Poros Pallangga", variant=1),
    SC("gowa-sampah-tunda", "sampah", GOWA, 28, (
        V, step("defer", reason="Menunggu pengadaan dua armada truk sampah dalam APBD Perubahan; dijadwalkan "
                                "ulang setelah armada tersedia."),
    ), "Bajeng", "Jl. Poros Limbung", variant=1),
    SC("gowa-ktp-arsip", "ktp", GOWA, 42, (
        step("request_info"), step("archive", reason=ArchiveReason.NO_REPLY, by="system"),
    ), "Bontomarannu"),
    SC("gowa-pungutan", "pungutan_sd", GOWA, 6, (step("verify", is_confidential=True), D), "Barombong",
       anonymous=True, variant=1),
    SC("gowa-puskesmas", "puskesmas", GOWA, 1, (), "Bontonompo", variant=1),
    SC("gowa-drainase", "drainase", GOWA, 2, (V,), "Somba Opu", "Jl. Andi Mallombassang", variant=1),
    SC("gowa-saran-ktp", "saran_ktp", GOWA, 11, (V, D), "Tinggimoncong"),
    # Other regencies: mostly provincial roads, handled by the province
    SC("bone-poros-selesai", "jalan_provinsi", "73.08", 58, (V, D, A, R, APPROVE, FINISH), "Kahu",
       "Watampone–Palattae"),
    SC("bone-sma", "pungutan_sma", "73.08", 5, (V, step("dispatch", agency="Dinas Pendidikan")),
       "Tanete Riattang", anonymous=True, confidential=True),
    SC("bone-usulan-tunda", "usulan_jalan", "73.08", 31, (
        V, step("defer", reason="Usulan dibahas dalam Musrenbang RKPD provinsi tahun depan."),
    ), "Cenrana", "Watampone–Pompanua"),
    SC("maros-poros", "jalan_provinsi", "73.09", 17, (V, D, A), "", "Maros–Bantimurung–Camba", variant=1),
    SC("bulukumba-dibuka-lagi", "jalan_provinsi", "73.02", 33, (
        V, D, step("respond", by="head"), step("reopen"),
    ), "", "Bulukumba–Kajang", reporter="warga"),
    SC("parepare-ktp", "ktp", "73.72", 6, (), "Soreang", variant=1),
    SC("takalar-nasional", "jalan_nasional", "73.05", 26, (step("transfer", to=NATIONAL),), "",
       "Takalar–Jeneponto"),
    SC("sinjai-poros", "jalan_provinsi", "73.07", 4, (), "", "Sinjai–Bulukumba"),
    SC("wajo-info", "info_anggaran", "73.13", 38, (
        V, D, step("respond", by="head"), step("rate", rating=3, comment="Terjawab, tetapi datanya kurang rinci."),
    ), "", "Sengkang–Soppeng"),
    SC("jeneponto-apresiasi", "apresiasi", "73.04", 48, (
        step("verify", category="jalan-provinsi"), D, R, APPROVE, FINISH,
    ), "", "ruas Jeneponto–Bantaeng", filed_category="jalan-provinsi",
       title="Terima kasih, jalan poros Jeneponto–Bantaeng sudah diperbaiki",
       body="Terima kasih kepada Dinas Bina Marga yang sudah memperbaiki ruas Jeneponto–Bantaeng sebelum "
            "musim panen. Perjalanan ke pasar jadi jauh lebih cepat. Mohon rambu di tikungan juga dipasang."),
    SC("pangkep-hoaks", "jalan_provinsi", "73.10", 22, (
        step("archive", reason=ArchiveReason.ABUSE,
             note="Hasil pengecekan UPT: jembatan dalam kondisi baik; foto yang beredar berasal dari "
                  "kejadian di provinsi lain."),
    ), "", "Pangkajene–Tonasa", title="Jembatan di poros Pangkajene–Tonasa ambruk!",
       body="Jembatan di poros Pangkajene–Tonasa ambruk tadi malam, banyak korban tapi pemerintah diam saja. "
            "Sebarkan sebelum dihapus!"),
    SC("palopo-lubang", "jalan_kota", "73.73", 3, (), "Wara", "Jl. Andi Djemma"),
]
# The masking showcase: a public report whose body carries a phone number and an e-mail address.
MASKING_SAMPLE = "mks-sampah-kontak"
# A guest report waiting for the reporter's answer: its private link lets one try rating.
GUEST_SAMPLE = "mks-info-jalan"

CITIZEN_STEPS = {"complete", "reopen", "rate"}
AGENCY_STEPS = {"accept", "respond", "hand_back"}
HEAD_STEPS = {"approve_response", "reject_response"}


# --- Time --------------------------------------------------------------------------------------

class Timeline:
    """Plans when each step happens and, when time-machine is importable, travels there."""

    def __init__(self, *, backdate, rng):
        self.now = timezone.now()
        self.limit = self.now - dt.timedelta(minutes=1)
        self.rng = rng
        self.tz = timezone.get_current_timezone()
        self._travel = None
        if backdate:
            try:
                import time_machine  # a test dependency only; see the module docstring
            except ImportError:
                time_machine = None
            if time_machine is not None:
                self._travel = time_machine.travel

    @property
    def backdating(self):
        return self._travel is not None

    def at(self, moment):
        return self._travel(moment, tick=False) if self._travel else contextlib.nullcontext()

    def _before_now(self, previous, moment):
        """Keep a planned moment in the past and after the previous one."""
        if moment <= self.limit:
            return moment
        if previous >= self.limit:
            return previous
        return previous + (self.limit - previous) / 2

    def filed(self, age):
        if age < 1:
            return self.now - dt.timedelta(hours=age * 24)
        day = timezone.localtime(self.now, self.tz).date() - dt.timedelta(days=int(age))
        moment = dt.datetime.combine(day, dt.time(self.rng.randint(6, 22), self.rng.randint(0, 59)), self.tz)
        return min(moment, self.limit)

    def citizen(self, previous):
        return self._before_now(previous, previous + dt.timedelta(hours=self.rng.randint(3, 60)))

    def office(self, previous):
        """A staff step: later the same working day, or on one of the next two working days."""
        local = timezone.localtime(previous, self.tz)
        day = local.date()
        wait = self.rng.choice([0, 1, 1, 2])
        if wait == 0 and is_working_day(day) and local.hour < 14:
            moment = local + dt.timedelta(minutes=self.rng.randint(30, 120))
        else:
            wait = max(wait, 1)
            while wait:
                day += dt.timedelta(days=1)
                wait -= is_working_day(day)
            moment = dt.datetime.combine(day, dt.time(self.rng.randint(8, 15), self.rng.randint(0, 59)), self.tz)
        return self._before_now(previous, moment)

    def sweep(self, previous, due_at):
        """A background sweep (auto-finish, auto-archive) acts shortly after the reporter's clock runs out."""
        moment = (due_at or previous) + dt.timedelta(minutes=self.rng.randint(5, 50))
        return self._before_now(previous, max(moment, previous))


# --- Seeding -----------------------------------------------------------------------------------

@dataclass
class Result:
    users: list = field(default_factory=list)  # (username, role, scope)
    kept_admin: bool = False
    reports: dict = field(default_factory=dict)  # scenario key -> Report
    secrets: dict = field(default_factory=dict)  # scenario key -> guest secret
    enrolment_codes: list = field(default_factory=list)  # (username, second-factor enrolment code)
    backdated: bool = False
    seconds: float = 0.0

    def state_counts(self):
        counts = {}
        for report in self.reports.values():
            counts[report.state] = counts.get(report.state, 0) + 1
        return counts


def existing_demo_users():
    return list(User.objects.filter(username__in=MARKER_USERNAMES).values_list("username", flat=True))


def database_is_empty():
    return not (User.objects.exists() or Report.objects.exists())


def seed(*, backdate=True, random_seed=2026):
    """Load reference data, create the demo logins and walk the demo reports through their lifecycle."""
    started = time.monotonic()
    with transaction.atomic():
        load_reference_data()
        seeder = _Seeder(Timeline(backdate=backdate, rng=random.Random(random_seed)))
        result = seeder.run()
    # At the real time (no travel): the codes must be valid for TWO_FACTOR_ENROLMENT_HOURS from now.
    result.enrolment_codes = issue_enrolment_codes(seeder.users.values())
    result.seconds = time.monotonic() - started
    return result


def issue_enrolment_codes(users):
    """A second-factor enrolment code for each staff login (setting up the authenticator app needs one)."""
    with transaction.atomic():
        return [(user.username, enrolment.issue(actor=None, user=user, command_line=True))
                for user in users if requires_second_factor(user)]


class _Seeder:
    def __init__(self, timeline):
        self.clock = timeline
        self.rng = timeline.rng
        self.result = Result(backdated=timeline.backdating)
        self.jurisdictions = {j.code: j for j in Jurisdiction.objects.all()}
        self.categories = {c.slug: c for c in Category.objects.all()}
        self.users = {}
        self.admins = {}  # jurisdiction pk -> user
        self.staff = {}  # (agency pk, role) -> user

    def run(self):
        bina_marga = self.agency(PROVINCE, BINA_MARGA)
        bina_marga.requires_response_approval = True
        bina_marga.save(update_fields=["requires_response_approval"])
        self.create_users()
        for scenario in SCENARIOS:
            self.play(scenario)
        return self.result

    def agency(self, code, name):
        return Agency.objects.get(Q(name=name) | Q(short_name=name), jurisdiction=self.jurisdictions[code])

    # Users

    def create_users(self):
        password = make_password(PASSWORD)  # hashed once: the slow hasher would dominate the run
        for spec in USERS:
            user = User.objects.filter(username=spec.username).first() if spec.is_superuser else None
            if user is not None:
                self.result.kept_admin = True
            else:
                user = User.objects.create(
                    username=spec.username, password=password, first_name=spec.first_name,
                    last_name=spec.last_name, email=spec.email or f"{spec.username}@example.org",
                    phone=spec.phone, is_staff=spec.is_superuser, is_superuser=spec.is_superuser,
                )
            self.users[spec.username] = user
            self.result.users.append((spec.username, *self.add_membership(user, spec)))

    def add_membership(self, user, spec):
        """Give the user the spec's role; return (role, scope) for the summary."""
        if spec.is_superuser:
            return "Superuser (Django admin)", "/admin/"
        if not spec.role:
            return "Warga (pelapor)", user.get_full_name()
        jurisdiction = self.jurisdictions[spec.jurisdiction]
        if spec.agency:
            agency = self.agency(spec.jurisdiction, spec.agency)
            user.memberships.create(role=spec.role, agency=agency)
            self.staff[agency.pk, spec.role] = user
            return Role(spec.role).label, agency.name
        user.memberships.create(role=spec.role, jurisdiction=jurisdiction, is_lead=spec.is_lead)
        if spec.role == Role.ADMIN:
            self.admins[jurisdiction.pk] = user
        label = Role(spec.role).label + (" (koordinator)" if spec.is_lead else "")
        return label, jurisdiction.name

    # Reports

    def play(self, sc):
        topic = TOPICS[sc.topic]
        location = self.jurisdictions[sc.place]
        district = District.objects.get(jurisdiction=location, name=sc.district) if sc.district else None
        words = {"street": sc.street, "district": sc.district or location.short_name, "place": location.short_name}
        body = sc.body or _pick(topic["bodies"], sc.variant).format_map(words)
        if sc.key == MASKING_SAMPLE:
            body += MASKED_CONTACT
        filed_category = topic["category"] if sc.filed_category == "topic" else sc.filed_category
        moment = self.clock.filed(sc.age)
        kind = sc.kind or topic.get("kind", Kind.COMPLAINT)
        guest = sc.reporter == "guest"
        contact = self._guest_contact() if guest else {}
        latitude, longitude = _spot(sc.place, sc.key)
        with self.clock.at(moment):
            report, secret = actions.submit_report(
                reporter=None if guest else self.users[sc.reporter], kind=kind,
                title=sc.title or _pick(topic["titles"], sc.variant).format_map(words), body=body,
                location=location, district=district, category=self.categories.get(filed_category or ""),
                address=sc.street, latitude=latitude, longitude=longitude,
                event_date=self._event_date(kind, moment), is_anonymous=sc.anonymous,
                is_confidential=sc.confidential, **contact,
            )
        self.result.secrets[sc.key] = secret
        for name, options in sc.steps:
            moment = self._when(name, options, moment, report)
            with self.clock.at(moment):
                report = getattr(self, f"_{name}")(sc, report, topic, words, **options)
            if report.agency_id:
                words["agency"] = report.agency.name
        report.refresh_from_db()
        self.result.reports[sc.key] = report

    def _when(self, name, options, previous, report):
        if name in CITIZEN_STEPS:
            return self.clock.citizen(previous)
        if name == "finish" or options.get("by") == "system":
            return self.clock.sweep(previous, report.due_at)
        return self.clock.office(previous)

    def _guest_contact(self):
        roll = self.rng.random()
        if roll < 0.2:
            return {}  # some guests leave no contact at all
        name = self.rng.choice(GUEST_NAMES)
        email = f"{name.lower().replace(' ', '.')}@example.org" if roll < 0.8 else ""
        return {"contact_name": name, "contact_email": email}

    def _event_date(self, kind, moment):
        if kind != Kind.COMPLAINT:
            return None
        return timezone.localtime(moment, self.clock.tz).date() - dt.timedelta(days=self.rng.randint(0, 6))

    # Actors

    def _admin(self, report):
        return self.admins[report.jurisdiction_id]

    def _agency_staff(self, report, by="subadmin"):
        return self.staff[report.agency_id, Role.HEAD if by == "head" else Role.SUBADMIN]

    def _reporter(self, sc, report):
        if sc.reporter == "guest":
            access = permissions.guest_access(report, self.result.secrets[sc.key])
            if access is None:
                raise RuntimeError(f"the guest secret of demo report {sc.key} does not open it")
            return access
        return self.users[sc.reporter]

    # One method per step name; each returns the report as the action left it.

    def _verify(self, sc, report, topic, words, category=None, title="", **privacy):
        return actions.verify(
            actor=self._admin(report), report=report, title=title or topic["admin_title"].format_map(words),
            category=self.categories[category or topic["category"]], tags=topic.get("tags", ()), **privacy,
        )

    def _request_info(self, sc, report, topic, words):
        return actions.request_info(actor=self._admin(report), report=report, reason=topic["request_info"])

    def _complete(self, sc, report, topic, words):
        return actions.complete(actor=self._reporter(sc, report), report=report, text=topic["completion"])

    def _dispatch(self, sc, report, topic, words, agency=None, note=""):
        if agency:
            target = Agency.objects.get(Q(name=agency) | Q(short_name=agency), jurisdiction=report.jurisdiction)
        else:
            target = CategoryRoute.objects.get(category=report.category, jurisdiction=report.jurisdiction).agency
        return actions.dispatch(actor=self._admin(report), report=report, agency=target, note=note)

    def _transfer(self, sc, report, topic, words, to, reason=""):
        return actions.transfer(actor=self._admin(report), report=report, to_jurisdiction=self.jurisdictions[to],
                                reason=reason or topic["transfer"])

    def _defer(self, sc, report, topic, words, reason):
        return actions.defer(actor=self._admin(report), report=report, reason=reason)

    def _archive(self, sc, report, topic, words, reason, note="", by="admin"):
        actor = permissions.SYSTEM if by == "system" else self._admin(report)
        return actions.archive(actor=actor, report=report, reason=reason, note=note)

    def _merge(self, sc, report, topic, words, into):
        return actions.merge(actor=self._admin(report), report=report, into=self.result.reports[into])

    def _accept(self, sc, report, topic, words):
        return actions.accept(actor=self._agency_staff(report), report=report)

    def _hand_back(self, sc, report, topic, words, reason):
        return actions.hand_back(actor=self._agency_staff(report), report=report, reason=reason)

    def _respond(self, sc, report, topic, words, by="subadmin", variant=None):
        body = _pick(topic["responses"], sc.variant if variant is None else variant).format_map(words)
        return actions.respond(actor=self._agency_staff(report, by), report=report, body=body)

    def _approve_response(self, sc, report, topic, words):
        return actions.approve_response(actor=self._agency_staff(report, "head"), report=report)

    def _reject_response(self, sc, report, topic, words):
        return actions.reject_response(actor=self._agency_staff(report, "head"), report=report,
                                       reason=topic["reject"])

    def _reopen(self, sc, report, topic, words):
        return actions.reopen(actor=self._reporter(sc, report), report=report, text=topic["reopen"])

    def _rate(self, sc, report, topic, words, rating, comment=""):
        return actions.rate(actor=self._reporter(sc, report), report=report, rating=rating, comment=comment)

    def _finish(self, sc, report, topic, words):
        return actions.finish(actor=permissions.SYSTEM, report=report)


def _spot(place, key):
    """A point near the place's centre, the same for a scenario on every run (its own random stream,
    so the rest of the demo does not change); (None, None) for a place without a centre."""
    centre = PLACE_CENTRES.get(place)
    if centre is None:
        return None, None
    rng = random.Random(key)
    spread = CITY_SPREAD if place in ("73.71", "73.72", "73.73") else REGENCY_SPREAD
    return tuple(Decimal(str(round(c + rng.uniform(-spread, spread), 6))) for c in centre)


def _pick(options, variant):
    return options[variant % len(options)]


# --- Summary -----------------------------------------------------------------------------------

def summary_lines(result, site_url):
    site_url = site_url.rstrip("/")
    lines = [f"Open {site_url}/ (manage.py runserver) and log in at {site_url}/akun/masuk/.",
             f"Password of every demo account: {PASSWORD}", ""]
    width = max(len(username) for username, _role, _scope in result.users)
    role_width = max(len(str(role)) for _username, role, _scope in result.users)
    lines.append(f"  {'username':<{width}}  {'role':<{role_width}}  scope")
    for username, role, scope in result.users:
        lines.append(f"  {username:<{width}}  {str(role):<{role_width}}  {scope}")
    if result.kept_admin:
        lines.append("  (the existing 'admin' account was kept; its password is unchanged)")
    if result.enrolment_codes:
        lines += ["", "Staff then set up an authenticator app (TOTP). The first sign-in asks for the account's",
                  f"enrolment code (single use, valid {settings.TWO_FACTOR_ENROLMENT_HOURS} h; a new one: "
                  "manage.py issue_enrolment_code <username>):"]
        lines += [f"  {username:<{width}}  {code}" for username, code in result.enrolment_codes]
    counts = result.state_counts()
    lines += ["", f"{len(result.reports)} reports: " + ", ".join(
        f"{counts[state]} {state}" for state in State.values if state in counts
    )]
    masked = result.reports[MASKING_SAMPLE]
    guest = result.reports[GUEST_SAMPLE]
    link = reverse("complaints:track", args=[guest.tracking_id]) + f"?k={result.secrets[GUEST_SAMPLE]}"
    lines += [
        f"  {masked.tracking_id}  public report whose phone number and e-mail are masked: "
        f"{site_url}{reverse('complaints:public_detail', args=[masked.tracking_id])}",
        f"  {guest.tracking_id}  guest report awaiting the reporter's rating; the guest's private link:",
        f"      {site_url}{link}",
    ]
    if result.backdated:
        lines.append(f"Dates spread over the last {DAYS_BACK} days (time-machine).")
    else:
        lines.append("Note: every timestamp is 'now' (time-machine is not installed, or --now was given); "
                     "states and histories are complete, only compressed in time.")
    lines.append(f"Done in {result.seconds:.1f} s.")
    return lines


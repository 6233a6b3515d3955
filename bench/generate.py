#!/usr/bin/env python
"""Fill a dedicated PostgreSQL database with N realistic reports, fast (COPY). A measurement tool.

    .venv/bin/python bench/generate.py --reports 100000 --database baruga_bench_100k

What it makes (see bench/README.md):
- the database itself (dropped and created again), migrated, with the reference data of South
  Sulawesi (`manage.py load_reference_data`: the province, its 24 regencies/cities, their OPDs,
  districts, categories and routes);
- through the ORM: staff of every jurisdiction and OPD (admins, a lead admin, leaders, sub-admins,
  heads), each with a confirmed TOTP device, and citizens with accounts;
- through COPY (psycopg 3 `cursor.copy`, FREEZE, secondary indexes rebuilt afterwards): N reports
  over five years (more in recent years), spread over the regencies/cities by population, ~80%
  regency/city matters, roads the largest category, Indonesian texts from varied templates; their
  reporter contacts (encrypted like the product does, blind indexes included), histories
  (ReportEvent), OPD responses, ratings, attachment metadata and deadline clocks. Each report is
  simulated through the lifecycle (verify, request for information, dispatch, accept, respond,
  rating or automatic finish, archive, transfer of national matters, deferral; a few OPDs let
  reports lie) so states, timestamps, clocks and events agree with each other; clocks that are
  past due are left for the sweep (`overdue_at` empty), as after an import.
Then VACUUM ANALYZE, and `manage.py rebuild_stats` when the stats app provides it.
"""

import argparse
import datetime as dt
import hashlib
import math
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
YEARS = 5
UTC = dt.timezone.utc
WITA = dt.timezone(dt.timedelta(hours=8))
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"

# Population weights (thousands, 2020 census, rounded) of the regencies/cities by Kemendagri code.
POPULATION = {
    "73.01": 137, "73.02": 437, "73.03": 196, "73.04": 401, "73.05": 300, "73.06": 765, "73.07": 259,
    "73.08": 801, "73.09": 391, "73.10": 345, "73.11": 184, "73.12": 235, "73.13": 379, "73.14": 319,
    "73.15": 403, "73.16": 225, "73.17": 365, "73.18": 280, "73.22": 322, "73.24": 296, "73.26": 261,
    "73.71": 1423, "73.72": 151, "73.73": 184,
}
# Share of reports per leaf category (roads first); authority comes from the directory.
CATEGORY_WEIGHTS = {
    "jalan-kabupaten-kota": 15, "drainase-banjir": 5, "penerangan-jalan": 4, "jalan-provinsi": 3.5,
    "jalan-nasional": 1.5, "sampah-kebersihan": 7, "air-bersih": 5, "ktp-el": 5, "kartu-keluarga": 3,
    "akta-catatan-sipil": 2, "puskesmas": 4, "rsud-kabupaten-kota": 3, "pendidikan-sd-smp-paud": 6,
    "bantuan-sosial": 5, "gangguan-ketertiban-umum": 3, "pelanggaran-perda": 2, "pencemaran-lingkungan": 2.5,
    "pmks": 1.5, "terminal-tipe-c": 1, "irigasi-kabupaten-kota": 2, "pendidikan-sma-smk-slb": 3.5,
    "irigasi-provinsi": 1, "layanan-informasi-publik": 1, "situs-aplikasi-pemprov": 0.5, "rsud-provinsi": 1.5,
    "perizinan-ptsp-provinsi": 1, "terminal-tipe-b": 0.5, "bpjs-kesehatan": 1.5, "perguruan-tinggi": 0.5,
    "terminal-tipe-a": 0.3, "lainnya": 3,
}
STREETS = ["Jl. Perintis Kemerdekaan", "Jl. Urip Sumoharjo", "Jl. A.P. Pettarani", "Jl. Sultan Alauddin",
           "Jl. Veteran Selatan", "Jl. Poros Maros–Pangkep", "Jl. Poros Malino", "Jl. Jenderal Sudirman",
           "Jl. Ahmad Yani", "Jl. Andi Djemma", "Jl. Sungai Saddang", "Jl. Tamalate", "Jl. Hertasning",
           "Jl. Abdullah Daeng Sirua", "Jl. Poros Bulukumba–Sinjai", "Jl. Lanto Daeng Pasewang",
           "Jl. Kakatua", "Jl. Cendrawasih", "Jl. Landak Baru", "Jl. Pelita Raya", "Jl. Poros Palopo–Masamba",
           "Jl. Bau Massepe", "Jl. Habibie", "Jl. Pendidikan", "Jl. Samratulangi", "Jl. Pongtiku"]
NAMES = ["Muhammad Fadli", "Nur Aisyah", "Rahmat Hidayat", "Sri Wahyuni", "Haeruddin", "Andi Tenri Ola",
         "Rudi Daeng Sikki", "Hasnah", "Syahrul Ramadhan", "Wahyuni Said", "Jumriah", "Ahmad Fauzi",
         "Irfan Mappaseng", "Nurhayati", "Baso Amir", "Sitti Nurhaliza", "Arman Daeng Rapi", "Rosmiati",
         "Kamaruddin", "Darmawati", "Syamsuddin", "Fitri Handayani", "Andi Baso", "Ridwan", "Suriani"]

# Generic phrases per category, combined into titles and bodies (the demo's topics add more).
SUBJECTS = {
    "jalan-kabupaten-kota": ["jalan berlubang", "aspal rusak", "jalan rusak parah", "jembatan kecil retak"],
    "jalan-provinsi": ["jalan provinsi rusak", "longsoran di badan jalan provinsi", "aspal jalan poros amblas"],
    "jalan-nasional": ["jalan nasional berlubang", "marka jalan nasional hilang"],
    "drainase-banjir": ["selokan tersumbat", "genangan banjir", "saluran drainase meluap"],
    "penerangan-jalan": ["lampu jalan padam", "tiang PJU miring", "lampu penerangan jalan mati"],
    "sampah-kebersihan": ["sampah menumpuk", "truk sampah tidak datang", "tempat sampah liar"],
    "pencemaran-lingkungan": ["limbah pabrik mencemari sungai", "asap pembakaran sampah", "bau limbah"],
    "air-bersih": ["air PDAM tidak mengalir", "air keruh", "pipa air bocor"],
    "irigasi-kabupaten-kota": ["saluran irigasi rusak", "pintu air macet"],
    "irigasi-provinsi": ["bendung irigasi bocor", "saluran irigasi primer jebol"],
    "ktp-el": ["KTP-el belum jadi", "blangko KTP-el habis", "antrean perekaman KTP-el"],
    "kartu-keluarga": ["Kartu Keluarga belum dicetak", "perubahan data KK lambat"],
    "akta-catatan-sipil": ["akta kelahiran belum terbit", "akta kematian lama diproses"],
    "puskesmas": ["pelayanan puskesmas lambat", "obat puskesmas kosong", "petugas puskesmas tidak ada"],
    "rsud-kabupaten-kota": ["antrean RSUD panjang", "pasien ditolak RSUD", "biaya RSUD tidak jelas"],
    "rsud-provinsi": ["pelayanan RSUD provinsi", "kamar rawat inap penuh"],
    "bpjs-kesehatan": ["kartu BPJS tidak aktif", "klaim BPJS ditolak"],
    "pendidikan-sd-smp-paud": ["pungutan di sekolah", "ruang kelas rusak", "guru jarang masuk"],
    "pendidikan-sma-smk-slb": ["pungutan SMA", "seragam SMK wajib dibeli di sekolah", "zonasi PPDB SMA"],
    "perguruan-tinggi": ["uang kuliah naik", "layanan kampus negeri"],
    "bantuan-sosial": ["bantuan sosial tidak tepat sasaran", "BLT belum diterima", "data penerima bansos"],
    "pmks": ["anak jalanan di lampu merah", "gelandangan di taman kota"],
    "gangguan-ketertiban-umum": ["balap liar malam hari", "parkir liar", "pedagang di trotoar"],
    "pelanggaran-perda": ["bangunan tanpa izin", "reklame liar", "tempat hiburan melanggar jam"],
    "terminal-tipe-c": ["terminal angkot kumuh", "pungli di terminal"],
    "terminal-tipe-b": ["terminal antarkota rusak", "calo di terminal"],
    "terminal-tipe-a": ["terminal tipe A semrawut"],
    "layanan-informasi-publik": ["permintaan informasi tidak dijawab", "dokumen anggaran"],
    "situs-aplikasi-pemprov": ["situs Pemprov tidak bisa diakses", "aplikasi layanan error"],
    "perizinan-ptsp-provinsi": ["izin usaha lama diproses", "perizinan PTSP berbelit"],
    "lainnya": ["keluhan pelayanan", "pertanyaan layanan", "usulan warga"],
}
OPENINGS = ["Saya ingin melaporkan {subject} di {street}, Kecamatan {district}, {place}.",
            "Mohon perhatian: {subject} di sekitar {street} ({district}) sudah berlangsung lama.",
            "Kami warga {district}, {place}, mengeluhkan {subject} di dekat {street}.",
            "Sejak {weeks} minggu terakhir terjadi {subject} di {street}, {place}.",
            "Laporan tentang {subject} di wilayah {district}."]
DETAILS = ["Kondisi ini sangat mengganggu aktivitas warga setiap hari.",
           "Sudah pernah disampaikan ke kelurahan tetapi belum ada tindak lanjut.",
           "Anak-anak sekolah dan pedagang pasar paling merasakan dampaknya.",
           "Kalau hujan turun keadaannya semakin parah dan berbahaya.",
           "Beberapa warga lanjut usia kesulitan karena masalah ini.",
           "Kami sudah bergotong royong tetapi masalahnya tidak selesai.",
           "Petugas yang kami temui menyarankan melapor lewat kanal resmi ini.",
           "Foto kondisi di lapangan kami lampirkan sebagai bukti.",
           "Masalah serupa pernah terjadi tahun lalu dan terulang lagi.",
           "Banyak pengendara motor yang hampir celaka di lokasi tersebut."]
REQUESTS = ["Mohon segera ditindaklanjuti oleh dinas terkait.", "Kami berharap ada perbaikan secepatnya.",
            "Terima kasih atas perhatian Bapak/Ibu.", "Mohon kejelasan kapan akan ditangani.",
            "Semoga pemerintah daerah dapat membantu warga."]
RESPONSES = ["Terima kasih atas laporannya. Petugas {agency} telah meninjau lokasi dan melakukan penanganan "
             "sesuai kewenangan. Silakan laporkan kembali bila masalah masih terjadi.",
             "Laporan telah kami tindak lanjuti. {agency} sudah menjadwalkan perbaikan dan menurunkan tim ke "
             "lapangan pada minggu ini.",
             "Terima kasih atas kepedulian Bapak/Ibu. {agency} telah berkoordinasi dengan kecamatan dan "
             "kelurahan setempat; penanganan sudah selesai dilakukan.",
             "Kami sampaikan bahwa permohonan Bapak/Ibu sudah diproses oleh {agency} dan dapat diambil di "
             "kantor layanan dengan membawa bukti laporan ini."]
ARCHIVE_REASONS = ["unclear"] * 5 + ["duplicate"] * 3 + ["not_public_service"] * 2 + ["abuse"]

REPORT_COLS = ("id", "tracking_id", "kind", "title", "body", "search_text", "address", "latitude", "longitude",
               "event_date", "is_anonymous", "is_confidential", "channel", "guest_secret_hash", "submission_token",
               "state", "state_changed_at", "due_at", "archive_reason", "rating", "rating_comment", "created_at",
               "updated_at", "verified_at", "dispatched_at", "responded_at", "finished_at", "agency_id",
               "category_id", "district_id", "duplicate_of_id", "jurisdiction_id", "location_id", "reporter_id",
               "ceiling_at", "sealed_reporter", "sealed_reporter_index")
CONTACT_COLS = ("id", "report_id", "name", "email", "phone", "nik", "address", "email_index", "phone_index",
                "nik_index")
EVENT_COLS = ("id", "report_id", "action", "from_state", "to_state", "reason", "created_at", "actor_id",
              "agency_id", "jurisdiction_id")
RESPONSE_COLS = ("id", "report_id", "agency_id", "author_id", "body", "status", "reviewed_by_id", "review_reason",
                 "created_at", "published_at")
ATTACHMENT_COLS = ("id", "report_id", "response_id", "file", "original_name", "content_type", "size", "sha256",
                   "uploaded_by_id", "created_at")
CLOCK_COLS = ("id", "report_id", "kind", "jurisdiction_id", "agency_id", "started_at", "working_days",
              "extension_days", "due_at", "paused_at", "stopped_at", "outcome", "overdue_at", "reminded_at")
TABLES = {
    "complaints_report": REPORT_COLS, "complaints_reportercontact": CONTACT_COLS,
    "complaints_reportevent": EVENT_COLS, "complaints_response": RESPONSE_COLS,
    "complaints_attachment": ATTACHMENT_COLS, "clocks_clock": CLOCK_COLS,
}
N = r"\N"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, required=True)
    parser.add_argument("--database", required=True, help="database to (re)create, e.g. baruga_bench_100k")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--citizens", type=int, default=0, help="citizen accounts (default reports/25)")
    return parser.parse_args(argv)


def data_key():
    """The bench's own Fernet key (bench/.data/data_key, made once): the server must read what we wrote."""
    path = BENCH / ".data" / "data_key"
    if not path.exists():
        from cryptography.fernet import Fernet

        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(Fernet.generate_key().decode())
        path.chmod(0o600)
    return path.read_text().strip()


def psql(sql, database="postgres"):
    subprocess.run(["psql", f"{PG}/{database}", "-v", "ON_ERROR_STOP=1", "-qAtc", sql], check=True)


def manage(database, *args, env_extra=None):
    env = {**os.environ, "DATABASE_URL": f"{PG}/{database}", "BARUGA_DATA_KEYS": data_key(),
           "DJANGO_SETTINGS_MODULE": "baruga.settings", **(env_extra or {})}
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], check=True, env=env, cwd=ROOT)


# --- time helpers ---------------------------------------------------------------------------------

def ts(moment):
    return moment.strftime("%Y-%m-%d %H:%M:%S+00") if moment is not None else N


_DUE_CACHE = {}


def add_working_days(moment, days):
    """Office close (16:00 WITA) of the `days`-th working day (Mon–Fri) after the moment's local day."""
    day = moment.astimezone(WITA).date()
    key = (day, days)
    due = _DUE_CACHE.get(key)
    if due is None:
        current, left = day, days
        while left:
            current += dt.timedelta(days=1)
            if current.weekday() < 5:
                left -= 1
        due = dt.datetime.combine(current, dt.time(16, 0), WITA).astimezone(UTC)
        _DUE_CACHE[key] = due
    return due


def hours(value):
    return dt.timedelta(hours=value)


# --- the directory and people ---------------------------------------------------------------------

class Directory:
    def __init__(self):
        from baruga.directory.models import Agency, Category, CategoryRoute, District, Jurisdiction

        self.province = Jurisdiction.objects.get(level="province")
        self.places = list(Jurisdiction.objects.filter(level__in=["regency", "city"]).order_by("code"))
        self.place_weights = [POPULATION.get(j.code, 200) for j in self.places]
        self.districts = {}
        for d in District.objects.all():
            self.districts.setdefault(d.jurisdiction_id, []).append(d)
        leaves = [c for c in Category.objects.all() if not c.children.exists()]
        self.categories = [c for c in leaves if c.slug in CATEGORY_WEIGHTS]
        self.category_weights = [CATEGORY_WEIGHTS[c.slug] for c in self.categories]
        self.routes = {(r.category_id, r.jurisdiction_id): r.agency_id for r in CategoryRoute.objects.all()}
        self.agencies = {a.pk: a for a in Agency.objects.all()}
        self.agency_names = {a.pk: a.short_name or a.name for a in self.agencies.values()}
        self.fallback_agency = {}
        for a in self.agencies.values():
            self.fallback_agency.setdefault(a.jurisdiction_id, a.pk)


def create_people(directory, n_citizens, rng):
    """Staff of every jurisdiction and OPD (with a confirmed TOTP device) and citizens, via the ORM."""
    from django.contrib.auth.hashers import make_password
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from baruga.accounts.models import Membership, Role, User

    password = make_password("bench-password-2026")
    users, memberships = [], []

    def person(username, role=None, **scope):
        user = User(username=username, password=password, email=f"{username}@bench.invalid",
                    first_name=rng.choice(NAMES).split()[0], last_name="Bench")
        users.append(user)
        if role:
            memberships.append((user, Membership(role=role, **scope)))

    for j in [directory.province, *directory.places]:
        person(f"admin1.{j.code}", Role.ADMIN, jurisdiction=j, is_lead=True)
        person(f"admin2.{j.code}", Role.ADMIN, jurisdiction=j)
        person(f"leader.{j.code}", Role.LEADER, jurisdiction=j)
    for agency in directory.agencies.values():
        person(f"staff.{agency.pk}", Role.SUBADMIN, agency=agency)
        person(f"head.{agency.pk}", Role.HEAD, agency=agency)
    staff_count = len(users)
    User.objects.bulk_create(users, batch_size=2000)
    for user, membership in memberships:
        membership.user = user
    Membership.objects.bulk_create([m for _u, m in memberships], batch_size=2000)
    TOTPDevice.objects.bulk_create([TOTPDevice(user=u, name="bench", confirmed=True) for u in users], batch_size=2000)
    citizens = [User(username=f"warga{i:07d}", password="!", email=f"warga{i}@bench.invalid",
                     first_name=rng.choice(NAMES), phone=f"0812{i:08d}") for i in range(n_citizens)]
    User.objects.bulk_create(citizens, batch_size=5000)
    by_name = dict(User.objects.filter(username__contains=".").values_list("username", "pk"))
    staff = {
        "admin": {j.pk: by_name[f"admin1.{j.code}"] for j in [directory.province, *directory.places]},
        "admin2": {j.pk: by_name[f"admin2.{j.code}"] for j in [directory.province, *directory.places]},
        "subadmin": {a: by_name[f"staff.{a}"] for a in directory.agencies},
        "head": {a: by_name[f"head.{a}"] for a in directory.agencies},
    }
    citizen_ids = list(User.objects.filter(username__startswith="warga").values_list("pk", flat=True))
    return staff, citizen_ids, staff_count


def contact_pool(rng, size=4000):
    """Encrypted contacts (the product's own field code and blind indexes), reused across reports."""
    from baruga.complaints.models import ReporterContact
    from baruga.lib.crypto import blind_index

    fields = {name: ReporterContact._meta.get_field(name) for name in ("name", "email", "phone")}
    pool = []
    for i in range(size):
        name = rng.choice(NAMES)
        email = f"{name.split()[0].lower()}.{i}@contoh.id" if i % 3 else ""
        phone = f"08{rng.randint(11, 99)}{rng.randint(10000000, 99999999)}" if i % 3 != 1 else ""
        pool.append((fields["name"].get_prep_value(name), fields["email"].get_prep_value(email),
                     fields["phone"].get_prep_value(phone), blind_index("email", email) if email else "",
                     blind_index("phone", phone) if phone else ""))
    return pool


# --- texts ----------------------------------------------------------------------------------------

class Texts:
    def __init__(self, rng):
        from baruga.complaints.demo import TOPICS

        self.rng = rng
        self.demo = {}
        for topic in TOPICS.values():
            if topic.get("category") and topic["titles"][0]:
                self.demo.setdefault(topic["category"], []).append(topic)

    def report(self, slug, place, district):
        rng = self.rng
        fill = {"street": rng.choice(STREETS), "district": district, "place": place,
                "weeks": rng.randint(1, 8), "agency": "dinas terkait"}
        topics = self.demo.get(slug)
        if topics and rng.random() < 0.35:
            topic = rng.choice(topics)
            return rng.choice(topic["titles"]).format(**fill), rng.choice(topic["bodies"]).format(**fill)
        subject = rng.choice(SUBJECTS.get(slug, SUBJECTS["lainnya"]))
        fill["subject"] = subject
        title = f"{subject[0].upper()}{subject[1:]} di {fill['street'] if rng.random() < 0.6 else district}"
        body = " ".join([rng.choice(OPENINGS).format(**fill), *rng.sample(DETAILS, rng.randint(1, 3)),
                         rng.choice(REQUESTS)])
        return title[:150], body


def esc(text):
    return text.replace("\\", "\\\\").replace("\t", " ").replace("\n", " ").replace("\r", " ")


# --- the lifecycle simulation ---------------------------------------------------------------------

class Generator:
    def __init__(self, args, directory, staff, citizen_ids, rng, now):
        self.args, self.d, self.staff, self.citizens, self.rng, self.now = args, directory, staff, citizen_ids, rng, now
        self.texts = Texts(rng)
        self.contacts = contact_pool(rng)
        self.ids = {t: 0 for t in TABLES}
        self.tracking = set()
        self.start = now - dt.timedelta(days=365 * YEARS)
        self.span = (now - self.start).total_seconds()
        self.counts = {}

    def next_id(self, table):
        self.ids[table] += 1
        return self.ids[table]

    def sealed(self, reporter):
        """(sealed_reporter, its blind index) of a report: an anonim report filed from an account names the
        account only there, encrypted, as `Report.set_filer` does."""
        if not reporter:
            return "", ""
        from baruga.complaints.models import SEALED_PREFIX, Report
        from baruga.lib.crypto import blind_index

        value = f"{SEALED_PREFIX}{reporter}"
        return Report._meta.get_field("sealed_reporter").get_prep_value(value), blind_index("exact", value)

    def tracking_id(self):
        rng = self.rng
        while True:
            s = "".join(rng.choices(ALPHABET, k=8))
            value = f"BRG-{s[:4]}-{s[4:]}"
            if value not in self.tracking:
                self.tracking.add(value)
                return value

    def created_at(self):
        # Growth: the density rises linearly over the five years (the last year ~3x the first).
        u = self.rng.random()
        x = (math.sqrt(1 + 8 * u) - 1) / 2  # inverse CDF of a density rising as 1 + 2x on [0, 1]
        return self.start + dt.timedelta(seconds=min(x, 0.999999) * self.span)

    def build(self, rows):
        """Simulate one report; append its rows to the per-table lists in `rows`."""
        rng, d, now = self.rng, self.d, self.now
        rid = self.next_id("complaints_report")
        created = self.created_at()
        place = rng.choices(d.places, d.place_weights)[0]
        category = rng.choices(d.categories, d.category_weights)[0]
        authority = category.authority
        districts = d.districts.get(place.pk)
        district = rng.choice(districts) if districts else None
        title, body = self.texts.report(category.slug, place.name, district.name if district else place.name)
        kind = rng.choices(("complaint", "aspiration", "information"), (85, 10, 5))[0]
        category_id = category.pk if category.slug != "lainnya" or rng.random() < 0.5 else None
        receiver = place if authority == "regency" else d.province
        jid = receiver.pk
        agency_id = d.routes.get((category.pk, jid)) or d.fallback_agency.get(jid)
        admin, admin2 = self.staff["admin"][jid], self.staff["admin2"][jid]
        has_account = rng.random() < 0.35
        reporter = rng.choice(self.citizens) if has_account and self.citizens else None
        anonymous, confidential = rng.random() < 0.1, rng.random() < 0.05
        channel = rng.choices(("web", "api", "staff"), (70, 20, 10))[0]

        events, clocks = [], []
        state = "submitted"
        verified = dispatched = responded = finished = None
        archive_reason, rating, rating_comment = "", None, ""
        response_at = None
        actor_admin = admin if rng.random() < 0.7 else admin2

        def event(action, at, to, actor=None, reason="", agency=None, from_state=None):
            nonlocal state
            events.append((action, state if from_state is None else from_state, to, reason, at, actor,
                           agency, jid))
            state = to

        def clock(kind, started, days, stop=None, paused=None, agency=None):
            due = add_working_days(started, days)
            if stop is not None:
                outcome = "on_time" if stop <= due else "late"
            else:
                outcome = ""
            clocks.append([kind, started, days, due, paused, stop, outcome, agency])
            return due

        event("submit", created, "submitted", actor=reporter)
        # Verification: hours to days; some admins fall behind.
        slow = rng.random() < 0.05
        t_verify = created + hours(rng.expovariate(1 / (200 if slow else 30)))
        v_clock_start = created
        branch = rng.random()
        needs_info = 0.05 < branch < 0.11 and kind != "information"
        if needs_info and t_verify <= now:
            asked = t_verify
            event("request_info", asked, "needs_info", actor=actor_admin,
                  reason="Mohon lengkapi lokasi yang lebih tepat dan foto kondisi di lapangan.")
            completes = rng.random() < 0.6
            t_complete = asked + hours(rng.expovariate(1 / 48))
            c_due = add_working_days(asked, 10)
            if completes and t_complete < c_due and t_complete <= now:
                clock("completion", asked, 10, stop=t_complete)
                event("complete", t_complete, "submitted", actor=reporter,
                      reason="Lokasinya di depan masjid, sebelah kiri dari arah kota; foto terlampir.")
                v_clock_start = t_complete
                t_verify = t_complete + hours(rng.expovariate(1 / 30))
            elif c_due <= now:  # the sweep archived it
                clock("completion", asked, 10, stop=c_due)
                clocks.append(["verification", created, 3, None, asked, c_due, "cancelled", None])
                archive_reason = "no_reply"
                event("archive", c_due, "archived", reason="Diarsipkan otomatis: pelapor tidak melengkapi laporan.")
                finished = None
                return self._emit(rows, locals())
            else:  # still waiting for the reporter
                clock("completion", asked, 10)
                clocks.append(["verification", created, 3, None, asked, None, "", None])
                return self._emit(rows, locals())

        v_due = add_working_days(v_clock_start, 3)
        if t_verify > now:  # not verified yet
            clocks.append(["verification", v_clock_start, 3, v_due, None, None, "", None])
            return self._emit(rows, locals())
        if branch < 0.05:  # archived at verification
            archive_reason = rng.choice(ARCHIVE_REASONS)
            clock("verification", v_clock_start, 3, stop=t_verify)
            event("archive", t_verify, "archived", actor=actor_admin, reason="Laporan tidak dapat ditindaklanjuti.")
            return self._emit(rows, locals())
        if authority == "national":
            clock("verification", v_clock_start, 3, stop=t_verify)
            event("transfer", t_verify, "transferred", actor=actor_admin,
                  reason="Kewenangan pemerintah pusat; diteruskan ke SP4N-LAPOR!.")
            return self._emit(rows, locals())
        verified = t_verify
        event("verify", t_verify, "verified", actor=actor_admin)
        if 0.11 < branch < 0.12:  # deferred
            t_defer = t_verify + hours(rng.expovariate(1 / 10))
            if t_defer <= now:
                clocks.append(["verification", v_clock_start, 3, None, t_defer, None, "", None])
                event("defer", t_defer, "deferred", actor=actor_admin, reason="Menunggu anggaran perubahan.")
                return self._emit(rows, locals())
        t_dispatch = t_verify + hours(rng.expovariate(1 / 12))
        if t_dispatch > now:
            clocks.append(["verification", v_clock_start, 3, v_due, None, None, "", None])
            return self._emit(rows, locals())
        clock("verification", v_clock_start, 3, stop=t_dispatch)
        dispatched = t_dispatch
        event("dispatch", t_dispatch, "dispatched", actor=actor_admin, agency=agency_id,
              reason="Mohon ditindaklanjuti sesuai kewenangan.")
        sub, head = self.staff["subadmin"][agency_id], self.staff["head"][agency_id]
        neglected = rng.random() < 0.03
        f_due = add_working_days(t_dispatch, 5)
        t_accept = t_dispatch + hours(rng.expovariate(1 / (120 if neglected else 20)))
        if t_accept > now:
            clocks.append(["follow_up", t_dispatch, 5, f_due, None, None, "", agency_id])
            return self._emit(rows, locals())
        event("accept", t_accept, "in_progress", actor=sub, agency=agency_id)
        t_respond = t_accept + hours(rng.expovariate(1 / (24 * 200 if neglected else 24 * 4)))
        if t_respond > now:
            clocks.append(["follow_up", t_dispatch, 5, f_due, None, None, "", agency_id])
            return self._emit(rows, locals())
        clock("follow_up", t_dispatch, 5, stop=t_respond, agency=agency_id)
        responded = response_at = t_respond
        event("respond", t_respond, "responded", actor=sub, agency=agency_id)
        r_due = add_working_days(t_respond, 10)
        if rng.random() < 0.35:
            t_rate = t_respond + hours(rng.expovariate(1 / 72))
            if t_rate < r_due and t_rate <= now:
                rating = rng.choices((1, 2, 3, 4, 5), (6, 6, 15, 38, 35))[0]
                rating_comment = "" if rng.random() < 0.6 else rng.choice(
                    ["Terima kasih, sudah ditangani.", "Penanganannya cepat.", "Belum tuntas, tapi ada respons."])
                clock("reporter_reply", t_respond, 10, stop=t_rate, agency=agency_id)
                finished = t_rate
                event("rate", t_rate, "finished", actor=reporter, reason=rating_comment)
                return self._emit(rows, locals())
        if r_due <= now:
            clock("reporter_reply", t_respond, 10, stop=r_due, agency=agency_id)
            finished = r_due
            event("finish", r_due, "finished",
                  reason="Selesai otomatis: pelapor tidak menanggapi tindak lanjut dalam 10 hari kerja.")
        else:
            clocks.append(["reporter_reply", t_respond, 10, r_due, None, None, "", agency_id])
        return self._emit(rows, locals())

    def _emit(self, rows, v):
        from baruga.lib.textsearch import stored_text

        rng = self.rng
        rid, created, state = v["rid"], v["created"], v["state"]
        events, clocks = v["events"], v["clocks"]
        reporter, jid = v["reporter"], v["jid"]
        agency_id = v["agency_id"] if v["dispatched"] is not None else None
        running = [c for c in clocks if c[5] is None and c[4] is None]
        due_at = running[0][3] if running else None
        last = events[-1][4]
        self.counts[state] = self.counts.get(state, 0) + 1
        secret_hash = "" if reporter else hashlib.sha256(f"bench-secret-{rid}".encode()).hexdigest()
        place, district = v["place"], v["district"]
        lat = f"{-5.1 - rng.random():.6f}" if rng.random() < 0.4 else None
        lon = f"{119.4 + rng.random():.6f}" if lat else None
        ceiling = created + dt.timedelta(days=60)
        rows["complaints_report"].append("\t".join((
            str(rid), self.tracking_id(), v["kind"], esc(v["title"]), esc(v["body"]),
            esc(stored_text(v["title"], v["body"])),
            esc(rng.choice(STREETS)) if rng.random() < 0.7 else "", lat or N, lon or N,
            (created - dt.timedelta(days=rng.randint(0, 5))).date().isoformat() if rng.random() < 0.5 else N,
            "t" if v["anonymous"] else "f", "t" if v["confidential"] else "f", v["channel"], secret_hash, N,
            state, ts(last), ts(due_at), v["archive_reason"], str(v["rating"]) if v["rating"] else N,
            esc(v["rating_comment"]), ts(created), ts(last), ts(v["verified"]), ts(v["dispatched"]),
            ts(v["responded"]), ts(v["finished"]), str(agency_id) if agency_id else N,
            str(v["category_id"]) if v["category_id"] else N, str(district.pk) if district else N, N, str(jid),
            str(place.pk), str(reporter) if reporter and not v["anonymous"] else N, ts(ceiling),
            *self.sealed(reporter if v["anonymous"] else None),
        )))
        contact = self.contacts[rid % len(self.contacts)]
        rows["complaints_reportercontact"].append("\t".join((
            str(self.next_id("complaints_reportercontact")), str(rid), contact[0], contact[1], contact[2], "", "",
            contact[3], contact[4], "")))
        for action, from_state, to_state, reason, at, actor, agency, ejid in events:
            rows["complaints_reportevent"].append("\t".join((
                str(self.next_id("complaints_reportevent")), str(rid), action, from_state, to_state, esc(reason),
                ts(at), str(actor) if actor else N, str(agency) if agency else N, str(ejid))))
        response_id = None
        if v["response_at"] is not None:
            response_id = self.next_id("complaints_response")
            text = rng.choice(RESPONSES).format(agency=self.d.agency_names.get(agency_id, "OPD"))
            rows["complaints_response"].append("\t".join((
                str(response_id), str(rid), str(agency_id), str(self.staff["subadmin"][agency_id]), esc(text),
                "published", N, "", ts(v["response_at"]), ts(v["response_at"]))))
        if rng.random() < 0.4:
            for _i in range(rng.choice((1, 1, 2, 3))):
                self._attachment(rows, rid, None, reporter, created)
        if response_id and rng.random() < 0.15:
            self._attachment(rows, rid, response_id, self.staff["subadmin"][agency_id], v["response_at"])
        for kind, started, days, due, paused, stopped, outcome, agency in clocks:
            rows["clocks_clock"].append("\t".join((
                str(self.next_id("clocks_clock")), str(rid), kind, str(jid), str(agency) if agency else N,
                ts(started), str(days), "0", ts(due), ts(paused), ts(stopped), outcome, N, N)))

    def _attachment(self, rows, rid, response_id, uploader, at):
        rng = self.rng
        pdf = rng.random() < 0.15
        ext, ctype = (".pdf", "application/pdf") if pdf else (".jpg", "image/jpeg")
        aid = self.next_id("complaints_attachment")
        rows["complaints_attachment"].append("\t".join((
            str(aid), str(rid), str(response_id) if response_id else N,
            f"attachments/{at:%Y/%m}/{rng.getrandbits(128):032x}{ext}", f"foto-{aid}{ext}", ctype,
            str(rng.randint(40_000, 3_000_000)), f"{rng.getrandbits(256):064x}", str(uploader) if uploader else N,
            ts(at))))


def secondary_indexes(cursor, tables):
    """Index definitions (not backing a constraint) of the tables: dropped for the load, rebuilt after."""
    cursor.execute("""
        SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
        FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
        WHERE t.relname = ANY(%s) AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
    """, (list(tables),))
    return cursor.fetchall()


def load(args, now):
    import django
    from django.db import connection, transaction

    django.setup()
    rng = random.Random(args.seed)
    directory = Directory()
    started = time.perf_counter()
    staff, citizen_ids, staff_count = create_people(directory, args.citizens or max(args.reports // 25, 100), rng)
    print(f"  people: {staff_count} staff with TOTP devices, {len(citizen_ids)} citizens "
          f"({time.perf_counter() - started:.1f}s)", flush=True)
    generator = Generator(args, directory, staff, citizen_ids, rng, now)
    chunk = 10_000
    with transaction.atomic():
        cursor = connection.cursor()
        raw = cursor.cursor  # psycopg 3
        raw.execute("SET LOCAL session_replication_role = replica")  # rows are consistent by construction
        raw.execute("SET LOCAL maintenance_work_mem = '512MB'")
        raw.execute("TRUNCATE " + ", ".join(TABLES) + " CASCADE")
        indexes = secondary_indexes(raw, TABLES)
        for name, _definition in indexes:
            raw.execute(f"DROP INDEX {name}")
        t_copy = time.perf_counter()
        done = 0
        while done < args.reports:
            rows = {t: [] for t in TABLES}
            for _i in range(min(chunk, args.reports - done)):
                generator.build(rows)
            done += min(chunk, args.reports - done)
            for table, lines in rows.items():
                if not lines:
                    continue
                with raw.copy(f"COPY {table} ({', '.join(TABLES[table])}) FROM STDIN WITH (FREEZE)") as copy:
                    copy.write("\n".join(lines) + "\n")
            if done % 100_000 == 0 or done == args.reports:
                print(f"  {done} reports copied ({time.perf_counter() - t_copy:.0f}s)", flush=True)
        t_index = time.perf_counter()
        for _name, definition in indexes:
            raw.execute(definition)
        print(f"  {len(indexes)} indexes rebuilt ({time.perf_counter() - t_index:.0f}s)", flush=True)
        for table in TABLES:
            raw.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT coalesce(max(id), 1) "
                        f"FROM {table}))")
    counts = {t: generator.ids[t] for t in TABLES}
    return counts, generator.counts


def main(argv=None):
    args = parse_args(argv)
    os.environ["DATABASE_URL"] = f"{PG}/{args.database}"
    os.environ["BARUGA_DATA_KEYS"] = data_key()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baruga.settings")
    started = time.perf_counter()
    now = dt.datetime.now(UTC)
    print(f"generate {args.reports} reports into {args.database}", flush=True)
    psql(f"DROP DATABASE IF EXISTS {args.database} WITH (FORCE)")
    psql(f"CREATE DATABASE {args.database}")
    psql(f"ALTER DATABASE {args.database} SET work_mem = '16MB'")
    manage(args.database, "migrate", "-v0")
    manage(args.database, "load_reference_data")
    counts, states = load(args, now)
    t_vacuum = time.perf_counter()
    psql("VACUUM (ANALYZE)", args.database)
    print(f"  vacuum analyze ({time.perf_counter() - t_vacuum:.0f}s)", flush=True)
    if (ROOT / "baruga" / "stats" / "management" / "commands" / "rebuild_stats.py").exists():
        t_stats = time.perf_counter()
        manage(args.database, "rebuild_stats")
        print(f"  rebuild_stats ({time.perf_counter() - t_stats:.0f}s)", flush=True)
        from run import stats_state  # bench/run.py rebuilds the rollups when the stats app changes

        psql(f"CREATE TABLE bench_stats (state text); INSERT INTO bench_stats VALUES "
             f"('{stats_state(args.database)}')", args.database)
    seconds = time.perf_counter() - started
    summary = ", ".join(f"{t.split('_', 1)[1]} {n}" for t, n in counts.items())
    mix = ", ".join(f"{s} {100 * n / args.reports:.1f}%" for s, n in sorted(states.items(), key=lambda i: -i[1]))
    psql("CREATE TABLE bench_meta (reports int, seconds float, generated_at timestamptz, rows text, states text);"
         f"INSERT INTO bench_meta VALUES ({args.reports}, {seconds:.1f}, now(), '{summary}', '{mix}')", args.database)
    print(f"generated {args.reports} reports in {seconds:.0f}s: {summary}\n  states: {mix}", flush=True)
    return seconds


if __name__ == "__main__":
    main()
